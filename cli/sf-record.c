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
	unsigned char *page; /* one page for the final reads */
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
	for (;;) {
		n = read(c->raw, c->page, c->page_size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n < c->page_size)
			memset(c->page + n, 0, c->page_size - (size_t)n);
		if (write(c->fd, c->page, c->page_size) != (ssize_t)c->page_size) {
			c->err = errno ? errno : EIO;
			break;
		}
	}
	if (n < 0 && errno != EAGAIN && !c->err)
		c->err = errno;
out:
	close(p[0]);
	close(p[1]);
	return NULL;
}

/* tmpfile_in - an unnamed file in the output's directory (same filesystem) */
static int tmpfile_in(const char *output)
{
	char *dir = sf_xstrdup(output);
	char *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	/* a filesystem without O_TMPFILE: an unlinked file in /tmp */
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR)) {
		char tmpl[] = "/tmp/sigftrace-XXXXXX";

		fd = mkostemp(tmpl, O_CLOEXEC);
		if (fd >= 0)
			unlink(tmpl);
	}
	free(dir);
	return fd;
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
	char err[SF_ERR];
	unsigned long long v;
	int c;

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
		switch (sf_filter_option(&o->filter, c, optarg, err, sizeof(err))) {
		case 1:
			continue;
		case -1:
			sf_usage_err("%s", err);
			return -1;
		default:
			break;
		}
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

/* write_dat - scan the pages once, then write the v6 file atomically */
static int write_dat(struct sf_trace *t, struct rec_cpu *cpus, struct sf_comms *start_names,
		     const char *output, unsigned long long *events, unsigned long long *signals,
		     unsigned long long *lost, char *err, size_t errsz)
{
	const char *systems[] = { "signal", "task", "sched" };
	const char *names[][2] = { { "signal_generate", "signal_deliver" },
				   { "task_newtask", "task_rename" },
				   { "sched_process_exit", NULL } };
	struct sf_dat_system sys[3];
	struct sf_dat_event_fmt fmts[3][2];
	struct sf_dat_cpu *dcpu = sf_xcalloc((size_t)t->ncpus, sizeof(*dcpu));
	char **stats = sf_xcalloc((size_t)t->ncpus, sizeof(*stats));
	void **maps = sf_xcalloc((size_t)t->ncpus, sizeof(*maps));
	struct sf_dat_info info = { 0 };
	struct sf_comms *cmdlines = sf_comms_new();
	struct sf_printer p;
	struct sf_merge m;
	struct tep_record rec;
	struct utsname u;
	char uname_s[4 * 65 + 4];
	char *header_page = NULL, *header_event = NULL, *clock = NULL, *text = NULL, *tmp = NULL;
	int nsys = 0, i, j, fd = -1, ret = -1;
	int page_size = (int)cpus[0].page_size;
	size_t len;

	*lost = 0;
	for (i = 0; i < t->ncpus; i++) {
		unsigned long long overrun, dropped;
		struct stat st;

		if (fstat(cpus[i].fd, &st))
			goto out;
		dcpu[i].fd = cpus[i].fd;
		dcpu[i].size = (unsigned long long)st.st_size;
		if (!sf_trace_cpu_stats(t, i, &stats[i], &overrun, &dropped))
			*lost += overrun + dropped;
	}

	/* one pass in time order: event counts and each sender's name at its first signal */
	sf_printer_init(&p, t->tep, SF_FMT_DEFAULT, sigftrace_arch_host(), -1);
	sf_comms_merge(p.comms, start_names);
	p.first_send = cmdlines;
	if (sf_merge_init(&m, t->ncpus, (unsigned int)page_size, t->tep)) {
		snprintf(err, errsz, "cannot scan the recorded pages: %s", strerror(errno));
		sf_printer_free(&p);
		goto out;
	}
	for (i = 0; i < t->ncpus; i++) {
		if (!dcpu[i].size)
			continue;
		maps[i] = mmap(NULL, dcpu[i].size, PROT_READ, MAP_PRIVATE, dcpu[i].fd, 0);
		if (maps[i] == MAP_FAILED) {
			maps[i] = NULL;
			continue;
		}
		madvise(maps[i], dcpu[i].size, MADV_SEQUENTIAL);
		sf_merge_load(&m, i, maps[i], dcpu[i].size);
	}
	while (sf_merge_next(&m, &rec))
		sf_printer_record(&p, &rec);
	sf_merge_free(&m);
	*events = p.events;
	*signals = p.signals;
	/* senders first, then the names current at the end, then the start snapshot */
	sf_comms_merge(cmdlines, p.comms);
	sf_printer_free(&p);

	header_page = tracefs_instance_file_read(t->inst, "events/header_page", NULL);
	header_event = tracefs_instance_file_read(t->inst, "events/header_event", NULL);
	clock = tracefs_instance_file_read(t->inst, "trace_clock", NULL);
	if (!header_page) {
		snprintf(err, errsz, "cannot read events/header_page of instance %s: %s", t->name,
			 strerror(errno));
		goto out;
	}
	if (clock && (len = strlen(clock)) && clock[len - 1] == '\n')
		clock[len - 1] = '\0';
	for (i = 0; i < 3; i++) {
		int n = 0;

		for (j = 0; j < 2 && names[i][j]; j++) {
			int size = 0;
			char *f = tracefs_event_file_read(t->inst, systems[i], names[i][j],
							  "format", &size);

			if (!f)
				continue;
			fmts[nsys][n].text = f;
			fmts[nsys][n].len = (size_t)size;
			n++;
		}
		if (n) {
			sys[nsys].name = systems[i];
			sys[nsys].events = fmts[nsys];
			sys[nsys].nevents = n;
			nsys++;
		}
	}
	text = sf_comms_text(cmdlines, &len);
	uname(&u);
	snprintf(uname_s, sizeof(uname_s), "%s %s %s %s", u.sysname, u.nodename, u.release,
		 u.machine);
	info.header_page = header_page;
	info.header_page_len = strlen(header_page);
	info.header_event = header_event ? header_event : "";
	info.header_event_len = header_event ? strlen(header_event) : 0;
	info.systems = sys;
	info.nsystems = nsys;
	info.cmdlines = text;
	info.cmdlines_len = len;
	info.cpus = dcpu;
	info.ncpus = t->ncpus;
	info.uname = uname_s;
	info.trace_clock = clock;
	info.cpustat = (const char *const *)stats;
	info.version = "sigftrace " SIGFTRACE_VERSION;
	info.page_size = (unsigned int)page_size;
	info.long_size = (int)sizeof(long);

	fd = sf_atomic_create(output, &tmp);
	if (fd < 0) {
		snprintf(err, errsz, "cannot create %s: %s", output, strerror(errno));
		goto out;
	}
	if (sf_dat_write(fd, &info)) {
		snprintf(err, errsz, "cannot write %s: %s", output, strerror(errno));
		sf_atomic_abort(fd, tmp);
		goto out;
	}
	if (sf_atomic_commit(fd, tmp, output)) {
		snprintf(err, errsz, "cannot write %s: %s", output, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < t->ncpus; i++) {
		if (maps[i])
			munmap(maps[i], dcpu[i].size);
		free(stats[i]);
	}
	for (i = 0; i < nsys; i++) {
		for (j = 0; j < sys[i].nevents; j++)
			free((char *)fmts[i][j].text);
	}
	free(maps);
	free(stats);
	free(dcpu);
	free(header_page);
	free(header_event);
	free(clock);
	free(text);
	free(tmp);
	sf_comms_free(cmdlines);
	return ret;
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
	unsigned long long events = 0, signals = 0, lost = 0;
	char err[SF_ERR], hint[SF_ERR];
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
	if (sf_tracefs_ready(err, sizeof(err), hint, sizeof(hint))) {
		sf_err("%s", err);
		if (*hint)
			sf_hint("%s", hint);
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
		char file[64];
		char *path;

		snprintf(file, sizeof(file), "per_cpu/cpu%d/trace_pipe_raw", i);
		path = tracefs_instance_get_file(t.inst, file);
		cpus[i].raw = path ? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
		tracefs_put_tracing_file(path);
		cpus[i].fd = tmpfile_in(o.output);
		cpus[i].page_size = (size_t)sysconf(_SC_PAGESIZE);
		cpus[i].page = sf_xmalloc(cpus[i].page_size);
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
	if (o.command) {
		child = sf_session_run(o.command, &exec_err_fd);
		if (child < 0) {
			sf_err_errno("cannot start %s", o.command[0]);
			goto stop;
		}
	}
	/* names of the tasks alive now; the task events record every change after this */
	start_names = sf_comms_new();
	sf_comms_load_proc(start_names);
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
		if (sf_session_stop_signal())
			kill(child, sf_session_stop_signal());
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
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
		if (write_dat(&t, cpus, start_names, o.output, &events, &signals, &lost, err,
			      sizeof(err))) {
			sf_err("%s", err);
			ret = SF_EXIT_ERROR;
		} else {
			fprintf(stderr,
				"sigftrace record: %llu events captured (%llu signals), %llu lost, written to %s\n",
				events, signals, lost, o.output);
			if (lost)
				sf_hint("events were lost because the ring buffer overflowed: use a larger -b (now %u KiB per CPU) or narrower filters",
					o.conf.buffer_kb);
		}
	}
out:
	for (i = 0; cpus && i < t.ncpus; i++) {
		if (cpus[i].raw >= 0)
			close(cpus[i].raw);
		if (cpus[i].fd >= 0)
			close(cpus[i].fd);
		free(cpus[i].page);
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
