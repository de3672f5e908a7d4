// SPDX-License-Identifier: GPL-2.0
/*
 * sf-out - what the sinks share (see sf-out.h): the format names, the
 * output buffer of a file descriptor, the timestamp.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-out.h"
#include "sf-util.h"

int sf_format_parse(const char *s, enum sf_format *f)
{
	if (!strcmp(s, "default"))
		*f = SF_FMT_DEFAULT;
	else if (!strcmp(s, "seed"))
		*f = SF_FMT_SEED;
	else if (!strcmp(s, "json"))
		*f = SF_FMT_JSON;
	else
		return -1;
	return 0;
}

struct sf_out *sf_sink_new(enum sf_format format, const struct sf_out_conf *c)
{
	return format == SF_FMT_JSON ? sf_sink_json_new(c) :
				       sf_sink_text_new(c, format == SF_FMT_SEED);
}

void sf_fdbuf_init(struct sf_fdbuf *b, int fd)
{
	b->fd = fd;
	b->len = 0;
	b->cap = SF_FDBUF_CAP;
	b->buf = sf_xmalloc(b->cap);
}

int sf_fdbuf_flush(struct sf_fdbuf *b, struct sf_out *o)
{
	size_t off = 0;

	while (off < b->len) {
		ssize_t n = write(b->fd, b->buf + off, b->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->error = errno;
			b->len = 0;
			return -1;
		}
		off += (size_t)n;
	}
	b->len = 0;
	return 0;
}

char *sf_fdbuf_room(struct sf_fdbuf *b, struct sf_out *o)
{
	if (b->len + SF_LINE_ROOM > b->cap && sf_fdbuf_flush(b, o))
		return NULL;
	return b->buf + b->len;
}

void sf_fdbuf_free(struct sf_fdbuf *b)
{
	free(b->buf);
	b->buf = NULL;
}

char *sf_put_str(char *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o, s, n);
	return o + n;
}

char *sf_put_u(char *o, unsigned long long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*o++ = tmp[--n];
	return o;
}

char *sf_put_d(char *o, long long v)
{
	if (v < 0) {
		*o++ = '-';
		return sf_put_u(o, 0ULL - (unsigned long long)v);
	}
	return sf_put_u(o, (unsigned long long)v);
}

char *sf_put_hex(char *o, unsigned long long v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	*o++ = '0';
	*o++ = 'x';
	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		*o++ = tmp[--n];
	return o;
}

char *sf_put_ns(char *o, unsigned long long ts)
{
	unsigned long long ns = ts % 1000000000ULL;
	int i;

	o = sf_put_u(o, ts / 1000000000ULL);
	*o++ = '.';
	for (i = 8; i >= 0; i--) {
		o[i] = (char)('0' + ns % 10);
		ns /= 10;
	}
	return o + 9;
}

char *sf_put_ts(char *o, unsigned long long ts)
{
	char tmp[24];
	/* rounded to the microsecond, as the kernel's trace file does */
	unsigned long long us = (ts + 500) / 1000;
	unsigned long long sec = us / 1000000ULL;
	unsigned int usec = (unsigned int)(us % 1000000ULL);
	int n = 0;
	int i;

	do {
		tmp[n++] = (char)('0' + sec % 10);
		sec /= 10;
	} while (sec);
	while (n)
		*o++ = tmp[--n];
	*o++ = '.';
	for (i = 5; i >= 0; i--) {
		o[i] = (char)('0' + usec % 10);
		usec /= 10;
	}
	return o + 6;
}
