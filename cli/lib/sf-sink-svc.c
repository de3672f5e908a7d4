// SPDX-License-Identifier: GPL-2.0
/*
 * sf-sink-svc - a service sink (journal, syslog, metrics: sf-sink.h) as a
 * sink of the pipeline: each signal shown becomes one entry of fields
 * (SIGFTRACE_SIGNAL, ..._SENDER_PID, ...) with the rendered line as its
 * message, its time in CLOCK_REALTIME and its priority: a warning for a
 * signal that killed its receiver (its delivery said so: the pipeline held
 * it until then, sf_pipeline.hold_fatal), info for the others. With
 * attribution (stream asks for it when a service sink is on) the entry also
 * names the sender's program and parents and both sides' cgroup, systemd
 * unit and container, and the origin names the kernel's killer (oom, ...).
 *
 * Losses of the ring buffer are not passed on here: the command reports
 * them to every service sink itself, from the pages' counts and the
 * kernel's per-CPU counters (whichever says more), so that none is told
 * twice and none is missed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sf-attrib.h"
#include "sf-out.h"
#include "sf-util.h"

struct svc {
	struct sf_out out;
	struct sf_sink *sink;
	struct sigftrace_render_opts ropts;
	bool mono; /* event times are CLOCK_MONOTONIC: convert them */
};

/* realtime - the CLOCK_REALTIME of CLOCK_MONOTONIC @ts (the offset now) */
static struct timespec realtime(unsigned long long ts)
{
	struct timespec r, m, out;
	long long off;

	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	off = ((long long)r.tv_sec - m.tv_sec) * 1000000000LL + (r.tv_nsec - m.tv_nsec);
	ts += (unsigned long long)off;
	out.tv_sec = (time_t)(ts / 1000000000ULL);
	out.tv_nsec = (long)(ts % 1000000000ULL);
	return out;
}

/* sender - the sender's comm and pid as the line names it: "kernel" 0 for the kernel */
static const char *sender(const struct svc *v, const struct sf_signal *sig, int *pid)
{
	static const char *const ctx[] = { "kernel", "softirq", "irq", "nmi" };
	const struct sigftrace_sig *s = &sig->s;

	if (sigftrace_kernel_sender(v->ropts.arch, s) || s->ctx != SIGFTRACE_CTX_TASK) {
		*pid = 0;
		return sigftrace_kernel_sender(v->ropts.arch, s) ? "kernel" : ctx[s->ctx];
	}
	*pid = sig->ids.pid;
	return sig->ids.comm ? sig->ids.comm : "<...>";
}

/* the cgroup buffers of one entry: a side's unit and container */
struct side_names {
	char unit[SF_ATTRIB_PATH_MAX + 1];
	char container[SF_ATTRIB_PATH_MAX + 1];
};

/* cgroup_fields - @cgroup's path, unit and container into @f (3 fields at most) */
static size_t cgroup_fields(struct sf_field *f, const char *cgroup, struct side_names *b,
			    const char *kpath, const char *kunit, const char *kcont)
{
	size_t n = 0;

	if (!cgroup)
		return 0;
	f[n++] = (struct sf_field){ kpath, cgroup };
	if (sf_cgroup_unit(cgroup, b->unit, sizeof(b->unit)))
		f[n++] = (struct sf_field){ kunit, b->unit };
	if (sf_cgroup_container(cgroup, b->container, sizeof(b->container)))
		f[n++] = (struct sf_field){ kcont, b->container };
	return n;
}

/* ancestry - "comm pid < comm pid ...", the sender's parents nearest first */
static const char *ancestry(char *buf, size_t size, const struct sf_attr *a)
{
	size_t len = 0;
	int i, r;

	buf[0] = '\0';
	for (i = 0; i < a->nanc && len < size; i++) {
		r = snprintf(buf + len, size - len, "%s%s %d", i ? " < " : "",
			     a->anc[i].comm[0] ? a->anc[i].comm : "<...>", a->anc[i].pid);
		if (r < 0)
			break;
		len += (size_t)r;
	}
	return buf;
}

static void svc_signal(struct sf_out *out, const struct sf_signal *sig)
{
	struct svc *v = (struct svc *)out;
	const struct sigftrace_sig *s = &sig->s;
	char line[SIGFTRACE_LINE_MAX + 1], name[SIGFTRACE_SIGNAME_MAX];
	char signo[16], spid[16], rpid[16], stid[16], ppid[16];
	char anc[SF_ANCESTORS_MAX * (SIGFTRACE_COMM_LEN + 16)];
	const char *res = sigftrace_result_name(s->result);
	struct side_names sb, rb;
	struct sf_field f[24];
	struct sf_entry e = { .fields = f, .message = line };
	size_t n = 0;
	int pid;

	if (s->kind != SIGFTRACE_EV_GENERATE || !v->sink)
		return;
	line[sigftrace_format_ids(line, sizeof(line), s, &sig->ids, &v->ropts)] = '\0';
	sigftrace_sig_format(name, sizeof(name), v->ropts.arch, s->sig);
	snprintf(signo, sizeof(signo), "%d", s->sig);
	f[n++] = (struct sf_field){ SF_F_SIGNAL, name };
	f[n++] = (struct sf_field){ SF_F_SIGNO, signo };
	f[n++] = (struct sf_field){ SF_F_SENDER_COMM, sender(v, sig, &pid) };
	snprintf(spid, sizeof(spid), "%d", pid);
	f[n++] = (struct sf_field){ SF_F_SENDER_PID, spid };
	if (pid > 0 && sig->ids.tid > 0 && sig->ids.tid != sig->ids.pid) {
		snprintf(stid, sizeof(stid), "%d", sig->ids.tid);
		f[n++] = (struct sf_field){ SF_F_SENDER_TID, stid };
		f[n++] = (struct sf_field){ SF_F_SENDER_THREAD_COMM,
					    sig->ids.thread_comm ? sig->ids.thread_comm : "<...>" };
	}
	snprintf(rpid, sizeof(rpid), "%d", s->pid);
	f[n++] = (struct sf_field){ SF_F_RECEIVER_COMM, s->comm };
	f[n++] = (struct sf_field){ SF_F_RECEIVER_PID, rpid };
	if (sig->ids.rpid > 0 && sig->ids.rpid != s->pid) {
		snprintf(ppid, sizeof(ppid), "%d", sig->ids.rpid);
		f[n++] = (struct sf_field){ SF_F_RECEIVER_PROCESS_PID, ppid };
		f[n++] = (struct sf_field){ SF_F_RECEIVER_PROCESS_COMM,
					    sig->ids.rcomm ? sig->ids.rcomm : "<...>" };
	}
	if (pid > 0 && sig->attr.exe)
		f[n++] = (struct sf_field){ SF_F_SENDER_EXE, sig->attr.exe };
	if (pid > 0 && sig->attr.nanc)
		f[n++] = (struct sf_field){ SF_F_SENDER_ANCESTRY,
					    ancestry(anc, sizeof(anc), &sig->attr) };
	if (pid > 0)
		n += cgroup_fields(f + n, sig->attr.cgroup, &sb, SF_F_SENDER_CGROUP,
				   SF_F_SENDER_UNIT, SF_F_SENDER_CONTAINER);
	n += cgroup_fields(f + n, sig->attr.rcgroup, &rb, SF_F_RECEIVER_CGROUP, SF_F_RECEIVER_UNIT,
			   SF_F_RECEIVER_CONTAINER);
	f[n++] = (struct sf_field){ SF_F_ORIGIN, sf_signal_origin(v->ropts.arch, sig) };
	f[n++] = (struct sf_field){ SF_F_RESULT, res ? res : "unknown" };
	if (sig->killed != SF_KILLED_UNKNOWN)
		f[n++] = (struct sf_field){ SF_F_KILLED, sig->killed == SF_KILLED_YES ? "1" : "0" };
	e.nfields = n;
	e.priority = sig->killed == SF_KILLED_YES ? SF_PRI_WARNING : SF_PRI_INFO;
	if (v->mono)
		e.time = realtime(sig->ts);
	sf_sink_event(v->sink, &e);
}

static void svc_free(struct sf_out *out)
{
	struct svc *v = (struct svc *)out;

	sf_sink_close(v->sink, 0);
	free(v);
}

static const struct sf_out_ops svc_ops = {
	.signal = svc_signal,
	.free = svc_free,
};

struct sf_out *sf_sink_svc_new(struct sf_sink *sink, const struct sigftrace_arch *arch, bool mono)
{
	struct svc *v = sf_xcalloc(1, sizeof(*v));

	v->out.ops = &svc_ops;
	v->sink = sink;
	v->ropts.arch = arch;
	v->mono = mono;
	return &v->out;
}

struct sf_sink *sf_sink_svc_sink(struct sf_out *o)
{
	return o->ops == &svc_ops ? ((struct svc *)o)->sink : NULL;
}

size_t sf_sink_svc_close(struct sf_out *o, unsigned int timeout_ms)
{
	struct svc *v = (struct svc *)o;
	size_t left;

	if (o->ops != &svc_ops || !v->sink)
		return 0;
	left = sf_sink_close(v->sink, timeout_ms);
	v->sink = NULL;
	return left;
}
