/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The metrics sink: counters in the Prometheus text exposition format,
 * written to a file every few seconds for node_exporter's textfile collector
 * (atomically: a temporary file in the same directory, fsync, rename).
 *
 *   sigftrace_up                       1 while running, 0 written at the end
 *   sigftrace_start_time_seconds       when this sink was opened (restarts)
 *   sigftrace_signals_total{signal,result}
 *   sigftrace_fatal_signals_total{signal,receiver}
 *   sigftrace_events_lost_total{where} "ring" always present
 *
 * Label sets stay bounded for weeks: signals and results are few by nature
 * (more than SF_METRICS_SERIES_MAX pairs become signal="other"); receivers
 * are process names, so only the top N get a label of their own. Counters
 * must never go down, so a receiver that has its label keeps it: at each
 * write the receivers killed since the last write that have none yet are
 * ranked by their fatal signals, the first ones take the free labels, and
 * the rest are counted as receiver="other" from then on.
 */
#ifndef SF_METRICS_H
#define SF_METRICS_H

#include <stdbool.h>

#include "sf-sink.h"
#include "sf-util.h"

#define SF_METRICS_INTERVAL_MS 15000 /* Prometheus' default scrape interval */
#define SF_METRICS_TOP 10
#define SF_METRICS_SERIES_MAX 1024 /* per counter; one series fits in 144 bytes */
#define SF_METRICS_CANDIDATES 256 /* receivers waiting for a label, per interval */

struct sf_metrics;

/**
 * sf_metrics_new() - empty counters
 * @top: how many receivers get a label of their own (at least 1)
 * Return: the counters, or NULL (ENOMEM).
 */
struct sf_metrics *sf_metrics_new(unsigned int top);
void sf_metrics_free(struct sf_metrics *m);

/**
 * sf_metrics_count() - count one signal: its SIGFTRACE_SIGNAL,
 * SIGFTRACE_RESULT, and for a fatal one (priority SF_PRI_WARNING or more
 * urgent) SIGFTRACE_RECEIVER_COMM
 */
void sf_metrics_count(struct sf_metrics *m, const struct sf_entry *e);

/**
 * sf_metrics_lost() - count @n events lost at @where
 */
void sf_metrics_lost(struct sf_metrics *m, unsigned long long n, const char *where);

/**
 * sf_metrics_render() - the whole file's text, receivers ranked first
 * @up: the value of sigftrace_up
 * @start: the value of sigftrace_start_time_seconds
 */
void sf_metrics_render(struct sf_metrics *m, struct sf_buf *b, bool up, unsigned long long start);

/**
 * sf_metrics_label_value() - append @s escaped as a label value: '\', '"'
 * and newline as \\, \" and \n; invalid UTF-8 as U+FFFD
 */
void sf_metrics_label_value(struct sf_buf *b, const char *s);

struct sf_metrics_conf {
	const char *path; /* e.g. /var/lib/prometheus/node-exporter/sigftrace.prom */
	unsigned int interval_ms; /* 0: SF_METRICS_INTERVAL_MS */
	unsigned int top; /* 0: SF_METRICS_TOP */
};

/**
 * sf_metrics_open() - the metrics sink; writes the file once right away so
 * that a path that cannot be written is an error now, not in 15 seconds
 * Return: the sink, or NULL with a message in @err.
 */
struct sf_sink *sf_metrics_open(const struct sf_metrics_conf *c, char *err, size_t errsz);

#endif /* SF_METRICS_H */
