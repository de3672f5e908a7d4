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
 * Kernel threads ignore every signal: kill(-1, ...) at shutdown "sends" one
 * to each of them. They are marked so that report can keep those lines out
 * of the way.
 */
void sf_comms_set_kthread(struct sf_comms *c, int pid);
bool sf_comms_is_kthread(const struct sf_comms *c, int pid);

/* call @fn for each entry of @c */
void sf_comms_foreach(const struct sf_comms *c,
		      void (*fn)(int pid, const char *comm, bool kthread, void *ctx), void *ctx);
size_t sf_comms_count(const struct sf_comms *c);

/**
 * sf_comms_load_proc() - add every task of the running system
 * (/proc/PID/task/TID/stat: the comm, and kernel threads: kthreadd and its children)
 * Return: the number of tasks added.
 */
int sf_comms_load_proc(struct sf_comms *c);

/**
 * sf_comms_load_pid() - learn one live task's comm (and whether it is a
 * kernel thread) from /proc
 * Return: its comm, or NULL if it is gone.
 */
const char *sf_comms_load_pid(struct sf_comms *c, int pid);

/**
 * sf_comms_load_cmdlines() - add "pid comm" lines (saved_cmdlines format)
 * without overriding names already known
 */
void sf_comms_load_cmdlines(struct sf_comms *c, const char *text);

/**
 * sf_comms_merge() - add every entry of @src whose pid @dst does not know
 */
void sf_comms_merge(struct sf_comms *dst, const struct sf_comms *src);

/**
 * sf_comms_text() - all entries as saved_cmdlines text, "pid comm\n", sorted by pid
 * Return: malloc'ed text; its length in @len.
 */
char *sf_comms_text(const struct sf_comms *c, size_t *len);

#endif /* SF_COMM_H */
