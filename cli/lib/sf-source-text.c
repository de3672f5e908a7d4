// SPDX-License-Identifier: GPL-2.0
/*
 * sf-source-text - signal events from ftrace text output and tp_printk console
 * logs (see sf-source-text.h): the file read line by line, each line parsed
 * by sf-text-parse, and the events passed on with their senders named.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-datfmt.h"
#include "sf-names.h"
#include "sf-source-text.h"
#include "sf-text-parse.h"

#define BLOCK_SIZE 65536

/* ---------------------------------------------------------------------------
 * bounded line reader
 */

struct lines {
	int fd;
	bool eof;
	size_t pos; /* next unread byte of blk */
	size_t len; /* bytes in blk */
	char blk[BLOCK_SIZE];
	char line[SF_TEXT_LINE_MAX + 1];
};

enum {
	LINE_EOF = 0,
	LINE_OK = 1,
	LINE_LONG = 2, /* longer than SF_TEXT_LINE_MAX: consumed, not returned */
};

static struct lines *lines_open(const char *path)
{
	struct lines *r = malloc(sizeof(*r));

	if (!r)
		return NULL;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		int e = errno;

		free(r);
		errno = e;
		return NULL;
	}
	r->eof = false;
	r->pos = 0;
	r->len = 0;
	return r;
}

static void lines_close(struct lines *r)
{
	int e = errno;

	if (!r)
		return;
	close(r->fd);
	free(r);
	errno = e;
}

/* lines_fill - make sure blk has unread bytes: 1, 0 at end of file, -1 on error */
static int lines_fill(struct lines *r)
{
	ssize_t n;

	if (r->pos < r->len)
		return 1;
	if (r->eof)
		return 0;
	do {
		n = read(r->fd, r->blk, sizeof(r->blk));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	r->pos = 0;
	r->len = (size_t)n;
	if (!n) {
		r->eof = true;
		return 0;
	}
	return 1;
}

/*
 * lines_next - the next line in r->line, NUL-terminated, without its line
 * end, NUL bytes (serial console noise) and trailing CRs
 *
 * Return: LINE_OK, LINE_LONG (line skipped), LINE_EOF, or -1 on read error.
 */
static int lines_next(struct lines *r)
{
	bool started = false;
	bool too_long = false;
	size_t n = 0;
	size_t i;
	size_t j;

	for (;;) {
		const char *s;
		const char *nl;
		size_t take;
		int ret = lines_fill(r);

		if (ret < 0)
			return -1;
		if (!ret) {
			if (!started)
				return LINE_EOF;
			break;
		}
		started = true;
		s = r->blk + r->pos;
		nl = memchr(s, '\n', r->len - r->pos);
		take = nl ? (size_t)(nl - s) : r->len - r->pos;
		r->pos += take + (nl ? 1 : 0);
		if (!too_long) {
			if (take > SF_TEXT_LINE_MAX - n) {
				too_long = true;
			} else {
				memcpy(r->line + n, s, take);
				n += take;
			}
		}
		if (nl)
			break;
	}
	if (too_long)
		return LINE_LONG;
	for (i = j = 0; i < n; i++) {
		if (r->line[i])
			r->line[j++] = r->line[i];
	}
	while (j && r->line[j - 1] == '\r')
		j--;
	r->line[j] = '\0';
	return LINE_OK;
}

/* ---------------------------------------------------------------------------
 * events
 */

struct state {
	int (*cb)(const struct sf_text_event *ev, void *ctx); /* NULL: detection only */
	void *ctx;
	struct sf_comms *task_names; /* task_newtask, task_rename: exact */
	struct sf_comms *seen_names; /* comm=/pid= of signal_generate, sched_process_exit */
	char sender[SIGFTRACE_COMM_LEN + 1];
	char sender_p[SIGFTRACE_COMM_LEN + 1];
	char receiver_p[SIGFTRACE_COMM_LEN + 1];
	char exit_comm[SIGFTRACE_COMM_LEN + 1];
};

/* sanitize_comm - a NUL-terminated copy of a comm; control bytes become '?' */
static void sanitize_comm(char *dst, const char *src, size_t len)
{
	size_t i;

	if (len > SIGFTRACE_COMM_LEN)
		len = SIGFTRACE_COMM_LEN;
	for (i = 0; i < len; i++) {
		unsigned char b = (unsigned char)src[i];

		dst[i] = (b < 0x20 || b == 0x7f) ? '?' : (char)b;
	}
	dst[len] = '\0';
}

static bool column_unknown(const struct sf_text_line *c)
{
	return !c->task || (c->task_len == 5 && !memcmp(c->task, "<...>", 5));
}

/*
 * sender_name - name @c->pid at the time of @c, into st->sender
 * @self: the receiver comm of a task signalling itself, else NULL
 * @raw: the line is in the previous boot's print_fields() format
 */
static const char *sender_name(struct state *st, const struct sf_text_line *c, const char *self,
			       bool raw)
{
	const char *seen = sf_comms_get(st->seen_names, c->pid);
	const char *n;

	n = self ? self : sf_comms_get(st->task_names, c->pid);
	if (!n && !raw && !column_unknown(c)) {
		/* the latency-format cuts the column to 8 bytes: complete it */
		if (c->fmt == FMT_LATENCY && c->task_len == 8 && seen && !strncmp(seen, c->task, 8))
			n = seen;
		else
			sanitize_comm(st->sender, c->task, c->task_len);
		if (!n)
			return st->sender;
	}
	if (!n)
		n = seen;
	if (!n)
		return NULL;
	sanitize_comm(st->sender, n, strlen(n));
	return st->sender;
}

/* process_of - the process of @pid (0: unknown), and its name into @name (or NULL) */
static int process_of(struct state *st, int pid, char *name, const char **pname)
{
	int tgid = pid > 0 ? sf_comms_tgid(st->task_names, pid) : 0;
	const char *n;

	*pname = NULL;
	if (tgid <= 0 || tgid == pid)
		return tgid;
	n = sf_comms_get(st->task_names, tgid);
	if (!n)
		n = sf_comms_get(st->seen_names, tgid);
	if (n) {
		sanitize_comm(name, n, strlen(n));
		*pname = name;
	}
	return tgid;
}

static int emit_signal(struct state *st, const struct sf_text_line *c,
		       const struct sf_text_spec *es, const struct sf_text_values *v)
{
	struct sf_text_event ev;
	struct sigftrace_sig *s = &ev.sig;

	memset(&ev, 0, sizeof(ev));
	ev.ts = c->ts;
	ev.cpu = c->cpu;
	ev.type = SF_TEXT_SIGNAL;
	ev.exit_pid = -1;
	ev.sender_unknown = c->pid < 0;
	s->ctx = c->ctx;
	s->group = -1;
	s->result = -1;
	s->sender_pid = c->pid;
	/* errno and code are at the same index in both events */
	if (!sf_text_num_int(&v->num[G_SIG], &s->sig) ||
	    ((v->have & BIT(G_ERRNO)) && !sf_text_num_int(&v->num[G_ERRNO], &s->err)) ||
	    ((v->have & BIT(G_CODE)) && !sf_text_num_int(&v->num[G_CODE], &s->code)))
		return 0;
	if (es->id == EV_DELIVER) {
		s->kind = SIGFTRACE_EV_DELIVER;
		s->pid = c->pid;
		s->handler = v->num[D_HANDLER].u;
		s->sa_flags = v->num[D_FLAGS].u;
		if (c->pid >= 0)
			ev.sender_comm = sender_name(st, c, NULL, v->raw);
		ev.sender_tgid = process_of(st, c->pid, st->sender_p, &ev.sender_pcomm);
		return st->cb(&ev, st->ctx);
	}
	s->kind = SIGFTRACE_EV_GENERATE;
	if (!sf_text_num_int(&v->num[G_PID], &s->pid) ||
	    ((v->have & BIT(G_GROUP)) && !sf_text_num_int(&v->num[G_GROUP], &s->group)) ||
	    ((v->have & BIT(G_RESULT)) && !sf_text_num_int(&v->num[G_RESULT], &s->result)))
		return 0;
	sanitize_comm(s->comm, v->str[G_COMM], v->len[G_COMM]);
	if (c->pid >= 0) {
		/* a task signalling itself: comm= is its own name, exactly */
		ev.sender_comm = sender_name(st, c, s->pid == c->pid ? s->comm : NULL, v->raw);
	}
	ev.sender_tgid = process_of(st, c->pid, st->sender_p, &ev.sender_pcomm);
	ev.receiver_tgid = process_of(st, s->pid, st->receiver_p, &ev.receiver_pcomm);
	/* the receiver's comm is exact at this time: remember it for later senders */
	sf_comms_set(st->seen_names, s->pid, s->comm);
	return st->cb(&ev, st->ctx);
}

static int emit_exit(struct state *st, const struct sf_text_line *c, const struct sf_text_values *v)
{
	struct sf_text_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.ts = c->ts;
	ev.cpu = c->cpu;
	ev.type = SF_TEXT_EXIT;
	ev.sig.sender_pid = -1;
	ev.sig.pid = -1;
	ev.sig.group = -1;
	ev.sig.result = -1;
	ev.sender_unknown = c->pid < 0;
	if (!sf_text_num_int(&v->num[X_PID], &ev.exit_pid))
		return 0;
	ev.exit_tgid = process_of(st, ev.exit_pid, st->sender_p, &ev.sender_pcomm);
	sanitize_comm(st->exit_comm, v->str[X_COMM], v->len[X_COMM]);
	ev.exit_comm = st->exit_comm;
	/*
	 * The exiting task still sends its SIGCHLD after this event: its name
	 * stays known.
	 */
	sf_comms_set(st->seen_names, ev.exit_pid, st->exit_comm);
	return st->cb(&ev, st->ctx);
}

/* rename_task - fork (the child has the parent's comm) and exec/prctl renames */
static void rename_task(struct state *st, const struct sf_text_line *c,
			const struct sf_text_spec *es, const struct sf_text_values *v)
{
	char comm[SIGFTRACE_COMM_LEN + 1];
	int idx = es->id == EV_NEWTASK ? N_COMM : R_NEWCOMM;
	int pid = c->pid;

	/*
	 * A task_rename without pid= (not seen on 6.18, which prints it): the
	 * renaming task is nearly always the renamed one (exec, prctl).
	 */
	if ((v->have & BIT(N_PID)) && !sf_text_num_int(&v->num[N_PID], &pid))
		return;
	if (pid < 0)
		return;
	sanitize_comm(comm, v->str[idx], v->len[idx]);
	sf_comms_set(st->task_names, pid, comm);
	/* CLONE_THREAD: a thread of the parent's process; else a process of its own */
	if (es->id == EV_NEWTASK && (v->have & BIT(N_FLAGS)) && c->pid > 0) {
		int parent = sf_comms_tgid(st->task_names, c->pid);

		sf_comms_set_tgid(st->task_names, pid,
				  v->num[N_FLAGS].u & 0x10000 ? (parent > 0 ? parent : c->pid) :
								pid);
	}
}

/* is_header - ftrace's first line, "# tracer: nop" */
static bool is_header(const char *s)
{
	const char *p;

	if (strncmp(s, "# tracer: ", 10))
		return false;
	for (p = s + 10; sf_text_is_ident(*p); p++)
		;
	return p > s + 10 && !*p;
}

/*
 * handle_line - parse one line and pass its event on
 * @recognized: set if the line is an ftrace event line, ftrace's header or
 *	a console line with an event of ours that decodes
 *
 * Return: the callback's non-zero value, else 0.
 */
static int handle_line(struct state *st, const char *s, bool *recognized)
{
	const struct sf_text_spec *es;
	struct sf_text_values v;
	struct sf_text_line c;

	*recognized = false;
	if (*s == '#') {
		*recognized = is_header(s);
		return 0;
	}
	if (!sf_text_parse_line(s, &c))
		return 0;
	if (c.fmt != FMT_CONSOLE)
		*recognized = true;
	es = sf_text_find_event(c.event, c.event_len);
	if (!es || !sf_text_parse_args(es, c.args, &v))
		return 0;
	*recognized = true;
	if (!st->cb)
		return 0;
	/* the record-tgid column: the task's process at this time */
	if (c.tgid > 0 && c.pid > 0)
		sf_comms_set_tgid(st->task_names, c.pid, c.tgid);
	/* the TASK column names a process's main thread when nothing better does */
	if (c.pid > 0 && c.fmt == FMT_FTRACE && !column_unknown(&c) && !v.raw) {
		char comm[SIGFTRACE_COMM_LEN + 1];

		sanitize_comm(comm, c.task, c.task_len);
		sf_comms_set_new(st->seen_names, c.pid, comm);
	}
	switch (es->id) {
	case EV_GENERATE:
	case EV_DELIVER:
		return emit_signal(st, &c, es, &v);
	case EV_EXIT:
		return emit_exit(st, &c, &v);
	case EV_NEWTASK:
	case EV_RENAME:
		rename_task(st, &c, es, &v);
		break;
	}
	return 0;
}

/* is_binary - a trace.dat, or a first block that is more than 1/16 NUL bytes */
static bool is_binary(const struct lines *r)
{
	const char *p = r->blk;
	const char *end = r->blk + r->len;
	size_t nul = 0;

	if (r->len >= DAT_MAGIC_LEN && !memcmp(r->blk, DAT_MAGIC, DAT_MAGIC_LEN))
		return true;
	while ((p = memchr(p, '\0', (size_t)(end - p)))) {
		nul++;
		p++;
	}
	return nul * 16 > r->len;
}

int sf_text_detect(const char *path)
{
	struct state st = { 0 };
	struct lines *r;
	bool recognized;
	int ret;

	r = lines_open(path);
	if (!r)
		return -1;
	ret = lines_fill(r);
	if (ret > 0 && is_binary(r))
		ret = 0;
	while (ret > 0) {
		ret = lines_next(r);
		if (ret == LINE_OK) {
			handle_line(&st, r->line, &recognized);
			if (recognized)
				break;
		}
	}
	lines_close(r);
	return ret < 0 ? -1 : ret > 0;
}

int sf_text_read(const char *path, int (*cb)(const struct sf_text_event *ev, void *ctx), void *ctx,
		 char *err, size_t errsz)
{
	struct state st = { .cb = cb, .ctx = ctx };
	struct lines *r;
	bool recognized;
	int ret;

	if (err && errsz)
		err[0] = '\0';
	r = lines_open(path);
	if (!r) {
		if (err)
			snprintf(err, errsz, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	ret = lines_fill(r);
	if (ret > 0 && r->len >= DAT_MAGIC_LEN && !memcmp(r->blk, DAT_MAGIC, DAT_MAGIC_LEN)) {
		lines_close(r);
		if (err)
			snprintf(err, errsz, "%s is a trace.dat file, not a text trace", path);
		errno = EINVAL;
		return -1;
	}
	st.task_names = sf_comms_new();
	st.seen_names = sf_comms_new();
	while (ret > 0) {
		ret = lines_next(r);
		if (ret == LINE_OK && handle_line(&st, r->line, &recognized))
			break;
	}
	if (ret < 0 && err)
		snprintf(err, errsz, "cannot read %s: %s", path, strerror(errno));
	sf_comms_free(st.task_names);
	sf_comms_free(st.seen_names);
	lines_close(r);
	return ret < 0 ? -1 : 0;
}

void sf_text_signal(const struct sf_text_event *ev, struct sf_signal *sig)
{
	struct sigftrace_ids *ids = &sig->ids;

	memset(sig, 0, sizeof(*sig));
	sig->s = ev->sig;
	sig->ts = ev->ts;
	sig->cpu = ev->cpu;
	ids->comm = ev->sender_comm;
	ids->thread_comm = ev->sender_comm;
	ids->pid = ids->tid = ev->sig.sender_pid;
	ids->rpid = ev->sig.pid;
	if (ev->sender_tgid > 0 && ev->sender_tgid != ids->tid) {
		ids->pid = ev->sender_tgid;
		ids->comm = ev->sender_pcomm;
	}
	if (ev->receiver_tgid > 0 && ev->receiver_tgid != ev->sig.pid) {
		ids->rpid = ev->receiver_tgid;
		ids->rcomm = ev->receiver_pcomm;
	}
}

void sf_text_exit(const struct sf_text_event *ev, struct sf_exit_who *who)
{
	who->tid = ev->exit_pid;
	who->tgid = ev->exit_tgid > 0 ? ev->exit_tgid : ev->exit_pid;
	who->last = who->tgid == ev->exit_pid;
	who->comm = who->last ? ev->exit_comm : ev->sender_pcomm;
}
