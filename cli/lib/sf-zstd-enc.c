// SPDX-License-Identifier: GPL-2.0
/*
 * sf-zstd-enc - a small Zstandard (RFC 8878) encoder: one frame per call.
 *
 * The frame is Single_Segment with its Frame_Content_Size (the window is the
 * content), or, past ZS_WINDOW (libzstd refuses bigger windows by default),
 * has a Window_Descriptor of ZS_WINDOW and offsets below it. No checksum, no
 * dictionary. The content is cut into blocks of at most 128 KiB, each
 * written as the smallest of:
 *   RLE         a block of one byte value
 *   compressed  LZ77 matches from a hash table of 5-byte prefixes (greedy,
 *               the last offset preferred, reaching back into the earlier
 *               blocks), as sequences: offsets as repeats where the
 *               decoder's repeated offsets have them, else offset + 3;
 *               each field coded with the Predefined distribution, RLE or
 *               its own FSE table, whichever is smallest; literals raw,
 *               RLE or Huffman-coded (sf-zstd-ent.c)
 *   raw         the bytes as they are
 * Every multi-byte field is written byte by byte, little-endian: the output
 * is the same on every host, and no access is unaligned.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sf-zstd-ent.h"
#include "sf-zstd.h"
#include "sf-zstd-int.h"

#define ZS_MAGIC 0xFD2FB528U
#define ZS_BLOCK (128 * 1024)
#define ZS_WINDOW_LOG 27
#define ZS_WINDOW (1ULL << ZS_WINDOW_LOG)
#define ZS_HEADER_MAX 14 /* magic, descriptor, window, 8-byte content size */
#define ZS_HASH_LOG 14 /* at most: 2^14 positions */
#define ZS_MIN_MATCH 4
#ifndef ZS_HASH_BYTES
#define ZS_HASH_BYTES 5 /* hashed: shorter matches rarely pay */
#endif

struct zs_seq {
	uint32_t ll, ml, ov; /* ov: the Offset_Value */
	uint8_t llc, mlc, ofc;
};

/* the scratch of one call, the arrays sized for the input after it */
struct zs {
	struct zs_fse ll, ml, of;
	uint8_t llcode[64], mlcode[128];
	uint32_t rep[3]; /* the repeated offsets, as the decoder keeps them */
	size_t maxoff; /* offsets must stay below */
	unsigned int hlog;
	size_t *hash; /* 2^hlog positions */
	struct zs_seq *seq; /* a block's: a sequence per ZS_MIN_MATCH bytes at most */
	uint8_t *lit;
};

static unsigned int code_of(const uint32_t *base, const uint8_t *bits, unsigned int ncode,
			    uint32_t v)
{
	unsigned int c = 0;

	while (c + 1 < ncode && v >= base[c] + (1U << bits[c]))
		c++;
	return c;
}

/*
 * zs_new - the scratch for @len bytes: the struct, then the hash table (as
 * aligned as the struct, whose size is a multiple of its alignment), the
 * sequences and the literals of a block; NULL without memory
 */
static struct zs *zs_new(size_t len)
{
	size_t blk = len < ZS_BLOCK ? len : ZS_BLOCK, nseq = blk / ZS_MIN_MATCH + 1;
	unsigned int hlog = 8;
	struct zs *z;
	uint32_t v;

	while (hlog < ZS_HASH_LOG && (1ULL << hlog) < len)
		hlog++;
	z = malloc(sizeof(*z) + (sizeof(size_t) << hlog) + nseq * sizeof(struct zs_seq) + blk);
	if (!z)
		return NULL;
	z->hlog = hlog;
	z->hash = (size_t *)(z + 1);
	z->seq = (struct zs_seq *)(z->hash + (1U << hlog));
	z->lit = (uint8_t *)(z->seq + nseq);
	memset(z->hash, 0, sizeof(size_t) << hlog);
	for (v = 0; v < 64; v++)
		z->llcode[v] =
			(uint8_t)code_of(sf_zstd_ll_base, sf_zstd_ll_bits, SF_ZSTD_LL_CODES, v);
	for (v = 0; v < 128; v++)
		z->mlcode[v] =
			(uint8_t)code_of(sf_zstd_ml_base, sf_zstd_ml_bits, SF_ZSTD_ML_CODES, v + 3);
	z->maxoff = len > ZS_WINDOW ? ZS_WINDOW : len;
	z->rep[0] = 1;
	z->rep[1] = 4;
	z->rep[2] = 8;
	return z;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* hashp - the @hlog-bit hash of the ZS_HASH_BYTES bytes at @p (8 readable) */
static size_t hashp(const uint8_t *p, unsigned int hlog)
{
	return (size_t)(((rd64(p) << (64 - 8 * ZS_HASH_BYTES)) * 0xcf1bbcdcb7a56463ULL) >>
			(64 - hlog));
}

/* match_len - how far @a and @b agree, up to @max bytes */
static size_t match_len(const uint8_t *a, const uint8_t *b, size_t max)
{
	size_t n = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (n + 8 <= max) {
		uint64_t x, y;

		memcpy(&x, a + n, 8);
		memcpy(&y, b + n, 8);
		if (x != y)
			return n + (size_t)(__builtin_ctzll(x ^ y) >> 3);
		n += 8;
	}
#endif
	while (n < max && a[n] == b[n])
		n++;
	return n;
}

/*
 * rep_index - which repeated offset Offset_Value @ov (1..3) names after
 * @ll literals: 0..2, or 3 for rep[0] - 1 (RFC 8878 3.1.2.5)
 */
static unsigned int rep_index(uint32_t ov, uint32_t ll)
{
	return ov - 1 + (ll == 0);
}

/*
 * seq_add - a sequence: the offset as a repeated one where one is the same
 * (the decoder's rules of RFC 8878 3.1.2.5), else as offset + 3; the
 * repeated offsets updated as the decoder will
 */
static void seq_add(struct zs *z, size_t *nseq, size_t ll, size_t ml, size_t off)
{
	struct zs_seq *s = &z->seq[(*nseq)++];
	uint32_t *rep = z->rep, ov, r;
	unsigned int i = 4;

	for (ov = 1; ov <= 3; ov++) {
		i = rep_index(ov, (uint32_t)ll);
		r = i < 3 ? rep[i] : rep[0] - 1;
		if (r == off)
			break;
	}
	if (ov > 3) {
		ov = (uint32_t)off + 3;
		i = 3;
	}
	if (i == 1) {
		rep[1] = rep[0];
		rep[0] = (uint32_t)off;
	} else if (i > 1) {
		rep[2] = rep[1];
		rep[1] = rep[0];
		rep[0] = (uint32_t)off;
	}
	s->ll = (uint32_t)ll;
	s->ml = (uint32_t)ml;
	s->ov = ov;
	s->llc = (uint8_t)(ll < 64 ? z->llcode[ll] : highbit(ll) + 19);
	s->mlc = (uint8_t)(ml - 3 < 128 ? z->mlcode[ml - 3] : highbit(ml - 3) + 36);
	s->ofc = (uint8_t)highbit(ov);
}

/* rep_at - the length of a match at the last offset at @p, 0 if none */
static size_t rep_at(const struct zs *z, const uint8_t *src, size_t p, size_t end)
{
	size_t r = z->rep[0];

	if (r > p || r >= z->maxoff || end - p < ZS_MIN_MATCH || rd32(src + p - r) != rd32(src + p))
		return 0;
	return ZS_MIN_MATCH + match_len(src + p - r + ZS_MIN_MATCH, src + p + ZS_MIN_MATCH,
					end - p - ZS_MIN_MATCH);
}

/*
 * zs_match - the sequences of block [@start, @end) of @src into z->seq,
 * its literals into z->lit; returns the number of sequences, *@nlit the
 * literals (the last ones after the last sequence included). Greedy, but
 * the last offset is preferred: records of one layout repeat at it after
 * a few new bytes (a time delta), which cost less as literals than a new
 * offset does.
 */
static size_t zs_match(struct zs *z, const uint8_t *src, size_t start, size_t end, size_t *nlit)
{
	size_t ip = start, anchor = start, nseq = 0, lits = 0, k, rl;

	while (ip < end && end - ip >= 8) {
		size_t h = hashp(src + ip, z->hlog), cand = z->hash[h];
		size_t ml = rep_at(z, src, ip + 1, end);

		z->hash[h] = ip;
		if (ml) {
			ip++;
			cand = ip - z->rep[0];
		} else if (cand >= ip || ip - cand >= z->maxoff ||
			   rd32(src + cand) != rd32(src + ip)) {
			ip += 1 + ((ip - anchor) >> 6);
			continue;
		} else {
			ml = ZS_MIN_MATCH + match_len(src + cand + ZS_MIN_MATCH,
						      src + ip + ZS_MIN_MATCH,
						      end - ip - ZS_MIN_MATCH);
			for (k = 2; k <= 3; k++) {
				rl = rep_at(z, src, ip + k, end);
				if (rl && k + rl >= ml) {
					ip += k;
					cand = ip - z->rep[0];
					ml = rl;
					break;
				}
			}
		}
		while (ip > anchor && cand > 0 && src[ip - 1] == src[cand - 1]) {
			ip--;
			cand--;
			ml++;
		}
		memcpy(z->lit + lits, src + anchor, ip - anchor);
		lits += ip - anchor;
		seq_add(z, &nseq, ip - anchor, ml, ip - cand);
		ip += ml;
		anchor = ip;
		if (end - ip >= 8)
			z->hash[hashp(src + ip - 2, z->hlog)] = ip - 2;
	}
	memcpy(z->lit + lits, src + anchor, end - anchor);
	*nlit = lits + end - anchor;
	return nseq;
}

/* log2_fix - log2(@v) in 1/256 bits (@v >= 1), linear between powers of 2 */
static uint32_t log2_fix(uint32_t v)
{
	unsigned int h = highbit(v);

	return (h << 8) + (uint32_t)((((uint64_t)v << 8) >> h) & 255);
}

/* the cost in 1/256 bits of @cnt symbols at probability @norm / 2^@log */
static uint64_t fse_cost(uint32_t cnt, int norm, unsigned int log)
{
	return (uint64_t)cnt * ((log << 8) - log2_fix(norm < 1 ? 1 : (uint32_t)norm));
}

enum { ZS_PREDEFINED, ZS_RLE, ZS_FSE };

/*
 * zs_table - the coding of one field of the sequences, its @cnt counts of
 * @nsym codes in @nseq sequences: Predefined (@pred, @npred codes, 2^@plog),
 * RLE (one code) or FSE_Compressed (a table of at most 2^@maxlog states,
 * described in @o), whichever costs least; @t is made for it; returns the
 * Symbol_Compression_Mode
 */
static unsigned int zs_table(struct zs_out *o, struct zs_fse *t, const uint32_t *cnt,
			     unsigned int nsym, const int16_t *pred, unsigned int npred,
			     unsigned int plog, unsigned int maxlog, size_t nseq)
{
	uint64_t cpred = 0, cfse = 0;
	int16_t norm[ZS_FSE_SYM_MAX];
	unsigned int s, last = 0, present = 0, log;
	uint8_t desc[128];
	struct zs_out d = { .p = desc, .cap = sizeof(desc) };

	for (s = 0; s < nsym; s++) {
		if (!cnt[s])
			continue;
		last = s;
		present++;
		cpred = s < npred && cpred != UINT64_MAX ? cpred + fse_cost(cnt[s], pred[s], plog) :
							   UINT64_MAX;
	}
	if (present == 1 && cpred > 8 * 256) {
		memset(norm, 0, sizeof(norm));
		norm[last] = 1;
		sf_zse_fse_build(t, norm, last + 1, 0);
		out_byte(o, last);
		return ZS_RLE;
	}
	for (log = 5; log < maxlog && (1ULL << log) < nseq; log++)
		;
	while ((1U << log) < present)
		log++;
	sf_zse_fse_normalize(norm, cnt, last + 1, nseq, log);
	sf_zse_fse_describe(&d, norm, last, log);
	cfse = d.len * 8 * 256;
	for (s = 0; s <= last; s++)
		if (cnt[s])
			cfse += fse_cost(cnt[s], norm[s], log);
	if (d.full || cfse >= cpred) {
		sf_zse_fse_build(t, pred, npred, plog);
		return ZS_PREDEFINED;
	}
	sf_zse_fse_build(t, norm, last + 1, log);
	out_bytes(o, desc, d.len);
	return ZS_FSE;
}

/*
 * zs_sequences - the Sequences_Section: the count, the modes and tables,
 * then the bitstream, written backward: the decoder reads the initial
 * states (literals length, offset, match length), then for each sequence
 * the offset, match length and literals length extra bits and, but after
 * the last, the literals length, match length and offset state updates
 */
static void zs_sequences(struct zs *z, struct zs_out *o, size_t nseq)
{
	uint32_t cll[ZS_FSE_SYM_MAX] = { 0 }, cml[ZS_FSE_SYM_MAX] = { 0 },
		 cof[ZS_OF_SYM_MAX] = { 0 };
	struct zs_bits b = { .o = o };
	unsigned int sll = 0, sml = 0, sof = 0, u, mode;
	size_t i, at;

	if (nseq < 128) {
		out_byte(o, (unsigned int)nseq);
	} else if (nseq < 0x7f00) {
		out_byte(o, 128 + (unsigned int)(nseq >> 8));
		out_byte(o, (unsigned int)(nseq & 0xff));
	} else {
		out_byte(o, 255);
		out_le(o, nseq - 0x7f00, 2);
	}
	if (!nseq)
		return;
	for (i = 0; i < nseq; i++) {
		cll[z->seq[i].llc]++;
		cml[z->seq[i].mlc]++;
		cof[z->seq[i].ofc]++;
	}
	at = o->len;
	out_byte(o, 0);
	mode = zs_table(o, &z->ll, cll, SF_ZSTD_LL_CODES, sf_zstd_ll_norm, SF_ZSTD_LL_CODES, 6, 9,
			nseq)
	       << 6;
	mode |= zs_table(o, &z->of, cof, ZS_OF_SYM_MAX, sf_zstd_of_norm, SF_ZSTD_OF_PREDEF, 5, 8,
			 nseq)
		<< 4;
	mode |= zs_table(o, &z->ml, cml, SF_ZSTD_ML_CODES, sf_zstd_ml_norm, SF_ZSTD_ML_CODES, 6, 9,
			 nseq)
		<< 2;
	if (o->full)
		return;
	o->p[at] = (uint8_t)mode;
	for (i = nseq; i-- > 0;) {
		const struct zs_seq *s = &z->seq[i];

		if (i == nseq - 1) {
			sll = z->ll.first[s->llc];
			sml = z->ml.first[s->mlc];
			sof = z->of.first[s->ofc];
		} else {
			u = z->of.enc[s->ofc][sof];
			bits_add(&b, sof - z->of.base[u], z->of.nb[u]);
			sof = u;
			u = z->ml.enc[s->mlc][sml];
			bits_add(&b, sml - z->ml.base[u], z->ml.nb[u]);
			sml = u;
			u = z->ll.enc[s->llc][sll];
			bits_add(&b, sll - z->ll.base[u], z->ll.nb[u]);
			sll = u;
		}
		bits_add(&b, s->ll - sf_zstd_ll_base[s->llc], sf_zstd_ll_bits[s->llc]);
		bits_add(&b, s->ml - sf_zstd_ml_base[s->mlc], sf_zstd_ml_bits[s->mlc]);
		bits_add(&b, s->ov - (1U << s->ofc), s->ofc);
	}
	bits_add(&b, sml, z->ml.log);
	bits_add(&b, sof, z->of.log);
	bits_add(&b, sll, z->ll.log);
	bits_end(&b);
}

/*
 * zs_block - block [@start, @end) of @src compressed into @dst; returns its
 * size, 0 if it does not fit in @cap bytes
 */
static size_t zs_block(struct zs *z, const uint8_t *src, size_t start, size_t end, uint8_t *dst,
		       size_t cap)
{
	struct zs_out o = { .p = dst, .cap = cap };
	size_t nlit, nseq = zs_match(z, src, start, end, &nlit);

	/* z->ll: free until the sequences' tables are made */
	sf_zse_literals(&o, z->lit, nlit, &z->ll);
	zs_sequences(z, &o, nseq);
	return o.full ? 0 : o.len;
}

static bool all_same(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (p[i] != p[0])
			return false;
	return true;
}

size_t sf_zstd_bound(size_t len)
{
	size_t blocks = len ? len / ZS_BLOCK + (len % ZS_BLOCK != 0) : 1;

	if (len > SIZE_MAX - ZS_HEADER_MAX - 3 * blocks)
		return SIZE_MAX;
	return ZS_HEADER_MAX + 3 * blocks + len;
}

/* zs_header - the frame header: magic, descriptor, window, content size */
static void zs_header(struct zs_out *o, size_t len)
{
	uint64_t n = len;
	unsigned int fcs = n < 256 ? 0 : n < 65536 + 256 ? 1 : n <= UINT32_MAX ? 2 : 3;
	static const unsigned int fcs_bytes[4] = { 1, 2, 4, 8 };

	out_le(o, ZS_MAGIC, 4);
	if (n <= ZS_WINDOW) {
		out_byte(o, fcs << 6 | 1U << 5);
	} else {
		out_byte(o, fcs << 6);
		out_byte(o, (ZS_WINDOW_LOG - 10) << 3);
	}
	out_le(o, fcs == 1 ? n - 256 : n, fcs_bytes[fcs]);
}

size_t sf_zstd_compress(void *dst, size_t dstcap, const void *src, size_t len)
{
	struct zs_out o = { .p = dst, .cap = dstcap };
	const uint8_t *in = src;
	size_t pos = 0;
	struct zs *z;

	zs_header(&o, len);
	if (o.full)
		return 0;
	z = zs_new(len);
	if (!z)
		return 0;
	do {
		size_t n = len - pos < ZS_BLOCK ? len - pos : ZS_BLOCK, at = o.len, room, c = 0;
		unsigned int last = pos + n == len;

		if (o.cap - o.len < 3) {
			o.full = true;
			break;
		}
		room = o.cap - o.len - 3;
		if (n > 1 && all_same(in + pos, n)) {
			out_le(&o, last | 1U << 1 | (uint32_t)n << 3, 3);
			out_byte(&o, in[pos]);
		} else {
			uint32_t rep[3];

			memcpy(rep, z->rep, sizeof(rep));
			if (n >= 16)
				c = zs_block(z, in, pos, pos + n, o.p + at + 3,
					     room < n - 1 ? room : n - 1);
			if (c) {
				out_le(&o, last | 2U << 1 | (uint32_t)c << 3, 3);
				o.len += c;
			} else {
				/* the decoder does not see those sequences */
				memcpy(z->rep, rep, sizeof(rep));
				out_le(&o, last | (uint32_t)n << 3, 3);
				out_bytes(&o, in + pos, n);
			}
		}
		pos += n;
	} while (pos < len && !o.full);
	free(z);
	return o.full ? 0 : o.len;
}
