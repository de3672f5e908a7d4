// SPDX-License-Identifier: GPL-2.0
/*
 * sf-sink-json - the JSON sink: one object per line (JSON Lines) for every
 * signal, with the sender and receiver processes and threads, the origin,
 * the result and, with report, the signal's fate; and one object for every
 * loss of events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-analyze.h"
#include "sf-attrib.h"
#include "sf-out.h"
#include "sf-util.h"

/* the longest "ancestors" member: a comm escaped is 96 bytes at most */
#define JSON_ANC_MAX (16 + SF_ANCESTORS_MAX * (16 + 2 + 6 * SIGFTRACE_COMM_LEN + 11 + 1))
#define JSON_ANC_KEPT 8

struct json {
	struct sf_out out;
	struct sf_fdbuf b;
	const struct sigftrace_arch *arch;
	/* the "ancestors" of recent senders' chains, by sf_attr.chain_id */
	struct {
		unsigned long long id;
		size_t len;
		char text[JSON_ANC_MAX];
	} anc[JSON_ANC_KEPT];
};

/* a byte a JSON string holds as it is */
#define JSON_PLAIN(c) ((c) >= 0x20 && (c) < 0x7f && (c) != '"' && (c) != '\\')

/* json_str - a JSON string; control bytes and non-ASCII as \u00XX */
static char *json_str(char *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n;

	*o++ = '"';
	if (!s)
		return SF_PUT(o, "\"");
	/* the common case first: a run that needs no escape, copied at once */
	for (n = 0; JSON_PLAIN((unsigned char)s[n]); n++)
		;
	memcpy(o, s, n);
	o += n;
	for (s += n; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		} else {
			*o++ = (char)c;
		}
	}
	*o++ = '"';
	return o;
}

/* json_task - "\"comm\":...,\"pid\":N" */
static char *json_task(char *o, const char *comm, int pid, bool null_comm)
{
	o = SF_PUT(o, "\"comm\":");
	o = comm || !null_comm ? json_str(o, comm ? comm : "<...>") : SF_PUT(o, "null");
	o = SF_PUT(o, ",\"pid\":");
	return sf_put_d(o, pid);
}

/* json_process - ",\"process\":{...}" of a thread that is not its process's main one */
static char *json_process(char *o, int tid, const char *comm, int pid)
{
	if (pid <= 0 || pid == tid)
		return o;
	o = SF_PUT(o, ",\"process\":{");
	o = json_task(o, comm, pid, false);
	*o++ = '}';
	return o;
}

/* json_thread - ",\"thread\":{\"comm\":...,\"tid\":N}" when not the main thread */
static char *json_thread(char *o, const struct sigftrace_ids *ids)
{
	if (ids->tid <= 0 || ids->tid == ids->pid)
		return o;
	o = SF_PUT(o, ",\"thread\":{\"comm\":");
	o = ids->thread_comm ? json_str(o, ids->thread_comm) : SF_PUT(o, "null");
	o = SF_PUT(o, ",\"tid\":");
	o = sf_put_d(o, ids->tid);
	*o++ = '}';
	return o;
}

/* json_sig - "\"signal\":{\"number\":N,\"name\":\"NAME\"}," */
static char *json_sig(char *o, int sig, const char *name)
{
	o = SF_PUT(o, "\"signal\":{\"number\":");
	o = sf_put_d(o, sig);
	o = SF_PUT(o, ",\"name\":\"");
	o = sf_put_str(o, name);
	return SF_PUT(o, "\"},");
}

/* json_fate - ",\"fate\":{...}" */
static char *json_fate(char *o, const struct sf_fate_info *f)
{
	o = SF_PUT(o, ",\"fate\":{\"fate\":\"");
	o = sf_put_str(o, sf_fate_name(f->fate));
	*o++ = '"';
	if (f->fate == SF_FATE_HANDLED) {
		o = SF_PUT(o, ",\"handler\":\"");
		o = sf_put_hex(o, f->handler);
		*o++ = '"';
	} else if (f->fate == SF_FATE_DEFAULT) {
		o = SF_PUT(o, ",\"action\":\"");
		o = sf_put_str(o, sigftrace_action_name((enum sigftrace_action)f->action));
		*o++ = '"';
	}
	if (f->fate == SF_FATE_HANDLED || f->fate == SF_FATE_DEFAULT ||
	    (f->fate == SF_FATE_IGNORED && f->latency)) {
		o = SF_PUT(o, ",\"latency_ns\":");
		o = sf_put_u(o, f->latency);
	}
	*o++ = '}';
	return o;
}

/* json_deliver - the rest of a deliver event's line */
static char *json_deliver(const struct sigftrace_arch *arch, char *o, const struct sf_signal *sig,
			  const char *name)
{
	const struct sigftrace_sig *s = &sig->s;
	const struct sigftrace_ids *ids = &sig->ids;

	o = SF_PUT(o, "\"receiver\":{");
	o = json_task(o, ids->thread_comm, s->pid, false);
	o = json_process(o, s->pid, ids->comm, ids->pid);
	o = SF_PUT(o, "},");
	o = json_sig(o, s->sig, name);
	if (s->handler == 0) {
		o = SF_PUT(o, "\"action\":\"default\",\"default\":\"");
		o = sf_put_str(o, sigftrace_action_name(sigftrace_sig_action(arch, s->sig)));
		*o++ = '"';
	} else if (s->handler == 1) {
		o = SF_PUT(o, "\"action\":\"ignored\"");
	} else {
		o = SF_PUT(o, "\"action\":\"handler\",\"handler\":\"");
		o = sf_put_hex(o, s->handler);
		*o++ = '"';
	}
	o = SF_PUT(o, ",\"sa_flags\":\"");
	o = sf_put_hex(o, s->sa_flags);
	return SF_PUT(o, "\"}\n");
}

/* put - a literal, without the cost of a format (these run for every signal) */
static char *put(char *o, const char *lit)
{
	size_t n = strlen(lit);

	memcpy(o, lit, n);
	return o + n;
}

/* put_int - @v in decimal */
static char *put_int(char *o, int v)
{
	char tmp[12];
	unsigned int u = v < 0 ? 0u - (unsigned int)v : (unsigned int)v;
	int i = 0;

	do
		tmp[i++] = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		*o++ = '-';
	while (i)
		*o++ = tmp[--i];
	return o;
}

/* json_cgroup - ",\"cgroup\":...,\"unit\":...,\"container\":...,\"pod\":..." as known */
static char *json_cgroup(char *o, const char *cgroup)
{
	char buf[SF_ATTRIB_PATH_MAX + 1];

	if (!cgroup)
		return o;
	o = json_str(put(o, ",\"cgroup\":"), cgroup);
	if (sf_cgroup_unit(cgroup, buf, sizeof(buf)))
		o = json_str(put(o, ",\"unit\":"), buf);
	if (sf_cgroup_container(cgroup, buf, sizeof(buf)))
		o = json_str(put(o, ",\"container\":"), buf);
	if (sf_cgroup_pod(cgroup, buf, sizeof(buf)))
		o = json_str(put(o, ",\"pod\":"), buf);
	return o;
}

/* json_src - ",\"attribution\":\"trace\"|\"proc-snapshot\"" when anything is known */
static char *json_src(char *o, unsigned char src)
{
	if (src == SF_ATTR_TRACE)
		return put(o, ",\"attribution\":\"trace\"");
	if (src == SF_ATTR_PROC)
		return put(o, ",\"attribution\":\"proc-snapshot\"");
	return o;
}

/* json_ancestors - ",\"ancestors\":[...]"; a recent chain's as it was made */
static char *json_ancestors(struct json *j, char *o, const struct sf_attr *a)
{
	char *start = o;
	size_t slot = a->chain_id % JSON_ANC_KEPT;
	int i;

	if (a->chain_id && j->anc[slot].id == a->chain_id) {
		memcpy(o, j->anc[slot].text, j->anc[slot].len);
		return o + j->anc[slot].len;
	}
	o = put(o, ",\"ancestors\":[");
	for (i = 0; i < a->nanc; i++) {
		o = put(o, i ? ",{\"comm\":" : "{\"comm\":");
		o = a->anc[i].comm[0] ? json_str(o, a->anc[i].comm) : put(o, "null");
		o = put_int(put(o, ",\"pid\":"), a->anc[i].pid);
		*o++ = '}';
	}
	*o++ = ']';
	if (a->chain_id && (size_t)(o - start) <= JSON_ANC_MAX) {
		j->anc[slot].id = a->chain_id;
		j->anc[slot].len = (size_t)(o - start);
		memcpy(j->anc[slot].text, start, j->anc[slot].len);
	}
	return o;
}

/* json_sender_attr - the sending process's program, parents and cgroup */
static char *json_sender_attr(struct json *j, char *o, const struct sf_attr *a)
{
	if (a->exe)
		o = json_str(put(o, ",\"exe\":"), a->exe);
	if (a->nanc)
		o = json_ancestors(j, o, a);
	o = json_cgroup(o, a->cgroup);
	return a->exe || a->nanc || a->cgroup ? json_src(o, a->src) : o;
}

static size_t json_line(struct json *j, char *o, const struct sf_signal *sig)
{
	const struct sigftrace_arch *arch = j->arch;
	static const char *const ctx[] = { "kernel", "softirq", "irq", "nmi" };
	const struct sigftrace_sig *s = &sig->s;
	const struct sigftrace_ids *ids = &sig->ids;
	char name[SIGFTRACE_SIGNAME_MAX];
	char *start = o;
	const char *code;
	const char *res;

	sigftrace_sig_format(name, sizeof(name), arch, s->sig);
	o = SF_PUT(o, "{\"timestamp\":");
	o = sf_put_ns(o, sig->ts);
	o = SF_PUT(o, ",\"cpu\":");
	o = sf_put_d(o, sig->cpu);
	if (s->kind == SIGFTRACE_EV_DELIVER) {
		o = SF_PUT(o, ",\"event\":\"deliver\",");
		return (size_t)(json_deliver(arch, o, sig, name) - start);
	}
	o = SF_PUT(o, ",\"event\":\"generate\",\"sender\":{");
	if (sigftrace_kernel_sender(arch, s) || s->ctx != SIGFTRACE_CTX_TASK) {
		o = SF_PUT(o, "\"kind\":\"");
		o = sf_put_str(o, sigftrace_kernel_sender(arch, s) ? "kernel" : ctx[s->ctx]);
		o = SF_PUT(o, "\",\"context\":{");
		o = json_task(o, ids->comm, ids->pid, false);
		o = json_thread(o, ids);
		o = SF_PUT(o, "}},");
	} else {
		o = SF_PUT(o, "\"kind\":\"task\",");
		o = json_task(o, ids->comm, ids->pid, true);
		o = json_thread(o, ids);
		o = json_sender_attr(j, o, &sig->attr);
		o = SF_PUT(o, "},");
	}
	o = SF_PUT(o, "\"receiver\":{");
	o = json_task(o, s->comm, s->pid, false);
	o = json_process(o, s->pid, ids->rcomm, ids->rpid);
	o = json_cgroup(o, sig->attr.rcgroup);
	if (sig->attr.oom && sig->attr.rmemcg)
		o = json_str(put(o, ",\"memcg\":"), sig->attr.rmemcg);
	if (sig->attr.rcgroup)
		o = json_src(o, sig->attr.rsrc);
	o = SF_PUT(o, "},");
	o = json_sig(o, s->sig, name);
	code = sigftrace_code_name(arch, s->sig, s->code);
	o = SF_PUT(o, "\"origin\":\"");
	o = sf_put_str(o, sf_signal_origin(arch, sig));
	o = SF_PUT(o, "\",\"code\":");
	o = sf_put_d(o, s->code);
	o = SF_PUT(o, ",\"code_name\":");
	if (code) {
		*o++ = '"';
		o = sf_put_str(o, code);
		*o++ = '"';
	} else {
		o = SF_PUT(o, "null");
	}
	res = sigftrace_result_name(s->result);
	o = SF_PUT(o, ",\"result\":");
	if (res) {
		*o++ = '"';
		o = sf_put_str(o, res);
		*o++ = '"';
	} else if (s->result < 0) {
		o = SF_PUT(o, "null");
	} else {
		o = sf_put_d(o, s->result);
	}
	o = SF_PUT(o, ",\"group\":");
	o = s->group < 0 ? SF_PUT(o, "null") : s->group ? SF_PUT(o, "true") : SF_PUT(o, "false");
	o = SF_PUT(o, ",\"errno\":");
	o = sf_put_d(o, s->err);
	if (sig->buffer) {
		o = SF_PUT(o, ",\"instance\":");
		o = *sig->buffer ? json_str(o, sig->buffer) : SF_PUT(o, "null");
	}
	if (sig->fate)
		o = json_fate(o, sig->fate);
	o = SF_PUT(o, "}\n");
	return (size_t)(o - start);
}

static void json_signal(struct sf_out *out, const struct sf_signal *sig)
{
	struct json *j = (struct json *)out;
	char *o = sf_fdbuf_room(&j->b, out);

	if (o)
		sf_fdbuf_put(&j->b, o + json_line(j, o, sig));
}

static void json_lost(struct sf_out *out, unsigned long long ts, int cpu, long long missed)
{
	struct json *j = (struct json *)out;
	char *o = sf_fdbuf_room(&j->b, out);

	if (!o)
		return;
	o = SF_PUT(o, "{\"timestamp\":");
	o = sf_put_ns(o, ts);
	o = SF_PUT(o, ",\"cpu\":");
	o = sf_put_d(o, cpu);
	o = SF_PUT(o, ",\"event\":\"lost\",\"lost\":");
	o = missed > 0 ? sf_put_d(o, missed) : SF_PUT(o, "null");
	o = SF_PUT(o, "}\n");
	sf_fdbuf_put(&j->b, o);
}

static int json_flush(struct sf_out *out)
{
	struct json *j = (struct json *)out;

	return sf_fdbuf_flush(&j->b, out);
}

static void json_free(struct sf_out *out)
{
	struct json *j = (struct json *)out;

	sf_fdbuf_free(&j->b);
	free(j);
}

static const struct sf_out_ops json_ops = {
	.signal = json_signal,
	.lost = json_lost,
	.flush = json_flush,
	.free = json_free,
};

struct sf_out *sf_sink_json_new(const struct sf_out_conf *c)
{
	struct json *j = sf_xcalloc(1, sizeof(*j));

	j->out.ops = &json_ops;
	sf_fdbuf_init(&j->b, c->fd);
	j->arch = c->arch;
	return &j->out;
}
