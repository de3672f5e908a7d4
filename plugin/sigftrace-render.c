// SPDX-License-Identifier: LGPL-2.1
/*
 * The shared signal renderer (see sigftrace-render.h).
 *
 * Lines are built with a small appender instead of snprintf(): the CLI
 * renders millions of events per second in `stream` and `report`, and the
 * plugin must not allocate.
 */
#include <string.h>

#include "sigftrace-render.h"

/* common_flags bits (enum trace_flag_type in kernel/trace/trace.h) */
#define SF_FLAG_HARDIRQ 0x08
#define SF_FLAG_SOFTIRQ 0x10
#define SF_FLAG_NMI 0x40

/* tracepoint arguments of SIG_DFL and SIG_IGN */
#define SF_SIG_DFL 0ULL
#define SF_SIG_IGN 1ULL

/* A bounded output cursor; writes past the end are dropped, never made. */
struct sf_out {
	char *p;
	char *end; /* last byte, reserved for the NUL */
};

static void out_mem(struct sf_out *o, const char *s, size_t n)
{
	size_t room = (size_t)(o->end - o->p);

	if (n > room)
		n = room;
	memcpy(o->p, s, n);
	o->p += n;
}

static void out_str(struct sf_out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_chr(struct sf_out *o, char c)
{
	if (o->p < o->end)
		*o->p++ = c;
}

static void out_int(struct sf_out *o, long long v)
{
	char tmp[24];
	unsigned long long u;
	int n = 0;

	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[sizeof(tmp) - 1 - n++] = '-';
	out_mem(o, tmp + sizeof(tmp) - n, (size_t)n);
}

static void out_hex(struct sf_out *o, unsigned long long v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	out_str(o, "0x");
	out_mem(o, tmp + sizeof(tmp) - n, (size_t)n);
}

/* field_fits - true if @f lies inside the record's payload */
static bool field_fits(const struct tep_format_field *f, const struct tep_record *rec)
{
	return f && f->offset >= 0 && f->size > 0 && rec->size >= 0 &&
	       (long long)f->offset + f->size <= rec->size;
}

/*
 * read_int - read a numeric field, sign-extended from its size
 *
 * Records in this machine's byte order are read directly: going through
 * tep_read_number_field() for every field was a fifth of stream's time.
 */
static int read_int(const struct sigftrace_fields *fs, const struct tep_format_field *f,
		    const struct tep_record *rec, long long *v)
{
	const char *p = (const char *)rec->data + (f ? f->offset : 0);
	unsigned long long u;

	if (!field_fits(f, rec))
		return -1;
	if (fs->native) {
		switch (f->size) {
		case 1:
			*v = *(const signed char *)p;
			return 0;
		case 2: {
			short x;

			memcpy(&x, p, 2);
			*v = x;
			return 0;
		}
		case 4: {
			int x;

			memcpy(&x, p, 4);
			*v = x;
			return 0;
		}
		case 8:
			memcpy(v, p, 8);
			return 0;
		default:
			break;
		}
	}
	if (tep_read_number_field((struct tep_format_field *)f, rec->data, &u))
		return -1;
	switch (f->size) {
	case 1:
		*v = (signed char)u;
		break;
	case 2:
		*v = (short)u;
		break;
	case 4:
		*v = (int)u;
		break;
	default:
		*v = (long long)u;
		break;
	}
	return 0;
}

static int read_u64(const struct tep_format_field *f, const struct tep_record *rec,
		    unsigned long long *v)
{
	if (!field_fits(f, rec))
		return -1;
	return tep_read_number_field((struct tep_format_field *)f, rec->data, v) ? -1 : 0;
}

enum sigftrace_kind sigftrace_fields_init(struct sigftrace_fields *f, struct tep_event *event)
{
	memset(f, 0, sizeof(*f));
	f->event = event;
	if (!event || !event->system || !event->name || strcmp(event->system, "signal"))
		return SIGFTRACE_EV_OTHER;
	f->native = tep_is_file_bigendian(event->tep) == tep_is_local_bigendian(event->tep);
	f->common_pid = tep_find_common_field(event, "common_pid");
	f->common_flags = tep_find_common_field(event, "common_flags");
	f->sig = tep_find_field(event, "sig");
	f->err = tep_find_field(event, "errno");
	f->code = tep_find_field(event, "code");
	if (!f->sig || !f->common_pid)
		return SIGFTRACE_EV_OTHER;
	if (!strcmp(event->name, "signal_generate")) {
		f->comm = tep_find_field(event, "comm");
		f->pid = tep_find_field(event, "pid");
		/* group and result were added in 3.8 ("signal: Add... result") */
		f->group = tep_find_field(event, "group");
		f->result = tep_find_field(event, "result");
		if (!f->comm || !f->pid)
			return SIGFTRACE_EV_OTHER;
		f->kind = SIGFTRACE_EV_GENERATE;
	} else if (!strcmp(event->name, "signal_deliver")) {
		f->handler = tep_find_field(event, "sa_handler");
		f->sa_flags = tep_find_field(event, "sa_flags");
		f->kind = SIGFTRACE_EV_DELIVER;
	}
	return f->kind;
}

/* copy_comm - copy a comm array bounded by its field size; hide control bytes */
static void copy_comm(char *dst, const struct tep_format_field *f, const struct tep_record *rec)
{
	const unsigned char *src = (const unsigned char *)rec->data + f->offset;
	size_t n = (size_t)f->size;
	size_t i;

	if (n > SIGFTRACE_COMM_LEN)
		n = SIGFTRACE_COMM_LEN;
	for (i = 0; i < n && src[i]; i++)
		dst[i] = (src[i] < 0x20 || src[i] == 0x7f) ? '?' : (char)src[i];
	dst[i] = '\0';
}

int sigftrace_decode(const struct sigftrace_fields *f, const struct tep_record *rec,
		     struct sigftrace_sig *out)
{
	long long v;

	if (f->kind == SIGFTRACE_EV_OTHER)
		return -1;
	memset(out, 0, offsetof(struct sigftrace_sig, comm) + 1);
	out->kind = f->kind;
	out->group = -1;
	out->result = -1;
	if (read_int(f, f->sig, rec, &v))
		return -1;
	out->sig = (int)v;
	if (read_int(f, f->common_pid, rec, &v))
		return -1;
	out->sender_pid = (int)v;
	if (!read_int(f, f->err, rec, &v))
		out->err = (int)v;
	if (!read_int(f, f->code, rec, &v))
		out->code = (int)v;
	if (!read_int(f, f->common_flags, rec, &v)) {
		if (v & SF_FLAG_NMI)
			out->ctx = SIGFTRACE_CTX_NMI;
		else if (v & SF_FLAG_HARDIRQ)
			out->ctx = SIGFTRACE_CTX_HARDIRQ;
		else if (v & SF_FLAG_SOFTIRQ)
			out->ctx = SIGFTRACE_CTX_SOFTIRQ;
	}
	if (f->kind == SIGFTRACE_EV_DELIVER) {
		out->pid = out->sender_pid;
		read_u64(f->handler, rec, &out->handler);
		read_u64(f->sa_flags, rec, &out->sa_flags);
		return 0;
	}
	if (read_int(f, f->pid, rec, &v) || !field_fits(f->comm, rec))
		return -1;
	out->pid = (int)v;
	copy_comm(out->comm, f->comm, rec);
	if (f->group && !read_int(f, f->group, rec, &v))
		out->group = (int)v;
	if (f->result && !read_int(f, f->result, rec, &v))
		out->result = (int)v;
	return 0;
}

bool sigftrace_kernel_sender(const struct sigftrace_arch *arch, const struct sigftrace_sig *s)
{
	enum sigftrace_origin origin = sigftrace_code_origin(arch, s->sig, s->code);

	return origin == SIGFTRACE_ORIGIN_KERNEL || origin == SIGFTRACE_ORIGIN_FAULT ||
	       origin == SIGFTRACE_ORIGIN_SYS;
}

const char *sigftrace_result_name(int result)
{
	switch (result) {
	case SIGFTRACE_RES_DELIVERED:
		return "delivered";
	case SIGFTRACE_RES_IGNORED:
		return "ignored";
	case SIGFTRACE_RES_PENDING:
		return "pending";
	case SIGFTRACE_RES_OVERFLOW:
		return "overflow";
	case SIGFTRACE_RES_LOSE_INFO:
		return "lose-info";
	default:
		return NULL;
	}
}

static void out_task(struct sf_out *o, const char *comm, int pid)
{
	/* a console log of tp_printk names no sender (and no deliver receiver) */
	if (pid < 0) {
		out_str(o, "(unknown)");
		return;
	}
	out_chr(o, '(');
	out_str(o, comm ? comm : "<...>");
	out_chr(o, ' ');
	out_int(o, pid);
	out_chr(o, ')');
}

static void out_signal(struct sf_out *o, int sig, const struct sigftrace_render_opts *opts)
{
	char name[SIGFTRACE_SIGNAME_MAX];
	size_t n;

	if (opts->flags & (SIGFTRACE_FMT_NUMERIC | SIGFTRACE_FMT_SEED)) {
		out_int(o, sig);
		return;
	}
	n = sigftrace_sig_format(name, sizeof(name), opts->arch, sig);
	out_mem(o, name, n);
}

/* out_sender - the "(sender pid)" part of a generate line */
static void out_sender(struct sf_out *o, const struct sigftrace_sig *s,
		       const struct sigftrace_ids *ids, const struct sigftrace_render_opts *opts)
{
	static const char *const ctx_names[] = {
		[SIGFTRACE_CTX_SOFTIRQ] = "(softirq)",
		[SIGFTRACE_CTX_HARDIRQ] = "(irq)",
		[SIGFTRACE_CTX_NMI] = "(nmi)",
	};
	bool kernel = sigftrace_kernel_sender(opts->arch, s);

	if (opts->flags & SIGFTRACE_FMT_SEED) {
		/* the original patch printed (kernel 0) for kernel-sent signals */
		if (kernel || s->ctx != SIGFTRACE_CTX_TASK)
			out_str(o, "(kernel 0)");
		else
			out_task(o, ids->comm, ids->pid);
	} else if (kernel) {
		out_str(o, "(kernel)");
	} else if (s->ctx != SIGFTRACE_CTX_TASK) {
		out_str(o, ctx_names[s->ctx]);
	} else {
		out_task(o, ids->comm, ids->pid);
	}
}

/* out_ref - " WORD COMM/PID": a task named after the (comm pid) groups */
static void out_ref(struct sf_out *o, const char *word, const char *comm, int pid)
{
	out_chr(o, ' ');
	out_str(o, word);
	out_chr(o, ' ');
	out_str(o, comm ? comm : "<...>");
	out_chr(o, '/');
	out_int(o, pid);
}

/* out_identity - the processes and threads behind the two (comm pid) groups */
static void out_identity(struct sf_out *o, const struct sigftrace_sig *s,
			 const struct sigftrace_ids *ids, const struct sigftrace_render_opts *opts)
{
	if (ids->rpid > 0 && ids->rpid != s->pid)
		out_ref(o, "of", ids->rcomm, ids->rpid);
	if (s->ctx != SIGFTRACE_CTX_TASK || ids->tid <= 0)
		return;
	if (sigftrace_kernel_sender(opts->arch, s)) {
		/* the kernel acted in another task's context: a tty, a pty hang-up */
		if (ids->tid != s->pid)
			out_ref(o, "in", ids->comm, ids->pid);
	} else if (ids->tid != ids->pid) {
		out_ref(o, "by", ids->thread_comm, ids->tid);
	}
}

static void out_decorations(struct sf_out *o, const struct sigftrace_sig *s,
			    const struct sigftrace_render_opts *opts)
{
	enum sigftrace_origin origin = sigftrace_code_origin(opts->arch, s->sig, s->code);
	const char *res;

	switch (origin) {
	case SIGFTRACE_ORIGIN_KILL:
		break;
	case SIGFTRACE_ORIGIN_FAULT:
	case SIGFTRACE_ORIGIN_CHILD:
	case SIGFTRACE_ORIGIN_POLL:
	case SIGFTRACE_ORIGIN_SYS:
		out_chr(o, ' ');
		out_str(o, sigftrace_origin_name(origin));
		out_chr(o, ' ');
		out_str(o, sigftrace_code_name(opts->arch, s->sig, s->code));
		break;
	case SIGFTRACE_ORIGIN_OTHER:
		out_str(o, " code=");
		out_int(o, s->code);
		break;
	default:
		out_chr(o, ' ');
		out_str(o, sigftrace_origin_name(origin));
		break;
	}
	if (s->err) {
		out_str(o, " errno=");
		out_int(o, s->err);
	}
	if (s->result > 0) {
		res = sigftrace_result_name(s->result);
		if (res) {
			out_chr(o, ' ');
			out_str(o, res);
		} else {
			out_str(o, " res=");
			out_int(o, s->result);
		}
	}
	if (s->group == 0)
		out_str(o, " thread");
}

static void out_deliver(struct sf_out *o, const struct sigftrace_sig *s,
			const struct sigftrace_ids *ids, const struct sigftrace_render_opts *opts)
{
	if (opts->flags & SIGFTRACE_FMT_SEED)
		out_str(o, "Deliver :: ");
	out_task(o, ids->thread_comm, s->pid);
	out_str(o, " <==[");
	out_signal(o, s->sig, opts);
	out_str(o, "]== ");
	if (s->handler == SF_SIG_DFL) {
		out_str(o, "default ");
		out_str(o, sigftrace_action_name(sigftrace_sig_action(opts->arch, s->sig)));
	} else if (s->handler == SF_SIG_IGN) {
		out_str(o, "ignored");
	} else {
		out_str(o, "handler ");
		out_hex(o, s->handler);
	}
	if (!(opts->flags & SIGFTRACE_FMT_SEED) && ids->pid > 0 && ids->pid != s->pid)
		out_ref(o, "of", ids->comm, ids->pid);
}

size_t sigftrace_format_ids(char *buf, size_t size, const struct sigftrace_sig *s,
			    const struct sigftrace_ids *ids,
			    const struct sigftrace_render_opts *opts)
{
	struct sf_out o;

	if (!size)
		return 0;
	o.p = buf;
	o.end = buf + size - 1;
	if (s->kind == SIGFTRACE_EV_DELIVER) {
		out_deliver(&o, s, ids, opts);
	} else {
		if (opts->flags & SIGFTRACE_FMT_SEED)
			out_str(&o, "Signal :: ");
		out_sender(&o, s, ids, opts);
		out_str(&o, " --[");
		out_signal(&o, s->sig, opts);
		out_str(&o, "]--> ");
		out_task(&o, s->comm, s->pid);
		if (!(opts->flags & SIGFTRACE_FMT_SEED)) {
			out_decorations(&o, s, opts);
			out_identity(&o, s, ids, opts);
		}
	}
	*o.p = '\0';
	return (size_t)(o.p - buf);
}

size_t sigftrace_format(char *buf, size_t size, const struct sigftrace_sig *s,
			const char *sender_comm, const struct sigftrace_render_opts *opts)
{
	struct sigftrace_ids ids = { sender_comm,   sender_comm,   NULL,
				     s->sender_pid, s->sender_pid, s->pid };

	return sigftrace_format_ids(buf, size, s, &ids, opts);
}

int sigftrace_render_event(struct trace_seq *seq, struct tep_record *rec, struct tep_event *event,
			   const struct sigftrace_render_opts *opts)
{
	struct sigftrace_fields f;
	struct sigftrace_sig s;
	char line[SIGFTRACE_LINE_MAX];
	const char *comm;

	if (sigftrace_fields_init(&f, event) == SIGFTRACE_EV_OTHER || sigftrace_decode(&f, rec, &s))
		return 1;
	comm = tep_data_comm_from_pid(event->tep, s.sender_pid);
	if (comm && !strcmp(comm, "<...>"))
		comm = NULL;
	sigftrace_format(line, sizeof(line), &s, comm, opts);
	trace_seq_puts(seq, line);
	return 0;
}
