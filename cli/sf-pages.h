/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-pages - time-ordered events out of per-CPU ring-buffer pages.
 *
 * Each CPU contributes a run of raw trace_pipe_raw pages (a mapped file
 * after a recording, or the pages read in one pass of `stream`); the merger
 * returns their events ordered by timestamp across CPUs, as tep records,
 * with the page's lost-event count on the first record after a loss.
 */
#ifndef SF_PAGES_H
#define SF_PAGES_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>
#include <kbuffer.h>

struct sf_pagesrc {
	struct kbuffer *kbuf;
	const unsigned char *data;
	size_t size;
	size_t off; /* offset of the next page to load */
	size_t page_off; /* offset of the loaded page */
	void *ev; /* current event, NULL when exhausted */
	unsigned long long ts;
	long long missed; /* to report on the current event */
	int cpu;
};

struct sf_merge {
	struct sf_pagesrc *src;
	int n;
	unsigned int page_size;
	unsigned int header_size; /* page header: u64 timestamp, commit (a kernel long) */
	bool native; /* the pages are in this machine's byte order */
};

/**
 * sf_merge_init() - a merger for @ncpus CPUs of pages decoded like @tep's
 * file (endianness, long size)
 * Return: 0 or -1.
 */
int sf_merge_init(struct sf_merge *m, int ncpus, unsigned int page_size, struct tep_handle *tep);

/**
 * sf_merge_load() - give CPU @cpu a (new) run of whole pages; the previous
 * run must have been consumed. The pages must stay valid while in use.
 */
void sf_merge_load(struct sf_merge *m, int cpu, const void *data, size_t size);

/**
 * sf_merge_next() - the oldest event over all CPUs
 * Return: true with @rec filled (data points into the pages, offset is the
 * record's offset in its CPU's run), false when every CPU is exhausted.
 */
bool sf_merge_next(struct sf_merge *m, struct tep_record *rec);

/**
 * sf_merge_discard() - turn a record returned by sf_merge_next() into what
 * the kernel makes of an event its filter discards: padding of the same
 * length (type_len 29) with a non-zero time delta, so that every reader skips
 * it and the events after it keep their timestamps. The record's run must be
 * writable and still loaded, in this machine's byte order.
 * Return: 0, or -1 (errno EINVAL) if it cannot be done.
 */
int sf_merge_discard(struct sf_merge *m, const struct tep_record *rec);

void sf_merge_free(struct sf_merge *m);

#endif /* SF_PAGES_H */
