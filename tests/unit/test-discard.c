// SPDX-License-Identifier: GPL-2.0
/*
 * sf-pages: records left out of a page become padding (as the kernel makes
 * of what its filter discards), and the records after them keep their
 * timestamps, as kbuffer (trace-cmd, KernelShark, sigftrace) reads them.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
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
	struct sf_merge m;
	int n = 0, i = 0;

	CU_ASSERT_EQUAL_FATAL(sf_merge_init(&m, 1, &lay), 0);
	sf_merge_load(&m, 0, page, PAGE);
	while (sf_merge_next(&m, &rec)) {
		if (i++ == drop) {
			CU_ASSERT_EQUAL(sf_merge_discard(&m, &rec), 0);
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
	sf_merge_free(&m);
	return n;
}

static void expect(const unsigned int *deltas, int n, int drop)
{
	unsigned char *page = malloc(PAGE);
	unsigned long long ts0[8], ts1[8], ts2[8];
	int idx0[8], idx1[8], idx2[8];
	int i, j, n1;

	build(page, deltas, n);
	CU_ASSERT_EQUAL(read_back(page, -1, ts0, idx0, 8), n);
	/* discard while reading, then read again: the record is gone, the others stay */
	CU_ASSERT_EQUAL(read_back(page, drop, ts1, idx1, 8), n - 1);
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
}

static void test_discard(void)
{
	static const unsigned int deltas[] = { 0, 10, 5, 0, 7 };
	int drop;

	/* every position: the first (delta 0: the page's time moves), same-time ones */
	for (drop = 0; drop < 5; drop++)
		expect(deltas, 5, drop);
}

int sf_unit_discard(void)
{
	CU_pSuite s = CU_add_suite("discarded records", NULL, NULL);

	if (!s || !CU_add_test(s, "discarded records become padding", test_discard))
		return -1;
	return 0;
}
