// SPDX-License-Identifier: GPL-2.0
/*
 * sf-attrib - the attribution stage (see sf-attrib.h).
 *
 * Per process (keyed by its tgid) one entry: its parent as the fork made
 * it, a serial number per life of the pid (so that a chain never runs into
 * a pid used again by another process), its executable and its cgroups.
 * Strings are interned: each distinct path is stored once for the life of
 * the stage, so a signal carries pointers only (what that keeps grows with
 * the distinct programs and cgroups seen, not with the events).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-attrib.h"
#include "sf-util.h"

#define SF_CLONE_THREAD 0x00010000ULL /* include/uapi/linux/sched.h */

/* the hierarchies followed: cgroup2, name=systemd (hybrid systems), v1 memory */
enum { CG_UNIFIED, CG_SYSTEMD, CG_MEMORY, CG_SLOTS };

struct attr_ent {
	unsigned long long serial; /* this life of the pid, 0: none */
	unsigned long long pserial; /* the parent's life at the fork, 0: not checked */
	const char *exe;
	const char *cg[CG_SLOTS];
	int ppid; /* 0: unknown */
	unsigned char src; /* enum sf_attr_src */
	bool oom;
	bool dead; /* its last thread exited: kept for its children's chains, for a while */
	bool named; /* @comm holds the saved_cmdlines' name (looked up once) */
	bool xcpu; /* got RLIMIT_CPU's SIGXCPU: the hard limit's SIGKILL may follow */
	char comm[SIGFTRACE_COMM_LEN + 1];
};

struct interned {
	char *s;
};

/* the killers' signal numbers in one arch's numbering */
enum { K_XCPU, K_KILL, K_XFSZ, K_SYS, K_HUP, K_TTY, K_NR = K_TTY + 6 };

/*
 * A process that exited stays, for the chains of its children, until this
 * many others have exited after it: what a stream running for weeks keeps
 * is bounded by the live processes and this.
 */
#define SF_ATTRIB_DEAD_MAX 16384

#define SF_CHAINS 16 /* senders whose chains of ancestors are kept */

struct dead {
	unsigned long long serial;
	int pid;
};

struct sf_attrib {
	struct dead *dead; /* a ring of the processes gone, oldest at dead_at */
	size_t ndead;
	size_t dead_at;
	const struct sigftrace_arch *karch; /* the numbering of @knum, or NULL */
	int knum[K_NR];
	struct sf_map procs; /* tgid -> struct attr_ent */
	struct sf_map strs; /* hash -> struct interned */
	unsigned long long serial;
	int root[CG_SLOTS]; /* hierarchy id of each slot; -1: unknown */
	unsigned long long gen; /* one more at every change of a process */
	unsigned long long chain_ids; /* the last sf_attr.chain_id given */
	/*
	 * recent senders' chains of ancestors, by tgid modulo SF_CHAINS: the
	 * same while neither a process (@gen) nor a name (sf_comms_gen())
	 * changed since
	 */
	struct chain {
		bool valid;
		int tgid;
		int n;
		unsigned long long serial, gen, comms_gen, id;
		struct sf_ancestor anc[SF_ANCESTORS_MAX];
	} chains[SF_CHAINS];
};

struct sf_attrib *sf_attrib_new(void)
{
	struct sf_attrib *a = sf_xcalloc(1, sizeof(*a));

	sf_map_init(&a->procs, sizeof(struct attr_ent));
	sf_map_init(&a->strs, sizeof(struct interned));
	a->root[CG_UNIFIED] = 0; /* cgroup2's hierarchy id is always 0 */
	a->root[CG_SYSTEMD] = -1;
	a->root[CG_MEMORY] = -1;
	return a;
}

void sf_attrib_free(struct sf_attrib *a)
{
	long long key;
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->strs.size; i++) {
		struct interned *s = sf_map_at(&a->strs, i, &key);

		if (s)
			free(s->s);
	}
	sf_map_free(&a->strs);
	sf_map_free(&a->procs);
	free(a->dead);
	free(a);
}

/* intern - the stage's copy of @len bytes of @s (at most SF_ATTRIB_PATH_MAX) */
static const char *intern(struct sf_attrib *a, const char *s, size_t len)
{
	unsigned long long h = 1469598103934665603ULL;
	struct interned *e;
	bool fresh;
	size_t i;

	if (len > SF_ATTRIB_PATH_MAX)
		len = SF_ATTRIB_PATH_MAX;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	/* a collision of two strings: the next key */
	for (;; h++) {
		e = sf_map_put(&a->strs, (long long)(h >> 1), &fresh);
		if (fresh) {
			e->s = sf_xmalloc(len + 1);
			memcpy(e->s, s, len);
			e->s[len] = '\0';
			if (len == SF_ATTRIB_PATH_MAX)
				memcpy(e->s + len - 3, "...", 3);
			return e->s;
		}
		if (!strncmp(e->s, s, len) && !e->s[len])
			return e->s;
	}
}

static struct attr_ent *get(const struct sf_attrib *a, int tgid)
{
	return tgid > 0 ? sf_map_get(&a->procs, tgid) : NULL;
}

/* born - a new life of @tgid: an empty entry with its serial */
static struct attr_ent *born(struct sf_attrib *a, int tgid, unsigned char src)
{
	struct attr_ent *e = sf_map_put(&a->procs, tgid, NULL);

	a->gen++;
	memset(e, 0, sizeof(*e));
	e->serial = ++a->serial;
	e->src = src;
	return e;
}

/* ---- the snapshot -------------------------------------------------------------- */

/* slot_of_root - the slot of hierarchy @root, -1 if not followed */
static int slot_of_root(const struct sf_attrib *a, int root)
{
	int i;

	for (i = 0; i < CG_SLOTS; i++)
		if (a->root[i] == root)
			return i;
	return -1;
}

/* read_small - a /proc file into @buf (NUL-terminated), its length or -1 */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)got < size - 1 && (n = read(fd, buf + got, size - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	return got;
}

/* proc_roots - the hierarchy ids of name=systemd and memory, from /proc/self/cgroup */
static void proc_roots(int *systemd, int *memory)
{
	char buf[4096];
	char *line, *save = NULL;

	*systemd = *memory = -1;
	if (read_small("/proc/self/cgroup", buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int id = atoi(line);
		const char *ctl = strchr(line, ':');
		const char *end = ctl ? strchr(ctl + 1, ':') : NULL;
		size_t n;

		if (!end || id <= 0)
			continue;
		ctl++;
		n = (size_t)(end - ctl);
		if (n == 12 && !strncmp(ctl, "name=systemd", 12))
			*systemd = id;
		/* "memory", or memory among others ("cpu,memory") */
		else if (strstr(ctl, "memory") && (size_t)(strstr(ctl, "memory") - ctl) < n)
			*memory = id;
	}
}

/* proc_one - one process's lines of the snapshot */
static void proc_one(struct sf_buf *b, const char *pid, int systemd, int memory)
{
	char path[64], buf[8192];
	char *line, *save = NULL;
	const char *close_paren;
	ssize_t n;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (read_small(path, buf, sizeof(buf)) <= 0 || !(close_paren = strrchr(buf, ')')) ||
	    sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
		return;
	sf_buf_printf(b, "P %s %d\n", pid, ppid);
	snprintf(path, sizeof(path), "/proc/%s/exe", pid);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		if (!strchr(buf, '\n'))
			sf_buf_printf(b, "E %s %s\n", pid, buf);
	}
	snprintf(path, sizeof(path), "/proc/%s/cgroup", pid);
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int id = atoi(line);
		const char *p = strchr(line, ':');

		p = p ? strchr(p + 1, ':') : NULL;
		if (p && (id == 0 || id == systemd || id == memory))
			sf_buf_printf(b, "C %s %d %s\n", pid, id, p + 1);
	}
}

char *sf_attrib_proc_text(void)
{
	struct sf_buf b = { 0 };
	struct dirent *d;
	int systemd, memory;
	DIR *proc;

	proc_roots(&systemd, &memory);
	sf_buf_add(&b, SF_ATTRIB_MAGIC, strlen(SF_ATTRIB_MAGIC));
	sf_buf_printf(&b, "R %d %d\n", systemd, memory);
	proc = opendir("/proc");
	while (proc && (d = readdir(proc))) {
		if (sf_is_number(d->d_name))
			proc_one(&b, d->d_name, systemd, memory);
	}
	if (proc)
		closedir(proc);
	return b.p;
}

/* link_parents - each loaded process's parent's life, once all are loaded */
static void link_parents(struct sf_attrib *a)
{
	long long key;
	size_t i;

	for (i = 0; i < a->procs.size; i++) {
		struct attr_ent *e = sf_map_at(&a->procs, i, &key);
		const struct attr_ent *p = e ? get(a, e->ppid) : NULL;

		if (p && !e->pserial)
			e->pserial = p->serial;
	}
}

int sf_attrib_load(struct sf_attrib *a, const char *text)
{
	const char *line;
	int n = 0;

	if (!text || strncmp(text, SF_ATTRIB_MAGIC, strlen(SF_ATTRIB_MAGIC)))
		return -1;
	a->gen++;
	for (line = text + strlen(SF_ATTRIB_MAGIC); *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		struct attr_ent *e;
		int pid = 0, x = 0, y = 0, off = 0, slot;

		if (sscanf(line, "R %d %d", &x, &y) == 2) {
			a->root[CG_SYSTEMD] = x > 0 ? x : -1;
			a->root[CG_MEMORY] = y > 0 ? y : -1;
		} else if (sscanf(line, "P %d %d", &pid, &x) == 2 && pid > 0 && x >= 0) {
			/* the trace's own facts win: only a process not known yet */
			if (!get(a, pid)) {
				born(a, pid, SF_ATTR_PROC)->ppid = x;
				n++;
			}
		} else if (sscanf(line, "E %d %n", &pid, &off) == 1 && off > 0 &&
			   (size_t)off < len && (e = get(a, pid)) && e->src == SF_ATTR_PROC) {
			e->exe = intern(a, line + off, len - (size_t)off);
		} else if (sscanf(line, "C %d %d %n", &pid, &x, &off) == 2 && off > 0 &&
			   (size_t)off <= len && (e = get(a, pid)) && e->src == SF_ATTR_PROC &&
			   (slot = slot_of_root(a, x)) >= 0) {
			e->cg[slot] = intern(a, line + off, len - (size_t)off);
		}
		if (!end)
			break;
		line = end + 1;
	}
	link_parents(a);
	return n;
}

/* ---- the trace's events ----------------------------------------------------------- */

void sf_attrib_task(struct sf_attrib *a, struct sf_names *n, const struct sf_task_event *t)
{
	int parent = t->parent > 0 ? sf_names_tgid(n, t->parent) : 0;
	const struct attr_ent *p;
	struct attr_ent *e;
	int i;

	a->gen++;
	if (t->clone_flags & SF_CLONE_THREAD)
		return;
	e = born(a, t->pid, SF_ATTR_TRACE);
	/* a fork inherits its parent's program and cgroups */
	p = get(a, parent);
	e->ppid = parent;
	if (!p)
		return;
	e->pserial = p->serial;
	e->exe = p->exe;
	for (i = 0; i < CG_SLOTS; i++)
		e->cg[i] = p->cg[i];
}

/* process - the entry of @pid's process, created (its past unknown) if new */
static struct attr_ent *process(struct sf_attrib *a, struct sf_names *n, int pid)
{
	int tgid = sf_names_tgid(n, pid);
	struct attr_ent *e = get(a, tgid);

	return e ? e : born(a, tgid, SF_ATTR_TRACE);
}

void sf_attrib_event(struct sf_attrib *a, struct sf_names *n, const struct sf_event *ev)
{
	const struct sf_attr_event *x = &ev->attr;
	struct attr_ent *e;
	int slot;

	if (x->pid <= 0)
		return;
	a->gen++;
	switch (ev->type) {
	case SF_EVENT_EXEC:
		e = process(a, n, x->pid);
		e->exe = intern(a, x->str.buf, x->str.len);
		break;
	case SF_EVENT_CGROUP:
		slot = slot_of_root(a, x->root);
		if (slot < 0)
			break;
		/* cgroup2 moves whole processes (but threaded groups): the process's */
		e = process(a, n, x->pid);
		e->cg[slot] = intern(a, x->str.buf, x->str.len);
		break;
	case SF_EVENT_OOM:
		sf_attrib_mark_oom(a, sf_names_tgid(n, x->pid));
		break;
	default:
		break;
	}
}

void sf_attrib_mark_oom(struct sf_attrib *a, int tgid)
{
	struct attr_ent *e = get(a, tgid);

	a->gen++;
	if (!e && tgid > 0)
		e = born(a, tgid, SF_ATTR_TRACE);
	if (e)
		e->oom = true;
}

const char *sf_attrib_memcg(const struct sf_attrib *a, int tgid)
{
	const struct attr_ent *e = get(a, tgid);

	return e ? e->cg[CG_MEMORY] : NULL;
}

bool sf_attrib_is_oom_victim(const struct sf_attrib *a, int tgid)
{
	const struct attr_ent *e = get(a, tgid);

	return e && e->oom;
}

void sf_attrib_exit(struct sf_attrib *a, int tgid)
{
	struct attr_ent *e = get(a, tgid);
	struct dead *d;

	if (!e || e->dead)
		return;
	a->gen++;
	/* kept for its children's chains; its next life gets a new serial */
	e->oom = false;
	e->dead = true;
	if (!a->dead)
		a->dead = sf_xcalloc(SF_ATTRIB_DEAD_MAX, sizeof(*a->dead));
	if (a->ndead == SF_ATTRIB_DEAD_MAX) {
		/* the oldest goes, unless its pid lives again */
		d = &a->dead[a->dead_at];
		e = get(a, d->pid);
		if (e && e->dead && e->serial == d->serial)
			sf_map_del(&a->procs, d->pid);
		a->dead_at = (a->dead_at + 1) % SF_ATTRIB_DEAD_MAX;
		a->ndead--;
		e = get(a, tgid);
	}
	d = &a->dead[(a->dead_at + a->ndead++) % SF_ATTRIB_DEAD_MAX];
	d->pid = tgid;
	d->serial = e->serial;
}

/* cgroup_of - the path shown: cgroup2's, else name=systemd's */
static const char *cgroup_of(const struct attr_ent *e)
{
	if (e->cg[CG_UNIFIED])
		return e->cg[CG_UNIFIED];
	return e->cg[CG_SYSTEMD];
}

/*
 * ancestors - the parent chain of sender @e (process @tgid) into @at; a
 * recent sender's again while no process and no name changed since
 */
static void ancestors(struct sf_attrib *a, struct sf_names *n, const struct attr_ent *e, int tgid,
		      struct sf_attr *at)
{
	unsigned long long comms_gen = sf_comms_gen(n->comms), serial = e->serial;
	struct chain *c = &a->chains[(unsigned int)tgid % SF_CHAINS];
	bool keep = true;
	const char *comm;

	if (c->valid && c->tgid == tgid && c->serial == serial && c->gen == a->gen &&
	    c->comms_gen == comms_gen) {
		at->nanc = (unsigned char)c->n;
		at->chain_id = c->id;
		memcpy(at->anc, c->anc, (size_t)c->n * sizeof(*at->anc));
		return;
	}
	while (at->nanc < SF_ANCESTORS_MAX && e->ppid > 0) {
		struct attr_ent *p = get(a, e->ppid);
		struct sf_ancestor *anc = &at->anc[at->nanc];

		/* the parent's pid lives on in another process: the chain ends */
		if (p && e->pserial && p->serial != e->pserial)
			break;
		anc->pid = e->ppid;
		/*
		 * the names the trace and the start gave, never /proc per event;
		 * saved_cmdlines (slow to search) once per process
		 */
		comm = sf_comms_get(n->comms, e->ppid);
		if (!comm && p) {
			if (!p->named) {
				const char *c = sf_names_known(n, e->ppid);

				sf_copy_name(p->comm, c ? c : "", SIGFTRACE_COMM_LEN);
				p->named = true;
			}
			comm = p->comm;
		} else if (!comm) {
			/* a name from outside the trace's processes: not kept */
			comm = sf_names_known(n, e->ppid);
			keep = false;
		}
		sf_copy_name(anc->comm, comm ? comm : "", SIGFTRACE_COMM_LEN);
		at->nanc++;
		if (!p || p->ppid == e->ppid)
			break;
		e = p;
	}
	c->valid = keep;
	if (!keep)
		return;
	c->tgid = tgid;
	c->serial = serial;
	c->gen = a->gen;
	c->comms_gen = comms_gen;
	c->id = at->chain_id = ++a->chain_ids;
	c->n = at->nanc;
	memcpy(c->anc, at->anc, (size_t)at->nanc * sizeof(*at->anc));
}

void sf_attrib_signal(struct sf_attrib *a, struct sf_names *n, struct sf_signal *sig,
		      unsigned int what)
{
	struct sf_attr *at = &sig->attr;
	const struct attr_ent *e, *r;

	/* hot path: the fields, not the whole struct (its ancestors are written as found) */
	at->exe = at->cgroup = at->rcgroup = at->rmemcg = NULL;
	at->nanc = at->src = at->rsrc = at->killer = 0;
	at->chain_id = 0;
	at->oom = false;
	if (!what)
		return;
	r = get(a, sig->ids.rpid > 0 ? sig->ids.rpid : sig->s.pid);
	if (r) {
		at->rcgroup = cgroup_of(r);
		at->rmemcg = r->cg[CG_MEMORY];
		at->rsrc = r->src;
	}
	if (sig->s.kind != SIGFTRACE_EV_GENERATE)
		return;
	e = get(a, sig->ids.pid);
	if (!e)
		return;
	at->exe = e->exe;
	at->cgroup = cgroup_of(e);
	at->src = e->src;
	if (what & SF_ATTRIB_ANCESTORS)
		ancestors(a, n, e, sig->ids.pid, at);
}

/* ---- the kernel's killers ------------------------------------------------------- */

#define SF_SI_USER 0 /* include/uapi/asm-generic/siginfo.h */
#define SF_SI_KERNEL 0x80
#define SF_SYS_SECCOMP 1

const char *sf_killer_name(unsigned char killer)
{
	static const char *const names[] = {
		[SF_KILLER_RLIMIT_CPU] = "rlimit-cpu", [SF_KILLER_RLIMIT_FSIZE] = "rlimit-fsize",
		[SF_KILLER_SECCOMP] = "seccomp",       [SF_KILLER_TTY] = "tty",
		[SF_KILLER_HANGUP] = "hangup",	       [SF_KILLER_OOM] = "oom",
	};

	return killer < SF_ARRAY_SIZE(names) ? names[killer] : NULL;
}

const char *sf_signal_origin(const struct sigftrace_arch *arch, const struct sf_signal *sig)
{
	if (sig->attr.oom)
		return "oom";
	if (sf_killer_name(sig->attr.killer))
		return sf_killer_name(sig->attr.killer);
	return sigftrace_origin_name(sigftrace_code_origin(arch, sig->s.sig, sig->s.code));
}

const struct sf_killer_sigs *sf_killer_sigs(unsigned char killer)
{
	static const struct sf_killer_sigs sigs[] = {
		[SF_KILLER_RLIMIT_CPU] = { SF_SI_KERNEL, { "XCPU", "KILL" } },
		[SF_KILLER_RLIMIT_FSIZE] = { SF_SI_USER, { "XFSZ" } },
		[SF_KILLER_SECCOMP] = { SF_SYS_SECCOMP, { "SYS" } },
		[SF_KILLER_TTY] = { SF_SI_KERNEL,
				    { "INT", "QUIT", "TSTP", "TTIN", "TTOU", "WINCH" } },
		[SF_KILLER_HANGUP] = { SF_SI_KERNEL, { "HUP" } },
		[SF_KILLER_OOM] = { SF_SI_KERNEL, { "KILL" } },
	};

	return killer > SF_KILLER_NONE && killer < SF_ARRAY_SIZE(sigs) ? &sigs[killer] : NULL;
}

/* numbers - the killers' signals in @arch's numbering, looked up once */
static const int *numbers(struct sf_attrib *a, const struct sigftrace_arch *arch)
{
	static const char *const names[K_NR] = { "XCPU", "KILL", "XFSZ", "SYS",	 "HUP",	 "INT",
						 "QUIT", "TSTP", "TTIN", "TTOU", "WINCH" };
	int i;

	if (a->karch != arch) {
		for (i = 0; i < K_NR; i++)
			a->knum[i] = sigftrace_sig_parse(arch, names[i]);
		a->karch = arch;
	}
	return a->knum;
}

void sf_attrib_killer(struct sf_attrib *a, const struct sigftrace_arch *arch, struct sf_signal *sig,
		      bool oom_traced)
{
	const struct sigftrace_sig *s = &sig->s;
	int rpid, i;
	const int *k;
	bool self;
	struct attr_ent *e;

	sig->attr.killer = SF_KILLER_NONE;
	if (s->kind != SIGFTRACE_EV_GENERATE ||
	    (s->code != SF_SI_KERNEL && s->code != SF_SI_USER && s->code != SF_SYS_SECCOMP))
		return;
	k = a->karch == arch ? a->knum : numbers(a, arch);
	/* hot path: kill(2)'s signals (SI_USER) are the killers' only as SIGXFSZ */
	if (s->code == SF_SI_USER && s->sig != k[K_XFSZ])
		return;
	rpid = sig->ids.rpid > 0 ? sig->ids.rpid : s->pid;
	self = sig->ids.pid > 0 && sig->ids.pid == rpid;
	/* kernel/time/posix-cpu-timers.c: check_rlimit(), in the process's own context */
	if (s->code == SF_SI_KERNEL && self && s->sig == k[K_XCPU]) {
		sig->attr.killer = SF_KILLER_RLIMIT_CPU;
		e = get(a, rpid);
		if (e)
			e->xcpu = true;
		return;
	}
	/*
	 * check_rlimit()'s SIGKILL at the hard limit: to the whole process
	 * (group), in its own context. The OOM killer's SIGKILL to the process
	 * that allocates looks the same, but its mark follows (the pipeline
	 * holds the signal for it and names it oom): without the OOM killer's
	 * events in the trace, only a SIGXCPU before it tells it apart.
	 */
	if (s->code == SF_SI_KERNEL && self && s->sig == k[K_KILL] && !sig->attr.oom &&
	    s->group == 1 && (oom_traced || ((e = get(a, rpid)) && e->xcpu))) {
		sig->attr.killer = SF_KILLER_RLIMIT_CPU;
		return;
	}
	/* mm/filemap.c and others: send_sig(SIGXFSZ, current, 0), recorded as SI_USER */
	if (s->code == SF_SI_USER && self && s->sig == k[K_XFSZ]) {
		sig->attr.killer = SF_KILLER_RLIMIT_FSIZE;
		return;
	}
	/* kernel/seccomp.c: force_sig_seccomp() */
	if (s->code == SF_SYS_SECCOMP && s->sig == k[K_SYS]) {
		sig->attr.killer = SF_KILLER_SECCOMP;
		return;
	}
	/*
	 * drivers/tty: kill_pgrp(..., 1) for the line discipline's ^C ^\\ ^Z,
	 * a new window size and background I/O; SIGHUP: the hang-up's, or
	 * kernel/exit.c's kill_orphaned_pgrp(), the same SIGHUP and SIGCONT
	 */
	if (s->code != SF_SI_KERNEL || s->sig <= 0)
		return;
	if (s->sig == k[K_HUP]) {
		sig->attr.killer = SF_KILLER_HANGUP;
		return;
	}
	for (i = K_TTY; i < K_NR; i++) {
		if (s->sig == k[i]) {
			sig->attr.killer = SF_KILLER_TTY;
			return;
		}
	}
}

/* ---- names from a cgroup path ------------------------------------------------------ */

/* component - the next '/'-separated component of *@p: its start, length in @len */
static const char *component(const char **p, size_t *len)
{
	const char *s = *p;

	while (*s == '/')
		s++;
	if (!*s)
		return NULL;
	*len = strcspn(s, "/");
	*p = s + *len;
	return s;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

/* copy_out - @len bytes of @s into @buf (@size bytes), NUL-terminated */
static const char *copy_out(char *buf, size_t size, const char *s, size_t len)
{
	if (!size)
		return NULL;
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

const char *sf_cgroup_unit(const char *path, char *buf, size_t size)
{
	const char *p = path, *c, *unit = NULL;
	size_t len, ulen = 0;

	while (path && (c = component(&p, &len))) {
		if (ends_with(c, len, ".service") || ends_with(c, len, ".scope")) {
			unit = c;
			ulen = len;
		}
	}
	return unit ? copy_out(buf, size, unit, ulen) : NULL;
}

/* hex64 - @s starts with 64 hex digits */
static bool hex64(const char *s, size_t len)
{
	size_t i;

	if (len < 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return false;
	return true;
}

const char *sf_cgroup_container(const char *path, char *buf, size_t size)
{
	static const char *const prefixes[] = { "docker-", "cri-containerd-", "crio-", "libpod-",
						"" };
	const char *p = path, *c, *id = NULL;
	size_t len, i;

	while (path && (c = component(&p, &len))) {
		for (i = 0; i < SF_ARRAY_SIZE(prefixes); i++) {
			size_t pl = strlen(prefixes[i]);

			if (len >= pl + 64 && !memcmp(c, prefixes[i], pl) &&
			    hex64(c + pl, len - pl) &&
			    (len == pl + 64 ||
			     (len == pl + 64 + 6 && !memcmp(c + pl + 64, ".scope", 6)))) {
				id = c + pl;
				break;
			}
		}
	}
	return id ? copy_out(buf, size, id, 64) : NULL;
}

const char *sf_cgroup_pod(const char *path, char *buf, size_t size)
{
	const char *p = path, *c, *pod;
	size_t len, i, n;

	while (path && (c = component(&p, &len))) {
		/* "pod<UID>" (cgroupfs driver) or "kubepods-besteffort-pod<UID>.slice" (systemd) */
		pod = NULL;
		if (len > 3 && !memcmp(c, "pod", 3))
			pod = c + 3;
		for (i = 0; !pod && i + 4 < len; i++)
			if (!memcmp(c + i, "-pod", 4))
				pod = c + i + 4;
		if (!pod)
			continue;
		n = (size_t)(c + len - pod);
		if (ends_with(pod, n, ".slice"))
			n -= 6;
		if (n < 32 || n > 40 || !copy_out(buf, size, pod, n))
			continue;
		for (i = 0; buf[i]; i++)
			if (buf[i] == '_')
				buf[i] = '-';
		return buf;
	}
	return NULL;
}
