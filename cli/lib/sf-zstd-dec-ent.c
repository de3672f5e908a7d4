// SPDX-License-Identifier: GPL-2.0
/*
 * sf-zstd-dec-ent - the entropy coding of the Zstandard decoder (RFC 8878
 * section 4): FSE table descriptions and decoding tables, Huffman trees and
 * streams, the literals section of a block; and XXH64 for the checksum.
 */
#include <stdarg.h>
#include <stdio.h>

#include "sf-zstd-dec-int.h"

int sf_zstd_fail(struct zs_dec *d, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (!d->why || !d->whysz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (d->block)
		snprintf(d->why, d->whysz, "frame %u, block %u: %s", d->frame, d->block, msg);
	else if (d->frame)
		snprintf(d->why, d->whysz, "frame %u: %s", d->frame, msg);
	else
		snprintf(d->why, d->whysz, "%s", msg);
	return -1;
}

/* a forward (little-endian) bit field of @src at bit @at, zeros past its end */
static uint32_t zs_fwd_bits(const uint8_t *src, size_t len, size_t at, unsigned n)
{
	uint32_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		size_t bit = at + i;

		if (bit / 8 < len && (src[bit / 8] >> (bit % 8) & 1))
			v |= 1u << i;
	}
	return v;
}

/*
 * sf_zstd_fse_header - a table description (RFC 8878 4.1.1): probabilities of
 * symbols 0..@maxsym in @norm, their number in *@nsym, the accuracy log in
 * *@al (at most @maxal). Return: the bytes it takes, 0 if invalid, SIZE_MAX
 * if it runs past @len (bits past the end read as zeros).
 */
size_t sf_zstd_fse_header(const uint8_t *src, size_t len, unsigned maxsym, unsigned maxal,
			  int16_t *norm, unsigned *nsym, unsigned *al)
{
	int32_t remaining, threshold;
	unsigned nb, sym = 0;
	size_t bit = 4;

	if (!len)
		return 0;
	*al = (src[0] & 15) + 5;
	if (*al > maxal)
		return 0;
	remaining = (1 << *al) + 1;
	threshold = 1 << *al;
	nb = *al + 1;
	while (remaining > 1) {
		int32_t max = 2 * threshold - 1 - remaining, val, count;

		if (sym > maxsym)
			return 0;
		val = (int32_t)zs_fwd_bits(src, len, bit, nb - 1);
		if (val < max) {
			bit += nb - 1;
		} else {
			val = (int32_t)zs_fwd_bits(src, len, bit, nb);
			if (val >= threshold)
				val -= max;
			bit += nb;
		}
		count = val - 1;
		norm[sym++] = (int16_t)count;
		remaining -= count < 0 ? -count : count;
		if (remaining < 1)
			return 0;
		if (!count) {
			uint32_t rep;

			do {
				uint32_t k;

				rep = zs_fwd_bits(src, len, bit, 2);
				bit += 2;
				for (k = 0; k < rep; k++) {
					if (sym > maxsym)
						return 0;
					norm[sym++] = 0;
				}
			} while (rep == 3);
		}
		while (remaining < threshold) {
			nb--;
			threshold >>= 1;
		}
	}
	if ((bit + 7) / 8 > len)
		return SIZE_MAX;
	*nsym = sym;
	return (bit + 7) / 8;
}

/* sf_zstd_fse_build - the decoding table of a distribution; -1 if it is invalid */
int sf_zstd_fse_build(struct zs_cell *cell, const int16_t *norm, unsigned nsym, unsigned al)
{
	uint32_t size = 1u << al, high = size - 1, pos = 0, step, u;
	uint16_t next[256];
	unsigned s;
	int i;

	for (s = 0; s < nsym; s++) {
		if (norm[s] == -1) {
			cell[high--].sym = (uint8_t)s;
			next[s] = 1;
		} else {
			next[s] = (uint16_t)norm[s];
		}
	}
	step = (size >> 1) + (size >> 3) + 3;
	for (s = 0; s < nsym; s++) {
		for (i = 0; i < norm[s]; i++) {
			cell[pos].sym = (uint8_t)s;
			do
				pos = (pos + step) & (size - 1);
			while (pos > high);
		}
	}
	if (pos)
		return -1;
	for (u = 0; u < size; u++) {
		uint32_t x = next[cell[u].sym]++;
		unsigned nb = al - zs_highbit(x);

		cell[u].bits = (uint8_t)nb;
		cell[u].base = (uint16_t)((x << nb) - size);
	}
	return 0;
}

/* --- Huffman literals (RFC 8878 4.2) ------------------------------------------ */

/* the weights coded with FSE: two interleaved states on one stream */
static int zs_huf_fse_weights(struct zs_dec *d, const uint8_t *src, size_t len, uint8_t *w,
			      unsigned *n)
{
	struct zs_cell cell[64];
	int16_t norm[256];
	unsigned nsym, al, k = 0;
	struct zs_bits b;
	uint32_t st[2];
	unsigned j = 0;
	size_t hl;

	hl = sf_zstd_fse_header(src, len, 255, 6, norm, &nsym, &al);
	if (hl == SIZE_MAX)
		return sf_zstd_fail(d, "FSE table of the Huffman weights: past its end");
	if (!hl || sf_zstd_fse_build(cell, norm, nsym, al))
		return sf_zstd_fail(d, "invalid FSE table of the Huffman weights");
	if (zs_bits_init(&b, src + hl, len - hl))
		return sf_zstd_fail(d, "invalid bit stream of the Huffman weights");
	st[0] = (uint32_t)zs_read(&b, al);
	st[1] = (uint32_t)zs_read(&b, al);
	/*
	 * The two states take turns; once a state's update reads past the
	 * stream's start, the other state's symbol is the last
	 */
	for (;; j ^= 1) {
		if (k > 253)
			return sf_zstd_fail(d, "more than 255 Huffman weights");
		w[k++] = cell[st[j]].sym;
		st[j] = cell[st[j]].base + (uint32_t)zs_read(&b, cell[st[j]].bits);
		if (b.pos < 0) {
			w[k++] = cell[st[j ^ 1]].sym;
			break;
		}
	}
	*n = k;
	return 0;
}

/* zs_huf_tree - a Huffman tree description; its length, or -1 */
static long zs_huf_tree(struct zs_dec *d, const uint8_t *src, size_t len)
{
	uint32_t total = 0, rest, start[ZS_HUF_BITS + 2] = { 0 }, count[ZS_HUF_BITS + 2] = { 0 };
	unsigned n = 0, i, bits, last;
	uint8_t w[256];
	size_t used;

	if (!len)
		return sf_zstd_fail(d, "truncated Huffman tree");
	if (src[0] < 128) {
		used = 1 + (size_t)src[0];
		if (used > len)
			return sf_zstd_fail(d, "truncated Huffman tree");
		if (zs_huf_fse_weights(d, src + 1, src[0], w, &n))
			return -1;
	} else {
		n = src[0] - 127u;
		used = 1 + (n + 1) / 2;
		if (used > len)
			return sf_zstd_fail(d, "truncated Huffman tree");
		for (i = 0; i < n; i++)
			w[i] = i & 1 ? src[1 + i / 2] & 15 : src[1 + i / 2] >> 4;
	}
	for (i = 0; i < n; i++) {
		if (w[i] > ZS_HUF_BITS)
			return sf_zstd_fail(d, "Huffman weight %u over %u", w[i], ZS_HUF_BITS);
		if (w[i])
			total += 1u << (w[i] - 1);
	}
	if (!total)
		return sf_zstd_fail(d, "Huffman tree without a symbol");
	bits = zs_highbit(total) + 1;
	if (bits > ZS_HUF_BITS)
		return sf_zstd_fail(d, "Huffman codes of %u bits, over %u", bits, ZS_HUF_BITS);
	rest = (1u << bits) - total;
	if (rest & (rest - 1))
		return sf_zstd_fail(d, "Huffman weights do not make a full tree");
	last = zs_highbit(rest) + 1;
	w[n++] = (uint8_t)last;
	for (i = 0; i < n; i++)
		count[w[i]]++;
	if (count[1] < 2)
		return sf_zstd_fail(d, "Huffman tree with fewer than 2 longest codes");
	for (i = 1; i <= bits; i++)
		start[i + 1] = start[i] + (count[i] << (i - 1));
	for (i = 0; i < n; i++) {
		uint32_t k, len1;

		if (!w[i])
			continue;
		len1 = 1u << (w[i] - 1);
		for (k = 0; k < len1; k++) {
			d->huf[start[w[i]] + k].sym = (uint8_t)i;
			d->huf[start[w[i]] + k].bits = (uint8_t)(bits + 1 - w[i]);
		}
		start[w[i]] += len1;
	}
	d->huf_bits = bits;
	d->huf_ok = 1;
	return (long)used;
}

/* one Huffman stream: exactly @n symbols, the stream then fully read */
static int zs_huf_stream(struct zs_dec *d, uint8_t *out, size_t n, const uint8_t *src, size_t len,
			 unsigned idx)
{
	const unsigned bits = d->huf_bits;
	const struct zs_huf *t = d->huf;
	struct zs_bits b;
	size_t i = 0;

	if (zs_bits_init(&b, src, len))
		return sf_zstd_fail(d, "Huffman stream %u: no end mark", idx);
	/*
	 * Four symbols from one load of the 8 bytes below the read position
	 * while there are at least 57 bits (4 codes take at most 48)
	 */
	while (n - i >= 4 && b.pos >= 57) {
		size_t at = (size_t)((b.pos - 1) >> 3) - 7;
		uint64_t v = zs_le64(b.p + at);
		unsigned avail = (unsigned)(b.pos - 8 * (int64_t)at), k;

		for (k = 0; k < 4; k++) {
			const struct zs_huf *c = &t[(v >> (avail - bits)) & ((1u << bits) - 1)];

			out[i++] = c->sym;
			avail -= c->bits;
		}
		b.pos = 8 * (int64_t)at + avail;
	}
	for (; i < n; i++) {
		const struct zs_huf *c = &t[zs_peek(&b, bits)];

		out[i] = c->sym;
		b.pos -= c->bits;
	}
	/*
	 * A stream ends with its last symbol: RFC 8878 4.2.2, and libzstd but
	 * for its fast decoder (x86-64), which takes a stream without its end
	 * mark, with bits left, or one that reads into the stream before it.
	 */
	if (b.pos > 0)
		return sf_zstd_fail(d, "Huffman stream %u: %lld bits left after its %zu literals",
				    idx, (long long)b.pos, n);
	if (b.pos < 0)
		return sf_zstd_fail(d, "Huffman stream %u: its %zu literals need %lld bits more",
				    idx, n, (long long)-b.pos);
	return 0;
}

/*
 * sf_zstd_literals - the literals section of a compressed block (@src, @len
 * bytes); the literals in *@lit. Return: the section's length, or -1.
 */
long sf_zstd_literals(struct zs_dec *d, const uint8_t *src, size_t len, struct zs_lits *lit)
{
	unsigned type, sf, hl;
	size_t regen, csize = 0;
	uint8_t *out, none[1];
	long tl = 0;

	if (!len)
		return sf_zstd_fail(d, "truncated literals header");
	type = src[0] & 3;
	sf = src[0] >> 2 & 3;
	if (type < 2) {
		hl = sf == 1 ? 2 : sf == 3 ? 3 : 1;
		if (hl > len)
			return sf_zstd_fail(d, "truncated literals header");
		regen = hl == 1 ? src[0] >> 3 : (size_t)(zs_le(src, hl) >> 4);
	} else {
		hl = sf < 2 ? 3 : sf + 2;
		if (hl > len)
			return sf_zstd_fail(d, "truncated literals header");
		regen = (size_t)(zs_le(src, hl) >> 4) & ((1u << (hl * 4 - 2)) - 1);
		csize = (size_t)(zs_le(src, hl) >> (hl * 4 + 2));
	}
	if (regen > d->bmax)
		return sf_zstd_fail(d, "%zu literals, over the block maximum (%zu bytes)", regen,
				    d->bmax);
	lit->n = regen;
	lit->dst_off = SIZE_MAX;
	if (type == 0) {
		if (regen > len - hl)
			return sf_zstd_fail(d, "truncated raw literals (%zu bytes)", regen);
		lit->p = src + hl;
		return (long)(hl + regen);
	}
	if (regen > d->cap - d->pos)
		return sf_zstd_fail(d, "output over %zu bytes", d->cap);
	/* the literals go to the end of dst: all of them are output in this block */
	lit->dst_off = d->cap - regen;
	out = regen ? d->dst + lit->dst_off : none;
	lit->p = regen ? out : NULL;
	if (type == 1) {
		if (hl >= len)
			return sf_zstd_fail(d, "truncated RLE literals");
		if (regen)
			memset(out, src[hl], regen);
		return (long)(hl + 1);
	}
	if (csize > len - hl)
		return sf_zstd_fail(d, "truncated compressed literals (%zu bytes)", csize);
	src += hl;
	if (type == 2) {
		tl = zs_huf_tree(d, src, csize);
		if (tl < 0)
			return -1;
	} else if (!d->huf_ok) {
		return sf_zstd_fail(d, "treeless literals without a previous Huffman tree");
	}
	if (sf == 0) {
		if (zs_huf_stream(d, out, regen, src + tl, csize - (size_t)tl, 1))
			return -1;
	} else {
		size_t seg = (regen + 3) / 4, slen[4], off, k;

		if (csize - (size_t)tl < 6)
			return sf_zstd_fail(d, "truncated jump table");
		slen[0] = (size_t)zs_le(src + tl, 2);
		slen[1] = (size_t)zs_le(src + tl + 2, 2);
		slen[2] = (size_t)zs_le(src + tl + 4, 2);
		off = (size_t)tl + 6;
		if (slen[0] + slen[1] + slen[2] > csize - off)
			return sf_zstd_fail(d, "jump table beyond the literals");
		slen[3] = csize - off - slen[0] - slen[1] - slen[2];
		if (regen < 3 * seg)
			return sf_zstd_fail(d, "%zu literals cannot be in 4 streams", regen);
		for (k = 0; k < 4; k++) {
			size_t n = k < 3 ? seg : regen - 3 * seg;

			if (zs_huf_stream(d, out + k * seg, n, src + off, slen[k], (unsigned)k + 1))
				return -1;
			off += slen[k];
		}
	}
	return (long)(hl + csize);
}

static const uint64_t zs_p1 = 0x9E3779B185EBCA87ULL, zs_p2 = 0xC2B2AE3D27D4EB4FULL,
		      zs_p3 = 0x165667B19E3779F9ULL, zs_p4 = 0x85EBCA77C2B2AE63ULL,
		      zs_p5 = 0x27D4EB2F165667C5ULL;

static inline uint64_t zs_rotl(uint64_t v, unsigned r)
{
	return v << r | v >> (64 - r);
}

static inline uint64_t zs_xxround(uint64_t acc, uint64_t in)
{
	return zs_rotl(acc + in * zs_p2, 31) * zs_p1;
}

/* XXH64 of @p with seed 0: the content checksum's hash */
uint64_t sf_zstd_xxh64(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	uint64_t h;
	int i;

	if (len >= 32) {
		uint64_t v[4] = { zs_p1 + zs_p2, zs_p2, 0, -zs_p1 };

		for (; end - p >= 32; p += 32)
			for (i = 0; i < 4; i++)
				v[i] = zs_xxround(v[i], zs_le64(p + 8 * i));
		h = zs_rotl(v[0], 1) + zs_rotl(v[1], 7) + zs_rotl(v[2], 12) + zs_rotl(v[3], 18);
		for (i = 0; i < 4; i++)
			h = (h ^ zs_xxround(0, v[i])) * zs_p1 + zs_p4;
	} else {
		h = zs_p5;
	}
	h += len;
	for (; end - p >= 8; p += 8)
		h = zs_rotl(h ^ zs_xxround(0, zs_le64(p)), 27) * zs_p1 + zs_p4;
	if (end - p >= 4) {
		h = zs_rotl(h ^ zs_le(p, 4) * zs_p1, 23) * zs_p2 + zs_p3;
		p += 4;
	}
	for (; p < end; p++)
		h = zs_rotl(h ^ *p * zs_p5, 11) * zs_p1;
	h ^= h >> 33;
	h *= zs_p2;
	h ^= h >> 29;
	h *= zs_p3;
	h ^= h >> 32;
	return h;
}
