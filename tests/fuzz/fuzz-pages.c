// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-pages - ring-buffer pages as a file or a previous boot's buffer holds
 * them, through the page merger and the event pipeline: the page headers
 * and event headers (sf-pages' own decoder), each record's fields (the
 * renderer's decode, the task events and sigftrace's markers), and the way
 * extract and persist rewrite the pages (records left out become padding).
 *
 * Input: one byte of options (bit 0 big endian, bit 1 a 32-bit kernel's
 * page header, bits 2-3 the number of CPUs - 1, bit 4 the save passes
 * instead of report's output, bit 5 JSON, bit 6 kernel threads shown), then the pages of the CPUs one
 * after the other (the data is padded to whole 4 KiB pages and split
 * evenly).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sf-pages.h"
#include "sf-pipeline.h"
#include "sigftrace-signames.h"

#define PAGE 4096
#define MAX_PAGES 64

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("report");
	return 0;
}

struct drop {
	struct sf_pages *m;
	int err;
};

/* a held signal turned out hidden, as in sf-save's second pass */
static void drop_held(void *ctx, int cpu, unsigned long long off)
{
	struct drop *d = ctx;
	struct tep_record rec = { .cpu = cpu, .offset = off };

	if (sf_pages_discard(d->m, &rec))
		d->err = errno;
}

/* one pass over the pages in time order, as sf-save's scan() */
static void pass(struct tep_handle *tep, unsigned char *pages, size_t npages, int ncpus,
		 struct sf_pipeline *p, struct drop *d)
{
	size_t per = npages / (size_t)ncpus;
	struct sf_page_layout lay;
	struct tep_record rec;
	struct sf_pages m;
	int i;

	sf_pages_layout_tep(&lay, tep, PAGE);
	if (sf_pages_init(&m, ncpus, &lay))
		return;
	for (i = 0; i < ncpus; i++) {
		size_t n = i == ncpus - 1 ? npages - per * (size_t)(ncpus - 1) : per;

		sf_pages_load(&m, i, pages + per * (size_t)i * PAGE, n * PAGE);
	}
	if (d) {
		d->m = &m;
		p->drop = drop_held;
		p->drop_ctx = d;
	}
	while (sf_pages_next(&m, &rec) && !(d && d->err)) {
		if (!sf_pipeline_record(p, &rec) && d && sf_pages_discard(&m, &rec))
			d->err = errno;
	}
	sf_pipeline_finish(p);
	p->drop = NULL;
	sf_pages_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sigftrace_arch *arch = sigftrace_arch_host();
	struct sf_out_conf conf = { .arch = arch, .fd = 1 };
	struct sf_pipeline p;
	struct tep_handle *tep;
	struct sf_boot_info marks;
	struct sf_comms *initial, *first;
	struct drop d = { 0 };
	unsigned char *pages;
	unsigned int opt;
	size_t npages;
	int ncpus;

	if (!size)
		return 0;
	opt = data[0];
	data++;
	size--;
	npages = (size + PAGE - 1) / PAGE;
	if (!npages || npages > MAX_PAGES)
		return 0;
	ncpus = (int)((opt >> 2) & 3) + 1;
	if ((size_t)ncpus > npages)
		ncpus = (int)npages;
	tep = fuzz_tep(opt & 2 ? 4 : 8, opt & 1);
	pages = aligned_alloc(PAGE, npages * PAGE);
	if (!pages)
		return 0;
	memcpy(pages, data, size);
	memset(pages + size, 0, npages * PAGE - size);
	if (!(opt & 16)) {
		/* report and stream: every record through a sink */
		sf_pipeline_init(&p, tep, arch);
		p.deliver = true;
		p.kthreads = opt & 64;
		sf_pipeline_add(&p, sf_sink_new(opt & 32 ? SF_FMT_JSON : SF_FMT_DEFAULT, &conf));
		pass(tep, pages, npages, ncpus, &p, NULL);
		sf_pipeline_flush(&p);
		sf_pipeline_free(&p);
	} else {
		/* extract and persist: the look-ahead, then the pass that rewrites */
		memset(&marks, 0, sizeof(marks));
		initial = sf_comms_new();
		first = sf_comms_new();
		sf_pipeline_init(&p, tep, arch);
		p.names.other_boot = true;
		p.names.initial = initial;
		p.names.marks = &marks;
		pass(tep, pages, npages, ncpus, &p, NULL);
		sf_pipeline_free(&p);
		sf_pipeline_init(&p, tep, arch);
		sf_comms_merge(p.names.comms, initial);
		p.names.other_boot = true;
		p.names.first_send = first;
		pass(tep, pages, npages, ncpus, &p, &d);
		sf_pipeline_free(&p);
		sf_comms_free(initial);
		sf_comms_free(first);
	}
	free(pages);
	return 0;
}
