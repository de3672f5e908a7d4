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

#include <stdio.h>

#include "sf-filter.h"
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
			enum sf_sel sel);

/**
 * sf_analysis_exit() - a thread exited (sched:sched_process_exit)
 * @tid: the thread
 * @tgid: its process
 * @comm: the process's name
 * @last: it was the process's last thread (group_dead): the process is gone
 */
void sf_analysis_exit(struct sf_analysis *a, unsigned long long ts, int tid, int tgid,
		      const char *comm, bool last);

/* the end of the trace: what is still pending stays pending */
void sf_analysis_end(struct sf_analysis *a);

/**
 * sf_analysis_fate() - the fate of generate event number @seq
 * Return: NULL if no such event was seen.
 */
const struct sf_fate_info *sf_analysis_fate(const struct sf_analysis *a, unsigned long long seq);

const char *sf_fate_name(enum sf_fate fate);

/* --summary: pairs by count, broadcasts, per-signal results and latency */
void sf_analysis_summary(const struct sf_analysis *a, FILE *out);

/* --killed: every process that died of a signal (once), and who sent it */
void sf_analysis_killed(const struct sf_analysis *a, FILE *out);

/* --dot: Graphviz graph of who signals whom; fatal edges stand out */
void sf_analysis_dot(const struct sf_analysis *a, FILE *out);

#endif /* SF_ANALYZE_H */
