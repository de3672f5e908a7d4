// SPDX-License-Identifier: GPL-2.0
/*
 * sf-handover - where the start instance's last records are the main
 * instance's first ones
 */
#include <string.h>

#include "sf-handover.h"

/*
 * sf_handover_same - records @k + 1 of @b from @from on are @a's first ones, byte for
 * byte but for common_flags (struct trace_entry: u16 type, u8 flags, u8
 * preempt_count, int pid): each instance's write reads the irq and
 * need-resched state itself, and an interrupt between the two may change it
 */
bool sf_handover_same(const struct sf_ho_rec *b, size_t from, const struct sf_ho_rec *a, size_t k)
{
	size_t i;

	for (i = 0; i <= k; i++) {
		const struct sf_ho_rec *x = &b[from + i], *y = &a[i];
		const unsigned char *p = x->data, *q = y->data;

		if (x->size != y->size || x->size < 8 || memcmp(p, q, 2) ||
		    memcmp(p + 3, q + 3, (size_t)x->size - 3))
			return false;
	}
	return true;
}

/*
 * in_step - @b's events from @p on and @a's first ones, pair by pair, are
 * mostly (more than half of the pairs) closer in time than half of @gap
 */
static bool in_step(const struct sf_ho_rec *b, size_t nb, size_t p, const struct sf_ho_rec *a,
		    unsigned long long gap)
{
	unsigned long long d;
	size_t i, near = 0;

	for (i = 0; p + i < nb; i++) {
		d = b[p + i].ts > a[i].ts ? b[p + i].ts - a[i].ts : a[i].ts - b[p + i].ts;
		if (2 * d < gap)
			near++;
	}
	return 2 * near > nb - p;
}

long sf_handover_match(const struct sf_ho_rec *b, size_t nb, const struct sf_ho_rec *a, size_t na)
{
	unsigned long long t, gap = ~0ULL;
	long found = (long)nb, first = -1;
	size_t p, n = 0;

	if (!na)
		return (long)nb;
	t = a[0].ts;
	for (p = 0; p < nb; p++) {
		if (b[p].ts + SF_HO_NEAR_NS < t || b[p].ts > t + SF_HO_NEAR_NS ||
		    !sf_handover_same(b, p, a, 0))
			continue;
		if (first < 0)
			first = (long)p;
		/* (the start instance's events after @p are all in the main one) */
		if (nb - p <= na && sf_handover_same(b, p, a, nb - p - 1))
			n++;
	}
	if (first < 0)
		return (long)nb;
	if (!n)
		return -1;
	for (p = (size_t)first + 1; p < nb; p++) {
		if (b[p].ts - b[p - 1].ts < gap)
			gap = b[p].ts - b[p - 1].ts;
	}
	n = 0;
	for (p = (size_t)first; p < nb; p++) {
		if (nb - p <= na && sf_handover_same(b, p, a, nb - p - 1) &&
		    in_step(b, nb, p, a, gap)) {
			found = (long)p;
			n++;
		}
	}
	return n == 1 ? found : -1;
}
