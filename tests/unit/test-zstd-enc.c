// SPDX-License-Identifier: GPL-2.0
/*
 * test-zstd-enc - sigftrace's own Zstandard encoder (sf-zstd-enc.c), every
 * frame read back by libzstd: the content, its size in the frame header,
 * the bound, no byte written past a too small buffer, and the ratio on
 * compressible data (real trace pages among it) against libzstd level 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "sf-zstd.h"
#include "unit.h"

#define KIB 1024
#define MIB (1024 * 1024)
#define GUARD 64

static uint64_t rng = 88172645463325252ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 32);
}

/*
 * round_trip - compress @src into a bound-sized buffer followed by guard
 * bytes, decompress it with libzstd and compare; returns the frame's size,
 * 0 after a failed assertion
 */
static size_t round_trip(const unsigned char *src, size_t len)
{
	size_t bound = sf_zstd_bound(len), n, m;
	unsigned char *dst = malloc(bound + GUARD), *back = malloc(len + 1);
	unsigned long long fcs;
	size_t i;
	int ok = 0;

	CU_ASSERT_FATAL(dst != NULL && back != NULL);
	memset(dst + bound, 0xa5, GUARD);
	n = sf_zstd_compress(dst, bound, src, len);
	CU_ASSERT(n > 0);
	CU_ASSERT(n <= bound);
	for (i = 0; i < GUARD; i++)
		CU_ASSERT_EQUAL(dst[bound + i], 0xa5);
	if (n > 0 && n <= bound) {
		fcs = ZSTD_getFrameContentSize(dst, n);
		CU_ASSERT_EQUAL(fcs, (unsigned long long)len);
		CU_ASSERT_EQUAL(ZSTD_findFrameCompressedSize(dst, n), n);
		m = ZSTD_decompress(back, len + 1, dst, n);
		CU_ASSERT_FALSE(ZSTD_isError(m));
		if (ZSTD_isError(m))
			fprintf(stderr, "zstd-enc: %zu bytes: libzstd: %s\n", len,
				ZSTD_getErrorName(m));
		CU_ASSERT_EQUAL(m, len);
		ok = m == len && !memcmp(back, src, len);
		CU_ASSERT(ok);
	}
	free(dst);
	free(back);
	return ok ? n : 0;
}

/* level1 - the size of libzstd level 1's frame of @src */
static size_t level1(const unsigned char *src, size_t len)
{
	size_t cap = ZSTD_compressBound(len), n;
	void *dst = malloc(cap);

	CU_ASSERT_FATAL(dst != NULL);
	n = ZSTD_compress(dst, cap, src, len, 1);
	CU_ASSERT_FATAL(!ZSTD_isError(n));
	free(dst);
	return n;
}

/*
 * vs_level1 - a round trip of compressible @p: less than half its size, and
 * at most 1.5 times libzstd level 1's frame
 */
static void vs_level1(const unsigned char *p, size_t len)
{
	size_t n = round_trip(p, len), z = level1(p, len);

	CU_ASSERT(n > 0 && n < len / 2);
	CU_ASSERT(n <= z * 3 / 2);
}

static unsigned char *xmalloc(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

/*
 * records - @n bytes of signal_generate-like ring-buffer events: a u32
 * header with a varying time delta, the common fields, sig, comm and pids
 * of a few senders and receivers
 */
static void records(unsigned char *p, size_t n)
{
	static const char *const comms[] = { "bash", "storm-send", "kworker/0:1", "systemd" };
	size_t at = 0;

	while (at < n) {
		unsigned char r[48] = { 0 };
		uint32_t h = (rnd() % 3000) << 5 | 12, pid = 1000 + rnd() % 4, sig = 1 + rnd() % 3;
		size_t k = n - at < sizeof(r) ? n - at : sizeof(r);

		memcpy(r, &h, 4);
		r[4] = 0x9a;
		r[5] = 0x01;
		memcpy(r + 8, &pid, 4);
		memcpy(r + 12, &sig, 4);
		strcpy((char *)r + 20, comms[pid % 4]);
		pid += 77;
		memcpy(r + 36, &pid, 4);
		memcpy(p + at, r, k);
		at += k;
	}
}

static void test_small(void)
{
	unsigned char b[300] = { 0 };
	size_t i, n;

	n = round_trip(b, 0);
	CU_ASSERT(n > 0 && n <= sf_zstd_bound(0));
	b[0] = 'x';
	CU_ASSERT(round_trip(b, 1) > 0);
	for (i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)rnd();
	for (n = 2; n <= sizeof(b); n += 7)
		CU_ASSERT(round_trip(b, n) > 0);
	CU_ASSERT(round_trip(b, 127) > 0);
	memset(b, 'z', sizeof(b));
	CU_ASSERT(round_trip(b, 127) > 0);
	records(b, sizeof(b));
	CU_ASSERT(round_trip(b, 127) > 0);
	CU_ASSERT(round_trip(b, sizeof(b)) > 0);
}

static void test_runs(void)
{
	unsigned char *b = xmalloc(MIB);
	size_t n;

	memset(b, 0, MIB);
	n = round_trip(b, MIB);
	CU_ASSERT(n > 0 && n < 100);
	/* runs of different bytes and lengths, across block edges */
	for (n = 0; n < MIB;) {
		size_t k = 1 + rnd() % 5000;
		unsigned char c = (unsigned char)rnd();

		if (k > MIB - n)
			k = MIB - n;
		memset(b + n, c, k);
		n += k;
	}
	n = round_trip(b, MIB);
	CU_ASSERT(n > 0 && n < MIB / 20);
	free(b);
}

static void test_random(void)
{
	unsigned char *b = xmalloc(MIB);
	size_t i, n;

	for (i = 0; i < MIB; i++)
		b[i] = (unsigned char)rnd();
	n = round_trip(b, MIB);
	/* raw blocks: 3 bytes a block, the header */
	CU_ASSERT(n > 0 && n <= MIB + 8 * 3 + 14);
	/* 200 values: no gain from Huffman either */
	for (i = 0; i < MIB; i++)
		b[i] = (unsigned char)(rnd() % 200);
	CU_ASSERT(round_trip(b, MIB) > 0);
	free(b);
}

/* literals of few symbols (weights written directly) and of all 256 (FSE) */
static void test_literals(void)
{
	unsigned char *b = xmalloc(MIB);
	size_t i, n;

	for (i = 0; i < MIB; i++)
		b[i] = "etaoinsh"[rnd() % 8];
	n = round_trip(b, MIB);
	CU_ASSERT(n > 0 && n < MIB / 2 && n <= level1(b, MIB) * 13 / 10);
	for (i = 0; i < MIB; i++)
		b[i] = (unsigned char)(rnd() % 11 ? rnd() % 6 : rnd());
	n = round_trip(b, MIB);
	CU_ASSERT(n > 0 && n < MIB * 70 / 100);
	for (i = 0; i < MIB; i++)
		b[i] = (unsigned char)(128 + rnd() % 100);
	CU_ASSERT(round_trip(b, MIB) > 0);
	free(b);
}

/*
 * Counts of the Fibonacci numbers: an optimal prefix code 23 bits deep,
 * past Zstandard's 11 (the lengths are limited); symbols 100 and up, and
 * the bytes in random order, so that the literals are most of a block
 */
static void test_deep_huffman(void)
{
	unsigned char *b = xmalloc(120 * KIB);
	size_t n = 0, i, f0 = 1, f1 = 1, t;
	unsigned int s;

	for (s = 0; s < 24 && n < 120 * KIB; s++) {
		for (i = 0; i < f0 && n < 120 * KIB; i++)
			b[n++] = (unsigned char)(100 + 7 * s);
		t = f0 + f1;
		f0 = f1;
		f1 = t;
	}
	for (i = n; i > 1; i--) {
		size_t j = rnd() % i;
		unsigned char c = b[i - 1];

		b[i - 1] = b[j];
		b[j] = c;
	}
	CU_ASSERT(round_trip(b, n) > 0);
	CU_ASSERT(round_trip(b, n) < n * 6 / 10);
	free(b);
}

static void test_text(void)
{
	unsigned char *b = xmalloc(4 * MIB);
	size_t at = 0;

	while (4 * MIB - at > 100)
		at += (size_t)snprintf((char *)b + at, 100,
				       "%u.%06u: signal_generate: sig=%u pid=%u comm=%s\n",
				       rnd() % 100000, rnd() % 1000000, rnd() % 64, rnd() % 50000,
				       rnd() % 2 ? "bash" : "kworker/u8:2");
	vs_level1(b, at);
	free(b);
}

/* sizes around the 128 KiB block */
static void test_block_edges(void)
{
	static const size_t sizes[] = { 128 * KIB - 1, 128 * KIB,     128 * KIB + 1,
					256 * KIB,     256 * KIB + 1, 3 * MIB + 5 };
	unsigned char *b = xmalloc(4 * MIB);
	size_t i, n;

	records(b, 4 * MIB);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		n = round_trip(b, sizes[i]);
		CU_ASSERT(n > 0 && n < sizes[i] / 3);
	}
	free(b);
}

static void test_records(void)
{
	unsigned char *b = xmalloc(4 * MIB);
	size_t n;

	records(b, 4 * MIB);
	vs_level1(b, 4 * MIB);
	/* repetitive: one record again and again */
	for (n = 48; n < MIB; n++)
		b[n] = b[n - 48];
	n = round_trip(b, MIB);
	CU_ASSERT(n > 0 && n < MIB / 20);
	free(b);
}

/* matches reach into earlier blocks: the second half is the first again */
static void test_far_matches(void)
{
	unsigned char *b = xmalloc(2 * MIB);
	size_t i, n;

	for (i = 0; i < MIB; i++)
		b[i] = (unsigned char)rnd();
	memcpy(b + MIB, b, MIB);
	n = round_trip(b, 2 * MIB);
	CU_ASSERT(n > 0 && n < MIB + MIB / 50);
	free(b);
}

/*
 * A block whose sequences do not pay is written raw: the repeated offsets
 * it would have set are the decoder's no more (its first bytes repeat at
 * offset 30, the next block repeats them at 30 too)
 */
static void test_raw_then_repeat(void)
{
	unsigned char *b = xmalloc(256 * KIB);
	size_t i, k;

	for (k = 4; k < 12; k++) {
		for (i = 0; i < 256 * KIB; i++)
			b[i] = (unsigned char)rnd();
		memcpy(b + 40, b + 10, k);
		for (i = 128 * KIB + 1000; i + 16 <= 256 * KIB; i += 16)
			memcpy(b + i + 1, b + i + 1 - 30, 15);
		CU_ASSERT(round_trip(b, 256 * KIB) > 0);
	}
	free(b);
}

/* read_file - a fixture's bytes: v6 files are ring-buffer pages mostly */
static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;

	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fseek(f, 0, SEEK_END) == 0);
	n = ftell(f);
	CU_ASSERT_FATAL(n > 0);
	rewind(f);
	p = xmalloc((size_t)n);
	CU_ASSERT_FATAL(fread(p, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static void test_trace_files(void)
{
	static const char *const files[] = { "tests/data/scenario-v6.dat",
					     "tests/data/mipsel-boot-v6.dat" };
	size_t i, len;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		unsigned char *p = read_file(files[i], &len);

		vs_level1(p, len);
		free(p);
	}
}

/* a buffer too small: 0, and nothing written past it (ASan watches too) */
static void test_small_dst(void)
{
	unsigned char *b = xmalloc(300 * KIB), *dst;
	size_t sizes[] = { 0, 1, 100, 300 * KIB }, i, cap, n, len;

	records(b, 300 * KIB);
	for (i = 0; i < 300 * KIB; i += 1 + rnd() % 64)
		b[i] = (unsigned char)rnd();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		len = sizes[i];
		dst = xmalloc(sf_zstd_bound(len) + GUARD);
		n = sf_zstd_compress(dst, sf_zstd_bound(len), b, len);
		CU_ASSERT_FATAL(n > 0);
		for (cap = 0; cap < n; cap += cap < 64 ? 1 : 1 + rnd() % 997) {
			unsigned char *d = xmalloc(cap + GUARD);

			memset(d, 0x5a, cap + GUARD);
			CU_ASSERT_EQUAL(sf_zstd_compress(d, cap, b, len), 0);
			CU_ASSERT_EQUAL(d[cap], 0x5a);
			CU_ASSERT_EQUAL(d[cap + GUARD - 1], 0x5a);
			free(d);
		}
		/* exactly the frame's size is enough */
		{
			unsigned char *d = xmalloc(n);

			CU_ASSERT_EQUAL(sf_zstd_compress(d, n, b, len), n);
			CU_ASSERT(!memcmp(d, dst, n));
			free(d);
		}
		free(dst);
	}
	free(b);
}

/*
 * Past 2^27 bytes the frame has a 2^27 window (libzstd's default limit)
 * instead of a single segment, and no offset beyond it: the last MiB is
 * the first again, 129 MiB later, runs and repeats between. Decoded in
 * 1 MiB steps: a streaming decoder keeps no more than the window (the
 * one-shot one would follow any offset into its output)
 */
static void test_big_window(void)
{
	size_t len = 130 * (size_t)MIB, cap = 8 * MIB, i, n, r, at = 0;
	unsigned char *b = malloc(len), *dst = malloc(cap), *back = malloc(MIB);
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer in;
	int same = 1;

	CU_ASSERT_FATAL(b != NULL && dst != NULL && back != NULL && ds != NULL);
	for (i = 0; i < MIB; i++)
		b[i] = (unsigned char)rnd();
	memset(b + MIB, 0, len - 2 * MIB);
	for (i = 64 * MIB; i < 65 * MIB; i++)
		b[i] = i < 64 * MIB + 4000 ? (unsigned char)rnd() : b[i - 4000];
	memcpy(b + len - MIB, b, MIB);
	n = sf_zstd_compress(dst, cap, b, len);
	CU_ASSERT_FATAL(n > 0);
	CU_ASSERT_EQUAL(dst[4] & 0x20, 0); /* no Single_Segment */
	CU_ASSERT_EQUAL(dst[5], (27 - 10) << 3); /* Window_Descriptor: 2^27 */
	CU_ASSERT_EQUAL(ZSTD_getFrameContentSize(dst, n), (unsigned long long)len);
	in = (ZSTD_inBuffer){ dst, n, 0 };
	do {
		ZSTD_outBuffer out = { back, MIB, 0 };

		r = ZSTD_decompressStream(ds, &out, &in);
		if (ZSTD_isError(r) || out.pos > len - at) {
			CU_FAIL("libzstd's streaming decoder failed");
			break;
		}
		same &= !memcmp(back, b + at, out.pos);
		at += out.pos;
	} while (r != 0);
	CU_ASSERT_EQUAL(at, len);
	CU_ASSERT(same);
	ZSTD_freeDStream(ds);
	free(b);
	free(dst);
	free(back);
}

static void test_bound(void)
{
	CU_ASSERT(sf_zstd_bound(0) >= 4 + 2 + 3);
	CU_ASSERT(sf_zstd_bound(128 * KIB) >= 128 * KIB + 3 + 6);
	CU_ASSERT(sf_zstd_bound(128 * KIB + 1) >= 128 * KIB + 1 + 6 + 6);
	CU_ASSERT_EQUAL(sf_zstd_bound(SIZE_MAX - 3), SIZE_MAX);
}

int sf_unit_zstd_enc(void)
{
	CU_pSuite s = CU_add_suite("zstd-enc", NULL, NULL);

	if (!s || !CU_add_test(s, "empty, 1 byte, up to 300 bytes", test_small) ||
	    !CU_add_test(s, "runs: RLE blocks", test_runs) ||
	    !CU_add_test(s, "random bytes: raw blocks", test_random) ||
	    !CU_add_test(s, "Huffman literals, direct and FSE weights", test_literals) ||
	    !CU_add_test(s, "Huffman code lengths limited to 11 bits", test_deep_huffman) ||
	    !CU_add_test(s, "text lines vs libzstd level 1", test_text) ||
	    !CU_add_test(s, "sizes around the 128 KiB block", test_block_edges) ||
	    !CU_add_test(s, "trace-like records vs libzstd level 1", test_records) ||
	    !CU_add_test(s, "matches into earlier blocks", test_far_matches) ||
	    !CU_add_test(s, "a raw block keeps the repeated offsets", test_raw_then_repeat) ||
	    !CU_add_test(s, "trace.dat v6 fixtures vs libzstd level 1", test_trace_files) ||
	    !CU_add_test(s, "too small a buffer: 0, nothing past it", test_small_dst) ||
	    !CU_add_test(s, "130 MiB: a 2^27 window", test_big_window) ||
	    !CU_add_test(s, "the bound", test_bound))
		return -1;
	return 0;
}
