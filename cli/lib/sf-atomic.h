/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-atomic - output files that appear whole or not at all: a hidden
 * temporary file next to the output, synced and renamed over it at the end
 * (a trace.dat, persist's file, the metrics' textfile), and the unnamed
 * temporary files a recording's pages wait in.
 *
 * Lower layer: nothing here prints or exits; -1 with errno set.
 */
#ifndef SF_ATOMIC_H
#define SF_ATOMIC_H

#include <stdbool.h>

/*
 * An output file given by the user (-o): opened before any work, written,
 * then committed. What it is decides how it is written:
 *
 * - "-": standard output, written through;
 * - an existing character or block device, FIFO or socket, or a /proc magic
 *   link to one of those or to a file (/dev/stdout): written through,
 *   never replaced (a FIFO's open waits for its reader);
 * - a directory: refused (EISDIR);
 * - anything else, a new file or a regular one, also at the end of a chain of
 *   symbolic links (the links stay, their target is replaced): an unnamed
 *   file (O_TMPFILE) in the target's directory, linked in its place at
 *   commit, so that a kill -9 leaves nothing behind; on file systems
 *   without O_TMPFILE a hidden ".NAME.tmp-XXXXXX" as sf_atomic_create()'s.
 */
struct sf_outfile {
	int fd; /* -1 once committed or aborted */
	char *path; /* the file replaced at commit (a symlink's target), or NULL */
	char *tmp; /* a named temporary file, or NULL */
	char *tmpdir; /* where the temporary files of the work belong */
	bool through; /* written through: nothing to commit */
};

/**
 * sf_outfile_open() - open the output @name as described above
 * Return: 0, or -1 with errno set.
 */
int sf_outfile_open(struct sf_outfile *o, const char *name);

/**
 * sf_outfile_reserve() - make sure @bytes more can be written: the blocks
 * are allocated now (fallocate, or the file system's free space where it
 * cannot), so that a full disk is found before the data to write is taken
 * from where it cannot be put back. Outputs written through reserve nothing.
 * Return: 0, or -1 with errno set (ENOSPC, EDQUOT, ...).
 */
int sf_outfile_reserve(struct sf_outfile *o, unsigned long long bytes);

/**
 * sf_outfile_commit() - sync the data and make the file appear whole in
 * its place; an output written through is closed
 * Return: 0, or -1 with errno set (the temporary file is gone).
 */
int sf_outfile_commit(struct sf_outfile *o);

/**
 * sf_outfile_abort() - forget the output (a no-op after a commit); the file
 * in its place is untouched. Keeps errno.
 */
void sf_outfile_abort(struct sf_outfile *o);

/**
 * sf_reserve_fd() - sf_outfile_reserve() for a temporary file @fd
 * (keeps its size: the blocks are there for the writes that follow)
 */
int sf_reserve_fd(int fd, unsigned long long bytes);

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

/**
 * sf_atomic_tmpfile() - an unnamed temporary file in directory @dir
 * (O_TMPFILE; /tmp only where the filesystem lacks O_TMPFILE)
 */
int sf_atomic_tmpfile(const char *dir);

/**
 * sf_spool_fd() - everything @fd gives up to its end, in an unnamed
 * temporary file ($TMPDIR or /tmp): input that can be read only once (a
 * pipe, a FIFO, a terminal) for readers that look at a file twice or map it
 * Return: the temporary file, at offset 0, or -1 with errno set.
 */
int sf_spool_fd(int fd);

#endif /* SF_ATOMIC_H */
