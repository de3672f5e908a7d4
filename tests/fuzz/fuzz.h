/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the libFuzzer harnesses (tests/fuzz/fuzz-*.c).
 *
 * Every harness feeds one reader of outside input with the fuzzer's bytes,
 * through the same functions the commands use. Inputs that have to be files
 * are written to a memfd and named /proc/self/fd/N. The harnesses write
 * nothing anywhere: stdout goes to /dev/null, and the commands they call
 * run in an empty directory of their own.
 */
#ifndef SF_FUZZ_H
#define SF_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <event-parse.h>

#define SF_FUZZ_ARRAY(a) (sizeof(a) / sizeof((a)[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * fuzz_setup() - once per process: stdin and stdout on /dev/null, an empty
 * working directory, messages prefixed with @cmd
 */
void fuzz_setup(const char *cmd);

/*
 * fuzz_getopt_reset() - forget the previous command line: glibc's getopt
 * keeps a pointer into it (the rest of a cluster like -nh) that the
 * commands' optind = 1 does not reset, and a process parses only one
 * command line, but a harness many
 */
void fuzz_getopt_reset(void);

/*
 * fuzz_file() - @size bytes of @data in a memfd (rewritten on each call),
 * its name (/proc/self/fd/N) in @path (32 bytes)
 * Return: the descriptor, or -1.
 */
int fuzz_file(const void *data, size_t size, char *path);

/*
 * fuzz_tep() - a tep handle with the header page and the event formats of
 * tests/fuzz/formats (this kernel's signal, task, sched_process_exit and
 * ftrace:print events), for a kernel long of @long_size bytes (4 or 8) in
 * big or little endian. Built once per variant and kept.
 */
struct tep_handle *fuzz_tep(int long_size, bool big_endian);

#endif /* SF_FUZZ_H */
