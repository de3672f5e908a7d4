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

static int event_id(struct tep_handle *tep, const char *sys, const char *name)
{
	struct tep_event *ev = tep_find_event_by_name(tep, sys, name);

	return ev ? ev->id : -1;
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
	}
	ev = tep_find_event(tep, p->id_rename);
	if (ev) {
		p->rn_pid = tep_find_field(ev, "pid");
		p->rn_comm = tep_find_field(ev, "newcomm");
	}
	ev = tep_find_event(tep, p->id_exit);
	if (ev) {
		p->ex_pid = tep_find_field(ev, "pid");
		p->ex_comm = tep_find_field(ev, "comm");
	}
	ev = tep_find_event(tep, p->id_print);
	if (ev)
		p->pr_buf = tep_find_field(ev, "buf");
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

	if (comm)
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

/* task_event - learn a name from task_newtask / task_rename */
static void task_event(struct sf_printer *p, struct tep_record *rec, struct tep_format_field *fpid,
		       struct tep_format_field *fcomm)
{
	char comm[SIGFTRACE_COMM_LEN + 1];
	unsigned long long pid;
	size_t n;

	if (!fpid || !fcomm || fpid->offset + fpid->size > rec->size ||
	    fcomm->offset + fcomm->size > rec->size || tep_read_number_field(fpid, rec->data, &pid))
		return;
	n = (size_t)fcomm->size < sizeof(comm) - 1 ? (size_t)fcomm->size : sizeof(comm) - 1;
	memcpy(comm, (const char *)rec->data + fcomm->offset, n);
	comm[n] = '\0';
	sf_comms_set(p->comms, (int)pid, comm);
	/* a child of kthreadd or of another kernel thread is a kernel thread */
	if (fpid == p->nt_pid) {
		int parent = tep_data_pid(p->tep, rec);

		if (parent == 2 || sf_comms_is_kthread(p->comms, parent))
			sf_comms_set_kthread(p->comms, (int)pid);
	}
}

/*
 * comm_marker - "sigftrace-comm PID COMM" and "sigftrace-kthread PID COMM"
 * written to trace_marker by persist (every task alive when tracing was
 * armed, for a reader in the next boot) and record (the kernel threads)
 */
static void comm_marker(struct sf_printer *p, struct tep_record *rec)
{
	static const char prefix[] = SF_COMM_MARKER;
	static const char kprefix[] = SF_KTHREAD_MARKER;
	bool kthread = false;
	const char *buf;
	char comm[SIGFTRACE_COMM_LEN + 1];
	size_t room, n;
	int pid, off = 0;

	if (!p->pr_buf || p->pr_buf->offset >= rec->size)
		return;
	buf = (const char *)rec->data + p->pr_buf->offset;
	room = (size_t)(rec->size - p->pr_buf->offset);
	if (room > sizeof(kprefix) && !memcmp(buf, kprefix, sizeof(kprefix) - 1)) {
		kthread = true;
		buf += sizeof(kprefix) - 1;
		room -= sizeof(kprefix) - 1;
	} else if (room > sizeof(prefix) && !memcmp(buf, prefix, sizeof(prefix) - 1)) {
		buf += sizeof(prefix) - 1;
		room -= sizeof(prefix) - 1;
	} else {
		return;
	}
	if (!memchr(buf, '\n', room) || sscanf(buf, "%d %n", &pid, &off) != 1 || !off)
		return;
	n = strcspn(buf + off, "\n");
	if (n > SIGFTRACE_COMM_LEN)
		n = SIGFTRACE_COMM_LEN;
	memcpy(comm, buf + off, n);
	comm[n] = '\0';
	/* only a name nothing newer has given */
	sf_comms_set_new(p->comms, pid, comm);
	if (kthread)
		sf_comms_set_kthread(p->comms, pid);
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

static size_t json_line(struct sf_printer *p, char *o, unsigned long long ts, int cpu,
			const struct sigftrace_sig *s, const char *comm, unsigned long long seq)
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
		o += sprintf(o, "\"receiver\":{\"comm\":");
		o = json_str(o, comm ? comm : "<...>");
		o += sprintf(o, ",\"pid\":%d},\"signal\":{\"number\":%d,\"name\":\"%s\"},", s->pid,
			     s->sig, name);
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

		o += sprintf(o, "\"kind\":\"%s\",\"context\":{\"comm\":",
			     sigftrace_kernel_sender(arch, s) ? "kernel" : ctx[s->ctx]);
		o = json_str(o, comm ? comm : "<...>");
		o += sprintf(o, ",\"pid\":%d}},", s->sender_pid);
	} else {
		o += sprintf(o, "\"kind\":\"task\",\"comm\":");
		o = comm ? json_str(o, comm) : o + sprintf(o, "null");
		o += sprintf(o, ",\"pid\":%d},", s->sender_pid);
	}
	o += sprintf(o, "\"receiver\":{\"comm\":");
	o = json_str(o, s->comm);
	o += sprintf(o, ",\"pid\":%d},\"signal\":{\"number\":%d,\"name\":\"%s\"},", s->pid, s->sig,
		     name);
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

static void emit(struct sf_printer *p, unsigned long long ts, int cpu,
		 const struct sigftrace_sig *s, const char *comm, unsigned long long seq)
{
	const char *col;
	char *o;

	if (p->len + SF_OUT_ROOM > p->cap && sf_printer_flush(p))
		return;
	o = p->buf + p->len;
	if (p->format == SF_FMT_JSON) {
		p->len += json_line(p, o, ts, cpu, s, comm, seq);
	} else {
		col = p->color ? colour(p, s) : NULL;
		o = put_ts(o, ts);
		*o++ = ' ';
		if (col) {
			memcpy(o, col, strlen(col));
			o += strlen(col);
		}
		o += sigftrace_format(o, SIGFTRACE_LINE_MAX, s, comm, &p->ropts);
		if (p->buffer && *p->buffer && p->format != SF_FMT_SEED)
			o = put_instance(o, p->buffer);
		if (col) {
			memcpy(o, "\033[0m", 4);
			o += 4;
		}
		*o++ = '\n';
		p->len = (size_t)(o - p->buf);
	}
	p->printed++;
	if (p->kmsg_fd >= 0 && s->kind == SIGFTRACE_EV_GENERATE) {
		struct sigftrace_render_opts seed = { p->ropts.arch, SIGFTRACE_FMT_SEED };
		char line[SIGFTRACE_LINE_MAX + 1];
		size_t n = sigftrace_format(line, SIGFTRACE_LINE_MAX, s, comm, &seed);

		line[n++] = '\n';
		/* one write per kernel log record; a full log is not our failure */
		if (write(p->kmsg_fd, line, n) < 0)
			p->kmsg_fd = -1;
	}
}

static void lost_mark(struct sf_printer *p, const struct tep_record *rec)
{
	char *o;

	if (rec->missed_events > 0)
		p->lost += (unsigned long long)rec->missed_events;
	else
		p->lost_marks++;
	if (p->fd < 0 || (p->len + SF_OUT_ROOM > p->cap && sf_printer_flush(p)))
		return;
	o = p->buf + p->len;
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
	p->len = (size_t)(o - p->buf);
}

void sf_printer_signal(struct sf_printer *p, unsigned long long ts, int cpu,
		       const struct sigftrace_sig *s, const char *comm, unsigned long long seq,
		       bool filtered_out)
{
	bool shown = !filtered_out && (!p->filter || sf_filter_match(p->filter, s, comm));

	/* kill(-1, ...) "sends" a signal to every kernel thread, which ignores it (2: kthreadd) */
	if (shown && !p->kthreads && s->kind == SIGFTRACE_EV_GENERATE &&
	    s->result == SIGFTRACE_RES_IGNORED &&
	    (s->pid == 2 || sf_comms_is_kthread(p->comms, s->pid))) {
		p->kthread_hidden++;
		shown = false;
	}

	if (p->an)
		sf_analysis_signal(p->an, seq, ts, s, comm, shown);
	if (p->fd < 0 || !shown || (s->kind == SIGFTRACE_EV_DELIVER && !p->deliver))
		return;
	emit(p, ts, cpu, s, comm, seq);
}

/* exit_event - sched_process_exit, for the analysis */
static void exit_event(struct sf_printer *p, struct tep_record *rec)
{
	char comm[SIGFTRACE_COMM_LEN + 1];
	unsigned long long pid;
	size_t n;

	if (!p->ex_pid || !p->ex_comm || p->ex_pid->offset + p->ex_pid->size > rec->size ||
	    p->ex_comm->offset + p->ex_comm->size > rec->size ||
	    tep_read_number_field(p->ex_pid, rec->data, &pid))
		return;
	n = (size_t)p->ex_comm->size < sizeof(comm) - 1 ? (size_t)p->ex_comm->size :
							  sizeof(comm) - 1;
	memcpy(comm, (const char *)rec->data + p->ex_comm->offset, n);
	comm[n] = '\0';
	sf_analysis_exit(p->an, rec->ts, (int)pid, comm);
}

void sf_printer_record(struct sf_printer *p, struct tep_record *rec)
{
	struct sigftrace_sig s;
	const char *comm;
	unsigned long long seq = 0;
	bool raw_out = false;
	int id;

	p->events++;
	if (rec->missed_events)
		lost_mark(p, rec);
	id = tep_data_type(p->tep, rec);
	if (id == p->id_gen) {
		if (sigftrace_decode(&p->gen, rec, &s))
			return;
		p->signals++;
		seq = p->gen_seq++;
		comm = sf_printer_comm(p, s.sender_pid);
		/* -f: not shown, but the analysis still follows the signal */
		if (p->filter && p->filter->kraws && !sf_filter_raw_match(p->filter, rec, comm))
			raw_out = true;
		if (p->first_send && comm)
			sf_comms_set_new(p->first_send, s.sender_pid, comm);
	} else if (id == p->id_del) {
		if ((!p->deliver && !p->an) || sigftrace_decode(&p->del, rec, &s))
			return;
		comm = sf_printer_comm(p, s.pid);
	} else {
		if (id == p->id_newtask)
			task_event(p, rec, p->nt_pid, p->nt_comm);
		else if (id == p->id_rename)
			task_event(p, rec, p->rn_pid, p->rn_comm);
		else if (id == p->id_print)
			comm_marker(p, rec);
		else if (id == p->id_exit && p->an)
			exit_event(p, rec);
		return;
	}
	sf_printer_signal(p, rec->ts, rec->cpu, &s, comm, seq, raw_out);
}

void sf_printer_free(struct sf_printer *p)
{
	sf_comms_free(p->comms);
	free(p->buf);
	p->comms = NULL;
	p->buf = NULL;
}
