/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-clockmap - a trace clock seen from CLOCK_MONOTONIC.
 *
 * sigftrace traces with the instance's own clock (switching trace_clock
 * costs an RCU grace period, 15 to 35 ms before the first event) and shows
 * CLOCK_MONOTONIC times: samples taken while tracing pair a trace time with
 * a monotonic one, and a time between two samples is mapped by the line
 * through them (the clocks drift apart by parts per million: NTP slews
 * CLOCK_MONOTONIC, not sched_clock), before the first and after the last by
 * the nearest sample's offset.
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_CLOCKMAP_H
#define SF_CLOCKMAP_H

#include <stddef.h>

struct sf_clock_sample {
	unsigned long long trace_ns;
	unsigned long long mono_ns;
};

struct sf_clockmap {
	struct sf_clock_sample *s;
	size_t n;
	size_t cap;
};

/**
 * sf_clockmap_add() - a sample: @trace_ns of the trace clock is @mono_ns of
 * CLOCK_MONOTONIC. Samples come in time order; one that goes back in
 * either clock is ignored.
 */
void sf_clockmap_add(struct sf_clockmap *m, unsigned long long trace_ns,
		     unsigned long long mono_ns);

/**
 * sf_clockmap_mono() - CLOCK_MONOTONIC time of trace time @t; @t itself
 * without samples. Non-decreasing in @t.
 */
unsigned long long sf_clockmap_mono(const struct sf_clockmap *m, unsigned long long t);

/* sf_clockmap_fn() - sf_clockmap_mono() as a callback (@ctx: the map) */
unsigned long long sf_clockmap_fn(void *ctx, unsigned long long t);

void sf_clockmap_free(struct sf_clockmap *m);

#endif /* SF_CLOCKMAP_H */
