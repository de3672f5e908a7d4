// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace reset - remove the sigftrace-<pid> instances of sigftrace
 * processes that no longer exist (killed with SIGKILL before cleaning up).
 * Instances of running sigftrace processes and any other instance are kept.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sf-cmds.h"
#include "sf-session.h"
#include "sf-tracefs.h"
#include "sf-util.h"

static void removed(const char *name, void *ctx)
{
	(void)ctx;
	printf("removed instance %s\n", name);
}

int sf_cmd_reset(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[512];
	int c, n;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			printf("usage: sigftrace reset\n\n"
			       "Remove the tracing instances (sigftrace-PID) left behind by sigftrace\n"
			       "processes that were killed before they could clean up. Instances of\n"
			       "running sigftrace processes and all other instances are left alone.\n"
			       "\n"
			       "  -h, --help             this help\n");
			return SF_EXIT_OK;
		}
		sf_getopt_error(c, argv);
		return SF_EXIT_USAGE;
	}
	if (optind < argc) {
		sf_usage_err("unexpected argument \"%s\"", argv[optind]);
		return SF_EXIT_USAGE;
	}
	if (sf_session_ready()) {
		return SF_EXIT_ERROR;
	}
	n = sf_trace_reset(removed, NULL, err, sizeof(err));
	if (n < 0) {
		sf_err("%s", err);
		return SF_EXIT_ERROR;
	}
	if (!n)
		printf("nothing to remove\n");
	return SF_EXIT_OK;
}
