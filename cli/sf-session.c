// SPDX-License-Identifier: GPL-2.0
/*
 * sf-session - stopping a tracing session from signals (see sf-session.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#if defined(__has_include)
#if __has_include(<linux/close_range.h>)
#include <linux/close_range.h>
#endif
#endif
#include <sys/syscall.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sf-session.h"
#include "sf-cli.h"
#include "sf-util.h"

static struct sf_trace *session_trace;
static volatile sig_atomic_t stop_sig;
static volatile sig_atomic_t aborted;
static volatile sig_atomic_t reload;
static bool hup_reloads;
static int wake[2] = { -1, -1 };

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void on_signal(int sig)
{
	int e = errno;

	if (sig == SIGHUP && hup_reloads) {
		reload = 1;
	} else if (sig != SIGCHLD) {
		if (stop_sig)
			aborted = 1;
		else
			stop_sig = sig;
		if (session_trace)
			sf_trace_off_async(session_trace);
	}
	if (wake[1] >= 0 && write(wake[1], "", 1) < 0) {
		/* the pipe is full: the main loop is awake anyway */
	}
	errno = e;
}

int sf_session_start(struct sf_trace *t)
{
	struct sigaction sa;
	size_t i;

	session_trace = t;
	stop_sig = 0;
	aborted = 0;
	reload = 0;
	if (wake[0] < 0 && pipe2(wake, O_CLOEXEC | O_NONBLOCK))
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++) {
		if (sigaction(stop_signals[i], &sa, NULL))
			return -1;
	}
	sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
	if (sigaction(SIGCHLD, &sa, NULL))
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return wake[0];
}

void sf_session_hup_reloads(bool on)
{
	hup_reloads = on;
}

bool sf_session_reload(void)
{
	if (!reload)
		return false;
	reload = 0;
	return true;
}

int sf_session_stop_signal(void)
{
	return stop_sig;
}

bool sf_session_aborted(void)
{
	return aborted;
}

const volatile sig_atomic_t *sf_session_abort_flag(void)
{
	return &aborted;
}

void sf_session_rearm(void)
{
	char buf[64];

	while (read(wake[0], buf, sizeof(buf)) > 0)
		;
}

void sf_session_end(void)
{
	size_t i;

	for (i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		signal(stop_signals[i], SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	session_trace = NULL;
	hup_reloads = false;
}

/* cloexec_from - mark every fd from @first on close-on-exec */
static void cloexec_from(int first)
{
#if defined(SYS_close_range) && defined(CLOSE_RANGE_CLOEXEC)
	if (!syscall(SYS_close_range, (unsigned int)first, ~0U, CLOSE_RANGE_CLOEXEC))
		return;
#endif
	{
		long max = sysconf(_SC_OPEN_MAX);
		int fd;

		if (max < 0 || max > 65536)
			max = 65536;
		for (fd = first; fd < max; fd++)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
}

pid_t sf_session_run(char **argv, int *exec_err_fd)
{
	int pfd[2];
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (!pid) {
		sigset_t none;
		int e;

		/*
		 * nothing of ours may outlive the exec: an fd of the instance
		 * held by COMMAND (or what it leaves running) keeps it busy
		 */
		cloexec_from(3);
		sf_session_end();
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(argv[0], argv);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pfd[1]);
	*exec_err_fd = pfd[0];
	return pid;
}

int sf_session_reap(pid_t child)
{
	struct pollfd pfd = { .fd = wake[0], .events = POLLIN };
	bool killed = false;
	int status = 0;
	pid_t r;

	if (stop_sig)
		kill(child, stop_sig);
	/*
	 * SIGCHLD and a second Ctrl-C both wake the pipe; the timeout covers a
	 * signal that came before the poll
	 */
	for (;;) {
		if (aborted && !killed) {
			kill(child, SIGKILL);
			killed = true;
		}
		r = waitpid(child, &status, WNOHANG);
		if (r == child || (r < 0 && errno != EINTR))
			break;
		if (poll(&pfd, 1, 100) > 0)
			sf_session_rearm();
	}
	return status;
}

bool sf_session_exec_failed(int exec_err_fd, const char *cmd)
{
	bool failed = false;
	int e;

	if (read(exec_err_fd, &e, sizeof(e)) == sizeof(e)) {
		errno = e;
		sf_err_errno("cannot run %s", cmd);
		failed = true;
	}
	close(exec_err_fd);
	return failed;
}

int sf_session_ready(void)
{
	char err[512], hint[512];

	if (!sf_tracefs_ready(err, sizeof(err), hint, sizeof(hint)))
		return 0;
	sf_err("%s", err);
	if (*hint)
		sf_hint("%s", hint);
	return -1;
}

int sf_session_prepare(struct sf_filter *f)
{
	char err[512];

	if (sf_filter_finalize(f, sigftrace_arch_host(), err, sizeof(err))) {
		sf_usage_err("%s", err);
		return SF_EXIT_USAGE;
	}
	return sf_session_ready() ? SF_EXIT_ERROR : SF_EXIT_OK;
}
