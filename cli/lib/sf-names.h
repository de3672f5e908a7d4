/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-names - who is who: pid -> name, process (tid -> tgid) and kernel
 * threads, learned from the trace and the running system; and the names
 * stage of the pipeline, which fills each signal's sender and receiver.
 *
 * A sender's name is not in signal_generate (only its pid is), and the
 * kernel's saved_cmdlines cache is small and keeps only the latest name of
 * a pid. sigftrace records task:task_newtask (fork inherits the parent's
 * comm) and task:task_rename (exec, prctl) and replays them in time order,
 * so a short-lived sender and a reused pid are named as they were at the
 * time of each signal.
 *
 * It also knows each thread's process (tid -> tgid): signal_generate carries
 * only the sending thread (common_pid), while the sender the seed's patch
 * printed, and the one the user asks about, is the process. The map is filled
 * from /proc (task/TID of PID) for the tasks alive at the start and from
 * task:task_newtask afterwards (CLONE_THREAD: the parent's process).
 */
#ifndef SF_NAMES_H
#define SF_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-event.h"
#include "sf-markers.h"
#include "sf-tracefs.h"
#include "sigftrace-render.h"

struct sf_comms;

struct sf_comms *sf_comms_new(void);
void sf_comms_free(struct sf_comms *c);

/* forget all that is known of @pid */
void sf_comms_forget(struct sf_comms *c, int pid);

/* set the comm of @pid (at most 16 bytes of @comm are used) */
void sf_comms_set(struct sf_comms *c, int pid, const char *comm);
/* set only if @pid has no name yet */
void sf_comms_set_new(struct sf_comms *c, int pid, const char *comm);
/* the comm of @pid, or NULL; valid until the next change of @c */
const char *sf_comms_get(const struct sf_comms *c, int pid);

/*
 * sf_comms_gen() - a number that changes whenever any name, process or mark
 * of @c does: what was derived from @c holds while it stays the same
 */
unsigned long long sf_comms_gen(const struct sf_comms *c);

/* @tid belongs to process @tgid (@tgid == @tid: it is the main thread) */
void sf_comms_set_tgid(struct sf_comms *c, int tid, int tgid);
/* the process of @tid, 0 if unknown */
int sf_comms_tgid(const struct sf_comms *c, int tid);

/* Leading word of the text of sf_comms_tasks_text(). */
#define SF_TASKS_MAGIC "sigftrace-tasks 1\n"

/**
 * sf_comms_tasks_text() - what saved_cmdlines cannot carry, as text: one
 * line "TID TGID" per thread that is not its process's main thread, one
 * line "PID kthread" per kernel thread, after SF_TASKS_MAGIC
 * Return: malloc'ed NUL-terminated text.
 */
char *sf_comms_tasks_text(const struct sf_comms *c);

/**
 * sf_comms_load_tasks() - add what sf_comms_tasks_text() wrote, without
 * overriding what @c already knows
 * Return: 0, or -1 if @text is not such a text.
 */
int sf_comms_load_tasks(struct sf_comms *c, const char *text);

/*
 * sf_comms_learn() - @pid is called @comm now (a receiver's comm in
 * signal_generate): set it, writing only when it changes (hot path)
 */
void sf_comms_learn(struct sf_comms *c, int pid, const char *comm);

/*
 * Names by look-ahead. A pid's events give facts about its name at one
 * instant, and each holds for an interval: a rename's oldcomm until the
 * rename, a marker's, an exit's or a receiver's comm at that instant, a
 * newtask's comm from the birth on. Between two renames the name does not
 * change. So the name a pid had before its first event in a trace is the
 * "before" side of that event, or none when the event is its birth; a pass
 * that writes these first facts into a map, then a pass that starts from
 * that map and follows the renames in time order, names every pid right at
 * every instant (as long as no rename was lost).
 */

/**
 * sf_comms_note_first() - one fact about @pid, kept only if it is the first
 * @comm: its name before the event, or NULL: the event is its birth (an
 *	empty name that sf_comms_merge() and sf_comms_text() skip)
 */
void sf_comms_note_first(struct sf_comms *c, int pid, const char *comm);

/*
 * A thread's process and whether it is a kernel thread hold for its whole
 * life. The markers say them at one instant; they hold at the start of the
 * trace too, unless the pid was born or died before (a pid used again).
 */

/* sf_comms_note_life() - @pid was born or died here (task_newtask, sched_process_exit) */
void sf_comms_note_life(struct sf_comms *c, int pid);

/**
 * sf_comms_note_task() - a marker's fact about @pid: its process @tgid (0:
 * not said), whether it is a kernel thread; kept unless sf_comms_note_life()
 * came first, and a process only if none was kept before
 */
void sf_comms_note_task(struct sf_comms *c, int pid, int tgid, bool kthread);

/*
 * Kernel threads ignore every signal: kill(-1, ...) at shutdown "sends" one
 * to each of them. They are marked so that report can keep those lines out
 * of the way.
 */
void sf_comms_set_kthread(struct sf_comms *c, int pid);
bool sf_comms_is_kthread(const struct sf_comms *c, int pid);

/* call @fn for each entry of @c (@tgid 0: unknown) */
void sf_comms_foreach(const struct sf_comms *c,
		      void (*fn)(int pid, int tgid, const char *comm, bool kthread, void *ctx),
		      void *ctx);
size_t sf_comms_count(const struct sf_comms *c);

/**
 * sf_comms_load_proc() - add every task of the running system
 * (/proc/PID/task/TID/stat: the comm and the process, and kernel threads:
 * kthreadd and its children)
 * Return: the number of tasks added.
 */
int sf_comms_load_proc(struct sf_comms *c);

/**
 * sf_comms_load_pid() - learn one live task's comm, its process and whether
 * it is a kernel thread from /proc
 * Return: its comm, or NULL if it is gone.
 */
const char *sf_comms_load_pid(struct sf_comms *c, int pid);

/**
 * sf_comms_load_cmdlines() - add "pid comm" lines (saved_cmdlines format)
 * without overriding names already known
 */
void sf_comms_load_cmdlines(struct sf_comms *c, const char *text);

/**
 * sf_comms_merge() - add what @src knows and @dst does not (names, processes,
 * kernel threads)
 */
void sf_comms_merge(struct sf_comms *dst, const struct sf_comms *src);

/**
 * sf_comms_text() - all entries as saved_cmdlines text, "pid comm\n", sorted by pid
 * Return: malloc'ed text; its length in @len.
 */
char *sf_comms_text(const struct sf_comms *c, size_t *len);

/**
 * sf_comms_live() - the names of the running system: every task in /proc,
 * then the kernel's saved_cmdlines for the ones already gone
 */
struct sf_comms *sf_comms_live(void);

/*
 * The names stage: each event of the trace, in time order, updates what is
 * known (task events, markers, receivers' comms) and each signal gets its
 * sender's and receiver's processes and names as they were at that instant.
 */
struct sf_names {
	struct sf_comms *comms; /* what the trace said so far */
	struct tep_handle *tep; /* its saved_cmdlines: a file's, or the live comm cache */
	struct sf_comms *first_send; /* if set: each sender's name at its first signal */
	/*
	 * if set, a look-ahead pass: each pid's name before its first event
	 * here (a rename's oldcomm, an exit's or a marker's comm, its comm as
	 * a receiver), "" when the trace saw it born, and what the markers say
	 * of its process and whether it is a kernel thread, unless its life
	 * began or ended before; see sf_comms_note_first()
	 */
	struct sf_comms *initial;
	struct sf_boot_info *marks; /* if set: sigftrace's boot and overrun markers */
	bool live; /* unknown pids: ask /proc (stream) */
	bool other_boot; /* the tep's pid -> comm map belongs to another boot */
	/*
	 * if not 0: a task is forgotten this long (trace time) after its exit,
	 * unless its pid was used again, so that a stream that runs for weeks
	 * knows only the tasks alive and the recently gone (a SIGCHLD is sent
	 * after its sender's exit event)
	 */
	unsigned long long expire_ns;
	struct sf_gone *gone; /* ring of exits to forget, oldest first */
	size_t gone_head, gone_len, gone_cap;
};

/* who exited (sf_names_exit()) */
struct sf_exit_who {
	int tid;
	int tgid; /* its process */
	bool last; /* the process's last thread: the process is gone */
	const char *comm; /* the process's name */
	char pcomm[SIGFTRACE_COMM_LEN + 1]; /* storage */
};

void sf_names_init(struct sf_names *n, struct tep_handle *tep);
void sf_names_free(struct sf_names *n);

/* sf_names_known() - the name of @pid from the trace, the start and saved_cmdlines, or NULL */
const char *sf_names_known(struct sf_names *n, int pid);

/* sf_names_comm() - the name of @pid as known now (live: /proc as a last resort), or NULL */
const char *sf_names_comm(struct sf_names *n, int pid);

/* sf_names_tgid() - the process of @tid; @tid itself when nobody knows */
int sf_names_tgid(struct sf_names *n, int tid);

/**
 * sf_names_signal() - a signal event: a generate event's receiver comm is
 * learned, then @sig->ids are filled (sf_names_who())
 */
void sf_names_signal(struct sf_names *n, struct sf_signal *sig);

/**
 * sf_names_who() - fill @sig->ids from what is known now: the sending
 * thread's process and both names, the receiving thread's process
 */
void sf_names_who(struct sf_names *n, struct sf_signal *sig);

/* sf_names_task() - task_newtask or task_rename */
void sf_names_task(struct sf_names *n, const struct sf_event *ev);

/**
 * sf_names_marker() - an ftrace:print event: sigftrace's name markers name
 * pids, its boot and overrun markers go to @n->marks
 * Return: true if it is one of sigftrace's markers.
 */
bool sf_names_marker(struct sf_names *n, const struct sf_event *ev);

/* sf_names_exit() - sched_process_exit: who exited, and of which process */
void sf_names_exit(struct sf_names *n, const struct sf_event *ev, struct sf_exit_who *who);

/**
 * sf_names_mark() - what the next boot needs to know about this one, into
 * @t's (persistent) buffer through its trace_marker (see sf-markers.h): the
 * boot marker (@event "armed" or "shutdown"), the kernel's overrun count of
 * each CPU at a shutdown, and the name of every task alive (kernel threads
 * flagged, threads' processes), so that a buffer that wraps before the
 * reboot still names the shutdown's actors and says what it lost
 * Return: name markers written, or -1 with errno.
 */
int sf_names_mark(struct sf_trace *t, const char *event);

#endif /* SF_NAMES_H */
