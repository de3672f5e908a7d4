/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-datfile - the trace.dat writer (libtracecmd's is private): a version
 * 6 file of raw ring-buffer pages, written atomically by its callers
 * (sf-atomic). The reader is sf-datread.h.
 *
 * Lower layer: nothing here prints or exits. Functions return -1 with errno
 * set.
 */
#ifndef SF_DATFILE_H
#define SF_DATFILE_H

#include <signal.h>
#include <stddef.h>

/* the text of one events/<sys>/<ev>/format file */
struct sf_dat_event_fmt {
	const char *text;
	size_t len;
};

/* one event system ("signal") and the formats of the events stored for it */
struct sf_dat_system {
	const char *name;
	const struct sf_dat_event_fmt *events;
	int nevents;
};

/*
 * Raw trace_pipe_raw pages of one CPU: @size bytes read from @fd starting at
 * offset 0 (the fd's file position is not used). @size must be a multiple of
 * the page size; 0 means the CPU recorded nothing.
 */
struct sf_dat_cpu {
	int fd;
	unsigned long long size;
};

/* Everything sf_dat_write() stores. Texts need no NUL terminator unless said. */
struct sf_dat_info {
	const char *header_page; /* events/header_page, must not be empty */
	size_t header_page_len;
	const char *header_event; /* events/header_event, may be empty */
	size_t header_event_len;
	const struct sf_dat_event_fmt *ftrace; /* events/ftrace/<ev>/format, may be NULL */
	int nftrace;
	const struct sf_dat_system *systems;
	int nsystems;
	const char *cmdlines; /* "pid comm\n" lines, may be NULL */
	size_t cmdlines_len;
	const struct sf_dat_cpu *cpus;
	int ncpus;
	const char *uname; /* NUL-terminated, "Linux host 6.18.0 x86_64", or NULL */
	const char *trace_clock; /* NUL-terminated trace_clock file contents, or NULL */
	const char *const *cpustat; /* ncpus stats texts (an entry may be NULL), or NULL */
	const char *version; /* NUL-terminated, "sigftrace 0.2.0", or NULL */
	const char *sigftrace; /* NUL-terminated text of sigftrace's boot option, or NULL */
	const char *tasks; /* NUL-terminated sigftrace tasks text (sf_comms_tasks_text()), or NULL */
	unsigned int page_size; /* ring-buffer sub-buffer size (a power of two) */
	int long_size; /* user-space sizeof(long): 4 or 8 */
	int file_version; /* 6, or 7 with zstd-compressed sections and data; 0 is 6 */
	/*
	 * if set: sees CPU @cpu's pages before they are written, @len bytes of
	 * whole pages at a time, in order, and may change them in place;
	 * returns 0, or -1 with errno to fail the write
	 */
	int (*pages_fn)(void *ctx, int cpu, unsigned char *pages, size_t len);
	void *pages_ctx;
	const volatile sig_atomic_t *cancel; /* set: stop writing (ECANCELED), or NULL */
};

/* what record, extract and persist write unless told otherwise */
#ifdef SF_HAVE_ZSTD
#define SF_DAT_DEFAULT_VERSION 7
#else
#define SF_DAT_DEFAULT_VERSION 6
#endif

/**
 * sf_dat_write() - write a complete trace.dat file, version 6 or 7
 * @fd: output, positioned at offset 0 (regular file; v6 also a pipe)
 * @info: the metadata and the per-CPU page files
 *
 * Version 7 (@info->file_version 7, builds with libzstd only) holds the same
 * metadata and pages as version 6 in sections, zstd-compressed: the pages
 * in chunks read from the CPU files one at a time (bounded memory). Two
 * fields are written at the end, at their places: the output must be
 * seekable.
 *
 * Version 6: writes in host byte order: headers, the event formats, saved cmdlines,
 * the options UNAME, TRACECLOCK, CPUSTAT (one per CPU, "CPU: N\n" + text),
 * VERSION, and sigftrace's own two (the previous boot's facts and the
 * tasks option, ids trace-cmd skips) for those that are set, the flyrecord
 * CPU table, the clock string that readers expect after the table when
 * TRACECLOCK is present, and each CPU's pages at a page-aligned offset as
 * the top-level buffer.
 * The pages are copied with copy_file_range(), falling back to read/write.
 *
 * Return: 0, or -1 with errno set: EINVAL for a bad @info (empty header
 * page, page size not a power of two, partial pages, unknown version, ...),
 * EIO when a CPU file is shorter than its size, ENOTSUP for version 7 in a
 * build without libzstd, or the error of the failing system call.
 */
int sf_dat_write(int fd, const struct sf_dat_info *info);

#endif /* SF_DATFILE_H */
