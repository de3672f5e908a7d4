/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-event - a ring-buffer record decoded once.
 *
 * The decoder turns each record of the events sigftrace enables into a
 * struct sf_event: a signal (signal_generate, signal_deliver: struct
 * sf_signal, the one type every later stage reads), a task's birth or
 * rename (task_newtask, task_rename), an exit (sched_process_exit) or a
 * trace_marker line (ftrace:print). Every later stage (names, filter,
 * analysis, sinks) reads these, never the record's fields again. Field
 * handles are looked up once per format; a field outside its record makes
 * the record SF_EVENT_BAD (SF_EVENT_BAD_SIGNAL), never a read past it.
 *
 * Lower layer: nothing here prints, exits or allocates per event.
 */
#ifndef SF_EVENT_H
#define SF_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include "sigftrace-render.h"

struct sf_fate_info;

#define SF_ANCESTORS_MAX 8 /* --ancestry depth at most */

/* one ancestor of a sender: a process, nearest first */
struct sf_ancestor {
	int pid;
	char comm[SIGFTRACE_COMM_LEN + 1];
};

/* where a task's attribution came from */
enum sf_attr_src {
	SF_ATTR_NONE, /* nothing known */
	SF_ATTR_TRACE, /* the trace's own events (fork, exec, cgroup attach) */
	SF_ATTR_PROC, /* the /proc snapshot taken when tracing began */
};

/* the kernel's killers told apart by sf-attrib (besides the OOM killer) */
enum sf_killer {
	SF_KILLER_NONE,
	SF_KILLER_RLIMIT_CPU, /* SIGXCPU at RLIMIT_CPU's soft limit, SIGKILL at its hard one */
	SF_KILLER_RLIMIT_FSIZE, /* SIGXFSZ: a write beyond RLIMIT_FSIZE */
	SF_KILLER_SECCOMP, /* SIGSYS with SYS_SECCOMP: a seccomp filter's trap or kill */
	SF_KILLER_TTY, /* a terminal: ^C, ^\\, ^Z, window size, background I/O */
	/*
	 * SIGHUP of the kernel: a terminal's hang-up, or a process group left
	 * orphaned with a stopped member (both send SIGHUP, then SIGCONT)
	 */
	SF_KILLER_HANGUP,
	/*
	 * the OOM killer: never in struct sf_attr's killer (its oom says so,
	 * decided after the signal), a name for the filters and the summary
	 */
	SF_KILLER_OOM,
	SF_KILLER_NR
};

/*
 * Who is behind a signal (the attribution stage, sf-attrib, fills it): the
 * sender's parent chain, program and control group, the receiver's control
 * group, and a kernel killer. The strings are owned by the attribution stage
 * and live as long as its pipeline (they are interned: copying the struct
 * copies pointers).
 */
struct sf_attr {
	const char *exe; /* the sender's executable at signal time, or NULL */
	const char *cgroup; /* the sender's cgroup (cgroup2, else name=systemd), or NULL */
	const char *rcgroup; /* the receiver's */
	const char *rmemcg; /* the receiver's memory cgroup (v1 hierarchy), or NULL */
	struct sf_ancestor anc[SF_ANCESTORS_MAX]; /* the sender's parents, nearest first */
	/* the same non-zero id: the same @anc and @nanc (a sink may keep what it made of them) */
	unsigned long long chain_id;
	unsigned char nanc;
	unsigned char src; /* enum sf_attr_src of the sender's facts */
	unsigned char rsrc; /* of the receiver's */
	bool oom; /* the kernel's SIGKILL of a victim the OOM killer marked */
	unsigned char killer; /* enum sf_killer */
};

/*
 * One signal event with who sent and who got it. The decoder fills @s and
 * where it happened; the names stage fills @ids (processes and threads,
 * whose names are copied into this struct: it stands alone).
 */
struct sf_signal {
	struct sigftrace_sig s; /* the event's own fields */
	struct sigftrace_ids ids; /* sender and receiver processes and threads */
	unsigned long long ts;
	unsigned long long seq; /* generate events: the number of this one in the trace */
	unsigned long long off; /* the record's offset in its CPU's run of pages */
	const struct sf_fate_info *fate; /* what became of it, when the analysis knows */
	const char *buffer; /* the file's buffer it comes from, when lines must say it */
	struct sf_attr attr; /* who is behind it (sf-attrib); zero when unknown */
	int cpu; /* -1 if unknown (console logs) */
	/*
	 * a generate event the pipeline held until its delivery (see
	 * sf_pipeline.hold_fatal): SF_KILLED_YES if the delivery killed the
	 * receiver, SF_KILLED_NO if not, SF_KILLED_UNKNOWN if nothing told
	 * (or the signal was not held)
	 */
	signed char killed;
	char comm[SIGFTRACE_COMM_LEN + 1]; /* ids.comm's storage */
	char thread_comm[SIGFTRACE_COMM_LEN + 1]; /* ids.thread_comm's */
	char rcomm[SIGFTRACE_COMM_LEN + 1]; /* ids.rcomm's */
};

enum sf_event_type {
	SF_EVENT_OTHER, /* an event sigftrace does not read */
	SF_EVENT_SIGNAL, /* signal:signal_generate or signal:signal_deliver */
	SF_EVENT_NEWTASK, /* task:task_newtask */
	SF_EVENT_RENAME, /* task:task_rename (exec, prctl) */
	SF_EVENT_EXIT, /* sched:sched_process_exit */
	SF_EVENT_PRINT, /* ftrace:print, a trace_marker line */
	SF_EVENT_EXEC, /* sched:sched_process_exec */
	SF_EVENT_CGROUP, /* cgroup:cgroup_attach_task */
	SF_EVENT_OOM, /* oom:mark_victim */
	SF_EVENT_BAD_SIGNAL, /* a signal event whose fields lie outside the record */
	SF_EVENT_BAD, /* another of these whose fields lie outside the record */
};

/* task_newtask (the new task, its parent) and task_rename */
struct sf_task_event {
	unsigned long long clone_flags; /* newtask; 0 if the format has none */
	int pid;
	int parent; /* newtask: common_pid, the forking task */
	bool has_old; /* rename: @old is known */
	char comm[SIGFTRACE_COMM_LEN + 1]; /* the new name */
	char old[SIGFTRACE_COMM_LEN + 1]; /* rename: the name before */
};

struct sf_exit_event {
	int pid;
	int group_dead; /* 1: the process's last thread, 0: not, -1: unknown (old kernels) */
	char comm[SIGFTRACE_COMM_LEN + 1];
};

struct sf_print_event {
	const char *buf; /* the line, not NUL-terminated; valid with the record */
	size_t len;
};

/* a string of a record (a __data_loc field), not NUL-terminated; valid with the record */
struct sf_str {
	const char *buf;
	size_t len;
};

/* sched_process_exec, cgroup_attach_task, mark_victim */
struct sf_attr_event {
	int pid;
	int root; /* cgroup: the hierarchy id (0: cgroup2) */
	struct sf_str str; /* exec: the file name; cgroup: the destination path */
};

struct sf_event {
	enum sf_event_type type;
	unsigned long long ts;
	int cpu;
	union {
		struct sf_signal sig;
		struct sf_task_event task;
		struct sf_exit_event exit;
		struct sf_print_event print;
		struct sf_attr_event attr;
	};
};

/* Event ids and field handles of one trace's formats. */
struct sf_decoder {
	struct tep_handle *tep;
	int common_end; /* the common fields end here: shorter records have no type */
	int id_gen, id_del, id_newtask, id_rename, id_print, id_exit;
	int id_exec, id_cgroup, id_oom;
	struct sigftrace_fields gen;
	struct sigftrace_fields del;
	struct tep_format_field *nt_pid, *nt_comm, *nt_flags; /* task_newtask */
	struct tep_format_field *rn_pid, *rn_comm, *rn_old; /* task_rename */
	struct tep_format_field *ex_pid, *ex_comm, *ex_group; /* sched_process_exit */
	struct tep_format_field *pr_buf; /* ftrace:print */
	struct tep_format_field *xc_pid, *xc_file; /* sched_process_exec */
	struct tep_format_field *cg_root, *cg_pid, *cg_path; /* cgroup_attach_task */
	struct tep_format_field *oom_pid; /* mark_victim */
};

/**
 * sf_decoder_init() - look up the events and fields of @tep's formats
 * (@tep NULL: a decoder that knows no event)
 */
void sf_decoder_init(struct sf_decoder *d, struct tep_handle *tep);

/**
 * sf_decode() - decode @rec into @ev (its signal's ids are left empty)
 * Return: @ev->type.
 */
enum sf_event_type sf_decode(const struct sf_decoder *d, const struct tep_record *rec,
			     struct sf_event *ev);

#define SF_KILLED_UNKNOWN (-1)
#define SF_KILLED_NO 0
#define SF_KILLED_YES 1

/**
 * sf_signal_may_kill() - a generate event the kernel delivers (or may:
 * old kernels say nothing) of a signal whose default action ends the
 * receiver: it does unless the receiver catches it
 */
bool sf_signal_may_kill(const struct sigftrace_arch *arch, const struct sigftrace_sig *s);

/**
 * sf_signal_copy() - copy @src into @dst with @dst's own copies of the names
 * (@src's may point anywhere)
 */
void sf_signal_copy(struct sf_signal *dst, const struct sf_signal *src);

/**
 * sf_signal_rebase() - @s, made by sf_signal_copy(), was moved (a queue
 * that grew): point its names at its own storage again
 */
void sf_signal_rebase(struct sf_signal *s);

#endif /* SF_EVENT_H */
