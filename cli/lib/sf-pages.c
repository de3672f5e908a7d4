// SPDX-License-Identifier: GPL-2.0
/*
 * sf-pages - time-ordered events out of per-CPU ring-buffer pages.
 *
 * The page format is the kernel's (kernel/trace/ring_buffer.c): a page
 * header (u64 timestamp, a kernel long "commit" holding the data size in its
 * low 27 bits and the missed-events flags in bits 31 and 30), then events,
 * each a u32 header of a 5-bit type_len and a 27-bit time delta:
 *   type_len 1..28  data of type_len * 4 bytes follows
 *   type_len 0      a u32 length (data + 4) follows, then the data
 *   29 padding      a u32 length follows; the rest of it is skipped
 *   30 time extend  a u32 holds the upper bits of a bigger delta
 *   31 time stamp   a u32 holds the upper bits of an absolute time
 * In a big-endian page the type_len is the top 5 bits. The time arithmetic
 * is libtraceevent's (kbuffer-parse.c), so that timestamps are the same as
 * trace-cmd's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-pages.h"

#define MISSED_EVENTS (1ULL << 31)
#define MISSED_STORED (1ULL << 30)
#define COMMIT_MASK ((1ULL << 27) - 1)
#define TS_MSB (0xf8ULL << 56) /* absolute time stamps lack these bits */

enum {
	TYPE_PADDING = 29,
	TYPE_TIME_EXTEND = 30,
	TYPE_TIME_STAMP = 31,
};

static inline uint32_t rd32(const struct sf_pages *m, const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return m->swap ? __builtin_bswap32(v) : v;
}

static inline uint64_t rd64(const struct sf_pages *m, const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return m->swap ? __builtin_bswap64(v) : v;
}

static inline unsigned long long rdlong(const struct sf_pages *m, const unsigned char *p)
{
	return m->lay.commit_size == 8 ? rd64(m, p) : rd32(m, p);
}

/* adjust - TSC2NSEC and offsets, computed like libtracecmd's timestamp_calc() */
static unsigned long long adjust(const struct sf_ts_adjust *a, unsigned long long ts)
{
	unsigned long long lo, hi, r;

	if (a->mult) {
		lo = ts & 0xffffffffULL;
		hi = ts >> 32;
		r = (lo * a->mult) >> a->shift;
		if (hi)
			r += (hi * a->mult) << (32 - a->shift);
		ts = r;
	}
	return ts + (unsigned long long)a->offset;
}

static bool page_fail(struct sf_pages *m, struct sf_pagesrc *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool page_fail(struct sf_pages *m, struct sf_pagesrc *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	m->err_src = (int)(s - m->src);
	m->err_page = true;
	s->ev = NULL;
	s->done = true;
	return false;
}

/*
 * next_event - the next data event of the current page into s->ev
 * Return: true with s->ev set, false at the end of the page (s->ev NULL) or
 * on a corrupt page (m->err set).
 */
static bool next_event(struct sf_pages *m, struct sf_pagesrc *s)
{
	const unsigned char *p = s->page;
	unsigned int pos = s->pos;
	unsigned int end = s->end;

	while (pos < end) {
		unsigned int type_len, delta, len, hdr;
		uint32_t word;

		if (end - pos < 4)
			return page_fail(m, s, "%u stray bytes at the end of the data", end - pos);
		word = rd32(m, p + pos);
		if (m->lay.big_endian) {
			type_len = word >> 27;
			delta = word & ((1U << 27) - 1);
		} else {
			type_len = word & 31;
			delta = word >> 5;
		}
		switch (type_len) {
		case TYPE_PADDING:
			s->ts += delta;
			/* a padding without room for its length ends the page */
			if (end - pos < 8)
				goto page_end;
			len = rd32(m, p + pos + 4);
			if (len > end - pos - 4)
				goto page_end;
			pos += 4 + len;
			continue;
		case TYPE_TIME_EXTEND:
		case TYPE_TIME_STAMP:
			if (end - pos < 8)
				return page_fail(m, s,
						 "time event at byte %u cut by the end of the data",
						 pos);
			{
				unsigned long long t =
					((unsigned long long)rd32(m, p + pos + 4) << 27) + delta;

				if (type_len == TYPE_TIME_STAMP)
					s->ts = t | (s->ts & TS_MSB);
				else
					s->ts += t;
			}
			pos += 8;
			continue;
		case 0:
			if (end - pos < 8)
				return page_fail(
					m, s, "event at byte %u cut by the end of the data", pos);
			len = rd32(m, p + pos + 4);
			if (len < 4)
				return page_fail(m, s, "event at byte %u has a length of %u", pos,
						 len);
			len = (len - 4 + 3) & ~3U;
			hdr = 8;
			break;
		default:
			len = type_len * 4;
			hdr = 4;
			break;
		}
		if (len > end - pos - hdr)
			return page_fail(
				m, s,
				"event at byte %u (%u bytes) runs past the end of the data (%u bytes)",
				pos, len, end);
		s->ts += delta;
		s->ev = p + pos + hdr;
		s->ev_hdr = pos;
		s->ev_size = len;
		s->ev_ts = adjust(&m->adj, s->ts);
		s->pos = pos + hdr + len;
		return true;
	}
page_end:
	s->pos = end;
	s->ev = NULL;
	return false;
}

/* load_page - set up the page at s->data + s->off; false on a corrupt one */
static bool load_page(struct sf_pages *m, struct sf_pagesrc *s)
{
	const unsigned char *page = s->data + s->off;
	const unsigned int room = m->lay.page_size - m->lay.data_off;
	unsigned long long commit = rdlong(m, page + m->lay.commit_off);
	unsigned long long size = commit & COMMIT_MASK;

	s->ts = rd64(m, page);
	if (size > room)
		return page_fail(m, s, "%llu bytes of data in a page that holds %u", size, room);
	if (commit & MISSED_EVENTS) {
		long long lost = -1;

		/* with "stored", the count (a kernel long) follows the data */
		if (commit & MISSED_STORED) {
			if (room - size < m->lay.commit_size)
				return page_fail(
					m, s, "no room for the lost-events count after %llu bytes",
					size);
			lost = (long long)rdlong(m, page + m->lay.data_off + size);
			if (m->lay.commit_size == 4)
				lost = (long long)(uint32_t)lost;
			if (lost < 0)
				lost = -1;
		}
		if (lost > 0)
			s->missed = s->missed > 0 ? s->missed + lost : lost;
		else if (!s->missed)
			s->missed = -1;
	}
	s->page = page + m->lay.data_off;
	s->pos = 0;
	s->end = (unsigned int)size;
	return true;
}

/*
 * next_page - load pages (refilling the run when there is a refill) until one
 * has an event; false when the source is exhausted or failed
 */
static bool next_page(struct sf_pages *m, struct sf_pagesrc *s)
{
	for (;;) {
		if (s->off + m->lay.page_size > s->size) {
			const void *data;
			size_t size;
			int r;

			if (!m->refill || s->done)
				break;
			r = m->refill(m->ctx, (int)(s - m->src), &data, &size, m->err,
				      sizeof(m->err));
			if (r <= 0) {
				if (r < 0)
					m->err_src = (int)(s - m->src);
				s->done = true;
				break;
			}
			s->data = data;
			s->size = size;
			s->off = 0;
			continue;
		}
		s->run_page = s->off / m->lay.page_size;
		s->page_start = s->off;
		if (!load_page(m, s))
			return false;
		s->off += m->lay.page_size;
		if (next_event(m, s))
			return true;
		if (m->err[0])
			return false;
	}
	s->ev = NULL;
	return false;
}

/* advance - past the current event of @s, to the next one of any page */
static void advance(struct sf_pages *m, struct sf_pagesrc *s)
{
	if (!next_event(m, s) && !m->err[0])
		next_page(m, s);
}

int sf_pages_init(struct sf_pages *m, int nsrc, const struct sf_page_layout *lay)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->last = -1;
	m->err_src = -1;
	if (nsrc < 0 || lay->page_size < 64 || (lay->page_size & (lay->page_size - 1)) ||
	    (lay->commit_size != 4 && lay->commit_size != 8) ||
	    lay->commit_off + lay->commit_size > lay->data_off || lay->data_off < 8 ||
	    lay->data_off >= lay->page_size) {
		errno = EINVAL;
		return -1;
	}
	m->lay = *lay;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	m->swap = !lay->big_endian;
#else
	m->swap = lay->big_endian;
#endif
	m->src = calloc(nsrc ? (size_t)nsrc : 1, sizeof(*m->src));
	if (!m->src)
		return -1;
	m->n = nsrc;
	for (i = 0; i < nsrc; i++)
		m->src[i].cpu = i;
	return 0;
}

void sf_pages_layout_tep(struct sf_page_layout *lay, struct tep_handle *tep, unsigned int page_size)
{
	int lsize = tep_get_header_page_size(tep);

	memset(lay, 0, sizeof(*lay));
	lay->page_size = page_size;
	lay->commit_off = 8;
	lay->commit_size = lsize == 4 || lsize == 8 ? (unsigned int)lsize :
						      (unsigned int)sizeof(long);
	lay->data_off = 8 + lay->commit_size;
	lay->big_endian = tep_is_file_bigendian(tep);
}

void sf_pages_label(struct sf_pages *m, int src, int cpu, int buf)
{
	m->src[src].cpu = cpu;
	m->src[src].buf = buf;
}

void sf_pages_set_refill(struct sf_pages *m, sf_pages_refill_fn fn, void *ctx)
{
	m->refill = fn;
	m->ctx = ctx;
	sf_pages_reset(m);
}

/* prime - with a refill, every source starts by asking for its first run */
static void prime(struct sf_pages *m)
{
	int i;

	m->primed = true;
	for (i = 0; i < m->n && !m->err[0]; i++)
		next_page(m, &m->src[i]);
}

void sf_pages_load(struct sf_pages *m, int src, const void *data, size_t size)
{
	struct sf_pagesrc *s = &m->src[src];

	if (m->last == src)
		m->last = -1;
	s->data = data;
	s->size = size;
	s->off = 0;
	s->done = false;
	next_page(m, s);
}

void sf_pages_reset(struct sf_pages *m)
{
	int i;

	for (i = 0; i < m->n; i++) {
		struct sf_pagesrc *s = &m->src[i];

		s->data = NULL;
		s->size = 0;
		s->off = 0;
		s->ev = NULL;
		s->missed = 0;
		s->run_page = 0;
		s->done = false;
	}
	m->last = -1;
	m->err[0] = '\0';
	m->err_src = -1;
	m->err_page = false;
	m->primed = false;
}

bool sf_pages_next(struct sf_pages *m, struct tep_record *rec)
{
	struct sf_pagesrc *best = NULL;
	int i;

	if (m->refill && !m->primed)
		prime(m);
	if (m->last >= 0) {
		advance(m, &m->src[m->last]);
		m->last = -1;
	}
	if (m->err[0])
		return false;
	for (i = 0; i < m->n; i++) {
		struct sf_pagesrc *s = &m->src[i];

		if (s->ev && (!best || s->ev_ts < best->ev_ts))
			best = s;
	}
	if (!best)
		return false;
	memset(rec, 0, sizeof(*rec));
	rec->ts = best->ev_ts;
	rec->cpu = best->cpu;
	rec->data = (void *)best->ev;
	rec->size = (int)best->ev_size;
	rec->offset = best->page_start + m->lay.data_off + best->ev_hdr;
	rec->missed_events = best->missed;
	best->missed = 0;
	m->last = (int)(best - m->src);
	return true;
}

static unsigned int ev_word(const struct sf_pages *m, unsigned int type, unsigned int delta)
{
	return m->lay.big_endian ? type << 27 | delta : delta << 5 | type;
}

/* hdr_word - type_len and time delta of the event header at @e */
static void hdr_word(const struct sf_pages *m, const unsigned char *e, unsigned int *type,
		     unsigned int *delta)
{
	uint32_t w = rd32(m, e);

	*type = m->lay.big_endian ? w >> 27 : w & 31;
	*delta = m->lay.big_endian ? w & ((1U << 27) - 1) : w >> 5;
}

/* ev_len - the whole length of the event at @e, 0 if it cannot be told */
static unsigned int ev_len(const struct sf_pages *m, const unsigned char *e)
{
	unsigned int type, delta;

	hdr_word(m, e, &type, &delta);
	switch (type) {
	case 0:
		return rd32(m, e + 4) + 4;
	case TYPE_PADDING:
		return delta ? rd32(m, e + 4) + 4 : 0;
	case TYPE_TIME_EXTEND:
	case TYPE_TIME_STAMP:
		return 8;
	default:
		return 4 + type * 4;
	}
}

/*
 * take_ns - take one nanosecond from the first time delta from @e on in the
 * page (a data event, padding or time extend that has one), after a delta of
 * 1 was given to an event that had 0: the events after that one keep their
 * times. An absolute time stamp ends the search: nothing after it depends on
 * the deltas before it.
 */
static void take_ns(const struct sf_pages *m, unsigned char *e, const unsigned char *end)
{
	while (e + 8 <= end) {
		unsigned int type, delta, len = ev_len(m, e);
		unsigned long long ext;
		uint32_t w, a;

		hdr_word(m, e, &type, &delta);
		if (type == TYPE_TIME_STAMP || !len)
			return;
		if (type == TYPE_TIME_EXTEND) {
			ext = ((unsigned long long)rd32(m, e + 4) << 27) + delta;
			if (ext) {
				ext--;
				w = ev_word(m, TYPE_TIME_EXTEND,
					    (unsigned int)(ext & ((1U << 27) - 1)));
				a = (uint32_t)(ext >> 27);
				memcpy(e, &w, 4);
				memcpy(e + 4, &a, 4);
				return;
			}
		} else if (delta) {
			w = ev_word(m, type, delta - 1);
			memcpy(e, &w, 4);
			return;
		}
		e += len;
	}
}

int sf_pages_discard_at(struct sf_pages *m, unsigned char *page, unsigned int hoff)
{
	const unsigned int hsize = m->lay.data_off;
	unsigned long long commit, ts;
	unsigned int type, delta, len;
	unsigned char *e;
	uint32_t w;

	/* numbers are written back in this machine's order only */
	if (m->swap || hoff + 8 > m->lay.page_size)
		goto bad;
	commit = rdlong(m, page + m->lay.commit_off) & COMMIT_MASK;
	e = page + hoff;
	hdr_word(m, e, &type, &delta);
	if (hoff < hsize || hoff + 8 > hsize + commit || type > 28)
		goto bad;
	len = ev_len(m, e);
	if (len < 8 || hoff + len > hsize + commit)
		goto bad;
	/* padding with a zero delta would mean "the rest of the page is empty" */
	if (!delta) {
		delta = 1;
		if (hoff == hsize) {
			/* the first event: its time is the page's; move the page's back */
			memcpy(&ts, page, 8);
			ts--;
			memcpy(page, &ts, 8);
		} else {
			take_ns(m, e + len, page + hsize + commit);
		}
	}
	w = ev_word(m, TYPE_PADDING, delta);
	memcpy(e, &w, 4);
	w = len - 4;
	memcpy(e + 4, &w, 4);
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* wrlong - a kernel long at @p, in this machine's order */
static void wrlong(const struct sf_pages *m, unsigned char *p, unsigned long long v)
{
	uint32_t v32 = (uint32_t)v;

	if (m->lay.commit_size == 8)
		memcpy(p, &v, 8);
	else
		memcpy(p, &v32, 4);
}

int sf_pages_truncate_at(struct sf_pages *m, unsigned char *page, unsigned int hoff)
{
	const unsigned int hsize = m->lay.data_off;
	unsigned long long commit, size, lost = 0;

	if (m->swap || hoff < hsize || hoff > m->lay.page_size)
		goto bad;
	commit = rdlong(m, page + m->lay.commit_off);
	size = commit & COMMIT_MASK;
	if (hoff - hsize > size)
		goto bad;
	/* the count of lost events, when stored, follows the data: it moves with its end */
	if ((commit & MISSED_STORED) && hsize + size + m->lay.commit_size <= m->lay.page_size)
		lost = rdlong(m, page + hsize + size);
	size = hoff - hsize;
	wrlong(m, page + m->lay.commit_off, (commit & ~COMMIT_MASK) | size);
	if (commit & MISSED_STORED)
		wrlong(m, page + hsize + size, lost);
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int sf_pages_discard(struct sf_pages *m, const struct tep_record *rec)
{
	struct sf_pagesrc *s;

	if (m->refill || rec->cpu < 0 || rec->cpu >= m->n)
		goto bad;
	s = &m->src[rec->cpu];
	if (!s->data || rec->offset + 8 > s->size)
		goto bad;
	return sf_pages_discard_at(
		m, (unsigned char *)s->data + rec->offset / m->lay.page_size * m->lay.page_size,
		(unsigned int)(rec->offset % m->lay.page_size));
bad:
	errno = EINVAL;
	return -1;
}

/* set_delta - the time delta of the event header at @e (type kept) */
static void set_delta(const struct sf_pages *m, unsigned char *e, unsigned int type,
		      unsigned int delta)
{
	uint32_t w = ev_word(m, type, delta);

	memcpy(e, &w, 4);
}

/* set_time59 - the 59-bit time of a time extend or time stamp at @e */
static void set_time59(const struct sf_pages *m, unsigned char *e, unsigned int type,
		       unsigned long long t)
{
	uint32_t a = (uint32_t)((t >> 27) & 0xffffffffULL);

	set_delta(m, e, type, (unsigned int)(t & ((1U << 27) - 1)));
	memcpy(e + 4, &a, 4);
}

int sf_pages_retime(struct sf_pages *m, unsigned char *page, sf_retime_fn fn, void *ctx)
{
	const unsigned int room = m->lay.page_size - m->lay.data_off;
	const unsigned long long dmax = (1ULL << 27) - 1;
	unsigned long long size, t, now, want, d;
	unsigned int pos = 0, type, delta, len, end;
	unsigned char *p = page + m->lay.data_off;

	/* numbers are written back in this machine's order only */
	if (m->swap) {
		errno = EINVAL;
		return -1;
	}
	size = rdlong(m, page + m->lay.commit_off) & COMMIT_MASK;
	if (size > room) {
		errno = EINVAL;
		return -1;
	}
	t = rd64(m, page);
	/* a page of zeros (the rest of a drained buffer) has no time */
	if (!t && !size)
		return 0;
	now = fn(ctx, t);
	memcpy(page, &now, 8);
	end = (unsigned int)size;
	/*
	 * every event's new time is fn() of its old one; a delta that cannot
	 * hold it (negative, or too big for 27 bits: a drift of ppm across a
	 * delta of nearly 134 ms) is clamped, and the next event makes up
	 */
	while (end - pos >= 4) {
		hdr_word(m, p + pos, &type, &delta);
		switch (type) {
		case TYPE_PADDING:
			if (end - pos < 8 || rd32(m, p + pos + 4) > end - pos - 4)
				return 0; /* the rest of the page is empty */
			len = rd32(m, p + pos + 4);
			/* a padding of delta 0 marks no time; a discarded event's keeps one */
			if (delta) {
				t += delta;
				want = fn(ctx, t);
				d = want > now ? want - now : 0;
				d = d < 1 ? 1 : d > dmax ? dmax : d;
				set_delta(m, p + pos, type, (unsigned int)d);
				now += d;
			}
			pos += 4 + len;
			continue;
		case TYPE_TIME_EXTEND:
		case TYPE_TIME_STAMP:
			if (end - pos < 8)
				return 0;
			d = ((unsigned long long)rd32(m, p + pos + 4) << 27) + delta;
			if (type == TYPE_TIME_STAMP) {
				t = d | (t & TS_MSB);
				want = fn(ctx, t);
				now = (want & ~TS_MSB) | (now & TS_MSB);
				set_time59(m, p + pos, type, want & ~TS_MSB);
			} else {
				t += d;
				want = fn(ctx, t);
				d = want > now ? want - now : 0;
				set_time59(m, p + pos, type, d & ~TS_MSB);
				now += d & ~TS_MSB;
			}
			pos += 8;
			continue;
		case 0:
			if (end - pos < 8 || rd32(m, p + pos + 4) < 4)
				return 0;
			len = ((rd32(m, p + pos + 4) - 4 + 3) & ~3U) + 8;
			break;
		default:
			len = 4 + type * 4;
			break;
		}
		if (len > end - pos)
			return 0;
		t += delta;
		want = fn(ctx, t);
		d = want > now ? want - now : 0;
		d = d > dmax ? dmax : d;
		set_delta(m, p + pos, type, (unsigned int)d);
		now += d;
		pos += len;
	}
	return 0;
}

void sf_pages_free(struct sf_pages *m)
{
	free(m->src);
	memset(m, 0, sizeof(*m));
	m->last = -1;
	m->err_src = -1;
}
