// SPDX-License-Identifier: GPL-2.0
/*
 * Text traces: ftrace output (trace, trace_pipe, latency-format, the "last
 * boot" format of a persistent buffer) and tp_printk console logs, read with
 * sf_text_read() and rendered with the shared renderer.
 *
 * tests/data/text/ftrace-instance*.txt were recorded on 6.18 in a private
 * instance (signal, task and sched_process_exit events, set_event_pid on the
 * test shell) and read three times: default options, irq-info off with
 * record-tgid, and latency-format. The other fixtures are written after the
 * verified outputs in shared/reference/kernel-boot-options.md. Small cases
 * are written to a private temporary directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "sf-source-text.h"
#include "sf-util.h"

#define TEXT_DATA "tests/data/text/"
#define MAX_EVENTS 64

static struct {
	char dir[64]; /* private temp directory */
	struct sigftrace_render_opts opts;
} g;

/* What a read produced: one "SECS.NSECS CPU LINE" string per event. */
struct got {
	char *line[MAX_EVENTS];
	struct sf_text_event ev[MAX_EVENTS];
	int n;
	int stop_after; /* > 0: the callback stops the read after this many */
	bool mismatch; /* an unknown sender without the -1 pid the renderer needs */
};

static int collect(const struct sf_text_event *ev, void *ctx)
{
	struct got *got = ctx;
	struct sf_buf b = { 0 };

	if (got->n == MAX_EVENTS)
		return 1;
	sf_buf_printf(&b, "%llu.%09llu %d ", ev->ts / 1000000000ULL, ev->ts % 1000000000ULL,
		      ev->cpu);
	if (ev->type == SF_TEXT_EXIT) {
		sf_buf_printf(&b, "exit %s %d", ev->exit_comm, ev->exit_pid);
	} else {
		char text[SIGFTRACE_LINE_MAX];

		sigftrace_format(text, sizeof(text), &ev->sig, ev->sender_comm, &g.opts);
		if (ev->sender_unknown && ev->sig.sender_pid != -1)
			got->mismatch = true;
		sf_buf_printf(&b, "%s%s", text, ev->sender_unknown ? " [unknown]" : "");
	}
	got->line[got->n] = sf_xstrdup(sf_buf_str(&b));
	got->ev[got->n] = *ev;
	got->n++;
	sf_buf_free(&b);
	return got->stop_after && got->n >= got->stop_after;
}

static void got_free(struct got *got)
{
	int i;

	for (i = 0; i < got->n; i++)
		free(got->line[i]);
	memset(got, 0, sizeof(*got));
}

static int read_file(const char *path, struct got *got)
{
	char err[256];
	int ret;

	ret = sf_text_read(path, collect, got, err, sizeof(err));
	if (ret)
		fprintf(stderr, "\n  %s\n", err);
	return ret;
}

/* check - the events of @path are exactly @want */
static void check(const char *path, const char *const *want, int nwant)
{
	struct got got = { 0 };
	int i;

	CU_ASSERT_EQUAL_FATAL(sf_text_detect(path), 1);
	CU_ASSERT_EQUAL_FATAL(read_file(path, &got), 0);
	CU_ASSERT_FALSE(got.mismatch);
	CU_ASSERT_EQUAL(got.n, nwant);
	for (i = 0; i < got.n && i < nwant; i++) {
		if (strcmp(got.line[i], want[i]))
			fprintf(stderr, "\n  %s event %d:\n    got  %s\n    want %s\n", path, i,
				got.line[i], want[i]);
		CU_ASSERT_STRING_EQUAL(got.line[i], want[i]);
	}
	got_free(&got);
}

/* temp - write @len bytes of @data to a new file of the temp directory */
static const char *temp(const char *name, const char *data, size_t len)
{
	static char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", g.dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	close(fd);
	return path;
}

static const char *temp_str(const char *name, const char *text)
{
	return temp(name, text, strlen(text));
}

/* one_line - the single rendered event of @text, or "" */
static void one_line(const char *text, const char *want)
{
	const char *path = temp_str("one.txt", text);
	struct got got = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_EQUAL(read_file(path, &got), 0);
	CU_ASSERT_EQUAL(got.n, 1);
	if (got.n == 1 && strcmp(got.line[0], want))
		fprintf(stderr, "\n  %s    got  %s\n    want %s\n", text, got.line[0], want);
	CU_ASSERT_STRING_EQUAL(got.n == 1 ? got.line[0] : "", want);
	got_free(&got);
}

static int setup(void)
{
	strcpy(g.dir, "/tmp/sf-unit-textin-XXXXXX");
	if (!mkdtemp(g.dir))
		return -1;
	g.opts.arch = sigftrace_arch_find("x86_64");
	g.opts.flags = 0;
	return g.opts.arch ? 0 : -1;
}

static int teardown(void)
{
	static const char *const names[] = { "one.txt", "dat",	   "bin",      "empty",
					     "long",	"longeof", "exact",    "stream",
					     "hexnorm", "hexlast", "procs.txt" };
	char path[128];
	size_t i;

	for (i = 0; i < SF_ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", g.dir, names[i]);
		unlink(path);
	}
	return rmdir(g.dir);
}

/* ---------------------------------------------------------------------------
 * recorded fixtures
 */

/* clang-format off */
static const char *const instance_want[] = {
	"3170.358682000 0 (sh 446) --[SIGUSR1]--> (sh 447)",
	"3170.360057000 0 (sh 447) <==[SIGKILL]== default terminate",
	"3170.360074000 0 exit sh 447",
	"3170.360360000 0 (sh 447) --[SIGCHLD]--> (sh 446) child CLD_KILLED",
	"3170.363423000 0 (sh 446) <==[SIGCHLD]== handler 0x562adf6e5dc0",
	"3170.368508000 0 (Web Content 448) --[SIGHUP]--> (Web Content 448)",
	"3170.368510000 0 (Web Content 448) <==[SIGHUP]== handler 0x5615b3a62dc0",
	"3170.368546000 0 exit Web Content 448",
	"3170.369261000 0 (Web Content 448) --[SIGCHLD]--> (sh 446) child CLD_EXITED",
	"3170.369354000 0 (sh 446) <==[SIGCHLD]== handler 0x562adf6e5dc0",
	"3170.396888000 0 (my-worker-2 449) --[SIGTERM]--> (my-worker-2 449)",
	"3170.396890000 0 (my-worker-2 449) <==[SIGKILL]== default terminate",
	"3170.396906000 0 exit my-worker-2 449",
	"3170.397654000 0 (my-worker-2 449) --[SIGCHLD]--> (sh 446) child CLD_KILLED",
	"3170.397713000 0 (sh 446) <==[SIGCHLD]== handler 0x562adf6e5dc0",
	"3170.457978000 0 (timeout 450) <==[SIGALRM]== handler 0x5563fab85dd0",
	"3170.458221000 0 (timeout 450) --[SIGINT]--> (sleep 451)",
	"3170.458238000 0 (timeout 450) --[SIGINT]--> (sleep 451) ignored",
	"3170.458238000 0 (timeout 450) --[SIGINT]--> (timeout 450) ignored",
	"3170.458240000 0 (timeout 450) --[SIGCONT]--> (sleep 451) ignored",
	"3170.458245000 0 (timeout 450) --[SIGCONT]--> (sleep 451) ignored",
	"3170.458246000 0 (timeout 450) --[SIGCONT]--> (timeout 450) ignored",
	"3170.458428000 0 (sleep 451) <==[SIGKILL]== default terminate",
	"3170.458453000 0 exit sleep 451",
	"3170.463560000 0 (sleep 451) --[SIGCHLD]--> (timeout 450) child CLD_KILLED",
	"3170.463647000 0 (timeout 450) <==[SIGCHLD]== handler 0x5563fab85bd0",
	"3170.463930000 0 exit timeout 450",
	"3170.464737000 0 (timeout 450) --[SIGCHLD]--> (sh 446) child CLD_EXITED",
	"3170.464778000 0 (sh 446) <==[SIGCHLD]== handler 0x562adf6e5dc0",
	"3171.529090000 0 (perl 452) <==[SIGALRM]== handler 0x5589c6450570",
	"3171.529726000 0 exit perl 452",
	"3171.530811000 0 (perl 452) --[SIGCHLD]--> (sh 446) child CLD_EXITED",
	"3171.530923000 0 (sh 446) <==[SIGCHLD]== handler 0x562adf6e5dc0",
	"3171.534831000 1 (sh 453) --[SIGSEGV]--> (sh 453)",
	"3171.534834000 1 (sh 453) <==[SIGSEGV]== default core",
	"3171.534854000 1 exit sh 453",
	"3171.535052000 1 (sh 453) --[SIGCHLD]--> (sh 446) child CLD_KILLED",
	"3171.535160000 0 (sh 446) <==[SIGCHLD]== handler 0x562adf6e5dc0",
	"3171.535242000 0 exit sh 446",
	"3171.535670000 0 (sh 446) --[SIGCHLD]--> (sh 444) child CLD_EXITED",
	"3171.535778000 0 (sh 444) <==[SIGCHLD]== handler 0x563156515dc0",
};
/* clang-format on */

static void test_instance(void)
{
	check(TEXT_DATA "ftrace-instance.txt", instance_want, SF_ARRAY_SIZE(instance_want));
}

/* the same buffer with irq-info off and record-tgid's "(-------)" column */
static void test_instance_noirq_tgid(void)
{
	check(TEXT_DATA "ftrace-instance-noirq-tgid.txt", instance_want,
	      SF_ARRAY_SIZE(instance_want));
}

/*
 * latency-format: "Web Cont-448  0d..1. 3170368508us : ", the TASK column cut
 * to 8 bytes; task_rename gives the whole name back
 */
static void test_instance_latency(void)
{
	check(TEXT_DATA "ftrace-instance-latency.txt", instance_want, SF_ARRAY_SIZE(instance_want));
}

/* ---------------------------------------------------------------------------
 * written fixtures
 */

/* clang-format off */
static const char *const mixed_want[] = {
	"0.968461000 0 (kworker/u2:1 37) --[SIGCHLD]--> (kworker/u2:1 24) child CLD_EXITED ignored",
	"1.410934000 0 (init 1) --[SIGUSR1]--> (init 78)",
	"1.412313000 0 (init 78) <==[SIGKILL]== default terminate",
	"1.413462000 0 (init 78) --[SIGCHLD]--> (init 1) child CLD_KILLED",
	"1.631475000 0 (init 1) --[SIGTERM]--> (sleep 79) ignored",
	"1.839475000 0 (init 1) --[SIGHUP]--> (sh 81)",
	"1.839530000 0 (sh 81) <==[SIGHUP]== handler 0x525892",
	/* <...>: fork inherits the parent's comm, then task_rename */
	"966.659500000 1 (sigftrace 25510) --[SIGUSR1]--> (sleep 25400)",
	"966.661000000 1 (sh 25510) --[SIGTERM]--> (sleep 25400)",
	"966.662000000 1 (<...> 25511) --[SIGTERM]--> (sleep 25400) ignored",
	/* named by the comm= of the signals it received */
	"966.663000000 1 (sleep 25400) --[SIGCHLD]--> (sh 25510) child CLD_KILLED",
	/* the column says "Web Content" (read time); it was still bash */
	"970.000100000 0 (bash 701) --[SIGUSR1]--> (bash 700) tkill thread",
	"970.000300000 0 (Web Content 701) --[SIGUSR1]--> (bash 700) tkill thread",
	"970.000400000 0 (my-worker-2 702) --[SIGUSR2]--> (Web Content 701) sigqueue",
	"3161.892625000 1 (irq) --[SIGALRM]--> (timeout 32207) timer",
	"3162.000100000 1 (softirq) --[SIGIO]--> (rsyslogd 500) poll POLL_IN",
	"3162.000200000 1 (irq) --[SIGALRM]--> (rsyslogd 500) timer",
	"3162.000300000 1 (nmi) --[SIGPROF]--> (perf-exe 900)",
	"3162.000400000 0 (irq) --[SIGINT]--> (cat 904)",
	/* the trace_marker line that quotes an event is skipped; old kernel: no grp/res */
	"3162.000600000 0 (bash 903) --[SIGINT]--> (cat 904)",
	"3162.000700000 0 (kernel) --[SIGSEGV]--> (cat 904) fault SEGV_MAPERR thread",
	"3162.000800000 0 exit cat 904",
};

static const char *const lastboot_want[] = {
	"2.166025000 0 (<...> 1) --[SIGUSR1]--> (sleep 149)",
	"2.937695000 0 (<...> 160) --[SIGTERM]--> (init 1)",
	"2.977466000 0 (init 1) --[SIGTERM]--> (sleep 141)",
	"2.977472000 0 (init 1) --[SIGTERM]--> (sleep 142) ignored",
	"2.977499000 0 (init 1) --[SIGTERM]--> (sh 143)",
	"2.977600000 0 (sh 143) <==[SIGTERM]== handler 0x525892",
	"2.977700000 0 exit sleep 141",
	"2.977800000 0 (sleep 141) --[SIGCHLD]--> (init 1) child CLD_KILLED",
	"2.990200000 0 (umount 150) --[SIGUSR1]--> (umount 150) tkill thread",
	"2.990300000 0 (umount 150) --[SIGTERM]--> (init 1)",
	/* "bash-151": the CURRENT boot's name of pid 151, not trusted */
	"2.990400000 0 (<...> 151) --[SIGTERM]--> (sleep 142) ignored",
	"3.979751000 0 (init 1) --[SIGKILL]--> (sleep 142)",
};

static const char *const console_want[] = {
	"0.968461000 -1 (unknown) --[SIGCHLD]--> (kworker/u2:1 24) child CLD_EXITED ignored [unknown]",
	"2.568802000 -1 (unknown) --[SIGTERM]--> (sleep 85) [unknown]",
	"2.568915000 -1 (unknown) --[SIGTERM]--> (sleep 86) ignored [unknown]",
	"2.794959000 -1 (unknown) <==[SIGHUP]== handler 0x525892 [unknown]",
	"3.585084000 -1 (unknown) --[SIGKILL]--> (sleep 86) [unknown]",
	"3.600000000 -1 (unknown) --[SIGCHLD]--> (init 1) child CLD_KILLED [unknown]",
	/* a journal line without the kernel's timestamp */
	"0.000000000 -1 (unknown) --[SIGHUP]--> (sh 87) [unknown]",
	/* a fault: the kernel sent it, whoever was running */
	"3.700000000 -1 (kernel) --[SIGSEGV]--> (crash 90) fault SEGV_MAPERR [unknown]",
	/* CONFIG_PRINTK_CALLER: "[     T1]" is the sender */
	"3.800000000 -1 (init 1) --[SIGTERM]--> (sleep 91)",
	"3.900000000 -1 (<...> 92) <==[SIGTERM]== default terminate",
	"3.950000000 -1 (unknown) --[SIGINT]--> (sh 93) [unknown]",
	"4.000000000 -1 exit sleep 86",
	/* ftrace_dump(): the latency-format behind a printk prefix */
	"4.299999000 0 (init 1) --[SIGUSR1]--> (init 78)",
	/* CRLF, and NUL bytes before the line */
	"4.100000000 -1 (unknown) --[SIGUSR1]--> (Web Content 94) [unknown]",
	"4.200000000 -1 (unknown) --[SIGUSR2]--> (my-daemon-2 95) [unknown]",
};

static const char *const dmesg_t_want[] = {
	"0.000000000 -1 (unknown) --[SIGTERM]--> (sleep 85) [unknown]",
	"0.000000000 -1 (unknown) <==[SIGTERM]== default terminate [unknown]",
};
/* clang-format on */

static void test_mixed(void)
{
	check(TEXT_DATA "ftrace-mixed.txt", mixed_want, SF_ARRAY_SIZE(mixed_want));
}

static void test_lastboot(void)
{
	check(TEXT_DATA "persistent-lastboot.txt", lastboot_want, SF_ARRAY_SIZE(lastboot_want));
}

static void test_console(void)
{
	check(TEXT_DATA "console-tp_printk.txt", console_want, SF_ARRAY_SIZE(console_want));
}

static void test_dmesg_t(void)
{
	check(TEXT_DATA "dmesg-T.txt", dmesg_t_want, SF_ARRAY_SIZE(dmesg_t_want));
}

/* ---------------------------------------------------------------------------
 * single lines
 */

static void test_columns(void)
{
	/* the brief's examples */
	one_line(
		"            init-1       [000] d..1.     1.410934: signal_generate: sig=10 errno=0 code=0 comm=init pid=78 grp=1 res=0\n",
		"1.410934000 0 (init 1) --[SIGUSR1]--> (init 78)");
	one_line(
		"           <...>-1       [000] d..1.     2.166025: signal_generate: sig=0xa (10) errno=0x0 (0) code=0x0 (0) comm=sleep pid=0x95 (149) group=0x1 (1) result=0x0 (0)\n",
		"2.166025000 0 (<...> 1) --[SIGUSR1]--> (sleep 149)");
	one_line(
		"           sh-81      [000] d..1.     1.839530: signal_deliver: sig=1 errno=0 code=0 sa_handler=525892 sa_flags=4000000\n",
		"1.839530000 0 (sh 81) <==[SIGHUP]== handler 0x525892");
	one_line(
		"sigftrace-25504 [000]   966.659173: task_newtask: pid=25510 comm=sigftrace clone_flags=1200000 oom_score_adj=0\n"
		"<...>-25510 [000]   966.659200: task_rename: pid=25510 oldcomm=sigftrace newcomm=sh oom_score_adj=0\n"
		"<...>-25510 [000]   966.659300: signal_generate: sig=15 errno=0 code=0 comm=x pid=2 grp=1 res=0\n",
		"966.659300000 0 (sh 25510) --[SIGTERM]--> (x 2)");
	/* a task_rename without pid=: the TASK pid is taken as the renamed task */
	one_line(
		"<...>-7 [000] 1.0: task_rename: oldcomm=a newcomm=b c oom_score_adj=0\n"
		"<...>-7 [000] 1.1: signal_generate: sig=15 errno=0 code=0 comm=x pid=2 grp=1 res=0\n",
		"1.100000000 0 (b c 7) --[SIGTERM]--> (x 2)");
	/* dashes and spaces in the TASK column and in comm= */
	one_line(
		" a-b 1-2-3 c-12 [003] d..1. 5.000001: signal_generate: sig=9 errno=0 code=0 comm=x-1 pid=2 y pid=9 grp=1 res=0\n",
		"5.000001000 3 (a-b 1-2-3 c 12) --[SIGKILL]--> (x-1 pid=2 y 9)");
	one_line(
		"     Web Content-1234    [001] d..1.  7.5: signal_generate: sig=15 errno=0 code=0 comm=a pid=1 grp=1 res=0\n",
		"7.500000000 1 (Web Content 1234) --[SIGTERM]--> (a 1)");
	/* record-tgid, irq-info off, a 4-character flags column, a counter clock */
	one_line(
		"  sh-81 (     80) [000] d..1. 1.5: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0\n",
		"1.500000000 0 (sh 81) --[SIGHUP]--> (a 2)");
	one_line(
		"  sh-81 (-------) [000]  1.5: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0\n",
		"1.500000000 0 (sh 81) --[SIGHUP]--> (a 2)");
	one_line(
		"  sh-81 [000] d.s1 1.5: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0\n",
		"1.500000000 0 (softirq) --[SIGHUP]--> (a 2)");
	one_line(
		"  sh-81 [002] d..1. 123456789: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0\n",
		"0.123456789 2 (sh 81) --[SIGHUP]--> (a 2)");
	/* trace-cmd report pads the event name; nanosecond timestamps */
	one_line(
		"  sh-81  [000]  1.123456789: signal_generate:      sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0\n",
		"1.123456789 0 (sh 81) --[SIGHUP]--> (a 2)");
	/* latency-format with a non-ns clock: no "us" */
	one_line(
		"  sh-81      0d..1.  815: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0\n",
		"0.000000815 0 (sh 81) --[SIGHUP]--> (a 2)");
	/* negative values, a negative decimal in the last boot format */
	one_line(
		"  sh-81 [000] d..1. 1.0: signal_generate: sig=11 errno=-14 code=-6 comm=a pid=2 grp=0 res=3\n",
		"1.000000000 0 (sh 81) --[SIGSEGV]--> (a 2) tkill errno=-14 overflow thread");
	one_line(
		"  <...>-81 [000] d..1. 1.0: signal_generate: sig=0xb (11) errno=0xfffffff2 (-14) code=0xfffffffa (-6) comm=a pid=0x2 (2) group=0x0 (0) result=0x3 (3)\n",
		"1.000000000 0 (<...> 81) --[SIGSEGV]--> (a 2) tkill errno=-14 overflow thread");
	one_line(
		"  <...>-81 [000] d..1. 1.0: signal_deliver: sig=0xa (10) errno=0x0 (0) code=0x0 (0) sa_handler=0xffffffffffffffff (-1) sa_flags=0x0 (0)\n",
		"1.000000000 0 (<...> 81) <==[SIGUSR1]== handler 0xffffffffffffffff");
	/* SIG_IGN, and an unknown extra field */
	one_line(
		"  sh-81 [000] d..1. 1.0: signal_deliver: sig=10 errno=0 code=0 sa_handler=1 sa_flags=0 extra=5\n",
		"1.000000000 0 (sh 81) <==[SIGUSR1]== ignored");
}

/* every context letter of trace_print_lat_fmt() */
static void test_contexts(void)
{
	static const struct {
		const char *flags;
		enum sigftrace_context ctx;
	} cases[] = {
		{ "d..1.", SIGFTRACE_CTX_TASK },    { "dN.2.", SIGFTRACE_CTX_TASK },
		{ "d.h2.", SIGFTRACE_CTX_HARDIRQ }, { "dnH1.", SIGFTRACE_CTX_HARDIRQ },
		{ "..s2.", SIGFTRACE_CTX_SOFTIRQ }, { "b.s1.", SIGFTRACE_CTX_SOFTIRQ },
		{ "d.z1.", SIGFTRACE_CTX_NMI },	    { "D.Z1.", SIGFTRACE_CTX_NMI },
		{ "d.h1", SIGFTRACE_CTX_HARDIRQ },  { "X.s.", SIGFTRACE_CTX_SOFTIRQ },
		{ "dBhf.", SIGFTRACE_CTX_HARDIRQ },
	};
	struct got got = { 0 };
	struct sf_buf b = { 0 };
	const char *path;
	size_t i;

	for (i = 0; i < SF_ARRAY_SIZE(cases); i++)
		sf_buf_printf(
			&b,
			"  sh-81 [000] %s 1.0: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0\n",
			cases[i].flags);
	path = temp_str("one.txt", sf_buf_str(&b));
	sf_buf_free(&b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_EQUAL_FATAL(read_file(path, &got), 0);
	CU_ASSERT_EQUAL_FATAL(got.n, (int)SF_ARRAY_SIZE(cases));
	for (i = 0; i < SF_ARRAY_SIZE(cases); i++)
		CU_ASSERT_EQUAL(got.ev[i].sig.ctx, cases[i].ctx);
	got_free(&got);
}

static bool same_sig(const struct sigftrace_sig *a, const struct sigftrace_sig *b)
{
	return a->handler == b->handler && a->sa_flags == b->sa_flags && a->kind == b->kind &&
	       a->ctx == b->ctx && a->sig == b->sig && a->err == b->err && a->code == b->code &&
	       a->sender_pid == b->sender_pid && a->pid == b->pid && a->group == b->group &&
	       a->result == b->result && !strcmp(a->comm, b->comm);
}

/* the decoded struct: normal and last-boot spellings decode identically */
static void test_decode(void)
{
	static const char normal[] =
		"  sh-81 [001] dNh2. 1.5: signal_generate: sig=34 errno=-5 code=-1 comm=Web Content pid=7 grp=0 res=2\n"
		"  sh-7 [001] d..1. 1.6: signal_deliver: sig=34 errno=-5 code=-1 sa_handler=7f0012345678 sa_flags=14000004\n";
	static const char lastboot[] =
		"  <...>-81 [001] dNh2. 1.5: signal_generate: sig=0x22 (34) errno=0xfffffffb (-5) code=0xffffffff (-1) comm=Web Content pid=0x7 (7) group=0x0 (0) result=0x2 (2)\n"
		"  <...>-7 [001] d..1. 1.6: signal_deliver: sig=0x22 (34) errno=0xfffffffb (-5) code=0xffffffff (-1) sa_handler=0x7f0012345678 (139637976749688) sa_flags=0x14000004 (335544324)\n";
	struct got a = { 0 };
	struct got b = { 0 };
	const struct sigftrace_sig *s;

	CU_ASSERT_EQUAL_FATAL(read_file(temp_str("hexnorm", normal), &a), 0);
	CU_ASSERT_EQUAL_FATAL(read_file(temp_str("hexlast", lastboot), &b), 0);
	CU_ASSERT_EQUAL_FATAL(a.n, 2);
	CU_ASSERT_EQUAL_FATAL(b.n, 2);

	s = &a.ev[0].sig;
	CU_ASSERT_EQUAL(s->kind, SIGFTRACE_EV_GENERATE);
	CU_ASSERT_EQUAL(s->ctx, SIGFTRACE_CTX_HARDIRQ);
	CU_ASSERT_EQUAL(s->sig, 34);
	CU_ASSERT_EQUAL(s->err, -5);
	CU_ASSERT_EQUAL(s->code, -1);
	CU_ASSERT_EQUAL(s->sender_pid, 81);
	CU_ASSERT_EQUAL(s->pid, 7);
	CU_ASSERT_STRING_EQUAL(s->comm, "Web Content");
	CU_ASSERT_EQUAL(s->group, 0);
	CU_ASSERT_EQUAL(s->result, 2);
	CU_ASSERT_EQUAL(a.ev[0].cpu, 1);
	CU_ASSERT_EQUAL(a.ev[0].ts, 1500000000ULL);
	CU_ASSERT_FALSE(a.ev[0].sender_unknown);

	s = &a.ev[1].sig;
	CU_ASSERT_EQUAL(s->kind, SIGFTRACE_EV_DELIVER);
	CU_ASSERT_EQUAL(s->ctx, SIGFTRACE_CTX_TASK);
	CU_ASSERT_EQUAL(s->pid, 7);
	CU_ASSERT_EQUAL(s->sender_pid, 7);
	CU_ASSERT_EQUAL(s->handler, 0x7f0012345678ULL);
	CU_ASSERT_EQUAL(s->sa_flags, 0x14000004ULL);
	CU_ASSERT_EQUAL(s->group, -1);
	CU_ASSERT_EQUAL(s->result, -1);

	CU_ASSERT_TRUE(same_sig(&a.ev[0].sig, &b.ev[0].sig));
	CU_ASSERT_TRUE(same_sig(&a.ev[1].sig, &b.ev[1].sig));
	CU_ASSERT_STRING_EQUAL(
		a.line[0],
		"1.500000000 1 (irq) --[SIGRTMIN+2]--> (Web Content 7) sigqueue errno=-5 pending thread");
	/*
	 * The TASK column names 7 "sh" in the normal format; in the last boot
	 * format it is not trusted and the comm= received before names it.
	 */
	CU_ASSERT_STRING_EQUAL(a.line[1],
			       "1.600000000 1 (sh 7) <==[SIGRTMIN+2]== handler 0x7f0012345678");
	CU_ASSERT_STRING_EQUAL(
		b.line[1],
		"1.600000000 1 (Web Content 7) <==[SIGRTMIN+2]== handler 0x7f0012345678");
	got_free(&a);
	got_free(&b);
}

/* ---------------------------------------------------------------------------
 * detection, bad input, limits
 */

static void test_garbage(void)
{
	static const char bin[] =
		"\x7f"
		"ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0"
		"\n  sh-81 [000] d..1. 1.0: signal_generate: sig=1 errno=0 code=0 "
		"comm=a pid=2 grp=1 res=0\n";
	struct got got = { 0 };
	char err[256];
	const char *path;

	CU_ASSERT_EQUAL(sf_text_detect(TEXT_DATA "garbage.txt"), 0);
	CU_ASSERT_EQUAL(read_file(TEXT_DATA "garbage.txt", &got), 0);
	CU_ASSERT_EQUAL(got.n, 0);

	/* mostly NUL bytes: binary, whatever follows */
	path = temp("bin", bin, sizeof(bin) - 1);
	CU_ASSERT_EQUAL(sf_text_detect(path), 0);

	path = temp("empty", "", 0);
	CU_ASSERT_EQUAL(sf_text_detect(path), 0);
	CU_ASSERT_EQUAL(read_file(path, &got), 0);
	CU_ASSERT_EQUAL(got.n, 0);

	/* an empty trace is still a trace; a header alone is not garbage */
	path = temp_str("one.txt",
			"# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n");
	CU_ASSERT_EQUAL(sf_text_detect(path), 1);
	/* any ftrace event line makes it a text trace */
	path = temp_str("one.txt",
			"  bash-1 [000] d..2. 1.0: sched_switch: prev_comm=bash prev_pid=1\n");
	CU_ASSERT_EQUAL(sf_text_detect(path), 1);
	CU_ASSERT_EQUAL(read_file(path, &got), 0);
	CU_ASSERT_EQUAL(got.n, 0);

	errno = 0;
	CU_ASSERT_EQUAL(sf_text_detect(TEXT_DATA "no-such-file"), -1);
	CU_ASSERT_EQUAL(errno, ENOENT);
	CU_ASSERT_EQUAL(sf_text_read(TEXT_DATA "no-such-file", collect, &got, err, sizeof(err)),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot open tests/data/text/no-such-file: "));
	/* a directory cannot be read */
	CU_ASSERT_EQUAL(sf_text_detect(g.dir), -1);
	CU_ASSERT_EQUAL(sf_text_read(g.dir, collect, &got, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "cannot read "));
	got_free(&got);
}

/* a trace.dat is never a text trace, even with event lines in its strings */
static void test_trace_dat(void)
{
	static const char dat[] = "\x17\x08\x44tracing6\0\0\x08\0\0\0\0\x10\0\0"
				  "header_page\0\n"
				  "  sh-81 [000] d..1. 1.0: signal_generate: sig=1 errno=0 code=0 "
				  "comm=a pid=2 grp=1 res=0\n";
	struct got got = { 0 };
	char err[256];
	const char *path;

	path = temp("dat", dat, sizeof(dat) - 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_EQUAL(sf_text_detect(path), 0);
	CU_ASSERT_EQUAL(sf_text_read(path, collect, &got, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "is a trace.dat file"));
	CU_ASSERT_EQUAL(got.n, 0);
	got_free(&got);
}

static void test_long_lines(void)
{
	static const char ev[] =
		"  sh-81 [000] d..1. 1.0: signal_generate: sig=1 errno=0 code=0 comm=a pid=2 grp=1 res=0";
	struct got got = { 0 };
	struct sf_buf b = { 0 };
	const char *path;
	size_t len;
	char *big;

	/* an event line padded past the limit is skipped, the next one is read */
	len = 3 * SF_TEXT_LINE_MAX;
	big = sf_xmalloc(len + 1);
	memset(big, ' ', len);
	memcpy(big, ev, sizeof(ev) - 1);
	big[len] = '\0';
	sf_buf_printf(&b, "%s\n%s\n", big, ev);
	path = temp("long", sf_buf_str(&b), b.len);
	sf_buf_free(&b);
	CU_ASSERT_EQUAL(read_file(path, &got), 0);
	CU_ASSERT_EQUAL(got.n, 1);
	got_free(&got);

	/* exactly SF_TEXT_LINE_MAX bytes are fine, one more is not */
	big[SF_TEXT_LINE_MAX] = '\0';
	sf_buf_printf(&b, "%s\n", big);
	big[SF_TEXT_LINE_MAX] = ' ';
	big[SF_TEXT_LINE_MAX + 1] = '\0';
	sf_buf_printf(&b, "%s\n", big);
	path = temp("exact", sf_buf_str(&b), b.len);
	sf_buf_free(&b);
	CU_ASSERT_EQUAL(read_file(path, &got), 0);
	CU_ASSERT_EQUAL(got.n, 1);
	got_free(&got);

	/* one huge line without a newline: nothing to detect */
	memset(big, 'x', len);
	path = temp("longeof", big, len);
	CU_ASSERT_EQUAL(sf_text_detect(path), 0);
	CU_ASSERT_EQUAL(read_file(path, &got), 0);
	CU_ASSERT_EQUAL(got.n, 0);
	free(big);
}

static int count_cb(const struct sf_text_event *ev, void *ctx)
{
	unsigned long long *n = ctx;

	/* each line carries its number as the receiver pid */
	if (ev->sig.pid != (int)n[0] + 1)
		n[1]++;
	n[0]++;
	return 0;
}

/* lines across read-block boundaries, the last without a newline */
static void test_stream(void)
{
	struct sf_buf b = { 0 };
	unsigned long long n[2] = { 0, 0 };
	char err[256];
	const char *path;
	int i;

	for (i = 1; i <= 20000; i++)
		sf_buf_printf(
			&b,
			"%*s-%d [%03d] d..1. %d.%06d: signal_generate: sig=%d errno=0 code=0 comm=c%d pid=%d grp=1 res=0%s",
			1 + i % 16, "t", i, i % 7, i, i % 1000000, 1 + i % 30, i, i,
			i == 20000 ? "" : (i % 3 ? "\n" : "\r\n"));
	path = temp("stream", sf_buf_str(&b), b.len);
	sf_buf_free(&b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_EQUAL(sf_text_detect(path), 1);
	CU_ASSERT_EQUAL(sf_text_read(path, count_cb, n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n[0], 20000);
	CU_ASSERT_EQUAL(n[1], 0);
}

static void test_stop(void)
{
	struct got got = { .stop_after = 2 };

	CU_ASSERT_EQUAL(read_file(TEXT_DATA "ftrace-instance.txt", &got), 0);
	CU_ASSERT_EQUAL(got.n, 2);
	got_free(&got);
}

struct procs {
	int n;
	int tgid[4];
	int rtgid[4];
	char pcomm[4][SIGFTRACE_COMM_LEN + 1];
};

static int procs_cb(const struct sf_text_event *ev, void *ctx)
{
	struct procs *p = ctx;

	if (ev->type != SF_TEXT_SIGNAL || p->n >= 4)
		return 0;
	p->tgid[p->n] = ev->sender_tgid;
	p->rtgid[p->n] = ev->receiver_tgid;
	snprintf(p->pcomm[p->n], sizeof(p->pcomm[0]), "%s",
		 ev->sender_pcomm ? ev->sender_pcomm : "-");
	p->n++;
	return 0;
}

/* processes: from task_newtask's clone_flags, and from the record-tgid column */
static void test_processes(void)
{
	static const char text[] =
		"  tproc-100 [000] ..... 1.000001: task_newtask: pid=103 comm=tproc clone_flags=3d0f00 oom_score_adj=0\n"
		" tworker-103 [000] ..... 1.000002: task_rename: pid=103 oldcomm=tproc newcomm=tworker oom_score_adj=0\n"
		" tworker-103 [000] d..1. 1.000003: signal_generate: sig=10 errno=0 code=0 comm=victim pid=200 grp=1 res=0\n"
		"  tproc-100 [000] ..... 1.000004: task_newtask: pid=104 comm=tproc clone_flags=1200000 oom_score_adj=0\n"
		"  tproc-104 [000] d..1. 1.000005: signal_generate: sig=10 errno=0 code=-6 comm=tworker pid=103 grp=0 res=0\n"
		"   w2-301 (    300) [000] d..1. 1.000006: signal_generate: sig=15 errno=0 code=0 comm=x pid=5 grp=1 res=0\n";
	struct procs p = { 0 };
	const char *path = temp("procs.txt", text, sizeof(text) - 1);
	char err[256];

	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_EQUAL(sf_text_read(path, procs_cb, &p, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL_FATAL(p.n, 3);
	/* CLONE_THREAD: a thread of its parent's process */
	CU_ASSERT_EQUAL(p.tgid[0], 100);
	CU_ASSERT_STRING_EQUAL(p.pcomm[0], "tproc");
	/* a fork is a process of its own; its receiver a thread of process 100 */
	CU_ASSERT_EQUAL(p.tgid[1], 104);
	CU_ASSERT_EQUAL(p.rtgid[1], 100);
	/* record-tgid's column */
	CU_ASSERT_EQUAL(p.tgid[2], 300);
}

/* the shared renderer on a console event: "(unknown)", the seed format, short buffers */
static void test_format(void)
{
	struct sf_text_event ev;
	char buf[SIGFTRACE_LINE_MAX];
	struct sigftrace_render_opts seed = { g.opts.arch, SIGFTRACE_FMT_SEED };

	memset(&ev, 0, sizeof(ev));
	ev.type = SF_TEXT_SIGNAL;
	ev.cpu = -1;
	ev.sender_unknown = true;
	ev.sig.kind = SIGFTRACE_EV_GENERATE;
	ev.sig.sig = 15;
	ev.sig.sender_pid = -1;
	ev.sig.pid = 85;
	ev.sig.group = 1;
	ev.sig.result = 0;
	strcpy(ev.sig.comm, "sleep");
	CU_ASSERT_EQUAL(sigftrace_format(buf, sizeof(buf), &ev.sig, ev.sender_comm, &g.opts), 35);
	CU_ASSERT_STRING_EQUAL(buf, "(unknown) --[SIGTERM]--> (sleep 85)");
	sigftrace_format(buf, sizeof(buf), &ev.sig, ev.sender_comm, &seed);
	CU_ASSERT_STRING_EQUAL(buf, "Signal :: (unknown) --[15]--> (sleep 85)");
	CU_ASSERT_EQUAL(sigftrace_format(buf, 8, &ev.sig, ev.sender_comm, &g.opts), 7);
	CU_ASSERT_STRING_EQUAL(buf, "(unknow");
	CU_ASSERT_EQUAL(sigftrace_format(buf, 12, &ev.sig, ev.sender_comm, &g.opts), 11);
	CU_ASSERT_STRING_EQUAL(buf, "(unknown) -");
	CU_ASSERT_EQUAL(sigftrace_format(buf, 1, &ev.sig, ev.sender_comm, &g.opts), 0);
	CU_ASSERT_STRING_EQUAL(buf, "");

	/* SI_KERNEL needs no sender */
	ev.sig.code = 0x80;
	sigftrace_format(buf, sizeof(buf), &ev.sig, ev.sender_comm, &g.opts);
	CU_ASSERT_STRING_EQUAL(buf, "(kernel) --[SIGTERM]--> (sleep 85) kernel");

	ev.sig.kind = SIGFTRACE_EV_DELIVER;
	ev.sig.code = 0;
	ev.sig.pid = -1;
	ev.sig.handler = 0x525892;
	sigftrace_format(buf, sizeof(buf), &ev.sig, ev.sender_comm, &g.opts);
	CU_ASSERT_STRING_EQUAL(buf, "(unknown) <==[SIGTERM]== handler 0x525892");
	sigftrace_format(buf, sizeof(buf), &ev.sig, ev.sender_comm, &seed);
	CU_ASSERT_STRING_EQUAL(buf, "Deliver :: (unknown) <==[15]== handler 0x525892");

	/* a known sender is left alone */
	ev.sender_unknown = false;
	ev.sig.pid = 7;
	ev.sig.sender_pid = 7;
	ev.sender_comm = "sh";
	sigftrace_format(buf, sizeof(buf), &ev.sig, ev.sender_comm, &g.opts);
	CU_ASSERT_STRING_EQUAL(buf, "(sh 7) <==[SIGTERM]== handler 0x525892");
}

int sf_unit_textin(void)
{
	CU_pSuite s = CU_add_suite("textin", setup, teardown);

	if (!s || !CU_add_test(s, "ftrace instance, task events", test_instance) ||
	    !CU_add_test(s, "processes of threads", test_processes) ||
	    !CU_add_test(s, "ftrace instance, irq-info off, record-tgid",
			 test_instance_noirq_tgid) ||
	    !CU_add_test(s, "ftrace instance, latency-format", test_instance_latency) ||
	    !CU_add_test(s, "ftrace boot trace, <...>, contexts", test_mixed) ||
	    !CU_add_test(s, "persistent buffer, last boot format", test_lastboot) ||
	    !CU_add_test(s, "console log with tp_printk", test_console) ||
	    !CU_add_test(s, "dmesg -T", test_dmesg_t) ||
	    !CU_add_test(s, "single lines and columns", test_columns) ||
	    !CU_add_test(s, "irq, softirq and NMI flags", test_contexts) ||
	    !CU_add_test(s, "decoded fields", test_decode) ||
	    !CU_add_test(s, "garbage, binary, unreadable", test_garbage) ||
	    !CU_add_test(s, "trace.dat is not text", test_trace_dat) ||
	    !CU_add_test(s, "over-long lines", test_long_lines) ||
	    !CU_add_test(s, "streaming across blocks", test_stream) ||
	    !CU_add_test(s, "callback stops the read", test_stop) ||
	    !CU_add_test(s, "rendering unknown senders", test_format))
		return -1;
	return 0;
}
