// SPDX-License-Identifier: GPL-2.0
/*
 * The trace.dat v6 and v7 writer and the v6/v7 metadata reader.
 *
 * Without privileges: argument checks, atomic output, a synthetic file (no
 * events) checked by trace-cmd, and corrupt/truncated copies of it.
 *
 * As root: a private tracefs instance records a few signals this process
 * sends itself; its raw pages become a trace.dat (v6, and our own v7) that
 * our reader (sf-datread) and trace-cmd must read back exactly, also after
 * `trace-cmd convert` to v7 (zstd and uncompressed) and back to v6.
 * (libtracecmd reads them all in the differential test,
 * tests/e2e/differential.t.) The instance is removed on every
 * path; nothing outside it is written. Where that cannot run, the tests
 * fail if CI is set and skip (saying why) otherwise.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event-parse.h>
#include <tracefs.h>
#include <zstd.h>

#include "unit.h"
#include "sf-atomic.h"
#include "sf-datfile.h"
#include "sf-datread.h"
#include "sf-ring.h"
#include "sf-save.h"
#include "sf-tracefs.h"
#include "sf-util.h"

#define TRACEFS_DIR "/sys/kernel/tracing"

/*
 * ignored while they are sent, so sending them to ourselves is harmless; their
 * numbers are the same on every architecture (qemu-user hands the host kernel
 * the host's numbers)
 */
static const int sent_sigs[] = { SIGHUP, SIGQUIT, SIGTERM, SIGHUP, SIGQUIT };
#define NSENT ((int)SF_ARRAY_SIZE(sent_sigs))

/* events/header_page of a 64-bit 6.18 kernel, for the synthetic file */
static const char fixture_header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";

static struct {
	char dir[64]; /* private temp directory */
	char synth[PATH_MAX]; /* synthetic v6 file (always written) */
	char v6[PATH_MAX]; /* the recorded file */
	char v7[PATH_MAX]; /* the same pages, written as v7 by sf_dat_write() */
	char *skip; /* why nothing was recorded */
	bool recorded;
	bool have_trace_cmd;
	long long v6_meta_end; /* where the recorded file's pages start */
	pid_t pid;
	int ncpus;
	struct utsname uts;
} g;

/* ---------------------------------------------------------------------------
 * helpers
 */

/* run - a shell command's exit status and combined output (freed by caller) */
static int run(char **out, const char *fmt, ...) SF_PRINTF(2, 3);

static int run(char **out, const char *fmt, ...)
{
	struct sf_buf b = { 0 };
	char cmd[4 * PATH_MAX];
	char chunk[4096];
	va_list ap;
	size_t n;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	p = popen(cmd, "r");
	if (!p) {
		*out = sf_xstrdup("");
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		sf_buf_add(&b, chunk, n);
	st = pclose(p);
	*out = sf_xstrdup(sf_buf_str(&b));
	sf_buf_free(&b);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int count_str(const char *hay, const char *needle)
{
	int n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

/* skipped - true (and a message, or a failure in CI) if nothing was recorded */
static bool skipped(const char *test)
{
	if (g.recorded)
		return false;
	if (getenv("CI")) {
		fprintf(stderr, "\n  %s: cannot record (%s) and CI is set\n", test, g.skip);
		CU_FAIL("cannot record a trace in CI");
		return true;
	}
	fprintf(stderr, "\n  %s: skipped, %s ", test, g.skip);
	return true;
}

static bool no_trace_cmd(const char *test)
{
	if (g.have_trace_cmd)
		return false;
	if (getenv("CI")) {
		CU_FAIL("trace-cmd is not installed");
		return true;
	}
	fprintf(stderr, "\n  %s: skipped, trace-cmd is not installed ", test);
	return true;
}

static int copy_file(const char *from, const char *to, long long len)
{
	char buf[65536];
	int in = open(from, O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;
	int ret = -1;

	if (in < 0 || out < 0)
		goto out;
	while (len) {
		n = read(in, buf,
			 len >= 0 && len < (long long)sizeof(buf) ? (size_t)len : sizeof(buf));
		if (n <= 0) {
			ret = n ? -1 : 0;
			goto out;
		}
		if (write(out, buf, (size_t)n) != n)
			goto out;
		if (len > 0)
			len -= n;
	}
	ret = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ret;
}

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : (long long)st.st_size;
}

/* data_end - the size of @path without its trailing zero bytes */
static long long data_end(const char *path)
{
	long long end = file_size(path);
	char c = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (end > 0 && pread(fd, &c, 1, end - 1) == 1 && !c)
		end--;
	close(fd);
	return end;
}

/* hp_field - offset and size of a field ("char data;") of a header_page text */
static bool hp_field(const char *header_page, const char *decl, unsigned int *off,
		     unsigned int *size)
{
	const char *p = strstr(header_page, decl);

	return p && sscanf(p + strlen(decl), "\toffset:%u;\tsize:%u;", off, size) == 2;
}

/* page_size_of - offset + size of the data field of a header_page text */
static unsigned int page_size_of(const char *header_page)
{
	unsigned int off;
	unsigned int size;

	return hp_field(header_page, "char data;", &off, &size) ? off + size : 0;
}

/* long_size_of - the kernel's long: the size of the commit field */
static int long_size_of(const char *header_page)
{
	unsigned int off;
	unsigned int size;

	return hp_field(header_page, "local_t commit;", &off, &size) ? (int)size : 0;
}

/* ---------------------------------------------------------------------------
 * recording (suite setup)
 */

struct capture {
	char *header_page;
	char *header_event;
	char *fmt[2];
	char *clock;
	char **stats;
	int *fds;
	int ncpus;
	unsigned int page_size;
};

static void capture_free(struct capture *c)
{
	int i;

	free(c->header_page);
	free(c->header_event);
	free(c->fmt[0]);
	free(c->fmt[1]);
	free(c->clock);
	for (i = 0; i < c->ncpus; i++) {
		if (c->stats)
			free(c->stats[i]);
		if (c->fds && c->fds[i] >= 0)
			close(c->fds[i]);
	}
	free(c->stats);
	free(c->fds);
}

static bool tracefs_mounted(void)
{
	struct stat st;

	if (!stat(TRACEFS_DIR "/instances", &st))
		return true;
	/* mounting tracefs where it belongs changes no tracing state */
	if (mount("nodev", TRACEFS_DIR, "tracefs", 0, NULL))
		return false;
	return !stat(TRACEFS_DIR "/instances", &st);
}

/*
 * capture_instance - record the signals in @inst (called @name) and read
 * everything back with sigftrace's ring reader
 */
static int capture_instance(struct tracefs_instance *inst, const char *name, struct capture *c,
			    unsigned long long *sizes, char *why, size_t whysz)
{
	struct sf_trace t = { .trace_on_fd = -1 };
	struct sf_ring ring = { .stop = { -1, -1 } };
	char filter[64];
	char path[PATH_MAX];
	int i, ret = -1;

	if (tracefs_trace_off(inst) ||
	    tracefs_instance_file_write(inst, "trace_clock", "mono") < 0) {
		snprintf(why, whysz, "cannot configure the instance: %s", strerror(errno));
		return -1;
	}
	/* only what this test sends: other processes signal all the time */
	snprintf(filter, sizeof(filter), "common_pid == %d && pid == %d", g.pid, g.pid);
	if (tracefs_event_file_write(inst, "signal", "signal_generate", "filter", filter) < 0 ||
	    tracefs_event_enable(inst, "signal", "signal_generate")) {
		snprintf(why, whysz, "cannot enable signal:signal_generate: %s", strerror(errno));
		return -1;
	}
	if (tracefs_trace_on(inst)) {
		snprintf(why, whysz, "cannot turn tracing on: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < NSENT; i++) {
		struct sigaction ign = { .sa_handler = SIG_IGN };
		struct sigaction old;

		sigaction(sent_sigs[i], &ign, &old);
		kill(g.pid, sent_sigs[i]);
		sigaction(sent_sigs[i], &old, NULL);
	}
	tracefs_trace_off(inst);

	c->header_page = tracefs_instance_file_read(inst, "events/header_page", NULL);
	c->header_event = tracefs_instance_file_read(inst, "events/header_event", NULL);
	c->fmt[0] = tracefs_event_file_read(inst, "signal", "signal_generate", "format", NULL);
	c->fmt[1] = tracefs_event_file_read(inst, "signal", "signal_deliver", "format", NULL);
	c->clock = tracefs_instance_file_read(inst, "trace_clock", NULL);
	if (!c->header_page || !c->header_event || !c->fmt[0] || !c->fmt[1] || !c->clock) {
		snprintf(why, whysz, "cannot read the instance's format files");
		return -1;
	}
	c->page_size = page_size_of(c->header_page);
	if (!c->page_size) {
		snprintf(why, whysz, "cannot parse events/header_page");
		return -1;
	}

	/* tracing is off: every page, the partly filled last one included */
	if (sf_trace_open(&t, name, why, whysz) || sf_ring_open(&ring, &t, why, whysz))
		goto out;
	if (ring.page_size != c->page_size || ring.ncpus != c->ncpus) {
		snprintf(why, whysz, "the ring reader sees %u-byte pages on %d CPUs, not %u on %d",
			 ring.page_size, ring.ncpus, c->page_size, c->ncpus);
		goto out;
	}
	for (i = 0; i < c->ncpus; i++) {
		long pages;

		snprintf(path, sizeof(path), "%s/cpu%d.raw", g.dir, i);
		c->fds[i] = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		pages = c->fds[i] < 0 ? -1 : sf_ring_drain(&ring, i, c->fds[i]);
		if (pages < 0) {
			snprintf(why, whysz, "cannot read CPU %d's pages: %s", i, strerror(errno));
			goto out;
		}
		sizes[i] = (unsigned long long)pages * c->page_size;
		snprintf(path, sizeof(path), "per_cpu/cpu%d/stats", i);
		c->stats[i] = tracefs_instance_file_read(inst, path, NULL);
		if (!c->stats[i]) {
			snprintf(why, whysz, "cannot read per_cpu/cpu%d/stats", i);
			goto out;
		}
	}
	ret = 0;
out:
	sf_ring_close(&ring);
	sf_trace_destroy(&t);
	return ret;
}

static int write_dat(const char *path, const struct sf_dat_info *info)
{
	char *tmp;
	int fd;

	fd = sf_atomic_create(path, &tmp);
	if (fd < 0)
		return -1;
	if (sf_dat_write(fd, info)) {
		sf_atomic_abort(fd, tmp);
		free(tmp);
		return -1;
	}
	if (sf_atomic_commit(fd, tmp, path)) {
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* record - the real-kernel v6 file; on failure *@why says what was missing */
static int record(char *why, size_t whysz)
{
	struct tracefs_instance *inst = NULL;
	struct sf_dat_event_fmt fmts[2];
	struct sf_dat_system sys;
	struct sf_dat_cpu *cpus = NULL;
	unsigned long long *sizes = NULL;
	struct capture c = { 0 };
	struct sf_dat_info info;
	char name[64];
	char cmdline[64];
	char comm[32] = "unit-tests";
	char uname_s[512];
	char path[PATH_MAX];
	FILE *f;
	int ret = -1;
	int i;

	if (geteuid()) {
		snprintf(why, whysz, "not root");
		return -1;
	}
	if (!tracefs_mounted()) {
		snprintf(why, whysz, "tracefs is not available at " TRACEFS_DIR);
		return -1;
	}
	for (c.ncpus = 0;; c.ncpus++) {
		snprintf(path, sizeof(path), TRACEFS_DIR "/per_cpu/cpu%d", c.ncpus);
		if (access(path, F_OK))
			break;
	}
	if (!c.ncpus) {
		snprintf(why, whysz, "no per_cpu directories in " TRACEFS_DIR);
		return -1;
	}
	c.fds = sf_xcalloc((size_t)c.ncpus, sizeof(*c.fds));
	c.stats = sf_xcalloc((size_t)c.ncpus, sizeof(*c.stats));
	sizes = sf_xcalloc((size_t)c.ncpus, sizeof(*sizes));
	for (i = 0; i < c.ncpus; i++)
		c.fds[i] = -1;

	snprintf(name, sizeof(name), "sft-unit-%d", (int)g.pid);
	if (tracefs_instance_exists(name)) {
		snprintf(why, whysz, "instance %s already exists", name);
		goto out;
	}
	inst = tracefs_instance_create(name);
	if (!inst) {
		snprintf(why, whysz, "cannot create instance %s: %s", name, strerror(errno));
		goto out;
	}
	if (!tracefs_instance_is_new(inst)) {
		/* somebody else's: never destroy it */
		snprintf(why, whysz, "instance %s already exists", name);
		tracefs_instance_free(inst);
		inst = NULL;
		goto out;
	}
	ret = capture_instance(inst, name, &c, sizes, why, whysz);
	/* all trace_pipe_raw fds are closed: the instance can go now */
	if (tracefs_instance_destroy(inst) && !ret) {
		snprintf(why, whysz, "cannot remove instance %s: %s", name, strerror(errno));
		ret = -1;
	}
	tracefs_instance_free(inst);
	inst = NULL;
	if (ret)
		goto out;

	f = fopen("/proc/self/comm", "r");
	if (f) {
		if (fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	snprintf(cmdline, sizeof(cmdline), "%d %s\n", (int)g.pid, comm);
	snprintf(uname_s, sizeof(uname_s), "%s %s %s %s", g.uts.sysname, g.uts.nodename,
		 g.uts.release, g.uts.machine);

	fmts[0] = (struct sf_dat_event_fmt){ c.fmt[0], strlen(c.fmt[0]) };
	fmts[1] = (struct sf_dat_event_fmt){ c.fmt[1], strlen(c.fmt[1]) };
	sys = (struct sf_dat_system){ "signal", fmts, 2 };
	cpus = sf_xcalloc((size_t)c.ncpus, sizeof(*cpus));
	for (i = 0; i < c.ncpus; i++)
		cpus[i] = (struct sf_dat_cpu){ c.fds[i], sizes[i] };
	info = (struct sf_dat_info){
		.header_page = c.header_page,
		.header_page_len = strlen(c.header_page),
		.header_event = c.header_event,
		.header_event_len = strlen(c.header_event),
		.systems = &sys,
		.nsystems = 1,
		.cmdlines = cmdline,
		.cmdlines_len = strlen(cmdline),
		.cpus = cpus,
		.ncpus = c.ncpus,
		.uname = uname_s,
		.trace_clock = c.clock,
		.cpustat = (const char *const *)c.stats,
		.version = "sigftrace unit test",
		.page_size = c.page_size,
		.long_size = long_size_of(c.header_page), /* 8 under qemu-mipsel too */
	};
	snprintf(g.v6, sizeof(g.v6), "%s/signals.dat", g.dir);
	ret = write_dat(g.v6, &info);
	info.file_version = 7;
	snprintf(g.v7, sizeof(g.v7), "%s/signals-own-v7.dat", g.dir);
	if (!ret)
		ret = write_dat(g.v7, &info);
	if (ret)
		snprintf(why, whysz, "sf_dat_write failed: %s", strerror(errno));
	g.v6_meta_end = file_size(g.v6);
	for (i = 0; i < c.ncpus; i++)
		g.v6_meta_end -= (long long)sizes[i];
	g.ncpus = c.ncpus;
out:
	if (inst) {
		tracefs_instance_destroy(inst);
		tracefs_instance_free(inst);
	}
	capture_free(&c);
	free(cpus);
	free(sizes);
	return ret;
}

/* sigftrace's own option, as persist writes it for a wrapped buffer */
static const char fixture_boot_info[] =
	"boot=0b8a1f5e-3c2d-4e6f-9a7b-1c2d3e4f5a6b\narmed=0\nshutdown=1764538136\n"
	"saved=1764538219\nsaved-by=7d6c5b4a-3928-4716-a5b4-c3d2e1f00f1e\nwrapped=1\n"
	"complete-from=26848593000\noverrun=70667\n";

static int write_synthetic(void)
{
	struct sf_dat_cpu cpus[2] = { { -1, 0 }, { -1, 0 } };
	const char *stats[2] = { "entries: 0\noverrun: 3\ncommit overrun: 1\ndropped events: 5\n",
				 "entries: 2\noverrun: 10\ncommit overrun: 0\ndropped events: 0\n" };
	struct sf_dat_info info = {
		.header_page = fixture_header_page,
		.header_page_len = strlen(fixture_header_page),
		.cpus = cpus,
		.ncpus = 2,
		.uname = "Linux build 6.18.0 mips",
		.trace_clock = "global", /* no brackets: stored as "[global]" */
		.cpustat = stats,
		.version = "sigftrace unit test",
		.sigftrace = fixture_boot_info,
		.page_size = 4096,
		.long_size = 8,
	};

	snprintf(g.synth, sizeof(g.synth), "%s/synthetic.dat", g.dir);
	return write_dat(g.synth, &info);
}

static int setup(void)
{
	char why[256] = "";
	char *out;

	g.pid = getpid();
	uname(&g.uts);
	snprintf(g.dir, sizeof(g.dir), "/tmp/sft-datfile-XXXXXX");
	if (!mkdtemp(g.dir))
		return -1;
	g.have_trace_cmd = run(&out, "command -v trace-cmd") == 0;
	free(out);
	if (write_synthetic())
		return -1;
	if (record(why, sizeof(why)))
		g.skip = sf_xstrdup(why);
	else
		g.recorded = true;
	return 0;
}

static int teardown(void)
{
	char *out;

	if (g.dir[0] && !getenv("SF_UNIT_KEEP")) {
		run(&out, "rm -rf '%s'", g.dir);
		free(out);
	}
	free(g.skip);
	return 0;
}

/* ---------------------------------------------------------------------------
 * tests without privileges
 */

static void test_write_args(void)
{
	struct sf_dat_cpu cpu = { -1, 0 };
	struct sf_dat_info ok = {
		.header_page = fixture_header_page,
		.header_page_len = strlen(fixture_header_page),
		.cpus = &cpu,
		.ncpus = 1,
		.page_size = 4096,
		.long_size = 8,
	};
	struct sf_dat_info bad;
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/args.dat", g.dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0);

	bad = ok;
	bad.header_page_len = 0;
	CU_ASSERT(sf_dat_write(fd, &bad) == -1 && errno == EINVAL);
	bad = ok;
	bad.page_size = 3000;
	CU_ASSERT(sf_dat_write(fd, &bad) == -1 && errno == EINVAL);
	bad = ok;
	bad.long_size = 2;
	CU_ASSERT(sf_dat_write(fd, &bad) == -1 && errno == EINVAL);
	bad = ok;
	bad.ncpus = 0;
	CU_ASSERT(sf_dat_write(fd, &bad) == -1 && errno == EINVAL);
	bad = ok;
	bad.trace_clock = "[local";
	CU_ASSERT(sf_dat_write(fd, &bad) == -1 && errno == EINVAL);
	bad = ok;
	bad.file_version = 5;
	CU_ASSERT(sf_dat_write(fd, &bad) == -1 && errno == EINVAL);
	cpu.size = 100; /* not whole pages */
	CU_ASSERT(sf_dat_write(fd, &ok) == -1 && errno == EINVAL);
	cpu.size = 0;
	CU_ASSERT(file_size(path) == 0);

	/* offsets are absolute: refuse to start in the middle of a file */
	CU_ASSERT(write(fd, "x", 1) == 1);
	CU_ASSERT(sf_dat_write(fd, &ok) == -1 && errno == EINVAL);
	CU_ASSERT(lseek(fd, 0, SEEK_SET) == 0);
	CU_ASSERT(ftruncate(fd, 0) == 0);
	CU_ASSERT(sf_dat_write(fd, &ok) == 0);
	close(fd);

	/* a CPU file shorter than its declared size */
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	cpu.fd = open("/dev/null", O_RDONLY);
	cpu.size = 4096;
	CU_ASSERT(sf_dat_write(fd, &ok) == -1 && errno == EIO);
	CU_ASSERT(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0);
	ok.file_version = 7;
	CU_ASSERT(sf_dat_write(fd, &ok) == -1 && errno == EIO);
	close(cpu.fd);
	close(fd);

	/* v7 writes two fields at the end, at their places: a pipe cannot take it */
	{
		int pfd[2];

		CU_ASSERT_FATAL(pipe(pfd) == 0);
		cpu.fd = -1;
		cpu.size = 0;
		CU_ASSERT(sf_dat_write(pfd[1], &ok) == -1 && errno == ESPIPE);
		close(pfd[0]);
		close(pfd[1]);
	}
}

/* slurp - the whole file, or NULL */
static char *slurp(const char *path, long long *len)
{
	long long size = file_size(path);
	char *buf;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || size < 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	buf = sf_xmalloc((size_t)size + 1);
	if (pread(fd, buf, (size_t)size, 0) != (ssize_t)size) {
		free(buf);
		buf = NULL;
	}
	close(fd);
	*len = size;
	return buf;
}

/* slurp_stream - a whole file read until EOF (tracefs files say size 0), or NULL */
static char *slurp_stream(const char *path, long long *len)
{
	struct sf_buf b = { 0 };
	char chunk[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		sf_buf_add(&b, chunk, (size_t)n);
	close(fd);
	if (n < 0 || !b.len) {
		sf_buf_free(&b);
		return NULL;
	}
	*len = (long long)b.len;
	return b.p;
}

/* cpu_table_has - `trace-cmd dump --flyrecord` shows @off and @size for @cpu */
static bool cpu_table_has(const char *dump, int cpu, unsigned long long off,
			  unsigned long long size)
{
	unsigned long long o;
	unsigned long long sz;
	char tag[48];
	const char *p;

	snprintf(tag, sizeof(tag), "[offset, size of cpu %d]", cpu);
	p = strstr(dump, tag);
	if (!p)
		return false;
	while (p > dump && p[-1] != '\n')
		p--;
	return sscanf(p, "%llu %llu", &o, &sz) == 2 && o == off && sz == size;
}

/* three_cpus - the metadata of a file of @cpus[0..2] without events formats */
static struct sf_dat_info three_cpus(struct sf_dat_cpu *cpus)
{
	return (struct sf_dat_info){
		.header_page = fixture_header_page,
		.header_page_len = strlen(fixture_header_page),
		.cpus = cpus,
		.ncpus = 3,
		.trace_clock = "[local] global",
		.page_size = 4096,
		.long_size = 8,
	};
}

/*
 * test_copy_paths - copy_file_range() into a regular file, and the
 * read/write fallback for an O_APPEND file (EBADF) and a pipe (EINVAL), must
 * all give the same bytes, with the pages at a page-aligned offset
 */
static void test_copy_paths(void)
{
	char page[4096];
	char src[PATH_MAX];
	char path[3][PATH_MAX];
	struct sf_dat_cpu cpus[3];
	struct sf_dat_info info = three_cpus(cpus);
	long long len[3];
	char *data[3];
	int pfd[2];
	pid_t child;
	int st;
	int fd;
	int i;

	snprintf(src, sizeof(src), "%s/pages.raw", g.dir);
	fd = open(src, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	for (i = 0; i < 5; i++) {
		memset(page, 'a' + i, sizeof(page));
		CU_ASSERT_FATAL(write(fd, page, sizeof(page)) == (ssize_t)sizeof(page));
	}
	/* CPU 1 has nothing; CPU 2 reads the same file from offset 0 again */
	cpus[0] = (struct sf_dat_cpu){ fd, 5 * 4096 };
	cpus[1] = (struct sf_dat_cpu){ -1, 0 };
	cpus[2] = (struct sf_dat_cpu){ fd, 2 * 4096 };

	for (i = 0; i < 3; i++)
		snprintf(path[i], sizeof(path[i]), "%s/copy%d.dat", g.dir, i);
	st = open(path[0], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(st >= 0);
	CU_ASSERT(sf_dat_write(st, &info) == 0);
	close(st);
	st = open(path[1], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	CU_ASSERT_FATAL(st >= 0);
	CU_ASSERT(sf_dat_write(st, &info) == 0);
	close(st);

	CU_ASSERT_FATAL(pipe(pfd) == 0);
	fflush(NULL);
	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (!child) {
		close(pfd[0]);
		_exit(sf_dat_write(pfd[1], &info) ? 1 : 0);
	}
	close(pfd[1]);
	st = open(path[2], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(st >= 0);
	for (;;) {
		ssize_t n = read(pfd[0], page, sizeof(page));

		if (n <= 0 || write(st, page, (size_t)n) != n)
			break;
	}
	close(st);
	close(pfd[0]);
	CU_ASSERT(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	close(fd);

	for (i = 0; i < 3; i++) {
		data[i] = slurp(path[i], &len[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data[i]);
	}
	CU_ASSERT(len[0] == 4096 + 7 * 4096); /* metadata page + 5 + 2 pages */
	CU_ASSERT(len[1] == len[0] && !memcmp(data[0], data[1], (size_t)len[0]));
	CU_ASSERT(len[2] == len[0] && !memcmp(data[0], data[2], (size_t)len[0]));
	if (len[0] == 8 * 4096) {
		CU_ASSERT(data[0][4096] == 'a' && data[0][5 * 4096 + 4095] == 'e');
		CU_ASSERT(data[0][6 * 4096] == 'a' && data[0][7 * 4096 + 4095] == 'b');
	}
	for (i = 0; i < 3; i++)
		free(data[i]);
	if (no_trace_cmd("copy paths"))
		return;
	CU_ASSERT(run(&data[0], "trace-cmd dump --flyrecord '%s'", path[0]) == 0);
	CU_ASSERT(cpu_table_has(data[0], 0, 4096, 5 * 4096));
	CU_ASSERT(cpu_table_has(data[0], 2, 6 * 4096, 2 * 4096));
	free(data[0]);
}

static void test_atomic(void)
{
	char path[PATH_MAX];
	char *tmp;
	char *out;
	int fd;

	snprintf(path, sizeof(path), "%s/atomic.dat", g.dir);
	fd = sf_atomic_create(path, &tmp);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(strncmp(tmp, g.dir, strlen(g.dir)) == 0);
	CU_ASSERT(strstr(tmp, "/.atomic.dat.") != NULL);
	CU_ASSERT(write(fd, "new", 3) == 3);
	CU_ASSERT(access(path, F_OK) == -1); /* not visible before the commit */
	CU_ASSERT(sf_atomic_commit(fd, tmp, path) == 0);
	CU_ASSERT(file_size(path) == 3);
	CU_ASSERT(access(tmp, F_OK) == -1);
	free(tmp);

	/* abort leaves the old file alone */
	fd = sf_atomic_create(path, &tmp);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(write(fd, "longer", 6) == 6);
	errno = EPIPE;
	sf_atomic_abort(fd, tmp);
	CU_ASSERT(errno == EPIPE);
	CU_ASSERT(access(tmp, F_OK) == -1);
	CU_ASSERT(file_size(path) == 3);
	free(tmp);

	/* a failed rename removes the temporary file */
	fd = sf_atomic_create(path, &tmp);
	CU_ASSERT_FATAL(fd >= 0);
	snprintf(path, sizeof(path), "%s/no-such-dir/x.dat", g.dir);
	CU_ASSERT(sf_atomic_commit(fd, tmp, path) == -1 && errno == ENOENT);
	CU_ASSERT(access(tmp, F_OK) == -1);
	free(tmp);

	CU_ASSERT(sf_atomic_create(path, &tmp) == -1 && errno == ENOENT && !tmp);
	CU_ASSERT(sf_atomic_create("", &tmp) == -1 && errno == EINVAL);
	snprintf(path, sizeof(path), "%s/", g.dir);
	CU_ASSERT(sf_atomic_create(path, &tmp) == -1 && errno == EISDIR);

	/* no hidden leftovers */
	CU_ASSERT(run(&out, "ls -A '%s' | grep '^\\.'", g.dir) == 1);
	free(out);
}

/* the user's -o: written through, links followed, nothing named before the commit */
static void test_outfile(void)
{
	struct sf_outfile o;
	char path[PATH_MAX], link[PATH_MAX], buf[16];
	int pfd[2], fd;
	char *out;

	/* a new file: invisible until the commit, then whole */
	snprintf(path, sizeof(path), "%s/out.dat", g.dir);
	CU_ASSERT_FATAL(sf_outfile_open(&o, path) == 0);
	CU_ASSERT(!o.through && strcmp(o.tmpdir, g.dir) == 0);
	CU_ASSERT(write(o.fd, "abc", 3) == 3);
	CU_ASSERT(sf_outfile_reserve(&o, 1 << 20) == 0);
	CU_ASSERT(run(&out, "ls -A '%s' | grep -c 'out\\.dat'", g.dir) == 1);
	free(out);
	CU_ASSERT(sf_outfile_commit(&o) == 0);
	CU_ASSERT(file_size(path) == 3); /* the reserved room is given back */
	CU_ASSERT(o.fd == -1);

	/* a symbolic link: followed, and it stays a link */
	snprintf(link, sizeof(link), "%s/link.dat", g.dir);
	CU_ASSERT_FATAL(symlink("out.dat", link) == 0);
	CU_ASSERT_FATAL(sf_outfile_open(&o, link) == 0);
	CU_ASSERT(write(o.fd, "12345", 5) == 5);
	CU_ASSERT(sf_outfile_commit(&o) == 0);
	CU_ASSERT(file_size(path) == 5);
	CU_ASSERT(readlink(link, buf, sizeof(buf)) == 7);
	unlink(link);

	/* aborted: the file in place is untouched */
	CU_ASSERT_FATAL(sf_outfile_open(&o, path) == 0);
	CU_ASSERT(write(o.fd, "x", 1) == 1);
	sf_outfile_abort(&o);
	CU_ASSERT(file_size(path) == 5);

	/* a character device is written through, never replaced */
	CU_ASSERT_FATAL(sf_outfile_open(&o, "/dev/null") == 0);
	CU_ASSERT(o.through && o.tmpdir && o.tmpdir[0] == '/');
	CU_ASSERT(write(o.fd, "x", 1) == 1);
	CU_ASSERT(sf_outfile_commit(&o) == 0);

	/* a directory is refused */
	CU_ASSERT(sf_outfile_open(&o, g.dir) == -1 && errno == EISDIR);
	snprintf(link, sizeof(link), "%s/none/x.dat", g.dir);
	CU_ASSERT(sf_outfile_open(&o, link) == -1 && errno == ENOENT);

	/* input that can be read once, spooled */
	CU_ASSERT_FATAL(pipe(pfd) == 0);
	CU_ASSERT(write(pfd[1], "spool", 5) == 5);
	close(pfd[1]);
	fd = sf_spool_fd(pfd[0]);
	close(pfd[0]);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(read(fd, buf, sizeof(buf)) == 5 && !memcmp(buf, "spool", 5));
	close(fd);

	unlink(path);
	/* no hidden leftovers */
	CU_ASSERT(run(&out, "ls -A '%s' | grep '^\\.'", g.dir) == 1);
	free(out);
}

static void test_synthetic(void)
{
	struct sf_dat_meta m;
	char err[256];
	char *out;

	CU_ASSERT_FATAL(sf_dat_meta_read(g.synth, &m, err, sizeof(err)) == 0);
	CU_ASSERT_EQUAL(m.version, 6);
	CU_ASSERT_STRING_EQUAL(m.uname, "Linux build 6.18.0 mips");
	CU_ASSERT_STRING_EQUAL(m.machine, "mips");
	CU_ASSERT_STRING_EQUAL(m.clock, "global");
	CU_ASSERT_EQUAL(m.ncpus, 2);
	CU_ASSERT_EQUAL(m.ncpustat, 2);
	if (m.ncpustat == 2) {
		CU_ASSERT(strncmp(m.cpustat[0], "CPU: 0\nentries: 0\n", 18) == 0);
		CU_ASSERT(strncmp(m.cpustat[1], "CPU: 1\n", 7) == 0);
	}
	CU_ASSERT_EQUAL(m.overrun, 14);
	CU_ASSERT_EQUAL(m.dropped, 5);
	CU_ASSERT(m.sigftrace && !strcmp(m.sigftrace, fixture_boot_info));
	if (m.sigftrace) {
		struct sf_boot_info b;
		char *text;

		/* what persist stored comes back, and is written the same way */
		sf_boot_info_parse(m.sigftrace, &b);
		CU_ASSERT_STRING_EQUAL(b.boot_id, "0b8a1f5e-3c2d-4e6f-9a7b-1c2d3e4f5a6b");
		CU_ASSERT(b.wrapped && b.has_overrun && b.overrun == 70667);
		CU_ASSERT(b.complete_from == 26848593000ULL && !b.armed &&
			  b.shutdown == 1764538136);
		text = sf_boot_info_text(&b);
		CU_ASSERT_STRING_EQUAL(text, fixture_boot_info);
		free(text);
	}
	sf_dat_meta_free(&m);
	sf_dat_meta_free(&m); /* idempotent */

	if (no_trace_cmd("synthetic"))
		return;
	CU_ASSERT(run(&out, "trace-cmd dump -v '%s'", g.synth) == 0);
	CU_ASSERT(strstr(out, "is a valid trace-cmd file") != NULL);
	free(out);
	CU_ASSERT(run(&out, "trace-cmd report --stat '%s'", g.synth) == 0);
	CU_ASSERT(strstr(out, "dropped events: 5") != NULL);
	CU_ASSERT(strstr(out, "trace_clock bug") == NULL);
	free(out);
}

/* expect_fail - sf_dat_meta_read() must fail on @path with @msg in the message */
static void expect_fail(const char *path, const char *msg, const char *what)
{
	struct sf_dat_meta m;
	char err[256] = "x";
	int ret;

	ret = sf_dat_meta_read(path, &m, err, sizeof(err));
	if (ret != -1 || !err[0] || (msg && !strstr(err, msg)))
		fprintf(stderr, "\n  %s: ret %d, message \"%s\", expected \"%s\" ", what, ret, err,
			msg ? msg : "");
	CU_ASSERT_EQUAL(ret, -1);
	if (!ret) {
		sf_dat_meta_free(&m);
		return;
	}
	CU_ASSERT(err[0] != '\0');
	if (msg)
		CU_ASSERT(strstr(err, msg) != NULL);
	CU_ASSERT(m.uname == NULL && m.cpustat == NULL && m.ncpustat == 0);
}

/* expect_check_fail - reading every event of @path must fail with @msg in the message */
static void expect_check_fail(const char *path, const char *msg, const char *what)
{
	char err[256] = "";
	int fd = open(path, O_RDONLY);
	int ret;

	CU_ASSERT_FATAL(fd >= 0);
	ret = sf_dat_check(fd, NULL, err, sizeof(err));
	close(fd);
	if (ret != -1 || !strstr(err, msg))
		fprintf(stderr, "\n  %s: ret %d, message \"%s\", expected \"%s\" ", what, ret, err,
			msg);
	CU_ASSERT(ret == -1 && strstr(err, msg));
}

/* truncations - every prefix of @src up to @meta_end bytes, then every page */
static void truncations(const char *src, long long meta_end)
{
	long long size = data_end(src);
	char path[PATH_MAX];
	char what[64];
	long long len;
	int fd;

	snprintf(path, sizeof(path), "%s/truncated.dat", g.dir);
	CU_ASSERT_FATAL(size > 0 && copy_file(src, path, -1) == 0);
	fd = open(path, O_RDWR);
	CU_ASSERT_FATAL(fd >= 0);
	/* shrink step by step: ftruncate is cheaper than a copy per length */
	for (len = size - 1; len >= 0; len--) {
		if (len > meta_end && len % 4096 && len != size - 1)
			continue;
		CU_ASSERT_FATAL(ftruncate(fd, len) == 0);
		snprintf(what, sizeof(what), "%s cut at %lld", strrchr(src, '/') + 1, len);
		expect_fail(path, len < 10 ? "not a trace.dat file" : "truncated at ", what);
	}
	close(fd);
}

/*
 * mutations - flip bytes of the metadata (then anywhere): any result but a
 * crash is fine, and a failure always says why
 */
static void mutations(const char *src, long long meta_end, unsigned int seed)
{
	long long size = file_size(src);
	char path[PATH_MAX];
	struct sf_dat_meta m;
	char err[256];
	unsigned char b;
	long long off;
	int fd;
	int i;

	snprintf(path, sizeof(path), "%s/mutated.dat", g.dir);
	srand(seed);
	for (i = 0; i < 600; i++) {
		CU_ASSERT_FATAL(copy_file(src, path, -1) == 0);
		fd = open(path, O_RDWR);
		CU_ASSERT_FATAL(fd >= 0);
		off = rand() % (i < 400 ? meta_end : size);
		b = (unsigned char)rand();
		CU_ASSERT(pwrite(fd, &b, 1, off) == 1);
		err[0] = '\0';
		if (!sf_dat_meta_read(path, &m, err, sizeof(err)))
			sf_dat_meta_free(&m);
		else
			CU_ASSERT(err[0] != '\0');
		/* and every event, through the pages */
		err[0] = '\0';
		if (sf_dat_check(fd, NULL, err, sizeof(err)))
			CU_ASSERT(err[0] != '\0');
		close(fd);
	}
}

/* patch - a copy of @src with @len bytes at @off replaced */
static void patch(const char *src, const char *dst, long long off, const void *bytes, size_t len)
{
	int fd;

	CU_ASSERT_FATAL(copy_file(src, dst, -1) == 0);
	fd = open(dst, O_RDWR);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(pwrite(fd, bytes, len, off) == (ssize_t)len);
	close(fd);
}

static void test_corrupt(void)
{
	unsigned char junk[8192];
	char path[PATH_MAX];
	char v7[PATH_MAX];
	char *out;
	size_t i;
	int fd;

	snprintf(path, sizeof(path), "%s/empty.dat", g.dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	expect_fail(path, "not a trace.dat file", "empty file");
	expect_fail(g.dir, "not a trace.dat file", "directory");
	snprintf(path, sizeof(path), "%s/missing.dat", g.dir);
	expect_fail(path, "No such file", "missing file");

	srand(42);
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rand();
	snprintf(path, sizeof(path), "%s/junk.dat", g.dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0 && write(fd, junk, sizeof(junk)) == (ssize_t)sizeof(junk));
	close(fd);
	expect_fail(path, "not a trace.dat file", "random bytes");
	/* the magic followed by junk */
	fd = open(path, O_WRONLY);
	CU_ASSERT_FATAL(fd >= 0 && pwrite(fd, "\027\010\104tracing6", 12, 0) == 12);
	close(fd);
	expect_fail(path, NULL, "magic + random bytes");

	patch(g.synth, path, 10, "5", 1);
	expect_fail(path, "unsupported version 5", "version 5");
	patch(g.synth, path, 10, "x", 1);
	expect_fail(path, "bad version string", "version x");
	patch(g.synth, path, 12, "\3", 1);
	expect_fail(path, "endianness", "endianness 3");
	patch(g.synth, path, 18, "header_pagX", 11);
	expect_fail(path, "header_page", "header_page marker");

	/* with no CPU data, the zeros padding to the first page may go */
	truncations(g.synth, data_end(g.synth));
	mutations(g.synth, data_end(g.synth), 1);

	if (skipped("corrupt v6/v7 recorded files"))
		return;
	truncations(g.v6, g.v6_meta_end);
	mutations(g.v6, g.v6_meta_end, 2);
	if (no_trace_cmd("corrupt v7"))
		return;
	snprintf(v7, sizeof(v7), "%s/corrupt-src7.dat", g.dir);
	CU_ASSERT_FATAL(run(&out, "trace-cmd convert --file-version 7 -i '%s' -o '%s'", g.v6, v7) ==
			0);
	free(out);
	/* "zstd" -> "lz4x": an algorithm this reader does not know */
	patch(v7, path, 18, "lz4x", 4);
	expect_fail(path, "unsupported compression algorithm \"lz4x\"", "lz4x");
	/* "zstd" -> "zlib": the chunks are no zlib streams */
	patch(v7, path, 18, "zlib", 4);
	expect_check_fail(path, "zlib: corrupt data", "zstd data called zlib");
	truncations(v7, file_size(v7));
	mutations(v7, file_size(v7), 3);
}

/* pattern - byte @k of page @i of the chunk test; byte 100 is mark_pages()' */
static unsigned char pattern(int i, int k)
{
	return k == 100 ? 0xab : (unsigned char)(i * 7 + k / 64);
}

/* mark_pages - a pages_fn: byte 100 of each page becomes 0xab (pattern() has it) */
static int mark_pages(void *ctx, int cpu, unsigned char *pages, size_t len)
{
	size_t i;

	(void)cpu;
	for (i = 0; i + 4096 <= len; i += 4096)
		pages[i + 100] = 0xab;
	*(int *)ctx += (int)(len / 4096);
	return 0;
}

/*
 * v7_cpu_pages - decompress the chunks of one CPU at @off of @data (@len
 * bytes) and compare them with @npages pages of pattern() from page @first;
 * the chunks take @size bytes after their count, as trace-cmd counts them
 */
static void v7_cpu_pages(const unsigned char *data, long long len, unsigned long long off,
			 unsigned long long size, int first, int npages)
{
	const unsigned long long end = off + 4 + size;
	static unsigned char out[32 * 4096];
	unsigned int count;
	unsigned int csize;
	unsigned int usize;
	unsigned int c;
	int page = first;
	size_t n;
	int k;

	CU_ASSERT_FATAL((long long)off + 4 <= len);
	memcpy(&count, data + off, 4);
	off += 4;
	/* 32 pages a chunk */
	CU_ASSERT_EQUAL(count, (unsigned int)(npages + 31) / 32);
	for (c = 0; c < count; c++) {
		CU_ASSERT_FATAL((long long)off + 8 <= len);
		memcpy(&csize, data + off, 4);
		memcpy(&usize, data + off + 4, 4);
		CU_ASSERT_FATAL((long long)(off + 8 + csize) <= len && usize <= sizeof(out));
		CU_ASSERT_EQUAL(usize % 4096, 0);
		n = ZSTD_decompress(out, sizeof(out), data + off + 8, csize);
		CU_ASSERT_FATAL(!ZSTD_isError(n) && n == usize);
		for (k = 0; k < (int)n; k++)
			if (out[k] != pattern(page + k / 4096, k % 4096))
				break;
		CU_ASSERT_EQUAL(k, (int)n);
		page += (int)(n / 4096);
		off += 8 + csize;
	}
	CU_ASSERT_EQUAL(page, first + npages);
	CU_ASSERT_EQUAL(off, end);
}

/*
 * test_v7_chunks - the pages go into v7 in zstd chunks of 32 pages: 70 pages
 * (3 chunks, the last one short) on CPU 0, none on CPU 1, one on CPU 2;
 * trace-cmd dump must take the file and list exactly CPUs 0 and 2; the
 * pages_fn hook sees and changes every page, in v7 and in v6
 */
static void test_v7_chunks(void)
{
	unsigned char page[4096];
	char src[PATH_MAX];
	char v7[PATH_MAX];
	struct sf_dat_cpu cpus[3];
	struct sf_dat_info info = three_cpus(cpus);
	char v6[PATH_MAX];
	int marked = 0;
	unsigned long long off[3] = { 0 };
	unsigned long long sz[3] = { 0 };
	struct sf_dat_meta m;
	const char *p;
	long long len;
	char *data;
	char *out;
	int fd;
	int i;
	int j;

	snprintf(src, sizeof(src), "%s/chunks.raw", g.dir);
	fd = open(src, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	for (i = 0; i < 70; i++) {
		for (j = 0; j < (int)sizeof(page); j++)
			page[j] = pattern(i, j);
		page[100] = 0; /* the writer's pages_fn marks it */
		CU_ASSERT_FATAL(write(fd, page, sizeof(page)) == (ssize_t)sizeof(page));
	}
	cpus[0] = (struct sf_dat_cpu){ fd, 70 * 4096 };
	cpus[1] = (struct sf_dat_cpu){ -1, 0 };
	cpus[2] = (struct sf_dat_cpu){ fd, 4096 };
	info.file_version = 7;
	info.pages_fn = mark_pages;
	info.pages_ctx = &marked;
	snprintf(v7, sizeof(v7), "%s/chunks7.dat", g.dir);
	CU_ASSERT_FATAL(write_dat(v7, &info) == 0);
	/* every page went through pages_fn, whose changes are in the file */
	CU_ASSERT_EQUAL(marked, 71);
	info.file_version = 6;
	snprintf(v6, sizeof(v6), "%s/chunks6.dat", g.dir);
	CU_ASSERT_FATAL(write_dat(v6, &info) == 0);
	CU_ASSERT_EQUAL(marked, 142);
	close(fd);
	data = slurp(v6, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	/* v6: the pages of CPU 0 from the first page-aligned offset, then CPU 2's */
	CU_ASSERT_EQUAL_FATAL(len % 4096, 0);
	for (i = 0; i < 71; i++)
		CU_ASSERT_EQUAL((unsigned char)data[len - (71 - i) * 4096 + 100], 0xab);
	free(data);
	/* compressed: the patterns take much less than their 71 pages */
	CU_ASSERT(file_size(v7) > 0 && file_size(v7) < 20 * 4096);
	CU_ASSERT_FATAL(sf_dat_meta_read(v7, &m, NULL, 0) == 0);
	CU_ASSERT_EQUAL(m.version, 7);
	CU_ASSERT_EQUAL(m.ncpus, 3);
	CU_ASSERT_STRING_EQUAL(m.clock, "local");
	CU_ASSERT(m.nbuffers == 1 && m.buffers[0].bytes > 0);
	sf_dat_meta_free(&m);
	truncations(v7, file_size(v7));

	if (no_trace_cmd("v7 chunks"))
		return;
	CU_ASSERT(run(&out, "trace-cmd dump -v '%s'", v7) == 0);
	CU_ASSERT(strstr(out, "is a valid trace-cmd file") != NULL);
	free(out);
	/* the BUFFER option as trace-cmd reads it: "ID OFFSET SIZE" per CPU */
	CU_ASSERT_FATAL(run(&out, "trace-cmd dump --options '%s'", v7) == 0);
	p = strstr(out, "2 [CPUs]:\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p = strchr(p, '\n') + 1;
	for (j = 0; j < 2; j++) {
		CU_ASSERT_FATAL(sscanf(p, " %d %llu %llu", &i, &off[2], &sz[2]) == 3);
		CU_ASSERT_FATAL(i == 2 * j);
		off[i] = off[2];
		sz[i] = sz[2];
		p = strchr(p, '\n') + 1;
	}
	free(out);
	data = slurp(v7, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	v7_cpu_pages((unsigned char *)data, len, off[0], sz[0], 0, 70);
	v7_cpu_pages((unsigned char *)data, len, off[2], sz[2], 0, 1);
	free(data);
}

/* ---------------------------------------------------------------------------
 * tests on the recorded file
 */

/* read_meta - sf_dat_meta_read() of @path, a test failure with its message if it fails */
static bool read_meta(const char *path, struct sf_dat_meta *m)
{
	char err[256];

	if (!sf_dat_meta_read(path, m, err, sizeof(err)))
		return true;
	fprintf(stderr, "\n  %s: %s ", path, err);
	CU_FAIL("sf_dat_meta_read");
	return false;
}

static void check_meta(const char *path, int version)
{
	struct sf_dat_meta m;
	int i;

	if (!read_meta(path, &m))
		return;
	CU_ASSERT_EQUAL(m.version, version);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m.uname);
	CU_ASSERT(strstr(m.uname, g.uts.nodename) != NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m.machine);
	CU_ASSERT_STRING_EQUAL(m.machine, g.uts.machine);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m.clock);
	CU_ASSERT_STRING_EQUAL(m.clock, "mono");
	CU_ASSERT_EQUAL(m.ncpus, g.ncpus);
	CU_ASSERT_EQUAL(m.ncpustat, g.ncpus);
	for (i = 0; i < m.ncpustat; i++) {
		char want[32];

		snprintf(want, sizeof(want), "CPU: %d\n", i);
		CU_ASSERT(strncmp(m.cpustat[i], want, strlen(want)) == 0);
		CU_ASSERT(strstr(m.cpustat[i], "dropped events:") != NULL);
	}
	CU_ASSERT_EQUAL(m.overrun, 0);
	CU_ASSERT_EQUAL(m.dropped, 0);
	sf_dat_meta_free(&m);
}

static void test_recorded_meta(void)
{
	if (skipped("recorded metadata"))
		return;
	check_meta(g.v6, 6);
}

struct seen {
	int n;
	int sig[NSENT + 8];
	bool bad;
};

/* open_dat - @path opened by the reader with every format; a fatal failure if it cannot */
static struct sf_dat *open_dat(const char *path, int *fd)
{
	struct sf_dat *d;
	char err[256];

	*fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(*fd >= 0);
	d = sf_dat_open(*fd, NULL, 0, err, sizeof(err));
	if (!d)
		fprintf(stderr, "\n  %s: %s ", path, err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	return d;
}

/* check_events - our reader must give back exactly the signals we sent, in order */
static void check_events(const char *path, int version)
{
	struct seen s = { 0 };
	struct tep_record rec;
	struct tep_handle *tep;
	struct sf_dat *d;
	int buffer;
	int fd;
	int r;
	int i;

	d = open_dat(path, &fd);
	CU_ASSERT_EQUAL(sf_dat_meta(d)->version, version);
	tep = sf_dat_tep(d);
	while ((r = sf_dat_next(d, &rec, &buffer)) > 0) {
		struct tep_event *ev = tep_find_event_by_record(tep, &rec);
		unsigned long long sig;
		unsigned long long pid;

		if (!ev || strcmp(ev->name, "signal_generate") ||
		    tep_get_field_val(NULL, ev, "sig", &rec, &sig, 0) ||
		    tep_get_field_val(NULL, ev, "pid", &rec, &pid, 0) || (int)pid != g.pid ||
		    tep_data_pid(tep, &rec) != g.pid || s.n >= (int)SF_ARRAY_SIZE(s.sig) ||
		    buffer) {
			s.bad = true;
			continue;
		}
		s.sig[s.n++] = (int)sig;
	}
	if (r < 0)
		fprintf(stderr, "\n  %s: %s ", path, sf_dat_error(d));
	CU_ASSERT_EQUAL(r, 0);
	sf_dat_close(d);
	close(fd);
	CU_ASSERT(!s.bad);
	CU_ASSERT_EQUAL(s.n, NSENT);
	for (i = 0; i < NSENT && i < s.n; i++)
		CU_ASSERT_EQUAL(s.sig[i], sent_sigs[i]);
}

static void test_recorded_events(void)
{
	if (skipped("read-back"))
		return;
	check_events(g.v6, 6);
}

/* check_report - `trace-cmd report` shows our signals in order; *@report gets its output */
static void check_report(const char *path, char **report)
{
	char want[32];
	const char *p;
	char *out;
	int i;

	/* -N: the kernel's print format, whatever plugins are installed */
	CU_ASSERT_FATAL(run(&out, "trace-cmd report -N '%s'", path) == 0);
	CU_ASSERT_EQUAL(count_str(out, "signal_generate:"), NSENT);
	CU_ASSERT(strstr(out, "trace_clock bug") == NULL);
	CU_ASSERT(strstr(out, "unknown option") == NULL);
	p = out;
	for (i = 0; i < NSENT && p; i++) {
		p = strstr(p, "signal_generate:");
		if (!p)
			break;
		snprintf(want, sizeof(want), "sig=%d ", sent_sigs[i]);
		CU_ASSERT(strncmp(strstr(p, "sig="), want, strlen(want)) == 0);
		p++;
	}
	*report = out;
}

static void test_trace_cmd(void)
{
	char *report;
	char *out;

	if (skipped("trace-cmd dump/report") || no_trace_cmd("trace-cmd dump/report"))
		return;
	CU_ASSERT(run(&out, "trace-cmd dump -v '%s'", g.v6) == 0);
	CU_ASSERT(strstr(out, "is a valid trace-cmd file") != NULL);
	free(out);
	CU_ASSERT(run(&out, "trace-cmd dump --options '%s'", g.v6) == 0);
	CU_ASSERT(strstr(out, "[Option UNAME") != NULL);
	CU_ASSERT(strstr(out, "[Option TRACECLOCK") != NULL);
	CU_ASSERT(count_str(out, "[Option CPUSTAT") == g.ncpus);
	free(out);
	check_report(g.v6, &report);
	free(report);
}

/*
 * add_zstd_options - append a zstd-compressed options section holding a new
 * UNAME to the v7 file @path and link it from the last DONE option.
 * trace-cmd 3.1.6 never compresses options sections (it patches their DONE
 * offsets in place), but the format allows it and other writers may do it.
 */
static int add_zstd_options(const char *path, const char *uname_s)
{
	unsigned char plain[256];
	unsigned char hdr[256];
	unsigned long long size;
	unsigned long long next;
	unsigned long long off;
	unsigned long long pos = 0;
	unsigned short flags;
	unsigned int u32;
	unsigned short u16;
	size_t n = 0;
	size_t clen;
	void *z;
	int ret = -1;
	int fd;

	fd = open(path, O_RDWR);
	if (fd < 0 || pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr))
		goto out;
	/* magic, "7", endian, long size, page size, "zstd", "1.5.4", u64 */
	off = 18;
	off += strlen((char *)hdr + off) + 1;
	off += strlen((char *)hdr + off) + 1;
	memcpy(&next, hdr + off, 8);
	while (next) {
		off = next;
		if (pread(fd, &flags, 2, (off_t)off + 2) != 2 ||
		    pread(fd, &size, 8, (off_t)off + 8) != 8 || flags)
			goto out;
		pos = off + 16 + size - 8; /* the DONE option's offset */
		if (pread(fd, &next, 8, (off_t)pos) != 8)
			goto out;
	}
	u16 = 5; /* UNAME */
	u32 = (unsigned int)strlen(uname_s) + 1;
	memcpy(plain + n, &u16, 2);
	memcpy(plain + n + 2, &u32, 4);
	memcpy(plain + n + 6, uname_s, u32);
	n += 6 + u32;
	u16 = 0; /* DONE, no next section */
	u32 = 8;
	next = 0;
	memcpy(plain + n, &u16, 2);
	memcpy(plain + n + 2, &u32, 4);
	memcpy(plain + n + 6, &next, 8);
	n += 14;

	z = sf_xmalloc(ZSTD_compressBound(n));
	clen = ZSTD_compress(z, ZSTD_compressBound(n), plain, n, 3);
	if (!ZSTD_isError(clen)) {
		off = (unsigned long long)lseek(fd, 0, SEEK_END);
		/* section header: id 0, flags COMPRESS, string id, size */
		u16 = 0;
		flags = 1;
		u32 = 0;
		size = 8 + clen;
		memcpy(hdr, &u16, 2);
		memcpy(hdr + 2, &flags, 2);
		memcpy(hdr + 4, &u32, 4);
		memcpy(hdr + 8, &size, 8);
		/* compression header: compressed size, uncompressed size */
		u32 = (unsigned int)clen;
		memcpy(hdr + 16, &u32, 4);
		u32 = (unsigned int)n;
		memcpy(hdr + 20, &u32, 4);
		if (write(fd, hdr, 24) == 24 && write(fd, z, clen) == (ssize_t)clen &&
		    pwrite(fd, &off, 8, (off_t)pos) == 8)
			ret = 0;
	}
	free(z);
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

static void test_zstd_options(const char *v7)
{
	struct sf_dat_meta m;
	char path[PATH_MAX];
	char err[256];
	char *out;

	snprintf(path, sizeof(path), "%s/signals-v7-zopt.dat", g.dir);
	CU_ASSERT_FATAL(copy_file(v7, path, -1) == 0);
	CU_ASSERT_FATAL(add_zstd_options(path, "Linux sft 6.18.0 sparc64") == 0);
	CU_ASSERT_FATAL(sf_dat_meta_read(path, &m, err, sizeof(err)) == 0);
	CU_ASSERT_STRING_EQUAL(m.uname, "Linux sft 6.18.0 sparc64");
	CU_ASSERT_STRING_EQUAL(m.machine, "sparc64");
	CU_ASSERT_STRING_EQUAL(m.clock, "mono");
	CU_ASSERT_EQUAL(m.ncpustat, g.ncpus);
	sf_dat_meta_free(&m);
	/*
	 * libtracecmd agrees on the layout of the compressed section. (trace-cmd
	 * dump 3.1.6 prints its UNAME too, but then fails to read the DONE
	 * offset from a compressed section: "cannot read the next options
	 * offset".)
	 */
	CU_ASSERT(run(&out, "trace-cmd report --uname '%s'", path) == 0);
	CU_ASSERT(strstr(out, "Linux sft 6.18.0 sparc64") != NULL);
	free(out);
	check_events(path, 7);
	truncations(path, file_size(path));
}

static void test_convert_v7(void)
{
	char v7[PATH_MAX];
	char v7n[PATH_MAX];
	char *out;

	if (skipped("convert to v7") || no_trace_cmd("convert to v7"))
		return;
	snprintf(v7, sizeof(v7), "%s/signals-v7.dat", g.dir);
	snprintf(v7n, sizeof(v7n), "%s/signals-v7-none.dat", g.dir);
	CU_ASSERT_FATAL(run(&out, "trace-cmd convert --file-version 7 -i '%s' -o '%s'", g.v6, v7) ==
			0);
	free(out);
	CU_ASSERT_FATAL(run(&out,
			    "trace-cmd convert --file-version 7 --compression none -i '%s' -o '%s'",
			    g.v6, v7n) == 0);
	free(out);
	check_meta(v7, 7);
	check_meta(v7n, 7);
	check_events(v7, 7);
	check_events(v7n, 7);
	test_zstd_options(v7);
}

static void test_convert_v6(void)
{
	char v6[PATH_MAX];
	char *a;
	char *b;
	char *out;

	if (skipped("convert to v6") || no_trace_cmd("convert to v6"))
		return;
	snprintf(v6, sizeof(v6), "%s/signals-v6.dat", g.dir);
	CU_ASSERT_FATAL(run(&out, "trace-cmd convert --file-version 6 -i '%s' -o '%s'", g.v6, v6) ==
			0);
	free(out);
	check_report(g.v6, &a);
	check_report(v6, &b);
	/* the file name is not in the output, so the reports must be identical */
	CU_ASSERT_STRING_EQUAL(a, b);
	free(a);
	free(b);
	check_meta(v6, 6);
	/* trace-cmd rewrites our file byte for byte: same layout, same options */
	CU_ASSERT(run(&out, "cmp '%s' '%s'", g.v6, v6) == 0);
	free(out);
}

/*
 * test_own_v7 - sf_dat_write()'s v7 of the recorded pages: valid for
 * trace-cmd dump, the same report as the v6 file (libtracecmd reads it),
 * the same metadata for our reader, and a round trip through trace-cmd
 * convert to v6 and back; cut anywhere, it is an error for our reader
 */
static void test_own_v7(void)
{
	char v6[PATH_MAX];
	char v7[PATH_MAX];
	char *a;
	char *b;
	char *out;

	if (skipped("own v7"))
		return;
	check_meta(g.v7, 7);
	check_events(g.v7, 7);
	CU_ASSERT(file_size(g.v7) < file_size(g.v6));
	truncations(g.v7, file_size(g.v7));
	mutations(g.v7, file_size(g.v7), 5);
	if (no_trace_cmd("own v7"))
		return;
	CU_ASSERT(run(&out, "trace-cmd dump -v '%s'", g.v7) == 0);
	CU_ASSERT(strstr(out, "is a valid trace-cmd file") != NULL);
	free(out);
	CU_ASSERT(run(&out, "trace-cmd dump --summary '%s'", g.v7) == 0);
	CU_ASSERT(strstr(out, "zstd\t[Compression algorithm]") != NULL);
	free(out);
	check_report(g.v6, &a);
	check_report(g.v7, &b);
	CU_ASSERT_STRING_EQUAL(a, b);
	free(b);
	snprintf(v6, sizeof(v6), "%s/own-v7-to-v6.dat", g.dir);
	snprintf(v7, sizeof(v7), "%s/own-v7-to-v6-to-v7.dat", g.dir);
	CU_ASSERT_FATAL(run(&out, "trace-cmd convert --file-version 6 -i '%s' -o '%s'", g.v7, v6) ==
			0);
	free(out);
	CU_ASSERT_FATAL(run(&out, "trace-cmd convert --file-version 7 -i '%s' -o '%s'", v6, v7) ==
			0);
	free(out);
	check_report(v6, &b);
	CU_ASSERT_STRING_EQUAL(a, b);
	free(b);
	check_report(v7, &b);
	CU_ASSERT_STRING_EQUAL(a, b);
	free(b);
	free(a);
	check_meta(v6, 6);
	check_meta(v7, 7);
}

/* ---------------------------------------------------------------------------
 * trace-cmd's instance buffers (trace-cmd extract -B, tests/data/make-trace-cmd-B.sh)
 */

#define FIXTURE_B "tests/data/trace-cmd-B-v7.dat"

/* check_buffers - the top level is empty, both instances hold data */
static void check_buffers(const char *path, int version)
{
	struct sf_dat_meta m;
	int i;

	if (!read_meta(path, &m))
		return;
	CU_ASSERT_EQUAL(m.version, version);
	CU_ASSERT_EQUAL_FATAL(m.nbuffers, 3);
	CU_ASSERT_STRING_EQUAL(m.buffers[0].name, "");
	CU_ASSERT_EQUAL(m.buffers[0].bytes, 0);
	/* in the order of trace-cmd's BUFFER options */
	CU_ASSERT_STRING_EQUAL(m.buffers[1].name, "sft-hx-usr1");
	CU_ASSERT_STRING_EQUAL(m.buffers[2].name, "sft-hx-all");
	for (i = 1; i < 3; i++)
		CU_ASSERT(m.buffers[i].bytes > 0);
	if (version == 6) /* whole pages: one per CPU */
		CU_ASSERT_EQUAL(m.buffers[1].bytes, 2 * 4096);
	CU_ASSERT_EQUAL(m.ncpus, 2);
	sf_dat_meta_free(&m);
}

static void test_instance_buffers(void)
{
	char v6[PATH_MAX];
	char *out;
	long long first_page;

	check_buffers(FIXTURE_B, 7);
	truncations(FIXTURE_B, file_size(FIXTURE_B));
	if (no_trace_cmd("instance buffers in v6"))
		return;
	snprintf(v6, sizeof(v6), "%s/trace-cmd-B-v6.dat", g.dir);
	CU_ASSERT_FATAL(run(&out, "trace-cmd convert --file-version 6 -i '%s' -o '%s'", FIXTURE_B,
			    v6) == 0);
	free(out);
	check_buffers(v6, 6);
	/* every cut inside the metadata and the instances' CPU tables, then per page */
	first_page = (file_size(v6) - 4 * 4096);
	truncations(v6, first_page);
	mutations(v6, first_page, 4);
}

/*
 * test_hostile_chunks - issue 13's hostile v7 files, made from the -B
 * fixture: its instance sft-hx-usr1 keeps CPU 0's data at 4096 (a u32 count
 * of 1, then a chunk of u32 112 compressed bytes, u32 4096 bytes, zstd
 * frame), CPU 1's at 8192 (one chunk of 197 bytes)
 */
static void test_hostile_chunks(void)
{
	static const unsigned char big[4] = { 0xff, 0xff, 0xff, 0x7f };
	static const unsigned char zero[4] = { 0 };
	static const unsigned char two[4] = { 2, 0, 0, 0 };
	static const unsigned char junk[2] = { 0x5a, 0xa5 };
	char path[PATH_MAX];
	unsigned long long n;
	char err[256];
	int fd;

	snprintf(path, sizeof(path), "%s/hostile.dat", g.dir);
	/* the fixture itself reads fully */
	fd = open(FIXTURE_B, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(sf_dat_check(fd, &n, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n, 59);
	close(fd);
	/* a chunk count of 0x7fffffff: refused before any allocation */
	patch(FIXTURE_B, path, 4096, big, 4);
	expect_fail(
		path,
		"corrupt CPU 0 of instance \"sft-hx-usr1\" data: 2147483647 chunks in 120 bytes",
		"chunk count 0x7fffffff");
	patch(FIXTURE_B, path, 4096, zero, 4);
	expect_fail(path, "0 chunks in 120 bytes", "chunk count 0");
	/* a chunk that claims 0 bytes would silently drop the CPU's events */
	patch(FIXTURE_B, path, 4104, zero, 4);
	expect_check_fail(path, "CPU 0 of instance \"sft-hx-usr1\": chunk 1 claims 0 bytes",
			  "chunk of 0 bytes");
	/*
	 * 2 bytes changed inside the zstd data: where zstd sees it (trace-cmd's
	 * frames carry no checksum: a change inside literal bytes decodes to
	 * other bytes, which only the page checks below can catch)
	 */
	patch(FIXTURE_B, path, 4108 + 10, junk, 2);
	expect_check_fail(
		path,
		"CPU 0 of instance \"sft-hx-usr1\": corrupt chunk 1: zstd: Data corruption detected",
		"corrupt zstd data");
	/* ... or where it becomes a page that does not hold together */
	patch(FIXTURE_B, path, 4108 + 20, junk, 2);
	expect_check_fail(
		path,
		"CPU 0 of instance \"sft-hx-usr1\": corrupt chunk 1, page 1: 39475860 bytes of data in a page that holds 4080",
		"corrupt page in zstd data");
	/* a compressed size past the CPU's data, a count the data cannot hold */
	patch(FIXTURE_B, path, 4100, big, 4);
	expect_check_fail(path, "chunk 1 (2147483647 bytes) runs past the end of its data",
			  "chunk past the data");
	patch(FIXTURE_B, path, 8192, two, 4);
	expect_check_fail(path, "CPU 1 of instance \"sft-hx-usr1\": chunk 2 of 2 runs past the end",
			  "count 2, one chunk");
	/* the last options section's DONE pointing back to the first one */
	patch(FIXTURE_B, path, 17087, (const unsigned char[8]){ 0xec, 0x05 }, 8);
	expect_fail(path, "corrupt file: the options sections loop (offset 1516)", "options loop");
	/* a size that is no whole number of pages */
	patch(FIXTURE_B, path, 4104, big, 4);
	expect_check_fail(path, "chunk 1 claims 2147483647 bytes, not a number of pages",
			  "chunk of 2 GB");
}

/* ---------------------------------------------------------------------------
 * every event format of this kernel through the reader's format check
 */

struct fmt_set {
	struct sf_dat_system *sys;
	int nsys;
	struct sf_dat_event_fmt *ftrace;
	int nftrace;
	int total;
};

/* load_formats - every events/SYS/EVENT/format of this kernel */
static void load_formats(struct fmt_set *f)
{
	char path[PATH_MAX];
	struct dirent *se, *ee;
	DIR *sd, *ed;
	long long len;

	memset(f, 0, sizeof(*f));
	sd = opendir(TRACEFS_DIR "/events");
	if (!sd)
		return;
	while ((se = readdir(sd))) {
		struct sf_dat_system *sys;
		bool ftrace = !strcmp(se->d_name, "ftrace");

		if (se->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), TRACEFS_DIR "/events/%s", se->d_name);
		ed = opendir(path);
		if (!ed)
			continue;
		if (!ftrace) {
			f->sys = sf_xrealloc(f->sys, sizeof(*f->sys) * (size_t)(f->nsys + 1));
			sys = &f->sys[f->nsys++];
			*sys = (struct sf_dat_system){ sf_xstrdup(se->d_name), NULL, 0 };
		}
		while ((ee = readdir(ed))) {
			struct sf_dat_event_fmt *v;
			char *text;

			if (ee->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), TRACEFS_DIR "/events/%s/%s/format", se->d_name,
				 ee->d_name);
			text = slurp_stream(path, &len);
			if (!text)
				continue;
			f->total++;
			if (ftrace) {
				f->ftrace = sf_xrealloc(f->ftrace,
							sizeof(*v) * (size_t)(f->nftrace + 1));
				f->ftrace[f->nftrace++] =
					(struct sf_dat_event_fmt){ text, (size_t)len };
				continue;
			}
			sys = &f->sys[f->nsys - 1];
			v = sf_xrealloc((void *)sys->events,
					sizeof(*v) * (size_t)(sys->nevents + 1));
			v[sys->nevents++] = (struct sf_dat_event_fmt){ text, (size_t)len };
			sys->events = v;
		}
		closedir(ed);
	}
	closedir(sd);
}

static void free_formats(struct fmt_set *f)
{
	int i, j;

	for (i = 0; i < f->nsys; i++) {
		for (j = 0; j < f->sys[i].nevents; j++)
			free((void *)f->sys[i].events[j].text);
		free((void *)f->sys[i].events);
		free((void *)f->sys[i].name);
	}
	for (i = 0; i < f->nftrace; i++)
		free((void *)f->ftrace[i].text);
	free(f->sys);
	free(f->ftrace);
}

/*
 * fields_sig - every event of @tep and its fields as text, by event id (the
 * FLAG and SYMBOLIC marks come from __print_flags/__print_symbolic in the
 * print format, which the reader does not give libtraceevent)
 */
static void fields_sig(struct tep_handle *tep, struct sf_buf *out)
{
	const unsigned long print_only = TEP_FIELD_IS_FLAG | TEP_FIELD_IS_SYMBOLIC;
	struct tep_event **evs = tep_list_events(tep, TEP_EVENT_SORT_ID);
	const struct tep_format_field *fl;
	int i, k;

	for (i = 0; evs && evs[i]; i++) {
		sf_buf_printf(out, "%d %s:%s", evs[i]->id, evs[i]->system, evs[i]->name);
		for (k = 0; k < 2; k++)
			for (fl = k ? evs[i]->format.fields : evs[i]->format.common_fields; fl;
			     fl = fl->next)
				sf_buf_printf(out, " | %s %s %d %d %lx %d %u", fl->type, fl->name,
					      fl->offset, fl->size, fl->flags & ~print_only,
					      fl->arraylen, fl->elementsize);
		sf_buf_add(out, "\n", 1);
	}
}

/*
 * reference_sig - libtraceevent's parse of the kernel's own texts, print
 * formats included: "PARSED\n" and fields_sig(). In a child, which leaves
 * with _exit(): libtraceevent leaks on some of this kernel's print formats.
 */
static char *reference_sig(const struct fmt_set *f)
{
	struct sf_buf b = { 0 };
	char chunk[4096];
	int pfd[2], st, i, j;
	pid_t child;
	ssize_t n;

	CU_ASSERT_FATAL(pipe(pfd) == 0);
	fflush(NULL);
	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (!child) {
		struct tep_handle *ref = tep_alloc();
		int parsed = 0;

		close(pfd[0]);
		tep_set_long_size(ref, (int)sizeof(long));
		for (i = 0; i < f->nftrace; i++)
			parsed += !tep_parse_event(ref, f->ftrace[i].text, f->ftrace[i].len,
						   "ftrace");
		for (i = 0; i < f->nsys; i++)
			for (j = 0; j < f->sys[i].nevents; j++)
				parsed += !tep_parse_event(ref, f->sys[i].events[j].text,
							   f->sys[i].events[j].len, f->sys[i].name);
		sf_buf_printf(&b, "%d\n", parsed);
		fields_sig(ref, &b);
		_exit(write(pfd[1], b.p, b.len) == (ssize_t)b.len ? 0 : 1);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], chunk, sizeof(chunk))) > 0)
		sf_buf_add(&b, chunk, (size_t)n);
	close(pfd[0]);
	CU_ASSERT(waitpid(child, &st, 0) == child && WIFEXITED(st) && !WEXITSTATUS(st));
	return (char *)sf_buf_str(&b);
}

/*
 * test_all_formats - every event format of this kernel, written into a file
 * and read back: the reader checks and rewrites each one before
 * libtraceevent parses it (without its print format); every event must come
 * out with exactly the fields libtraceevent finds in the original text
 */
static void test_all_formats(void)
{
	struct sf_dat_cpu cpu = { -1, 0 };
	struct sf_dat_info info = { 0 };
	struct sf_buf ours = { 0 };
	char path[PATH_MAX];
	struct fmt_set f;
	struct sf_dat *d;
	char *ref, *sig;
	int fd;

	if (access(TRACEFS_DIR "/events/header_page", R_OK)) {
		if (getenv("CI"))
			CU_FAIL("no tracefs in CI");
		fprintf(stderr, "\n  every format: skipped, no %s ", TRACEFS_DIR);
		return;
	}
	load_formats(&f);
	CU_ASSERT_FATAL(f.total > 100);
	info.header_page = slurp_stream(TRACEFS_DIR "/events/header_page", &(long long){ 0 });
	CU_ASSERT_FATAL(info.header_page != NULL);
	info.header_page_len = strlen(info.header_page);
	info.ftrace = f.ftrace;
	info.nftrace = f.nftrace;
	info.systems = f.sys;
	info.nsystems = f.nsys;
	info.cpus = &cpu;
	info.ncpus = 1;
	info.page_size = 4096;
	info.long_size = (int)sizeof(long);
	snprintf(path, sizeof(path), "%s/formats.dat", g.dir);
	CU_ASSERT_FATAL(write_dat(path, &info) == 0);
	free((void *)info.header_page);

	ref = reference_sig(&f);
	d = open_dat(path, &fd);
	sf_buf_printf(&ours, "%d\n", f.total - sf_dat_meta(d)->bad_formats);
	fields_sig(sf_dat_tep(d), &ours);
	sig = (char *)sf_buf_str(&ours);
	if (strcmp(ref, sig)) {
		size_t k = 0;

		while (ref[k] && ref[k] == sig[k])
			k++;
		while (k && ref[k - 1] != '\n')
			k--;
		fprintf(stderr, "\n  libtraceevent: %.200s\n  the reader:    %.200s ", ref + k,
			sig + k);
	}
	CU_ASSERT_STRING_EQUAL(ref, sig);
	sf_dat_close(d);
	close(fd);
	free(ref);
	sf_buf_free(&ours);
	free_formats(&f);
}

int sf_unit_datfile(void)
{
	CU_pSuite s = CU_add_suite("datfile", setup, teardown);

	if (!s || !CU_add_test(s, "writer argument checks", test_write_args) ||
	    !CU_add_test(s, "copy_file_range and fallback", test_copy_paths) ||
	    !CU_add_test(s, "v7: pages in compressed chunks", test_v7_chunks) ||
	    !CU_add_test(s, "atomic output", test_atomic) ||
	    !CU_add_test(s, "outputs written through, links followed", test_outfile) ||
	    !CU_add_test(s, "synthetic v6 file", test_synthetic) ||
	    !CU_add_test(s, "recorded v6: metadata", test_recorded_meta) ||
	    !CU_add_test(s, "recorded v6: read back event by event", test_recorded_events) ||
	    !CU_add_test(s, "recorded v6: trace-cmd dump and report", test_trace_cmd) ||
	    !CU_add_test(s, "trace-cmd convert to v7", test_convert_v7) ||
	    !CU_add_test(s, "trace-cmd convert back to v6", test_convert_v6) ||
	    !CU_add_test(s, "own v7: trace-cmd, libtracecmd, round trip", test_own_v7) ||
	    !CU_add_test(s, "corrupt and truncated files", test_corrupt) ||
	    !CU_add_test(s, "trace-cmd -B: every buffer, v7 and v6", test_instance_buffers) ||
	    !CU_add_test(s, "hostile v7 chunk tables and data (issue 13)", test_hostile_chunks) ||
	    !CU_add_test(s, "every event format of this kernel", test_all_formats))
		return -1;
	return 0;
}
