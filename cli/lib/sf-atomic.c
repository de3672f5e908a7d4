// SPDX-License-Identifier: GPL-2.0
/*
 * sf-atomic - output files that appear whole or not at all (see sf-atomic.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "sf-atomic.h"
#include "sf-util.h"

/*
 * tmp_name - the hidden name ".<name>.tmp-XXXXXX" next to @path, try @tries
 * Return: malloc()ed, or NULL with errno set (EISDIR: @path names no file).
 */
static char *tmp_name(const char *path, int tries)
{
	const char *base;
	unsigned int rnd;
	size_t dirlen;
	char *tmp;

	if (!path || !*path) {
		errno = EINVAL;
		return NULL;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		errno = EISDIR;
		return NULL;
	}
	dirlen = (size_t)(base - path);
	tmp = malloc(dirlen + strlen(base) + 16);
	if (!tmp)
		return NULL;
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned int)getpid() * 2654435761U ^ (unsigned int)clock() ^
		      (unsigned int)tries * 40503U;
	sprintf(tmp, "%.*s.%s.tmp-%06x", (int)dirlen, path, base, rnd & 0xffffff);
	return tmp;
}

int sf_atomic_create(const char *path, char **tmp_path)
{
	char *tmp;
	int tries;
	int fd;

	*tmp_path = NULL;
	for (tries = 0; tries < 100; tries++) {
		tmp = tmp_name(path, tries);
		if (!tmp)
			return -1;
		/* O_EXCL: never reuse somebody else's file; 0666 honours the umask */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*tmp_path = tmp;
			return fd;
		}
		free(tmp);
		if (errno != EEXIST)
			break;
	}
	return -1;
}

/* sync_dir - make the rename durable: fsync the directory of @path */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	if (!slash)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return;
	/* some file systems refuse fsync on directories; the data is safe anyway */
	fsync(fd);
	close(fd);
}

int sf_atomic_commit(int fd, const char *tmp_path, const char *path)
{
	int err;

	if (fsync(fd) && errno != EINVAL && errno != EROFS)
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp_path, path))
		goto fail;
	sync_dir(path);
	return 0;
fail:
	err = errno;
	sf_atomic_abort(fd, tmp_path);
	errno = err;
	return -1;
}

void sf_atomic_abort(int fd, const char *tmp_path)
{
	int err = errno;

	if (fd >= 0)
		close(fd);
	if (tmp_path)
		unlink(tmp_path);
	errno = err;
}

int sf_atomic_tmpfile(const char *dir)
{
	int fd;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	/* a filesystem without O_TMPFILE: an unlinked file in /tmp */
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR)) {
		char tmpl[] = "/tmp/sigftrace-XXXXXX";

		fd = mkostemp(tmpl, O_CLOEXEC);
		if (fd >= 0)
			unlink(tmpl);
	}
	return fd;
}

/* dir_of - the directory part of @path ("." for none), malloc()ed */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;

	if (!slash)
		return sf_xstrdup(".");
	if (slash == path)
		return sf_xstrdup("/");
	dir = sf_xmalloc((size_t)(slash - path) + 1);
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return dir;
}

/*
 * follow - the end of the chain of symbolic links @name starts (@name
 * itself if it is none), which need not exist; *@magic is set when a link
 * of /proc is on the way (/dev/stdout -> /proc/self/fd/1: its "target" is
 * an open file, not a name to replace)
 * Return: malloc()ed, or NULL with errno set.
 */
static char *follow(const char *name, bool *magic)
{
	char *cur = sf_xstrdup(name), *next, *dir;
	char buf[PATH_MAX];
	struct stat st;
	ssize_t n;
	int hops;

	*magic = false;
	for (hops = 0; hops < 40; hops++) {
		if (lstat(cur, &st) || !S_ISLNK(st.st_mode))
			return cur;
		if (!strncmp(cur, "/proc/", 6)) {
			*magic = true;
			return cur;
		}
		n = readlink(cur, buf, sizeof(buf) - 1);
		if (n < 0) {
			free(cur);
			return NULL;
		}
		buf[n] = '\0';
		if (buf[0] == '/') {
			next = sf_xstrdup(buf);
		} else {
			dir = dir_of(cur);
			next = sf_xmalloc(strlen(dir) + (size_t)n + 2);
			sprintf(next, "%s/%s", dir, buf);
			free(dir);
		}
		free(cur);
		cur = next;
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}

static const char *tmp_dir(void)
{
	const char *d = getenv("TMPDIR");

	return d && *d == '/' ? d : "/tmp";
}

int sf_spool_fd(int fd)
{
	char buf[65536];
	ssize_t n, w, off;
	int out = sf_atomic_tmpfile(tmp_dir());

	if (out < 0)
		return -1;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				w = 0;
			else if (w <= 0)
				goto fail;
		}
	}
	if (n < 0 || lseek(out, 0, SEEK_SET) < 0)
		goto fail;
	return out;
fail:
	n = errno;
	close(out);
	errno = (int)n ? (int)n : EIO;
	return -1;
}

int sf_outfile_open(struct sf_outfile *o, const char *name)
{
	struct stat st;
	bool magic;
	char *path;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (!name || !*name) {
		errno = ENOENT;
		return -1;
	}
	if (!strcmp(name, "-")) {
		o->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
		if (o->fd < 0)
			return -1;
		o->through = true;
		o->tmpdir = sf_xstrdup(tmp_dir());
		return 0;
	}
	if (!stat(name, &st) && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	path = follow(name, &magic);
	if (!path)
		return -1;
	if (magic || (!stat(path, &st) && !S_ISREG(st.st_mode))) {
		/* a device, a FIFO, a socket, an open file: written through */
		free(path);
		o->fd = open(name, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (o->fd < 0)
			return -1;
		/* the standard output link onto a file: from its start, as a shell's > */
		if (!fstat(o->fd, &st) && S_ISREG(st.st_mode) && ftruncate(o->fd, 0)) {
			sf_outfile_abort(o);
			return -1;
		}
		o->through = true;
		o->tmpdir = sf_xstrdup(tmp_dir());
		return 0;
	}
	o->path = path;
	o->tmpdir = dir_of(path);
	o->fd = open(o->tmpdir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
	if (o->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR))
		o->fd = sf_atomic_create(path, &o->tmp);
	if (o->fd < 0) {
		sf_outfile_abort(o);
		return -1;
	}
	return 0;
}

int sf_reserve_fd(int fd, unsigned long long bytes)
{
	struct statvfs vs;
	struct stat st;

	if (!bytes)
		return 0;
	if (fstat(fd, &st))
		return -1;
	if (!fallocate(fd, FALLOC_FL_KEEP_SIZE, st.st_size, (off_t)bytes))
		return 0;
	if (errno != EOPNOTSUPP && errno != ENOSYS)
		return -1;
	/* no fallocate here: the free space says it at least */
	if (!fstatvfs(fd, &vs) && (unsigned long long)vs.f_bavail * vs.f_frsize < bytes) {
		errno = ENOSPC;
		return -1;
	}
	return 0;
}

int sf_outfile_reserve(struct sf_outfile *o, unsigned long long bytes)
{
	return o->through ? 0 : sf_reserve_fd(o->fd, bytes);
}

/* link_unnamed - give the O_TMPFILE @fd the name @tmp */
static int link_unnamed(int fd, const char *tmp)
{
	char proc[32];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (!linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW))
		return 0;
	if (errno == EEXIST)
		return -1;
	/* no /proc: the file itself (needs CAP_DAC_READ_SEARCH) */
	return linkat(fd, "", AT_FDCWD, tmp, AT_EMPTY_PATH);
}

int sf_outfile_commit(struct sf_outfile *o)
{
	int tries, r, fd = o->fd;
	off_t end;

	o->fd = -1;
	if (o->through) {
		r = close(fd);
		sf_outfile_abort(o);
		return r;
	}
	/* the blocks reserved beyond the end go back */
	end = lseek(fd, 0, SEEK_CUR);
	if (end >= 0 && ftruncate(fd, end))
		goto fail;
	if (o->tmp) {
		r = sf_atomic_commit(fd, o->tmp, o->path);
		free(o->tmp);
		o->tmp = NULL;
		sf_outfile_abort(o);
		return r;
	}
	if (fsync(fd) && errno != EINVAL && errno != EROFS)
		goto fail;
	/* a name for a moment, then over the output: a kill -9 leaves nothing */
	for (tries = 0; tries < 100; tries++) {
		o->tmp = tmp_name(o->path, tries);
		if (!o->tmp)
			goto fail;
		if (!link_unnamed(fd, o->tmp))
			break;
		free(o->tmp);
		o->tmp = NULL;
		if (errno != EEXIST)
			goto fail;
	}
	if (!o->tmp)
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(o->tmp, o->path))
		goto fail;
	sync_dir(o->path);
	free(o->tmp);
	o->tmp = NULL;
	sf_outfile_abort(o);
	return 0;
fail:
	o->fd = fd;
	sf_outfile_abort(o);
	return -1;
}

void sf_outfile_abort(struct sf_outfile *o)
{
	int err = errno;

	sf_atomic_abort(o->fd, o->tmp);
	o->fd = -1;
	free(o->tmp);
	free(o->path);
	free(o->tmpdir);
	o->tmp = NULL;
	o->path = NULL;
	o->tmpdir = NULL;
	errno = err;
}
