// SPDX-License-Identifier: GPL-2.0
/*
 * sf-zstd-dec - a Zstandard decoder written from RFC 8878, for builds
 * without libzstd: frames, blocks and sequences here, the entropy coding in
 * sf-zstd-dec-ent.c.
 *
 * Every frame a conforming encoder writes: single-segment or windowed
 * frames, every Frame_Content_Size width, content checksums (XXH64, checked),
 * skippable frames, raw, RLE and compressed blocks; raw, RLE, Huffman and
 * treeless literals (1 or 4 streams, direct or FSE-coded weights); predefined,
 * RLE, FSE-coded and repeated sequence tables and the repeat offsets.
 *
 * Hostile input is the normal case: every field is checked against the bytes
 * it comes from and the room it goes to, bit reads past a stream's start
 * read zeros (and are then an error), no offset reaches before the frame's
 * first byte. No allocation: the tables (about 14 KB) live on the stack. The
 * literals of a compressed block are decoded into the unused end of @dst
 * (they are all written out before the block ends, so a block whose literals
 * do not fit there cannot fit either); sequences never overwrite literals
 * not yet copied.
 *
 * Where libzstd 1.5.4's verdicts differ (tests/fuzz/fuzz-zstd.c lists them):
 * no legacy (zstd 0.x) frames, windows up to SF_ZSTD_WINDOW_MAX (libzstd's
 * one-shot decoder: 3.75 GiB), and corrupt data that some of libzstd's paths
 * take is refused: Huffman and sequence bit streams that do not end with
 * their last symbol, FSE table descriptions past their block's end, blocks
 * over their Block_Maximum_Size.
 */
#include <stdint.h>
#include <string.h>

#include "sf-zstd.h"
#include "sf-zstd-dec-int.h"
#include "sf-zstd-int.h"

/* --- sequences (RFC 8878 3.1.1.3.2) ------------------------------------------- */

/* zs_seq_table - one of the three tables by its mode; its length in src, or -1 */
static long zs_seq_table(struct zs_dec *d, struct zs_fse *t, unsigned mode, const uint8_t *src,
			 size_t len, const char *name, unsigned maxsym, unsigned maxal,
			 const int16_t *pre, unsigned npre, unsigned preal)
{
	int16_t norm[64];
	unsigned nsym, al;
	size_t used;

	switch (mode) {
	case 0:
		sf_zstd_fse_build(t->cell, pre, npre, preal);
		t->al = preal;
		break;
	case 1:
		if (!len)
			return sf_zstd_fail(d, "truncated %s RLE symbol", name);
		if (src[0] > maxsym)
			return sf_zstd_fail(d, "%s RLE symbol %u over %u", name, src[0], maxsym);
		t->cell[0].sym = src[0];
		t->cell[0].bits = 0;
		t->cell[0].base = 0;
		t->al = 0;
		t->ok = 1;
		return 1;
	case 2:
		used = sf_zstd_fse_header(src, len, maxsym, maxal, norm, &nsym, &al);
		if (used == SIZE_MAX)
			return sf_zstd_fail(d, "%s FSE table: past the block's end", name);
		if (!used || sf_zstd_fse_build(t->cell, norm, nsym, al))
			return sf_zstd_fail(d, "invalid %s FSE table", name);
		t->al = al;
		t->ok = 1;
		return (long)used;
	default:
		if (!t->ok)
			return sf_zstd_fail(d, "%s table repeated without a previous one", name);
		return 0;
	}
	t->ok = 1;
	return 0;
}

/* the offset of a sequence from its offset value, updating the repeat offsets */
static uint64_t zs_offset(uint64_t *rep, uint64_t ofv, uint32_t ll)
{
	uint64_t off;
	unsigned idx;

	if (ofv > 3) {
		off = ofv - 3;
	} else {
		idx = (unsigned)ofv - 1 + !ll;
		if (!idx)
			return rep[0];
		off = idx == 3 ? rep[0] - 1 : rep[idx];
		if (idx == 1) {
			rep[1] = rep[0];
			rep[0] = off;
			return off;
		}
	}
	rep[2] = rep[1];
	rep[1] = rep[0];
	rep[0] = off;
	return off;
}

/*
 * zs_copy_match - @ml bytes from @off bytes back. A match longer than its
 * offset repeats: copied in pieces that do not overlap, each from as far
 * back as the bytes already repeated allow (a multiple of @off).
 */
static void zs_copy_match(uint8_t *o, size_t off, size_t ml)
{
	size_t i = 0, dist = off;

	if (off >= ml) {
		memcpy(o, o - off, ml);
		return;
	}
	while (i < ml) {
		size_t c = ml - i < dist ? ml - i : dist;

		memcpy(o + i, o + i - dist, c);
		i += c;
		dist = i + off;
	}
}

/* zs_execute - literals then the match of one sequence (or the last literals) */
static int zs_execute(struct zs_dec *d, struct zs_lits *lit, size_t bstart, uint64_t ll,
		      uint64_t ml, uint64_t off)
{
	size_t room = d->cap - d->pos;

	if (ll > lit->n)
		return sf_zstd_fail(d, "literal length %llu beyond the %zu literals left",
				    (unsigned long long)ll, lit->n);
	if (ll + ml > room)
		return sf_zstd_fail(d, "output over %zu bytes", d->cap);
	if (d->pos + ll + ml - bstart > d->bmax)
		return sf_zstd_fail(d, "output over the block maximum (%zu bytes)", d->bmax);
	/* literals in dst stay ahead of the output until copied */
	if (lit->dst_off != SIZE_MAX && d->pos + ll + ml > lit->dst_off + ll)
		return sf_zstd_fail(d, "output over %zu bytes", d->cap);
	if (ll) {
		/* short literals: 16 bytes at once where both ends have room */
		if (ll <= 16 && lit->n >= 16 &&
		    d->pos + 16 <= (lit->dst_off != SIZE_MAX ? lit->dst_off : d->cap))
			memcpy(d->dst + d->pos, lit->p, 16);
		else
			memmove(d->dst + d->pos, lit->p, ll);
		d->pos += ll;
		lit->p += ll;
		lit->n -= ll;
		if (lit->dst_off != SIZE_MAX)
			lit->dst_off += ll;
	}
	if (!ml)
		return 0;
	if (off > d->pos - d->fstart)
		return sf_zstd_fail(d, "match offset %llu beyond the %zu bytes decoded",
				    (unsigned long long)off, d->pos - d->fstart);
	if (off >= 16 && ml <= 16 &&
	    d->pos + 16 <= (lit->dst_off != SIZE_MAX ? lit->dst_off : d->cap))
		memcpy(d->dst + d->pos, d->dst + d->pos - off, 16);
	else
		zs_copy_match(d->dst + d->pos, off, ml);
	d->pos += ml;
	return 0;
}

static int zs_sequences(struct zs_dec *d, const uint8_t *src, size_t len, struct zs_lits *lit,
			size_t bstart)
{
	uint32_t sll, sof, sml, nseq, i;
	struct zs_bits b;
	size_t at;
	long tl;

	if (!len)
		return sf_zstd_fail(d, "truncated sequences header");
	if (src[0] < 128) {
		nseq = src[0];
		at = 1;
	} else if (src[0] < 255) {
		if (len < 2)
			return sf_zstd_fail(d, "truncated sequences header");
		nseq = ((src[0] - 128u) << 8) + src[1];
		at = 2;
	} else {
		if (len < 3)
			return sf_zstd_fail(d, "truncated sequences header");
		nseq = (uint32_t)zs_le(src + 1, 2) + 0x7F00;
		at = 3;
	}
	/*
	 * No sequences: the section ends there, but for a 0 in two or three
	 * bytes, which libzstd takes as the start of a section with tables
	 * (kept for the next blocks) and nothing else read
	 */
	if (!nseq && at == 1) {
		if (at != len)
			return sf_zstd_fail(d, "%zu bytes after an empty sequences section",
					    len - at);
		return zs_execute(d, lit, bstart, lit->n, 0, 0);
	}
	if (at >= len)
		return sf_zstd_fail(d, "truncated sequences header");
	/* bits 1-0 of the modes are reserved: ignored, as libzstd does */
	{
		unsigned modes = src[at++];

		tl = zs_seq_table(d, &d->ll, modes >> 6, src + at, len - at, "literal length",
				  ZS_LL_MAX, 9, sf_zstd_ll_norm, SF_ZSTD_LL_CODES, 6);
		if (tl < 0)
			return -1;
		at += (size_t)tl;
		tl = zs_seq_table(d, &d->of, modes >> 4 & 3, src + at, len - at, "offset",
				  ZS_OF_MAX, 8, sf_zstd_of_norm, SF_ZSTD_OF_PREDEF, 5);
		if (tl < 0)
			return -1;
		at += (size_t)tl;
		tl = zs_seq_table(d, &d->ml, modes >> 2 & 3, src + at, len - at, "match length",
				  ZS_ML_MAX, 9, sf_zstd_ml_norm, SF_ZSTD_ML_CODES, 6);
		if (tl < 0)
			return -1;
		at += (size_t)tl;
	}
	if (!nseq)
		return zs_execute(d, lit, bstart, lit->n, 0, 0);
	if (zs_bits_init(&b, src + at, len - at))
		return sf_zstd_fail(d, "invalid sequences bit stream");
	sll = (uint32_t)zs_read(&b, d->ll.al);
	sof = (uint32_t)zs_read(&b, d->of.al);
	sml = (uint32_t)zs_read(&b, d->ml.al);
	for (i = 0; i < nseq; i++) {
		const struct zs_cell *cl = &d->ll.cell[sll], *co = &d->of.cell[sof],
				     *cm = &d->ml.cell[sml];
		uint64_t ofv, ml, ll, off;

		ofv = (1ULL << co->sym) + zs_read(&b, co->sym);
		ml = sf_zstd_ml_base[cm->sym] + zs_read(&b, sf_zstd_ml_bits[cm->sym]);
		ll = sf_zstd_ll_base[cl->sym] + zs_read(&b, sf_zstd_ll_bits[cl->sym]);
		off = zs_offset(d->rep, ofv, (uint32_t)ll);
		if (!off)
			return sf_zstd_fail(d, "sequence %u: offset 0", i + 1);
		if (i + 1 < nseq) {
			sll = cl->base + (uint32_t)zs_read(&b, cl->bits);
			sml = cm->base + (uint32_t)zs_read(&b, cm->bits);
			sof = co->base + (uint32_t)zs_read(&b, co->bits);
		}
		if (b.pos < 0)
			return sf_zstd_fail(d, "sequences bit stream: ends before sequence %u",
					    i + 1);
		if (zs_execute(d, lit, bstart, ll, ml, off))
			return -1;
	}
	if (b.pos)
		return sf_zstd_fail(d,
				    "sequences bit stream: %lld bits left after the last sequence",
				    (long long)b.pos);
	return zs_execute(d, lit, bstart, lit->n, 0, 0);
}

/* --- frames (RFC 8878 3.1) ---------------------------------------------------- */

static int zs_block(struct zs_dec *d, const uint8_t *src, size_t len)
{
	struct zs_lits lit;
	long l;

	l = sf_zstd_literals(d, src, len, &lit);
	if (l < 0)
		return -1;
	return zs_sequences(d, src + l, len - (size_t)l, &lit, d->pos);
}

/* zs_frame - one Zstandard frame at @src; its length, or -1 */
static long zs_frame(struct zs_dec *d, const uint8_t *src, size_t len)
{
	static const unsigned did_len[4] = { 0, 1, 2, 4 };
	unsigned fhd, single, fcs_len, last = 0;
	uint64_t window = 0, fcs = 0, did;
	size_t at, hl;

	if (len < 5)
		return sf_zstd_fail(d, "truncated frame header");
	fhd = src[4];
	single = fhd >> 5 & 1;
	fcs_len = fhd >> 6 ? 1u << (fhd >> 6) : single;
	if (fhd & 8)
		return sf_zstd_fail(d, "reserved bit set in the frame header");
	hl = 5 + !single + did_len[fhd & 3] + fcs_len;
	if (hl > len)
		return sf_zstd_fail(d, "truncated frame header");
	at = 5;
	if (!single) {
		unsigned wlog = 10 + (src[5] >> 3);

		window = (1ULL << wlog) + ((1ULL << wlog) >> 3) * (src[5] & 7);
		at++;
	}
	did = zs_le(src + at, did_len[fhd & 3]);
	at += did_len[fhd & 3];
	if (did)
		return sf_zstd_fail(d, "needs dictionary %llu; dictionaries are not supported",
				    (unsigned long long)did);
	fcs = zs_le(src + at, fcs_len) + (fcs_len == 2 ? 256 : 0);
	if (single)
		window = fcs;
	if (window > SF_ZSTD_WINDOW_MAX)
		return sf_zstd_fail(d, "window of %llu bytes, over %llu",
				    (unsigned long long)window,
				    (unsigned long long)SF_ZSTD_WINDOW_MAX);
	if (fcs_len && fcs > d->cap - d->pos)
		return sf_zstd_fail(d, "content of %llu bytes, over the %zu bytes of room",
				    (unsigned long long)fcs, d->cap - d->pos);
	/* Block_Maximum_Size: content, literals and output of each block */
	d->bmax = window < ZS_BLOCK_MAX ? (size_t)window : ZS_BLOCK_MAX;
	d->fstart = d->pos;
	d->rep[0] = 1;
	d->rep[1] = 4;
	d->rep[2] = 8;
	d->huf_ok = d->ll.ok = d->of.ok = d->ml.ok = 0;
	while (!last) {
		uint32_t bh, size, type;

		d->block++;
		if (len - hl < 3)
			return sf_zstd_fail(d, "truncated block header");
		bh = (uint32_t)zs_le(src + hl, 3);
		hl += 3;
		last = bh & 1;
		type = bh >> 1 & 3;
		size = bh >> 3;
		if (type == 3)
			return sf_zstd_fail(d, "reserved block type");
		if (size > d->bmax)
			return sf_zstd_fail(d,
					    "block of %u bytes, over the block maximum (%zu bytes)",
					    size, d->bmax);
		if ((type == 1 ? 1 : size) > len - hl)
			return sf_zstd_fail(d, "truncated (%zu of %u bytes)", len - hl,
					    type == 1 ? 1 : size);
		if (type < 2 && size > d->cap - d->pos)
			return sf_zstd_fail(d, "output over %zu bytes", d->cap);
		if (type == 0 && size)
			memcpy(d->dst + d->pos, src + hl, size);
		else if (type == 1 && size)
			memset(d->dst + d->pos, src[hl], size);
		else if (type == 2 && zs_block(d, src + hl, size))
			return -1;
		if (type < 2)
			d->pos += size;
		hl += type == 1 ? 1 : size;
	}
	d->block = 0;
	if (fcs_len && d->pos - d->fstart != fcs)
		return sf_zstd_fail(d, "%zu bytes decoded, the header says %llu",
				    d->pos - d->fstart, (unsigned long long)fcs);
	if (fhd & 4) {
		if (len - hl < 4)
			return sf_zstd_fail(d, "truncated checksum");
		if ((uint32_t)sf_zstd_xxh64(d->pos ? d->dst + d->fstart : src,
					    d->pos - d->fstart) != (uint32_t)zs_le(src + hl, 4))
			return sf_zstd_fail(d, "checksum mismatch");
		hl += 4;
	}
	return (long)hl;
}

int sf_zstd_decompress(void *dst, size_t dstcap, const void *src, size_t srclen, size_t *outlen,
		       char *why, size_t whysz)
{
	const uint8_t *p = src;
	struct zs_dec d;
	size_t at = 0;

	d.dst = dst;
	d.cap = dst ? dstcap : 0;
	d.pos = 0;
	d.why = why;
	d.whysz = whysz;
	d.frame = 0;
	d.block = 0;
	if (why && whysz)
		why[0] = '\0';
	while (at < srclen) {
		uint32_t magic;
		long l;

		d.frame++;
		if (srclen - at < 4)
			return sf_zstd_fail(&d, "truncated magic number");
		magic = (uint32_t)zs_le(p + at, 4);
		if ((magic & 0xFFFFFFF0u) == ZS_SKIP_MAGIC) {
			uint32_t size;

			if (srclen - at < 8)
				return sf_zstd_fail(&d, "truncated skippable frame header");
			size = (uint32_t)zs_le(p + at + 4, 4);
			if (size > srclen - at - 8)
				return sf_zstd_fail(&d,
						    "truncated skippable frame (%zu of %u bytes)",
						    srclen - at - 8, size);
			at += 8 + (size_t)size;
			continue;
		}
		if (magic != ZS_MAGIC)
			return sf_zstd_fail(&d, "not a Zstandard frame (magic 0x%08x)", magic);
		l = zs_frame(&d, p + at, srclen - at);
		if (l < 0)
			return -1;
		at += (size_t)l;
	}
	*outlen = d.pos;
	return 0;
}
