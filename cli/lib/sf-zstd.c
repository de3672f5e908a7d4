// SPDX-License-Identifier: GPL-2.0
/*
 * sf-zstd - the RFC 8878 tables shared by the own Zstandard decoder and
 * encoder (see sf-zstd-int.h)
 */
#include "sf-zstd-int.h"

/* clang-format off */
/* the Predefined distributions (3.1.1.3.2.2); -1: a probability below 1 */
const int16_t sf_zstd_ll_norm[SF_ZSTD_LL_CODES] = {
	4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
	-1, -1, -1, -1
};
const int16_t sf_zstd_ml_norm[SF_ZSTD_ML_CODES] = {
	1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
	-1, -1, -1, -1, -1
};
const int16_t sf_zstd_of_norm[SF_ZSTD_OF_PREDEF] = {
	1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1
};

/* Literals_Length and Match_Length codes: baseline and extra bits (3.1.1.3.2.1.1) */
const uint32_t sf_zstd_ll_base[SF_ZSTD_LL_CODES] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
	8192, 16384, 32768, 65536
};
const uint8_t sf_zstd_ll_bits[SF_ZSTD_LL_CODES] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
	13, 14, 15, 16
};
const uint32_t sf_zstd_ml_base[SF_ZSTD_ML_CODES] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
	35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
	4099, 8195, 16387, 32771, 65539
};
const uint8_t sf_zstd_ml_bits[SF_ZSTD_ML_CODES] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
	12, 13, 14, 15, 16
};
/* clang-format on */
