/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-analyze - answers instead of lines: what happened to each signal (its
 * fate), who killed whom, per-pair summaries, broadcasts and a graph.
 *
 * Events arrive in time order. A generated signal is matched with its
 * delivery by receiver and order, not by number: a fatal signal with the
 * default action is delivered as SIGKILL (the kernel turns it into a group
 * exit), so a delivered SIGKILL is matched with the oldest pending signal
 * whose default action kills when no SIGKILL is pending. A signal sent to one
 * thread waits in that thread's queue, one sent to the process in the
 * process's, which any of its threads may take (the thread's first, as the
 * kernel's dequeue_signal() does). Deaths are per process: the answer to
 * "who killed X" names the process, once, when its last thread exits.
 */
#ifndef SF_ANALYZE_H
#define SF_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-event.h"
#include "sf-filter.h"
#include "sf-util.h"
#include "sigftrace-render.h"

/* What became of one generated signal. */
enum sf_fate {
	SF_FATE_UNKNOWN, /* not (yet) seen delivered */
	SF_FATE_HANDLED, /* delivered to a handler */
	SF_FATE_DEFAULT, /* delivered with the default action */
	SF_FATE_IGNORED, /* ignored by the kernel (result) or by SIG_IGN */
	SF_FATE_MERGED, /* already pending: merged with the earlier one */
	SF_FATE_PENDING, /* still pending when the trace ends */
	SF_FATE_DISCARDED, /* the receiver exited before taking it */
};

struct sf_fate_info {
	unsigned long long handler; /* SF_FATE_HANDLED: handler address */
	unsigned long long latency; /* generate -> deliver, ns (0 if not delivered) */
	enum sf_fate fate;
	int action; /* SF_FATE_DEFAULT: enum sigftrace_action of the delivered signal */
};

struct sf_analysis;
struct sf_attr;

struct sf_analysis *sf_analysis_new(const struct sigftrace_arch *arch);
void sf_analysis_free(struct sf_analysis *a);

/**
 * sf_analysis_signal() - one signal event; every one must be given, filtered
 * out or not, for deliveries to be matched right
 * @seq: sequence number of this generate event in the trace (fates are
 *	indexed by it); ignored for deliver events
 * @ids: the processes and threads of the event (see sigftrace_ids)
 * @sel: SF_SEL_YES: the event passed the user's filters: it counts in the
 *	summary, the graph and the list of killed processes; SF_SEL_IF_FATAL:
 *	it counts there if its delivery kills
 */
void sf_analysis_signal(struct sf_analysis *a, unsigned long long seq, unsigned long long ts,
			const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
			const struct sf_attr *attr, enum sf_sel sel);

/* sf_analysis_by_unit() - --summary rows by the sides' systemd units, not their names */
void sf_analysis_by_unit(struct sf_analysis *a, bool by_unit);

/*
 * sf_analysis_fates_only() - only the fates of signals are asked (JSON
 * lines): no summary, graph, broadcasts or killed list is kept, so memory
 * does not grow with the trace
 */
void sf_analysis_fates_only(struct sf_analysis *a);

/**
 * sf_analysis_exit() - a thread exited (sched:sched_process_exit)
 * @tid: the thread
 * @tgid: its process
 * @comm: the process's name
 * @last: it was the process's last thread (group_dead): the process is gone
 */
void sf_analysis_exit(struct sf_analysis *a, unsigned long long ts, int tid, int tgid,
		      const char *comm, bool last);

/* sf_fate_fn - the fate of generate event number @seq is known */
typedef void (*sf_fate_fn)(void *ctx, unsigned long long seq, const struct sf_fate_info *f);

/**
 * sf_analysis_on_fate() - keep no fate per signal (sf_analysis_fate()
 * finds none: memory stays flat whatever the trace's size) and tell @fn,
 * if set, each fate as soon as it is known: during sf_analysis_signal()
 * of the generate event when the kernel decided it then (ignored, merged,
 * discarded), else when the signal is delivered or its receiver exits.
 * A signal never decided is still pending at the end (no call).
 */
void sf_analysis_on_fate(struct sf_analysis *a, sf_fate_fn fn, void *ctx);

/*
 * sf_analysis_oom() - the OOM killer marked process @tgid as its victim
 * (oom:mark_victim); @memcg: its memory cgroup, or NULL (kept for the pass)
 */
void sf_analysis_oom(struct sf_analysis *a, int tgid, const char *memcg);

/* the end of the trace: what is still pending stays pending */
void sf_analysis_end(struct sf_analysis *a);

/**
 * sf_analysis_fate() - the fate of generate event number @seq
 * Return: NULL if no such event was seen.
 */
const struct sf_fate_info *sf_analysis_fate(const struct sf_analysis *a, unsigned long long seq);

const char *sf_fate_name(enum sf_fate fate);

/*
 * What the analysis found, read by the answers' sink (sf-sink-answers.c),
 * which prints it: the analysis itself never prints.
 */
/* what killed a process, or the first signal it did not stop on */
struct sf_cause {
	unsigned long long ts;
	int sig;
	int sender_pid; /* the sending process; for the kernel, the task it acted for */
	int origin;
	int kernel; /* no task sent it */
	int context; /* kernel: it acted for a task other than the receiver */
	int fate; /* for "did not stop on": ignored, handled, merged */
	int shown; /* passed the user's filters */
	char scomm[SIGFTRACE_COMM_LEN + 1];
	unsigned char killer; /* enum sf_killer of the attribution stage */
};

/* the ORIGINS of a --summary row: the code's origins, then the kernel's killers */
#define SF_PAIR_ORIGINS (SIGFTRACE_ORIGIN_NR + SF_KILLER_NR)

#define SF_PAIR_NAME_LEN 255 /* a name, or with --by unit a unit */

/* one sender name, signal and receiver name: a row of --summary */
struct sf_pair {
	unsigned long long count;
	unsigned long long results[6]; /* delivered .. lose-info, unknown */
	unsigned long long first;
	unsigned long long last;
	/*
	 * by origin (enum sigftrace_origin), then by the kernel's killer
	 * (SIGFTRACE_ORIGIN_NR + enum sf_killer), which replaces its origin
	 */
	unsigned long long origins[SF_PAIR_ORIGINS];
	int sig;
	char scomm[SF_PAIR_NAME_LEN + 1];
	char rcomm[SF_PAIR_NAME_LEN + 1];
};

/* one sending process, signal and receiving process: an edge of --dot */
struct sf_edge {
	unsigned long long count;
	int from; /* -1: the kernel */
	int to;
	int sig;
	int fatal;
};

/* a process that died of a signal: a line of --killed */
struct sf_killed {
	struct sf_cause why;
	unsigned long long ts; /* exit */
	int pid;
	int survived_sig; /* 0, or the signal it did not stop on */
	int survived_fate;
	int oom; /* the OOM killer's: its SIGKILL to a victim it marked */
	char comm[SIGFTRACE_COMM_LEN + 1];
	char memcg[SF_PAIR_NAME_LEN + 1]; /* oom: the victim's memory cgroup, "" if unknown */
};

/* one sender, one signal, many receivers within a millisecond (a broadcast) */
struct sf_burst {
	unsigned long long first;
	unsigned long long last;
	unsigned long long count;
	unsigned long long ignored;
	struct sf_map receivers; /* distinct receiving processes */
	int sender_pid;
	int sig;
	char scomm[SIGFTRACE_COMM_LEN + 1];
};

/* per signal: results and delivery latency */
struct sf_sigstat {
	unsigned long long count;
	unsigned long long results[6];
	unsigned long long delivered; /* matched with a delivery */
	unsigned long long lat_sum;
	unsigned long long lat_max;
};

const struct sigftrace_arch *sf_analysis_arch(const struct sf_analysis *a);
size_t sf_analysis_npairs(const struct sf_analysis *a);
/* @fn on each pair (struct sf_pair), edge (struct sf_edge), graph node (its comm) */
void sf_analysis_each_pair(const struct sf_analysis *a,
			   void (*fn)(long long key, const void *pair, void *ctx), void *ctx);
void sf_analysis_each_edge(const struct sf_analysis *a,
			   void (*fn)(long long key, const void *edge, void *ctx), void *ctx);
void sf_analysis_each_name(const struct sf_analysis *a,
			   void (*fn)(long long pid, const void *comm, void *ctx), void *ctx);
const struct sf_burst *sf_analysis_bursts(const struct sf_analysis *a, size_t *n);
const struct sf_killed *sf_analysis_killed(const struct sf_analysis *a, size_t *n);
/* NULL for a number outside 1..SF_MAX_SIG */
const struct sf_sigstat *sf_analysis_sigstat(const struct sf_analysis *a, int sig);

#endif /* SF_ANALYZE_H */
