// SPDX-License-Identifier: GPL-2.0
/*
 * sf-recq - records held back in time order, their payloads copied
 */
#include <stdlib.h>
#include <string.h>

#include "sf-recq.h"
#include "sf-util.h"

void sf_recq_push(struct sf_recq *q, const struct tep_record *rec)
{
	size_t size = rec->size > 0 ? (size_t)rec->size : 0;

	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 256;
		q->r = sf_xrealloc(q->r, q->cap * sizeof(*q->r));
		q->off = sf_xrealloc(q->off, q->cap * sizeof(*q->off));
	}
	if (q->len + size > q->bcap) {
		while (q->len + size > q->bcap)
			q->bcap = q->bcap ? 2 * q->bcap : 16384;
		q->buf = sf_xrealloc(q->buf, q->bcap);
	}
	if (size)
		memcpy(q->buf + q->len, rec->data, size);
	q->r[q->n] = *rec;
	q->r[q->n].data = NULL;
	q->off[q->n++] = q->len;
	q->len += size;
}

/* empty - no record, the memory kept */
static void empty(struct sf_recq *q)
{
	q->n = q->at = q->len = 0;
}

/* take - @q's next record onto @dst */
static void take(struct sf_recq *dst, struct sf_recq *q)
{
	struct tep_record rec = q->r[q->at];

	rec.data = q->buf + q->off[q->at];
	q->at++;
	sf_recq_push(dst, &rec);
}

void sf_recq_merge(struct sf_recq *dst, struct sf_recq *a, struct sf_recq *b)
{
	size_t i;

	empty(dst);
	b->at = 0;
	while (a->at < a->n || b->at < b->n) {
		if (b->at >= b->n || (a->at < a->n && a->r[a->at].ts <= b->r[b->at].ts))
			take(dst, a);
		else
			take(dst, b);
	}
	for (i = 0; i < dst->n; i++)
		dst->r[i].data = dst->buf + dst->off[i];
	empty(a);
	empty(b);
}

void sf_recq_free(struct sf_recq *q)
{
	free(q->r);
	free(q->off);
	free(q->buf);
	memset(q, 0, sizeof(*q));
}
