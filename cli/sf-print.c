// SPDX-License-Identifier: GPL-2.0
/*
 * sf-print - the event pipeline shared by report, stream and record.
 *
 * Hot path: one id comparison per record, field reads through cached
 * handles, rendering by sigftrace_format() into a large buffer written with
 * one write(2) per 256 KiB. No stdio, no allocation per event.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-print.h"
#include "sf-save.h"
#include "sf-util.h"

#define SF_OUT_CAP (256 * 1024)
#define SF_OUT_ROOM 4096 /* one line never needs more (instance names: 255 bytes) */
#define SF_CLONE_THREAD 0x00010000ULL /* include/uapi/linux/sched.h */
#define SF_HELD_MAX 4096 /* signals waiting for their fate before the oldest is shown */
#define SF_HOLD_MAX (4 << 20) /* bytes of output held behind them, likewise */
/*
 * /dev/kmsg takes 10 lines per open file in 5 s unless the sysctl
 * kernel.printk_devkmsg is "on" (and drops the rest silently): a new open
 * file every 10 lines keeps every line
 */
#define SF_KMSG_BURST 10

enum { HELD, HELD_SHOW, HELD_HIDE };

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

int sf_format_parse(const char *s, enum sf_format *f)
{
	if (!strcmp(s, "default"))
		*f = SF_FMT_DEFAULT;
	else if (!strcmp(s, "seed"))
		*f = SF_FMT_SEED;
	else if (!strcmp(s, "json"))
		*f = SF_FMT_JSON;
	else
		return -1;
	return 0;
}

void sf_printer_init(struct sf_printer *p, struct tep_handle *tep, enum sf_format format,
		     const struct sigftrace_arch *arch, int fd)
{
	struct tep_event *ev;

	memset(p, 0, sizeof(*p));
	p->tep = tep;
	p->format = format;
	p->fd = fd;
	p->kmsg_fd = -1;
	p->ropts.arch = arch;
	p->ropts.flags = format == SF_FMT_SEED ? SIGFTRACE_FMT_SEED : 0;
	p->comms = sf_comms_new();
	p->id_gen = p->id_del = p->id_newtask = p->id_rename = p->id_print = p->id_exit = -1;
	if (fd >= 0) {
		p->cap = SF_OUT_CAP;
		p->buf = sf_xmalloc(p->cap);
	}
	/* text traces come without a tep: only sf_printer_signal() is used */
	if (!tep)
		return;
	p->id_gen = event_id(tep, "signal", "signal_generate");
	p->id_del = event_id(tep, "signal", "signal_deliver");
	p->id_newtask = event_id(tep, "task", "task_newtask");
	p->id_rename = event_id(tep, "task", "task_rename");
	p->id_print = event_id(tep, "ftrace", "print");
	p->id_exit = event_id(tep, "sched", "sched_process_exit");
	sigftrace_fields_init(&p->gen, tep_find_event(tep, p->id_gen));
	sigftrace_fields_init(&p->del, tep_find_event(tep, p->id_del));
	ev = tep_find_event(tep, p->id_newtask);
	if (ev) {
		p->nt_pid = tep_find_field(ev, "pid");
		p->nt_comm = tep_find_field(ev, "comm");
		p->nt_flags = tep_find_field(ev, "clone_flags");
	}
	ev = tep_find_event(tep, p->id_rename);
	if (ev) {
		p->rn_pid = tep_find_field(ev, "pid");
		p->rn_comm = tep_find_field(ev, "newcomm");
		p->rn_old = tep_find_field(ev, "oldcomm");
	}
	ev = tep_find_event(tep, p->id_exit);
	if (ev) {
		p->ex_pid = tep_find_field(ev, "pid");
		p->ex_comm = tep_find_field(ev, "comm");
		p->ex_group = tep_find_field(ev, "group_dead"); /* >= 6.x */
	}
	ev = tep_find_event(tep, p->id_print);
	if (ev)
		p->pr_buf = tep_find_field(ev, "buf");
	p->common_end = common_end(tep);
}

int sf_printer_flush(struct sf_printer *p)
{
	size_t off = 0;

	while (off < p->len) {
		ssize_t n = write(p->fd, p->buf + off, p->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			p->error = errno;
			p->len = 0;
			return -1;
		}
		off += (size_t)n;
	}
	p->len = 0;
	return 0;
}

const char *sf_printer_comm(struct sf_printer *p, int pid)
{
	const char *comm = sf_comms_get(p->comms, pid);

	if (comm && comm[0])
		return comm;
	if (p->other_boot || !p->tep)
		return NULL;
	/* the file's saved_cmdlines, or the live system's */
	comm = tep_data_comm_from_pid(p->tep, pid);
	if (comm && strcmp(comm, "<...>"))
		return comm;
	if (p->live)
		return sf_comms_load_pid(p->comms, pid);
	return NULL;
}

/* tgid_of - the process of @tid; @tid itself when nobody knows */
static int tgid_of(struct sf_printer *p, int tid)
{
	int tgid = sf_comms_tgid(p->comms, tid);

	if (!tgid && p->live && tid > 0 && sf_comms_load_pid(p->comms, tid))
		tgid = sf_comms_tgid(p->comms, tid);
	return tgid > 0 ? tgid : tid;
}

/* copy_name - the name of @pid into @buf; NULL if unknown */
static const char *copy_name(struct sf_printer *p, int pid, char *buf)
{
	const char *comm = pid >= 0 ? sf_printer_comm(p, pid) : NULL;
	size_t n;

	if (!comm)
		return NULL;
	n = strnlen(comm, SIGFTRACE_COMM_LEN);
	memcpy(buf, comm, n);
	buf[n] = '\0';
	return buf;
}

void sf_printer_who(struct sf_printer *p, const struct sigftrace_sig *s, struct sf_who *w)
{
	struct sigftrace_ids *ids = &w->ids;
	int tid = s->sender_pid; /* deliver: the receiver itself */

	ids->tid = tid;
	ids->pid = tid > 0 ? tgid_of(p, tid) : tid;
	ids->thread_comm = copy_name(p, tid, w->thread_comm);
	ids->comm = ids->pid == tid ? ids->thread_comm : copy_name(p, ids->pid, w->comm);
	ids->rpid = s->pid;
	ids->rcomm = NULL;
	if (s->kind != SIGFTRACE_EV_GENERATE || s->pid <= 0)
		return;
	ids->rpid = tgid_of(p, s->pid);
	if (ids->rpid != s->pid)
		ids->rcomm = copy_name(p, ids->rpid, w->rcomm);
}

/* read_comm - a comm field of @rec into @comm (SIGFTRACE_COMM_LEN + 1 bytes) */
static bool read_comm(const struct tep_record *rec, const struct tep_format_field *f, char *comm)
{
	size_t n;

	if (!f || f->offset + f->size > rec->size)
		return false;
	n = (size_t)f->size < SIGFTRACE_COMM_LEN ? (size_t)f->size : SIGFTRACE_COMM_LEN;
	memcpy(comm, (const char *)rec->data + f->offset, n);
	comm[n] = '\0';
	return true;
}

/*
 * task_event - learn a name from task_newtask / task_rename: the new name
 * holds from now on; a rename's oldcomm is the name the pid had before (PID
 * 1 is "systemd" until it execs systemd-shutdown), a newtask's pid had none
 */
static void task_event(struct sf_printer *p, struct tep_record *rec, struct tep_format_field *fpid,
		       struct tep_format_field *fcomm)
{
	char comm[SIGFTRACE_COMM_LEN + 1];
	char old[SIGFTRACE_COMM_LEN + 1];
	unsigned long long pid;

	if (!fpid || fpid->offset + fpid->size > rec->size ||
	    tep_read_number_field(fpid, rec->data, &pid) || !read_comm(rec, fcomm, comm))
		return;
	if (p->initial && fpid == p->nt_pid) {
		sf_comms_note_first(p->initial, (int)pid, NULL);
		sf_comms_note_life(p->initial, (int)pid);
	} else if (p->initial && read_comm(rec, p->rn_old, old)) {
		sf_comms_note_first(p->initial, (int)pid, old);
	}
	sf_comms_set(p->comms, (int)pid, comm);
	if (fpid == p->nt_pid) {
		int parent = tep_data_pid(p->tep, rec);
		unsigned long long flags = 0;

		/* a child of kthreadd or of another kernel thread is a kernel thread */
		if (parent == 2 || sf_comms_is_kthread(p->comms, parent))
			sf_comms_set_kthread(p->comms, (int)pid);
		/*
		 * CLONE_THREAD: a thread of the parent's process (whose process,
		 * when nobody knows, is taken to be its own: most threads are
		 * started by the main one); else a process of its own
		 */
		if (p->nt_flags && p->nt_flags->offset + p->nt_flags->size <= rec->size)
			tep_read_number_field(p->nt_flags, rec->data, &flags);
		sf_comms_set_tgid(p->comms, (int)pid,
				  flags & SF_CLONE_THREAD ? tgid_of(p, parent) : (int)pid);
	}
}

/*
 * comm_marker - sigftrace's markers: "sigftrace-comm PID COMM",
 * "sigftrace-kthread PID COMM" and "sigftrace-thread TID TGID", written to
 * trace_marker by persist (every task alive when tracing was armed and, with
 * --mark, at the start of shutdown, for a reader in the next boot), and the
 * boot and overrun markers (see sf_boot_info_take())
 * Return: true if it is one of sigftrace's markers (a file keeps what they
 * say another way), false for any other.
 */
static bool comm_marker(struct sf_printer *p, struct tep_record *rec)
{
	static const char prefix[] = SF_COMM_MARKER;
	static const char kprefix[] = SF_KTHREAD_MARKER;
	static const char tprefix[] = SF_THREAD_MARKER;
	bool kthread = false;
	const char *buf;
	char comm[SIGFTRACE_COMM_LEN + 1];
	size_t room, n;
	int pid, tgid, off = 0;

	if (!p->pr_buf || p->pr_buf->offset >= rec->size)
		return false;
	buf = (const char *)rec->data + p->pr_buf->offset;
	room = (size_t)(rec->size - p->pr_buf->offset);
	if (room > sizeof(tprefix) && !memcmp(buf, tprefix, sizeof(tprefix) - 1)) {
		buf += sizeof(tprefix) - 1;
		room -= sizeof(tprefix) - 1;
		if (!memchr(buf, '\n', room) || sscanf(buf, "%d %d", &pid, &tgid) != 2 ||
		    pid <= 0 || tgid <= 0)
			return true;
		if (!sf_comms_tgid(p->comms, pid))
			sf_comms_set_tgid(p->comms, pid, tgid);
		if (p->initial)
			sf_comms_note_task(p->initial, pid, tgid, false);
		return true;
	}
	if (room > sizeof(kprefix) && !memcmp(buf, kprefix, sizeof(kprefix) - 1)) {
		kthread = true;
		buf += sizeof(kprefix) - 1;
		room -= sizeof(kprefix) - 1;
	} else if (room > sizeof(prefix) && !memcmp(buf, prefix, sizeof(prefix) - 1)) {
		buf += sizeof(prefix) - 1;
		room -= sizeof(prefix) - 1;
	} else {
		if (p->marks)
			sf_boot_info_take(p->marks, rec->cpu, buf, room);
		return sf_boot_info_marker(buf, room);
	}
	if (!memchr(buf, '\n', room) || sscanf(buf, "%d %n", &pid, &off) != 1 || !off)
		return true;
	n = strcspn(buf + off, "\n");
	if (n > SIGFTRACE_COMM_LEN)
		n = SIGFTRACE_COMM_LEN;
	memcpy(comm, buf + off, n);
	comm[n] = '\0';
	/* only a name nothing newer has given */
	sf_comms_set_new(p->comms, pid, comm);
	if (kthread)
		sf_comms_set_kthread(p->comms, pid);
	if (p->initial) {
		sf_comms_note_first(p->initial, pid, comm);
		if (kthread)
			sf_comms_note_task(p->initial, pid, 0, true);
	}
	return true;
}

static char *put_ts(char *o, unsigned long long ts)
{
	char tmp[24];
	/* rounded to the microsecond, as the kernel's trace file does */
	unsigned long long us = (ts + 500) / 1000;
	unsigned long long sec = us / 1000000ULL;
	unsigned int usec = (unsigned int)(us % 1000000ULL);
	int n = 0;
	int i;

	do {
		tmp[n++] = (char)('0' + sec % 10);
		sec /= 10;
	} while (sec);
	while (n)
		*o++ = tmp[--n];
	*o++ = '.';
	for (i = 5; i >= 0; i--) {
		o[i] = (char)('0' + usec % 10);
		usec /= 10;
	}
	return o + 6;
}

/* json_str - a JSON string; control bytes and non-ASCII as \u00XX */
static char *json_str(char *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	*o++ = '"';
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		} else {
			*o++ = (char)c;
		}
	}
	*o++ = '"';
	return o;
}

/* json_task - "\"comm\":...,\"pid\":N" */
static char *json_task(char *o, const char *comm, int pid, bool null_comm)
{
	o += sprintf(o, "\"comm\":");
	o = comm || !null_comm ? json_str(o, comm ? comm : "<...>") : o + sprintf(o, "null");
	return o + sprintf(o, ",\"pid\":%d", pid);
}

/* json_process - ",\"process\":{...}" of a thread that is not its process's main one */
static char *json_process(char *o, int tid, const char *comm, int pid)
{
	if (pid <= 0 || pid == tid)
		return o;
	o += sprintf(o, ",\"process\":{");
	o = json_task(o, comm, pid, false);
	*o++ = '}';
	return o;
}

/* json_thread - ",\"thread\":{\"comm\":...,\"tid\":N}" when not the main thread */
static char *json_thread(char *o, const struct sigftrace_ids *ids)
{
	if (ids->tid <= 0 || ids->tid == ids->pid)
		return o;
	o += sprintf(o, ",\"thread\":{\"comm\":");
	o = ids->thread_comm ? json_str(o, ids->thread_comm) : o + sprintf(o, "null");
	return o + sprintf(o, ",\"tid\":%d}", ids->tid);
}

static size_t json_line(struct sf_printer *p, char *o, unsigned long long ts, int cpu,
			const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
			unsigned long long seq)
{
	const struct sigftrace_arch *arch = p->ropts.arch;
	char name[SIGFTRACE_SIGNAME_MAX];
	char *start = o;
	const char *code;
	const char *res;

	sigftrace_sig_format(name, sizeof(name), arch, s->sig);
	o += sprintf(o, "{\"timestamp\":%llu.%09llu,\"cpu\":%d,\"event\":\"%s\",",
		     ts / 1000000000ULL, ts % 1000000000ULL, cpu,
		     s->kind == SIGFTRACE_EV_DELIVER ? "deliver" : "generate");
	if (s->kind == SIGFTRACE_EV_DELIVER) {
		o += sprintf(o, "\"receiver\":{");
		o = json_task(o, ids->thread_comm, s->pid, false);
		o = json_process(o, s->pid, ids->comm, ids->pid);
		o += sprintf(o, "},\"signal\":{\"number\":%d,\"name\":\"%s\"},", s->sig, name);
		if (s->handler == 0)
			o += sprintf(o, "\"action\":\"default\",\"default\":\"%s\"",
				     sigftrace_action_name(sigftrace_sig_action(arch, s->sig)));
		else if (s->handler == 1)
			o += sprintf(o, "\"action\":\"ignored\"");
		else
			o += sprintf(o, "\"action\":\"handler\",\"handler\":\"0x%llx\"",
				     s->handler);
		o += sprintf(o, ",\"sa_flags\":\"0x%llx\"}\n", s->sa_flags);
		return (size_t)(o - start);
	}
	o += sprintf(o, "\"sender\":{");
	if (sigftrace_kernel_sender(arch, s) || s->ctx != SIGFTRACE_CTX_TASK) {
		static const char *const ctx[] = { "kernel", "softirq", "irq", "nmi" };

		o += sprintf(o, "\"kind\":\"%s\",\"context\":{",
			     sigftrace_kernel_sender(arch, s) ? "kernel" : ctx[s->ctx]);
		o = json_task(o, ids->comm, ids->pid, false);
		o = json_thread(o, ids);
		o += sprintf(o, "}},");
	} else {
		o += sprintf(o, "\"kind\":\"task\",");
		o = json_task(o, ids->comm, ids->pid, true);
		o = json_thread(o, ids);
		o += sprintf(o, "},");
	}
	o += sprintf(o, "\"receiver\":{");
	o = json_task(o, s->comm, s->pid, false);
	o = json_process(o, s->pid, ids->rcomm, ids->rpid);
	o += sprintf(o, "},\"signal\":{\"number\":%d,\"name\":\"%s\"},", s->sig, name);
	code = sigftrace_code_name(arch, s->sig, s->code);
	o += sprintf(o, "\"origin\":\"%s\",\"code\":%d,\"code_name\":",
		     sigftrace_origin_name(sigftrace_code_origin(arch, s->sig, s->code)), s->code);
	o += code ? sprintf(o, "\"%s\"", code) : sprintf(o, "null");
	res = sigftrace_result_name(s->result);
	o += res	   ? sprintf(o, ",\"result\":\"%s\"", res) :
	     s->result < 0 ? sprintf(o, ",\"result\":null") :
			     sprintf(o, ",\"result\":%d", s->result);
	o += s->group < 0 ? sprintf(o, ",\"group\":null") :
			    sprintf(o, ",\"group\":%s", s->group ? "true" : "false");
	o += sprintf(o, ",\"errno\":%d", s->err);
	if (p->buffer) {
		o += sprintf(o, ",\"instance\":");
		o = *p->buffer ? json_str(o, p->buffer) : o + sprintf(o, "null");
	}
	if (p->fates) {
		const struct sf_fate_info *f = sf_analysis_fate(p->fates, seq);

		if (f) {
			o += sprintf(o, ",\"fate\":{\"fate\":\"%s\"", sf_fate_name(f->fate));
			if (f->fate == SF_FATE_HANDLED)
				o += sprintf(o, ",\"handler\":\"0x%llx\"", f->handler);
			else if (f->fate == SF_FATE_DEFAULT)
				o += sprintf(
					o, ",\"action\":\"%s\"",
					sigftrace_action_name((enum sigftrace_action)f->action));
			if (f->fate == SF_FATE_HANDLED || f->fate == SF_FATE_DEFAULT ||
			    (f->fate == SF_FATE_IGNORED && f->latency))
				o += sprintf(o, ",\"latency_ns\":%llu", f->latency);
			*o++ = '}';
		}
	}
	o += sprintf(o, "}\n");
	return (size_t)(o - start);
}

/* put_instance - " instance NAME": the buffer a line comes from, when a file has several */
static char *put_instance(char *o, const char *name)
{
	size_t n = strnlen(name, 255);

	memcpy(o, " instance ", 10);
	memcpy(o + 10, name, n);
	return o + 10 + n;
}

/* colour - red for what kills, yellow for what is ignored; NULL for neither */
static const char *colour(const struct sf_printer *p, const struct sigftrace_sig *s)
{
	const struct sigftrace_arch *arch = p->ropts.arch;
	enum sigftrace_action act;

	if (s->kind == SIGFTRACE_EV_DELIVER) {
		act = sigftrace_sig_action(arch, s->sig);
		if (s->handler == 0 && (act == SIGFTRACE_ACT_TERM || act == SIGFTRACE_ACT_CORE))
			return "\033[31m";
		return s->handler == 1 ? "\033[33m" : NULL;
	}
	if (s->result == SIGFTRACE_RES_IGNORED)
		return "\033[33m";
	if (s->sig == sigftrace_sig_parse(arch, "KILL") ||
	    sigftrace_code_origin(arch, s->sig, s->code) == SIGFTRACE_ORIGIN_FAULT)
		return "\033[1;31m";
	return NULL;
}

/* out_begin - where the next line goes (the held output while a fate is awaited), or NULL */
static char *out_begin(struct sf_printer *p)
{
	if (p->nheld) {
		if (p->hold_len + SF_OUT_ROOM > p->hold_cap) {
			p->hold_cap = p->hold_cap ? p->hold_cap * 2 : SF_OUT_CAP;
			p->hold = sf_xrealloc(p->hold, p->hold_cap);
		}
		return p->hold + p->hold_len;
	}
	if (p->len + SF_OUT_ROOM > p->cap && sf_printer_flush(p))
		return NULL;
	return p->buf + p->len;
}

static void out_end(struct sf_printer *p, const char *o)
{
	if (p->nheld)
		p->hold_len = (size_t)(o - p->hold);
	else
		p->len = (size_t)(o - p->buf);
}

/* out_copy - pass held output on */
static void out_copy(struct sf_printer *p, const char *s, size_t n)
{
	while (n && !p->error) {
		size_t k = n < p->cap - p->len ? n : p->cap - p->len;

		memcpy(p->buf + p->len, s, k);
		p->len += k;
		s += k;
		n -= k;
		if (p->len == p->cap)
			sf_printer_flush(p);
	}
}

/* kmsg_write - one kernel log record */
static void kmsg_write(struct sf_printer *p, const char *line, size_t n)
{
	if (p->kmsg_writes >= SF_KMSG_BURST) {
		int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

		if (fd >= 0) {
			dup2(fd, p->kmsg_fd);
			close(fd);
			p->kmsg_writes = 0;
		}
	}
	p->kmsg_writes++;
	/* a full log is not our failure, but it is counted */
	if (write(p->kmsg_fd, line, n) != (ssize_t)n)
		p->kmsg_lost++;
}

static void emit(struct sf_printer *p, unsigned long long ts, int cpu,
		 const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
		 unsigned long long seq, char **kline)
{
	const char *col;
	char *o = out_begin(p);

	if (!o)
		return;
	if (p->format == SF_FMT_JSON) {
		o += json_line(p, o, ts, cpu, s, ids, seq);
	} else {
		col = p->color ? colour(p, s) : NULL;
		o = put_ts(o, ts);
		*o++ = ' ';
		if (col) {
			memcpy(o, col, strlen(col));
			o += strlen(col);
		}
		o += sigftrace_format_ids(o, SIGFTRACE_LINE_MAX, s, ids, &p->ropts);
		if (p->buffer && *p->buffer && p->format != SF_FMT_SEED)
			o = put_instance(o, p->buffer);
		if (col) {
			memcpy(o, "\033[0m", 4);
			o += 4;
		}
		*o++ = '\n';
	}
	out_end(p, o);
	p->printed++;
	if (p->kmsg_fd >= 0 && s->kind == SIGFTRACE_EV_GENERATE) {
		struct sigftrace_render_opts seed = { p->ropts.arch, SIGFTRACE_FMT_SEED };
		char line[SIGFTRACE_LINE_MAX + 1];
		size_t n = sigftrace_format_ids(line, SIGFTRACE_LINE_MAX, s, ids, &seed);

		line[n++] = '\n';
		line[n] = '\0';
		if (kline)
			*kline = sf_xstrdup(line);
		else
			kmsg_write(p, line, n);
	}
}

static void lost_mark(struct sf_printer *p, const struct tep_record *rec)
{
	char *o;

	if (rec->missed_events > 0)
		p->lost += (unsigned long long)rec->missed_events;
	else
		p->lost_marks++;
	if (p->fd < 0)
		return;
	o = out_begin(p);
	if (!o)
		return;
	if (p->format == SF_FMT_JSON) {
		o += sprintf(o,
			     "{\"timestamp\":%llu.%09llu,\"cpu\":%d,\"event\":\"lost\",\"lost\":",
			     rec->ts / 1000000000ULL, rec->ts % 1000000000ULL, rec->cpu);
		o += rec->missed_events > 0 ? sprintf(o, "%lld}\n", rec->missed_events) :
					      sprintf(o, "null}\n");
	} else {
		o = put_ts(o, rec->ts);
		o += rec->missed_events > 0 ?
			     sprintf(o, " [CPU %d: %lld events lost before this point]\n", rec->cpu,
				     rec->missed_events) :
			     sprintf(o, " [CPU %d: events lost before this point]\n", rec->cpu);
	}
	out_end(p, o);
}

/*
 * pass_held - pass on the output up to the oldest signal still waiting for
 * its fate: the lines of those shown, not of those hidden (which a recording
 * leaves out of its file)
 */
static void pass_held(struct sf_printer *p)
{
	size_t i = 0;

	while (i < p->nheld && p->held[i].state != HELD) {
		struct sf_held *h = &p->held[i++];

		if (p->fd >= 0) {
			out_copy(p, p->hold + p->hold_pos, h->line - p->hold_pos);
			if (h->state == HELD_SHOW)
				out_copy(p, p->hold + h->line, h->len);
			else
				p->printed--;
			p->hold_pos = h->line + h->len;
		}
		if (h->kline && h->state == HELD_SHOW)
			kmsg_write(p, h->kline, strlen(h->kline));
		free(h->kline);
		if (h->state == HELD_HIDE && p->drop) {
			struct tep_record rec = { .cpu = h->cpu, .offset = h->off };

			p->drop(p->drop_ctx, &rec);
		}
	}
	if (!i)
		return;
	memmove(p->held, p->held + i, (p->nheld - i) * sizeof(*p->held));
	p->nheld -= i;
	if (p->nheld)
		return;
	/* nothing waits any more: the rest, then straight to the output again */
	out_copy(p, p->hold + p->hold_pos, p->hold_len - p->hold_pos);
	p->hold_len = p->hold_pos = 0;
}

/* decide - the fate of held signal @i is known */
static void decide(struct sf_printer *p, size_t i, bool show)
{
	p->held[i].state = show ? HELD_SHOW : HELD_HIDE;
	if (!i)
		pass_held(p);
}

/* hold - a signal hidden by default whose showing waits for its fate */
static void hold(struct sf_printer *p, unsigned long long ts, int cpu,
		 const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
		 unsigned long long seq)
{
	struct sf_held *h;

	/* too much waits: the oldest is shown, rather than a fatal one lost */
	if (p->nheld && (p->nheld >= SF_HELD_MAX || p->hold_len > SF_HOLD_MAX)) {
		size_t i;

		for (i = 0; i < p->nheld && p->held[i].state != HELD; i++)
			;
		if (i < p->nheld)
			decide(p, i, true);
		pass_held(p);
	}
	if (p->nheld == p->held_cap) {
		p->held_cap = p->held_cap ? p->held_cap * 2 : 16;
		p->held = sf_xrealloc(p->held, p->held_cap * sizeof(*p->held));
	}
	h = &p->held[p->nheld++];
	memset(h, 0, sizeof(*h));
	h->ts = ts;
	h->cpu = cpu;
	h->off = p->rec ? p->rec->offset : 0;
	h->sig = s->sig;
	h->tid = s->pid;
	h->tgid = ids->rpid > 0 ? ids->rpid : s->pid;
	h->group = s->group;
	h->line = p->hold_len;
	if (p->fd >= 0)
		emit(p, ts, cpu, s, ids, seq, &h->kline);
	h->len = p->hold_len - h->line;
}

/* resolve_deliver - a delivery decides the oldest held signal it takes */
static void resolve_deliver(struct sf_printer *p, const struct sigftrace_sig *s,
			    const struct sigftrace_ids *ids)
{
	int kill = sigftrace_sig_parse(p->ropts.arch, "KILL");
	int tgid = ids->pid > 0 ? ids->pid : s->pid;
	size_t i;

	for (i = 0; i < p->nheld; i++) {
		struct sf_held *h = &p->held[i];

		if (h->state != HELD || (h->group == 1 ? h->tgid != tgid : h->tid != s->pid))
			continue;
		/* a fatal signal is delivered as SIGKILL */
		if (s->sig != h->sig && s->sig != kill)
			continue;
		decide(p, i, s->handler == 0);
		return;
	}
}

bool sf_printer_signal(struct sf_printer *p, unsigned long long ts, int cpu,
		       const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
		       unsigned long long seq, bool filtered_out)
{
	enum sf_sel sel = filtered_out ? SF_SEL_NO :
			  p->filter    ? sf_filter_select(p->filter, s, ids) :
					 SF_SEL_YES;
	bool shown = sel == SF_SEL_YES;

	if (s->kind == SIGFTRACE_EV_DELIVER) {
		p->saw_deliver = true;
		if (p->nheld)
			resolve_deliver(p, s, ids);
	}
	/* kill(-1, ...) "sends" a signal to every kernel thread, which ignores it (2: kthreadd) */
	if (shown && !p->kthreads && s->kind == SIGFTRACE_EV_GENERATE &&
	    s->result == SIGFTRACE_RES_IGNORED &&
	    (s->pid == 2 || sf_comms_is_kthread(p->comms, s->pid))) {
		p->kthread_hidden++;
		shown = false;
	}

	if (p->an)
		sf_analysis_signal(p->an, seq, ts, s, ids,
				   sel == SF_SEL_YES && !shown ? SF_SEL_NO : sel);
	if (sel == SF_SEL_IF_FATAL) {
		const struct sf_fate_info *f = p->fates ? sf_analysis_fate(p->fates, seq) : NULL;

		/* a second pass knows the fate already */
		if (f) {
			if (f->fate != SF_FATE_DEFAULT ||
			    (f->action != SIGFTRACE_ACT_TERM && f->action != SIGFTRACE_ACT_CORE))
				return false;
			shown = true;
		} else if (p->fd >= 0 || p->drop) {
			hold(p, ts, cpu, s, ids, seq);
			return true;
		} else {
			return false;
		}
	}
	if (p->fd >= 0 && shown && (s->kind != SIGFTRACE_EV_DELIVER || p->deliver))
		emit(p, ts, cpu, s, ids, seq, NULL);
	return sel != SF_SEL_NO;
}

void sf_printer_exit(struct sf_printer *p, unsigned long long ts, int tid, int tgid,
		     const char *comm, bool last)
{
	size_t i;

	/*
	 * held signals of a thread or process that is gone were not delivered,
	 * so did not kill; without any delivery in the trace nobody can tell,
	 * and it may well be what killed it
	 */
	for (i = 0; i < p->nheld; i++) {
		struct sf_held *h = &p->held[i];

		if (h->state == HELD && (h->group == 1 ? last && h->tgid == tgid : h->tid == tid))
			h->state = p->saw_deliver ? HELD_HIDE : HELD_SHOW;
	}
	pass_held(p);
	if (p->an)
		sf_analysis_exit(p->an, ts, tid, tgid, comm, last);
}

void sf_printer_expire(struct sf_printer *p, unsigned long long before)
{
	size_t i;

	for (i = 0; i < p->nheld; i++) {
		if (p->held[i].state == HELD && p->held[i].ts < before)
			p->held[i].state = HELD_SHOW;
	}
	pass_held(p);
}

void sf_printer_finish(struct sf_printer *p)
{
	size_t i;

	for (i = 0; i < p->nheld; i++) {
		if (p->held[i].state == HELD)
			p->held[i].state = HELD_HIDE;
	}
	pass_held(p);
}

/* exit_event - sched_process_exit: the analysis, and signals waiting for their fate */
static void exit_event(struct sf_printer *p, struct tep_record *rec)
{
	char comm[SIGFTRACE_COMM_LEN + 1], pcomm[SIGFTRACE_COMM_LEN + 1];
	unsigned long long pid, group = 0;
	const char *name;
	int tgid, last;

	if (!p->ex_pid || p->ex_pid->offset + p->ex_pid->size > rec->size ||
	    tep_read_number_field(p->ex_pid, rec->data, &pid) || !read_comm(rec, p->ex_comm, comm))
		return;
	if (p->initial) {
		sf_comms_note_first(p->initial, (int)pid, comm);
		sf_comms_note_life(p->initial, (int)pid);
	}
	tgid = tgid_of(p, (int)pid);
	/* the last thread of the process: group_dead, or (older kernels) the main thread */
	if (p->ex_group && p->ex_group->offset + p->ex_group->size <= rec->size &&
	    !tep_read_number_field(p->ex_group, rec->data, &group))
		last = group != 0;
	else
		last = tgid == (int)pid;
	name = tgid == (int)pid ? comm : copy_name(p, tgid, pcomm);
	sf_printer_exit(p, rec->ts, (int)pid, tgid, name ? name : comm, last);
}

bool sf_printer_record(struct sf_printer *p, struct tep_record *rec)
{
	struct sigftrace_sig s;
	struct sf_who w;
	unsigned long long seq = 0;
	bool raw_out = false, keep;
	int id;

	p->events++;
	if (rec->missed_events)
		lost_mark(p, rec);
	if (rec->size < p->common_end)
		return true;
	id = tep_data_type(p->tep, rec);
	if (id == p->id_gen) {
		if (sigftrace_decode(&p->gen, rec, &s)) {
			p->malformed++;
			return true;
		}
		p->signals++;
		seq = p->gen_seq++;
		/* the receiver's name at this instant: a fact for either side */
		if (p->initial)
			sf_comms_note_first(p->initial, s.pid, s.comm);
		sf_comms_learn(p->comms, s.pid, s.comm);
		sf_printer_who(p, &s, &w);
		/* -f: not shown, but the analysis still follows the signal */
		if (p->eval_raw && p->filter && p->filter->kraws &&
		    !sf_filter_raw_match(p->filter, rec, w.ids.thread_comm))
			raw_out = true;
		if (p->first_send && w.ids.thread_comm)
			sf_comms_set_new(p->first_send, s.sender_pid, w.ids.thread_comm);
	} else if (id == p->id_del) {
		if (sigftrace_decode(&p->del, rec, &s)) {
			p->malformed++;
			return true;
		}
		sf_printer_who(p, &s, &w);
	} else {
		if (id == p->id_newtask)
			task_event(p, rec, p->nt_pid, p->nt_comm);
		else if (id == p->id_rename)
			task_event(p, rec, p->rn_pid, p->rn_comm);
		else if (id == p->id_print)
			return !comm_marker(p, rec);
		else if (id == p->id_exit && (p->an || p->nheld || p->initial))
			exit_event(p, rec);
		return true;
	}
	p->rec = rec;
	keep = sf_printer_signal(p, rec->ts, rec->cpu, &s, &w.ids, seq, raw_out);
	p->rec = NULL;
	return keep;
}

void sf_printer_free(struct sf_printer *p)
{
	size_t i;

	for (i = 0; i < p->nheld; i++)
		free(p->held[i].kline);
	sf_comms_free(p->comms);
	free(p->buf);
	free(p->held);
	free(p->hold);
	p->comms = NULL;
	p->buf = NULL;
	p->held = NULL;
	p->hold = NULL;
	p->nheld = 0;
}
