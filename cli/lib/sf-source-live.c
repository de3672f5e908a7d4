// SPDX-License-Identifier: GPL-2.0
/*
 * sf-source-live - sigftrace's own instance and its ring buffers (see
 * sf-source-live.h).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sf-atomic.h"
#include "sf-datfmt.h"
#include "sf-source-live.h"
#include "sf-handover.h"
#include "sf-util.h"

#define SF_LIVE_PAGES 1024 /* pages read per CPU and batch */
#define SF_LIVE_SAMPLES 4 /* of the trace clock, kept by a stream */
#define SF_LIVE_FINE_NS 200000ULL /* a clock that moves within this is fine */

/* event_filter - the kernel's part of @f on @t's signal event @name (@ev) */
static int event_filter(struct sf_trace *t, struct sf_filter *f, const char *name,
			struct tep_event *ev, char *err, size_t errsz)
{
	char *str = sf_filter_kernel(f, name, ev, err, errsz);
	int r;

	if (!str)
		return -1;
	r = sf_trace_filter(t, name, str, err, errsz);
	free(str);
	return r ? -1 : 0;
}

/*
 * filters - the kernel's part of @f on both signal events of @t;
 * signal_generate on (the -f expressions are compiled against @t's formats:
 * the last instance given is the one whose formats they keep)
 */
static int filters(struct sf_live *l, struct sf_trace *t, struct sf_filter *f, char *err,
		   size_t errsz)
{
	struct tep_event *gen = tep_find_event_by_name(t->tep, "signal", "signal_generate");
	struct tep_event *del = tep_find_event_by_name(t->tep, "signal", "signal_deliver");

	/*
	 * every filter first: a rejected one fails before anything is recorded;
	 * -f is checked with sigftrace's parser of the kernel's grammar, so that
	 * record, stream and report accept the same expressions (and the
	 * kernel never sees one its parser mishandles)
	 */
	if (sf_filter_compile_raw(f, gen, err, errsz))
		return -1;
	if (event_filter(t, f, "signal_generate", gen, err, errsz) ||
	    (l->conf.deliver && del && event_filter(t, f, "signal_deliver", del, err, errsz)))
		return -1;
	return sf_trace_enable(t, "signal", "signal_generate", err, errsz);
}

/*
 * coarse - the instance's clock does not move within 200 us: a sched_clock
 * made of jiffies (MIPS boards without a sched_clock of their own), whose
 * times would order a storm's events by the tick
 */
static bool coarse(struct sf_trace *tr)
{
	unsigned long long t0, m0, t, m;

	if (sf_trace_clock_sample(tr, &t0, &m0))
		return true;
	do {
		if (sf_trace_clock_sample(tr, &t, &m))
			return true;
		if (t != t0)
			return false;
	} while (m - m0 < SF_LIVE_FINE_NS);
	return true;
}

/* choose_clock - keep the instance's clock when it is fine and can be mapped to mono */
static void choose_clock(struct sf_live *l, struct sf_trace *t)
{
	static const char *const mappable[] = {
		"local", "global", "boot", "mono_raw", "perf", "tai"
	};
	char *text = sf_trace_file_read(t, "trace_clock", NULL);
	const char *name = NULL;
	size_t len = text ? sf_clock_name(text, &name) : 0;
	size_t i;

	l->conf.clock = "mono";
	if (len == 4 && !memcmp(name, "mono", 4)) {
		l->conf.clock = NULL;
	} else {
		for (i = 0; i < SF_ARRAY_SIZE(mappable); i++) {
			if (len == strlen(mappable[i]) && !memcmp(name, mappable[i], len)) {
				l->conf.clock = NULL;
				l->to_mono = true;
			}
		}
	}
	free(text);
	if (l->to_mono && coarse(t)) {
		l->conf.clock = "mono";
		l->to_mono = false;
	}
}

int sf_live_open(struct sf_live *l, const char *instance, const struct sf_trace_conf *conf,
		 struct sf_filter *f, char *err, size_t errsz)
{
	memset(l, 0, sizeof(*l));
	l->t.trace_on_fd = -1;
	l->ring.stop[0] = l->ring.stop[1] = -1;
	l->conf = *conf;
	if (sf_trace_create(&l->t, instance, err, errsz))
		return -1;
	if (!l->conf.clock)
		choose_clock(l, &l->t);
	if (sf_trace_setup(&l->t, &l->conf, err, errsz) || filters(l, &l->t, f, err, errsz) ||
	    sf_ring_open(&l->ring, &l->t, err, errsz))
		return -1;
	return 0;
}

int sf_live_start(struct sf_live *l, char *err, size_t errsz)
{
	if (sf_trace_on(&l->t)) {
		snprintf(err, errsz, "cannot turn tracing on in instance %s: %s", l->t.name,
			 strerror(errno));
		return -1;
	}
	sf_live_sample(l, 0);
	return sf_trace_enable_rest(&l->t, &l->conf, err, errsz);
}

/* sample_of - a sample of @t's trace clock (the main instance's, or the start one's) */
static void sample_of(struct sf_live *l, struct sf_trace *t)
{
	unsigned long long trace_ns, mono_ns;

	if (!l->to_mono || sf_trace_clock_sample(t, &trace_ns, &mono_ns))
		return;
	sf_clockmap_add(&l->mono, trace_ns, mono_ns);
	l->sampled = mono_ns;
}

void sf_live_sample(struct sf_live *l, unsigned long long every_ns)
{
	unsigned long long trace_ns, mono_ns;

	if (!l->to_mono || (every_ns && sf_now_ns() - l->sampled < every_ns))
		return;
	if (sf_trace_clock_sample(&l->t, &trace_ns, &mono_ns))
		return;
	sf_clockmap_add(&l->mono, trace_ns, mono_ns);
	l->sampled = mono_ns;
	/* a stream needs only the samples around the batch it reads */
	if (l->merging && l->mono.n > SF_LIVE_SAMPLES) {
		memmove(l->mono.s, l->mono.s + l->mono.n - SF_LIVE_SAMPLES,
			SF_LIVE_SAMPLES * sizeof(*l->mono.s));
		l->mono.n = SF_LIVE_SAMPLES;
	}
}

int sf_live_batches(struct sf_live *l, char *err, size_t errsz)
{
	struct sf_trace *t = &l->t;
	struct sf_page_layout lay;
	int i;

	sf_pages_layout_tep(&lay, t->tep, l->ring.page_size);
	if (sf_pages_init(&l->m, t->ncpus, &lay)) {
		snprintf(err, errsz, "cannot decode ring-buffer pages: %s", strerror(errno));
		return -1;
	}
	l->pages = sf_xcalloc((size_t)t->ncpus, sizeof(*l->pages));
	for (i = 0; i < t->ncpus; i++)
		l->pages[i] = sf_xmalloc((size_t)SF_LIVE_PAGES * l->ring.page_size);
	l->merging = true;
	return 0;
}

/* pre_free - a stream's pages of the hand-over gone */
static void pre_free(struct sf_live *l)
{
	int i;

	for (i = 0; l->pre && i < l->t.ncpus; i++)
		free(l->pre[i]);
	free(l->pre);
	l->pre = NULL;
	for (i = 0; l->pre_fds && i < l->t.ncpus; i++) {
		if (l->pre_fds[i] >= 0)
			close(l->pre_fds[i]);
	}
	free(l->pre_fds);
	l->pre_fds = NULL;
}

/* pre_load - a stream's first batch: the pages of the hand-over, of every CPU */
static void pre_load(struct sf_live *l)
{
	size_t ps = l->ring.page_size;
	struct stat st;
	size_t len;
	int i;

	l->pre = sf_xcalloc((size_t)l->t.ncpus, sizeof(*l->pre));
	for (i = 0; i < l->t.ncpus; i++) {
		len = fstat(l->pre_fds[i], &st) ? 0 : (size_t)st.st_size / ps * ps;
		l->pre[i] = sf_xmalloc(len ? len : 1);
		if (len && sf_pio(l->pre_fds[i], l->pre[i], len, 0, false)) {
			/* said by sf_live_error() */
			snprintf(l->m.err, sizeof(l->m.err),
				 "cannot read back the pages of the hand-over: %s",
				 strerror(errno));
			l->m.err_src = i;
			len = 0;
		}
		sf_pages_load(&l->m, i, l->pre[i], len);
		close(l->pre_fds[i]);
		l->pre_fds[i] = -1;
	}
}

bool sf_live_read(struct sf_live *l, bool last)
{
	unsigned long long mono;
	bool more = false;
	struct sf_recq q;
	int i;

	if (!l->merging)
		return false;
	/* what the last batch held back, in time order, for this one */
	l->peeked = false;
	sf_recq_merge(&l->spare, &l->held, &l->later);
	q = l->held;
	l->held = l->spare;
	l->spare = q;
	if (l->pre_fds) {
		/* (never the last batch: the rings come after it) */
		l->horizon = l->pre_horizon;
		pre_load(l);
		free(l->pre_fds);
		l->pre_fds = NULL;
		return true;
	}
	if (l->pre)
		pre_free(l);
	/* (a clock that cannot be read: no holding back) */
	if (sf_trace_clock_sample(&l->t, &l->horizon, &mono))
		l->horizon = ~0ULL;
	for (i = 0; i < l->t.ncpus; i++) {
		bool full;
		size_t len = sf_ring_read(&l->ring, i, l->pages[i], SF_LIVE_PAGES, &full);

		more |= full;
		sf_pages_load(&l->m, i, l->pages[i], len);
	}
	/* every CPU read to its end after the stop: nothing older can come */
	if (last && !more)
		l->horizon = ~0ULL;
	return more;
}

bool sf_live_next(struct sf_live *l, struct tep_record *rec)
{
	const struct tep_record *h;

	if (!l->merging)
		return false;
	for (;;) {
		if (!l->peeked)
			l->peeked = sf_pages_next(&l->m, &l->peek);
		if (!l->peeked || l->peek.ts <= l->horizon)
			break;
		/* a CPU read earlier may still give older ones: the next batch */
		sf_recq_push(&l->later, &l->peek);
		l->peeked = false;
	}
	h = sf_recq_peek(&l->held);
	if (h && h->ts <= l->horizon && (!l->peeked || h->ts <= l->peek.ts)) {
		*rec = *h;
		l->held.at++;
	} else if (l->peeked) {
		*rec = l->peek;
		l->peeked = false;
	} else {
		return false;
	}
	if (l->to_mono)
		rec->ts = sf_clockmap_mono(&l->mono, rec->ts);
	return true;
}

int sf_live_error(const struct sf_live *l, char *err, size_t errsz)
{
	if (!l->merging || !l->m.err[0])
		return 0;
	snprintf(err, errsz, "cannot decode the ring buffer of CPU %d: %s", l->m.err_src, l->m.err);
	return -1;
}

int sf_live_counts(struct sf_live *l, struct sf_live_counts *c)
{
	unsigned long long overrun, dropped;
	char *text;
	int i;

	c->events = 0;
	c->lost = 0;
	for (i = 0; i < l->t.ncpus; i++) {
		if (sf_trace_cpu_stats(&l->t, i, &text, &overrun, &dropped))
			return -1;
		c->events += sf_stats_field(text, "entries") + sf_stats_field(text, "read events");
		c->lost += overrun + dropped;
		free(text);
	}
	return 0;
}

/* tally_pages - the signals of @n bytes of whole pages */
static unsigned long long tally_pages(const struct sf_page_layout *lay, struct tep_handle *tep,
				      int id_gen, const unsigned char *buf, size_t n)
{
	unsigned long long signals = 0;
	struct tep_record rec;
	struct sf_pages m;

	if (sf_pages_init(&m, 1, lay))
		return 0;
	sf_pages_load(&m, 0, buf, n);
	while (sf_pages_next(&m, &rec))
		signals += tep_data_type(tep, &rec) == id_gen;
	sf_pages_free(&m);
	return signals;
}

int sf_live_tally(struct sf_live *l, const int *fds, struct sf_live_tally *t)
{
	struct tep_event *gen = tep_find_event_by_name(l->t.tep, "signal", "signal_generate");
	size_t psz = l->ring.page_size, chunk = psz * 64;
	struct sf_page_layout lay;
	unsigned char *buf;
	int i, ret = 0;

	if (!gen || !psz)
		return 0;
	if (!t->done)
		t->done = sf_xcalloc((size_t)l->t.ncpus, sizeof(*t->done));
	sf_pages_layout_tep(&lay, l->t.tep, (unsigned int)psz);
	buf = sf_xmalloc(chunk);
	t->bytes = 0;
	for (i = 0; i < l->t.ncpus && !ret; i++) {
		unsigned long long end;
		struct stat st;

		if (fstat(fds[i], &st)) {
			ret = -1;
			break;
		}
		t->bytes += (unsigned long long)st.st_size;
		/* a page being written is counted the next time */
		end = (unsigned long long)st.st_size / psz * psz;
		while (t->done[i] < end) {
			size_t want = end - t->done[i] < chunk ? end - t->done[i] : chunk;
			ssize_t n = pread(fds[i], buf, want, (off_t)t->done[i]);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0 || (size_t)n < psz) {
				ret = n < 0 ? -1 : 0;
				break;
			}
			n = n / (ssize_t)psz * (ssize_t)psz;
			t->signals += tally_pages(&lay, l->t.tep, gen->id, buf, (size_t)n);
			t->done[i] += (unsigned long long)n;
		}
	}
	free(buf);
	return ret;
}

void sf_live_tally_free(struct sf_live_tally *t)
{
	free(t->done);
	t->done = NULL;
}

/*
 * The hand-over: a start instance records from the first milliseconds
 * while the main one is resized (a buffer_size_kb write stops the buffer
 * and waits for every CPU: 12 to 40 ms, at any size); then both record,
 * then the start instance stops and its events before the main one's first
 * are put in front of the main one's pages, CPU by CPU.
 *
 * Why it is exact: one tracepoint hit writes the event into every instance
 * that enables it, in turn, on the same CPU with preemption off; both
 * instances have the same events and filters. So on a CPU, from the moment
 * the main instance is on, the start instance's events are the main one's,
 * in the same order. A mark made after that moment on each CPU (a thread of
 * ours pinned there renames itself: task:task_rename, whose pid is the
 * thread's) is in both: if it is the main instance's k-th event on the CPU
 * and the start instance's j-th, the start instance's first j - k events
 * are its own, the rest the main one's. Counting back from the mark is
 * right even if the start instance lost its oldest events (those are
 * counted lost); the k events before the mark are checked to be the same
 * bytes in both (the timestamps aside: each instance reads the clock
 * itself).
 */

#define SF_HO_NAME "sigftrace-hand" /* the mark's name: 15 bytes at most */
#define SF_HO_MAX_PAGES 4096 /* of the main instance read to find the mark */
#define SF_HO_SLACK_NS 1000ULL /* the stats tell the clock's time in microseconds */

/* start_on - the start instance @name: the same events and filters, on at once */
static int start_on(struct sf_live *l, const char *name, struct sf_filter *f, const char *tmpdir)
{
	struct sf_trace_conf conf;
	char err[256];
	int i;

	if (sf_trace_create(&l->start, name, err, sizeof(err)))
		return -1;
	if (!l->conf.clock)
		choose_clock(l, &l->start);
	conf = l->conf;
	conf.buffer_kb = 0; /* the kernel's default: no resize */
	conf.buffer_percent = -1;
	conf.signal_first = true; /* the other formats once it records */
	if (sf_trace_setup(&l->start, &conf, err, sizeof(err)) ||
	    filters(l, &l->start, f, err, sizeof(err)) || sf_trace_on(&l->start))
		return -1;
	/* the first events are recorded from here on */
	sample_of(l, &l->start);
	if (sf_trace_enable_rest(&l->start, &l->conf, err, sizeof(err)) ||
	    sf_ring_open(&l->start_ring, &l->start, err, sizeof(err)))
		return -1;
	l->start_fds = sf_xcalloc((size_t)l->start.ncpus, sizeof(*l->start_fds));
	for (i = 0; i < l->start.ncpus; i++)
		l->start_fds[i] = -1;
	for (i = 0; i < l->start.ncpus; i++) {
		l->start_fds[i] = sf_atomic_tmpfile(tmpdir);
		if (l->start_fds[i] < 0)
			return -1;
	}
	return sf_ring_capture_start(&l->start_ring, l->start_fds, err, sizeof(err));
}

/* start_close - the start instance's readers, files and instance gone */
static void start_close(struct sf_live *l)
{
	int i;

	sf_ring_close(&l->start_ring);
	for (i = 0; l->start_fds && i < l->start.ncpus; i++) {
		if (l->start_fds[i] >= 0)
			close(l->start_fds[i]);
	}
	free(l->start_fds);
	l->start_fds = NULL;
	if (l->start.inst)
		sf_trace_destroy(&l->start);
	l->has_start = false;
}

int sf_live_open_early(struct sf_live *l, const char *instance, const struct sf_trace_conf *conf,
		       struct sf_filter *f, const char *tmpdir, char *err, size_t errsz)
{
	char buf[64], *sname;

	memset(l, 0, sizeof(*l));
	l->t.trace_on_fd = -1;
	l->start.trace_on_fd = -1;
	l->ring.stop[0] = l->ring.stop[1] = -1;
	l->start_ring.stop[0] = l->start_ring.stop[1] = -1;
	l->conf = *conf;
	if (!instance) {
		snprintf(buf, sizeof(buf), "sigftrace-%d", (int)getpid());
		instance = buf;
	}
	l->tmpdir = sf_xstrdup(tmpdir);
	sname = sf_xmalloc(strlen(instance) + sizeof("-start"));
	sprintf(sname, "%s-start", instance);
	/* the main instance's name is checked first: nothing is made for a name in use */
	l->has_start = sf_trace_name_ok(instance) && !sf_trace_exists(instance);
	if (l->has_start && start_on(l, sname, f, tmpdir)) {
		/* (an instance limit, EPERM, a filter the main one then reports) */
		start_close(l);
		sf_clockmap_free(&l->mono);
		l->conf = *conf;
		l->to_mono = false;
	}
	l->has_start = l->start.inst != NULL;
	free(sname);
	if (!l->has_start) {
		free(l->tmpdir);
		return sf_live_open(l, instance, conf, f, err, errsz);
	}
	if (sf_trace_create(&l->t, instance, err, errsz))
		return -1;
	/* everything with tracing off: the switch on is then one write */
	if (sf_trace_setup(&l->t, &l->conf, err, errsz) || filters(l, &l->t, f, err, errsz) ||
	    sf_trace_enable_rest(&l->t, &l->conf, err, errsz) ||
	    sf_ring_open(&l->ring, &l->t, err, errsz))
		return -1;
	return 0;
}

/* A thread of ours renamed on one CPU: the mark of the hand-over there. */
struct ho_mark {
	pthread_t thread;
	int cpu;
	pid_t tid;
	bool started;
	bool ok; /* renamed on @cpu */
};

static void *mark_thread(void *arg)
{
	struct ho_mark *mk = arg;
	cpu_set_t set;

	mk->tid = (pid_t)syscall(SYS_gettid);
	CPU_ZERO(&set);
	CPU_SET(mk->cpu, &set);
	/* pinned there: it cannot leave the CPU between the two checks */
	if (sched_setaffinity(0, sizeof(set), &set) || sched_getcpu() != mk->cpu)
		return NULL;
	if (prctl(PR_SET_NAME, SF_HO_NAME, 0, 0, 0))
		return NULL;
	mk->ok = sched_getcpu() == mk->cpu;
	return NULL;
}

/* make_marks - a mark on every CPU that can have one, all at once */
static struct ho_mark *make_marks(int ncpus)
{
	struct ho_mark *mk = sf_xcalloc((size_t)ncpus, sizeof(*mk));
	int i;

	for (i = 0; i < ncpus && i < CPU_SETSIZE; i++) {
		mk[i].cpu = i;
		mk[i].started = !pthread_create(&mk[i].thread, NULL, mark_thread, &mk[i]);
	}
	for (i = 0; i < ncpus; i++) {
		if (mk[i].started)
			pthread_join(mk[i].thread, NULL);
	}
	return mk;
}

struct ho_recs {
	struct sf_ho_rec *r;
	size_t n, cap;
};

/* collect - the records of @len bytes of whole pages (the previous ones forgotten) */
static void collect(const struct sf_page_layout *lay, const unsigned char *buf, size_t len,
		    struct ho_recs *v)
{
	struct tep_record rec;
	struct sf_pages m;

	v->n = 0;
	if (!len || sf_pages_init(&m, 1, lay))
		return;
	sf_pages_load(&m, 0, buf, len);
	while (sf_pages_next(&m, &rec)) {
		if (v->n == v->cap) {
			v->cap = v->cap ? 2 * v->cap : 1024;
			v->r = sf_xrealloc(v->r, v->cap * sizeof(*v->r));
		}
		v->r[v->n++] = (struct sf_ho_rec){ rec.offset, rec.ts, rec.data, rec.size };
	}
	sf_pages_free(&m);
}

/* find_mark - the index of @tid's rename among @v's records, or -1 */
static long find_mark(struct sf_live *l, const struct ho_recs *v, pid_t tid)
{
	struct tep_event *ev = tep_find_event_by_name(l->t.tep, "task", "task_rename");
	struct tep_format_field *pid = ev ? tep_find_field(ev, "pid") : NULL;
	struct tep_record rec = { 0 };
	unsigned long long val;
	size_t i;

	if (!pid || !tid)
		return -1;
	for (i = v->n; i-- > 0;) {
		rec.data = (void *)v->r[i].data;
		rec.size = v->r[i].size;
		if (tep_data_type(l->t.tep, &rec) == ev->id &&
		    pid->offset + pid->size <= rec.size &&
		    !tep_read_number_field(pid, rec.data, &val) && (pid_t)val == tid)
			return (long)i;
	}
	return -1;
}

/*
 * read_main - the main instance's pages of @cpu until @tid's mark is among
 * them; without a mark (@tid 0), until an event after @until (the start
 * instance's stop) or the end of what there is
 */
static size_t read_main(struct sf_live *l, int cpu, pid_t tid, unsigned long long until,
			unsigned char **buf, const struct sf_page_layout *lay, struct ho_recs *a,
			long *k)
{
	size_t ps = l->ring.page_size, len = 0, n;
	bool more;

	*k = -1;
	while (len / ps < SF_HO_MAX_PAGES) {
		*buf = sf_xrealloc(*buf, len + ps);
		n = sf_ring_read(&l->ring, cpu, *buf + len, 1, &more);
		if (!n)
			break;
		len += n;
		collect(lay, *buf, len, a);
		*k = find_mark(l, a, tid);
		if (*k >= 0 || (!tid && a->n && a->r[a->n - 1].ts > until))
			break;
	}
	collect(lay, *buf, len, a);
	return len;
}

/* write_all - @len bytes to @fd */
static int write_all(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			errno = n ? errno : EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* read_start - the start instance's pages of @cpu, from its file */
static unsigned char *read_start(struct sf_live *l, int cpu, size_t *len)
{
	struct stat st;
	unsigned char *buf;

	*len = 0;
	if (fstat(l->start_fds[cpu], &st))
		return NULL;
	*len = (size_t)st.st_size / l->ring.page_size * l->ring.page_size;
	buf = sf_xmalloc(*len ? *len : 1);
	if (*len && sf_pio(l->start_fds[cpu], buf, *len, 0, false)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The trace clock around the switch: just before, just after, after the stop. */
struct ho_times {
	unsigned long long before, after, stop;
};

/*
 * handover_cpu - into @fd: the start instance's events of @cpu that the
 * main one does not have, then the main one's pages read to find the mark
 */
static int handover_cpu(struct sf_live *l, int cpu, const struct ho_mark *mk,
			const struct ho_times *tm, int fd)
{
	size_t ps = l->ring.page_size, blen, alen, cut, page_at;
	struct ho_recs b = { 0 }, a = { 0 };
	unsigned char *bbuf, *abuf = NULL;
	struct sf_page_layout lay;
	struct sf_pages m;
	long j, k;
	bool exact;
	int ret = -1;

	sf_pages_layout_tep(&lay, l->t.tep, (unsigned int)ps);
	bbuf = read_start(l, cpu, &blen);
	if (!bbuf)
		return -1;
	collect(&lay, bbuf, blen, &b);
	alen = read_main(l, cpu, mk->ok ? mk->tid : 0, tm->stop, &abuf, &lay, &a, &k);
	j = find_mark(l, &b, mk->ok ? mk->tid : 0);
	exact = mk->ok && j >= 0 && k >= 0 && j >= k &&
		sf_handover_same(b.r, (size_t)(j - k), a.r, (size_t)k);
	if (exact) {
		cut = (size_t)(j - k);
	} else if (!b.n || (!mk->ok && (!a.n || a.r[0].ts > tm->stop))) {
		/*
		 * nothing to hand over, or the main instance has nothing here
		 * before the start one stopped (it was read after): all of the
		 * start one's are its own
		 */
		cut = b.n;
		exact = true;
	} else if (!mk->ok && (j = sf_handover_match(b.r, b.n, a.r, a.n)) >= 0) {
		/* no mark: the start instance's last events are the main one's first */
		cut = (size_t)j;
		exact = true;
	} else {
		/* by the time of the switch: what is around it may be in both, or in none */
		unsigned long long uncertain = 0;

		for (cut = 0; cut < b.n && b.r[cut].ts < tm->before; cut++)
			;
		for (j = (long)cut; (size_t)j < b.n && b.r[j].ts <= tm->after; j++)
			uncertain++;
		l->ho.uncertain += uncertain;
		l->ho.inexact++;
		if (!l->ho.warning[0])
			snprintf(
				l->ho.warning, sizeof(l->ho.warning),
				"the hand-over from the start instance is not exact on CPU %d (%s): %llu events around the switch counted lost",
				cpu,
				!mk->ok ? "no mark could be made there, and no match" :
					  "the mark does not match",
				uncertain);
	}
	l->ho.kept += cut;
	/* the start instance's pages up to the cut, the last one ended there */
	page_at = cut < b.n ? b.r[cut].off / ps * ps : blen;
	if (write_all(fd, bbuf, page_at))
		goto out;
	if (cut < b.n && b.r[cut].off % ps > lay.data_off) {
		if (sf_pages_init(&m, 1, &lay))
			goto out;
		ret = sf_pages_truncate_at(&m, bbuf + page_at, (unsigned int)(b.r[cut].off % ps));
		sf_pages_free(&m);
		if (ret || write_all(fd, bbuf + page_at, ps)) {
			ret = -1;
			goto out;
		}
	}
	ret = write_all(fd, abuf, alen);
out:
	free(a.r);
	free(b.r);
	free(abuf);
	free(bbuf);
	return ret;
}

int sf_live_start_handover(struct sf_live *l, const int *out_fds, char *err, size_t errsz)
{
	struct ho_times tm = { 0, ~0ULL, 0 };
	unsigned long long mono, overrun, dropped, t;
	struct ho_mark *mk;
	int i, ret = -1;

	/* the start instance's clock is the main one's (both are new, or both set) */
	if (sf_trace_clock_sample(&l->start, &tm.before, &mono))
		tm.before = 0;
	l->pre_horizon = tm.before;
	if (sf_trace_on(&l->t)) {
		snprintf(err, errsz, "cannot turn tracing on in instance %s: %s", l->t.name,
			 strerror(errno));
		return -1;
	}
	if (!sf_trace_clock_sample(&l->t, &t, &mono)) {
		if (l->to_mono)
			sf_clockmap_add(&l->mono, t, mono);
		l->sampled = mono;
		tm.after = t + SF_HO_SLACK_NS;
	}
	if (!out_fds) {
		l->pre_fds = sf_xcalloc((size_t)l->t.ncpus, sizeof(*l->pre_fds));
		for (i = 0; i < l->t.ncpus; i++)
			l->pre_fds[i] = -1;
		for (i = 0; i < l->t.ncpus; i++) {
			l->pre_fds[i] = sf_atomic_tmpfile(l->tmpdir);
			if (l->pre_fds[i] < 0) {
				snprintf(err, errsz, "cannot create a temporary file in %s: %s",
					 l->tmpdir, strerror(errno));
				return -1;
			}
		}
		out_fds = l->pre_fds;
	}
	mk = make_marks(l->t.ncpus);
	sf_trace_off(&l->start);
	/* (unknown: as if it never stopped) */
	tm.stop = sf_trace_clock_sample(&l->start, &t, &mono) ? ~0ULL : t + SF_HO_SLACK_NS;
	if (sf_ring_capture_stop(&l->start_ring, err, errsz))
		goto out;
	for (i = 0; i < l->start.ncpus; i++) {
		if (!sf_trace_cpu_stats(&l->start, i, NULL, &overrun, &dropped))
			l->ho.lost += overrun + dropped;
	}
	for (i = 0; i < l->t.ncpus; i++) {
		if (l->start_ring.page_size != l->ring.page_size) {
			/* (never seen: both are new) */
			snprintf(err, errsz, "the start instance's pages are not the main one's");
			goto out;
		}
		if (handover_cpu(l, i, &mk[i], &tm, out_fds[i])) {
			snprintf(err, errsz, "cannot save the ring buffer of CPU %d: %s", i,
				 strerror(errno));
			goto out;
		}
	}
	start_close(l);
	ret = l->pre_fds ? 0 : sf_ring_capture_start(&l->ring, out_fds, err, errsz);
out:
	free(mk);
	return ret;
}

void sf_live_close(struct sf_live *l)
{
	int i;

	if (l->has_start)
		start_close(l);
	pre_free(l);
	free(l->tmpdir);
	l->tmpdir = NULL;
	sf_ring_close(&l->ring);
	if (l->merging) {
		sf_pages_free(&l->m);
		for (i = 0; i < l->t.ncpus; i++)
			free(l->pages[i]);
		free(l->pages);
		l->pages = NULL;
		l->merging = false;
	}
	sf_recq_free(&l->held);
	sf_recq_free(&l->later);
	sf_recq_free(&l->spare);
	sf_clockmap_free(&l->mono);
	sf_trace_destroy(&l->t);
}
