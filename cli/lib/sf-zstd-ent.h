/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-zstd-ent - the entropy coding of sigftrace's Zstandard encoder
 * (sf-zstd-enc.c): an output area that never overflows, backward
 * bitstreams, FSE tables and their descriptions (RFC 8878 4.1), and the
 * Literals_Section (raw, RLE or Huffman-coded, RFC 8878 3.1.1.3.1 and 4.2).
 * Internal to the encoder.
 */
#ifndef SF_ZSTD_ENT_H
#define SF_ZSTD_ENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ZS_FSE_LOG_MAX 9 /* of literals and match lengths; offsets 8, weights 6 */
#define ZS_FSE_SYM_MAX 53
#define ZS_OF_SYM_MAX 32

/* an FSE table, for encoding */
struct zs_fse {
	unsigned int log;
	uint8_t sym[1 << ZS_FSE_LOG_MAX]; /* of each state */
	uint8_t nb[1 << ZS_FSE_LOG_MAX]; /* bits read to leave it */
	uint16_t base[1 << ZS_FSE_LOG_MAX]; /* the next state is base + those bits */
	uint16_t first[ZS_FSE_SYM_MAX]; /* the lowest state of each symbol: the most bits */
	/* [symbol][next state]: the state of the symbol that leads there */
	uint16_t enc[ZS_FSE_SYM_MAX][1 << ZS_FSE_LOG_MAX];
};

/* an output area that never grows past cap; full once something did not fit */
struct zs_out {
	uint8_t *p;
	size_t len, cap;
	bool full;
};

static inline void out_byte(struct zs_out *o, unsigned int b)
{
	if (o->len < o->cap)
		o->p[o->len++] = (uint8_t)b;
	else
		o->full = true;
}

static inline void out_le(struct zs_out *o, uint64_t v, unsigned int n)
{
	while (n--) {
		out_byte(o, (unsigned int)(v & 0xff));
		v >>= 8;
	}
}

static inline void out_bytes(struct zs_out *o, const void *src, size_t n)
{
	if (o->cap - o->len < n) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->len, src, n);
	o->len += n;
}

/* a backward bitstream (RFC 8878 4.1): bits in the order they are read last */
struct zs_bits {
	struct zs_out *o;
	uint64_t acc;
	unsigned int n;
};

static inline void bits_add(struct zs_bits *b, uint32_t v, unsigned int nb)
{
	b->acc |= (uint64_t)v << b->n;
	b->n += nb;
	if (b->n >= 32) {
		out_le(b->o, b->acc, 4);
		b->acc >>= 32;
		b->n -= 32;
	}
}

/* bits_end - the end marker, then the last bits padded to a byte */
static inline void bits_end(struct zs_bits *b)
{
	bits_add(b, 1, 1);
	out_le(b->o, b->acc, (b->n + 7) / 8);
	b->acc = 0;
	b->n = 0;
}

static inline unsigned int highbit(uint64_t v)
{
	unsigned int n = 0;

	while (v >>= 1)
		n++;
	return n;
}

/*
 * sf_zse_fse_build - the decoding table of @norm (@nsym symbols, 2^@log
 * states, -1 for "less than 1"), and for encoding, each symbol's state
 * that leads to each next state
 */
void sf_zse_fse_build(struct zs_fse *t, const int16_t *norm, unsigned int nsym, unsigned int log);

/* sf_zse_fse_normalize - counts scaled to 2^@log, each present symbol at least 1 */
void sf_zse_fse_normalize(int16_t *norm, const uint32_t *cnt, unsigned int nsym, size_t total,
			  unsigned int log);

/* sf_zse_fse_describe - the FSE_Table_Description of @norm up to symbol @last */
void sf_zse_fse_describe(struct zs_out *o, const int16_t *norm, unsigned int last,
			 unsigned int log);

/*
 * sf_zse_literals - the Literals_Section of @n literals, the smallest of
 * raw, RLE and Huffman-coded; @scratch for the weights' FSE table
 */
void sf_zse_literals(struct zs_out *o, const uint8_t *lit, size_t n, struct zs_fse *scratch);

#endif /* SF_ZSTD_ENT_H */
