// SPDX-License-Identifier: GPL-2.0
/*
 * datdiff - the differential test's tool: the same trace.dat read by two
 * readers, and the same events written in other layouts.
 *
 *   datdiff ours FILE       every event through sigftrace's reader (sf-datread)
 *   datdiff tracecmd FILE   every event through libtracecmd (where it is built)
 *   datdiff rewrite IN OUT [--big-endian] [--ts-options]
 *                           a v6 file of sigftrace's writer, written again as v6:
 *                           in big-endian byte order (every number of the
 *                           headers, pages and event fields swapped), with
 *                           DATE, OFFSET and TSC2NSEC options that move and
 *                           scale the timestamps
 *   datdiff v7 IN OUT zstd|zlib|none
 *                           the same file as version 7, its metadata sections
 *                           and CPU data compressed (chunks of 10 pages)
 *
 * A dump is one line per event, in the order the reader returns them:
 *   BUFFER CPU TIMESTAMP SYSTEM:EVENT [lost=N] comm=SENDER FIELD=VALUE...
 * with every field the event's format has, decoded through the reader's own
 * tep (numbers by their size and sign, arrays and strings as hex bytes), so
 * two dumps are equal when the readers agree on the events, their order,
 * timestamps, CPUs, buffers, fields and the saved comms. Lost-event counts
 * are printed on their own lines ("BUFFER CPU lost N"), as libtracecmd only
 * reports the count of a page whose first event starts it.
 *
 * The converters read only what sigftrace's writer (and trace-cmd convert
 * --file-version 6 of it) produce: trusted input, checked loosely.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event-parse.h>
#include <zlib.h>
#include <zstd.h>
#ifdef SF_HAVE_TRACECMD
#include <trace-cmd.h>
#endif

#include "sf-datread.h"

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "datdiff: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

/* ---------------------------------------------------------------------------
 * Dumps
 */

static void put_hex(FILE *f, const unsigned char *p, int n)
{
	int i;

	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static void put_number(FILE *f, struct tep_handle *tep, const struct tep_format_field *fl,
		       const unsigned char *p, int size)
{
	unsigned long long v = tep_read_number(tep, p, size);

	if (fl->flags & TEP_FIELD_IS_SIGNED) {
		long long s = size == 1 ? (signed char)v :
			      size == 2 ? (short)v :
			      size == 4 ? (int)v :
					  (long long)v;
		fprintf(f, "%lld", s);
	} else {
		fprintf(f, "%llu", v);
	}
}

static void put_field(FILE *f, struct tep_handle *tep, const struct tep_format_field *fl,
		      const struct tep_record *rec)
{
	const unsigned char *data = rec->data;
	int off = fl->offset;
	int size = fl->size;
	int i;

	fprintf(f, " %s=", fl->name);
	if (fl->flags & TEP_FIELD_IS_DYNAMIC) {
		unsigned long long loc;

		if (off < 0 || size < 2 || off + size > rec->size) {
			fprintf(f, "<short>");
			return;
		}
		loc = tep_read_number(tep, data + off, size);
		off = (int)(loc & 0xffff);
		size = (int)(loc >> 16);
		if (fl->flags & TEP_FIELD_IS_RELATIVE)
			off += fl->offset + fl->size;
		if (off + size > rec->size) {
			fprintf(f, "<bad %d+%d>", off, size);
			return;
		}
		put_hex(f, data + off, size);
		return;
	}
	if (fl->flags & TEP_FIELD_IS_ARRAY && size == 0)
		size = rec->size - off; /* char buf[]: the rest of the record */
	if (off < 0 || size < 0 || off + size > rec->size) {
		fprintf(f, "<short>");
		return;
	}
	if (fl->flags & TEP_FIELD_IS_ARRAY) {
		if (fl->elementsize > 1 && fl->elementsize <= 8 && !(size % fl->elementsize)) {
			for (i = 0; i < size; i += fl->elementsize) {
				fputc(i ? ',' : '[', f);
				put_number(f, tep, fl, data + off + i, fl->elementsize);
			}
			fputc(']', f);
		} else {
			put_hex(f, data + off, size);
		}
		return;
	}
	if (size == 1 || size == 2 || size == 4 || size == 8)
		put_number(f, tep, fl, data + off, size);
	else
		put_hex(f, data + off, size);
}

static void dump_record(FILE *f, struct tep_handle *tep, const char *buffer,
			const struct tep_record *rec)
{
	struct tep_event *ev = tep_find_event_by_record(tep, (struct tep_record *)rec);
	const struct tep_format_field *fl;

	if (rec->missed_events)
		fprintf(f, "%s %d lost %lld\n", *buffer ? buffer : "-", rec->cpu,
			rec->missed_events);
	fprintf(f, "%s %d %llu ", *buffer ? buffer : "-", rec->cpu, rec->ts);
	if (!ev) {
		fprintf(f, "unknown size=%d ", rec->size);
		put_hex(f, rec->data, rec->size);
		fputc('\n', f);
		return;
	}
	fprintf(f, "%s:%s comm=%s", ev->system, ev->name,
		tep_data_comm_from_pid(tep, tep_data_pid(tep, (struct tep_record *)rec)));
	for (fl = ev->format.common_fields; fl; fl = fl->next)
		put_field(f, tep, fl, rec);
	for (fl = ev->format.fields; fl; fl = fl->next)
		put_field(f, tep, fl, rec);
	fputc('\n', f);
}

static int dump_ours(const char *path)
{
	struct tep_record rec;
	struct sf_dat *d;
	char err[512];
	int buffer;
	int fd;
	int r;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		die("cannot open %s: %s", path, strerror(errno));
	d = sf_dat_open(fd, NULL, 0, err, sizeof(err));
	if (!d)
		die("%s: %s", path, err);
	while ((r = sf_dat_next(d, &rec, &buffer)) > 0)
		dump_record(stdout, sf_dat_tep(d), sf_dat_meta(d)->buffers[buffer].name, &rec);
	if (r < 0)
		die("%s: %s", path, sf_dat_error(d));
	sf_dat_close(d);
	close(fd);
	return fflush(stdout) ? 1 : 0;
}

#ifdef SF_HAVE_TRACECMD
static int on_record(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *data)
{
	(void)cpu;
	(void)data;
	dump_record(stdout, tracecmd_get_tep(h), tracecmd_get_private(h), rec);
	return 0;
}

static int dump_tracecmd(const char *path)
{
	struct tracecmd_input **h;
	int n, i;

	tracecmd_set_loglevel(TEP_LOG_NONE);
	h = xmalloc(sizeof(*h));
	h[0] = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!h[0])
		die("libtracecmd cannot open %s", path);
	n = tracecmd_buffer_instances(h[0]);
	if (n < 0)
		n = 0;
	h = realloc(h, sizeof(*h) * (size_t)(n + 1));
	if (!h)
		die("out of memory");
	tracecmd_set_private(h[0], "");
	for (i = 0; i < n; i++) {
		h[i + 1] = tracecmd_buffer_instance_handle(h[0], i);
		if (!h[i + 1])
			die("libtracecmd cannot open buffer %d of %s", i, path);
		tracecmd_set_private(h[i + 1], (void *)tracecmd_buffer_instance_name(h[0], i));
	}
	tracecmd_iterate_events_multi(h, n + 1, on_record, NULL);
	/* an instance handle holds a reference on the top-level one */
	for (i = n; i >= 0; i--)
		tracecmd_close(h[i]);
	free(h);
	return fflush(stdout) ? 1 : 0;
}
#else
static int dump_tracecmd(const char *path)
{
	die("built without libtracecmd: cannot read %s with it", path);
}
#endif

/* ---------------------------------------------------------------------------
 * A v6 file of sigftrace's writer, in memory
 */

struct blob {
	unsigned char *p;
	size_t len;
};

struct opt {
	unsigned int id;
	struct blob data;
};

struct model {
	bool be;
	int long_size;
	unsigned int page_size;
	struct blob header_page, header_event;
	struct blob *ftrace;
	int nftrace;
	char **sysname;
	struct blob **sysfmt;
	int *nsysfmt;
	int nsys;
	struct blob kallsyms, printk, cmdlines;
	struct opt *opts;
	int nopts;
	struct blob *cpu; /* each CPU's pages */
	int ncpus;
	struct tep_handle *tep; /* the formats, for the fields of the events */
	int commit_size; /* the kernel's long */
};

struct rd {
	const unsigned char *p;
	size_t len;
	size_t off;
	bool swap;
};

static const void *rd_take(struct rd *r, size_t n)
{
	const void *p = r->p + r->off;

	if (n > r->len - r->off)
		die("input truncated at byte %zu", r->off);
	r->off += n;
	return p;
}

static unsigned long long rd_num(struct rd *r, int size)
{
	const unsigned char *p = rd_take(r, (size_t)size);
	unsigned long long v;
	int i;

	if (r->swap) {
		v = 0;
		for (i = 0; i < size; i++)
			v = v << 8 | p[i];
	} else {
		v = 0;
		for (i = size - 1; i >= 0; i--)
			v = v << 8 | p[i];
	}
	return v;
}

static struct blob rd_blob(struct rd *r, unsigned long long n)
{
	struct blob b;

	b.len = (size_t)n;
	b.p = xmalloc(b.len + 1);
	memcpy(b.p, rd_take(r, b.len), b.len);
	b.p[b.len] = 0;
	return b;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die("cannot read %s: %s", path, strerror(errno));
	p = xmalloc((size_t)st.st_size);
	if (read(fd, p, (size_t)st.st_size) != st.st_size)
		die("cannot read %s", path);
	close(fd);
	*len = (size_t)st.st_size;
	return p;
}

static void load_model(const char *path, struct model *m)
{
	struct rd r = { 0 };
	unsigned long long n, i, j;

	memset(m, 0, sizeof(*m));
	r.p = slurp(path, &r.len);
	if (r.len < 18 || memcmp(r.p, "\027\010\104tracing6", 12))
		die("%s is not a version 6 trace.dat", path);
	r.off = 12;
	m->be = r.p[12] == 1;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	r.swap = !m->be;
#else
	r.swap = m->be;
#endif
	r.off = 14;
	m->long_size = r.p[13];
	m->page_size = (unsigned int)rd_num(&r, 4);
	if (memcmp(rd_take(&r, 12), "header_page", 12))
		die("no header_page");
	m->header_page = rd_blob(&r, rd_num(&r, 8));
	if (memcmp(rd_take(&r, 13), "header_event", 13))
		die("no header_event");
	m->header_event = rd_blob(&r, rd_num(&r, 8));
	m->nftrace = (int)rd_num(&r, 4);
	m->ftrace = xmalloc(sizeof(*m->ftrace) * (size_t)m->nftrace);
	for (i = 0; i < (unsigned long long)m->nftrace; i++)
		m->ftrace[i] = rd_blob(&r, rd_num(&r, 8));
	m->nsys = (int)rd_num(&r, 4);
	m->sysname = xmalloc(sizeof(*m->sysname) * (size_t)m->nsys);
	m->sysfmt = xmalloc(sizeof(*m->sysfmt) * (size_t)m->nsys);
	m->nsysfmt = xmalloc(sizeof(*m->nsysfmt) * (size_t)m->nsys);
	for (i = 0; i < (unsigned long long)m->nsys; i++) {
		const char *name = (const char *)r.p + r.off;

		m->sysname[i] = strdup(name);
		rd_take(&r, strlen(name) + 1);
		m->nsysfmt[i] = (int)rd_num(&r, 4);
		m->sysfmt[i] = xmalloc(sizeof(**m->sysfmt) * (size_t)m->nsysfmt[i]);
		for (j = 0; j < (unsigned long long)m->nsysfmt[i]; j++)
			m->sysfmt[i][j] = rd_blob(&r, rd_num(&r, 8));
	}
	m->kallsyms = rd_blob(&r, rd_num(&r, 4));
	m->printk = rd_blob(&r, rd_num(&r, 4));
	m->cmdlines = rd_blob(&r, rd_num(&r, 8));
	m->ncpus = (int)rd_num(&r, 4);
	if (!memcmp(rd_take(&r, 10), "options  ", 10)) {
		while ((n = rd_num(&r, 2))) {
			m->opts = realloc(m->opts, sizeof(*m->opts) * (size_t)(m->nopts + 1));
			m->opts[m->nopts].id = (unsigned int)n;
			m->opts[m->nopts].data = rd_blob(&r, rd_num(&r, 4));
			if (n == 3 || n == 8)
				die("%s has BUFFER or CPUCOUNT options: not a file of sigftrace's writer",
				    path);
			m->nopts++;
		}
		if (memcmp(rd_take(&r, 10), "flyrecord", 10))
			die("no flyrecord");
	}
	m->cpu = xmalloc(sizeof(*m->cpu) * (size_t)m->ncpus);
	for (i = 0; i < (unsigned long long)m->ncpus; i++) {
		unsigned long long off = rd_num(&r, 8);
		unsigned long long size = rd_num(&r, 8);

		if (off + size > r.len)
			die("CPU %llu data outside the file", i);
		m->cpu[i].p = xmalloc((size_t)size);
		memcpy(m->cpu[i].p, r.p + off, (size_t)size);
		m->cpu[i].len = (size_t)size;
	}
	free((void *)r.p);

	m->tep = tep_alloc();
	tep_set_file_bigendian(m->tep, m->be ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(m->tep, m->long_size);
	if (tep_parse_header_page(m->tep, (char *)m->header_page.p, m->header_page.len,
				  m->long_size))
		die("cannot parse header_page");
	m->commit_size = tep_get_header_page_size(m->tep);
	for (i = 0; i < (unsigned long long)m->nftrace; i++)
		tep_parse_event(m->tep, (char *)m->ftrace[i].p, m->ftrace[i].len, "ftrace");
	for (i = 0; i < (unsigned long long)m->nsys; i++)
		for (j = 0; j < (unsigned long long)m->nsysfmt[i]; j++)
			tep_parse_event(m->tep, (char *)m->sysfmt[i][j].p, m->sysfmt[i][j].len,
					m->sysname[i]);
}

static void free_model(struct model *m)
{
	int i, j;

	free(m->header_page.p);
	free(m->header_event.p);
	for (i = 0; i < m->nftrace; i++)
		free(m->ftrace[i].p);
	free(m->ftrace);
	for (i = 0; i < m->nsys; i++) {
		for (j = 0; j < m->nsysfmt[i]; j++)
			free(m->sysfmt[i][j].p);
		free(m->sysfmt[i]);
		free(m->sysname[i]);
	}
	free(m->sysfmt);
	free(m->nsysfmt);
	free(m->sysname);
	free(m->kallsyms.p);
	free(m->printk.p);
	free(m->cmdlines.p);
	for (i = 0; i < m->nopts; i++)
		free(m->opts[i].data.p);
	free(m->opts);
	for (i = 0; i < m->ncpus; i++)
		free(m->cpu[i].p);
	free(m->cpu);
	tep_free(m->tep);
}

/* ---------------------------------------------------------------------------
 * Byte swapping of pages
 */

static void swap_at(unsigned char *p, int size)
{
	int i;

	for (i = 0; i < size / 2; i++) {
		unsigned char t = p[i];

		p[i] = p[size - 1 - i];
		p[size - 1 - i] = t;
	}
}

/* swap_event - every number of an event's payload, by its format */
static void swap_event(const struct model *m, unsigned char *data, int size)
{
	struct tep_record rec = { .data = data, .size = size };
	const struct tep_format_field *fl;
	struct tep_event *ev = tep_find_event_by_record(m->tep, &rec);
	int pass, i;

	if (!ev)
		die("an event without a format (id %d)", tep_data_type(m->tep, &rec));
	for (pass = 0; pass < 2; pass++) {
		for (fl = pass ? ev->format.fields : ev->format.common_fields; fl; fl = fl->next) {
			int es = fl->flags & TEP_FIELD_IS_ARRAY ? (int)fl->elementsize : fl->size;

			if (fl->offset + fl->size > size)
				die("field %s past its record", fl->name);
			if (fl->flags & TEP_FIELD_IS_DYNAMIC) {
				swap_at(data + fl->offset, fl->size);
				continue;
			}
			if (es < 2 || es > 8 || (fl->flags & TEP_FIELD_IS_STRING))
				continue;
			for (i = 0; i + es <= fl->size; i += es)
				swap_at(data + fl->offset + i, es);
		}
	}
}

static unsigned long long get_num(const unsigned char *p, int size, bool be)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < size; i++)
		v = be ? v << 8 | p[i] : v | (unsigned long long)p[i] << (8 * i);
	return v;
}

static void put_num(unsigned char *p, unsigned long long v, int size, bool be)
{
	int i;

	for (i = 0; i < size; i++)
		p[be ? size - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

/* swap_pages - pages of @m's byte order into the other one, in place */
static void swap_pages(const struct model *m, struct blob *b)
{
	const unsigned int cs = (unsigned int)m->commit_size;
	const unsigned int doff = 8 + cs;
	const bool be = m->be;
	size_t pg;

	for (pg = 0; pg + m->page_size <= b->len; pg += m->page_size) {
		unsigned char *page = b->p + pg;
		unsigned long long commit = get_num(page + 8, (int)cs, be);
		unsigned int size = (unsigned int)(commit & ((1ULL << 27) - 1));
		unsigned char *d = page + doff;
		unsigned int pos = 0;

		swap_at(page, 8);
		swap_at(page + 8, (int)cs);
		if ((commit & (1ULL << 31)) && (commit & (1ULL << 30)))
			swap_at(d + size, (int)cs);
		while (pos + 4 <= size) {
			unsigned int w = (unsigned int)get_num(d + pos, 4, be);
			unsigned int type_len = be ? w >> 27 : w & 31;
			unsigned int delta = be ? w & ((1U << 27) - 1) : w >> 5;
			unsigned int len, hdr = 4;

			/* the other order's layout of the same header */
			put_num(d + pos, be ? delta << 5 | type_len : type_len << 27 | delta, 4,
				!be);
			if (type_len == 0 || type_len >= 29) {
				len = (unsigned int)get_num(d + pos + 4, 4, be);
				swap_at(d + pos + 4, 4);
				if (type_len == 29) {
					pos += 4 + len;
					continue;
				}
				if (type_len >= 30) {
					pos += 8;
					continue;
				}
				hdr = 8;
				len = (len - 4 + 3) & ~3U;
			} else {
				len = type_len * 4;
			}
			swap_event(m, d + pos + hdr, (int)len);
			pos += hdr + len;
		}
	}
}

/* ---------------------------------------------------------------------------
 * Writers
 */

struct out {
	unsigned char *p;
	size_t len;
	size_t cap;
	bool be;
};

static void o_add(struct out *o, const void *data, size_t n)
{
	if (o->len + n > o->cap) {
		o->cap = (o->len + n) * 2 + 4096;
		o->p = realloc(o->p, o->cap);
		if (!o->p)
			die("out of memory");
	}
	memcpy(o->p + o->len, data, n);
	o->len += n;
}

static void o_num(struct out *o, unsigned long long v, int size)
{
	unsigned char b[8];

	put_num(b, v, size, o->be);
	o_add(o, b, (size_t)size);
}

static void o_pad(struct out *o, size_t align)
{
	static const unsigned char zero[4096];

	while (o->len % align)
		o_add(o, zero,
		      align - o->len % align < sizeof(zero) ? align - o->len % align :
							      sizeof(zero));
}

static void o_write(const struct out *o, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, o->p, o->len) != (ssize_t)o->len || close(fd))
		die("cannot write %s", path);
}

/* the payloads of v6 blocks 7..15, also the contents of v7 sections */
static void o_headers(struct out *o, const struct model *m)
{
	o_add(o, "header_page", 12);
	o_num(o, m->header_page.len, 8);
	o_add(o, m->header_page.p, m->header_page.len);
	o_add(o, "header_event", 13);
	o_num(o, m->header_event.len, 8);
	o_add(o, m->header_event.p, m->header_event.len);
}

static void o_ftrace(struct out *o, const struct model *m)
{
	int i;

	o_num(o, (unsigned int)m->nftrace, 4);
	for (i = 0; i < m->nftrace; i++) {
		o_num(o, m->ftrace[i].len, 8);
		o_add(o, m->ftrace[i].p, m->ftrace[i].len);
	}
}

static void o_events(struct out *o, const struct model *m)
{
	int i, j;

	o_num(o, (unsigned int)m->nsys, 4);
	for (i = 0; i < m->nsys; i++) {
		o_add(o, m->sysname[i], strlen(m->sysname[i]) + 1);
		o_num(o, (unsigned int)m->nsysfmt[i], 4);
		for (j = 0; j < m->nsysfmt[i]; j++) {
			o_num(o, m->sysfmt[i][j].len, 8);
			o_add(o, m->sysfmt[i][j].p, m->sysfmt[i][j].len);
		}
	}
}

static void o_sized(struct out *o, const struct blob *b, int size)
{
	o_num(o, b->len, size);
	o_add(o, b->p, b->len);
}

static void o_opt(struct out *o, unsigned int id, const void *data, size_t len)
{
	o_num(o, id, 2);
	o_num(o, len, 4);
	o_add(o, data, len);
}

/* ts_options - DATE 0x10 us, OFFSET 5000 ns, TSC2NSEC x3 >> 1 */
static void o_ts_options(struct out *o)
{
	unsigned char tsc[16];
	struct out t = { .be = o->be };

	o_opt(o, 1, "0x10", 5);
	o_opt(o, 7, "5000", 5);
	o_num(&t, 3, 4);
	o_num(&t, 1, 4);
	o_num(&t, 0, 8);
	memcpy(tsc, t.p, 16);
	free(t.p);
	o_opt(o, 14, tsc, 16);
}

static int rewrite(const char *in, const char *outp, bool big, bool ts)
{
	const char *clock = NULL;
	struct model m;
	struct out o = { 0 };
	size_t table;
	int i;

	load_model(in, &m);
	if (big != m.be)
		for (i = 0; i < m.ncpus; i++)
			swap_pages(&m, &m.cpu[i]);
	o.be = big;
	o_add(&o, "\027\010\104tracing6", 12);
	o_num(&o, big, 1);
	o_num(&o, (unsigned int)m.long_size, 1);
	o_num(&o, m.page_size, 4);
	o_headers(&o, &m);
	o_ftrace(&o, &m);
	o_events(&o, &m);
	o_sized(&o, &m.kallsyms, 4);
	o_sized(&o, &m.printk, 4);
	o_sized(&o, &m.cmdlines, 8);
	o_num(&o, (unsigned int)m.ncpus, 4);
	o_add(&o, "options  ", 10);
	for (i = 0; i < m.nopts; i++) {
		o_opt(&o, m.opts[i].id, m.opts[i].data.p, m.opts[i].data.len);
		if (m.opts[i].id == 4)
			clock = (const char *)m.opts[i].data.p;
	}
	if (ts)
		o_ts_options(&o);
	o_num(&o, 0, 2);
	o_add(&o, "flyrecord", 10);
	table = o.len;
	for (i = 0; i < m.ncpus; i++) {
		o_num(&o, 0, 8);
		o_num(&o, 0, 8);
	}
	/* with TRACECLOCK, readers expect the "[clock]" string after the table */
	if (clock && strchr(clock, '[') && strchr(clock, ']') > strchr(clock, '[')) {
		size_t n = (size_t)(strchr(clock, ']') - strchr(clock, '[')) + 1;

		o_num(&o, n, 8);
		o_add(&o, strchr(clock, '['), n);
	}
	for (i = 0; i < m.ncpus; i++) {
		unsigned char pair[16];

		o_pad(&o, m.page_size);
		put_num(pair, m.cpu[i].len ? o.len : 0, 8, big);
		put_num(pair + 8, m.cpu[i].len, 8, big);
		memcpy(o.p + table + 16 * (size_t)i, pair, 16);
		o_add(&o, m.cpu[i].p, m.cpu[i].len);
	}
	o_write(&o, outp);
	free(o.p);
	free_model(&m);
	return 0;
}

enum { ALGO_NONE, ALGO_ZSTD, ALGO_ZLIB };

static struct blob pack(int algo, const unsigned char *p, size_t len)
{
	struct blob b;

	if (algo == ALGO_ZSTD) {
		b.p = xmalloc(ZSTD_compressBound(len));
		b.len = ZSTD_compress(b.p, ZSTD_compressBound(len), p, len, 3);
		if (ZSTD_isError(b.len))
			die("zstd: %s", ZSTD_getErrorName(b.len));
	} else {
		uLongf n = compressBound((uLong)len);

		b.p = xmalloc(n);
		if (compress2(b.p, &n, p, (uLong)len, Z_BEST_COMPRESSION) != Z_OK)
			die("zlib fails");
		b.len = n;
	}
	return b;
}

/* o_section - a v7 section: u16 id, u16 flags, u32 string id, u64 size, payload */
static size_t o_section(struct out *o, unsigned int id, int algo, const struct out *payload)
{
	size_t at = o->len;

	if (algo == ALGO_NONE) {
		o_num(o, id, 2);
		o_num(o, 0, 2);
		o_num(o, 0, 4);
		o_num(o, payload->len, 8);
		o_add(o, payload->p, payload->len);
	} else {
		struct blob z = pack(algo, payload->p, payload->len);

		o_num(o, id, 2);
		o_num(o, 1, 2);
		o_num(o, 0, 4);
		o_num(o, 8 + z.len, 8);
		o_num(o, z.len, 4);
		o_num(o, payload->len, 4);
		o_add(o, z.p, z.len);
		free(z.p);
	}
	return at;
}

static int write_v7(const char *in, const char *outp, const char *algo_name)
{
	const size_t chunk = 10; /* pages, like trace-cmd */
	int algo = !strcmp(algo_name, "zstd") ? ALGO_ZSTD :
		   !strcmp(algo_name, "zlib") ? ALGO_ZLIB :
		   !strcmp(algo_name, "none") ? ALGO_NONE :
						-1;
	unsigned long long *cpu_off, *cpu_size;
	size_t sec[6], buf_sec, opt_at, first_opt;
	struct out o = { 0 };
	struct out p = { 0 };
	struct model m;
	int i, ncpu_data = 0;

	if (algo < 0)
		die("unknown algorithm %s", algo_name);
	load_model(in, &m);
	if (m.be)
		die("%s: big-endian input", in);
	cpu_off = xmalloc(sizeof(*cpu_off) * (size_t)m.ncpus);
	cpu_size = xmalloc(sizeof(*cpu_size) * (size_t)m.ncpus);
	o_add(&o, "\027\010\104tracing7", 12);
	o_num(&o, 0, 1);
	o_num(&o, (unsigned int)m.long_size, 1);
	o_num(&o, m.page_size, 4);
	if (algo == ALGO_ZSTD)
		o_add(&o,
		      "zstd\0"
		      "1.5.4",
		      11);
	else if (algo == ALGO_ZLIB)
		o_add(&o,
		      "zlib\0"
		      "1.2.13",
		      12);
	else
		o_add(&o, "none\0", 6);
	first_opt = o.len;
	o_num(&o, 0, 8); /* patched: the options section */

	for (i = 0; i < 6; i++) {
		p.len = 0;
		switch (i) {
		case 0:
			o_headers(&p, &m);
			break;
		case 1:
			o_ftrace(&p, &m);
			break;
		case 2:
			o_events(&p, &m);
			break;
		case 3:
			o_sized(&p, &m.kallsyms, 4);
			break;
		case 4:
			o_sized(&p, &m.printk, 4);
			break;
		default:
			o_sized(&p, &m.cmdlines, 8);
			break;
		}
		sec[i] = o_section(&o, 16 + (unsigned int)i, algo, &p);
	}

	/* the top-level buffer's data section: page-aligned CPU data */
	buf_sec = o.len;
	o_num(&o, 3, 2);
	o_num(&o, algo == ALGO_NONE ? 0 : 1, 2);
	o_num(&o, 0, 4);
	o_num(&o, 0, 8); /* patched: the size */
	for (i = 0; i < m.ncpus; i++) {
		size_t at, off;

		cpu_off[i] = cpu_size[i] = 0;
		if (!m.cpu[i].len)
			continue;
		ncpu_data++;
		o_pad(&o, m.page_size);
		cpu_off[i] = at = o.len;
		if (algo == ALGO_NONE) {
			o_add(&o, m.cpu[i].p, m.cpu[i].len);
			cpu_size[i] = m.cpu[i].len;
			continue;
		}
		o_num(&o, (m.cpu[i].len / m.page_size + chunk - 1) / chunk, 4);
		for (off = 0; off < m.cpu[i].len; off += chunk * m.page_size) {
			size_t n = m.cpu[i].len - off < chunk * m.page_size ? m.cpu[i].len - off :
									      chunk * m.page_size;
			struct blob z = pack(algo, m.cpu[i].p + off, n);

			o_num(&o, z.len, 4);
			o_num(&o, n, 4);
			o_add(&o, z.p, z.len);
			free(z.p);
		}
		/* like trace-cmd: the size counts the chunks, not the count */
		cpu_size[i] = o.len - at - 4;
	}
	put_num(o.p + buf_sec + 8, o.len - buf_sec - 16, 8, false);

	/* options: section offsets, the copied options, CPUCOUNT, BUFFER, DONE */
	p.len = 0;
	for (i = 0; i < 6; i++) {
		o_num(&p, 16 + (unsigned int)i, 2);
		o_num(&p, 8, 4);
		o_num(&p, sec[i], 8);
	}
	for (i = 0; i < m.nopts; i++)
		o_opt(&p, m.opts[i].id, m.opts[i].data.p, m.opts[i].data.len);
	o_num(&p, 8, 2);
	o_num(&p, 4, 4);
	o_num(&p, (unsigned int)m.ncpus, 4);
	{
		struct out b = { 0 };

		o_num(&b, buf_sec, 8);
		o_add(&b, "", 1);
		o_add(&b, "local", 6);
		o_num(&b, m.page_size, 4);
		o_num(&b, (unsigned int)ncpu_data, 4);
		for (i = 0; i < m.ncpus; i++) {
			if (!m.cpu[i].len)
				continue;
			o_num(&b, (unsigned int)i, 4);
			o_num(&b, cpu_off[i], 8);
			o_num(&b, cpu_size[i], 8);
		}
		o_opt(&p, 3, b.p, b.len);
		free(b.p);
	}
	o_num(&p, 0, 2);
	o_num(&p, 8, 4);
	o_num(&p, 0, 8);
	opt_at = o_section(&o, 0, ALGO_NONE, &p);
	put_num(o.p + first_opt, opt_at, 8, false);
	/* the strings section trace-cmd always ends with */
	p.len = 0;
	o_add(&p, "", 1);
	o_section(&o, 15, ALGO_NONE, &p);
	o_write(&o, outp);
	free(p.p);
	free(o.p);
	free(cpu_off);
	free(cpu_size);
	free_model(&m);
	return 0;
}

int main(int argc, char **argv)
{
	bool big = false, ts = false;
	int i;

	if (argc == 3 && !strcmp(argv[1], "ours"))
		return dump_ours(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "tracecmd"))
		return dump_tracecmd(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "rewrite")) {
		for (i = 4; i < argc; i++) {
			if (!strcmp(argv[i], "--big-endian"))
				big = true;
			else if (!strcmp(argv[i], "--ts-options"))
				ts = true;
			else
				die("unknown option %s", argv[i]);
		}
		return rewrite(argv[2], argv[3], big, ts);
	}
	if (argc == 5 && !strcmp(argv[1], "v7"))
		return write_v7(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: datdiff ours|tracecmd FILE\n"
			"       datdiff rewrite IN OUT [--big-endian] [--ts-options]\n"
			"       datdiff v7 IN OUT zstd|zlib|none\n");
	return 2;
}
