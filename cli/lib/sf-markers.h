/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-markers - the marker protocol: the lines sigftrace writes into a ring
 * buffer through trace_marker (ftrace:print events) for a reader in another
 * boot, how they are parsed, and what a previous boot's buffer says about
 * that boot.
 *
 * A persistent buffer outlives sigftrace and the boot: the kernel's comm
 * cache and /proc belong to the next boot when it is read. So persist
 * writes, when it arms tracing and ('persist --mark') at the start of
 * shutdown:
 *   "sigftrace-boot BOOT_ID EVENT UNIX_TIME"   EVENT "armed" or "shutdown"
 *   "sigftrace-overrun CPU N"                  after a shutdown mark, one per
 *                                              CPU: the events the kernel had
 *                                              overwritten (gone after reboot)
 *   "sigftrace-comm PID COMM"                  every task alive
 *   "sigftrace-kthread PID COMM"               the same, a kernel thread
 *   "sigftrace-thread TID TGID"                a thread not its process's main
 * The writer is sf_names_mark() (the names it writes are the names stage's);
 * saving a buffer keeps what the markers say in the file's saved_cmdlines,
 * its tasks option and sigftrace's own option (sf_boot_info_text()), and
 * leaves the markers themselves out of the file.
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_MARKERS_H
#define SF_MARKERS_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-util.h"
#include "sigftrace-render.h"

#define SF_COMM_MARKER "sigftrace-comm "
#define SF_KTHREAD_MARKER "sigftrace-kthread "
#define SF_THREAD_MARKER "sigftrace-thread "
#define SF_BOOT_MARKER "sigftrace-boot "
#define SF_OVERRUN_MARKER "sigftrace-overrun "

enum sf_marker_type {
	SF_MARKER_NONE, /* not one of sigftrace's */
	SF_MARKER_COMM, /* pid, comm */
	SF_MARKER_KTHREAD, /* pid, comm */
	SF_MARKER_THREAD, /* pid (the thread), tgid */
	SF_MARKER_BOOT, /* a boot or overrun marker: see sf_boot_info_take() */
};

/* What one marker line says. */
struct sf_marker {
	enum sf_marker_type type;
	bool valid; /* the line parsed (a malformed one of ours is still ours) */
	int pid;
	int tgid;
	char comm[SIGFTRACE_COMM_LEN + 1];
};

/**
 * sf_marker_parse() - one trace_marker line (an ftrace:print buf of @len
 * bytes, not NUL-terminated)
 * Return: the marker's type, SF_MARKER_NONE if the line is not sigftrace's.
 */
enum sf_marker_type sf_marker_parse(const char *buf, size_t len, struct sf_marker *m);

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

/**
 * sf_boot_info_take() - one trace_marker line (ftrace:print buf, @len bytes)
 * written on @cpu: the boot and overrun markers update @b
 */
void sf_boot_info_take(struct sf_boot_info *b, int cpu, const char *buf, size_t len);

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

#endif /* SF_MARKERS_H */
