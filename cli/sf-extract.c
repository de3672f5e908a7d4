// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace extract - save a boot-time trace buffer to a trace.dat file.
 *
 * The buffer is the instance created by the kernel command line
 * (trace_instance=sigftrace,..., kernels >= 6.3) or the top-level buffer
 * (trace_event=..., older kernels). Reading consumes it; tracing goes on.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-cmds.h"
#include "sf-atomic.h"
#include "sf-datfile.h"
#include "sf-save.h"
#include "sf-session.h"
#include "sf-tracefs.h"
#include "sf-cli.h"
#include "sf-util.h"

enum {
	OPT_INSTANCE = 0x2000,
	OPT_TOP,
};

static const char extract_usage[] =
	"usage: sigftrace extract [--instance NAME | --top] [-o FILE]\n"
	"\n"
	"Save the signals traced since boot (see 'sigftrace bootargs') to a trace.dat\n"
	"file for 'sigftrace report', trace-cmd and KernelShark. Reading empties the\n"
	"buffer; tracing continues.\n"
	"\n"
	"  -o, --output FILE      output file (default boot.dat)\n"
	"      --instance NAME    the boot instance (default sigftrace; without it and\n"
	"                         without --top, extract refuses)\n"
	"      --top              the top-level buffer (trace_event= on kernels < 6.3);\n"
	"                         only when asked: reading it empties it\n" SF_STATUS_HELP
	"  -h, --help             this help\n"
	"\n"
	"Examples:\n"
	"  # early in user space, after a boot with the bootargs fragment\n"
	"  sigftrace extract -o /var/log/boot-signals.dat\n"
	"  sigftrace report -i /var/log/boot-signals.dat\n";

int sf_cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "instance", required_argument, NULL, OPT_INSTANCE },
		{ "top", no_argument, NULL, OPT_TOP },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = "boot.dat";
	const char *instance = NULL;
	struct sf_trace t = { .trace_on_fd = -1 };
	struct sf_save_result res;
	struct sf_outfile out;
	struct sf_comms *names = NULL;
	char err[512];
	bool quiet = false;
	bool top = false;
	int ret = SF_EXIT_ERROR;
	int c, r;

	while ((c = sf_getopt(argc, argv, "+:hqo:", longopts, NULL, extract_usage)) != -1) {
		switch (c) {
		case SF_GETOPT_HELP:
			return SF_EXIT_OK;
		case 'o':
			output = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_INSTANCE:
			if (sf_opt_instance(optarg, &instance))
				return SF_EXIT_USAGE;
			break;
		case OPT_TOP:
			top = true;
			break;
		default:
			return SF_EXIT_USAGE;
		}
	}
	if (!sf_no_operands(argc, argv, NULL))
		return SF_EXIT_USAGE;
	if (top && instance) {
		sf_usage_err("--instance and --top are mutually exclusive");
		return SF_EXIT_USAGE;
	}
	if (sf_session_ready()) {
		return SF_EXIT_ERROR;
	}
	if (!top && !instance) {
		/*
		 * the boot instance; never the top-level buffer unasked: reading
		 * it empties it, and it may hold someone else's trace
		 */
		if (!sf_trace_exists("sigftrace")) {
			sf_err("cannot extract: no boot instance sigftrace (name one with --instance NAME, or read the top-level buffer with --top, which empties it)");
			sf_hint("boot with the fragment of 'sigftrace bootargs'; with trace_event= (kernels < 6.3) the events are in the top-level buffer: --top");
			return SF_EXIT_ERROR;
		}
		instance = "sigftrace";
	}
	/* the output first: reading the buffer empties it */
	if (sf_outfile_open(&out, output)) {
		sf_err_errno("cannot write %s", output);
		return SF_EXIT_ERROR;
	}
	if (sf_trace_open(&t, instance, err, sizeof(err))) {
		sf_err("%s", err);
		if (instance && errno == ENOENT)
			sf_hint("boot with the fragment of 'sigftrace bootargs', or use --top on kernels < 6.3");
		sf_outfile_abort(&out);
		return SF_EXIT_ERROR;
	}
	/* the buffer is of this boot: the running system's names are right */
	names = sf_comms_live();
	sf_status_init(!quiet);
	r = sf_save_instance(&t, names, &out, output, SF_DAT_DEFAULT_VERSION, &res,
			     sf_status_job("saving %s", output), err, sizeof(err));
	sf_outfile_abort(&out);
	if (r < 0) {
		sf_err("%s%s", err,
		       res.kept ? ": the buffer was not read, it keeps its events" : "");
	} else if (r > 0) {
		sf_err("the %s buffer holds no events: nothing written", t.name);
		sf_hint("was the kernel booted with the fragment of 'sigftrace bootargs'? (cat /proc/cmdline)");
	} else {
		sf_info("saved %llu events (%llu signals) of the %s buffer to %s, %llu lost",
			res.events, res.signals, t.name, output, res.lost);
		if (res.warning[0])
			sf_warn("%s", res.warning);
		if (res.lost)
			sf_hint("the boot buffer overflowed: raise trace_buf_size (sigftrace bootargs -b)");
		ret = SF_EXIT_OK;
	}
	sf_comms_free(names);
	sf_trace_destroy(&t);
	return ret;
}
