// SPDX-License-Identifier: GPL-2.0
/*
 * sf-textin - signal events from ftrace text output and tp_printk console
 * logs (see sf-textin.h).
 *
 * Each line is tried, in this order, as:
 *  1. a printk prefix ("<4>", "[    2.5]", a /dev/kmsg header) followed by
 *     an ftrace line: an ftrace_dump() (sysrq-z, ftrace_dump_on_oops);
 *  2. an ftrace line, anchored on its fixed columns (trace_print_context()
 *     and lat_print_generic() in kernel/trace/trace_output.c);
 *  3. a console line: whatever precedes one of our event names is a prefix.
 * Field values come in two spellings: the event's print fmt ("sig=10 ...
 * sa_handler=525892", where %lx has no 0x) and, for the persistent ring
 * buffer of a previous boot, print_fields() ("sig=0xa (10) ... group=0x1
 * (1)": raw field names, hex plus decimal), because the kernel cannot trust
 * the old boot's print fmt pointers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-comm.h"
#include "sf-textin.h"

#define BLOCK_SIZE 65536

/* first bytes of a trace.dat: 0x17 0x08 0x44 "tracing" */
static const char dat_magic[] = "\x17\x08\x44tracing";
#define DAT_MAGIC_LEN (sizeof(dat_magic) - 1)

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
 * numbers
 */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

static int digit_val(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* parse_digits - at least one digit in @radix; NULL if none or on overflow */
static const char *parse_digits(const char *s, unsigned int radix, unsigned long long *v)
{
	unsigned long long u = 0;
	const char *p = s;
	int d;

	while ((d = digit_val(*p)) >= 0 && (unsigned int)d < radix) {
		if (u > (ULLONG_MAX - (unsigned int)d) / radix)
			return NULL;
		u = u * radix + (unsigned int)d;
		p++;
	}
	if (p == s)
		return NULL;
	*v = u;
	return p;
}

/* A field value: raw bits (or magnitude, with neg) as printed. */
struct num {
	unsigned long long u;
	bool neg;
	bool raw; /* print_fields() spelling: a previous boot's buffer */
};

/*
 * parse_value - a numeric field value, ending at a space or the end
 * @radix: of a bare number: 10 for %d, 16 for %lx (signal_deliver's sa_*)
 *
 * Also the print_fields() spellings: "0x1f (31)" for 2 to 8 byte fields and
 * "(1)" or "'c'(99)" for one-byte fields.
 */
static const char *parse_value(const char *s, unsigned int radix, struct num *n)
{
	unsigned long long dec;
	const char *p;
	const char *q;

	memset(n, 0, sizeof(*n));
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		p = parse_digits(s + 2, 16, &n->u);
		if (!p)
			return NULL;
		if (p[0] == ' ' && p[1] == '(') {
			q = p + 2;
			if (*q == '-')
				q++;
			q = parse_digits(q, 10, &dec);
			if (q && *q == ')') {
				p = q + 1;
				n->raw = true;
			}
		}
	} else if (s[0] == '(' || s[0] == '\'') {
		p = s;
		if (*p == '\'') {
			if (!p[1] || p[2] != '\'' || p[3] != '(')
				return NULL;
			p += 3;
		}
		p = parse_digits(p + 1, 10, &n->u);
		if (!p || *p != ')')
			return NULL;
		p++;
		n->raw = true;
	} else {
		p = s;
		if (radix == 10 && *p == '-') {
			n->neg = true;
			p++;
		}
		p = parse_digits(p, radix, &n->u);
		if (!p)
			return NULL;
	}
	if (*p && *p != ' ')
		return NULL;
	return p;
}

/* num_int - a 32-bit field: a decimal in int range, or up to 32 raw bits */
static bool num_int(const struct num *n, int *out)
{
	if (n->neg) {
		if (n->u > (unsigned long long)INT_MAX + 1)
			return false;
		*out = (int)(0 - (long long)n->u);
		return true;
	}
	if (n->u > UINT_MAX)
		return false;
	*out = (int)(unsigned int)n->u;
	return true;
}

/*
 * parse_ts - "SECS.FRACTION" to nanoseconds, or a bare number (a counter
 * clock) as is
 */
static const char *parse_ts(const char *s, unsigned long long *ts, bool *frac)
{
	unsigned long long sec;
	unsigned long long f = 0;
	const char *p;
	int n = 0;

	p = parse_digits(s, 10, &sec);
	if (!p)
		return NULL;
	*frac = *p == '.';
	if (!*frac) {
		*ts = sec;
		return p;
	}
	p++;
	if (!is_digit(*p))
		return NULL;
	for (; is_digit(*p); p++) {
		if (n < 9) {
			f = f * 10 + (unsigned int)(*p - '0');
			n++;
		}
	}
	for (; n < 9; n++)
		f *= 10;
	if (sec > (ULLONG_MAX - f) / 1000000000ULL)
		return NULL;
	*ts = sec * 1000000000ULL + f;
	return p;
}

/* ---------------------------------------------------------------------------
 * events and their fields
 */

enum ev_id {
	EV_GENERATE,
	EV_DELIVER,
	EV_NEWTASK,
	EV_RENAME,
	EV_EXIT,
};

enum field_type {
	F_INT, /* %d */
	F_HEX, /* %lx: hex without 0x */
	F_COMM, /* %s of a char[16]: may hold spaces, ends before " <next>=" */
};

struct field_spec {
	const char *name; /* in the print fmt */
	const char *alt; /* the field's real name, used by print_fields() */
	enum field_type type;
	const char *next; /* F_COMM: the field printed after it */
};

#define MAX_FIELDS 8

struct event_spec {
	const char *name;
	enum ev_id id;
	unsigned int required; /* bit mask of field indexes */
	struct field_spec f[MAX_FIELDS];
};

/* field indexes */
enum { G_SIG, G_ERRNO, G_CODE, G_COMM, G_PID, G_GROUP, G_RESULT };
enum { D_SIG, D_ERRNO, D_CODE, D_HANDLER, D_FLAGS };
enum { N_PID, N_COMM, N_FLAGS };
enum { R_PID, R_OLDCOMM, R_NEWCOMM };
enum { X_COMM, X_PID };

#define BIT(i) (1u << (i))

/* clang-format off */
static const struct event_spec events[] = {
	/* "sig=%d errno=%d code=%d comm=%s pid=%d grp=%d res=%d" (grp/res since 3.8) */
	{ "signal_generate", EV_GENERATE, BIT(G_SIG) | BIT(G_COMM) | BIT(G_PID), {
		[G_SIG] = { "sig", NULL, F_INT, NULL },
		[G_ERRNO] = { "errno", NULL, F_INT, NULL },
		[G_CODE] = { "code", NULL, F_INT, NULL },
		[G_COMM] = { "comm", NULL, F_COMM, "pid" },
		[G_PID] = { "pid", NULL, F_INT, NULL },
		[G_GROUP] = { "grp", "group", F_INT, NULL },
		[G_RESULT] = { "res", "result", F_INT, NULL },
	} },
	/* "sig=%d errno=%d code=%d sa_handler=%lx sa_flags=%lx" */
	{ "signal_deliver", EV_DELIVER, BIT(D_SIG), {
		[D_SIG] = { "sig", NULL, F_INT, NULL },
		[D_ERRNO] = { "errno", NULL, F_INT, NULL },
		[D_CODE] = { "code", NULL, F_INT, NULL },
		[D_HANDLER] = { "sa_handler", NULL, F_HEX, NULL },
		[D_FLAGS] = { "sa_flags", NULL, F_HEX, NULL },
	} },
	/* "pid=%d comm=%s clone_flags=%llx oom_score_adj=%hd" */
	{ "task_newtask", EV_NEWTASK, BIT(N_PID) | BIT(N_COMM), {
		[N_PID] = { "pid", NULL, F_INT, NULL },
		[N_COMM] = { "comm", NULL, F_COMM, "clone_flags" },
		[N_FLAGS] = { "clone_flags", NULL, F_HEX, NULL },
	} },
	/* "pid=%d oldcomm=%s newcomm=%s oom_score_adj=%hd" (pid: the TASK pid if absent) */
	{ "task_rename", EV_RENAME, BIT(R_NEWCOMM), {
		[R_PID] = { "pid", NULL, F_INT, NULL },
		[R_OLDCOMM] = { "oldcomm", NULL, F_COMM, "newcomm" },
		[R_NEWCOMM] = { "newcomm", NULL, F_COMM, "oom_score_adj" },
	} },
	/* "comm=%s pid=%d prio=%d group_dead=%s" (group_dead since 6.x) */
	{ "sched_process_exit", EV_EXIT, BIT(X_COMM) | BIT(X_PID), {
		[X_COMM] = { "comm", NULL, F_COMM, "pid" },
		[X_PID] = { "pid", NULL, F_INT, NULL },
	} },
};
/* clang-format on */

#define NEVENTS (sizeof(events) / sizeof(events[0]))

struct values {
	unsigned int have; /* bit mask of field indexes */
	bool raw; /* some value was in the print_fields() spelling */
	struct num num[MAX_FIELDS];
	const char *str[MAX_FIELDS];
	size_t len[MAX_FIELDS];
};

static const struct event_spec *find_event(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NEVENTS; i++) {
		if (strlen(events[i].name) == len && !memcmp(events[i].name, name, len))
			return &events[i];
	}
	return NULL;
}

static bool name_is(const char *want, const char *key, size_t len)
{
	return want && strlen(want) == len && !memcmp(want, key, len);
}

static int find_field(const struct event_spec *es, const char *key, size_t len)
{
	int i;

	for (i = 0; i < MAX_FIELDS && es->f[i].name; i++) {
		if (name_is(es->f[i].name, key, len) || name_is(es->f[i].alt, key, len))
			return i;
	}
	return -1;
}

/*
 * comm_end - where a comm value starting at @s ends: the space of the last
 * " @next=" that a comm (at most 16 bytes) can reach. "comm=a pid=1 grp=1"
 * and "comm=x pid=7 pid=8" (a comm "x pid=7") both split right.
 */
static const char *comm_end(const char *s, const char *next)
{
	size_t nlen = strlen(next);
	const char *end = NULL;
	size_t i;

	for (i = 0; i <= SIGFTRACE_COMM_LEN && s[i]; i++) {
		if (s[i] == ' ' && !strncmp(s + i + 1, next, nlen) && s[i + 1 + nlen] == '=')
			end = s + i;
	}
	return end;
}

/* skip_value - the value of a field we do not use */
static const char *skip_value(const char *s)
{
	struct num n;
	const char *p = parse_value(s, 10, &n);

	if (p)
		return p;
	p = strchr(s, ' ');
	return p ? p : s + strlen(s);
}

/* parse_args - "name=value ..." of @es; false if a needed field is missing or bad */
static bool parse_args(const struct event_spec *es, const char *p, struct values *v)
{
	memset(v, 0, sizeof(*v));
	for (;;) {
		const struct field_spec *f;
		const char *key;
		const char *end;
		size_t klen;
		int i;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		key = p;
		while (is_ident(*p))
			p++;
		klen = (size_t)(p - key);
		if (!klen || *p != '=')
			return false;
		p++;
		i = find_field(es, key, klen);
		if (i < 0) {
			p = skip_value(p);
			continue;
		}
		f = &es->f[i];
		if (f->type == F_COMM) {
			end = comm_end(p, f->next);
			if (!end && !(es->required & ~v->have & ~BIT(i)))
				end = p + strlen(p); /* nothing needed after it */
			if (!end)
				return false;
			v->str[i] = p;
			v->len[i] = (size_t)(end - p);
		} else {
			end = parse_value(p, f->type == F_HEX ? 16 : 10, &v->num[i]);
			if (!end)
				return false;
			v->raw |= v->num[i].raw;
		}
		v->have |= BIT(i);
		p = end;
	}
	return (v->have & es->required) == es->required;
}

/* ---------------------------------------------------------------------------
 * line layouts
 */

enum line_fmt {
	FMT_FTRACE, /* TASK-PID [CPU] FLAGS TS: */
	FMT_LATENCY, /* TASK-PID CPUFLAGS TSus: (TASK cut to 8 bytes) */
	FMT_CONSOLE, /* only the event: no task, maybe no time */
};

struct line {
	unsigned long long ts;
	const char *task; /* TASK column, not NUL-terminated; NULL if none */
	size_t task_len;
	const char *event;
	size_t event_len;
	const char *args;
	int cpu;
	int pid; /* common_pid; -1 if unknown */
	int tgid; /* its process (the record-tgid column), 0 if unknown */
	enum sigftrace_context ctx;
	enum line_fmt fmt;
};

static void line_init(struct line *c)
{
	memset(c, 0, sizeof(*c));
	c->cpu = -1;
	c->pid = -1;
	c->ctx = SIGFTRACE_CTX_TASK;
}

/*
 * parse_flags - the irq-info column (trace_print_lat_fmt()): irqs-off,
 * need-resched, hardirq/softirq, preempt-depth and, since 5.x,
 * migrate-disable. Its third letter is the context: h/H hard irq (H: in a
 * softirq too), s softirq, z/Z NMI.
 */
static const char *parse_flags(const char *s, enum sigftrace_context *ctx)
{
	static const char ok[] = ".dDbXnNpPlLBhHszZ0123456789abcdef";
	size_t n;

	for (n = 0; s[n] && s[n] != ' '; n++) {
		if (n == 5 || !strchr(ok, s[n]))
			return NULL;
	}
	if (n < 4)
		return NULL;
	switch (s[2]) {
	case 'h':
	case 'H':
		*ctx = SIGFTRACE_CTX_HARDIRQ;
		break;
	case 's':
		*ctx = SIGFTRACE_CTX_SOFTIRQ;
		break;
	case 'z':
	case 'Z':
		*ctx = SIGFTRACE_CTX_NMI;
		break;
	default:
		*ctx = SIGFTRACE_CTX_TASK;
		break;
	}
	return s + n;
}

/* parse_event - "name: args" after the context columns */
static bool parse_event(const char *p, struct line *c)
{
	c->event = p;
	while (is_ident(*p))
		p++;
	c->event_len = (size_t)(p - c->event);
	if (!c->event_len || *p != ':' || (p[1] && p[1] != ' '))
		return false;
	p++;
	while (*p == ' ')
		p++;
	c->args = p;
	return true;
}

/*
 * try_context - the columns after a TASK column ending at @dash
 *
 *   "%16s-%-7d " ["(%7d) "] "[%03d] " [FLAGS] " %5lu.%06lu: "  trace, trace_pipe
 *   "%8.8s-%-7d %3d" FLAGS " %4lldus%c: "                       latency-format
 */
static bool try_context(const char *start, const char *dash, struct line *c)
{
	unsigned long long v;
	const char *p;
	bool frac;

	p = parse_digits(dash + 1, 10, &v);
	if (!p || v > INT_MAX || *p != ' ')
		return false;
	c->pid = (int)v;
	while (*p == ' ')
		p++;
	if (*p == '(') {
		/* record-tgid: "(   123)", "(-------)" when unknown */
		p++;
		while (*p == ' ' || *p == '-' || is_digit(*p)) {
			if (is_digit(*p) && c->tgid < 100000000)
				c->tgid = c->tgid * 10 + (*p - '0');
			p++;
		}
		if (*p != ')' || p[1] != ' ')
			return false;
		p += 2;
		while (*p == ' ')
			p++;
	}
	if (*p == '[') {
		p = parse_digits(p + 1, 10, &v);
		if (!p || v > INT_MAX || *p != ']' || p[1] != ' ')
			return false;
		c->cpu = (int)v;
		p += 2;
		while (*p == ' ')
			p++;
		/* irq-info on: flags first (they never start with a digit) */
		if (!is_digit(*p)) {
			p = parse_flags(p, &c->ctx);
			if (!p)
				return false;
			while (*p == ' ')
				p++;
		}
		p = parse_ts(p, &c->ts, &frac);
		if (!p || *p != ':')
			return false;
		c->fmt = FMT_FTRACE;
	} else if (is_digit(*p)) {
		p = parse_digits(p, 10, &v);
		if (!p || v > INT_MAX)
			return false;
		c->cpu = (int)v;
		p = parse_flags(p, &c->ctx);
		if (!p || *p != ' ')
			return false;
		while (*p == ' ')
			p++;
		p = parse_ts(p, &c->ts, &frac);
		if (!p)
			return false;
		if (!frac && p[0] == 'u' && p[1] == 's') {
			if (c->ts > ULLONG_MAX / 1000)
				return false;
			c->ts *= 1000;
			p += 2;
		}
		/* the delay mark: ' ', '+', '!', '#', '*', '@', '$' */
		if (*p && *p != ':' && p[1] == ':' && strchr(" +!#*@$", *p))
			p++;
		if (*p != ':')
			return false;
		c->fmt = FMT_LATENCY;
	} else {
		return false;
	}
	p++;
	if (*p != ' ')
		return false;
	while (*p == ' ')
		p++;
	if (!parse_event(p, c))
		return false;
	c->task = start;
	c->task_len = (size_t)(dash - start);
	return true;
}

/*
 * parse_ftrace - an ftrace line. The TASK column may hold spaces and dashes
 * ("Web Content-1234", "kworker/u2:1-37"): every '-' a comm can reach is
 * tried, left to right, and the first that the fixed columns after it
 * confirm is the separator (the last '-' of the TASK-PID column).
 */
static bool parse_ftrace(const char *s, struct line *c)
{
	const char *start;
	const char *dash;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	start = s;
	for (dash = strchr(start, '-'); dash && dash - start <= SIGFTRACE_COMM_LEN;
	     dash = strchr(dash + 1, '-')) {
		line_init(c);
		if (try_context(start, dash, c))
			return true;
	}
	return false;
}

/* bracket_ts - "[    2.568802]" at @s: the end of it, or NULL */
static const char *bracket_ts(const char *s, unsigned long long *ts)
{
	const char *p = s + 1;
	bool frac;

	if (*s != '[')
		return NULL;
	while (*p == ' ')
		p++;
	p = parse_ts(p, ts, &frac);
	if (!p || !frac || *p != ']')
		return NULL;
	return p + 1;
}

/* bracket_caller - CONFIG_PRINTK_CALLER's "[     T85]" (task) or "[     C1]" (CPU) */
static const char *bracket_caller(const char *s, struct line *c)
{
	unsigned long long v;
	const char *p = s;
	char kind;

	while (*p == ' ')
		p++;
	if (*p != '[')
		return NULL;
	p++;
	while (*p == ' ')
		p++;
	kind = *p;
	if (kind != 'T' && kind != 'C')
		return NULL;
	p = parse_digits(p + 1, 10, &v);
	if (!p || *p != ']' || v > INT_MAX)
		return NULL;
	if (kind == 'T')
		c->pid = (int)v;
	else
		c->cpu = (int)v;
	return p + 1;
}

/*
 * kmsg_header - a /dev/kmsg record "PRIO,SEQ,USECS,FLAGS[,caller=T85];":
 * the text after it, or NULL
 */
static const char *kmsg_header(const char *s, struct line *c)
{
	unsigned long long v[3];
	const char *semi;
	const char *p = s;
	const char *q;
	int i;

	for (i = 0; i < 3; i++) {
		p = parse_digits(p, 10, &v[i]);
		if (!p || *p != ',')
			return NULL;
		p++;
	}
	semi = strchr(p, ';');
	if (!semi || v[2] > ULLONG_MAX / 1000)
		return NULL;
	c->ts = v[2] * 1000;
	q = strstr(p, ",caller=");
	if (q && q < semi) {
		q += 8;
		if (*q == 'T' || *q == 'C') {
			if (parse_digits(q + 1, 10, &v[0]) && v[0] <= INT_MAX) {
				if (*q == 'T')
					c->pid = (int)v[0];
				else
					c->cpu = (int)v[0];
			}
		}
	}
	return semi + 1;
}

/*
 * printk_prefix - skip what printk puts before a message: "<4>", then
 * "[    2.568802]" and "[     T85]", or a /dev/kmsg header. Fills the
 * console fields of @c.
 * Return: the message, or NULL if @s has no such prefix.
 */
static const char *printk_prefix(const char *s, struct line *c)
{
	const char *p = s;
	const char *q;
	bool any = false;

	q = kmsg_header(p, c);
	if (q)
		return q;
	if (*p == '<') {
		q = p + 1;
		while (is_digit(*q))
			q++;
		if (q > p + 1 && *q == '>') {
			p = q + 1;
			any = true;
		}
	}
	q = bracket_ts(p, &c->ts);
	if (q) {
		p = q;
		any = true;
		q = bracket_caller(p, c);
		if (q)
			p = q;
	}
	if (!any)
		return NULL;
	while (*p == ' ')
		p++;
	return p;
}

/* find_token - the earliest of our event names followed by ':' as a word */
static const char *find_token(const char *s)
{
	const char *best = NULL;
	const char *p;
	size_t i;

	for (i = 0; i < NEVENTS; i++) {
		size_t len = strlen(events[i].name);

		for (p = strstr(s, events[i].name); p && (!best || p < best);
		     p = strstr(p + 1, events[i].name)) {
			if ((p == s || !is_ident(p[-1])) && p[len] == ':') {
				best = p;
				break;
			}
		}
	}
	return best;
}

/*
 * parse_console - a tp_printk line: "[    2.568802] signal_generate: ...",
 * maybe after dmesg -x, syslog or journal prefixes. Only the last bracketed
 * timestamp before the event (and a caller id right after it) is used.
 */
static bool parse_console(const char *s, struct line *c)
{
	const char *tok = find_token(s);
	unsigned long long ts;
	const char *p;

	if (!tok)
		return false;
	line_init(c);
	c->fmt = FMT_CONSOLE;
	if (kmsg_header(s, c) == tok)
		return parse_event(tok, c);
	line_init(c);
	c->fmt = FMT_CONSOLE;
	for (p = strchr(s, '['); p && p < tok; p = strchr(p + 1, '[')) {
		const char *q = bracket_ts(p, &ts);

		if (!q || q > tok)
			continue;
		c->ts = ts;
		c->pid = -1;
		c->cpu = -1;
		bracket_caller(q, c);
	}
	return parse_event(tok, c);
}

/* parse_line - any event line; false for everything else */
static bool parse_line(const char *s, struct line *c)
{
	struct line pc;
	const char *msg;

	line_init(&pc);
	msg = printk_prefix(s, &pc);
	if (msg && parse_ftrace(msg, c))
		return true; /* ftrace_dump() in a console log */
	if (parse_ftrace(s, c))
		return true;
	return parse_console(s, c);
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

/* copy_comm - a NUL-terminated copy of a comm; control bytes become '?' */
static void copy_comm(char *dst, const char *src, size_t len)
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

static bool column_unknown(const struct line *c)
{
	return !c->task || (c->task_len == 5 && !memcmp(c->task, "<...>", 5));
}

/*
 * sender_name - name @c->pid at the time of @c, into st->sender
 * @self: the receiver comm of a task signalling itself, else NULL
 * @raw: the line is in the previous boot's print_fields() format
 */
static const char *sender_name(struct state *st, const struct line *c, const char *self, bool raw)
{
	const char *seen = sf_comms_get(st->seen_names, c->pid);
	const char *n;

	n = self ? self : sf_comms_get(st->task_names, c->pid);
	if (!n && !raw && !column_unknown(c)) {
		/* the latency-format cuts the column to 8 bytes: complete it */
		if (c->fmt == FMT_LATENCY && c->task_len == 8 && seen && !strncmp(seen, c->task, 8))
			n = seen;
		else
			copy_comm(st->sender, c->task, c->task_len);
		if (!n)
			return st->sender;
	}
	if (!n)
		n = seen;
	if (!n)
		return NULL;
	copy_comm(st->sender, n, strlen(n));
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
		copy_comm(name, n, strlen(n));
		*pname = name;
	}
	return tgid;
}

static int emit_signal(struct state *st, const struct line *c, const struct event_spec *es,
		       const struct values *v)
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
	if (!num_int(&v->num[G_SIG], &s->sig) ||
	    ((v->have & BIT(G_ERRNO)) && !num_int(&v->num[G_ERRNO], &s->err)) ||
	    ((v->have & BIT(G_CODE)) && !num_int(&v->num[G_CODE], &s->code)))
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
	if (!num_int(&v->num[G_PID], &s->pid) ||
	    ((v->have & BIT(G_GROUP)) && !num_int(&v->num[G_GROUP], &s->group)) ||
	    ((v->have & BIT(G_RESULT)) && !num_int(&v->num[G_RESULT], &s->result)))
		return 0;
	copy_comm(s->comm, v->str[G_COMM], v->len[G_COMM]);
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

static int emit_exit(struct state *st, const struct line *c, const struct values *v)
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
	if (!num_int(&v->num[X_PID], &ev.exit_pid))
		return 0;
	ev.exit_tgid = process_of(st, ev.exit_pid, st->sender_p, &ev.sender_pcomm);
	copy_comm(st->exit_comm, v->str[X_COMM], v->len[X_COMM]);
	ev.exit_comm = st->exit_comm;
	/*
	 * The exiting task still sends its SIGCHLD after this event: its name
	 * stays known.
	 */
	sf_comms_set(st->seen_names, ev.exit_pid, st->exit_comm);
	return st->cb(&ev, st->ctx);
}

/* rename_task - fork (the child has the parent's comm) and exec/prctl renames */
static void rename_task(struct state *st, const struct line *c, const struct event_spec *es,
			const struct values *v)
{
	char comm[SIGFTRACE_COMM_LEN + 1];
	int idx = es->id == EV_NEWTASK ? N_COMM : R_NEWCOMM;
	int pid = c->pid;

	/*
	 * A task_rename without pid= (not seen on 6.18, which prints it): the
	 * renaming task is nearly always the renamed one (exec, prctl).
	 */
	if ((v->have & BIT(N_PID)) && !num_int(&v->num[N_PID], &pid))
		return;
	if (pid < 0)
		return;
	copy_comm(comm, v->str[idx], v->len[idx]);
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
	for (p = s + 10; is_ident(*p); p++)
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
	const struct event_spec *es;
	struct values v;
	struct line c;

	*recognized = false;
	if (*s == '#') {
		*recognized = is_header(s);
		return 0;
	}
	if (!parse_line(s, &c))
		return 0;
	if (c.fmt != FMT_CONSOLE)
		*recognized = true;
	es = find_event(c.event, c.event_len);
	if (!es || !parse_args(es, c.args, &v))
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

		copy_comm(comm, c.task, c.task_len);
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

	if (r->len >= DAT_MAGIC_LEN && !memcmp(r->blk, dat_magic, DAT_MAGIC_LEN))
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
	if (ret > 0 && r->len >= DAT_MAGIC_LEN && !memcmp(r->blk, dat_magic, DAT_MAGIC_LEN)) {
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
