/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-comm - pid -> comm map.
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
#ifndef SF_COMM_H
#define SF_COMM_H

#include <stdbool.h>
#include <stddef.h>

#include "sigftrace-render.h"

struct sf_comms;

struct sf_comms *sf_comms_new(void);
void sf_comms_free(struct sf_comms *c);

/* set the comm of @pid (at most 16 bytes of @comm are used) */
void sf_comms_set(struct sf_comms *c, int pid, const char *comm);
/* set only if @pid has no name yet */
void sf_comms_set_new(struct sf_comms *c, int pid, const char *comm);
/* the comm of @pid, or NULL; valid until the next change of @c */
const char *sf_comms_get(const struct sf_comms *c, int pid);

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

#endif /* SF_COMM_H */
