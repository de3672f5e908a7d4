/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-save - ring-buffer pages to a trace.dat file, shared by record,
 * extract (boot-time buffers) and persist (the previous boot's buffer):
 *
 *   pages (sf-ring) -> pipeline without sinks (names, the user-space filter,
 *   the markers) -> trace.dat (sf-datfile), written atomically
 *
 * The pipeline counts the events, learns each sender's name, and says which
 * records to leave out (a signal the user-space filter rejects, a marker):
 * those become padding in the pages, as the kernel does with events its
 * filter discards.
 */
#ifndef SF_SAVE_H
#define SF_SAVE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "sf-atomic.h"
#include "sf-clockmap.h"
#include "sf-filter.h"
#include "sf-markers.h"
#include "sf-names.h"
#include "sf-tracefs.h"
#include "sf-util.h"

struct sf_save_result {
	unsigned long long events; /* every record in the file */
	unsigned long long signals; /* signal_generate records in the file */
	unsigned long long dropped; /* records left out of the file (filter, markers) */
	unsigned long long lost; /* overrun + dropped of every CPU, + overwritten */
	unsigned long long overwritten; /* persist: overwritten before the reboot (at least) */
	struct sf_boot_info boot; /* persist: the previous boot */
	char warning[320]; /* "" or why the counts above are partial (the file is complete) */
	bool kept; /* on failure: the kernel's buffer was not touched, it keeps its events */
};

/**
 * sf_save_dat() - write the pages of every CPU as a trace.dat v6 file
 * @t: the instance the pages came from (formats, stats, clock)
 * @cpu_fds: one file of raw pages per CPU (t->ncpus of them)
 * @page_size: ring-buffer page size
 * @start_names: pid -> comm (and process, kernel threads) of the tasks alive
 *	when recording started, or NULL when the pages come from another boot
 *	(then only the task events and the markers in the pages name them)
 * @start_attrib: the /proc snapshot of who is behind (sf_attrib_proc_text())
 *	taken when recording started, or NULL; kept in the tasks option after
 *	its lines (readers of the tasks lines skip it)
 * @filter: the selection the kernel could not make (processes, names), or
 *	NULL to keep every event
 * @out: the output, open (sf_outfile_open()): written and committed
 * @output: its name, for messages
 * @file_version: 6, or 7 (zstd-compressed; see sf_dat_write())
 * @mono: the instance's clock seen from CLOCK_MONOTONIC: the file gets
 *	CLOCK_MONOTONIC times (and says its clock is mono); NULL to keep the
 *	times and clock as they are
 * @res: counters
 * @prog: told how far the passes over the pages are (bytes), or NULL
 *
 * A first pass over the pages finds the name each pid had before its first
 * event (see sf_comms_note_first()), its process and whether it is a kernel
 * thread from the markers (see sf_comms_note_task()) and, from the boot
 * markers and the pages' fill, what a previous boot's buffer says about
 * that boot (@res->boot). A second one, in time order from there, counts
 * the events, stores each sender's name as it was at its first signal in
 * the file's saved_cmdlines (all trace-cmd has for names), turns the
 * signals @filter rejects and sigftrace's markers into padding, as the
 * kernel does with events its filter discards, and keeps what saved_cmdlines
 * cannot say (threads' processes, kernel threads: @start_names, or what the
 * first pass found) in the file's tasks option. The pages must be in
 * writable files.
 * Return: 0, or -1 with a message in @err.
 */
int sf_save_dat(struct sf_trace *t, const int *cpu_fds, size_t page_size,
		struct sf_comms *start_names, const char *start_attrib,
		const struct sf_filter *filter, struct sf_outfile *out, const char *output,
		int file_version, const struct sf_clockmap *mono, struct sf_save_result *res,
		const struct sf_progress *prog, char *err, size_t errsz);

/**
 * sf_save_cancel_on() - stop a save in progress once *@flag is set (a
 * signal handler's): sf_save_dat() then fails with errno ECANCELED and
 * writes nothing; NULL: never
 */
void sf_save_cancel_on(const volatile sig_atomic_t *flag);

/**
 * sf_save_instance() - drain every CPU of an existing instance (consuming
 * its buffer) and save the pages with sf_save_dat() into @out, open
 *
 * The buffer cannot be read without being consumed, and what is consumed
 * cannot be put back: so first the room for all of it is reserved, in the
 * temporary files of the pages and in the output (sf_outfile_reserve()). A
 * full disk or a quota fails there, and the buffer keeps its events
 * (@res->kept).
 * Return: 0 when saved, 1 when the buffer held nothing (no file is
 * written), -1 with a message in @err.
 */
int sf_save_instance(struct sf_trace *t, struct sf_comms *start_names, struct sf_outfile *out,
		     const char *output, int file_version, struct sf_save_result *res,
		     const struct sf_progress *prog, char *err, size_t errsz);

#endif /* SF_SAVE_H */
