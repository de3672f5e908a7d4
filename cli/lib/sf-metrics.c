// SPDX-License-Identifier: GPL-2.0
/*
 * sf-metrics - signal counters and their Prometheus textfile.
 *
 * The tables are small arrays searched linearly: a few hundred series at
 * most, and a search is a handful of short strcmp()s per signal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sf-atomic.h"
#include "sf-metrics.h"

#define LABEL_MAX 64
#define OTHER "other"

struct series {
	char a[LABEL_MAX]; /* signal, or where */
	char b[LABEL_MAX]; /* result, or receiver */
	unsigned long long n;
};

struct table {
	struct series *v;
	size_t len, cap, max;
};

struct sf_metrics {
	struct table signals; /* signal, result */
	struct table fatal; /* signal, receiver with a label or "other" */
	struct table waiting; /* signal, receiver without a label yet */
	struct table lost; /* where */
	char (*labelled)[LABEL_MAX]; /* receivers with a label of their own */
	unsigned int nlabelled, top;
};

struct metrics_sink {
	struct sf_sink base;
	struct sf_metrics *m;
	char *path;
	struct sf_buf buf;
	unsigned long long next_ms, start;
	unsigned int interval_ms;
};

/* find - the series (@a, @b), added if new; NULL if @t is full or no memory */
static struct series *find(struct table *t, const char *a, const char *b)
{
	struct series *s;
	size_t i;

	for (i = 0; i < t->len; i++)
		if (!strncmp(t->v[i].a, a, LABEL_MAX - 1) && !strncmp(t->v[i].b, b, LABEL_MAX - 1))
			return &t->v[i];
	/* >=: the overflow series may sit one beyond @max (add()) */
	if (t->len >= t->max)
		return NULL;
	if (t->len == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		s = realloc(t->v, (cap < t->max ? cap : t->max) * sizeof(*s));
		if (!s)
			return NULL;
		t->v = s;
		t->cap = cap < t->max ? cap : t->max;
	}
	s = &t->v[t->len++];
	snprintf(s->a, sizeof(s->a), "%s", a);
	snprintf(s->b, sizeof(s->b), "%s", b);
	s->n = 0;
	return s;
}

/* add - count @n in (@a, @b), or in (other, other) when the table is full */
static void add(struct table *t, const char *a, const char *b, unsigned long long n)
{
	struct series *s = find(t, a, b);

	if (!s) {
		/* the last slot stays free for the overflow series */
		t->max++;
		s = find(t, OTHER, OTHER);
		t->max--;
	}
	if (s)
		s->n += n;
}

struct sf_metrics *sf_metrics_new(unsigned int top)
{
	struct sf_metrics *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->top = top ? top : 1;
	m->labelled = calloc(m->top, sizeof(*m->labelled));
	if (!m->labelled) {
		free(m);
		return NULL;
	}
	m->signals.max = SF_METRICS_SERIES_MAX - 1;
	m->fatal.max = SF_METRICS_SERIES_MAX - 1;
	m->waiting.max = SF_METRICS_CANDIDATES;
	m->lost.max = 15;
	return m;
}

void sf_metrics_free(struct sf_metrics *m)
{
	if (!m)
		return;
	free(m->signals.v);
	free(m->fatal.v);
	free(m->waiting.v);
	free(m->lost.v);
	free(m->labelled);
	free(m);
}

static bool labelled(const struct sf_metrics *m, const char *receiver)
{
	unsigned int i;

	for (i = 0; i < m->nlabelled; i++)
		if (!strncmp(m->labelled[i], receiver, LABEL_MAX - 1))
			return true;
	return false;
}

void sf_metrics_count(struct sf_metrics *m, const struct sf_entry *e)
{
	const char *sig = sf_entry_get(e, SF_F_SIGNAL);
	const char *res = sf_entry_get(e, SF_F_RESULT);
	const char *recv = sf_entry_get(e, SF_F_RECEIVER_COMM);

	sig = sig && *sig ? sig : "unknown";
	add(&m->signals, sig, res && *res ? res : "unknown", 1);
	if (e->priority > SF_PRI_WARNING)
		return;
	recv = recv && *recv ? recv : "unknown";
	if (labelled(m, recv)) {
		add(&m->fatal, sig, recv, 1);
	} else {
		struct series *s = find(&m->waiting, sig, recv);

		if (s)
			s->n++;
		else
			add(&m->fatal, sig, OTHER, 1);
	}
}

void sf_metrics_lost(struct sf_metrics *m, unsigned long long n, const char *where)
{
	add(&m->lost, where, "", n);
}

/* waiting_total - fatal signals of the waiting receiver @recv this interval */
static unsigned long long waiting_total(const struct table *w, const char *recv)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; i < w->len; i++)
		if (!strcmp(w->v[i].b, recv))
			n += w->v[i].n;
	return n;
}

/*
 * rank - the receivers killed since the last write take the free labels,
 * most fatal signals first (the first seen on a tie); the others go to
 * "other" for good
 */
static void rank(struct sf_metrics *m)
{
	struct table *w = &m->waiting;
	size_t i;

	while (m->nlabelled < m->top && w->len) {
		unsigned long long best = 0, n;
		const char *recv = NULL;

		for (i = 0; i < w->len; i++) {
			n = waiting_total(w, w->v[i].b);
			if (n > best) {
				best = n;
				recv = w->v[i].b;
			}
		}
		if (!recv)
			break;
		snprintf(m->labelled[m->nlabelled++], LABEL_MAX, "%s", recv);
		for (i = 0; i < w->len;) {
			if (strcmp(w->v[i].b, m->labelled[m->nlabelled - 1])) {
				i++;
				continue;
			}
			add(&m->fatal, w->v[i].a, w->v[i].b, w->v[i].n);
			w->v[i] = w->v[--w->len];
		}
	}
	for (i = 0; i < w->len; i++)
		add(&m->fatal, w->v[i].a, OTHER, w->v[i].n);
	w->len = 0;
}

void sf_metrics_label_value(struct sf_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), l;

	while (n) {
		l = sf_utf8_len(p, n);
		if (!l)
			sf_buf_add(b, "\xef\xbf\xbd", 3);
		else if (*p == '\\')
			sf_buf_add(b, "\\\\", 2);
		else if (*p == '"')
			sf_buf_add(b, "\\\"", 2);
		else if (*p == '\n')
			sf_buf_add(b, "\\n", 2);
		else
			sf_buf_add(b, (const char *)p, l);
		l = l ? l : 1;
		p += l;
		n -= l;
	}
}

/* family - HELP and TYPE, then one sample per series with labels @la, @lb */
static void family(struct sf_buf *b, const char *name, const char *help, const struct table *t,
		   const char *la, const char *lb)
{
	size_t i;

	if (!t->len)
		return;
	sf_buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	for (i = 0; i < t->len; i++) {
		sf_buf_printf(b, "%s{%s=\"", name, la);
		sf_metrics_label_value(b, t->v[i].a);
		if (lb) {
			sf_buf_printf(b, "\",%s=\"", lb);
			sf_metrics_label_value(b, t->v[i].b);
		}
		sf_buf_printf(b, "\"} %llu\n", t->v[i].n);
	}
}

void sf_metrics_render(struct sf_metrics *m, struct sf_buf *b, bool up, unsigned long long start)
{
	rank(m);
	/* the ring buffer's losses: a series from the start, 0 while none */
	add(&m->lost, SF_LOST_RING, "", 0);
	sf_buf_printf(b,
		      "# HELP sigftrace_up 1 while sigftrace stream runs, 0 once it has stopped.\n"
		      "# TYPE sigftrace_up gauge\nsigftrace_up %d\n",
		      up ? 1 : 0);
	sf_buf_printf(b,
		      "# HELP sigftrace_start_time_seconds When sigftrace stream started, "
		      "in seconds since the epoch.\n"
		      "# TYPE sigftrace_start_time_seconds gauge\n"
		      "sigftrace_start_time_seconds %llu\n",
		      start);
	family(b, "sigftrace_signals_total", "Signals sent, by signal and result.", &m->signals,
	       "signal", "result");
	family(b, "sigftrace_fatal_signals_total",
	       "Fatal signals, by signal and receiver (the receivers killed most when first "
	       "seen have their own label, the rest are counted as other).",
	       &m->fatal, "signal", "receiver");
	family(b, "sigftrace_events_lost_total",
	       "Signal events lost, by where (ring: the kernel's ring buffer; a sink's name: "
	       "that sink could not take them).",
	       &m->lost, "where", NULL);
}

/* write_file - the counters to the file, atomically */
static int write_file(struct metrics_sink *ms, bool up)
{
	char *tmp = NULL;
	size_t off = 0;
	ssize_t r;
	int fd;

	ms->buf.len = 0;
	sf_metrics_render(ms->m, &ms->buf, up, ms->start);
	fd = sf_atomic_create(ms->path, &tmp);
	if (fd < 0)
		goto fail;
	while (off < ms->buf.len) {
		r = write(fd, ms->buf.p + off, ms->buf.len - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!r)
				errno = EIO;
			sf_atomic_abort(fd, tmp);
			goto fail;
		}
		off += (size_t)r;
	}
	if (sf_atomic_commit(fd, tmp, ms->path))
		goto fail;
	free(tmp);
	ms->base.up = true;
	ms->base.err = 0;
	return 0;
fail:
	free(tmp);
	ms->base.up = false;
	ms->base.err = errno ? errno : EIO;
	return -1;
}

static int metrics_event(struct sf_sink *s, const struct sf_entry *e)
{
	sf_metrics_count(((struct metrics_sink *)s)->m, e);
	return 0;
}

static int metrics_lost(struct sf_sink *s, unsigned long long count, const char *where)
{
	sf_metrics_lost(((struct metrics_sink *)s)->m, count, where);
	return 0;
}

static void metrics_tick(struct sf_sink *s, unsigned long long now_ms, bool final)
{
	struct metrics_sink *ms = (struct metrics_sink *)s;

	if (!final && now_ms < ms->next_ms)
		return;
	ms->next_ms = now_ms + ms->interval_ms;
	write_file(ms, !final);
}

static long metrics_timeout(struct sf_sink *s, unsigned long long now_ms)
{
	struct metrics_sink *ms = (struct metrics_sink *)s;

	return ms->next_ms > now_ms ? (long)(ms->next_ms - now_ms) : 0;
}

static void metrics_reopen(struct sf_sink *s)
{
	((struct metrics_sink *)s)->next_ms = 0;
}

static void metrics_free(struct sf_sink *s)
{
	struct metrics_sink *ms = (struct metrics_sink *)s;

	sf_metrics_free(ms->m);
	sf_buf_free(&ms->buf);
	free(ms->path);
	free(ms);
}

static const struct sf_sink_ops metrics_ops = {
	.kind = "metrics",
	.event = metrics_event,
	.lost = metrics_lost,
	.tick = metrics_tick,
	.timeout = metrics_timeout,
	.reopen = metrics_reopen,
	.free = metrics_free,
};

struct sf_sink *sf_metrics_open(const struct sf_metrics_conf *c, char *err, size_t errsz)
{
	struct metrics_sink *ms = calloc(1, sizeof(*ms));

	if (!ms || !c->path || !*c->path) {
		snprintf(err, errsz, "cannot set up the metrics sink: %s",
			 ms ? "no file given" : strerror(errno));
		free(ms);
		return NULL;
	}
	ms->base.ops = &metrics_ops;
	ms->m = sf_metrics_new(c->top ? c->top : SF_METRICS_TOP);
	ms->path = strdup(c->path);
	if (!ms->m || !ms->path) {
		snprintf(err, errsz, "cannot set up the metrics sink: %s", strerror(ENOMEM));
		metrics_free(&ms->base);
		return NULL;
	}
	ms->interval_ms = c->interval_ms ? c->interval_ms : SF_METRICS_INTERVAL_MS;
	ms->start = (unsigned long long)time(NULL);
	snprintf(ms->base.name, sizeof(ms->base.name), "metrics %s", c->path);
	if (write_file(ms, true)) {
		snprintf(err, errsz, "cannot write metrics file %s: %s", c->path,
			 strerror(ms->base.err));
		metrics_free(&ms->base);
		return NULL;
	}
	ms->next_ms = sf_now_ns() / 1000000 + ms->interval_ms;
	return &ms->base;
}
