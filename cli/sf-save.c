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
#include <unistd.h>

#include "sf-datfile.h"
#include "sf-pages.h"
#include "sf-print.h"
#include "sf-save.h"
#include "sf-util.h"

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

/* a signal the printer held turned out hidden: leave it out of the file */
struct drop_ctx {
	struct sf_merge *m;
	unsigned long long n;
	int err;
};

static void drop_held(void *ctx, const struct tep_record *rec)
{
	struct drop_ctx *d = ctx;

	if (sf_merge_discard(d->m, rec))
		d->err = errno;
	else
		d->n++;
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
	struct sf_printer p;
	struct sf_merge m;
	struct tep_record rec;
	struct utsname u;
	char uname_s[4 * 65 + 4];
	char *header_page = NULL, *header_event = NULL, *clock = NULL, *text = NULL, *tmp = NULL;
	char *tasks = NULL;
	struct sf_comms *marked = sf_comms_new();
	unsigned long long dropped_signals = 0;
	struct drop_ctx drop = { NULL, 0, 0 };
	struct sf_dat_event_fmt print_fmt = { NULL, 0 };
	int nsys = 0, i, j, fd = -1, ret = -1;
	size_t len;

	memset(res, 0, sizeof(*res));
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

	/*
	 * one pass in time order: event counts, each sender's name at its first
	 * signal, and what the kernel's filter could not select left out
	 */
	sf_printer_init(&p, t->tep, SF_FMT_DEFAULT, sigftrace_arch_host(), -1);
	if (start_names)
		sf_comms_merge(p.comms, start_names);
	else
		p.other_boot = true;
	p.first_send = cmdlines;
	p.marked = marked;
	p.filter = filter;
	drop.m = &m;
	p.drop = drop_held;
	p.drop_ctx = &drop;
	if (sf_merge_init(&m, t->ncpus, (unsigned int)page_size, t->tep)) {
		snprintf(err, errsz, "cannot scan the recorded pages: %s", strerror(errno));
		sf_printer_free(&p);
		goto out;
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
		sf_merge_load(&m, i, maps[i], dcpu[i].size);
	}
	while (sf_merge_next(&m, &rec)) {
		if (sf_printer_record(&p, &rec))
			continue;
		if (sf_merge_discard(&m, &rec)) {
			snprintf(err, errsz, "cannot leave an event out of the recorded pages: %s",
				 strerror(errno));
			sf_merge_free(&m);
			sf_printer_free(&p);
			goto out;
		}
		res->dropped++;
		if (tep_data_type(p.tep, &rec) == p.id_gen)
			dropped_signals++;
	}
	/* signals still waiting for their fate at the end did not kill */
	sf_printer_finish(&p);
	sf_merge_free(&m);
	if (drop.err) {
		snprintf(err, errsz, "cannot leave an event out of the recorded pages: %s",
			 strerror(drop.err));
		sf_printer_free(&p);
		goto out;
	}
	res->dropped += drop.n;
	dropped_signals += drop.n;
	res->events = p.events - res->dropped;
	res->signals = p.signals - dropped_signals;
	/* senders first, then the names current at the end, then the start snapshot */
	sf_comms_merge(cmdlines, p.comms);
	sf_printer_free(&p);

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
	/* threads and kernel threads as they were at the start */
	tasks = sf_comms_tasks_text(start_names ? start_names : marked);
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
	sf_comms_free(cmdlines);
	sf_comms_free(marked);
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

int sf_save_markers(struct sf_trace *t, const struct sf_comms *c)
{
	char *path = tracefs_instance_get_file(t->inst, "trace_marker");
	struct marker_ctx m = { -1, 0 };

	m.fd = path ? open(path, O_WRONLY | O_CLOEXEC) : -1;
	tracefs_put_tracing_file(path);
	if (m.fd < 0)
		return -1;
	sf_comms_foreach(c, write_marker, &m);
	close(m.fd);
	return m.n;
}
