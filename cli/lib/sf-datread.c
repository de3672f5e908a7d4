// SPDX-License-Identifier: GPL-2.0
/*
 * sf-datread - the trace.dat reader (versions 6 and 7): its start, version 6,
 * open and close, and the read cursor; the other parts are listed in
 * sf-datread-int.h.
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

#ifdef SF_LIBZSTD
#include <zstd.h>
#endif

#include "sf-datread-int.h"

/* clang-format off */
const char *const sf_dr_section_names[] = {	/* by option id - OPT_HEADER_INFO */
	"header_page",
	"ftrace formats",
	"event formats",
	"kallsyms",
	"printk formats",
	"saved cmdlines",
};
/* clang-format on */

int sf_dr_fail(struct sf_dat *d, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	errno = errnum;
	return -1;
}

int sf_dr_oom(struct sf_dat *d)
{
	return sf_dr_fail(d, ENOMEM, "out of memory");
}

int sf_dr_truncated(struct sf_dat *d, const struct cur *c)
{
	return sf_dr_fail(d, EINVAL, "truncated at %s", c->what);
}

/* pread_full - @n bytes at @off; 0, or -1 with errno (EIO: the file ends first) */
int sf_dr_pread_full(int fd, void *buf, size_t n, unsigned long long off)
{
	return sf_pio(fd, buf, n, off, false);
}

int sf_dr_cur_read(struct sf_dat *d, struct cur *c, void *buf, size_t n)
{
	if (c->off > c->end || n > c->end - c->off)
		return sf_dr_truncated(d, c);
	if (c->mem) {
		memcpy(buf, c->mem + c->off, n);
	} else if (sf_dr_pread_full(d->fd, buf, n, c->off)) {
		if (errno == EIO) /* the file shrank under us */
			return sf_dr_truncated(d, c);
		return sf_dr_fail(d, errno, "cannot read %s: %s", c->what, strerror(errno));
	}
	c->off += n;
	return 0;
}

int sf_dr_cur_skip(struct sf_dat *d, struct cur *c, unsigned long long n)
{
	if (c->off > c->end || n > c->end - c->off)
		return sf_dr_truncated(d, c);
	c->off += n;
	return 0;
}

unsigned long long sf_dr_num(const struct sf_dat *d, const void *p, int size)
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

int sf_dr_cur_num(struct sf_dat *d, struct cur *c, int size, unsigned long long *v)
{
	unsigned char b[8];

	if (sf_dr_cur_read(d, c, b, (size_t)size))
		return -1;
	*v = sf_dr_num(d, b, size);
	return 0;
}

/* cur_str - a NUL-terminated string of at most MAX_STRING_LEN bytes */
int sf_dr_cur_str(struct sf_dat *d, struct cur *c, char **out)
{
	char buf[MAX_STRING_LEN + 1];
	unsigned long long avail;
	size_t want;
	size_t len;

	*out = NULL;
	if (c->off > c->end)
		return sf_dr_truncated(d, c);
	avail = c->end - c->off;
	want = avail < sizeof(buf) ? (size_t)avail : sizeof(buf);
	if (sf_dr_cur_read(d, c, buf, want))
		return -1;
	c->off -= want;
	len = strnlen(buf, want);
	if (len == want)
		return want == sizeof(buf) ?
			       sf_dr_fail(d, EINVAL, "corrupt %s: string too long", c->what) :
			       sf_dr_truncated(d, c);
	c->off += len + 1;
	*out = strdup(buf);
	if (!*out)
		return sf_dr_oom(d);
	return 0;
}

/* cur_blob - @size bytes (at most @max) into a new NUL-terminated buffer */
int sf_dr_cur_blob(struct sf_dat *d, struct cur *c, unsigned long long size, unsigned long long max,
		   char **out)
{
	*out = NULL;
	if (c->off > c->end || size > c->end - c->off)
		return sf_dr_truncated(d, c);
	if (size > max)
		return sf_dr_fail(d, EINVAL, "corrupt %s: %llu bytes", c->what, size);
	*out = malloc((size_t)size + 1);
	if (!*out)
		return sf_dr_oom(d);
	if (sf_dr_cur_read(d, c, *out, (size_t)size)) {
		free(*out);
		*out = NULL;
		return -1;
	}
	(*out)[size] = '\0';
	return 0;
}

/* cpu_what - "CPU 1", or "CPU 1 of instance \"NAME\"" */
const char *sf_dr_cpu_what(const struct sf_dat *d, const struct dat_cpu *c, char *s, size_t size)
{
	const char *name = d->m.buffers[c->buf].name;

	if (*name)
		snprintf(s, size, "CPU %d of instance \"%.*s\"", c->cpu, NAME_SHOWN, name);
	else
		snprintf(s, size, "CPU %d", c->cpu);
	return s;
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
		return sf_dr_truncated(d, c);
	while (cpu < ncpus) {
		n = ncpus - cpu < 256 ? (unsigned int)(ncpus - cpu) : 256;
		if (sf_dr_cur_read(d, c, blk, 16 * (size_t)n))
			return -1;
		for (i = 0; i < n; i++, cpu++) {
			unsigned long long off = sf_dr_num(d, blk + 16 * i, 8);
			unsigned long long size = sf_dr_num(d, blk + 16 * i + 8, 8);

			if (sf_dr_check_cpu_data(d, buf, (int)cpu, off, size, false))
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
		if (sf_dr_cur_read(d, &c, marker, sizeof(marker)))
			return -1;
		d->inst_cpucount = -1;
		if (!memcmp(marker, "options  ", 10)) {
			d->in_instance = true;
			if (sf_dr_read_options_v6(d, &c) ||
			    sf_dr_cur_read(d, &c, marker, sizeof(marker)))
				return -1;
			d->in_instance = false;
			if (d->inst_cpucount >= 0)
				n = (unsigned long long)d->inst_cpucount;
		}
		if (!memcmp(marker, "flyrecord", 10)) {
			buf = sf_dr_add_buffer(d, d->buffer, 0, (int)(n > INT_MAX ? INT_MAX : n),
					       false);
			if (buf < 0 || read_cpu_table(d, &c, buf, n))
				return -1;
		} else if (!memcmp(marker, "latency  ", 10)) {
			if (sf_dr_add_buffer(d, d->buffer, 0, 0, true) < 0)
				return -1;
		} else {
			return sf_dr_fail(d, EINVAL, "corrupt file: %s has no CPU table", what);
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

	if (sf_dr_read_headers(d, c) || sf_dr_read_ftrace_formats(d, c) ||
	    sf_dr_read_event_formats(d, c) || sf_dr_read_sized(d, c, "kallsyms") ||
	    sf_dr_read_sized(d, c, "printk formats") || sf_dr_read_cmdlines(d, c))
		return -1;
	c->what = "CPU count";
	if (sf_dr_cur_num(d, c, 4, &ncpus))
		return -1;

	c->what = "options";
	if (sf_dr_cur_read(d, c, marker, 10))
		return -1;
	if (!memcmp(marker, "options", 7)) {
		if (sf_dr_read_options_v6(d, c))
			return -1;
		c->what = "flyrecord";
		if (sf_dr_cur_read(d, c, marker, 10))
			return -1;
	}
	if (d->cpucount >= 0)
		ncpus = (unsigned long long)d->cpucount;
	if (ncpus > INT_MAX)
		return sf_dr_fail(d, EINVAL, "corrupt file: %llu CPUs", ncpus);
	d->m.ncpus = (int)ncpus;
	if (!memcmp(marker, "latency", 7)) {
		/* text output follows, no CPU table */
		return sf_dr_add_buffer(d, "", 0, 0, true) < 0 ? -1 : 0;
	}
	if (memcmp(marker, "flyrecord", 9))
		return sf_dr_fail(d, EINVAL, "corrupt file: no flyrecord section");

	c->what = "CPU table";
	buf = sf_dr_add_buffer(d, "", 0, (int)ncpus, false);
	if (buf < 0 || read_cpu_table(d, c, buf, ncpus) || read_instances_v6(d, ncpus))
		return -1;
	/* read only when TRACECLOCK exists, like trace-cmd (older files lack it) */
	if (!d->has_traceclock)
		return 0;
	c->what = "clock";
	if (sf_dr_cur_num(d, c, 8, &size))
		return -1;
	if (size > MAX_STRING_LEN)
		return sf_dr_fail(d, EINVAL, "corrupt clock: %llu bytes", size);
	if (sf_dr_cur_blob(d, c, size, MAX_STRING_LEN, &clock))
		return -1;
	ret = 0;
	if (!d->m.clock)
		d->m.clock = sf_dr_bracket_clock(clock);
	free(clock);
	return ret;
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
		return sf_dr_fail(d, EINVAL, "not a trace.dat file (%s)",
				  d->fsize ? "too short" : "empty");
	if (sf_dr_cur_read(d, c, hdr, DAT_MAGIC_LEN))
		return -1;
	if (memcmp(hdr, DAT_MAGIC, DAT_MAGIC_LEN))
		return sf_dr_fail(d, EINVAL, "not a trace.dat file");
	for (i = 0; i < sizeof(ver); i++) {
		if (sf_dr_cur_read(d, c, &ver[i], 1))
			return -1;
		if (!ver[i])
			break;
		if (ver[i] < '0' || ver[i] > '9')
			return sf_dr_fail(d, EINVAL, "not a trace.dat file (bad version string)");
	}
	if (i == sizeof(ver) || i == 0)
		return sf_dr_fail(d, EINVAL, "not a trace.dat file (bad version string)");
	if (strcmp(ver, "6") && strcmp(ver, "7"))
		return sf_dr_fail(d, ENOTSUP, "unsupported version %s", ver);
	d->m.version = ver[0] - '0';
	if (sf_dr_cur_read(d, c, b, 2))
		return -1;
	if (b[0] > 1)
		return sf_dr_fail(d, EINVAL, "corrupt file header: endianness byte %u", b[0]);
	if (b[1] != 4 && b[1] != 8)
		return sf_dr_fail(d, EINVAL, "corrupt file header: long size %u", b[1]);
	d->m.layout.big_endian = b[0] == 1;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	d->swap = b[0] == 0;
#else
	d->swap = b[0] == 1;
#endif
	d->m.long_size = b[1];
	if (sf_dr_cur_read(d, c, b4, 4))
		return -1;
	d->m.page_size = (unsigned int)sf_dr_num(d, b4, 4);
	if (d->m.page_size < 64 || d->m.page_size > (1u << 24) ||
	    (d->m.page_size & (d->m.page_size - 1)))
		return sf_dr_fail(d, EINVAL, "corrupt file header: page size %u", d->m.page_size);
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
		return sf_dr_oom(d);
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
		sf_dr_fail(d, errno, "cannot stat the file: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		sf_dr_fail(d, EINVAL, "not a trace.dat file (not a regular file)");
		goto fail;
	}
	d->fsize = (unsigned long long)st.st_size;
	d->m.file_size = d->fsize;
	c.end = d->fsize;
	if (read_start(d, &c))
		goto fail;
	if (!(flags & SF_DAT_META_ONLY) && make_tep(d))
		goto fail;
	if (d->m.version == 6 ? read_v6(d, &c) : sf_dr_read_v7(d, &c))
		goto fail;
	if (!d->have_layout) {
		sf_dr_fail(d, EINVAL, "corrupt file: no header_page");
		goto fail;
	}
	if (!d->m.nbuffers || *d->m.buffers[0].name) {
		/* a v7 file without a top-level BUFFER option: it recorded nothing */
		if (sf_dr_add_buffer(d, "", 0, 0, false) < 0)
			goto fail;
	}
	if (d->tep && sf_dr_check_common(d))
		goto fail;
	if (d->m.uname && d->m.uname[strspn(d->m.uname, " \t\n")]) {
		d->m.machine = last_word(d->m.uname);
		if (!d->m.machine) {
			sf_dr_oom(d);
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
#ifdef SF_LIBZSTD
	ZSTD_freeDCtx(d->zctx);
#endif
	sf_pages_free(&d->merge);
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
