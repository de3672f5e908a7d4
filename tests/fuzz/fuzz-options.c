// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-options - the command line: sigftrace's own main() (the command
 * dispatcher, built as sigftrace_main) and every command's option parser,
 * with the fuzzer's bytes as arguments.
 *
 * The commands stop where they would start to work: the harness is linked
 * with --wrap=sf_tracefs_ready, and its sf_tracefs_ready() says tracefs is
 * not there, so record, stream, extract, persist and reset never touch
 * tracefs or write a file. report and bootargs run whole; arguments with a
 * '/' are refused, and the working directory is empty, so that report finds
 * no file to read (and so writes none).
 *
 * Input: the arguments after "sigftrace", separated by newlines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MAX_ARGS 64

int sigftrace_main(int argc, char **argv);
int __wrap_sf_tracefs_ready(char *err, size_t errsz, char *hint, size_t hintsz);

int __wrap_sf_tracefs_ready(char *err, size_t errsz, char *hint, size_t hintsz)
{
	snprintf(err, errsz, "tracefs is not there (fuzz-options)");
	if (hintsz)
		*hint = '\0';
	return -1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup("sigftrace");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2];
	char *text, *p, *nl;
	int argc = 0;

	if (memchr(data, '/', size))
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	argv[argc++] = "sigftrace";
	for (p = text; p && argc <= MAX_ARGS; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	fuzz_getopt_reset();
	sigftrace_main(argc, argv);
	free(text);
	return 0;
}
