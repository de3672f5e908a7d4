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
#include <sys/wait.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-pages.h"
#include "sf-print.h"
#include "sf-session.h"
#include "sf-tracefs.h"
#include "sf-util.h"

#define SF_STREAM_BATCH_MS 10 /* well under the 100 ms a user notices */
#define SF_STREAM_PAGES 1024 /* pages read per CPU and pass */
/* a signal whose showing waits for its delivery (SIGALRM) waits no longer than this */
#define SF_STREAM_HOLD_NS 1000000000ULL

enum {
	OPT_FORMAT = 0x2000,
	OPT_KMSG,
	OPT_CLOCK,
	OPT_INSTANCE,
	OPT_DELIVER,
	OPT_KTHREADS,
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
	"      --kthreads         also the signals kernel threads ignore (hidden by default)\n"
	"Tracing:\n"
	"  -b, --buffer KB        ring buffer per CPU in KiB (default 4096)\n"
	"      --clock CLOCK      trace clock (default mono)\n"
	"      --instance NAME    tracing instance name (default sigftrace-PID)\n"
	"\n" SF_FILTER_HELP "\n"
	"General:\n"
	"  -h, --help             this help\n"
	"\n"
	"Examples:\n"
	"  # watch who signals whom\n"
	"  sigftrace stream\n"
	"  # log every SIGKILL and SIGTERM to the kernel log as well\n"
	"  sigftrace stream -s KILL,TERM --kmsg\n";

struct stream_cpu {
	unsigned char *pages;
	size_t len;
	int fd;
};

static int parse_args(int argc, char **argv, struct sf_filter *f, struct sf_trace_conf *conf,
		      enum sf_format *format, const char **instance, bool *kmsg, bool *numeric,
		      bool *kthreads, char ***command)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "numeric", no_argument, NULL, 'n' },
		{ "deliver", no_argument, NULL, OPT_DELIVER },
		{ "kmsg", no_argument, NULL, OPT_KMSG },
		{ "kthreads", no_argument, NULL, OPT_KTHREADS },
		{ "buffer", required_argument, NULL, 'b' },
		{ "clock", required_argument, NULL, OPT_CLOCK },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hnb:" SF_FILTER_SHORTOPTS, longopts, NULL)) != -1) {
		r = sf_session_filter_opt(f, c, optarg);
		if (r > 0)
			continue;
		if (r < 0)
			return -1;
		switch (c) {
		case 'h':
			fputs(stream_usage, stdout);
			return 1;
		case 'n':
			*numeric = true;
			break;
		case OPT_DELIVER:
			conf->deliver = true;
			break;
		case OPT_KMSG:
			*kmsg = true;
			break;
		case OPT_KTHREADS:
			*kthreads = true;
			break;
		case 'b':
			if (sf_parse_uint(optarg, 1 << 22, &v) || v < 4) {
				sf_usage_err("bad buffer size \"%s\" (KiB per CPU, 4 to 4194304)",
					     optarg);
				return -1;
			}
			conf->buffer_kb = (unsigned int)v;
			break;
		case OPT_CLOCK:
			conf->clock = optarg;
			break;
		case OPT_INSTANCE:
			*instance = optarg;
			break;
		case OPT_FORMAT:
			if (sf_format_parse(optarg, format)) {
				sf_usage_err("unknown format \"%s\" (default, seed, json)", optarg);
				return -1;
			}
			break;
		default:
			sf_getopt_error(c, argv);
			return -1;
		}
	}
	if (optind < argc)
		*command = argv + optind;
	if (*numeric && *format == SF_FMT_JSON) {
		sf_usage_err("--numeric and --format json are mutually exclusive");
		return -1;
	}
	return 0;
}

/* drain - read up to SF_STREAM_PAGES pages of one CPU; true if it has more */
static bool drain(struct stream_cpu *c, unsigned int page_size)
{
	c->len = 0;
	while (c->len + page_size <= (size_t)SF_STREAM_PAGES * page_size) {
		ssize_t n = read(c->fd, c->pages + c->len, page_size);

		if (n <= 0)
			return false;
		/* a partial read is a whole page too: the header says how much is valid */
		c->len += page_size;
	}
	return true;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR && !sf_session_stop_signal())
		;
}

int sf_cmd_stream(int argc, char **argv)
{
	struct sf_trace_conf conf = { "mono", 4096, 0, false };
	struct sf_trace t = { .trace_on_fd = -1 };
	enum sf_format format = SF_FMT_DEFAULT;
	struct sf_filter filter = { 0 };
	struct stream_cpu *cpus = NULL;
	struct pollfd *pfd = NULL;
	struct sf_printer p = { 0 };
	struct sf_page_layout lay;
	struct sf_merge m = { 0 };
	struct tep_record rec;
	const char *instance = NULL;
	char **command = NULL;
	char err[512];
	int status = 0, exec_err_fd = -1;
	pid_t child = -1;
	unsigned int page_size;
	bool kmsg = false, numeric = false, kthreads = false, show_deliver, more;
	int ret = SF_EXIT_ERROR;
	int wake_fd, kmsg_fd = -1, i, r;

	r = parse_args(argc, argv, &filter, &conf, &format, &instance, &kmsg, &numeric, &kthreads,
		       &command);
	if (r) {
		sf_filter_free(&filter);
		return r > 0 ? SF_EXIT_OK : SF_EXIT_USAGE;
	}
	if (sf_filter_finalize(&filter, sigftrace_arch_host(), err, sizeof(err))) {
		sf_usage_err("%s", err);
		sf_filter_free(&filter);
		return SF_EXIT_USAGE;
	}
	if (sf_session_ready()) {
		sf_filter_free(&filter);
		return SF_EXIT_ERROR;
	}
	/* a SIGALRM is shown if it kills: its delivery tells, and is not printed */
	show_deliver = conf.deliver;
	if (!conf.deliver && sf_filter_has_if_fatal(&filter)) {
		conf.deliver = true;
		filter.deliver_fates_only = true;
	}
	if (kmsg) {
		char mode[16] = "";
		int fd = open("/proc/sys/kernel/printk_devkmsg", O_RDONLY | O_CLOEXEC);

		/* "off": the kernel drops every line written to /dev/kmsg, silently */
		if (fd >= 0) {
			if (read(fd, mode, sizeof(mode) - 1) < 0)
				mode[0] = '\0';
			close(fd);
		}
		if (!strncmp(mode, "off", 3)) {
			sf_err("cannot log to /dev/kmsg: the kernel drops what is written there (sysctl kernel.printk_devkmsg is off)");
			sf_hint("sysctl -w kernel.printk_devkmsg=ratelimit (or on)");
			sf_filter_free(&filter);
			return SF_EXIT_ERROR;
		}
		kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
		if (kmsg_fd < 0) {
			sf_err_errno("cannot open /dev/kmsg");
			sf_filter_free(&filter);
			return SF_EXIT_ERROR;
		}
	}
	if (sf_trace_create(&t, instance, err, sizeof(err)) ||
	    sf_trace_setup(&t, &conf, &filter, err, sizeof(err))) {
		sf_err("%s", err);
		goto out;
	}
	wake_fd = sf_session_start(&t);
	if (wake_fd < 0) {
		sf_err_errno("cannot install signal handlers");
		goto out;
	}
	page_size = sf_trace_page_size(&t);
	cpus = sf_xcalloc((size_t)t.ncpus, sizeof(*cpus));
	pfd = sf_xcalloc((size_t)t.ncpus + 1, sizeof(*pfd));
	for (i = 0; i < t.ncpus; i++)
		cpus[i].fd = -1;
	for (i = 0; i < t.ncpus; i++) {
		cpus[i].fd = sf_trace_raw_open(&t, i);
		if (cpus[i].fd < 0) {
			sf_err_errno("cannot open the ring buffer of CPU %d", i);
			goto out;
		}
		cpus[i].pages = sf_xmalloc((size_t)SF_STREAM_PAGES * page_size);
		pfd[i].fd = cpus[i].fd;
		pfd[i].events = POLLIN;
	}
	pfd[t.ncpus].fd = wake_fd;
	pfd[t.ncpus].events = POLLIN;
	sf_merge_layout_tep(&lay, t.tep, page_size);
	if (sf_merge_init(&m, t.ncpus, &lay)) {
		sf_err_errno("cannot decode ring-buffer pages");
		goto out;
	}
	sf_printer_init(&p, t.tep, format, sigftrace_arch_host(), STDOUT_FILENO);
	if (numeric)
		p.ropts.flags |= SIGFTRACE_FMT_NUMERIC;
	p.deliver = show_deliver;
	p.live = true;
	/* what the kernel cannot select (processes, names) is selected here */
	p.filter = &filter;
	p.kthreads = kthreads;
	p.kmsg_fd = kmsg_fd;
	if (sf_trace_on(&t)) {
		sf_err_errno("cannot turn tracing on in instance %s", t.name);
		goto out;
	}
	if (sf_trace_enable_rest(&t, &conf, err, sizeof(err))) {
		sf_err("%s", err);
		goto out;
	}
	/* names: the kernel's comm cache (read only), then every live task */
	tracefs_load_cmdlines(NULL, t.tep);
	sf_comms_load_proc(p.comms);
	if (command) {
		child = sf_session_run(command, &exec_err_fd);
		if (child < 0) {
			sf_err_errno("cannot start %s", command[0]);
			goto out;
		}
	}
	ret = SF_EXIT_OK;
	while (!p.error) {
		bool stopping = sf_session_stop_signal() != 0;

		if (child > 0 && waitpid(child, &status, WNOHANG) == child) {
			child = 0;
			stopping = true;
		}

		if (!stopping) {
			if (poll(pfd, (nfds_t)t.ncpus + 1, -1) < 0 && errno != EINTR) {
				sf_err_errno("cannot wait for events");
				ret = SF_EXIT_ERROR;
				break;
			}
			if (pfd[t.ncpus].revents)
				sf_session_drain();
			stopping = sf_session_stop_signal() != 0;
			if (!stopping)
				sleep_ms(SF_STREAM_BATCH_MS);
		}
		if (sf_session_aborted())
			break;
		do {
			more = false;
			for (i = 0; i < t.ncpus; i++) {
				if (drain(&cpus[i], page_size))
					more = true;
				sf_merge_load(&m, i, cpus[i].pages, cpus[i].len);
			}
			while (sf_merge_next(&m, &rec))
				sf_printer_record(&p, &rec);
			/* with the mono clock, trace time is CLOCK_MONOTONIC */
			if (p.nheld && !strcmp(conf.clock, "mono") &&
			    sf_now_ns() > SF_STREAM_HOLD_NS)
				sf_printer_expire(&p, sf_now_ns() - SF_STREAM_HOLD_NS);
			if (!p.error)
				sf_printer_flush(&p);
		} while (more && !p.error && !m.err[0] && !sf_session_aborted());
		if (m.err[0]) {
			sf_err("cannot decode the ring buffer of CPU %d: %s", m.err_src, m.err);
			ret = SF_EXIT_ERROR;
			break;
		}
		if (stopping) {
			/* signals still waiting for their delivery did not kill */
			sf_printer_finish(&p);
			if (!p.error)
				sf_printer_flush(&p);
			break;
		}
	}
	if (p.error && p.error != EPIPE) {
		errno = p.error;
		sf_err_errno("cannot write");
		ret = SF_EXIT_ERROR;
	}
	if (child > 0) {
		/* stopped by a signal: pass it on, then collect the command's status */
		status = sf_session_reap(child);
		child = 0;
	}
	if (exec_err_fd >= 0 && sf_session_exec_failed(exec_err_fd, command[0])) {
		ret = SF_EXIT_ERROR;
		command = NULL;
	}
	if (p.kmsg_lost)
		sf_warn("%llu lines could not be written to /dev/kmsg", p.kmsg_lost);
	for (i = 0; i < t.ncpus; i++) {
		unsigned long long overrun = 0, dropped = 0;

		if (!sf_trace_cpu_stats(&t, i, NULL, &overrun, &dropped) && (overrun || dropped))
			sf_warn("CPU %d: %llu events lost (ring buffer full); use a larger -b", i,
				overrun + dropped);
	}
out:
	sf_merge_free(&m);
	sf_printer_free(&p);
	for (i = 0; cpus && i < t.ncpus; i++) {
		if (cpus[i].fd >= 0)
			close(cpus[i].fd);
		free(cpus[i].pages);
	}
	free(cpus);
	free(pfd);
	sf_trace_destroy(&t);
	sf_session_end();
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	sf_filter_free(&filter);
	if (ret == SF_EXIT_OK && command)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return ret;
}
