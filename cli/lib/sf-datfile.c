// SPDX-License-Identifier: GPL-2.0
/*
 * trace.dat version 6 and 7 writer (the reader is sf-datread.c).
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef SF_LIBZSTD
#include <zstd.h>
#endif

#include "sf-datfmt.h"
#include "sf-datfile.h"
#include "sf-zstd.h"
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

/*
 * copy_fallback - pread/write the rest of CPU @cpu's file from @off, whole
 * pages at a time through info->pages_fn when there is one
 */
static int copy_fallback(int out, const struct sf_dat_info *info, int cpu, unsigned long long off)
{
	const size_t bufsz = 1 << 20;
	unsigned long long left = info->cpus[cpu].size - off;
	unsigned char *buf;
	size_t want;

	buf = malloc(bufsz);
	if (!buf)
		return -1;
	while (left) {
		if (info->cancel && *info->cancel) {
			errno = ECANCELED;
			goto fail;
		}
		want = left < bufsz ? (size_t)left : bufsz;
		if (sf_pio(info->cpus[cpu].fd, buf, want, off, false) ||
		    (info->pages_fn && info->pages_fn(info->pages_ctx, cpu, buf, want)) ||
		    write_all(out, buf, want))
			goto fail;
		off += want;
		left -= want;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	return -1;
}

/*
 * copy_cpu - append CPU @cpu's pages to @out
 *
 * copy_file_range() lets the kernel move the data (reflinks or in-kernel
 * copies: no user-space round trip for hundreds of MB). It refuses pipes,
 * O_APPEND outputs and some cross-file-system pairs, and returns 0 for
 * pseudo files; all of these continue with pread/write, and so do pages
 * that info->pages_fn must see.
 */
static int copy_cpu(int out, const struct sf_dat_info *info, int cpu)
{
	unsigned long long size = info->cpus[cpu].size;
	loff_t off = 0;
	ssize_t n;
	size_t want;

	while (!info->pages_fn && (unsigned long long)off < size) {
		/* in steps of 16 MiB: a cancel is seen within one */
		if (info->cancel && *info->cancel) {
			errno = ECANCELED;
			return -1;
		}
		want = size - off > (1ULL << 24) ? (size_t)1 << 24 : (size_t)(size - off);
		n = copy_file_range(info->cpus[cpu].fd, &off, out, NULL, want, 0);
		if (n > 0)
			continue;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != ENOSYS && errno != EXDEV && errno != EINVAL &&
		    errno != EOPNOTSUPP && errno != EBADF && errno != ETXTBSY)
			return -1;
		break;
	}
	if ((unsigned long long)off == size)
		return 0;
	return copy_fallback(out, info, cpu, (unsigned long long)off);
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
	    !is_pow2(info->page_size) || (info->long_size != 4 && info->long_size != 8) ||
	    (info->file_version && info->file_version != 6 && info->file_version != 7))
		return -1;
	if (info->trace_clock && !sf_clock_name(info->trace_clock, &name))
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
 * The payloads v6 writes one after the other and v7 each in its own
 * section: header_page and header_event, the ftrace and the event formats,
 * saved cmdlines, and the options both versions share.
 */
static void put_headers(struct obuf *b, const struct sf_dat_info *info)
{
	ob_add(b, "header_page", 12);
	ob_u64(b, info->header_page_len);
	ob_add(b, info->header_page, info->header_page_len);
	ob_add(b, "header_event", 13);
	ob_u64(b, info->header_event_len);
	ob_add(b, info->header_event, info->header_event_len);
}

/* ftrace-internal formats: only ftrace:print (trace_marker) is used */
static void put_ftrace_formats(struct obuf *b, const struct sf_dat_info *info)
{
	int i;

	ob_u32(b, (uint32_t)info->nftrace);
	for (i = 0; i < info->nftrace; i++) {
		ob_u64(b, info->ftrace[i].len);
		ob_add(b, info->ftrace[i].text, info->ftrace[i].len);
	}
}

static void put_event_formats(struct obuf *b, const struct sf_dat_info *info)
{
	int i;
	int j;

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
}

static void put_cmdlines(struct obuf *b, const struct sf_dat_info *info)
{
	ob_u64(b, info->cmdlines_len);
	ob_add(b, info->cmdlines, info->cmdlines_len);
}

/* put_options - UNAME, TRACECLOCK, CPUSTAT, VERSION and sigftrace's own two */
static void put_options(struct obuf *b, const struct sf_dat_info *info)
{
	const char *cname = NULL;
	char cpuhdr[32];
	size_t clen;
	int hlen;
	int i;

	if (info->uname)
		ob_option(b, OPT_UNAME, info->uname);
	if (info->trace_clock) {
		clen = sf_clock_name(info->trace_clock, &cname);
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
}

/* put_file_header - magic, version, endianness, long size, page size */
static void put_file_header(struct obuf *b, const struct sf_dat_info *info, const char *version)
{
	ob_add(b, DAT_MAGIC, DAT_MAGIC_LEN);
	ob_add(b, version, strlen(version) + 1);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	ob_add(b, "\1", 1);
#else
	ob_add(b, "\0", 1);
#endif
	ob_add(b, &(char){ (char)info->long_size }, 1);
	ob_u32(b, info->page_size);
}

/*
 * build_meta - everything of a v6 file before the first data page: headers,
 * formats, options, the flyrecord table (offsets computed here, as all sizes
 * are known) and the clock string. *@data_start receives the first data offset.
 */
static void build_meta(struct obuf *b, const struct sf_dat_info *info,
		       unsigned long long *data_start)
{
	unsigned long long off;
	const char *cname = NULL;
	size_t clen = 0;
	int i;

	put_file_header(b, info, "6");
	put_headers(b, info);
	put_ftrace_formats(b, info);
	put_event_formats(b, info);
	ob_u32(b, 0); /* kallsyms */
	ob_u32(b, 0); /* printk formats */
	put_cmdlines(b, info);
	ob_u32(b, (uint32_t)info->ncpus);

	ob_add(b, "options  ", 10);
	put_options(b, info);
	ob_u16(b, OPT_DONE); /* v6: a bare id 0, no size */

	ob_add(b, "flyrecord", 10);
	/* table + clock string size is known: compute the page-aligned offsets */
	if (info->trace_clock)
		clen = sf_clock_name(info->trace_clock, &cname);
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

/* write_v6 - the metadata, then each CPU's pages at its page-aligned offset */
static int write_v6(int fd, const struct sf_dat_info *info)
{
	unsigned long long data_start = 0;
	struct obuf b = { 0 };
	int i;

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
		if (info->cpus[i].size && copy_cpu(fd, info, i))
			return -1;
	return 0;
}

#ifdef SF_HAVE_ZSTD
/*
 * Version 7 (trace-cmd.dat.v7(5), as trace-cmd 3.1's reader takes it):
 *
 *   header: magic, "7", endianness, long size, page size, "zstd\0VERSION\0",
 *           u64 offset of the first options section
 *   sections, back to back from there to the end of the file (readers walk
 *   them: a gap would end the walk), each a 16-byte header (u16 id, u16
 *   flags, u32 name: an offset into the strings section, u64 size) and
 *   its data; a compressed one's data is u32 compressed size, u32 size and
 *   one zstd frame:
 *     16..21  header_page/header_event, ftrace formats, event formats,
 *             kallsyms, printk formats, cmdlines (compressed, v6's payloads)
 *     3       the top-level buffer's data: per CPU, u32 chunk count, then
 *             chunks of u32 compressed size, u32 size (whole pages) and a
 *             zstd frame; CPUs one after the other
 *     0       the options (one section; DONE holds 0, the end of the chain):
 *             v6's options, the offsets of sections 16..21, CPUCOUNT, and
 *             BUFFER (u64 offset of section 3, name "", clock, u32 page
 *             size, u32 count, per CPU with data u32 id, u64 offset of its
 *             chunk count, u64 bytes of its chunks, the count not included)
 *     15      strings: the sections' names
 * The data section's size and the header's options offset are known only
 * at the end: they are written then (the output must be seekable).
 * Memory stays bounded: one chunk of pages and its compressed form at a time.
 */
#define V7_CHUNK_PAGES 32 /* 128 KiB with 4 KiB pages: ~6% smaller files than 40 KiB */
#define V7_LEVEL 1 /* on signal pages, level 1 compresses better than 3 to 9, and fastest */

/* clang-format off */
static const char v7_strings[] =
	"headers\0ftrace events\0events format\0kallsyms\0printk\0command lines\0"
	"options\0buffer flyrecord \0strings";
/* clang-format on */

/*
 * The zstd encoder: libzstd's level 1 where the build links libzstd, else
 * sigftrace's own (cli/lib/sf-zstd-enc.c: static builds, no 420 KB of
 * compression strategies). Both write standard frames any reader takes;
 * the header names the encoder's version (trace-cmd checks the name only).
 */
#ifdef SF_LIBZSTD
#define zc_version() ZSTD_versionString()
#define zc_bound(len) ZSTD_compressBound(len)
#else
#define zc_version() "sigftrace-" SIGFTRACE_VERSION
#define zc_bound(len) sf_zstd_bound(len)
#endif

struct v7w {
	int fd;
	unsigned long long off; /* bytes written so far: the next offset */
#ifdef SF_LIBZSTD
	ZSTD_CCtx *z;
#endif
	unsigned char *zbuf; /* a compressed section or chunk, after its 8-byte header */
	size_t zcap;
};

/* v7_name - the id of section name @name in v7_strings */
static uint32_t v7_name(const char *name)
{
	const char *p = v7_strings;

	while (strcmp(p, name))
		p += strlen(p) + 1;
	return (uint32_t)(p - v7_strings);
}

static int v7_write(struct v7w *w, const void *data, size_t len)
{
	if (write_all(w->fd, data, len))
		return -1;
	w->off += len;
	return 0;
}

static int v7_pwrite_u64(struct v7w *w, unsigned long long at, uint64_t v)
{
	return sf_pio(w->fd, &v, sizeof(v), at, true);
}

static int v7_section_header(struct v7w *w, uint16_t id, uint16_t flags, const char *name,
			     unsigned long long size)
{
	struct obuf h = { 0 };
	int ret;

	ob_u16(&h, id);
	ob_u16(&h, flags);
	ob_u32(&h, v7_name(name));
	ob_u64(&h, size);
	if (h.oom) {
		errno = ENOMEM;
		ret = -1;
	} else {
		ret = v7_write(w, h.p, h.len);
	}
	free(h.p);
	return ret;
}

/*
 * v7_compress - @len bytes of @src into w->zbuf + 8, preceded by u32
 * compressed size, u32 size; returns the bytes in w->zbuf, 0 on error
 */
static size_t v7_compress(struct v7w *w, const void *src, size_t len)
{
	size_t need = zc_bound(len) + 8;
	uint32_t v;
	size_t n;

	if (len > UINT32_MAX) {
		errno = EFBIG;
		return 0;
	}
	if (need > w->zcap) {
		unsigned char *p = realloc(w->zbuf, need);

		if (!p) {
			errno = ENOMEM;
			return 0;
		}
		w->zbuf = p;
		w->zcap = need;
	}
#ifdef SF_LIBZSTD
	n = ZSTD_compressCCtx(w->z, w->zbuf + 8, need - 8, src, len, V7_LEVEL);
	if (ZSTD_isError(n))
		n = 0;
#else
	n = sf_zstd_compress(w->zbuf + 8, need - 8, src, len);
#endif
	if (!n || n > UINT32_MAX) {
		errno = n ? EFBIG : ENOMEM;
		return 0;
	}
	v = (uint32_t)n;
	memcpy(w->zbuf, &v, 4);
	v = (uint32_t)len;
	memcpy(w->zbuf + 4, &v, 4);
	return n + 8;
}

/* v7_meta_section - a compressed metadata section; *@at receives its offset */
static int v7_meta_section(struct v7w *w, uint16_t id, const char *name, const struct obuf *b,
			   unsigned long long *at)
{
	size_t n;

	if (b->oom) {
		errno = ENOMEM;
		return -1;
	}
	n = v7_compress(w, b->p, b->len);
	if (!n)
		return -1;
	*at = w->off;
	if (v7_section_header(w, id, SEC_FL_COMPRESS, name, n))
		return -1;
	return v7_write(w, w->zbuf, n);
}

/* v7_cpu - CPU @cpu's pages as compressed chunks, read @chunk_len bytes at a time */
static int v7_cpu(struct v7w *w, const struct sf_dat_info *info, int cpu, unsigned char *chunk,
		  size_t chunk_len)
{
	const struct sf_dat_cpu *c = &info->cpus[cpu];
	unsigned long long left = c->size;
	unsigned long long pos = 0;
	uint32_t count = (uint32_t)((c->size + chunk_len - 1) / chunk_len);
	size_t want;
	size_t n;

	if ((c->size + chunk_len - 1) / chunk_len > UINT32_MAX) {
		errno = EFBIG;
		return -1;
	}
	if (v7_write(w, &count, 4))
		return -1;
	while (left) {
		if (info->cancel && *info->cancel) {
			errno = ECANCELED;
			return -1;
		}
		want = left < chunk_len ? (size_t)left : chunk_len;
		if (sf_pio(c->fd, chunk, want, pos, false) ||
		    (info->pages_fn && info->pages_fn(info->pages_ctx, cpu, chunk, want)))
			return -1;
		n = v7_compress(w, chunk, want);
		if (!n || v7_write(w, w->zbuf, n))
			return -1;
		/* read once: a recording's pages need not stay in the page cache */
		posix_fadvise(c->fd, (off_t)pos, (off_t)want, POSIX_FADV_DONTNEED);
		pos += want;
		left -= want;
	}
	return 0;
}

static int v7_body(struct v7w *w, const struct sf_dat_info *info)
{
	unsigned long long sec[6]; /* offsets of sections 16..21 */
	unsigned long long opts_at_field;
	unsigned long long data_at;
	unsigned long long *cpu_off = NULL;
	unsigned long long *cpu_len = NULL;
	size_t chunk_len = (size_t)info->page_size * V7_CHUNK_PAGES;
	unsigned char *chunk = NULL;
	const char *cname = "local";
	struct obuf b = { 0 };
	uint32_t ncpus_data = 0;
	unsigned long long strings_at;
	size_t clen = 5;
	int ret = -1;
	int i;

	/* the header, with a place for the options offset */
	put_file_header(&b, info, "7");
	ob_add(&b, "zstd", 5);
	ob_add(&b, zc_version(), strlen(zc_version()) + 1);
	opts_at_field = b.len;
	ob_u64(&b, 0);
	if (b.oom)
		goto nomem;
	if (v7_write(w, b.p, b.len))
		goto out;

	/* the metadata sections, in trace-cmd's order */
	b.len = 0;
	put_headers(&b, info);
	if (v7_meta_section(w, OPT_HEADER_INFO, "headers", &b, &sec[0]))
		goto out;
	b.len = 0;
	put_ftrace_formats(&b, info);
	if (v7_meta_section(w, OPT_HEADER_INFO + 1, "ftrace events", &b, &sec[1]))
		goto out;
	b.len = 0;
	put_event_formats(&b, info);
	if (v7_meta_section(w, OPT_HEADER_INFO + 2, "events format", &b, &sec[2]))
		goto out;
	b.len = 0;
	ob_u32(&b, 0);
	if (v7_meta_section(w, OPT_HEADER_INFO + 3, "kallsyms", &b, &sec[3]) ||
	    v7_meta_section(w, OPT_HEADER_INFO + 4, "printk", &b, &sec[4]))
		goto out;
	b.len = 0;
	put_cmdlines(&b, info);
	if (v7_meta_section(w, OPT_CMDLINES, "command lines", &b, &sec[5]))
		goto out;

	/* the data: its size is known at the end */
	cpu_off = calloc((size_t)info->ncpus, sizeof(*cpu_off));
	cpu_len = calloc((size_t)info->ncpus, sizeof(*cpu_len));
	chunk = malloc(chunk_len);
	if (!cpu_off || !cpu_len || !chunk)
		goto nomem;
	data_at = w->off;
	if (v7_section_header(w, OPT_BUFFER, SEC_FL_COMPRESS, "buffer flyrecord ", 0))
		goto out;
	for (i = 0; i < info->ncpus; i++) {
		if (!info->cpus[i].size)
			continue;
		cpu_off[i] = w->off;
		if (v7_cpu(w, info, i, chunk, chunk_len))
			goto out;
		/* the size counts the chunks, not the count in front of them */
		cpu_len[i] = w->off - cpu_off[i] - 4;
		ncpus_data++;
	}
	if (v7_pwrite_u64(w, data_at + 8, w->off - data_at - 16))
		goto out;

	/* one options section, the end of the chain */
	b.len = 0;
	put_options(&b, info);
	for (i = 0; i < 6; i++) {
		ob_u16(&b, (uint16_t)(OPT_HEADER_INFO + i));
		ob_u32(&b, 8);
		ob_u64(&b, sec[i]);
	}
	ob_u16(&b, OPT_CPUCOUNT);
	ob_u32(&b, 4);
	ob_u32(&b, (uint32_t)info->ncpus);
	if (info->trace_clock)
		clen = sf_clock_name(info->trace_clock, &cname);
	ob_u16(&b, OPT_BUFFER);
	ob_u32(&b, (uint32_t)(8 + 1 + clen + 1 + 4 + 4 + 20 * ncpus_data));
	ob_u64(&b, data_at);
	ob_add(&b, "", 1);
	ob_add(&b, cname, clen);
	ob_add(&b, "", 1);
	ob_u32(&b, info->page_size);
	ob_u32(&b, ncpus_data);
	for (i = 0; i < info->ncpus; i++) {
		if (!info->cpus[i].size)
			continue;
		ob_u32(&b, (uint32_t)i);
		ob_u64(&b, cpu_off[i]);
		ob_u64(&b, cpu_len[i]);
	}
	ob_u16(&b, OPT_DONE);
	ob_u32(&b, 8);
	ob_u64(&b, 0);
	if (b.oom)
		goto nomem;
	if (v7_pwrite_u64(w, opts_at_field, w->off) ||
	    v7_section_header(w, 0, 0, "options", b.len) || v7_write(w, b.p, b.len))
		goto out;

	/* the strings, compressed like trace-cmd's */
	b.len = 0;
	ob_add(&b, v7_strings, sizeof(v7_strings));
	if (v7_meta_section(w, SEC_STRINGS, "strings", &b, &strings_at))
		goto out;
	ret = 0;
	goto out;
nomem:
	errno = ENOMEM;
out:
	free(b.p);
	free(chunk);
	free(cpu_off);
	free(cpu_len);
	return ret;
}

static int write_v7(int fd, const struct sf_dat_info *info)
{
	struct v7w w = { .fd = fd };
	int err;
	int ret;

#ifdef SF_LIBZSTD
	w.z = ZSTD_createCCtx();
	if (!w.z) {
		errno = ENOMEM;
		return -1;
	}
#endif
	ret = v7_body(&w, info);
	err = errno;
#ifdef SF_LIBZSTD
	ZSTD_freeCCtx(w.z);
#endif
	free(w.zbuf);
	errno = err;
	return ret;
}
#endif /* SF_HAVE_ZSTD */

int sf_dat_write(int fd, const struct sf_dat_info *info)
{
	off_t pos;

	if (check_info(info)) {
		errno = EINVAL;
		return -1;
	}
	/* offsets in the file are absolute: the file must start here */
	pos = lseek(fd, 0, SEEK_CUR);
	if (pos < 0 && (errno != ESPIPE || info->file_version == 7))
		return -1;
	if (pos > 0) {
		errno = EINVAL;
		return -1;
	}
	if (info->file_version == 7) {
#ifdef SF_HAVE_ZSTD
		return write_v7(fd, info);
#else
		errno = ENOTSUP;
		return -1;
#endif
	}
	return write_v6(fd, info);
}
