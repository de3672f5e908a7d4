// SPDX-License-Identifier: GPL-2.0
/*
 * The queue of records a stream holds back for its next batch (sf-recq):
 * copies of the records and their payloads, merged in time order.
 */
#include <string.h>

#include "unit.h"
#include "sf-recq.h"

/* push_one - a record at @ts on @cpu whose payload is @size bytes of @fill */
static void push_one(struct sf_recq *q, unsigned long long ts, int cpu, int size, int fill)
{
	unsigned char payload[512];
	struct tep_record rec;

	memset(&rec, 0, sizeof(rec));
	memset(payload, fill, sizeof(payload));
	rec.ts = ts;
	rec.cpu = cpu;
	rec.size = size;
	rec.data = payload;
	sf_recq_push(q, &rec);
	/* the queue holds a copy: the caller's buffer is reused at once */
	memset(payload, 0xee, sizeof(payload));
}

/* payload_is - @rec's payload is @size bytes of @fill */
static bool payload_is(const struct tep_record *rec, int size, int fill)
{
	const unsigned char *p = rec->data;
	int i;

	if (rec->size != size || (size && !p))
		return false;
	for (i = 0; i < size; i++) {
		if (p[i] != (unsigned char)fill)
			return false;
	}
	return true;
}

/* take_all - every record not taken of @q, their times in @ts; how many */
static size_t take_all(struct sf_recq *q, unsigned long long *ts, size_t max)
{
	const struct tep_record *r;
	size_t n = 0;

	while ((r = sf_recq_peek(q)) && n < max) {
		ts[n++] = r->ts;
		q->at++;
	}
	return n;
}

static void test_merge_order(void)
{
	struct sf_recq a = { 0 }, b = { 0 }, dst = { 0 };
	unsigned long long ts[16];
	const struct tep_record *r;

	push_one(&a, 100, 0, 8, 0x10);
	push_one(&a, 200, 0, 12, 0x11);
	push_one(&a, 300, 0, 4, 0x12);
	push_one(&a, 500, 0, 0, 0x13);
	push_one(&b, 150, 1, 16, 0x20);
	push_one(&b, 300, 1, 8, 0x21);
	push_one(&b, 400, 1, 20, 0x22);
	/* the oldest of @a was taken by the batch before */
	a.at = 1;
	sf_recq_merge(&dst, &a, &b);
	CU_ASSERT_EQUAL(dst.n, 6);
	/* equal times: the one held back before (@a) first */
	r = sf_recq_peek(&dst);
	CU_ASSERT_EQUAL(r->ts, 150);
	CU_ASSERT(payload_is(r, 16, 0x20));
	dst.at++;
	CU_ASSERT(payload_is(sf_recq_peek(&dst), 12, 0x11));
	dst.at++;
	r = sf_recq_peek(&dst);
	CU_ASSERT(r->ts == 300 && r->cpu == 0 && payload_is(r, 4, 0x12));
	dst.at++;
	r = sf_recq_peek(&dst);
	CU_ASSERT(r->ts == 300 && r->cpu == 1 && payload_is(r, 8, 0x21));
	dst.at++;
	CU_ASSERT(payload_is(sf_recq_peek(&dst), 20, 0x22));
	dst.at++;
	r = sf_recq_peek(&dst);
	CU_ASSERT(r->ts == 500 && payload_is(r, 0, 0));
	dst.at++;
	CU_ASSERT_PTR_NULL(sf_recq_peek(&dst));
	/* both sources are emptied, their memory kept for the next batch */
	CU_ASSERT(a.n == 0 && a.at == 0 && a.len == 0 && a.cap > 0);
	CU_ASSERT(b.n == 0 && b.at == 0 && b.len == 0 && b.cap > 0);
	CU_ASSERT_PTR_NULL(sf_recq_peek(&a));

	/* merged again into a queue that held records: it is emptied first */
	push_one(&a, 600, 0, 8, 0x30);
	sf_recq_merge(&dst, &a, &b);
	CU_ASSERT_EQUAL(take_all(&dst, ts, 16), 1);
	CU_ASSERT_EQUAL(ts[0], 600);
	CU_ASSERT(payload_is(&dst.r[0], 8, 0x30));
	/* nothing on either side */
	sf_recq_merge(&dst, &a, &b);
	CU_ASSERT_PTR_NULL(sf_recq_peek(&dst));
	sf_recq_free(&a);
	sf_recq_free(&b);
	sf_recq_free(&dst);
	CU_ASSERT(dst.r == NULL && dst.buf == NULL && dst.n == 0);
}

/* many records and payloads: every array grows, every payload pointer follows */
static void test_merge_growth(void)
{
	struct sf_recq a = { 0 }, b = { 0 }, dst = { 0 };
	const struct tep_record *r;
	unsigned long long last = 0;
	size_t i, n = 0;
	bool ok = true;

	for (i = 0; i < 1000; i++) {
		push_one(&a, 10 * i + 5, 0, 300, (int)(i & 0x7f));
		push_one(&b, 10 * i, 1, 200, (int)(0x80 | (i & 0x7f)));
	}
	CU_ASSERT(a.bcap >= 300000 && a.cap >= 1000);
	sf_recq_merge(&dst, &a, &b);
	CU_ASSERT_EQUAL(dst.n, 2000);
	while ((r = sf_recq_peek(&dst))) {
		i = n / 2;
		if (r->ts < last || r->cpu != (int)(n & 1 ? 0 : 1) ||
		    !(n & 1 ? payload_is(r, 300, (int)(i & 0x7f)) :
			      payload_is(r, 200, (int)(0x80 | (i & 0x7f)))))
			ok = false;
		last = r->ts;
		dst.at++;
		n++;
	}
	CU_ASSERT(ok);
	CU_ASSERT_EQUAL(n, 2000);
	sf_recq_free(&a);
	sf_recq_free(&b);
	sf_recq_free(&dst);
}

int sf_unit_recq(void)
{
	CU_pSuite s = CU_add_suite("records held for the next batch", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "merge in time order, the held ones first at equal times",
			 test_merge_order) ||
	    !CU_add_test(s, "payloads follow the queue's growth", test_merge_growth))
		return -1;
	return 0;
}
