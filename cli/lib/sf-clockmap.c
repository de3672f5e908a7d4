// SPDX-License-Identifier: GPL-2.0
/*
 * sf-clockmap - a trace clock seen from CLOCK_MONOTONIC (see sf-clockmap.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sf-clockmap.h"
#include "sf-util.h"

void sf_clockmap_add(struct sf_clockmap *m, unsigned long long trace_ns, unsigned long long mono_ns)
{
	if (m->n && (trace_ns <= m->s[m->n - 1].trace_ns || mono_ns < m->s[m->n - 1].mono_ns))
		return;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->s = sf_xrealloc(m->s, m->cap * sizeof(*m->s));
	}
	m->s[m->n].trace_ns = trace_ns;
	m->s[m->n].mono_ns = mono_ns;
	m->n++;
}

/* shift - @t moved by sample @s's offset */
static unsigned long long shift(const struct sf_clock_sample *s, unsigned long long t)
{
	return t + (s->mono_ns - s->trace_ns);
}

unsigned long long sf_clockmap_mono(const struct sf_clockmap *m, unsigned long long t)
{
	const struct sf_clock_sample *a, *b;
	unsigned long long span, into;
	long long drift;
	size_t lo = 0, hi;

	if (!m->n)
		return t;
	if (t <= m->s[0].trace_ns)
		return shift(&m->s[0], t);
	if (t >= m->s[m->n - 1].trace_ns)
		return shift(&m->s[m->n - 1], t);
	/* the last sample at or before t */
	hi = m->n - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->s[mid].trace_ns <= t)
			lo = mid;
		else
			hi = mid;
	}
	a = &m->s[lo];
	b = &m->s[lo + 1];
	span = b->trace_ns - a->trace_ns;
	into = t - a->trace_ns;
	/* how far the clocks drifted apart between the samples, in proportion */
	drift = (long long)(b->mono_ns - a->mono_ns) - (long long)span;
	return a->mono_ns + into + (long long)((double)into * (double)drift / (double)span);
}

unsigned long long sf_clockmap_fn(void *ctx, unsigned long long t)
{
	return sf_clockmap_mono(ctx, t);
}

void sf_clockmap_free(struct sf_clockmap *m)
{
	free(m->s);
	memset(m, 0, sizeof(*m));
}
