/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reporting, allocation and argument parsing helpers of the CLI.
 *
 * Only the command layer reports: lower layers return -1/NULL with errno set
 * and never print or exit.
 */
#ifndef SF_UTIL_H
#define SF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define SF_WUR __attribute__((warn_unused_result))
#define SF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define SF_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum sf_exit {
	SF_EXIT_OK = 0,
	SF_EXIT_ERROR = 1,
	SF_EXIT_USAGE = 2,
	SF_EXIT_EMPTY = 3, /* report: the input holds no signal events */
};

/* Name of the running command ("record"), used as the message prefix. */
extern const char *sf_cmd;

/* "sigftrace CMD: <message>\n" on stderr; the newline is always added here. */
void sf_err(const char *fmt, ...) SF_PRINTF(1, 2);
/* sf_err() followed by ": <strerror(errno)>" */
void sf_err_errno(const char *fmt, ...) SF_PRINTF(1, 2);
void sf_warn(const char *fmt, ...) SF_PRINTF(1, 2);
/* "hint: <message>\n": what the user can do about the error just printed */
void sf_hint(const char *fmt, ...) SF_PRINTF(1, 2);
/* usage error: message, then "Try 'sigftrace CMD --help'" */
void sf_usage_err(const char *fmt, ...) SF_PRINTF(1, 2);

/*
 * sf_getopt_error() - report getopt_long()'s '?' or ':' (optstrings start
 * with "+:" and opterr is 0, so the message is ours, not getopt's)
 */
void sf_getopt_error(int c, char **argv);

void *sf_xmalloc(size_t size);
void *sf_xcalloc(size_t n, size_t size);
void *sf_xrealloc(void *p, size_t size);
char *sf_xstrdup(const char *s);

/**
 * sf_parse_uint() - full-consume decimal parse
 * Return: 0, or -1 (errno EINVAL or ERANGE) if @s is not a number <= @max.
 */
int sf_parse_uint(const char *s, unsigned long long max, unsigned long long *out) SF_WUR;

/**
 * sf_parse_int() - full-consume signed decimal parse within [min, max]
 */
int sf_parse_int(const char *s, long long min, long long max, long long *out) SF_WUR;

/**
 * sf_parse_duration() - "10", "10s", "1.5s", "250ms", "2m", "1h" to milliseconds
 */
int sf_parse_duration(const char *s, unsigned long long *ms) SF_WUR;

/**
 * sf_is_number() - true if @s is a non-empty run of decimal digits
 */
bool sf_is_number(const char *s);

/* A growable string. */
struct sf_buf {
	char *p;
	size_t len;
	size_t cap;
};

void sf_buf_printf(struct sf_buf *b, const char *fmt, ...) SF_PRINTF(2, 3);
void sf_buf_add(struct sf_buf *b, const char *s, size_t n);
/* the string so far ("" when empty); stays owned by @b */
const char *sf_buf_str(struct sf_buf *b);
void sf_buf_free(struct sf_buf *b);

/**
 * sf_now_ns() - CLOCK_MONOTONIC in nanoseconds
 */
unsigned long long sf_now_ns(void);

#endif /* SF_UTIL_H */
