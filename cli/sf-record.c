// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace record - record signals into a trace.dat file (v7, or v6).
 *
 * parse -> own instance, configured with tracing off -> the ring buffers
 * captured into a temporary file per CPU (sf-ring) -> tracing on ->
 * (COMMAND) -> stop: tracing off, the capture takes the rest -> the pages
 * to FILE through names and the user-space filter (sf-save) -> remove the
 * instance. Every exit path removes the instance.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-names.h"
#include "sf-attrib.h"
#include "sf-atomic.h"
#include "sf-datfile.h"
#include "sf-filter.h"
#include "sf-save.h"
#include "sf-session.h"
#include "sf-source-live.h"
#include "sf-cli.h"
#include "sf-util.h"

#define SF_RECORD_BUFFER_KB 4096
#define SF_ERR 512
#define SF_SAMPLE_MS 1000 /* trace clock against CLOCK_MONOTONIC, while recording */

#define SF_RECORD_ON_MAX 32 /* signals of --on-signal */
#define SF_RECORD_CHECK_MS 50 /* how often the size of a rotating file is looked at */
/* -C: the readers wake at 5% of the buffer (200 KiB of 4 MiB), not 25%: files closer to SIZE */
#define SF_RECORD_ROTATE_PERCENT 5
#define SF_RECORD_MIN_SIZE (16 * 1024ULL)

enum {
	OPT_CLOCK = 0x2000,
	OPT_INSTANCE,
	OPT_NO_DELIVER,
	OPT_FILE_VERSION,
	OPT_ON_SIGNAL,
	OPT_POST,
};

#ifdef SF_HAVE_ZSTD
#define SF_FILE_VERSION_HELP                                                                   \
	"      --file-version N   trace.dat version: 7 (default: zstd-compressed, trace-cmd\n" \
	"                         3.x and KernelShark 2.x read it) or 6 (uncompressed)\n"
#else
#define SF_FILE_VERSION_HELP \
	"      --file-version N   trace.dat version: 6 (built without zstd: no 7)\n"
#endif

static const char record_usage[] =
	"usage: sigftrace record [OPTIONS] [-- COMMAND [ARGS...]]\n"
	"\n"
	"Record every signal of the system into a trace.dat file that sigftrace report,\n"
	"trace-cmd report and KernelShark read. Stops on Ctrl-C, SIGTERM, -d, or when\n"
	"COMMAND exits (then exits with COMMAND's status).\n"
	"\n"
	"Recording:\n"
	"  -o, --output FILE      output file (default sigftrace.dat)\n"
	"  -b, --buffer KB        ring buffer per CPU in KiB (default 4096)\n"
	"  -d, --duration TIME    stop after TIME (10, 1.5s, 500ms, 2m, 1h)\n"
	"      --clock CLOCK      trace clock (default: CLOCK_MONOTONIC timestamps)\n"
	"      --instance NAME    tracing instance name (default sigftrace-PID)\n"
	"      --no-deliver       do not record signal:signal_deliver\n" SF_FILE_VERSION_HELP
	"Flight recorder:\n"
	"  -C, --file-size SIZE   rotate: FILE.0, FILE.1, ... each closed (a whole trace.dat)\n"
	"                         once SIZE of events are in it (SIZE in millions of bytes,\n"
	"                         or with k, m, g: KiB, MiB, GiB)\n"
	"  -W, --files N          with -C: only N files, FILE.0 to FILE.N-1, the oldest replaced\n"
	"      --on-signal LIST   stop --post TIME after one of these signals is sent\n"
	"      --post TIME        with --on-signal: how long to record after it (default 5s)\n"
	"\n" SF_FILTER_HELP "\n"
	"General:\n" SF_STATUS_HELP "  -h, --help             this help\n"
	"\n"
	"Examples:\n"
	"  # record until Ctrl-C, then read it back\n"
	"  sigftrace record -o boot.dat; sigftrace report -i boot.dat\n"
	"  # who kills my daemon? record only signals received by it\n"
	"  sigftrace record --receiver mydaemon -s TERM,KILL\n"
	"  # record while a command runs\n"
	"  sigftrace record -o test.dat -- ./run-tests.sh\n"
	"  # a flight recorder: the last 4 x 10 MB of signals, until a SIGSEGV, then 10s more\n"
	"  sigftrace record -o /var/lib/sigftrace/ring.dat -C 10 -W 4 --on-signal SEGV --post 10s\n";

struct rec_opts {
	const char *output;
	const char *instance;
	struct sf_trace_conf conf;
	unsigned long long duration_ms;
	int file_version;
	struct sf_filter filter;
	char **command;
	unsigned long long file_size; /* -C: bytes, 0 no rotation */
	unsigned long long files; /* -W: 0 unlimited */
	int on_sig[SF_RECORD_ON_MAX]; /* --on-signal */
	int non_sig;
	unsigned long long post_ms; /* --post */
	bool post_given;
	bool quiet;
};

/* the live status: what the kernel recorded, what is on disk */
struct rec_status {
	struct sf_live *live;
	const int *fds;
	struct sf_live_tally tally;
	unsigned long long start_ns;
	unsigned long long last_ns; /* of the previous line, for the rate */
	unsigned long long last_events;
};

/* parse_size - tcpdump's -C: millions of bytes, or k/K, m/M, g/G (KiB, MiB, GiB) */
static int parse_size(const char *arg, unsigned long long *bytes)
{
	unsigned long long unit = 1000000, n;
	char num[32];
	size_t len = strlen(arg);

	if (!len || len >= sizeof(num))
		return -1;
	memcpy(num, arg, len + 1);
	switch (num[len - 1]) {
	case 'k':
	case 'K':
		unit = 1024;
		break;
	case 'm':
	case 'M':
		unit = 1024 * 1024;
		break;
	case 'g':
	case 'G':
		unit = 1024 * 1024 * 1024;
		break;
	default:
		len++;
	}
	num[len - 1] = '\0';
	if (sf_parse_uint(num, (1ULL << 50) / unit, &n) || n * unit < SF_RECORD_MIN_SIZE)
		return -1;
	*bytes = n * unit;
	return 0;
}

/* parse_signals - "KILL,SEGV,11" into @o->on_sig */
static int parse_signals(const char *arg, struct rec_opts *o)
{
	char *copy = sf_xstrdup(arg), *save = NULL, *tok;
	int sig, ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		sig = sigftrace_sig_parse(sigftrace_arch_host(), tok);
		if (sig <= 0 || o->non_sig == SF_RECORD_ON_MAX) {
			ret = -1;
			break;
		}
		o->on_sig[o->non_sig++] = sig;
	}
	free(copy);
	return ret || !o->non_sig ? -1 : 0;
}

static int parse_args(int argc, char **argv, struct rec_opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "buffer", required_argument, NULL, 'b' },
		{ "duration", required_argument, NULL, 'd' },
		{ "clock", required_argument, NULL, OPT_CLOCK },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "no-deliver", no_argument, NULL, OPT_NO_DELIVER },
		{ "file-version", required_argument, NULL, OPT_FILE_VERSION },
		{ "file-size", required_argument, NULL, 'C' },
		{ "files", required_argument, NULL, 'W' },
		{ "on-signal", required_argument, NULL, OPT_ON_SIGNAL },
		{ "post", required_argument, NULL, OPT_POST },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->output = "sigftrace.dat";
	o->conf.clock = NULL; /* CLOCK_MONOTONIC times, the cheapest way */
	o->conf.buffer_kb = SF_RECORD_BUFFER_KB;
	/* wake the splice readers when a quarter of the buffer is full */
	o->conf.buffer_percent = 25;
	o->conf.deliver = true;
	o->file_version = SF_DAT_DEFAULT_VERSION;
	o->post_ms = 5000;
	while ((c = sf_getopt(argc, argv, "+:hqo:b:d:C:W:" SF_FILTER_SHORTOPTS, longopts,
			      &o->filter, record_usage)) != -1) {
		switch (c) {
		case SF_GETOPT_HELP:
			return 1;
		case 'o':
			o->output = optarg;
			break;
		case 'b':
			if (sf_opt_buffer_kb(optarg, "KiB per CPU", &o->conf.buffer_kb))
				return -1;
			break;
		case 'd':
			if (sf_parse_duration(optarg, &o->duration_ms) || !o->duration_ms) {
				sf_usage_err("bad duration \"%s\" (10, 1.5s, 500ms, 2m, 1h)",
					     optarg);
				return -1;
			}
			break;
		case OPT_CLOCK:
			o->conf.clock = optarg;
			break;
		case OPT_INSTANCE:
			if (sf_opt_instance(optarg, &o->instance))
				return -1;
			break;
		case OPT_NO_DELIVER:
			o->conf.deliver = false;
			break;
		case OPT_FILE_VERSION:
			if (!strcmp(optarg, "6")) {
				o->file_version = 6;
			} else if (!strcmp(optarg, "7") && SF_DAT_DEFAULT_VERSION == 7) {
				o->file_version = 7;
			} else {
				sf_usage_err("bad file version \"%s\" (%s)", optarg,
					     SF_DAT_DEFAULT_VERSION == 7 ?
						     "6 or 7" :
						     "6: this sigftrace was built without zstd");
				return -1;
			}
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'C':
			if (parse_size(optarg, &o->file_size)) {
				sf_usage_err(
					"bad file size \"%s\" (10 for 10 MB, 512k, 64m, 1g; at least 16k)",
					optarg);
				return -1;
			}
			break;
		case 'W':
			if (sf_parse_uint(optarg, 1000000, &o->files) || !o->files) {
				sf_usage_err("bad number of files \"%s\" (1 to 1000000)", optarg);
				return -1;
			}
			break;
		case OPT_ON_SIGNAL:
			if (parse_signals(optarg, o)) {
				sf_usage_err(
					"bad --on-signal \"%s\" (signals: 9, KILL, SIGSEGV, comma lists)",
					optarg);
				return -1;
			}
			break;
		case OPT_POST:
			if (sf_parse_duration(optarg, &o->post_ms)) {
				sf_usage_err("bad --post \"%s\" (10, 1.5s, 500ms, 2m, 1h)", optarg);
				return -1;
			}
			o->post_given = true;
			break;
		default:
			return -1;
		}
	}
	if (optind < argc)
		o->command = argv + optind;
	if (o->command && o->duration_ms) {
		sf_usage_err("-d and a COMMAND are mutually exclusive");
		return -1;
	}
	if (!*o->output) {
		sf_usage_err("empty output file name");
		return -1;
	}
	if (o->files && !o->file_size) {
		sf_usage_err("-W needs -C");
		return -1;
	}
	if (o->file_size)
		o->conf.buffer_percent = SF_RECORD_ROTATE_PERCENT;
	if (o->post_given && !o->non_sig) {
		sf_usage_err("--post needs --on-signal");
		return -1;
	}
	return 0;
}

/*
 * show_status - "0:12, 1234 events (103/s), 0 lost, 57 signals in 1.0 MiB
 * written": the kernel's counters of the instance (every event type, before
 * the user-space filter), then what the capture has put on disk
 */
static void show_status(struct rec_status *st)
{
	struct sf_live_counts c;
	unsigned long long now = sf_now_ns(), rate = 0;
	char elapsed[32], size[32];

	if (sf_live_counts(st->live, &c) || sf_live_tally(st->live, st->fds, &st->tally))
		return;
	if (now > st->last_ns && c.events >= st->last_events)
		rate = (c.events - st->last_events) * 1000000000ULL / (now - st->last_ns);
	st->last_ns = now;
	st->last_events = c.events;
	sf_status("%s, %llu events (%llu/s), %llu lost, %llu signals in %s written",
		  sf_status_time(now - st->start_ns, elapsed, sizeof(elapsed)), c.events, rate,
		  c.lost, st->tally.signals, sf_status_size(st->tally.bytes, size, sizeof(size)));
}

/*
 * The recording as it goes: the current part's files and, for a flight
 * recorder (-C), the parts already written; for --on-signal, an instance of
 * its own that traces only those signals, so that the kernel says when one
 * is sent.
 */
struct flight {
	struct rec_opts *o;
	struct sf_live *live;
	int *fds; /* the current part's pages: a temporary file per CPU */
	struct sf_comms *names; /* the tasks alive at the current part's start */
	unsigned long long part; /* number of the current part */
	unsigned long long events, signals, lost; /* of the parts written (lost: the last) */
	unsigned long long fire_ns; /* a signal of --on-signal: stop at this time */
	struct sf_trace trig;
	struct sf_ring trig_ring;
	bool trig_open;
	struct rec_status *st; /* the status line's, or NULL */
	struct sf_outfile out; /* the next part's file, opened at the start for the first */
	bool out_open;
	char *tmpdir; /* where the parts' temporary files go */
	char *attrib; /* parents, programs, cgroups of the tasks alive at the part's start */
	char name[4096]; /* part_name()'s */
	size_t part_sample; /* the first clock sample of the current part */
};

/* part_name - FILE, or for a flight recorder FILE.N (N counting modulo -W) */
static const char *part_name(struct flight *fl, unsigned long long part)
{
	const struct rec_opts *o = fl->o;

	if (!o->file_size)
		return o->output;
	snprintf(fl->name, sizeof(fl->name), "%s.%llu", o->output,
		 o->files ? part % o->files : part);
	return fl->name;
}

/* open_fds - a temporary file per CPU next to the output, or NULL after saying why */
static int *open_fds(struct flight *fl)
{
	int n = fl->live->t.ncpus, i, *fds = sf_xcalloc((size_t)n, sizeof(*fds));

	for (i = 0; i < n; i++) {
		fds[i] = sf_atomic_tmpfile(fl->tmpdir);
		if (fds[i] < 0) {
			sf_err_errno("cannot create a temporary file in %s", fl->tmpdir);
			while (i--)
				close(fds[i]);
			free(fds);
			return NULL;
		}
	}
	return fds;
}

static void close_fds(struct flight *fl, int *fds)
{
	int i;

	for (i = 0; fds && i < fl->live->t.ncpus; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	free(fds);
}

/* save_part - one part's pages as a trace.dat file; -1 after saying why not */
static int save_part(struct flight *fl, const int *fds, struct sf_comms *names, const char *attrib,
		     unsigned long long part)
{
	const char *name = part_name(fl, part);
	struct sf_save_result res;
	char err[SF_ERR];
	int r;

	if (!fl->out_open && sf_outfile_open(&fl->out, name)) {
		sf_err_errno("cannot write %s", name);
		return -1;
	}
	fl->out_open = false;
	/* what the kernel's filter could not select (processes, names) is left out here */
	sf_save_cancel_on(sf_session_abort_flag());
	r = sf_save_dat(&fl->live->t, fds, fl->live->ring.page_size, names, attrib, &fl->o->filter,
			&fl->out, name, fl->o->file_version,
			fl->live->to_mono ? &fl->live->mono : NULL, &res,
			sf_status_job("writing %s", name), err, sizeof(err));
	sf_outfile_abort(&fl->out);
	if (r) {
		/* a second Ctrl-C during the save */
		if (sf_session_aborted())
			sf_err("aborted: nothing written to %s", name);
		else
			sf_err("%s", err);
		return -1;
	}
	fl->events += res.events;
	fl->signals += res.signals;
	/* the kernel's counts since the start, the start instance's and its hand-over's too */
	fl->lost = res.lost + fl->live->ho.lost + fl->live->ho.uncertain;
	if (res.warning[0])
		sf_warn("%s", res.warning);
	return 0;
}

/* part_size - bytes of pages in the current part */
static unsigned long long part_size(struct flight *fl)
{
	unsigned long long sum = 0;
	struct stat st;
	int i;

	for (i = 0; i < fl->live->t.ncpus; i++)
		if (!fstat(fl->fds[i], &st))
			sum += (unsigned long long)st.st_size;
	return sum;
}

/*
 * forget_samples - the clock samples from the old part's start on are kept
 * (a quiet CPU's page, not full at the switch, carries older times into the
 * new part); those before, of parts written, go: weeks of rotation in flat
 * memory
 */
static void forget_samples(struct flight *fl)
{
	struct sf_clockmap *m = &fl->live->mono;
	size_t drop = fl->part_sample;

	if (drop && drop < m->n) {
		memmove(m->s, m->s + drop, (m->n - drop) * sizeof(*m->s));
		m->n -= drop;
	}
	/* the new part starts at the last sample, the one of the switch */
	fl->part_sample = m->n ? m->n - 1 : 0;
}

/*
 * rotate - the next pages go to new files; the current part becomes a
 * trace.dat file while tracing goes on
 */
static int rotate(struct flight *fl)
{
	int *fds = open_fds(fl), *old = fl->fds;
	struct sf_comms *names, *old_names = fl->names;
	char *old_attrib = fl->attrib;
	char err[SF_ERR];
	int ret, i;

	if (!fds)
		return -1;
	if (sf_ring_capture_switch(&fl->live->ring, fds, err, sizeof(err))) {
		sf_err("%s", err);
		close_fds(fl, fds);
		return -1;
	}
	/* the old part's times are mapped up to the switch */
	sf_live_sample(fl->live, 0);
	/* the tasks alive as the new part starts: named in it though born before */
	names = sf_comms_new();
	sf_comms_load_proc(names);
	/*
	 * and in the old part: a quiet CPU's last page, not full yet, goes to
	 * the next part with the birth of a task it may hold
	 */
	sf_comms_merge(old_names, names);
	fl->fds = fds;
	fl->names = names;
	fl->attrib = sf_attrib_proc_text();
	if (fl->st) {
		/* the status counts the new files from their start */
		fl->st->fds = fds;
		for (i = 0; fl->st->tally.done && i < fl->live->t.ncpus; i++)
			fl->st->tally.done[i] = 0;
	}
	ret = save_part(fl, old, old_names, old_attrib, fl->part++);
	forget_samples(fl);
	close_fds(fl, old);
	sf_comms_free(old_names);
	free(old_attrib);
	return ret;
}

/* trigger_open - the instance that traces only the signals of --on-signal */
static int trigger_open(struct flight *fl)
{
	struct sf_trace_conf conf = { .clock = fl->o->conf.clock, .buffer_kb = 16 };
	char name[300], filter[SF_RECORD_ON_MAX * 16], err[SF_ERR];
	size_t len = 0;
	int i;

	snprintf(name, sizeof(name), "%s-on", fl->live->t.name);
	for (i = 0; i < fl->o->non_sig; i++)
		len += (size_t)snprintf(filter + len, sizeof(filter) - len, "%ssig == %d",
					i ? " || " : "", fl->o->on_sig[i]);
	if (sf_trace_create(&fl->trig, name, err, sizeof(err)))
		goto fail;
	fl->trig_open = true;
	if (sf_trace_setup(&fl->trig, &conf, err, sizeof(err)) ||
	    sf_trace_filter(&fl->trig, "signal_generate", filter, err, sizeof(err)) ||
	    sf_trace_enable(&fl->trig, "signal", "signal_generate", err, sizeof(err)) ||
	    sf_ring_open(&fl->trig_ring, &fl->trig, err, sizeof(err)))
		goto fail;
	if (sf_trace_on(&fl->trig)) {
		snprintf(err, sizeof(err), "cannot turn tracing on in instance %s: %s", name,
			 strerror(errno));
		goto fail;
	}
	return 0;
fail:
	sf_err("%s", err);
	return -1;
}

static void trigger_close(struct flight *fl)
{
	if (!fl->trig_open)
		return;
	sf_ring_close(&fl->trig_ring);
	sf_trace_destroy(&fl->trig);
	fl->trig_open = false;
}

/* trigger_fired - one of the signals of --on-signal was sent (its events are consumed) */
static bool trigger_fired(struct flight *fl)
{
	unsigned char *page = sf_xmalloc(fl->trig_ring.page_size);
	bool fired = false, more;
	int i;

	for (i = 0; i < fl->trig_ring.ncpus; i++)
		while (sf_ring_read(&fl->trig_ring, i, page, 1, &more))
			fired = true;
	free(page);
	return fired;
}

/*
 * flight_loop - until a stop signal, the duration, the command's exit or the
 * end of --post after a signal of --on-signal; rotates the files of -C
 * Return: 0 stopped, 1 the command exited, 2 --post ended, -1 an error
 * (said).
 */
static int flight_loop(struct flight *fl, int wake_fd, pid_t child, int *status)
{
	const struct rec_opts *o = fl->o;
	unsigned long long end = o->duration_ms ? sf_now_ns() + o->duration_ms * 1000000ULL : 0;
	int n = fl->trig_open ? fl->trig_ring.ncpus : 0, i;
	struct pollfd *pfd = sf_xcalloc((size_t)n + 1, sizeof(*pfd));
	int ret = 0;

	pfd[0].fd = wake_fd;
	pfd[0].events = POLLIN;
	for (i = 0; i < n; i++) {
		pfd[i + 1].fd = sf_ring_fd(&fl->trig_ring, i);
		pfd[i + 1].events = POLLIN;
	}
	for (;;) {
		unsigned long long now = sf_now_ns(), until = end;
		long long timeout = -1;

		sf_live_sample(fl->live, SF_SAMPLE_MS * 1000000ULL);
		if (sf_session_stop_signal())
			break;
		if (child > 0 && waitpid(child, status, WNOHANG) == child) {
			ret = 1;
			break;
		}
		if (end && now >= end)
			break;
		if (fl->fire_ns && now >= fl->fire_ns) {
			ret = 2;
			break;
		}
		if (fl->st && sf_status_due())
			show_status(fl->st);
		if (o->file_size && part_size(fl) >= o->file_size && rotate(fl)) {
			ret = -1;
			break;
		}
		if (fl->fire_ns && (!until || fl->fire_ns < until))
			until = fl->fire_ns;
		if (until)
			timeout = (long long)((until - now) / 1000000ULL) + 1;
		if (o->file_size && (timeout < 0 || timeout > SF_RECORD_CHECK_MS))
			timeout = SF_RECORD_CHECK_MS;
		/* wake for the next sample of the trace clock */
		if (fl->live->to_mono && (timeout < 0 || timeout > SF_SAMPLE_MS))
			timeout = SF_SAMPLE_MS;
		/* wake for the next status line */
		if (sf_status_on() && (timeout < 0 || timeout > 250))
			timeout = 250;
		if (poll(pfd, (nfds_t)n + 1, (int)timeout) > 0 && pfd[0].revents)
			sf_session_rearm();
		if (n && trigger_fired(fl) && !fl->fire_ns) {
			fl->fire_ns = sf_now_ns() + o->post_ms * 1000000ULL;
			sf_info("a signal of --on-signal was sent: recording %llu ms more",
				o->post_ms);
			/* the trigger has done its work: no more wake-ups from it */
			n = 0;
		}
	}
	free(pfd);
	return ret;
}

int sf_cmd_record(int argc, char **argv)
{
	struct rec_opts o = { 0 };
	struct sf_live live = { .t.trace_on_fd = -1, .ring.stop = { -1, -1 } };
	struct flight fl = { .o = &o, .live = &live };
	struct rec_status st = { 0 };
	char err[SF_ERR];
	int ret = SF_EXIT_ERROR;
	int status = 0, exec_err_fd = -1, wake_fd, i, how = 0;
	bool child_done = false;
	pid_t child = -1;

	i = parse_args(argc, argv, &o);
	ret = i > 0 ? SF_EXIT_OK : i < 0 ? SF_EXIT_USAGE : sf_session_prepare(&o.filter);
	if (i || ret) {
		sf_filter_free(&o.filter);
		return ret;
	}
	ret = SF_EXIT_ERROR;
	/* fail on an unwritable output before touching tracefs */
	if (sf_outfile_open(&fl.out, part_name(&fl, 0))) {
		sf_err_errno("cannot write %s", part_name(&fl, 0));
		sf_filter_free(&o.filter);
		return SF_EXIT_ERROR;
	}
	fl.out_open = true;
	fl.tmpdir = sf_xstrdup(fl.out.tmpdir);

	/* a start instance records while the main one is resized (sf_live_open_early()) */
	if (sf_live_open_early(&live, o.instance, &o.conf, &o.filter, fl.tmpdir, err,
			       sizeof(err))) {
		sf_err("%s", err);
		goto out;
	}
	wake_fd = sf_session_start(&live.t);
	if (wake_fd < 0) {
		sf_err_errno("cannot install signal handlers");
		goto out;
	}
	/* the terminal is COMMAND's: its output is never drawn over */
	sf_status_init(!o.quiet && !o.command);
	/* on a terminal, the pages reach the files every second: the status counts them */
	if (sf_status_on())
		live.ring.flush_ms = 1000;
	fl.fds = open_fds(&fl);
	if (!fl.fds)
		goto stop;
	if (live.has_start ? sf_live_start_handover(&live, fl.fds, err, sizeof(err)) :
			     (sf_ring_capture_start(&live.ring, fl.fds, err, sizeof(err)) ||
			      sf_live_start(&live, err, sizeof(err)))) {
		sf_err("%s", err);
		goto stop;
	}
	if (live.ho.warning[0])
		sf_warn("%s", live.ho.warning);
	/*
	 * names, processes and kernel threads of the tasks alive now (the task
	 * events record every change after this), before COMMAND runs
	 */
	fl.names = sf_comms_new();
	sf_comms_load_proc(fl.names);
	/* parents, programs and cgroups of the processes alive now (sf-attrib) */
	fl.attrib = sf_attrib_proc_text();
	if (o.non_sig && trigger_open(&fl))
		goto stop;
	if (o.command) {
		child = sf_session_run(o.command, &exec_err_fd);
		if (child < 0) {
			sf_err_errno("cannot start %s", o.command[0]);
			goto stop;
		}
	}
	if (!o.command)
		sf_info("recording into %s%s, Ctrl-C to stop", o.output, o.file_size ? ".N" : "");
	st.live = &live;
	st.fds = fl.fds;
	st.start_ns = sf_now_ns();
	st.last_ns = st.start_ns;
	fl.st = sf_status_on() ? &st : NULL;
	how = flight_loop(&fl, wake_fd, child, &status);
	sf_status_clear();
	child_done = how == 1;
	ret = how < 0 ? SF_EXIT_ERROR : SF_EXIT_OK;
stop:
	trigger_close(&fl);
	sf_trace_off(&live.t);
	sf_live_sample(&live, 0);
	/* the capture takes what is left now that tracing is off */
	if (sf_ring_capture_stop(&live.ring, err, sizeof(err)) && ret == SF_EXIT_OK) {
		sf_err("%s", err);
		ret = SF_EXIT_ERROR;
	}
	if (child > 0 && !child_done) {
		/* stopped by a signal: pass it on, then collect the command's status */
		status = sf_session_reap(child);
	}
	if (exec_err_fd >= 0 && sf_session_exec_failed(exec_err_fd, o.command[0])) {
		ret = SF_EXIT_ERROR;
		child = -1;
	}
	if (ret == SF_EXIT_OK && sf_session_aborted()) {
		sf_err("aborted: nothing written");
		ret = SF_EXIT_ERROR;
	}
	if (ret == SF_EXIT_OK && save_part(&fl, fl.fds, fl.names, fl.attrib, fl.part))
		ret = SF_EXIT_ERROR;
	if (ret == SF_EXIT_OK) {
		if (o.file_size)
			sf_info("%llu events captured (%llu signals), %llu lost, in %llu files %s.N: the last is %s",
				fl.events, fl.signals, fl.lost, fl.part + 1, o.output,
				part_name(&fl, fl.part));
		else
			sf_info("%llu events captured (%llu signals), %llu lost, written to %s",
				fl.events, fl.signals, fl.lost, o.output);
		/* (an inexact hand-over's were said with their reason) */
		if (fl.lost > live.ho.uncertain)
			sf_hint("events were lost because the ring buffer overflowed: use a larger -b (now %u KiB per CPU) or narrower filters",
				o.conf.buffer_kb);
	}
out:
	trigger_close(&fl);
	close_fds(&fl, fl.fds);
	sf_live_close(&live);
	sf_session_end();
	if (fl.out_open)
		sf_outfile_abort(&fl.out);
	sf_comms_free(fl.names);
	free(fl.attrib);
	free(fl.tmpdir);
	sf_live_tally_free(&st.tally);
	sf_filter_free(&o.filter);
	if (ret == SF_EXIT_OK && child > 0)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return ret;
}
