/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-source-live - events as they happen: sigftrace's own tracing instance,
 * set up with the kernel's share of the filter, and its per-CPU ring
 * buffers (sf-ring) read in batches and merged into time order (sf-pages).
 *
 * record captures the rings into files (l->ring, sf_ring_capture_*());
 * stream reads a batch of every CPU (sf_live_read()) and takes its records
 * in time order (sf_live_next()).
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_SOURCE_LIVE_H
#define SF_SOURCE_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-clockmap.h"
#include "sf-filter.h"
#include "sf-pages.h"
#include "sf-recq.h"
#include "sf-ring.h"
#include "sf-tracefs.h"

struct sf_live {
	struct sf_trace t;
	struct sf_ring ring;
	struct sf_trace_conf conf;
	/* the instance's own clock, mapped to CLOCK_MONOTONIC (conf.clock NULL) */
	bool to_mono;
	struct sf_clockmap mono;
	unsigned long long sampled; /* CLOCK_MONOTONIC of the last sample */
	/* batches (stream) */
	struct sf_pages m;
	unsigned char **pages; /* per CPU */
	bool merging;
	/*
	 * the start instance of a hand-over (sf_live_open_early()): the
	 * kernel's default size, on while the main one is resized, its pages
	 * captured into @start_fds
	 */
	bool has_start;
	struct sf_trace start;
	struct sf_ring start_ring;
	int *start_fds;
	char *tmpdir;
	/* a stream's: per CPU, the pages of the hand-over, read before the rings */
	int *pre_fds;
	unsigned char **pre;
	unsigned long long pre_horizon; /* the trace clock before the main instance was on */
	/*
	 * a stream's batch gives the records up to its horizon (the trace
	 * clock before its first CPU was read); newer ones wait in @later,
	 * then in @held, for the batch after, when the other CPUs have given
	 * theirs (a process that moved between CPUs keeps its order)
	 */
	unsigned long long horizon;
	struct sf_recq held, later, spare;
	struct tep_record peek; /* the pages' next record, if @peeked */
	bool peeked;
	struct sf_live_handover {
		unsigned long long lost; /* the start instance's overrun + dropped */
		unsigned long long uncertain; /* events of an inexact hand-over, counted lost */
		unsigned long long kept; /* events taken from the start instance */
		int inexact; /* CPUs whose hand-over is not exact */
		char warning[256]; /* "" or why the hand-over was not exact */
	} ho;
};

/**
 * sf_live_open() - create the instance (@instance, NULL for sigftrace-PID)
 * with tracing off, configure it, apply the kernel's part of @f to the
 * signal events (the -f expressions checked with sigftrace's parser of the
 * kernel's grammar first, so that record, stream and report accept the
 * same ones), enable signal:signal_generate and open the ring buffers
 * Return: 0, or -1 with a message in @err (for a rejected filter the
 * kernel's own error_log line). sf_live_close() in either case.
 *
 * With no clock in @conf, the times are CLOCK_MONOTONIC's at the lowest
 * cost: an instance whose clock already is mono keeps it; one with another
 * clock that counts nanoseconds (local, global, boot, mono_raw, perf,
 * tai) keeps it too, and its times are mapped (@l->to_mono, samples taken
 * by sf_live_sample()): writing trace_clock costs an RCU grace period
 * (15 to 35 ms before the first event could be recorded); any other clock,
 * or one that does not move within 200 us (a sched_clock made of jiffies),
 * is switched to mono.
 */
int sf_live_open(struct sf_live *l, const char *instance, const struct sf_trace_conf *conf,
		 struct sf_filter *f, char *err, size_t errsz);

/**
 * sf_live_open_early() - sf_live_open() that records from the first
 * milliseconds: a small start instance (the main one's name + "-start", the
 * kernel's default size, no resize) gets the same events and filters and is
 * turned on at once, its pages captured into temporary files in @tmpdir;
 * then the main instance is resized and fully set up with tracing off.
 * sf_live_start_handover() then takes over. Where the start instance cannot
 * be made, the main one alone, as sf_live_open() (@l->has_start false).
 * Return: 0, or -1 with a message in @err. sf_live_close() in either case.
 */
int sf_live_open_early(struct sf_live *l, const char *instance, const struct sf_trace_conf *conf,
		       struct sf_filter *f, const char *tmpdir, char *err, size_t errsz);

/**
 * sf_live_start_handover() - after sf_live_open_early() with a start
 * instance: the main instance on (from then on every event goes to both),
 * then on each CPU a mark (a thread of ours renamed there: a task_rename in
 * both); the start instance off and read out; per CPU, its events up to the
 * main instance's first one (found by counting back from the mark in both,
 * and checked byte by byte) go into @out_fds[cpu], then the main instance's
 * pages read so far, and the capture of the main instance (sf-ring)
 * appends the rest. With @out_fds NULL (a stream, sf_live_batches()), they
 * go to temporary files that the first sf_live_read() takes, before the
 * rings. The start instance is removed. Where it cannot be exact
 * (no mark, a mismatch), the cut goes by the time of the switch and the
 * events around it are counted in @l->ho (uncertain, warning).
 * Return: 0, or -1 with a message in @err.
 */
int sf_live_start_handover(struct sf_live *l, const int *out_fds, char *err, size_t errsz);

/**
 * sf_live_start() - tracing on, then the events after signal_generate
 * (sf_trace_enable_rest())
 * Return: 0, or -1 with a message in @err.
 */
int sf_live_start(struct sf_live *l, char *err, size_t errsz);

/**
 * sf_live_sample() - with @l->to_mono, a sample of the trace clock against
 * CLOCK_MONOTONIC when the last is @every_ns old or more (0: now)
 */
void sf_live_sample(struct sf_live *l, unsigned long long every_ns);

/**
 * sf_live_batches() - get ready to read in batches (memory for a batch of
 * every CPU, the merger)
 * Return: 0, or -1 with a message in @err.
 */
int sf_live_batches(struct sf_live *l, char *err, size_t errsz);

/**
 * sf_live_read() - read up to a batch of pages of every CPU; with @last
 * (tracing has stopped), once every CPU is read to its end, the records
 * held back from earlier batches come out with this one
 * Return: true if some CPU had more than a batch waiting.
 */
bool sf_live_read(struct sf_live *l, bool last);

/**
 * sf_live_next() - the oldest record of the pages read, its time
 * CLOCK_MONOTONIC's with @l->to_mono
 * Return: false when the batch is exhausted.
 */
bool sf_live_next(struct sf_live *l, struct tep_record *rec);

/**
 * sf_live_error() - a page that does not decode stopped the batch
 * Return: 0, or -1 with a message in @err naming the CPU and the page.
 */
int sf_live_error(const struct sf_live *l, char *err, size_t errsz);

/* What the kernel has put in the instance's buffers since it was made. */
struct sf_live_counts {
	unsigned long long events; /* recorded: read (captured) + still in the buffer */
	unsigned long long lost; /* overwritten + dropped */
};

/**
 * sf_live_counts() - the counters of every CPU's per_cpu/cpuN/stats (for a
 * live status: they count every event type, the user-space filter's
 * rejects and markers included)
 * Return: 0, or -1 with errno if a CPU's stats cannot be read.
 */
int sf_live_counts(struct sf_live *l, struct sf_live_counts *c);

/* What a capture has written so far (sf_ring_capture_start()). */
struct sf_live_tally {
	unsigned long long *done; /* per CPU: bytes of its file counted */
	unsigned long long signals; /* signal_generate records in them */
	unsigned long long bytes; /* every CPU's file */
};

/**
 * sf_live_tally() - count the signals in the pages the capture has added to
 * @fds (one file per CPU) since the last call: whole pages only, read back
 * from the files (for a live status; a CPU's pages reach its file a quarter
 * of its buffer at a time)
 * Return: 0, or -1 with errno if a file cannot be read.
 */
int sf_live_tally(struct sf_live *l, const int *fds, struct sf_live_tally *t);

/* sf_live_tally_free() - also of a zeroed tally */
void sf_live_tally_free(struct sf_live_tally *t);

/* sf_live_close() - the rings closed, the instance removed */
void sf_live_close(struct sf_live *l);

#endif /* SF_SOURCE_LIVE_H */
