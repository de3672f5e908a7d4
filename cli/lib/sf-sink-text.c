// SPDX-License-Identifier: GPL-2.0
/*
 * sf-sink-text - the text sink: "TIMESTAMP (SENDER PID) --[SIG]--> (RECEIVER
 * PID) ..." by the shared renderer (plugin/sigftrace-render.c), or the
 * original kernel patch's line (--format seed); colours on request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-attrib.h"
#include "sf-out.h"
#include "sf-util.h"

struct text {
	struct sf_out out;
	struct sf_fdbuf b;
	struct sigftrace_render_opts ropts;
	int ancestry; /* parents shown, 0: no chain */
	bool units;
	bool seed;
	bool color;
};

/* put_instance - " instance NAME": the buffer a line comes from, when a file has several */
static char *put_instance(char *o, const char *name)
{
	size_t n = strnlen(name, 255);

	memcpy(o, " instance ", 10);
	memcpy(o + 10, name, n);
	return o + 10 + n;
}

/* put_str - @s, at most @max bytes of it */
static char *put_str(char *o, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	memcpy(o, s, n);
	return o + n;
}

/* put_task_unit - "unit U", "container ID", or the cgroup path; "-" when unknown */
static char *put_task_unit(char *o, const char *cgroup)
{
	char buf[SF_ATTRIB_PATH_MAX + 1];

	if (!cgroup)
		return put_str(o, "-", 1);
	if (sf_cgroup_container(cgroup, buf, sizeof(buf))) {
		o = put_str(o, "container ", 10);
		return put_str(o, buf, 12);
	}
	if (sf_cgroup_unit(cgroup, buf, sizeof(buf)))
		return put_str(o, buf, sizeof(buf));
	return put_str(o, cgroup, SF_ATTRIB_PATH_MAX);
}

/*
 * put_attr - who is behind it, on request: " by (kill 4242 < sh 4200 <
 * grandpa 4190) /usr/bin/kill" and " units (sender unit -> receiver unit)";
 * "[/proc at start]" when the sender's facts predate the trace
 */
static char *put_attr(const struct text *t, char *o, const struct sf_signal *sig)
{
	const struct sf_attr *a = &sig->attr;
	int i;

	if (sig->s.kind != SIGFTRACE_EV_GENERATE)
		return o;
	if (a->oom)
		o = put_str(o, " oom-kill", 9);
	/*
	 * the other killers with -A only: the default line stays the one the
	 * plugin renders from the event alone (which names them "kernel")
	 */
	else if (t->ancestry && sf_killer_name(a->killer))
		o += sprintf(o, " %s", sf_killer_name(a->killer));
	if (a->oom && a->rmemcg)
		o += sprintf(o, " memcg %.*s", SF_ATTRIB_PATH_MAX, a->rmemcg);
	if (t->ancestry && sig->ids.pid > 0 && !sigftrace_kernel_sender(t->ropts.arch, &sig->s)) {
		o += sprintf(o, " by (%.*s %d", SIGFTRACE_COMM_LEN,
			     sig->ids.comm ? sig->ids.comm : "<...>", sig->ids.pid);
		for (i = 0; i < a->nanc && i < t->ancestry; i++)
			o += sprintf(o, " < %.*s %d", SIGFTRACE_COMM_LEN,
				     a->anc[i].comm[0] ? a->anc[i].comm : "<...>", a->anc[i].pid);
		*o++ = ')';
		if (a->exe)
			o += sprintf(o, " %.*s", SF_ATTRIB_PATH_MAX, a->exe);
		if (a->src == SF_ATTR_PROC)
			o = put_str(o, " [/proc at start]", 17);
	}
	if (t->units) {
		o = put_str(o, " units (", 8);
		o = put_task_unit(o, sigftrace_kernel_sender(t->ropts.arch, &sig->s) ? NULL :
										       a->cgroup);
		o = put_str(o, " -> ", 4);
		o = put_task_unit(o, a->rcgroup);
		*o++ = ')';
	}
	return o;
}

/* colour - red for what kills, yellow for what is ignored; NULL for neither */
static const char *colour(const struct text *t, const struct sigftrace_sig *s)
{
	const struct sigftrace_arch *arch = t->ropts.arch;
	enum sigftrace_action act;

	if (s->kind == SIGFTRACE_EV_DELIVER) {
		act = sigftrace_sig_action(arch, s->sig);
		if (s->handler == 0 && (act == SIGFTRACE_ACT_TERM || act == SIGFTRACE_ACT_CORE))
			return "\033[31m";
		return s->handler == 1 ? "\033[33m" : NULL;
	}
	if (s->result == SIGFTRACE_RES_IGNORED)
		return "\033[33m";
	if (s->sig == sigftrace_sig_parse(arch, "KILL") ||
	    sigftrace_code_origin(arch, s->sig, s->code) == SIGFTRACE_ORIGIN_FAULT)
		return "\033[1;31m";
	return NULL;
}

static void text_signal(struct sf_out *out, const struct sf_signal *sig)
{
	struct text *t = (struct text *)out;
	const char *col = t->color ? colour(t, &sig->s) : NULL;
	char *o = sf_fdbuf_room(&t->b, out);

	if (!o)
		return;
	o = sf_put_ts(o, sig->ts);
	*o++ = ' ';
	if (col) {
		memcpy(o, col, strlen(col));
		o += strlen(col);
	}
	o += sigftrace_format_ids(o, SIGFTRACE_LINE_MAX, &sig->s, &sig->ids, &t->ropts);
	if (!t->seed && (sig->attr.oom || t->ancestry || t->units))
		o = put_attr(t, o, sig);
	if (sig->buffer && *sig->buffer && !t->seed)
		o = put_instance(o, sig->buffer);
	if (col) {
		memcpy(o, "\033[0m", 4);
		o += 4;
	}
	*o++ = '\n';
	sf_fdbuf_put(&t->b, o);
}

static void text_lost(struct sf_out *out, unsigned long long ts, int cpu, long long missed)
{
	struct text *t = (struct text *)out;
	char *o = sf_fdbuf_room(&t->b, out);

	if (!o)
		return;
	o = sf_put_ts(o, ts);
	o += missed > 0 ?
		     sprintf(o, " [CPU %d: %lld events lost before this point]\n", cpu, missed) :
		     sprintf(o, " [CPU %d: events lost before this point]\n", cpu);
	sf_fdbuf_put(&t->b, o);
}

static int text_flush(struct sf_out *out)
{
	struct text *t = (struct text *)out;

	return sf_fdbuf_flush(&t->b, out);
}

static void text_free(struct sf_out *out)
{
	struct text *t = (struct text *)out;

	sf_fdbuf_free(&t->b);
	free(t);
}

static const struct sf_out_ops text_ops = {
	.signal = text_signal,
	.lost = text_lost,
	.flush = text_flush,
	.free = text_free,
};

struct sf_out *sf_sink_text_new(const struct sf_out_conf *c, bool seed)
{
	struct text *t = sf_xcalloc(1, sizeof(*t));

	t->out.ops = &text_ops;
	sf_fdbuf_init(&t->b, c->fd);
	t->ropts.arch = c->arch;
	t->ropts.flags = (seed ? SIGFTRACE_FMT_SEED : 0) | (c->numeric ? SIGFTRACE_FMT_NUMERIC : 0);
	t->seed = seed;
	t->color = c->color;
	t->ancestry = c->ancestry;
	t->units = c->units;
	return &t->out;
}
