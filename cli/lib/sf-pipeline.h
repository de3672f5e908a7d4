/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-pipeline - the one event pipeline of report, stream and record:
 *
 *   record -> event -> names -> filter -> analyze -> fate gate -> sinks
 *
 * event: sf-event decodes each record once; names: sf-names; filter:
 * sf-filter (and sf-filter-expr for -f); analyze: sf-analyze; the fate
 * gate: here; sinks: sf-out.
 *
 * Records come in time order from a source (live rings, a trace.dat file);
 * text traces give decoded signals (sf_pipeline_signal()). Every signal is
 * analysed, filtered out or not, so that deliveries match; the fate gate
 * holds back a signal hidden by default whose delivery decides whether it
 * is shown (a SIGALRM is shown if it kills), and what comes after it, until
 * its fate is known; the sinks get what is shown, in order.
 *
 * Hot path: no allocation and no stdio per event; the sinks batch writes.
 * Lower layer: nothing here prints messages or exits; a sink's write error
 * is sf_pipeline_error().
 */
#ifndef SF_PIPELINE_H
#define SF_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include "sf-analyze.h"
#include "sf-attrib.h"
#include "sf-event.h"
#include "sf-filter.h"
#include "sf-names.h"
#include "sf-out.h"

#define SF_PIPELINE_OUTS 8 /* sinks at once */

struct sf_gate_item;

struct sf_pipeline {
	const struct sigftrace_arch *arch; /* signal numbering of the trace */
	struct sf_decoder dec;
	struct sf_names names;
	struct sf_attrib *attrib; /* who is behind each signal (owned) */
	const struct sf_filter *filter; /* applied in user space, or NULL */
	struct sf_analysis *an; /* fed every signal and exit event, or NULL */
	struct sf_out *outs[SF_PIPELINE_OUTS]; /* owned: freed with the pipeline */
	size_t nouts;
	/* the fate gate: held signals and everything after the oldest one */
	struct sf_gate_item *queue;
	size_t nqueue;
	size_t qcap;
	size_t nheld; /* held signals in the queue, decided or not */
	size_t noom_wait; /* of them, kernel SIGKILLs waiting for the OOM killer's mark */
	/* if set: a held signal turned out hidden; leave it out of the file */
	void (*drop)(void *ctx, int cpu, unsigned long long off);
	void *drop_ctx;
	const char *buffer; /* the current record's buffer ("": top level) to say, or NULL */
	int error; /* errno of the first sink whose write failed, 0 if none */
	/* counters */
	unsigned long long events; /* every record or text event seen */
	unsigned long long signals; /* signal_generate events */
	unsigned long long lost; /* known lost events (page flags) */
	unsigned long long lost_marks; /* pages flagged with an unknown count */
	unsigned long long kthread_hidden; /* ignored by kernel threads, not shown */
	unsigned long long malformed; /* signal records too short for their format, skipped */
	unsigned long long gen_seq; /* generate events numbered so far */
	bool saw_deliver; /* deliveries are in the trace: they decide held signals */
	bool deliver; /* show signal_deliver events too */
	bool eval_raw; /* evaluate -f here (report); record and stream leave it to the kernel */
	bool kthreads; /* show the signals kernel threads ignore */
	/*
	 * hold every shown signal that may kill (sf_signal_may_kill()) until
	 * its delivery, its receiver's exit or sf_pipeline_expire() tells
	 * whether it did, and pass it on with ->killed set (the service sinks:
	 * a warning for what killed); the trace must have the deliveries
	 */
	bool hold_fatal;
	/*
	 * SF_ATTRIB_* each signal gets: what the sinks show (JSON, text -A or
	 * --units), the filters select (--unit, --cgroup) or --by unit counts
	 */
	unsigned int attrib_what;
	/* fates in one pass (see sf_pipeline_fates()) */
	bool fate_all;
	bool cur_decided; /* the generate event being analysed got its fate at once */
	unsigned long long cur_seq;
	struct sf_fate_info cur_fate;
	unsigned long long fates_unknown; /* shown before their fate was known */
};

/**
 * sf_pipeline_init() - a pipeline for the records of @tep's formats (NULL
 * for text traces: only sf_pipeline_signal() and sf_pipeline_exit()),
 * recorded on a machine with @arch's signal numbers
 */
void sf_pipeline_init(struct sf_pipeline *p, struct tep_handle *tep,
		      const struct sigftrace_arch *arch);

/**
 * sf_pipeline_fates() - every signal shown with its fate, in one pass and
 * flat memory (JSON lines): @an (the analysis, which from now on keeps no
 * fate per signal) tells each fate as soon as it is known, and a signal
 * still waiting for its fate waits in the gate with what comes after it.
 * When too much waits (65536 events behind the oldest), the oldest is
 * shown with the fate "unknown" (counted in @p->fates_unknown); a signal
 * never decided is "pending" at the end. Signals hidden by default whose
 * fate decides are shown when their default action kills.
 */
void sf_pipeline_fates(struct sf_pipeline *p, struct sf_analysis *an);

/* sf_pipeline_add() - one more sink, owned by the pipeline from now on */
void sf_pipeline_add(struct sf_pipeline *p, struct sf_out *o);

/**
 * sf_pipeline_record() - take one record (in time order)
 * Return: false if the record is not to be kept in a file written from
 * these records: a signal the filters reject, or a marker whose names are
 * kept in the file another way (saved_cmdlines, the tasks option).
 */
bool sf_pipeline_record(struct sf_pipeline *p, const struct tep_record *rec);

/**
 * sf_pipeline_signal() - one decoded signal from a source without records
 * (text traces), its @sig->ids filled by the source
 * Return: true if the filters select it (shown or not).
 */
bool sf_pipeline_signal(struct sf_pipeline *p, struct sf_signal *sig);

/**
 * sf_pipeline_exit() - a thread exited (a text trace's sched_process_exit)
 * @last: the process's last thread
 */
void sf_pipeline_exit(struct sf_pipeline *p, unsigned long long ts, int tid, int tgid,
		      const char *comm, bool last);

/**
 * sf_pipeline_expire() - held signals generated before @before (trace time)
 * are shown now: a live stream waits no longer for their delivery
 */
void sf_pipeline_expire(struct sf_pipeline *p, unsigned long long before);

/**
 * sf_pipeline_finish() - the end of the events: signals still waiting for
 * their fate did not kill (they are pending); everything is passed on
 */
void sf_pipeline_finish(struct sf_pipeline *p);

/**
 * sf_pipeline_flush() - every sink writes out what it buffered
 * Return: 0, or -1 (see sf_pipeline_error()).
 */
int sf_pipeline_flush(struct sf_pipeline *p);

/* sf_pipeline_error() - errno of the first sink whose write failed, 0 if none */
static inline int sf_pipeline_error(const struct sf_pipeline *p)
{
	return p->error;
}

/* sf_pipeline_waiting() - signals wait for their fate */
static inline bool sf_pipeline_waiting(const struct sf_pipeline *p)
{
	return p->nheld > 0;
}

void sf_pipeline_free(struct sf_pipeline *p);

#endif /* SF_PIPELINE_H */
