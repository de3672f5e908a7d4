// SPDX-License-Identifier: GPL-2.0
/*
 * sf-filter-expr - the kernel's event-filter language in user space (see
 * sf-filter-expr.h). A recursive-descent parser builds a small tree; matching
 * walks it. The texts of the errors are the kernel's (err_text[] in
 * kernel/trace/trace_events_filter.c) wherever the kernel has one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sf-filter-expr.h"
#include "sf-util.h"

#define KF_STR_MAX 256 /* MAX_FILTER_STR_VAL */
#define KF_NUM_MAX 24 /* the kernel's number buffer */
/* deeper than SF_KFILTER_MAX bytes can nest: a bound on the recursion only */
#define KF_DEPTH_MAX (SF_KFILTER_MAX / 2 + 1)
#define KF_CPUS_MAX 8192
#define KF_COMM_LEN 16 /* TASK_COMM_LEN */

/* the operators, longest first where one is a prefix of another */
enum kf_op { OP_GLOB, OP_NE, OP_EQ, OP_LE, OP_LT, OP_GE, OP_GT, OP_BAND };

static const char *const kf_ops[] = { "~", "!=", "==", "<=", "<", ">=", ">", "&" };

enum kf_ftype {
	FT_NUM, /* a number field of 1, 2, 4 or 8 bytes (others never match) */
	FT_STR, /* char[N] */
	FT_DYNSTR, /* __data_loc char[] */
	FT_RELSTR, /* __rel_loc char[] */
	FT_PTRSTR, /* char *: a kernel pointer, unreadable here: never matches */
	FT_COMM, /* COMM, comm: the current task's comm */
	FT_CPU, /* CPU, cpu, common_cpu */
};

enum kf_match { M_FULL, M_FRONT, M_MIDDLE, M_END, M_GLOB };

struct kf_pred {
	enum kf_op op;
	enum kf_ftype ftype;
	enum kf_match match;
	bool negate;
	bool is_signed;
	int offset;
	int size;
	unsigned long long val;
	unsigned char *mask; /* CPUS{} with more than one CPU */
	int plen;
	char pattern[KF_STR_MAX];
};

enum kf_kind { KF_PRED, KF_NOT, KF_AND, KF_OR };

struct sf_kfilter {
	enum kf_kind kind;
	struct sf_kfilter *l;
	struct sf_kfilter *r;
	struct kf_pred *pred;
	struct tep_handle *tep; /* byte order of the records */
};

struct kparse {
	const char *s;
	size_t i;
	struct tep_event *ev;
	const char *err;
	int depth;
};

static void skip_space(struct kparse *p)
{
	while (isspace((unsigned char)p->s[p->i]))
		p->i++;
}

static struct sf_kfilter *node(struct kparse *p, enum kf_kind kind)
{
	struct sf_kfilter *n = sf_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->tep = p->ev->tep;
	return n;
}

void sf_kfilter_free(struct sf_kfilter *f)
{
	if (!f)
		return;
	sf_kfilter_free(f->l);
	sf_kfilter_free(f->r);
	if (f->pred)
		free(f->pred->mask);
	free(f->pred);
	free(f);
}

/* fail - remember the first error; always NULL */
static struct sf_kfilter *fail(struct kparse *p, const char *err)
{
	if (!p->err)
		p->err = err;
	return NULL;
}

/*
 * prescan - quotes and parentheses first, as the kernel does before it
 * parses anything (so that its errors win)
 */
static const char *prescan(const char *s)
{
	char quote = 0;
	int open = 0;
	bool term = false;

	for (; *s; s++) {
		if (quote) {
			if (*s == quote)
				quote = 0;
			continue;
		}
		if (*s == '"' || *s == '\'') {
			quote = *s;
			term = true;
		} else if (*s == '(') {
			open++;
		} else if (*s == ')') {
			if (!open)
				return "Too few '('";
			open--;
		} else if (!isspace((unsigned char)*s) && !strchr("&|!", *s)) {
			term = true;
		}
	}
	if (quote)
		return "Missing matching quote";
	if (open)
		return "Too many '('";
	return term ? NULL : "No filter found";
}

/*
 * parse_u64 - kstrtoull(s, 0): 0x hex, 0 octal, else decimal, every
 * character a digit of the base, no overflow
 */
static int parse_u64(const char *s, unsigned long long *v)
{
	unsigned int base = 10;
	unsigned long long x = 0;

	if (*s == '+')
		s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	if (!*s)
		return -1;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return -1;
		if (d >= base || x > (~0ULL - d) / base)
			return -1;
		x = x * base + d;
	}
	*v = x;
	return 0;
}

/* parse_number - kstrtoll() for signed fields, kstrtoull() for the others */
static int parse_number(const char *s, bool is_signed, unsigned long long *v)
{
	unsigned long long u;

	if (*s == '-') {
		if (!is_signed || parse_u64(s + 1, &u) || u > (1ULL << 63))
			return -1;
		*v = 0ULL - u;
		return 0;
	}
	if (parse_u64(s, &u) || (is_signed && u > (unsigned long long)0x7fffffffffffffffLL))
		return -1;
	*v = u;
	return 0;
}

/* parse_cpulist - "0-3,8,10-11" into a bit mask; the number of CPUs in *count */
static int parse_cpulist(const char *s, size_t len, unsigned char *mask, int *count, int *first)
{
	size_t i = 0;

	*count = 0;
	*first = -1;
	while (i < len) {
		unsigned long a = 0, b;
		size_t start = i;

		while (i < len && isdigit((unsigned char)s[i]) && a < KF_CPUS_MAX)
			a = a * 10 + (unsigned long)(s[i++] - '0');
		if (i == start || a >= KF_CPUS_MAX)
			return -1;
		b = a;
		if (i < len && s[i] == '-') {
			start = ++i;
			b = 0;
			while (i < len && isdigit((unsigned char)s[i]) && b < KF_CPUS_MAX)
				b = b * 10 + (unsigned long)(s[i++] - '0');
			if (i == start || b >= KF_CPUS_MAX || b < a)
				return -1;
		}
		for (; a <= b; a++) {
			if (!(mask[a / 8] & (1u << (a % 8)))) {
				mask[a / 8] |= (unsigned char)(1u << (a % 8));
				(*count)++;
				if (*first < 0)
					*first = (int)a;
			}
		}
		if (i < len && s[i] != ',')
			return -1;
		if (i < len)
			i++;
	}
	return *count ? 0 : -1;
}

/* regex_type - filter_parse_regex(): the kind of match a ~ pattern asks for */
static void regex_type(struct kf_pred *pr)
{
	char *buf = pr->pattern;
	int len = pr->plen;
	enum kf_match type = M_FULL;
	int i;

	if (buf[0] == '!') {
		pr->negate = true;
		memmove(buf, buf + 1, (size_t)len);
		len--;
	}
	pr->match = M_FULL;
	pr->plen = len;
	/* a pattern that starts with a digit is an index: a full match */
	if (isdigit((unsigned char)buf[0]))
		return;
	for (i = 0; i < len; i++) {
		if (buf[i] == '*') {
			if (!i) {
				type = M_END;
			} else if (i == len - 1) {
				type = type == M_END ? M_MIDDLE : M_FRONT;
				buf[i] = '\0';
				break;
			} else {
				pr->match = M_GLOB;
				return;
			}
		} else if (strchr("[?\\", buf[i])) {
			pr->match = M_GLOB;
			return;
		}
	}
	if (buf[0] == '*')
		memmove(buf, buf + 1, strlen(buf));
	pr->plen = (int)strlen(buf);
	pr->match = type;
}

/* field_type - the kernel's filter_assign_type() on the format's type text */
static enum kf_ftype field_type(const struct tep_format_field *f)
{
	const char *t = f->type ? f->type : "";

	if (strstr(t, "__data_loc") && strstr(t, "char"))
		return FT_DYNSTR;
	if (strstr(t, "__rel_loc") && strstr(t, "char"))
		return FT_RELSTR;
	if (strchr(t, '[') && strstr(t, "char"))
		return FT_STR;
	if (!strcmp(t, "char *") || !strcmp(t, "const char *"))
		return FT_PTRSTR;
	return FT_NUM;
}

static bool is_string(enum kf_ftype t)
{
	return t == FT_STR || t == FT_DYNSTR || t == FT_RELSTR || t == FT_PTRSTR || t == FT_COMM;
}

/* find_field - the event's own fields, then the generic ones, then the common ones */
static int find_field(struct kparse *p, const char *name, struct kf_pred *pr)
{
	struct tep_format_field *f = tep_find_field(p->ev, name);

	if (!f) {
		if (!strcmp(name, "CPU") || !strcmp(name, "cpu") || !strcmp(name, "common_cpu")) {
			pr->ftype = FT_CPU;
			pr->is_signed = true;
			return 0;
		}
		if (!strcmp(name, "COMM") || !strcmp(name, "comm")) {
			pr->ftype = FT_COMM;
			return 0;
		}
		f = tep_find_common_field(p->ev, name);
	}
	if (!f)
		return -1;
	pr->ftype = field_type(f);
	pr->offset = f->offset;
	pr->size = f->size;
	pr->is_signed = (f->flags & TEP_FIELD_IS_SIGNED) != 0;
	return 0;
}

/* pred_cpus - FIELD OP CPUS{list} */
static struct kf_pred *pred_cpus(struct kparse *p, struct kf_pred *pr)
{
	const char *s = p->s;
	size_t start;
	int count, first;

	if (is_string(pr->ftype) || (pr->op != OP_EQ && pr->op != OP_NE && pr->op != OP_BAND)) {
		p->err = "Illegal operation for field type";
		return NULL;
	}
	p->i += 4;
	if (s[p->i++] != '{') {
		p->err = "Missing '{'";
		return NULL;
	}
	start = p->i;
	while (s[p->i] && s[p->i] != '}')
		p->i++;
	if (s[p->i] != '}') {
		p->err = "Missing '}'";
		return NULL;
	}
	pr->mask = sf_xcalloc(KF_CPUS_MAX / 8, 1);
	if (parse_cpulist(s + start, p->i - start, pr->mask, &count, &first)) {
		p->err = "Invalid cpulist";
		return NULL;
	}
	p->i++;
	/* one CPU: a plain comparison with its number */
	if (count == 1) {
		free(pr->mask);
		pr->mask = NULL;
		pr->val = (unsigned long long)first;
		if (pr->op == OP_BAND)
			pr->op = OP_EQ;
		if (pr->ftype == FT_NUM)
			pr->is_signed = false;
	}
	return pr;
}

/* pred_string - FIELD OP "value" */
static struct kf_pred *pred_string(struct kparse *p, struct kf_pred *pr)
{
	const char *s = p->s;
	char q = s[p->i];
	size_t start;

	if (pr->op != OP_EQ && pr->op != OP_NE && pr->op != OP_GLOB) {
		p->err = "Illegal operation for field type";
		return NULL;
	}
	if (!is_string(pr->ftype)) {
		p->err = "Expecting numeric field";
		return NULL;
	}
	start = ++p->i;
	while (s[p->i] && s[p->i] != q)
		p->i++;
	if (!s[p->i]) {
		p->err = "Missing matching quote";
		return NULL;
	}
	if (p->i - start >= KF_STR_MAX) {
		p->err = "Operand too long";
		return NULL;
	}
	pr->plen = (int)(p->i - start);
	memcpy(pr->pattern, s + start, (size_t)pr->plen);
	pr->pattern[pr->plen] = '\0';
	pr->negate = pr->op == OP_NE;
	pr->match = M_FULL;
	if (pr->op == OP_GLOB)
		regex_type(pr);
	p->i++;
	return pr;
}

/* pred_number - FIELD OP number */
static struct kf_pred *pred_number(struct kparse *p, struct kf_pred *pr)
{
	const char *s = p->s;
	char num[KF_NUM_MAX];
	size_t start = p->i;

	if (is_string(pr->ftype)) {
		p->err = "Expecting string field";
		return NULL;
	}
	if (pr->op == OP_GLOB) {
		p->err = "Illegal operation for field type";
		return NULL;
	}
	if (s[p->i] == '-')
		p->i++;
	while (isalnum((unsigned char)s[p->i]))
		p->i++;
	if (p->i - start >= sizeof(num)) {
		p->err = "Operand too long";
		return NULL;
	}
	memcpy(num, s + start, p->i - start);
	num[p->i - start] = '\0';
	if (parse_number(num, pr->is_signed, &pr->val)) {
		p->err = "Illegal integer value";
		return NULL;
	}
	pr->negate = pr->op == OP_NE;
	return pr;
}

/* parse_pred - FIELD[.ustring|.function] OP VALUE */
static struct sf_kfilter *parse_pred(struct kparse *p)
{
	const char *s = p->s;
	struct sf_kfilter *n;
	struct kf_pred *pr;
	char name[128];
	size_t start, len;
	int op;

	skip_space(p);
	start = p->i;
	while (isalnum((unsigned char)s[p->i]) || s[p->i] == '_')
		p->i++;
	len = p->i - start;
	if (!len)
		return fail(p, "Missing field name (a filter is FIELD OP VALUE)");
	if (len >= sizeof(name))
		return fail(p, "Field not found");
	memcpy(name, s + start, len);
	name[len] = '\0';
	pr = sf_xcalloc(1, sizeof(*pr));
	if (find_field(p, name, pr)) {
		free(pr);
		return fail(p, "Field not found");
	}
	if (!strncmp(s + p->i, ".ustring", 8)) {
		p->i += 8;
	} else if (!strncmp(s + p->i, ".function", 9)) {
		/* needs the recording kernel's symbols; and signal fields are not longs */
		free(pr);
		return fail(p, "Illegal operation for field type");
	}
	skip_space(p);
	for (op = 0; op < (int)SF_ARRAY_SIZE(kf_ops); op++) {
		if (!strncmp(s + p->i, kf_ops[op], strlen(kf_ops[op])))
			break;
	}
	if (op == (int)SF_ARRAY_SIZE(kf_ops)) {
		free(pr);
		return fail(p, "Invalid operator");
	}
	pr->op = (enum kf_op)op;
	p->i += strlen(kf_ops[op]);
	skip_space(p);
	if (!strncmp(s + p->i, "CPUS", 4))
		pr = pred_cpus(p, pr) ? pr : (free(pr->mask), free(pr), NULL);
	else if (s[p->i] == '"' || s[p->i] == '\'')
		pr = pred_string(p, pr) ? pr : (free(pr), NULL);
	else if (isdigit((unsigned char)s[p->i]) || s[p->i] == '-')
		pr = pred_number(p, pr) ? pr : (free(pr), NULL);
	else
		pr = (free(pr), fail(p, "Invalid value (did you forget quotes)?"), NULL);
	if (!pr)
		return NULL;
	n = node(p, KF_PRED);
	n->pred = pr;
	return n;
}

static struct sf_kfilter *parse_or(struct kparse *p);

/* at_term_end - what may follow a predicate or a group: ) && || or the end */
static bool at_term_end(struct kparse *p)
{
	const char *s = p->s + p->i;

	return !*s || *s == ')' || (s[0] == '&' && s[1] == '&') || (s[0] == '|' && s[1] == '|');
}

/* is_not - a '!' that negates (not the start of != or !~) */
static bool is_not(const struct kparse *p)
{
	const char *s = p->s + p->i;

	return s[0] == '!' && s[1] != '=' && s[1] != '~';
}

static struct sf_kfilter *parse_unary(struct kparse *p)
{
	struct sf_kfilter *n, *inner;
	bool invert;
	char c;

	skip_space(p);
	c = p->s[p->i];
	if (is_not(p)) {
		/* the kernel flips one flag per '!': any number of them, no depth */
		for (invert = false; is_not(p); invert = !invert) {
			p->i++;
			skip_space(p);
		}
		inner = parse_unary(p);
		if (!inner || !invert)
			return inner;
		n = node(p, KF_NOT);
		n->l = inner;
		return n;
	}
	if (c == '(') {
		if (++p->depth > KF_DEPTH_MAX)
			return fail(p, "Too many '('");
		p->i++;
		n = parse_or(p);
		if (!n)
			return NULL;
		skip_space(p);
		/* the prescan balanced the parentheses: only ) can end the group here */
		if (p->s[p->i] != ')') {
			sf_kfilter_free(n);
			return fail(p, "Too many terms in predicate expression");
		}
		p->i++;
		p->depth--;
	} else if (!c || c == ')' || c == '&' || c == '|') {
		return fail(p, "Missing predicate (FIELD OP VALUE)");
	} else {
		n = parse_pred(p);
		if (!n)
			return NULL;
	}
	skip_space(p);
	if (!at_term_end(p)) {
		sf_kfilter_free(n);
		return fail(p, "Too many terms in predicate expression");
	}
	return n;
}

/* parse_list - @sub joined by @op ("&&" or "||") */
static struct sf_kfilter *parse_list(struct kparse *p, struct sf_kfilter *(*sub)(struct kparse *),
				     const char *op, enum kf_kind kind)
{
	struct sf_kfilter *l = sub(p), *r, *n;

	while (l) {
		skip_space(p);
		if (strncmp(p->s + p->i, op, 2))
			break;
		p->i += 2;
		r = sub(p);
		if (!r) {
			sf_kfilter_free(l);
			return NULL;
		}
		n = node(p, kind);
		n->l = l;
		n->r = r;
		l = n;
	}
	return l;
}

static struct sf_kfilter *parse_and(struct kparse *p)
{
	return parse_list(p, parse_unary, "&&", KF_AND);
}

static struct sf_kfilter *parse_or(struct kparse *p)
{
	return parse_list(p, parse_and, "||", KF_OR);
}

struct sf_kfilter *sf_kfilter_compile(const char *expr, struct tep_event *event, char *err,
				      size_t errsz)
{
	struct kparse p = { expr, 0, event, NULL, 0 };
	struct sf_kfilter *f;
	const char *why = prescan(expr);
	size_t len = strlen(expr);

	if (len > SF_KFILTER_MAX) {
		snprintf(err, errsz, "%zu bytes long, the kernel takes at most %d", len,
			 SF_KFILTER_MAX);
		return NULL;
	}
	if (why) {
		snprintf(err, errsz, "%s", why);
		return NULL;
	}
	f = parse_or(&p);
	if (f) {
		skip_space(&p);
		if (p.s[p.i]) {
			sf_kfilter_free(f);
			f = fail(&p, "Too many terms in predicate expression");
		}
	}
	if (!f)
		snprintf(err, errsz, "%s", p.err ? p.err : "Meaningless filter expression");
	return f;
}

/* ---- matching --------------------------------------------------------------------- */

/* strnstr() as the kernel has it: bytes, not stopping at a NUL */
static bool has_substr(const char *s, int len, const char *pat, int plen)
{
	if (!plen)
		return true;
	for (; len >= plen; len--, s++) {
		if (!memcmp(s, pat, (size_t)plen))
			return true;
	}
	return false;
}

/*
 * glob - the kernel's glob_match(): * ? [a-z] [!a-z] and \ escapes; an
 * unterminated [ is a literal '['
 */
static bool glob(const char *pat, const char *str)
{
	const char *back_pat = NULL, *back_str = NULL;

	for (;;) {
		unsigned char c = (unsigned char)*str++;
		unsigned char d = (unsigned char)*pat++;

		switch (d) {
		case '?':
			if (!c)
				return false;
			break;
		case '*':
			if (!*pat)
				return true;
			back_pat = pat;
			back_str = --str;
			break;
		case '[': {
			const char *cls = pat;
			bool inverted = *cls == '!';
			bool match = false;
			unsigned char a, b;

			cls += inverted;
			a = (unsigned char)*cls++;
			do {
				b = a;
				if (!a)
					goto literal;
				if (cls[0] == '-' && cls[1] != ']') {
					b = (unsigned char)cls[1];
					if (!b)
						goto literal;
					cls += 2;
				}
				match |= a <= c && c <= b;
			} while ((a = (unsigned char)*cls++) != ']');
			if (match == inverted)
				goto backtrack;
			pat = cls;
			break;
		}
		case '\\':
			d = (unsigned char)*pat++;
			/* fall through */
		default:
literal:
			if (c == d) {
				if (!d)
					return true;
				break;
			}
backtrack:
			if (!c || !back_pat)
				return false;
			pat = back_pat;
			str = ++back_str;
			break;
		}
	}
}

/* str_match - one string predicate on @len bytes at @str (len 0: NUL-terminated) */
static bool str_match(const struct kf_pred *pr, const char *str, int len)
{
	char buf[KF_STR_MAX + 1];
	bool m;

	switch (pr->match) {
	case M_FULL:
		m = len ? !strncmp(str, pr->pattern, (size_t)len) : !strcmp(str, pr->pattern);
		break;
	case M_FRONT:
		m = !(len && len < pr->plen) && !strncmp(str, pr->pattern, (size_t)pr->plen);
		break;
	case M_MIDDLE:
		m = has_substr(str, len ? len : (int)strlen(str) + 1, pr->pattern, pr->plen);
		break;
	case M_END:
		/* the kernel compares the end of the whole field, not of the string */
		m = len - 1 >= pr->plen &&
		    !memcmp(str + len - 1 - pr->plen, pr->pattern, (size_t)pr->plen);
		break;
	default:
		if (len) {
			if (len > KF_STR_MAX)
				len = KF_STR_MAX;
			memcpy(buf, str, (size_t)len);
			buf[len] = '\0';
			str = buf;
		}
		m = glob(pr->pattern, str);
		break;
	}
	return m != pr->negate;
}

static bool fits(const struct tep_record *rec, int off, int size)
{
	return off >= 0 && size > 0 && rec->size >= 0 && (long long)off + size <= rec->size;
}

/* num_match - a number field (or the CPU number) against the predicate */
static bool num_match(const struct kf_pred *pr, unsigned long long v, int size)
{
	unsigned long long mask = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
	unsigned long long a = v & mask, b = pr->val & mask;
	long long sa = 0, sb = 0;
	unsigned int bit;

	if (pr->mask) {
		/* CPUS{} of several CPUs */
		if (pr->op == OP_EQ)
			return false;
		if (pr->op == OP_NE)
			return true;
		bit = (unsigned int)a;
		return a < KF_CPUS_MAX && (pr->mask[bit / 8] & (1u << (bit % 8)));
	}
	if (pr->op == OP_EQ || pr->op == OP_NE)
		return (a == b) != pr->negate;
	if (pr->is_signed) {
		unsigned long long sign = 1ULL << (size * 8 - 1);

		sa = (long long)((a ^ sign) - sign);
		sb = (long long)((b ^ sign) - sign);
	}
	switch (pr->op) {
	case OP_LT:
		return pr->is_signed ? sa < sb : a < b;
	case OP_LE:
		return pr->is_signed ? sa <= sb : a <= b;
	case OP_GT:
		return pr->is_signed ? sa > sb : a > b;
	case OP_GE:
		return pr->is_signed ? sa >= sb : a >= b;
	case OP_BAND:
		return (a & b) != 0;
	default:
		return false;
	}
}

static bool pred_match(const struct sf_kfilter *n, const struct tep_record *rec, const char *comm)
{
	const struct kf_pred *pr = n->pred;
	const char *data = rec->data;
	char cbuf[KF_COMM_LEN];
	unsigned long long v;
	unsigned int loc;

	switch (pr->ftype) {
	case FT_CPU:
		/* a number: int comparisons; & only with CPUS{} */
		if (pr->op == OP_BAND && !pr->mask)
			return false;
		return num_match(pr, (unsigned long long)(long long)rec->cpu, 4);
	case FT_COMM:
		if (!comm)
			return false;
		memset(cbuf, 0, sizeof(cbuf));
		strncpy(cbuf, comm, sizeof(cbuf) - 1);
		return str_match(pr, cbuf, KF_COMM_LEN);
	case FT_STR:
		if (!fits(rec, pr->offset, pr->size))
			return false;
		return str_match(pr, data + pr->offset, pr->size);
	case FT_DYNSTR:
	case FT_RELSTR:
		if (!fits(rec, pr->offset, 4))
			return false;
		v = tep_read_number(n->tep, data + pr->offset, 4);
		loc = (unsigned int)v & 0xffff;
		if (pr->ftype == FT_RELSTR)
			loc += (unsigned int)pr->offset + 4;
		if (!fits(rec, (int)loc, (int)(v >> 16)) || !(v >> 16))
			return false;
		return str_match(pr, data + loc, (int)(v >> 16));
	case FT_PTRSTR:
		return false;
	default:
		if (pr->size != 1 && pr->size != 2 && pr->size != 4 && pr->size != 8)
			return false;
		if (!fits(rec, pr->offset, pr->size))
			return false;
		v = tep_read_number(n->tep, data + pr->offset, pr->size);
		return num_match(pr, v, pr->size);
	}
}

bool sf_kfilter_match(const struct sf_kfilter *f, const struct tep_record *rec,
		      const char *current_comm)
{
	switch (f->kind) {
	case KF_NOT:
		return !sf_kfilter_match(f->l, rec, current_comm);
	case KF_AND:
		return sf_kfilter_match(f->l, rec, current_comm) &&
		       sf_kfilter_match(f->r, rec, current_comm);
	case KF_OR:
		return sf_kfilter_match(f->l, rec, current_comm) ||
		       sf_kfilter_match(f->r, rec, current_comm);
	default:
		return pred_match(f, rec, current_comm);
	}
}
