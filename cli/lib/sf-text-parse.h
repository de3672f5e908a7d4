/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-text-parse - the grammar of text traces' lines, for sf-source-text:
 * the columns of ftrace's output (with or without record-tgid and
 * irq-info, and the latency format), the prefixes of console and kernel-log
 * lines, the event names and their "field=value" arguments in the print
 * fmt's spelling and in print_fields()' ("sig=0xa (10)", a persistent
 * buffer of a previous boot), and the numbers in them.
 *
 * Lower layer: pure functions on one line; nothing here prints, exits or
 * allocates.
 */
#ifndef SF_TEXT_PARSE_H
#define SF_TEXT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "sigftrace-render.h"

/* a numeric value: the number, and whether it was negative / in hex */
struct sf_text_num {
	unsigned long long u;
	bool neg;
	bool raw; /* print_fields() spelling: a previous boot's buffer */
};

enum sf_text_ev {
	EV_GENERATE,
	EV_DELIVER,
	EV_NEWTASK,
	EV_RENAME,
	EV_EXIT,
};

enum sf_text_ftype {
	F_INT, /* %d */
	F_HEX, /* %lx: hex without 0x */
	F_COMM, /* %s of a char[16]: may hold spaces, ends before " <next>=" */
};

struct sf_text_field {
	const char *name; /* in the print fmt */
	const char *alt; /* the field's real name, used by print_fields() */
	enum sf_text_ftype type;
	const char *next; /* F_COMM: the field printed after it */
};

#define MAX_FIELDS 8

struct sf_text_spec {
	const char *name;
	enum sf_text_ev id;
	unsigned int required; /* bit mask of field indexes */
	struct sf_text_field f[MAX_FIELDS];
};

/* field indexes */
enum { G_SIG, G_ERRNO, G_CODE, G_COMM, G_PID, G_GROUP, G_RESULT };
enum { D_SIG, D_ERRNO, D_CODE, D_HANDLER, D_FLAGS };
enum { N_PID, N_COMM, N_FLAGS };
enum { R_PID, R_OLDCOMM, R_NEWCOMM };
enum { X_COMM, X_PID };

#define BIT(i) (1u << (i))

struct sf_text_values {
	unsigned int have; /* bit mask of field indexes */
	bool raw; /* some value was in the print_fields() spelling */
	struct sf_text_num num[MAX_FIELDS];
	const char *str[MAX_FIELDS];
	size_t len[MAX_FIELDS];
};

enum sf_text_fmt {
	FMT_FTRACE, /* TASK-PID [CPU] FLAGS TS: */
	FMT_LATENCY, /* TASK-PID CPUFLAGS TSus: (TASK cut to 8 bytes) */
	FMT_CONSOLE, /* only the event: no task, maybe no time */
};

/* one line's columns */
struct sf_text_line {
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
	enum sf_text_fmt fmt;
};

/* sf_text_is_ident() - a character of an identifier (an event or field name) */
bool sf_text_is_ident(char c);

/* sf_text_num_int() - @n as an int, false if it does not fit */
bool sf_text_num_int(const struct sf_text_num *n, int *out);

/* sf_text_find_event() - the spec of the event named @name (@len bytes), or NULL */
const struct sf_text_spec *sf_text_find_event(const char *name, size_t len);

/* sf_text_parse_args() - the "field=value" arguments @p of event @es into @v */
bool sf_text_parse_args(const struct sf_text_spec *es, const char *p, struct sf_text_values *v);

/* sf_text_parse_line() - @s as an ftrace or console line with an event */
bool sf_text_parse_line(const char *s, struct sf_text_line *c);

#endif /* SF_TEXT_PARSE_H */
