/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-util - what every layer uses: allocation that cannot fail (out of
 * memory aborts), number and duration parsing, growable strings, the hash
 * map, the monotonic clock. The bottom of cli/lib/ (tests/layers.sh).
 *
 * The layers (cli/lib/) never print and never exit. A function that can fail
 * returns -1 (or NULL) with errno set and, where its caller cannot tell what
 * failed by itself, writes a one-line message naming the action, the object
 * and the cause ("cannot read events/header_page of instance x: ...") into a
 * buffer its caller passes as (char *err, size_t errsz). The command layer
 * (cli/sf-cli.h) prints it.
 */
#ifndef SF_UTIL_H
#define SF_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define SF_WUR __attribute__((warn_unused_result))
#define SF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define SF_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

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

/*
 * A hash map from integer keys to values of a fixed size stored in the
 * table (open addressing, linear probing, doubled at half full). Values
 * stay where they are until the next sf_map_put() of a new key or
 * sf_map_del(). Walking the table with sf_map_at() gives an order that
 * depends only on the keys put and removed, and their order.
 */
struct sf_map {
	unsigned char *slots;
	size_t size; /* slots, a power of two; 0 before the first put */
	size_t count;
	size_t vsize; /* bytes of a value */
	size_t ssize; /* bytes of a slot */
};

void sf_map_init(struct sf_map *m, size_t vsize);
/* the value of @key, or NULL */
void *sf_map_get(const struct sf_map *m, long long key);
/* the value of @key, created zeroed when new (*@fresh set then, if given) */
void *sf_map_put(struct sf_map *m, long long key, bool *fresh);
/* remove @key (if there): values of other keys may move (see sf_map_put()) */
void sf_map_del(struct sf_map *m, long long key);
/* the value in slot @i (0 <= @i < m->size) and its key, NULL for an empty slot */
void *sf_map_at(const struct sf_map *m, size_t i, long long *key);
void sf_map_free(struct sf_map *m);

/**
 * sf_copy_name() - copy at most @max bytes of @src, up to its NUL, into
 * @dst (@max + 1 bytes), NUL-terminated (inline: names are copied for
 * every event)
 */
static inline void sf_copy_name(char *dst, const char *src, size_t max)
{
	size_t n = strnlen(src, max);

	memmove(dst, src, n);
	dst[n] = '\0';
}

/**
 * sf_pio() - all @len bytes at offset @off of @fd, read (pread) or
 * written (@write, pwrite), across short transfers and EINTR
 * Return: 0, or -1 with errno (EIO: the file ended first).
 */
int sf_pio(int fd, void *buf, size_t len, unsigned long long off, bool write) SF_WUR;

/**
 * sf_now_ns() - CLOCK_MONOTONIC in nanoseconds
 */
unsigned long long sf_now_ns(void);

/**
 * sf_clip() - @s as a message quotes it: itself, or when longer than
 * @bufsz - 4 bytes its start and "..." in @buf, so that what the message
 * says after it (a reason) is not cut off
 */
const char *sf_clip(const char *s, char *buf, size_t bufsz);

/**
 * sf_timeout_ms() - a poll() timeout that ends at @end_ns (sf_now_ns()
 * time), at most a minute: a long duration (-d 600h) would overflow the int
 * Return: 0 once @now_ns reached @end_ns.
 */
int sf_timeout_ms(unsigned long long end_ns, unsigned long long now_ns);

/*
 * struct sf_progress - how a layer says how far a long job is without
 * printing: @fn (if set) is called now and then with @done of @total units
 * (bytes); the command layer decides whether and how to show it.
 */
struct sf_progress {
	void (*fn)(void *ctx, unsigned long long done, unsigned long long total);
	void *ctx;
};

static inline void sf_progress_tell(const struct sf_progress *p, unsigned long long done,
				    unsigned long long total)
{
	if (p && p->fn)
		p->fn(p->ctx, done, total);
}

#endif /* SF_UTIL_H */
