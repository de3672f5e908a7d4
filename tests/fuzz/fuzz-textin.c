// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-textin - the text-trace reader on the fuzzer's bytes: the detection
 * runs first, then every line through the ftrace and console grammars,
 * each event rendered by the shared renderer (seed and default lines, every
 * architecture's signal names) and taken through report's pipeline (names,
 * analysis, a text or JSON sink) as sf_text_signal() and sf_text_exit()
 * make it.
 *
 * Input: the text file.
 */
#include <string.h>

#include "fuzz.h"
#include "sf-pipeline.h"
#include "sf-source-text.h"
#include "sigftrace-render.h"
#include "sigftrace-signames.h"

static const char *const machines[] = { "x86_64", "mips", "parisc64", "alpha", "sparc64" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("report");
	return 0;
}

struct run {
	struct sf_pipeline p;
	unsigned int n;
};

static int on_event(const struct sf_text_event *ev, void *ctx)
{
	struct run *r = ctx;
	unsigned int *n = &r->n;
	struct sf_exit_who who;
	struct sf_signal sig;
	struct sigftrace_render_opts o;
	struct sigftrace_ids ids = {
		ev->sender_comm,    ev->sender_comm,
		ev->receiver_pcomm, ev->sender_tgid > 0 ? ev->sender_tgid : ev->sig.sender_pid,
		ev->sig.sender_pid, ev->sig.pid
	};
	char line[SIGFTRACE_LINE_MAX];

	if (ev->type != SF_TEXT_SIGNAL) {
		sf_text_exit(ev, &who);
		sf_pipeline_exit(&r->p, ev->ts, who.tid, who.tgid, who.comm, who.last);
		return 0;
	}
	sf_text_signal(ev, &sig);
	sf_pipeline_signal(&r->p, &sig);
	o.arch = sigftrace_arch_find(machines[*n % SF_FUZZ_ARRAY(machines)]);
	o.flags = (*n & 1) ? SIGFTRACE_FMT_SEED : 0;
	sigftrace_format_ids(line, sizeof(line), &ev->sig, &ids, &o);
	sigftrace_format(line, sizeof(line), &ev->sig, ev->sender_comm, &o);
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sigftrace_arch *arch = sigftrace_arch_host();
	struct sf_out_conf conf = { .arch = arch, .fd = 1 };
	struct sf_analysis *an;
	struct run r = { .n = 0 };
	char path[32];
	char err[256];

	if (fuzz_file(data, size, path) < 0)
		return 0;
	if (sf_text_detect(path) != 1)
		return 0;
	sf_pipeline_init(&r.p, NULL, arch);
	an = sf_analysis_new(arch);
	r.p.an = an;
	r.p.deliver = true;
	sf_pipeline_add(&r.p, sf_sink_new(size & 1 ? SF_FMT_JSON : SF_FMT_DEFAULT, &conf));
	sf_text_read(path, on_event, &r, err, sizeof(err));
	sf_pipeline_finish(&r.p);
	sf_pipeline_flush(&r.p);
	sf_pipeline_free(&r.p);
	sf_analysis_free(an);
	return 0;
}
