/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-session - stopping a tracing session from signals: the first SIGINT,
 * SIGTERM or SIGHUP (unless it asks to reopen) turns tracing off (one write(2), async-signal-safe) and
 * asks the main loop to stop; a second one asks it to abort at once.
 */
#ifndef SF_SESSION_H
#define SF_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "sf-filter.h"
#include "sf-tracefs.h"

/**
 * sf_session_ready() - the command layer's tracefs check: reports what is
 * wrong (message and hint) and returns -1, or returns 0
 */
int sf_session_ready(void);

/**
 * sf_session_prepare() - before a live session: the filter @f resolved
 * against this machine's signals, then the tracefs check
 * Return: SF_EXIT_OK to go on, or the exit status after reporting why not.
 */
int sf_session_prepare(struct sf_filter *f);

/**
 * sf_session_start() - install the handlers for @t
 * Return: a file descriptor that becomes readable on every handled signal
 * (including SIGCHLD), or -1.
 */
int sf_session_start(struct sf_trace *t);

/*
 * sf_session_hup_reloads() - before sf_session_start(): SIGHUP asks to
 * reopen the outputs (sf_session_reload()) instead of stopping: a service
 * (logrotate, a restarted journald)
 */
void sf_session_hup_reloads(bool on);

/* a SIGHUP asked to reopen since the last call (clears it) */
bool sf_session_reload(void);

/* the signal that asked to stop (0: none yet) */
int sf_session_stop_signal(void);
bool sf_session_aborted(void);
/* the flag a second stop signal sets, for work that checks it as it goes */
const volatile sig_atomic_t *sf_session_abort_flag(void);

/* empty the wake-up pipe: the next signal wakes the loop again */
void sf_session_rearm(void);

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
