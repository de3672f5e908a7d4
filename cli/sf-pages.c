// SPDX-License-Identifier: GPL-2.0
/*
 * sf-pages - time-ordered events out of per-CPU ring-buffer pages.
 */
#include <errno.h>
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
	m->header_size = 8 + (lsize == KBUFFER_LSIZE_4 ? 4 :
			      lsize == KBUFFER_LSIZE_8 ? 8 :
							 (unsigned int)sizeof(long));
	m->native = endian == KBUFFER_ENDIAN_SAME_AS_HOST;
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

		s->page_off = s->off;
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
	rec->offset = best->page_off + (size_t)kbuffer_curr_offset(best->kbuf);
	rec->missed_events = best->missed;
	best->missed = 0;
	best->ev = kbuffer_next_event(best->kbuf, &best->ts);
	if (!best->ev)
		next_page(m, best);
	return true;
}

/* ring-buffer event types (enum ring_buffer_type in the kernel) */
#define RB_TYPE_DATA_MAX 28
#define RB_TYPE_PADDING 29
#define RB_TYPE_TIME_EXTEND 30
#define RB_TYPE_TIME_STAMP 31
#define RB_DELTA_BITS 27
#define RB_COMMIT_MASK ((1U << RB_DELTA_BITS) - 1) /* the commit field's size bits */

/* the event header word: type_len in the low 5 bits on little endian, the high on big */
static unsigned int ev_type(unsigned int w)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return w >> RB_DELTA_BITS;
#else
	return w & 0x1f;
#endif
}

static unsigned int ev_delta(unsigned int w)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return w & ((1U << RB_DELTA_BITS) - 1);
#else
	return w >> 5;
#endif
}

static unsigned int ev_word(unsigned int type, unsigned int delta)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return type << RB_DELTA_BITS | delta;
#else
	return delta << 5 | type;
#endif
}

/* ev_len - the whole length of the event at @e, 0 if it cannot be told */
static unsigned int ev_len(const unsigned char *e)
{
	unsigned int w, a;

	memcpy(&w, e, 4);
	memcpy(&a, e + 4, 4);
	switch (ev_type(w)) {
	case 0:
		return a + 4;
	case RB_TYPE_PADDING:
		return ev_delta(w) ? a + 4 : 0;
	case RB_TYPE_TIME_EXTEND:
		return 8;
	case RB_TYPE_TIME_STAMP:
		return 8;
	default:
		return 4 + ev_type(w) * 4;
	}
}

/*
 * take_ns - take one nanosecond from the first time delta from @e on in the
 * page (a data event, padding or time extend that has one), after a delta of
 * 1 was given to an event that had 0: the events after that one keep their
 * times (those of the same nanosecond before the one that gives it back move
 * by 1 ns). An absolute time stamp ends the search: nothing after it
 * depends on the deltas before it.
 */
static void take_ns(unsigned char *e, const unsigned char *end)
{
	while (e + 8 <= end) {
		unsigned int w, a, len = ev_len(e);
		unsigned long long ext;

		memcpy(&w, e, 4);
		if (ev_type(w) == RB_TYPE_TIME_STAMP || !len)
			return;
		if (ev_type(w) == RB_TYPE_TIME_EXTEND) {
			memcpy(&a, e + 4, 4);
			ext = ((unsigned long long)a << RB_DELTA_BITS) + ev_delta(w);
			if (ext) {
				ext--;
				w = ev_word(RB_TYPE_TIME_EXTEND,
					    (unsigned int)(ext & ((1U << RB_DELTA_BITS) - 1)));
				a = (unsigned int)(ext >> RB_DELTA_BITS);
				memcpy(e, &w, 4);
				memcpy(e + 4, &a, 4);
				return;
			}
		} else if (ev_delta(w)) {
			w = ev_word(ev_type(w), ev_delta(w) - 1);
			memcpy(e, &w, 4);
			return;
		}
		e += len;
	}
}

int sf_merge_discard(struct sf_merge *m, const struct tep_record *rec)
{
	struct sf_pagesrc *s;
	unsigned char *page, *e;
	unsigned long long commit = 0, ts;
	unsigned int w, len, hoff, delta;

	if (rec->cpu < 0 || rec->cpu >= m->n || !m->native)
		goto bad;
	s = &m->src[rec->cpu];
	if (!s->data || rec->offset + 8 > s->size)
		goto bad;
	page = (unsigned char *)s->data + rec->offset / m->page_size * m->page_size;
	hoff = (unsigned int)(rec->offset % m->page_size);
	memcpy(&commit, page + 8, m->header_size - 8);
	commit &= RB_COMMIT_MASK;
	e = page + hoff;
	memcpy(&w, e, 4);
	if (hoff < m->header_size || hoff + 8 > m->header_size + commit ||
	    ev_type(w) > RB_TYPE_DATA_MAX)
		goto bad;
	len = ev_len(e);
	if (len < 8 || hoff + len > m->header_size + commit)
		goto bad;
	delta = ev_delta(w);
	/* padding with a zero delta would mean "the rest of the page is empty" */
	if (!delta) {
		delta = 1;
		if (hoff == m->header_size) {
			/* the first event: its time is the page's; move the page's back */
			memcpy(&ts, page, 8);
			ts--;
			memcpy(page, &ts, 8);
		} else {
			take_ns(e + len, page + m->header_size + commit);
		}
	}
	w = ev_word(RB_TYPE_PADDING, delta);
	memcpy(e, &w, 4);
	len -= 4;
	memcpy(e + 4, &len, 4);
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

void sf_merge_free(struct sf_merge *m)
{
	int i;

	for (i = 0; m->src && i < m->n; i++)
		kbuffer_free(m->src[i].kbuf);
	free(m->src);
	memset(m, 0, sizeof(*m));
}
