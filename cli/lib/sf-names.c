// SPDX-License-Identifier: GPL-2.0
/*
 * sf-names - who is who: the pid -> name, process and kernel-thread map,
 * and the names stage of the pipeline (see sf-names.h).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sf-markers.h"
#include "sf-names.h"
#include "sf-util.h"

/* an exit to forget once sf_names.expire_ns has passed */
struct sf_gone {
	unsigned long long ts;
	int pid;
};

/* what is known of one pid */
struct sf_comm_ent {
	int tgid; /* 0: unknown */
	char kthread;
	char life; /* look-ahead: born or died in the trace (sf_comms_note_life()) */
	char comm[SIGFTRACE_COMM_LEN + 1];
	unsigned long long exited; /* expiring (sf_names.expire_ns): its exit's time | 1, 0 alive */
};

struct sf_comms {
	struct sf_map map; /* pid -> struct sf_comm_ent */
	unsigned long long gen; /* one more at every change */
};

struct sf_comms *sf_comms_new(void)
{
	struct sf_comms *c = sf_xcalloc(1, sizeof(*c));

	sf_map_init(&c->map, sizeof(struct sf_comm_ent));
	return c;
}

void sf_comms_free(struct sf_comms *c)
{
	if (!c)
		return;
	sf_map_free(&c->map);
	free(c);
}

/* entry - the entry of @pid, created empty if new (*@fresh says which) */
static struct sf_comm_ent *entry(struct sf_comms *c, int pid, bool *fresh)
{
	c->gen++;
	return sf_map_put(&c->map, pid, fresh);
}

static const struct sf_comm_ent *find(const struct sf_comms *c, int pid)
{
	return sf_map_get(&c->map, pid);
}

static void set(struct sf_comms *c, int pid, const char *comm, int replace)
{
	struct sf_comm_ent *e;
	bool fresh;

	e = entry(c, pid, &fresh);
	if (!fresh && !replace && e->comm[0])
		return;
	sf_copy_name(e->comm, comm, SIGFTRACE_COMM_LEN);
}

void sf_comms_forget(struct sf_comms *c, int pid)
{
	c->gen++;
	sf_map_del(&c->map, pid);
}

unsigned long long sf_comms_gen(const struct sf_comms *c)
{
	return c->gen;
}

void sf_comms_set(struct sf_comms *c, int pid, const char *comm)
{
	set(c, pid, comm, 1);
}

void sf_comms_set_new(struct sf_comms *c, int pid, const char *comm)
{
	set(c, pid, comm, 0);
}

const char *sf_comms_get(const struct sf_comms *c, int pid)
{
	const struct sf_comm_ent *e = find(c, pid);

	return e && e->comm[0] ? e->comm : NULL;
}

void sf_comms_learn(struct sf_comms *c, int pid, const char *comm)
{
	const struct sf_comm_ent *e = find(c, pid);

	if (!e || strncmp(e->comm, comm, SIGFTRACE_COMM_LEN))
		set(c, pid, comm, 1);
}

void sf_comms_note_first(struct sf_comms *c, int pid, const char *comm)
{
	bool fresh;
	struct sf_comm_ent *e = entry(c, pid, &fresh);

	/* an entry without a name and not born: only a marker's process so far */
	if (!fresh && (e->comm[0] || e->life))
		return;
	sf_copy_name(e->comm, comm ? comm : "", SIGFTRACE_COMM_LEN);
}

void sf_comms_note_life(struct sf_comms *c, int pid)
{
	bool fresh;

	entry(c, pid, &fresh)->life = 1;
}

void sf_comms_note_task(struct sf_comms *c, int pid, int tgid, bool kthread)
{
	bool fresh;
	struct sf_comm_ent *e = entry(c, pid, &fresh);

	if (e->life)
		return;
	if (tgid > 0 && !e->tgid)
		e->tgid = tgid;
	if (kthread)
		e->kthread = 1;
}

void sf_comms_set_kthread(struct sf_comms *c, int pid)
{
	bool fresh;

	entry(c, pid, &fresh)->kthread = 1;
}

void sf_comms_set_tgid(struct sf_comms *c, int tid, int tgid)
{
	bool fresh;

	entry(c, tid, &fresh)->tgid = tgid;
}

int sf_comms_tgid(const struct sf_comms *c, int tid)
{
	const struct sf_comm_ent *e = find(c, tid);

	return e ? e->tgid : 0;
}

bool sf_comms_is_kthread(const struct sf_comms *c, int pid)
{
	const struct sf_comm_ent *e = find(c, pid);

	return e && e->kthread;
}

/* each - call @fn for every entry, in the map's order */
static void each(const struct sf_comms *c,
		 void (*fn)(int pid, const struct sf_comm_ent *e, void *ctx), void *ctx)
{
	long long pid;
	size_t i;

	for (i = 0; i < c->map.size; i++) {
		const struct sf_comm_ent *e = sf_map_at(&c->map, i, &pid);

		if (e)
			fn((int)pid, e, ctx);
	}
}

struct foreach_ctx {
	void (*fn)(int pid, int tgid, const char *comm, bool kthread, void *ctx);
	void *ctx;
};

static void foreach_one(int pid, const struct sf_comm_ent *e, void *ctx)
{
	struct foreach_ctx *f = ctx;

	f->fn(pid, e->tgid, e->comm, e->kthread, f->ctx);
}

void sf_comms_foreach(const struct sf_comms *c,
		      void (*fn)(int pid, int tgid, const char *comm, bool kthread, void *ctx),
		      void *ctx)
{
	struct foreach_ctx f = { fn, ctx };

	each(c, foreach_one, &f);
}

size_t sf_comms_count(const struct sf_comms *c)
{
	return c->map.count;
}

/* read_stat - comm and parent of a task, from /proc/.../stat: "pid (comm) S ppid ..." */
static int read_stat(const char *path, char *comm, int *ppid)
{
	char buf[256];
	const char *open_paren, *close_paren;
	ssize_t n;
	size_t len;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren ||
	    sscanf(close_paren + 1, " %*c %d", ppid) != 1)
		return -1;
	len = (size_t)(close_paren - open_paren - 1);
	if (len > SIGFTRACE_COMM_LEN)
		len = SIGFTRACE_COMM_LEN;
	memcpy(comm, open_paren + 1, len);
	comm[len] = '\0';
	return 0;
}

/* read_tgid - the "Tgid:" of /proc/TID/status (threads have one too), 0 if gone */
static int read_tgid(int tid)
{
	char path[64], buf[512];
	const char *t;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	t = strstr(buf, "\nTgid:");
	return t ? atoi(t + 6) : 0;
}

const char *sf_comms_load_pid(struct sf_comms *c, int pid)
{
	char path[64];
	char comm[SIGFTRACE_COMM_LEN + 2];
	int ppid, tgid;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_stat(path, comm, &ppid))
		return NULL;
	sf_comms_set(c, pid, comm);
	tgid = read_tgid(pid);
	if (tgid > 0 && !sf_comms_tgid(c, pid))
		sf_comms_set_tgid(c, pid, tgid);
	if (pid == 2 || ppid == 2)
		sf_comms_set_kthread(c, pid);
	return sf_comms_get(c, pid);
}

int sf_comms_load_proc(struct sf_comms *c)
{
	char path[600];
	char comm[SIGFTRACE_COMM_LEN + 2];
	struct dirent *d, *t;
	DIR *proc, *task;
	int added = 0;
	int ppid;

	proc = opendir("/proc");
	if (!proc)
		return -1;
	while ((d = readdir(proc))) {
		if (!sf_is_number(d->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", d->d_name);
		task = opendir(path);
		if (!task)
			continue;
		while ((t = readdir(task))) {
			if (!sf_is_number(t->d_name))
				continue;
			snprintf(path, sizeof(path), "/proc/%s/task/%s/stat", d->d_name, t->d_name);
			if (read_stat(path, comm, &ppid))
				continue;
			sf_comms_set_new(c, atoi(t->d_name), comm);
			if (!sf_comms_tgid(c, atoi(t->d_name)))
				sf_comms_set_tgid(c, atoi(t->d_name), atoi(d->d_name));
			/* kthreadd (2) and its children */
			if (atoi(d->d_name) == 2 || ppid == 2)
				sf_comms_set_kthread(c, atoi(t->d_name));
			added++;
		}
		closedir(task);
	}
	closedir(proc);
	return added;
}

void sf_comms_load_cmdlines(struct sf_comms *c, const char *text)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		char comm[SIGFTRACE_COMM_LEN + 1];
		int pid;
		int off = 0;

		if (sscanf(line, "%d %n", &pid, &off) == 1 && off > 0) {
			size_t n = (size_t)((end ? end : line + strlen(line)) - (line + off));

			if (n > SIGFTRACE_COMM_LEN)
				n = SIGFTRACE_COMM_LEN;
			memcpy(comm, line + off, n);
			comm[n] = '\0';
			if (n && strcmp(comm, "<...>"))
				sf_comms_set_new(c, pid, comm);
		}
		line = end ? end + 1 : NULL;
	}
}

static void merge_one(int pid, const struct sf_comm_ent *e, void *ctx)
{
	struct sf_comms *dst = ctx;

	if (e->comm[0])
		sf_comms_set_new(dst, pid, e->comm);
	if (e->kthread)
		sf_comms_set_kthread(dst, pid);
	if (e->tgid && !sf_comms_tgid(dst, pid))
		sf_comms_set_tgid(dst, pid, e->tgid);
}

void sf_comms_merge(struct sf_comms *dst, const struct sf_comms *src)
{
	each(src, merge_one, dst);
}

static void task_line(int pid, const struct sf_comm_ent *e, void *ctx)
{
	if (e->kthread)
		sf_buf_printf(ctx, "%d kthread\n", pid);
	else if (e->tgid && e->tgid != pid)
		sf_buf_printf(ctx, "%d %d\n", pid, e->tgid);
}

char *sf_comms_tasks_text(const struct sf_comms *c)
{
	struct sf_buf b = { 0 };

	sf_buf_add(&b, SF_TASKS_MAGIC, strlen(SF_TASKS_MAGIC));
	each(c, task_line, &b);
	return b.p;
}

int sf_comms_load_tasks(struct sf_comms *c, const char *text)
{
	const char *line;

	if (!text || strncmp(text, SF_TASKS_MAGIC, strlen(SF_TASKS_MAGIC)))
		return -1;
	for (line = text + strlen(SF_TASKS_MAGIC); *line;) {
		const char *end = strchr(line, '\n');
		char word[16];
		int tid, tgid;

		if (sscanf(line, "%d %15s", &tid, word) == 2 && tid > 0) {
			if (!strcmp(word, "kthread"))
				sf_comms_set_kthread(c, tid);
			else if (sf_is_number(word) && (tgid = atoi(word)) > 0 &&
				 !sf_comms_tgid(c, tid))
				sf_comms_set_tgid(c, tid, tgid);
		}
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

struct named {
	int pid;
	const char *comm;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a;
	const struct named *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static void add_named(int pid, const struct sf_comm_ent *e, void *ctx)
{
	struct named **v = ctx;

	if (e->comm[0])
		*(*v)++ = (struct named){ pid, e->comm };
}

char *sf_comms_text(const struct sf_comms *c, size_t *len)
{
	struct named *v = sf_xcalloc(c->map.count + 1, sizeof(*v));
	struct named *end = v;
	struct sf_buf b = { 0 };
	size_t i, n;

	each(c, add_named, &end);
	n = (size_t)(end - v);
	qsort(v, n, sizeof(*v), cmp_named);
	for (i = 0; i < n; i++) {
		/* saved_cmdlines cannot carry a newline in a name */
		if (!strchr(v[i].comm, '\n'))
			sf_buf_printf(&b, "%d %s\n", v[i].pid, v[i].comm);
	}
	free(v);
	*len = b.len;
	return b.p ? b.p : sf_xstrdup("");
}

/* ---- the names stage ------------------------------------------------------------ */

#define SF_CLONE_THREAD 0x00010000ULL /* include/uapi/linux/sched.h */

void sf_names_init(struct sf_names *n, struct tep_handle *tep)
{
	memset(n, 0, sizeof(*n));
	n->tep = tep;
	n->comms = sf_comms_new();
}

void sf_names_free(struct sf_names *n)
{
	sf_comms_free(n->comms);
	n->comms = NULL;
	free(n->gone);
	n->gone = NULL;
	n->gone_head = n->gone_len = n->gone_cap = 0;
}

const char *sf_names_known(struct sf_names *n, int pid)
{
	const char *comm = sf_comms_get(n->comms, pid);

	if (comm && comm[0])
		return comm;
	if (n->other_boot || !n->tep)
		return NULL;
	/* the file's saved_cmdlines, or the live system's */
	comm = tep_data_comm_from_pid(n->tep, pid);
	return comm && strcmp(comm, "<...>") ? comm : NULL;
}

const char *sf_names_comm(struct sf_names *n, int pid)
{
	const char *comm = sf_names_known(n, pid);

	if (!comm && n->live && !n->other_boot && n->tep)
		return sf_comms_load_pid(n->comms, pid);
	return comm;
}

int sf_names_tgid(struct sf_names *n, int tid)
{
	int tgid = sf_comms_tgid(n->comms, tid);

	if (!tgid && n->live && tid > 0 && sf_comms_load_pid(n->comms, tid))
		tgid = sf_comms_tgid(n->comms, tid);
	return tgid > 0 ? tgid : tid;
}

/* copy_name - the name of @pid into @buf; NULL if unknown */
static const char *copy_name(struct sf_names *n, int pid, char *buf)
{
	const char *comm = pid >= 0 ? sf_names_comm(n, pid) : NULL;

	if (!comm)
		return NULL;
	sf_copy_name(buf, comm, SIGFTRACE_COMM_LEN);
	return buf;
}

void sf_names_who(struct sf_names *n, struct sf_signal *sig)
{
	const struct sigftrace_sig *s = &sig->s;
	struct sigftrace_ids *ids = &sig->ids;
	int tid = s->sender_pid; /* deliver: the receiver itself */

	ids->tid = tid;
	ids->pid = tid > 0 ? sf_names_tgid(n, tid) : tid;
	ids->thread_comm = copy_name(n, tid, sig->thread_comm);
	ids->comm = ids->pid == tid ? ids->thread_comm : copy_name(n, ids->pid, sig->comm);
	ids->rpid = s->pid;
	ids->rcomm = NULL;
	if (s->kind != SIGFTRACE_EV_GENERATE || s->pid <= 0)
		return;
	ids->rpid = sf_names_tgid(n, s->pid);
	if (ids->rpid != s->pid)
		ids->rcomm = copy_name(n, ids->rpid, sig->rcomm);
}

void sf_names_signal(struct sf_names *n, struct sf_signal *sig)
{
	const struct sigftrace_sig *s = &sig->s;

	if (s->kind == SIGFTRACE_EV_GENERATE) {
		/* the receiver's name at this instant: a fact for either side */
		if (n->initial)
			sf_comms_note_first(n->initial, s->pid, s->comm);
		sf_comms_learn(n->comms, s->pid, s->comm);
	}
	sf_names_who(n, sig);
	if (s->kind == SIGFTRACE_EV_GENERATE && n->first_send && sig->ids.thread_comm)
		sf_comms_set_new(n->first_send, s->sender_pid, sig->ids.thread_comm);
}

void sf_names_task(struct sf_names *n, const struct sf_event *ev)
{
	const struct sf_task_event *t = &ev->task;
	bool newtask = ev->type == SF_EVENT_NEWTASK;

	/*
	 * the new name holds from now on; a rename's oldcomm is the name the
	 * pid had before (PID 1 is "systemd" until it execs systemd-shutdown),
	 * a newtask's pid had none
	 */
	if (n->initial && newtask) {
		sf_comms_note_first(n->initial, t->pid, NULL);
		sf_comms_note_life(n->initial, t->pid);
	} else if (n->initial && t->has_old) {
		sf_comms_note_first(n->initial, t->pid, t->old);
	}
	/* a pid used again: nothing of its previous task holds (kernel thread, process) */
	if (newtask)
		sf_comms_forget(n->comms, t->pid);
	sf_comms_set(n->comms, t->pid, t->comm);
	if (!newtask)
		return;
	/* a child of kthreadd or of another kernel thread is a kernel thread */
	if (t->parent == 2 || sf_comms_is_kthread(n->comms, t->parent))
		sf_comms_set_kthread(n->comms, t->pid);
	/*
	 * CLONE_THREAD: a thread of the parent's process (whose process, when
	 * nobody knows, is taken to be its own: most threads are started by the
	 * main one); else a process of its own
	 */
	sf_comms_set_tgid(n->comms, t->pid,
			  t->clone_flags & SF_CLONE_THREAD ? sf_names_tgid(n, t->parent) : t->pid);
}

bool sf_names_marker(struct sf_names *n, const struct sf_event *ev)
{
	struct sf_marker m;

	switch (sf_marker_parse(ev->print.buf, ev->print.len, &m)) {
	case SF_MARKER_NONE:
		return false;
	case SF_MARKER_BOOT:
		if (n->marks)
			sf_boot_info_take(n->marks, ev->cpu, ev->print.buf, ev->print.len);
		return true;
	case SF_MARKER_THREAD:
		if (!m.valid)
			return true;
		if (!sf_comms_tgid(n->comms, m.pid))
			sf_comms_set_tgid(n->comms, m.pid, m.tgid);
		if (n->initial)
			sf_comms_note_task(n->initial, m.pid, m.tgid, false);
		return true;
	case SF_MARKER_COMM:
	case SF_MARKER_KTHREAD:
		if (!m.valid)
			return true;
		/* only a name nothing newer has given */
		sf_comms_set_new(n->comms, m.pid, m.comm);
		if (m.type == SF_MARKER_KTHREAD)
			sf_comms_set_kthread(n->comms, m.pid);
		if (n->initial) {
			sf_comms_note_first(n->initial, m.pid, m.comm);
			if (m.type == SF_MARKER_KTHREAD)
				sf_comms_note_task(n->initial, m.pid, 0, true);
		}
		return true;
	}
	return false;
}

/*
 * expire - forget the tasks that exited @expire_ns before @now, unless their
 * pid is used again (a newtask since: the time of its last exit differs)
 */
static void expire(struct sf_names *n, unsigned long long now)
{
	while (n->gone_len) {
		const struct sf_gone *g = &n->gone[n->gone_head];
		const struct sf_comm_ent *e;

		if (g->ts + n->expire_ns > now)
			break;
		e = find(n->comms, g->pid);
		if (e && e->exited == g->ts)
			sf_comms_forget(n->comms, g->pid);
		n->gone_head = (n->gone_head + 1) % n->gone_cap;
		n->gone_len--;
	}
}

/* gone - @pid exited at @ts: forget it later */
static void gone(struct sf_names *n, int pid, unsigned long long ts)
{
	bool fresh;
	size_t i;

	ts |= 1; /* 0 is "alive" */
	if (n->gone_len == n->gone_cap) {
		size_t cap = n->gone_cap ? n->gone_cap * 2 : 256;
		struct sf_gone *g = sf_xcalloc(cap, sizeof(*g));

		for (i = 0; i < n->gone_len; i++)
			g[i] = n->gone[(n->gone_head + i) % n->gone_cap];
		free(n->gone);
		n->gone = g;
		n->gone_cap = cap;
		n->gone_head = 0;
	}
	n->gone[(n->gone_head + n->gone_len) % n->gone_cap] = (struct sf_gone){ ts, pid };
	n->gone_len++;
	entry(n->comms, pid, &fresh)->exited = ts;
	expire(n, ts);
}

void sf_names_exit(struct sf_names *n, const struct sf_event *ev, struct sf_exit_who *who)
{
	const struct sf_exit_event *e = &ev->exit;
	const char *name;

	if (n->initial) {
		sf_comms_note_first(n->initial, e->pid, e->comm);
		sf_comms_note_life(n->initial, e->pid);
	}
	who->tid = e->pid;
	who->tgid = sf_names_tgid(n, e->pid);
	/* the last thread of the process: group_dead, or (older kernels) the main thread */
	who->last = e->group_dead >= 0 ? e->group_dead : who->tgid == e->pid;
	name = who->tgid == e->pid ? e->comm : copy_name(n, who->tgid, who->pcomm);
	who->comm = name ? name : e->comm;
	if (n->expire_ns)
		gone(n, e->pid, ev->ts);
}

struct sf_comms *sf_comms_live(void)
{
	struct sf_comms *c = sf_comms_new();
	char *text;

	sf_comms_load_proc(c);
	/* the top-level comm cache: only read, never resized */
	text = sf_trace_file_read(NULL, "saved_cmdlines", NULL);
	if (text)
		sf_comms_load_cmdlines(c, text);
	free(text);
	return c;
}

struct marker_ctx {
	struct sf_trace *t;
	int n;
};

static void write_marker(int pid, int tgid, const char *comm, bool kthread, void *data)
{
	struct marker_ctx *m = data;

	if (comm[0] && !sf_trace_mark(m->t, "%s%d %s\n",
				      kthread ? SF_KTHREAD_MARKER : SF_COMM_MARKER, pid, comm))
		m->n++;
	if (tgid > 0 && tgid != pid &&
	    !sf_trace_mark(m->t, "%s%d %d\n", SF_THREAD_MARKER, pid, tgid))
		m->n++;
}

int sf_names_mark(struct sf_trace *t, const char *event)
{
	struct marker_ctx m = { t, 0 };
	struct sf_comms *c;
	char id[40];
	int i;

	sf_boot_id(id);
	if (sf_trace_mark(t, SF_BOOT_MARKER "%s %s %lld\n", id[0] ? id : "-", event,
			  (long long)time(NULL))) {
		sf_trace_mark_close(t);
		return -1;
	}
	/* the kernel's overwrite count of this boot: gone after the reboot */
	for (i = 0; !strcmp(event, "shutdown") && i < t->ncpus; i++) {
		unsigned long long overrun, dropped;

		if (sf_trace_cpu_stats(t, i, NULL, &overrun, &dropped))
			continue;
		if (sf_trace_mark(t, SF_OVERRUN_MARKER "%d %llu\n", i, overrun))
			break;
	}
	c = sf_comms_new();
	sf_comms_load_proc(c);
	sf_comms_foreach(c, write_marker, &m);
	sf_comms_free(c);
	sf_trace_mark_close(t);
	return m.n;
}
