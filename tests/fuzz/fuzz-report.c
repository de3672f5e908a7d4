// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-report - a whole `sigftrace report -i FILE` on the fuzzer's bytes:
 * the input-type detection, the trace.dat reader (v6 and v7, every buffer,
 * the metadata and sigftrace's own options), the text reader, the page
 * decoding, names, analysis and every output format, through the command's
 * own entry point.
 *
 * Input: one byte choosing the options (the output formats and answers),
 * then the file.
 */
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "sf-cmds.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("report");
	return 0;
}

static const char *const modes[][3] = {
	{ NULL },
	{ "--format", "json", NULL },
	{ "--format", "seed", NULL },
	{ "--summary", NULL },
	{ "--killed", NULL },
	{ "--dot", NULL },
	{ "--deliver", "-n", NULL },
	{ "--kthreads", "--deliver", NULL },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[32];
	char *argv[12];
	int argc = 0, i;
	unsigned int mode;

	if (!size)
		return 0;
	mode = data[0];
	if (fuzz_file(data + 1, size - 1, path) < 0)
		return 0;
	argv[argc++] = "report";
	argv[argc++] = "-i";
	argv[argc++] = path;
	for (i = 0; modes[mode & 7][i]; i++)
		argv[argc++] = (char *)modes[mode & 7][i];
	if (mode & 8)
		argv[argc++] = "--all";
	if (mode & 16)
		argv[argc++] = "--failed";
	argv[argc] = NULL;
	fuzz_getopt_reset();
	sf_cmd_report(argc, argv);
	return 0;
}
