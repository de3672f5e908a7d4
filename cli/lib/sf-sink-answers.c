// SPDX-License-Identifier: GPL-2.0
/*
 * sf-sink-answers - report's answers, printed once the whole trace is
 * analysed (sf-analyze): --summary (pairs by count, broadcasts, per-signal
 * results and latency), --killed (every process that died of a signal, once,
 * and who sent it) and --dot (a Graphviz graph of who signals whom, fatal
 * edges in red).
 */
#include <stdio.h>
#include <stdlib.h>

#include "sf-analyze.h"
#include "sf-attrib.h"
#include "sf-out.h"
#include "sf-util.h"

static void fmt_ts(char *buf, size_t size, unsigned long long ts)
{
	unsigned long long us = (ts + 500) / 1000; /* rounded, like the report lines */

	snprintf(buf, size, "%llu.%06llu", us / 1000000ULL, us % 1000000ULL);
}

static const char *const result_names[6] = { "delivered", "ignored",   "pending",
					     "overflow",  "lose-info", "unknown" };

static int cmp_pair(const void *x, const void *y)
{
	const struct sf_pair *p = *(const struct sf_pair *const *)x;
	const struct sf_pair *q = *(const struct sf_pair *const *)y;

	if (p->count != q->count)
		return p->count < q->count ? 1 : -1;
	return p->first < q->first ? -1 : p->first > q->first;
}

static void add_pair(long long key, const void *pair, void *ctx)
{
	const struct sf_pair ***end = ctx;

	(void)key;
	*(*end)++ = pair;
}

void sf_answers_summary(const struct sf_analysis *a, FILE *out)
{
	const struct sigftrace_arch *arch = sf_analysis_arch(a);
	const struct sf_pair **v = sf_xcalloc(sf_analysis_npairs(a) + 1, sizeof(*v));
	const struct sf_pair **end = v;
	const struct sf_burst *bursts;
	char name[SIGFTRACE_SIGNAME_MAX], t1[32], t2[32];
	size_t i, j, n, nbursts;
	int sig;

	sf_analysis_each_pair(a, add_pair, &end);
	n = (size_t)(end - v);
	qsort(v, n, sizeof(*v), cmp_pair);
	fprintf(out, "%8s  %-16s %-12s %-16s %-32s %-16s %-14s %s\n", "COUNT", "SENDER", "SIGNAL",
		"RECEIVER", "RESULTS", "ORIGINS", "FIRST", "LAST");
	for (i = 0; i < n; i++) {
		struct sf_buf res = { 0 }, org = { 0 };
		int o;

		for (j = 0; j < 6; j++) {
			if (v[i]->results[j])
				sf_buf_printf(&res, "%s%llu %s", res.len ? ", " : "",
					      v[i]->results[j], result_names[j]);
		}
		for (o = 0; o < SF_PAIR_ORIGINS; o++) {
			if (v[i]->origins[o])
				sf_buf_printf(&org, "%s%s", org.len ? "," : "",
					      o < SIGFTRACE_ORIGIN_NR ?
						      sigftrace_origin_name(o) :
						      sf_killer_name(o - SIGFTRACE_ORIGIN_NR));
		}
		sigftrace_sig_format(name, sizeof(name), arch, v[i]->sig);
		fmt_ts(t1, sizeof(t1), v[i]->first);
		fmt_ts(t2, sizeof(t2), v[i]->last);
		fprintf(out, "%8llu  %-16s %-12s %-16s %-32s %-16s %-14s %s\n", v[i]->count,
			v[i]->scomm, name, v[i]->rcomm, sf_buf_str(&res), sf_buf_str(&org), t1, t2);
		sf_buf_free(&res);
		sf_buf_free(&org);
	}
	free(v);
	bursts = sf_analysis_bursts(a, &nbursts);
	if (nbursts) {
		fprintf(out,
			"\nBroadcasts (one sender, one signal, many receivers within 1 ms):\n");
		for (i = 0; i < nbursts; i++) {
			const struct sf_burst *b = &bursts[i];

			sigftrace_sig_format(name, sizeof(name), arch, b->sig);
			fmt_ts(t1, sizeof(t1), b->first);
			fprintf(out, "  %s (%s %d) --[%s]--> %zu processes", t1, b->scomm,
				b->sender_pid, name, b->receivers.count);
			if (b->count > b->receivers.count)
				fprintf(out, " (%llu signals)", b->count);
			if (b->ignored)
				fprintf(out, ", %llu ignored", b->ignored);
			fprintf(out, "\n");
		}
	}
	fprintf(out, "\n%-12s %8s %10s %8s %8s %8s %12s %12s\n", "SIGNAL", "COUNT", "DELIVERED",
		"IGNORED", "PENDING", "OTHER", "LATENCY-AVG", "LATENCY-MAX");
	for (sig = 1; sig <= SF_MAX_SIG; sig++) {
		const struct sf_sigstat *st = sf_analysis_sigstat(a, sig);

		if (!st->count)
			continue;
		sigftrace_sig_format(name, sizeof(name), arch, sig);
		fprintf(out, "%-12s %8llu %10llu %8llu %8llu %8llu", name, st->count,
			st->results[0], st->results[1], st->results[2],
			st->results[3] + st->results[4] + st->results[5]);
		if (st->delivered)
			fprintf(out, " %10.1fus %10.1fus\n",
				(double)st->lat_sum / (double)st->delivered / 1000.0,
				(double)st->lat_max / 1000.0);
		else
			fprintf(out, " %12s %12s\n", "-", "-");
	}
}

void sf_answers_killed(const struct sf_analysis *a, FILE *out)
{
	const struct sigftrace_arch *arch = sf_analysis_arch(a);
	char name[SIGFTRACE_SIGNAME_MAX], sname[SIGFTRACE_SIGNAME_MAX], t1[32];
	size_t i, n;
	const struct sf_killed *killed = sf_analysis_killed(a, &n);

	if (!n) {
		fprintf(out, "no process died of a signal\n");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct sf_killed *k = &killed[i];

		fmt_ts(t1, sizeof(t1), k->ts);
		fprintf(out, "%s (%s %d) killed by ", t1, k->comm, k->pid);
		if (!k->why.sig) {
			fprintf(out, "a signal whose sender is not in the trace\n");
			continue;
		}
		sigftrace_sig_format(name, sizeof(name), arch, k->why.sig);
		if (k->why.kernel)
			fprintf(out, "%s from (kernel)", name);
		else
			fprintf(out, "%s from (%s %d)", name, k->why.scomm, k->why.sender_pid);
		if (k->oom)
			fprintf(out, " oom-kill%s%s", k->memcg[0] ? " memcg " : "", k->memcg);
		else if (sf_killer_name(k->why.killer))
			fprintf(out, " %s", sf_killer_name(k->why.killer));
		else if (k->why.origin != SIGFTRACE_ORIGIN_KILL)
			fprintf(out, " %s", sigftrace_origin_name(k->why.origin));
		if (k->why.context)
			fprintf(out, " in %s/%d", k->why.scomm, k->why.sender_pid);
		if (k->survived_sig) {
			sigftrace_sig_format(sname, sizeof(sname), arch, k->survived_sig);
			fprintf(out, ", did not stop on %s (%s)", sname,
				sf_fate_name(k->survived_fate));
		}
		fprintf(out, "\n");
	}
}

struct dot {
	const struct sigftrace_arch *arch;
	FILE *out;
	bool kernel;
};

static void dot_kernel(long long key, const void *edge, void *ctx)
{
	const struct sf_edge *e = edge;
	struct dot *d = ctx;

	(void)key;
	if (e->from < 0)
		d->kernel = true;
}

static void dot_node(long long pid, const void *comm, void *ctx)
{
	struct dot *d = ctx;
	const char *c;

	fprintf(d->out, "\tp%lld [label=\"", pid);
	for (c = (const char *)comm; *c; c++)
		fprintf(d->out, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
	fprintf(d->out, "\\n%lld\"];\n", pid);
}

static void dot_edge(long long key, const void *edge, void *ctx)
{
	const struct sf_edge *e = edge;
	struct dot *d = ctx;
	char name[SIGFTRACE_SIGNAME_MAX];

	(void)key;
	sigftrace_sig_format(name, sizeof(name), d->arch, e->sig);
	if (e->from < 0)
		fprintf(d->out, "\tkernel");
	else
		fprintf(d->out, "\tp%d", e->from);
	fprintf(d->out, " -> p%d [label=\"%s x%llu%s\"%s];\n", e->to, name, e->count,
		e->fatal ? " (fatal)" : "",
		e->fatal ? ", color=red, penwidth=2.5, fontcolor=red" : "");
}

void sf_answers_dot(const struct sf_analysis *a, FILE *out)
{
	struct dot d = { sf_analysis_arch(a), out, false };

	fprintf(out,
		"digraph signals {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"monospace\"];\n");
	sf_analysis_each_edge(a, dot_kernel, &d);
	if (d.kernel)
		fprintf(out,
			"\tkernel [label=\"kernel\", shape=ellipse, style=filled, fillcolor=lightgrey];\n");
	sf_analysis_each_name(a, dot_node, &d);
	sf_analysis_each_edge(a, dot_edge, &d);
	fprintf(out, "}\n");
}
