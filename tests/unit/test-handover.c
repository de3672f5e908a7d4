// SPDX-License-Identifier: GPL-2.0
/*
 * The hand-over from the start instance on a CPU where no mark could be made
 * (sf-source-live): where the start instance's last records are the main
 * instance's first ones, told by content and, for repeated events, by time.
 */
#include <string.h>

#include "unit.h"
#include "sf-handover.h"

#define NB 40 /* the start instance's records */
#define CUT 30 /* the main instance was turned on before the start one's 31st */
#define NA 30 /* the main instance's records read */

/* a record's payload: struct trace_entry (type, flags, preempt_count, pid), then sig and a sender */
struct payload {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt;
	int pid;
	int sig;
	int sender;
};

static struct payload pb[NB], pa[NA];
static struct sf_ho_rec b[NB], a[NA];

/*
 * build - a signal every 20 or 25 us cycling through 3 signals (so that the
 * content alone matches at every third place), the main instance's copies
 * written @delay_ns after the start instance's
 */
static void build(unsigned long long delay_ns)
{
	unsigned long long ts = 5000000000ULL;
	int i;

	memset(pb, 0, sizeof(pb));
	memset(pa, 0, sizeof(pa));
	for (i = 0; i < NB; i++) {
		pb[i] = (struct payload){ 7, 0, 1, 4242, 34 + i % 3, 4242 };
		b[i] = (struct sf_ho_rec){ (unsigned long long)i * 32, ts, &pb[i], sizeof(pb[i]) };
		ts += i % 2 ? 20000 : 25000;
	}
	for (i = 0; i < NA; i++) {
		if (CUT + i < NB) {
			pa[i] = pb[CUT + i];
			a[i] = b[CUT + i];
			a[i].ts += delay_ns;
		} else {
			/* (another sender's: nowhere in the start instance) */
			pa[i] = (struct payload){ 7, 0, 1, 5151, 34 + (CUT + i) % 3, 5151 };
			a[i] = (struct sf_ho_rec){ 0, ts, NULL, sizeof(pa[i]) };
			ts += 20000;
		}
		a[i].data = &pa[i];
	}
}

static void test_place(void)
{
	build(300);
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, NA), CUT);
	/* common_flags may differ: each write reads the irq state itself */
	pa[2].flags = 0x5;
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, NA), CUT);
	/* a main instance that has read fewer records than the overlap cannot tell */
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, 5), -1);
}

/* an interrupt between the two writes of one event holds the second back */
static void test_held_back(void)
{
	build(300);
	a[3].ts += 35000;
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, NA), CUT);
	a[7].ts += 31000;
	a[0].ts += 1700;
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, NA), CUT);
	/* most of the pairs off: not told */
	build(12000);
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, NA), -1);
}

static void test_not_found(void)
{
	/* the main instance's first record came after the start one stopped */
	build(300);
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a + (NB - CUT), NA - (NB - CUT)), NB);
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, 0), NB);
	/* a record of the start instance that the main one does not have */
	pa[4].sender = 99;
	CU_ASSERT_EQUAL(sf_handover_match(b, NB, a, NA), -1);
}

int sf_unit_handover(void)
{
	CU_pSuite s = CU_add_suite("hand-over without a mark", NULL, NULL);

	if (!s || !CU_add_test(s, "the place where both instances hold the same", test_place) ||
	    !CU_add_test(s, "one event's second write held back", test_held_back) ||
	    !CU_add_test(s, "nothing in common, or a mismatch", test_not_found))
		return -1;
	return 0;
}
