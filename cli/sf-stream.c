// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace stream - print signals live, merged across CPUs in time order.
 *
 * The instance's buffer_percent is 0, so poll() on trace_pipe_raw wakes on
 * the first event (the default 50 would wait for a half-full buffer). After
 * a wake-up the loop waits a few milliseconds so that a storm is handled a
 * few hundred pages at a time, then reads every CPU's pages, merges them and
 * writes the rendered lines in one write(2). Nothing spins when it is quiet.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-journal.h"
#include "sf-metrics.h"
#include "sf-attrib.h"
#include "sf-pipeline.h"
#include "sf-session.h"
#include "sf-source-live.h"
#include "sf-syslog.h"
#include "sf-cli.h"
#include "sf-util.h"

#define SF_STREAM_BATCH_MS 10 /* well under the 100 ms a user notices */
/* a signal whose showing waits for its delivery (SIGALRM) waits no longer than this */
#define SF_STREAM_HOLD_NS 1000000000ULL
/* the kernel's loss counters are read this often while service sinks run */
#define SF_STREAM_STATS_MS 1000
/* what the service sinks still queue at the end may take this long to go out */
#define SF_STREAM_CLOSE_MS 2000
#define SF_STREAM_SVC 3 /* journal, syslog, metrics */
/* a task is forgotten this long after its exit: memory stays bounded for weeks */
#define SF_STREAM_FORGET_NS (10 * 1000000000ULL)

enum {
	OPT_FORMAT = 0x2000,
	OPT_KMSG,
	OPT_CLOCK,
	OPT_INSTANCE,
	OPT_DELIVER,
	OPT_KTHREADS,
	OPT_JOURNAL,
	OPT_SYSLOG,
	OPT_SYSLOG_FORMAT,
	OPT_METRICS,
	OPT_METRICS_INTERVAL,
	OPT_RECLAIM,
};

static const char stream_usage[] =
	"usage: sigftrace stream [OPTIONS] [-- COMMAND [ARGS...]]\n"
	"\n"
	"Print every signal as it happens, until Ctrl-C, or while COMMAND runs (then\n"
	"exit with COMMAND's status).\n"
	"\n"
	"Output:\n"
	"      --format FORMAT    default, seed (the original kernel patch's line) or json\n"
	"  -n, --numeric          signal numbers instead of names\n"
	"      --deliver          also print signal_deliver events\n"
	"      --kmsg             also write each signal to /dev/kmsg in seed format\n"
	"      --kthreads         also the signals kernel threads ignore (hidden by default)\n" SF_ATTR_HELP
	"  -q, --quiet            no lines on stdout (with the sinks below)\n"
	"Service sinks (several at once; SIGHUP reopens them):\n"
	"      --journal          one journal entry per signal (journalctl SIGFTRACE_SIGNAL=SIGKILL)\n"
	"      --syslog[=TARGET]  one syslog message per signal to TARGET: /dev/log (default),\n"
	"                         another unix socket, udp:HOST[:PORT] or tcp:HOST[:PORT]\n"
	"      --syslog-format F  auto (3164 to a unix socket, 5424 over the network), 5424, 3164\n"
	"      --metrics FILE     Prometheus counters, FILE rewritten atomically (node_exporter's\n"
	"                         textfile collector)\n"
	"      --metrics-interval TIME  how often FILE is written (default 15s)\n"
	"Tracing:\n"
	"  -b, --buffer KB        ring buffer per CPU in KiB (default 4096)\n"
	"      --clock CLOCK      trace clock (default: CLOCK_MONOTONIC timestamps)\n"
	"      --instance NAME    tracing instance name (default sigftrace-PID)\n"
	"      --reclaim          first remove the instances of sigftraces that are gone (a\n"
	"                         crashed predecessor: see sigftrace reset)\n"
	"\n" SF_FILTER_HELP "\n"
	"General:\n"
	"  -h, --help             this help\n"
	"\n"
	"Examples:\n"
	"  # watch who signals whom\n"
	"  sigftrace stream\n"
	"  # log every SIGKILL and SIGTERM to the kernel log as well\n"
	"  sigftrace stream -s KILL,TERM --kmsg\n"
	"  # as a service: to the journal and node_exporter, nothing on stdout\n"
	"  sigftrace stream -q --journal --metrics /var/lib/prometheus/node-exporter/sigftrace.prom\n";

struct stream_opts {
	struct sf_trace_conf conf;
	struct sf_filter filter;
	enum sf_format format;
	const char *instance;
	char **command;
	bool kmsg;
	bool numeric;
	bool kthreads;
	bool quiet;
	bool reclaim;
	bool journal;
	bool syslog;
	struct sf_syslog_conf syslog_conf;
	struct sf_metrics_conf metrics;
	struct sf_attr_opts attr; /* -A, --units */
};

static int parse_args(int argc, char **argv, struct stream_opts *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "numeric", no_argument, NULL, 'n' },
		{ "deliver", no_argument, NULL, OPT_DELIVER },
		{ "kmsg", no_argument, NULL, OPT_KMSG },
		{ "kthreads", no_argument, NULL, OPT_KTHREADS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "journal", no_argument, NULL, OPT_JOURNAL },
		{ "syslog", optional_argument, NULL, OPT_SYSLOG },
		{ "syslog-format", required_argument, NULL, OPT_SYSLOG_FORMAT },
		{ "metrics", required_argument, NULL, OPT_METRICS },
		{ "metrics-interval", required_argument, NULL, OPT_METRICS_INTERVAL },
		SF_ATTR_LONGOPTS,
		{ "buffer", required_argument, NULL, 'b' },
		{ "clock", required_argument, NULL, OPT_CLOCK },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "reclaim", no_argument, NULL, OPT_RECLAIM },
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long ms;
	int c;

	while ((c = sf_getopt(argc, argv, "+:hnqb:" SF_ATTR_SHORTOPTS SF_FILTER_SHORTOPTS, longopts,
			      &o->filter, stream_usage)) != -1) {
		switch (c) {
		case SF_GETOPT_HELP:
			return 1;
		case 'n':
			o->numeric = true;
			break;
		case OPT_DELIVER:
			o->conf.deliver = true;
			break;
		case OPT_KMSG:
			o->kmsg = true;
			break;
		case OPT_KTHREADS:
			o->kthreads = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_JOURNAL:
			o->journal = true;
			break;
		case OPT_SYSLOG:
			o->syslog = true;
			o->syslog_conf.target = optarg;
			break;
		case OPT_SYSLOG_FORMAT:
			if (sf_syslog_format_parse(optarg, &o->syslog_conf.format)) {
				sf_usage_err(
					"bad --syslog-format \"%s\": expected auto, 5424 or 3164",
					optarg);
				return -1;
			}
			break;
		case OPT_METRICS:
			o->metrics.path = optarg;
			break;
		case OPT_METRICS_INTERVAL:
			if (sf_parse_duration(optarg, &ms) || ms < 100 ||
			    ms > 24 * 3600 * 1000ULL) {
				sf_usage_err("bad --metrics-interval \"%s\": expected 100ms to 24h",
					     optarg);
				return -1;
			}
			o->metrics.interval_ms = (unsigned int)ms;
			break;
		case 'b':
			if (sf_opt_buffer_kb(optarg, "KiB per CPU", &o->conf.buffer_kb))
				return -1;
			break;
		case OPT_CLOCK:
			o->conf.clock = optarg;
			break;
		case OPT_INSTANCE:
			if (sf_opt_instance(optarg, &o->instance))
				return -1;
			break;
		case OPT_RECLAIM:
			o->reclaim = true;
			break;
		case OPT_FORMAT:
			if (sf_opt_format(optarg, &o->format))
				return -1;
			break;
		default:
			if (sf_opt_attr(c, optarg, &o->attr) <= 0)
				return -1;
			break;
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	if (o->numeric && o->format == SF_FMT_JSON) {
		sf_usage_err("--numeric and --format json are mutually exclusive");
		return -1;
	}
	if (o->metrics.path && !*o->metrics.path) {
		sf_usage_err("--metrics needs a file name");
		return -1;
	}
	if (o->syslog_conf.format != SF_SYSLOG_AUTO && !o->syslog) {
		sf_usage_err("--syslog-format needs --syslog");
		return -1;
	}
	if (o->metrics.interval_ms && !o->metrics.path) {
		sf_usage_err("--metrics-interval needs --metrics");
		return -1;
	}
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR && !sf_session_stop_signal())
		;
}

/* kmsg - the /dev/kmsg sink, or NULL after saying why not */
static struct sf_out *kmsg(void)
{
	struct sf_out *o;
	char err[256];

	o = sf_sink_kmsg_open(sigftrace_arch_host(), err, sizeof(err));
	if (o)
		return o;
	sf_err("%s", err);
	if (errno == EPERM)
		sf_hint("sysctl -w kernel.printk_devkmsg=ratelimit (or on)");
	return NULL;
}

static void reclaimed(const char *name, int error, void *ctx)
{
	(void)ctx;
	if (error)
		sf_warn("cannot remove instance %s of a sigftrace that is gone: %s", name,
			strerror(error));
	else
		sf_warn("removed instance %s: its sigftrace is gone", name);
}

/* The service sinks of a stream, each one sink of the pipeline (which owns them). */
struct svc {
	struct sf_out *outs[SF_STREAM_SVC];
	size_t n;
	unsigned long long lost_told; /* ring-buffer losses told to every sink */
	unsigned long long next_stats_ms; /* when to read the kernel's loss counters */
};

/* svc_add - one more service sink, or false after saying why it cannot be */
static bool svc_add(struct svc *v, struct sf_sink *s, const char *err, bool mono)
{
	if (!s) {
		sf_err("%s", err);
		return false;
	}
	v->outs[v->n++] = sf_sink_svc_new(s, sigftrace_arch_host(), mono);
	return true;
}

/* svc_open - the sinks the options ask for; false (and none open) if one cannot be */
static bool svc_open(struct stream_opts *o, struct svc *v)
{
	/* without --clock, the times are CLOCK_MONOTONIC's (mapped, if need be) */
	bool mono = !o->conf.clock || !strcmp(o->conf.clock, "mono");
	char err[512];
	size_t i;

	if ((o->journal && !svc_add(v, sf_journal_open(NULL, err, sizeof(err)), err, mono)) ||
	    (o->syslog &&
	     !svc_add(v, sf_syslog_open(&o->syslog_conf, err, sizeof(err)), err, mono)) ||
	    (o->metrics.path &&
	     !svc_add(v, sf_metrics_open(&o->metrics, err, sizeof(err)), err, mono))) {
		for (i = 0; i < v->n; i++)
			sf_out_free(v->outs[i]);
		v->n = 0;
		return false;
	}
	return true;
}

/* svc_poll - the sinks' sockets into @pfd; Return: the poll timeout (-1: none) */
static int svc_poll(struct svc *v, struct pollfd *pfd, unsigned long long now)
{
	long t = -1, ts;
	size_t i;

	for (i = 0; i < v->n; i++) {
		ts = sf_sink_poll(sf_sink_svc_sink(v->outs[i]), &pfd[i], now);
		if (ts >= 0 && (t < 0 || ts < t))
			t = ts;
	}
	if (v->n) {
		ts = v->next_stats_ms > now ? (long)(v->next_stats_ms - now) : 0;
		if (t < 0 || ts < t)
			t = ts;
	}
	return (int)t;
}

/*
 * svc_lost - the ring buffer's losses, to every sink once: the pages' counts,
 * or the kernel's counters (read every second) when they say more; the
 * start instance's (its counters and an inexact hand-over's) with them
 */
static void svc_lost(struct svc *v, struct sf_live *live, struct sf_pipeline *p, bool stats)
{
	unsigned long long n = p->lost, sum = live->ho.lost;
	size_t i;
	int cpu;

	for (cpu = 0; stats && cpu < live->t.ncpus; cpu++) {
		unsigned long long overrun = 0, dropped = 0;

		if (!sf_trace_cpu_stats(&live->t, cpu, NULL, &overrun, &dropped))
			sum += overrun + dropped;
	}
	if (sum > n)
		n = sum;
	n += live->ho.uncertain;
	if (n <= v->lost_told)
		return;
	for (i = 0; i < v->n; i++)
		sf_sink_lost(sf_sink_svc_sink(v->outs[i]), n - v->lost_told, SF_LOST_RING);
	v->lost_told = n;
}

/* svc_work - reopen on SIGHUP, losses, the sinks' own work, their notices */
static void svc_work(struct svc *v, struct sf_live *live, struct sf_pipeline *p, bool final)
{
	struct sf_sink *sinks[SF_STREAM_SVC];
	unsigned long long now = sf_now_ns() / 1000000;
	bool reload = sf_session_reload();
	char buf[512];
	size_t i;

	if (!v->n)
		return;
	for (i = 0; i < v->n; i++) {
		sinks[i] = sf_sink_svc_sink(v->outs[i]);
		if (reload)
			sf_sink_reopen(sinks[i]);
	}
	svc_lost(v, live, p, final || now >= v->next_stats_ms);
	if (final || now >= v->next_stats_ms)
		v->next_stats_ms = now + SF_STREAM_STATS_MS;
	for (i = 0; i < v->n; i++)
		sf_sink_tick(sinks[i], now);
	sf_sinks_forward_drops(sinks, v->n);
	for (i = 0; i < v->n; i++)
		while (sf_sink_notice(sinks[i], buf, sizeof(buf)))
			sf_warn("%s", buf);
}

/* svc_close - send what is queued (2 s at most), then say what never went out */
static void svc_close(struct svc *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		struct sf_sink *s = sf_sink_svc_sink(v->outs[i]);
		unsigned long long events, drops;
		char name[sizeof(s->name)];
		size_t left;

		memcpy(name, s->name, sizeof(name));
		events = s->events;
		drops = sf_sink_drops(s);
		/* @s is freed here */
		left = sf_sink_svc_close(v->outs[i], SF_STREAM_CLOSE_MS);
		drops += left;
		if (drops)
			sf_warn("%s: %llu of %llu entries could not be sent", name, drops, events);
	}
}

/*
 * loop - batches of records through the pipeline until stopped: the end of
 * COMMAND, a stop signal, or a write error
 * Return: SF_EXIT_OK, or SF_EXIT_ERROR after reporting why.
 */
static int loop(struct stream_opts *o, struct sf_live *live, struct sf_pipeline *p, struct svc *v,
		int wake_fd, pid_t *child, int *status)
{
	int ncpus = live->t.ncpus;
	struct pollfd *pfd = sf_xcalloc((size_t)ncpus + 2 + SF_STREAM_SVC, sizeof(*pfd));
	struct tep_record rec;
	struct stat st;
	char err[512];
	int ret = SF_EXIT_OK;
	nfds_t nfds = (nfds_t)ncpus + 1;
	bool more;
	int i;

	for (i = 0; i < ncpus; i++) {
		pfd[i].fd = sf_ring_fd(&live->ring, i);
		pfd[i].events = POLLIN;
	}
	pfd[ncpus].fd = wake_fd;
	pfd[ncpus].events = POLLIN;
	/*
	 * a pipe or socket on stdout: its reader gone (stream | head -1), the
	 * stream ends at once, not at the next signal's EPIPE
	 */
	if (!o->quiet && !fstat(STDOUT_FILENO, &st) &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
		pfd[nfds].fd = STDOUT_FILENO;
		pfd[nfds].events = 0;
		nfds++;
	}
	while (!sf_pipeline_error(p)) {
		bool stopping = sf_session_stop_signal() != 0;

		if (*child > 0 && waitpid(*child, status, WNOHANG) == *child) {
			*child = 0;
			stopping = true;
		}
		if (!stopping) {
			int t = svc_poll(v, pfd + nfds, sf_now_ns() / 1000000);

			if (poll(pfd, nfds + v->n, t) < 0 && errno != EINTR) {
				sf_err_errno("cannot wait for events");
				ret = SF_EXIT_ERROR;
				break;
			}
			if (pfd[ncpus].revents)
				sf_session_rearm();
			if (nfds > (nfds_t)ncpus + 1 &&
			    (pfd[ncpus + 1].revents & (POLLERR | POLLHUP)))
				break;
			stopping = sf_session_stop_signal() != 0;
			if (!stopping)
				sleep_ms(SF_STREAM_BATCH_MS);
		}
		if (sf_session_aborted())
			break;
		/* the trace clock against CLOCK_MONOTONIC, each second of events */
		sf_live_sample(live, 1000000000ULL);
		do {
			more = sf_live_read(live, stopping);
			while (sf_live_next(live, &rec))
				sf_pipeline_record(p, &rec);
			/* with the mono clock (or times mapped to it), trace time is CLOCK_MONOTONIC */
			if (sf_pipeline_waiting(p) &&
			    (!o->conf.clock || !strcmp(o->conf.clock, "mono")) &&
			    sf_now_ns() > SF_STREAM_HOLD_NS)
				sf_pipeline_expire(p, sf_now_ns() - SF_STREAM_HOLD_NS);
			sf_pipeline_flush(p);
		} while (more && !sf_pipeline_error(p) && !sf_live_error(live, err, sizeof(err)) &&
			 !sf_session_aborted());
		if (sf_live_error(live, err, sizeof(err))) {
			sf_err("%s", err);
			ret = SF_EXIT_ERROR;
			break;
		}
		if (stopping) {
			/* signals still waiting for their delivery did not kill */
			sf_pipeline_finish(p);
			sf_pipeline_flush(p);
			svc_work(v, live, p, true);
			break;
		}
		svc_work(v, live, p, false);
	}
	free(pfd);
	return ret;
}

int sf_cmd_stream(int argc, char **argv)
{
	struct stream_opts o = { .conf = { .buffer_kb = 4096, .buffer_percent = 0 } };
	struct sf_live live = { .t.trace_on_fd = -1, .ring.stop = { -1, -1 } };
	struct sf_pipeline p = { 0 };
	struct sf_out *kmsg_out = NULL;
	struct svc svc = { .n = 0 };
	struct sf_out_conf out = { sigftrace_arch_host(), STDOUT_FILENO, false, false, 0, false };
	char err[512];
	int status = 0, exec_err_fd = -1;
	pid_t child = -1;
	bool show_deliver;
	int ret = SF_EXIT_ERROR;
	int wake_fd = -1, i, r;

	r = parse_args(argc, argv, &o);
	ret = r > 0 ? SF_EXIT_OK : r < 0 ? SF_EXIT_USAGE : sf_session_prepare(&o.filter);
	if (r || ret) {
		sf_filter_free(&o.filter);
		return ret;
	}
	ret = SF_EXIT_ERROR;
	/* a SIGALRM is shown if it kills: its delivery tells, and is not printed */
	show_deliver = o.conf.deliver;
	if (!o.conf.deliver && sf_filter_has_if_fatal(&o.filter)) {
		o.conf.deliver = true;
		o.filter.deliver_fates_only = true;
	}
	if (!svc_open(&o, &svc)) {
		sf_filter_free(&o.filter);
		return SF_EXIT_ERROR;
	}
	if (o.kmsg && !(kmsg_out = kmsg())) {
		for (i = 0; i < (int)svc.n; i++)
			sf_out_free(svc.outs[i]);
		sf_filter_free(&o.filter);
		return SF_EXIT_ERROR;
	}
	/* a service restarted after a crash: its predecessor's instance */
	if (o.reclaim && sf_trace_reset(reclaimed, NULL, err, sizeof(err)) < 0)
		sf_warn("%s", err);
	/* a service: SIGHUP reopens the sinks (logrotate, a restarted journald) */
	sf_session_hup_reloads(svc.n > 0);
	/* the sinks say which signals killed: the deliveries tell */
	if (svc.n) {
		o.conf.deliver = true;
		o.filter.deliver_fates_only = false;
	}
	/* a start instance records while the main one is resized (sf_live_open_early()) */
	if (sf_live_open_early(&live, o.instance, &o.conf, &o.filter,
			       getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
			       err, sizeof(err)) ||
	    sf_live_batches(&live, err, sizeof(err))) {
		sf_err("%s", err);
		wake_fd = -1;
	} else if ((wake_fd = sf_session_start(&live.t)) < 0) {
		sf_err_errno("cannot install signal handlers");
	}
	/* source(live) -> event -> names -> filter -> sinks (they are the pipeline's now) */
	sf_pipeline_init(&p, wake_fd >= 0 ? live.t.tep : NULL, sigftrace_arch_host());
	out.numeric = o.numeric;
	out.ancestry = o.attr.ancestry;
	out.units = o.attr.units;
	if (!o.quiet)
		sf_pipeline_add(&p, sf_sink_new(o.format, &out));
	if (kmsg_out)
		sf_pipeline_add(&p, kmsg_out);
	for (i = 0; i < (int)svc.n; i++)
		sf_pipeline_add(&p, svc.outs[i]);
	if (wake_fd < 0) {
		svc.n = 0;
		goto out;
	}
	p.deliver = show_deliver;
	p.names.live = true;
	p.names.expire_ns = SF_STREAM_FORGET_NS;
	/* what the kernel cannot select (processes, names) is selected here */
	p.filter = &o.filter;
	p.kthreads = o.kthreads;
	p.hold_fatal = svc.n > 0;
	/* the service sinks' entries name the program, parents, units and containers */
	p.attrib_what = o.format == SF_FMT_JSON || o.attr.ancestry || svc.n > 0 ?
				SF_ATTRIB_SIDES | SF_ATTRIB_ANCESTORS :
			o.attr.units ? SF_ATTRIB_SIDES :
				       0;
	if (live.has_start ? sf_live_start_handover(&live, NULL, err, sizeof(err)) :
			     sf_live_start(&live, err, sizeof(err))) {
		sf_err("%s", err);
		goto out;
	}
	if (live.ho.warning[0])
		sf_warn("%s", live.ho.warning);
	/* names: the kernel's comm cache (read only), then every live task */
	sf_trace_load_cmdlines(&live.t);
	sf_comms_load_proc(p.names.comms);
	/* who is behind whom: the processes alive now, then the trace's events */
	{
		char *snap = sf_attrib_proc_text();

		sf_attrib_load(p.attrib, snap);
		free(snap);
	}
	if (o.command) {
		child = sf_session_run(o.command, &exec_err_fd);
		if (child < 0) {
			sf_err_errno("cannot start %s", o.command[0]);
			goto out;
		}
	}
	ret = loop(&o, &live, &p, &svc, wake_fd, &child, &status);
	if (sf_pipeline_error(&p) && sf_pipeline_error(&p) != EPIPE) {
		errno = sf_pipeline_error(&p);
		sf_err_errno("cannot write");
		ret = SF_EXIT_ERROR;
	}
	if (child > 0) {
		/* stopped by a signal: pass it on, then collect the command's status */
		status = sf_session_reap(child);
		child = 0;
	}
	if (exec_err_fd >= 0 && sf_session_exec_failed(exec_err_fd, o.command[0])) {
		ret = SF_EXIT_ERROR;
		o.command = NULL;
	}
	if (kmsg_out && kmsg_out->dropped)
		sf_warn("%llu lines could not be written to /dev/kmsg", kmsg_out->dropped);
	for (i = 0; i < live.t.ncpus; i++) {
		unsigned long long overrun = 0, dropped = 0;

		if (!sf_trace_cpu_stats(&live.t, i, NULL, &overrun, &dropped) &&
		    (overrun || dropped))
			sf_warn("CPU %d: %llu events lost (ring buffer full); use a larger -b", i,
				overrun + dropped);
	}
	if (live.ho.lost + live.ho.uncertain)
		sf_warn("%llu events lost in the start instance (the first milliseconds)",
			live.ho.lost + live.ho.uncertain);
	svc_close(&svc);
out:
	sf_pipeline_free(&p);
	sf_live_close(&live);
	sf_session_end();
	sf_filter_free(&o.filter);
	if (ret == SF_EXIT_OK && o.command)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return ret;
}
