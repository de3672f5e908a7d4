// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-kfilter - filter expressions and the filter options: the kernel
 * grammar's parser and evaluator (-f, sf-filter-expr) on every event format,
 * and the option parser of record, stream and report (-s, -x, -p, --tid,
 * --sender, --receiver, --origin, -f) with the kernel filter it builds.
 * The kernel filter sigftrace builds from valid options must pass its own
 * check of the kernel's grammar: a filter it would write and then refuse
 * aborts.
 *
 * Input: one byte choosing the architecture and the record's CPU, a text up
 * to a NUL byte, then the bytes of a record to evaluate on. The whole text
 * is an expression; each of its lines is also an option: the first byte
 * chooses which, the rest is its value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sf-filter.h"
#include "sf-filter-expr.h"
#include "sigftrace-render.h"
#include "sigftrace-signames.h"

static const int options[] = {
	's', 'x', 'p', 'f', SF_OPT_SENDER, SF_OPT_RECEIVER, SF_OPT_ORIGIN, SF_OPT_TID,
};
static const char *const machines[] = { "x86_64", "mips", "parisc64", "alpha" };
static const char *const events[][2] = {
	{ "signal", "signal_generate" },   { "signal", "signal_deliver" },
	{ "task", "task_newtask" },	   { "task", "task_rename" },
	{ "sched", "sched_process_exit" }, { "ftrace", "print" },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("record");
	return 0;
}

/* the kernel filter built from the options must be one the kernel's grammar takes */
static void check_kernel(const struct sf_filter *f, struct tep_handle *tep, const char *name)
{
	struct tep_event *ev = tep_find_event_by_name(tep, "signal", name);
	struct sf_kfilter *k;
	char err[512];
	char *s;

	s = sf_filter_kernel(f, name, ev, err, sizeof(err));
	if (!s)
		return;
	if (*s) {
		k = sf_kfilter_compile(s, ev, err, sizeof(err));
		if (!k) {
			fprintf(stderr,
				"built a kernel filter for %s that its own check refuses: %s: %s\n",
				name, s, err);
			abort();
		}
		sf_kfilter_free(k);
	}
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tep_handle *tep = fuzz_tep(8, false);
	struct tep_record rec = { 0 };
	struct sigftrace_fields fields;
	struct sigftrace_sig sig;
	struct sigftrace_ids ids = { "comm", "comm", "rcomm", 1, 1, 2 };
	struct sf_filter f = { 0 };
	struct sf_kfilter *k;
	const uint8_t *nul;
	unsigned char *recdata;
	char err[512];
	char *text, *line, *next;
	size_t len, i;
	int opt;
	unsigned int sel;

	if (size < 2)
		return 0;
	sel = data[0];
	nul = memchr(data + 1, '\0', size - 1);
	len = nul ? (size_t)(nul - data - 1) : size - 1;
	text = strndup((const char *)data + 1, len);
	if (!text)
		return 0;
	/* the record: its own copy, so that a read past it is caught */
	rec.size = nul ? (int)(size - len - 2) : 0;
	recdata = malloc(rec.size ? (size_t)rec.size : 1);
	if (!recdata) {
		free(text);
		return 0;
	}
	if (rec.size)
		memcpy(recdata, nul + 1, (size_t)rec.size);
	rec.data = recdata;
	rec.cpu = (int)(sel >> 2);

	/* the grammar on every event format */
	for (i = 0; i < SF_FUZZ_ARRAY(events); i++) {
		struct tep_event *ev = tep_find_event_by_name(tep, events[i][0], events[i][1]);

		k = sf_kfilter_compile(text, ev, err, sizeof(err));
		if (k) {
			sf_kfilter_match(k, &rec, "current");
			sf_kfilter_match(k, &rec, NULL);
			sf_kfilter_free(k);
		}
	}

	/* the option parser, then what record and report make of the selection */
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line)
			continue;
		opt = options[(unsigned char)*line % SF_FUZZ_ARRAY(options)];
		if (sf_filter_option(&f, opt, line + 1, err, sizeof(err)) != 1)
			goto out;
	}
	if (!sf_filter_finalize(&f, sigftrace_arch_find(machines[sel % 4]), err, sizeof(err))) {
		sigftrace_fields_init(&fields,
				      tep_find_event_by_name(tep, "signal", "signal_generate"));
		if (!sf_filter_compile_raw(&f, fields.event, err, sizeof(err))) {
			/* the -f terms are valid: so must be what is built from them */
			check_kernel(&f, tep, "signal_generate");
			check_kernel(&f, tep, "signal_deliver");
			sf_filter_raw_match(&f, &rec, "current");
			if (!sigftrace_decode(&fields, &rec, &sig)) {
				sf_filter_match(&f, &sig, &ids);
				sf_filter_select(&f, &sig, &ids);
			}
		}
	}
out:
	sf_filter_free(&f);
	free(recdata);
	free(text);
	return 0;
}
