// SPDX-License-Identifier: GPL-2.0
/*
 * plugin_sigftrace.so loaded through libtraceevent's own plugin loader
 * ($TRACEEVENT_PLUGIN_DIR, as trace-cmd and KernelShark load it).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "unit.h"

/* little-endian signal_generate: sender 812 sends 10 to "victim" 815, ignored */
static unsigned char rec_data[48] = {
	0x05, 0x01, 0, 0, 0x2c, 0x03, 0,   0, /* type 261, pid 812 */
	10,   0,    0, 0, 0,	0,    0,   0, /* sig, errno */
	0,    0,    0, 0, 'v',	'i',  'c', 't', /* code, comm */
	'i',  'm',  0, 0, 0,	0,    0,   0, /* */
	0,    0,    0, 0, 0x2f, 0x03, 0,   0, /* pid 815 */
	1,    0,    0, 0, 1,	0,    0,   0, /* group 1, result ignored */
};

static void render(struct tep_handle *tep, char *out, size_t size)
{
	struct tep_record rec = { 0 };
	struct trace_seq s;

	rec.data = rec_data;
	rec.size = sizeof(rec_data);
	trace_seq_init(&s);
	tep_print_event(tep, &s, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(out, size, "%s", s.buffer);
	trace_seq_destroy(&s);
}

static void check(const char *got, const char *want)
{
	if (strcmp(got, want))
		fprintf(stderr, "\n  got:  %s\n  want: %s\n", got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static struct tep_handle *new_tep(void)
{
	struct tep_handle *tep = tep_alloc();
	struct tep_event *ev;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tep);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	CU_ASSERT_EQUAL_FATAL(tep_parse_format(tep, &ev, sf_unit_fmt_generate,
					       strlen(sf_unit_fmt_generate), "signal"),
			      0);
	tep_register_comm(tep, "sc-main", 812);
	return tep;
}

static int setup(void)
{
	const char *dir = getenv("PLUGIN_DIR");

	if (!dir)
		return -1;
	/* only our plugin directory, after the system one, as trace-cmd does */
	return setenv("TRACEEVENT_PLUGIN_DIR", dir, 1);
}

/* without options, the plugin names signals with this machine's numbers */
static void test_load_render_unload(void)
{
	struct tep_handle *tep = new_tep();
	struct tep_plugin_list *list;
	char line[256];
	char want[64];

	rec_data[8] = SIGUSR1; /* 16 on MIPS */
	list = tep_load_plugins(tep);
	CU_ASSERT_PTR_NOT_NULL_FATAL(list);
	render(tep, line, sizeof(line));
	check(line, "(sc-main 812) --[SIGUSR1]--> (victim 815) ignored");
	/* the unloader takes the handler away again: back to the kernel's format */
	tep_unload_plugins(list, tep);
	render(tep, line, sizeof(line));
	snprintf(want, sizeof(want), "sig=%d errno=0 code=0 comm=victim pid=815 grp=1 res=1",
		 SIGUSR1);
	check(line, want);
	rec_data[8] = 10;
	tep_free(tep);
}

/* -O sigftrace:arch=mips, as trace-cmd report passes it, changes the names */
static void test_options(void)
{
	struct tep_handle *tep = new_tep();
	struct tep_plugin_list *list;
	char line[256];

	CU_ASSERT_EQUAL(tep_plugin_add_option("sigftrace:arch", "mips"), 0);
	list = tep_load_plugins(tep);
	render(tep, line, sizeof(line));
	check(line, "(sc-main 812) --[SIGBUS]--> (victim 815) ignored");
	tep_unload_plugins(list, tep);

	CU_ASSERT_EQUAL(tep_plugin_add_option("sigftrace:arch", "x86_64"), 0);
	CU_ASSERT_EQUAL(tep_plugin_add_option("sigftrace:seed", "1"), 0);
	list = tep_load_plugins(tep);
	render(tep, line, sizeof(line));
	check(line, "Signal :: (sc-main 812) --[10]--> (victim 815)");
	tep_unload_plugins(list, tep);

	CU_ASSERT_EQUAL(tep_plugin_add_option("sigftrace:seed", "0"), 0);
	CU_ASSERT_EQUAL(tep_plugin_add_option("sigftrace:numeric", "1"), 0);
	list = tep_load_plugins(tep);
	render(tep, line, sizeof(line));
	check(line, "(sc-main 812) --[10]--> (victim 815) ignored");
	tep_unload_plugins(list, tep);
	CU_ASSERT_EQUAL(tep_plugin_add_option("sigftrace:numeric", "0"), 0);
	tep_free(tep);
}

int sf_unit_plugin(void)
{
	CU_pSuite s = CU_add_suite("plugin", setup, NULL);

	if (!s || !CU_add_test(s, "load, render, unload", test_load_render_unload) ||
	    !CU_add_test(s, "options", test_options))
		return -1;
	return 0;
}
