// SPDX-License-Identifier: GPL-2.0
/*
 * The renderer on real format text (the modern 6.x layout and the old one
 * without group/result) and hand-built records in both byte orders.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "unit.h"
#include "sigftrace-render.h"

/* clang-format off */
const char sf_unit_fmt_generate[] =
	"name: signal_generate\n"
	"ID: 261\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int sig;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int errno;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:int code;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:char comm[16];\toffset:20;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:36;\tsize:4;\tsigned:1;\n"
	"\tfield:int group;\toffset:40;\tsize:4;\tsigned:1;\n"
	"\tfield:int result;\toffset:44;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"sig=%d errno=%d code=%d comm=%s pid=%d grp=%d res=%d\", REC->sig, REC->errno, REC->code, REC->comm, REC->pid, REC->group, REC->result\n";

/* before "signal: Add result and group to signal_generate" (3.8) */
static const char fmt_generate_old[] =
	"name: signal_generate\n"
	"ID: 261\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int sig;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int errno;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:int code;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:char comm[16];\toffset:20;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:36;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"sig=%d errno=%d code=%d comm=%s pid=%d\", REC->sig, REC->errno, REC->code, REC->comm, REC->pid\n";

/* a damaged format: the receiver pid is missing */
static const char fmt_generate_nopid[] =
	"name: signal_generate\n"
	"ID: 261\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int sig;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int errno;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:int code;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:char comm[16];\toffset:20;\tsize:16;\tsigned:0;\n"
	"\n"
	"print fmt: \"sig=%d errno=%d code=%d comm=%s\", REC->sig, REC->errno, REC->code, REC->comm\n";

static const char fmt_deliver[] =
	"name: signal_deliver\n"
	"ID: 260\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int sig;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int errno;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:int code;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:unsigned long sa_handler;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned long sa_flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"sig=%d errno=%d code=%d sa_handler=%lx sa_flags=%lx\", REC->sig, REC->errno, REC->code, REC->sa_handler, REC->sa_flags\n";
/* clang-format on */

struct gen {
	int flags, sender, sig, err, code, pid, group, result;
	const char *comm;
};

static int big_endian;
static struct sigftrace_render_opts opts;

static void put(unsigned char *p, unsigned long long v, int size)
{
	int i;

	for (i = 0; i < size; i++) {
		int shift = big_endian ? 8 * (size - 1 - i) : 8 * i;

		p[i] = (unsigned char)(v >> shift);
	}
}

/* build_generate - a signal_generate record (modern layout: 48 bytes) */
static size_t build_generate(unsigned char *buf, const struct gen *g, int old)
{
	memset(buf, 0, 48);
	put(buf, 261, 2);
	put(buf + 2, (unsigned long long)g->flags, 1);
	put(buf + 4, (unsigned int)g->sender, 4);
	put(buf + 8, (unsigned int)g->sig, 4);
	put(buf + 12, (unsigned int)g->err, 4);
	put(buf + 16, (unsigned int)g->code, 4);
	memcpy(buf + 20, g->comm, strnlen(g->comm, 16));
	put(buf + 36, (unsigned int)g->pid, 4);
	if (old)
		return 40;
	put(buf + 40, (unsigned int)g->group, 4);
	put(buf + 44, (unsigned int)g->result, 4);
	return 48;
}

static size_t build_deliver(unsigned char *buf, int pid, int sig, unsigned long long handler)
{
	memset(buf, 0, 40);
	put(buf, 260, 2);
	put(buf + 4, (unsigned int)pid, 4);
	put(buf + 8, (unsigned int)sig, 4);
	put(buf + 24, handler, 8);
	put(buf + 32, 0x14000000ULL, 8);
	return 40;
}

static int handler(struct trace_seq *s, struct tep_record *rec, struct tep_event *ev, void *ctx)
{
	return sigftrace_render_event(s, rec, ev, ctx);
}

static struct tep_handle *make_tep(const char *gen_fmt)
{
	struct tep_handle *tep = tep_alloc();
	struct tep_event *ev;

	CU_ASSERT_PTR_NOT_NULL_FATAL(tep);
	tep_set_file_bigendian(tep, big_endian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	CU_ASSERT_EQUAL_FATAL(tep_parse_format(tep, &ev, gen_fmt, strlen(gen_fmt), "signal"), 0);
	CU_ASSERT_EQUAL_FATAL(
		tep_parse_format(tep, &ev, fmt_deliver, strlen(fmt_deliver), "signal"), 0);
	tep_register_event_handler(tep, -1, "signal", "signal_generate", handler, &opts);
	tep_register_event_handler(tep, -1, "signal", "signal_deliver", handler, &opts);
	tep_register_comm(tep, "sc-main", 812);
	tep_register_comm(tep, "child", 901);
	return tep;
}

static void render(struct tep_handle *tep, unsigned char *buf, size_t len, char *out, size_t sz)
{
	struct tep_record rec = { 0 };
	struct trace_seq s;

	rec.data = buf;
	rec.size = (int)len;
	trace_seq_init(&s);
	tep_print_event(tep, &s, &rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(out, sz, "%s", s.buffer);
	trace_seq_destroy(&s);
}

static void expect_gen(struct tep_handle *tep, const struct gen *g, int old, const char *want)
{
	unsigned char buf[64];
	char got[512];

	render(tep, buf, build_generate(buf, g, old), got, sizeof(got));
	if (strcmp(got, want))
		fprintf(stderr, "\n  got:  %s\n  want: %s\n", got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void expect_del(struct tep_handle *tep, int pid, int sig, unsigned long long h,
		       const char *want)
{
	unsigned char buf[64];
	char got[512];

	render(tep, buf, build_deliver(buf, pid, sig, h), got, sizeof(got));
	if (strcmp(got, want))
		fprintf(stderr, "\n  got:  %s\n  want: %s\n", got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void run_modern(void)
{
	struct tep_handle *tep = make_tep(sf_unit_fmt_generate);

	opts.arch = sigftrace_arch_find("x86_64");
	opts.flags = 0;
	/* kill() from a named task, delivered: no decorations */
	expect_gen(tep, &(struct gen){ 0, 812, 10, 0, 0, 815, 1, 0, "victim" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (victim 815)");
	/* every origin */
	expect_gen(tep, &(struct gen){ 0, 812, 12, 0, -6, 816, 0, 0, "worker" }, 0,
		   "(sc-main 812) --[SIGUSR2]--> (worker 816) tkill thread");
	expect_gen(tep, &(struct gen){ 0, 812, 35, 0, -1, 817, 1, 0, "rt" }, 0,
		   "(sc-main 812) --[SIGRTMIN+3]--> (rt 817) sigqueue");
	expect_gen(tep, &(struct gen){ 0, 900, 11, 0, 1, 900, 0, 0, "crash" }, 0,
		   "(kernel) --[SIGSEGV]--> (crash 900) fault SEGV_MAPERR thread");
	expect_gen(tep, &(struct gen){ 0, 900, 7, 0, 2, 900, 0, 0, "crash" }, 0,
		   "(kernel) --[SIGBUS]--> (crash 900) fault BUS_ADRERR thread");
	expect_gen(tep, &(struct gen){ 0, 901, 17, 0, 1, 812, 1, 0, "sc-main" }, 0,
		   "(child 901) --[SIGCHLD]--> (sc-main 812) child CLD_EXITED");
	/* the kernel acted in another task's context: that task is named */
	expect_gen(tep, &(struct gen){ 0, 812, 9, 0, 0x80, 4, 1, 0, "oom" }, 0,
		   "(kernel) --[SIGKILL]--> (oom 4) kernel in sc-main/812");
	expect_gen(tep, &(struct gen){ 0, 812, 14, 0, -2, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGALRM]--> (app 7) timer");
	expect_gen(tep, &(struct gen){ 0, 812, 29, 0, 1, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGIO]--> (app 7) poll POLL_IN");
	expect_gen(tep, &(struct gen){ 0, 7, 31, 0, 1, 7, 0, 0, "app" }, 0,
		   "(kernel) --[SIGSYS]--> (app 7) sys SYS_SECCOMP thread");
	expect_gen(tep, &(struct gen){ 0, 812, 10, 0, -3, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (app 7) mesgq");
	expect_gen(tep, &(struct gen){ 0, 812, 10, 0, -4, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (app 7) asyncio");
	expect_gen(tep, &(struct gen){ 0, 812, 29, 0, -5, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGIO]--> (app 7) sigio");
	expect_gen(tep, &(struct gen){ 0, 812, 9, 0, -7, 7, 0, 0, "app" }, 0,
		   "(sc-main 812) --[SIGKILL]--> (app 7) dethread thread");
	expect_gen(tep, &(struct gen){ 0, 812, 10, 0, -60, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (app 7) asyncnl");
	expect_gen(tep, &(struct gen){ 0, 812, 15, 0, 5, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGTERM]--> (app 7) code=5");
	/* every result */
	expect_gen(tep, &(struct gen){ 0, 812, 15, 0, 0, 815, 1, 1, "stubborn" }, 0,
		   "(sc-main 812) --[SIGTERM]--> (stubborn 815) ignored");
	expect_gen(tep, &(struct gen){ 0, 812, 10, 0, 0, 815, 1, 2, "blocker" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (blocker 815) pending");
	expect_gen(tep, &(struct gen){ 0, 812, 40, 0, -1, 815, 1, 3, "q" }, 0,
		   "(sc-main 812) --[SIGRTMIN+8]--> (q 815) sigqueue overflow");
	expect_gen(tep, &(struct gen){ 0, 812, 40, 0, -1, 815, 1, 4, "q" }, 0,
		   "(sc-main 812) --[SIGRTMIN+8]--> (q 815) sigqueue lose-info");
	expect_gen(tep, &(struct gen){ 0, 812, 15, 0, 0, 815, 1, 9, "q" }, 0,
		   "(sc-main 812) --[SIGTERM]--> (q 815) res=9");
	expect_gen(tep, &(struct gen){ 0, 812, 15, 5, 0, 815, 1, 0, "q" }, 0,
		   "(sc-main 812) --[SIGTERM]--> (q 815) errno=5");
	/* interrupt context: the interrupted task is not the sender */
	expect_gen(tep, &(struct gen){ 0x08 | 0x01, 812, 14, 0, -2, 7, 1, 0, "app" }, 0,
		   "(irq) --[SIGALRM]--> (app 7) timer");
	expect_gen(tep, &(struct gen){ 0x10, 812, 29, 0, 1, 7, 1, 0, "app" }, 0,
		   "(softirq) --[SIGIO]--> (app 7) poll POLL_IN");
	expect_gen(tep, &(struct gen){ 0x40 | 0x08, 812, 10, 0, 0, 7, 1, 0, "app" }, 0,
		   "(nmi) --[SIGUSR1]--> (app 7)");
	/* bh disabled (0x80) in task context is still the task */
	expect_gen(tep, &(struct gen){ 0x80, 812, 10, 0, 0, 7, 1, 0, "app" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (app 7)");
	/* unknown sender, comm filling the whole field, control bytes */
	expect_gen(tep, &(struct gen){ 0, 4242, 10, 0, 0, 7, 1, 0, "abcdefghijklmnop" }, 0,
		   "(<...> 4242) --[SIGUSR1]--> (abcdefghijklmnop 7)");
	expect_gen(tep, &(struct gen){ 0, 812, 10, 0, 0, 7, 1, 0, "a\tb\nc" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (a?b?c 7)");
	/* seed format, as the original kernel patch printed */
	opts.flags = SIGFTRACE_FMT_SEED;
	expect_gen(tep, &(struct gen){ 0, 812, 15, 0, 0, 815, 1, 1, "stubborn" }, 0,
		   "Signal :: (sc-main 812) --[15]--> (stubborn 815)");
	expect_gen(tep, &(struct gen){ 0, 900, 11, 0, 1, 900, 0, 0, "crash" }, 0,
		   "Signal :: (kernel 0) --[11]--> (crash 900)");
	expect_gen(tep, &(struct gen){ 0x08, 812, 14, 0, -2, 7, 1, 0, "app" }, 0,
		   "Signal :: (kernel 0) --[14]--> (app 7)");
	opts.flags = SIGFTRACE_FMT_NUMERIC;
	expect_gen(tep, &(struct gen){ 0, 812, 15, 0, -6, 815, 0, 1, "stubborn" }, 0,
		   "(sc-main 812) --[15]--> (stubborn 815) tkill ignored thread");
	/* the recorded machine's table, not the host's */
	opts.flags = 0;
	opts.arch = sigftrace_arch_find("mips");
	expect_gen(tep, &(struct gen){ 0, 812, 10, 0, 0, 815, 1, 0, "x" }, 0,
		   "(sc-main 812) --[SIGBUS]--> (x 815)");
	expect_gen(tep, &(struct gen){ 0, 812, 16, 0, -3, 815, 1, 0, "x" }, 0,
		   "(sc-main 812) --[SIGUSR1]--> (x 815) timer");
	opts.arch = sigftrace_arch_find("x86_64");
	/* signal_deliver: receiver is common_pid, action from sa_handler */
	expect_del(tep, 812, 15, 0x401136, "(sc-main 812) <==[SIGTERM]== handler 0x401136");
	expect_del(tep, 812, 9, 0, "(sc-main 812) <==[SIGKILL]== default terminate");
	expect_del(tep, 901, 11, 0, "(child 901) <==[SIGSEGV]== default core");
	expect_del(tep, 901, 10, 1, "(child 901) <==[SIGUSR1]== ignored");
	expect_del(tep, 77, 20, 0, "(<...> 77) <==[SIGTSTP]== default stop");
	tep_free(tep);
}

static void test_modern_le(void)
{
	big_endian = 0;
	run_modern();
}

static void test_modern_be(void)
{
	big_endian = 1;
	run_modern();
}

static void run_old(void)
{
	struct tep_handle *tep = make_tep(fmt_generate_old);

	opts.arch = sigftrace_arch_find("x86_64");
	opts.flags = 0;
	/* no group/result on old kernels: nothing is guessed */
	expect_gen(tep, &(struct gen){ 0, 812, 15, 0, 0, 815, 0, 0, "stubborn" }, 1,
		   "(sc-main 812) --[SIGTERM]--> (stubborn 815)");
	expect_gen(tep, &(struct gen){ 0, 812, 12, 0, -6, 816, 0, 0, "worker" }, 1,
		   "(sc-main 812) --[SIGUSR2]--> (worker 816) tkill");
	tep_free(tep);
}

static void test_old_le(void)
{
	big_endian = 0;
	run_old();
}

static void test_old_be(void)
{
	big_endian = 1;
	run_old();
}

/* a format without a required field falls back to the kernel's print format */
static void test_missing_field(void)
{
	struct tep_handle *tep;

	big_endian = 0;
	tep = make_tep(fmt_generate_nopid);
	opts.arch = sigftrace_arch_find("x86_64");
	opts.flags = 0;
	expect_gen(tep, &(struct gen){ 0, 812, 15, 0, 0, 815, 1, 0, "victim" }, 1,
		   "sig=15 errno=0 code=0 comm=victim");
	tep_free(tep);
}

/* a record shorter than its format is refused, never read past */
static void test_truncated(void)
{
	struct tep_handle *tep;
	struct sigftrace_fields f;
	struct sigftrace_sig s;
	struct tep_record rec = { 0 };
	unsigned char buf[64];
	struct tep_event *ev;

	big_endian = 0;
	tep = make_tep(sf_unit_fmt_generate);
	ev = tep_find_event_by_name(tep, "signal", "signal_generate");
	CU_ASSERT_EQUAL_FATAL(sigftrace_fields_init(&f, ev), SIGFTRACE_EV_GENERATE);
	rec.data = buf;
	rec.size = (int)build_generate(buf, &(struct gen){ 0, 1, 15, 0, 0, 2, 1, 0, "x" }, 0);
	CU_ASSERT_EQUAL(sigftrace_decode(&f, &rec, &s), 0);
	CU_ASSERT_EQUAL(s.result, 0);
	rec.size = 44; /* result cut off: optional, unknown */
	CU_ASSERT_EQUAL(sigftrace_decode(&f, &rec, &s), 0);
	CU_ASSERT_EQUAL(s.result, -1);
	rec.size = 30; /* comm cut off: required */
	CU_ASSERT_EQUAL(sigftrace_decode(&f, &rec, &s), -1);
	rec.size = 0;
	CU_ASSERT_EQUAL(sigftrace_decode(&f, &rec, &s), -1);
	/* not a signal event */
	CU_ASSERT_EQUAL(sigftrace_fields_init(&f, NULL), SIGFTRACE_EV_OTHER);
	tep_free(tep);
}

/* the output never exceeds the buffer, whatever the input */
static void test_bounds(void)
{
	struct sigftrace_render_opts o = { sigftrace_arch_find("x86_64"), 0 };
	struct sigftrace_sig s = { 0 };
	char buf[SIGFTRACE_LINE_MAX];
	size_t n;

	s.kind = SIGFTRACE_EV_GENERATE;
	s.sig = -2147483647 - 1;
	s.sender_pid = -2147483647 - 1;
	s.pid = 2147483647;
	s.code = -2147483647 - 1;
	s.err = -2147483647 - 1;
	s.result = 2147483647;
	s.group = 0;
	memset(s.comm, 'x', SIGFTRACE_COMM_LEN);
	n = sigftrace_format(buf, sizeof(buf), &s, "0123456789abcdef", &o);
	CU_ASSERT_EQUAL(n, strlen(buf));
	CU_ASSERT(n < sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "(xxxxxxxxxxxxxxxx 2147483647)"));
	/* a negative pid is a sender nobody knows (console logs) */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "(unknown) --["));
	s.sender_pid = 2147483647;
	n = sigftrace_format(buf, 10, &s, "abc", &o);
	CU_ASSERT_EQUAL(n, 9);
	CU_ASSERT_STRING_EQUAL(buf, "(abc 2147");
	CU_ASSERT_EQUAL(sigftrace_format(buf, 0, &s, "abc", &o), 0);
}

static void expect_ids(const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
		       unsigned int flags, const char *want)
{
	struct sigftrace_render_opts o = { sigftrace_arch_find("x86_64"), flags };
	char buf[SIGFTRACE_LINE_MAX];

	sigftrace_format_ids(buf, sizeof(buf), s, ids, &o);
	if (strcmp(buf, want))
		fprintf(stderr, "\n  got:  %s\n  want: %s\n", buf, want);
	CU_ASSERT_STRING_EQUAL(buf, want);
}

/* processes and threads: the (comm pid) groups keep the seed's form */
static void test_identity(void)
{
	struct sigftrace_sig s = { 0 };
	struct sigftrace_ids ids = { "tproc", "tworker", NULL, 100, 103, 205 };

	s.kind = SIGFTRACE_EV_GENERATE;
	s.sig = 10;
	s.sender_pid = 103;
	s.pid = 205;
	s.group = 1;
	snprintf(s.comm, sizeof(s.comm), "victim");
	/* a worker thread sends: the process, then the thread after the receiver */
	expect_ids(&s, &ids, 0, "(tproc 100) --[SIGUSR1]--> (victim 205) by tworker/103");
	expect_ids(&s, &ids, SIGFTRACE_FMT_SEED, "Signal :: (tproc 100) --[10]--> (victim 205)");
	/* to a thread of another process: "of" its process */
	s.code = -6;
	s.group = 0;
	ids.rcomm = "vproc";
	ids.rpid = 200;
	expect_ids(
		&s, &ids, 0,
		"(tproc 100) --[SIGUSR1]--> (victim 205) tkill thread of vproc/200 by tworker/103");
	ids.rcomm = NULL;
	expect_ids(
		&s, &ids, 0,
		"(tproc 100) --[SIGUSR1]--> (victim 205) tkill thread of <...>/200 by tworker/103");
	/* the main thread sends: nothing more */
	ids = (struct sigftrace_ids){ "tproc", "tproc", NULL, 100, 100, 205 };
	s.code = 0;
	s.group = 1;
	expect_ids(&s, &ids, 0, "(tproc 100) --[SIGUSR1]--> (victim 205)");
	/* the kernel, for another task (a tty's ^C): "in" that task's process */
	s.sig = 2;
	s.code = 0x80;
	ids = (struct sigftrace_ids){ "sshd", "sshd-worker", NULL, 50, 52, 205 };
	expect_ids(&s, &ids, 0, "(kernel) --[SIGINT]--> (victim 205) kernel in sshd/50");
	expect_ids(&s, &ids, SIGFTRACE_FMT_SEED, "Signal :: (kernel 0) --[2]--> (victim 205)");
	/* for the receiver itself (a fault), or from an interrupt: nothing */
	ids = (struct sigftrace_ids){ "victim", "victim", NULL, 205, 205, 205 };
	expect_ids(&s, &ids, 0, "(kernel) --[SIGINT]--> (victim 205) kernel");
	s.ctx = SIGFTRACE_CTX_HARDIRQ;
	ids = (struct sigftrace_ids){ "sshd", "sshd", NULL, 50, 50, 205 };
	expect_ids(&s, &ids, 0, "(kernel) --[SIGINT]--> (victim 205) kernel");
	/* a delivery to a thread: "of" its process */
	s = (struct sigftrace_sig){ 0 };
	s.kind = SIGFTRACE_EV_DELIVER;
	s.sig = 10;
	s.sender_pid = s.pid = 103;
	s.handler = 0x4000;
	ids = (struct sigftrace_ids){ "tproc", "tworker", NULL, 100, 103, 103 };
	expect_ids(&s, &ids, 0, "(tworker 103) <==[SIGUSR1]== handler 0x4000 of tproc/100");
}

int sf_unit_render(void)
{
	CU_pSuite s = CU_add_suite("render", NULL, NULL);

	if (!s || !CU_add_test(s, "modern layout, little endian", test_modern_le) ||
	    !CU_add_test(s, "modern layout, big endian", test_modern_be) ||
	    !CU_add_test(s, "old layout, little endian", test_old_le) ||
	    !CU_add_test(s, "old layout, big endian", test_old_be) ||
	    !CU_add_test(s, "missing required field falls back", test_missing_field) ||
	    !CU_add_test(s, "truncated records", test_truncated) ||
	    !CU_add_test(s, "output bounds", test_bounds) ||
	    !CU_add_test(s, "processes and threads", test_identity))
		return -1;
	return 0;
}
