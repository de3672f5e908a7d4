/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-datread - the trace.dat reader: versions 6 and 7, every buffer (the top
 * level and the instances of `trace-cmd record/extract -B`), uncompressed,
 * zstd- or zlib-compressed sections and CPU data, both byte orders, 32- and
 * 64-bit kernels. No libtracecmd: the event formats go into a tep of
 * libtraceevent, the pages through sf-pages' merger.
 *
 * Every file is outside input: each length is checked against the file (or
 * the section holding it) before it is used, no allocation is larger than
 * what the file can describe (and a few fixed limits), numbers are read with
 * memcpy (strict-alignment machines), and a file that cannot be read fully
 * is an error naming what is wrong, never a shorter list of events.
 *
 * Memory stays flat whatever the file size: uncompressed CPU data is read
 * in blocks, compressed data one chunk at a time per CPU.
 *
 * Lower layer: nothing here prints or exits; errors are messages.
 */
#ifndef SF_DATREAD_H
#define SF_DATREAD_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include "sf-pages.h"

/* One ring buffer stored in a file: the top level or an instance. */
struct sf_dat_buffer {
	char *name; /* "" for the top level, else the instance's name */
	unsigned long long bytes; /* CPU data stored for it (0: it recorded nothing) */
	int ncpus; /* CPUs it has entries for */
	bool latency; /* a text (latency) buffer: no events to read */
};

/* What a file says about itself. Free with sf_dat_meta_free(). */
struct sf_dat_meta {
	int version; /* 6 or 7 */
	char *uname; /* UNAME option text or NULL */
	char *machine; /* last word of uname ("x86_64") or NULL */
	char *clock; /* trace clock name ("mono", "local") or NULL */
	char *sigftrace; /* sigftrace's boot option (sf_dat_info's sigftrace), or NULL */
	char *tasks; /* sigftrace's tasks option (sf_comms_load_tasks()), or NULL */
	char **cpustat; /* CPUSTAT texts ("CPU: N\n..."), in file order */
	int ncpustat;
	unsigned long long overrun; /* sum of "overrun:" and "commit overrun:" */
	unsigned long long dropped; /* sum of "dropped events:" */
	struct sf_dat_buffer *buffers; /* the top level first, then the instances */
	int nbuffers;
	int ncpus; /* the top level's CPU count */
	char *compression; /* v7: "none", "zstd" or "zlib"; v6: NULL */
	unsigned int page_size; /* of the ring buffer's pages */
	int long_size; /* the recording program's long (file header) */
	struct sf_page_layout layout; /* the recording kernel's pages */
	struct sf_ts_adjust adjust; /* TSC2NSEC, DATE and OFFSET options */
	bool time_shift; /* a TIME_SHIFT option (guest clock): not applied */
	int bad_formats; /* event formats libtraceevent could not parse */
	char *bad_format; /* "system:event" of the first of them, or NULL */
	unsigned long long file_size;
};

/* An open file. */
struct sf_dat;

/* sf_dat_open() flags */
#define SF_DAT_META_ONLY 1U /* check and describe the file; no formats, no events */

/**
 * sf_dat_open() - read and check everything but the events of a trace.dat
 * @fd: the file (a regular file; not closed by sf_dat_close(), the caller owns it)
 * @systems: NULL-terminated event systems whose formats are parsed (the
 *	events of others are returned but have no format), or NULL for all
 * @flags: SF_DAT_META_ONLY or 0
 * @err: filled with a one-line message on failure ("truncated at event
 *	formats", "CPU 1: 2147483647 chunks in 120 bytes")
 *
 * Return: the open file, or NULL with errno set (EINVAL for a malformed file,
 * ENOTSUP for an unsupported version or compression, ENOMEM) and @err filled.
 */
struct sf_dat *sf_dat_open(int fd, const char *const *systems, unsigned int flags, char *err,
			   size_t errsz);

/** sf_dat_meta() - what the file says about itself */
const struct sf_dat_meta *sf_dat_meta(const struct sf_dat *d);

/** sf_dat_tep() - the file's event formats (NULL with SF_DAT_META_ONLY) */
struct tep_handle *sf_dat_tep(const struct sf_dat *d);

/**
 * sf_dat_next() - the next event, in time order over every CPU of every buffer
 * @rec: filled; its data stays valid until the next call
 * @buffer: set to the record's buffer (index into sf_dat_meta()->buffers)
 * Return: 1 for an event, 0 at the end, -1 when the data cannot be read
 * (sf_dat_error() says which CPU of which buffer, which chunk or page, and
 * why).
 */
int sf_dat_next(struct sf_dat *d, struct tep_record *rec, int *buffer);

/** sf_dat_rewind() - read the events again from the start */
void sf_dat_rewind(struct sf_dat *d);

/** sf_dat_error() - the message of the last failure ("" if none) */
const char *sf_dat_error(const struct sf_dat *d);

void sf_dat_close(struct sf_dat *d);

/**
 * sf_dat_check() - open @fd and read every event of every buffer: the
 * entry point of the fuzzers and of `report`'s checks
 * @events: set to the number of events read (may be NULL)
 * Return: 0, or -1 with a message in @err.
 */
int sf_dat_check(int fd, unsigned long long *events, char *err, size_t errsz);

/**
 * sf_dat_meta_read() - the metadata of the trace.dat file @path
 * (sf_dat_open() with SF_DAT_META_ONLY; @m is zeroed on failure)
 * Return: 0, or -1 with errno set and a message in @err.
 */
int sf_dat_meta_read(const char *path, struct sf_dat_meta *m, char *err, size_t errsz);

/** sf_dat_meta_free() - free what sf_dat_meta_read() filled; zeroes @m */
void sf_dat_meta_free(struct sf_dat_meta *m);

#endif /* SF_DATREAD_H */
