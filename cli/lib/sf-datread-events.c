// SPDX-License-Identifier: GPL-2.0
/*
 * sf-datread-events - the events of a trace.dat file: every CPU's data, block by
 * block or chunk by chunk, into the page merger in time order
 * (see sf-datread-int.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-datread-int.h"

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
			sf_dr_cpu_what(d, c, what, sizeof(what)), c->chunk + 1, n >> 20,
			MEM_BUDGET >> 20);
		return -1;
	}
	free(c->blk);
	d->mem -= c->cap;
	c->cap = 0;
	c->blk = malloc(n);
	if (!c->blk) {
		snprintf(err, errsz, "%s: out of memory", sf_dr_cpu_what(d, c, what, sizeof(what)));
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

	sf_dr_cpu_what(d, c, what, sizeof(what));
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
	if (sf_dr_pread_full(d->fd, hdr, 8, c->pos)) {
		snprintf(err, errsz, "%s: cannot read chunk %u: %s", what, c->chunk + 1,
			 errno == EIO ? "the file is shorter than its header says" :
					strerror(errno));
		return -1;
	}
	csize = sf_dr_num(d, hdr, 4);
	usize = sf_dr_num(d, hdr + 4, 4);
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
	if (sf_dr_pread_full(d->fd, d->zbuf, (size_t)csize, c->pos + 8)) {
		snprintf(err, errsz, "%s: cannot read chunk %u: %s", what, c->chunk + 1,
			 errno == EIO ? "the file is shorter than its header says" :
					strerror(errno));
		return -1;
	}
	if (sf_dr_decompress(d, d->zbuf, (size_t)csize, c->blk, (size_t)usize, why, sizeof(why))) {
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
	if (sf_dr_pread_full(d->fd, c->blk, n, c->pos)) {
		snprintf(err, errsz, "%s: cannot read its pages at offset %llu: %s",
			 sf_dr_cpu_what(d, c, what, sizeof(what)), c->pos,
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

	if (sf_pages_init(&d->merge, d->ncpus, &d->m.layout))
		return sf_dr_fail(d, errno, "cannot read the pages: %s", strerror(errno));
	d->merge.adj = d->m.adjust;
	for (i = 0; i < d->ncpus; i++)
		sf_pages_label(&d->merge, i, d->cpus[i].cpu, d->cpus[i].buf);
	rewind_cpus(d);
	sf_pages_set_refill(&d->merge, refill, d);
	d->merging = true;
	return 0;
}

int sf_dat_next(struct sf_dat *d, struct tep_record *rec, int *buffer)
{
	const struct sf_pages *m = &d->merge;
	const struct dat_cpu *c;
	char what[128];

	if (!d->merging && start_merge(d))
		return -1;
	if (sf_pages_next(&d->merge, rec)) {
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
			 sf_dr_cpu_what(d, c, what, sizeof(what)), c->chunk,
			 m->src[m->err_src].run_page + 1, m->err);
	else
		snprintf(d->err, sizeof(d->err), "%s: corrupt page at offset %llu: %s",
			 sf_dr_cpu_what(d, c, what, sizeof(what)),
			 c->run + m->src[m->err_src].run_page * d->m.page_size, m->err);
	errno = EINVAL;
	return -1;
}

void sf_dat_rewind(struct sf_dat *d)
{
	if (!d->merging)
		return;
	rewind_cpus(d);
	sf_pages_reset(&d->merge);
}
