// SPDX-License-Identifier: GPL-2.0
/*
 * zstd-speed - sigftrace's own Zstandard decoder against libzstd's
 * ZSTD_decompress() on the same frames, in the same run: the files given,
 * cut in 1 MiB pieces (trace.dat v7's chunks) and compressed by libzstd at
 * LEVEL; each decoder decodes all of them 7 times, the best time counts.
 * Prints both rates and their ratio; fails if a decoder's output differs.
 *
 * Not built by the Makefile yet (make bench's ratios are for the lead to
 * wire up); build and run it from the source tree with:
 *
 *   cc -O2 -Icli/lib -o zstd-speed tests/bench/zstd-speed.c \
 *	cli/lib/sf-zstd.c cli/lib/sf-zstd-dec.c cli/lib/sf-zstd-dec-ent.c -lzstd
 *   ./zstd-speed LEVEL FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zstd.h>

#include "sf-zstd.h"

#define CHUNK (1u << 20)
#define MAX_IN (256u << 20)

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* one pass of a decoder over every chunk; its time, or a negative one */
static double pass(int ours, const unsigned char *in, size_t n, const unsigned char *c,
		   const size_t *off, const size_t *len, size_t nch, unsigned char *o)
{
	double t0 = now();
	size_t k;

	for (k = 0; k < nch; k++) {
		size_t want = k + 1 < nch ? CHUNK : n - k * CHUNK, out = 0;
		char why[128];

		if (ours) {
			if (sf_zstd_decompress(o, CHUNK, c + off[k], len[k], &out, why,
					       sizeof(why))) {
				fprintf(stderr, "zstd-speed: chunk %zu: %s\n", k, why);
				return -1;
			}
		} else {
			out = ZSTD_decompress(o, CHUNK, c + off[k], len[k]);
		}
		if (out != want || memcmp(o, in + k * CHUNK, want)) {
			fprintf(stderr, "zstd-speed: chunk %zu: %s output differs\n", k,
				ours ? "our" : "libzstd's");
			return -1;
		}
	}
	return now() - t0;
}

int main(int argc, char **argv)
{
	size_t n = 0, nch, ct = 0, k, *off, *len;
	double best[2] = { 1e30, 1e30 };
	unsigned char *in, *c, *o;
	int level, i, rep;

	if (argc < 3) {
		fprintf(stderr, "usage: zstd-speed LEVEL FILE...\n");
		return 2;
	}
	level = atoi(argv[1]);
	in = malloc(MAX_IN);
	o = malloc(CHUNK);
	if (!in || !o)
		return 1;
	for (i = 2; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		n += fread(in + n, 1, MAX_IN - n, f);
		fclose(f);
	}
	if (!n)
		return 1;
	nch = (n + CHUNK - 1) / CHUNK;
	c = malloc(nch * ZSTD_compressBound(CHUNK));
	off = calloc(nch, sizeof(*off));
	len = calloc(nch, sizeof(*len));
	if (!c || !off || !len)
		return 1;
	for (k = 0; k < nch; k++) {
		size_t l = k + 1 < nch ? CHUNK : n - k * CHUNK;

		off[k] = ct;
		len[k] = ZSTD_compress(c + ct, ZSTD_compressBound(l), in + k * CHUNK, l, level);
		if (ZSTD_isError(len[k]))
			return 1;
		ct += len[k];
	}
	for (rep = 0; rep < 7; rep++) {
		for (i = 0; i < 2; i++) {
			double t = pass(i == 0, in, n, c, off, len, nch, o);

			if (t < 0)
				return 1;
			if (t < best[i])
				best[i] = t;
		}
	}
	printf("level %d: %zu bytes in %zu frames of %zu bytes (ratio %.2f): "
	       "sf_zstd %.0f MB/s, libzstd %.0f MB/s, sf_zstd/libzstd %.2f\n",
	       level, n, nch, ct, (double)n / (double)ct, (double)n / best[0] / 1e6,
	       (double)n / best[1] / 1e6, best[1] / best[0]);
	return 0;
}
