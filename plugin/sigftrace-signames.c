// SPDX-License-Identifier: LGPL-2.1
/*
 * Per-architecture signal and si_code tables (see sigftrace-signames.h).
 *
 * Numbers are those of include/uapi/asm-generic/signal.h and of
 * arch/{mips,parisc,alpha,sparc}/include/uapi/asm/signal.h; the unit tests
 * check every table against those headers' values.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sigftrace-signames.h"

/* Signals 1..31 have fixed names on every architecture. */
#define SF_NFIXED 32

struct sigftrace_alias {
	const char *name; /* without "SIG" */
	int sig;
};

struct sigftrace_arch {
	const char *name;
	const char *desc; /* for messages: the machines that use the table */
	int nsig;
	/* si_code values that this architecture numbers differently */
	int si_timer;
	int si_mesgq;
	int si_asyncio;
	const char *sig[SF_NFIXED];
	const struct sigftrace_alias *aliases;
};

/* clang-format off */
static const struct sigftrace_alias generic_aliases[] = {
	{ "IOT", 6 }, { "POLL", 29 }, { "UNUSED", 31 }, { NULL, 0 }
};

static const struct sigftrace_alias mips_aliases[] = {
	{ "IOT", 6 }, { "CLD", 18 }, { "POLL", 22 }, { NULL, 0 }
};

static const struct sigftrace_alias parisc_aliases[] = {
	{ "IOT", 6 }, { "POLL", 22 }, { "UNUSED", 31 }, { NULL, 0 }
};

static const struct sigftrace_alias alpha_aliases[] = {
	{ "IOT", 6 }, { "POLL", 23 }, { "PWR", 29 }, { NULL, 0 }
};

static const struct sigftrace_alias sparc_aliases[] = {
	{ "IOT", 6 }, { "POLL", 23 }, { "PWR", 29 }, { NULL, 0 }
};

static const struct sigftrace_arch arch_generic = {
	.name = "generic", .nsig = 64,
	.desc = "generic (x86, arm, arm64, riscv, powerpc, s390, loongarch, ...)",
	.si_timer = -2, .si_mesgq = -3, .si_asyncio = -4,
	.sig = {
		NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
		"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
		"SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",
		"SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
		"SIGIO", "SIGPWR", "SIGSYS",
	},
	.aliases = generic_aliases,
};

static const struct sigftrace_arch arch_mips = {
	.name = "mips", .nsig = 128, .desc = "mips",
	.si_timer = -3, .si_mesgq = -4, .si_asyncio = -2,
	.sig = {
		NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT",
		"SIGFPE", "SIGKILL", "SIGBUS", "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM",
		"SIGTERM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPWR", "SIGWINCH", "SIGURG",
		"SIGIO", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU", "SIGVTALRM",
		"SIGPROF", "SIGXCPU", "SIGXFSZ",
	},
	.aliases = mips_aliases,
};

static const struct sigftrace_arch arch_parisc = {
	.name = "parisc", .nsig = 64, .desc = "parisc (hppa)",
	.si_timer = -2, .si_mesgq = -3, .si_asyncio = -4,
	.sig = {
		NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGSTKFLT",
		"SIGFPE", "SIGKILL", "SIGBUS", "SIGSEGV", "SIGXCPU", "SIGPIPE", "SIGALRM",
		"SIGTERM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPWR", "SIGVTALRM", "SIGPROF",
		"SIGIO", "SIGWINCH", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU",
		"SIGURG", "SIGXFSZ", "SIGSYS",
	},
	.aliases = parisc_aliases,
};

static const struct sigftrace_arch arch_alpha = {
	.name = "alpha", .nsig = 64, .desc = "alpha",
	.si_timer = -2, .si_mesgq = -3, .si_asyncio = -4,
	.sig = {
		NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT",
		"SIGFPE", "SIGKILL", "SIGBUS", "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM",
		"SIGTERM", "SIGURG", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGCHLD", "SIGTTIN",
		"SIGTTOU", "SIGIO", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
		"SIGINFO", "SIGUSR1", "SIGUSR2",
	},
	.aliases = alpha_aliases,
};

static const struct sigftrace_arch arch_sparc = {
	.name = "sparc", .nsig = 64, .desc = "sparc",
	.si_timer = -2, .si_mesgq = -3, .si_asyncio = -4,
	.sig = {
		NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT",
		"SIGFPE", "SIGKILL", "SIGBUS", "SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM",
		"SIGTERM", "SIGURG", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGCHLD", "SIGTTIN",
		"SIGTTOU", "SIGIO", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
		"SIGLOST", "SIGUSR1", "SIGUSR2",
	},
	.aliases = sparc_aliases,
};

/* uname -m prefixes, most specific first; everything unlisted is generic. */
static const struct {
	const char *prefix;
	const struct sigftrace_arch *arch;
} machines[] = {
	{ "generic", &arch_generic },
	{ "mips", &arch_mips }, /* mips, mipsel, mips64, mips64el, mipsisa* */
	{ "parisc", &arch_parisc }, /* parisc, parisc64 */
	{ "hppa", &arch_parisc },
	{ "alpha", &arch_alpha },
	{ "sparc", &arch_sparc }, /* sparc, sparc64, sparcv9 */
	{ "sun4", &arch_sparc },
	{ "x86", &arch_generic }, { "i386", &arch_generic }, { "i486", &arch_generic },
	{ "i586", &arch_generic }, { "i686", &arch_generic }, { "amd64", &arch_generic },
	{ "aarch64", &arch_generic }, { "arm", &arch_generic }, { "riscv", &arch_generic },
	{ "ppc", &arch_generic }, { "powerpc", &arch_generic }, { "s390", &arch_generic },
	{ "loongarch", &arch_generic }, { "sh", &arch_generic }, { "m68k", &arch_generic },
	{ "microblaze", &arch_generic }, { "nios2", &arch_generic }, { "or1k", &arch_generic },
	{ "openrisc", &arch_generic }, { "csky", &arch_generic }, { "arc", &arch_generic },
	{ "xtensa", &arch_generic }, { "hexagon", &arch_generic }, { "um", &arch_generic },
	{ "ia64", &arch_generic },
};

static const char *const ill_codes[] = {
	NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR", "ILL_ILLTRP", "ILL_PRVOPC",
	"ILL_PRVREG", "ILL_COPROC", "ILL_BADSTK", "ILL_BADIADDR",
};
static const char *const fpe_codes[] = {
	NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV", "FPE_FLTOVF", "FPE_FLTUND",
	"FPE_FLTRES", "FPE_FLTINV", "FPE_FLTSUB", "FPE_DECOVF", "FPE_DECDIV", "FPE_DECERR",
	"FPE_INVASC", "FPE_INVDEC", "FPE_FLTUNK", "FPE_CONDTRAP",
};
static const char *const segv_codes[] = {
	NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR", "SEGV_ACCADI",
	"SEGV_ADIDERR", "SEGV_ADIPERR", "SEGV_MTEAERR", "SEGV_MTESERR", "SEGV_CPERR",
};
static const char *const bus_codes[] = {
	NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO",
};
static const char *const trap_codes[] = {
	NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT", "TRAP_UNK", "TRAP_PERF",
};
static const char *const cld_codes[] = {
	NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED",
	"CLD_CONTINUED",
};
static const char *const poll_codes[] = {
	NULL, "POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP",
};
static const char *const sys_codes[] = {
	NULL, "SYS_SECCOMP", "SYS_USER_DISPATCH",
};
static const char *const emt_codes[] = {
	NULL, "EMT_TAGOVF",
};

static const char *const origin_names[SIGFTRACE_ORIGIN_NR] = {
	[SIGFTRACE_ORIGIN_KILL] = "kill",	[SIGFTRACE_ORIGIN_KERNEL] = "kernel",
	[SIGFTRACE_ORIGIN_QUEUE] = "sigqueue",	[SIGFTRACE_ORIGIN_TIMER] = "timer",
	[SIGFTRACE_ORIGIN_MESGQ] = "mesgq",	[SIGFTRACE_ORIGIN_ASYNCIO] = "asyncio",
	[SIGFTRACE_ORIGIN_SIGIO] = "sigio",	[SIGFTRACE_ORIGIN_TKILL] = "tkill",
	[SIGFTRACE_ORIGIN_DETHREAD] = "dethread", [SIGFTRACE_ORIGIN_ASYNCNL] = "asyncnl",
	[SIGFTRACE_ORIGIN_FAULT] = "fault",	[SIGFTRACE_ORIGIN_CHILD] = "child",
	[SIGFTRACE_ORIGIN_POLL] = "poll",	[SIGFTRACE_ORIGIN_SYS] = "sys",
	[SIGFTRACE_ORIGIN_OTHER] = "other",
};

/* Default actions by name; everything unlisted (and every RT signal) terminates. */
static const struct {
	const char *name;
	enum sigftrace_action act;
} actions[] = {
	{ "SIGQUIT", SIGFTRACE_ACT_CORE }, { "SIGILL", SIGFTRACE_ACT_CORE },
	{ "SIGTRAP", SIGFTRACE_ACT_CORE }, { "SIGABRT", SIGFTRACE_ACT_CORE },
	{ "SIGBUS", SIGFTRACE_ACT_CORE }, { "SIGFPE", SIGFTRACE_ACT_CORE },
	{ "SIGSEGV", SIGFTRACE_ACT_CORE }, { "SIGXCPU", SIGFTRACE_ACT_CORE },
	{ "SIGXFSZ", SIGFTRACE_ACT_CORE }, { "SIGSYS", SIGFTRACE_ACT_CORE },
	{ "SIGEMT", SIGFTRACE_ACT_CORE },
	{ "SIGCHLD", SIGFTRACE_ACT_IGNORE }, { "SIGURG", SIGFTRACE_ACT_IGNORE },
	{ "SIGWINCH", SIGFTRACE_ACT_IGNORE },
	{ "SIGSTOP", SIGFTRACE_ACT_STOP }, { "SIGTSTP", SIGFTRACE_ACT_STOP },
	{ "SIGTTIN", SIGFTRACE_ACT_STOP }, { "SIGTTOU", SIGFTRACE_ACT_STOP },
	{ "SIGCONT", SIGFTRACE_ACT_CONT },
};
/* clang-format on */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct sigftrace_arch *sigftrace_arch_find(const char *machine)
{
	size_t i;

	if (!machine || !*machine)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		size_t n = strlen(machines[i].prefix);

		if (!strncasecmp(machine, machines[i].prefix, n))
			return machines[i].arch;
	}
	return NULL;
}

const char *sigftrace_arch_host_machine(void)
{
#if defined(__x86_64__)
	return "x86_64";
#elif defined(__i386__)
	return "i686";
#elif defined(__aarch64__)
	return "aarch64";
#elif defined(__arm__)
	return "arm";
#elif defined(__mips__)
	return "mips";
#elif defined(__hppa__)
	return "parisc";
#elif defined(__alpha__)
	return "alpha";
#elif defined(__sparc__)
	return "sparc64";
#elif defined(__riscv)
	return "riscv";
#elif defined(__powerpc__)
	return "ppc";
#elif defined(__s390__)
	return "s390";
#elif defined(__loongarch__)
	return "loongarch64";
#else
	return "generic";
#endif
}

const struct sigftrace_arch *sigftrace_arch_host(void)
{
	const struct sigftrace_arch *arch = sigftrace_arch_find(sigftrace_arch_host_machine());

	return arch ? arch : &arch_generic;
}

const char *sigftrace_arch_name(const struct sigftrace_arch *arch)
{
	return arch->name;
}

const char *sigftrace_arch_desc(const struct sigftrace_arch *arch)
{
	return arch->desc;
}

int sigftrace_arch_nsig(const struct sigftrace_arch *arch)
{
	return arch->nsig;
}

const char *sigftrace_sig_name(const struct sigftrace_arch *arch, int sig)
{
	if (sig <= 0 || sig >= SF_NFIXED)
		return NULL;
	return arch->sig[sig];
}

/* put_uint - write @v in decimal at @p, return the number of digits */
static size_t put_uint(char *p, unsigned int v)
{
	char tmp[12];
	size_t n = 0;
	size_t i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

size_t sigftrace_sig_format(char *buf, size_t size, const struct sigftrace_arch *arch, int sig)
{
	char tmp[SIGFTRACE_SIGNAME_MAX];
	const char *name = sigftrace_sig_name(arch, sig);
	size_t len;

	if (!size)
		return 0;
	if (name) {
		len = strlen(name);
		memcpy(tmp, name, len);
	} else if (sig >= SIGFTRACE_SIGRTMIN && sig <= arch->nsig) {
		memcpy(tmp, "SIGRTMIN", 8);
		len = 8;
		if (sig > SIGFTRACE_SIGRTMIN) {
			tmp[len++] = '+';
			len += put_uint(tmp + len, (unsigned int)(sig - SIGFTRACE_SIGRTMIN));
		}
	} else {
		len = 0;
		if (sig < 0) {
			tmp[len++] = '-';
			len += put_uint(tmp + len, 0u - (unsigned int)sig);
		} else {
			len += put_uint(tmp + len, (unsigned int)sig);
		}
	}
	if (len >= size)
		len = size - 1;
	memcpy(buf, tmp, len);
	buf[len] = '\0';
	return len;
}

/* parse_int - full-consume decimal parse of a small non-negative number */
static int parse_int(const char *s, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v > 100000)
		return -1;
	*out = (int)v;
	return 0;
}

int sigftrace_sig_parse(const struct sigftrace_arch *arch, const char *str)
{
	const struct sigftrace_alias *al;
	const char *s = str;
	int n;
	int i;

	if (!s || !*s)
		return -1;
	if (!parse_int(s, &n))
		return n >= 1 && n <= arch->nsig ? n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	if (!strncasecmp(s, "RTMIN", 5)) {
		n = 0;
		if (s[5] && (s[5] != '+' || parse_int(s + 6, &n)))
			return -1;
		n += SIGFTRACE_SIGRTMIN;
		return n <= arch->nsig ? n : -1;
	}
	if (!strncasecmp(s, "RTMAX", 5)) {
		n = 0;
		if (s[5] && (s[5] != '-' || parse_int(s + 6, &n)))
			return -1;
		n = arch->nsig - n;
		return n >= SIGFTRACE_SIGRTMIN ? n : -1;
	}
	for (i = 1; i < SF_NFIXED; i++) {
		if (arch->sig[i] && !strcasecmp(arch->sig[i] + 3, s))
			return i;
	}
	for (al = arch->aliases; al->name; al++) {
		if (!strcasecmp(al->name, s))
			return al->sig;
	}
	return -1;
}

enum sigftrace_action sigftrace_sig_action(const struct sigftrace_arch *arch, int sig)
{
	const char *name = sigftrace_sig_name(arch, sig);
	size_t i;

	/* most signals terminate: the letter after "SIG" rules out most names at once */
	if (name && strlen(name) > 3) {
		for (i = 0; i < ARRAY_SIZE(actions); i++) {
			if (actions[i].name[3] == name[3] && !strcmp(actions[i].name, name))
				return actions[i].act;
		}
	}
	return SIGFTRACE_ACT_TERM;
}

const char *sigftrace_action_name(enum sigftrace_action act)
{
	switch (act) {
	case SIGFTRACE_ACT_CORE:
		return "core";
	case SIGFTRACE_ACT_IGNORE:
		return "ignore";
	case SIGFTRACE_ACT_STOP:
		return "stop";
	case SIGFTRACE_ACT_CONT:
		return "continue";
	case SIGFTRACE_ACT_TERM:
	default:
		return "terminate";
	}
}

/*
 * positive_codes - the table of positive si_codes for @sig, by signal name
 * because the meaning of a positive code depends on the signal, not on its
 * number. SIGPOLL is SIGIO on every architecture.
 */
static const char *const *positive_codes(const struct sigftrace_arch *arch, int sig, size_t *n,
					 enum sigftrace_origin *origin)
{
	const char *name = sigftrace_sig_name(arch, sig);

	*origin = SIGFTRACE_ORIGIN_FAULT;
	if (!name)
		return NULL;
#define SF_CODES(tab)                 \
	do {                          \
		*n = ARRAY_SIZE(tab); \
		return tab;           \
	} while (0)
	if (!strcmp(name, "SIGILL"))
		SF_CODES(ill_codes);
	if (!strcmp(name, "SIGFPE"))
		SF_CODES(fpe_codes);
	if (!strcmp(name, "SIGSEGV"))
		SF_CODES(segv_codes);
	if (!strcmp(name, "SIGBUS"))
		SF_CODES(bus_codes);
	if (!strcmp(name, "SIGTRAP"))
		SF_CODES(trap_codes);
	if (!strcmp(name, "SIGEMT"))
		SF_CODES(emt_codes);
	*origin = SIGFTRACE_ORIGIN_CHILD;
	if (!strcmp(name, "SIGCHLD"))
		SF_CODES(cld_codes);
	*origin = SIGFTRACE_ORIGIN_POLL;
	if (!strcmp(name, "SIGIO"))
		SF_CODES(poll_codes);
	*origin = SIGFTRACE_ORIGIN_SYS;
	if (!strcmp(name, "SIGSYS"))
		SF_CODES(sys_codes);
#undef SF_CODES
	return NULL;
}

enum sigftrace_origin sigftrace_code_origin(const struct sigftrace_arch *arch, int sig, int code)
{
	enum sigftrace_origin origin;
	const char *const *tab;
	size_t n = 0;

	switch (code) {
	case 0:
		return SIGFTRACE_ORIGIN_KILL;
	case 0x80:
		return SIGFTRACE_ORIGIN_KERNEL;
	case -1:
		return SIGFTRACE_ORIGIN_QUEUE;
	case -5:
		return SIGFTRACE_ORIGIN_SIGIO;
	case -6:
		return SIGFTRACE_ORIGIN_TKILL;
	case -7:
		return SIGFTRACE_ORIGIN_DETHREAD;
	case -60:
		return SIGFTRACE_ORIGIN_ASYNCNL;
	default:
		break;
	}
	if (code == arch->si_timer)
		return SIGFTRACE_ORIGIN_TIMER;
	if (code == arch->si_mesgq)
		return SIGFTRACE_ORIGIN_MESGQ;
	if (code == arch->si_asyncio)
		return SIGFTRACE_ORIGIN_ASYNCIO;
	if (code > 0) {
		tab = positive_codes(arch, sig, &n, &origin);
		if (tab && (size_t)code < n)
			return origin;
	}
	return SIGFTRACE_ORIGIN_OTHER;
}

const char *sigftrace_code_name(const struct sigftrace_arch *arch, int sig, int code)
{
	enum sigftrace_origin origin;
	const char *const *tab;
	size_t n = 0;

	switch (sigftrace_code_origin(arch, sig, code)) {
	case SIGFTRACE_ORIGIN_KILL:
		return "SI_USER";
	case SIGFTRACE_ORIGIN_KERNEL:
		return "SI_KERNEL";
	case SIGFTRACE_ORIGIN_QUEUE:
		return "SI_QUEUE";
	case SIGFTRACE_ORIGIN_TIMER:
		return "SI_TIMER";
	case SIGFTRACE_ORIGIN_MESGQ:
		return "SI_MESGQ";
	case SIGFTRACE_ORIGIN_ASYNCIO:
		return "SI_ASYNCIO";
	case SIGFTRACE_ORIGIN_SIGIO:
		return "SI_SIGIO";
	case SIGFTRACE_ORIGIN_TKILL:
		return "SI_TKILL";
	case SIGFTRACE_ORIGIN_DETHREAD:
		return "SI_DETHREAD";
	case SIGFTRACE_ORIGIN_ASYNCNL:
		return "SI_ASYNCNL";
	case SIGFTRACE_ORIGIN_OTHER:
		return NULL;
	default:
		tab = positive_codes(arch, sig, &n, &origin);
		return tab ? tab[code] : NULL;
	}
}

const char *sigftrace_origin_name(enum sigftrace_origin origin)
{
	if ((unsigned int)origin >= SIGFTRACE_ORIGIN_NR)
		return "other";
	return origin_names[origin];
}

int sigftrace_origin_parse(const char *str)
{
	int i;

	if (!str)
		return -1;
	if (!strcmp(str, "user"))
		return SIGFTRACE_ORIGIN_KILL;
	if (!strcmp(str, "queue"))
		return SIGFTRACE_ORIGIN_QUEUE;
	for (i = 0; i < SIGFTRACE_ORIGIN_NR; i++) {
		if (!strcmp(str, origin_names[i]))
			return i;
	}
	return -1;
}

int sigftrace_code_value(const struct sigftrace_arch *arch, const char *name, int *value)
{
	static const struct {
		const char *name;
		int value;
	} fixed[] = {
		{ "SI_USER", 0 },      { "SI_KERNEL", 0x80 }, { "SI_QUEUE", -1 },
		{ "SI_SIGIO", -5 },    { "SI_TKILL", -6 },    { "SI_DETHREAD", -7 },
		{ "SI_ASYNCNL", -60 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		if (!strcmp(name, fixed[i].name)) {
			*value = fixed[i].value;
			return 0;
		}
	}
	if (!strcmp(name, "SI_TIMER"))
		*value = arch->si_timer;
	else if (!strcmp(name, "SI_MESGQ"))
		*value = arch->si_mesgq;
	else if (!strcmp(name, "SI_ASYNCIO"))
		*value = arch->si_asyncio;
	else
		return -1;
	return 0;
}
