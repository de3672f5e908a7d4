// SPDX-License-Identifier: GPL-2.0
/*
 * sf-source-dat - the records of a trace.dat file (see sf-source-dat.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sf-source-dat.h"

/* the event systems the pipeline decodes: the other formats are not parsed */
static const char *const systems[] = { "signal", "task", "sched", "ftrace", "cgroup", "oom", NULL };

int sf_srcdat_open(struct sf_source_dat *s, const char *path, char *err, size_t errsz)
{
	int with_data = 0;
	int i;

	memset(s, 0, sizeof(*s));
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		snprintf(err, errsz, "%s", strerror(errno));
		return -1;
	}
	s->opened = true;
	s->d = sf_dat_open(s->fd, systems, 0, err, errsz);
	if (!s->d)
		return -1;
	s->meta = sf_dat_meta(s->d);
	for (i = 0; i < s->meta->nbuffers; i++)
		with_data += s->meta->buffers[i].bytes > 0;
	s->name_buffers = with_data > 1;
	return 0;
}

struct tep_handle *sf_srcdat_tep(const struct sf_source_dat *s)
{
	return sf_dat_tep(s->d);
}

void sf_srcdat_rewind(struct sf_source_dat *s)
{
	sf_dat_rewind(s->d);
}

int sf_srcdat_fail(struct sf_source_dat *s, char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", sf_dat_error(s->d));
	return -1;
}

void sf_srcdat_close(struct sf_source_dat *s)
{
	sf_dat_close(s->d);
	if (s->opened)
		close(s->fd);
	memset(s, 0, sizeof(*s));
}
