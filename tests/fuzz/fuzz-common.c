// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers of the libFuzzer harnesses: see fuzz.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "sf-cli.h"
#include "sf-util.h"

#ifndef FUZZ_FORMATS
#error "FUZZ_FORMATS (the directory tests/fuzz/formats) must be defined"
#endif

static int mem_fd = -1;

void fuzz_setup(const char *cmd)
{
	char dir[] = "/tmp/sigftrace-fuzz-XXXXXX";
	int fd;

	sf_cmd = cmd;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0) {
		perror("fuzz: /dev/null");
		exit(1);
	}
	close(fd);
	/* relative names the input may hold lead nowhere */
	if (!mkdtemp(dir) || chdir(dir)) {
		perror("fuzz: working directory");
		exit(1);
	}
	rmdir(dir);
}

void fuzz_getopt_reset(void)
{
	char *argv[] = { "fuzz", NULL };

	optind = 0;
	getopt(1, argv, "");
}

int fuzz_file(const void *data, size_t size, char *path)
{
	const char *p = data;
	size_t done = 0;

	if (mem_fd < 0) {
		mem_fd = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (mem_fd < 0)
			return -1;
	}
	if (ftruncate(mem_fd, 0) || lseek(mem_fd, 0, SEEK_SET) < 0)
		return -1;
	while (done < size) {
		ssize_t n = write(mem_fd, p + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	if (lseek(mem_fd, 0, SEEK_SET) < 0)
		return -1;
	snprintf(path, 32, "/proc/self/fd/%d", mem_fd);
	return mem_fd;
}

/* slurp - a file of tests/fuzz/formats, NUL-terminated; exits if missing */
static char *slurp(const char *name, size_t *len)
{
	char path[512];
	char *buf = NULL;
	size_t cap = 0, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", FUZZ_FORMATS, name);
	f = fopen(path, "re");
	if (!f) {
		perror(path);
		exit(1);
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				exit(1);
		}
		size_t m = fread(buf + n, 1, 4096, f);

		if (!m)
			break;
		n += m;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* the header page of a 32-bit kernel: a 4-byte commit, data from 12 */
static const char header_page_32[] = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
				     "\tfield: local_t commit;\toffset:8;\tsize:4;\tsigned:1;\n"
				     "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
				     "\tfield: char data;\toffset:12;\tsize:4084;\tsigned:0;\n";

static const struct {
	const char *file;
	const char *system;
} formats[] = {
	{ "signal-signal_generate", "signal" },	 { "signal-signal_deliver", "signal" },
	{ "task-task_newtask", "task" },	 { "task-task_rename", "task" },
	{ "sched-sched_process_exit", "sched" }, { "ftrace-print", "ftrace" },
};

struct tep_handle *fuzz_tep(int long_size, bool big_endian)
{
	static struct tep_handle *teps[2][2];
	struct tep_handle **t = &teps[long_size == 4][big_endian];
	struct tep_event *ev;
	size_t i, len;
	char *text;

	if (*t)
		return *t;
	*t = tep_alloc();
	if (!*t)
		exit(1);
	tep_set_file_bigendian(*t, big_endian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(*t, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? TEP_BIG_ENDIAN :
									     TEP_LITTLE_ENDIAN);
	tep_set_long_size(*t, long_size);
	tep_set_page_size(*t, 4096);
	if (long_size == 4) {
		text = strdup(header_page_32);
		len = strlen(header_page_32);
	} else {
		text = slurp("header_page", &len);
	}
	if (tep_parse_header_page(*t, text, (unsigned long)len, long_size)) {
		fprintf(stderr, "fuzz: cannot parse the header page\n");
		exit(1);
	}
	free(text);
	for (i = 0; i < SF_ARRAY_SIZE(formats); i++) {
		text = slurp(formats[i].file, &len);
		if (tep_parse_format(*t, &ev, text, (unsigned long)len, formats[i].system)) {
			fprintf(stderr, "fuzz: cannot parse %s\n", formats[i].file);
			exit(1);
		}
		free(text);
	}
	return *t;
}
