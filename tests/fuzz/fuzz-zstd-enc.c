// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-zstd-enc - sigftrace's own Zstandard encoder (sf-zstd-enc.c) on the
 * fuzzer's bytes, every frame decoded by libzstd: the same bytes back, the
 * content size in the header, no more than sf_zstd_bound(), and 0 (nothing
 * written past it) for a buffer one byte short of the frame.
 *
 * Input: an option byte, then the data. Option bits 0-6 (k): the data is
 * repeated to k * 4 KiB when k > 0 (each copy with its first byte counting
 * up), so that matches cross the 128 KiB blocks and reach into earlier ones.
 */
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "fuzz.h"
#include "sf-zstd.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("zstd-enc");
	return 0;
}

/* expand - @data repeated to @len bytes, copy i's first byte plus i */
static unsigned char *expand(const uint8_t *data, size_t size, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);
	size_t at, i;

	if (!p)
		return NULL;
	for (at = 0, i = 0; at < len; at += size, i++) {
		size_t k = len - at < size ? len - at : size;

		memcpy(p + at, data, k);
		p[at] = (unsigned char)(p[at] + i);
	}
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int k;
	unsigned char *src, *dst, *back;
	size_t len, bound, n, m;

	if (size < 1)
		return 0;
	k = data[0] & 0x7f;
	data++;
	size--;
	len = k && size ? (size_t)k * 4096 : size;
	src = k && size ? expand(data, size, len) : malloc(len ? len : 1);
	if (!src)
		return 0;
	if (!(k && size))
		memcpy(src, data, len);
	bound = sf_zstd_bound(len);
	dst = malloc(bound);
	back = malloc(len + 1);
	if (!dst || !back)
		abort();
	n = sf_zstd_compress(dst, bound, src, len);
	if (!n || n > bound)
		abort();
	if (ZSTD_getFrameContentSize(dst, n) != len)
		abort();
	m = ZSTD_decompress(back, len + 1, dst, n);
	if (ZSTD_isError(m) || m != len || memcmp(back, src, len))
		abort();
	/* one byte short: 0, and the allocation (ASan) is not overrun */
	free(dst);
	dst = malloc(n - 1 ? n - 1 : 1);
	if (!dst || sf_zstd_compress(dst, n - 1, src, len) != 0)
		abort();
	free(dst);
	free(back);
	free(src);
	return 0;
}
