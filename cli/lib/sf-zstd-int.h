/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-zstd-int - the tables of RFC 8878 that sigftrace's Zstandard decoder
 * (sf-zstd-dec.c) and encoder (sf-zstd-enc.c) both need: the Predefined
 * distributions of the three sequence codes (3.1.1.3.2.2) and the baselines
 * and extra bits of the Literals_Length and Match_Length codes
 * (3.1.1.3.2.1.1). One copy, in sf-zstd.c.
 */
#ifndef SF_ZSTD_INT_H
#define SF_ZSTD_INT_H

#include <stdint.h>

#define SF_ZSTD_LL_CODES 36
#define SF_ZSTD_ML_CODES 53
#define SF_ZSTD_OF_PREDEF 29 /* offset codes the Predefined distribution covers */

extern const int16_t sf_zstd_ll_norm[SF_ZSTD_LL_CODES];
extern const int16_t sf_zstd_ml_norm[SF_ZSTD_ML_CODES];
extern const int16_t sf_zstd_of_norm[SF_ZSTD_OF_PREDEF];
extern const uint32_t sf_zstd_ll_base[SF_ZSTD_LL_CODES];
extern const uint8_t sf_zstd_ll_bits[SF_ZSTD_LL_CODES];
extern const uint32_t sf_zstd_ml_base[SF_ZSTD_ML_CODES];
extern const uint8_t sf_zstd_ml_bits[SF_ZSTD_ML_CODES];

#endif
