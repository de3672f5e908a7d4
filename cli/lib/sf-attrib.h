/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-attrib - who is behind a signal: the attribution stage of the
 * pipeline (DESIGN.md 6a).
 *
 * For each process it keeps its parent (task:task_newtask: the forking
 * task's process; threads join their process), its executable
 * (sched:sched_process_exec; a fork inherits its parent's) and its control
 * groups (cgroup:cgroup_attach_task; a fork inherits them): on the cgroup2
 * hierarchy, on the name=systemd one of hybrid systems, and on the v1 memory
 * one, where the OOM killer's memory cgroup is. What was there before the
 * trace began comes from a snapshot of /proc taken when tracing started,
 * kept as text (sf_attrib_proc_text()) so that record saves it in its file
 * and report on that file rebuilds the same state as stream has live.
 *
 * Each signal gets, as it was at that instant: the sender's parent chain,
 * its executable and cgroup, the receiver's cgroup, and whether the kernel's
 * SIGKILL went to a victim of the OOM killer (oom:mark_victim).
 *
 * Lower layer: nothing here prints or exits; no /proc read per event.
 */
#ifndef SF_ATTRIB_H
#define SF_ATTRIB_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-event.h"
#include "sf-names.h"

/* Leading line of the snapshot text. */
#define SF_ATTRIB_MAGIC "sigftrace-attrib 1\n"

/* the longest path kept (exe, cgroup); a longer one ends in "..." */
#define SF_ATTRIB_PATH_MAX 1024

struct sf_attrib;

struct sf_attrib *sf_attrib_new(void);
void sf_attrib_free(struct sf_attrib *a);

/**
 * sf_attrib_proc_text() - the running system as the snapshot text: the
 * hierarchy ids of name=systemd and memory, then for each process its
 * parent, executable and control groups
 * Return: malloc'ed NUL-terminated text.
 */
char *sf_attrib_proc_text(void);

/**
 * sf_attrib_load() - the state before the trace, from a snapshot text
 * Return: processes loaded, or -1 if @text is not such a text.
 */
int sf_attrib_load(struct sf_attrib *a, const char *text);

/* sf_attrib_task() - task_newtask (after the names stage saw it) */
void sf_attrib_task(struct sf_attrib *a, struct sf_names *n, const struct sf_task_event *t);

/* sf_attrib_event() - sched_process_exec, cgroup_attach_task or mark_victim */
void sf_attrib_event(struct sf_attrib *a, struct sf_names *n, const struct sf_event *ev);

/*
 * sf_attrib_exit() - the last thread of process @tgid exited: it stays for
 * its children's chains until many more have exited (memory is bounded)
 */
void sf_attrib_exit(struct sf_attrib *a, int tgid);

/* what sf_attrib_signal() fills: lookups per signal, so only what is shown or selected */
enum {
	SF_ATTRIB_SIDES = 1, /* both sides' cgroups, the sender's program */
	SF_ATTRIB_ANCESTORS = 2, /* and the sender's parents (a few lookups per parent) */
};

/**
 * sf_attrib_signal() - fill @sig->attr (its ids already filled by the names
 * stage) with @what (SF_ATTRIB_*; 0: only clear it): the sender's chain of at
 * most SF_ANCESTORS_MAX parents, nearest first (sinks show as many as asked)
 */
void sf_attrib_signal(struct sf_attrib *a, struct sf_names *n, struct sf_signal *sig,
		      unsigned int what);

/**
 * sf_attrib_killer() - which of the kernel's killers sent @sig (ids filled),
 * from its number, code and sides (@arch's signal numbers); sets
 * @sig->attr.killer. A SIGKILL of the kernel to a whole process in its own
 * context is RLIMIT_CPU's hard limit's: if @oom_traced (the trace has the
 * OOM killer's mark, whose SIGKILL to the allocating process looks the same
 * and is named by the mark that follows), else only after a SIGXCPU of
 * RLIMIT_CPU to that process.
 */
void sf_attrib_killer(struct sf_attrib *a, const struct sigftrace_arch *arch, struct sf_signal *sig,
		      bool oom_traced);

/* sf_killer_name() - "rlimit-cpu", "rlimit-fsize", "seccomp", "tty", "hangup", "oom"; NULL for none */
const char *sf_killer_name(unsigned char killer);

/*
 * sf_signal_origin() - the origin the outputs name: the kernel's killer when
 * attribution names it ("oom", "seccomp", ...), else the one of the code
 * ("user", "kernel", "queue", ...)
 */
const char *sf_signal_origin(const struct sigftrace_arch *arch, const struct sf_signal *sig);

/* what each of the kernel's killers sends: a superset of its signals, for the filters */
struct sf_killer_sigs {
	int code; /* si_code */
	const char *sigs[6]; /* names without "SIG", NULL-terminated when fewer */
};

/* sf_killer_sigs() - killer @killer's (enum sf_killer) signals, or NULL for none */
const struct sf_killer_sigs *sf_killer_sigs(unsigned char killer);

/* sf_attrib_is_oom_victim() - the OOM killer marked process @tgid (and it has not exited) */
bool sf_attrib_is_oom_victim(const struct sf_attrib *a, int tgid);

/* sf_attrib_memcg() - the memory cgroup (v1) of process @tgid, or NULL */
const char *sf_attrib_memcg(const struct sf_attrib *a, int tgid);

/* sf_attrib_mark_oom() - the OOM killer marked process @tgid */
void sf_attrib_mark_oom(struct sf_attrib *a, int tgid);

/*
 * Names derived from a cgroup path: pure functions of the path.
 */

/**
 * sf_cgroup_unit() - the systemd unit of @path: its last component ending
 * in ".service" or ".scope" (@buf of @size bytes)
 * Return: @buf, or NULL if the path has none.
 */
const char *sf_cgroup_unit(const char *path, char *buf, size_t size);

/**
 * sf_cgroup_container() - the container id of @path: a component of 64 hex
 * digits, bare (/docker/ID, kubepods/.../ID) or as systemd names it
 * (docker-ID.scope, cri-containerd-ID.scope, crio-ID.scope, libpod-ID.scope)
 * Return: @buf (65 bytes at least), or NULL if the path has none.
 */
const char *sf_cgroup_container(const char *path, char *buf, size_t size);

/**
 * sf_cgroup_pod() - the Kubernetes pod UID of @path ("pod<UID>" component or
 * a "...-pod<UID>.slice" one, whose '_' are '-')
 * Return: @buf, or NULL if none.
 */
const char *sf_cgroup_pod(const char *path, char *buf, size_t size);

#endif /* SF_ATTRIB_H */
