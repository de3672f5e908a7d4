// SPDX-License-Identifier: GPL-2.0
/*
 * sf-pipeline - the event pipeline (see sf-pipeline.h).
 *
 * Hot path: one decode per record (sf-event), names from a hash map, the
 * filter's tables, and the sinks' batched writes. No stdio, no allocation
 * per event (the gate's queue grows only while a signal waits for its fate).
 */
#include <stdlib.h>
#include <string.h>

#include "sf-pipeline.h"
#include "sf-util.h"

/*
 * The gate waits for at most this many held signals, and takes at most this
 * many items behind them, before the oldest held signal is shown rather than
 * a fatal one lost (or, held for its fate only, shown with its fate unknown):
 * a storm behind a held signal costs at most SF_QUEUE_MAX items, whose
 * memory is given back once the queue is empty again.
 */
#define SF_HELD_MAX 4096
#define SF_QUEUE_MAX 65536
#define SF_HELD_MAX_FATES SF_QUEUE_MAX /* with sf_pipeline_fates(): every signal waits */
#define SF_QUEUE_KEEP 1024 /* items an empty queue keeps room for */

enum { ITEM_SIGNAL, ITEM_LOST };
enum { HELD, HELD_SHOW, HELD_HIDE };

/*
 * what waits behind a held signal, or the held signal itself; its names
 * point into it: sf_signal_rebase() after the queue moved
 */
struct sf_gate_item {
	struct sf_signal sig; /* ITEM_SIGNAL, a copy with its names */
	long long missed; /* ITEM_LOST */
	unsigned char kind;
	unsigned char state; /* a held signal's: HELD until decided */
	unsigned char names; /* which of sig's names are set: see keep() */
	bool held;
	bool keep; /* held for its fate only (hold_fatal): shown whatever it is */
	bool if_fatal; /* shown only if it kills (SF_SEL_IF_FATAL) */
	bool has_fate; /* sf_pipeline_fates(): @fate is the signal's */
	struct sf_fate_info fate;
	bool oom_wait; /* held for the mark_victim that follows the OOM killer's SIGKILL */
	bool oom_only; /* and shown only if it comes (--origin oom) */
};

enum { NAME_COMM = 1, NAME_SAME = 2, NAME_THREAD = 4, NAME_RCOMM = 8 };

/*
 * keep - @sig into the queue item @it, with its names. The names point into
 * the item itself, which moves when the queue grows or is consumed: kept()
 * points them at the item where it is then.
 */
static void keep(struct sf_gate_item *it, const struct sf_signal *sig)
{
	const struct sigftrace_ids *ids = &it->sig.ids;

	sf_signal_copy(&it->sig, sig);
	it->names = (ids->comm ? NAME_COMM : 0) |
		    (ids->comm && ids->comm == ids->thread_comm ? NAME_SAME : 0) |
		    (ids->thread_comm ? NAME_THREAD : 0) | (ids->rcomm ? NAME_RCOMM : 0);
}

static const struct sf_signal *kept(struct sf_gate_item *it)
{
	struct sigftrace_ids *ids = &it->sig.ids;

	ids->thread_comm = it->names & NAME_THREAD ? it->sig.thread_comm : NULL;
	ids->comm = it->names & NAME_SAME ? ids->thread_comm :
		    it->names & NAME_COMM ? it->sig.comm :
					    NULL;
	ids->rcomm = it->names & NAME_RCOMM ? it->sig.rcomm : NULL;
	return &it->sig;
}

/*
 * The OOM killer sends its SIGKILL, then marks the victim (mm/oom_kill.c:
 * do_send_sig_info(), then mark_oom_victim()), microseconds later on the same
 * CPU. A kernel SIGKILL waits for the next record of its CPU, or this long.
 */
#define SF_OOM_WAIT_NS 1000000ULL

void sf_pipeline_init(struct sf_pipeline *p, struct tep_handle *tep,
		      const struct sigftrace_arch *arch)
{
	memset(p, 0, sizeof(*p));
	p->arch = arch;
	sf_decoder_init(&p->dec, tep);
	sf_names_init(&p->names, tep);
	p->attrib = sf_attrib_new();
}

void sf_pipeline_add(struct sf_pipeline *p, struct sf_out *o)
{
	if (p->nouts < SF_PIPELINE_OUTS)
		p->outs[p->nouts++] = o;
	else
		sf_out_free(o);
}

/* failed - a sink's write failed: the pipeline's error is the first one */
static void failed(struct sf_pipeline *p, const struct sf_out *o)
{
	if (o->error && !p->error)
		p->error = o->error;
}

int sf_pipeline_flush(struct sf_pipeline *p)
{
	int ret = 0;
	size_t i;

	for (i = 0; i < p->nouts; i++) {
		ret |= sf_out_flush(p->outs[i]);
		failed(p, p->outs[i]);
	}
	return ret ? -1 : 0;
}

/* show - a shown signal to the sinks; @immediate: to those that take it at once */
static void show(struct sf_pipeline *p, const struct sf_signal *sig, bool immediate)
{
	size_t i;

	for (i = 0; i < p->nouts; i++) {
		if (p->outs[i]->immediate == immediate) {
			sf_out_signal(p->outs[i], sig);
			failed(p, p->outs[i]);
		}
	}
}

/* lost - a loss of events to the sinks that take them in order */
static void lost(struct sf_pipeline *p, unsigned long long ts, int cpu, long long missed)
{
	size_t i;

	for (i = 0; i < p->nouts; i++) {
		if (!p->outs[i]->immediate) {
			sf_out_lost(p->outs[i], ts, cpu, missed);
			failed(p, p->outs[i]);
		}
	}
}

static struct sf_gate_item *enqueue(struct sf_pipeline *p)
{
	struct sf_gate_item *it;

	if (p->nqueue == p->qcap) {
		p->qcap = p->qcap ? p->qcap * 2 : 64;
		p->queue = sf_xrealloc(p->queue, p->qcap * sizeof(*p->queue));
	}
	it = &p->queue[p->nqueue++];
	it->held = false;
	it->keep = false;
	it->state = HELD_SHOW;
	it->if_fatal = false;
	it->has_fate = false;
	return it;
}

/*
 * pass - pass on what waits up to the oldest signal still waiting for its
 * fate: the signals shown, not those hidden (which a recording leaves out
 * of its file)
 */
static void pass(struct sf_pipeline *p)
{
	size_t i;

	for (i = 0; i < p->nqueue; i++) {
		struct sf_gate_item *it = &p->queue[i];

		if (it->held && it->state == HELD)
			break;
		if (it->kind == ITEM_LOST) {
			lost(p, it->sig.ts, it->sig.cpu, it->missed);
			continue;
		}
		if (it->held)
			p->nheld--;
		/* the queue grew or moved since it was copied in */
		sf_signal_rebase(&it->sig);
		if (it->held && it->oom_wait)
			p->noom_wait--;
		if (it->has_fate)
			it->sig.fate = &it->fate;
		if (it->state == HELD_SHOW) {
			show(p, kept(it), false);
			/* the immediate sinks had only the others at once */
			if (it->held)
				show(p, kept(it), true);
		} else if (p->drop) {
			p->drop(p->drop_ctx, it->sig.cpu, it->sig.off);
		}
	}
	if (!i)
		return;
	memmove(p->queue, p->queue + i, (p->nqueue - i) * sizeof(*p->queue));
	p->nqueue -= i;
	/* a storm made it big: give the memory back (a stream runs for weeks) */
	if (!p->nqueue && p->qcap > SF_QUEUE_KEEP) {
		free(p->queue);
		p->queue = NULL;
		p->qcap = 0;
	}
}

static void valve(struct sf_pipeline *p);

/* emit - a signal the filters show */
static void emit(struct sf_pipeline *p, const struct sf_signal *sig)
{
	size_t i;

	if (p->nqueue)
		valve(p);
	if (p->nqueue) {
		if (p->nouts) {
			struct sf_gate_item *it = enqueue(p);

			keep(it, sig);
			/* a fate known at once is the pipeline's, which the next one overwrites */
			if (sig->fate) {
				it->fate = *sig->fate;
				it->has_fate = true;
			}
		}
		show(p, sig, true);
		return;
	}
	/* nothing waits: every sink at once */
	for (i = 0; i < p->nouts; i++) {
		sf_out_signal(p->outs[i], sig);
		failed(p, p->outs[i]);
	}
}

/* lost_mark - events were lost before @rec */
static void lost_mark(struct sf_pipeline *p, const struct tep_record *rec)
{
	struct sf_gate_item *it;

	if (rec->missed_events > 0)
		p->lost += (unsigned long long)rec->missed_events;
	else
		p->lost_marks++;
	if (p->nqueue)
		valve(p);
	if (!p->nqueue) {
		lost(p, rec->ts, rec->cpu, rec->missed_events);
		return;
	}
	if (!p->nouts)
		return;
	it = enqueue(p);
	it->kind = ITEM_LOST;
	it->sig.ts = rec->ts;
	it->sig.cpu = rec->cpu;
	it->missed = rec->missed_events;
}

/* settle - held signal @it is passed on (@killed SF_KILLED_*) or, unless kept, not */
static void settle(struct sf_gate_item *it, bool shown, signed char killed)
{
	it->state = shown || it->keep ? HELD_SHOW : HELD_HIDE;
	it->sig.killed = killed;
}

/* decide - the delivery of held signal @it tells its fate: @killed or not */
static void decide(struct sf_pipeline *p, struct sf_gate_item *it, bool killed)
{
	settle(it, killed, killed ? SF_KILLED_YES : SF_KILLED_NO);
	pass(p);
}

/*
 * valve - too much waits (held signals, or what waits behind them): the
 * oldest held signal is shown, rather than a fatal one lost or memory
 * without bound
 */
static void valve(struct sf_pipeline *p)
{
	size_t i;

	if (p->nheld && (p->nheld >= (p->fate_all ? SF_HELD_MAX_FATES : SF_HELD_MAX) ||
			 p->nqueue > SF_QUEUE_MAX)) {
		for (i = 0; i < p->nqueue && !(p->queue[i].held && p->queue[i].state == HELD); i++)
			;
		if (i < p->nqueue) {
			p->queue[i].state = HELD_SHOW;
			if (p->fate_all && !p->queue[i].has_fate) {
				memset(&p->queue[i].fate, 0, sizeof(p->queue[i].fate));
				p->queue[i].fate.fate = SF_FATE_UNKNOWN;
				p->queue[i].has_fate = true;
				p->fates_unknown++;
			}
		}
		pass(p);
	}
}

/*
 * hold - a signal whose showing (hidden by default), whose priority
 * (@for_fate: hold_fatal) or whose OOM mark (@oom_wait; shown only if it
 * comes: @oom_only, --origin oom) waits for its fate
 */
static void hold(struct sf_pipeline *p, const struct sf_signal *sig, bool for_fate, bool oom_wait,
		 bool oom_only)
{
	struct sf_gate_item *it;

	valve(p);
	it = enqueue(p);
	keep(it, sig);
	it->kind = ITEM_SIGNAL;
	it->held = true;
	it->keep = for_fate;
	it->oom_wait = oom_wait;
	it->oom_only = oom_only;
	it->state = HELD;
	p->nheld++;
	p->noom_wait += oom_wait;
}

/*
 * oom_candidate - a SIGKILL of the kernel, in a trace with the OOM killer's
 * events: it may be the OOM killer's (the mark follows it)
 */
static bool oom_candidate(const struct sf_pipeline *p, const struct sf_signal *sig)
{
	const struct sigftrace_sig *s = &sig->s;

	return s->code == 0x80 && p->dec.id_oom >= 0 && s->kind == SIGFTRACE_EV_GENERATE &&
	       s->sig == sigftrace_sig_parse(p->arch, "KILL");
}

/*
 * oom_marked - @sig's receiver is a victim the OOM killer marked already
 * (another thread's SIGKILL came first): @sig is named its kill
 */
static bool oom_marked(struct sf_pipeline *p, struct sf_signal *sig)
{
	int rtgid = sig->ids.rpid > 0 ? sig->ids.rpid : sig->s.pid;

	if (!sf_attrib_is_oom_victim(p->attrib, rtgid))
		return false;
	sig->attr.oom = true;
	sig->attr.killer = SF_KILLER_NONE;
	sig->attr.rmemcg = sf_attrib_memcg(p->attrib, rtgid);
	return true;
}

/* oom_decided - held SIGKILLs whose mark did not come (@rec: the record now, NULL: all) */
static void oom_decided(struct sf_pipeline *p, const struct tep_record *rec, int victim)
{
	size_t i;

	for (i = 0; i < p->nqueue; i++) {
		struct sf_gate_item *it = &p->queue[i];
		int rtgid = it->sig.ids.rpid > 0 ? it->sig.ids.rpid : it->sig.s.pid;

		if (!it->held || !it->oom_wait || it->state != HELD)
			continue;
		if (victim > 0 && rtgid == victim) {
			/* the OOM killer's SIGKILL: it kills */
			it->sig.killed = SF_KILLED_YES;
			it->sig.attr.oom = true;
			it->sig.attr.killer = SF_KILLER_NONE;
			it->sig.attr.rmemcg = sf_attrib_memcg(p->attrib, victim);
		} else if (victim > 0 || (rec && rec->cpu != it->sig.cpu &&
					  rec->ts < it->sig.ts + SF_OOM_WAIT_NS)) {
			continue;
		} else if (it->oom_only) {
			/* no mark: not the OOM killer's, and only those are shown */
			it->state = HELD_HIDE;
		}
		/* with fates in one pass, the fate must be known too */
		if (it->state == HELD && (!p->fate_all || it->has_fate))
			it->state = HELD_SHOW;
		it->oom_wait = false;
		p->noom_wait--;
	}
	pass(p);
}

/* kills - a fate that shows a signal hidden by default (SF_SEL_IF_FATAL) */
static bool kills(const struct sf_fate_info *f)
{
	return f->fate == SF_FATE_DEFAULT &&
	       (f->action == SIGFTRACE_ACT_TERM || f->action == SIGFTRACE_ACT_CORE);
}

/* on_fate - a sf_fate_fn: the analysis knows the fate of generate event @seq */
static void on_fate(void *ctx, unsigned long long seq, const struct sf_fate_info *f)
{
	struct sf_pipeline *p = ctx;
	size_t i;

	if (seq == p->cur_seq) {
		/* the event being analysed: its fate is known at once */
		p->cur_fate = *f;
		p->cur_decided = true;
		return;
	}
	/* a signal decided late is usually a recent one: from the back */
	for (i = p->nqueue; i-- > 0;) {
		struct sf_gate_item *it = &p->queue[i];

		if (it->held && it->state == HELD && it->kind == ITEM_SIGNAL &&
		    it->sig.seq == seq) {
			it->fate = *f;
			it->has_fate = true;
			/* an OOM killer's SIGKILL waits for its mark too */
			if (!it->oom_wait) {
				settle(it, !it->if_fatal || kills(f),
				       kills(f) ? SF_KILLED_YES : SF_KILLED_NO);
				pass(p);
			}
			return;
		}
	}
}

void sf_pipeline_fates(struct sf_pipeline *p, struct sf_analysis *an)
{
	p->an = an;
	p->fate_all = true;
	p->cur_seq = ~0ULL;
	sf_analysis_on_fate(an, on_fate, p);
}

/* resolve_deliver - a delivery decides the oldest held signal it takes */
static void resolve_deliver(struct sf_pipeline *p, const struct sf_signal *sig)
{
	const struct sigftrace_sig *s = &sig->s;
	int kill = sigftrace_sig_parse(p->arch, "KILL");
	int tgid = sig->ids.pid > 0 ? sig->ids.pid : s->pid;
	size_t i;

	for (i = 0; i < p->nqueue; i++) {
		struct sf_gate_item *it = &p->queue[i];
		const struct sf_signal *h = &it->sig;
		int htgid = h->ids.rpid > 0 ? h->ids.rpid : h->s.pid;

		if (!it->held || it->state != HELD || it->oom_wait ||
		    (h->s.group == 1 ? htgid != tgid : h->s.pid != s->pid))
			continue;
		/* a fatal signal is delivered as SIGKILL */
		if (s->sig != h->s.sig && s->sig != kill)
			continue;
		decide(p, it, s->handler == 0);
		return;
	}
}

/*
 * signal - one decoded signal: analysis, filters, the gate, the sinks
 * @filtered_out: a filter of the source's (-f) rejected it: not shown, but
 *	analysed like every other signal
 */
static bool signal(struct sf_pipeline *p, struct sf_signal *sig, bool filtered_out)
{
	const struct sigftrace_sig *s = &sig->s;
	enum sf_sel sel = filtered_out ? SF_SEL_NO :
			  p->filter    ? sf_filter_select(p->filter, s, &sig->ids) :
					 SF_SEL_YES;
	bool shown;

	/* --unit, --cgroup: the sending process's (not the kernel's context) or the receiver's */
	if (sel != SF_SEL_NO && p->filter && sf_filter_has_attr(p->filter) &&
	    !sf_filter_attr_match(p->filter,
				  sigftrace_kernel_sender(p->arch, s) ? NULL : sig->attr.cgroup,
				  sig->attr.rcgroup))
		sel = SF_SEL_NO;
	/* --origin oom, seccomp, ...: the attribution stage named the killer (oom: its mark will) */
	if (sel != SF_SEL_NO && p->filter && p->filter->killers)
		sel = sf_filter_killer_sel(p->filter, s, sig->attr.killer, sel);
	shown = sel == SF_SEL_YES || sel == SF_SEL_IF_OOM;

	sig->killed = SF_KILLED_UNKNOWN;
	if (s->kind == SIGFTRACE_EV_DELIVER) {
		p->saw_deliver = true;
		/* with fates in one pass, the analysis decides */
		if (p->nheld && !p->fate_all)
			resolve_deliver(p, sig);
	}
	/* kill(-1, ...) "sends" a signal to every kernel thread, which ignores it (2: kthreadd) */
	if (shown && !p->kthreads && s->kind == SIGFTRACE_EV_GENERATE &&
	    s->result == SIGFTRACE_RES_IGNORED &&
	    (s->pid == 2 || sf_comms_is_kthread(p->names.comms, s->pid))) {
		p->kthread_hidden++;
		shown = false;
	}
	if (p->fate_all && s->kind == SIGFTRACE_EV_GENERATE) {
		p->cur_seq = sig->seq;
		p->cur_decided = false;
	}
	if (p->an)
		sf_analysis_signal(p->an, sig->seq, sig->ts, s, &sig->ids, &sig->attr,
				   sel == SF_SEL_YES && !shown ? SF_SEL_NO : sel);
	sig->fate = NULL;
	if (p->fate_all && s->kind == SIGFTRACE_EV_GENERATE) {
		p->cur_seq = ~0ULL;
		if (p->cur_decided) {
			sig->fate = &p->cur_fate;
		} else if ((shown || sel == SF_SEL_IF_FATAL) && p->nouts) {
			bool oom_wait = false;

			/* the OOM killer's SIGKILL waits for its mark too */
			if (shown && oom_candidate(p, sig) && !oom_marked(p, sig))
				oom_wait = true;
			/* --origin oom: no mark can come (a trace without the OOM killer's events) */
			if (sel == SF_SEL_IF_OOM && !oom_wait && !sig->attr.oom)
				return true;
			/* shown (or not) with its fate, once known */
			hold(p, sig, false, oom_wait, sel == SF_SEL_IF_OOM);
			p->queue[p->nqueue - 1].if_fatal = sel == SF_SEL_IF_FATAL;
			return true;
		}
	}
	if (sel == SF_SEL_IF_FATAL) {
		const struct sf_fate_info *f = sig->fate;

		/* the analysis knew the fate at once */
		if (f) {
			if (!kills(f))
				return false;
			shown = true;
		} else if (p->nouts || p->drop) {
			hold(p, sig, false, false, false);
			return true;
		} else {
			return false;
		}
	}
	if (shown && oom_candidate(p, sig)) {
		/* marked already (another thread's), or wait for the mark */
		if (!oom_marked(p, sig) && (p->nouts || p->drop)) {
			hold(p, sig, false, true, sel == SF_SEL_IF_OOM);
			return true;
		}
	} else if (sel == SF_SEL_IF_OOM) {
		/* no mark can come: a trace without the OOM killer's events */
		shown = false;
	}
	if (shown && p->hold_fatal && p->nouts && sf_signal_may_kill(p->arch, s)) {
		hold(p, sig, true, false, false);
		return true;
	}
	if (shown && (s->kind != SIGFTRACE_EV_DELIVER || p->deliver))
		emit(p, sig);
	return sel != SF_SEL_NO;
}

bool sf_pipeline_signal(struct sf_pipeline *p, struct sf_signal *sig)
{
	p->events++;
	sig->buffer = p->buffer;
	sig->seq = 0;
	memset(&sig->attr, 0, sizeof(sig->attr));
	if (sig->s.kind == SIGFTRACE_EV_GENERATE) {
		p->signals++;
		sig->seq = p->gen_seq++;
	}
	return signal(p, sig, false);
}

/* exited - held signals of a thread or process that is gone, and the analysis */
static void exited(struct sf_pipeline *p, unsigned long long ts, int tid, int tgid,
		   const char *comm, bool last)
{
	size_t i;

	/*
	 * held signals of a thread or process that is gone were not delivered,
	 * so did not kill; without any delivery in the trace nobody can tell,
	 * and it may well be what killed it (with fates in one pass, the
	 * analysis decides)
	 */
	for (i = 0; i < p->nqueue && !p->fate_all; i++) {
		struct sf_gate_item *it = &p->queue[i];
		const struct sf_signal *h = &it->sig;
		int htgid = h->ids.rpid > 0 ? h->ids.rpid : h->s.pid;

		if (it->held && it->state == HELD &&
		    (h->s.group == 1 ? last && htgid == tgid : h->s.pid == tid))
			settle(it, it->oom_wait ? !it->oom_only : !p->saw_deliver,
			       p->saw_deliver && !it->oom_wait ? SF_KILLED_NO : SF_KILLED_UNKNOWN);
	}
	pass(p);
	if (p->an)
		sf_analysis_exit(p->an, ts, tid, tgid, comm, last);
}

void sf_pipeline_exit(struct sf_pipeline *p, unsigned long long ts, int tid, int tgid,
		      const char *comm, bool last)
{
	p->events++;
	exited(p, ts, tid, tgid, comm, last);
}

void sf_pipeline_expire(struct sf_pipeline *p, unsigned long long before)
{
	size_t i;

	for (i = 0; i < p->nqueue; i++) {
		if (p->queue[i].held && p->queue[i].state == HELD && p->queue[i].sig.ts < before)
			settle(&p->queue[i], !(p->queue[i].oom_wait && p->queue[i].oom_only),
			       SF_KILLED_UNKNOWN);
	}
	pass(p);
}

void sf_pipeline_finish(struct sf_pipeline *p)
{
	size_t i;

	for (i = 0; i < p->nqueue; i++) {
		struct sf_gate_item *it = &p->queue[i];

		if (!it->held || it->state != HELD)
			continue;
		settle(it, it->oom_wait && !it->oom_only, SF_KILLED_UNKNOWN);
		if (p->fate_all) {
			/* never decided: still pending */
			if (!it->has_fate) {
				memset(&it->fate, 0, sizeof(it->fate));
				it->fate.fate = SF_FATE_PENDING;
				it->has_fate = true;
			}
			/* --origin oom: a SIGKILL whose mark never came stays hidden */
			if (!it->if_fatal && !(it->oom_wait && it->oom_only))
				it->state = HELD_SHOW;
		}
	}
	pass(p);
}

/* oom_victim - oom:mark_victim: the kernel's SIGKILL just before was the OOM killer's */
static void oom_victim(struct sf_pipeline *p, const struct sf_event *ev)
{
	int tgid = sf_names_tgid(&p->names, ev->attr.pid);

	if (p->an)
		sf_analysis_oom(p->an, tgid, sf_attrib_memcg(p->attrib, tgid));
	if (p->noom_wait)
		oom_decided(p, NULL, tgid);
}

bool sf_pipeline_record(struct sf_pipeline *p, const struct tep_record *rec)
{
	struct sf_event ev;
	struct sf_exit_who who;
	enum sf_event_type type;
	bool raw_out = false;

	p->events++;
	if (rec->missed_events)
		lost_mark(p, rec);
	type = sf_decode(&p->dec, rec, &ev);
	/* a kernel SIGKILL waits for the OOM killer's mark: not coming any more */
	if (p->noom_wait && type != SF_EVENT_OOM)
		oom_decided(p, rec, 0);
	switch (type) {
	case SF_EVENT_SIGNAL:
		break;
	case SF_EVENT_NEWTASK:
		sf_names_task(&p->names, &ev);
		sf_attrib_task(p->attrib, &p->names, &ev.task);
		return true;
	case SF_EVENT_RENAME:
		sf_names_task(&p->names, &ev);
		return true;
	case SF_EVENT_OOM:
		sf_attrib_event(p->attrib, &p->names, &ev);
		oom_victim(p, &ev);
		return true;
	case SF_EVENT_EXEC:
	case SF_EVENT_CGROUP:
		sf_attrib_event(p->attrib, &p->names, &ev);
		return true;
	case SF_EVENT_PRINT:
		return !sf_names_marker(&p->names, &ev);
	case SF_EVENT_BAD_SIGNAL:
		p->malformed++;
		return true;
	case SF_EVENT_EXIT:
		sf_names_exit(&p->names, &ev, &who);
		if (who.last)
			sf_attrib_exit(p->attrib, who.tgid);
		if (p->an || p->nheld || p->names.initial)
			exited(p, ev.ts, who.tid, who.tgid, who.comm, who.last);
		return true;
	default:
		return true;
	}
	ev.sig.buffer = p->buffer;
	if (ev.sig.s.kind == SIGFTRACE_EV_GENERATE) {
		p->signals++;
		ev.sig.seq = p->gen_seq++;
	}
	sf_names_signal(&p->names, &ev.sig);
	sf_attrib_signal(p->attrib, &p->names, &ev.sig,
			 p->filter && sf_filter_has_attr(p->filter) ?
				 p->attrib_what | SF_ATTRIB_SIDES :
				 p->attrib_what);
	sf_attrib_killer(p->attrib, p->arch, &ev.sig, p->dec.id_oom >= 0);
	/* -f: not shown, but the analysis still follows the signal */
	if (ev.sig.s.kind == SIGFTRACE_EV_GENERATE && p->eval_raw && p->filter &&
	    p->filter->kraws && !sf_filter_raw_match(p->filter, rec, ev.sig.ids.thread_comm))
		raw_out = true;
	return signal(p, &ev.sig, raw_out);
}

void sf_pipeline_free(struct sf_pipeline *p)
{
	size_t i;

	for (i = 0; i < p->nouts; i++)
		sf_out_free(p->outs[i]);
	p->nouts = 0;
	sf_names_free(&p->names);
	sf_attrib_free(p->attrib);
	p->attrib = NULL;
	free(p->queue);
	p->queue = NULL;
	p->nqueue = p->qcap = p->nheld = p->noom_wait = 0;
}
