// SPDX-License-Identifier: GPL-2.0
/*
 * sf-syslog - RFC 5424 and RFC 3164 messages and their framing, and the
 * sink that sends them through sf-netout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sf-netout.h"
#include "sf-syslog.h"

struct syslog_sink {
	struct sf_sink base;
	struct sf_netout net;
	struct sf_syslog_hdr hdr;
	enum sf_syslog_format format;
	struct sf_buf msg;
	struct sf_buf frame;
	char hostname[256];
};

static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* entry_time - the entry's time in local time, now if it has none */
static void entry_time(const struct sf_entry *e, struct tm *tm, long *usec)
{
	struct timespec ts = e->time;

	if (!ts.tv_sec && !ts.tv_nsec)
		clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, tm);
	*usec = ts.tv_nsec / 1000;
}

static int pri(const struct sf_syslog_hdr *h, const struct sf_entry *e)
{
	int fac = h->facility < 0 || h->facility > 23 ? SF_SYSLOG_DAEMON : h->facility;

	return fac * 8 + sf_entry_priority(e);
}

/* printusascii - RFC 5424's header fields: 1-@max characters 33-126 */
static bool printusascii(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (i == max || s[i] < 33 || s[i] > 126)
			return false;
	return i > 0;
}

int sf_syslog_param_name(char *out, size_t size, const char *key)
{
	size_t plen = strlen(SF_FIELD_PREFIX), i;

	if (!strncmp(key, SF_FIELD_PREFIX, plen))
		key += plen;
	for (i = 0; key[i]; i++) {
		char c = key[i];

		if (i == 32 || i + 1 >= size || c < 33 || c > 126 || c == '=' || c == ']' ||
		    c == '"') {
			errno = EINVAL;
			return -1;
		}
		out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	if (!i) {
		errno = EINVAL;
		return -1;
	}
	out[i] = '\0';
	return 0;
}

void sf_syslog_sd_value(struct sf_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), run = 0, l;

	/* copy runs of valid characters at once; escape or replace the rest */
	while (run < n) {
		l = sf_utf8_len(p + run, n - run);
		if (l && p[run] != '"' && p[run] != '\\' && p[run] != ']') {
			run += l;
			continue;
		}
		sf_buf_add(b, (const char *)p, run);
		if (l) {
			sf_buf_add(b, "\\", 1);
			sf_buf_add(b, (const char *)p + run, 1);
		} else {
			sf_buf_add(b, "\xef\xbf\xbd", 3); /* U+FFFD */
		}
		p += run + 1;
		n -= run + 1;
		run = 0;
	}
	sf_buf_add(b, (const char *)p, run);
}

int sf_syslog_5424(struct sf_buf *b, const struct sf_syslog_hdr *h, const char *msgid,
		   const struct sf_entry *e)
{
	const char *host = h->hostname && printusascii(h->hostname, 255) ? h->hostname : "-";
	size_t start = b->len, room, mlen;
	char name[40];
	struct tm tm;
	long usec, off;
	size_t i;

	entry_time(e, &tm, &usec);
	off = tm.tm_gmtoff / 60;
	sf_buf_printf(b, "<%d>1 %04d-%02d-%02dT%02d:%02d:%02d.%06ld%c%02ld:%02ld ", pri(h, e),
		      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
		      tm.tm_sec, usec, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
	sf_buf_printf(b, "%s %s ", host, SF_SYSLOG_APP);
	if (h->procid > 0)
		sf_buf_printf(b, "%d ", h->procid);
	else
		sf_buf_add(b, "- ", 2);
	sf_buf_printf(b, "%s ", msgid && printusascii(msgid, 32) ? msgid : "-");
	if (!e->nfields) {
		sf_buf_add(b, "-", 1);
	} else {
		sf_buf_add(b, "[" SF_SYSLOG_SDID, strlen(SF_SYSLOG_SDID) + 1);
		for (i = 0; i < e->nfields; i++) {
			if (sf_syslog_param_name(name, sizeof(name), e->fields[i].key)) {
				b->len = start;
				return -1;
			}
			sf_buf_printf(b, " %s=\"", name);
			sf_syslog_sd_value(b, e->fields[i].val ? e->fields[i].val : "");
			sf_buf_add(b, "\"", 1);
		}
		sf_buf_add(b, "]", 1);
	}
	if (b->len - start + 1 > SF_SYSLOG_MAX) {
		b->len = start;
		errno = EMSGSIZE;
		return -1;
	}
	if (e->message && *e->message) {
		room = SF_SYSLOG_MAX - (b->len - start) - 1;
		mlen = strlen(e->message);
		sf_buf_add(b, " ", 1);
		sf_buf_add(b, e->message, mlen < room ? mlen : room);
	}
	return 0;
}

void sf_syslog_3164(struct sf_buf *b, const struct sf_syslog_hdr *h, const struct sf_entry *e)
{
	const char *msg = e->message ? e->message : "";
	size_t start = b->len, i, n;
	struct tm tm;
	long usec;

	entry_time(e, &tm, &usec);
	sf_buf_printf(b, "<%d>%s %2d %02d:%02d:%02d ", pri(h, e), months[tm.tm_mon % 12],
		      tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (h->hostname && printusascii(h->hostname, 255))
		sf_buf_printf(b, "%s ", h->hostname);
	if (h->procid > 0)
		sf_buf_printf(b, "%s[%d]: ", SF_SYSLOG_APP, h->procid);
	else
		sf_buf_add(b, SF_SYSLOG_APP ": ", strlen(SF_SYSLOG_APP) + 2);
	n = strlen(msg);
	if (b->len - start + n > SF_SYSLOG_3164_MAX)
		n = b->len - start < SF_SYSLOG_3164_MAX ? SF_SYSLOG_3164_MAX - (b->len - start) : 0;
	sf_buf_add(b, msg, n);
	/* a newline would end the message early on a stream, and in a log file */
	for (i = b->len - n; i < b->len; i++)
		if ((unsigned char)b->p[i] < 0x20 || b->p[i] == 0x7f)
			b->p[i] = '?';
}

int sf_syslog_format_parse(const char *s, enum sf_syslog_format *f)
{
	if (!strncmp(s, "rfc", 3))
		s += 3;
	if (!strcmp(s, "5424"))
		*f = SF_SYSLOG_5424;
	else if (!strcmp(s, "3164"))
		*f = SF_SYSLOG_3164;
	else if (!strcmp(s, "auto"))
		*f = SF_SYSLOG_AUTO;
	else
		return -1;
	return 0;
}

/* syslog_send - encode, frame for the transport, queue */
static int syslog_send(struct syslog_sink *sl, const char *msgid, const struct sf_entry *e)
{
	struct sf_buf *out = &sl->msg;

	sl->msg.len = 0;
	if (sl->format == SF_SYSLOG_3164) {
		sf_syslog_3164(&sl->msg, &sl->hdr, e);
	} else if (sf_syslog_5424(&sl->msg, &sl->hdr, msgid, e)) {
		sf_netout_drop(&sl->net);
		return -1;
	}
	if (sl->net.kind == SF_NET_TCP) {
		out = &sl->frame;
		sl->frame.len = 0;
		if (sl->format == SF_SYSLOG_3164) {
			sf_buf_add(out, sl->msg.p, sl->msg.len);
			sf_buf_add(out, "\n", 1);
		} else {
			sf_buf_printf(out, "%zu ", sl->msg.len);
			sf_buf_add(out, sl->msg.p, sl->msg.len);
		}
	}
	return sf_netout_push(&sl->net, out->p, out->len, sf_now_ns() / 1000000);
}

static int syslog_event(struct sf_sink *s, const struct sf_entry *e)
{
	return syslog_send((struct syslog_sink *)s, sf_entry_get(e, SF_F_LOST) ? "lost" : "signal",
			   e);
}

static void syslog_free(struct sf_sink *s)
{
	struct syslog_sink *sl = (struct syslog_sink *)s;

	sf_buf_free(&sl->msg);
	sf_buf_free(&sl->frame);
	free(sl);
}

static const struct sf_sink_ops syslog_ops = {
	.kind = "syslog",
	.event = syslog_event,
	.free = syslog_free,
};

struct sf_sink *sf_syslog_open(const struct sf_syslog_conf *c, char *err, size_t errsz)
{
	const char *target = c->target ? c->target : SF_SYSLOG_TARGET;
	struct syslog_sink *sl = calloc(1, sizeof(*sl));

	if (!sl) {
		snprintf(err, errsz, "cannot set up the syslog sink: %s", strerror(errno));
		return NULL;
	}
	if (c->facility < 0 || c->facility > 23) {
		snprintf(err, errsz, "bad syslog facility %d (0-23)", c->facility);
		free(sl);
		return NULL;
	}
	if (sf_netout_parse(&sl->net, target, 0, err, errsz)) {
		free(sl);
		return NULL;
	}
	/* localtime_r() need not read TZ or /etc/localtime itself */
	tzset();
	sl->format = c->format;
	if (sl->format == SF_SYSLOG_AUTO)
		sl->format = sl->net.kind == SF_NET_UNIX ? SF_SYSLOG_3164 : SF_SYSLOG_5424;
	sl->hdr.facility = c->facility ? c->facility : SF_SYSLOG_DAEMON;
	sl->hdr.procid = (int)getpid();
	if (c->hostname)
		snprintf(sl->hostname, sizeof(sl->hostname), "%s", c->hostname);
	else if (gethostname(sl->hostname, sizeof(sl->hostname) - 1))
		sl->hostname[0] = '\0';
	/* a local syslogd adds its own host name to RFC 3164 messages */
	sl->hdr.hostname =
		sl->format == SF_SYSLOG_3164 && sl->net.kind == SF_NET_UNIX ? NULL : sl->hostname;
	sl->base.ops = &syslog_ops;
	sl->base.net = &sl->net;
	snprintf(sl->base.name, sizeof(sl->base.name), "syslog %s", target);
	return &sl->base;
}
