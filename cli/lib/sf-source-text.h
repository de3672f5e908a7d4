/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-source-text - signal events from text traces, for devices without sigftrace.
 *
 * Two kinds of text are read, line by line, and may even be mixed in one file:
 *
 * ftrace output: `cat trace` or `trace_pipe` of any instance, also
 *   `trace-cmd report` text and an ftrace_dump() in a console log.
 *   "  TASK-PID  [(TGID)] [CPU] [FLAGS] SECS.USECS: EVENT: ARGS", with the
 *   record-tgid and irq-info options in any state, and the latency-format
 *   ("TASK-PID CPU FLAGS USECSus: EVENT: ARGS"). The TASK column is split on
 *   the last '-' before the CPU column, so comms with spaces and dashes work.
 *   The sender is the TASK-PID (common_pid). Its name comes, best first, from:
 *   the event's own receiver comm when a task signals itself; the last
 *   task:task_newtask / task:task_rename of that pid seen so far (exact at the
 *   time of the event); the TASK column (the kernel's pid->comm cache at READ
 *   time, and "<...>" when evicted); the comm= of an earlier signal_generate
 *   or sched_process_exit naming that pid. The TASK column is never used on
 *   lines in the "last boot" format of a persistent ring buffer (values as
 *   "0xa (10)"): the kernel would look such a pid up in the CURRENT boot.
 *
 * Console logs with tp_printk: "[    2.568802] signal_generate: sig=15 ...",
 *   from dmesg (also -r, -x, -T), a serial console, syslog or the journal.
 *   Anything before the event name is ignored except the last "[SECS.USECS]"
 *   timestamp and, with CONFIG_PRINTK_CALLER, the caller "[     T85]" (or
 *   /dev/kmsg records "4,1234,2568802,-,caller=T85;..."). tp_printk prints
 *   only the event's own fields, so without a caller id the sender (and the
 *   receiver of a signal_deliver) is unknown: sender_unknown is set.
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_SOURCE_TEXT_H
#define SF_SOURCE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-event.h"
#include "sf-names.h"
#include "sigftrace-render.h"

/* Longest line handled, without its newline; longer lines are skipped. */
#define SF_TEXT_LINE_MAX 4096

enum sf_text_type {
	SF_TEXT_SIGNAL, /* signal:signal_generate or signal:signal_deliver */
	SF_TEXT_EXIT, /* sched:sched_process_exit */
};

/*
 * One event of a text trace. Pointers are valid only during the callback.
 *
 * @ts: nanoseconds from the line's timestamp; 0 when the line has none
 *	(dmesg -T, a journal without monotonic time). A non-ns trace clock
 *	(counter, x86-tsc) gives the raw counter; the latency-format gives
 *	microseconds since the buffer started, times 1000.
 * @sig: for SF_TEXT_SIGNAL, decoded as sigftrace_decode() would: generate:
 *	sender_pid = TASK pid, pid/comm = receiver, group/result -1 when the
 *	line lacks them (old kernels); deliver: pid = sender_pid = TASK pid.
 *	ctx comes from the flags column (task context when it is absent).
 *	Unknown pids (console lines) are -1.
 * @sender_comm: the sender's name (the receiver's for deliver), NULL if
 *	unknown: sigftrace_format() then prints "<...>".
 * @sender_tgid, @sender_pcomm, @receiver_tgid, @receiver_pcomm: the
 *	processes of the sender (deliver: the receiver) and of the receiver,
 *	where the text tells (the record-tgid column, task_newtask's
 *	clone_flags): 0 when unknown, the name NULL when unknown or the task
 *	is the process's main thread; @exit_tgid likewise for an exit
 * @sender_unknown: no sender pid at all (console lines without a caller id;
 *	for deliver lines no receiver either). Render such events with
 *	the shared renderer, which prints "(unknown)" for a negative pid.
 */
struct sf_text_event {
	unsigned long long ts;
	int cpu; /* -1 if unknown (console) */
	enum sf_text_type type;
	struct sigftrace_sig sig; /* SF_TEXT_SIGNAL */
	const char *sender_comm;
	const char *sender_pcomm;
	const char *receiver_pcomm;
	int sender_tgid;
	int receiver_tgid;
	bool sender_unknown;
	int exit_pid; /* SF_TEXT_EXIT */
	int exit_tgid; /* SF_TEXT_EXIT */
	const char *exit_comm; /* SF_TEXT_EXIT */
};

/**
 * sf_text_detect() - does @path hold a text trace?
 * @path: file to look at
 *
 * A text trace has at least one line that is an ftrace event line (any
 * event), or a console line with a signal, task or sched_process_exit event
 * whose fields decode, or ftrace's "# tracer: " header (an empty trace is
 * still a trace). A trace.dat (magic 0x17 0x08 0x44 "tracing") and files
 * whose first block is mostly NUL bytes are never text traces. The file is
 * read up to the first such line.
 *
 * Return: 1 if it is a text trace, 0 if not, -1 if it cannot be read (errno).
 */
int sf_text_detect(const char *path);

/**
 * sf_text_read() - read the events of a text trace in file order
 * @path: the file
 * @cb: called for each event; a non-zero return stops the read
 * @ctx: passed to @cb
 * @err: message on failure ("cannot read FILE: ...")
 * @errsz: size of @err
 *
 * Lines that are not events, over-long lines and events whose fields do not
 * decode are skipped. task_newtask and task_rename only name senders.
 *
 * Return: 0 (also when @cb stopped it), or -1 with errno set and @err filled.
 */
int sf_text_read(const char *path, int (*cb)(const struct sf_text_event *ev, void *ctx), void *ctx,
		 char *err, size_t errsz);

/**
 * sf_text_signal() - a signal event as the pipeline's struct sf_signal (its
 * names point into @ev's, valid during the callback): a task is taken as
 * its own process where the text does not say which process it belongs to
 */
void sf_text_signal(const struct sf_text_event *ev, struct sf_signal *sig);

/**
 * sf_text_exit() - who an exit event's task was; a text trace tells no
 * group_dead: the main thread's exit ends the process
 */
void sf_text_exit(const struct sf_text_event *ev, struct sf_exit_who *who);

#endif /* SF_SOURCE_TEXT_H */
