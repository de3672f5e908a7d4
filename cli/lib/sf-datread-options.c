// SPDX-License-Identifier: GPL-2.0
/*
 * sf-datread-options - the options of a trace.dat file: buffers and their CPU data,
 * CPU statistics, the clock, offsets
 * (see sf-datread-int.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-datread-int.h"

/* ---------------------------------------------------------------------------
 * Options
 */

/* bracket_clock - the "[name]" word of a trace_clock text, or NULL */
char *sf_dr_bracket_clock(const char *text)
{
	const char *name;
	size_t n;

	if (!strchr(text, '['))
		return NULL;
	n = sf_clock_name(text, &name);
	return n ? strndup(name, n) : NULL;
}

/*
 * add_buffer - one more buffer; the top level ("") goes first
 * Return: its index, or -1.
 */
int sf_dr_add_buffer(struct sf_dat *d, const char *name, unsigned long long bytes, int ncpus,
		     bool latency)
{
	struct sf_dat_meta *m = &d->m;
	struct sf_dat_buffer *v;
	char *copy;
	int i;

	if (m->nbuffers >= MAX_BUFFERS)
		return sf_dr_fail(d, EINVAL, "corrupt file: more than %d buffers", MAX_BUFFERS);
	/* tracefs instances are directories: NAME_MAX */
	if (strlen(name) > 255)
		return sf_dr_fail(d, EINVAL, "corrupt file: an instance name of %zu bytes",
				  strlen(name));
	for (i = 0; i < m->nbuffers; i++)
		if (!strcmp(m->buffers[i].name, name))
			return sf_dr_fail(d, EINVAL, "corrupt file: two buffers named \"%.*s\"",
					  NAME_SHOWN, name);
	copy = strdup(name);
	v = realloc(m->buffers, sizeof(*v) * ((size_t)m->nbuffers + 1));
	if (v)
		m->buffers = v;
	if (!copy || !v) {
		free(copy);
		return sf_dr_oom(d);
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
		return sf_dr_fail(d, EINVAL, "corrupt file: more CPUs than the file can hold");
	v = realloc(d->cpus, sizeof(*v) * ((size_t)d->ncpus + 1));
	if (!v)
		return sf_dr_oom(d);
	d->cpus = v;
	v[d->ncpus++] = (struct dat_cpu){
		.cpu = cpu, .buf = buf, .off = off, .size = size, .compressed = compressed
	};
	return 0;
}

/* check_cpu_data - one CPU's (offset, size) of a buffer: inside the file, whole pages */
int sf_dr_check_cpu_data(struct sf_dat *d, int buf, int cpu, unsigned long long off,
			 unsigned long long size, bool compressed)
{
	struct dat_cpu c = { .cpu = cpu, .buf = buf };
	unsigned char b4[4];
	unsigned long long count;
	char what[128];
	/* compressed data has a u32 chunk count in front */
	unsigned long long extent = compressed ? size + 4 : size;

	sf_dr_cpu_what(d, &c, what, sizeof(what));
	if (!size)
		return 0;
	if (off > d->fsize || extent > d->fsize - off)
		return sf_dr_fail(d, EINVAL, "truncated at %s data (%llu bytes at offset %llu)",
				  what, extent, off);
	if (!compressed) {
		if (size % d->m.page_size)
			return sf_dr_fail(d, EINVAL,
					  "corrupt %s data: %llu bytes is not a number of pages",
					  what, size);
		return add_cpu(d, buf, cpu, off, size, false);
	}
	if (sf_dr_pread_full(d->fd, b4, 4, off))
		return sf_dr_fail(d, errno, "cannot read %s data: %s", what, strerror(errno));
	count = sf_dr_num(d, b4, 4);
	/* a chunk has an 8-byte header at least: a corrupt count stops here */
	if (!count || count > size / 8)
		return sf_dr_fail(d, EINVAL, "corrupt %s data: %llu chunks in %llu bytes", what,
				  count, size);
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
		return sf_dr_fail(d, EINVAL, "corrupt BUFFER option");
	if (d->ninst >= MAX_BUFFERS)
		return sf_dr_fail(d, EINVAL, "corrupt file: more than %d buffers", MAX_BUFFERS);
	name = strdup((const char *)data + 8);
	off = realloc(d->inst_off, sizeof(*off) * ((size_t)d->ninst + 1));
	if (off)
		d->inst_off = off;
	names = realloc(d->inst_name, sizeof(*names) * ((size_t)d->ninst + 1));
	if (names)
		d->inst_name = names;
	if (!name || !off || !names) {
		free(name);
		return sf_dr_oom(d);
	}
	off[d->ninst] = sf_dr_num(d, data, 8);
	names[d->ninst++] = name;
	return 0;
}

/*
 * section_header - a v7 section header at @off: id @want, its data inside
 * the file; *@flags gets its flags
 */
int sf_dr_section_header(struct sf_dat *d, unsigned long long off, unsigned int want,
			 const char *what, unsigned long long *flags, unsigned long long *size)
{
	struct cur c = { .off = off, .end = d->fsize, .what = what };
	unsigned long long id;
	unsigned long long sz;

	if (sf_dr_cur_num(d, &c, 2, &id) || sf_dr_cur_num(d, &c, 2, flags) ||
	    sf_dr_cur_skip(d, &c, 4) || sf_dr_cur_num(d, &c, 8, &sz) || sf_dr_cur_skip(d, &c, sz))
		return -1;
	if (id != want)
		return sf_dr_fail(d, EINVAL, "corrupt file: %s has id %llu", what, id);
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

	if (sf_dr_cur_num(d, &c, 8, &sec) || sf_dr_cur_str(d, &c, &name) ||
	    sf_dr_cur_str(d, &c, &clock))
		goto out;
	snprintf(what, sizeof(what), "the data section of buffer \"%.*s\"", NAME_SHOWN, name);
	if (id == OPT_BUFFER_TEXT) {
		/* latency-format text: nothing to read as events */
		ret = sf_dr_add_buffer(d, name, 0, 0, true) < 0 ? -1 : 0;
		goto out;
	}
	if (sf_dr_cur_num(d, &c, 4, &psize) || sf_dr_cur_num(d, &c, 4, &cnt) ||
	    sf_dr_section_header(d, sec, OPT_BUFFER, what, &flags, NULL))
		goto out;
	if (psize != d->m.page_size) {
		sf_dr_fail(d, ENOTSUP,
			   "unsupported file: buffer \"%.*s\" has pages of %llu bytes, the file %u",
			   NAME_SHOWN, name, psize, d->m.page_size);
		goto out;
	}
	if (cnt > (c.end - c.off) / 20) {
		sf_dr_fail(d, EINVAL, "corrupt BUFFER option: %llu CPUs in %llu bytes", cnt,
			   c.end - c.off);
		goto out;
	}
	buf = sf_dr_add_buffer(d, name, 0, (int)cnt, false);
	if (buf < 0)
		goto out;
	if (!*name && !d->m.clock && *clock) {
		d->m.clock = clock;
		clock = NULL;
	}
	while (cnt--) {
		if (sf_dr_cur_num(d, &c, 4, &cpu) || sf_dr_cur_num(d, &c, 8, &off) ||
		    sf_dr_cur_num(d, &c, 8, &len))
			goto out;
		if (sf_dr_check_cpu_data(d, buf, (int)(cpu & INT_MAX), off, len,
					 flags & SEC_FL_COMPRESS))
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
	unsigned long long overrun, dropped;
	char **v;
	char *text;

	text = strndup((const char *)data, size);
	if (!text)
		return sf_dr_oom(d);
	v = realloc(m->cpustat, sizeof(*v) * ((size_t)m->ncpustat + 1));
	if (!v) {
		free(text);
		return sf_dr_oom(d);
	}
	m->cpustat = v;
	v[m->ncpustat++] = text;
	sf_stats_parse(text, &overrun, &dropped);
	m->overrun += overrun;
	m->dropped += dropped;
	return 0;
}

/* opt_offset - DATE (us, "0x..." text) and OFFSET (ns) move every timestamp */
static int opt_offset(struct sf_dat *d, unsigned int id, const unsigned char *data, size_t size)
{
	char *text = strndup((const char *)data, size);
	long long v;

	if (!text)
		return sf_dr_oom(d);
	errno = 0;
	v = strtoll(text, NULL, 0);
	free(text);
	if (errno || (id == OPT_DATE && __builtin_mul_overflow(v, 1000LL, &v)) ||
	    __builtin_add_overflow(d->m.adjust.offset, v, &d->m.adjust.offset))
		return sf_dr_fail(d, EINVAL, "corrupt %s option",
				  id == OPT_DATE ? "DATE" : "OFFSET");
	return 0;
}

/* opt_text - an option's text into *@dst (the last one of its id counts) */
static int opt_text(struct sf_dat *d, char **dst, const unsigned char *data, size_t size)
{
	free(*dst);
	*dst = strndup((const char *)data, size);
	return *dst ? 0 : sf_dr_oom(d);
}

int sf_dr_handle_option(struct sf_dat *d, unsigned int id, const unsigned char *data, size_t size)
{
	struct sf_dat_meta *m = &d->m;
	char *text;

	if (d->in_instance) {
		/* an instance's own options describe that instance only */
		if (id == OPT_CPUCOUNT) {
			if (size < 4)
				return sf_dr_fail(d, EINVAL, "corrupt CPUCOUNT option");
			d->inst_cpucount = (long long)sf_dr_num(d, data, 4);
		}
		return 0;
	}
	switch (id) {
	case OPT_UNAME:
		free(m->uname);
		m->uname = strndup((const char *)data, size);
		if (!m->uname)
			return sf_dr_oom(d);
		break;
	case OPT_TRACECLOCK:
		d->has_traceclock = true;
		text = strndup((const char *)data, size);
		if (!text)
			return sf_dr_oom(d);
		free(m->clock);
		m->clock = sf_dr_bracket_clock(text);
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
			return sf_dr_fail(d, EINVAL, "corrupt CPUCOUNT option");
		d->cpucount = (long long)sf_dr_num(d, data, 4);
		break;
	case OPT_DATE:
	case OPT_OFFSET:
		return opt_offset(d, id, data, size);
	case OPT_TSC2NSEC:
		if (size < 16)
			break; /* libtracecmd ignores it too */
		if (sf_dr_num(d, data, 4) > INT_MAX || sf_dr_num(d, data + 4, 4) > 32)
			return sf_dr_fail(d, EINVAL,
					  "corrupt TSC2NSEC option: mult %llu, shift %llu",
					  sf_dr_num(d, data, 4), sf_dr_num(d, data + 4, 4));
		m->adjust.mult = (unsigned int)sf_dr_num(d, data, 4);
		m->adjust.shift = (unsigned int)sf_dr_num(d, data + 4, 4);
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
				return sf_dr_fail(d, EINVAL,
						  "corrupt options: option %u has %zu bytes", id,
						  size);
			d->sections[id - OPT_HEADER_INFO] = sf_dr_num(d, data, 8);
		}
		break;
	}
	return 0;
}

/* v6 options: u16 id, u32 size, data; ended by a bare u16 0 */
int sf_dr_read_options_v6(struct sf_dat *d, struct cur *c)
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
		if (sf_dr_cur_num(d, c, 2, &id))
			return -1;
		if (id == OPT_DONE)
			return 0;
		if (sf_dr_cur_num(d, c, 4, &size))
			return -1;
		for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]) && wanted[i] != id; i++)
			;
		if (i == sizeof(wanted) / sizeof(wanted[0])) {
			if (sf_dr_cur_skip(d, c, size))
				return -1;
			continue;
		}
		if (size > MAX_OPTION_LEN)
			return sf_dr_fail(d, EINVAL, "corrupt options: option %llu has %llu bytes",
					  id, size);
		if (size > c->end - c->off)
			return sf_dr_truncated(d, c);
		data = malloc(size ? size : 1);
		if (!data)
			return sf_dr_oom(d);
		ret = sf_dr_cur_read(d, c, data, size);
		if (!ret)
			ret = sf_dr_handle_option(d, (unsigned int)id, data, size);
		free(data);
		if (ret)
			return -1;
	}
}
