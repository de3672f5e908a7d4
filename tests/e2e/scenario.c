// SPDX-License-Identifier: GPL-2.0
/*
 * scenario - cause well-known signals between named processes and threads
 *
 * Usage: scenario [--expect FILE] [CASE...]
 *
 * Every case creates processes/threads named "sc-*" with prctl(PR_SET_NAME),
 * synchronises them with pipes (never with sleeps) and causes a few signals.
 * With --expect, one line per caused signal is written to FILE in the
 * default sigftrace render format:
 *
 *   (SENDER_COMM SENDER_PID) --[SIGNAME]--> (RECEIVER_COMM RECEIVER_PID) [deco]
 *
 * where the sender is the sending process (its main thread's name and its
 * pid), as the original patch's si_pid, and deco ends with " of PROC/PID"
 * when the receiving thread is not its process's main thread and with
 * " by THREAD/TID" when the sending thread is not.
 *
 * SIGCHLD lines (hidden by sigftrace by default) go to FILE.chld instead.
 * Only lines whose every field is certain are written; other events (for
 * example SIGCHLD of helper processes we cannot predict exactly) may exist.
 *
 * Kernel facts the expectations rely on (verified with check-scenario-raw.sh):
 *  - kill()/sigqueue()/itimer/SIGCHLD are process-directed (grp=1);
 *    tgkill(), faults and SIGPIPE (send_sig() uses PIDTYPE_PID) are
 *    thread-directed (grp=0, rendered "thread");
 *  - a signal whose disposition is SIG_IGN, or SIG_DFL with a default action
 *    of "ignore" (SIGCHLD!), and which is not blocked is reported with
 *    result 1 ("ignored"); a blocked signal is never "ignored";
 *  - a standard signal that is already pending is reported with result 2;
 *  - a parent with SIGCHLD set to SIG_IGN gets no SIGCHLD event at all;
 *  - SIGPIPE from write() carries SI_USER (no origin decoration) and is sent
 *    by the writing thread to itself;
 *  - SIGALRM of an itimer carries SI_KERNEL and is often generated in hard
 *    irq context (ftrace shows "<idle>-0" or a random task as the sender).
 *
 * Every process exits (and is reaped) before the program returns.  A watchdog
 * alarm kills the whole tree (children use PR_SET_PDEATHSIG) if a case hangs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAIN_NAME "sc-main"
#define RT_SIG 35 /* kernel-relative SIGRTMIN+3 */
#define RT_VALUE 4242
#define WATCHDOG_SECS 60

static const char *cur_case = "-";
static FILE *expect_file;
static FILE *chld_file;
static pid_t main_pid;

/* children of this process not reaped yet (killed on failure) */
#define MAX_KIDS 16
static pid_t kids[MAX_KIDS];

/* state of the signal handler of the current process */
static volatile sig_atomic_t got_count;
static volatile sig_atomic_t got_code;
static volatile sig_atomic_t got_value;
static volatile sig_atomic_t got_pid;

static int fail(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	fprintf(stderr, "scenario: %s: ", cur_case);
	va_start(ap, fmt);
	errno = saved;
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static void watchdog(int sig)
{
	static const char msg[] = "scenario: watchdog expired, giving up\n";
	ssize_t r;

	(void)sig;
	r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	_exit(3);
}

static pid_t sys_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static int sys_tgkill(pid_t tgid, pid_t tid, int sig)
{
	return (int)syscall(SYS_tgkill, tgid, tid, sig);
}

/* this machine's numbers (MIPS: USR1 is 16, BUS 10, no STKFLT but EMT) */
/* clang-format off */
#define SIGNAME(n) { SIG##n, "SIG" #n }
static const struct {
	int sig;
	const char *name;
} sig_names[] = {
	SIGNAME(HUP),  SIGNAME(INT),  SIGNAME(QUIT), SIGNAME(ILL),    SIGNAME(TRAP),  SIGNAME(ABRT),
	SIGNAME(BUS),  SIGNAME(FPE),  SIGNAME(KILL), SIGNAME(USR1),   SIGNAME(SEGV),  SIGNAME(USR2),
	SIGNAME(PIPE), SIGNAME(ALRM), SIGNAME(TERM), SIGNAME(CHLD),   SIGNAME(CONT),  SIGNAME(STOP),
	SIGNAME(TSTP), SIGNAME(TTIN), SIGNAME(TTOU), SIGNAME(URG),    SIGNAME(XCPU),  SIGNAME(XFSZ),
	SIGNAME(PROF), SIGNAME(IO),   SIGNAME(PWR),  SIGNAME(VTALRM), SIGNAME(WINCH), SIGNAME(SYS),
#ifdef SIGSTKFLT
	SIGNAME(STKFLT),
#endif
#ifdef SIGEMT
	SIGNAME(EMT),
#endif
};
/* clang-format on */

/* sig_name - as sigftrace names it; real-time signals count from the kernel's 32 */
static const char *sig_name(int sig, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(sig_names) / sizeof(sig_names[0]); i++)
		if (sig_names[i].sig == sig)
			return sig_names[i].name;
	if (sig == 32)
		return "SIGRTMIN";
	if (sig > 32)
		snprintf(buf, len, "SIGRTMIN+%d", sig - 32);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}

/*
 * Write one expected line.  scomm == NULL means a kernel-originated signal,
 * rendered "(kernel)".  deco is "" or starts with a space.
 */
static void emit(FILE *f, const char *scomm, pid_t spid, int sig, const char *rcomm, pid_t rpid,
		 const char *deco)
{
	char buf[32];

	if (!f)
		return;
	if (scomm)
		fprintf(f, "(%s %d) ", scomm, (int)spid);
	else
		fputs("(kernel) ", f);
	fprintf(f, "--[%s]--> (%s %d)%s\n", sig_name(sig, buf, sizeof(buf)), rcomm, (int)rpid,
		deco);
}

static void expect(const char *scomm, pid_t spid, int sig, const char *rcomm, pid_t rpid,
		   const char *deco)
{
	emit(expect_file, scomm, spid, sig, rcomm, rpid, deco);
}

static const char *cld_code(int status)
{
	if (WIFEXITED(status))
		return "CLD_EXITED";
	if (WIFSIGNALED(status) && WCOREDUMP(status))
		return "CLD_DUMPED";
	return "CLD_KILLED";
}

/*
 * SIGCHLD of a child to its parent.  SIGCHLD's default action is "ignore",
 * so with SIG_DFL (and not blocked) the kernel reports it as ignored.
 */
static void expect_chld(const char *ccomm, pid_t cpid, int status, const char *pcomm, pid_t ppid,
			int ignored)
{
	char deco[64];

	snprintf(deco, sizeof(deco), " child %s%s", cld_code(status), ignored ? " ignored" : "");
	emit(chld_file, ccomm, cpid, SIGCHLD, pcomm, ppid, deco);
}

static void set_name(const char *name)
{
	if (prctl(PR_SET_NAME, name, 0, 0, 0))
		_exit(100);
}

static void flush_all(void)
{
	fflush(stdout);
	fflush(stderr);
	if (expect_file)
		fflush(expect_file);
	if (chld_file)
		fflush(chld_file);
}

/* fork a child that dies if its parent dies (watchdog) */
static pid_t xfork(void)
{
	pid_t parent = getpid();
	pid_t pid;

	flush_all();
	pid = fork();
	if (pid < 0) {
		fail("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		memset(kids, 0, sizeof(kids));
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
			_exit(101);
		if (getppid() != parent)
			_exit(102);
		return 0;
	}
	for (int i = 0; i < MAX_KIDS; i++) {
		if (!kids[i]) {
			kids[i] = pid;
			break;
		}
	}
	return pid;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t r = write(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* 0 on success, -1 on error or EOF */
static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t r = read(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static int xpipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC))
		return fail("pipe: %s", strerror(errno));
	return 0;
}

static void close_pipe(int fds[2])
{
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	fds[0] = -1;
	fds[1] = -1;
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
	got_pid = si->si_pid;
	got_count++;
}

static void set_handler(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fn;
	if (sigaction(sig, &sa, NULL))
		_exit(103);
}

/* install on_signal for sig (SA_SIGINFO) */
static void catch_signal(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	if (sigaction(sig, &sa, NULL))
		_exit(104);
}

static void block_signal(int sig, int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	if (pthread_sigmask(how, &set, NULL))
		_exit(105);
}

/* wait (with sig unblocked only while waiting) until the handler ran */
static void wait_signal(int sig)
{
	sigset_t mask;

	pthread_sigmask(SIG_SETMASK, NULL, &mask);
	sigdelset(&mask, sig);
	while (!got_count)
		sigsuspend(&mask);
}

/* child side of a "ready" pipe: report readiness (or a value) */
static void child_ready(int fd, const void *data, size_t len)
{
	char c = 'r';

	if (!data) {
		data = &c;
		len = 1;
	}
	if (write_all(fd, data, len))
		_exit(106);
}

static int parent_wait_ready(int fd, void *data, size_t len, const char *who)
{
	char c;

	if (!data) {
		data = &c;
		len = 1;
	}
	if (read_all(fd, data, len))
		return fail("%s did not get ready", who);
	return 0;
}

/*
 * Reap pid; want_sig == 0: it must exit with status 0, otherwise it must be
 * killed by want_sig.  The wait status is stored in *status.
 */
static int reap(pid_t pid, const char *who, int want_sig, int *status)
{
	int st;
	pid_t r;

	do {
		r = waitpid(pid, &st, 0);
	} while (r < 0 && errno == EINTR);
	if (r != pid)
		return fail("waitpid %s (%d): %s", who, (int)pid, strerror(errno));
	for (int i = 0; i < MAX_KIDS; i++)
		if (kids[i] == pid)
			kids[i] = 0;
	if (status)
		*status = st;
	if (!want_sig && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (want_sig && WIFSIGNALED(st) && WTERMSIG(st) == want_sig)
		return 0;
	if (WIFEXITED(st))
		return fail("%s (%d) exited with status %d", who, (int)pid, WEXITSTATUS(st));
	return fail("%s (%d) killed by signal %d", who, (int)pid,
		    WIFSIGNALED(st) ? WTERMSIG(st) : -1);
}

/* kill and reap all unreaped children after a failure */
static void kill_kids(void)
{
	for (int i = 0; i < MAX_KIDS; i++) {
		if (!kids[i])
			continue;
		kill(kids[i], SIGKILL);
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
		kids[i] = 0;
	}
}

/*
 * Child: name itself, catch sig (blocked except while waiting, so the
 * readiness report cannot race with the delivery), report ready on fd,
 * wait for one delivery with the given si_code and exit 0.
 */
static void __attribute__((noreturn)) simple_receiver(const char *name, int sig, int code, int fd)
{
	set_name(name);
	block_signal(sig, SIG_BLOCK);
	catch_signal(sig);
	child_ready(fd, NULL, 0);
	wait_signal(sig);
	if (got_code != code || got_count != 1)
		_exit(10);
	if (code == SI_QUEUE && got_value != RT_VALUE)
		_exit(11);
	_exit(0);
}

/* fork a simple_receiver and wait until it is ready */
static pid_t start_receiver(const char *name, int sig, int code)
{
	int rd[2];
	pid_t pid;

	if (xpipe(rd))
		return -1;
	pid = xfork();
	if (pid == 0) {
		close(rd[0]);
		simple_receiver(name, sig, code, rd[1]);
	}
	close(rd[1]);
	if (pid > 0 && parent_wait_ready(rd[0], NULL, 0, name))
		pid = -1;
	close(rd[0]);
	return pid;
}

/* ---------------------------------------------------------------- cases */

/* sc-killer kill()s sc-victim with SIGUSR1 (caught) */
static int case_kill(void)
{
	pid_t victim, killer;
	int st_v, st_k;

	victim = start_receiver("sc-victim", SIGUSR1, SI_USER);
	if (victim < 0)
		return -1;
	killer = xfork();
	if (killer < 0)
		return -1;
	if (killer == 0) {
		set_name("sc-killer");
		_exit(kill(victim, SIGUSR1) ? 1 : 0);
	}
	if (reap(killer, "sc-killer", 0, &st_k) || reap(victim, "sc-victim", 0, &st_v))
		return -1;
	expect("sc-killer", killer, SIGUSR1, "sc-victim", victim, "");
	expect_chld("sc-killer", killer, st_k, MAIN_NAME, main_pid, 1);
	expect_chld("sc-victim", victim, st_v, MAIN_NAME, main_pid, 1);
	return 0;
}

struct worker_arg {
	int fd;
	pid_t tid;
	int ok;
};

static void *worker_main(void *p)
{
	struct worker_arg *arg = p;

	set_name("sc-worker");
	arg->tid = sys_gettid();
	child_ready(arg->fd, &arg->tid, sizeof(arg->tid));
	wait_signal(SIGUSR2);
	arg->ok = got_count == 1 && got_code == SI_TKILL;
	return NULL;
}

/* wait until thread tid of this process is gone from the kernel */
static int wait_thread_gone(pid_t tid)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sys_tgkill(getpid(), tid, 0) == 0) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 10)
			return -1;
		sched_yield();
	}
	return errno == ESRCH ? 0 : -1;
}

/* sc-main tgkill()s thread sc-worker of process sc-wproc with SIGUSR2 */
static int case_tgkill(void)
{
	char deco[64];
	int rd[2];
	pid_t proc, tid;
	int st;

	if (xpipe(rd))
		return -1;
	proc = xfork();
	if (proc < 0)
		return -1;
	if (proc == 0) {
		struct worker_arg arg = { .fd = rd[1], .tid = 0, .ok = 0 };
		pthread_t th;

		close(rd[0]);
		set_name("sc-wproc");
		/* only the worker ever unblocks SIGUSR2 */
		block_signal(SIGUSR2, SIG_BLOCK);
		catch_signal(SIGUSR2);
		if (pthread_create(&th, NULL, worker_main, &arg))
			_exit(20);
		if (pthread_join(th, NULL))
			_exit(21);
		/*
		 * Make sure the worker is released before the leader exits,
		 * so that the SIGCHLD to sc-main is sent by the leader.
		 */
		if (wait_thread_gone(arg.tid))
			_exit(22);
		_exit(arg.ok ? 0 : 23);
	}
	close(rd[1]);
	if (parent_wait_ready(rd[0], &tid, sizeof(tid), "sc-worker")) {
		close(rd[0]);
		return -1;
	}
	close(rd[0]);
	if (sys_tgkill(proc, tid, SIGUSR2))
		return fail("tgkill: %s", strerror(errno));
	if (reap(proc, "sc-wproc", 0, &st))
		return -1;
	/* the receiving thread is named; its process follows */
	snprintf(deco, sizeof(deco), " tkill thread of sc-wproc/%d", (int)proc);
	expect(MAIN_NAME, main_pid, SIGUSR2, "sc-worker", tid, deco);
	expect_chld("sc-wproc", proc, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/* sc-main sigqueue()s signal 35 (kernel SIGRTMIN+3) with a value to sc-rt */
static int case_sigqueue(void)
{
	union sigval val = { .sival_int = RT_VALUE };
	pid_t rt;
	int st;

	rt = start_receiver("sc-rt", RT_SIG, SI_QUEUE);
	if (rt < 0)
		return -1;
	if (sigqueue(rt, RT_SIG, val))
		return fail("sigqueue: %s", strerror(errno));
	if (reap(rt, "sc-rt", 0, &st))
		return -1;
	expect(MAIN_NAME, main_pid, RT_SIG, "sc-rt", rt, " sigqueue");
	expect_chld("sc-rt", rt, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/* no core dump anywhere, whatever core_pattern says */
static void no_core(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl))
		_exit(30);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		_exit(31);
}

/*
 * fork_to_die - a child named @name that dies of @sig's default action
 * without a core: the pid in the parent, 0 in the child, -1
 */
static pid_t fork_to_die(const char *name, int sig)
{
	pid_t pid = xfork();

	if (pid == 0) {
		no_core();
		set_handler(sig, SIG_DFL);
		block_signal(sig, SIG_UNBLOCK);
		set_name(name);
	}
	return pid;
}

/* sc-segv touches an unmapped address and dies of SIGSEGV */
static int case_segv(void)
{
	pid_t pid;
	int st;

	pid = fork_to_die("sc-segv", SIGSEGV);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		volatile uintptr_t addr = 8;

		*(volatile int *)addr = 1;
		_exit(32);
	}
	if (reap(pid, "sc-segv", SIGSEGV, &st))
		return -1;
	/* force_sig_fault() sends to the faulting thread: grp=0 */
	expect(NULL, 0, SIGSEGV, "sc-segv", pid, " fault SEGV_MAPERR thread");
	expect_chld("sc-segv", pid, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/*
 * a seccomp filter traps getppid(): the kernel's SIGSYS with SYS_SECCOMP
 * (force_sig_seccomp()) kills the child. No expectation is written: the
 * attribution tests (killers.t) check what sigftrace names it.
 */
static int case_seccomp(void)
{
	pid_t pid;
	int st;

	pid = fork_to_die("sc-seccomp", SIGSYS);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct sock_filter insns[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { sizeof(insns) / sizeof(insns[0]), insns };

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0))
			_exit(33);
		syscall(__NR_getppid);
		_exit(32);
	}
	return reap(pid, "sc-seccomp", SIGSYS, &st);
}

/* write to a pipe without reader; returns 0 if write failed with EPIPE */
static int write_broken_pipe(void)
{
	int fds[2];

	if (pipe(fds))
		return -1;
	close(fds[0]);
	if (write(fds[1], "x", 1) != -1 || errno != EPIPE)
		return -1;
	return 0;
}

/*
 * sc-pipe (SIGPIPE ignored) and sc-pipe-dfl (SIGPIPE default) write to a
 * pipe whose read end is closed: the kernel sends SIGPIPE (SI_USER) from
 * the writing thread to itself (thread-directed).
 */
static int case_pipe(void)
{
	pid_t ign, dfl;
	int st_i, st_d;

	ign = xfork();
	if (ign < 0)
		return -1;
	if (ign == 0) {
		set_name("sc-pipe");
		set_handler(SIGPIPE, SIG_IGN);
		block_signal(SIGPIPE, SIG_UNBLOCK);
		_exit(write_broken_pipe() ? 40 : 0);
	}
	if (reap(ign, "sc-pipe", 0, &st_i))
		return -1;

	dfl = xfork();
	if (dfl < 0)
		return -1;
	if (dfl == 0) {
		no_core();
		set_name("sc-pipe-dfl");
		set_handler(SIGPIPE, SIG_DFL);
		block_signal(SIGPIPE, SIG_UNBLOCK);
		write_broken_pipe();
		_exit(41);
	}
	if (reap(dfl, "sc-pipe-dfl", SIGPIPE, &st_d))
		return -1;

	/* send_sig() targets the writing thread (PIDTYPE_PID): grp=0 */
	expect("sc-pipe", ign, SIGPIPE, "sc-pipe", ign, " ignored thread");
	expect("sc-pipe-dfl", dfl, SIGPIPE, "sc-pipe-dfl", dfl, " thread");
	expect_chld("sc-pipe", ign, st_i, MAIN_NAME, main_pid, 1);
	expect_chld("sc-pipe-dfl", dfl, st_d, MAIN_NAME, main_pid, 1);
	return 0;
}

/* sc-stubborn ignores SIGTERM; sc-main sends SIGTERM, then SIGKILL */
static int case_ignored(void)
{
	int rd[2];
	pid_t pid;
	int st;

	if (xpipe(rd))
		return -1;
	pid = xfork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(rd[0]);
		set_name("sc-stubborn");
		set_handler(SIGTERM, SIG_IGN);
		/* a blocked signal is never reported as ignored */
		block_signal(SIGTERM, SIG_UNBLOCK);
		child_ready(rd[1], NULL, 0);
		for (;;)
			pause();
	}
	close(rd[1]);
	if (parent_wait_ready(rd[0], NULL, 0, "sc-stubborn")) {
		close(rd[0]);
		return -1;
	}
	close(rd[0]);
	if (kill(pid, SIGTERM))
		return fail("kill SIGTERM: %s", strerror(errno));
	if (kill(pid, SIGKILL))
		return fail("kill SIGKILL: %s", strerror(errno));
	if (reap(pid, "sc-stubborn", SIGKILL, &st))
		return -1;
	expect(MAIN_NAME, main_pid, SIGTERM, "sc-stubborn", pid, " ignored");
	expect(MAIN_NAME, main_pid, SIGKILL, "sc-stubborn", pid, "");
	expect_chld("sc-stubborn", pid, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/*
 * start_gated - fork @name: it blocks and catches @sig, reports ready, waits
 * for a byte on *@go (the parent's end is left in *@go), then unblocks @sig
 * and exits 0 once it had exactly @want deliveries, the last with si_code
 * @code
 */
static pid_t start_gated(const char *name, int sig, int code, int want, int *go)
{
	int rd[2], gp[2];
	pid_t pid;

	if (xpipe(rd))
		return -1;
	if (xpipe(gp)) {
		close_pipe(rd);
		return -1;
	}
	pid = xfork();
	if (pid == 0) {
		sigset_t mask;
		char c;

		close(rd[0]);
		close(gp[1]);
		set_name(name);
		block_signal(sig, SIG_BLOCK);
		catch_signal(sig);
		child_ready(rd[1], NULL, 0);
		if (read_all(gp[0], &c, 1))
			_exit(50);
		pthread_sigmask(SIG_SETMASK, NULL, &mask);
		sigdelset(&mask, sig);
		while (got_count < want)
			sigsuspend(&mask);
		_exit(got_count == want && got_code == code ? 0 : 51);
	}
	close(rd[1]);
	close(gp[0]);
	if (pid > 0 && parent_wait_ready(rd[0], NULL, 0, name))
		pid = -1;
	close(rd[0]);
	if (pid < 0)
		close(gp[1]);
	*go = gp[1];
	return pid;
}

/* release - the word for a gated child, then its end */
static int release(int go, const char *name)
{
	int r = write_all(go, "g", 1);

	close(go);
	return r ? fail("cannot release %s", name) : 0;
}

/* sc-blocker blocks SIGUSR1; sc-main sends it twice: queued, then pending */
static int case_pending(void)
{
	pid_t pid;
	int go, st;

	/* standard signals do not queue: one delivery only */
	pid = start_gated("sc-blocker", SIGUSR1, SI_USER, 1, &go);
	if (pid < 0)
		return -1;
	if (kill(pid, SIGUSR1) || kill(pid, SIGUSR1)) {
		close(go);
		return fail("kill: %s", strerror(errno));
	}
	if (release(go, "sc-blocker") || reap(pid, "sc-blocker", 0, &st))
		return -1;
	expect(MAIN_NAME, main_pid, SIGUSR1, "sc-blocker", pid, "");
	expect(MAIN_NAME, main_pid, SIGUSR1, "sc-blocker", pid, " pending");
	expect_chld("sc-blocker", pid, st, MAIN_NAME, main_pid, 1);
	return 0;
}

struct member_report {
	int idx;
	pid_t pid;
	pid_t pgid;
};

#define MEMBERS 3

/*
 * Member idx (1..3) of the process group: members 1 and 2 catch SIGUSR1,
 * member 3 ignores it (not blocked, so the kernel reports "ignored") and
 * waits for a release byte instead.
 */
static void __attribute__((noreturn)) member_main(int idx, pid_t pgid, int rep_fd, int rel_fd)
{
	struct member_report r;
	char name[16];
	char c;

	snprintf(name, sizeof(name), "sc-member%d", idx);
	set_name(name);
	if (setpgid(0, pgid ? pgid : 0))
		_exit(60);
	r.idx = idx;
	r.pid = getpid();
	r.pgid = getpgid(0);
	if (idx < MEMBERS) {
		close(rel_fd);
		block_signal(SIGUSR1, SIG_BLOCK);
		catch_signal(SIGUSR1);
		child_ready(rep_fd, &r, sizeof(r));
		wait_signal(SIGUSR1);
		_exit(got_count == 1 && got_code == SI_USER ? 0 : 61);
	}
	set_handler(SIGUSR1, SIG_IGN);
	block_signal(SIGUSR1, SIG_UNBLOCK);
	child_ready(rep_fd, &r, sizeof(r));
	if (read_all(rel_fd, &c, 1))
		_exit(62);
	_exit(0);
}

/* sc-leader: create the group of three members, wait for them */
static void __attribute__((noreturn)) leader_main(int rep_fd, int rel_fd)
{
	pid_t m[MEMBERS];
	pid_t pgid = 0;
	int bad = 0;

	set_name("sc-leader");
	for (int i = 0; i < MEMBERS; i++) {
		m[i] = xfork();
		if (m[i] < 0)
			_exit(70);
		if (m[i] == 0)
			member_main(i + 1, pgid, rep_fd, rel_fd);
		/* also set it here, so the group exists for the next fork */
		if (setpgid(m[i], pgid ? pgid : m[i]) && errno != EACCES)
			_exit(71);
		if (!pgid)
			pgid = m[i];
	}
	close(rep_fd);
	close(rel_fd);
	for (int i = 0; i < MEMBERS; i++)
		if (reap(m[i], "member", 0, NULL))
			bad = 1;
	_exit(bad ? 72 : 0);
}

/* sc-main sends SIGUSR1 to the process group of sc-member1..3 */
static int case_pgrp(void)
{
	struct member_report r[MEMBERS + 1];
	int rep[2], rel[2];
	pid_t leader;
	int st;

	if (xpipe(rep))
		return -1;
	if (xpipe(rel)) {
		close_pipe(rep);
		return -1;
	}
	leader = xfork();
	if (leader < 0) {
		close_pipe(rep);
		close_pipe(rel);
		return -1;
	}
	if (leader == 0) {
		close(rep[0]);
		close(rel[1]);
		leader_main(rep[1], rel[0]);
	}
	close(rep[1]);
	close(rel[0]);
	memset(r, 0, sizeof(r));
	for (int i = 0; i < MEMBERS; i++) {
		struct member_report one;

		if (parent_wait_ready(rep[0], &one, sizeof(one), "member") || one.idx < 1 ||
		    one.idx > MEMBERS) {
			close(rep[0]);
			close(rel[1]);
			return -1;
		}
		r[one.idx] = one;
	}
	close(rep[0]);
	for (int i = 1; i <= MEMBERS; i++) {
		if (!r[i].pid || r[i].pgid != r[1].pid) {
			close(rel[1]);
			return fail("bad process group of member %d", i);
		}
	}
	if (kill(-r[1].pid, SIGUSR1)) {
		close(rel[1]);
		return fail("kill(-pgid): %s", strerror(errno));
	}
	if (write_all(rel[1], "r", 1)) {
		close(rel[1]);
		return fail("cannot release sc-member3");
	}
	close(rel[1]);
	if (reap(leader, "sc-leader", 0, &st))
		return -1;
	for (int i = 1; i <= MEMBERS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "sc-member%d", i);
		expect(MAIN_NAME, main_pid, SIGUSR1, name, r[i].pid,
		       i == MEMBERS ? " ignored" : "");
		/* leader exited 0 only if every member exited 0 */
		expect_chld(name, r[i].pid, 0, "sc-leader", leader, 1);
	}
	expect_chld("sc-leader", leader, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/* a short-lived sc-quick kill()s sc-target and exits at once */
static int case_quick(void)
{
	pid_t target, quick;
	int st_t, st_q;

	target = start_receiver("sc-target", SIGUSR1, SI_USER);
	if (target < 0)
		return -1;
	quick = xfork();
	if (quick < 0)
		return -1;
	if (quick == 0) {
		set_name("sc-quick");
		_exit(kill(target, SIGUSR1) ? 1 : 0);
	}
	if (reap(quick, "sc-quick", 0, &st_q) || reap(target, "sc-target", 0, &st_t))
		return -1;
	expect("sc-quick", quick, SIGUSR1, "sc-target", target, "");
	expect_chld("sc-quick", quick, st_q, MAIN_NAME, main_pid, 1);
	expect_chld("sc-target", target, st_t, MAIN_NAME, main_pid, 1);
	return 0;
}

/*
 * sc-parent catches SIGCHLD; its child sc-child exits normally.  Then
 * sc-parent sets SIGCHLD to SIG_IGN and starts sc-chld-ign, whose exit
 * causes no signal_generate event at all (the kernel skips the signal).
 */
static int case_chld(void)
{
	pid_t parent, kids2[2];
	int rd[2];
	int st;

	if (xpipe(rd))
		return -1;
	parent = xfork();
	if (parent < 0) {
		close_pipe(rd);
		return -1;
	}
	if (parent == 0) {
		pid_t c;
		int cst;

		close(rd[0]);
		set_name("sc-parent");
		block_signal(SIGCHLD, SIG_BLOCK);
		catch_signal(SIGCHLD);
		c = xfork();
		if (c < 0)
			_exit(80);
		if (c == 0) {
			set_name("sc-child");
			_exit(0);
		}
		wait_signal(SIGCHLD);
		if (got_count != 1 || got_code != CLD_EXITED || got_pid != c)
			_exit(81);
		if (reap(c, "sc-child", 0, &cst))
			_exit(82);
		kids2[0] = c;

		/* SIG_IGN: the child is auto-reaped, no SIGCHLD is sent */
		set_handler(SIGCHLD, SIG_IGN);
		block_signal(SIGCHLD, SIG_UNBLOCK);
		c = xfork();
		if (c < 0)
			_exit(83);
		if (c == 0) {
			set_name("sc-chld-ign");
			_exit(0);
		}
		/* blocks until the auto-reaped child is gone */
		if (waitpid(c, &cst, 0) != -1 || errno != ECHILD)
			_exit(84);
		kids2[1] = c;
		child_ready(rd[1], kids2, sizeof(kids2));
		_exit(0);
	}
	close(rd[1]);
	if (parent_wait_ready(rd[0], kids2, sizeof(kids2), "sc-parent")) {
		close(rd[0]);
		return -1;
	}
	close(rd[0]);
	if (reap(parent, "sc-parent", 0, &st))
		return -1;
	expect_chld("sc-child", kids2[0], 0, "sc-parent", parent, 0);
	expect_chld("sc-parent", parent, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/* start_timer - SIGALRM in 1 ms (ITIMER_REAL); exit with @code if it cannot */
static void start_timer(int code)
{
	struct itimerval it = {
		.it_interval = { 0, 0 },
		.it_value = { 0, 1000 },
	};

	if (setitimer(ITIMER_REAL, &it, NULL))
		_exit(code);
}

/* an interval timer of sc-alarm expires: SIGALRM with SI_KERNEL */
static int case_alarm(void)
{
	pid_t pid;
	int st;

	pid = xfork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		set_name("sc-alarm");
		block_signal(SIGALRM, SIG_BLOCK);
		catch_signal(SIGALRM);
		start_timer(90);
		wait_signal(SIGALRM);
		_exit(got_count == 1 && got_code == SI_KERNEL ? 0 : 91);
	}
	if (reap(pid, "sc-alarm", 0, &st))
		return -1;
	expect(NULL, 0, SIGALRM, "sc-alarm", pid, " kernel");
	expect_chld("sc-alarm", pid, st, MAIN_NAME, main_pid, 1);
	return 0;
}

struct tworker_arg {
	pid_t victim;
	pid_t tid;
	int go; /* read end of a pipe to wait on before kill(), or -1 */
	int ok;
};

static void *tworker_main(void *p)
{
	struct tworker_arg *arg = p;
	char c;

	set_name("sc-tworker");
	arg->tid = sys_gettid();
	if (arg->go >= 0 && read_all(arg->go, &c, 1))
		return NULL;
	arg->ok = kill(arg->victim, SIGUSR1) == 0;
	return NULL;
}

/*
 * sc-tworker, a thread of process sc-tproc, kill()s sc-tvictim: the sender
 * is the process (the original patch's si_pid), the thread is named after
 */
static int case_thread(void)
{
	struct tworker_arg arg = { 0, 0, -1, 0 };
	char deco[64];
	pid_t victim, proc, tid;
	int rd[2], st_p, st_v;

	victim = start_receiver("sc-tvictim", SIGUSR1, SI_USER);
	if (victim < 0 || xpipe(rd))
		return -1;
	proc = xfork();
	if (proc < 0) {
		close_pipe(rd);
		return -1;
	}
	if (proc == 0) {
		pthread_t th;

		close(rd[0]);
		set_name("sc-tproc");
		arg.victim = victim;
		if (pthread_create(&th, NULL, tworker_main, &arg) || pthread_join(th, NULL))
			_exit(110);
		/* the main thread sends SIGCHLD when it exits last */
		if (wait_thread_gone(arg.tid))
			_exit(111);
		child_ready(rd[1], &arg.tid, sizeof(arg.tid));
		_exit(arg.ok ? 0 : 112);
	}
	close(rd[1]);
	if (parent_wait_ready(rd[0], &tid, sizeof(tid), "sc-tproc")) {
		close(rd[0]);
		return -1;
	}
	close(rd[0]);
	if (reap(proc, "sc-tproc", 0, &st_p) || reap(victim, "sc-tvictim", 0, &st_v))
		return -1;
	snprintf(deco, sizeof(deco), " by sc-tworker/%d", (int)tid);
	expect("sc-tproc", proc, SIGUSR1, "sc-tvictim", victim, deco);
	expect_chld("sc-tproc", proc, st_p, MAIN_NAME, main_pid, 1);
	expect_chld("sc-tvictim", victim, st_v, MAIN_NAME, main_pid, 1);
	return 0;
}

/*
 * sc-timeout is killed by its own timer: SIGALRM with the default action
 * (what `perl -e 'alarm 1; sleep 3'` does). The SIGALRM line is expected
 * although SIGALRM is hidden by default: a fatal signal is never hidden.
 */
static int case_timeout(void)
{
	pid_t pid;
	int st;

	pid = xfork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		set_name("sc-timeout");
		set_handler(SIGALRM, SIG_DFL);
		block_signal(SIGALRM, SIG_UNBLOCK);
		start_timer(120);
		for (;;)
			pause();
	}
	if (reap(pid, "sc-timeout", SIGALRM, &st))
		return -1;
	expect(NULL, 0, SIGALRM, "sc-timeout", pid, " kernel");
	expect_chld("sc-timeout", pid, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/*
 * sc-mworker, a thread of sc-main itself, kill()s sc-mvictim: a test that
 * knows sc-main's pid before it runs (sigftrace record -p PID) selects it
 */
static int case_mthread(void)
{
	struct tworker_arg arg = { 0, 0, -1, 0 };
	char deco[64], c = 'g';
	pthread_t th;
	pid_t victim;
	int go[2], st, r;

	victim = start_receiver("sc-mvictim", SIGUSR1, SI_USER);
	if (victim < 0 || xpipe(go))
		return -1;
	arg.victim = victim;
	arg.go = go[0];
	/*
	 * pthread_create() blocks every signal of the calling thread for a
	 * while: the worker kills only after that, so that the victim's
	 * SIGCHLD does not find SIGCHLD blocked in sc-main (then not "ignored")
	 */
	if (pthread_create(&th, NULL, tworker_main, &arg)) {
		close_pipe(go);
		return fail("cannot start the thread");
	}
	r = write_all(go[1], &c, 1);
	if (pthread_join(th, NULL) || r) {
		close_pipe(go);
		return fail("cannot run the thread");
	}
	close_pipe(go);
	if (!arg.ok)
		return fail("kill: %s", strerror(errno));
	if (wait_thread_gone(arg.tid) || reap(victim, "sc-mvictim", 0, &st))
		return -1;
	snprintf(deco, sizeof(deco), " by sc-tworker/%d", (int)arg.tid);
	expect(MAIN_NAME, main_pid, SIGUSR1, "sc-mvictim", victim, deco);
	expect_chld("sc-mvictim", victim, st, MAIN_NAME, main_pid, 1);
	return 0;
}

static void *idle_thread(void *p)
{
	(void)p;
	set_name("sc-mtidle");
	for (;;)
		pause();
	return NULL;
}

/*
 * sc-mtproc has two more threads; sc-main kills it with SIGKILL: every
 * thread dies, the process once. Whichever thread exits last would send
 * the SIGCHLD: its parent, sc-mtparent, ignores SIGCHLD, so none is sent.
 */
static int case_mtkill(void)
{
	int rd[2];
	pid_t parent, pid;
	int st;

	if (xpipe(rd))
		return -1;
	parent = xfork();
	if (parent < 0) {
		close_pipe(rd);
		return -1;
	}
	if (parent == 0) {
		close(rd[0]);
		set_name("sc-mtparent");
		set_handler(SIGCHLD, SIG_IGN);
		pid = xfork();
		if (pid < 0)
			_exit(141);
		if (pid == 0) {
			pthread_t th;
			int i;

			set_name("sc-mtproc");
			for (i = 0; i < 2; i++) {
				if (pthread_create(&th, NULL, idle_thread, NULL))
					_exit(140);
			}
			pid = getpid();
			child_ready(rd[1], &pid, sizeof(pid));
			for (;;)
				pause();
		}
		/* blocks until the auto-reaped child is gone */
		if (waitpid(pid, &st, 0) != -1 || errno != ECHILD)
			_exit(142);
		_exit(0);
	}
	close(rd[1]);
	if (parent_wait_ready(rd[0], &pid, sizeof(pid), "sc-mtproc")) {
		close(rd[0]);
		return -1;
	}
	close(rd[0]);
	if (kill(pid, SIGKILL))
		return fail("kill SIGKILL: %s", strerror(errno));
	if (reap(parent, "sc-mtparent", 0, &st))
		return -1;
	expect(MAIN_NAME, main_pid, SIGKILL, "sc-mtproc", pid, "");
	expect_chld("sc-mtparent", parent, st, MAIN_NAME, main_pid, 1);
	return 0;
}

static void on_hup(int sig)
{
	(void)sig;
	got_count++;
}

/*
 * sc-hup leads a session on a pty; sc-main closes the pty's master: the
 * kernel, acting for sc-main, sends SIGHUP and SIGCONT to the session leader
 */
static int case_hangup(void)
{
	int rd[2], master;
	char deco[64];
	pid_t pid;
	int st;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master) || !ptsname(master))
		return fail("cannot open a pty: %s", strerror(errno));
	if (xpipe(rd)) {
		close(master);
		return -1;
	}
	pid = xfork();
	if (pid < 0) {
		close(master);
		close_pipe(rd);
		return -1;
	}
	if (pid == 0) {
		int slave;

		close(rd[0]);
		set_name("sc-hup");
		block_signal(SIGHUP, SIG_BLOCK);
		set_handler(SIGHUP, on_hup);
		if (setsid() < 0)
			_exit(150);
		slave = open(ptsname(master), O_RDWR | O_CLOEXEC);
		close(master);
		if (slave < 0 || ioctl(slave, TIOCSCTTY, 0))
			_exit(151);
		child_ready(rd[1], NULL, 0);
		wait_signal(SIGHUP);
		_exit(0);
	}
	close(rd[1]);
	if (parent_wait_ready(rd[0], NULL, 0, "sc-hup")) {
		close(rd[0]);
		close(master);
		return -1;
	}
	close(rd[0]);
	close(master);
	if (reap(pid, "sc-hup", 0, &st))
		return -1;
	snprintf(deco, sizeof(deco), " kernel in %s/%d", MAIN_NAME, (int)main_pid);
	expect(NULL, 0, SIGHUP, "sc-hup", pid, deco);
	/* SIGCONT with SIG_DFL is reported ignored when nothing is stopped */
	snprintf(deco, sizeof(deco), " kernel ignored in %s/%d", MAIN_NAME, (int)main_pid);
	expect(NULL, 0, SIGCONT, "sc-hup", pid, deco);
	/* and again when the session leader exits, to itself, already dying */
	expect(NULL, 0, SIGHUP, "sc-hup", pid, " kernel ignored");
	expect(NULL, 0, SIGCONT, "sc-hup", pid, " kernel ignored");
	expect_chld("sc-hup", pid, st, MAIN_NAME, main_pid, 1);
	return 0;
}

#define FLOOD_N 20

/*
 * sc-main floods one receiver, sc-flooded, with FLOOD_N queued real-time
 * signals within a millisecond: one sender, many signals, one receiver,
 * which is not a broadcast
 */
static int case_flood(void)
{
	union sigval val = { .sival_int = RT_VALUE };
	pid_t pid;
	int go, st, i;

	pid = start_gated("sc-flooded", RT_SIG, SI_QUEUE, FLOOD_N, &go);
	if (pid < 0)
		return -1;
	for (i = 0; i < FLOOD_N; i++) {
		if (sigqueue(pid, RT_SIG, val)) {
			close(go);
			return fail("sigqueue: %s", strerror(errno));
		}
	}
	if (release(go, "sc-flooded") || reap(pid, "sc-flooded", 0, &st))
		return -1;
	for (i = 0; i < FLOOD_N; i++)
		expect(MAIN_NAME, main_pid, RT_SIG, "sc-flooded", pid, " sigqueue");
	expect_chld("sc-flooded", pid, st, MAIN_NAME, main_pid, 1);
	return 0;
}

/* the cases without expectations (seccomp, last) run only when named */
#define NDEFAULT (NCASES - 1)

static const struct {
	const char *name;
	int (*fn)(void);
} cases[] = {
	{ "kill", case_kill },	     { "tgkill", case_tgkill }, { "sigqueue", case_sigqueue },
	{ "segv", case_segv },	     { "pipe", case_pipe },	{ "ignored", case_ignored },
	{ "pending", case_pending }, { "pgrp", case_pgrp },	{ "quick", case_quick },
	{ "chld", case_chld },	     { "alarm", case_alarm },	{ "thread", case_thread },
	{ "timeout", case_timeout }, { "flood", case_flood },	{ "mthread", case_mthread },
	{ "mtkill", case_mtkill },   { "hangup", case_hangup }, { "seccomp", case_seccomp },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void usage(FILE *f)
{
	fputs("usage: scenario [--expect FILE] [CASE...]\n"
	      "cases (all but the last one when none is named):",
	      f);
	for (size_t i = 0; i < NCASES; i++)
		fprintf(f, " %s", cases[i].name);
	fputc('\n', f);
}

static int find_case(const char *name)
{
	for (size_t i = 0; i < NCASES; i++)
		if (!strcmp(cases[i].name, name))
			return (int)i;
	return -1;
}

/* start from a known signal state whatever the caller left us */
static void reset_signals(void)
{
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		signal(sig, SIG_DFL);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	set_handler(SIGALRM, watchdog);
}

int main(int argc, char **argv)
{
	const char *expect_path = NULL;
	int selected[NCASES];
	int nsel = 0, failed = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--expect")) {
			if (++i >= argc) {
				usage(stderr);
				return 2;
			}
			expect_path = argv[i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			int c = find_case(argv[i]);

			if (c < 0) {
				fprintf(stderr, "scenario: unknown case '%s'\n", argv[i]);
				usage(stderr);
				return 2;
			}
			if ((size_t)nsel < NCASES)
				selected[nsel++] = c;
		}
	}
	if (!nsel)
		for (size_t c = 0; c < NDEFAULT; c++)
			selected[nsel++] = (int)c;

	if (expect_path) {
		size_t len = strlen(expect_path) + sizeof(".chld");
		char *chld_path = malloc(len);

		if (!chld_path)
			return 2;
		snprintf(chld_path, len, "%s.chld", expect_path);
		expect_file = fopen(expect_path, "w");
		chld_file = fopen(chld_path, "w");
		if (!expect_file || !chld_file) {
			fprintf(stderr, "scenario: cannot create %s: %s\n",
				expect_file ? chld_path : expect_path, strerror(errno));
			return 2;
		}
		free(chld_path);
	}

	reset_signals();
	if (prctl(PR_SET_NAME, MAIN_NAME, 0, 0, 0)) {
		perror("scenario: prctl");
		return 2;
	}
	main_pid = getpid();
	alarm(WATCHDOG_SECS);

	for (i = 0; i < nsel; i++) {
		cur_case = cases[selected[i]].name;
		got_count = 0;
		if (cases[selected[i]].fn()) {
			kill_kids();
			failed++;
		}
	}
	cur_case = "-";
	alarm(0);

	if (expect_file && (fclose(expect_file) | fclose(chld_file))) {
		perror("scenario: writing expectations");
		return 2;
	}
	if (failed) {
		fprintf(stderr, "scenario: %d case(s) failed\n", failed);
		return 1;
	}
	return 0;
}
