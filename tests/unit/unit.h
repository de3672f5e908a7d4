/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SF_UNIT_H
#define SF_UNIT_H

#include <CUnit/CUnit.h>

/* Each test file registers its suite; unit-main.c calls them all. */
int sf_unit_signames(void);
int sf_unit_render(void);
int sf_unit_plugin(void);
int sf_unit_cli(void);
int sf_unit_datfile(void);
int sf_unit_textin(void);
int sf_unit_pages(void);
int sf_unit_kfilter(void);
int sf_unit_discard(void);
int sf_unit_sinks(void);
int sf_unit_attrib(void);
int sf_unit_zstd(void);
int sf_unit_zstd_enc(void);
int sf_unit_handover(void);
int sf_unit_recq(void);

/* The 6.x signal_generate format (test-render.c), shared with the plugin test. */
extern const char sf_unit_fmt_generate[];

/* Path of a file under tests/unit/data (tests run from the source tree). */
#define SF_UNIT_DATA "tests/unit/data/"

#endif
