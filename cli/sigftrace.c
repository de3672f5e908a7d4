// SPDX-License-Identifier: GPL-2.0
/*
 * sigftrace - who sent that signal?
 *
 * Command dispatcher. A link named sigftrace-CMD runs CMD directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include "sf-cmds.h"
#include "sf-cli.h"
#include "sf-util.h"
#include "version.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "record", sf_cmd_record, "record signals into a trace.dat file" },
	{ "report", sf_cmd_report, "print the signals of a trace.dat file" },
	{ "stream", sf_cmd_stream, "print signals live as they happen" },
	{ "reset", sf_cmd_reset, "remove tracing instances a killed sigftrace left behind" },
	{ "bootargs", sf_cmd_bootargs, "kernel command line to trace signals from early boot" },
	{ "extract", sf_cmd_extract, "save the boot-time trace buffer to a trace.dat file" },
	{ "persist", sf_cmd_persist, "early at boot: save the previous boot's signals, re-arm" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sigftrace COMMAND [OPTIONS]\n\n"
		   "Who sent that signal? Traces every signal through ftrace and prints it as\n"
		   "  (reboot 1286) --[SIGTERM]--> (procd 1)\n\n"
		   "Commands:\n");
	for (i = 0; i < SF_ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n  sigftrace COMMAND --help   options of one command\n"
		   "  sigftrace --version\n");
}

static int run(const char *name, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < SF_ARRAY_SIZE(commands); i++) {
		if (!strcmp(name, commands[i].name)) {
			int ret;

			sf_cmd = commands[i].name;
			ret = commands[i].run(argc, argv);
			/* a status line never outlives its command */
			sf_status_clear();
			return ret;
		}
	}
	return -1;
}

/*
 * hold_std_fds - a standard descriptor we were started without is taken by
 * /dev/null, opened the wrong way round (stdin for writing, stdout and
 * stderr for reading): our writes and COMMAND's still fail as on a closed
 * descriptor, but the numbers are never given to a tracefs file, which
 * "printing" would then write to and COMMAND would inherit
 */
static void hold_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", fd ? O_RDONLY : O_WRONLY) < 0)
			break;
	}
}

int main(int argc, char **argv)
{
	const char *base = argc > 0 ? basename(argv[0]) : "sigftrace";
	int ret;

	hold_std_fds();

	/* multicall: sigftrace-report ... */
	if (!strncmp(base, "sigftrace-", 10)) {
		ret = run(base + 10, argc, argv);
		if (ret >= 0)
			return ret;
	}
	if (argc < 2) {
		usage(stderr);
		return SF_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return SF_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		/* the source revision is known only when built from a git tree */
		if (*SIGFTRACE_GIT)
			printf("sigftrace %s (%s)\n", SIGFTRACE_VERSION, SIGFTRACE_GIT);
		else
			printf("sigftrace %s\n", SIGFTRACE_VERSION);
		return SF_EXIT_OK;
	}
	ret = run(argv[1], argc - 1, argv + 1);
	if (ret >= 0)
		return ret;
	sf_err("unknown command '%s'", argv[1]);
	usage(stderr);
	return SF_EXIT_USAGE;
}
