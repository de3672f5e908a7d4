/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-zstd-dec-int - the parts of the Zstandard decoder: its state, the byte
 * and bit readers, and what sf-zstd-dec-ent.c (the entropy coding: FSE
 * tables, Huffman literals, XXH64) gives sf-zstd-dec.c (frames, blocks,
 * sequences).
 */
#ifndef SF_ZSTD_DEC_INT_H
#define SF_ZSTD_DEC_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ZS_MAGIC 0xFD2FB528u
#define ZS_SKIP_MAGIC 0x184D2A50u
#define ZS_BLOCK_MAX (128u * 1024)
/* RFC 8878 says 11; libzstd decodes 12 too */
#define ZS_HUF_BITS 12
#define ZS_LL_MAX 35
#define ZS_ML_MAX 52
#define ZS_OF_MAX 31

struct zs_cell {
	uint16_t base;
	uint8_t sym;
	uint8_t bits;
};

struct zs_fse {
	struct zs_cell cell[512];
	unsigned al;
	int ok;
};

struct zs_huf {
	uint8_t sym;
	uint8_t bits;
};

struct zs_dec {
	uint8_t *dst;
	size_t cap;
	size_t pos; /* bytes written to dst */
	size_t fstart; /* where the current frame's output starts */
	size_t bmax; /* the frame's Block_Maximum_Size */
	char *why;
	size_t whysz;
	unsigned frame;
	unsigned block;
	uint64_t rep[3];
	struct zs_fse ll, of, ml;
	int huf_ok;
	unsigned huf_bits;
	struct zs_huf huf[1u << ZS_HUF_BITS];
};

/* what a section of a block hands to the next: its literals */
struct zs_lits {
	const uint8_t *p;
	size_t n;
	size_t dst_off; /* their place in dst, or SIZE_MAX when they are in src */
};

/* --- byte and bit access ----------------------------------------------------- */

static inline uint64_t zs_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static inline uint64_t zs_le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline unsigned zs_highbit(uint64_t v)
{
	return 63 - __builtin_clzll(v);
}

/*
 * A backward bit stream (RFC 8878 4.1): read from its last byte towards its
 * first, the highest set bit of the last byte marking the start. @pos counts
 * the bits not read yet; it goes below 0 when a read goes past the first
 * byte, which then reads zeros.
 */
struct zs_bits {
	const uint8_t *p;
	size_t len;
	int64_t pos;
};

static inline int zs_bits_init(struct zs_bits *b, const uint8_t *p, size_t len)
{
	if (!len || !p[len - 1])
		return -1;
	b->p = p;
	b->len = len;
	b->pos = (int64_t)len * 8 - 8 + zs_highbit(p[len - 1]);
	return 0;
}

/* the next @n (<= 56) bits, without consuming them */
static inline uint64_t zs_peek(const struct zs_bits *b, unsigned n)
{
	int64_t at = b->pos - n;
	uint64_t v;
	size_t byte;

	if (!n)
		return 0;
	if (at >= 0) {
		byte = (size_t)(at >> 3);
		if (byte + 8 <= b->len)
			v = zs_le64(b->p + byte);
		else
			v = zs_le(b->p + byte, (unsigned)(b->len - byte));
		return (v >> (at & 7)) & ((1ULL << n) - 1);
	}
	if (b->pos <= 0)
		return 0;
	v = zs_le(b->p, b->len < 8 ? (unsigned)b->len : 8) & ((1ULL << b->pos) - 1);
	return v << -at;
}

static inline uint64_t zs_read(struct zs_bits *b, unsigned n)
{
	uint64_t v = zs_peek(b, n);

	b->pos -= n;
	return v;
}

/* sf_zstd_fail - "frame F, block B: " and the message in the caller's why; -1 */
__attribute__((format(printf, 2, 3))) int sf_zstd_fail(struct zs_dec *d, const char *fmt, ...);

/*
 * sf_zstd_fse_header - a table description (RFC 8878 4.1.1): probabilities
 * of symbols 0..@maxsym in @norm, their number in *@nsym, the accuracy log in
 * *@al (at most @maxal). Return: the bytes it takes, 0 if invalid, SIZE_MAX
 * if it runs past @len (bits past the end read as zeros).
 */
size_t sf_zstd_fse_header(const uint8_t *src, size_t len, unsigned maxsym, unsigned maxal,
			  int16_t *norm, unsigned *nsym, unsigned *al);

/* sf_zstd_fse_build - the decoding table of a distribution; -1 if it is invalid */
int sf_zstd_fse_build(struct zs_cell *cell, const int16_t *norm, unsigned nsym, unsigned al);

/*
 * sf_zstd_literals - the literals section of a compressed block (@src, @len
 * bytes); the literals in *@lit. Return: the section's length, or -1.
 */
long sf_zstd_literals(struct zs_dec *d, const uint8_t *src, size_t len, struct zs_lits *lit);

/* sf_zstd_xxh64 - XXH64 of @p with seed 0: the content checksum's hash */
uint64_t sf_zstd_xxh64(const uint8_t *p, size_t len);

#endif /* SF_ZSTD_DEC_INT_H */
