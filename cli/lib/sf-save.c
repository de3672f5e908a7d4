// SPDX-License-Identifier: GPL-2.0
/*
 * sf-save - ring-buffer pages to a trace.dat file (see sf-save.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "sf-atomic.h"
#include "sf-datfile.h"
#include "sf-pages.h"
#include "sf-pipeline.h"
#include "sf-ring.h"
#include "sf-save.h"
#include "sf-util.h"

/*
 * A CPU's buffer that comes back within this many pages of its size was
 * full: the reader page and the page being written are not given back.
 */
#define SF_FULL_SLACK 2

/*
 * The recorded pages are read a window at a time (bounded memory, whatever
 * the recording's size): the merger pulls each CPU's next window through
 * win_refill(). A window in which a record was left out is written back
 * before the next is read. Records are handed on with their offset in the
 * CPU's file, so that a signal held until its fate is known (see
 * sf_pipeline) can be left out after its window has moved on: then its page
 * is changed in the file itself.
 */
#define SAVE_WINDOW 64 /* pages per CPU in memory */

struct win {
	int fd;
	unsigned long long size; /* bytes of pages in the file */
	unsigned long long base; /* file offset of the window */
	size_t len; /* bytes in the window */
	unsigned char *buf;
	bool dirty; /* a record in it was left out */
};

struct wins {
	struct win *w;
	int n;
	size_t page_size;
};

static int win_flush(struct win *w)
{
	if (!w->dirty)
		return 0;
	if (sf_pio(w->fd, w->buf, w->len, w->base, true))
		return -1;
	w->dirty = false;
	return 0;
}

/* win_refill - a sf_pages_refill_fn: CPU @src's next window */
static int win_refill(void *ctx, int src, const void **data, size_t *size, char *err, size_t errsz)
{
	struct wins *ws = ctx;
	struct win *w = &ws->w[src];
	size_t len = SAVE_WINDOW * ws->page_size;

	if (win_flush(w)) {
		snprintf(err, errsz, "cannot write the recorded pages back: %s", strerror(errno));
		return -1;
	}
	w->base += w->len;
	w->len = 0;
	if (w->base >= w->size)
		return 0;
	if (w->size - w->base < len)
		len = (size_t)(w->size - w->base);
	if (sf_pio(w->fd, w->buf, len, w->base, false)) {
		snprintf(err, errsz, "cannot read the recorded pages: %s", strerror(errno));
		return -1;
	}
	w->len = len;
	*data = w->buf;
	*size = len;
	return 1;
}

static const volatile sig_atomic_t *save_cancel;

void sf_save_cancel_on(const volatile sig_atomic_t *flag)
{
	save_cancel = flag;
}

static bool cancelled(void)
{
	return save_cancel && *save_cancel;
}

/* records left out of the file: turned into padding in the pages */
struct drop_ctx {
	struct sf_pages *m;
	struct wins *ws;
	unsigned long long n; /* records */
	unsigned long long signals; /* of them signal_generate */
	int err;
};

/* leave - the record at file offset @off of @cpu's file becomes padding */
static int leave(struct drop_ctx *d, int cpu, unsigned long long off)
{
	const size_t ps = d->ws->page_size;
	unsigned long long page_at = off / ps * ps;
	struct win *w;
	unsigned char *page;
	int ret;

	if (cpu < 0 || cpu >= d->ws->n) {
		errno = EINVAL;
		return -1;
	}
	w = &d->ws->w[cpu];
	if (page_at >= w->base && page_at < w->base + w->len) {
		ret = sf_pages_discard_at(d->m, w->buf + (page_at - w->base),
					  (unsigned int)(off - page_at));
		if (!ret)
			w->dirty = true;
		return ret;
	}
	/* a held signal whose window has moved on: change its page in the file */
	if (page_at + ps > w->size) {
		errno = EINVAL;
		return -1;
	}
	page = sf_xmalloc(ps);
	ret = sf_pio(w->fd, page, ps, page_at, false);
	if (!ret)
		ret = sf_pages_discard_at(d->m, page, (unsigned int)(off - page_at));
	if (!ret)
		ret = sf_pio(w->fd, page, ps, page_at, true);
	free(page);
	return ret;
}

static void drop_rec(struct drop_ctx *d, const struct tep_record *rec, bool signal)
{
	if (leave(d, rec->cpu, rec->offset)) {
		d->err = errno;
		return;
	}
	d->n++;
	d->signals += signal;
}

/* a signal the pipeline held turned out hidden */
static void drop_held(void *ctx, int cpu, unsigned long long off)
{
	struct tep_record rec = { .cpu = cpu, .offset = off };

	drop_rec(ctx, &rec, true);
}

/* how far the two scans are: bytes of pages, both passes counted */
struct scan_progress {
	const struct sf_progress *prog;
	unsigned long long base; /* done before this pass */
	unsigned long long total; /* of both passes */
};

/*
 * tell - how far both passes are, as bytes of the pages (each pass half of
 * them): each CPU's window in its file, and the merger's place in it
 */
static void tell(const struct sf_pages *m, const struct wins *ws, const struct scan_progress *sp)
{
	unsigned long long done = sp->base;
	int i;

	for (i = 0; i < m->n && i < ws->n; i++)
		done += ws->w[i].base + m->src[i].off;
	sf_progress_tell(sp->prog, done / 2, sp->total / 2);
}

/*
 * scan - one pass over the pages of every CPU in time order through @p,
 * a window at a time; with @drop, the records @p does not keep are left
 * out of the pages (written back into the files)
 */
static int scan(struct sf_trace *t, const struct sf_dat_cpu *dcpu, size_t page_size,
		struct sf_pipeline *p, unsigned long long *first_ts, struct drop_ctx *drop,
		struct sf_save_result *res, char *err, size_t errsz, const struct scan_progress *sp)
{
	struct wins ws = { sf_xcalloc((size_t)t->ncpus, sizeof(*ws.w)), t->ncpus, page_size };
	struct sf_page_layout lay;
	struct sf_pages m;
	struct tep_record rec;
	unsigned int n = 0;
	int ret = -1;
	int i;

	sf_pages_layout_tep(&lay, t->tep, (unsigned int)page_size);
	if (sf_pages_init(&m, t->ncpus, &lay)) {
		snprintf(err, errsz, "cannot decode the recorded pages: %s", strerror(errno));
		free(ws.w);
		return -1;
	}
	for (i = 0; i < t->ncpus; i++) {
		ws.w[i].fd = dcpu[i].fd;
		ws.w[i].size = dcpu[i].size;
		ws.w[i].buf = sf_xmalloc(SAVE_WINDOW * page_size);
	}
	sf_pages_set_refill(&m, win_refill, &ws);
	if (drop) {
		drop->m = &m;
		drop->ws = &ws;
		p->drop = drop_held;
		p->drop_ctx = drop;
	}
	while (sf_pages_next(&m, &rec) && !(drop && drop->err)) {
		/* the record's run is its CPU's window: its offset in the file */
		if (rec.cpu >= 0 && rec.cpu < t->ncpus)
			rec.offset += ws.w[rec.cpu].base;
		if (cancelled()) {
			p->drop = NULL;
			snprintf(err, errsz, "cancelled");
			goto out;
		}
		if (!(++n & 1023))
			tell(&m, &ws, sp);
		if (first_ts && rec.cpu >= 0 && rec.cpu < t->ncpus && !first_ts[rec.cpu])
			first_ts[rec.cpu] = rec.ts;
		if (!sf_pipeline_record(p, &rec) && drop)
			drop_rec(drop, &rec, tep_data_type(p->dec.tep, &rec) == p->dec.id_gen);
	}
	/* signals still waiting for their fate at the end did not kill */
	sf_pipeline_finish(p);
	p->drop = NULL;
	if (m.err[0] && !m.err_page) {
		/* a file could not be read or written back */
		snprintf(err, errsz, "%s", m.err);
		goto out;
	}
	/* the pages are saved as they are; only the counts stop short */
	if (m.err[0] && !res->warning[0])
		snprintf(res->warning, sizeof(res->warning),
			 "the pages of CPU %d do not decode (%s): the counts are partial",
			 m.err_src, m.err);
	for (i = 0; i < t->ncpus; i++) {
		if (win_flush(&ws.w[i])) {
			snprintf(err, errsz, "cannot write the recorded pages back: %s",
				 strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	sf_pages_free(&m);
	for (i = 0; i < t->ncpus; i++)
		free(ws.w[i].buf);
	free(ws.w);
	if (ret && cancelled())
		errno = ECANCELED;
	return ret;
}

/*
 * find_wrap - which CPUs of a previous boot's buffer were overwritten: the
 * kernel's overrun count does not survive the reboot, so a CPU whose buffer
 * came back full, without the marker persist wrote when it armed tracing,
 * has lost its oldest events. Events are complete from the latest first
 * event of such a CPU on.
 */
static void find_wrap(struct sf_trace *t, const struct sf_dat_cpu *dcpu, size_t page_size,
		      const unsigned long long *first_ts, struct sf_boot_info *b)
{
	/* buffer_size_kb counts the data of the pages, without their header */
	size_t hdr = (size_t)tep_get_header_timestamp_size(t->tep) +
		     (size_t)tep_get_header_page_size(t->tep);
	size_t data = hdr < page_size ? page_size - hdr : page_size;
	unsigned long long kb, pages, last = 0;
	int i;

	for (i = 0; i < t->ncpus; i++) {
		kb = sf_trace_cpu_buffer_kb(t, i);
		pages = kb * 1024 / data;
		if (!pages || dcpu[i].size / page_size + SF_FULL_SLACK < pages)
			continue;
		if (b->armed && b->armed_cpu == i)
			continue;
		b->wrapped = true;
		if (first_ts[i] > b->complete_from)
			b->complete_from = first_ts[i];
	}
	/* the kernel counted overwritten events at the shutdown mark */
	if (!b->wrapped && b->has_overrun && b->overrun) {
		b->wrapped = true;
		for (i = 0; i < t->ncpus; i++)
			last = first_ts[i] > last ? first_ts[i] : last;
		b->complete_from = last;
	}
}

/* pages whose times become CLOCK_MONOTONIC's as the writer takes them */
struct retime_ctx {
	const struct sf_clockmap *mono;
	struct sf_pages m; /* the page layout */
	size_t page_size;
	bool ready;
};

/* retime_pages - a sf_dat_info.pages_fn */
static int retime_pages(void *ctx, int cpu, unsigned char *pages, size_t len)
{
	struct retime_ctx *rt = ctx;
	size_t off;

	(void)cpu;
	for (off = 0; off + rt->page_size <= len; off += rt->page_size) {
		if (sf_pages_retime(&rt->m, pages + off, sf_clockmap_fn, (void *)rt->mono))
			return -1;
	}
	return 0;
}

/*
 * dat_write_out - the trace.dat into @out. Version 7's offsets are written at
 * the end, so it needs a seekable file: an output that is not one (a pipe, a
 * FIFO, a terminal) gets the file spooled in an unnamed temporary file first,
 * then copied through.
 */
static int dat_write_out(struct sf_outfile *out, const struct sf_dat_info *info)
{
	off_t off = 0;
	struct stat st;
	ssize_t n;
	int fd, err;

	if (info->file_version != 7 || lseek(out->fd, 0, SEEK_CUR) >= 0 || errno != ESPIPE)
		return sf_dat_write(out->fd, info);
	fd = sf_atomic_tmpfile(out->tmpdir);
	if (fd < 0)
		return -1;
	if (sf_dat_write(fd, info) || fstat(fd, &st))
		goto fail;
	while (off < st.st_size) {
		n = sendfile(out->fd, fd, &off, (size_t)(st.st_size - off));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

int sf_save_dat(struct sf_trace *t, const int *cpu_fds, size_t page_size,
		struct sf_comms *start_names, const char *start_attrib,
		const struct sf_filter *filter, struct sf_outfile *out, const char *output,
		int file_version, const struct sf_clockmap *mono, struct sf_save_result *res,
		const struct sf_progress *prog, char *err, size_t errsz)
{
	const char *systems[] = { "signal", "task", "sched", "cgroup", "oom" };
	const char *names[][2] = { { "signal_generate", "signal_deliver" },
				   { "task_newtask", "task_rename" },
				   { "sched_process_exit", "sched_process_exec" },
				   { "cgroup_attach_task", NULL },
				   { "mark_victim", NULL } };
	struct sf_dat_system sys[5];
	struct sf_dat_event_fmt fmts[5][2];
	struct sf_dat_cpu *dcpu = sf_xcalloc((size_t)t->ncpus, sizeof(*dcpu));
	char **stats = sf_xcalloc((size_t)t->ncpus, sizeof(*stats));
	struct sf_dat_info info = { 0 };
	struct sf_comms *cmdlines = sf_comms_new();
	struct sf_comms *initial = sf_comms_new();
	unsigned long long *first_ts = sf_xcalloc((size_t)t->ncpus, sizeof(*first_ts));
	struct scan_progress sp = { prog, 0, 0 };
	struct sf_pipeline p;
	struct utsname u;
	char uname_s[4 * 65 + 4];
	char *header_page = NULL, *header_event = NULL, *clock = NULL, *text = NULL;
	char *boot_text = NULL, *tasks = NULL;
	struct drop_ctx drop = { 0 };
	struct retime_ctx rt = { .mono = mono };
	struct sf_dat_event_fmt print_fmt = { NULL, 0 };
	int nsys = 0, i, j, r, ret = -1;
	size_t len;

	memset(res, 0, sizeof(*res));
	res->boot.armed_cpu = -1;
	for (i = 0; i < t->ncpus; i++) {
		unsigned long long overrun, dropped;
		struct stat st;

		if (fstat(cpu_fds[i], &st)) {
			snprintf(err, errsz, "cannot read the saved pages: %s", strerror(errno));
			goto out;
		}
		dcpu[i].fd = cpu_fds[i];
		dcpu[i].size = (unsigned long long)st.st_size;
		sp.total += 2 * dcpu[i].size;
		if (!sf_trace_cpu_stats(t, i, &stats[i], &overrun, &dropped))
			res->lost += overrun + dropped;
	}

	/* comm markers written by persist are ftrace:print events */
	{
		struct tep_event *ev = NULL;

		print_fmt.text = sf_trace_format_read(t, "ftrace", "print", &print_fmt.len);
		if (print_fmt.text && !tep_find_event_by_name(t->tep, "ftrace", "print"))
			tep_parse_format(t->tep, &ev, print_fmt.text, print_fmt.len, "ftrace");
	}

	/*
	 * look ahead: the name of each pid before its first event, its process
	 * and kernel threads from the markers, and the boot's markers
	 */
	sf_pipeline_init(&p, t->tep, sigftrace_arch_host());
	p.names.other_boot = true;
	p.names.initial = initial;
	p.names.marks = &res->boot;
	r = scan(t, dcpu, page_size, &p, first_ts, NULL, res, err, errsz, &sp);
	sp.base = sp.total / 2;
	sf_pipeline_free(&p);
	/*
	 * in time order: event counts, each sender's name at its first signal,
	 * and what the kernel's filter could not select and sigftrace's markers
	 * left out
	 */
	sf_pipeline_init(&p, t->tep, sigftrace_arch_host());
	/* the trace's own facts first: a live name can be newer than the trace */
	sf_comms_merge(p.names.comms, initial);
	if (start_names)
		sf_comms_merge(p.names.comms, start_names);
	else
		p.names.other_boot = true;
	p.names.first_send = cmdlines;
	/* the user's --unit and --cgroup select with what was there at the start */
	if (start_attrib)
		sf_attrib_load(p.attrib, start_attrib);
	p.filter = filter;
	if (r || scan(t, dcpu, page_size, &p, NULL, &drop, res, err, errsz, &sp)) {
		sf_pipeline_free(&p);
		goto out;
	}
	if (drop.err) {
		snprintf(err, errsz, "cannot leave an event out of the recorded pages: %s",
			 strerror(drop.err));
		sf_pipeline_free(&p);
		goto out;
	}
	res->dropped = drop.n;
	res->events = p.events - drop.n;
	res->signals = p.signals - drop.signals;
	/*
	 * trace-cmd keeps one name per pid: each sender's at its first signal,
	 * then the name at the start of the trace, then the name at its end
	 */
	sf_comms_merge(cmdlines, initial);
	sf_comms_merge(cmdlines, p.names.comms);
	sf_pipeline_free(&p);
	if (!start_names) {
		find_wrap(t, dcpu, page_size, first_ts, &res->boot);
		if (res->boot.has_overrun)
			res->overwritten = res->boot.overrun;
		res->lost += res->overwritten;
		res->boot.saved = (unsigned long long)time(NULL);
		sf_boot_id(res->boot.saved_by);
		boot_text = sf_boot_info_text(&res->boot);
	}

	header_page = sf_trace_file_read(t, "events/header_page", NULL);
	header_event = sf_trace_file_read(t, "events/header_event", NULL);
	clock = sf_trace_file_read(t, "trace_clock", NULL);
	if (!header_page) {
		snprintf(err, errsz, "cannot read events/header_page of instance %s: %s", t->name,
			 strerror(errno));
		goto out;
	}
	if (clock && (len = strlen(clock)) && clock[len - 1] == '\n')
		clock[len - 1] = '\0';
	if (mono && mono->n) {
		/* the pages get CLOCK_MONOTONIC times as they are written */
		struct sf_page_layout lay;

		sf_pages_layout_tep(&lay, t->tep, (unsigned int)page_size);
		if (sf_pages_init(&rt.m, t->ncpus, &lay)) {
			snprintf(err, errsz, "cannot decode the recorded pages: %s",
				 strerror(errno));
			goto out;
		}
		rt.ready = true;
		rt.page_size = page_size;
		info.pages_fn = retime_pages;
		info.pages_ctx = &rt;
		free(clock);
		clock = sf_xstrdup("[mono]");
	}
	for (i = 0; i < (int)SF_ARRAY_SIZE(systems); i++) {
		int n = 0;

		for (j = 0; j < 2 && names[i][j]; j++) {
			fmts[nsys][n].text = sf_trace_format_read(t, systems[i], names[i][j],
								  &fmts[nsys][n].len);
			if (fmts[nsys][n].text)
				n++;
		}
		if (n) {
			sys[nsys].name = systems[i];
			sys[nsys].events = fmts[nsys];
			sys[nsys].nevents = n;
			nsys++;
		}
	}
	text = sf_comms_text(cmdlines, &len);
	/*
	 * threads and kernel threads as they were at the start: the markers'
	 * (the file keeps no marker), then the running system's
	 */
	if (start_names)
		sf_comms_merge(initial, start_names);
	tasks = sf_comms_tasks_text(initial);
	if (start_attrib) {
		struct sf_buf tb = { tasks, strlen(tasks), strlen(tasks) + 1 };

		sf_buf_add(&tb, start_attrib, strlen(start_attrib));
		tasks = tb.p;
	}
	uname(&u);
	snprintf(uname_s, sizeof(uname_s), "%s %s %s %s", u.sysname, u.nodename, u.release,
		 u.machine);
	info.header_page = header_page;
	info.header_page_len = strlen(header_page);
	info.header_event = header_event ? header_event : "";
	info.header_event_len = header_event ? strlen(header_event) : 0;
	if (print_fmt.text) {
		info.ftrace = &print_fmt;
		info.nftrace = 1;
	}
	info.systems = sys;
	info.nsystems = nsys;
	info.cmdlines = text;
	info.cmdlines_len = len;
	info.tasks = tasks;
	info.cpus = dcpu;
	info.ncpus = t->ncpus;
	info.uname = uname_s;
	info.trace_clock = clock;
	info.cpustat = (const char *const *)stats;
	info.version = "sigftrace " SIGFTRACE_VERSION;
	info.sigftrace = boot_text;
	info.page_size = (unsigned int)page_size;
	/*
	 * the kernel's long, as its header_page says (trace-cmd stores its own
	 * user space's, which a 32-bit trace-cmd on a 64-bit kernel gets wrong)
	 */
	info.long_size = sf_trace_long_size(t);
	info.file_version = file_version;
	info.cancel = save_cancel;

	if (dat_write_out(out, &info)) {
		snprintf(err, errsz, "cannot write %s: %s", output, strerror(errno));
		goto out;
	}
	if (sf_outfile_commit(out)) {
		snprintf(err, errsz, "cannot write %s: %s", output, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < t->ncpus; i++)
		free(stats[i]);
	for (i = 0; i < nsys; i++) {
		for (j = 0; j < sys[i].nevents; j++)
			free((char *)fmts[i][j].text);
	}
	free(stats);
	free(dcpu);
	free((char *)print_fmt.text);
	free(header_page);
	free(header_event);
	free(clock);
	free(text);
	free(tasks);
	free(boot_text);
	free(first_ts);
	if (rt.ready)
		sf_pages_free(&rt.m);
	sf_comms_free(cmdlines);
	sf_comms_free(initial);
	return ret;
}

/*
 * cpu_bytes - how many bytes CPU @cpu's buffer may give when drained: its
 * pages for the events it holds (the stats' "bytes:"), or for its whole
 * size where the stats do not say (a previous boot's buffer)
 */
static unsigned long long cpu_bytes(struct sf_trace *t, int cpu, size_t page_size)
{
	unsigned long long bytes = 0, overrun, dropped, data;
	char *text = NULL, *p;

	if (!sf_trace_cpu_stats(t, cpu, &text, &overrun, &dropped) && text &&
	    (p = strstr(text, "\nbytes: ")))
		bytes = strtoull(p + 8, NULL, 10);
	free(text);
	if (!bytes)
		bytes = sf_trace_cpu_buffer_kb(t, cpu) * 1024;
	/* each page carries a header; the reader page and a partial one on top */
	data = page_size > 64 ? page_size - 64 : page_size;
	return (bytes / data + 3) * page_size;
}

int sf_save_instance(struct sf_trace *t, struct sf_comms *start_names, struct sf_outfile *out,
		     const char *output, int file_version, struct sf_save_result *res,
		     const struct sf_progress *prog, char *err, size_t errsz)
{
	struct sf_ring ring = { .stop = { -1, -1 } };
	int *fds = sf_xcalloc((size_t)t->ncpus, sizeof(int));
	unsigned long long total = 0, need;
	long pages = 0;
	int ret = -1;
	int i;

	memset(res, 0, sizeof(*res));
	res->kept = true;
	for (i = 0; i < t->ncpus; i++)
		fds[i] = -1;
	if (sf_ring_open(&ring, t, err, errsz))
		goto out;
	/* room for everything the buffer holds, before any of it is taken */
	for (i = 0; i < t->ncpus; i++) {
		fds[i] = sf_atomic_tmpfile(out->tmpdir);
		if (fds[i] < 0) {
			snprintf(err, errsz, "cannot create a temporary file in %s: %s",
				 out->tmpdir, strerror(errno));
			goto out;
		}
		need = cpu_bytes(t, i, ring.page_size);
		if (sf_reserve_fd(fds[i], need)) {
			snprintf(
				err, errsz,
				"cannot save the buffer of %s: %s in %s (%llu KiB needed for CPU %d)",
				t->name, strerror(errno), out->tmpdir, need / 1024, i);
			goto out;
		}
		total += need;
	}
	/* the file: the pages again, and its formats, names and options */
	if (sf_outfile_reserve(out, total + (1 << 20))) {
		snprintf(err, errsz, "cannot write %s: %s (%llu KiB needed)", output,
			 strerror(errno), (total + (1 << 20)) / 1024);
		goto out;
	}
	res->kept = false;
	for (i = 0; i < t->ncpus; i++) {
		long n = sf_ring_drain(&ring, i, fds[i]);

		if (n < 0) {
			snprintf(err, errsz, "cannot save the buffer of CPU %d of %s: %s", i,
				 t->name, strerror(errno));
			goto out;
		}
		pages += n;
	}
	if (!pages) {
		memset(res, 0, sizeof(*res));
		ret = 1;
		goto out;
	}
	ret = sf_save_dat(t, fds, ring.page_size, start_names, NULL, NULL, out, output,
			  file_version, NULL, res, prog, err, errsz);
out:
	sf_ring_close(&ring);
	for (i = 0; i < t->ncpus; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	free(fds);
	return ret;
}
