// SPDX-License-Identifier: GPL-2.0
/*
 * sf-cli - messages, exit codes and option parsing of the commands (see
 * sf-cli.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sf-cli.h"
#include "sf-tracefs.h"

#define SF_STATUS_NS 1000000000ULL /* a redraw at most once a second */

const char *sf_cmd;

static struct {
	bool on; /* stderr is a terminal that understands "\033[K", and no -q */
	bool shown; /* a line is on the screen */
	unsigned long long next_ns; /* when the next redraw is due */
} status;

/* status_signal - killed by Ctrl-C (or so) while a line is shown: erase it, then die of it */
static void status_signal(int sig)
{
	static const char clear[] = "\r\033[K";

	if (status.shown && write(STDERR_FILENO, clear, sizeof(clear) - 1) < 0)
		status.shown = false;
	signal(sig, SIG_DFL);
	raise(sig);
}

void sf_status_init(bool enabled)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	const char *term = getenv("TERM");
	struct sigaction sa;
	size_t i;

	sf_status_clear();
	status.on = enabled && isatty(STDERR_FILENO) && term && *term && strcmp(term, "dumb");
	status.next_ns = sf_now_ns() + SF_STATUS_NS;
	/* where the command has no handler of its own, a fatal signal erases the line too */
	for (i = 0; status.on && i < SF_ARRAY_SIZE(sigs); i++) {
		if (!sigaction(sigs[i], NULL, &sa) && sa.sa_handler == SIG_DFL)
			signal(sigs[i], status_signal);
	}
}

bool sf_status_on(void)
{
	return status.on;
}

bool sf_status_due(void)
{
	return status.on && sf_now_ns() >= status.next_ns;
}

void sf_status(const char *fmt, ...)
{
	char line[512];
	struct winsize ws;
	size_t cols = 80;
	int n;
	va_list ap;

	/* a job in the background leaves the terminal to the one in the foreground */
	if (!status.on || tcgetpgrp(STDERR_FILENO) != getpgrp())
		return;
	n = snprintf(line, sizeof(line), "sigftrace %s: ", sf_cmd ? sf_cmd : "");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* a line that wraps cannot be redrawn in place: cut it at the edge */
	if (!ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 1)
		cols = ws.ws_col;
	if (strlen(line) > cols - 1)
		line[cols - 1] = '\0';
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	status.shown = true;
	status.next_ns = sf_now_ns() + SF_STATUS_NS;
}

void sf_status_clear(void)
{
	if (!status.shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	status.shown = false;
}

/* job_progress - the callback of sf_status_job() */
static void job_progress(void *ctx, unsigned long long done, unsigned long long total)
{
	char size[32];

	if (!sf_status_due())
		return;
	if (total)
		sf_status("%s: %llu%% of %s", (const char *)ctx, done * 100 / total,
			  sf_status_size(total, size, sizeof(size)));
	else
		sf_status("%s", (const char *)ctx);
}

const struct sf_progress *sf_status_job(const char *fmt, ...)
{
	static char what[512];
	static const struct sf_progress job = { job_progress, what };
	va_list ap;

	if (!status.on)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return &job;
}

const char *sf_status_size(unsigned long long bytes, char *buf, size_t size)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, size, "%llu B", bytes);
		return buf;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, "%.1f %s", v, units[u]);
	return buf;
}

const char *sf_status_time(unsigned long long ns, char *buf, size_t size)
{
	unsigned long long s = ns / 1000000000ULL;

	if (s >= 3600)
		snprintf(buf, size, "%llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%llu:%02llu", s / 60, s % 60);
	return buf;
}

/* vreport - one line on stderr: the command's prefix, @tag, the message, strerror */
static void vreport(const char *tag, const char *fmt, va_list ap, int errnum)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	sf_status_clear();
	fprintf(stderr, "sigftrace%s%s: %s%s%s%s\n", sf_cmd ? " " : "", sf_cmd ? sf_cmd : "", tag,
		msg, errnum ? ": " : "", errnum ? strerror(errnum) : "");
}

void sf_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
}

void sf_err_errno(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, errnum ? errnum : EIO);
	va_end(ap);
}

void sf_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, 0);
	va_end(ap);
}

void sf_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
}

void sf_hint(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sf_status_clear();
	fprintf(stderr, "hint: %s\n", msg);
}

void sf_usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
	fprintf(stderr, "Try 'sigftrace %s --help'\n", sf_cmd ? sf_cmd : "");
}

/* getopt_error - getopt_long()'s '?' or ':' (opterr is 0: the message is ours) */
static void getopt_error(int c, char **argv)
{
	const char *arg = argv[optind - 1];
	/* a long option: getopt_long() sets optopt to its value, no letter */
	bool is_long = !strncmp(arg, "--", 2);
	int len = (int)strcspn(arg, "=");

	if (c == ':') {
		if (optopt && !is_long)
			sf_usage_err("option -%c needs an argument", optopt);
		else
			sf_usage_err("option %.*s needs an argument", len, arg);
	} else if (optopt && !is_long) {
		sf_usage_err("unknown option -%c", optopt);
	} else {
		sf_usage_err("unknown option %s", arg);
	}
}

int sf_getopt(int argc, char **argv, const char *optstring, const struct option *longopts,
	      struct sf_filter *filter, const char *usage)
{
	static char **parsing;
	char err[512];
	int c, r;

	/* a new command line: from argv[1] again, messages are ours */
	if (parsing != argv) {
		parsing = argv;
		optind = 1;
		opterr = 0;
	}
	for (;;) {
		c = getopt_long(argc, argv, optstring, longopts, NULL);
		if (c == -1) {
			parsing = NULL;
			return -1;
		}
		if (c == 'h') {
			fputs(usage, stdout);
			parsing = NULL;
			return SF_GETOPT_HELP;
		}
		if (c == '?' || c == ':') {
			getopt_error(c, argv);
			parsing = NULL;
			return SF_GETOPT_ERROR;
		}
		r = filter ? sf_filter_option(filter, c, optarg, err, sizeof(err)) : 0;
		if (r > 0)
			continue;
		if (r < 0) {
			sf_usage_err("%s", err);
			parsing = NULL;
			return SF_GETOPT_ERROR;
		}
		return c;
	}
}

bool sf_no_operands(int argc, char **argv, const char *why)
{
	if (optind >= argc)
		return true;
	sf_usage_err("unexpected argument \"%s\"%s", argv[optind], why ? why : "");
	return false;
}

int sf_opt_format(const char *arg, enum sf_format *format)
{
	if (!sf_format_parse(arg, format))
		return 0;
	sf_usage_err("unknown format \"%s\" (default, seed, json)", arg);
	return -1;
}

int sf_opt_attr(int c, const char *arg, struct sf_attr_opts *a)
{
	unsigned long long v = 3;

	if (c == SF_OPT_UNITS) {
		a->units = true;
		return 1;
	}
	if (c != 'A')
		return 0;
	if (arg && (sf_parse_uint(arg, SF_ANCESTORS_MAX, &v) || !v)) {
		sf_usage_err("bad ancestry depth \"%s\" (1 to %d)", arg, SF_ANCESTORS_MAX);
		return -1;
	}
	a->ancestry = (int)v;
	return 1;
}

int sf_opt_buffer_kb(const char *arg, const char *unit, unsigned int *kb)
{
	unsigned long long v;

	if (sf_parse_uint(arg, 1 << 22, &v) || v < 4) {
		sf_usage_err("bad buffer size \"%s\" (%s, 4 to 4194304)", arg, unit);
		return -1;
	}
	*kb = (unsigned int)v;
	return 0;
}

int sf_opt_instance(const char *arg, const char **name)
{
	if (!sf_trace_name_ok(arg)) {
		sf_usage_err("bad instance name \"%s\": a name without '/', not \".\" or \"..\"",
			     arg);
		return -1;
	}
	*name = arg;
	return 0;
}

int sf_opt_arch(const char *arg, const struct sigftrace_arch **arch)
{
	*arch = sigftrace_arch_find(arg);
	if (*arch)
		return 0;
	sf_usage_err(
		"unknown architecture \"%s\" (a uname -m name: x86_64, aarch64, mips, parisc64, alpha, sparc64...)",
		arg);
	return -1;
}
