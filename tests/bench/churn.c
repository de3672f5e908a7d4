// SPDX-License-Identifier: GPL-2.0
/*
 * churn - the load of a long-running machine compressed into minutes, for the
 * soak of `sigftrace stream` (tests/bench/soak.sh): processes and threads are
 * born, named, signalled and die, so that pids are used again and again.
 *
 * Usage:
 *   churn SECONDS
 *	Until SECONDS have passed, fork a child after another. Each child
 *	takes one of 1000 names (churn-000..churn-999), raises SIGUSR1 (caught)
 *	and SIGUSR2 (ignored); every fourth starts a thread that sends its
 *	process SIGUSR1 with tgkill; then the child either exits, or (every
 *	third) raises SIGTERM and dies of it, or (every fifth) waits until the
 *	parent kills it with SIGKILL. Prints one line:
 *	  processes=N threads=T seconds=S
 *
 * Any error makes churn exit non-zero; a child that outlives its parent is
 * killed by PR_SET_PDEATHSIG.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

static void on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *thread_main(void *arg)
{
	pid_t pid = getpid();

	(void)arg;
	prctl(PR_SET_NAME, "churn-thread");
	syscall(SYS_tgkill, pid, pid, SIGUSR1);
	return NULL;
}

/* child - the life of child number @n; @ready: write end of the parent's pipe */
static void child(unsigned long n, int ready)
{
	struct sigaction sa;
	pthread_t th;
	char name[16];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	snprintf(name, sizeof(name), "churn-%03lu", n % 1000);
	prctl(PR_SET_NAME, name);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) || signal(SIGUSR2, SIG_IGN) == SIG_ERR)
		_exit(2);
	raise(SIGUSR1);
	raise(SIGUSR2);
	if (n % 4 == 0) {
		if (pthread_create(&th, NULL, thread_main, NULL) || pthread_join(th, NULL))
			_exit(2);
	}
	if (n % 5 == 0) {
		/* the parent kills it */
		if (write(ready, "", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	if (n % 3 == 0)
		raise(SIGTERM);
	_exit(0);
}

int main(int argc, char **argv)
{
	unsigned long n = 0, threads = 0;
	double start, secs;
	int pfd[2], st;
	char *end;
	pid_t pid;
	char c;

	if (argc != 2 || (secs = strtod(argv[1], &end)) <= 0 || *end) {
		fprintf(stderr, "usage: churn SECONDS\n");
		return 2;
	}
	if (pipe(pfd)) {
		perror("churn: pipe");
		return 1;
	}
	start = now();
	while (now() - start < secs) {
		pid = fork();
		if (pid < 0) {
			perror("churn: fork");
			return 1;
		}
		if (!pid)
			child(n, pfd[1]);
		if (n % 5 == 0) {
			if (read(pfd[0], &c, 1) != 1 || kill(pid, SIGKILL)) {
				perror("churn: kill");
				return 1;
			}
		}
		if (waitpid(pid, &st, 0) != pid) {
			perror("churn: waitpid");
			return 1;
		}
		if (WIFEXITED(st) && WEXITSTATUS(st)) {
			fprintf(stderr, "churn: child %lu failed\n", n);
			return 1;
		}
		threads += n % 4 == 0;
		n++;
	}
	printf("processes=%lu threads=%lu seconds=%.1f\n", n, threads, now() - start);
	return 0;
}
