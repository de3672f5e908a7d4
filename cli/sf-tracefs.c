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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
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

/* apply_filter - one event's kernel filter, with the kernel's reason on failure */
static int apply_filter(struct sf_trace *t, const struct sf_filter *f, const char *event, char *err,
			size_t errsz)
{
	struct tep_event *ev = tep_find_event_by_name(t->tep, "signal", event);
	char *str;
	char *why;
	char *nl;

	str = sf_filter_kernel(f, event, ev, err, errsz);
	if (!str)
		return -1;
	if (!*str) {
		free(str);
		return 0;
	}
	tracefs_error_clear(t->inst);
	if (tracefs_event_filter_apply(t->inst, ev, str) < 0) {
		why = tracefs_error_last(t->inst);
		/* error_log: "[ts] event filter parse error: error: Field not found\n  Command: ..." */
		if (why && (nl = strchr(why, '\n')))
			*nl = '\0';
		snprintf(err, errsz, "cannot apply filter \"%s\" to signal:%s: %s", str, event,
			 why ? last_error(why) : strerror(errno));
		free(why);
		free(str);
		return -1;
	}
	free(str);
	return 0;
}

/*
 * load_formats - parse only the formats sigftrace uses. (libtracefs's
 * tracefs_local_events_system() also reads kallsyms, printk formats and
 * saved_cmdlines: 100+ ms before the first event could be recorded.)
 */
static struct tep_handle *load_formats(struct sf_trace *t)
{
	static const char *const events[][2] = {
		{ "signal", "signal_generate" },   { "signal", "signal_deliver" },
		{ "task", "task_newtask" },	   { "task", "task_rename" },
		{ "sched", "sched_process_exit" }, { "ftrace", "print" },
	};
	struct tep_handle *tep = tep_alloc();
	char *text;
	int size = 0;
	int sub;
	size_t i;

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
	for (i = 0; i < SF_ARRAY_SIZE(events); i++) {
		text = tracefs_event_file_read(t->inst, events[i][0], events[i][1], "format",
					       &size);
		if (text)
			tep_parse_event(tep, text, (unsigned long)size, events[i][0]);
		free(text);
	}
	return tep;
}

/* enable - one event, by its own enable file (tracefs_event_enable() scans them all) */
static int enable(struct sf_trace *t, const char *sys, const char *event, char *err, size_t errsz)
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

int sf_trace_setup(struct sf_trace *t, const struct sf_trace_conf *conf, struct sf_filter *f,
		   char *err, size_t errsz)
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
	t->tep = load_formats(t);
	if (!t->tep || !tep_find_event_by_name(t->tep, "signal", "signal_generate")) {
		snprintf(
			err, errsz,
			"cannot trace signals: this kernel has no signal:signal_generate event (CONFIG_EVENT_TRACING?)");
		return -1;
	}
	/*
	 * every filter first: a rejected one fails before anything is recorded;
	 * -f is checked with sigftrace's parser of the kernel's grammar, so that
	 * record, stream and report accept the same expressions (and the
	 * kernel never sees one its parser mishandles)
	 */
	if (sf_filter_compile_raw(f, tep_find_event_by_name(t->tep, "signal", "signal_generate"),
				  err, errsz) ||
	    apply_filter(t, f, "signal_generate", err, errsz) ||
	    (conf->deliver && tep_find_event_by_name(t->tep, "signal", "signal_deliver") &&
	     apply_filter(t, f, "signal_deliver", err, errsz)))
		return -1;
	return enable(t, "signal", "signal_generate", err, errsz);
}

int sf_trace_enable_rest(struct sf_trace *t, const struct sf_trace_conf *conf, char *err,
			 size_t errsz)
{
	if (conf->deliver && tep_find_event_by_name(t->tep, "signal", "signal_deliver") &&
	    enable(t, "signal", "signal_deliver", err, errsz))
		return -1;
	/* names of short-lived senders: fork inherits, exec and prctl rename */
	if (tep_find_event_by_name(t->tep, "task", "task_newtask") &&
	    tep_find_event_by_name(t->tep, "task", "task_rename")) {
		if (enable(t, "task", "task_newtask", err, errsz) ||
		    enable(t, "task", "task_rename", err, errsz))
			return -1;
		t->have_task = true;
	}
	if (tep_find_event_by_name(t->tep, "sched", "sched_process_exit")) {
		if (enable(t, "sched", "sched_process_exit", err, errsz))
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
	t->tep = load_formats(t);
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

void sf_trace_enable_names(struct sf_trace *t)
{
	char err[256];

	if (tep_find_event_by_name(t->tep, "task", "task_newtask"))
		t->have_task = !enable(t, "task", "task_newtask", err, sizeof(err)) &&
			       !enable(t, "task", "task_rename", err, sizeof(err));
	if (tep_find_event_by_name(t->tep, "sched", "sched_process_exit"))
		t->have_exit = !enable(t, "sched", "sched_process_exit", err, sizeof(err));
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

void sf_stats_parse(const char *text, unsigned long long *overrun, unsigned long long *dropped)
{
	const char *line;

	*overrun = 0;
	*dropped = 0;
	for (line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long long v;

		if (sscanf(line, "overrun: %llu", &v) == 1 ||
		    sscanf(line, "commit overrun: %llu", &v) == 1)
			*overrun += v;
		else if (sscanf(line, "dropped events: %llu", &v) == 1)
			*dropped += v;
	}
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

void sf_trace_destroy(struct sf_trace *t)
{
	if (t->trace_on_fd >= 0)
		close(t->trace_on_fd);
	t->trace_on_fd = -1;
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

int sf_trace_reset(void (*removed)(const char *name, void *ctx), void *ctx, char *err, size_t errsz)
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

		/* only sigftrace-<pid>, and only when that pid is gone */
		if (strncmp(d->d_name, "sigftrace-", 10) ||
		    sf_parse_uint(d->d_name + 10, 0x7fffffff, &pid) || !pid)
			continue;
		if (!kill((pid_t)pid, 0) || errno != ESRCH)
			continue;
		inst = tracefs_instance_alloc(NULL, d->d_name);
		if (!inst)
			continue;
		tracefs_trace_off(inst);
		if (!tracefs_instance_destroy(inst)) {
			removed(d->d_name, ctx);
			count++;
		} else {
			snprintf(err, errsz, "cannot remove instance %s: %s", d->d_name,
				 strerror(errno));
			tracefs_instance_free(inst);
			closedir(dp);
			return -1;
		}
		tracefs_instance_free(inst);
	}
	closedir(dp);
	return count;
}
