/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.dat files without libtracecmd's private writer: a version 6 writer
 * for raw ring-buffer pages and atomic output files. The reader is
 * sf-datread.h.
 *
 * Lower layer: nothing here prints or exits. Functions return -1 with errno
 * set.
 */
#ifndef SF_DATFILE_H
#define SF_DATFILE_H

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
	const char *version; /* NUL-terminated, "sigftrace 0.1.0", or NULL */
	const char *sigftrace; /* NUL-terminated text of sigftrace's boot option, or NULL */
	const char *tasks; /* NUL-terminated sigftrace tasks text (sf_comms_tasks_text()), or NULL */
	unsigned int page_size; /* ring-buffer sub-buffer size (a power of two) */
	int long_size; /* user-space sizeof(long): 4 or 8 */
};

/**
 * sf_dat_write() - write a complete trace.dat version 6 file
 * @fd: output, positioned at offset 0 (regular file, or a pipe)
 * @info: the metadata and the per-CPU page files
 *
 * Writes in host byte order: headers, the event formats, saved cmdlines,
 * the options UNAME, TRACECLOCK, CPUSTAT (one per CPU, "CPU: N\n" + text),
 * VERSION, and sigftrace's own two (the previous boot's facts and the
 * tasks option, ids trace-cmd skips) for those that are set, the flyrecord
 * CPU table, the clock string that readers expect after the table when
 * TRACECLOCK is present, and each CPU's pages at a page-aligned offset as
 * the top-level buffer.
 * The pages are copied with copy_file_range(), falling back to read/write.
 *
 * Return: 0, or -1 with errno set: EINVAL for a bad @info (empty header
 * page, page size not a power of two, partial pages, ...), EIO when a CPU
 * file is shorter than its size, or the error of the failing system call.
 */
int sf_dat_write(int fd, const struct sf_dat_info *info);

/**
 * sf_atomic_create() - create a hidden temporary file next to @path
 * @path: the final name of the output file
 * @tmp_path: where to store the malloc()ed name of the temporary file
 *
 * The file is created in @path's directory (so that a rename cannot cross
 * file systems) as ".<name>.tmp-XXXXXX", with mode 0666 minus the umask.
 *
 * Return: a writable fd, or -1 with errno set (*@tmp_path is then NULL).
 */
int sf_atomic_create(const char *path, char **tmp_path);

/**
 * sf_atomic_commit() - make the temporary file appear as @path
 * @fd: the fd returned by sf_atomic_create(); always closed
 * @tmp_path: the temporary name from sf_atomic_create() (not freed)
 * @path: the final name
 *
 * fsync()s the data, renames the file over @path and syncs the directory, so
 * @path is either the complete new file or whatever it was before.
 *
 * Return: 0, or -1 with errno set; on failure the temporary file is removed.
 */
int sf_atomic_commit(int fd, const char *tmp_path, const char *path);

/**
 * sf_atomic_abort() - close and remove the temporary file
 * @fd: the fd from sf_atomic_create(), or -1
 * @tmp_path: the temporary name (not freed), or NULL
 *
 * Keeps errno unchanged, so it can be called on an error path.
 */
void sf_atomic_abort(int fd, const char *tmp_path);

#endif /* SF_DATFILE_H */
