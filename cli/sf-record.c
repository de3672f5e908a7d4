// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace record - record signals into a trace.dat (v6) file.
 *
 * parse -> own instance, configured with tracing off -> one splice reader
 * thread per CPU into a temporary file per CPU -> tracing on -> (COMMAND)
 * -> stop: tracing off, readers flush -> scan the pages once in time order
 * to count events and learn each sender's name -> write FILE atomically ->
 * remove the instance. Every exit path removes the instance.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-comm.h"
#include "sf-datfile.h"
#include "sf-filter.h"
#include "sf-pages.h"
#include "sf-print.h"
#include "sf-save.h"
#include "sf-session.h"
#include "sf-tracefs.h"
#include "sf-util.h"

#define SF_RECORD_BUFFER_KB 4096
#define SF_ERR 512

enum {
	OPT_CLOCK = 0x2000,
	OPT_INSTANCE,
	OPT_NO_DELIVER,
};

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
	"      --clock CLOCK      trace clock (default mono: CLOCK_MONOTONIC timestamps)\n"
	"      --instance NAME    tracing instance name (default sigftrace-PID)\n"
	"      --no-deliver       do not record signal:signal_deliver\n"
	"\n" SF_FILTER_HELP "\n"
	"General:\n"
	"  -h, --help             this help\n"
	"\n"
	"Examples:\n"
	"  # record until Ctrl-C, then read it back\n"
	"  sigftrace record -o boot.dat; sigftrace report -i boot.dat\n"
	"  # who kills my daemon? record only signals received by it\n"
	"  sigftrace record --receiver mydaemon -s TERM,KILL\n"
	"  # record while a command runs\n"
	"  sigftrace record -o test.dat -- ./run-tests.sh\n";

struct rec_cpu {
	pthread_t thread;
	size_t page_size;
	int raw; /* per_cpu/cpuN/trace_pipe_raw, non-blocking */
	int fd; /* temporary data file */
	int err;
	bool started;
};

struct rec_opts {
	const char *output;
	const char *instance;
	struct sf_trace_conf conf;
	unsigned long long duration_ms;
	struct sf_filter filter;
	char **command;
};

/* Written by the main thread to wake the readers at the end. */
static int stop_pipe[2] = { -1, -1 };

/* move - splice everything in @pipe_rd (@n bytes) to @out */
static int move(int pipe_rd, int out, ssize_t n)
{
	while (n > 0) {
		ssize_t m = splice(pipe_rd, NULL, out, NULL, (size_t)n, SPLICE_F_MOVE);

		if (m < 0 && errno == EINTR)
			continue;
		if (m <= 0)
			return -1;
		n -= m;
	}
	return 0;
}

/*
 * reader - move whole pages from the CPU's trace_pipe_raw into its file
 *
 * poll() wakes at the instance's buffer_percent watermark; the pages go
 * through a pipe by splice (no copy). At the end, read() takes the rest,
 * including the partly filled page that splice never moves.
 */
static void *reader(void *arg)
{
	struct rec_cpu *c = arg;
	struct pollfd pfd[2] = { { .fd = c->raw, .events = POLLIN },
				 { .fd = stop_pipe[0], .events = POLLIN } };
	int p[2];
	ssize_t n;

	if (pipe2(p, O_CLOEXEC)) {
		c->err = errno;
		return NULL;
	}
	fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
	for (;;) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR) {
			c->err = errno;
			break;
		}
		if (pfd[1].revents)
			break;
		if (!(pfd[0].revents & POLLIN))
			continue;
		do {
			n = splice(c->raw, NULL, p[1], NULL, 1 << 20,
				   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			if (n > 0 && move(p[0], c->fd, n)) {
				c->err = errno ? errno : EIO;
				goto out;
			}
		} while (n > 0);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			c->err = errno;
			goto out;
		}
	}
	/* tracing is off: everything left, the partial last page included */
	if (sf_save_drain(c->raw, c->fd, c->page_size) < 0)
		c->err = errno;
out:
	close(p[0]);
	close(p[1]);
	return NULL;
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
		{ "help", no_argument, NULL, 'h' },
		SF_FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	int c, r;

	o->output = "sigftrace.dat";
	o->conf.clock = "mono";
	o->conf.buffer_kb = SF_RECORD_BUFFER_KB;
	/* wake the splice readers when a quarter of the buffer is full */
	o->conf.buffer_percent = 25;
	o->conf.deliver = true;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:ho:b:d:" SF_FILTER_SHORTOPTS, longopts, NULL)) !=
	       -1) {
		r = sf_session_filter_opt(&o->filter, c, optarg);
		if (r > 0)
			continue;
		if (r < 0)
			return -1;
		switch (c) {
		case 'h':
			fputs(record_usage, stdout);
			return 1;
		case 'o':
			o->output = optarg;
			break;
		case 'b':
			if (sf_parse_uint(optarg, 1 << 22, &v) || v < 4) {
				sf_usage_err("bad buffer size \"%s\" (KiB per CPU, 4 to 4194304)",
					     optarg);
				return -1;
			}
			o->conf.buffer_kb = (unsigned int)v;
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
			o->instance = optarg;
			break;
		case OPT_NO_DELIVER:
			o->conf.deliver = false;
			break;
		default:
			sf_getopt_error(c, argv);
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
	return 0;
}

/* wait_loop - until a stop signal, the duration, or the command's exit */
static int wait_loop(int wake_fd, unsigned long long duration_ms, pid_t child, int *status)
{
	unsigned long long end = duration_ms ? sf_now_ns() + duration_ms * 1000000ULL : 0;
	struct pollfd pfd = { .fd = wake_fd, .events = POLLIN };

	for (;;) {
		int timeout = -1;

		if (sf_session_stop_signal())
			return 0;
		if (child > 0 && waitpid(child, status, WNOHANG) == child)
			return 1;
		if (end) {
			unsigned long long now = sf_now_ns();

			if (now >= end)
				return 0;
			timeout = (int)((end - now) / 1000000ULL) + 1;
		}
		if (poll(&pfd, 1, timeout) > 0)
			sf_session_drain();
	}
}

int sf_cmd_record(int argc, char **argv)
{
	struct rec_opts o = { 0 };
	struct sf_trace t = { .trace_on_fd = -1 };
	struct rec_cpu *cpus = NULL;
	struct sf_comms *start_names = NULL;
	char err[SF_ERR];
	char *tmp = NULL;
	int ret = SF_EXIT_ERROR;
	int status = 0, exec_err_fd = -1, wake_fd, i;
	bool child_done = false;
	pid_t child = -1;

	i = parse_args(argc, argv, &o);
	if (i) {
		sf_filter_free(&o.filter);
		return i > 0 ? SF_EXIT_OK : SF_EXIT_USAGE;
	}
	if (sf_filter_finalize(&o.filter, sigftrace_arch_host(), err, sizeof(err))) {
		sf_usage_err("%s", err);
		sf_filter_free(&o.filter);
		return SF_EXIT_USAGE;
	}
	if (sf_session_ready()) {
		sf_filter_free(&o.filter);
		return SF_EXIT_ERROR;
	}
	/* fail on an unwritable output before touching tracefs */
	i = sf_atomic_create(o.output, &tmp);
	if (i < 0) {
		sf_err_errno("cannot write %s", o.output);
		sf_filter_free(&o.filter);
		return SF_EXIT_ERROR;
	}
	sf_atomic_abort(i, tmp);
	free(tmp);

	if (sf_trace_create(&t, o.instance, err, sizeof(err)) ||
	    sf_trace_setup(&t, &o.conf, &o.filter, err, sizeof(err))) {
		sf_err("%s", err);
		goto out;
	}
	wake_fd = sf_session_start(&t);
	if (wake_fd < 0) {
		sf_err_errno("cannot install signal handlers");
		goto out;
	}
	cpus = sf_xcalloc((size_t)t.ncpus, sizeof(*cpus));
	for (i = 0; i < t.ncpus; i++) {
		cpus[i].fd = -1;
		cpus[i].raw = -1;
	}
	if (stop_pipe[0] < 0 && pipe2(stop_pipe, O_CLOEXEC)) {
		sf_err_errno("cannot create a pipe");
		goto stop;
	}
	for (i = 0; i < t.ncpus; i++) {
		cpus[i].raw = sf_trace_raw_open(&t, i);
		cpus[i].fd = sf_save_tmpfile(o.output);
		cpus[i].page_size = sf_trace_page_size(&t);
		if (cpus[i].fd < 0 || cpus[i].raw < 0) {
			sf_err_errno("cannot open the ring buffer of CPU %d", i);
			goto stop;
		}
		if (pthread_create(&cpus[i].thread, NULL, reader, &cpus[i])) {
			sf_err("cannot start the reader of CPU %d", i);
			goto stop;
		}
		cpus[i].started = true;
	}
	if (sf_trace_on(&t)) {
		sf_err_errno("cannot turn tracing on in instance %s", t.name);
		goto stop;
	}
	if (sf_trace_enable_rest(&t, &o.conf, err, sizeof(err))) {
		sf_err("%s", err);
		goto stop;
	}
	/*
	 * names, processes and kernel threads of the tasks alive now (the task
	 * events record every change after this), before COMMAND runs
	 */
	start_names = sf_comms_new();
	sf_comms_load_proc(start_names);
	if (o.command) {
		child = sf_session_run(o.command, &exec_err_fd);
		if (child < 0) {
			sf_err_errno("cannot start %s", o.command[0]);
			goto stop;
		}
	}
	if (!o.command)
		fprintf(stderr, "sigftrace record: recording into %s, Ctrl-C to stop\n", o.output);
	child_done = wait_loop(wake_fd, o.duration_ms, child, &status) == 1;
	ret = SF_EXIT_OK;
stop:
	sf_trace_off(&t);
	if (stop_pipe[1] >= 0 && write(stop_pipe[1], "", 1) < 0)
		sf_err_errno("cannot stop the readers");
	for (i = 0; cpus && i < t.ncpus; i++) {
		if (cpus[i].started)
			pthread_join(cpus[i].thread, NULL);
		if (cpus[i].err && ret == SF_EXIT_OK) {
			errno = cpus[i].err;
			sf_err_errno("cannot save the ring buffer of CPU %d", i);
			ret = SF_EXIT_ERROR;
		}
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
	if (ret == SF_EXIT_OK) {
		int *fds = sf_xcalloc((size_t)t.ncpus, sizeof(int));
		struct sf_save_result res;

		for (i = 0; i < t.ncpus; i++)
			fds[i] = cpus[i].fd;
		/* what the kernel's filter could not select (processes, names) is left out here */
		if (sf_save_dat(&t, fds, cpus[0].page_size, start_names, &o.filter, o.output, &res,
				err, sizeof(err))) {
			sf_err("%s", err);
			ret = SF_EXIT_ERROR;
		} else {
			fprintf(stderr,
				"sigftrace record: %llu events captured (%llu signals), %llu lost, written to %s\n",
				res.events, res.signals, res.lost, o.output);
			if (res.warning[0])
				sf_warn("%s", res.warning);
			if (res.lost)
				sf_hint("events were lost because the ring buffer overflowed: use a larger -b (now %u KiB per CPU) or narrower filters",
					o.conf.buffer_kb);
		}
		free(fds);
	}
out:
	for (i = 0; cpus && i < t.ncpus; i++) {
		if (cpus[i].raw >= 0)
			close(cpus[i].raw);
		if (cpus[i].fd >= 0)
			close(cpus[i].fd);
	}
	if (stop_pipe[0] >= 0) {
		close(stop_pipe[0]);
		close(stop_pipe[1]);
		stop_pipe[0] = stop_pipe[1] = -1;
	}
	free(cpus);
	sf_trace_destroy(&t);
	sf_session_end();
	sf_comms_free(start_names);
	sf_filter_free(&o.filter);
	if (ret == SF_EXIT_OK && child > 0)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return ret;
}
