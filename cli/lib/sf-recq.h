/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-recq - records held back in time order, each with a copy of its
 * payload: a stream's events newer than what every CPU has surely given,
 * kept for the next batch (sf-source-live).
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_RECQ_H
#define SF_RECQ_H

#include <stddef.h>

#include <event-parse.h>

struct sf_recq {
	struct tep_record *r;
	size_t *off; /* each payload's place in @buf */
	size_t n, cap;
	size_t at; /* records before it are taken */
	unsigned char *buf;
	size_t len, bcap;
};

/**
 * sf_recq_push() - append a copy of @rec and of its payload; records are
 * pushed in time order. Payload pointers are set by sf_recq_merge().
 */
void sf_recq_push(struct sf_recq *q, const struct tep_record *rec);

/**
 * sf_recq_merge() - @dst (emptied first) gets @a's records not taken and
 * all of @b's, in time order (@a's first where times are equal), each
 * payload pointer into @dst; @a and @b are emptied (their memory kept)
 */
void sf_recq_merge(struct sf_recq *dst, struct sf_recq *a, struct sf_recq *b);

/**
 * sf_recq_peek() - the oldest record not taken (q->at++ takes it)
 * Return: NULL when there is none.
 */
static inline const struct tep_record *sf_recq_peek(const struct sf_recq *q)
{
	return q->at < q->n ? &q->r[q->at] : NULL;
}

void sf_recq_free(struct sf_recq *q);

#endif /* SF_RECQ_H */
