// SPDX-License-Identifier: GPL-2.0
/*
 * test-zstd - sigftrace's own Zstandard codec (cli/lib/sf-zstd-*.c) against
 * libzstd.
 *
 * The decoder's part: frames libzstd writes (every level from 1 to 22,
 * checksums, no content size, small windows, streamed frames of many blocks,
 * several frames and skippable ones) must decode to the input byte for byte;
 * truncated, corrupted and unsupported frames must fail with a reason, and
 * never succeed where libzstd fails.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "sf-util.h"
#include "sf-zstd.h"
#include "unit.h"

/* --- the decoder ------------------------------------------------------------ */

#define DEC_MAX (1u << 20)

enum dec_kind { DEC_TEXT, DEC_RECORDS, DEC_RANDOM, DEC_ZEROS, DEC_BINARY, DEC_SMALL, DEC_KINDS };

static const char *const dec_kind_name[] = { "text",  "records", "random",
					     "zeros", "binary",	 "5 symbols" };

static uint32_t dec_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

/* @n bytes of a kind of data: what trace.dat pages and other files hold */
static void dec_fill(unsigned char *p, size_t n, enum dec_kind kind, uint64_t seed)
{
	static const char *const words[] = { "signal",	"generate", "deliver", "pid",
					     "comm",	"sig=9",    "errno=0", "code=0",
					     "kill",	"bash",	    "sleep",   "\n",
					     "SIGTERM", "-->",	    "grp=1",   "res=0" };
	size_t i = 0;

	switch (kind) {
	case DEC_TEXT:
		while (i < n) {
			const char *w = words[dec_rand(&seed) % 16];
			size_t l = strlen(w);

			if (l > n - i)
				l = n - i;
			memcpy(p + i, w, l);
			i += l;
			if (i < n)
				p[i++] = ' ';
		}
		break;
	case DEC_RECORDS:
		/* 32-byte records: a timestamp, pids, a signal, a comm */
		for (; i < n; i++) {
			uint64_t rec = i / 32, f = i % 32;

			if (f < 8)
				p[i] = (unsigned char)((rec * 1000 + (dec_rand(&seed) & 63)) >>
						       (8 * f));
			else if (f < 16)
				p[i] = (unsigned char)(f == 8  ? 1000 + rec % 7 :
						       f == 12 ? rec % 3 :
								 0);
			else if (f < 20)
				p[i] = f == 16 ? (unsigned char)(rec % 4 == 0 ? 9 : 15) : 0;
			else
				p[i] = (unsigned char)"sleep\0\0\0\0\0\0\0"[f - 20];
		}
		break;
	case DEC_RANDOM:
		for (; i < n; i++)
			p[i] = (unsigned char)dec_rand(&seed);
		break;
	case DEC_ZEROS:
		memset(p, 0, n);
		break;
	case DEC_SMALL:
		/* bytes 0 to 4: Huffman weights written directly, not FSE-coded */
		for (; i < n; i++)
			p[i] = (unsigned char)(dec_rand(&seed) % 5);
		break;
	default:
		/* skewed bytes with repeats at random distances */
		for (; i < n; i++) {
			uint32_t r = dec_rand(&seed);

			if (i > 300 && r % 8 == 0)
				p[i] = p[i - 1 - r / 8 % 300];
			else
				p[i] = (unsigned char)(r % 97 < 60 ? 'a' + r % 5 : r >> 8);
		}
	}
}

struct dec_params {
	int level;
	int checksum;
	int content_size;
	int window_log; /* 0: the level's */
};

/* one frame of @in by libzstd's advanced API; its length (0 on an error) */
static size_t dec_compress(void *dst, size_t cap, const void *in, size_t n,
			   const struct dec_params *pr)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t r;

	if (!c)
		return 0;
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, pr->level);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, pr->checksum);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, pr->content_size);
	if (pr->window_log)
		ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, pr->window_log);
	r = ZSTD_compress2(c, dst, cap, in, n);
	ZSTD_freeCCtx(c);
	return ZSTD_isError(r) ? 0 : r;
}

static unsigned char *dec_in, *dec_frame, *dec_out;
static size_t dec_frame_cap;

static int dec_setup(void)
{
	dec_frame_cap = 4 * ZSTD_compressBound(DEC_MAX) + 64;
	dec_in = malloc(4 * DEC_MAX);
	dec_frame = malloc(dec_frame_cap);
	dec_out = malloc(4 * DEC_MAX + 1);
	return dec_in && dec_frame && dec_out ? 0 : -1;
}

static int dec_teardown(void)
{
	free(dec_in);
	free(dec_frame);
	free(dec_out);
	return 0;
}

/* decode @flen bytes of dec_frame: must give dec_in's first @n bytes */
static int dec_check(size_t flen, size_t n, const char *what)
{
	char why[256] = "";
	size_t out = SIZE_MAX;
	int r;

	r = sf_zstd_decompress(dec_out, 4 * DEC_MAX + 1, dec_frame, flen, &out, why, sizeof(why));
	if (r || out != n || (n && memcmp(dec_out, dec_in, n))) {
		fprintf(stderr, "\n  %s: %zu bytes in a frame of %zu: %s%s\n", what, n, flen,
			r ? "failed: " : "wrong output", r ? why : "");
		return 0;
	}
	return 1;
}

static void test_dec_levels(void)
{
	static const size_t sizes[] = {
		0, 1, 127, 128 * 1024 - 1, 128 * 1024, 128 * 1024 + 1, 300 * 1000, DEC_MAX
	};
	static const int levels[] = { 1, 3, 9, 19, 22 };
	unsigned k, s, l, ck, bad = 0, runs = 0;
	char what[96];

	for (k = 0; k < DEC_KINDS; k++) {
		for (s = 0; s < SF_ARRAY_SIZE(sizes); s++) {
			dec_fill(dec_in, sizes[s], k, k * 31 + s);
			for (l = 0; l < SF_ARRAY_SIZE(levels); l++) {
				/* the slow levels up to 128 KiB + 1 (cross-unit runs under qemu) */
				if (levels[l] >= 19 && sizes[s] > 128 * 1024 + 1)
					continue;
				for (ck = 0; ck < 2; ck++) {
					struct dec_params p = { levels[l], ck, !ck, 0 };
					size_t f = dec_compress(dec_frame, dec_frame_cap, dec_in,
								sizes[s], &p);

					snprintf(what, sizeof(what), "%s, level %d, checksum %u",
						 dec_kind_name[k], levels[l], ck);
					runs++;
					if (!f || !dec_check(f, sizes[s], what))
						bad++;
				}
			}
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(runs > 420);
}

/* windows of 1 KiB to 64 KiB: blocks as small as the window, offsets up to it */
static void test_dec_windows(void)
{
	static const int wlogs[] = { 10, 11, 12, 16 };
	unsigned w, k, bad = 0;
	char what[96];

	for (w = 0; w < SF_ARRAY_SIZE(wlogs); w++) {
		for (k = 0; k < DEC_KINDS; k++) {
			struct dec_params p = { 19, 1, (int)(w & 1), wlogs[w] };
			size_t f;

			dec_fill(dec_in, 150 * 1000, k, w);
			f = dec_compress(dec_frame, dec_frame_cap, dec_in, 150 * 1000, &p);
			snprintf(what, sizeof(what), "%s, window log %d", dec_kind_name[k],
				 wlogs[w]);
			if (!f || !dec_check(f, 150 * 1000, what))
				bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* a streamed frame: no content size, a block per flush, then 1 MiB more */
static void test_dec_stream(void)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	ZSTD_outBuffer o = { dec_frame, dec_frame_cap, 0 };
	size_t off = 0, step = 777, r;

	CU_ASSERT_FATAL(c != NULL);
	dec_fill(dec_in, DEC_MAX, DEC_RECORDS, 5);
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	while (off < DEC_MAX) {
		size_t n = off < 100 * 1000 ? step : DEC_MAX - off;
		ZSTD_inBuffer i = { dec_in + off, n, 0 };

		r = ZSTD_compressStream2(c, &o, &i, off + n < DEC_MAX ? ZSTD_e_flush : ZSTD_e_end);
		CU_ASSERT_FATAL(!ZSTD_isError(r) && i.pos == n);
		off += n;
	}
	ZSTD_freeCCtx(c);
	CU_ASSERT(dec_check(o.pos, DEC_MAX, "streamed"));
}

/* frames one after the other, with skippable frames between them */
static void test_dec_frames(void)
{
	static const unsigned char skip[] = { 0x53, 0x2a, 0x4d, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5 };
	struct dec_params p[4] = {
		{ 1, 1, 1, 0 }, { 19, 0, 0, 0 }, { 3, 1, 0, 12 }, { 9, 0, 1, 0 }
	};
	size_t sizes[4] = { 1000, 0, 300 * 1000, 128 * 1024 }, at = 0, fl = 0, i;
	char why[128];
	size_t out;

	for (i = 0; i < 4; i++) {
		dec_fill(dec_in + at, sizes[i], (enum dec_kind)i, i);
		memcpy(dec_frame + fl, skip, sizeof(skip));
		fl += sizeof(skip);
		fl += dec_compress(dec_frame + fl, dec_frame_cap - fl, dec_in + at, sizes[i],
				   &p[i]);
		at += sizes[i];
	}
	CU_ASSERT(dec_check(fl, at, "four frames and skippable frames"));
	/* only a skippable frame: nothing */
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, 10, skip, sizeof(skip), &out, why, sizeof(why)),
			0);
	CU_ASSERT_EQUAL(out, 0);
	/* a skippable frame longer than the input */
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, 10, skip, sizeof(skip) - 1, &out, why,
					   sizeof(why)),
			-1);
	CU_ASSERT(strstr(why, "truncated skippable frame") != NULL);
	/* nothing at all: no frame, nothing decoded (as libzstd) */
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, 10, skip, 0, &out, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(out, 0);
}

/* every prefix of a small frame fails, or decodes as libzstd does */
static void test_dec_truncated(void)
{
	struct dec_params pr[2] = { { 3, 1, 1, 0 }, { 19, 0, 0, 0 } };
	unsigned v, fails = 0, bad = 0;
	size_t f, k, n = 3000;

	for (v = 0; v < 2; v++) {
		dec_fill(dec_in, n, DEC_BINARY, 77);
		f = dec_compress(dec_frame, dec_frame_cap, dec_in, n, &pr[v]);
		CU_ASSERT_FATAL(f > 100);
		for (k = 0; k < f; k++) {
			size_t out = 0,
			       t = ZSTD_decompress(dec_out + DEC_MAX, DEC_MAX, dec_frame, k);
			char why[256] = "";
			int r = sf_zstd_decompress(dec_out, DEC_MAX, dec_frame, k, &out, why,
						   sizeof(why));

			if (r) {
				fails++;
				if (!why[0])
					bad++;
			} else if (ZSTD_isError(t) || t != out ||
				   memcmp(dec_out, dec_out + DEC_MAX, out)) {
				fprintf(stderr, "\n  a frame cut to %zu bytes decodes\n", k);
				bad++;
			}
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* all but the empty prefix */
	CU_ASSERT(fails >= 2 * 100);
}

static void test_dec_room(void)
{
	struct dec_params p = { 3, 0, 0, 0 }, q = { 3, 0, 1, 0 };
	size_t f, out, n = 50 * 1000;
	char why[128];

	dec_fill(dec_in, n, DEC_TEXT, 9);
	/* no content size: found out while decoding */
	f = dec_compress(dec_frame, dec_frame_cap, dec_in, n, &p);
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, n - 1, dec_frame, f, &out, why, sizeof(why)),
			-1);
	CU_ASSERT(strstr(why, "output over 49999 bytes") != NULL);
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, n, dec_frame, f, &out, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(out, n);
	CU_ASSERT_EQUAL(sf_zstd_decompress(NULL, 0, dec_frame, f, &out, why, sizeof(why)), -1);
	/* with it: found out from the header */
	f = dec_compress(dec_frame, dec_frame_cap, dec_in, n, &q);
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, n - 1, dec_frame, f, &out, why, sizeof(why)),
			-1);
	CU_ASSERT(strstr(why, "content of 50000 bytes") != NULL);
}

static void test_dec_checksum(void)
{
	struct dec_params p = { 3, 1, 1, 0 };
	size_t f, out, n = 10000;
	char why[128];

	dec_fill(dec_in, n, DEC_RECORDS, 3);
	f = dec_compress(dec_frame, dec_frame_cap, dec_in, n, &p);
	CU_ASSERT(dec_check(f, n, "checksum"));
	dec_frame[f - 1] ^= 0x40;
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, n, dec_frame, f, &out, why, sizeof(why)), -1);
	CU_ASSERT_STRING_EQUAL(why, "frame 1: checksum mismatch");
	CU_ASSERT(ZSTD_isError(ZSTD_decompress(dec_out, n, dec_frame, f)));
}

/*
 * one hand-made frame: its verdict and libzstd's (not for a frame whose
 * window is over libzstd's limit on 32-bit targets, 1 GiB: @may_differ)
 */
static void dec_handmade_(const unsigned char *f, size_t len, const char *expect, int may_differ)
{
	char why[256] = "";
	size_t out = 0, t;
	int r;

	r = sf_zstd_decompress(dec_out, 1000, f, len, &out, why, sizeof(why));
	t = ZSTD_decompress(dec_out + DEC_MAX, 1000, f, len);
	if (expect) {
		CU_ASSERT_EQUAL(r, -1);
		CU_ASSERT(ZSTD_isError(t));
		if (!strstr(why, expect))
			fprintf(stderr, "\n  expected \"%s\", got \"%s\"\n", expect, why);
		CU_ASSERT(strstr(why, expect) != NULL);
	} else {
		CU_ASSERT_EQUAL(r, 0);
		if (!may_differ || sizeof(size_t) == 8)
			CU_ASSERT(!ZSTD_isError(t) && t == out);
	}
}

#define dec_handmade(f, len, expect) dec_handmade_(f, len, expect, 0)

static void test_dec_headers(void)
{
	/* magic, header descriptor, ..., an empty last raw block */
	static const unsigned char did0[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x21, 0, 0, 1, 0, 0 };
	static const unsigned char did5[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x21, 5, 0, 1, 0, 0 };
	static const unsigned char did4[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x23, 1, 2, 3, 4, 0, 1, 0, 0 };
	static const unsigned char rsvd[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x28, 0, 1, 0, 0 };
	static const unsigned char rtype[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0, 7, 0, 0 };
	static const unsigned char win2g[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xa8, 1, 0, 0 };
	static const unsigned char win2g5[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xaa, 1, 0, 0 };
	/* window 1 KiB, a compressed block: no literals, 1 sequence, all tables repeated */
	static const unsigned char rep[] = { 0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0x1d, 0, 0, 0, 1, 0xfc };
	/* Frame_Content_Size of 2 bytes (+256) and 8 bytes, an RLE block of 300 and 5 */
	static const unsigned char fcs2[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x60, 44,
					      0,    0x63, 0x09, 0,    0x61 };
	static const unsigned char fcs8[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xe0, 5, 0, 0,   0,
					      0,    0,	  0,	0,    0x2b, 0, 0, 0x7a };
	static const unsigned char fcsbad[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xe0, 6, 0, 0,	 0,
						0,    0,    0,	  0,	0x2b, 0, 0, 0x7a };
	static const unsigned char magic[] = { 0x28, 0xb5, 0x2f, 0xfe, 0x20, 0, 1, 0, 0 };

	dec_handmade(did0, sizeof(did0), NULL);
	dec_handmade(did5, sizeof(did5), "frame 1: needs dictionary 5");
	dec_handmade(did4, sizeof(did4), "needs dictionary 67305985");
	dec_handmade(rsvd, sizeof(rsvd), "reserved bit set in the frame header");
	dec_handmade(rtype, sizeof(rtype), "frame 1, block 1: reserved block type");
	dec_handmade_(win2g, sizeof(win2g), NULL, 1);
	dec_handmade(rep, sizeof(rep), "literal length table repeated without a previous one");
	dec_handmade(fcs2, sizeof(fcs2), NULL);
	dec_handmade(fcs8, sizeof(fcs8), NULL);
	dec_handmade(fcsbad, sizeof(fcsbad), "5 bytes decoded, the header says 6");
	dec_handmade(magic, sizeof(magic), "not a Zstandard frame (magic 0xfe2fb528)");
	/* over SF_ZSTD_WINDOW_MAX, which libzstd's one-shot decoder takes */
	{
		char why[128];
		size_t out;

		CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, 10, win2g5, sizeof(win2g5), &out, why,
						   sizeof(why)),
				-1);
		CU_ASSERT_STRING_EQUAL(why, "frame 1: window of 2684354560 bytes, over 2147483648");
	}
}

/* treeless literals in the first block: no tree to repeat */
static void test_dec_treeless(void)
{
	struct dec_params p = { 3, 0, 1, 0 };
	size_t f, n = 5000, out;
	char why[256];
	unsigned char *lit;

	dec_fill(dec_in, n, DEC_TEXT, 1);
	f = dec_compress(dec_frame, dec_frame_cap, dec_in, n, &p);
	/* header: magic, descriptor, 2 bytes of content size; then the block header */
	CU_ASSERT_FATAL(f > 10 && dec_frame[4] == 0x60);
	CU_ASSERT_FATAL((dec_frame[7] >> 1 & 3) == 2);
	lit = dec_frame + 10;
	CU_ASSERT_FATAL((*lit & 3) == 2); /* Huffman-coded literals */
	CU_ASSERT(dec_check(f, n, "Huffman literals"));
	*lit |= 3;
	CU_ASSERT_EQUAL(sf_zstd_decompress(dec_out, n, dec_frame, f, &out, why, sizeof(why)), -1);
	CU_ASSERT_STRING_EQUAL(
		why, "frame 1, block 1: treeless literals without a previous Huffman tree");
}

static int sf_unit_zstd_dec(CU_pSuite s)
{
	if (!CU_add_test(s, "decode: kinds, sizes, levels 1-22, checksums", test_dec_levels) ||
	    !CU_add_test(s, "decode: windows of 1 to 64 KiB", test_dec_windows) ||
	    !CU_add_test(s, "decode: a streamed frame of many blocks", test_dec_stream) ||
	    !CU_add_test(s, "decode: frames and skippable frames", test_dec_frames) ||
	    !CU_add_test(s, "decode: every truncation of a frame", test_dec_truncated) ||
	    !CU_add_test(s, "decode: not enough room", test_dec_room) ||
	    !CU_add_test(s, "decode: a corrupt checksum", test_dec_checksum) ||
	    !CU_add_test(s, "decode: headers, dictionaries, reserved bits", test_dec_headers) ||
	    !CU_add_test(s, "decode: treeless literals first", test_dec_treeless))
		return -1;
	return 0;
}

/* --- registration --------------------------------------------------------------- */

static int zstd_setup(void)
{
	return dec_setup();
}

static int zstd_teardown(void)
{
	return dec_teardown();
}

int sf_unit_zstd(void)
{
	CU_pSuite s = CU_add_suite("zstd", zstd_setup, zstd_teardown);

	if (!s || sf_unit_zstd_dec(s))
		return -1;
	return 0;
}
