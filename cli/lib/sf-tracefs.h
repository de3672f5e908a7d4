/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-tracefs - the only caller of libtracefs: instances, event formats,
 * filters, buffer settings, markers (trace_marker), clearing a buffer,
 * statistics and the per-CPU ring buffers' files (read by sf-ring).
 *
 * Everything happens in sigftrace's own instance (sigftrace-<pid> unless
 * named) or in a boot-time one that is opened, never created: the top-level
 * instance, the function-tracer files (set_ftrace_*, EPERM on some kernels)
 * and global knobs (saved_cmdlines_size, tracepoint_printk) are never
 * written.
 */
#ifndef SF_TRACEFS_H
#define SF_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

#include <tracefs.h>

#include "sf-util.h"

struct sf_trace_conf {
	const char *clock; /* trace_clock, e.g. "mono"; NULL: leave it */
	unsigned int buffer_kb; /* per CPU, 0 = leave the kernel's default */
	int buffer_percent; /* wake-up watermark, -1 = leave */
	bool deliver; /* enable signal:signal_deliver */
	bool signal_first; /* setup parses the signal formats, enable_rest the others */
};

struct sf_trace {
	struct tracefs_instance *inst;
	struct tep_handle *tep; /* formats of the enabled systems */
	char *name;
	int ncpus;
	int trace_on_fd; /* opened early: turning tracing off from a signal handler */
	bool have_task; /* task:task_newtask and task:task_rename enabled */
	bool have_exit; /* sched:sched_process_exit enabled */
	bool have_attrib; /* exec, cgroup attach and OOM victim events enabled (where they exist) */
	bool owned; /* created by us: removed by sf_trace_destroy() */
	bool formats_due; /* the formats of the events after the signals not parsed yet */
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
 * sf_trace_clock_sample() - the instance's trace clock now (a clock that
 * counts nanoseconds) and CLOCK_MONOTONIC at the same moment: the middle
 * of the read of per_cpu/cpu0/stats that tells the trace clock's time
 * (the kernel shows microseconds)
 * Return: 0, or -1 with errno.
 */
int sf_trace_clock_sample(struct sf_trace *t, unsigned long long *trace_ns,
			  unsigned long long *mono_ns);

/**
 * sf_trace_enable_names() - enable the task events that name senders in an
 * existing instance (boot instances may have been started without them)
 */
void sf_trace_enable_names(struct sf_trace *t);

/**
 * sf_trace_setup() - buffer size, clock, watermark, and the formats of the
 * events sigftrace reads (t->tep); with @conf->signal_first only those of
 * the signal events, the others then come with sf_trace_enable_rest()
 * Return: 0, or -1 with a message in @err.
 */
int sf_trace_setup(struct sf_trace *t, const struct sf_trace_conf *conf, char *err, size_t errsz);

/**
 * sf_trace_filter() - apply the kernel filter @str ("" for none) to
 * signal:@event
 * Return: 0, or -1 with a message in @err: for a rejected filter, the
 * kernel's own reason from the instance's error_log.
 */
int sf_trace_filter(struct sf_trace *t, const char *event, const char *str, char *err,
		    size_t errsz);

/**
 * sf_trace_enable() - enable @sys:@event
 * Return: 0, or -1 with a message in @err.
 */
int sf_trace_enable(struct sf_trace *t, const char *sys, const char *event, char *err,
		    size_t errsz);

/**
 * sf_trace_enable_rest() - the events after signal_generate: signal_deliver,
 * the task events that name senders, sched_process_exit
 *
 * Only signal_generate is enabled before tracing starts (with every filter
 * already applied), so that tracing can start as early as possible;
 * enabling an event costs milliseconds each. Called right after
 * sf_trace_on(); first parses the formats sf_trace_setup() left for later.
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
 * sf_trace_exists() - an instance called @name exists
 */
bool sf_trace_exists(const char *name);

/**
 * sf_trace_file_read() - the whole contents of one of @t's files
 * @t: the instance, or NULL for the top level (read only)
 * @file: relative to the instance ("trace_clock", "events/header_page")
 * @len: set to the length (may be NULL)
 * Return: malloc'ed NUL-terminated text, or NULL with errno.
 */
char *sf_trace_file_read(struct sf_trace *t, const char *file, size_t *len);

/**
 * sf_trace_format_read() - the format file of event @sys:@event in @t
 * Return: malloc'ed text (length in @len), or NULL with errno.
 */
char *sf_trace_format_read(struct sf_trace *t, const char *sys, const char *event, size_t *len);

/**
 * sf_trace_is_on() - tracing_on of @t
 * Return: 1, 0, or -1 with errno if it cannot be read.
 */
int sf_trace_is_on(struct sf_trace *t);

/**
 * sf_trace_cpu_buffer_kb() - per_cpu/cpuN/buffer_size_kb (the data of the
 * pages, without their headers), 0 if unknown
 */
unsigned long long sf_trace_cpu_buffer_kb(struct sf_trace *t, int cpu);

/**
 * sf_trace_load_cmdlines() - the kernel's comm cache (the top level's
 * saved_cmdlines, only read) into @t's formats, for names of live pids
 */
void sf_trace_load_cmdlines(struct sf_trace *t);

/**
 * sf_trace_clear() - empty @t's ring buffer (its trace file)
 * Return: 0, or -1 with errno.
 */
int sf_trace_clear(struct sf_trace *t);

/**
 * sf_trace_mark() - write one line into @t's buffer through its
 * trace_marker: an ftrace:print event whose buf is @fmt's text
 *
 * The marker stays open until sf_trace_mark_close() or sf_trace_destroy().
 * Return: 0, or -1 with errno.
 */
int sf_trace_mark(struct sf_trace *t, const char *fmt, ...) SF_PRINTF(2, 3);
void sf_trace_mark_close(struct sf_trace *t);

/**
 * sf_trace_destroy() - remove the instance (every reader must be closed)
 */
void sf_trace_destroy(struct sf_trace *t);

/**
 * sf_trace_name_ok() - @name can name an instance: not empty, no '/', not
 * "." or ".."
 */
bool sf_trace_name_ok(const char *name);

/**
 * sf_trace_reset() - remove the sigftrace-<pid> instances (and the
 * sigftrace-<pid>-on of a recording's --on-signal, the sigftrace-<pid>-start
 * of a launch) whose sigftrace is gone:
 * no process has that pid, or the process that has it now is not a
 * sigftrace (its comm and its argv[0] do not start with "sigftrace": the pid
 * was used again after a crash)
 * @done: called for each such instance: @error 0 when it was removed, else
 *	why it could not be (EBUSY: a process holds one of its files); the
 *	others are tried all the same
 * Return: number removed, or -1 with a message in @err.
 */
int sf_trace_reset(void (*done)(const char *name, int error, void *ctx), void *ctx, char *err,
		   size_t errsz);

#endif /* SF_TRACEFS_H */
