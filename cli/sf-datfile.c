// SPDX-License-Identifier: GPL-2.0
/*
 * trace.dat version 6 writer and atomic output files (the reader is
 * sf-datread.c).
 *
 * The layout follows trace-cmd.dat.v6(5) and trace-cmd.dat.v7(5), corrected
 * by what trace-cmd 3.1.6's reader (lib/trace-cmd/trace-input.c) really
 * consumes:
 *  - v6 ends the options with a bare u16 0 (no size field);
 *  - when a TRACECLOCK option is present, a v6 reader expects a u64 length
 *    and a "[clock]" string right after the flyrecord CPU table;
 *  - header_page must not be empty (libtraceevent would assume the
 *    pre-2.6.31 page layout);
 *  - the size fields are u64 for header blobs, formats and cmdlines, u32 for
 *    the counts, kallsyms and printk formats.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sf-datfmt.h"
#include "sf-datfile.h"
#include "sf-util.h"

/* ---------------------------------------------------------------------------
 * Writer
 */

/* A growable byte buffer; @oom sticks once an allocation failed. */
struct obuf {
	unsigned char *p;
	size_t len;
	size_t cap;
	bool oom;
};

static void ob_add(struct obuf *b, const void *data, size_t n)
{
	unsigned char *p;
	size_t cap;

	if (b->oom || !n)
		return;
	if (n > SIZE_MAX / 2 - b->len) {
		b->oom = true;
		return;
	}
	if (b->len + n > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

/* numbers are stored in host order; the endian byte in the header says which */
static void ob_u16(struct obuf *b, uint16_t v)
{
	ob_add(b, &v, sizeof(v));
}

static void ob_u32(struct obuf *b, uint32_t v)
{
	ob_add(b, &v, sizeof(v));
}

static void ob_u64(struct obuf *b, uint64_t v)
{
	ob_add(b, &v, sizeof(v));
}

/* ob_option - a v6 option holding the NUL-terminated string @str */
static void ob_option(struct obuf *b, uint16_t id, const char *str)
{
	size_t len = strlen(str) + 1;

	if (len > UINT32_MAX) {
		b->oom = true;
		return;
	}
	ob_u16(b, id);
	ob_u32(b, (uint32_t)len);
	ob_add(b, str, len);
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_zeros(int fd, unsigned long long len)
{
	static const char zeros[4096];
	size_t n;

	while (len) {
		n = len < sizeof(zeros) ? (size_t)len : sizeof(zeros);
		if (write_all(fd, zeros, n))
			return -1;
		len -= n;
	}
	return 0;
}

/* copy_fallback - pread/write the rest of a CPU file from @off */
static int copy_fallback(int out, int in, long long off, unsigned long long left)
{
	const size_t bufsz = 1 << 20;
	char *buf;
	ssize_t n;
	size_t want;

	buf = malloc(bufsz);
	if (!buf)
		return -1;
	while (left) {
		want = left < bufsz ? (size_t)left : bufsz;
		n = pread(in, buf, want, off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0) {
			/* the CPU file is shorter than its declared size */
			errno = EIO;
			goto fail;
		}
		if (write_all(out, buf, (size_t)n))
			goto fail;
		off += n;
		left -= (unsigned long long)n;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	return -1;
}

/*
 * copy_cpu - append @size bytes of @in, from its offset 0, to @out
 *
 * copy_file_range() lets the kernel move the data (reflinks or in-kernel
 * copies: no user-space round trip for hundreds of MB). It refuses pipes,
 * O_APPEND outputs and some cross-file-system pairs, and returns 0 for
 * pseudo files; all of these continue with pread/write.
 */
static int copy_cpu(int out, int in, unsigned long long size)
{
	loff_t off = 0;
	ssize_t n;
	size_t want;

	while ((unsigned long long)off < size) {
		want = size - off > (1ULL << 30) ? (size_t)1 << 30 : (size_t)(size - off);
		n = copy_file_range(in, &off, out, NULL, want, 0);
		if (n > 0)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != ENOSYS && errno != EXDEV && errno != EINVAL &&
		    errno != EOPNOTSUPP && errno != EBADF && errno != ETXTBSY)
			return -1;
		return copy_fallback(out, in, off, size - off);
	}
	return 0;
}

/*
 * clock_name - the selected clock of a trace_clock text: the "[name]" word,
 * or the first word when there are no brackets ("mono"). Returns the length.
 */
static size_t clock_name(const char *text, const char **name)
{
	const char *s = strchr(text, '[');
	const char *e;

	if (s) {
		s++;
		e = strchr(s, ']');
		if (!e)
			return 0;
	} else {
		s = text + strspn(text, " \t\n");
		e = s + strcspn(s, " \t\n");
	}
	*name = s;
	return (size_t)(e - s);
}

static bool is_pow2(unsigned int v)
{
	return v && !(v & (v - 1));
}

static int check_info(const struct sf_dat_info *info)
{
	const char *name;
	int i;
	int j;

	if (!info || !info->header_page || !info->header_page_len ||
	    (info->header_event_len && !info->header_event) ||
	    (info->cmdlines_len && !info->cmdlines) || info->nsystems < 0 ||
	    (info->nsystems && !info->systems) || info->ncpus < 1 || !info->cpus ||
	    !is_pow2(info->page_size) || (info->long_size != 4 && info->long_size != 8))
		return -1;
	if (info->trace_clock && !clock_name(info->trace_clock, &name))
		return -1;
	for (i = 0; i < info->nsystems; i++) {
		const struct sf_dat_system *sys = &info->systems[i];

		if (!sys->name || !*sys->name || sys->nevents < 0 || (sys->nevents && !sys->events))
			return -1;
		for (j = 0; j < sys->nevents; j++)
			if (!sys->events[j].text && sys->events[j].len)
				return -1;
	}
	for (i = 0; i < info->ncpus; i++)
		if (info->cpus[i].size % info->page_size ||
		    (info->cpus[i].size && info->cpus[i].fd < 0))
			return -1;
	return 0;
}

/*
 * build_meta - everything before the first data page: headers, formats,
 * options, the flyrecord table (offsets computed here, as all sizes are
 * known) and the clock string. *@data_start receives the first data offset.
 */
static void build_meta(struct obuf *b, const struct sf_dat_info *info,
		       unsigned long long *data_start)
{
	unsigned long long off;
	const char *cname = NULL;
	size_t clen = 0;
	char cpuhdr[32];
	int hlen;
	int i;
	int j;

	ob_add(b, DAT_MAGIC, DAT_MAGIC_LEN);
	ob_add(b, "6", 2);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	ob_add(b, "\1", 1);
#else
	ob_add(b, "\0", 1);
#endif
	ob_add(b, &(char){ (char)info->long_size }, 1);
	ob_u32(b, info->page_size);

	ob_add(b, "header_page", 12);
	ob_u64(b, info->header_page_len);
	ob_add(b, info->header_page, info->header_page_len);
	ob_add(b, "header_event", 13);
	ob_u64(b, info->header_event_len);
	ob_add(b, info->header_event, info->header_event_len);

	/* ftrace-internal formats: only ftrace:print (trace_marker) is used */
	ob_u32(b, (uint32_t)info->nftrace);
	for (i = 0; i < info->nftrace; i++) {
		ob_u64(b, info->ftrace[i].len);
		ob_add(b, info->ftrace[i].text, info->ftrace[i].len);
	}
	ob_u32(b, (uint32_t)info->nsystems);
	for (i = 0; i < info->nsystems; i++) {
		const struct sf_dat_system *sys = &info->systems[i];

		ob_add(b, sys->name, strlen(sys->name) + 1);
		ob_u32(b, (uint32_t)sys->nevents);
		for (j = 0; j < sys->nevents; j++) {
			ob_u64(b, sys->events[j].len);
			ob_add(b, sys->events[j].text, sys->events[j].len);
		}
	}
	ob_u32(b, 0); /* kallsyms */
	ob_u32(b, 0); /* printk formats */
	ob_u64(b, info->cmdlines_len);
	ob_add(b, info->cmdlines, info->cmdlines_len);
	ob_u32(b, (uint32_t)info->ncpus);

	ob_add(b, "options  ", 10);
	if (info->uname)
		ob_option(b, OPT_UNAME, info->uname);
	if (info->trace_clock) {
		clen = clock_name(info->trace_clock, &cname);
		if (strchr(info->trace_clock, '[')) {
			ob_option(b, OPT_TRACECLOCK, info->trace_clock);
		} else {
			/* readers look for the [selected] clock: store it that way */
			ob_u16(b, OPT_TRACECLOCK);
			ob_u32(b, (uint32_t)clen + 3);
			ob_add(b, "[", 1);
			ob_add(b, cname, clen);
			ob_add(b, "]", 2);
		}
	}
	for (i = 0; info->cpustat && i < info->ncpus; i++) {
		if (!info->cpustat[i])
			continue;
		hlen = snprintf(cpuhdr, sizeof(cpuhdr), "CPU: %d\n", i);
		if (strlen(info->cpustat[i]) > UINT32_MAX - 64) {
			b->oom = true;
			break;
		}
		ob_u16(b, OPT_CPUSTAT);
		ob_u32(b, (uint32_t)(hlen + strlen(info->cpustat[i]) + 1));
		ob_add(b, cpuhdr, (size_t)hlen);
		ob_add(b, info->cpustat[i], strlen(info->cpustat[i]) + 1);
	}
	if (info->version)
		ob_option(b, OPT_VERSION, info->version);
	if (info->sigftrace)
		ob_option(b, OPT_SIGFTRACE, info->sigftrace);
	if (info->tasks)
		ob_option(b, OPT_SF_TASKS, info->tasks);
	ob_u16(b, OPT_DONE); /* v6: a bare id 0, no size */

	ob_add(b, "flyrecord", 10);
	/* table + clock string size is known: compute the page-aligned offsets */
	off = b->len + 16ULL * (unsigned int)info->ncpus;
	if (info->trace_clock)
		off += 8 + clen + 2;
	off = (off + info->page_size - 1) & ~(unsigned long long)(info->page_size - 1);
	*data_start = off;
	for (i = 0; i < info->ncpus; i++) {
		ob_u64(b, off);
		ob_u64(b, info->cpus[i].size);
		off += info->cpus[i].size;
	}
	if (info->trace_clock) {
		ob_u64(b, clen + 2);
		ob_add(b, "[", 1);
		ob_add(b, cname, clen);
		ob_add(b, "]", 1);
	}
}

int sf_dat_write(int fd, const struct sf_dat_info *info)
{
	unsigned long long data_start = 0;
	struct obuf b = { 0 };
	off_t pos;
	int i;

	if (check_info(info)) {
		errno = EINVAL;
		return -1;
	}
	/* offsets in the file are absolute: the file must start here */
	pos = lseek(fd, 0, SEEK_CUR);
	if (pos < 0 && errno != ESPIPE)
		return -1;
	if (pos > 0) {
		errno = EINVAL;
		return -1;
	}

	build_meta(&b, info, &data_start);
	if (b.oom) {
		free(b.p);
		errno = ENOMEM;
		return -1;
	}
	if (write_all(fd, b.p, b.len) || write_zeros(fd, data_start - b.len)) {
		free(b.p);
		return -1;
	}
	free(b.p);
	for (i = 0; i < info->ncpus; i++)
		if (info->cpus[i].size && copy_cpu(fd, info->cpus[i].fd, info->cpus[i].size))
			return -1;
	return 0;
}

/* ---------------------------------------------------------------------------
 * Atomic output
 */

int sf_atomic_create(const char *path, char **tmp_path)
{
	const char *base;
	unsigned int rnd;
	size_t dirlen;
	char *tmp;
	int tries;
	int fd;

	*tmp_path = NULL;
	if (!path || !*path) {
		errno = EINVAL;
		return -1;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		errno = EISDIR;
		return -1;
	}
	dirlen = (size_t)(base - path);
	tmp = malloc(dirlen + strlen(base) + 16);
	if (!tmp)
		return -1;
	for (tries = 0; tries < 100; tries++) {
		if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
			rnd = (unsigned int)getpid() * 2654435761U ^ (unsigned int)clock() ^
			      (unsigned int)tries * 40503U;
		sprintf(tmp, "%.*s.%s.tmp-%06x", (int)dirlen, path, base, rnd & 0xffffff);
		/* O_EXCL: never reuse somebody else's file; 0666 honours the umask */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*tmp_path = tmp;
			return fd;
		}
		if (errno != EEXIST)
			break;
	}
	free(tmp);
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
