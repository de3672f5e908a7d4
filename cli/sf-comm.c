// SPDX-License-Identifier: GPL-2.0
/*
 * sf-comm - pid -> comm map (see sf-comm.h): open addressing, linear probing.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-comm.h"
#include "sf-util.h"

struct sf_comm_ent {
	int pid;
	int tgid; /* 0: unknown */
	char used;
	char kthread;
	char life; /* look-ahead: born or died in the trace (sf_comms_note_life()) */
	char comm[SIGFTRACE_COMM_LEN + 1];
};

struct sf_comms {
	struct sf_comm_ent *tab;
	size_t size; /* power of two */
	size_t count;
};

struct sf_comms *sf_comms_new(void)
{
	struct sf_comms *c = sf_xcalloc(1, sizeof(*c));

	c->size = 1024;
	c->tab = sf_xcalloc(c->size, sizeof(*c->tab));
	return c;
}

void sf_comms_free(struct sf_comms *c)
{
	if (!c)
		return;
	free(c->tab);
	free(c);
}

static size_t slot(const struct sf_comms *c, int pid)
{
	size_t h = (size_t)(unsigned int)pid * 2654435761u;
	size_t mask = c->size - 1;

	h &= mask;
	while (c->tab[h].used && c->tab[h].pid != pid)
		h = (h + 1) & mask;
	return h;
}

static void grow(struct sf_comms *c)
{
	struct sf_comm_ent *old = c->tab;
	size_t n = c->size;
	size_t i;

	c->size *= 2;
	c->tab = sf_xcalloc(c->size, sizeof(*c->tab));
	for (i = 0; i < n; i++) {
		if (old[i].used)
			c->tab[slot(c, old[i].pid)] = old[i];
	}
	free(old);
}

/* entry - the entry of @pid, created empty if new (*@fresh says which) */
static struct sf_comm_ent *entry(struct sf_comms *c, int pid, bool *fresh)
{
	struct sf_comm_ent *e;

	if ((c->count + 1) * 2 > c->size)
		grow(c);
	e = &c->tab[slot(c, pid)];
	*fresh = !e->used;
	if (!e->used) {
		e->used = 1;
		e->pid = pid;
		c->count++;
	}
	return e;
}

static void set(struct sf_comms *c, int pid, const char *comm, int replace)
{
	struct sf_comm_ent *e;
	bool fresh;
	size_t n;

	e = entry(c, pid, &fresh);
	if (!fresh && !replace && e->comm[0])
		return;
	n = strnlen(comm, SIGFTRACE_COMM_LEN);
	memcpy(e->comm, comm, n);
	e->comm[n] = '\0';
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
	const struct sf_comm_ent *e = &c->tab[slot(c, pid)];

	return e->used && e->comm[0] ? e->comm : NULL;
}

void sf_comms_learn(struct sf_comms *c, int pid, const char *comm)
{
	const struct sf_comm_ent *e = &c->tab[slot(c, pid)];

	if (!e->used || strncmp(e->comm, comm, SIGFTRACE_COMM_LEN))
		set(c, pid, comm, 1);
}

void sf_comms_note_first(struct sf_comms *c, int pid, const char *comm)
{
	bool fresh;
	struct sf_comm_ent *e = entry(c, pid, &fresh);
	size_t n;

	/* an entry without a name and not born: only a marker's process so far */
	if (!fresh && (e->comm[0] || e->life))
		return;
	n = comm ? strnlen(comm, SIGFTRACE_COMM_LEN) : 0;
	memcpy(e->comm, comm ? comm : "", n);
	e->comm[n] = '\0';
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
	const struct sf_comm_ent *e = &c->tab[slot(c, tid)];

	return e->used ? e->tgid : 0;
}

bool sf_comms_is_kthread(const struct sf_comms *c, int pid)
{
	const struct sf_comm_ent *e = &c->tab[slot(c, pid)];

	return e->used && e->kthread;
}

void sf_comms_foreach(const struct sf_comms *c,
		      void (*fn)(int pid, int tgid, const char *comm, bool kthread, void *ctx),
		      void *ctx)
{
	size_t i;

	for (i = 0; i < c->size; i++) {
		if (c->tab[i].used)
			fn(c->tab[i].pid, c->tab[i].tgid, c->tab[i].comm, c->tab[i].kthread, ctx);
	}
}

size_t sf_comms_count(const struct sf_comms *c)
{
	return c->count;
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

void sf_comms_merge(struct sf_comms *dst, const struct sf_comms *src)
{
	size_t i;

	for (i = 0; i < src->size; i++) {
		const struct sf_comm_ent *e = &src->tab[i];

		if (!e->used)
			continue;
		if (e->comm[0])
			sf_comms_set_new(dst, e->pid, e->comm);
		if (e->kthread)
			sf_comms_set_kthread(dst, e->pid);
		if (e->tgid && !sf_comms_tgid(dst, e->pid))
			sf_comms_set_tgid(dst, e->pid, e->tgid);
	}
}

char *sf_comms_tasks_text(const struct sf_comms *c)
{
	struct sf_buf b = { 0 };
	size_t i;

	sf_buf_add(&b, SF_TASKS_MAGIC, strlen(SF_TASKS_MAGIC));
	for (i = 0; i < c->size; i++) {
		const struct sf_comm_ent *e = &c->tab[i];

		if (!e->used)
			continue;
		if (e->kthread)
			sf_buf_printf(&b, "%d kthread\n", e->pid);
		else if (e->tgid && e->tgid != e->pid)
			sf_buf_printf(&b, "%d %d\n", e->pid, e->tgid);
	}
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

static int cmp_ent(const void *a, const void *b)
{
	const struct sf_comm_ent *x = *(const struct sf_comm_ent *const *)a;
	const struct sf_comm_ent *y = *(const struct sf_comm_ent *const *)b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

char *sf_comms_text(const struct sf_comms *c, size_t *len)
{
	const struct sf_comm_ent **v = sf_xcalloc(c->count + 1, sizeof(*v));
	struct sf_buf b = { 0 };
	size_t i, n = 0;

	for (i = 0; i < c->size; i++) {
		if (c->tab[i].used && c->tab[i].comm[0])
			v[n++] = &c->tab[i];
	}
	qsort(v, n, sizeof(*v), cmp_ent);
	for (i = 0; i < n; i++) {
		/* saved_cmdlines cannot carry a newline in a name */
		if (!strchr(v[i]->comm, '\n'))
			sf_buf_printf(&b, "%d %s\n", v[i]->pid, v[i]->comm);
	}
	free(v);
	*len = b.len;
	return b.p ? b.p : sf_xstrdup("");
}
