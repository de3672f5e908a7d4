// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace reset - remove the sigftrace-<pid> instances of sigftrace
 * processes that no longer exist (killed with SIGKILL before cleaning up).
 * Instances of running sigftrace processes and any other instance are kept.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "sf-cmds.h"
#include "sf-session.h"
#include "sf-tracefs.h"
#include "sf-cli.h"
#include "sf-util.h"

static const char reset_usage[] =
	"usage: sigftrace reset\n\n"
	"Remove the tracing instances (sigftrace-PID) left behind by sigftrace\n"
	"processes that were killed before they could clean up (PID is gone, or is\n"
	"another program now). Instances of running sigftrace processes and all\n"
	"other instances are left alone.\n"
	"\n"
	"  -h, --help             this help\n";

static void done(const char *name, int error, void *ctx)
{
	int *failed = ctx;

	if (!error) {
		printf("removed instance %s\n", name);
		return;
	}
	(*failed)++;
	if (error == EBUSY)
		sf_err("cannot remove instance %s: it is busy (a process has one of its files open)",
		       name);
	else
		sf_err("cannot remove instance %s: %s", name, strerror(error));
}

int sf_cmd_reset(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[512];
	int c, n, failed = 0;

	while ((c = sf_getopt(argc, argv, "+:h", longopts, NULL, reset_usage)) != -1)
		return c == SF_GETOPT_HELP ? SF_EXIT_OK : SF_EXIT_USAGE;
	if (!sf_no_operands(argc, argv, NULL))
		return SF_EXIT_USAGE;
	if (sf_session_ready()) {
		return SF_EXIT_ERROR;
	}
	n = sf_trace_reset(done, &failed, err, sizeof(err));
	if (n < 0) {
		sf_err("%s", err);
		return SF_EXIT_ERROR;
	}
	if (!n && !failed)
		printf("nothing to remove\n");
	return failed ? SF_EXIT_ERROR : SF_EXIT_OK;
}
