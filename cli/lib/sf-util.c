// SPDX-License-Identifier: GPL-2.0
/*
 * sf-util - allocation, parsing, growable strings (see sf-util.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sf-util.h"

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

const char *sf_clip(const char *s, char *buf, size_t bufsz)
{
	size_t len = strlen(s);

	if (bufsz < 8 || len + 4 <= bufsz)
		return s;
	memcpy(buf, s, bufsz - 4);
	memcpy(buf + bufsz - 4, "...", 4);
	return buf;
}

int sf_timeout_ms(unsigned long long end_ns, unsigned long long now_ns)
{
	unsigned long long ms;

	if (now_ns >= end_ns)
		return 0;
	ms = (end_ns - now_ns) / 1000000ULL + 1;
	return ms > 60000 ? 60000 : (int)ms;
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

int sf_pio(int fd, void *buf, size_t len, unsigned long long off, bool write)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if (write)
			n = pwrite(fd, (char *)buf + done, len - done, (off_t)(off + done));
		else
			n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

/* a slot: the key, whether it is used, then the value (8-byte aligned) */
struct slot {
	long long key;
	long long used;
};

#define SLOT(m, i) ((struct slot *)((m)->slots + (i) * (m)->ssize))

void sf_map_init(struct sf_map *m, size_t vsize)
{
	memset(m, 0, sizeof(*m));
	m->vsize = vsize;
	m->ssize = sizeof(struct slot) + ((vsize + 7) & ~(size_t)7);
}

/* map_home - the slot where @key's probe starts */
static size_t map_home(const struct sf_map *m, long long key)
{
	return (size_t)((unsigned long long)key * 0x9e3779b97f4a7c15ULL >> 20) & (m->size - 1);
}

static size_t map_find(const struct sf_map *m, long long key)
{
	size_t h = map_home(m, key);

	while (SLOT(m, h)->used && SLOT(m, h)->key != key)
		h = (h + 1) & (m->size - 1);
	return h;
}

void *sf_map_get(const struct sf_map *m, long long key)
{
	struct slot *s;

	if (!m->size)
		return NULL;
	s = SLOT(m, map_find(m, key));
	return s->used ? s + 1 : NULL;
}

void *sf_map_put(struct sf_map *m, long long key, bool *fresh)
{
	struct slot *s;
	size_t i;

	if ((m->count + 1) * 2 > m->size) {
		struct sf_map old = *m;

		m->size = m->size ? m->size * 2 : 256;
		m->slots = sf_xcalloc(m->size, m->ssize);
		for (i = 0; i < old.size; i++) {
			if (SLOT(&old, i)->used)
				memcpy(SLOT(m, map_find(m, SLOT(&old, i)->key)), SLOT(&old, i),
				       m->ssize);
		}
		free(old.slots);
	}
	s = SLOT(m, map_find(m, key));
	if (fresh)
		*fresh = !s->used;
	if (!s->used) {
		s->used = 1;
		s->key = key;
		m->count++;
	}
	return s + 1;
}

void sf_map_del(struct sf_map *m, long long key)
{
	size_t mask = m->size - 1;
	size_t i, j, home;

	if (!m->size || !SLOT(m, (i = map_find(m, key)))->used)
		return;
	SLOT(m, i)->used = 0;
	m->count--;
	/*
	 * linear probing without tombstones: each later entry of the run moves
	 * into the hole unless its probe starts after the hole (cyclically)
	 */
	for (j = (i + 1) & mask; SLOT(m, j)->used; j = (j + 1) & mask) {
		home = map_home(m, SLOT(m, j)->key);
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		memcpy(SLOT(m, i), SLOT(m, j), m->ssize);
		SLOT(m, j)->used = 0;
		i = j;
	}
	/* sf_map_put() gives a new key a zeroed value: the hole left must be zeroed */
	memset(SLOT(m, i), 0, m->ssize);
}

void *sf_map_at(const struct sf_map *m, size_t i, long long *key)
{
	struct slot *s = SLOT(m, i);

	if (!s->used)
		return NULL;
	if (key)
		*key = s->key;
	return s + 1;
}

void sf_map_free(struct sf_map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->size = m->count = 0;
}
