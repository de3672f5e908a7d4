// SPDX-License-Identifier: GPL-2.0
/*
 * sf-analyze - fates, killed processes, summaries and graphs (see
 * sf-analyze.h); what it finds is printed by sf-sink-answers.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sf-analyze.h"
#include "sf-attrib.h"
#include "sf-filter.h"
#include "sf-util.h"

#define SF_BURST_GAP_NS 1000000ULL /* a broadcast's kill() calls follow within 1 ms */
#define SF_BURST_MIN 3

/* ---- maps of pointers (sf_map) ------------------------------------------------ */

static void map_init(struct sf_map *m)
{
	sf_map_init(m, sizeof(void *));
}

static void *map_get(const struct sf_map *m, long long key)
{
	void **v = sf_map_get(m, key);

	return v ? *v : NULL;
}

static void map_put(struct sf_map *m, long long key, void *val)
{
	*(void **)sf_map_put(m, key, NULL) = val;
}

/* map_free - free the map, @fn on each value */
static void map_free(struct sf_map *m, void (*fn)(void *))
{
	size_t i;

	for (i = 0; i < m->size; i++) {
		void **v = sf_map_at(m, i, NULL);

		if (v)
			fn(*v);
	}
	sf_map_free(m);
}

/* ---- state --------------------------------------------------------------------- */

/* a signal hidden by default that counts only if it kills: what counting needs */
struct late {
	unsigned long long ts;
	struct sigftrace_sig s;
	struct sigftrace_ids ids;
	const char *cgroup; /* interned by the attribution stage, valid for the pass */
	const char *rcgroup;
	char comm[SIGFTRACE_COMM_LEN + 1];
	char rcomm[SIGFTRACE_COMM_LEN + 1];
};

struct pending {
	unsigned long long seq;
	unsigned long long ts;
	struct late *late; /* NULL: counted already (or never) */
	int sig;
};

/* signals generated and not (yet) delivered: of one thread, or of a process */
struct queue {
	struct pending *pend;
	size_t npend;
	size_t cap;
};

struct thread {
	struct queue q; /* signals sent to this thread alone */
};

struct proc {
	struct queue q; /* signals sent to the process */
	struct sf_cause death; /* valid when dying */
	struct sf_cause survived; /* a terminating signal it did not die of */
	/* the OOM killer's victim (mark_victim); its memory cgroup, valid for the pass */
	const char *memcg;
	bool oom;
	/* the --summary row that counted its last kernel SIGKILL, and as which origin */
	struct sf_pair *kill_pair;
	int kill_origin;
	/* a kernel SIGKILL shown only if the OOM killer's (--origin oom): counted on its mark */
	struct late *oom_late;
	char comm[SIGFTRACE_COMM_LEN + 1];
	int dying;
	int has_survived;
};

struct sf_analysis {
	const struct sigftrace_arch *arch;
	struct sf_fate_info *fates;
	size_t nfates;
	bool no_fates; /* keep none: @scratch, and @on_fate told */
	struct sf_fate_info scratch;
	sf_fate_fn on_fate;
	void *on_fate_ctx;
	struct sf_map threads; /* tid -> struct thread */
	struct sf_map procs; /* tgid -> struct proc */
	struct sf_map
		pairs; /* hash of (scomm, rcomm, sig) -> struct sf_pair (chained by probing on hash) */
	struct sf_map edges; /* (from, to, sig) -> struct sf_edge */
	struct sf_map names; /* pid -> char[17], last known comm (graph nodes) */
	struct sf_killed *killed;
	size_t nkilled, killed_cap;
	struct sf_burst *bursts;
	size_t nbursts, bursts_cap;
	struct sf_burst cur; /* its receivers: empty while it has one (@cur_rpid0) */
	int cur_rpid0; /* the burst's first receiver: the map holds them from the second on */
	int sig_kill; /* SIGKILL's number */
	bool fates_only; /* no answers asked: keep no summary, graph, bursts or killed */
	struct sf_sigstat sigs[SF_MAX_SIG + 1];
	bool by_unit; /* --summary --by unit: pairs of units, not of names */
};

void sf_analysis_by_unit(struct sf_analysis *a, bool by_unit)
{
	a->by_unit = by_unit;
}

void sf_analysis_fates_only(struct sf_analysis *a)
{
	a->fates_only = true;
}

struct sf_analysis *sf_analysis_new(const struct sigftrace_arch *arch)
{
	struct sf_analysis *a = sf_xcalloc(1, sizeof(*a));

	a->arch = arch;
	a->sig_kill = sigftrace_sig_parse(arch, "KILL");
	map_init(&a->threads);
	map_init(&a->procs);
	map_init(&a->pairs);
	map_init(&a->edges);
	map_init(&a->names);
	map_init(&a->cur.receivers);
	return a;
}

/* clear - forget the queued signals */
static void clear(struct queue *q)
{
	size_t i;

	for (i = 0; i < q->npend; i++)
		free(q->pend[i].late);
	free(q->pend);
	memset(q, 0, sizeof(*q));
}

/* free_queued - a struct thread or struct proc (both start with their queue) */
static void free_queued(void *p)
{
	clear(p);
	free(p);
}

static void free_proc(void *p)
{
	free(((struct proc *)p)->oom_late);
	free_queued(p);
}

static void no_free(void *p)
{
	(void)p;
}

void sf_analysis_free(struct sf_analysis *a)
{
	size_t i;

	if (!a)
		return;
	map_free(&a->threads, free_queued);
	map_free(&a->procs, free_proc);
	map_free(&a->pairs, free);
	map_free(&a->edges, free);
	map_free(&a->names, free);
	map_free(&a->cur.receivers, no_free);
	for (i = 0; i < a->nbursts; i++)
		map_free(&a->bursts[i].receivers, no_free);
	free(a->fates);
	free(a->killed);
	free(a->bursts);
	free(a);
}

static struct thread *thread_get(struct sf_analysis *a, int tid)
{
	struct thread *t = map_get(&a->threads, tid);

	if (!t) {
		t = sf_xcalloc(1, sizeof(*t));
		map_put(&a->threads, tid, t);
	}
	return t;
}

static struct proc *proc_get(struct sf_analysis *a, int tgid)
{
	struct proc *pr = map_get(&a->procs, tgid);

	if (!pr) {
		pr = sf_xcalloc(1, sizeof(*pr));
		map_put(&a->procs, tgid, pr);
	}
	return pr;
}

/* name - a copy of a name, "<...>" when it is unknown */
static void name(char *dst, const char *src)
{
	sf_copy_name(dst, src ? src : "<...>", SIGFTRACE_COMM_LEN);
}

static void remember_name(struct sf_analysis *a, int pid, const char *comm)
{
	char *n = map_get(&a->names, pid);

	if (!comm)
		return;
	if (!n) {
		n = sf_xmalloc(SIGFTRACE_COMM_LEN + 1);
		map_put(&a->names, pid, n);
	}
	name(n, comm);
}

static struct sf_fate_info *fate_slot(struct sf_analysis *a, unsigned long long seq)
{
	if (a->no_fates) {
		memset(&a->scratch, 0, sizeof(a->scratch));
		return &a->scratch;
	}
	if (seq >= a->nfates) {
		size_t n = a->nfates ? a->nfates : 1024;

		while (n <= seq)
			n *= 2;
		a->fates = sf_xrealloc(a->fates, n * sizeof(*a->fates));
		memset(a->fates + a->nfates, 0, (n - a->nfates) * sizeof(*a->fates));
		a->nfates = n;
	}
	return &a->fates[seq];
}

/* decided - the fate @f of generate event @seq is known */
static void decided(struct sf_analysis *a, unsigned long long seq, const struct sf_fate_info *f)
{
	if (a->on_fate)
		a->on_fate(a->on_fate_ctx, seq, f);
}

void sf_analysis_on_fate(struct sf_analysis *a, sf_fate_fn fn, void *ctx)
{
	a->no_fates = true;
	a->on_fate = fn;
	a->on_fate_ctx = ctx;
}

static unsigned long long hash_str(unsigned long long h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static struct sf_pair *pair_get(struct sf_analysis *a, const char *scomm, const char *rcomm,
				int sig)
{
	unsigned long long h = hash_str(hash_str(0xcbf29ce484222325ULL, scomm), "\n");
	struct sf_pair *p;

	h = hash_str(h, rcomm) ^ (unsigned long long)sig * 31;
	/* probe on collisions: keys that differ from the stored pair move on */
	for (;; h++) {
		p = map_get(&a->pairs, (long long)(h & 0x7fffffffffffffffULL));
		if (!p)
			break;
		if (p->sig == sig && !strcmp(p->scomm, scomm) && !strcmp(p->rcomm, rcomm))
			return p;
	}
	p = sf_xcalloc(1, sizeof(*p));
	p->sig = sig;
	sf_copy_name(p->scomm, scomm, SF_PAIR_NAME_LEN);
	sf_copy_name(p->rcomm, rcomm, SF_PAIR_NAME_LEN);
	map_put(&a->pairs, (long long)(h & 0x7fffffffffffffffULL), p);
	return p;
}

static struct sf_edge *edge_get(struct sf_analysis *a, int from, int to, int sig)
{
	/* unsigned: pids above 2^23 and negative ones from corrupt input shift too */
	long long key =
		(long long)(((unsigned long long)(unsigned int)(from + 1) << 40) ^
			    ((unsigned long long)(unsigned int)to << 8) ^ (unsigned int)sig);
	struct sf_edge *e;

	for (;; key += 0x10000000000LL) {
		e = map_get(&a->edges, key);
		if (!e || (e->from == from && e->to == to && e->sig == sig))
			break;
	}
	if (!e) {
		e = sf_xcalloc(1, sizeof(*e));
		e->from = from;
		e->to = to;
		e->sig = sig;
		map_put(&a->edges, key, e);
	}
	return e;
}

static bool is_fatal_default(const struct sigftrace_arch *arch, int sig)
{
	enum sigftrace_action act = sigftrace_sig_action(arch, sig);

	return act == SIGFTRACE_ACT_TERM || act == SIGFTRACE_ACT_CORE;
}

/*
 * close_burst - kill(-1, ...) and process-group kills: one sender, one signal,
 * many receivers within a millisecond. One receiver flooded many times is not
 * a broadcast.
 */
static void close_burst(struct sf_analysis *a)
{
	if (a->cur.receivers.count >= SF_BURST_MIN) {
		if (a->nbursts == a->bursts_cap) {
			a->bursts_cap = a->bursts_cap ? a->bursts_cap * 2 : 8;
			a->bursts = sf_xrealloc(a->bursts, a->bursts_cap * sizeof(*a->bursts));
		}
		a->bursts[a->nbursts++] = a->cur;
	} else if (a->cur.receivers.count) {
		map_free(&a->cur.receivers, no_free);
	}
	/* (a burst of one receiver has no map: nothing to free, per event) */
	memset(&a->cur, 0, sizeof(a->cur));
	map_init(&a->cur.receivers);
}

static void push(struct queue *q, unsigned long long seq, unsigned long long ts, int sig,
		 struct late *late)
{
	if (q->npend == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 4;
		q->pend = sf_xrealloc(q->pend, q->cap * sizeof(*q->pend));
	}
	q->pend[q->npend++] = (struct pending){ seq, ts, late, sig };
}

/* keep_late - what counting a signal needs once its delivery shows it killed */
static struct late *keep_late(unsigned long long ts, const struct sigftrace_sig *s,
			      const struct sigftrace_ids *ids, const struct sf_attr *attr)
{
	struct late *l = sf_xcalloc(1, sizeof(*l));

	l->ts = ts;
	l->cgroup = attr ? attr->cgroup : NULL;
	l->rcgroup = attr ? attr->rcgroup : NULL;
	l->s = *s;
	l->ids = *ids;
	if (ids->comm) {
		name(l->comm, ids->comm);
		l->ids.comm = l->comm;
	}
	if (ids->rcomm) {
		name(l->rcomm, ids->rcomm);
		l->ids.rcomm = l->rcomm;
	}
	l->ids.thread_comm = NULL;
	return l;
}

/*
 * unit_name - what --by unit groups by: the systemd unit of @cgroup, else its
 * container's id (12 digits), else the path; "-" when unknown
 */
static const char *unit_name(const char *cgroup, char *buf, size_t size)
{
	if (!cgroup)
		return "-";
	if (sf_cgroup_unit(cgroup, buf, size))
		return buf;
	if (size > 23 && sf_cgroup_container(cgroup, buf + 10, size - 10)) {
		memcpy(buf, "container ", 10);
		buf[22] = '\0';
		return buf;
	}
	return cgroup;
}

/*
 * count_shown - a shown signal in the summary; @origin: its row's index
 * (SF_PAIR_ORIGINS). Its pair, or NULL where no answers are kept.
 */
static struct sf_pair *count_shown(struct sf_analysis *a, unsigned long long ts,
				   const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
				   const char *cgroup, const char *rcgroup, bool kernel, int origin,
				   int res)
{
	int rpid = ids->rpid > 0 ? ids->rpid : s->pid;
	char sunit[SF_PAIR_NAME_LEN + 1], runit[SF_PAIR_NAME_LEN + 1];
	struct sf_pair *p;
	struct sf_edge *e;

	if (a->fates_only)
		return NULL;
	remember_name(a, rpid, rpid == s->pid ? s->comm : ids->rcomm);
	if (!kernel)
		remember_name(a, ids->pid, ids->comm);
	if (a->by_unit)
		p = pair_get(a, kernel ? "kernel" : unit_name(cgroup, sunit, sizeof(sunit)),
			     unit_name(rcgroup, runit, sizeof(runit)), s->sig);
	else
		p = pair_get(a,
			     kernel    ? "kernel" :
			     ids->comm ? ids->comm :
					 "<...>",
			     s->comm, s->sig);
	if (!p->count)
		p->first = ts;
	p->count++;
	p->last = ts;
	p->results[res]++;
	p->origins[origin]++;
	e = edge_get(a, kernel ? -1 : ids->pid, rpid, s->sig);
	e->count++;
	if (s->sig > 0 && s->sig <= SF_MAX_SIG) {
		a->sigs[s->sig].count++;
		a->sigs[s->sig].results[res]++;
	}

	if (a->cur.count && (a->cur.sender_pid != ids->pid || a->cur.sig != s->sig ||
			     ts - a->cur.last > SF_BURST_GAP_NS || kernel))
		close_burst(a);
	if (kernel)
		return p;
	if (!a->cur.count) {
		a->cur.first = ts;
		a->cur.sender_pid = ids->pid;
		a->cur.sig = s->sig;
		name(a->cur.scomm, ids->comm);
	}
	a->cur.count++;
	a->cur.last = ts;
	/* distinct receivers: the first one kept aside, the map from the second on */
	if (a->cur.count == 1) {
		a->cur_rpid0 = rpid;
	} else if (rpid == a->cur_rpid0 || map_get(&a->cur.receivers, rpid)) {
		return p;
	} else {
		if (!a->cur.receivers.count)
			map_put(&a->cur.receivers, a->cur_rpid0, a);
		map_put(&a->cur.receivers, rpid, a);
	}
	if (s->result == SIGFTRACE_RES_IGNORED)
		a->cur.ignored++;
	return p;
}

static void generate(struct sf_analysis *a, unsigned long long seq, unsigned long long ts,
		     const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
		     const struct sf_attr *attr, enum sf_sel sel)
{
	/* --origin oom: shown once the OOM killer's mark comes */
	bool shown = sel != SF_SEL_NO && sel != SF_SEL_IF_OOM;
	bool kernel = sigftrace_kernel_sender(a->arch, s) || s->ctx != SIGFTRACE_CTX_TASK;
	int origin = sigftrace_code_origin(a->arch, s->sig, s->code);
	int res = s->result >= 0 && s->result <= 4 ? s->result : 5;
	int rpid = ids->rpid > 0 ? ids->rpid : s->pid;
	struct sf_fate_info *f = fate_slot(a, seq);
	struct proc *pr = proc_get(a, rpid);
	struct sf_cause c = { ts, s->sig, ids->pid, origin, kernel, 0, 0, shown, "", 0 };

	name(pr->comm, rpid == s->pid ? s->comm : ids->rcomm);
	c.killer = attr ? attr->killer : 0;
	if (sel == SF_SEL_YES) {
		bool kill = kernel && s->sig == sigftrace_sig_parse(a->arch, "KILL");
		/* the summary names the kernel's killer (the OOM killer's: marked already) */
		int row = kill && pr->oom ? SIGFTRACE_ORIGIN_NR + SF_KILLER_OOM :
			  c.killer	  ? SIGFTRACE_ORIGIN_NR + c.killer :
					    origin;
		struct sf_pair *p = count_shown(a, ts, s, ids, attr ? attr->cgroup : NULL,
						attr ? attr->rcgroup : NULL, kernel, row, res);

		/* the OOM killer's mark follows its SIGKILL */
		if (kill && !pr->oom) {
			pr->kill_pair = p;
			pr->kill_origin = row;
		}
	}
	if (sel == SF_SEL_IF_OOM) {
		free(pr->oom_late);
		pr->oom_late = keep_late(ts, s, ids, attr);
	}

	switch (s->result) {
	case SIGFTRACE_RES_IGNORED:
		f->fate = SF_FATE_IGNORED;
		break;
	case SIGFTRACE_RES_PENDING:
		f->fate = SF_FATE_MERGED;
		break;
	case SIGFTRACE_RES_OVERFLOW:
		f->fate = SF_FATE_DISCARDED;
		break;
	default:
		/* delivered or queued (also on old kernels without result): wait for it */
		f->fate = SF_FATE_PENDING;
		push(s->group == 1 ? &pr->q : &thread_get(a, s->pid)->q, seq, ts, s->sig,
		     sel == SF_SEL_IF_FATAL ? keep_late(ts, s, ids, attr) : NULL);
		break;
	}
	c.context = kernel && s->ctx == SIGFTRACE_CTX_TASK && ids->tid > 0 && ids->tid != s->pid;
	name(c.scomm, kernel && !c.context ? "kernel" : ids->comm);
	/* remember a terminating signal the process survives: "did not stop on SIGTERM" */
	if (is_fatal_default(a->arch, s->sig) && s->sig != a->sig_kill && !pr->has_survived &&
	    (s->result == SIGFTRACE_RES_IGNORED || s->result == SIGFTRACE_RES_PENDING)) {
		pr->has_survived = 1;
		pr->survived = c;
		pr->survived.fate = s->result == SIGFTRACE_RES_IGNORED ? SF_FATE_IGNORED :
									 SF_FATE_MERGED;
	}
	/* the cause of a death, until a delivery says otherwise */
	if (!pr->dying && s->result == SIGFTRACE_RES_DELIVERED && is_fatal_default(a->arch, s->sig))
		pr->death = c;
	if (f->fate != SF_FATE_PENDING)
		decided(a, seq, f);
}

/* take - the pending signal @deliver takes from @q, or -1 */
static long take(struct sf_analysis *a, struct queue *q, int sig, bool fatal_as_kill)
{
	size_t i;

	for (i = 0; i < q->npend; i++) {
		if (q->pend[i].sig == sig ||
		    (fatal_as_kill && is_fatal_default(a->arch, q->pend[i].sig)))
			return (long)i;
	}
	return -1;
}

static void deliver(struct sf_analysis *a, unsigned long long ts, const struct sigftrace_sig *s,
		    const struct sigftrace_ids *ids)
{
	int kill = a->sig_kill;
	int tgid = ids->pid > 0 ? ids->pid : s->pid;
	struct thread *t = thread_get(a, s->pid);
	struct proc *pr = proc_get(a, tgid);
	struct queue *q = &t->q;
	struct sf_fate_info *f;
	long pick;

	/* the thread's own signals first, then the process's, as dequeue_signal() */
	pick = take(a, q, s->sig, false);
	if (pick < 0) {
		q = &pr->q;
		pick = take(a, q, s->sig, false);
	}
	/* a fatal default signal is delivered as SIGKILL */
	if (pick < 0 && s->sig == kill) {
		q = &t->q;
		pick = take(a, q, s->sig, true);
		if (pick < 0) {
			q = &pr->q;
			pick = take(a, q, s->sig, true);
		}
	}
	if (pick >= 0) {
		struct pending pd = q->pend[pick];

		memmove(q->pend + pick, q->pend + pick + 1,
			(q->npend - (size_t)pick - 1) * sizeof(*q->pend));
		q->npend--;
		f = fate_slot(a, pd.seq);
		f->latency = ts - pd.ts;
		if (s->handler == 0) {
			f->fate = SF_FATE_DEFAULT;
			f->action = sigftrace_sig_action(a->arch, pd.sig);
			/* hidden by default, but it killed: it counts */
			if (pd.late && is_fatal_default(a->arch, pd.sig))
				count_shown(a, pd.late->ts, &pd.late->s, &pd.late->ids,
					    pd.late->cgroup, pd.late->rcgroup,
					    sigftrace_kernel_sender(a->arch, &pd.late->s) ||
						    pd.late->s.ctx != SIGFTRACE_CTX_TASK,
					    sigftrace_code_origin(a->arch, pd.sig, pd.late->s.code),
					    0);
		} else if (s->handler == 1) {
			f->fate = SF_FATE_IGNORED;
		} else {
			f->fate = SF_FATE_HANDLED;
			f->handler = s->handler;
		}
		free(pd.late);
		decided(a, pd.seq, f);
		if (pd.sig > 0 && pd.sig <= SF_MAX_SIG) {
			a->sigs[pd.sig].delivered++;
			a->sigs[pd.sig].lat_sum += f->latency;
			if (f->latency > a->sigs[pd.sig].lat_max)
				a->sigs[pd.sig].lat_max = f->latency;
		}
		/* the cause of death is the signal being delivered */
		if (s->handler == 0 && (is_fatal_default(a->arch, pd.sig) || pd.sig == kill) &&
		    pr->death.sig != pd.sig)
			pr->death.sig = pd.sig;
	}
	if (s->handler == 0 && (s->sig == kill || is_fatal_default(a->arch, s->sig)))
		pr->dying = 1;
	else if (s->handler > 1 && pr->has_survived == 0 && is_fatal_default(a->arch, s->sig) &&
		 pick >= 0) {
		/* handled a terminating signal: it may still not stop */
		pr->has_survived = 1;
		pr->survived = pr->death;
		pr->survived.fate = SF_FATE_HANDLED;
	}
}

void sf_analysis_signal(struct sf_analysis *a, unsigned long long seq, unsigned long long ts,
			const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
			const struct sf_attr *attr, enum sf_sel sel)
{
	/* --origin oom, the victim marked already (another thread's SIGKILL) */
	if (sel == SF_SEL_IF_OOM && proc_get(a, ids->rpid > 0 ? ids->rpid : s->pid)->oom)
		sel = SF_SEL_YES;
	if (s->kind == SIGFTRACE_EV_GENERATE)
		generate(a, seq, ts, s, ids, attr, sel);
	else if (s->kind == SIGFTRACE_EV_DELIVER)
		deliver(a, ts, s, ids);
}

/* discard - what is still queued will never be delivered */
static void discard(struct sf_analysis *a, struct queue *q)
{
	size_t i;

	for (i = 0; i < q->npend; i++) {
		struct sf_fate_info *f = fate_slot(a, q->pend[i].seq);

		f->fate = SF_FATE_DISCARDED;
		decided(a, q->pend[i].seq, f);
		free(q->pend[i].late);
	}
	q->npend = 0;
}

void sf_analysis_exit(struct sf_analysis *a, unsigned long long ts, int tid, int tgid,
		      const char *comm, bool last)
{
	struct thread *t = map_get(&a->threads, tid);
	struct proc *pr;

	/* the tid may be reused: start afresh */
	if (t) {
		discard(a, &t->q);
		clear(&t->q);
	}
	pr = last ? map_get(&a->procs, tgid) : NULL;
	if (!pr)
		return;
	discard(a, &pr->q);
	if (pr->dying && (!pr->death.sig || pr->death.shown) && !a->fates_only) {
		struct sf_killed *k;
		struct sf_edge *e;

		/* doubling: one more each time is quadratic in a long trace */
		if (a->nkilled == a->killed_cap) {
			a->killed_cap = a->killed_cap ? a->killed_cap * 2 : 16;
			a->killed = sf_xrealloc(a->killed, a->killed_cap * sizeof(*a->killed));
		}
		k = &a->killed[a->nkilled++];
		memset(k, 0, sizeof(*k));
		k->why = pr->death;
		k->ts = ts;
		k->pid = tgid;
		name(k->comm, comm ? comm : pr->comm);
		/* the kernel's SIGKILL to a victim the OOM killer marked */
		if (pr->oom && pr->death.kernel &&
		    pr->death.sig == sigftrace_sig_parse(a->arch, "KILL")) {
			k->oom = 1;
			if (pr->memcg)
				sf_copy_name(k->memcg, pr->memcg, sizeof(k->memcg) - 1);
		}
		/*
		 * Only a signal it survived before the fatal one was sent: once a
		 * fatal signal is on its way the kernel drops every later one as
		 * "ignored" (the group is exiting: systemd's SendSIGHUP right after
		 * its SIGTERM), which says nothing about the process.
		 */
		if (pr->has_survived && pr->survived.sig != pr->death.sig &&
		    (!pr->death.sig || pr->survived.ts < pr->death.ts)) {
			k->survived_sig = pr->survived.sig;
			k->survived_fate = pr->survived.fate;
		}
		if (pr->death.sig) {
			e = edge_get(a, pr->death.kernel ? -1 : pr->death.sender_pid, tgid,
				     pr->death.sig);
			e->fatal = 1;
		}
	}
	/* the pid may be reused: start afresh */
	clear(&pr->q);
	free(pr->oom_late);
	memset(pr, 0, sizeof(*pr));
}

void sf_analysis_oom(struct sf_analysis *a, int tgid, const char *memcg)
{
	struct proc *pr = proc_get(a, tgid);

	pr->oom = true;
	pr->memcg = memcg;
	/* the summary counted the SIGKILL just before as the kernel's: it was the OOM killer's */
	if (pr->kill_pair && pr->kill_pair->origins[pr->kill_origin]) {
		pr->kill_pair->origins[pr->kill_origin]--;
		pr->kill_pair->origins[SIGFTRACE_ORIGIN_NR + SF_KILLER_OOM]++;
	}
	pr->kill_pair = NULL;
	/* --origin oom: its SIGKILL is shown after all */
	if (pr->oom_late) {
		const struct late *l = pr->oom_late;

		count_shown(a, l->ts, &l->s, &l->ids, l->cgroup, l->rcgroup, true,
			    SIGFTRACE_ORIGIN_NR + SF_KILLER_OOM,
			    l->s.result >= 0 && l->s.result <= 4 ? l->s.result : 5);
		if (pr->death.kernel && pr->death.ts == l->ts)
			pr->death.shown = 1;
		free(pr->oom_late);
		pr->oom_late = NULL;
	}
}

void sf_analysis_end(struct sf_analysis *a)
{
	close_burst(a);
}

const struct sf_fate_info *sf_analysis_fate(const struct sf_analysis *a, unsigned long long seq)
{
	return !a->no_fates && seq < a->nfates ? &a->fates[seq] : NULL;
}

const char *sf_fate_name(enum sf_fate fate)
{
	static const char *const names[] = {
		[SF_FATE_UNKNOWN] = "unknown",	   [SF_FATE_HANDLED] = "handled",
		[SF_FATE_DEFAULT] = "default",	   [SF_FATE_IGNORED] = "ignored",
		[SF_FATE_MERGED] = "merged",	   [SF_FATE_PENDING] = "pending",
		[SF_FATE_DISCARDED] = "discarded",
	};

	return (unsigned int)fate < SF_ARRAY_SIZE(names) ? names[fate] : "unknown";
}

/* ---- what the answers read ------------------------------------------------------- */

const struct sigftrace_arch *sf_analysis_arch(const struct sf_analysis *a)
{
	return a->arch;
}

/* each - @fn on every value of @m, in the map's order */
static void each(const struct sf_map *m, void (*fn)(long long key, const void *val, void *ctx),
		 void *ctx)
{
	long long key;
	size_t i;

	for (i = 0; i < m->size; i++) {
		void **v = sf_map_at(m, i, &key);

		if (v)
			fn(key, *v, ctx);
	}
}

size_t sf_analysis_npairs(const struct sf_analysis *a)
{
	return a->pairs.count;
}

void sf_analysis_each_pair(const struct sf_analysis *a,
			   void (*fn)(long long key, const void *pair, void *ctx), void *ctx)
{
	each(&a->pairs, fn, ctx);
}

void sf_analysis_each_edge(const struct sf_analysis *a,
			   void (*fn)(long long key, const void *edge, void *ctx), void *ctx)
{
	each(&a->edges, fn, ctx);
}

void sf_analysis_each_name(const struct sf_analysis *a,
			   void (*fn)(long long pid, const void *comm, void *ctx), void *ctx)
{
	each(&a->names, fn, ctx);
}

const struct sf_burst *sf_analysis_bursts(const struct sf_analysis *a, size_t *n)
{
	*n = a->nbursts;
	return a->bursts;
}

const struct sf_killed *sf_analysis_killed(const struct sf_analysis *a, size_t *n)
{
	*n = a->nkilled;
	return a->killed;
}

const struct sf_sigstat *sf_analysis_sigstat(const struct sf_analysis *a, int sig)
{
	return sig > 0 && sig <= SF_MAX_SIG ? &a->sigs[sig] : NULL;
}
