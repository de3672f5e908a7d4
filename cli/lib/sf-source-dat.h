/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-source-dat - events from a trace.dat file, ours or trace-cmd's, version
 * 6 or 7, every buffer of it (trace-cmd record/extract -B keep their events
 * in instance buffers): the file read by sf-datread with the formats the
 * pipeline decodes, its records in time order across CPUs and buffers, each
 * with the name of its buffer when more than one holds data.
 *
 * Lower layer: nothing here prints or exits.
 */
#ifndef SF_SOURCE_DAT_H
#define SF_SOURCE_DAT_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include "sf-datread.h"

struct sf_source_dat {
	int fd;
	struct sf_dat *d;
	const struct sf_dat_meta *meta;
	bool opened; /* @fd is open */
	bool name_buffers; /* more than one buffer holds data: records say theirs */
	/* the buffer of the record sf_srcdat_next() gave: "" the top level, NULL unsaid */
	const char *buffer;
};

/**
 * sf_srcdat_open() - open and check @path
 * Return: 0, or -1 with errno and a message in @err ("CPU 1: corrupt
 * chunk 3: ..."). sf_srcdat_close() in either case.
 */
int sf_srcdat_open(struct sf_source_dat *s, const char *path, char *err, size_t errsz);

/* sf_srcdat_tep() - the file's event formats */
struct tep_handle *sf_srcdat_tep(const struct sf_source_dat *s);

/* sf_srcdat_rewind() - from the first record again (a second pass) */
void sf_srcdat_rewind(struct sf_source_dat *s);

/* sf_srcdat_fail() - the message of sf_srcdat_next()'s -1 into @err */
int sf_srcdat_fail(struct sf_source_dat *s, char *err, size_t errsz);

/**
 * sf_srcdat_next() - the next record in time order, s->buffer its buffer
 * (inline: called for every record)
 * Return: 1, 0 at the end, or -1 when the data cannot be read (a message in
 * @err naming the CPU, buffer, chunk or page).
 */
static inline int sf_srcdat_next(struct sf_source_dat *s, struct tep_record *rec, char *err,
				 size_t errsz)
{
	int buffer;
	int r = sf_dat_next(s->d, rec, &buffer);

	if (r > 0)
		s->buffer = s->name_buffers ? s->meta->buffers[buffer].name : NULL;
	else if (r < 0)
		return sf_srcdat_fail(s, err, errsz);
	return r;
}

/* sf_srcdat_close() - also of a zeroed struct never opened */
void sf_srcdat_close(struct sf_source_dat *s);

#endif /* SF_SOURCE_DAT_H */
