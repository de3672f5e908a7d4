// SPDX-License-Identifier: GPL-2.0
/*
 * Reporting, allocation and argument parsing helpers of the CLI.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sf-util.h"

const char *sf_cmd;

static void vreport(const char *tag, const char *fmt, va_list ap, int errnum)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (tag)
		fprintf(stderr, "%s%s\n", tag, msg);
	else if (sf_cmd)
		fprintf(stderr, "sigftrace %s: %s%s%s\n", sf_cmd, msg, errnum ? ": " : "",
			errnum ? strerror(errnum) : "");
	else
		fprintf(stderr, "sigftrace: %s%s%s\n", msg, errnum ? ": " : "",
			errnum ? strerror(errnum) : "");
}

void sf_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap, 0);
	va_end(ap);
}

void sf_err_errno(const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap, errnum ? errnum : EIO);
	va_end(ap);
}

void sf_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap, 0);
	va_end(ap);
}

void sf_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("hint: ", fmt, ap, 0);
	va_end(ap);
}

void sf_usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(NULL, fmt, ap, 0);
	va_end(ap);
	fprintf(stderr, "Try 'sigftrace %s --help'\n", sf_cmd ? sf_cmd : "");
}

void sf_getopt_error(int c, char **argv)
{
	extern int optind, optopt;
	const char *arg = argv[optind - 1];

	if (c == ':') {
		if (optopt)
			sf_usage_err("option -%c needs an argument", optopt);
		else
			sf_usage_err("option %s needs an argument", arg);
	} else if (optopt) {
		sf_usage_err("unknown option -%c", optopt);
	} else {
		sf_usage_err("unknown option %s", arg);
	}
}

static void *oom(size_t size)
{
	fprintf(stderr, "sigftrace: out of memory (%zu bytes)\n", size);
	abort();
}

void *sf_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	return p ? p : oom(size);
}

void *sf_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	return p ? p : oom(n * size);
}

void *sf_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	return q ? q : oom(size);
}

char *sf_xstrdup(const char *s)
{
	char *p = strdup(s);

	return p ? p : oom(strlen(s) + 1);
}

bool sf_is_number(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
	}
	return true;
}

int sf_parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (!sf_is_number(s)) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int sf_parse_int(const char *s, long long min, long long max, long long *out)
{
	long long v;
	char *end;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9'))) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		errno = *end || end == s ? EINVAL : ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int sf_parse_duration(const char *s, unsigned long long *ms)
{
	static const struct {
		const char *suffix;
		double mult;
	} units[] = { { "", 1000 }, { "s", 1000 }, { "ms", 1 }, { "m", 60000 }, { "h", 3600000 } };
	double v;
	char *end;
	size_t i;

	if (!s || *s < '0' || *s > '9') {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtod(s, &end);
	if (errno) {
		errno = ERANGE;
		return -1;
	}
	for (i = 0; i < SF_ARRAY_SIZE(units); i++) {
		if (!strcmp(end, units[i].suffix)) {
			v *= units[i].mult;
			if (v > 1e12) {
				errno = ERANGE;
				return -1;
			}
			*ms = (unsigned long long)(v + 0.5);
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

unsigned long long sf_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

void sf_buf_add(struct sf_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = sf_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sf_buf_printf(struct sf_buf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		sf_buf_add(b, tmp, (size_t)n);
		return;
	}
	sf_buf_add(b, "", 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = b->len + (size_t)n + 1;
		b->p = sf_xrealloc(b->p, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *sf_buf_str(struct sf_buf *b)
{
	return b->p ? b->p : "";
}

void sf_buf_free(struct sf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}
