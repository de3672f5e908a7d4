/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-filter-expr - the kernel's event-filter language (`-f EXPR`), parsed and
 * evaluated in user space, so that one grammar has one meaning everywhere:
 * record and stream check an expression here before the kernel sees it, and
 * report evaluates it on recorded events with the kernel's semantics.
 *
 * Grammar (kernel/trace/trace_events_filter.c): predicates FIELD OP VALUE
 * joined by && (binds tighter) and ||, grouped with parentheses, negated
 * with !. Numeric fields take ==, !=, <, <=, >, >=, & (bits in common) and
 * decimal, 0x hex or 0 octal numbers; string fields take ==, != and ~ (a
 * glob) with a "quoted" or 'quoted' value; `CPUS{list}` compares with a CPU
 * list. Fields are looked up as the kernel does: the event's own fields,
 * then COMM/comm (the current task's comm) and CPU/cpu/common_cpu, then the
 * common fields. Errors are the kernel's own texts ("Field not found",
 * "Invalid operator", ...).
 *
 * Where the kernel's parser misbehaves, this one refuses: a dangling && or
 * || at the end (6.18 accepts some with results that depend on memory it
 * reads out of bounds, and WARNs) and empty parentheses are errors here, so
 * that no such expression reaches the kernel.
 *
 * Where the kernel's evaluation is surprising, this one is the same: a
 * "*suffix" glob on a char array field (comm, COMM) compares the end of the
 * whole 16-byte array, not of the string, and so never matches a shorter
 * name; "suffix" globs work with ? or [ ] patterns ("*[e]ep" matches "sleep").
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_FILTER_EXPR_H
#define SF_FILTER_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

struct sf_kfilter;

/* the longest filter the kernel takes: a write to a filter file is less than a page (4 KiB) */
#define SF_KFILTER_MAX 4095

/**
 * sf_kfilter_compile() - parse @expr for the fields of @event
 * @expr: the expression
 * @event: the event format the expression is for
 * @err: the reason on failure (the kernel's wording)
 * @errsz: size of @err
 *
 * Return: the compiled filter, or NULL with the reason in @err.
 */
struct sf_kfilter *sf_kfilter_compile(const char *expr, struct tep_event *event, char *err,
				      size_t errsz);

/**
 * sf_kfilter_match() - evaluate a compiled filter on one record
 * @f: from sf_kfilter_compile(), for the record's event
 * @rec: the record (its cpu is CPU's value)
 * @current_comm: the comm of the task the event was recorded in (COMM), or
 *	NULL if unknown (an unknown comm matches no string predicate)
 *
 * A field outside the record (a short record) makes its predicate false.
 */
bool sf_kfilter_match(const struct sf_kfilter *f, const struct tep_record *rec,
		      const char *current_comm);

void sf_kfilter_free(struct sf_kfilter *f);

#endif /* SF_FILTER_EXPR_H */
