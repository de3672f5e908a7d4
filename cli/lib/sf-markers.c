// SPDX-License-Identifier: GPL-2.0
/*
 * sf-markers - the marker protocol (see sf-markers.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sf-markers.h"

/* has_prefix - @buf (@len bytes) starts with @prefix (@size bytes with its NUL) and more */
static bool has_prefix(const char *buf, size_t len, const char *prefix, size_t size)
{
	return len > size && !memcmp(buf, prefix, size - 1);
}

enum sf_marker_type sf_marker_parse(const char *buf, size_t len, struct sf_marker *m)
{
	static const char cp[] = SF_COMM_MARKER;
	static const char kp[] = SF_KTHREAD_MARKER;
	static const char tp[] = SF_THREAD_MARKER;
	static const char bp[] = SF_BOOT_MARKER;
	static const char op[] = SF_OVERRUN_MARKER;
	size_t n;
	int off = 0;

	memset(m, 0, sizeof(*m));
	if (has_prefix(buf, len, tp, sizeof(tp))) {
		m->type = SF_MARKER_THREAD;
		buf += sizeof(tp) - 1;
		len -= sizeof(tp) - 1;
		/* sscanf() stops at the newline, which must be there */
		m->valid = memchr(buf, '\n', len) && sscanf(buf, "%d %d", &m->pid, &m->tgid) == 2 &&
			   m->pid > 0 && m->tgid > 0;
		return m->type;
	}
	if (has_prefix(buf, len, kp, sizeof(kp))) {
		m->type = SF_MARKER_KTHREAD;
		buf += sizeof(kp) - 1;
		len -= sizeof(kp) - 1;
	} else if (has_prefix(buf, len, cp, sizeof(cp))) {
		m->type = SF_MARKER_COMM;
		buf += sizeof(cp) - 1;
		len -= sizeof(cp) - 1;
	} else {
		if ((len >= sizeof(bp) - 1 && !memcmp(buf, bp, sizeof(bp) - 1)) ||
		    (len >= sizeof(op) - 1 && !memcmp(buf, op, sizeof(op) - 1)))
			return m->type = SF_MARKER_BOOT;
		return SF_MARKER_NONE;
	}
	if (!memchr(buf, '\n', len) || sscanf(buf, "%d %n", &m->pid, &off) != 1 || !off)
		return m->type;
	n = strcspn(buf + off, "\n");
	if (n > SIGFTRACE_COMM_LEN)
		n = SIGFTRACE_COMM_LEN;
	memcpy(m->comm, buf + off, n);
	m->comm[n] = '\0';
	m->valid = true;
	return m->type;
}

void sf_boot_id(char *id)
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, id, 39) : -1;

	if (fd >= 0)
		close(fd);
	id[n > 0 ? n : 0] = '\0';
	id[strcspn(id, "\n")] = '\0';
}

void sf_boot_info_take(struct sf_boot_info *b, int cpu, const char *buf, size_t len)
{
	static const char bp[] = SF_BOOT_MARKER;
	static const char op[] = SF_OVERRUN_MARKER;
	char line[128], id[40], ev[16];
	unsigned long long when, n;
	const char *nl = memchr(buf, '\n', len);
	int c;

	/* a whole line that fits, as sf_save_mark() writes them */
	if (!nl || (size_t)(nl - buf) >= sizeof(line))
		return;
	memcpy(line, buf, (size_t)(nl - buf));
	line[nl - buf] = '\0';
	if (!strncmp(line, bp, sizeof(bp) - 1)) {
		if (sscanf(line + sizeof(bp) - 1, "%39s %15s %llu", id, ev, &when) != 3)
			return;
		snprintf(b->boot_id, sizeof(b->boot_id), "%s", strcmp(id, "-") ? id : "");
		if (!strcmp(ev, "armed")) {
			b->armed = when;
			b->armed_cpu = cpu;
		} else if (!strcmp(ev, "shutdown")) {
			/* the last mark counts: its overrun markers follow it */
			b->shutdown = when;
			b->overrun = 0;
			b->has_overrun = false;
		}
	} else if (!strncmp(line, op, sizeof(op) - 1) && b->shutdown &&
		   sscanf(line + sizeof(op) - 1, "%d %llu", &c, &n) == 2) {
		b->overrun += n;
		b->has_overrun = true;
	}
}

char *sf_boot_info_text(const struct sf_boot_info *b)
{
	struct sf_buf t = { 0 };

	sf_buf_printf(&t, "boot=%s\narmed=%llu\nshutdown=%llu\nsaved=%llu\nsaved-by=%s\n",
		      b->boot_id, b->armed, b->shutdown, b->saved, b->saved_by);
	sf_buf_printf(&t, "wrapped=%d\ncomplete-from=%llu\n", b->wrapped, b->complete_from);
	if (b->has_overrun)
		sf_buf_printf(&t, "overrun=%llu\n", b->overrun);
	return t.p ? t.p : sf_xstrdup("");
}

void sf_boot_info_parse(const char *text, struct sf_boot_info *b)
{
	const char *line;

	memset(b, 0, sizeof(*b));
	b->armed_cpu = -1;
	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		size_t n = strcspn(line, "\n");
		unsigned long long v;
		char key[16], val[40];

		if (n >= 64 || sscanf(line, "%15[a-z-]=%39[^\n]", key, val) != 2)
			continue;
		v = strtoull(val, NULL, 10);
		if (!strcmp(key, "boot"))
			snprintf(b->boot_id, sizeof(b->boot_id), "%s", val);
		else if (!strcmp(key, "saved-by"))
			snprintf(b->saved_by, sizeof(b->saved_by), "%s", val);
		else if (!strcmp(key, "armed"))
			b->armed = v;
		else if (!strcmp(key, "shutdown"))
			b->shutdown = v;
		else if (!strcmp(key, "saved"))
			b->saved = v;
		else if (!strcmp(key, "wrapped"))
			b->wrapped = v != 0;
		else if (!strcmp(key, "complete-from"))
			b->complete_from = v;
		else if (!strcmp(key, "overrun")) {
			b->overrun = v;
			b->has_overrun = true;
		}
	}
}

/* put_date - ", WHAT DATE" (no comma for the first one) when @when is set */
static void put_date(struct sf_buf *out, bool *first, const char *what, unsigned long long when)
{
	time_t tt = (time_t)when;
	struct tm tm;
	char d[64];

	if (!when || !localtime_r(&tt, &tm) || !strftime(d, sizeof(d), "%Y-%m-%d %H:%M:%S %Z", &tm))
		return;
	sf_buf_printf(out, "%s%s %s", *first ? "" : ", ", what, d);
	*first = false;
}

void sf_boot_info_describe(const struct sf_boot_info *b, struct sf_buf *out)
{
	bool first = true;

	sf_buf_printf(out, "%s (", b->boot_id[0] ? b->boot_id : "(id unknown)");
	put_date(out, &first, "tracing armed", b->armed);
	put_date(out, &first, "shutdown began", b->shutdown);
	put_date(out, &first, "saved", b->saved);
	sf_buf_printf(out, "%s)", first ? "no sigftrace marker in the buffer" : "");
}
