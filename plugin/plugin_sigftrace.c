// SPDX-License-Identifier: LGPL-2.1
/*
 * plugin_sigftrace.so - render signal:signal_generate and signal:signal_deliver
 * as "(sender pid) --[SIGNAME]--> (receiver pid)" in trace-cmd and KernelShark.
 *
 * Options (trace-cmd report -O sigftrace:NAME=VALUE, listed by trace-cmd list -O):
 *   arch     machine whose signal numbers the trace holds (uname -m name)
 *   numeric  print signal numbers instead of names
 *   seed     print the original kernel patch's "Signal :: ..." line
 *
 * Only the loader and unloader are exported (-fvisibility=hidden); the
 * renderer's symbols stay inside the .so. The handlers read the options on
 * every call and keep no state, so KernelShark may call them from any thread.
 */
#include <stddef.h>

#include <event-parse.h>
#include <event-utils.h>

#include "sigftrace-render.h"

#define SF_EXPORT __attribute__((visibility("default")))

enum { OPT_ARCH, OPT_NUMERIC, OPT_SEED };

/* clang-format off */
static struct tep_plugin_option sigftrace_plugin_opts[] = {
	[OPT_ARCH] = {
		.name = "arch",
		.plugin_alias = "sigftrace",
		.description = "machine the trace was recorded on (uname -m: x86_64, mips, parisc64, alpha, sparc64...); default: this machine's signal numbers",
		.value = NULL, /* set to the build target's machine at load */
	},
	[OPT_NUMERIC] = {
		.name = "numeric",
		.plugin_alias = "sigftrace",
		.description = "show signal numbers instead of names",
	},
	[OPT_SEED] = {
		.name = "seed",
		.plugin_alias = "sigftrace",
		.description = "print the original kernel patch's line: Signal :: (SRC PID) --[N]--> (DST PID)",
	},
	{ .name = NULL },
};
/* clang-format on */

static int sigftrace_plugin_handler(struct trace_seq *s, struct tep_record *rec,
				    struct tep_event *event, void *ctx)
{
	const struct tep_plugin_option *opts = ctx;
	struct sigftrace_render_opts ro = { 0 };
	int r;

	ro.arch = sigftrace_arch_find(opts[OPT_ARCH].value);
	if (opts[OPT_NUMERIC].set)
		ro.flags |= SIGFTRACE_FMT_NUMERIC;
	if (opts[OPT_SEED].set)
		ro.flags |= SIGFTRACE_FMT_SEED;
	if (ro.arch)
		return sigftrace_render_event(s, rec, event, &ro);
	/* an arch nobody knows: no names from another machine's table */
	ro.arch = sigftrace_arch_host();
	ro.flags |= SIGFTRACE_FMT_NUMERIC;
	r = sigftrace_render_event(s, rec, event, &ro);
	if (!r)
		trace_seq_printf(s, " [sigftrace: unknown arch=%s: signal numbers]",
				 opts[OPT_ARCH].value);
	return r;
}

SF_EXPORT int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	int r;

	if (!sigftrace_plugin_opts[OPT_ARCH].value)
		sigftrace_plugin_opts[OPT_ARCH].value = sigftrace_arch_host_machine();
	tep_register_event_handler(tep, -1, "signal", "signal_generate", sigftrace_plugin_handler,
				   sigftrace_plugin_opts);
	tep_register_event_handler(tep, -1, "signal", "signal_deliver", sigftrace_plugin_handler,
				   sigftrace_plugin_opts);
	r = tep_plugin_add_options("sigftrace", sigftrace_plugin_opts);
	/* -O sigftrace:arch= is applied by now */
	if (!sigftrace_arch_find(sigftrace_plugin_opts[OPT_ARCH].value))
		tep_warning(
			"sigftrace: unknown arch \"%s\" (a uname -m name: x86_64, aarch64, mips, parisc64, alpha, sparc64...): signal numbers are shown",
			sigftrace_plugin_opts[OPT_ARCH].value);
	return r;
}

SF_EXPORT void TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	tep_plugin_remove_options(sigftrace_plugin_opts);
	tep_unregister_event_handler(tep, -1, "signal", "signal_deliver", sigftrace_plugin_handler,
				     sigftrace_plugin_opts);
	tep_unregister_event_handler(tep, -1, "signal", "signal_generate", sigftrace_plugin_handler,
				     sigftrace_plugin_opts);
}
