// SPDX-License-Identifier: GPL-2.0
/*
 * storm - signal storm generator for the sigftrace benchmark
 *
 * Usage:
 *   storm [-n SENDERS] [-c COUNT] [-s SIG]
 *	Fork a receiver that ignores SIG (default SIGUSR1) and SENDERS
 *	(default: online CPUs) sender processes, each pinned to its own CPU.
 *	The senders are released at the same moment through a pipe barrier
 *	and each calls kill(receiver, SIG) COUNT (default 1000000) times.
 *	Prints one line:  signals=N seconds=S rate=R receiver=PID (R =
 *	signals/s), the time being CLOCK_MONOTONIC from release to the end of
 *	the last sender, PID the receiver's (whose name is storm-recv).
 *
 *   storm --tick INTERVAL_US -c N [-s SIG]
 *	Send N signals to an ignoring receiver, one every INTERVAL_US
 *	microseconds (clock_nanosleep(TIMER_ABSTIME), no busy wait).  Prints
 *	first_send_mono_ns=T (CLOCK_MONOTONIC) right after the first send.
 *
 *   storm --tick INTERVAL_US -c N --cycle
 *	The same, the k-th signal being SIGRTMIN + k % 30 (all ignored): a
 *	sequence that shows a signal missing or doubled in a recording.
 *
 *   storm --bare-launch DIR
 *	The bare launch reference: mkdir tracefs instance DIR and enable
 *	signal:signal_generate in it, nothing else (default clock and buffer
 *	size). Prints now_mono_ns=T (CLOCK_MONOTONIC before the mkdir) and
 *	marker_mono_ns=M, the CLOCK_MONOTONIC time of a write to DIR's
 *	trace_marker made right after: the marker's timestamp in DIR's own
 *	clock maps that clock onto CLOCK_MONOTONIC. The caller removes DIR.
 *
 *   storm --measure FILE [--no-sample] -- CMD [ARG...]
 *	Run CMD and write to FILE one line:
 *	  seconds=S maxrss_kb=M anon_peak_kb=A status=X
 *	S is CMD's CLOCK_MONOTONIC run time, M the peak RSS of CMD or of its
 *	largest waited-for descendant (wait4(), as /usr/bin/time %M; it counts
 *	the pages of mmap()ed files), A the peak RssAnon of CMD sampled every
 *	2 ms (the memory that grows with the data, "-" with --no-sample, which
 *	leaves the CPUs to CMD alone), X CMD's exit status (128+N: signal N).
 *	storm exits with the same status.
 *
 *   storm --now [-- CMD [ARG...]]
 *	Print now_mono_ns=T (CLOCK_MONOTONIC).  With a command, T is taken
 *	just before execvp(CMD) replaces storm, so it marks the launch of CMD.
 *	CMD starts with SIGINT and SIGQUIT at their defaults and no signal
 *	blocked: a non-interactive sh starts background jobs with SIGINT
 *	ignored, and the benchmark must be able to stop CMD with SIGINT.
 *
 * Any error makes storm exit non-zero.  Every child uses PR_SET_PDEATHSIG,
 * and the receiver exits when storm closes its pipe: nothing outlives storm.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_COUNT 1000000L
#define SF_CYCLE 30 /* signals of --cycle */
#define NSEC_PER_SEC 1000000000LL

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	fputs("storm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(1);
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		die("clock_gettime");
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static long parse_long(const char *s, const char *what, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		errno = 0;
		die("invalid %s '%s' (expected %ld..%ld)", what, s, min, max);
	}
	return v;
}

static int parse_sig(const char *s)
{
	const char *name = strncmp(s, "SIG", 3) ? s : s + 3;
	int sig = -1, i;

	if (s[0] >= '0' && s[0] <= '9') {
		sig = (int)parse_long(s, "signal", 1, SIGRTMAX);
	} else {
		for (i = 1; i < SIGRTMIN; i++) {
			const char *abbrev = sigabbrev_np(i);

			if (abbrev && !strcmp(abbrev, name)) {
				sig = i;
				break;
			}
		}
	}
	errno = 0;
	if (sig < 0)
		die("unknown signal '%s'", s);
	if (sig == SIGKILL || sig == SIGSTOP)
		die("signal %d cannot be ignored by the receiver", sig);
	return sig;
}

/* Read exactly len bytes; returns 0 on EOF before any byte, 1 on success. */
static int xread(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read");
		if (n == 0) {
			if (!done)
				return 0;
			errno = 0;
			die("short read");
		}
		done += (size_t)n;
	}
	return 1;
}

/*
 * The receiver ignores @sig, reports readiness on @ready_fd and then sleeps
 * in read() until storm closes the other end of @hold_fd (or dies).
 */
static pid_t fork_receiver(int sig, int *hold_wr)
{
	int ready[2], hold[2];
	pid_t pid;
	char c;

	if (pipe2(ready, O_CLOEXEC) || pipe2(hold, O_CLOEXEC))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(ready[0]);
		close(hold[1]);
		prctl(PR_SET_NAME, "storm-recv");
		if (prctl(PR_SET_PDEATHSIG, SIGKILL))
			_exit(2);
		/* sig 0: every signal of --cycle (SIGRTMIN to SIGRTMIN+29) */
		for (int i = sig ? 0 : 1; i <= (sig ? 0 : SF_CYCLE); i++)
			if (signal(sig ? sig : SIGRTMIN + i - 1, SIG_IGN) == SIG_ERR)
				_exit(2);
		if (getppid() == 1)
			_exit(2);
		c = 'r';
		if (write(ready[1], &c, 1) != 1)
			_exit(2);
		while (read(hold[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	if (!xread(ready[0], &c, 1)) {
		errno = 0;
		die("receiver failed to start");
	}
	close(ready[0]);
	*hold_wr = hold[1];
	return pid;
}

static void reap(pid_t pid, const char *what)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			die("waitpid %s", what);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		errno = 0;
		if (WIFSIGNALED(status))
			die("%s %d killed by signal %d", what, pid, WTERMSIG(status));
		die("%s %d exited with status %d", what, pid, WEXITSTATUS(status));
	}
}

static void stop_receiver(pid_t pid, int hold_wr)
{
	close(hold_wr);
	reap(pid, "receiver");
}

/* Online CPUs we may run on, in ascending order; returns how many. */
static int allowed_cpus(int **cpus)
{
	cpu_set_t set;
	int i, n = 0;

	if (sched_getaffinity(0, sizeof(set), &set))
		die("sched_getaffinity");
	*cpus = calloc(CPU_SETSIZE, sizeof(**cpus));
	if (!*cpus)
		die("calloc");
	for (i = 0; i < CPU_SETSIZE; i++) {
		if (CPU_ISSET(i, &set))
			(*cpus)[n++] = i;
	}
	if (!n) {
		errno = 0;
		die("no usable CPU");
	}
	return n;
}

static int run_storm(int nsenders, long count, int sig)
{
	int ready[2], start[2], result[2];
	int64_t t0, end, last = 0;
	pid_t receiver, *senders;
	int hold_wr, ncpus, *cpus;
	double secs, total;
	int i;

	ncpus = allowed_cpus(&cpus);
	if (nsenders <= 0)
		nsenders = ncpus;
	senders = calloc((size_t)nsenders, sizeof(*senders));
	if (!senders)
		die("calloc");

	receiver = fork_receiver(sig, &hold_wr);

	if (pipe2(ready, O_CLOEXEC) || pipe2(start, O_CLOEXEC) || pipe2(result, O_CLOEXEC))
		die("pipe");
	for (i = 0; i < nsenders; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (!pid) {
			cpu_set_t set;
			char c = 's';
			long k;

			close(ready[0]);
			close(start[1]);
			close(result[0]);
			prctl(PR_SET_NAME, "storm-send");
			if (prctl(PR_SET_PDEATHSIG, SIGKILL))
				_exit(2);
			CPU_ZERO(&set);
			CPU_SET(cpus[i % ncpus], &set);
			if (sched_setaffinity(0, sizeof(set), &set)) {
				perror("storm: sched_setaffinity");
				_exit(2);
			}
			if (write(ready[1], &c, 1) != 1)
				_exit(2);
			/* The barrier: EOF arrives in every sender at once. */
			while (read(start[0], &c, 1) < 0 && errno == EINTR)
				;
			for (k = 0; k < count; k++) {
				if (kill(receiver, sig)) {
					perror("storm: kill");
					_exit(3);
				}
			}
			end = mono_ns();
			if (write(result[1], &end, sizeof(end)) != sizeof(end))
				_exit(2);
			_exit(0);
		}
		senders[i] = pid;
	}
	close(ready[1]);
	close(start[0]);
	close(result[1]);

	for (i = 0; i < nsenders; i++) {
		char c;

		if (!xread(ready[0], &c, 1)) {
			errno = 0;
			die("a sender failed to start");
		}
	}
	close(ready[0]);

	t0 = mono_ns();
	close(start[1]); /* release */

	for (i = 0; i < nsenders; i++) {
		if (!xread(result[0], &end, sizeof(end)))
			break;
		if (end > last)
			last = end;
	}
	for (i = 0; i < nsenders; i++)
		reap(senders[i], "sender");
	close(result[0]);
	stop_receiver(receiver, hold_wr);

	total = (double)nsenders * (double)count;
	secs = (double)(last - t0) / NSEC_PER_SEC;
	if (secs <= 0) {
		errno = 0;
		die("no time elapsed");
	}
	printf("signals=%.0f seconds=%.6f rate=%.0f receiver=%d\n", total, secs, total / secs,
	       (int)receiver);
	free(senders);
	free(cpus);
	return fflush(stdout) ? 1 : 0;
}

/* sig 0: SIGRTMIN + k % SF_CYCLE for the k-th signal (a sequence a gap or a duplicate breaks) */
static int run_tick(long interval_us, long count, int sig)
{
	struct timespec next;
	pid_t receiver;
	int hold_wr;
	long k;

	receiver = fork_receiver(sig, &hold_wr);
	if (clock_gettime(CLOCK_MONOTONIC, &next))
		die("clock_gettime");
	for (k = 0; k < count; k++) {
		int err;

		if (k) {
			next.tv_nsec += interval_us * 1000L;
			while (next.tv_nsec >= NSEC_PER_SEC) {
				next.tv_nsec -= NSEC_PER_SEC;
				next.tv_sec++;
			}
			do
				err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
			while (err == EINTR);
			if (err) {
				errno = err;
				die("clock_nanosleep");
			}
		}
		if (kill(receiver, sig ? sig : SIGRTMIN + (int)(k % SF_CYCLE)))
			die("kill");
		if (!k) {
			printf("first_send_mono_ns=%" PRId64 "\n", mono_ns());
			if (fflush(stdout))
				die("stdout");
		}
	}
	stop_receiver(receiver, hold_wr);
	return 0;
}

/* write_str - write @s into the existing file @dir/@name */
static void write_str(const char *dir, const char *name, const char *s)
{
	char path[PATH_MAX];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		die("%s/%s", dir, name);
	}
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s", path);
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		die("write %s", path);
	if (close(fd))
		die("close %s", path);
}

static int run_bare_launch(const char *dir)
{
	int64_t t0, m1, m2;

	t0 = mono_ns();
	if (mkdir(dir, 0755))
		die("mkdir %s", dir);
	write_str(dir, "events/signal/signal_generate/enable", "1");
	m1 = mono_ns();
	write_str(dir, "trace_marker", "sft-bench-calibration");
	m2 = mono_ns();
	printf("now_mono_ns=%" PRId64 " marker_mono_ns=%" PRId64 "\n", t0, m1 + (m2 - m1) / 2);
	return fflush(stdout) ? 1 : 0;
}

/* rss_anon_kb - RssAnon of @pid in KiB, -1 when unknown */
static long rss_anon_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "RssAnon: %ld", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

static int run_measure(const char *out, bool sample, char **cmd)
{
	const struct timespec tick = { .tv_nsec = 2000000 };
	long anon = 0, kb;
	struct rusage ru;
	int64_t t0, t1;
	int status, rc;
	pid_t pid, r;
	FILE *f;

	if (!cmd || !cmd[0]) {
		errno = 0;
		die("--measure needs a command");
	}
	f = fopen(out, "we");
	if (!f)
		die("cannot write %s", out);
	t0 = mono_ns();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		execvp(cmd[0], cmd);
		perror("storm: exec");
		_exit(127);
	}
	for (;;) {
		r = wait4(pid, &status, sample ? WNOHANG : 0, &ru);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			die("wait4");
		if (r == 0) {
			kb = rss_anon_kb(pid);
			if (kb > anon)
				anon = kb;
			nanosleep(&tick, NULL);
		}
	}
	t1 = mono_ns();
	rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(f, "seconds=%.3f maxrss_kb=%ld anon_peak_kb=", (double)(t1 - t0) / NSEC_PER_SEC,
		ru.ru_maxrss);
	if (sample)
		fprintf(f, "%ld", anon);
	else
		fputc('-', f);
	fprintf(f, " status=%d\n", rc);
	if (fclose(f))
		die("cannot write %s", out);
	return rc;
}

static int run_now(char **cmd)
{
	sigset_t none;

	if (cmd && cmd[0]) {
		sigemptyset(&none);
		if (signal(SIGINT, SIG_DFL) == SIG_ERR || signal(SIGQUIT, SIG_DFL) == SIG_ERR ||
		    sigprocmask(SIG_SETMASK, &none, NULL))
			die("resetting signals");
	}
	printf("now_mono_ns=%" PRId64 "\n", mono_ns());
	if (fflush(stdout))
		die("stdout");
	if (!cmd || !cmd[0])
		return 0;
	execvp(cmd[0], cmd);
	die("exec %s", cmd[0]);
}

static void usage(FILE *f)
{
	fputs("usage: storm [-n SENDERS] [-c COUNT_PER_SENDER] [-s SIG]\n"
	      "       storm --tick INTERVAL_US -c COUNT [-s SIG | --cycle]\n"
	      "       storm --bare-launch INSTANCE_DIR\n"
	      "       storm --measure FILE [--no-sample] -- CMD [ARG...]\n"
	      "       storm --now [-- CMD [ARG...]]\n",
	      f);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "senders", required_argument, NULL, 'n' },
		{ "count", required_argument, NULL, 'c' },
		{ "signal", required_argument, NULL, 's' },
		{ "tick", required_argument, NULL, 't' },
		{ "now", no_argument, NULL, 'N' },
		{ "bare-launch", required_argument, NULL, 'B' },
		{ "measure", required_argument, NULL, 'M' },
		{ "no-sample", no_argument, NULL, 'S' },
		{ "cycle", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long count = DEFAULT_COUNT, tick = 0;
	int nsenders = 0, sig = SIGUSR1, now = 0;
	const char *bare = NULL, *measure = NULL;
	bool sample = true;
	int opt;

	while ((opt = getopt_long(argc, argv, "+n:c:s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			nsenders = (int)parse_long(optarg, "sender count", 1, 4096);
			break;
		case 'c':
			count = parse_long(optarg, "count", 1, LONG_MAX / 4096);
			break;
		case 's':
			sig = parse_sig(optarg);
			break;
		case 't':
			tick = parse_long(optarg, "tick interval", 1, 60L * 1000 * 1000);
			break;
		case 'N':
			now = 1;
			break;
		case 'B':
			bare = optarg;
			break;
		case 'M':
			measure = optarg;
			break;
		case 'S':
			sample = false;
			break;
		case 'C':
			sig = 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (now)
		return run_now(argv + optind);
	if (bare)
		return run_bare_launch(bare);
	if (measure)
		return run_measure(measure, sample, argv + optind);
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (tick)
		return run_tick(tick, count, sig);
	if (!sig) {
		usage(stderr);
		return 2;
	}
	return run_storm(nsenders, count, sig);
}
