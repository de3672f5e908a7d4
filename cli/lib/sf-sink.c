// SPDX-License-Identifier: GPL-2.0
/*
 * sf-sink - what every service sink shares: dispatch, the socket sinks'
 * queue driving, loss reports of their own drops, notices, and UTF-8
 * checking for the encoders.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sf-netout.h"
#include "sf-sink.h"

int sf_sink_event(struct sf_sink *s, const struct sf_entry *e)
{
	s->events++;
	return s->ops->event(s, e);
}

/* lost_entry - a loss as an entry of its own: SIGFTRACE_LOST, SIGFTRACE_LOST_WHERE */
static int lost_entry(struct sf_sink *s, unsigned long long count, const char *where)
{
	char msg[160], num[24];
	struct sf_field f[] = {
		{ SF_F_LOST, num },
		{ SF_F_LOST_WHERE, where },
	};
	struct sf_entry e = {
		.message = msg,
		.fields = f,
		.nfields = 2,
		.priority = SF_PRI_WARNING,
	};

	snprintf(num, sizeof(num), "%llu", count);
	sf_lost_text(msg, sizeof(msg), count, where);
	return s->ops->event(s, &e);
}

int sf_sink_lost(struct sf_sink *s, unsigned long long count, const char *where)
{
	if (!count)
		return 0;
	where = where && *where ? where : "unknown";
	return s->ops->lost ? s->ops->lost(s, count, where) : lost_entry(s, count, where);
}

unsigned long long sf_sink_drops(const struct sf_sink *s)
{
	return s->net ? s->net->dropped : 0;
}

size_t sf_sink_pending(const struct sf_sink *s)
{
	return s->net ? s->net->qlen : 0;
}

long sf_sink_poll(struct sf_sink *s, struct pollfd *pfd, unsigned long long now_ms)
{
	long t = -1, t2;

	pfd->fd = -1;
	pfd->events = 0;
	pfd->revents = 0;
	if (s->net)
		t = sf_netout_pollfd(s->net, pfd, now_ms);
	if (s->ops->timeout) {
		t2 = s->ops->timeout(s, now_ms);
		if (t2 >= 0 && (t < 0 || t2 < t))
			t = t2;
	}
	/* own drops to report as soon as the queue is empty */
	if (s->net && s->net->dropped > s->drops_told && !s->net->qlen)
		t = 0;
	return t;
}

/*
 * report_drops - once the queue is empty (the target took everything that
 * waited), say how many this sink dropped, in its own format. If that report
 * is dropped too, it is counted and reported next time.
 */
static void report_drops(struct sf_sink *s, unsigned long long now_ms)
{
	unsigned long long n = s->net->dropped - s->drops_told;

	if (!n || s->net->qlen)
		return;
	s->drops_told = s->net->dropped;
	sf_sink_lost(s, n, s->ops->kind);
	sf_netout_flush(s->net, now_ms);
}

void sf_sink_tick(struct sf_sink *s, unsigned long long now_ms)
{
	if (s->net) {
		sf_netout_flush(s->net, now_ms);
		report_drops(s, now_ms);
	}
	if (s->ops->tick)
		s->ops->tick(s, now_ms, false);
}

void sf_sink_reopen(struct sf_sink *s)
{
	if (s->net)
		sf_netout_reopen(s->net);
	if (s->ops->reopen)
		s->ops->reopen(s);
}

bool sf_sink_notice(struct sf_sink *s, char *buf, size_t size)
{
	bool up = s->net ? s->net->up : s->up;
	int err = s->net ? s->net->err : s->err;

	if (!up && err && (!s->notice_down || s->notice_err != err)) {
		s->notice_down = true;
		s->notice_err = err;
		if (s->net)
			snprintf(buf, size, "%s: cannot send: %s; retrying (%llu dropped so far)",
				 s->name, strerror(err), s->net->dropped);
		else
			snprintf(buf, size, "%s: cannot write: %s; retrying", s->name,
				 strerror(err));
		return true;
	}
	if (up && s->notice_down) {
		s->notice_down = false;
		s->notice_err = 0;
		if (s->net)
			snprintf(buf, size, "%s: reachable again (%llu dropped so far)", s->name,
				 s->net->dropped);
		else
			snprintf(buf, size, "%s: written again", s->name);
		return true;
	}
	return false;
}

void sf_sinks_forward_drops(struct sf_sink *const *sinks, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		unsigned long long d = sf_sink_drops(sinks[i]);

		if (d <= sinks[i]->drops_forwarded)
			continue;
		for (j = 0; j < n; j++)
			if (j != i)
				sf_sink_lost(sinks[j], d - sinks[i]->drops_forwarded,
					     sinks[i]->ops->kind);
		sinks[i]->drops_forwarded = d;
	}
}

size_t sf_sink_close(struct sf_sink *s, unsigned int timeout_ms)
{
	unsigned long long now, end;
	size_t left = 0;

	if (!s)
		return 0;
	now = sf_now_ns() / 1000000;
	end = now + timeout_ms;
	if (s->ops->tick)
		s->ops->tick(s, now, true);
	while (s->net && now < end) {
		struct pollfd pfd;
		long t;

		sf_netout_flush(s->net, now);
		report_drops(s, now);
		if (!s->net->qlen && s->net->dropped == s->drops_told)
			break;
		t = sf_netout_pollfd(s->net, &pfd, now);
		if (t < 0 || t > (long)(end - now))
			t = (long)(end - now);
		if (poll(&pfd, pfd.fd >= 0 ? 1 : 0, (int)t) < 0 && errno != EINTR)
			break;
		now = sf_now_ns() / 1000000;
	}
	if (s->net)
		left = sf_netout_close(s->net);
	s->ops->free(s);
	return left;
}

void sf_lost_text(char *buf, size_t size, unsigned long long count, const char *where)
{
	if (!strcmp(where, SF_LOST_RING))
		snprintf(buf, size,
			 "%llu signal events lost in the kernel's ring buffer (it was full)",
			 count);
	else
		snprintf(buf, size, "%llu signal events did not reach the %s sink", count, where);
}

int sf_entry_priority(const struct sf_entry *e)
{
	return e->priority < 0 ? 0 : e->priority > 7 ? 7 : e->priority;
}

const char *sf_entry_get(const struct sf_entry *e, const char *key)
{
	size_t i;

	for (i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].key, key))
			return e->fields[i].val;
	return NULL;
}

size_t sf_utf8_len(const unsigned char *s, size_t n)
{
	unsigned int c;
	size_t len, i;

	if (!n)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong, surrogates, beyond Unicode */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}
