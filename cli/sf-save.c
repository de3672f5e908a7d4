// SPDX-License-Identifier: GPL-2.0
/*
 * sf-save - ring-buffer pages to a trace.dat file (see sf-save.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "sf-datfile.h"
#include "sf-pages.h"
#include "sf-print.h"
#include "sf-save.h"
#include "sf-util.h"

/*
 * A CPU's buffer that comes back within this many pages of its size was
 * full: the reader page and the page being written are not given back.
 */
#define SF_FULL_SLACK 2

int sf_save_tmpfile(const char *output)
{
	char *dir = sf_xstrdup(output);
	char *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	/* a filesystem without O_TMPFILE: an unlinked file in /tmp */
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR)) {
		char tmpl[] = "/tmp/sigftrace-XXXXXX";

		fd = mkostemp(tmpl, O_CLOEXEC);
		if (fd >= 0)
			unlink(tmpl);
	}
	free(dir);
	return fd;
}

/* records left out of the file: turned into padding in the pages */
struct drop_ctx {
	struct sf_merge *m;
	unsigned long long n; /* records */
	unsigned long long signals; /* of them signal_generate */
	int err;
};

static void drop_rec(struct drop_ctx *d, const struct tep_record *rec, bool signal)
{
	if (sf_merge_discard(d->m, rec)) {
		d->err = errno;
		return;
	}
	d->n++;
	d->signals += signal;
}

/* a signal the printer held turned out hidden */
static void drop_held(void *ctx, const struct tep_record *rec)
{
	drop_rec(ctx, rec, true);
}

/*
 * scan - one pass over the mapped pages of every CPU in time order through
 * @p; with @drop, the records @p does not keep are left out of the pages
 */
static int scan(struct sf_trace *t, void **maps, const struct sf_dat_cpu *dcpu, size_t page_size,
		struct sf_printer *p, unsigned long long *first_ts, struct drop_ctx *drop,
		struct sf_save_result *res)
{
	struct sf_page_layout lay;
	struct sf_merge m;
	struct tep_record rec;
	int i;

	sf_merge_layout_tep(&lay, t->tep, (unsigned int)page_size);
	if (sf_merge_init(&m, t->ncpus, &lay))
		return -1;
	for (i = 0; i < t->ncpus; i++) {
		if (maps[i])
			sf_merge_load(&m, i, maps[i], dcpu[i].size);
	}
	if (drop) {
		drop->m = &m;
		p->drop = drop_held;
		p->drop_ctx = drop;
	}
	while (sf_merge_next(&m, &rec) && !(drop && drop->err)) {
		if (first_ts && rec.cpu >= 0 && rec.cpu < t->ncpus && !first_ts[rec.cpu])
			first_ts[rec.cpu] = rec.ts;
		if (!sf_printer_record(p, &rec) && drop)
			drop_rec(drop, &rec, tep_data_type(p->tep, &rec) == p->id_gen);
	}
	/* signals still waiting for their fate at the end did not kill */
	sf_printer_finish(p);
	p->drop = NULL;
	/* the pages are saved as they are; only the counts stop short */
	if (m.err[0] && !res->warning[0])
		snprintf(res->warning, sizeof(res->warning),
			 "the pages of CPU %d do not decode (%s): the counts are partial",
			 m.err_src, m.err);
	sf_merge_free(&m);
	return 0;
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
	char path[64];
	char *text;
	int i;

	for (i = 0; i < t->ncpus; i++) {
		snprintf(path, sizeof(path), "per_cpu/cpu%d/buffer_size_kb", i);
		text = tracefs_instance_file_read(t->inst, path, NULL);
		kb = text ? strtoull(text, NULL, 10) : 0;
		free(text);
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

int sf_save_dat(struct sf_trace *t, const int *cpu_fds, size_t page_size,
		struct sf_comms *start_names, const struct sf_filter *filter, const char *output,
		struct sf_save_result *res, char *err, size_t errsz)
{
	const char *systems[] = { "signal", "task", "sched" };
	const char *names[][2] = { { "signal_generate", "signal_deliver" },
				   { "task_newtask", "task_rename" },
				   { "sched_process_exit", NULL } };
	struct sf_dat_system sys[3];
	struct sf_dat_event_fmt fmts[3][2];
	struct sf_dat_cpu *dcpu = sf_xcalloc((size_t)t->ncpus, sizeof(*dcpu));
	char **stats = sf_xcalloc((size_t)t->ncpus, sizeof(*stats));
	void **maps = sf_xcalloc((size_t)t->ncpus, sizeof(*maps));
	struct sf_dat_info info = { 0 };
	struct sf_comms *cmdlines = sf_comms_new();
	struct sf_comms *initial = sf_comms_new();
	unsigned long long *first_ts = sf_xcalloc((size_t)t->ncpus, sizeof(*first_ts));
	struct sf_printer p;
	struct utsname u;
	char uname_s[4 * 65 + 4];
	char *header_page = NULL, *header_event = NULL, *clock = NULL, *text = NULL, *tmp = NULL;
	char *boot_text = NULL, *tasks = NULL;
	struct drop_ctx drop = { NULL, 0, 0, 0 };
	struct sf_dat_event_fmt print_fmt = { NULL, 0 };
	int nsys = 0, i, j, r, fd = -1, ret = -1;
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
		if (!sf_trace_cpu_stats(t, i, &stats[i], &overrun, &dropped))
			res->lost += overrun + dropped;
	}

	/* comm markers written by persist are ftrace:print events */
	{
		struct tep_event *ev = NULL;
		int size = 0;

		print_fmt.text =
			tracefs_event_file_read(t->inst, "ftrace", "print", "format", &size);
		print_fmt.len = print_fmt.text ? (size_t)size : 0;
		if (print_fmt.text && !tep_find_event_by_name(t->tep, "ftrace", "print"))
			tep_parse_format(t->tep, &ev, print_fmt.text, print_fmt.len, "ftrace");
	}

	for (i = 0; i < t->ncpus; i++) {
		if (!dcpu[i].size)
			continue;
		maps[i] =
			mmap(NULL, dcpu[i].size, PROT_READ | PROT_WRITE, MAP_SHARED, dcpu[i].fd, 0);
		if (maps[i] == MAP_FAILED) {
			maps[i] = NULL;
			continue;
		}
		madvise(maps[i], dcpu[i].size, MADV_SEQUENTIAL);
	}
	/*
	 * look ahead: the name of each pid before its first event, its process
	 * and kernel threads from the markers, and the boot's markers
	 */
	sf_printer_init(&p, t->tep, SF_FMT_DEFAULT, sigftrace_arch_host(), -1);
	p.other_boot = true;
	p.initial = initial;
	p.marks = &res->boot;
	r = scan(t, maps, dcpu, page_size, &p, first_ts, NULL, res);
	sf_printer_free(&p);
	/*
	 * in time order: event counts, each sender's name at its first signal,
	 * and what the kernel's filter could not select and sigftrace's markers
	 * left out
	 */
	sf_printer_init(&p, t->tep, SF_FMT_DEFAULT, sigftrace_arch_host(), -1);
	/* the trace's own facts first: a live name can be newer than the trace */
	sf_comms_merge(p.comms, initial);
	if (start_names)
		sf_comms_merge(p.comms, start_names);
	else
		p.other_boot = true;
	p.first_send = cmdlines;
	p.filter = filter;
	if (r || scan(t, maps, dcpu, page_size, &p, NULL, &drop, res)) {
		snprintf(err, errsz, "cannot scan the recorded pages: %s", strerror(errno));
		sf_printer_free(&p);
		goto out;
	}
	if (drop.err) {
		snprintf(err, errsz, "cannot leave an event out of the recorded pages: %s",
			 strerror(drop.err));
		sf_printer_free(&p);
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
	sf_comms_merge(cmdlines, p.comms);
	sf_printer_free(&p);
	if (!start_names) {
		find_wrap(t, dcpu, page_size, first_ts, &res->boot);
		if (res->boot.has_overrun)
			res->overwritten = res->boot.overrun;
		res->lost += res->overwritten;
		res->boot.saved = (unsigned long long)time(NULL);
		sf_boot_id(res->boot.saved_by);
		boot_text = sf_boot_info_text(&res->boot);
	}

	header_page = tracefs_instance_file_read(t->inst, "events/header_page", NULL);
	header_event = tracefs_instance_file_read(t->inst, "events/header_event", NULL);
	clock = tracefs_instance_file_read(t->inst, "trace_clock", NULL);
	if (!header_page) {
		snprintf(err, errsz, "cannot read events/header_page of instance %s: %s", t->name,
			 strerror(errno));
		goto out;
	}
	if (clock && (len = strlen(clock)) && clock[len - 1] == '\n')
		clock[len - 1] = '\0';
	for (i = 0; i < 3; i++) {
		int n = 0;

		for (j = 0; j < 2 && names[i][j]; j++) {
			int size = 0;
			char *f = tracefs_event_file_read(t->inst, systems[i], names[i][j],
							  "format", &size);

			if (!f)
				continue;
			fmts[nsys][n].text = f;
			fmts[nsys][n].len = (size_t)size;
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

	fd = sf_atomic_create(output, &tmp);
	if (fd < 0) {
		snprintf(err, errsz, "cannot create %s: %s", output, strerror(errno));
		goto out;
	}
	if (sf_dat_write(fd, &info)) {
		snprintf(err, errsz, "cannot write %s: %s", output, strerror(errno));
		sf_atomic_abort(fd, tmp);
		goto out;
	}
	if (sf_atomic_commit(fd, tmp, output)) {
		snprintf(err, errsz, "cannot write %s: %s", output, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < t->ncpus; i++) {
		if (maps[i])
			munmap(maps[i], dcpu[i].size);
		free(stats[i]);
	}
	for (i = 0; i < nsys; i++) {
		for (j = 0; j < sys[i].nevents; j++)
			free((char *)fmts[i][j].text);
	}
	free(maps);
	free(stats);
	free(dcpu);
	free((char *)print_fmt.text);
	free(header_page);
	free(header_event);
	free(clock);
	free(text);
	free(tasks);
	free(tmp);
	free(boot_text);
	free(first_ts);
	sf_comms_free(cmdlines);
	sf_comms_free(initial);
	return ret;
}

long sf_save_drain(int raw_fd, int out_fd, size_t page_size)
{
	unsigned char *page = sf_xmalloc(page_size);
	long pages = 0;
	ssize_t n;

	for (;;) {
		n = read(raw_fd, page, page_size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n < page_size)
			memset(page + n, 0, page_size - (size_t)n);
		if (write(out_fd, page, page_size) != (ssize_t)page_size) {
			n = -1;
			if (!errno)
				errno = EIO;
			break;
		}
		pages++;
	}
	free(page);
	if (n < 0 && errno != EAGAIN)
		return -1;
	return pages;
}

int sf_save_instance(struct sf_trace *t, struct sf_comms *start_names, const char *output,
		     struct sf_save_result *res, char *err, size_t errsz)
{
	size_t page_size = sf_trace_page_size(t);
	int *fds = sf_xcalloc((size_t)t->ncpus, sizeof(int));
	long pages = 0;
	int ret = -1;
	int i;

	for (i = 0; i < t->ncpus; i++)
		fds[i] = -1;
	for (i = 0; i < t->ncpus; i++) {
		int raw = sf_trace_raw_open(t, i);
		long n;

		fds[i] = sf_save_tmpfile(output);
		if (raw < 0 || fds[i] < 0) {
			snprintf(err, errsz, "cannot read the buffer of CPU %d of %s: %s", i,
				 t->name, strerror(errno));
			if (raw >= 0)
				close(raw);
			goto out;
		}
		n = sf_save_drain(raw, fds[i], page_size);
		close(raw);
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
	ret = sf_save_dat(t, fds, page_size, start_names, NULL, output, res, err, errsz);
out:
	for (i = 0; i < t->ncpus; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	free(fds);
	return ret;
}

struct sf_comms *sf_comms_live(void)
{
	struct sf_comms *c = sf_comms_new();
	char *text;

	sf_comms_load_proc(c);
	/* the top-level comm cache: only read, never resized */
	text = tracefs_instance_file_read(NULL, "saved_cmdlines", NULL);
	if (text)
		sf_comms_load_cmdlines(c, text);
	free(text);
	return c;
}

struct marker_ctx {
	int fd;
	int n;
};

static void write_marker(int pid, int tgid, const char *comm, bool kthread, void *data)
{
	struct marker_ctx *m = data;
	char buf[64];
	int k;

	if (comm[0]) {
		k = snprintf(buf, sizeof(buf), "%s%d %s\n",
			     kthread ? SF_KTHREAD_MARKER : SF_COMM_MARKER, pid, comm);
		if (k > 0 && write(m->fd, buf, (size_t)k) == k)
			m->n++;
	}
	if (tgid > 0 && tgid != pid) {
		k = snprintf(buf, sizeof(buf), "%s%d %d\n", SF_THREAD_MARKER, pid, tgid);
		if (k > 0 && write(m->fd, buf, (size_t)k) == k)
			m->n++;
	}
}

static int marker_open(struct sf_trace *t)
{
	char *path = tracefs_instance_get_file(t->inst, "trace_marker");
	int fd = path ? open(path, O_WRONLY | O_CLOEXEC) : -1;

	tracefs_put_tracing_file(path);
	return fd;
}

void sf_boot_id(char *id)
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, id, 39) : -1;

	if (fd >= 0)
		close(fd);
	id[n > 0 ? n : 0] = '\0';
	id[strcspn(id, "\n")] = '\0';
}

int sf_save_mark(struct sf_trace *t, const char *event)
{
	struct marker_ctx m = { marker_open(t), 0 };
	struct sf_comms *c;
	char id[40], buf[128];
	int i, k;

	if (m.fd < 0)
		return -1;
	sf_boot_id(id);
	k = snprintf(buf, sizeof(buf), SF_BOOT_MARKER "%s %s %lld\n", id[0] ? id : "-", event,
		     (long long)time(NULL));
	if (write(m.fd, buf, (size_t)k) != k) {
		close(m.fd);
		return -1;
	}
	/* the kernel's overwrite count of this boot: gone after the reboot */
	for (i = 0; !strcmp(event, "shutdown") && i < t->ncpus; i++) {
		unsigned long long overrun, dropped;

		if (sf_trace_cpu_stats(t, i, NULL, &overrun, &dropped))
			continue;
		k = snprintf(buf, sizeof(buf), SF_OVERRUN_MARKER "%d %llu\n", i, overrun);
		if (write(m.fd, buf, (size_t)k) != k)
			break;
	}
	c = sf_comms_new();
	sf_comms_load_proc(c);
	sf_comms_foreach(c, write_marker, &m);
	sf_comms_free(c);
	close(m.fd);
	return m.n;
}

void sf_boot_info_take(struct sf_boot_info *b, int cpu, const char *buf, size_t len)
{
	static const char bp[] = SF_BOOT_MARKER;
	static const char op[] = SF_OVERRUN_MARKER;
	char line[128], id[40], ev[16];
	unsigned long long when, n;
	const char *nl = memchr(buf, '\n', len);
	int c;

	/* a whole line that fits, as sf_save_mark() writes them */
	if (!nl || (size_t)(nl - buf) >= sizeof(line))
		return;
	memcpy(line, buf, (size_t)(nl - buf));
	line[nl - buf] = '\0';
	if (!strncmp(line, bp, sizeof(bp) - 1)) {
		if (sscanf(line + sizeof(bp) - 1, "%39s %15s %llu", id, ev, &when) != 3)
			return;
		snprintf(b->boot_id, sizeof(b->boot_id), "%s", strcmp(id, "-") ? id : "");
		if (!strcmp(ev, "armed")) {
			b->armed = when;
			b->armed_cpu = cpu;
		} else if (!strcmp(ev, "shutdown")) {
			/* the last mark counts: its overrun markers follow it */
			b->shutdown = when;
			b->overrun = 0;
			b->has_overrun = false;
		}
	} else if (!strncmp(line, op, sizeof(op) - 1) && b->shutdown &&
		   sscanf(line + sizeof(op) - 1, "%d %llu", &c, &n) == 2) {
		b->overrun += n;
		b->has_overrun = true;
	}
}

bool sf_boot_info_marker(const char *buf, size_t len)
{
	static const char bp[] = SF_BOOT_MARKER;
	static const char op[] = SF_OVERRUN_MARKER;

	return (len >= sizeof(bp) - 1 && !memcmp(buf, bp, sizeof(bp) - 1)) ||
	       (len >= sizeof(op) - 1 && !memcmp(buf, op, sizeof(op) - 1));
}

char *sf_boot_info_text(const struct sf_boot_info *b)
{
	struct sf_buf t = { 0 };

	sf_buf_printf(&t, "boot=%s\narmed=%llu\nshutdown=%llu\nsaved=%llu\nsaved-by=%s\n",
		      b->boot_id, b->armed, b->shutdown, b->saved, b->saved_by);
	sf_buf_printf(&t, "wrapped=%d\ncomplete-from=%llu\n", b->wrapped, b->complete_from);
	if (b->has_overrun)
		sf_buf_printf(&t, "overrun=%llu\n", b->overrun);
	return t.p ? t.p : sf_xstrdup("");
}

void sf_boot_info_parse(const char *text, struct sf_boot_info *b)
{
	const char *line;

	memset(b, 0, sizeof(*b));
	b->armed_cpu = -1;
	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		size_t n = strcspn(line, "\n");
		unsigned long long v;
		char key[16], val[40];

		if (n >= 64 || sscanf(line, "%15[a-z-]=%39[^\n]", key, val) != 2)
			continue;
		v = strtoull(val, NULL, 10);
		if (!strcmp(key, "boot"))
			snprintf(b->boot_id, sizeof(b->boot_id), "%s", val);
		else if (!strcmp(key, "saved-by"))
			snprintf(b->saved_by, sizeof(b->saved_by), "%s", val);
		else if (!strcmp(key, "armed"))
			b->armed = v;
		else if (!strcmp(key, "shutdown"))
			b->shutdown = v;
		else if (!strcmp(key, "saved"))
			b->saved = v;
		else if (!strcmp(key, "wrapped"))
			b->wrapped = v != 0;
		else if (!strcmp(key, "complete-from"))
			b->complete_from = v;
		else if (!strcmp(key, "overrun")) {
			b->overrun = v;
			b->has_overrun = true;
		}
	}
}

/* put_date - ", WHAT DATE" (no comma for the first one) when @when is set */
static void put_date(struct sf_buf *out, bool *first, const char *what, unsigned long long when)
{
	time_t tt = (time_t)when;
	struct tm tm;
	char d[64];

	if (!when || !localtime_r(&tt, &tm) || !strftime(d, sizeof(d), "%Y-%m-%d %H:%M:%S %Z", &tm))
		return;
	sf_buf_printf(out, "%s%s %s", *first ? "" : ", ", what, d);
	*first = false;
}

void sf_boot_info_describe(const struct sf_boot_info *b, struct sf_buf *out)
{
	bool first = true;

	sf_buf_printf(out, "%s (", b->boot_id[0] ? b->boot_id : "(id unknown)");
	put_date(out, &first, "tracing armed", b->armed);
	put_date(out, &first, "shutdown began", b->shutdown);
	put_date(out, &first, "saved", b->saved);
	sf_buf_printf(out, "%s)", first ? "no sigftrace marker in the buffer" : "");
}
