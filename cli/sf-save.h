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
#include "sf-util.h"

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
/*
 * "sigftrace-boot BOOT_ID EVENT UNIX_TIME": persist armed tracing (EVENT
 * "armed") or 'persist --mark' ran at the start of shutdown ("shutdown"),
 * followed by one "sigftrace-overrun CPU N" per CPU: the events the kernel
 * had overwritten by then, a count that does not survive the reboot.
 * These too are left out of the file, whose SIGFTRACE option says it all.
 */
#define SF_BOOT_MARKER "sigftrace-boot "
#define SF_OVERRUN_MARKER "sigftrace-overrun "

/*
 * What a previous boot's buffer says about that boot, from its markers and
 * its pages; stored in the file (the SIGFTRACE option) by persist.
 */
struct sf_boot_info {
	unsigned long long armed; /* unix time tracing was armed; 0: not in the buffer */
	unsigned long long shutdown; /* unix time of the shutdown mark; 0: none */
	unsigned long long overrun; /* events overwritten by the shutdown mark */
	unsigned long long complete_from; /* trace time (ns) from which no event is missing */
	unsigned long long saved; /* unix time the file was saved */
	char boot_id[40]; /* the traced boot (its /proc/sys/kernel/random/boot_id), or "" */
	char saved_by[40]; /* the boot that saved it */
	int armed_cpu; /* the CPU whose buffer holds the "armed" marker, -1 */
	bool has_overrun; /* overrun is known */
	bool wrapped; /* the oldest events of at least one CPU were overwritten */
};

struct sf_save_result {
	unsigned long long events; /* every record in the file */
	unsigned long long signals; /* signal_generate records in the file */
	unsigned long long dropped; /* records left out of the file (filter, markers) */
	unsigned long long lost; /* overrun + dropped of every CPU, + overwritten */
	unsigned long long overwritten; /* persist: overwritten before the reboot (at least) */
	struct sf_boot_info boot; /* persist: the previous boot */
	char warning[320]; /* "" or why the counts above are partial (the file is complete) */
};

/**
 * sf_boot_info_take() - one trace_marker line (ftrace:print buf, @len bytes)
 * written on @cpu: the boot and overrun markers update @b
 */
void sf_boot_info_take(struct sf_boot_info *b, int cpu, const char *buf, size_t len);

/* sf_boot_info_marker() - the line is a boot or an overrun marker */
bool sf_boot_info_marker(const char *buf, size_t len);

/**
 * sf_boot_info_text() - @b as "key=value" lines (the file's SIGFTRACE option)
 * Return: malloc'ed text.
 */
char *sf_boot_info_text(const struct sf_boot_info *b);

/**
 * sf_boot_info_parse() - read what sf_boot_info_text() wrote (unknown keys
 * are skipped)
 */
void sf_boot_info_parse(const char *text, struct sf_boot_info *b);

/**
 * sf_boot_info_describe() - "ID (tracing armed DATE, shutdown began DATE,
 * saved DATE)" for messages
 */
void sf_boot_info_describe(const struct sf_boot_info *b, struct sf_buf *out);

/**
 * sf_boot_id() - this boot's id (/proc/sys/kernel/random/boot_id) into
 * @id (40 bytes), "" if unknown
 */
void sf_boot_id(char *id);

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
 * A first pass over the pages finds the name each pid had before its first
 * event (see sf_comms_note_first()), its process and whether it is a kernel
 * thread from the markers (see sf_comms_note_task()) and, from the boot
 * markers and the pages' fill, what a previous boot's buffer says about
 * that boot (@res->boot). A second one, in time order from there, counts
 * the events, stores each sender's name as it was at its first signal in
 * the file's saved_cmdlines (all trace-cmd has for names), turns the
 * signals @filter rejects and sigftrace's markers into padding, as the
 * kernel does with events its filter discards, and keeps what saved_cmdlines
 * cannot say (threads' processes, kernel threads: @start_names, or what the
 * first pass found) in the file's tasks option. The pages must be in
 * writable files.
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
 * sf_save_mark() - what the next boot needs to know about this one, into
 * @t's (persistent) buffer: the boot marker (@event "armed" or "shutdown"),
 * the kernel's overrun count of each CPU, and the name of every task alive
 * (kernel threads flagged), so that a buffer that wraps before the reboot
 * still names the shutdown's actors and says what it lost
 * Return: name markers written, or -1 with errno.
 */
int sf_save_mark(struct sf_trace *t, const char *event);

/**
 * sf_comms_live() - the names of the running system: every task in /proc,
 * then the kernel's saved_cmdlines for the ones already gone
 */
struct sf_comms *sf_comms_live(void);

#endif /* SF_SAVE_H */
