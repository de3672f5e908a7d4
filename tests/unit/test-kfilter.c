// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's filter grammar in user space (sf-filter-expr): the kernel's
 * error texts for bad expressions, and its results (checked against a
 * 6.18 kernel, see tests/e2e/filters.t) on hand-built signal_generate records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event-parse.h>

#include "unit.h"
#include "sf-filter-expr.h"

static struct tep_handle *tep;
static struct tep_event *gen;

static int setup(void)
{
	tep = tep_alloc();
	if (!tep ||
	    tep_parse_event(tep, sf_unit_fmt_generate, strlen(sf_unit_fmt_generate), "signal"))
		return -1;
	gen = tep_find_event_by_name(tep, "signal", "signal_generate");
	return gen ? 0 : -1;
}

static int teardown(void)
{
	tep_free(tep);
	return 0;
}

/* a native-order record: sender 100 signals (sleep 200) with @sig */
static void record(struct tep_record *rec, unsigned char *buf, int sig, const char *comm, int cpu)
{
	int v;

	memset(buf, 0, 48);
	memset(rec, 0, sizeof(*rec));
	v = 100;
	memcpy(buf + 4, &v, 4);
	memcpy(buf + 8, &sig, 4);
	memcpy(buf + 20, comm, strnlen(comm, 16));
	v = 200;
	memcpy(buf + 36, &v, 4);
	v = -1;
	memcpy(buf + 44, &v, 4); /* result: an odd value for signed compares */
	rec->data = buf;
	rec->size = 48;
	rec->cpu = cpu;
}

static const char *compile_err(const char *expr)
{
	static char err[256];
	struct sf_kfilter *f = sf_kfilter_compile(expr, gen, err, sizeof(err));

	if (f) {
		sf_kfilter_free(f);
		return NULL;
	}
	return err;
}

static void expect_err(const char *expr, const char *want)
{
	const char *got = compile_err(expr);

	if (!got || strcmp(got, want))
		fprintf(stderr, "\n  %s: got \"%s\", want \"%s\"\n", expr, got ? got : "(ok)",
			want);
	CU_ASSERT_PTR_NOT_NULL(got);
	if (got)
		CU_ASSERT_STRING_EQUAL(got, want);
}

static void test_errors(void)
{
	/* the texts of the kernel's error_log, as a 6.18 kernel gives them */
	expect_err("sig ==", "Invalid value (did you forget quotes)?");
	expect_err("comm == ", "Invalid value (did you forget quotes)?");
	expect_err("(sig == ", "Too many '('");
	expect_err("((sig == 1)", "Too many '('");
	expect_err("sig == 1)", "Too few '('");
	expect_err("comm =~ \"x\"", "Invalid operator");
	expect_err("sig=1", "Invalid operator");
	expect_err("bogus == 1", "Field not found");
	expect_err("common_comm == \"x\"", "Field not found");
	expect_err("sig == 1 2", "Too many terms in predicate expression");
	expect_err("sig == 1.5", "Too many terms in predicate expression");
	expect_err("sig == 1 | sig == 2", "Too many terms in predicate expression");
	expect_err("(sig == 1) (sig == 2)", "Too many terms in predicate expression");
	expect_err("comm == bash", "Invalid value (did you forget quotes)?");
	expect_err("comm == 12", "Expecting string field");
	expect_err("cpu == \"x\"", "Expecting numeric field");
	expect_err("sig ~ 1", "Illegal operation for field type");
	expect_err("sig < \"x\"", "Illegal operation for field type");
	expect_err("sig.function == 1", "Illegal operation for field type");
	expect_err("sig == \"1", "Missing matching quote");
	expect_err("sig == 1x", "Illegal integer value");
	expect_err("sig == 08", "Illegal integer value");
	expect_err("sig == 123456789012345678901234", "Operand too long");
	expect_err("cpu & CPUS{}", "Invalid cpulist");
	expect_err("cpu & CPUS{0", "Missing '}'");
	expect_err("cpu & CPUS 0", "Missing '{'");
	expect_err("!", "No filter found");
	expect_err("  ", "No filter found");
	/* what the kernel mishandles is refused */
	expect_err("sig == 1 &&", "Missing predicate (FIELD OP VALUE)");
	expect_err("sig == 1 || sig == 2 &&", "Missing predicate (FIELD OP VALUE)");
	expect_err("(sig == 1 &&)", "Missing predicate (FIELD OP VALUE)");
	expect_err("(sig == 1) && ()", "Missing predicate (FIELD OP VALUE)");
	expect_err("== 1", "Missing field name (a filter is FIELD OP VALUE)");
	CU_ASSERT_PTR_NULL(compile_err("sig == 1"));
	CU_ASSERT_PTR_NULL(compile_err("sig== 1"));
	CU_ASSERT_PTR_NULL(compile_err("comm~\"a*\""));
	CU_ASSERT_PTR_NULL(compile_err("comm == 'a'"));
	CU_ASSERT_PTR_NULL(compile_err("!!sig == 1"));
	CU_ASSERT_PTR_NULL(compile_err("sig == -1 && common_pid > 0x10 && errno == 010"));
}

static int matches(const char *expr, int sig, const char *comm, int cpu, const char *cur)
{
	unsigned char buf[48];
	struct tep_record rec;
	struct sf_kfilter *f;
	char err[256];
	int m;

	f = sf_kfilter_compile(expr, gen, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	record(&rec, buf, sig, comm, cpu);
	m = sf_kfilter_match(f, &rec, cur);
	sf_kfilter_free(f);
	return m;
}

static void test_results(void)
{
	/* results a 6.18 kernel gives for a SIGUSR1 to sleep */
	CU_ASSERT_TRUE(matches("comm ~ \"sl*\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"*lee*\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"s?eep\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"[s]leep\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"*\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"**\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"sleep*\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm == \"sleep\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_FALSE(matches("comm == \"slee\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_FALSE(matches("comm != \"sleep\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_FALSE(matches("comm ~ \"!sleep\"", 10, "sleep", 0, "bash"));
	/* the kernel's "*suffix" on a char array compares the array's last bytes */
	CU_ASSERT_FALSE(matches("comm ~ \"*eep\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_FALSE(matches("comm ~ \"*sleep\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"*5\"", 10, "abcdefghijklmn5", 0, "bash"));
	CU_ASSERT_TRUE(matches("comm ~ \"*[e]ep\"", 10, "sleep", 0, "bash"));
	/* COMM is the current task (the sender) */
	CU_ASSERT_TRUE(matches("COMM ~ \"ba*\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_FALSE(matches("COMM ~ \"*sh\"", 10, "sleep", 0, "bash"));
	CU_ASSERT_FALSE(matches("COMM == \"bash\"", 10, "sleep", 0, NULL));
	/* numbers: hex, octal, bits, 32-bit truncation of == values, signed compares */
	CU_ASSERT_TRUE(matches("sig == 0xa", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("sig == 012", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("sig & 8", 10, "sleep", 0, "bash"));
	CU_ASSERT_FALSE(matches("sig & 4", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("sig == 4294967306", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("sig > -1", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("result < 0", 10, "sleep", 0, "bash"));
	CU_ASSERT_TRUE(matches("common_pid > 0 && pid == 200", 10, "sleep", 0, "bash"));
	/* cpu */
	CU_ASSERT_TRUE(matches("cpu >= 1", 10, "sleep", 1, "bash"));
	CU_ASSERT_FALSE(matches("cpu & 1", 10, "sleep", 1, "bash"));
	CU_ASSERT_TRUE(matches("cpu & CPUS{1}", 10, "sleep", 1, "bash"));
	CU_ASSERT_TRUE(matches("CPU & CPUS{0,2-3}", 10, "sleep", 3, "bash"));
	CU_ASSERT_FALSE(matches("cpu & CPUS{0,2-3}", 10, "sleep", 1, "bash"));
	CU_ASSERT_FALSE(matches("cpu == CPUS{0,2-3}", 10, "sleep", 2, "bash"));
	/* logic: && binds tighter than ||, ! negates one term or a group */
	CU_ASSERT_TRUE(matches("sig == 1 || sig == 10 && comm == \"sleep\"", 10, "sleep", 0, "x"));
	CU_ASSERT_FALSE(matches("(sig == 1 || sig == 10) && comm == \"x\"", 10, "sleep", 0, "x"));
	CU_ASSERT_TRUE(matches("!sig == 1 && !(comm == \"a\" || sig == 2)", 10, "sleep", 0, "x"));
	CU_ASSERT_FALSE(matches("!(sig == 10)", 10, "sleep", 0, "x"));
	CU_ASSERT_TRUE(matches("!!(sig == 10)", 10, "sleep", 0, "x"));
}

int sf_unit_kfilter(void)
{
	CU_pSuite s = CU_add_suite("kernel filter grammar", setup, teardown);

	if (!s || !CU_add_test(s, "the kernel's errors", test_errors) ||
	    !CU_add_test(s, "the kernel's results", test_results))
		return -1;
	return 0;
}
