// SPDX-License-Identifier: GPL-2.0
/*
 * trace.dat version 6 writer, atomic output files, and a metadata reader for
 * version 6 and 7 files.
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
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zstd.h>

#include "sf-datfile.h"
#include "sf-util.h"

#define DAT_MAGIC "\027\010\104tracing"
#define DAT_MAGIC_LEN 10

/* option ids (trace-cmd's enum tracecmd_file_options) */
enum {
	OPT_DONE = 0,
	OPT_CPUSTAT = 2,
	OPT_BUFFER = 3,
	OPT_TRACECLOCK = 4,
	OPT_UNAME = 5,
	OPT_CPUCOUNT = 8,
	OPT_VERSION = 9,
	OPT_HEADER_INFO = 16, /* v7 section offsets, up to OPT_CMDLINES */
	OPT_CMDLINES = 21,
	/*
	 * sigftrace's own, far from the ids trace-cmd numbers upwards from 0:
	 * trace-cmd skips an option id it does not know, silently (3.1.6).
	 * The tasks option (sf_comms_tasks_text(), "SF"), and the text about
	 * a previous boot ("key=value" lines, see sf_boot_info_text(), "sf")
	 */
	OPT_SF_TASKS = 0x5346,
	OPT_SIGFTRACE = 0x7366,
};

/* clang-format off */
static const char *const section_names[] = {	/* by option id - OPT_HEADER_INFO */
	"header_page",
	"ftrace formats",
	"event formats",
	"kallsyms",
	"printk formats",
	"saved cmdlines",
};
/* clang-format on */

#define SEC_FL_COMPRESS 1
#define SEC_STRINGS 15

/* limits for the reader, against corrupt sizes */
#define MAX_OPTION_LEN (16U << 20)
#define MAX_SECTION_LEN (256U << 20)
#define MAX_STRING_LEN 4096
#define MAX_OPTION_SECTIONS 64
#define MAX_BUFFERS 1024
#define SF_DAT_NAME_SHOWN 64 /* of an instance's name in messages */
#define SF_DAT_WHAT_MAX 128
#define SF_DAT_HDR_MAX 64 /* a page header (16 bytes today) */

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

/* ---------------------------------------------------------------------------
 * Metadata reader
 */

struct rd {
	int fd;
	unsigned long long fsize;
	bool swap; /* file byte order differs from ours */
	int version;
	char *err;
	size_t errsz;
	struct sf_dat_meta *m;
	char *compression; /* v7 algorithm name */
	bool has_traceclock;
	long long cpucount; /* CPUCOUNT option, -1 if none */
	int buffer_cpus; /* v7: top-level BUFFER option's highest CPU + 1 */
	char *buffer_clock; /* v7: top-level BUFFER option's clock */
	unsigned int page_size; /* header's page size */
	unsigned int long_size; /* header's long size: the recording user space's */
	/* the kernel's page header, from header_page (v6) */
	unsigned int commit_off; /* commit: the data size and flags, a kernel long */
	unsigned int commit_size; /* 4 on a 32-bit kernel, 8 on a 64-bit one */
	unsigned int data_off; /* where the events start: 12 or 16 */
	unsigned long long sections[6]; /* v7: offsets of HEADER_INFO..CMDLINES */
	unsigned long long *inst_off; /* v6: where each instance's CPU table is */
	char **inst_name; /* v6: the instances' names, from the BUFFER options */
	int ninst;
	bool in_instance; /* v6: reading an instance's own options */
	const char *buffer; /* the instance being checked, NULL for the top level */
};

/* A read position in the file (@mem NULL) or in a loaded section. */
struct cur {
	const unsigned char *mem;
	unsigned long long off;
	unsigned long long end;
	const char *what; /* for "truncated at <what>" */
};

static int fail(struct rd *r, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct rd *r, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (r->err && r->errsz) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errsz, fmt, ap);
		va_end(ap);
	}
	errno = errnum;
	return -1;
}

static int truncated(struct rd *r, const struct cur *c)
{
	return fail(r, EINVAL, "truncated at %s", c->what);
}

static int cur_read(struct rd *r, struct cur *c, void *buf, size_t n)
{
	size_t done = 0;
	ssize_t got;

	if (c->off > c->end || n > c->end - c->off)
		return truncated(r, c);
	if (c->mem) {
		memcpy(buf, c->mem + c->off, n);
	} else {
		while (done < n) {
			got = pread(r->fd, (char *)buf + done, n - done, (off_t)(c->off + done));
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0)
				return fail(r, errno, "cannot read %s: %s", c->what,
					    strerror(errno));
			if (got == 0) /* the file shrank under us */
				return truncated(r, c);
			done += (size_t)got;
		}
	}
	c->off += n;
	return 0;
}

static int cur_skip(struct rd *r, struct cur *c, unsigned long long n)
{
	if (c->off > c->end || n > c->end - c->off)
		return truncated(r, c);
	c->off += n;
	return 0;
}

static unsigned long long num(const struct rd *r, const void *p, int size)
{
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 2:
		memcpy(&v16, p, 2);
		return r->swap ? __builtin_bswap16(v16) : v16;
	case 4:
		memcpy(&v32, p, 4);
		return r->swap ? __builtin_bswap32(v32) : v32;
	default:
		memcpy(&v64, p, 8);
		return r->swap ? __builtin_bswap64(v64) : v64;
	}
}

static int cur_num(struct rd *r, struct cur *c, int size, unsigned long long *v)
{
	unsigned char b[8];

	if (cur_read(r, c, b, (size_t)size))
		return -1;
	*v = num(r, b, size);
	return 0;
}

/* cur_str - a NUL-terminated string of at most MAX_STRING_LEN bytes */
static int cur_str(struct rd *r, struct cur *c, char **out)
{
	char buf[MAX_STRING_LEN + 1];
	unsigned long long avail;
	size_t want;
	size_t len;

	*out = NULL;
	if (c->off > c->end)
		return truncated(r, c);
	avail = c->end - c->off;
	want = avail < sizeof(buf) ? (size_t)avail : sizeof(buf);
	if (cur_read(r, c, buf, want))
		return -1;
	c->off -= want;
	len = strnlen(buf, want);
	if (len == want)
		return want == sizeof(buf) ?
			       fail(r, EINVAL, "corrupt %s: string too long", c->what) :
			       truncated(r, c);
	c->off += len + 1;
	*out = strdup(buf);
	if (!*out)
		return fail(r, ENOMEM, "out of memory");
	return 0;
}

/* stat_value - the number after "@key" at the start of a line of @text */
static unsigned long long stat_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line) {
		if (!strncmp(line, key, klen))
			return strtoull(line + klen, NULL, 10);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
}

/* bracket_clock - the "[name]" word of a trace_clock text, or NULL */
static char *bracket_clock(const char *text)
{
	const char *s = strchr(text, '[');
	const char *e;

	if (!s)
		return NULL;
	e = strchr(++s, ']');
	if (!e || e == s)
		return NULL;
	return strndup(s, (size_t)(e - s));
}

/* add_buffer - one more buffer in the metadata; the top level ("") goes first */
static int add_buffer(struct rd *r, const char *name, unsigned long long bytes)
{
	struct sf_dat_meta *m = r->m;
	struct sf_dat_buffer *v;
	char *copy;

	if (m->nbuffers >= MAX_BUFFERS)
		return fail(r, EINVAL, "corrupt file: more than %d buffers", MAX_BUFFERS);
	/* tracefs instances are directories: NAME_MAX */
	if (strlen(name) > 255)
		return fail(r, EINVAL, "corrupt file: an instance name of %zu bytes", strlen(name));
	copy = strdup(name);
	v = realloc(m->buffers, sizeof(*v) * ((size_t)m->nbuffers + 1));
	if (!copy || !v) {
		free(copy);
		if (v)
			m->buffers = v;
		return fail(r, ENOMEM, "out of memory");
	}
	m->buffers = v;
	if (*name) {
		v[m->nbuffers] = (struct sf_dat_buffer){ copy, bytes };
	} else {
		memmove(v + 1, v, sizeof(*v) * (size_t)m->nbuffers);
		v[0] = (struct sf_dat_buffer){ copy, bytes };
	}
	m->nbuffers++;
	return 0;
}

/* opt_buffer_v6 - a v6 BUFFER option: u64 offset of the instance's CPU table, name */
static int opt_buffer_v6(struct rd *r, const unsigned char *data, size_t size)
{
	unsigned long long *off;
	char **names;
	char *name;

	if (r->in_instance)
		return 0; /* an instance's options describe that instance only */
	if (size < 9 || !memchr(data + 8, '\0', size - 8))
		return fail(r, EINVAL, "corrupt BUFFER option");
	if (r->ninst >= MAX_BUFFERS)
		return fail(r, EINVAL, "corrupt file: more than %d buffers", MAX_BUFFERS);
	name = strdup((const char *)data + 8);
	off = realloc(r->inst_off, sizeof(*off) * ((size_t)r->ninst + 1));
	if (off)
		r->inst_off = off;
	names = realloc(r->inst_name, sizeof(*names) * ((size_t)r->ninst + 1));
	if (names)
		r->inst_name = names;
	if (!name || !off || !names) {
		free(name);
		return fail(r, ENOMEM, "out of memory");
	}
	off[r->ninst] = num(r, data, 8);
	names[r->ninst++] = name;
	return 0;
}

/* opt_text - an option's text into *@dst (the last one of its id counts) */
static int opt_text(struct rd *r, char **dst, const unsigned char *data, size_t size)
{
	free(*dst);
	*dst = strndup((const char *)data, size);
	if (!*dst)
		return fail(r, ENOMEM, "out of memory");
	return 0;
}

static int opt_cpustat(struct rd *r, const unsigned char *data, size_t size)
{
	struct sf_dat_meta *m = r->m;
	char **v;
	char *text;

	text = strndup((const char *)data, size);
	if (!text)
		return fail(r, ENOMEM, "out of memory");
	v = realloc(m->cpustat, sizeof(*v) * ((size_t)m->ncpustat + 1));
	if (!v) {
		free(text);
		return fail(r, ENOMEM, "out of memory");
	}
	m->cpustat = v;
	v[m->ncpustat++] = text;
	m->overrun += stat_value(text, "overrun:") + stat_value(text, "commit overrun:");
	m->dropped += stat_value(text, "dropped events:");
	return 0;
}

/*
 * check_section - a v7 section header at @off: its id and its data must be
 * inside the file (this reader does not need the metadata sections, but a
 * file cut inside them is still broken)
 */
static int check_section(struct rd *r, unsigned long long off, unsigned int want, const char *name)
{
	struct cur c = { .off = off, .end = r->fsize, .what = name };
	unsigned long long id;
	unsigned long long size;
	char what[64];

	snprintf(what, sizeof(what), "%s section", name);
	c.what = what;
	if (cur_num(r, &c, 2, &id) || cur_skip(r, &c, 6) || cur_num(r, &c, 8, &size) ||
	    cur_skip(r, &c, size))
		return -1;
	if (id != want)
		return fail(r, EINVAL, "corrupt file: %s has id %llu", what, id);
	return 0;
}

/*
 * opt_buffer_v7 - a v7 BUFFER option: u64 section offset, name, clock, u32
 * page size, u32 count, then per CPU u32 id, u64 offset, u64 size
 */
static int opt_buffer_v7(struct rd *r, const unsigned char *data, size_t size)
{
	struct cur c = { .mem = data, .end = size, .what = "BUFFER option" };
	unsigned long long sec;
	unsigned long long cnt;
	unsigned long long v;
	unsigned long long id;
	unsigned long long off;
	unsigned long long len;
	unsigned long long bytes = 0;
	char *name = NULL;
	char *clock = NULL;
	char what[48];
	int ret = -1;

	if (cur_num(r, &c, 8, &sec) || cur_str(r, &c, &name) || cur_str(r, &c, &clock) ||
	    cur_num(r, &c, 4, &v) || cur_num(r, &c, 4, &cnt))
		goto out;
	snprintf(what, sizeof(what), "buffer \"%.32s\"", name);
	if (check_section(r, sec, OPT_BUFFER, what))
		goto out;
	while (cnt--) {
		if (cur_num(r, &c, 4, &id) || cur_num(r, &c, 8, &off) || cur_num(r, &c, 8, &len))
			goto out;
		if (len && (off > r->fsize || len > r->fsize - off)) {
			snprintf(what, sizeof(what), "CPU %llu data", id);
			fail(r, EINVAL, "truncated at %s", what);
			goto out;
		}
		if (!*name && id < INT_MAX && (int)id + 1 > r->buffer_cpus)
			r->buffer_cpus = (int)id + 1;
		bytes += len;
	}
	if (add_buffer(r, name, bytes))
		goto out;
	if (!*name && !r->buffer_clock && *clock) {
		r->buffer_clock = clock;
		clock = NULL;
	}
	ret = 0;
out:
	free(name);
	free(clock);
	return ret;
}

static int handle_option(struct rd *r, unsigned int id, const unsigned char *data, size_t size)
{
	struct sf_dat_meta *m = r->m;
	char *text;

	switch (id) {
	case OPT_UNAME:
		free(m->uname);
		m->uname = strndup((const char *)data, size);
		if (!m->uname)
			return fail(r, ENOMEM, "out of memory");
		break;
	case OPT_TRACECLOCK:
		r->has_traceclock = true;
		text = strndup((const char *)data, size);
		if (!text)
			return fail(r, ENOMEM, "out of memory");
		free(m->clock);
		m->clock = bracket_clock(text);
		free(text);
		break;
	case OPT_CPUSTAT:
		return opt_cpustat(r, data, size);
	case OPT_SIGFTRACE:
		return opt_text(r, &m->sigftrace, data, size);
	case OPT_SF_TASKS:
		return opt_text(r, &m->tasks, data, size);
	case OPT_CPUCOUNT:
		if (size < 4)
			return fail(r, EINVAL, "corrupt CPUCOUNT option");
		r->cpucount = (long long)num(r, data, 4);
		break;
	case OPT_BUFFER:
		return r->version == 7 ? opt_buffer_v7(r, data, size) :
					 opt_buffer_v6(r, data, size);
	default:
		if (id >= OPT_HEADER_INFO && id <= OPT_CMDLINES && r->version == 7) {
			if (size < 8)
				return fail(r, EINVAL, "corrupt options: option %u has %zu bytes",
					    id, size);
			r->sections[id - OPT_HEADER_INFO] = num(r, data, 8);
		}
		break;
	}
	return 0;
}

/* v6 options: u16 id, u32 size, data; ended by a bare u16 0 */
static int read_options_v6(struct rd *r, struct cur *c)
{
	unsigned long long id;
	unsigned long long size;
	unsigned char *data;
	int ret;

	for (;;) {
		if (cur_num(r, c, 2, &id))
			return -1;
		if (id == OPT_DONE)
			return 0;
		if (cur_num(r, c, 4, &size))
			return -1;
		if (r->in_instance ||
		    (id != OPT_UNAME && id != OPT_TRACECLOCK && id != OPT_CPUSTAT &&
		     id != OPT_CPUCOUNT && id != OPT_BUFFER && id != OPT_SIGFTRACE &&
		     id != OPT_SF_TASKS)) {
			if (cur_skip(r, c, size))
				return -1;
			continue;
		}
		if (size > MAX_OPTION_LEN)
			return fail(r, EINVAL, "corrupt options: option %llu has %llu bytes", id,
				    size);
		data = malloc(size ? size : 1);
		if (!data)
			return fail(r, ENOMEM, "out of memory");
		ret = cur_read(r, c, data, size);
		if (!ret)
			ret = handle_option(r, (unsigned int)id, data, size);
		free(data);
		if (ret)
			return -1;
	}
}

/* skip_sized - @count blobs, each preceded by a u64 size */
static int skip_sized(struct rd *r, struct cur *c, unsigned long long count)
{
	unsigned long long size;

	while (count--)
		if (cur_num(r, c, 8, &size) || cur_skip(r, c, size))
			return -1;
	return 0;
}

/* header_field - offset and size of the field @name in a header_page text */
static bool header_field(const char *text, const char *name, unsigned int *off, unsigned int *size)
{
	size_t nlen = strlen(name);
	const char *line;
	const char *semi;

	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		/* "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;" */
		line += strspn(line, " \t");
		if (strncmp(line, "field:", 6))
			continue;
		semi = strchr(line, ';');
		if (!semi || (size_t)(semi - line) < nlen + 1 || strncmp(semi - nlen, name, nlen) ||
		    (semi[-(long)nlen - 1] != ' ' && semi[-(long)nlen - 1] != '\t'))
			continue;
		return sscanf(semi + 1, " offset:%u; size:%u;", off, size) == 2;
	}
	return false;
}

/*
 * read_page_layout - the header_page section: where a ring-buffer page's
 * commit field and its events are. They follow the recording kernel's long
 * (struct buffer_data_page: u64 timestamp, local_t commit, data), not the
 * file header's long size, which is the recording user space's: a 32-bit
 * kernel's pages hold 4084 bytes from offset 12, a 64-bit kernel's 4080
 * from 16, also when a 32-bit program recorded them.
 */
static int read_page_layout(struct rd *r, struct cur *c, unsigned long long size)
{
	unsigned int dsize;
	char *text;
	bool ok;

	if (!size) {
		/* before 2.6.31 no header_page: user space's long, as libtraceevent assumes */
		r->commit_off = 8;
		r->commit_size = r->long_size;
		r->data_off = 8 + r->long_size;
		return 0;
	}
	if (size > MAX_STRING_LEN)
		return fail(r, EINVAL, "corrupt header_page: %llu bytes", size);
	text = calloc(1, size + 1);
	if (!text)
		return fail(r, ENOMEM, "out of memory");
	if (cur_read(r, c, text, size)) {
		free(text);
		return -1;
	}
	ok = header_field(text, "commit", &r->commit_off, &r->commit_size) &&
	     header_field(text, "data", &r->data_off, &dsize);
	free(text);
	if (!ok)
		return fail(r, EINVAL, "corrupt header_page: no commit or data field");
	if ((r->commit_size != 4 && r->commit_size != 8) ||
	    r->commit_off + r->commit_size > r->data_off || r->data_off > SF_DAT_HDR_MAX)
		return fail(r, EINVAL, "corrupt header_page: commit at %u (%u bytes), data at %u",
			    r->commit_off, r->commit_size, r->data_off);
	return 0;
}

/* cpu_what - "CPU 1 data", of the instance being read if it is one */
static char *cpu_what(const struct rd *r, int cpu, char *buf, size_t size)
{
	if (r->buffer)
		snprintf(buf, size, "CPU %d data of instance \"%.*s\"", cpu, SF_DAT_NAME_SHOWN,
			 r->buffer);
	else
		snprintf(buf, size, "CPU %d data", cpu);
	return buf;
}

/*
 * check_pages - every page header of one CPU's data must describe a page
 * that fits: a corrupt commit size makes libtracecmd 1.3.1 crash while
 * opening the file, so it is refused here first
 */
static int check_pages(struct rd *r, int cpu, unsigned long long off, unsigned long long size)
{
	const unsigned long long commit_mask = (1ULL << 27) - 1;
	unsigned char hdr[SF_DAT_HDR_MAX];
	unsigned long long p;
	unsigned long long commit;
	char what[SF_DAT_WHAT_MAX];

	cpu_what(r, cpu, what, sizeof(what));
	if (size % r->page_size)
		return fail(r, EINVAL, "corrupt %s: %llu bytes is not a number of pages", what,
			    size);
	if (r->data_off >= r->page_size)
		return fail(r, EINVAL, "corrupt header_page: data at %u in pages of %u bytes",
			    r->data_off, r->page_size);
	for (p = off; p < off + size; p += r->page_size) {
		if (pread(r->fd, hdr, r->data_off, (off_t)p) != (ssize_t)r->data_off)
			return fail(r, EIO, "truncated at %s", what);
		commit = num(r, hdr + r->commit_off, (int)r->commit_size);
		/*
		 * the data size is the low 27 bits (the kernel's flags are int
		 * constants, sign-extended into the long); with "missed stored"
		 * the lost count, a kernel long, follows the data
		 */
		if ((commit & commit_mask) >
		    r->page_size - r->data_off - (commit & (1ULL << 30) ? r->commit_size : 0))
			return fail(r, EINVAL, "corrupt %s: bad page header at offset %llu", what,
				    p);
	}
	return 0;
}

/*
 * check_cpu_table - the v6 (offset, size) pairs: each CPU's data must be in
 * the file. Read in blocks, as a corrupt CPU count can be huge.
 */
static int check_cpu_table(struct rd *r, struct cur *c, int ncpus, unsigned long long *bytes)
{
	unsigned char buf[16 * 256];
	unsigned long long off;
	unsigned long long size;
	char what[SF_DAT_WHAT_MAX];
	int cpu = 0;
	int n;
	int i;

	*bytes = 0;
	if (16ULL * (unsigned int)ncpus > c->end - c->off)
		return truncated(r, c);
	while (cpu < ncpus) {
		n = ncpus - cpu < 256 ? ncpus - cpu : 256;
		if (cur_read(r, c, buf, 16 * (size_t)n))
			return -1;
		for (i = 0; i < n; i++, cpu++) {
			off = num(r, buf + 16 * i, 8);
			size = num(r, buf + 16 * i + 8, 8);
			if (size && (off > r->fsize || size > r->fsize - off))
				return fail(r, EINVAL, "truncated at %s",
					    cpu_what(r, cpu, what, sizeof(what)));
			if (check_pages(r, cpu, off, size))
				return -1;
			*bytes += size;
		}
	}
	return 0;
}

/*
 * read_instances_v6 - the CPU table of each instance a BUFFER option names
 * (trace-cmd record/extract -B): "flyrecord\0" and the same number of
 * (offset, size) pairs as the top level, after optional options of its own
 */
static int read_instances_v6(struct rd *r, int ncpus)
{
	unsigned long long bytes;
	char what[SF_DAT_WHAT_MAX];
	char marker[10];
	int i;

	for (i = 0; i < r->ninst; i++) {
		struct cur c = { .off = r->inst_off[i], .end = r->fsize, .what = what };

		r->buffer = r->inst_name[i];
		snprintf(what, sizeof(what), "instance \"%.*s\"", SF_DAT_NAME_SHOWN, r->buffer);
		if (cur_read(r, &c, marker, sizeof(marker)))
			return -1;
		if (!memcmp(marker, "options  ", 10)) {
			r->in_instance = true;
			if (read_options_v6(r, &c) || cur_read(r, &c, marker, sizeof(marker)))
				return -1;
		}
		bytes = 0;
		if (!memcmp(marker, "flyrecord", 10)) {
			if (check_cpu_table(r, &c, ncpus, &bytes))
				return -1;
		} else if (memcmp(marker, "latency  ", 10)) {
			return fail(r, EINVAL, "corrupt file: %s has no CPU table", what);
		}
		if (add_buffer(r, r->buffer, bytes))
			return -1;
	}
	r->buffer = NULL;
	return 0;
}

static int read_v6(struct rd *r, struct cur *c)
{
	unsigned long long bytes;
	unsigned long long count;
	unsigned long long nev;
	unsigned long long size;
	unsigned long long ncpus;
	char marker[13];
	char *name;
	char *clock;
	int ret;

	c->what = "header_page";
	if (cur_read(r, c, marker, 12))
		return -1;
	if (memcmp(marker, "header_page", 12))
		return fail(r, EINVAL, "corrupt file: no header_page section");
	if (cur_num(r, c, 8, &size) || read_page_layout(r, c, size))
		return -1;
	c->what = "header_event";
	if (cur_read(r, c, marker, 13))
		return -1;
	if (memcmp(marker, "header_event", 13))
		return fail(r, EINVAL, "corrupt file: no header_event section");
	if (cur_num(r, c, 8, &size) || cur_skip(r, c, size))
		return -1;

	c->what = "ftrace formats";
	if (cur_num(r, c, 4, &count) || skip_sized(r, c, count))
		return -1;
	c->what = "event formats";
	if (cur_num(r, c, 4, &count))
		return -1;
	while (count--) {
		if (cur_str(r, c, &name))
			return -1;
		free(name);
		if (cur_num(r, c, 4, &nev) || skip_sized(r, c, nev))
			return -1;
	}
	c->what = "kallsyms";
	if (cur_num(r, c, 4, &size) || cur_skip(r, c, size))
		return -1;
	c->what = "printk formats";
	if (cur_num(r, c, 4, &size) || cur_skip(r, c, size))
		return -1;
	c->what = "saved cmdlines";
	if (cur_num(r, c, 8, &size) || cur_skip(r, c, size))
		return -1;
	c->what = "CPU count";
	if (cur_num(r, c, 4, &ncpus))
		return -1;

	c->what = "options";
	if (cur_read(r, c, marker, 10))
		return -1;
	if (!memcmp(marker, "options", 7)) {
		if (read_options_v6(r, c))
			return -1;
		c->what = "flyrecord";
		if (cur_read(r, c, marker, 10))
			return -1;
	}
	if (r->cpucount >= 0)
		ncpus = (unsigned long long)r->cpucount;
	if (ncpus > INT_MAX)
		return fail(r, EINVAL, "corrupt file: %llu CPUs", ncpus);
	r->m->ncpus = (int)ncpus;
	if (!memcmp(marker, "latency", 7))
		return add_buffer(r, "", 0); /* text output follows, no CPU table */
	if (memcmp(marker, "flyrecord", 9))
		return fail(r, EINVAL, "corrupt file: no flyrecord section");

	c->what = "CPU table";
	if (check_cpu_table(r, c, (int)ncpus, &bytes) || add_buffer(r, "", bytes) ||
	    read_instances_v6(r, (int)ncpus))
		return -1;
	/* read only when TRACECLOCK exists, like trace-cmd (older files lack it) */
	if (!r->has_traceclock)
		return 0;
	c->what = "clock";
	if (cur_num(r, c, 8, &size))
		return -1;
	if (size > MAX_STRING_LEN)
		return fail(r, EINVAL, "corrupt clock: %llu bytes", size);
	clock = calloc(1, size + 1);
	if (!clock)
		return fail(r, ENOMEM, "out of memory");
	ret = cur_read(r, c, clock, size);
	if (!ret && !r->m->clock)
		r->m->clock = bracket_clock(clock);
	free(clock);
	return ret;
}

/*
 * load_section - the payload of the options section at @off, decompressed:
 * a 16-byte header (u16 id, u16 flags, u32 string id, u64 size), and for a
 * compressed section u32 compressed size + u32 size before the zstd frame.
 */
static int load_section(struct rd *r, unsigned long long off, unsigned char **out, size_t *outlen)
{
	struct cur c = { .off = off, .end = r->fsize, .what = "options section" };
	unsigned long long id;
	unsigned long long flags;
	unsigned long long size;
	unsigned long long csize;
	unsigned long long usize;
	unsigned char *src = NULL;
	unsigned char *dst;
	size_t got;

	if (cur_num(r, &c, 2, &id) || cur_num(r, &c, 2, &flags) || cur_skip(r, &c, 4) ||
	    cur_num(r, &c, 8, &size))
		return -1;
	if (id != 0)
		return fail(r, EINVAL, "corrupt file: section at %llu is not options (id %llu)",
			    off, id);
	if (size > MAX_SECTION_LEN)
		return fail(r, EINVAL, "corrupt options section: %llu bytes", size);
	c.end = c.off + size; /* reads beyond the section are truncation too */
	if (c.end > r->fsize)
		c.end = r->fsize;
	if (!(flags & SEC_FL_COMPRESS)) {
		dst = malloc(size ? size : 1);
		if (!dst)
			return fail(r, ENOMEM, "out of memory");
		if (cur_read(r, &c, dst, size)) {
			free(dst);
			return -1;
		}
		*out = dst;
		*outlen = size;
		return 0;
	}

	if (strcmp(r->compression, "zstd"))
		return fail(r, EINVAL, "corrupt file: compressed section but compression \"%s\"",
			    r->compression);
	if (cur_num(r, &c, 4, &csize) || cur_num(r, &c, 4, &usize))
		return -1;
	if (csize > size - 8 || usize > MAX_SECTION_LEN)
		return fail(r, EINVAL, "corrupt options section: sizes %llu/%llu", csize, usize);
	src = malloc(csize ? csize : 1);
	dst = malloc(usize ? usize : 1);
	if (!src || !dst) {
		free(src);
		free(dst);
		return fail(r, ENOMEM, "out of memory");
	}
	if (cur_read(r, &c, src, csize))
		goto fail;
	got = ZSTD_decompress(dst, usize, src, csize);
	if (ZSTD_isError(got)) {
		fail(r, EINVAL, "corrupt options section: zstd: %s", ZSTD_getErrorName(got));
		goto fail;
	}
	if (got != usize) {
		fail(r, EINVAL, "corrupt options section: %zu bytes instead of %llu", got, usize);
		goto fail;
	}
	free(src);
	*out = dst;
	*outlen = usize;
	return 0;
fail:
	free(src);
	free(dst);
	return -1;
}

/*
 * walk_sections_v7 - every section from @off to the end of the file must be
 * complete, and one must be a STRINGS section (id 15, missing from the man
 * page). Readers find it only this way: no option points to it.
 */
static int walk_sections_v7(struct rd *r, unsigned long long off)
{
	struct cur c = { .off = off, .end = r->fsize, .what = "section header" };
	unsigned long long id;
	unsigned long long size;
	bool strings = false;
	char what[48];
	int n;

	for (n = 0; c.off < r->fsize; n++) {
		if (n > 100000)
			return fail(r, EINVAL, "corrupt file: too many sections");
		c.what = "section header";
		if (cur_num(r, &c, 2, &id) || cur_skip(r, &c, 6) || cur_num(r, &c, 8, &size))
			return -1;
		if (id == SEC_STRINGS)
			strings = true;
		if (id == 0)
			snprintf(what, sizeof(what), "options section");
		else if (id == OPT_BUFFER)
			snprintf(what, sizeof(what), "buffer data section");
		else if (id == SEC_STRINGS)
			snprintf(what, sizeof(what), "strings section");
		else if (id >= OPT_HEADER_INFO && id <= OPT_CMDLINES)
			snprintf(what, sizeof(what), "%s section",
				 section_names[id - OPT_HEADER_INFO]);
		else
			snprintf(what, sizeof(what), "section %llu", id);
		c.what = what;
		if (cur_skip(r, &c, size))
			return -1;
	}
	/*
	 * trace-cmd always writes it last and refuses files without it: its
	 * absence means the file was cut at a section boundary
	 */
	if (!strings)
		return fail(r, EINVAL, "truncated at strings section");
	return 0;
}

/* parse_options_v7 - the options of one loaded section; *@next from DONE */
static int parse_options_v7(struct rd *r, const unsigned char *sec, size_t seclen,
			    unsigned long long *next)
{
	struct cur o = { .mem = sec, .end = seclen, .what = "options" };
	unsigned long long id;
	unsigned long long size;

	*next = 0;
	while (o.off < o.end) {
		if (cur_num(r, &o, 2, &id) || cur_num(r, &o, 4, &size))
			return -1;
		if (size > o.end - o.off)
			return truncated(r, &o);
		if (id == OPT_DONE) {
			if (size < 8)
				return fail(r, EINVAL, "corrupt options: DONE has %llu bytes",
					    size);
			*next = num(r, sec + o.off, 8);
			return 0;
		}
		if (handle_option(r, (unsigned int)id, sec + o.off, (size_t)size))
			return -1;
		o.off += size;
	}
	/* trace-cmd always ends a section with DONE; without it, assume the last */
	return 0;
}

/* v7 options: a chain of sections, each DONE option holds the next offset */
static int read_v7(struct rd *r, struct cur *c)
{
	unsigned long long next;
	unsigned char *sec = NULL;
	size_t seclen = 0;
	int nsec = 0;
	char *ver;
	int ret;
	int i;

	c->what = "compression header";
	if (cur_str(r, c, &r->compression) || cur_str(r, c, &ver))
		return -1;
	free(ver);
	if (strcmp(r->compression, "none") && strcmp(r->compression, "zstd"))
		return fail(r, ENOTSUP, "unsupported compression algorithm \"%s\"", r->compression);
	c->what = "options offset";
	if (cur_num(r, c, 8, &next))
		return -1;
	if (!next)
		return fail(r, EINVAL, "corrupt file: no options section");
	if (walk_sections_v7(r, c->off))
		return -1;

	while (next) {
		if (++nsec > MAX_OPTION_SECTIONS)
			return fail(r, EINVAL, "corrupt file: more than %d options sections",
				    MAX_OPTION_SECTIONS);
		if (load_section(r, next, &sec, &seclen))
			return -1;
		ret = parse_options_v7(r, sec, seclen, &next);
		free(sec);
		if (ret)
			return -1;
	}

	if (r->cpucount >= 0)
		r->m->ncpus = r->cpucount > INT_MAX ? INT_MAX : (int)r->cpucount;
	else
		r->m->ncpus = r->buffer_cpus;
	if (!r->m->clock && r->buffer_clock) {
		r->m->clock = r->buffer_clock;
		r->buffer_clock = NULL;
	}
	for (i = 0; i < (int)SF_ARRAY_SIZE(r->sections); i++)
		if (r->sections[i] &&
		    check_section(r, r->sections[i], OPT_HEADER_INFO + i, section_names[i]))
			return -1;
	return 0;
}

/* read_start - magic, version, endianness, long size, page size */
static int read_start(struct rd *r, struct cur *c)
{
	unsigned char hdr[DAT_MAGIC_LEN];
	unsigned char b[2];
	unsigned char b4[4];
	char ver[16];
	size_t i;

	if (r->fsize < DAT_MAGIC_LEN)
		return fail(r, EINVAL, "not a trace.dat file (%s)",
			    r->fsize ? "too short" : "empty");
	if (cur_read(r, c, hdr, DAT_MAGIC_LEN))
		return -1;
	if (memcmp(hdr, DAT_MAGIC, DAT_MAGIC_LEN))
		return fail(r, EINVAL, "not a trace.dat file");
	for (i = 0; i < sizeof(ver); i++) {
		if (cur_read(r, c, &ver[i], 1))
			return -1;
		if (!ver[i])
			break;
		if (ver[i] < '0' || ver[i] > '9')
			return fail(r, EINVAL, "not a trace.dat file (bad version string)");
	}
	if (i == sizeof(ver) || i == 0)
		return fail(r, EINVAL, "not a trace.dat file (bad version string)");
	if (strcmp(ver, "6") && strcmp(ver, "7"))
		return fail(r, ENOTSUP, "unsupported version %s", ver);
	r->version = ver[0] - '0';
	if (cur_read(r, c, b, 2))
		return -1;
	if (b[0] > 1)
		return fail(r, EINVAL, "corrupt file header: endianness byte %u", b[0]);
	if (b[1] != 4 && b[1] != 8)
		return fail(r, EINVAL, "corrupt file header: long size %u", b[1]);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	r->swap = b[0] == 0;
#else
	r->swap = b[0] == 1;
#endif
	r->long_size = b[1];
	if (cur_read(r, c, b4, 4))
		return -1;
	r->page_size = (unsigned int)num(r, b4, 4);
	if (r->page_size < 64 || r->page_size > (1u << 24) || (r->page_size & (r->page_size - 1)))
		return fail(r, EINVAL, "corrupt file header: page size %u", r->page_size);
	return 0;
}

static char *last_word(const char *s)
{
	const char *end = s + strlen(s);
	const char *start;

	while (end > s && strchr(" \t\n", end[-1]))
		end--;
	start = end;
	while (start > s && !strchr(" \t\n", start[-1]))
		start--;
	return end > start ? strndup(start, (size_t)(end - start)) : NULL;
}

int sf_dat_meta_read(const char *path, struct sf_dat_meta *m, char *err, size_t errsz)
{
	struct rd r = { .fd = -1, .err = err, .errsz = errsz, .m = m, .cpucount = -1 };
	struct cur c = { .what = "file header" };
	struct stat st;
	int ret = -1;
	int saved;
	int i;

	memset(m, 0, sizeof(*m));
	if (err && errsz)
		err[0] = '\0';
	r.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r.fd < 0)
		return fail(&r, errno, "cannot open %s: %s", path, strerror(errno));
	if (fstat(r.fd, &st)) {
		fail(&r, errno, "cannot stat %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(&r, EINVAL, "not a trace.dat file (not a regular file)");
		goto out;
	}
	r.fsize = (unsigned long long)st.st_size;
	c.end = r.fsize;

	if (read_start(&r, &c))
		goto out;
	m->version = r.version;
	if (r.version == 6 ? read_v6(&r, &c) : read_v7(&r, &c))
		goto out;
	if (m->uname && m->uname[strspn(m->uname, " \t\n")]) {
		m->machine = last_word(m->uname);
		if (!m->machine) {
			fail(&r, ENOMEM, "out of memory");
			goto out;
		}
	}
	ret = 0;
out:
	saved = errno;
	if (ret)
		sf_dat_meta_free(m);
	free(r.compression);
	free(r.buffer_clock);
	for (i = 0; i < r.ninst; i++)
		free(r.inst_name[i]);
	free(r.inst_name);
	free(r.inst_off);
	close(r.fd);
	errno = saved;
	return ret;
}

void sf_dat_meta_free(struct sf_dat_meta *m)
{
	int i;

	if (!m)
		return;
	for (i = 0; i < m->ncpustat; i++)
		free(m->cpustat[i]);
	free(m->cpustat);
	for (i = 0; i < m->nbuffers; i++)
		free(m->buffers[i].name);
	free(m->buffers);
	free(m->tasks);
	free(m->uname);
	free(m->machine);
	free(m->clock);
	free(m->sigftrace);
	memset(m, 0, sizeof(*m));
}
