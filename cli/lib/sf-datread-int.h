/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-datread-int - what the parts of the trace.dat reader share, and
 * nothing outside them includes (tests/layers.sh): the open file's state,
 * the read cursor, the limits against corrupt sizes, and the helpers with
 * the sf_dr_ prefix. The parts:
 *   sf-datread.c          reading the file's start, version 6, open/close,
 *                         the read cursor and the messages
 *   sf-datread-options.c  the options: buffers, CPU data, statistics, clock
 *   sf-datread-formats.c  header_page, the event formats (checked and
 *                         rewritten before libtraceevent parses them),
 *                         saved cmdlines
 *   sf-datread-v7.c       version 7: sections, their compression
 *   sf-datread-events.c   the CPU data: blocks and chunks into the page merger
 */
#ifndef SF_DATREAD_INT_H
#define SF_DATREAD_INT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef SF_LIBZSTD
#include <zstd.h>
#endif

#include "sf-datfmt.h"
#include "sf-datread.h"
#include "sf-util.h"

extern const char *const sf_dr_section_names[6]; /* by option id - OPT_HEADER_INFO */

enum { COMP_NONE, COMP_ZSTD, COMP_ZLIB };

/* limits against corrupt sizes (the file's size bounds everything else) */
#define MAX_OPTION_LEN (16U << 20)
#define MAX_SECTION_LEN (256U << 20)
#define MAX_FORMAT_LEN (1U << 20)
#define MAX_STRING_LEN 4096
#define MAX_BUFFERS 1024
#define MAX_OPTION_SECTIONS (MAX_BUFFERS + 64)
#define MAX_CHUNK (64U << 20) /* trace-cmd writes 10 pages */
#define MEM_BUDGET (256ULL << 20) /* all CPUs' blocks and chunks together */
#define BLOCK_MAX (1U << 20) /* uncompressed data is read this much at a time */
#define BLOCKS_TOTAL (8U << 20)
#define NAME_SHOWN 64 /* of an instance's name in messages */
#define HDR_MAX 64 /* a page header (16 bytes today) */

/* One CPU of one buffer, with data. */
struct dat_cpu {
	int cpu;
	int buf;
	unsigned long long off; /* where its data starts in the file */
	unsigned long long size; /* as the file says: page bytes, or chunk bytes */
	bool compressed;
	unsigned long long pos; /* next byte to read */
	unsigned long long run; /* file offset of the current block (uncompressed) */
	unsigned int nchunks; /* compressed: the count in front of the chunks */
	unsigned int chunk; /* compressed: chunks read */
	unsigned char *blk; /* the current block or decompressed chunk */
	size_t cap;
};

struct sf_dat {
	int fd;
	unsigned long long fsize;
	bool swap; /* file byte order differs from ours */
	unsigned int flags;
	const char *const *systems;
	struct sf_dat_meta m;
	struct tep_handle *tep;
	int comp;
#ifdef SF_LIBZSTD
	ZSTD_DCtx *zctx;
#endif
	unsigned char *zbuf; /* compressed bytes of one chunk */
	size_t zcap;
	struct dat_cpu *cpus; /* every CPU with data, buffer by buffer */
	int ncpus;
	size_t block; /* bytes read at a time from uncompressed data */
	unsigned long long mem; /* bytes of every CPU's block */
	struct sf_pages merge;
	bool merging;
	/* parsing */
	bool has_traceclock;
	long long cpucount; /* CPUCOUNT option, -1 if none */
	long long inst_cpucount; /* v6: of the instance being read */
	bool in_instance;
	const char *buffer; /* instance being read (messages), NULL: top level */
	unsigned long long sections[6]; /* v7: offsets of HEADER_INFO..CMDLINES */
	unsigned long long *inst_off; /* v6: where each instance's CPU table is */
	char **inst_name;
	int ninst;
	bool have_layout;
	char err[512];
};

/* A read position in the file (@mem NULL) or in a loaded section. */
struct cur {
	const unsigned char *mem;
	unsigned long long off;
	unsigned long long end;
	const char *what; /* for "truncated at <what>" */
};

int sf_dr_add_buffer(struct sf_dat *d, const char *name, unsigned long long bytes, int ncpus,
		     bool latency);
char *sf_dr_bracket_clock(const char *text);
int sf_dr_check_common(struct sf_dat *d);
int sf_dr_check_cpu_data(struct sf_dat *d, int buf, int cpu, unsigned long long off,
			 unsigned long long size, bool compressed);
const char *sf_dr_cpu_what(const struct sf_dat *d, const struct dat_cpu *c, char *s, size_t size);
int sf_dr_cur_blob(struct sf_dat *d, struct cur *c, unsigned long long size, unsigned long long max,
		   char **out);
int sf_dr_cur_num(struct sf_dat *d, struct cur *c, int size, unsigned long long *v);
int sf_dr_cur_read(struct sf_dat *d, struct cur *c, void *buf, size_t n);
int sf_dr_cur_skip(struct sf_dat *d, struct cur *c, unsigned long long n);
int sf_dr_cur_str(struct sf_dat *d, struct cur *c, char **out);
int sf_dr_decompress(struct sf_dat *d, const void *src, size_t csize, void *dst, size_t usize,
		     char *why, size_t whysz);
int sf_dr_fail(struct sf_dat *d, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sf_dr_handle_option(struct sf_dat *d, unsigned int id, const unsigned char *data, size_t size);
unsigned long long sf_dr_num(const struct sf_dat *d, const void *p, int size);
int sf_dr_oom(struct sf_dat *d);
int sf_dr_pread_full(int fd, void *buf, size_t n, unsigned long long off);
int sf_dr_read_cmdlines(struct sf_dat *d, struct cur *c);
int sf_dr_read_event_formats(struct sf_dat *d, struct cur *c);
int sf_dr_read_ftrace_formats(struct sf_dat *d, struct cur *c);
int sf_dr_read_headers(struct sf_dat *d, struct cur *c);
int sf_dr_read_options_v6(struct sf_dat *d, struct cur *c);
int sf_dr_read_sized(struct sf_dat *d, struct cur *c, const char *what);
int sf_dr_read_v7(struct sf_dat *d, struct cur *c);
int sf_dr_section_header(struct sf_dat *d, unsigned long long off, unsigned int want,
			 const char *what, unsigned long long *flags, unsigned long long *size);
int sf_dr_truncated(struct sf_dat *d, const struct cur *c);

#endif /* SF_DATREAD_INT_H */
