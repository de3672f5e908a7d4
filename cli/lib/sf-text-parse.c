// SPDX-License-Identifier: GPL-2.0
/*
 * sf-text-parse - the lines of text traces (see sf-text-parse.h).
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
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-text-parse.h"

/* ---------------------------------------------------------------------------
 * numbers
 */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool sf_text_is_ident(char c)
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

/*
 * parse_value - a numeric field value, ending at a space or the end
 * @radix: of a bare number: 10 for %d, 16 for %lx (signal_deliver's sa_*)
 *
 * Also the print_fields() spellings: "0x1f (31)" for 2 to 8 byte fields and
 * "(1)" or "'c'(99)" for one-byte fields.
 */
static const char *parse_value(const char *s, unsigned int radix, struct sf_text_num *n)
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
bool sf_text_num_int(const struct sf_text_num *n, int *out)
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

/* clang-format off */
static const struct sf_text_spec events[] = {
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

const struct sf_text_spec *sf_text_find_event(const char *name, size_t len)
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

static int find_field(const struct sf_text_spec *es, const char *key, size_t len)
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
	struct sf_text_num n;
	const char *p = parse_value(s, 10, &n);

	if (p)
		return p;
	p = strchr(s, ' ');
	return p ? p : s + strlen(s);
}

/* parse_args - "name=value ..." of @es; false if a needed field is missing or bad */
bool sf_text_parse_args(const struct sf_text_spec *es, const char *p, struct sf_text_values *v)
{
	memset(v, 0, sizeof(*v));
	for (;;) {
		const struct sf_text_field *f;
		const char *key;
		const char *end;
		size_t klen;
		int i;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		key = p;
		while (sf_text_is_ident(*p))
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

static void line_init(struct sf_text_line *c)
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
static bool parse_event(const char *p, struct sf_text_line *c)
{
	c->event = p;
	while (sf_text_is_ident(*p))
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
static bool try_context(const char *start, const char *dash, struct sf_text_line *c)
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
static bool parse_ftrace(const char *s, struct sf_text_line *c)
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
static const char *bracket_caller(const char *s, struct sf_text_line *c)
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
static const char *kmsg_header(const char *s, struct sf_text_line *c)
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
static const char *printk_prefix(const char *s, struct sf_text_line *c)
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
			if ((p == s || !sf_text_is_ident(p[-1])) && p[len] == ':') {
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
static bool parse_console(const char *s, struct sf_text_line *c)
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
bool sf_text_parse_line(const char *s, struct sf_text_line *c)
{
	struct sf_text_line pc;
	const char *msg;

	line_init(&pc);
	msg = printk_prefix(s, &pc);
	if (msg && parse_ftrace(msg, c))
		return true; /* ftrace_dump() in a console log */
	if (parse_ftrace(s, c))
		return true;
	return parse_console(s, c);
}
