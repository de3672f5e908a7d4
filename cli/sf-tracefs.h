/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-tracefs - the only code that writes to tracefs.
 *
 * Everything happens in sigftrace's own instance (sigftrace-<pid> unless
 * named): the top-level instance, the function-tracer files (set_ftrace_*,
 * EPERM on some kernels) and global knobs (saved_cmdlines_size,
 * tracepoint_printk) are never written.
 */
#ifndef SF_TRACEFS_H
#define SF_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

#include <tracefs.h>

#include "sf-filter.h"

struct sf_trace_conf {
	const char *clock; /* trace_clock, e.g. "mono" */
	unsigned int buffer_kb; /* per CPU, 0 = leave the kernel's default */
	int buffer_percent; /* wake-up watermark, -1 = leave */
	bool deliver; /* enable signal:signal_deliver */
};

struct sf_trace {
	struct tracefs_instance *inst;
	struct tep_handle *tep; /* formats of the enabled systems */
	char *name;
	int ncpus;
	int trace_on_fd; /* opened early: turning tracing off from a signal handler */
	bool have_task; /* task:task_newtask and task:task_rename enabled */
	bool have_exit; /* sched:sched_process_exit enabled */
	bool owned; /* created by us: removed by sf_trace_destroy() */
};

/**
 * sf_trace_page_size() - size of the instance's ring-buffer pages (what one
 * read of trace_pipe_raw returns), from its events/header_page
 */
static inline unsigned int sf_trace_page_size(const struct sf_trace *t)
{
	return (unsigned int)tep_get_page_size(t->tep);
}

/**
 * sf_trace_long_size() - the kernel's long (4 or 8), from events/header_page:
 * the size of a page header's commit field, whatever our own long is
 */
static inline int sf_trace_long_size(const struct sf_trace *t)
{
	return tep_get_long_size(t->tep);
}

/**
 * sf_tracefs_ready() - check we can trace: root, tracefs mounted (mounted if
 * possible), instances supported
 * Return: 0, or -1 with a message and a hint.
 */
int sf_tracefs_ready(char *err, size_t errsz, char *hint, size_t hintsz);

/**
 * sf_trace_create() - create the instance with tracing off
 * @name: instance name; NULL for "sigftrace-<pid>"
 *
 * An instance that already exists is never adopted.
 * Return: 0, or -1 with a message in @err.
 */
int sf_trace_create(struct sf_trace *t, const char *name, char *err, size_t errsz);

/**
 * sf_trace_open() - an instance that already exists (a boot-time one)
 * @name: instance name, or NULL for the top-level buffer (read only)
 *
 * sf_trace_destroy() then releases it without removing it.
 * Return: 0, or -1 with a message in @err.
 */
int sf_trace_open(struct sf_trace *t, const char *name, char *err, size_t errsz);

/**
 * sf_trace_raw_open() - per_cpu/cpuN/trace_pipe_raw of @t, non-blocking
 * Return: the fd, or -1 with errno.
 */
int sf_trace_raw_open(struct sf_trace *t, int cpu);

/**
 * sf_trace_enable_names() - enable the task events that name senders in an
 * existing instance (boot instances may have been started without them)
 */
void sf_trace_enable_names(struct sf_trace *t);

/**
 * sf_trace_setup() - buffer size, clock, watermark, filters, signal_generate
 * @f: finalized filter, applied to the signal events in the kernel
 * Return: 0, or -1 with a message in @err (for a rejected filter the
 * kernel's own error_log line).
 */
int sf_trace_setup(struct sf_trace *t, const struct sf_trace_conf *conf, struct sf_filter *f,
		   char *err, size_t errsz);

/**
 * sf_trace_enable_rest() - the events after signal_generate: signal_deliver,
 * the task events that name senders, sched_process_exit
 *
 * sf_trace_setup() enables only signal_generate (with every filter already
 * applied), so that tracing can start as early as possible; enabling an
 * event costs milliseconds each. Called right after sf_trace_on().
 * Return: 0, or -1 with a message in @err.
 */
int sf_trace_enable_rest(struct sf_trace *t, const struct sf_trace_conf *conf, char *err,
			 size_t errsz);

int sf_trace_on(struct sf_trace *t);
int sf_trace_off(struct sf_trace *t);

/* Async-signal-safe: a single write(2) on an fd opened beforehand. */
void sf_trace_off_async(struct sf_trace *t);

/**
 * sf_trace_cpu_stats() - the contents of per_cpu/cpuN/stats and its loss counters
 * @text: malloc'ed contents, or NULL if not wanted
 * Return: 0 or -1.
 */
int sf_trace_cpu_stats(struct sf_trace *t, int cpu, char **text, unsigned long long *overrun,
		       unsigned long long *dropped);

/**
 * sf_trace_destroy() - remove the instance (every reader must be closed)
 */
void sf_trace_destroy(struct sf_trace *t);

/**
 * sf_trace_reset() - remove sigftrace-<pid> instances whose pid is dead
 * @removed: callback called with each removed instance name
 * Return: number removed, or -1 with a message in @err.
 */
int sf_trace_reset(void (*removed)(const char *name, void *ctx), void *ctx, char *err,
		   size_t errsz);

/**
 * sf_stats_parse() - sum the loss counters of a per_cpu stats text
 * @overrun: "overrun:" + "commit overrun:" (overwritten in overwrite mode)
 * @dropped: "dropped events:" (refused in non-overwrite mode)
 */
void sf_stats_parse(const char *text, unsigned long long *overrun, unsigned long long *dropped);

#endif /* SF_TRACEFS_H */
