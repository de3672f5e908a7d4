// SPDX-License-Identifier: GPL-2.0
/*
 * Signal tables against the numbers of each architecture's uapi headers
 * (tests/unit/data/uapi-signals.txt and uapi-sicodes.txt, read from the
 * kernel's include/uapi/asm-generic and arch/<arch>/include/uapi/asm).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "sigftrace-signames.h"

static const char *const tables[] = { "generic", "mips", "parisc", "alpha", "sparc" };

static FILE *open_data(const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), SF_UNIT_DATA "%s", name);
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	return f;
}

/* every uapi signal name parses to its number; every number 1..31 formats
 * to one of the names its header gives it */
static void check_table(const char *table)
{
	const struct sigftrace_arch *arch = sigftrace_arch_find(table);
	char seen[32][64] = { { 0 } };
	char line[256], t[32], name[64], name_buf[SIGFTRACE_SIGNAME_MAX];
	int num, n, sig, facts = 0;
	FILE *f;

	CU_ASSERT_PTR_NOT_NULL_FATAL(arch);
	CU_ASSERT_STRING_EQUAL(sigftrace_arch_name(arch), table);
	f = open_data("uapi-signals.txt");
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || sscanf(line, "%31s %63s %d", t, name, &num) != 3)
			continue;
		if (strcmp(t, table))
			continue;
		facts++;
		if (!strcmp(name, "_NSIG") || !strcmp(name, "SIGRTMAX")) {
			CU_ASSERT_EQUAL(sigftrace_arch_nsig(arch), num);
			continue;
		}
		if (!strcmp(name, "SIGRTMIN")) {
			CU_ASSERT_EQUAL(SIGFTRACE_SIGRTMIN, num);
			CU_ASSERT_EQUAL(sigftrace_sig_parse(arch, "SIGRTMIN"), num);
			continue;
		}
		if (strncmp(name, "SIG", 3))
			continue;
		sig = sigftrace_sig_parse(arch, name);
		if (sig != num)
			fprintf(stderr, "\n%s: %s parses to %d, header says %d\n", table, name, sig,
				num);
		CU_ASSERT_EQUAL(sig, num);
		/* lower case and without SIG prefix too */
		CU_ASSERT_EQUAL(sigftrace_sig_parse(arch, name + 3), num);
		if (num > 0 && num < 32) {
			n = (int)strlen(seen[num]);
			snprintf(seen[num] + n, sizeof(seen[num]) - (size_t)n, " %s ", name);
		}
	}
	fclose(f);
	CU_ASSERT(facts > 30);
	for (num = 1; num < 32; num++) {
		char want[32];

		sigftrace_sig_format(name_buf, sizeof(name_buf), arch, num);
		snprintf(want, sizeof(want), " %s ", name_buf);
		if (!strstr(seen[num], want))
			fprintf(stderr, "\n%s: %d formats as %s, header names:%s\n", table, num,
				name_buf, seen[num]);
		CU_ASSERT_PTR_NOT_NULL(strstr(seen[num], want));
	}
}

static void test_generic(void)
{
	check_table("generic");
}

static void test_mips(void)
{
	check_table("mips");
}

static void test_parisc(void)
{
	check_table("parisc");
}

static void test_alpha(void)
{
	check_table("alpha");
}

static void test_sparc(void)
{
	check_table("sparc");
}

/* the prefix of a code name tells which signal its positive value belongs to */
static int code_signal(const struct sigftrace_arch *arch, const char *code)
{
	static const struct {
		const char *prefix;
		const char *sig;
	} map[] = {
		{ "ILL_", "SIGILL" }, { "FPE_", "SIGFPE" },   { "SEGV_", "SIGSEGV" },
		{ "BUS_", "SIGBUS" }, { "TRAP_", "SIGTRAP" }, { "CLD_", "SIGCHLD" },
		{ "POLL_", "SIGIO" }, { "SYS_", "SIGSYS" },   { "EMT_", "SIGEMT" },
		{ "SI_", "SIGUSR1" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (!strncmp(code, map[i].prefix, strlen(map[i].prefix)))
			return sigftrace_sig_parse(arch, map[i].sig);
	}
	return -1;
}

/* si_code names of every table; per-arch lines override the generic ones */
static void test_sicodes(void)
{
	char line[256], t[32], name[64];
	unsigned int i;
	int value, checked = 0;
	FILE *f;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct sigftrace_arch *arch = sigftrace_arch_find(tables[i]);

		f = open_data("uapi-sicodes.txt");
		while (fgets(line, sizeof(line), f)) {
			const char *code, *got;
			int sig, v;

			if (line[0] == '#' || sscanf(line, "%31s %63s %d", t, name, &value) != 3)
				continue;
			code = name[0] == '_' && name[1] == '_' ? name + 2 : name;
			/* ia64-only codes, sparc's SI_NOINFO and the NSIG* counts */
			if (!strncmp(name, "__ILL_", 6) || !strncmp(name, "NSIG", 4) ||
			    !strcmp(name, "SI_NOINFO"))
				continue;
			if (strcmp(t, "generic") && strcmp(t, tables[i]))
				continue;
			/* a generic line that this arch overrides */
			if (!strcmp(t, "generic") && strcmp(tables[i], "generic")) {
				char l2[256], t2[32], n2[64];
				int v2, overridden = 0;
				FILE *g = open_data("uapi-sicodes.txt");

				while (fgets(l2, sizeof(l2), g)) {
					if (sscanf(l2, "%31s %63s %d", t2, n2, &v2) == 3 &&
					    !strcmp(t2, tables[i]) && !strcmp(n2, name))
						overridden = 1;
				}
				fclose(g);
				if (overridden)
					continue;
			}
			sig = code_signal(arch, code);
			if (sig < 0) /* SIGEMT exists only on some architectures */
				continue;
			got = sigftrace_code_name(arch, sig, value);
			if (!got || strcmp(got, code))
				fprintf(stderr, "\n%s: code %d of signal %d is %s, header: %s\n",
					tables[i], value, sig, got ? got : "(null)", code);
			CU_ASSERT_PTR_NOT_NULL(got);
			if (got)
				CU_ASSERT_STRING_EQUAL(got, code);
			if (!strncmp(code, "SI_", 3)) {
				CU_ASSERT_EQUAL(sigftrace_code_value(arch, code, &v), 0);
				CU_ASSERT_EQUAL(v, value);
			}
			checked++;
		}
		fclose(f);
	}
	CU_ASSERT(checked > 300);
}

static void test_machines(void)
{
	static const struct {
		const char *machine;
		const char *table;
	} cases[] = {
		{ "x86_64", "generic" }, { "i686", "generic" },	       { "aarch64", "generic" },
		{ "armv7l", "generic" }, { "riscv64", "generic" },     { "ppc64le", "generic" },
		{ "s390x", "generic" },	 { "loongarch64", "generic" }, { "mips", "mips" },
		{ "mipsel", "mips" },	 { "mips64", "mips" },	       { "mips64el", "mips" },
		{ "parisc", "parisc" },	 { "parisc64", "parisc" },     { "alpha", "alpha" },
		{ "sparc64", "sparc" },	 { "sparc", "sparc" },	       { "generic", "generic" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sigftrace_arch *a = sigftrace_arch_find(cases[i].machine);

		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT_STRING_EQUAL(sigftrace_arch_name(a), cases[i].table);
	}
	CU_ASSERT_PTR_NULL(sigftrace_arch_find("vax"));
	CU_ASSERT_PTR_NULL(sigftrace_arch_find(""));
	CU_ASSERT_PTR_NULL(sigftrace_arch_find(NULL));
	CU_ASSERT_PTR_NOT_NULL(sigftrace_arch_host());
}

static void test_names(void)
{
	const struct sigftrace_arch *gen = sigftrace_arch_find("x86_64");
	const struct sigftrace_arch *mips_arch = sigftrace_arch_find("mips");
	char b[SIGFTRACE_SIGNAME_MAX];

	sigftrace_sig_format(b, sizeof(b), gen, 35);
	CU_ASSERT_STRING_EQUAL(b, "SIGRTMIN+3");
	sigftrace_sig_format(b, sizeof(b), gen, 32);
	CU_ASSERT_STRING_EQUAL(b, "SIGRTMIN");
	sigftrace_sig_format(b, sizeof(b), gen, 64);
	CU_ASSERT_STRING_EQUAL(b, "SIGRTMIN+32");
	/* unknown numbers print as numbers, never as a wrong name */
	sigftrace_sig_format(b, sizeof(b), gen, 65);
	CU_ASSERT_STRING_EQUAL(b, "65");
	sigftrace_sig_format(b, sizeof(b), gen, 0);
	CU_ASSERT_STRING_EQUAL(b, "0");
	sigftrace_sig_format(b, sizeof(b), gen, -3);
	CU_ASSERT_STRING_EQUAL(b, "-3");
	sigftrace_sig_format(b, sizeof(b), mips_arch, 127);
	CU_ASSERT_STRING_EQUAL(b, "SIGRTMIN+95");
	sigftrace_sig_format(b, sizeof(b), mips_arch, 10);
	CU_ASSERT_STRING_EQUAL(b, "SIGBUS");
	sigftrace_sig_format(b, sizeof(b), mips_arch, 16);
	CU_ASSERT_STRING_EQUAL(b, "SIGUSR1");
	/* truncation never overflows */
	sigftrace_sig_format(b, 4, gen, 15);
	CU_ASSERT_STRING_EQUAL(b, "SIG");

	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "9"), 9);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "KILL"), 9);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "SIGKILL"), 9);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "sigterm"), 15);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "RTMIN+3"), 35);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "SIGRTMIN"), 32);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "RTMAX"), 64);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "SIGRTMAX-2"), 62);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "RTMIN+33"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "65"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "0"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "9x"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "BOGUS"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "RTMIN+"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, ""), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(gen, "EMT"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(mips_arch, "RTMIN+95"), 127);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(mips_arch, "USR1"), 16);
	CU_ASSERT_EQUAL(sigftrace_sig_parse(mips_arch, "EMT"), 7);
}

static void test_origins(void)
{
	const struct sigftrace_arch *gen = sigftrace_arch_find("generic");
	const struct sigftrace_arch *mips_arch = sigftrace_arch_find("mips");

	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 15, 0), SIGFTRACE_ORIGIN_KILL);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 15, 0x80), SIGFTRACE_ORIGIN_KERNEL);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 15, -6), SIGFTRACE_ORIGIN_TKILL);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 35, -1), SIGFTRACE_ORIGIN_QUEUE);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 14, -2), SIGFTRACE_ORIGIN_TIMER);
	CU_ASSERT_EQUAL(sigftrace_code_origin(mips_arch, 14, -3), SIGFTRACE_ORIGIN_TIMER);
	CU_ASSERT_EQUAL(sigftrace_code_origin(mips_arch, 14, -2), SIGFTRACE_ORIGIN_ASYNCIO);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 11, 1), SIGFTRACE_ORIGIN_FAULT);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 17, 2), SIGFTRACE_ORIGIN_CHILD);
	CU_ASSERT_EQUAL(sigftrace_code_origin(mips_arch, 18, 2), SIGFTRACE_ORIGIN_CHILD);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 29, 1), SIGFTRACE_ORIGIN_POLL);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 31, 1), SIGFTRACE_ORIGIN_SYS);
	/* positive code on a signal without codes, and out-of-range codes */
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 15, 1), SIGFTRACE_ORIGIN_OTHER);
	CU_ASSERT_EQUAL(sigftrace_code_origin(gen, 11, 99), SIGFTRACE_ORIGIN_OTHER);
	CU_ASSERT_PTR_NULL(sigftrace_code_name(gen, 11, 99));
	CU_ASSERT_STRING_EQUAL(sigftrace_code_name(gen, 17, 1), "CLD_EXITED");
	CU_ASSERT_EQUAL(sigftrace_origin_parse("user"), SIGFTRACE_ORIGIN_KILL);
	CU_ASSERT_EQUAL(sigftrace_origin_parse("queue"), SIGFTRACE_ORIGIN_QUEUE);
	CU_ASSERT_EQUAL(sigftrace_origin_parse("fault"), SIGFTRACE_ORIGIN_FAULT);
	CU_ASSERT_EQUAL(sigftrace_origin_parse("bogus"), -1);
	CU_ASSERT_EQUAL(sigftrace_sig_action(gen, 11), SIGFTRACE_ACT_CORE);
	CU_ASSERT_EQUAL(sigftrace_sig_action(gen, 17), SIGFTRACE_ACT_IGNORE);
	CU_ASSERT_EQUAL(sigftrace_sig_action(mips_arch, 17), SIGFTRACE_ACT_TERM); /* SIGUSR2 */
	CU_ASSERT_EQUAL(sigftrace_sig_action(gen, 40), SIGFTRACE_ACT_TERM);
}

int sf_unit_signames(void)
{
	CU_pSuite s = CU_add_suite("signames", NULL, NULL);

	if (!s || !CU_add_test(s, "generic table vs uapi", test_generic) ||
	    !CU_add_test(s, "mips table vs uapi", test_mips) ||
	    !CU_add_test(s, "parisc table vs uapi", test_parisc) ||
	    !CU_add_test(s, "alpha table vs uapi", test_alpha) ||
	    !CU_add_test(s, "sparc table vs uapi", test_sparc) ||
	    !CU_add_test(s, "si_codes vs uapi", test_sicodes) ||
	    !CU_add_test(s, "machine names", test_machines) ||
	    !CU_add_test(s, "names and parsing", test_names) ||
	    !CU_add_test(s, "origins", test_origins))
		return -1;
	return 0;
}
