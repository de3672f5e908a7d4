// SPDX-License-Identifier: GPL-2.0
/*
 * sf-event - records decoded once (see sf-event.h).
 *
 * Hot path: one id comparison per record, field reads through cached
 * handles, no allocation.
 */
#include <string.h>

#include "sf-event.h"

static int event_id(struct tep_handle *tep, const char *sys, const char *name)
{
	struct tep_event *ev = tep_find_event_by_name(tep, sys, name);

	return ev ? ev->id : -1;
}

/* field_end - where @f ends in a record, or -1 for a dynamic (__data_loc) field */
static int field_end(const struct tep_format_field *f)
{
	if (f->flags & TEP_FIELD_IS_DYNAMIC)
		return -1;
	return f->offset + f->size;
}

/*
 * common_end - the end of the common fields libtraceevent reads from any
 * record (common_type for the event id, common_pid): a record shorter than
 * that has no type (tep_data_type() does not check the size)
 */
static int common_end(struct tep_handle *tep)
{
	struct tep_event *ev = tep_get_events_count(tep) ? tep_get_event(tep, 0) : NULL;
	struct tep_format_field *f;
	int end = 0;

	if (!ev)
		return 0;
	for (f = ev->format.common_fields; f; f = f->next)
		if (field_end(f) > end)
			end = field_end(f);
	return end;
}

void sf_decoder_init(struct sf_decoder *d, struct tep_handle *tep)
{
	struct tep_event *ev;

	memset(d, 0, sizeof(*d));
	d->tep = tep;
	d->id_gen = d->id_del = d->id_newtask = d->id_rename = d->id_print = d->id_exit = -1;
	d->id_exec = d->id_cgroup = d->id_oom = -1;
	if (!tep)
		return;
	d->id_gen = event_id(tep, "signal", "signal_generate");
	d->id_del = event_id(tep, "signal", "signal_deliver");
	d->id_newtask = event_id(tep, "task", "task_newtask");
	d->id_rename = event_id(tep, "task", "task_rename");
	d->id_print = event_id(tep, "ftrace", "print");
	d->id_exit = event_id(tep, "sched", "sched_process_exit");
	sigftrace_fields_init(&d->gen, tep_find_event(tep, d->id_gen));
	sigftrace_fields_init(&d->del, tep_find_event(tep, d->id_del));
	ev = tep_find_event(tep, d->id_newtask);
	if (ev) {
		d->nt_pid = tep_find_field(ev, "pid");
		d->nt_comm = tep_find_field(ev, "comm");
		d->nt_flags = tep_find_field(ev, "clone_flags");
	}
	ev = tep_find_event(tep, d->id_rename);
	if (ev) {
		d->rn_pid = tep_find_field(ev, "pid");
		d->rn_comm = tep_find_field(ev, "newcomm");
		d->rn_old = tep_find_field(ev, "oldcomm");
	}
	ev = tep_find_event(tep, d->id_exit);
	if (ev) {
		d->ex_pid = tep_find_field(ev, "pid");
		d->ex_comm = tep_find_field(ev, "comm");
		d->ex_group = tep_find_field(ev, "group_dead"); /* >= 6.x */
	}
	ev = tep_find_event(tep, d->id_print);
	if (ev)
		d->pr_buf = tep_find_field(ev, "buf");
	d->id_exec = event_id(tep, "sched", "sched_process_exec");
	d->id_cgroup = event_id(tep, "cgroup", "cgroup_attach_task");
	d->id_oom = event_id(tep, "oom", "mark_victim");
	ev = tep_find_event(tep, d->id_exec);
	if (ev) {
		d->xc_pid = tep_find_field(ev, "pid");
		d->xc_file = tep_find_field(ev, "filename");
	}
	ev = tep_find_event(tep, d->id_cgroup);
	if (ev) {
		d->cg_root = tep_find_field(ev, "dst_root");
		d->cg_pid = tep_find_field(ev, "pid");
		d->cg_path = tep_find_field(ev, "dst_path");
	}
	ev = tep_find_event(tep, d->id_oom);
	if (ev)
		d->oom_pid = tep_find_field(ev, "pid");
	d->common_end = common_end(tep);
}

/* fits - @f lies inside @rec */
static bool fits(const struct tep_record *rec, const struct tep_format_field *f)
{
	return f && f->offset + f->size <= rec->size;
}

/* read_num - a number field of @rec, false if it is not there */
static bool read_num(const struct tep_record *rec, struct tep_format_field *f,
		     unsigned long long *v)
{
	return fits(rec, f) && !tep_read_number_field(f, rec->data, v);
}

/* read_comm - a comm field of @rec into @comm (SIGFTRACE_COMM_LEN + 1 bytes) */
static bool read_comm(const struct tep_record *rec, const struct tep_format_field *f, char *comm)
{
	size_t n;

	if (!fits(rec, f))
		return false;
	n = (size_t)f->size < SIGFTRACE_COMM_LEN ? (size_t)f->size : SIGFTRACE_COMM_LEN;
	memcpy(comm, (const char *)rec->data + f->offset, n);
	comm[n] = '\0';
	return true;
}

/*
 * read_loc - a __data_loc string of @rec (the field's 32 bits: length above,
 * offset below), without its NUL; false if it lies outside the record
 */
static bool read_loc(const struct tep_record *rec, struct tep_format_field *f, struct sf_str *str)
{
	unsigned long long v;
	unsigned int off, len;

	if (!f || !(f->flags & TEP_FIELD_IS_DYNAMIC) || f->size != 4 || !read_num(rec, f, &v))
		return false;
	off = (unsigned int)(v & 0xffff);
	len = (unsigned int)(v >> 16) & 0xffff;
	if ((unsigned long long)off + len > (unsigned long long)rec->size)
		return false;
	str->buf = (const char *)rec->data + off;
	str->len = strnlen(str->buf, len);
	return true;
}

/* attr_event - exec, cgroup attach, OOM victim */
static enum sf_event_type attr_event(const struct sf_decoder *d, const struct tep_record *rec,
				     struct sf_event *ev, int id)
{
	struct sf_attr_event *a = &ev->attr;
	unsigned long long pid, root = 0;

	a->str.buf = NULL;
	a->str.len = 0;
	a->root = 0;
	if (id == d->id_exec) {
		if (!read_num(rec, d->xc_pid, &pid) || !read_loc(rec, d->xc_file, &a->str))
			return ev->type = SF_EVENT_BAD;
		a->pid = (int)pid;
		return ev->type = SF_EVENT_EXEC;
	}
	if (id == d->id_cgroup) {
		if (!read_num(rec, d->cg_pid, &pid) || !read_num(rec, d->cg_root, &root) ||
		    !read_loc(rec, d->cg_path, &a->str))
			return ev->type = SF_EVENT_BAD;
		a->pid = (int)pid;
		a->root = (int)root;
		return ev->type = SF_EVENT_CGROUP;
	}
	if (!read_num(rec, d->oom_pid, &pid))
		return ev->type = SF_EVENT_BAD;
	a->pid = (int)pid;
	return ev->type = SF_EVENT_OOM;
}

static enum sf_event_type task(const struct sf_decoder *d, const struct tep_record *rec,
			       struct sf_event *ev, bool newtask)
{
	struct sf_task_event *t = &ev->task;
	unsigned long long pid;

	if (!read_num(rec, newtask ? d->nt_pid : d->rn_pid, &pid) ||
	    !read_comm(rec, newtask ? d->nt_comm : d->rn_comm, t->comm))
		return ev->type = SF_EVENT_BAD;
	t->pid = (int)pid;
	t->clone_flags = 0;
	t->has_old = false;
	t->parent = 0;
	if (newtask) {
		t->parent = tep_data_pid(d->tep, (struct tep_record *)rec);
		read_num(rec, d->nt_flags, &t->clone_flags);
		return ev->type = SF_EVENT_NEWTASK;
	}
	t->has_old = read_comm(rec, d->rn_old, t->old);
	return ev->type = SF_EVENT_RENAME;
}

enum sf_event_type sf_decode(const struct sf_decoder *d, const struct tep_record *rec,
			     struct sf_event *ev)
{
	unsigned long long v;
	int id;

	ev->ts = rec->ts;
	ev->cpu = rec->cpu;
	if (rec->size < d->common_end)
		return ev->type = SF_EVENT_OTHER;
	id = tep_data_type(d->tep, (struct tep_record *)rec);
	if (id == d->id_gen || id == d->id_del) {
		struct sf_signal *s = &ev->sig;

		if (sigftrace_decode(id == d->id_gen ? &d->gen : &d->del, rec, &s->s))
			return ev->type = SF_EVENT_BAD_SIGNAL;
		s->ts = rec->ts;
		s->cpu = rec->cpu;
		s->off = rec->offset;
		s->seq = 0;
		s->fate = NULL;
		s->buffer = NULL;
		/* attr: the attribution stage fills it */
		return ev->type = SF_EVENT_SIGNAL;
	}
	if (id == d->id_newtask)
		return task(d, rec, ev, true);
	if (id == d->id_rename)
		return task(d, rec, ev, false);
	if (id == d->id_exit) {
		if (!read_num(rec, d->ex_pid, &v) || !read_comm(rec, d->ex_comm, ev->exit.comm))
			return ev->type = SF_EVENT_BAD;
		ev->exit.pid = (int)v;
		/* the last thread of the process: group_dead, unknown on older kernels */
		ev->exit.group_dead = read_num(rec, d->ex_group, &v) ? v != 0 : -1;
		return ev->type = SF_EVENT_EXIT;
	}
	if (id == d->id_print) {
		if (!d->pr_buf || d->pr_buf->offset >= rec->size)
			return ev->type = SF_EVENT_BAD;
		ev->print.buf = (const char *)rec->data + d->pr_buf->offset;
		ev->print.len = (size_t)(rec->size - d->pr_buf->offset);
		return ev->type = SF_EVENT_PRINT;
	}
	if (id >= 0 && (id == d->id_exec || id == d->id_cgroup || id == d->id_oom))
		return attr_event(d, rec, ev, id);
	return ev->type = SF_EVENT_OTHER;
}

/* copy_name - @src into @buf, NULL stays NULL */
static const char *copy_name(char *buf, const char *src)
{
	size_t n;

	if (!src)
		return NULL;
	if (src != buf) {
		n = strnlen(src, SIGFTRACE_COMM_LEN);
		memmove(buf, src, n);
		buf[n] = '\0';
	}
	return buf;
}

bool sf_signal_may_kill(const struct sigftrace_arch *arch, const struct sigftrace_sig *s)
{
	enum sigftrace_action act;

	if (s->kind != SIGFTRACE_EV_GENERATE ||
	    (s->result != SIGFTRACE_RES_DELIVERED && s->result != -1))
		return false;
	act = sigftrace_sig_action(arch, s->sig);
	return act == SIGFTRACE_ACT_TERM || act == SIGFTRACE_ACT_CORE;
}

void sf_signal_copy(struct sf_signal *dst, const struct sf_signal *src)
{
	const char *comm = src->ids.comm, *thread = src->ids.thread_comm, *rcomm = src->ids.rcomm;
	bool same = comm && comm == thread;

	if (dst != src)
		*dst = *src;
	dst->ids.thread_comm = copy_name(dst->thread_comm, thread);
	dst->ids.comm = same ? dst->ids.thread_comm : copy_name(dst->comm, comm);
	dst->ids.rcomm = copy_name(dst->rcomm, rcomm);
}

void sf_signal_rebase(struct sf_signal *s)
{
	/* the stale pointers still say which names were set, and which were one */
	bool same = s->ids.comm && s->ids.comm == s->ids.thread_comm;

	if (s->ids.thread_comm)
		s->ids.thread_comm = s->thread_comm;
	if (s->ids.comm)
		s->ids.comm = same ? s->thread_comm : s->comm;
	if (s->ids.rcomm)
		s->ids.rcomm = s->rcomm;
}
