/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-save - ring-buffer pages to a trace.dat file, shared by record,
 * extract (boot-time buffers) and persist (the previous boot's buffer).
 */
#ifndef SF_SAVE_H
#define SF_SAVE_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-comm.h"
#include "sf-tracefs.h"

struct sf_save_result {
	unsigned long long events; /* every record in the file */
	unsigned long long signals; /* signal_generate records in the file */
	unsigned long long dropped; /* records the filter left out of the file */
	unsigned long long lost; /* overrun + dropped of every CPU */
};

/*
 * Prefixes of the trace_marker lines that carry names through a buffer that
 * outlives sigftrace (persist: to the next boot): "PID COMM" of a task and of
 * a kernel thread, "TID TGID" of a thread that is not its process's main one.
 * sf_save_dat() keeps what they say in the file's saved_cmdlines and tasks
 * option, and leaves the markers themselves out of the file.
 */
#define SF_COMM_MARKER "sigftrace-comm "
#define SF_KTHREAD_MARKER "sigftrace-kthread "
#define SF_THREAD_MARKER "sigftrace-thread "

/**
 * sf_save_tmpfile() - an unnamed temporary file next to @output
 * (O_TMPFILE; /tmp only where the filesystem lacks O_TMPFILE)
 */
int sf_save_tmpfile(const char *output);

/**
 * sf_save_drain() - append everything left in one CPU's buffer to @out_fd,
 * a whole page per read, the partly filled last page included
 * @raw_fd: the CPU's trace_pipe_raw, opened non-blocking
 * Return: pages written, or -1 with errno.
 */
long sf_save_drain(int raw_fd, int out_fd, size_t page_size);

/**
 * sf_save_dat() - write the pages of every CPU as a trace.dat v6 file
 * @t: the instance the pages came from (formats, stats, clock)
 * @cpu_fds: one file of raw pages per CPU (t->ncpus of them)
 * @page_size: ring-buffer page size
 * @start_names: pid -> comm (and process, kernel threads) of the tasks alive
 *	when recording started, or NULL when the pages come from another boot
 *	(then only the task events and the markers in the pages name them)
 * @filter: the selection the kernel could not make (processes, names), or
 *	NULL to keep every event
 * @output: the file, written atomically
 * @res: counters
 *
 * One pass over the pages in time order counts the events, stores each
 * sender's name as it was at its first signal in the file's saved_cmdlines
 * (all trace-cmd has for names), turns the signals @filter rejects and the
 * name markers into padding, as the kernel does with events its filter
 * discards, and keeps what the markers and @start_names know that
 * saved_cmdlines cannot say (threads' processes, kernel threads) in the
 * file's tasks option. The pages must be in writable files.
 * Return: 0, or -1 with a message in @err.
 */
int sf_save_dat(struct sf_trace *t, const int *cpu_fds, size_t page_size,
		struct sf_comms *start_names, const struct sf_filter *filter, const char *output,
		struct sf_save_result *res, char *err, size_t errsz);

/**
 * sf_save_instance() - drain every CPU of an existing instance (consuming
 * its buffer) and save the pages with sf_save_dat()
 * Return: 0 when saved, 1 when the buffer held nothing (no file is
 * written), -1 with a message in @err.
 */
int sf_save_instance(struct sf_trace *t, struct sf_comms *start_names, const char *output,
		     struct sf_save_result *res, char *err, size_t errsz);

/**
 * sf_save_markers() - write what @c knows of every task into @t's buffer as
 * markers (persist: for a reader in the next boot)
 * Return: markers written, or -1.
 */
int sf_save_markers(struct sf_trace *t, const struct sf_comms *c);

/**
 * sf_comms_live() - the names of the running system: every task in /proc,
 * then the kernel's saved_cmdlines for the ones already gone
 */
struct sf_comms *sf_comms_live(void);

#endif /* SF_SAVE_H */
