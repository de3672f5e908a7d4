// SPDX-License-Identifier: GPL-2.0
/*
 * sf-analyze - fates, killed processes, summaries and graphs (see sf-analyze.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sf-analyze.h"
#include "sf-filter.h"
#include "sf-util.h"

#define SF_BURST_GAP_NS 1000000ULL /* a broadcast's kill() calls follow within 1 ms */
#define SF_BURST_MIN 3

/* ---- small hash maps --------------------------------------------------------- */

/* int -> pointer, open addressing */
struct imap {
	long long *keys;
	void **vals;
	size_t size;
	size_t count;
};

static size_t imap_slot(const struct imap *m, long long key)
{
	size_t h = (size_t)((unsigned long long)key * 0x9e3779b97f4a7c15ULL >> 20) & (m->size - 1);

	while (m->vals[h] && m->keys[h] != key)
		h = (h + 1) & (m->size - 1);
	return h;
}

static void *imap_get(const struct imap *m, long long key)
{
	return m->size ? m->vals[imap_slot(m, key)] : NULL;
}

static void imap_put(struct imap *m, long long key, void *val)
{
	size_t i, h;

	if ((m->count + 1) * 2 > m->size) {
		struct imap old = *m;

		m->size = m->size ? m->size * 2 : 256;
		m->keys = sf_xcalloc(m->size, sizeof(*m->keys));
		m->vals = sf_xcalloc(m->size, sizeof(*m->vals));
		m->count = 0;
		for (i = 0; i < old.size; i++) {
			if (old.vals[i])
				imap_put(m, old.keys[i], old.vals[i]);
		}
		free(old.keys);
		free(old.vals);
	}
	h = imap_slot(m, key);
	if (!m->vals[h])
		m->count++;
	m->keys[h] = key;
	m->vals[h] = val;
}

static void imap_free(struct imap *m, void (*fn)(void *))
{
	size_t i;

	for (i = 0; i < m->size; i++) {
		if (m->vals[i])
			fn(m->vals[i]);
	}
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- state --------------------------------------------------------------------- */

/* a signal hidden by default that counts only if it kills: what counting needs */
struct late {
	unsigned long long ts;
	struct sigftrace_sig s;
	struct sigftrace_ids ids;
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

/* what killed a process, or the first signal it did not stop on */
struct cause {
	unsigned long long ts;
	int sig;
	int sender_pid; /* the sending process; for the kernel, the task it acted for */
	int origin;
	int kernel; /* no task sent it */
	int context; /* kernel: it acted for a task other than the receiver */
	int fate; /* for "did not stop on": ignored, handled, merged */
	int shown; /* passed the user's filters */
	char scomm[SIGFTRACE_COMM_LEN + 1];
};

struct thread {
	struct queue q; /* signals sent to this thread alone */
};

struct proc {
	struct queue q; /* signals sent to the process */
	struct cause death; /* valid when dying */
	struct cause survived; /* a terminating signal it did not die of */
	char comm[SIGFTRACE_COMM_LEN + 1];
	int dying;
	int has_survived;
};

struct pair {
	unsigned long long count;
	unsigned long long results[6]; /* delivered .. lose-info, unknown */
	unsigned long long first;
	unsigned long long last;
	unsigned int origins;
	int sig;
	char scomm[SIGFTRACE_COMM_LEN + 1];
	char rcomm[SIGFTRACE_COMM_LEN + 1];
};

struct edge {
	unsigned long long count;
	int from; /* -1: the kernel */
	int to;
	int sig;
	int fatal;
};

struct killed {
	struct cause why;
	unsigned long long ts; /* exit */
	int pid;
	int survived_sig; /* 0, or the signal it did not stop on */
	int survived_fate;
	char comm[SIGFTRACE_COMM_LEN + 1];
};

struct burst {
	unsigned long long first;
	unsigned long long last;
	unsigned long long count;
	unsigned long long ignored;
	struct imap receivers; /* distinct receiving processes */
	int sender_pid;
	int sig;
	char scomm[SIGFTRACE_COMM_LEN + 1];
};

struct sigstat {
	unsigned long long count;
	unsigned long long results[6];
	unsigned long long delivered; /* matched with a delivery */
	unsigned long long lat_sum;
	unsigned long long lat_max;
};

struct sf_analysis {
	const struct sigftrace_arch *arch;
	struct sf_fate_info *fates;
	size_t nfates;
	struct imap threads; /* tid -> struct thread */
	struct imap procs; /* tgid -> struct proc */
	struct imap
		pairs; /* hash of (scomm, rcomm, sig) -> struct pair (chained by probing on hash) */
	struct imap edges; /* (from, to, sig) -> struct edge */
	struct imap names; /* pid -> char[17], last known comm (graph nodes) */
	struct killed *killed;
	size_t nkilled;
	struct burst *bursts;
	size_t nbursts;
	struct burst cur;
	struct sigstat sigs[SF_MAX_SIG + 1];
};

struct sf_analysis *sf_analysis_new(const struct sigftrace_arch *arch)
{
	struct sf_analysis *a = sf_xcalloc(1, sizeof(*a));

	a->arch = arch;
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

static void no_free(void *p)
{
	(void)p;
}

void sf_analysis_free(struct sf_analysis *a)
{
	size_t i;

	if (!a)
		return;
	imap_free(&a->threads, free_queued);
	imap_free(&a->procs, free_queued);
	imap_free(&a->pairs, free);
	imap_free(&a->edges, free);
	imap_free(&a->names, free);
	imap_free(&a->cur.receivers, no_free);
	for (i = 0; i < a->nbursts; i++)
		imap_free(&a->bursts[i].receivers, no_free);
	free(a->fates);
	free(a->killed);
	free(a->bursts);
	free(a);
}

static struct thread *thread_get(struct sf_analysis *a, int tid)
{
	struct thread *t = imap_get(&a->threads, tid);

	if (!t) {
		t = sf_xcalloc(1, sizeof(*t));
		imap_put(&a->threads, tid, t);
	}
	return t;
}

static struct proc *proc_get(struct sf_analysis *a, int tgid)
{
	struct proc *pr = imap_get(&a->procs, tgid);

	if (!pr) {
		pr = sf_xcalloc(1, sizeof(*pr));
		imap_put(&a->procs, tgid, pr);
	}
	return pr;
}

static void copy_comm(char *dst, const char *src)
{
	snprintf(dst, SIGFTRACE_COMM_LEN + 1, "%s", src ? src : "<...>");
}

static void remember_name(struct sf_analysis *a, int pid, const char *comm)
{
	char *n = imap_get(&a->names, pid);

	if (!comm)
		return;
	if (!n) {
		n = sf_xmalloc(SIGFTRACE_COMM_LEN + 1);
		imap_put(&a->names, pid, n);
	}
	copy_comm(n, comm);
}

static struct sf_fate_info *fate_slot(struct sf_analysis *a, unsigned long long seq)
{
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

static unsigned long long hash_str(unsigned long long h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static struct pair *pair_get(struct sf_analysis *a, const char *scomm, const char *rcomm, int sig)
{
	unsigned long long h = hash_str(hash_str(0xcbf29ce484222325ULL, scomm), "\n");
	struct pair *p;

	h = hash_str(h, rcomm) ^ (unsigned long long)sig * 31;
	/* probe on collisions: keys that differ from the stored pair move on */
	for (;; h++) {
		p = imap_get(&a->pairs, (long long)(h & 0x7fffffffffffffffULL));
		if (!p)
			break;
		if (p->sig == sig && !strcmp(p->scomm, scomm) && !strcmp(p->rcomm, rcomm))
			return p;
	}
	p = sf_xcalloc(1, sizeof(*p));
	p->sig = sig;
	copy_comm(p->scomm, scomm);
	copy_comm(p->rcomm, rcomm);
	imap_put(&a->pairs, (long long)(h & 0x7fffffffffffffffULL), p);
	return p;
}

static struct edge *edge_get(struct sf_analysis *a, int from, int to, int sig)
{
	/* unsigned: pids above 2^23 and negative ones from corrupt input shift too */
	long long key =
		(long long)(((unsigned long long)(unsigned int)(from + 1) << 40) ^
			    ((unsigned long long)(unsigned int)to << 8) ^ (unsigned int)sig);
	struct edge *e;

	for (;; key += 0x10000000000LL) {
		e = imap_get(&a->edges, key);
		if (!e || (e->from == from && e->to == to && e->sig == sig))
			break;
	}
	if (!e) {
		e = sf_xcalloc(1, sizeof(*e));
		e->from = from;
		e->to = to;
		e->sig = sig;
		imap_put(&a->edges, key, e);
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
		a->bursts = sf_xrealloc(a->bursts, (a->nbursts + 1) * sizeof(*a->bursts));
		a->bursts[a->nbursts++] = a->cur;
	} else {
		imap_free(&a->cur.receivers, no_free);
	}
	memset(&a->cur, 0, sizeof(a->cur));
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
			      const struct sigftrace_ids *ids)
{
	struct late *l = sf_xcalloc(1, sizeof(*l));

	l->ts = ts;
	l->s = *s;
	l->ids = *ids;
	if (ids->comm) {
		copy_comm(l->comm, ids->comm);
		l->ids.comm = l->comm;
	}
	if (ids->rcomm) {
		copy_comm(l->rcomm, ids->rcomm);
		l->ids.rcomm = l->rcomm;
	}
	l->ids.thread_comm = NULL;
	return l;
}

static void count_shown(struct sf_analysis *a, unsigned long long ts, const struct sigftrace_sig *s,
			const struct sigftrace_ids *ids, bool kernel, int origin, int res)
{
	int rpid = ids->rpid > 0 ? ids->rpid : s->pid;
	struct pair *p;
	struct edge *e;

	remember_name(a, rpid, rpid == s->pid ? s->comm : ids->rcomm);
	if (!kernel)
		remember_name(a, ids->pid, ids->comm);
	p = pair_get(a, kernel ? "kernel" : ids->comm ? ids->comm : "<...>", s->comm, s->sig);
	if (!p->count)
		p->first = ts;
	p->count++;
	p->last = ts;
	p->results[res]++;
	p->origins |= 1u << origin;
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
		return;
	if (!a->cur.count) {
		a->cur.first = ts;
		a->cur.sender_pid = ids->pid;
		a->cur.sig = s->sig;
		copy_comm(a->cur.scomm, ids->comm);
	}
	a->cur.count++;
	a->cur.last = ts;
	if (!imap_get(&a->cur.receivers, rpid)) {
		imap_put(&a->cur.receivers, rpid, a);
		if (s->result == SIGFTRACE_RES_IGNORED)
			a->cur.ignored++;
	}
}

static void generate(struct sf_analysis *a, unsigned long long seq, unsigned long long ts,
		     const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
		     enum sf_sel sel)
{
	bool shown = sel != SF_SEL_NO;
	bool kernel = sigftrace_kernel_sender(a->arch, s) || s->ctx != SIGFTRACE_CTX_TASK;
	int origin = sigftrace_code_origin(a->arch, s->sig, s->code);
	int res = s->result >= 0 && s->result <= 4 ? s->result : 5;
	int rpid = ids->rpid > 0 ? ids->rpid : s->pid;
	struct sf_fate_info *f = fate_slot(a, seq);
	struct proc *pr = proc_get(a, rpid);
	struct cause c = { ts, s->sig, ids->pid, origin, kernel, 0, 0, shown, "" };

	copy_comm(pr->comm, rpid == s->pid ? s->comm : ids->rcomm);
	if (sel == SF_SEL_YES)
		count_shown(a, ts, s, ids, kernel, origin, res);

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
		     sel == SF_SEL_IF_FATAL ? keep_late(ts, s, ids) : NULL);
		break;
	}
	c.context = kernel && s->ctx == SIGFTRACE_CTX_TASK && ids->tid > 0 && ids->tid != s->pid;
	copy_comm(c.scomm, kernel && !c.context ? "kernel" : ids->comm);
	/* remember a terminating signal the process survives: "did not stop on SIGTERM" */
	if (is_fatal_default(a->arch, s->sig) && s->sig != sigftrace_sig_parse(a->arch, "KILL") &&
	    !pr->has_survived &&
	    (s->result == SIGFTRACE_RES_IGNORED || s->result == SIGFTRACE_RES_PENDING)) {
		pr->has_survived = 1;
		pr->survived = c;
		pr->survived.fate = s->result == SIGFTRACE_RES_IGNORED ? SF_FATE_IGNORED :
									 SF_FATE_MERGED;
	}
	/* the cause of a death, until a delivery says otherwise */
	if (!pr->dying && s->result == SIGFTRACE_RES_DELIVERED && is_fatal_default(a->arch, s->sig))
		pr->death = c;
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
	int kill = sigftrace_sig_parse(a->arch, "KILL");
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
			enum sf_sel sel)
{
	if (s->kind == SIGFTRACE_EV_GENERATE)
		generate(a, seq, ts, s, ids, sel);
	else if (s->kind == SIGFTRACE_EV_DELIVER)
		deliver(a, ts, s, ids);
}

/* discard - what is still queued will never be delivered */
static void discard(struct sf_analysis *a, struct queue *q)
{
	size_t i;

	for (i = 0; i < q->npend; i++) {
		fate_slot(a, q->pend[i].seq)->fate = SF_FATE_DISCARDED;
		free(q->pend[i].late);
	}
	q->npend = 0;
}

void sf_analysis_exit(struct sf_analysis *a, unsigned long long ts, int tid, int tgid,
		      const char *comm, bool last)
{
	struct thread *t = imap_get(&a->threads, tid);
	struct proc *pr;

	/* the tid may be reused: start afresh */
	if (t) {
		discard(a, &t->q);
		clear(&t->q);
	}
	pr = last ? imap_get(&a->procs, tgid) : NULL;
	if (!pr)
		return;
	discard(a, &pr->q);
	if (pr->dying && (!pr->death.sig || pr->death.shown)) {
		struct killed *k;
		struct edge *e;

		a->killed = sf_xrealloc(a->killed, (a->nkilled + 1) * sizeof(*a->killed));
		k = &a->killed[a->nkilled++];
		memset(k, 0, sizeof(*k));
		k->why = pr->death;
		k->ts = ts;
		k->pid = tgid;
		copy_comm(k->comm, comm ? comm : pr->comm);
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
	memset(pr, 0, sizeof(*pr));
}

void sf_analysis_end(struct sf_analysis *a)
{
	close_burst(a);
}

const struct sf_fate_info *sf_analysis_fate(const struct sf_analysis *a, unsigned long long seq)
{
	return seq < a->nfates ? &a->fates[seq] : NULL;
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

/* ---- output ------------------------------------------------------------------------ */

static void fmt_ts(char *buf, size_t size, unsigned long long ts)
{
	unsigned long long us = (ts + 500) / 1000; /* rounded, like the report lines */

	snprintf(buf, size, "%llu.%06llu", us / 1000000ULL, us % 1000000ULL);
}

static const char *const result_names[6] = { "delivered", "ignored",   "pending",
					     "overflow",  "lose-info", "unknown" };

static int cmp_pair(const void *x, const void *y)
{
	const struct pair *p = *(const struct pair *const *)x;
	const struct pair *q = *(const struct pair *const *)y;

	if (p->count != q->count)
		return p->count < q->count ? 1 : -1;
	return p->first < q->first ? -1 : p->first > q->first;
}

void sf_analysis_summary(const struct sf_analysis *a, FILE *out)
{
	struct pair **v = sf_xcalloc(a->pairs.count + 1, sizeof(*v));
	char name[SIGFTRACE_SIGNAME_MAX], t1[32], t2[32];
	size_t i, j, n = 0;
	int sig;

	for (i = 0; i < a->pairs.size; i++) {
		if (a->pairs.vals[i])
			v[n++] = a->pairs.vals[i];
	}
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
		for (o = 0; o < SIGFTRACE_ORIGIN_NR; o++) {
			if (v[i]->origins & (1u << o))
				sf_buf_printf(&org, "%s%s", org.len ? "," : "",
					      sigftrace_origin_name(o));
		}
		sigftrace_sig_format(name, sizeof(name), a->arch, v[i]->sig);
		fmt_ts(t1, sizeof(t1), v[i]->first);
		fmt_ts(t2, sizeof(t2), v[i]->last);
		fprintf(out, "%8llu  %-16s %-12s %-16s %-32s %-16s %-14s %s\n", v[i]->count,
			v[i]->scomm, name, v[i]->rcomm, sf_buf_str(&res), sf_buf_str(&org), t1, t2);
		sf_buf_free(&res);
		sf_buf_free(&org);
	}
	free(v);
	if (a->nbursts) {
		fprintf(out,
			"\nBroadcasts (one sender, one signal, many receivers within 1 ms):\n");
		for (i = 0; i < a->nbursts; i++) {
			const struct burst *b = &a->bursts[i];

			sigftrace_sig_format(name, sizeof(name), a->arch, b->sig);
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
		const struct sigstat *st = &a->sigs[sig];

		if (!st->count)
			continue;
		sigftrace_sig_format(name, sizeof(name), a->arch, sig);
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

void sf_analysis_killed(const struct sf_analysis *a, FILE *out)
{
	char name[SIGFTRACE_SIGNAME_MAX], sname[SIGFTRACE_SIGNAME_MAX], t1[32];
	size_t i;

	if (!a->nkilled) {
		fprintf(out, "no process died of a signal\n");
		return;
	}
	for (i = 0; i < a->nkilled; i++) {
		const struct killed *k = &a->killed[i];

		fmt_ts(t1, sizeof(t1), k->ts);
		fprintf(out, "%s (%s %d) killed by ", t1, k->comm, k->pid);
		if (!k->why.sig) {
			fprintf(out, "a signal whose sender is not in the trace\n");
			continue;
		}
		sigftrace_sig_format(name, sizeof(name), a->arch, k->why.sig);
		if (k->why.kernel)
			fprintf(out, "%s from (kernel)", name);
		else
			fprintf(out, "%s from (%s %d)", name, k->why.scomm, k->why.sender_pid);
		if (k->why.origin != SIGFTRACE_ORIGIN_KILL)
			fprintf(out, " %s", sigftrace_origin_name(k->why.origin));
		if (k->why.context)
			fprintf(out, " in %s/%d", k->why.scomm, k->why.sender_pid);
		if (k->survived_sig) {
			sigftrace_sig_format(sname, sizeof(sname), a->arch, k->survived_sig);
			fprintf(out, ", did not stop on %s (%s)", sname,
				sf_fate_name(k->survived_fate));
		}
		fprintf(out, "\n");
	}
}

void sf_analysis_dot(const struct sf_analysis *a, FILE *out)
{
	char name[SIGFTRACE_SIGNAME_MAX];
	bool kernel = false;
	size_t i;

	fprintf(out,
		"digraph signals {\n\trankdir=LR;\n\tnode [shape=box, fontname=\"monospace\"];\n");
	for (i = 0; i < a->edges.size; i++) {
		const struct edge *e = a->edges.vals[i];

		if (e && e->from < 0)
			kernel = true;
	}
	if (kernel)
		fprintf(out,
			"\tkernel [label=\"kernel\", shape=ellipse, style=filled, fillcolor=lightgrey];\n");
	for (i = 0; i < a->names.size; i++) {
		const char *n = a->names.vals[i];
		const char *c;

		if (!n)
			continue;
		fprintf(out, "\tp%lld [label=\"", a->names.keys[i]);
		for (c = n; *c; c++)
			fprintf(out, *c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
		fprintf(out, "\\n%lld\"];\n", a->names.keys[i]);
	}
	for (i = 0; i < a->edges.size; i++) {
		const struct edge *e = a->edges.vals[i];

		if (!e)
			continue;
		sigftrace_sig_format(name, sizeof(name), a->arch, e->sig);
		if (e->from < 0)
			fprintf(out, "\tkernel");
		else
			fprintf(out, "\tp%d", e->from);
		fprintf(out, " -> p%d [label=\"%s x%llu%s\"%s];\n", e->to, name, e->count,
			e->fatal ? " (fatal)" : "",
			e->fatal ? ", color=red, penwidth=2.5, fontcolor=red" : "");
	}
	fprintf(out, "}\n");
}
