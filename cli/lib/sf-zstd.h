/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-zstd - sigftrace's own Zstandard (RFC 8878) codec, so that a static
 * build needs no libzstd: a decoder for every frame a conforming encoder may
 * write (what trace-cmd and libzstd write at any level), and a small encoder
 * (LZ77 matches, predefined FSE tables) for record's trace.dat v7 chunks.
 *
 * Both are pure functions of their buffers: no allocation beyond their own
 * bounded scratch, no output, bounded by the given sizes on every field.
 */
#ifndef SF_ZSTD_H
#define SF_ZSTD_H

#include <stddef.h>

/*
 * sf_zstd_decompress - decode the frames in @src (@srclen bytes) into @dst
 * (@dstcap bytes). Skippable frames are skipped; a frame's content checksum,
 * when present, is verified. On success stores the decoded length in
 * *@outlen and returns 0; on any error (corrupt or truncated input, output
 * over @dstcap, a dictionary, a window beyond SF_ZSTD_WINDOW_MAX) returns -1
 * and describes it in @why ("block 3: offset 70000 beyond the 1024 bytes
 * decoded").
 */
#define SF_ZSTD_WINDOW_MAX (1ULL << 31)
int sf_zstd_decompress(void *dst, size_t dstcap, const void *src, size_t srclen, size_t *outlen,
		       char *why, size_t whysz);

/* sf_zstd_bound - the most sf_zstd_compress() can write for @len bytes */
size_t sf_zstd_bound(size_t len);

/*
 * sf_zstd_compress - encode @src (@len bytes) as one Zstandard frame into
 * @dst (@dstcap bytes, at least sf_zstd_bound(@len)). Returns the frame's
 * length, or 0 if @dstcap is too small or scratch memory cannot be had.
 */
size_t sf_zstd_compress(void *dst, size_t dstcap, const void *src, size_t len);

#endif /* SF_ZSTD_H */
