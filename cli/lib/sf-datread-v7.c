// SPDX-License-Identifier: GPL-2.0
/*
 * sf-datread-v7 - version 7 files: the sections and their compression
 * (see sf-datread-int.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#ifdef SF_LIBZSTD
#include <zstd.h>
#endif

#include "sf-datread-int.h"
#include "sf-zstd.h"

/* ---------------------------------------------------------------------------
 * Version 7
 */

/* decompress - @src (@csize bytes) into @dst, which must come out @usize bytes */
int sf_dr_decompress(struct sf_dat *d, const void *src, size_t csize, void *dst, size_t usize,
		     char *why, size_t whysz)
{
#ifdef SF_LIBZSTD
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
#elif defined(SF_HAVE_ZSTD)
	if (d->comp == COMP_ZSTD) {
		char zwhy[160];
		size_t got;

		if (sf_zstd_decompress(dst, usize, src, csize, &got, zwhy, sizeof(zwhy))) {
			snprintf(why, whysz, "zstd: %s", zwhy);
			return -1;
		}
		if (got != usize) {
			snprintf(why, whysz, "%zu bytes instead of %zu", got, usize);
			return -1;
		}
		return 0;
	}
#endif
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
	if (sf_dr_cur_num(d, &c, 2, &id) || sf_dr_cur_num(d, &c, 2, &flags) ||
	    sf_dr_cur_skip(d, &c, 4) || sf_dr_cur_num(d, &c, 8, &size))
		return -1;
	if (id != want)
		return sf_dr_fail(d, EINVAL, "corrupt file: %s at offset %llu has id %llu", what,
				  off, id);
	if (size > MAX_SECTION_LEN)
		return sf_dr_fail(d, EINVAL, "corrupt %s: %llu bytes", what, size);
	if (size > c.end - c.off)
		return sf_dr_truncated(d, &c);
	c.end = c.off + size; /* reads beyond the section are truncation too */
	if (!(flags & SEC_FL_COMPRESS)) {
		dst = malloc(size ? size : 1);
		if (!dst)
			return sf_dr_oom(d);
		if (sf_dr_cur_read(d, &c, dst, size)) {
			free(dst);
			return -1;
		}
		*out = dst;
		*outlen = size;
		return 0;
	}
	if (sf_dr_cur_num(d, &c, 4, &csize) || sf_dr_cur_num(d, &c, 4, &usize))
		return -1;
	if (csize > size - 8 || usize > MAX_SECTION_LEN)
		return sf_dr_fail(d, EINVAL, "corrupt %s: sizes %llu/%llu", what, csize, usize);
	src = malloc(csize ? csize : 1);
	dst = malloc(usize ? usize : 1);
	if (!src || !dst) {
		free(src);
		free(dst);
		return sf_dr_oom(d);
	}
	if (sf_dr_cur_read(d, &c, src, csize))
		goto fail;
	if (sf_dr_decompress(d, src, csize, dst, usize, why, sizeof(why))) {
		sf_dr_fail(d, EINVAL, "corrupt %s: %s", what, why);
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
			return sf_dr_fail(d, EINVAL, "corrupt file: too many sections");
		c.what = "section header";
		if (sf_dr_cur_num(d, &c, 2, &id) || sf_dr_cur_skip(d, &c, 6) ||
		    sf_dr_cur_num(d, &c, 8, &size))
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
				 sf_dr_section_names[id - OPT_HEADER_INFO]);
		else
			snprintf(what, sizeof(what), "section %llu", id);
		c.what = what;
		if (sf_dr_cur_skip(d, &c, size))
			return -1;
	}
	/*
	 * trace-cmd always writes it last and refuses files without it: its
	 * absence means the file was cut at a section boundary
	 */
	if (!strings)
		return sf_dr_fail(d, EINVAL, "truncated at strings section");
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
		if (sf_dr_cur_num(d, &o, 2, &id) || sf_dr_cur_num(d, &o, 4, &size))
			return -1;
		if (size > o.end - o.off)
			return sf_dr_truncated(d, &o);
		if (id == OPT_DONE) {
			if (size < 8)
				return sf_dr_fail(d, EINVAL, "corrupt options: DONE has %llu bytes",
						  size);
			*next = sf_dr_num(d, sec + o.off, 8);
			return 0;
		}
		if (sf_dr_handle_option(d, (unsigned int)id, sec + o.off, (size_t)size))
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

	snprintf(what, sizeof(what), "%s section", sf_dr_section_names[i]);
	/* not needed: only checked to be there, not decompressed */
	if (OPT_HEADER_INFO + i == OPT_KALLSYMS || OPT_HEADER_INFO + i == OPT_PRINTK) {
		unsigned long long flags;

		return sf_dr_section_header(d, d->sections[i], OPT_HEADER_INFO + (unsigned int)i,
					    what, &flags, NULL);
	}
	if (load_section(d, d->sections[i], OPT_HEADER_INFO + (unsigned int)i, what, &sec, &len))
		return -1;
	c = (struct cur){ .mem = sec, .end = len, .what = what };
	switch (OPT_HEADER_INFO + i) {
	case OPT_HEADER_INFO:
		ret = sf_dr_read_headers(d, &c);
		break;
	case OPT_FTRACE_EVENTS:
		ret = sf_dr_read_ftrace_formats(d, &c);
		break;
	case OPT_EVENT_FORMATS:
		ret = sf_dr_read_event_formats(d, &c);
		break;
	default:
		ret = sf_dr_read_cmdlines(d, &c);
		break;
	}
	free(sec);
	return ret;
}

/* v7 options: a chain of sections, each DONE option holds the next offset */
int sf_dr_read_v7(struct sf_dat *d, struct cur *c)
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
	if (sf_dr_cur_str(d, c, &d->m.compression) || sf_dr_cur_str(d, c, &ver))
		return -1;
	free(ver);
	if (!strcmp(d->m.compression, "none"))
		d->comp = COMP_NONE;
#ifdef SF_HAVE_ZSTD
	else if (!strcmp(d->m.compression, "zstd"))
		d->comp = COMP_ZSTD;
#else
	else if (!strcmp(d->m.compression, "zstd"))
		return sf_dr_fail(
			d, ENOTSUP,
			"zstd-compressed, and this sigftrace was built without zstd (NO_ZSTD=1)");
#endif
	else if (!strcmp(d->m.compression, "zlib"))
		d->comp = COMP_ZLIB;
	else
		return sf_dr_fail(d, ENOTSUP, "unsupported compression algorithm \"%.32s\"",
				  d->m.compression);
	c->what = "options offset";
	if (sf_dr_cur_num(d, c, 8, &next))
		return -1;
	if (!next)
		return sf_dr_fail(d, EINVAL, "corrupt file: no options section");
	if (walk_sections_v7(d, c->off))
		return -1;

	while (next) {
		if (nsec == MAX_OPTION_SECTIONS)
			return sf_dr_fail(d, EINVAL, "corrupt file: more than %d options sections",
					  MAX_OPTION_SECTIONS);
		/* a chain that comes back to a section would be read forever */
		for (i = 0; i < nsec; i++)
			if (seen[i] == next)
				return sf_dr_fail(
					d, EINVAL,
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
		return sf_dr_fail(d, EINVAL, "corrupt file: no header_page section");
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
