// SPDX-License-Identifier: GPL-2.0
/*
 * sinkdrv - drive the service sinks (journal, syslog, metrics) with synthetic
 * signal events, so that the tests can check what real journald, rsyslogd
 * and node_exporter make of them before `stream` is wired to the sinks.
 *
 *   sinkdrv [--journal[=SOCKET]] [--syslog=TARGET] [--format=auto|5424|3164]
 *           [--hostname=NAME] [--metrics=FILE] [--interval=MS] [--top=N]
 *           [--queue=N]       (messages a socket sink may queue)
 *           [--sndbuf=BYTES]  (SO_SNDBUF of a unix socket: the largest datagram)
 *
 * Commands on stdin, one per line, words split at spaces, %XX decoded:
 *   ev SIGNAL SIGNO SCOMM SPID RCOMM RPID RESULT ORIGIN fatal|info
 *   big BYTES         an event whose SIGFTRACE_BLOB holds BYTES bytes
 *   nl                an event whose SIGFTRACE_NOTE holds a newline
 *   lost N WHERE      a loss, to every sink
 *   forward           every sink's own drops to the other sinks
 *   sync MS           drive the sinks until nothing is queued, at most MS;
 *                     prints "synced" or "pending N"
 *   run MS            drive the sinks for MS
 *   stats             "KIND events=N drops=N pending=N memfd=N" per sink
 * At the end of input every sink is closed (1 s for what is queued) and the
 * stats are printed. Notices go to stderr as "notice: ...".
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sf-journal.h"
#include "sf-metrics.h"
#include "sf-netout.h"
#include "sf-sink.h"
#include "sf-syslog.h"
#include "sf-util.h"

#define MAX_SINKS 3

static struct sf_sink *sinks[MAX_SINKS];
static size_t nsinks;

static unsigned long long now_ms(void)
{
	return sf_now_ns() / 1000000;
}

static void notices(void)
{
	char buf[512];
	size_t i;

	for (i = 0; i < nsinks; i++)
		while (sf_sink_notice(sinks[i], buf, sizeof(buf)))
			fprintf(stderr, "notice: %s\n", buf);
}

static size_t pending(void)
{
	size_t i, n = 0;

	for (i = 0; i < nsinks; i++)
		n += sf_sink_pending(sinks[i]);
	return n;
}

/* drive - poll the sinks and tick them for @ms, or until nothing is queued */
static void drive(unsigned long long ms, bool until_empty)
{
	unsigned long long end = now_ms() + ms;
	struct pollfd pfd[MAX_SINKS];
	size_t i;

	for (;;) {
		unsigned long long now = now_ms();
		long t, wait = (long)(end > now ? end - now : 0);

		for (i = 0; i < nsinks; i++)
			sf_sink_tick(sinks[i], now);
		notices();
		if (now >= end || (until_empty && !pending()))
			return;
		for (i = 0; i < nsinks; i++) {
			t = sf_sink_poll(sinks[i], &pfd[i], now);
			if (t >= 0 && t < wait)
				wait = t;
		}
		if (poll(pfd, nsinks, (int)(wait < 50 ? wait : 50)) < 0 && errno != EINTR)
			return;
	}
}

static void send_all(struct sf_entry *e)
{
	size_t i;

	clock_gettime(CLOCK_REALTIME, &e->time);
	for (i = 0; i < nsinks; i++)
		sf_sink_event(sinks[i], e);
	notices();
}

/* unescape - %XX in place */
static void unescape(char *s)
{
	char *d = s;
	unsigned int c;

	for (; *s; s++) {
		if (*s == '%' && sscanf(s + 1, "%2x", &c) == 1) {
			*d++ = (char)c;
			s += 2;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

static void event(char **w)
{
	struct sf_field f[] = {
		{ SF_F_SIGNAL, w[1] },	     { SF_F_SIGNO, w[2] },
		{ SF_F_SENDER_PID, w[4] },   { SF_F_SENDER_COMM, w[3] },
		{ SF_F_RECEIVER_PID, w[6] }, { SF_F_RECEIVER_COMM, w[5] },
		{ SF_F_ORIGIN, w[8] },	     { SF_F_RESULT, w[7] },
	};
	struct sf_entry e = { .fields = f, .nfields = SF_ARRAY_SIZE(f) };
	char msg[256];

	snprintf(msg, sizeof(msg), "(%s %s) --[%s]--> (%s %s)%s%s%s%s", w[3], w[4], w[1], w[5],
		 w[6], strcmp(w[8], "kill") ? " " : "", strcmp(w[8], "kill") ? w[8] : "",
		 strcmp(w[7], "delivered") ? " " : "", strcmp(w[7], "delivered") ? w[7] : "");
	e.message = msg;
	e.priority = !strcmp(w[9], "fatal") ? SF_PRI_WARNING : SF_PRI_INFO;
	send_all(&e);
}

static void extra_event(const char *key, const char *val)
{
	struct sf_field f[] = {
		{ SF_F_SIGNAL, "SIGUSR1" },
		{ SF_F_RECEIVER_COMM, "sinkdrv" },
		{ key, val },
	};
	struct sf_entry e = { .message = "(sinkdrv 1) --[SIGUSR1]--> (sinkdrv 1)",
			      .fields = f,
			      .nfields = SF_ARRAY_SIZE(f),
			      .priority = SF_PRI_INFO };

	send_all(&e);
}

static void stats(void)
{
	size_t i;

	for (i = 0; i < nsinks; i++)
		printf("%s events=%llu drops=%llu pending=%zu memfd=%llu\n", sinks[i]->ops->kind,
		       sinks[i]->events, sf_sink_drops(sinks[i]), sf_sink_pending(sinks[i]),
		       sinks[i]->net ? sinks[i]->net->sent_memfd : 0);
	fflush(stdout);
}

static int command(char *line)
{
	char *w[12] = { NULL }, *save = NULL, *tok;
	unsigned long long v;
	int n = 0;
	size_t i;

	for (tok = strtok_r(line, " \t\n", &save); tok && n < 12;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		unescape(tok);
		w[n++] = tok;
	}
	if (!n)
		return 0;
	if (!strcmp(w[0], "ev") && n == 10) {
		event(w);
	} else if (!strcmp(w[0], "big") && n == 2 && !sf_parse_uint(w[1], 1 << 26, &v)) {
		char *blob = malloc(v + 1);

		if (!blob)
			return -1;
		for (i = 0; i < v; i++)
			blob[i] = (char)('a' + i % 26);
		blob[v] = '\0';
		extra_event("SIGFTRACE_BLOB", blob);
		free(blob);
	} else if (!strcmp(w[0], "nl") && n == 1) {
		extra_event("SIGFTRACE_NOTE", "first line\nsecond line");
	} else if (!strcmp(w[0], "lost") && n == 3 && !sf_parse_uint(w[1], ~0ULL, &v)) {
		for (i = 0; i < nsinks; i++)
			sf_sink_lost(sinks[i], v, w[2]);
	} else if (!strcmp(w[0], "forward") && n == 1) {
		sf_sinks_forward_drops(sinks, nsinks);
	} else if ((!strcmp(w[0], "sync") || !strcmp(w[0], "run")) && n == 2 &&
		   !sf_parse_uint(w[1], 600000, &v)) {
		drive(v, w[0][0] == 's');
		if (w[0][0] == 's') {
			if (pending())
				printf("pending %zu\n", pending());
			else
				printf("synced\n");
			fflush(stdout);
		}
	} else if (!strcmp(w[0], "stats") && n == 1) {
		stats();
	} else {
		fprintf(stderr, "sinkdrv: bad command \"%s\" (%d words)\n", w[0], n);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "journal", optional_argument, NULL, 'j' },
		{ "syslog", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "hostname", required_argument, NULL, 'H' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "interval", required_argument, NULL, 'i' },
		{ "top", required_argument, NULL, 't' },
		{ "queue", required_argument, NULL, 'q' },
		{ "sndbuf", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct sf_syslog_conf sc = { 0 };
	struct sf_metrics_conf mc = { 0 };
	const char *journal = NULL;
	bool want_journal = false, want_syslog = false;
	unsigned long long v, queue = 0, sndbuf = 0;
	char line[4096], err[512];
	int c, ret = 0;
	size_t i;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			want_journal = true;
			journal = optarg;
			break;
		case 's':
			want_syslog = true;
			sc.target = optarg;
			break;
		case 'f':
			if (sf_syslog_format_parse(optarg, &sc.format))
				return 2;
			break;
		case 'H':
			sc.hostname = optarg;
			break;
		case 'm':
			mc.path = optarg;
			break;
		case 'i':
			if (sf_parse_uint(optarg, 3600000, &v))
				return 2;
			mc.interval_ms = (unsigned int)v;
			break;
		case 't':
			if (sf_parse_uint(optarg, 1000, &v))
				return 2;
			mc.top = (unsigned int)v;
			break;
		case 'q':
			if (sf_parse_uint(optarg, SF_NETOUT_QMSGS, &queue) || !queue)
				return 2;
			break;
		case 'b':
			if (sf_parse_uint(optarg, 1 << 30, &sndbuf) || !sndbuf)
				return 2;
			break;
		default:
			return 2;
		}
	}
	if (want_journal && !(sinks[nsinks++] = sf_journal_open(journal, err, sizeof(err))))
		goto fail;
	if (want_syslog && !(sinks[nsinks++] = sf_syslog_open(&sc, err, sizeof(err))))
		goto fail;
	if (mc.path && !(sinks[nsinks++] = sf_metrics_open(&mc, err, sizeof(err))))
		goto fail;
	for (i = 0; i < nsinks; i++) {
		if (queue && sinks[i]->net)
			sinks[i]->net->qmsgs_max = queue;
		if (sndbuf && sinks[i]->net)
			sinks[i]->net->sndbuf = (int)sndbuf;
	}
	while (fgets(line, sizeof(line), stdin))
		if (command(line))
			ret = 2;
	for (i = 0; i < nsinks; i++)
		if (sf_sink_pending(sinks[i]))
			drive(1000, true);
	stats();
	for (i = 0; i < nsinks; i++)
		if (sf_sink_close(sinks[i], 1000))
			ret = 1;
	return ret;
fail:
	fprintf(stderr, "sinkdrv: %s\n", err);
	nsinks--;
	for (i = 0; i < nsinks; i++)
		sf_sink_close(sinks[i], 0);
	return 1;
}
