// SPDX-License-Identifier: GPL-2.0
/*
 * sf-sink-kmsg - the kernel log sink (stream --kmsg): every generate event
 * shown, as the original kernel patch printed it, written to /dev/kmsg so
 * that consoles and pstore get it.
 *
 * /dev/kmsg takes 10 lines per open file in 5 s unless the sysctl
 * kernel.printk_devkmsg is "on" (and drops the rest silently): a new open
 * file every 10 lines keeps every line. A line the log does not take is
 * counted, not an error: a full log is not our failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sf-out.h"
#include "sf-util.h"

#define SF_KMSG_BURST 10

struct kmsg {
	struct sf_out out;
	struct sigftrace_render_opts seed;
	int fd;
	unsigned int writes; /* on fd since it was opened */
};

static void kmsg_signal(struct sf_out *out, const struct sf_signal *sig)
{
	struct kmsg *k = (struct kmsg *)out;
	char line[SIGFTRACE_LINE_MAX + 1];
	size_t n;

	if (sig->s.kind != SIGFTRACE_EV_GENERATE)
		return;
	n = sigftrace_format_ids(line, SIGFTRACE_LINE_MAX, &sig->s, &sig->ids, &k->seed);
	line[n++] = '\n';
	if (k->writes >= SF_KMSG_BURST) {
		int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

		if (fd >= 0) {
			dup2(fd, k->fd);
			close(fd);
			k->writes = 0;
		}
	}
	k->writes++;
	if (write(k->fd, line, n) != (ssize_t)n)
		out->dropped++;
}

static void kmsg_free(struct sf_out *out)
{
	struct kmsg *k = (struct kmsg *)out;

	close(k->fd);
	free(k);
}

static const struct sf_out_ops kmsg_ops = {
	.signal = kmsg_signal,
	.free = kmsg_free,
};

struct sf_out *sf_sink_kmsg_open(const struct sigftrace_arch *arch, char *err, size_t errsz)
{
	struct kmsg *k;
	char mode[16] = "";
	int fd = open("/proc/sys/kernel/printk_devkmsg", O_RDONLY | O_CLOEXEC);

	/* "off": the kernel drops every line written to /dev/kmsg, silently */
	if (fd >= 0) {
		if (read(fd, mode, sizeof(mode) - 1) < 0)
			mode[0] = '\0';
		close(fd);
	}
	if (!strncmp(mode, "off", 3)) {
		snprintf(
			err, errsz,
			"cannot log to /dev/kmsg: the kernel drops what is written there (sysctl kernel.printk_devkmsg is off)");
		errno = EPERM;
		return NULL;
	}
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsz, "cannot open /dev/kmsg: %s", strerror(errno));
		errno = ENOENT;
		return NULL;
	}
	k = sf_xcalloc(1, sizeof(*k));

	k->out.ops = &kmsg_ops;
	k->out.immediate = true;
	k->seed.arch = arch;
	k->seed.flags = SIGFTRACE_FMT_SEED;
	k->fd = fd;
	return &k->out;
}
