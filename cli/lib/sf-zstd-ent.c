// SPDX-License-Identifier: GPL-2.0
/*
 * sf-zstd-ent - the entropy coding of sigftrace's Zstandard encoder: FSE
 * tables (RFC 8878 4.1) and Huffman-coded literals (RFC 8878 4.2), the
 * weights of up to 128 symbols written directly, else FSE-compressed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sf-zstd-ent.h"

#define ZS_HUF_MAX_BITS 11

/*
 * sf_zse_fse_build - the decoding table of @norm (RFC 8878 4.1.1), then for each
 * symbol and next state the state that reaches it: the states of a symbol
 * cover the table with their [base, base + 2^nb) ranges, one each
 */
void sf_zse_fse_build(struct zs_fse *t, const int16_t *norm, unsigned int nsym, unsigned int log)
{
	unsigned int size = 1U << log, high = size - 1, step = (size >> 1) + (size >> 3) + 3;
	unsigned int next[ZS_FSE_SYM_MAX], pos = 0, s, u, i;

	t->log = log;
	for (s = 0; s < nsym; s++) {
		if (norm[s] == -1) {
			t->sym[high--] = (uint8_t)s;
			next[s] = 1;
		} else {
			next[s] = (unsigned int)norm[s];
		}
	}
	for (s = 0; s < nsym; s++) {
		for (i = 0; norm[s] > 0 && i < (unsigned int)norm[s]; i++) {
			t->sym[pos] = (uint8_t)s;
			do
				pos = (pos + step) & (size - 1);
			while (pos > high);
		}
	}
	for (u = 0; u < size; u++) {
		unsigned int x = next[t->sym[u]]++;

		t->nb[u] = (uint8_t)(log - highbit(x));
		t->base[u] = (uint16_t)((x << t->nb[u]) - size);
	}
	for (u = size; u-- > 0;) {
		s = t->sym[u];
		t->first[s] = (uint16_t)u;
		for (i = 0; i < (1U << t->nb[u]); i++)
			t->enc[s][t->base[u] + i] = (uint16_t)u;
	}
}

/* lit_header - a Literals_Section_Header of type @type, raw or RLE sizes */
static void lit_header(struct zs_out *o, unsigned int type, size_t n)
{
	if (n < 32)
		out_le(o, type | (uint32_t)n << 3, 1);
	else if (n < 4096)
		out_le(o, type | 1U << 2 | (uint32_t)n << 4, 2);
	else
		out_le(o, type | 3U << 2 | (uint32_t)n << 4, 3);
}

/*
 * huf_lengths - code lengths of a Huffman code for @freq (@nsym symbols,
 * at least two present), none over ZS_HUF_MAX_BITS: while the tree is too
 * deep, the counts are halved (flattening it); returns the longest
 */
static unsigned int huf_lengths(const uint32_t *freq, unsigned int nsym, uint8_t *len)
{
	uint32_t f[256], w[512];
	uint16_t order[256], parent[512];
	unsigned int n, i, j, maxlen, round;

	for (i = 0; i < nsym; i++)
		f[i] = freq[i];
	for (round = 0;; round++) {
		unsigned int leaf = 0, node, inner, top;

		/* the present symbols by increasing count (insertion sort: n <= 256) */
		for (n = 0, i = 0; i < nsym; i++) {
			if (!f[i])
				continue;
			for (j = n; j > 0 && f[order[j - 1]] > f[i]; j--)
				order[j] = order[j - 1];
			order[j] = (uint16_t)i;
			n++;
		}
		for (i = 0; i < n; i++)
			w[i] = f[order[i]];
		/* two queues: leaves 0..n-1 sorted, inner nodes n.. in creation order */
		inner = n;
		top = n;
		for (node = n; node < 2 * n - 1; node++) {
			unsigned int pick[2], k;

			for (k = 0; k < 2; k++) {
				if (leaf < n && (inner >= top || w[leaf] <= w[inner]))
					pick[k] = leaf++;
				else
					pick[k] = inner++;
			}
			w[node] = w[pick[0]] + w[pick[1]];
			parent[pick[0]] = (uint16_t)node;
			parent[pick[1]] = (uint16_t)node;
			top = node + 1;
		}
		/* depths: the root is 2n-2, every parent is created after its children */
		w[2 * n - 2] = 0;
		for (node = 2 * n - 2; node-- > 0;)
			w[node] = w[parent[node]] + 1;
		maxlen = 0;
		memset(len, 0, nsym);
		for (i = 0; i < n; i++) {
			len[order[i]] = (uint8_t)w[i];
			if (w[i] > maxlen)
				maxlen = w[i];
		}
		if (maxlen <= ZS_HUF_MAX_BITS)
			return maxlen;
		for (i = 0; i < nsym; i++)
			if (f[i])
				f[i] = (f[i] + 1) / 2;
	}
}

struct zs_huf {
	uint16_t code[256];
	uint8_t nb[256];
	uint8_t weight[256];
	unsigned int maxsym, maxbits;
};

/*
 * huf_build - the canonical code of RFC 8878 4.2.1: by increasing weight,
 * then symbol, each takes the next 2^(weight-1) entries of the 2^maxbits
 * decoding table; its code is its first entry >> (weight - 1)
 */
static void huf_build(struct zs_huf *h, const uint32_t *freq, unsigned int maxsym)
{
	uint32_t start[ZS_HUF_MAX_BITS + 2] = { 0 }, count[ZS_HUF_MAX_BITS + 2] = { 0 };
	unsigned int s, wt;

	h->maxsym = maxsym;
	h->maxbits = huf_lengths(freq, maxsym + 1, h->nb);
	for (s = 0; s <= maxsym; s++) {
		h->weight[s] = (uint8_t)(h->nb[s] ? h->maxbits + 1 - h->nb[s] : 0);
		count[h->weight[s]]++;
	}
	for (wt = 1; wt <= h->maxbits; wt++)
		start[wt + 1] = start[wt] + (count[wt] << (wt - 1));
	for (s = 0; s <= maxsym; s++) {
		wt = h->weight[s];
		if (!wt)
			continue;
		h->code[s] = (uint16_t)(start[wt] >> (wt - 1));
		start[wt] += 1U << (wt - 1);
	}
}

/* huf_stream - @n literals as one Huffman stream, the first read first */
static void huf_stream(struct zs_out *o, const struct zs_huf *h, const uint8_t *lit, size_t n)
{
	struct zs_bits b = { .o = o };

	while (n--)
		bits_add(&b, h->code[lit[n]], h->nb[lit[n]]);
	bits_end(&b);
}

/*
 * sf_zse_fse_normalize - counts @cnt of @nsym symbols (@total in all) scaled to
 * 2^@log, each present symbol at least 1 (2^@log >= the symbols present);
 * the rounding is settled on the most probable symbol
 */
void sf_zse_fse_normalize(int16_t *norm, const uint32_t *cnt, unsigned int nsym, size_t total,
			  unsigned int log)
{
	int size = 1 << log, sum = 0, d;
	unsigned int s, big;

	for (s = 0; s < nsym; s++) {
		norm[s] = 0;
		if (!cnt[s])
			continue;
		norm[s] = (int16_t)((uint64_t)cnt[s] * (unsigned int)size / total);
		if (!norm[s])
			norm[s] = 1;
		sum += norm[s];
	}
	while (sum != size) {
		for (big = 0, s = 1; s < nsym; s++)
			if (norm[s] > norm[big])
				big = s;
		d = size - sum;
		if (d < 1 - norm[big])
			d = 1 - norm[big];
		norm[big] = (int16_t)(norm[big] + d);
		sum += d;
	}
}

/* bits_pad - the last bits of a forward bitstream, padded to a byte */
static void bits_pad(struct zs_bits *b)
{
	out_le(b->o, b->acc, (b->n + 7) / 8);
	b->acc = 0;
	b->n = 0;
}

/*
 * sf_zse_fse_describe - the FSE_Table_Description of @norm (RFC 8878 4.1.1), up to
 * its last present symbol @last: the accuracy log, then each count + 1 in
 * as many bits as the points left need, a run of zero counts as 2-bit repeats
 */
void sf_zse_fse_describe(struct zs_out *o, const int16_t *norm, unsigned int last, unsigned int log)
{
	unsigned int remaining = (1U << log) + 1, threshold = 1U << log, nbits = log + 1, s = 0;
	struct zs_bits b = { .o = o };

	bits_add(&b, log - 5, 4);
	while (s <= last && remaining > 1) {
		unsigned int c = (unsigned int)norm[s], v = c + 1,
			     max = 2 * threshold - 1 - remaining;

		if (v < max)
			bits_add(&b, v, nbits - 1);
		else if (v < threshold)
			bits_add(&b, v, nbits);
		else
			bits_add(&b, v + max, nbits);
		remaining -= c;
		while (remaining < threshold) {
			nbits--;
			threshold >>= 1;
		}
		s++;
		if (!c) {
			unsigned int zeros = 0;

			while (s + zeros <= last && !norm[s + zeros])
				zeros++;
			s += zeros;
			for (; zeros >= 3; zeros -= 3)
				bits_add(&b, 3, 2);
			bits_add(&b, zeros, 2);
		}
	}
	bits_pad(&b);
}

/*
 * huf_weights_fse - the weights of symbols 0..maxsym-1 FSE-compressed
 * (RFC 8878 4.2.1.2) after their header byte: the table description, then
 * one bitstream for two states taking turns (the first weight from the
 * first state). The decoder stops when a state update reads past the
 * stream's start, so the weight before the last comes from a state whose
 * update reads bits: the lowest state of its symbol. Returns false when the
 * weights do not fit in 127 bytes or one weight takes the whole table.
 */
static bool huf_weights_fse(struct zs_out *o, const struct zs_huf *h, struct zs_fse *t)
{
	unsigned int n = h->maxsym, maxw = 0, w, k, cur[2];
	uint32_t cnt[ZS_HUF_MAX_BITS + 1] = { 0 };
	int16_t norm[ZS_HUF_MAX_BITS + 1];
	struct zs_bits b = { .o = o };
	size_t at = o->len;

	for (k = 0; k < n; k++)
		cnt[h->weight[k]]++;
	for (w = 0; w <= ZS_HUF_MAX_BITS; w++)
		if (cnt[w])
			maxw = w;
	sf_zse_fse_normalize(norm, cnt, maxw + 1, n, 6);
	for (w = 0; w <= maxw; w++)
		if (norm[w] == 64)
			return false;
	out_byte(o, 0);
	sf_zse_fse_describe(o, norm, maxw, 6);
	sf_zse_fse_build(t, norm, maxw + 1, 6);
	cur[n & 1] = t->first[h->weight[n - 1]];
	cur[(n - 1) & 1] = t->first[h->weight[n - 2]];
	for (k = n - 2; k-- > 0;) {
		unsigned int next = cur[(k + 1) & 1], u = t->enc[h->weight[k]][next];

		bits_add(&b, next - t->base[u], t->nb[u]);
		cur[(k + 1) & 1] = u;
	}
	bits_add(&b, cur[0], 6);
	bits_add(&b, cur[1], 6);
	bits_end(&b);
	if (o->full || o->len - at - 1 > 127)
		return false;
	o->p[at] = (uint8_t)(o->len - at - 1);
	return true;
}

/*
 * sf_zse_literals - the Literals_Section of @n literals: raw, RLE or
 * Huffman-compressed, whichever is smallest
 */
void sf_zse_literals(struct zs_out *o, const uint8_t *lit, size_t n, struct zs_fse *scratch)
{
	uint32_t freq[256] = { 0 };
	unsigned int maxsym = 0, present = 0, s;
	struct zs_huf h;
	struct zs_out t;
	size_t hdr, i, at;

	for (i = 0; i < n; i++)
		freq[lit[i]]++;
	for (s = 0; s < 256; s++) {
		if (freq[s]) {
			maxsym = s;
			present++;
		}
	}
	if (n > 0 && present == 1) {
		lit_header(o, 1, n);
		out_byte(o, lit[0]);
		return;
	}
	if (n < 64)
		goto raw;
	huf_build(&h, freq, maxsym);
	/* the header after the tree and streams: room for the largest */
	hdr = n < 1024 ? 3 : n < 16384 ? 4 : 5;
	at = o->len;
	if (o->cap - o->len < hdr + n)
		goto raw;
	t = (struct zs_out){ .p = o->p + at + hdr, .cap = n - 1 };
	if (maxsym <= 128) {
		out_byte(&t, 127 + maxsym);
		for (s = 0; s < maxsym; s += 2)
			out_byte(&t, (unsigned int)h.weight[s] << 4 |
					     (s + 1 < maxsym ? h.weight[s + 1] : 0));
	} else if (!huf_weights_fse(&t, &h, scratch)) {
		goto raw;
	}
	if (n < 1024) {
		huf_stream(&t, &h, lit, n);
	} else {
		size_t seg = (n + 3) / 4, jump = t.len, sz[3], k;

		out_le(&t, 0, 6);
		for (k = 0; k < 4; k++) {
			size_t from = t.len, cnt = k < 3 ? seg : n - 3 * seg;

			huf_stream(&t, &h, lit + k * seg, cnt);
			if (k < 3)
				sz[k] = t.len - from;
		}
		for (k = 0; k < 3 && !t.full; k++) {
			if (sz[k] > 0xffff) {
				t.full = true;
				break;
			}
			t.p[jump + 2 * k] = (uint8_t)sz[k];
			t.p[jump + 2 * k + 1] = (uint8_t)(sz[k] >> 8);
		}
	}
	if (t.full || t.len + hdr > n)
		goto raw;
	if (n < 1024) {
		if (t.len >= 1024)
			goto raw;
		out_le(o, 2 | (uint64_t)n << 4 | (uint64_t)t.len << 14, 3);
	} else if (n < 16384) {
		out_le(o, 2 | 2U << 2 | (uint64_t)n << 4 | (uint64_t)t.len << 18, 4);
	} else {
		out_le(o, 2 | 3U << 2 | (uint64_t)n << 4 | (uint64_t)t.len << 22, 5);
	}
	o->len += t.len;
	return;
raw:
	lit_header(o, 0, n);
	out_bytes(o, lit, n);
}
