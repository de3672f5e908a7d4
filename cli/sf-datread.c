// SPDX-License-Identifier: GPL-2.0
/*
 * sf-datread - the trace.dat reader (versions 6 and 7).
 *
 * The layout follows trace-cmd.dat.v6(5) and trace-cmd.dat.v7(5), corrected
 * by what trace-cmd 3.1.6 really writes and reads (lib/trace-cmd/trace-input.c):
 *  - v6 ends the options with a bare u16 0 (no size field);
 *  - with a TRACECLOCK option, a u64 length and a "[clock]" string follow
 *    the v6 flyrecord CPU table;
 *  - v6 instances (BUFFER options) have their own "flyrecord" CPU table, after
 *    options of their own (CPUCOUNT), at the offset the option gives;
 *  - v7 has a STRINGS section (id 15) the man page does not list, and its
 *    options sections form a chain through their DONE options;
 *  - v7 compressed CPU data is a u32 chunk count and chunks of u32
 *    compressed size, u32 size and the compressed bytes; the size in the
 *    BUFFER option counts the chunks, not the count in front of them;
 *  - timestamps are moved by the DATE (us) and OFFSET (ns) options and
 *    converted by TSC2NSEC (mult/shift) like libtracecmd does.
 * Compression: trace-cmd 3.1 writes "zstd" (Debian) or "zlib" (a trace-cmd
 * built without libzstd); both are read.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

#include "sf-datread.h"
#include "sf-datfmt.h"
#include "sf-util.h"

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

enum { COMP_NONE, COMP_ZSTD, COMP_ZLIB };

/* limits against corrupt sizes (the file's size bounds everything else) */
#define MAX_OPTION_LEN (16U << 20)
#define MAX_SECTION_LEN (256U << 20)
#define MAX_FORMAT_LEN (1U << 20)
#define MAX_STRING_LEN 4096
#define MAX_BUFFERS 1024
#define MAX_OPTION_SECTIONS (MAX_BUFFERS + 64)
#define MAX_CHUNK (64U << 20) /* trace-cmd writes 10 pages */
#define MEM_BUDGET (256ULL << 20) /* all CPUs' blocks and chunks together */
#define BLOCK_MAX (1U << 20) /* uncompressed data is read this much at a time */
#define BLOCKS_TOTAL (8U << 20)
#define NAME_SHOWN 64 /* of an instance's name in messages */
#define HDR_MAX 64 /* a page header (16 bytes today) */

/* One CPU of one buffer, with data. */
struct dat_cpu {
	int cpu;
	int buf;
	unsigned long long off; /* where its data starts in the file */
	unsigned long long size; /* as the file says: page bytes, or chunk bytes */
	bool compressed;
	unsigned long long pos; /* next byte to read */
	unsigned long long run; /* file offset of the current block (uncompressed) */
	unsigned int nchunks; /* compressed: the count in front of the chunks */
	unsigned int chunk; /* compressed: chunks read */
	unsigned char *blk; /* the current block or decompressed chunk */
	size_t cap;
};

struct sf_dat {
	int fd;
	unsigned long long fsize;
	bool swap; /* file byte order differs from ours */
	unsigned int flags;
	const char *const *systems;
	struct sf_dat_meta m;
	struct tep_handle *tep;
	int comp;
	ZSTD_DCtx *zctx;
	unsigned char *zbuf; /* compressed bytes of one chunk */
	size_t zcap;
	struct dat_cpu *cpus; /* every CPU with data, buffer by buffer */
	int ncpus;
	size_t block; /* bytes read at a time from uncompressed data */
	unsigned long long mem; /* bytes of every CPU's block */
	struct sf_merge merge;
	bool merging;
	/* parsing */
	bool has_traceclock;
	long long cpucount; /* CPUCOUNT option, -1 if none */
	long long inst_cpucount; /* v6: of the instance being read */
	bool in_instance;
	const char *buffer; /* instance being read (messages), NULL: top level */
	unsigned long long sections[6]; /* v7: offsets of HEADER_INFO..CMDLINES */
	unsigned long long *inst_off; /* v6: where each instance's CPU table is */
	char **inst_name;
	int ninst;
	bool have_layout;
	char err[512];
};

/* A read position in the file (@mem NULL) or in a loaded section. */
struct cur {
	const unsigned char *mem;
	unsigned long long off;
	unsigned long long end;
	const char *what; /* for "truncated at <what>" */
};

static int fail(struct sf_dat *d, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct sf_dat *d, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	errno = errnum;
	return -1;
}

static int oom(struct sf_dat *d)
{
	return fail(d, ENOMEM, "out of memory");
}

static int truncated(struct sf_dat *d, const struct cur *c)
{
	return fail(d, EINVAL, "truncated at %s", c->what);
}

/* pread_full - @n bytes at @off; 0, or -1 with errno (EIO: the file ends first) */
static int pread_full(int fd, void *buf, size_t n, unsigned long long off)
{
	size_t done = 0;
	ssize_t got;

	while (done < n) {
		got = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0) {
			errno = EIO;
			return -1;
		}
		done += (size_t)got;
	}
	return 0;
}

static int cur_read(struct sf_dat *d, struct cur *c, void *buf, size_t n)
{
	if (c->off > c->end || n > c->end - c->off)
		return truncated(d, c);
	if (c->mem) {
		memcpy(buf, c->mem + c->off, n);
	} else if (pread_full(d->fd, buf, n, c->off)) {
		if (errno == EIO) /* the file shrank under us */
			return truncated(d, c);
		return fail(d, errno, "cannot read %s: %s", c->what, strerror(errno));
	}
	c->off += n;
	return 0;
}

static int cur_skip(struct sf_dat *d, struct cur *c, unsigned long long n)
{
	if (c->off > c->end || n > c->end - c->off)
		return truncated(d, c);
	c->off += n;
	return 0;
}

static unsigned long long num(const struct sf_dat *d, const void *p, int size)
{
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 2:
		memcpy(&v16, p, 2);
		return d->swap ? __builtin_bswap16(v16) : v16;
	case 4:
		memcpy(&v32, p, 4);
		return d->swap ? __builtin_bswap32(v32) : v32;
	default:
		memcpy(&v64, p, 8);
		return d->swap ? __builtin_bswap64(v64) : v64;
	}
}

static int cur_num(struct sf_dat *d, struct cur *c, int size, unsigned long long *v)
{
	unsigned char b[8];

	if (cur_read(d, c, b, (size_t)size))
		return -1;
	*v = num(d, b, size);
	return 0;
}

/* cur_str - a NUL-terminated string of at most MAX_STRING_LEN bytes */
static int cur_str(struct sf_dat *d, struct cur *c, char **out)
{
	char buf[MAX_STRING_LEN + 1];
	unsigned long long avail;
	size_t want;
	size_t len;

	*out = NULL;
	if (c->off > c->end)
		return truncated(d, c);
	avail = c->end - c->off;
	want = avail < sizeof(buf) ? (size_t)avail : sizeof(buf);
	if (cur_read(d, c, buf, want))
		return -1;
	c->off -= want;
	len = strnlen(buf, want);
	if (len == want)
		return want == sizeof(buf) ?
			       fail(d, EINVAL, "corrupt %s: string too long", c->what) :
			       truncated(d, c);
	c->off += len + 1;
	*out = strdup(buf);
	if (!*out)
		return oom(d);
	return 0;
}

/* cur_blob - @size bytes (at most @max) into a new NUL-terminated buffer */
static int cur_blob(struct sf_dat *d, struct cur *c, unsigned long long size,
		    unsigned long long max, char **out)
{
	*out = NULL;
	if (c->off > c->end || size > c->end - c->off)
		return truncated(d, c);
	if (size > max)
		return fail(d, EINVAL, "corrupt %s: %llu bytes", c->what, size);
	*out = malloc((size_t)size + 1);
	if (!*out)
		return oom(d);
	if (cur_read(d, c, *out, (size_t)size)) {
		free(*out);
		*out = NULL;
		return -1;
	}
	(*out)[size] = '\0';
	return 0;
}

/* cpu_what - "CPU 1", or "CPU 1 of instance \"NAME\"" */
static const char *cpu_what(const struct sf_dat *d, const struct dat_cpu *c, char *s, size_t size)
{
	const char *name = d->m.buffers[c->buf].name;

	if (*name)
		snprintf(s, size, "CPU %d of instance \"%.*s\"", c->cpu, NAME_SHOWN, name);
	else
		snprintf(s, size, "CPU %d", c->cpu);
	return s;
}

/* ---------------------------------------------------------------------------
 * Options
 */

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

/*
 * add_buffer - one more buffer; the top level ("") goes first
 * Return: its index, or -1.
 */
static int add_buffer(struct sf_dat *d, const char *name, unsigned long long bytes, int ncpus,
		      bool latency)
{
	struct sf_dat_meta *m = &d->m;
	struct sf_dat_buffer *v;
	char *copy;
	int i;

	if (m->nbuffers >= MAX_BUFFERS)
		return fail(d, EINVAL, "corrupt file: more than %d buffers", MAX_BUFFERS);
	/* tracefs instances are directories: NAME_MAX */
	if (strlen(name) > 255)
		return fail(d, EINVAL, "corrupt file: an instance name of %zu bytes", strlen(name));
	for (i = 0; i < m->nbuffers; i++)
		if (!strcmp(m->buffers[i].name, name))
			return fail(d, EINVAL, "corrupt file: two buffers named \"%.*s\"",
				    NAME_SHOWN, name);
	copy = strdup(name);
	v = realloc(m->buffers, sizeof(*v) * ((size_t)m->nbuffers + 1));
	if (v)
		m->buffers = v;
	if (!copy || !v) {
		free(copy);
		return oom(d);
	}
	i = m->nbuffers++;
	if (!*name && i) {
		/* the top level first: the CPUs already listed move along */
		memmove(v + 1, v, sizeof(*v) * (size_t)i);
		i = 0;
		for (int k = 0; k < d->ncpus; k++)
			d->cpus[k].buf++;
	}
	v[i] = (struct sf_dat_buffer){ copy, bytes, ncpus, latency };
	return i;
}

/* add_cpu - a CPU with data of buffer @buf */
static int add_cpu(struct sf_dat *d, int buf, int cpu, unsigned long long off,
		   unsigned long long size, bool compressed)
{
	struct dat_cpu *v;

	/* each one takes at least 16 bytes of the file: a corrupt count stops here */
	if ((unsigned long long)d->ncpus >= d->fsize / 16 + 1)
		return fail(d, EINVAL, "corrupt file: more CPUs than the file can hold");
	v = realloc(d->cpus, sizeof(*v) * ((size_t)d->ncpus + 1));
	if (!v)
		return oom(d);
	d->cpus = v;
	v[d->ncpus++] = (struct dat_cpu){
		.cpu = cpu, .buf = buf, .off = off, .size = size, .compressed = compressed
	};
	return 0;
}

/* check_cpu_data - one CPU's (offset, size) of a buffer: inside the file, whole pages */
static int check_cpu_data(struct sf_dat *d, int buf, int cpu, unsigned long long off,
			  unsigned long long size, bool compressed)
{
	struct dat_cpu c = { .cpu = cpu, .buf = buf };
	unsigned char b4[4];
	unsigned long long count;
	char what[128];
	/* compressed data has a u32 chunk count in front */
	unsigned long long extent = compressed ? size + 4 : size;

	cpu_what(d, &c, what, sizeof(what));
	if (!size)
		return 0;
	if (off > d->fsize || extent > d->fsize - off)
		return fail(d, EINVAL, "truncated at %s data (%llu bytes at offset %llu)", what,
			    extent, off);
	if (!compressed) {
		if (size % d->m.page_size)
			return fail(d, EINVAL,
				    "corrupt %s data: %llu bytes is not a number of pages", what,
				    size);
		return add_cpu(d, buf, cpu, off, size, false);
	}
	if (pread_full(d->fd, b4, 4, off))
		return fail(d, errno, "cannot read %s data: %s", what, strerror(errno));
	count = num(d, b4, 4);
	/* a chunk has an 8-byte header at least: a corrupt count stops here */
	if (!count || count > size / 8)
		return fail(d, EINVAL, "corrupt %s data: %llu chunks in %llu bytes", what, count,
			    size);
	if (add_cpu(d, buf, cpu, off, size, true))
		return -1;
	d->cpus[d->ncpus - 1].nchunks = (unsigned int)count;
	return 0;
}

/* opt_buffer_v6 - a v6 BUFFER option: u64 offset of the instance's CPU table, name */
static int opt_buffer_v6(struct sf_dat *d, const unsigned char *data, size_t size)
{
	unsigned long long *off;
	char **names;
	char *name;

	if (size < 9 || !memchr(data + 8, '\0', size - 8))
		return fail(d, EINVAL, "corrupt BUFFER option");
	if (d->ninst >= MAX_BUFFERS)
		return fail(d, EINVAL, "corrupt file: more than %d buffers", MAX_BUFFERS);
	name = strdup((const char *)data + 8);
	off = realloc(d->inst_off, sizeof(*off) * ((size_t)d->ninst + 1));
	if (off)
		d->inst_off = off;
	names = realloc(d->inst_name, sizeof(*names) * ((size_t)d->ninst + 1));
	if (names)
		d->inst_name = names;
	if (!name || !off || !names) {
		free(name);
		return oom(d);
	}
	off[d->ninst] = num(d, data, 8);
	names[d->ninst++] = name;
	return 0;
}

/*
 * section_header - a v7 section header at @off: id @want, its data inside
 * the file; *@flags gets its flags
 */
static int section_header(struct sf_dat *d, unsigned long long off, unsigned int want,
			  const char *what, unsigned long long *flags, unsigned long long *size)
{
	struct cur c = { .off = off, .end = d->fsize, .what = what };
	unsigned long long id;
	unsigned long long sz;

	if (cur_num(d, &c, 2, &id) || cur_num(d, &c, 2, flags) || cur_skip(d, &c, 4) ||
	    cur_num(d, &c, 8, &sz) || cur_skip(d, &c, sz))
		return -1;
	if (id != want)
		return fail(d, EINVAL, "corrupt file: %s has id %llu", what, id);
	if (size)
		*size = sz;
	return 0;
}

/*
 * opt_buffer_v7 - a v7 BUFFER (or BUFFER_TEXT) option: u64 section offset,
 * name, clock, then for BUFFER: u32 page size, u32 count, per CPU u32 id,
 * u64 offset, u64 size
 */
static int opt_buffer_v7(struct sf_dat *d, unsigned int id, const unsigned char *data, size_t size)
{
	struct cur c = { .mem = data, .end = size, .what = "BUFFER option" };
	unsigned long long sec, flags, psize, cnt, cpu, off, len;
	unsigned long long bytes = 0;
	char *name = NULL;
	char *clock = NULL;
	char what[96];
	int ret = -1;
	int buf;

	if (cur_num(d, &c, 8, &sec) || cur_str(d, &c, &name) || cur_str(d, &c, &clock))
		goto out;
	snprintf(what, sizeof(what), "the data section of buffer \"%.*s\"", NAME_SHOWN, name);
	if (id == OPT_BUFFER_TEXT) {
		/* latency-format text: nothing to read as events */
		ret = add_buffer(d, name, 0, 0, true) < 0 ? -1 : 0;
		goto out;
	}
	if (cur_num(d, &c, 4, &psize) || cur_num(d, &c, 4, &cnt) ||
	    section_header(d, sec, OPT_BUFFER, what, &flags, NULL))
		goto out;
	if (psize != d->m.page_size) {
		fail(d, ENOTSUP,
		     "unsupported file: buffer \"%.*s\" has pages of %llu bytes, the file %u",
		     NAME_SHOWN, name, psize, d->m.page_size);
		goto out;
	}
	if (cnt > (c.end - c.off) / 20) {
		fail(d, EINVAL, "corrupt BUFFER option: %llu CPUs in %llu bytes", cnt,
		     c.end - c.off);
		goto out;
	}
	buf = add_buffer(d, name, 0, (int)cnt, false);
	if (buf < 0)
		goto out;
	if (!*name && !d->m.clock && *clock) {
		d->m.clock = clock;
		clock = NULL;
	}
	while (cnt--) {
		if (cur_num(d, &c, 4, &cpu) || cur_num(d, &c, 8, &off) || cur_num(d, &c, 8, &len))
			goto out;
		if (check_cpu_data(d, buf, (int)(cpu & INT_MAX), off, len, flags & SEC_FL_COMPRESS))
			goto out;
		bytes += len;
	}
	d->m.buffers[buf].bytes = bytes;
	ret = 0;
out:
	free(name);
	free(clock);
	return ret;
}

static int opt_cpustat(struct sf_dat *d, const unsigned char *data, size_t size)
{
	struct sf_dat_meta *m = &d->m;
	char **v;
	char *text;

	text = strndup((const char *)data, size);
	if (!text)
		return oom(d);
	v = realloc(m->cpustat, sizeof(*v) * ((size_t)m->ncpustat + 1));
	if (!v) {
		free(text);
		return oom(d);
	}
	m->cpustat = v;
	v[m->ncpustat++] = text;
	m->overrun += stat_value(text, "overrun:") + stat_value(text, "commit overrun:");
	m->dropped += stat_value(text, "dropped events:");
	return 0;
}

/* opt_offset - DATE (us, "0x..." text) and OFFSET (ns) move every timestamp */
static int opt_offset(struct sf_dat *d, unsigned int id, const unsigned char *data, size_t size)
{
	char *text = strndup((const char *)data, size);
	long long v;

	if (!text)
		return oom(d);
	errno = 0;
	v = strtoll(text, NULL, 0);
	free(text);
	if (errno || (id == OPT_DATE && __builtin_mul_overflow(v, 1000LL, &v)) ||
	    __builtin_add_overflow(d->m.adjust.offset, v, &d->m.adjust.offset))
		return fail(d, EINVAL, "corrupt %s option", id == OPT_DATE ? "DATE" : "OFFSET");
	return 0;
}

/* opt_text - an option's text into *@dst (the last one of its id counts) */
static int opt_text(struct sf_dat *d, char **dst, const unsigned char *data, size_t size)
{
	free(*dst);
	*dst = strndup((const char *)data, size);
	return *dst ? 0 : oom(d);
}

static int handle_option(struct sf_dat *d, unsigned int id, const unsigned char *data, size_t size)
{
	struct sf_dat_meta *m = &d->m;
	char *text;

	if (d->in_instance) {
		/* an instance's own options describe that instance only */
		if (id == OPT_CPUCOUNT) {
			if (size < 4)
				return fail(d, EINVAL, "corrupt CPUCOUNT option");
			d->inst_cpucount = (long long)num(d, data, 4);
		}
		return 0;
	}
	switch (id) {
	case OPT_UNAME:
		free(m->uname);
		m->uname = strndup((const char *)data, size);
		if (!m->uname)
			return oom(d);
		break;
	case OPT_TRACECLOCK:
		d->has_traceclock = true;
		text = strndup((const char *)data, size);
		if (!text)
			return oom(d);
		free(m->clock);
		m->clock = bracket_clock(text);
		free(text);
		break;
	case OPT_CPUSTAT:
		return opt_cpustat(d, data, size);
	case OPT_SIGFTRACE:
		return opt_text(d, &m->sigftrace, data, size);
	case OPT_SF_TASKS:
		return opt_text(d, &m->tasks, data, size);
	case OPT_CPUCOUNT:
		if (size < 4)
			return fail(d, EINVAL, "corrupt CPUCOUNT option");
		d->cpucount = (long long)num(d, data, 4);
		break;
	case OPT_DATE:
	case OPT_OFFSET:
		return opt_offset(d, id, data, size);
	case OPT_TSC2NSEC:
		if (size < 16)
			break; /* libtracecmd ignores it too */
		if (num(d, data, 4) > INT_MAX || num(d, data + 4, 4) > 32)
			return fail(d, EINVAL, "corrupt TSC2NSEC option: mult %llu, shift %llu",
				    num(d, data, 4), num(d, data + 4, 4));
		m->adjust.mult = (unsigned int)num(d, data, 4);
		m->adjust.shift = (unsigned int)num(d, data + 4, 4);
		break;
	case OPT_TIME_SHIFT:
		m->time_shift = true;
		break;
	case OPT_BUFFER:
	case OPT_BUFFER_TEXT:
		if (m->version == 7)
			return opt_buffer_v7(d, id, data, size);
		return id == OPT_BUFFER ? opt_buffer_v6(d, data, size) : 0;
	default:
		if (id >= OPT_HEADER_INFO && id <= OPT_CMDLINES && m->version == 7) {
			if (size < 8)
				return fail(d, EINVAL, "corrupt options: option %u has %zu bytes",
					    id, size);
			d->sections[id - OPT_HEADER_INFO] = num(d, data, 8);
		}
		break;
	}
	return 0;
}

/* v6 options: u16 id, u32 size, data; ended by a bare u16 0 */
static int read_options_v6(struct sf_dat *d, struct cur *c)
{
	static const unsigned short wanted[] = { OPT_UNAME,	OPT_TRACECLOCK, OPT_CPUSTAT,
						 OPT_CPUCOUNT,	OPT_BUFFER,	OPT_DATE,
						 OPT_OFFSET,	OPT_TSC2NSEC,	OPT_TIME_SHIFT,
						 OPT_SIGFTRACE, OPT_SF_TASKS };
	size_t i;
	unsigned long long id;
	unsigned long long size;
	unsigned char *data;
	int ret;

	for (;;) {
		if (cur_num(d, c, 2, &id))
			return -1;
		if (id == OPT_DONE)
			return 0;
		if (cur_num(d, c, 4, &size))
			return -1;
		for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]) && wanted[i] != id; i++)
			;
		if (i == sizeof(wanted) / sizeof(wanted[0])) {
			if (cur_skip(d, c, size))
				return -1;
			continue;
		}
		if (size > MAX_OPTION_LEN)
			return fail(d, EINVAL, "corrupt options: option %llu has %llu bytes", id,
				    size);
		if (size > c->end - c->off)
			return truncated(d, c);
		data = malloc(size ? size : 1);
		if (!data)
			return oom(d);
		ret = cur_read(d, c, data, size);
		if (!ret)
			ret = handle_option(d, (unsigned int)id, data, size);
		free(data);
		if (ret)
			return -1;
	}
}

/* ---------------------------------------------------------------------------
 * Headers and formats (the same payloads in v6 and in v7 sections)
 */

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
 * read_headers - "header_page\0", u64 size, text, "header_event\0", u64
 * size, text. The page layout follows the recording kernel's long (struct
 * buffer_data_page: u64 timestamp, local_t commit, data), not the file
 * header's long size, which is the recording user space's: a 32-bit
 * kernel's pages hold 4084 bytes from offset 12, a 64-bit kernel's 4080
 * from 16, also when a 32-bit program recorded them.
 */
static int read_headers(struct sf_dat *d, struct cur *c)
{
	struct sf_page_layout *lay = &d->m.layout;
	unsigned long long size;
	unsigned int dsize;
	char marker[13];
	char *text;
	bool ok;

	c->what = "header_page";
	if (cur_read(d, c, marker, 12))
		return -1;
	if (memcmp(marker, "header_page", 12))
		return fail(d, EINVAL, "corrupt file: no header_page section");
	if (cur_num(d, c, 8, &size))
		return -1;
	if (!size)
		return fail(d, ENOTSUP,
			    "unsupported file: no header_page (a kernel older than 2.6.31)");
	if (cur_blob(d, c, size, MAX_STRING_LEN, &text))
		return -1;
	ok = header_field(text, "commit", &lay->commit_off, &lay->commit_size) &&
	     header_field(text, "data", &lay->data_off, &dsize);
	free(text);
	if (!ok)
		return fail(d, EINVAL, "corrupt header_page: no commit or data field");
	if ((lay->commit_size != 4 && lay->commit_size != 8) || lay->commit_off < 8 ||
	    lay->commit_off + lay->commit_size > lay->data_off || lay->data_off > HDR_MAX ||
	    lay->data_off >= d->m.page_size)
		return fail(d, EINVAL, "corrupt header_page: commit at %u (%u bytes), data at %u",
			    lay->commit_off, lay->commit_size, lay->data_off);
	lay->page_size = d->m.page_size;
	d->have_layout = true;
	if (d->tep) {
		/* libtraceevent gets the layout just checked, not the file's text */
		char hp[320];
		int n = snprintf(hp, sizeof(hp),
				 "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
				 "\tfield: local_t commit;\toffset:%u;\tsize:%u;\tsigned:1;\n"
				 "\tfield: int overwrite;\toffset:%u;\tsize:1;\tsigned:1;\n"
				 "\tfield: char data;\toffset:%u;\tsize:%u;\tsigned:0;\n",
				 lay->commit_off, lay->commit_size, lay->commit_off, lay->data_off,
				 dsize);

		tep_parse_header_page(d->tep, hp, (unsigned long)n, d->m.long_size);
	}

	c->what = "header_event";
	if (cur_read(d, c, marker, 13))
		return -1;
	if (memcmp(marker, "header_event", 13))
		return fail(d, EINVAL, "corrupt file: no header_event section");
	if (cur_num(d, c, 8, &size) || cur_skip(d, c, size))
		return -1;
	return 0;
}

static bool wanted_system(const struct sf_dat *d, const char *sys)
{
	const char *const *s;

	if (!d->tep)
		return false;
	if (!d->systems)
		return true;
	for (s = d->systems; *s; s++)
		if (!strcmp(*s, sys))
			return true;
	return false;
}

/* line_at - the line of @text starting at *@pos (without its newline); *@pos moves past it */
static const char *line_at(const char *text, size_t *pos, size_t *len)
{
	const char *line = text + *pos;
	const char *nl;

	if (!*line)
		return NULL;
	nl = strchr(line, '\n');
	*len = nl ? (size_t)(nl - line) : strlen(line);
	*pos += *len + (nl ? 1 : 0);
	return line;
}

/* number_at - "KEY:DIGITS;" at *@p (at most @max); *@p moves past it */
static bool number_at(const char **p, const char *key, unsigned long max, unsigned long *v)
{
	size_t n = strlen(key);
	char *end;

	if (strncmp(*p, key, n) || (*p)[n] < '0' || (*p)[n] > '9')
		return false;
	errno = 0;
	*v = strtoul(*p + n, &end, 10);
	if (errno || *v > max || *end != ';')
		return false;
	*p = end + 1;
	return true;
}

static bool is_word(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/*
 * decl_ok - a field declaration [@p, @end): words separated by single blanks
 * ("unsigned long ip", "const void *const attr", "const char * s"), each
 * '*'s, an identifier and '*'s (all optional but one), at least two of
 * them, the last one naming the field, with an optional "[N]"; or
 * "__data_loc TYPE[] name" (also __rel_loc, TYPE of several words), the
 * kernel's dynamic arrays
 */
static bool decl_ok(const char *p, const char *end)
{
	bool dyn = (size_t)(end - p) > 11 &&
		   (!strncmp(p, "__data_loc ", 11) || !strncmp(p, "__rel_loc ", 10));
	bool named = false;
	int words = 0;

	while (p < end) {
		const char *w = p;

		while (p < end && *p == '*')
			p++;
		named = p < end && is_word(*p, true);
		while (p < end && is_word(*p, false))
			p++;
		while (p < end && *p == '*')
			p++;
		if (p < end && *p == '[') {
			/* "[]" after the type of a dynamic array, "[N]" after the name */
			bool type_bracket = dyn && words >= 1 && end - p > 3 && p[1] == ']' &&
					    p[2] == ' ' &&
					    !memchr(p + 3, ' ', (size_t)(end - p - 3));

			while (++p < end && is_word(*p, false))
				;
			if (p == end || *p++ != ']' || (p != end && !type_bracket))
				return false;
		}
		if (p == w)
			return false;
		words++;
		if (p == end)
			break;
		if (*p != ' ' || p + 1 == end)
			return false;
		p++;
	}
	return words >= 2 && named;
}

/*
 * clean_field - one "\tfield:DECL;\toffset:N;\tsize:N;\tsigned:N;" line,
 * rewritten in that exact form into @out; false for anything else. DECL is
 * C words, '*' and [] brackets, nothing libtraceevent's tokenizer can trip
 * over.
 */
static bool clean_field(const char *line, size_t len, struct sf_buf *out)
{
	unsigned long off, size, sign = 0;
	const char *p, *decl, *semi;
	bool has_sign = false;

	if (len > 512 || len < 7 || strncmp(line, "\tfield:", 7) || memchr(line, '\0', len))
		return false;
	decl = line + 7;
	semi = memchr(decl, ';', len - 7);
	if (!semi || !decl_ok(decl, semi))
		return false;
	p = semi + 1;
	if (*p++ != '\t' || !number_at(&p, "offset:", 65535, &off) || *p++ != '\t' ||
	    !number_at(&p, "size:", 65535, &size))
		return false;
	if (*p == '\t' && !strncmp(p + 1, "signed:", 7)) {
		p++;
		if (!number_at(&p, "signed:", 1, &sign))
			return false;
		has_sign = true;
	}
	/* the rest of the line: blanks only */
	while (p < line + len && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p != line + len)
		return false;
	sf_buf_printf(out, "\tfield:%.*s;\toffset:%lu;\tsize:%lu;", (int)(semi - decl), decl, off,
		      size);
	if (has_sign)
		sf_buf_printf(out, "\tsigned:%lu;", sign);
	sf_buf_add(out, "\n", 1);
	return true;
}

/*
 * clean_format - an events/SYS/EVENT/format text as libtraceevent may see it:
 * "name:", "ID:", "format:", the common fields, a blank line, the fields,
 * each line checked and rewritten, and an empty print format (sigftrace
 * renders the events itself; libtraceevent's parser of print formats, C
 * expressions, is the part that crashes on a corrupt text). NULL when the
 * text is not a format.
 */
static char *clean_format(const char *text, struct sf_buf *out)
{
	size_t pos = 0, len;
	const char *line;
	unsigned long id;
	int part = 0; /* 0: common fields, 1: fields */
	int nfields = 0;
	size_t i;

	out->len = 0;
	line = line_at(text, &pos, &len);
	if (!line || len < 7 || len > 6 + 128 || strncmp(line, "name: ", 6))
		return NULL;
	for (i = 6; i < len; i++)
		if (!((line[i] >= 'a' && line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z') ||
		      (line[i] >= '0' && line[i] <= '9') || line[i] == '_'))
			return NULL;
	sf_buf_printf(out, "%.*s\n", (int)len, line);
	line = line_at(text, &pos, &len);
	if (!line || len < 5 || len > 4 + 5 || strncmp(line, "ID: ", 4) ||
	    strspn(line + 4, "0123456789") != len - 4)
		return NULL;
	id = strtoul(line + 4, NULL, 10);
	if (id > 65535)
		return NULL;
	sf_buf_printf(out, "ID: %lu\nformat:\n", id);
	line = line_at(text, &pos, &len);
	if (!line || len != 7 || strncmp(line, "format:", 7))
		return NULL;
	while ((line = line_at(text, &pos, &len))) {
		if (!len || (len == 1 && line[0] == '\r')) {
			if (part++)
				break;
			sf_buf_add(out, "\n", 1);
			continue;
		}
		if (len >= 10 && !strncmp(line, "print fmt:", 10))
			break;
		if (++nfields > 1024 || !clean_field(line, len, out))
			return NULL;
	}
	if (!part)
		sf_buf_add(out, "\n", 1);
	sf_buf_printf(out, "\nprint fmt: \"\"\n");
	return out->p;
}

/* parse_format - one events/SYS/EVENT/format text into the tep */
static void parse_format(struct sf_dat *d, const char *text, const char *sys, struct sf_buf *buf)
{
	const char *clean = clean_format(text, buf);
	const char *name;
	size_t n;

	if (clean && !tep_parse_event(d->tep, clean, (unsigned long)buf->len, sys))
		return;
	d->m.bad_formats++;
	if (d->m.bad_format)
		return;
	name = strncmp(text, "name: ", 6) ? "?" : text + 6;
	n = strcspn(name, "\n");
	if (n > NAME_SHOWN)
		n = NAME_SHOWN;
	if (asprintf(&d->m.bad_format, "%s:%.*s", sys, (int)n, name) < 0)
		d->m.bad_format = NULL;
}

/* read_formats - @count formats, each a u64 size and the text, of system @sys */
static int read_formats(struct sf_dat *d, struct cur *c, unsigned long long count, const char *sys)
{
	bool want = wanted_system(d, sys);
	struct sf_buf buf = { 0 };
	unsigned long long size;
	char *text;
	int ret = -1;

	/* each one takes 8 bytes at least: a corrupt count stops here */
	if (count > (c->end - c->off) / 8)
		return truncated(d, c);
	while (count--) {
		if (cur_num(d, c, 8, &size))
			goto out;
		if (!want) {
			if (cur_skip(d, c, size))
				goto out;
			continue;
		}
		if (cur_blob(d, c, size, MAX_FORMAT_LEN, &text))
			goto out;
		parse_format(d, text, sys, &buf);
		free(text);
	}
	ret = 0;
out:
	sf_buf_free(&buf);
	return ret;
}

static int read_ftrace_formats(struct sf_dat *d, struct cur *c)
{
	unsigned long long count;

	c->what = "ftrace formats";
	return cur_num(d, c, 4, &count) || read_formats(d, c, count, "ftrace") ? -1 : 0;
}

static int read_event_formats(struct sf_dat *d, struct cur *c)
{
	unsigned long long nsys;
	unsigned long long count;
	char *name;
	int ret;

	c->what = "event formats";
	if (cur_num(d, c, 4, &nsys))
		return -1;
	while (nsys--) {
		if (cur_str(d, c, &name))
			return -1;
		ret = cur_num(d, c, 4, &count) || read_formats(d, c, count, name);
		free(name);
		if (ret)
			return -1;
	}
	return 0;
}

/* read_sized - a u32 (kallsyms, printk formats) size and that many bytes, not needed */
static int read_sized(struct sf_dat *d, struct cur *c, const char *what)
{
	unsigned long long size;

	c->what = what;
	return cur_num(d, c, 4, &size) || cur_skip(d, c, size) ? -1 : 0;
}

/*
 * register_cmdlines - "PID COMM" lines into the tep, as libtraceevent's
 * tep_parse_saved_cmdlines() reads them (empty lines skipped, the first bad
 * line ends the list, the first name of a pid wins), without its sscanf
 */
static int register_cmdlines(struct sf_dat *d, char *text)
{
	char *line = text;
	char *next;
	char *end;
	long pid;

	for (; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (!*line)
			continue;
		errno = 0;
		pid = strtol(line, &end, 10);
		if (end == line || errno)
			break;
		end += strspn(end, " \t\v\f\r");
		if (!*end)
			break;
		if (tep_register_comm(d->tep, end, (int)pid) && errno == ENOMEM)
			return oom(d);
	}
	return 0;
}

static int read_cmdlines(struct sf_dat *d, struct cur *c)
{
	unsigned long long size;
	char *text;
	int ret;

	c->what = "saved cmdlines";
	if (cur_num(d, c, 8, &size))
		return -1;
	if (!d->tep)
		return cur_skip(d, c, size);
	if (cur_blob(d, c, size, MAX_SECTION_LEN, &text))
		return -1;
	ret = register_cmdlines(d, text);
	free(text);
	return ret;
}

/*
 * check_common - every event's common_type and common_pid are where the
 * first event says: libtraceevent reads them with the first event's layout
 * from any record, so a file that says otherwise would make it read
 * elsewhere than the format says
 */
static int check_common(struct sf_dat *d)
{
	struct tep_format_field *t0 = NULL, *p0 = NULL;
	int n = tep_get_events_count(d->tep);
	int i;

	for (i = 0; i < n; i++) {
		struct tep_event *ev = tep_get_event(d->tep, i);
		struct tep_format_field *t = ev ? tep_find_common_field(ev, "common_type") : NULL;
		struct tep_format_field *p = ev ? tep_find_common_field(ev, "common_pid") : NULL;

		if (!t || !p || t->offset < 0 || t->offset > HDR_MAX || t->size < 1 ||
		    t->size > 4 || p->offset < 0 || p->offset > HDR_MAX || p->size < 1 ||
		    p->size > 8 ||
		    (t0 && (t->offset != t0->offset || t->size != t0->size ||
			    p->offset != p0->offset || p->size != p0->size)))
			return fail(
				d, EINVAL,
				"corrupt event format %.32s:%.64s: its common fields are not those of the others",
				ev && ev->system ? ev->system : "?",
				ev && ev->name ? ev->name : "?");
		if (!t0) {
			t0 = t;
			p0 = p;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------------
 * Version 6
 */

/*
 * read_cpu_table - a v6 flyrecord table of @ncpus (offset, size) pairs for
 * buffer @buf. Read in blocks: a corrupt count can be huge.
 */
static int read_cpu_table(struct sf_dat *d, struct cur *c, int buf, unsigned long long ncpus)
{
	unsigned char blk[16 * 256];
	unsigned long long bytes = 0;
	unsigned long long cpu = 0;
	unsigned int n, i;

	if (ncpus > (c->end - c->off) / 16)
		return truncated(d, c);
	while (cpu < ncpus) {
		n = ncpus - cpu < 256 ? (unsigned int)(ncpus - cpu) : 256;
		if (cur_read(d, c, blk, 16 * (size_t)n))
			return -1;
		for (i = 0; i < n; i++, cpu++) {
			unsigned long long off = num(d, blk + 16 * i, 8);
			unsigned long long size = num(d, blk + 16 * i + 8, 8);

			if (check_cpu_data(d, buf, (int)cpu, off, size, false))
				return -1;
			bytes += size;
		}
	}
	d->m.buffers[buf].bytes = bytes;
	return 0;
}

/*
 * read_instances_v6 - the CPU table of each instance a BUFFER option names
 * (trace-cmd record/extract -B): optional options of its own, then
 * "flyrecord\0" and its (offset, size) pairs
 */
static int read_instances_v6(struct sf_dat *d, unsigned long long ncpus)
{
	char what[96];
	char marker[10];
	int buf;
	int i;

	for (i = 0; i < d->ninst; i++) {
		struct cur c = { .off = d->inst_off[i], .end = d->fsize, .what = what };
		unsigned long long n = ncpus;

		d->buffer = d->inst_name[i];
		snprintf(what, sizeof(what), "instance \"%.*s\"", NAME_SHOWN, d->buffer);
		if (cur_read(d, &c, marker, sizeof(marker)))
			return -1;
		d->inst_cpucount = -1;
		if (!memcmp(marker, "options  ", 10)) {
			d->in_instance = true;
			if (read_options_v6(d, &c) || cur_read(d, &c, marker, sizeof(marker)))
				return -1;
			d->in_instance = false;
			if (d->inst_cpucount >= 0)
				n = (unsigned long long)d->inst_cpucount;
		}
		if (!memcmp(marker, "flyrecord", 10)) {
			buf = add_buffer(d, d->buffer, 0, (int)(n > INT_MAX ? INT_MAX : n), false);
			if (buf < 0 || read_cpu_table(d, &c, buf, n))
				return -1;
		} else if (!memcmp(marker, "latency  ", 10)) {
			if (add_buffer(d, d->buffer, 0, 0, true) < 0)
				return -1;
		} else {
			return fail(d, EINVAL, "corrupt file: %s has no CPU table", what);
		}
	}
	d->buffer = NULL;
	return 0;
}

static int read_v6(struct sf_dat *d, struct cur *c)
{
	unsigned long long size;
	unsigned long long ncpus;
	char marker[10];
	char *clock;
	int buf;
	int ret;

	if (read_headers(d, c) || read_ftrace_formats(d, c) || read_event_formats(d, c) ||
	    read_sized(d, c, "kallsyms") || read_sized(d, c, "printk formats") ||
	    read_cmdlines(d, c))
		return -1;
	c->what = "CPU count";
	if (cur_num(d, c, 4, &ncpus))
		return -1;

	c->what = "options";
	if (cur_read(d, c, marker, 10))
		return -1;
	if (!memcmp(marker, "options", 7)) {
		if (read_options_v6(d, c))
			return -1;
		c->what = "flyrecord";
		if (cur_read(d, c, marker, 10))
			return -1;
	}
	if (d->cpucount >= 0)
		ncpus = (unsigned long long)d->cpucount;
	if (ncpus > INT_MAX)
		return fail(d, EINVAL, "corrupt file: %llu CPUs", ncpus);
	d->m.ncpus = (int)ncpus;
	if (!memcmp(marker, "latency", 7)) {
		/* text output follows, no CPU table */
		return add_buffer(d, "", 0, 0, true) < 0 ? -1 : 0;
	}
	if (memcmp(marker, "flyrecord", 9))
		return fail(d, EINVAL, "corrupt file: no flyrecord section");

	c->what = "CPU table";
	buf = add_buffer(d, "", 0, (int)ncpus, false);
	if (buf < 0 || read_cpu_table(d, c, buf, ncpus) || read_instances_v6(d, ncpus))
		return -1;
	/* read only when TRACECLOCK exists, like trace-cmd (older files lack it) */
	if (!d->has_traceclock)
		return 0;
	c->what = "clock";
	if (cur_num(d, c, 8, &size))
		return -1;
	if (size > MAX_STRING_LEN)
		return fail(d, EINVAL, "corrupt clock: %llu bytes", size);
	if (cur_blob(d, c, size, MAX_STRING_LEN, &clock))
		return -1;
	ret = 0;
	if (!d->m.clock)
		d->m.clock = bracket_clock(clock);
	free(clock);
	return ret;
}

/* ---------------------------------------------------------------------------
 * Version 7
 */

/* decompress - @src (@csize bytes) into @dst, which must come out @usize bytes */
static int decompress(struct sf_dat *d, const void *src, size_t csize, void *dst, size_t usize,
		      char *why, size_t whysz)
{
	if (d->comp == COMP_ZSTD) {
		size_t got;

		if (!d->zctx) {
			d->zctx = ZSTD_createDCtx();
			if (!d->zctx) {
				snprintf(why, whysz, "out of memory");
				return -1;
			}
		}
		got = ZSTD_decompressDCtx(d->zctx, dst, usize, src, csize);
		if (ZSTD_isError(got)) {
			snprintf(why, whysz, "zstd: %s", ZSTD_getErrorName(got));
			return -1;
		}
		if (got != usize) {
			snprintf(why, whysz, "%zu bytes instead of %zu", got, usize);
			return -1;
		}
		return 0;
	}
	if (d->comp == COMP_ZLIB) {
		uLongf got = (uLongf)usize;
		int r = uncompress(dst, &got, src, (uLong)csize);

		if (r != Z_OK) {
			snprintf(why, whysz, "zlib: %s",
				 r == Z_DATA_ERROR ? "corrupt data" :
				 r == Z_BUF_ERROR  ? "more data than announced" :
						     "out of memory");
			return -1;
		}
		if (got != usize) {
			snprintf(why, whysz, "%lu bytes instead of %zu", (unsigned long)got, usize);
			return -1;
		}
		return 0;
	}
	snprintf(why, whysz, "compressed, but the file's compression is \"none\"");
	return -1;
}

/*
 * load_section - the payload of the section at @off, which must have id @want,
 * decompressed: a 16-byte header (u16 id, u16 flags, u32 string id, u64
 * size), and for a compressed section u32 compressed size + u32 size first
 */
static int load_section(struct sf_dat *d, unsigned long long off, unsigned int want,
			const char *what, unsigned char **out, size_t *outlen)
{
	struct cur c = { .off = off, .end = d->fsize, .what = what };
	unsigned long long id, flags, size, csize, usize;
	unsigned char *src = NULL;
	unsigned char *dst;
	char why[160];

	*out = NULL;
	if (cur_num(d, &c, 2, &id) || cur_num(d, &c, 2, &flags) || cur_skip(d, &c, 4) ||
	    cur_num(d, &c, 8, &size))
		return -1;
	if (id != want)
		return fail(d, EINVAL, "corrupt file: %s at offset %llu has id %llu", what, off,
			    id);
	if (size > MAX_SECTION_LEN)
		return fail(d, EINVAL, "corrupt %s: %llu bytes", what, size);
	if (size > c.end - c.off)
		return truncated(d, &c);
	c.end = c.off + size; /* reads beyond the section are truncation too */
	if (!(flags & SEC_FL_COMPRESS)) {
		dst = malloc(size ? size : 1);
		if (!dst)
			return oom(d);
		if (cur_read(d, &c, dst, size)) {
			free(dst);
			return -1;
		}
		*out = dst;
		*outlen = size;
		return 0;
	}
	if (cur_num(d, &c, 4, &csize) || cur_num(d, &c, 4, &usize))
		return -1;
	if (csize > size - 8 || usize > MAX_SECTION_LEN)
		return fail(d, EINVAL, "corrupt %s: sizes %llu/%llu", what, csize, usize);
	src = malloc(csize ? csize : 1);
	dst = malloc(usize ? usize : 1);
	if (!src || !dst) {
		free(src);
		free(dst);
		return oom(d);
	}
	if (cur_read(d, &c, src, csize))
		goto fail;
	if (decompress(d, src, csize, dst, usize, why, sizeof(why))) {
		fail(d, EINVAL, "corrupt %s: %s", what, why);
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
static int walk_sections_v7(struct sf_dat *d, unsigned long long off)
{
	struct cur c = { .off = off, .end = d->fsize, .what = "section header" };
	unsigned long long id;
	unsigned long long size;
	bool strings = false;
	char what[48];
	int n;

	for (n = 0; c.off < d->fsize; n++) {
		if (n > 100000)
			return fail(d, EINVAL, "corrupt file: too many sections");
		c.what = "section header";
		if (cur_num(d, &c, 2, &id) || cur_skip(d, &c, 6) || cur_num(d, &c, 8, &size))
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
		if (cur_skip(d, &c, size))
			return -1;
	}
	/*
	 * trace-cmd always writes it last and refuses files without it: its
	 * absence means the file was cut at a section boundary
	 */
	if (!strings)
		return fail(d, EINVAL, "truncated at strings section");
	return 0;
}

/* parse_options_v7 - the options of one loaded section; *@next from DONE */
static int parse_options_v7(struct sf_dat *d, const unsigned char *sec, size_t seclen,
			    unsigned long long *next)
{
	struct cur o = { .mem = sec, .end = seclen, .what = "options" };
	unsigned long long id;
	unsigned long long size;

	*next = 0;
	while (o.off < o.end) {
		if (cur_num(d, &o, 2, &id) || cur_num(d, &o, 4, &size))
			return -1;
		if (size > o.end - o.off)
			return truncated(d, &o);
		if (id == OPT_DONE) {
			if (size < 8)
				return fail(d, EINVAL, "corrupt options: DONE has %llu bytes",
					    size);
			*next = num(d, sec + o.off, 8);
			return 0;
		}
		if (handle_option(d, (unsigned int)id, sec + o.off, (size_t)size))
			return -1;
		o.off += size;
	}
	/* trace-cmd always ends a section with DONE; without it, assume the last */
	return 0;
}

/* read_meta_section - one of the HEADER_INFO..CMDLINES sections */
static int read_meta_section(struct sf_dat *d, int i)
{
	unsigned char *sec;
	size_t len;
	char what[48];
	struct cur c;
	int ret;

	snprintf(what, sizeof(what), "%s section", section_names[i]);
	/* not needed: only checked to be there, not decompressed */
	if (OPT_HEADER_INFO + i == OPT_KALLSYMS || OPT_HEADER_INFO + i == OPT_PRINTK) {
		unsigned long long flags;

		return section_header(d, d->sections[i], OPT_HEADER_INFO + (unsigned int)i, what,
				      &flags, NULL);
	}
	if (load_section(d, d->sections[i], OPT_HEADER_INFO + (unsigned int)i, what, &sec, &len))
		return -1;
	c = (struct cur){ .mem = sec, .end = len, .what = what };
	switch (OPT_HEADER_INFO + i) {
	case OPT_HEADER_INFO:
		ret = read_headers(d, &c);
		break;
	case OPT_FTRACE_EVENTS:
		ret = read_ftrace_formats(d, &c);
		break;
	case OPT_EVENT_FORMATS:
		ret = read_event_formats(d, &c);
		break;
	default:
		ret = read_cmdlines(d, &c);
		break;
	}
	free(sec);
	return ret;
}

/* v7 options: a chain of sections, each DONE option holds the next offset */
static int read_v7(struct sf_dat *d, struct cur *c)
{
	unsigned long long seen[MAX_OPTION_SECTIONS];
	unsigned long long next;
	unsigned char *sec = NULL;
	size_t seclen = 0;
	char *ver;
	int nsec = 0;
	int ret;
	int i;

	c->what = "compression header";
	if (cur_str(d, c, &d->m.compression) || cur_str(d, c, &ver))
		return -1;
	free(ver);
	if (!strcmp(d->m.compression, "none"))
		d->comp = COMP_NONE;
	else if (!strcmp(d->m.compression, "zstd"))
		d->comp = COMP_ZSTD;
	else if (!strcmp(d->m.compression, "zlib"))
		d->comp = COMP_ZLIB;
	else
		return fail(d, ENOTSUP, "unsupported compression algorithm \"%.32s\"",
			    d->m.compression);
	c->what = "options offset";
	if (cur_num(d, c, 8, &next))
		return -1;
	if (!next)
		return fail(d, EINVAL, "corrupt file: no options section");
	if (walk_sections_v7(d, c->off))
		return -1;

	while (next) {
		if (nsec == MAX_OPTION_SECTIONS)
			return fail(d, EINVAL, "corrupt file: more than %d options sections",
				    MAX_OPTION_SECTIONS);
		/* a chain that comes back to a section would be read forever */
		for (i = 0; i < nsec; i++)
			if (seen[i] == next)
				return fail(d, EINVAL,
					    "corrupt file: the options sections loop (offset %llu)",
					    next);
		seen[nsec++] = next;
		if (load_section(d, next, OPT_DONE, "options section", &sec, &seclen))
			return -1;
		ret = parse_options_v7(d, sec, seclen, &next);
		free(sec);
		if (ret)
			return -1;
	}
	if (!d->sections[0])
		return fail(d, EINVAL, "corrupt file: no header_page section");
	for (i = 0; i < (int)(sizeof(d->sections) / sizeof(d->sections[0])); i++)
		if (d->sections[i] && read_meta_section(d, i))
			return -1;
	if (d->cpucount >= 0) {
		d->m.ncpus = d->cpucount > INT_MAX ? INT_MAX : (int)d->cpucount;
	} else {
		/* the highest CPU of the top level */
		for (i = 0; i < d->ncpus; i++)
			if (!*d->m.buffers[d->cpus[i].buf].name && d->cpus[i].cpu >= d->m.ncpus)
				d->m.ncpus = d->cpus[i].cpu < INT_MAX ? d->cpus[i].cpu + 1 :
									INT_MAX;
	}
	return 0;
}

/* read_start - magic, version, endianness, long size, page size */
static int read_start(struct sf_dat *d, struct cur *c)
{
	unsigned char hdr[DAT_MAGIC_LEN];
	unsigned char b[2];
	unsigned char b4[4];
	char ver[16];
	size_t i;

	if (d->fsize < DAT_MAGIC_LEN)
		return fail(d, EINVAL, "not a trace.dat file (%s)",
			    d->fsize ? "too short" : "empty");
	if (cur_read(d, c, hdr, DAT_MAGIC_LEN))
		return -1;
	if (memcmp(hdr, DAT_MAGIC, DAT_MAGIC_LEN))
		return fail(d, EINVAL, "not a trace.dat file");
	for (i = 0; i < sizeof(ver); i++) {
		if (cur_read(d, c, &ver[i], 1))
			return -1;
		if (!ver[i])
			break;
		if (ver[i] < '0' || ver[i] > '9')
			return fail(d, EINVAL, "not a trace.dat file (bad version string)");
	}
	if (i == sizeof(ver) || i == 0)
		return fail(d, EINVAL, "not a trace.dat file (bad version string)");
	if (strcmp(ver, "6") && strcmp(ver, "7"))
		return fail(d, ENOTSUP, "unsupported version %s", ver);
	d->m.version = ver[0] - '0';
	if (cur_read(d, c, b, 2))
		return -1;
	if (b[0] > 1)
		return fail(d, EINVAL, "corrupt file header: endianness byte %u", b[0]);
	if (b[1] != 4 && b[1] != 8)
		return fail(d, EINVAL, "corrupt file header: long size %u", b[1]);
	d->m.layout.big_endian = b[0] == 1;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	d->swap = b[0] == 0;
#else
	d->swap = b[0] == 1;
#endif
	d->m.long_size = b[1];
	if (cur_read(d, c, b4, 4))
		return -1;
	d->m.page_size = (unsigned int)num(d, b4, 4);
	if (d->m.page_size < 64 || d->m.page_size > (1u << 24) ||
	    (d->m.page_size & (d->m.page_size - 1)))
		return fail(d, EINVAL, "corrupt file header: page size %u", d->m.page_size);
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

static int make_tep(struct sf_dat *d)
{
	d->tep = tep_alloc();
	if (!d->tep)
		return oom(d);
	tep_set_file_bigendian(d->tep, d->m.layout.big_endian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	/* libtracecmd gives the tep the file header's long size */
	tep_set_long_size(d->tep, d->m.long_size);
	tep_set_page_size(d->tep, (int)d->m.page_size);
	return 0;
}

struct sf_dat *sf_dat_open(int fd, const char *const *systems, unsigned int flags, char *err,
			   size_t errsz)
{
	struct sf_dat *d = calloc(1, sizeof(*d));
	struct cur c = { .what = "file header" };
	struct stat st;
	int saved;

	if (!d) {
		snprintf(err, errsz, "out of memory");
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->flags = flags;
	d->systems = systems;
	d->cpucount = -1;
	d->merge.last = -1;
	if (fstat(fd, &st)) {
		fail(d, errno, "cannot stat the file: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		fail(d, EINVAL, "not a trace.dat file (not a regular file)");
		goto fail;
	}
	d->fsize = (unsigned long long)st.st_size;
	d->m.file_size = d->fsize;
	c.end = d->fsize;
	if (read_start(d, &c))
		goto fail;
	if (!(flags & SF_DAT_META_ONLY) && make_tep(d))
		goto fail;
	if (d->m.version == 6 ? read_v6(d, &c) : read_v7(d, &c))
		goto fail;
	if (!d->have_layout) {
		fail(d, EINVAL, "corrupt file: no header_page");
		goto fail;
	}
	if (!d->m.nbuffers || *d->m.buffers[0].name) {
		/* a v7 file without a top-level BUFFER option: it recorded nothing */
		if (add_buffer(d, "", 0, 0, false) < 0)
			goto fail;
	}
	if (d->tep && check_common(d))
		goto fail;
	if (d->m.uname && d->m.uname[strspn(d->m.uname, " \t\n")]) {
		d->m.machine = last_word(d->m.uname);
		if (!d->m.machine) {
			oom(d);
			goto fail;
		}
	}
	/* uncompressed data is read in blocks: 8 MiB for all CPUs, 1 MiB each at most */
	d->block = d->ncpus ? BLOCKS_TOTAL / (size_t)d->ncpus : BLOCK_MAX;
	if (d->block > BLOCK_MAX)
		d->block = BLOCK_MAX;
	d->block -= d->block % d->m.page_size;
	if (d->block < d->m.page_size)
		d->block = d->m.page_size;
	return d;
fail:
	saved = errno;
	snprintf(err, errsz, "%s", d->err);
	sf_dat_close(d);
	errno = saved;
	return NULL;
}

/* ---------------------------------------------------------------------------
 * Events
 */

/* reserve - make @c's block hold @n bytes, within the reader's memory budget */
static int reserve(struct sf_dat *d, struct dat_cpu *c, size_t n, char *err, size_t errsz)
{
	char what[128];

	if (c->cap >= n)
		return 0;
	if (d->mem - c->cap + n > MEM_BUDGET) {
		snprintf(
			err, errsz,
			"%s: chunk %u needs %zu MiB of memory, more than the reader's %llu MiB for all CPUs",
			cpu_what(d, c, what, sizeof(what)), c->chunk + 1, n >> 20,
			MEM_BUDGET >> 20);
		return -1;
	}
	free(c->blk);
	d->mem -= c->cap;
	c->cap = 0;
	c->blk = malloc(n);
	if (!c->blk) {
		snprintf(err, errsz, "%s: out of memory", cpu_what(d, c, what, sizeof(what)));
		return -1;
	}
	c->cap = n;
	d->mem += n;
	return 0;
}

/* refill_chunk - decompress the next chunk of compressed CPU data */
static int refill_chunk(struct sf_dat *d, struct dat_cpu *c, const void **data, size_t *size,
			char *err, size_t errsz)
{
	const unsigned long long end = c->off + 4 + c->size;
	unsigned long long csize, usize;
	unsigned char hdr[8];
	char what[128];
	char why[160];

	cpu_what(d, c, what, sizeof(what));
	if (c->chunk == c->nchunks) {
		/* the chunks must fill the CPU's data exactly */
		if (c->pos != end) {
			snprintf(err, errsz,
				 "%s: its %u chunks end %llu bytes before the end of its data",
				 what, c->nchunks, end - c->pos);
			return -1;
		}
		return 0;
	}
	if (end - c->pos < 8) {
		snprintf(err, errsz, "%s: chunk %u of %u runs past the end of its data", what,
			 c->chunk + 1, c->nchunks);
		return -1;
	}
	if (pread_full(d->fd, hdr, 8, c->pos)) {
		snprintf(err, errsz, "%s: cannot read chunk %u: %s", what, c->chunk + 1,
			 errno == EIO ? "the file is shorter than its header says" :
					strerror(errno));
		return -1;
	}
	csize = num(d, hdr, 4);
	usize = num(d, hdr + 4, 4);
	if (!usize) {
		snprintf(err, errsz, "%s: chunk %u claims 0 bytes", what, c->chunk + 1);
		return -1;
	}
	if (usize % d->m.page_size || usize > MAX_CHUNK) {
		snprintf(
			err, errsz,
			"%s: chunk %u claims %llu bytes, not a number of pages of %u (up to %u MiB)",
			what, c->chunk + 1, usize, d->m.page_size, MAX_CHUNK >> 20);
		return -1;
	}
	if (csize > end - c->pos - 8) {
		snprintf(err, errsz, "%s: chunk %u (%llu bytes) runs past the end of its data",
			 what, c->chunk + 1, csize);
		return -1;
	}
	if (csize > d->zcap) {
		unsigned char *z = realloc(d->zbuf, (size_t)csize);

		if (!z) {
			snprintf(err, errsz, "%s: out of memory", what);
			return -1;
		}
		d->zbuf = z;
		d->zcap = (size_t)csize;
	}
	if (reserve(d, c, (size_t)usize, err, errsz))
		return -1;
	if (pread_full(d->fd, d->zbuf, (size_t)csize, c->pos + 8)) {
		snprintf(err, errsz, "%s: cannot read chunk %u: %s", what, c->chunk + 1,
			 errno == EIO ? "the file is shorter than its header says" :
					strerror(errno));
		return -1;
	}
	if (decompress(d, d->zbuf, (size_t)csize, c->blk, (size_t)usize, why, sizeof(why))) {
		snprintf(err, errsz, "%s: corrupt chunk %u: %s", what, c->chunk + 1, why);
		return -1;
	}
	c->pos += 8 + csize;
	c->chunk++;
	*data = c->blk;
	*size = (size_t)usize;
	return 1;
}

/* refill - the merger's callback: the next block or chunk of source @src */
static int refill(void *ctx, int src, const void **data, size_t *size, char *err, size_t errsz)
{
	struct sf_dat *d = ctx;
	struct dat_cpu *c = &d->cpus[src];
	unsigned long long left;
	char what[128];
	size_t n;

	if (c->compressed)
		return refill_chunk(d, c, data, size, err, errsz);
	left = c->off + c->size - c->pos;
	if (!left)
		return 0;
	n = left < d->block ? (size_t)left : d->block;
	if (reserve(d, c, d->block, err, errsz))
		return -1;
	if (pread_full(d->fd, c->blk, n, c->pos)) {
		snprintf(err, errsz, "%s: cannot read its pages at offset %llu: %s",
			 cpu_what(d, c, what, sizeof(what)), c->pos,
			 errno == EIO ? "the file is shorter than its header says" :
					strerror(errno));
		return -1;
	}
	c->run = c->pos;
	c->pos += n;
	*data = c->blk;
	*size = n;
	return 1;
}

static void rewind_cpus(struct sf_dat *d)
{
	int i;

	for (i = 0; i < d->ncpus; i++) {
		struct dat_cpu *c = &d->cpus[i];

		c->pos = c->compressed ? c->off + 4 : c->off;
		c->run = c->off;
		c->chunk = 0;
	}
}

static int start_merge(struct sf_dat *d)
{
	int i;

	if (sf_merge_init(&d->merge, d->ncpus, &d->m.layout))
		return fail(d, errno, "cannot read the pages: %s", strerror(errno));
	d->merge.adj = d->m.adjust;
	for (i = 0; i < d->ncpus; i++)
		sf_merge_label(&d->merge, i, d->cpus[i].cpu, d->cpus[i].buf);
	rewind_cpus(d);
	sf_merge_set_refill(&d->merge, refill, d);
	d->merging = true;
	return 0;
}

int sf_dat_next(struct sf_dat *d, struct tep_record *rec, int *buffer)
{
	const struct sf_merge *m = &d->merge;
	const struct dat_cpu *c;
	char what[128];

	if (!d->merging && start_merge(d))
		return -1;
	if (sf_merge_next(&d->merge, rec)) {
		*buffer = m->src[m->last].buf;
		return 1;
	}
	if (!m->err[0])
		return 0;
	c = &d->cpus[m->err_src];
	if (!m->err_page)
		snprintf(d->err, sizeof(d->err), "%s", m->err);
	else if (c->compressed)
		snprintf(d->err, sizeof(d->err), "%s: corrupt chunk %u, page %llu: %s",
			 cpu_what(d, c, what, sizeof(what)), c->chunk,
			 m->src[m->err_src].run_page + 1, m->err);
	else
		snprintf(d->err, sizeof(d->err), "%s: corrupt page at offset %llu: %s",
			 cpu_what(d, c, what, sizeof(what)),
			 c->run + m->src[m->err_src].run_page * d->m.page_size, m->err);
	errno = EINVAL;
	return -1;
}

void sf_dat_rewind(struct sf_dat *d)
{
	if (!d->merging)
		return;
	rewind_cpus(d);
	sf_merge_reset(&d->merge);
}

const struct sf_dat_meta *sf_dat_meta(const struct sf_dat *d)
{
	return &d->m;
}

struct tep_handle *sf_dat_tep(const struct sf_dat *d)
{
	return d->tep;
}

const char *sf_dat_error(const struct sf_dat *d)
{
	return d->err;
}

void sf_dat_close(struct sf_dat *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < d->ncpus; i++)
		free(d->cpus[i].blk);
	free(d->cpus);
	for (i = 0; i < d->ninst; i++)
		free(d->inst_name[i]);
	free(d->inst_name);
	free(d->inst_off);
	free(d->zbuf);
	ZSTD_freeDCtx(d->zctx);
	sf_merge_free(&d->merge);
	if (d->tep)
		tep_free(d->tep);
	sf_dat_meta_free(&d->m);
	free(d);
}

int sf_dat_check(int fd, unsigned long long *events, char *err, size_t errsz)
{
	struct sf_dat *d = sf_dat_open(fd, NULL, 0, err, errsz);
	struct tep_record rec;
	unsigned long long n = 0;
	int buffer;
	int r;

	if (events)
		*events = 0;
	if (!d)
		return -1;
	while ((r = sf_dat_next(d, &rec, &buffer)) > 0)
		n++;
	if (r < 0)
		snprintf(err, errsz, "%s", d->err);
	if (events)
		*events = n;
	sf_dat_close(d);
	return r < 0 ? -1 : 0;
}

int sf_dat_meta_read(const char *path, struct sf_dat_meta *m, char *err, size_t errsz)
{
	struct sf_dat *d;
	int fd;
	int saved;

	memset(m, 0, sizeof(*m));
	if (err && errsz)
		err[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		saved = errno;
		snprintf(err, errsz, "cannot open %s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	d = sf_dat_open(fd, NULL, SF_DAT_META_ONLY, err, errsz);
	saved = errno;
	close(fd);
	if (!d) {
		errno = saved;
		return -1;
	}
	*m = d->m;
	memset(&d->m, 0, sizeof(d->m));
	sf_dat_close(d);
	return 0;
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
	free(m->uname);
	free(m->machine);
	free(m->clock);
	free(m->sigftrace);
	free(m->tasks);
	free(m->compression);
	free(m->bad_format);
	memset(m, 0, sizeof(*m));
}
