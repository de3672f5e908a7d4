/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-session - stopping a tracing session from signals: the first SIGINT,
 * SIGTERM or SIGHUP turns tracing off (one write(2), async-signal-safe) and
 * asks the main loop to stop; a second one asks it to abort at once.
 */
#ifndef SF_SESSION_H
#define SF_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "sf-tracefs.h"

/**
 * sf_session_ready() - the command layer's tracefs check: reports what is
 * wrong (message and hint) and returns -1, or returns 0
 */
int sf_session_ready(void);

/**
 * sf_session_filter_opt() - sf_filter_option() for a command's getopt loop:
 * reports a bad value as a usage error
 * Return: 1 taken, 0 not a filter option, -1 bad value (reported).
 */
int sf_session_filter_opt(struct sf_filter *f, int opt, const char *arg);

/**
 * sf_session_start() - install the handlers for @t
 * Return: a file descriptor that becomes readable on every handled signal
 * (including SIGCHLD), or -1.
 */
int sf_session_start(struct sf_trace *t);

/* the signal that asked to stop (0: none yet) */
int sf_session_stop_signal(void);
bool sf_session_aborted(void);

/* drain the wake-up pipe */
void sf_session_drain(void);

/**
 * sf_session_run() - fork and exec @argv with default signal handling
 * @exec_err_fd: a pipe that yields the child's errno if exec failed
 * Return: the child's pid, or -1.
 */
pid_t sf_session_run(char **argv, int *exec_err_fd);

/**
 * sf_session_reap() - the session was stopped while @child runs: pass the
 * stop signal on and wait for it; a second Ctrl-C kills it (SIGKILL)
 * Return: its wait status.
 */
int sf_session_reap(pid_t child);

/**
 * sf_session_exec_failed() - after the child is gone: did its exec fail?
 * Reports the error, closes @exec_err_fd. Return: true if it failed.
 */
bool sf_session_exec_failed(int exec_err_fd, const char *cmd);

/* back to default handlers (in a child before exec, or at the end) */
void sf_session_end(void);

#endif /* SF_SESSION_H */
