// SPDX-License-Identifier: GPL-2.0
/*
 * sf-pages - time-ordered events out of per-CPU ring-buffer pages.
 */
#include <stdlib.h>
#include <string.h>

#include "sf-pages.h"
#include "sf-util.h"

int sf_merge_init(struct sf_merge *m, int ncpus, unsigned int page_size, struct tep_handle *tep)
{
	enum kbuffer_long_size lsize;
	enum kbuffer_endian endian;
	int i;

	memset(m, 0, sizeof(*m));
	/* the size of the page header's commit field is the kernel's long */
	switch (tep_get_header_page_size(tep)) {
	case 4:
		lsize = KBUFFER_LSIZE_4;
		break;
	case 8:
		lsize = KBUFFER_LSIZE_8;
		break;
	default:
		lsize = KBUFFER_LSIZE_SAME_AS_HOST;
		break;
	}
	if (tep_is_file_bigendian(tep) == tep_is_local_bigendian(tep))
		endian = KBUFFER_ENDIAN_SAME_AS_HOST;
	else
		endian = tep_is_file_bigendian(tep) ? KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE;
	m->src = sf_xcalloc((size_t)ncpus, sizeof(*m->src));
	m->n = ncpus;
	m->page_size = page_size;
	for (i = 0; i < ncpus; i++) {
		m->src[i].cpu = i;
		m->src[i].kbuf = kbuffer_alloc(lsize, endian);
		if (!m->src[i].kbuf) {
			sf_merge_free(m);
			return -1;
		}
	}
	return 0;
}

/* next_page - load pages until one has an event; false when the run is over */
static bool next_page(struct sf_merge *m, struct sf_pagesrc *s)
{
	while (s->off + m->page_size <= s->size) {
		void *page = (void *)(s->data + s->off);
		int missed;

		s->off += m->page_size;
		if (kbuffer_load_subbuffer(s->kbuf, page) < 0)
			continue;
		missed = kbuffer_missed_events(s->kbuf);
		if (missed)
			s->missed += missed < 0 ? -1 : missed;
		s->ev = kbuffer_read_event(s->kbuf, &s->ts);
		if (s->ev)
			return true;
	}
	s->ev = NULL;
	return false;
}

void sf_merge_load(struct sf_merge *m, int cpu, const void *data, size_t size)
{
	struct sf_pagesrc *s = &m->src[cpu];

	s->data = data;
	s->size = size;
	s->off = 0;
	next_page(m, s);
}

bool sf_merge_next(struct sf_merge *m, struct tep_record *rec)
{
	struct sf_pagesrc *best = NULL;
	int i;

	for (i = 0; i < m->n; i++) {
		struct sf_pagesrc *s = &m->src[i];

		if (s->ev && (!best || s->ts < best->ts))
			best = s;
	}
	if (!best)
		return false;
	memset(rec, 0, sizeof(*rec));
	rec->ts = best->ts;
	rec->cpu = best->cpu;
	rec->data = best->ev;
	rec->size = kbuffer_event_size(best->kbuf);
	rec->missed_events = best->missed;
	best->missed = 0;
	best->ev = kbuffer_next_event(best->kbuf, &best->ts);
	if (!best->ev)
		next_page(m, best);
	return true;
}

void sf_merge_free(struct sf_merge *m)
{
	int i;

	for (i = 0; m->src && i < m->n; i++)
		kbuffer_free(m->src[i].kbuf);
	free(m->src);
	memset(m, 0, sizeof(*m));
}
