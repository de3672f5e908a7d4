// SPDX-License-Identifier: GPL-2.0
/*
 * sf-tracefs - the only code that writes to tracefs (see sf-tracefs.h).
 *
 * libtracefs 1.6.4 quirks handled here:
 * - tracefs_event_filter_apply() returns the bytes written on success, so
 *   failure is "< 0"; the kernel's reason is in the instance's error_log;
 * - a new instance starts with tracing on and buffer_percent 50: tracing is
 *   turned off first so that no half-configured data is recorded;
 * - tracefs_instance_destroy() fails with EBUSY while a reader is open.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-datfmt.h"
#include "sf-tracefs.h"
#include "sf-util.h"

int sf_tracefs_ready(char *err, size_t errsz, char *hint, size_t hintsz)
{
	char dir[4096];

	*hint = '\0';
	if (geteuid() != 0) {
		snprintf(err, errsz, "cannot trace: tracing needs root privileges");
		snprintf(hint, hintsz, "run as root (sudo sigftrace ...)");
		errno = EPERM;
		return -1;
	}
	/* (the path it can return is allocated: not asked for) */
	if (!tracefs_tracing_dir_is_mounted(false, NULL)) {
		/* try to mount it where the kernel documents it */
		if (tracefs_tracing_dir_is_mounted(true, NULL) < 0 ||
		    !tracefs_tracing_dir_is_mounted(false, NULL)) {
			snprintf(err, errsz,
				 "cannot trace: tracefs is not mounted and mounting it failed: %s",
				 strerror(errno ? errno : ENODEV));
			snprintf(
				hint, hintsz,
				"mount it with 'mount -t tracefs nodev /sys/kernel/tracing'; the kernel needs CONFIG_FTRACE and CONFIG_EVENT_TRACING");
			return -1;
		}
	}
	snprintf(dir, sizeof(dir), "%s/instances", tracefs_tracing_dir());
	if (access(dir, W_OK)) {
		snprintf(err, errsz, "cannot trace: %s is not writable: %s", dir, strerror(errno));
		snprintf(hint, hintsz, "this kernel or mount does not allow tracing instances");
		return -1;
	}
	return 0;
}

bool sf_trace_name_ok(const char *name)
{
	return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

int sf_trace_create(struct sf_trace *t, const char *name, char *err, size_t errsz)
{
	char buf[64];
	int e;

	memset(t, 0, sizeof(*t));
	t->trace_on_fd = -1;
	if (!name) {
		snprintf(buf, sizeof(buf), "sigftrace-%d", (int)getpid());
		name = buf;
	}
	if (!sf_trace_name_ok(name)) {
		snprintf(err, errsz, "bad instance name \"%s\"", name);
		errno = EINVAL;
		return -1;
	}
	if (tracefs_instance_exists(name)) {
		snprintf(
			err, errsz,
			"cannot create instance %s: it already exists (another sigftrace, or left behind: see 'sigftrace reset')",
			name);
		errno = EEXIST;
		return -1;
	}
	t->inst = tracefs_instance_create(name);
	if (!t->inst || !tracefs_instance_is_new(t->inst)) {
		e = errno;
		snprintf(err, errsz, "cannot create instance %s: %s", name,
			 t->inst ? "it was created by someone else meanwhile" : strerror(e));
		tracefs_instance_free(t->inst);
		t->inst = NULL;
		errno = e ? e : EEXIST;
		return -1;
	}
	t->name = sf_xstrdup(name);
	t->owned = true;
	/* configure with tracing off; then the reader can turn it off from a signal handler */
	t->trace_on_fd = tracefs_trace_on_get_fd(t->inst);
	if (t->trace_on_fd < 0 || tracefs_trace_off(t->inst)) {
		snprintf(err, errsz, "cannot turn tracing off in instance %s: %s", name,
			 strerror(errno));
		return -1;
	}
	t->ncpus = (int)sysconf(_SC_NPROCESSORS_CONF);
	if (t->ncpus < 1)
		t->ncpus = 1;
	return 0;
}

static int write_file(struct sf_trace *t, const char *file, const char *val, char *err,
		      size_t errsz)
{
	if (tracefs_instance_file_write(t->inst, file, val) < 0) {
		snprintf(err, errsz, "cannot write \"%s\" to %s of instance %s: %s", val, file,
			 t->name, strerror(errno));
		return -1;
	}
	return 0;
}

/* last_error - the reason in "... parse error: error: Field not found" */
static const char *last_error(const char *log)
{
	const char *p = log;
	const char *q;

	while ((q = strstr(p, "error: ")))
		p = q + 7;
	return p;
}

int sf_trace_filter(struct sf_trace *t, const char *event, const char *str, char *err, size_t errsz)
{
	struct tep_event *ev = tep_find_event_by_name(t->tep, "signal", event);
	char *why;
	char *nl;
	char clip[84];

	if (!*str)
		return 0;
	tracefs_error_clear(t->inst);
	errno = 0;
	if (tracefs_event_filter_apply(t->inst, ev, str) < 0) {
		why = tracefs_error_last(t->inst);
		/* error_log: "[ts] event filter parse error: error: Field not found\n  Command: ..." */
		if (why && (nl = strchr(why, '\n')))
			*nl = '\0';
		snprintf(err, errsz, "cannot apply filter \"%s\" to signal:%s: %s",
			 sf_clip(str, clip, sizeof(clip)), event,
			 why   ? last_error(why) :
			 errno ? strerror(errno) :
				 "the kernel refused it and gave no reason");
		free(why);
		return -1;
	}
	return 0;
}

/* the formats sigftrace reads: the two signal events first */
static const char *const formats[][2] = {
	{ "signal", "signal_generate" },   { "signal", "signal_deliver" },
	{ "task", "task_newtask" },	   { "task", "task_rename" },
	{ "sched", "sched_process_exit" }, { "ftrace", "print" },
	{ "sched", "sched_process_exec" }, { "cgroup", "cgroup_attach_task" },
	{ "oom", "mark_victim" },
};
#define SF_SIGNAL_FORMATS 2

/* parse_formats - formats[@from] up to formats[@to - 1] into t->tep, those the kernel has */
static void parse_formats(struct sf_trace *t, size_t from, size_t to)
{
	char *text;
	int size = 0;
	size_t i;

	for (i = from; i < to; i++) {
		text = tracefs_event_file_read(t->inst, formats[i][0], formats[i][1], "format",
					       &size);
		if (text)
			tep_parse_event(t->tep, text, (unsigned long)size, formats[i][0]);
		free(text);
	}
}

/*
 * load_formats - parse only the formats sigftrace uses, with @all the
 * events after the signals too. (libtracefs's tracefs_local_events_system()
 * also reads kallsyms, printk formats and saved_cmdlines: 100+ ms before the
 * first event could be recorded.)
 */
static struct tep_handle *load_formats(struct sf_trace *t, bool all)
{
	struct tep_handle *tep = tep_alloc();
	char *text;
	int size = 0;
	int sub;

	if (!tep)
		return NULL;
	tep_set_file_bigendian(tep,
			       tep_is_local_bigendian(tep) ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(tep, (int)sizeof(long));
	tep_set_page_size(tep, (int)sysconf(_SC_PAGESIZE));
	text = tracefs_instance_file_read(t->inst, "events/header_page", &size);
	if (text && !tep_parse_header_page(tep, text, (unsigned long)size, (int)sizeof(long))) {
		/*
		 * the kernel's long and ring-buffer page, not ours: a 32-bit
		 * program on a 64-bit kernel reads 16-byte page headers, and an
		 * instance's pages may be larger than a memory page (6.7+)
		 */
		sub = tep_get_sub_buffer_size(tep);
		if (tep_get_header_page_size(tep) == 4 || tep_get_header_page_size(tep) == 8)
			tep_set_long_size(tep, tep_get_header_page_size(tep));
		if (sub >= 1024 && sub <= (1 << 24) && !(sub & (sub - 1)))
			tep_set_page_size(tep, sub);
	}
	free(text);
	t->tep = tep;
	parse_formats(t, 0, all ? SF_ARRAY_SIZE(formats) : SF_SIGNAL_FORMATS);
	t->formats_due = !all;
	return tep;
}

/* one event, by its own enable file (tracefs_event_enable() scans them all) */
int sf_trace_enable(struct sf_trace *t, const char *sys, const char *event, char *err, size_t errsz)
{
	char file[128];

	snprintf(file, sizeof(file), "events/%s/%s/enable", sys, event);
	if (tracefs_instance_file_write(t->inst, file, "1") < 0) {
		snprintf(err, errsz, "cannot enable %s:%s in instance %s: %s", sys, event, t->name,
			 strerror(errno));
		return -1;
	}
	return 0;
}

int sf_trace_setup(struct sf_trace *t, const struct sf_trace_conf *conf, char *err, size_t errsz)
{
	char num[32];

	if (conf->buffer_kb && tracefs_instance_set_buffer_size(t->inst, conf->buffer_kb, -1) < 0) {
		snprintf(err, errsz, "cannot set the buffer of instance %s to %u KB per CPU: %s",
			 t->name, conf->buffer_kb, strerror(errno));
		return -1;
	}
	if (conf->clock && write_file(t, "trace_clock", conf->clock, err, errsz)) {
		if (errno == EINVAL)
			snprintf(err, errsz, "unknown trace clock \"%s\" (see %s/trace_clock)",
				 conf->clock, tracefs_tracing_dir());
		return -1;
	}
	if (conf->buffer_percent >= 0) {
		snprintf(num, sizeof(num), "%d", conf->buffer_percent);
		if (write_file(t, "buffer_percent", num, err, errsz))
			return -1;
	}
	t->tep = load_formats(t, !conf->signal_first);
	if (!t->tep || !tep_find_event_by_name(t->tep, "signal", "signal_generate")) {
		snprintf(
			err, errsz,
			"cannot trace signals: this kernel has no signal:signal_generate event (CONFIG_EVENT_TRACING?)");
		return -1;
	}
	return 0;
}

/*
 * enable_attrib - the events of who is behind a signal (sf-attrib): the
 * sender's program, cgroup moves, the OOM killer's victims; each only if
 * this kernel has it
 */
static int enable_attrib(struct sf_trace *t, char *err, size_t errsz)
{
	static const char *const events[][2] = {
		{ "sched", "sched_process_exec" },
		{ "cgroup", "cgroup_attach_task" },
		{ "oom", "mark_victim" },
	};
	size_t i;

	for (i = 0; i < SF_ARRAY_SIZE(events); i++) {
		if (tep_find_event_by_name(t->tep, events[i][0], events[i][1]) &&
		    sf_trace_enable(t, events[i][0], events[i][1], err, errsz))
			return -1;
	}
	t->have_attrib = true;
	return 0;
}

int sf_trace_enable_rest(struct sf_trace *t, const struct sf_trace_conf *conf, char *err,
			 size_t errsz)
{
	if (t->formats_due) {
		parse_formats(t, SF_SIGNAL_FORMATS, SF_ARRAY_SIZE(formats));
		t->formats_due = false;
	}
	if (conf->deliver && tep_find_event_by_name(t->tep, "signal", "signal_deliver") &&
	    sf_trace_enable(t, "signal", "signal_deliver", err, errsz))
		return -1;
	/* names of short-lived senders: fork inherits, exec and prctl rename */
	if (tep_find_event_by_name(t->tep, "task", "task_newtask") &&
	    tep_find_event_by_name(t->tep, "task", "task_rename")) {
		if (sf_trace_enable(t, "task", "task_newtask", err, errsz) ||
		    sf_trace_enable(t, "task", "task_rename", err, errsz))
			return -1;
		t->have_task = true;
	}
	/* before sched_process_exit, the last one (tests wait for it) */
	if (enable_attrib(t, err, errsz))
		return -1;
	if (tep_find_event_by_name(t->tep, "sched", "sched_process_exit")) {
		if (sf_trace_enable(t, "sched", "sched_process_exit", err, errsz))
			return -1;
		t->have_exit = true;
	}
	return 0;
}

int sf_trace_open(struct sf_trace *t, const char *name, char *err, size_t errsz)
{
	memset(t, 0, sizeof(*t));
	t->trace_on_fd = -1;
	if (name) {
		/* ".." would be the top-level buffer, which a read empties */
		if (!sf_trace_name_ok(name)) {
			snprintf(err, errsz, "bad instance name \"%s\"", name);
			errno = EINVAL;
			return -1;
		}
		if (!tracefs_instance_exists(name)) {
			snprintf(err, errsz, "no tracing instance %s", name);
			errno = ENOENT;
			return -1;
		}
		t->inst = tracefs_instance_alloc(NULL, name);
		if (!t->inst) {
			snprintf(err, errsz, "cannot open instance %s: %s", name, strerror(errno));
			return -1;
		}
	}
	t->name = sf_xstrdup(name ? name : "top level");
	t->ncpus = (int)sysconf(_SC_NPROCESSORS_CONF);
	if (t->ncpus < 1)
		t->ncpus = 1;
	t->tep = load_formats(t, true);
	if (!t->tep || !tep_find_event_by_name(t->tep, "signal", "signal_generate")) {
		snprintf(err, errsz, "this kernel has no signal:signal_generate event");
		sf_trace_destroy(t);
		return -1;
	}
	return 0;
}

int sf_trace_raw_open(struct sf_trace *t, int cpu)
{
	char file[64];
	char *path;
	int fd;

	snprintf(file, sizeof(file), "per_cpu/cpu%d/trace_pipe_raw", cpu);
	path = tracefs_instance_get_file(t->inst, file);
	if (!path)
		return -1;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	tracefs_put_tracing_file(path);
	return fd;
}

int sf_trace_clock_sample(struct sf_trace *t, unsigned long long *trace_ns,
			  unsigned long long *mono_ns)
{
	char buf[1024];
	unsigned long long before, after;
	char *path = tracefs_instance_get_file(t->inst, "per_cpu/cpu0/stats");
	ssize_t n;
	int fd;

	if (!path)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	tracefs_put_tracing_file(path);
	if (fd < 0)
		return -1;
	before = sf_now_ns();
	n = read(fd, buf, sizeof(buf) - 1);
	after = sf_now_ns();
	close(fd);
	if (n <= 0) {
		errno = n ? errno : EIO;
		return -1;
	}
	buf[n] = '\0';
	if (sf_stats_now(buf, trace_ns)) {
		errno = EINVAL;
		return -1;
	}
	*mono_ns = before + (after - before) / 2;
	return 0;
}

void sf_trace_enable_names(struct sf_trace *t)
{
	char err[256];

	if (tep_find_event_by_name(t->tep, "task", "task_newtask"))
		t->have_task = !sf_trace_enable(t, "task", "task_newtask", err, sizeof(err)) &&
			       !sf_trace_enable(t, "task", "task_rename", err, sizeof(err));
	if (tep_find_event_by_name(t->tep, "sched", "sched_process_exit"))
		t->have_exit = !sf_trace_enable(t, "sched", "sched_process_exit", err, sizeof(err));
	enable_attrib(t, err, sizeof(err));
}

int sf_trace_on(struct sf_trace *t)
{
	return tracefs_trace_on(t->inst);
}

int sf_trace_off(struct sf_trace *t)
{
	return tracefs_trace_off(t->inst);
}

void sf_trace_off_async(struct sf_trace *t)
{
	int e = errno;

	if (t->trace_on_fd >= 0)
		tracefs_trace_off_fd(t->trace_on_fd);
	errno = e;
}

int sf_trace_cpu_stats(struct sf_trace *t, int cpu, char **text, unsigned long long *overrun,
		       unsigned long long *dropped)
{
	char path[64];
	char *s;

	snprintf(path, sizeof(path), "per_cpu/cpu%d/stats", cpu);
	s = tracefs_instance_file_read(t->inst, path, NULL);
	if (!s)
		return -1;
	sf_stats_parse(s, overrun, dropped);
	if (text)
		*text = s;
	else
		free(s);
	return 0;
}

bool sf_trace_exists(const char *name)
{
	return tracefs_instance_exists(name);
}

char *sf_trace_file_read(struct sf_trace *t, const char *file, size_t *len)
{
	int size = 0;
	char *text = tracefs_instance_file_read(t ? t->inst : NULL, file, &size);

	if (len)
		*len = text ? (size_t)size : 0;
	return text;
}

char *sf_trace_format_read(struct sf_trace *t, const char *sys, const char *event, size_t *len)
{
	int size = 0;
	char *text = tracefs_event_file_read(t->inst, sys, event, "format", &size);

	*len = text ? (size_t)size : 0;
	return text;
}

int sf_trace_is_on(struct sf_trace *t)
{
	char *on = tracefs_instance_file_read(t->inst, "tracing_on", NULL);
	int ret = on ? on[0] == '1' : -1;

	free(on);
	return ret;
}

unsigned long long sf_trace_cpu_buffer_kb(struct sf_trace *t, int cpu)
{
	char path[64];
	char *text;
	unsigned long long kb;

	snprintf(path, sizeof(path), "per_cpu/cpu%d/buffer_size_kb", cpu);
	text = tracefs_instance_file_read(t->inst, path, NULL);
	kb = text ? strtoull(text, NULL, 10) : 0;
	free(text);
	return kb;
}

void sf_trace_load_cmdlines(struct sf_trace *t)
{
	tracefs_load_cmdlines(NULL, t->tep);
}

int sf_trace_clear(struct sf_trace *t)
{
	return tracefs_instance_file_clear(t->inst, "trace");
}

int sf_trace_mark(struct sf_trace *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = tracefs_vprintf(t->inst, fmt, ap);
	va_end(ap);
	return n < 0 ? -1 : 0;
}

void sf_trace_mark_close(struct sf_trace *t)
{
	tracefs_print_close(t->inst);
}

void sf_trace_destroy(struct sf_trace *t)
{
	if (t->trace_on_fd >= 0)
		close(t->trace_on_fd);
	t->trace_on_fd = -1;
	if (t->inst)
		tracefs_print_close(t->inst);
	if (t->inst && t->owned) {
		tracefs_trace_off(t->inst);
		tracefs_instance_destroy(t->inst);
	}
	tracefs_instance_free(t->inst);
	t->inst = NULL;
	t->owned = false;
	tep_free(t->tep);
	t->tep = NULL;
	free(t->name);
	t->name = NULL;
}

/* starts_sigftrace - the basename of @path (@len bytes) starts with "sigftrace" */
static bool starts_sigftrace(const char *path, size_t len)
{
	const char *base = memrchr(path, '/', len);

	base = base ? base + 1 : path;
	len -= (size_t)(base - path);
	return len >= 9 && !memcmp(base, "sigftrace", 9);
}

/* read_proc - /proc/@pid/@file's first bytes; Return: their length, -1 if unreadable */
static ssize_t read_proc(int pid, const char *file, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size);
	close(fd);
	return n;
}

/* sigftrace_alive - @pid is a sigftrace process (when unsure: yes) */
static bool sigftrace_alive(int pid)
{
	char comm[32], argv0[4096];
	ssize_t n, a;

	if (kill(pid, 0) && errno == ESRCH)
		return false;
	n = read_proc(pid, "comm", comm, sizeof(comm));
	a = read_proc(pid, "cmdline", argv0, sizeof(argv0));
	if (n < 0 || a < 0)
		return true; /* gone meanwhile, or not ours to read: leave it */
	if (n > 0 && comm[n - 1] == '\n')
		n--;
	return starts_sigftrace(comm, (size_t)n) ||
	       starts_sigftrace(argv0, strnlen(argv0, (size_t)a));
}

int sf_trace_reset(void (*done)(const char *name, int error, void *ctx), void *ctx, char *err,
		   size_t errsz)
{
	char dir[4096];
	struct dirent *d;
	DIR *dp;
	int count = 0;

	snprintf(dir, sizeof(dir), "%s/instances", tracefs_tracing_dir());
	dp = opendir(dir);
	if (!dp) {
		snprintf(err, errsz, "cannot list %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((d = readdir(dp))) {
		struct tracefs_instance *inst;
		unsigned long long pid;
		const char *dash;

		/*
		 * only sigftrace-<pid> (and a recording's sigftrace-<pid>-on,
		 * a launch's sigftrace-<pid>-start), and only when that
		 * sigftrace is gone
		 */
		if (strncmp(d->d_name, "sigftrace-", 10) ||
		    (!(dash = strchr(d->d_name + 10, '-')) ?
			     sf_parse_uint(d->d_name + 10, 0x7fffffff, &pid) :
			     (strcmp(dash, "-on") && strcmp(dash, "-start")) ||
				     dash - d->d_name > 30 ||
				     sf_parse_uint(strndupa(d->d_name + 10,
							    (size_t)(dash - d->d_name - 10)),
						   0x7fffffff, &pid)) ||
		    !pid || pid == (unsigned long long)getpid() || sigftrace_alive((int)pid))
			continue;
		inst = tracefs_instance_alloc(NULL, d->d_name);
		if (!inst)
			continue;
		tracefs_trace_off(inst);
		if (!tracefs_instance_destroy(inst)) {
			done(d->d_name, 0, ctx);
			count++;
		} else {
			done(d->d_name, errno ? errno : EIO, ctx);
		}
		tracefs_instance_free(inst);
	}
	closedir(dp);
	return count;
}
