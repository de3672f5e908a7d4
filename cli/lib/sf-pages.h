/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-pages - time-ordered events out of per-CPU ring-buffer pages.
 *
 * Each source (a CPU of a buffer) contributes runs of raw trace_pipe_raw
 * pages: a mapped file after a recording, the pages read in one pass of
 * `stream`, or the pages of a trace.dat file a refill callback hands over
 * one block or compressed chunk at a time. The merger returns their events
 * ordered by timestamp across sources, as tep records, with the lost-event
 * count of a page on the first record after it.
 *
 * The pages are decoded here, not by libtraceevent's kbuffer: every length
 * is checked against the page (pages from files are outside input), numbers
 * are read with memcpy (strict-alignment machines: a record may sit at any
 * offset of a block), and both byte orders and both kernel long sizes are
 * handled. A page that does not hold together stops the merge with a
 * message naming the page and the byte.
 */
#ifndef SF_PAGES_H
#define SF_PAGES_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

/* How the recording kernel lays out a page (struct buffer_data_page). */
struct sf_page_layout {
	unsigned int page_size; /* sub-buffer size: 4096 usually */
	unsigned int commit_off; /* 8: after the u64 timestamp */
	unsigned int commit_size; /* the kernel's long: 4 or 8 */
	unsigned int data_off; /* where the events start: 12 or 16 */
	bool big_endian; /* the pages' byte order */
};

/* Timestamp adjustment of trace.dat options (TSC2NSEC, DATE, OFFSET). */
struct sf_ts_adjust {
	unsigned int mult; /* 0: none */
	unsigned int shift;
	long long offset; /* ns added after the multiplication */
};

struct sf_pagesrc {
	const unsigned char *data; /* the current run of whole pages */
	size_t size;
	size_t off; /* offset of the next page of the run */
	size_t page_start; /* offset of the current page in the run */
	const unsigned char *page; /* the current page's event area */
	unsigned int pos; /* next event header, from the event area */
	unsigned int end; /* the page's data size (commit) */
	unsigned long long ts; /* running time of the page */
	const unsigned char *ev; /* current event's payload, NULL when none */
	unsigned int ev_hdr; /* its header, from the event area */
	unsigned int ev_size;
	unsigned long long ev_ts; /* adjusted */
	long long missed; /* to report on the current event (-1: unknown count) */
	unsigned long long run_page; /* index of the current page in its run */
	int cpu; /* the record's cpu */
	int buf; /* the buffer it belongs to (caller's numbering) */
	bool done; /* no more runs (refill said so) */
};

/*
 * sf_pages_refill_fn - the next run of whole pages of source @src
 * Return: 1 with *@data and *@size set (the memory stays valid until the next
 * call for @src), 0 when the source has no more data, -1 on error with a
 * message in @err.
 */
typedef int (*sf_pages_refill_fn)(void *ctx, int src, const void **data, size_t *size, char *err,
				  size_t errsz);

struct sf_pages {
	struct sf_pagesrc *src;
	int n;
	struct sf_page_layout lay;
	struct sf_ts_adjust adj;
	bool swap; /* the pages' byte order is not ours */
	sf_pages_refill_fn refill; /* NULL: runs are given by sf_pages_load() */
	void *ctx;
	int last; /* source of the record returned last (advanced on the next call), or -1 */
	int err_src; /* the source that failed, or -1 */
	bool err_page; /* a page of it is corrupt (m->err: what, src->run_page: where) */
	bool primed; /* with a refill: every source asked for its first run */
	char err[256]; /* "" or what is wrong with a page */
};

/**
 * sf_pages_init() - a merger for @nsrc sources of pages laid out as @lay
 * Sources are numbered 0..@nsrc-1; their cpu is their number and their
 * buffer 0 until sf_pages_label() says otherwise.
 * Return: 0, or -1 with errno set (EINVAL for a layout that cannot be).
 */
int sf_pages_init(struct sf_pages *m, int nsrc, const struct sf_page_layout *lay);

/**
 * sf_pages_layout_tep() - the page layout of @tep's header_page
 * (live tracing: the kernel's own layout, in this machine's byte order)
 */
void sf_pages_layout_tep(struct sf_page_layout *lay, struct tep_handle *tep,
			 unsigned int page_size);

/** sf_pages_label() - the cpu and buffer number reported for source @src */
void sf_pages_label(struct sf_pages *m, int src, int cpu, int buf);

/**
 * sf_pages_set_refill() - pull runs of pages from @fn instead of
 * sf_pages_load(); every source is asked for its first run on the first
 * sf_pages_next()
 */
void sf_pages_set_refill(struct sf_pages *m, sf_pages_refill_fn fn, void *ctx);

/**
 * sf_pages_load() - give source @src a (new) run of whole pages; the
 * previous run must have been consumed. The pages must stay valid while in
 * use. A trailing partial page is ignored.
 */
void sf_pages_load(struct sf_pages *m, int src, const void *data, size_t size);

/**
 * sf_pages_next() - the oldest event over all sources
 * Return: true with @rec filled (data points into the pages, valid until
 * the next call; offset is its event header's offset in its run), false when every source is exhausted or failed: then
 * m->err says what and m->err_src where (with m->err_page, the page
 * m->src[m->err_src].run_page of its run is corrupt; else the refill failed).
 */
bool sf_pages_next(struct sf_pages *m, struct tep_record *rec);

/**
 * sf_pages_discard() - turn a record returned by sf_pages_next() into what
 * the kernel makes of an event its filter discards: padding of the same
 * length (type_len 29) with a non-zero time delta, so that every reader skips
 * it and the events after it keep their timestamps. The record's run (given
 * by sf_pages_load(), the record's cpu being its source) must be writable
 * and still loaded, in this machine's byte order.
 * Return: 0, or -1 (errno EINVAL) if it cannot be done.
 */
int sf_pages_discard(struct sf_pages *m, const struct tep_record *rec);

/**
 * sf_pages_discard_at() - sf_pages_discard() of the event whose header is at
 * @hoff of @page, a writable page laid out as the merger's, in this
 * machine's byte order (the caller's copy of a page that is no longer
 * loaded, or of a run given by a refill)
 * Return: 0, or -1 (errno EINVAL) if it cannot be done.
 */
int sf_pages_discard_at(struct sf_pages *m, unsigned char *page, unsigned int hoff);

/**
 * sf_pages_truncate_at() - end @page before the event whose header is at
 * @hoff (from the page's start): its commit says less data, its lost-events
 * flags are kept (a stored count moves with the end of the data). @page is
 * laid out as the merger's, in this machine's byte order.
 * Return: 0, or -1 (errno EINVAL) if @hoff is not within the page's data.
 */
int sf_pages_truncate_at(struct sf_pages *m, unsigned char *page, unsigned int hoff);

/* sf_retime_fn - the new time of trace time @t (non-decreasing in @t) */
typedef unsigned long long (*sf_retime_fn)(void *ctx, unsigned long long t);

/**
 * sf_pages_retime() - give every timestamp of @page a new time: the page's
 * own and each event's (data, padding that marks time, time extends, time
 * stamps) become @fn of what they were, by rewriting the page's time and
 * the events' deltas in place. A delta that cannot hold its new value (it
 * would be negative, or need more than 27 bits) is clamped and the next
 * event makes up for it. @page is laid out as the merger's, in this
 * machine's byte order. A page whose data does not hold together is left
 * alone from the event that does not fit on.
 * Return: 0, or -1 (errno EINVAL) for pages of the other byte order or a
 * page header that cannot be.
 */
int sf_pages_retime(struct sf_pages *m, unsigned char *page, sf_retime_fn fn, void *ctx);

/** sf_pages_reset() - forget every run and error (to read again from the start) */
void sf_pages_reset(struct sf_pages *m);

void sf_pages_free(struct sf_pages *m);

#endif /* SF_PAGES_H */
