/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-handover - the start instance's records and the main instance's, side
 * by side: where one's last ones are the other's first (sf-source-live's
 * hand-over at a launch).
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_HANDOVER_H
#define SF_HANDOVER_H

#include <stdbool.h>
#include <stddef.h>

/* events of one instance and of the other this close in time may be one event's two copies */
#define SF_HO_NEAR_NS 1000000ULL

/* One record of a CPU's pages: where its header is, its payload, its time. */
struct sf_ho_rec {
	unsigned long long off;
	unsigned long long ts;
	const void *data;
	int size;
};

/**
 * sf_handover_match() - where no mark could be made on a CPU: the place in the
 * start instance's last records @b (@nb) from which all of them are the
 * main instance's first ones @a (@na), byte for byte but for common_flags
 *
 * The same events over and over (a signal sent in a loop) match at several
 * places: there the times decide. One event's two times (one per instance,
 * written one after the other) are closer than half the smallest gap
 * between two records of @b from the first candidate on, but for an event
 * whose second write an interrupt held back (tens of microseconds, seen
 * under load); at any other place every pair is about a gap or more apart.
 * So the place whose pairs are mostly that close is taken, if it is the
 * only one.
 * Return: the place; @nb if @a's first record is nowhere in @b (it came
 * after the start instance stopped: then so did every record of the main
 * one, none is in @b); -1 if it cannot be told.
 */
long sf_handover_match(const struct sf_ho_rec *b, size_t nb, const struct sf_ho_rec *a, size_t na);

/**
 * sf_handover_same() - records @k + 1 of @b from @from on are @a's first
 * ones, byte for byte but for common_flags
 */
bool sf_handover_same(const struct sf_ho_rec *b, size_t from, const struct sf_ho_rec *a, size_t k);

#endif /* SF_HANDOVER_H */
