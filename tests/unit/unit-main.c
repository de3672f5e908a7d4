// SPDX-License-Identifier: GPL-2.0
/*
 * unit-tests - CUnit runner for the renderer, signal tables, plugin and CLI
 * parsers. Exit status is non-zero when any assertion failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "unit.h"

int main(void)
{
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (sf_unit_signames() || sf_unit_render() || sf_unit_plugin() || sf_unit_cli() ||
	    sf_unit_datfile() || sf_unit_textin() || sf_unit_pages() || sf_unit_kfilter() ||
	    sf_unit_discard() || sf_unit_sinks() || sf_unit_attrib() || sf_unit_zstd() ||
	    sf_unit_zstd_enc() || sf_unit_handover() || sf_unit_recq()) {
		fprintf(stderr, "unit-tests: cannot register suites: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
