// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-zstd - sigftrace's own Zstandard decoder (cli/lib/sf-zstd-dec*.c)
 * against libzstd's ZSTD_decompress() on the same bytes.
 *
 * Input: the bytes to decode, whole (frames, skippable frames, anything).
 * Each is decoded into 1 MiB of room by both; where libzstd's output fits,
 * also into exactly its length and into one byte less.
 *
 * The verdicts must agree. Where libzstd succeeds, sf_zstd_decompress() must
 * succeed with the same bytes, except where libzstd takes a frame that
 * RFC 8878 does not allow (laxer(), by our reason):
 *  - a block, its literals or its output over the Block_Maximum_Size
 *    (some of libzstd's paths check it, some do not);
 *  - a corrupt Huffman stream: no end mark, bits left, or more bits needed
 *    than it has, which libzstd's fast decoder (x86-64) takes, reading the
 *    stream before it for the missing bits;
 *  - a sequences bit stream that does not end with its last sequence, which
 *    some of libzstd's paths take (the missing bits are bits of their own);
 *  - an FSE table description that runs past the end of its block (or of
 *    the Huffman weights), which libzstd reads on in bits of its own;
 *  - the legacy formats of zstd 0.1 to 0.7 (magic 0xFD2FB521..7), which
 *    Debian's libzstd decodes and no encoder has written since 2016;
 *  - a window over SF_ZSTD_WINDOW_MAX (2 GiB): ZSTD_decompress() takes up
 *    to 3.75 GiB (libzstd's streaming decoder refuses over 128 MiB).
 * Where libzstd fails and ours succeeds, libzstd's error must be a limit of
 * its own that RFC 8878 does not set (allowed_strict()). Everything else is
 * a bug, as is any crash or sanitizer report. Without libzstd (no
 * SF_HAVE_ZSTD) only our decoder runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef SF_HAVE_ZSTD
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zstd_errors.h>
#endif

#include "fuzz.h"
#include "sf-zstd.h"

#define ROOM (1u << 20)

static unsigned char *ours, *theirs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ours = malloc(ROOM);
	theirs = malloc(ROOM);
	if (!ours || !theirs)
		abort();
	return 0;
}

static void bug(const char *what, const char *why)
{
	fprintf(stderr, "fuzz-zstd: %s%s%s\n", what, why ? ": " : "", why ? why : "");
	abort();
}

#ifdef SF_HAVE_ZSTD
/* what libzstd takes and we refuse (see the top) */
static int laxer(const char *why)
{
	static const char *const known[] = {
		"block maximum",
		"Huffman stream",
		"magic 0xfd2fb52",
		"sequences bit stream",
		"window of",
		"past the block's end",
		"Huffman weights: past its end",
	};
	size_t i;

	for (i = 0; i < SF_FUZZ_ARRAY(known); i++)
		if (strstr(why, known[i]))
			return 1;
	return 0;
}

/* libzstd's limits beyond RFC 8878's, where ours may accept the frame */
static int allowed_strict(ZSTD_ErrorCode e)
{
	switch (e) {
	case ZSTD_error_frameParameter_windowTooLarge: /* libzstd: 128 MiB by default */
		return 1;
	default:
		return 0;
	}
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256];
	size_t n = 0;
	int r;

	r = sf_zstd_decompress(ours, ROOM, data, size, &n, why, sizeof(why));
	if (r == 0 && n > ROOM)
		bug("output length over the room", NULL);
	if (r && !why[0])
		bug("an error without a reason", NULL);
#ifdef SF_HAVE_ZSTD
	{
		size_t t = ZSTD_decompress(theirs, ROOM, data, size), m = 0;

		if (!ZSTD_isError(t)) {
			if (r) {
				if (laxer(why))
					return 0;
				bug("libzstd decodes what we refuse", why);
			}
			if (n != t || memcmp(ours, theirs, n))
				bug("output differs from libzstd's", NULL);
			/* exactly the room it needs, and one byte less */
			if (sf_zstd_decompress(ours, t, data, size, &m, why, sizeof(why)) || m != t)
				bug("fails with exactly the room it needs", why);
			if (t && !sf_zstd_decompress(ours, t - 1, data, size, &m, why, sizeof(why)))
				bug("succeeds with one byte too little room", NULL);
		} else if (!r && !allowed_strict(ZSTD_getErrorCode(t))) {
			fprintf(stderr, "libzstd: %s\n", ZSTD_getErrorName(t));
			bug("we decode what libzstd refuses", NULL);
		}
	}
#endif
	return 0;
}
