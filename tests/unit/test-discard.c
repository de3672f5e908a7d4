// SPDX-License-Identifier: GPL-2.0
/*
 * sf-pages: records left out of a page become padding (as the kernel makes
 * of what its filter discards), and the records after them keep their
 * timestamps, as kbuffer (trace-cmd, KernelShark, sigftrace) reads them.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "sf-clockmap.h"
#include "sf-datfmt.h"
#include "sf-pages.h"

#define PAGE 4096
#define HDR (8 + sizeof(long)) /* this machine's kernel long */

/* word - an event header: type_len and time delta, in this machine's order */
static unsigned int word(unsigned int type, unsigned int delta)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return type << 27 | delta;
#else
	return delta << 5 | type;
#endif
}

/* build - one page at time 1000: events of 8-byte payloads carrying their index */
static void build(unsigned char *page, const unsigned int *deltas, int n)
{
	unsigned long long ts = 1000;
	unsigned long commit = 0;
	int i;

	memset(page, 0, PAGE);
	memcpy(page, &ts, 8);
	for (i = 0; i < n; i++) {
		unsigned int w = word(2, deltas[i]);
		unsigned long long payload = (unsigned long long)i;

		memcpy(page + HDR + commit, &w, 4);
		memcpy(page + HDR + commit + 4, &payload, 8);
		commit += 12;
	}
	memcpy(page + 8, &commit, sizeof(long));
}

/*
 * read_back - the records of @page: payload index and timestamp each;
 * with @drop >= 0, record number @drop is discarded on the way
 */
static int read_back(unsigned char *page, int drop, unsigned long long *ts, int *idx, int max)
{
	struct sf_page_layout lay = { PAGE, 8, (unsigned int)sizeof(long), (unsigned int)HDR,
				      __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ };
	struct tep_record rec;
	struct sf_pages m;
	int n = 0, i = 0;

	CU_ASSERT_EQUAL_FATAL(sf_pages_init(&m, 1, &lay), 0);
	sf_pages_load(&m, 0, page, PAGE);
	while (sf_pages_next(&m, &rec)) {
		if (i++ == drop) {
			CU_ASSERT_EQUAL(sf_pages_discard(&m, &rec), 0);
			continue;
		}
		if (n < max) {
			unsigned long long v;

			memcpy(&v, rec.data, 8);
			idx[n] = (int)v;
			ts[n] = rec.ts;
		}
		n++;
	}
	CU_ASSERT_STRING_EQUAL(m.err, "");
	sf_pages_free(&m);
	return n;
}

/*
 * discard_copy - sf_pages_discard_at() of record number @drop on @copy, a
 * copy of @page made before @page is read (the way a saved page is changed
 * once its window has moved on)
 */
static void discard_copy(unsigned char *page, unsigned char *copy, int drop)
{
	struct sf_page_layout lay = { PAGE, 8, (unsigned int)sizeof(long), (unsigned int)HDR,
				      __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ };
	unsigned int hoff = 0;
	struct tep_record rec;
	struct sf_pages m;
	int i = 0;

	memcpy(copy, page, PAGE);
	CU_ASSERT_EQUAL_FATAL(sf_pages_init(&m, 1, &lay), 0);
	sf_pages_load(&m, 0, page, PAGE);
	while (sf_pages_next(&m, &rec))
		if (i++ == drop)
			hoff = (unsigned int)rec.offset;
	sf_pages_free(&m);
	CU_ASSERT_FATAL(hoff >= HDR);
	CU_ASSERT_EQUAL_FATAL(sf_pages_init(&m, 1, &lay), 0);
	CU_ASSERT_EQUAL(sf_pages_discard_at(&m, copy, hoff), 0);
	/* not an event header: refused */
	CU_ASSERT_EQUAL(sf_pages_discard_at(&m, copy, 3), -1);
	sf_pages_free(&m);
}

static void expect(const unsigned int *deltas, int n, int drop)
{
	unsigned char *page = malloc(PAGE);
	unsigned char *copy = malloc(PAGE);
	unsigned long long ts0[8], ts1[8], ts2[8];
	int idx0[8], idx1[8], idx2[8];
	int i, j, n1;

	build(page, deltas, n);
	discard_copy(page, copy, drop);
	CU_ASSERT_EQUAL(read_back(page, -1, ts0, idx0, 8), n);
	/* discard while reading, then read again: the record is gone, the others stay */
	CU_ASSERT_EQUAL(read_back(page, drop, ts1, idx1, 8), n - 1);
	/* the same bytes as a discard on a copy of the page */
	CU_ASSERT(!memcmp(page, copy, PAGE));
	n1 = read_back(page, -1, ts2, idx2, 8);
	CU_ASSERT_EQUAL(n1, n - 1);
	for (i = 0, j = 0; i < n && j < n1; i++) {
		if (i == drop)
			continue;
		CU_ASSERT_EQUAL(idx2[j], idx0[i]);
		CU_ASSERT_EQUAL(ts2[j], ts0[i]);
		j++;
	}
	free(page);
	free(copy);
}

static void test_discard(void)
{
	static const unsigned int deltas[] = { 0, 10, 5, 0, 7 };
	int drop;

	/* every position: the first (delta 0: the page's time moves), same-time ones */
	for (drop = 0; drop < 5; drop++)
		expect(deltas, 5, drop);
}

/* put - a u32 at @off of @page */
static void put(unsigned char *page, unsigned int off, unsigned int v)
{
	memcpy(page + off, &v, 4);
}

/* drift - 500 ns later and 1% faster: a trace clock seen from CLOCK_MONOTONIC */
static unsigned long long drift(void *ctx, unsigned long long t)
{
	(void)ctx;
	return t + 500 + t / 100;
}

/* jump - the clocks part by 2^27 ns at 5000: no 27-bit delta holds that */
static unsigned long long jump(void *ctx, unsigned long long t)
{
	(void)ctx;
	return t < 5000 ? t : t + (1ULL << 27);
}

/* times - the timestamps of the records of @page (at most @max) */
static int times(unsigned char *page, unsigned long long *ts, int max)
{
	struct sf_page_layout lay = { PAGE, 8, (unsigned int)sizeof(long), (unsigned int)HDR,
				      __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ };
	struct tep_record rec;
	struct sf_pages m;
	int n = 0;

	CU_ASSERT_EQUAL_FATAL(sf_pages_init(&m, 1, &lay), 0);
	sf_pages_load(&m, 0, page, PAGE);
	while (sf_pages_next(&m, &rec))
		if (n < max)
			ts[n++] = rec.ts;
	CU_ASSERT_STRING_EQUAL(m.err, "");
	sf_pages_free(&m);
	return n;
}

/*
 * test_retime - every kind of time the page holds moves with the clock:
 * data events, a discarded event's padding, a time extend, an absolute
 * time stamp; a delta too small for the jump is made up by the next one
 */
static void test_retime(void)
{
	struct sf_page_layout lay = { PAGE, 8, (unsigned int)sizeof(long), (unsigned int)HDR,
				      __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ };
	unsigned char *page = calloc(1, PAGE);
	unsigned char *copy = malloc(PAGE);
	unsigned long long before[16], after[16], base = 1000, ext = (1ULL << 28) + 77;
	unsigned long long abs = 900000000ULL;
	unsigned int off = HDR;
	unsigned long commit;
	struct sf_pages m;
	int n, i;

	memcpy(page, &base, 8);
	put(page, off, word(2, 0)); /* data, at the page's time */
	off += 12;
	put(page, off, word(2, 5));
	off += 12;
	put(page, off, word(29, 3)); /* a discarded event: padding that keeps its delta */
	put(page, off + 4, 8);
	off += 12;
	put(page, off, word(30, (unsigned int)(ext & ((1U << 27) - 1)))); /* time extend */
	put(page, off + 4, (unsigned int)(ext >> 27));
	off += 8;
	put(page, off, word(2, 0));
	off += 12;
	put(page, off, word(2, 7));
	off += 12;
	put(page, off, word(31, (unsigned int)(abs & ((1U << 27) - 1)))); /* time stamp */
	put(page, off + 4, (unsigned int)(abs >> 27));
	off += 8;
	put(page, off, word(2, 2));
	off += 12;
	commit = off - HDR;
	memcpy(page + 8, &commit, sizeof(long));
	memcpy(copy, page, PAGE);

	n = times(page, before, 16);
	CU_ASSERT_EQUAL_FATAL(n, 5);
	CU_ASSERT_EQUAL(before[2], 1005 + 3 + ext);
	CU_ASSERT_EQUAL(before[4], abs + 2);
	CU_ASSERT_EQUAL_FATAL(sf_pages_init(&m, 1, &lay), 0);
	CU_ASSERT_EQUAL(sf_pages_retime(&m, page, drift, NULL), 0);
	CU_ASSERT_EQUAL(times(page, after, 16), n);
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(after[i], drift(NULL, before[i]));

	/* a 27-bit delta cannot hold the jump: the padding after it makes up */
	memcpy(page, copy, PAGE);
	base = 4996;
	memcpy(page, &base, 8);
	n = times(page, before, 16);
	CU_ASSERT_EQUAL(sf_pages_retime(&m, page, jump, NULL), 0);
	CU_ASSERT_EQUAL(times(page, after, 16), n);
	CU_ASSERT_EQUAL(after[0], before[0]); /* 4996: before the jump */
	CU_ASSERT(after[1] < jump(NULL, before[1])); /* clamped */
	for (i = 2; i < n; i++)
		CU_ASSERT_EQUAL(after[i], jump(NULL, before[i]));
	sf_pages_free(&m);
	free(page);
	free(copy);
}

/*
 * test_clockmap - samples map trace time onto CLOCK_MONOTONIC: offsets
 * outside them, the line through two of them inside, never backwards
 */
static void test_clockmap(void)
{
	struct sf_clockmap m = { 0 };
	unsigned long long t, prev = 0;

	CU_ASSERT_EQUAL(sf_clockmap_mono(&m, 1234), 1234); /* no samples: as it is */
	sf_clockmap_add(&m, 1000000, 5000000);
	CU_ASSERT_EQUAL(sf_clockmap_mono(&m, 0), 4000000);
	CU_ASSERT_EQUAL(sf_clockmap_mono(&m, 3000000), 7000000);
	/* mono runs 100 ppm fast over the next 10 s */
	sf_clockmap_add(&m, 10001000000ULL, 10005000000ULL + 1000000);
	sf_clockmap_add(&m, 9000000000ULL, 1); /* back in time: ignored */
	CU_ASSERT_EQUAL(m.n, 2);
	CU_ASSERT_EQUAL(sf_clockmap_mono(&m, 1000000), 5000000);
	CU_ASSERT_EQUAL(sf_clockmap_mono(&m, 5001000000ULL), 5005000000ULL + 500000);
	CU_ASSERT_EQUAL(sf_clockmap_mono(&m, 10001000000ULL), 10006000000ULL);
	CU_ASSERT_EQUAL(sf_clockmap_mono(&m, 20001000000ULL), 20006000000ULL);
	for (t = 0; t < 30000000000ULL; t += 7777777) {
		unsigned long long v = sf_clockmap_mono(&m, t);

		CU_ASSERT(v >= prev);
		prev = v;
	}
	CU_ASSERT_EQUAL(sf_clockmap_fn(&m, 1000000), 5000000);
	sf_clockmap_free(&m);
	CU_ASSERT_EQUAL(m.n, 0);
}

/* test_stats_now - the trace clock's time in a per_cpu stats text */
static void test_stats_now(void)
{
	/* as kernel 6.18 writes it (a nanosecond clock: microseconds shown) */
	const char *ns_clock = "entries: 0\noverrun: 0\ncommit overrun: 0\nbytes: 0\n"
			       "oldest event ts:     0.000000\nnow ts: 12947.123864\n"
			       "dropped events: 0\nread events: 0\n";
	unsigned long long ns = 1;

	CU_ASSERT_EQUAL(sf_stats_now(ns_clock, &ns), 0);
	CU_ASSERT_EQUAL(ns, 12947123864000ULL);
	/* a counter clock (no fraction), no line, a fraction out of range */
	CU_ASSERT_EQUAL(sf_stats_now("entries: 0\nnow ts: 98765\n", &ns), -1);
	CU_ASSERT_EQUAL(sf_stats_now("entries: 0\n", &ns), -1);
	CU_ASSERT_EQUAL(sf_stats_now("x\nnow ts: 1.1000000\n", &ns), -1);
	CU_ASSERT_EQUAL(ns, 12947123864000ULL);
}

int sf_unit_discard(void)
{
	CU_pSuite s = CU_add_suite("rewritten pages: discarded records, other clocks", NULL, NULL);

	if (!s || !CU_add_test(s, "discarded records become padding", test_discard) ||
	    !CU_add_test(s, "page times moved to another clock", test_retime) ||
	    !CU_add_test(s, "a trace clock seen from CLOCK_MONOTONIC", test_clockmap) ||
	    !CU_add_test(s, "the trace clock's time in a stats text", test_stats_now))
		return -1;
	return 0;
}
