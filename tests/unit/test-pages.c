// SPDX-License-Identifier: GPL-2.0
/*
 * Ring-buffer pages of 32- and 64-bit kernels, in both byte orders.
 *
 * A page starts with the kernel's struct buffer_data_page: a u64 timestamp
 * and a local_t commit (the data size and two flags), then the events. The
 * commit is a kernel long: 4 bytes on a 32-bit kernel, whose pages hold 4084
 * bytes from offset 12, 8 on a 64-bit one (4080 from 16). What says which is
 * the file's header_page, not the long size in the file header, which is the
 * recording program's: a 32-bit program on a 64-bit kernel writes 4 there.
 *
 * Hand-built version 6 files, one full page each, are read by the trace.dat
 * reader (sf_dat_check() refuses pages that do not fit), and the pages are
 * decoded by the page merger that record, stream, persist and report use.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event-parse.h>

#include "unit.h"
#include "sf-datread.h"
#include "sf-pages.h"
#include "sf-util.h"

#define PAGE 4096
#define MISSED_EVENTS (1U << 31)
#define MISSED_STORED (1U << 30)

/* events/header_page as a 32-bit and a 64-bit kernel print it */
static const char hp32[] = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
			   "\tfield: local_t commit;\toffset:8;\tsize:4;\tsigned:1;\n"
			   "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
			   "\tfield: char data;\toffset:12;\tsize:4084;\tsigned:0;\n";
static const char hp64[] = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
			   "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
			   "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
			   "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";

/* A byte buffer written in a chosen byte order. */
struct hb {
	unsigned char *p;
	size_t len;
	bool be;
};

static void hb_add(struct hb *b, const void *data, size_t n)
{
	b->p = sf_xrealloc(b->p, b->len + n);
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void hb_num(struct hb *b, unsigned long long v, int size)
{
	unsigned char bytes[8];
	int i;

	for (i = 0; i < size; i++)
		bytes[b->be ? size - 1 - i : i] = (unsigned char)(v >> (8 * i));
	hb_add(b, bytes, (size_t)size);
}

/* put_num - overwrite @size bytes at @off with @v in @b's byte order */
static void put_num(struct hb *b, size_t off, unsigned long long v, int size)
{
	struct hb tmp = { NULL, 0, b->be };

	hb_num(&tmp, v, size);
	memcpy(b->p + off, tmp.p, (size_t)size);
	free(tmp.p);
}

/*
 * page_of - one page of a @lsize kernel holding @data_size bytes of events of
 * 12 and 8 bytes (type_len 2 and 1, time delta 100 each), then @flags in the
 * commit; the rest of the page is zeros. Return: the number of events.
 */
static int page_of(struct hb *b, int lsize, unsigned int data_size, unsigned int flags)
{
	size_t start = b->len;
	unsigned int used = 0;
	int n = 0;

	hb_num(b, 1000000, 8);
	hb_num(b, 0, lsize);
	while (used < data_size) {
		/* 8-byte events for the last 16 bytes of a 32-bit page */
		unsigned int type_len = (data_size - used) % 12 ? 1 : 2;
		unsigned int delta = 100;

		hb_num(b, b->be ? (type_len << 27) | delta : (delta << 5) | type_len, 4);
		hb_num(b, 0xab00 + (unsigned int)n, 4);
		if (type_len == 2)
			hb_num(b, 0, 4);
		used += 4 + 4 * type_len;
		n++;
	}
	put_num(b, start + 8, used | flags, lsize);
	b->p = sf_xrealloc(b->p, start + PAGE);
	memset(b->p + b->len, 0, start + PAGE - b->len);
	b->len = start + PAGE;
	return n;
}

/*
 * full_page - one page of a @lsize kernel: events of 12 and 8 bytes (type_len
 * 2 and 1, time delta 100 each) filling all its data, then @flags in the
 * commit. Return: the number of events.
 */
static int full_page(struct hb *b, int lsize, unsigned int flags)
{
	return page_of(b, lsize, PAGE - 8 - (unsigned int)lsize, flags);
}

/*
 * write_v6 - a version 6 file with @pages (whole pages) as CPU 0's data
 * @flong: the file header's long size (the recording program's)
 */
static void write_v6(const char *path, bool be, int flong, const char *hp, const struct hb *pages)
{
	struct hb b = { NULL, 0, be };
	unsigned long long data_off;
	FILE *f;

	hb_add(&b, "\027\010\104tracing6", 12); /* with the NUL */
	hb_num(&b, be, 1);
	hb_num(&b, (unsigned int)flong, 1);
	hb_num(&b, PAGE, 4);
	hb_add(&b, "header_page", 12);
	hb_num(&b, strlen(hp), 8);
	hb_add(&b, hp, strlen(hp));
	hb_add(&b, "header_event", 13);
	hb_num(&b, 0, 8);
	hb_num(&b, 0, 4); /* ftrace formats */
	hb_num(&b, 0, 4); /* event systems */
	hb_num(&b, 0, 4); /* kallsyms */
	hb_num(&b, 0, 4); /* printk formats */
	hb_num(&b, 0, 8); /* cmdlines */
	hb_num(&b, 1, 4); /* CPUs */
	hb_add(&b, "options  ", 10);
	hb_num(&b, 0, 2);
	hb_add(&b, "flyrecord", 10);
	data_off = (b.len + 16 + PAGE - 1) / PAGE * PAGE;
	hb_num(&b, data_off, 8);
	hb_num(&b, pages->len, 8);
	b.p = sf_xrealloc(b.p, data_off);
	memset(b.p + b.len, 0, data_off - b.len);
	b.len = data_off;
	hb_add(&b, pages->p, pages->len);
	f = fopen(path, "w");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT(fwrite(b.p, 1, b.len, f) == b.len);
	CU_ASSERT(fclose(f) == 0);
	free(b.p);
}

/* meta - sf_dat_check() of a file with @pages: accepted, or refused as a bad page */
static void meta(bool be, int flong, const char *hp, const struct hb *pages, bool accept,
		 const char *what)
{
	char path[] = "/tmp/sft-unit-pages-XXXXXX";
	unsigned long long events;
	char err[256];
	int fd = mkstemp(path);
	int ret;

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	write_v6(path, be, flong, hp, pages);
	fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	ret = sf_dat_check(fd, &events, err, sizeof(err));
	close(fd);
	unlink(path);
	if ((ret == 0) != accept)
		fprintf(stderr, "\n  %s: %s ", what, ret ? err : "accepted");
	if (accept) {
		CU_ASSERT_EQUAL(ret, 0);
		CU_ASSERT(events > 0);
	} else {
		CU_ASSERT_EQUAL(ret, -1);
		CU_ASSERT(strstr(err, "CPU 0: corrupt page at offset ") != NULL);
	}
}

/* decode - the events the page merger finds in @pages of a @lsize kernel */
static int decode(bool be, int lsize, const struct hb *pages, unsigned long long *last_ts)
{
	struct sf_page_layout lay = { PAGE, 8, (unsigned int)lsize, 8 + (unsigned int)lsize, be };
	struct tep_record rec;
	struct sf_pages m;
	unsigned char num[4];
	int n = 0;

	CU_ASSERT_FATAL(sf_pages_init(&m, 1, &lay) == 0);
	sf_pages_load(&m, 0, pages->p, pages->len);
	while (sf_pages_next(&m, &rec)) {
		unsigned int v;

		/* every event carries its number: the merger read them in order */
		memcpy(num, rec.data, 4);
		v = be ? (unsigned int)num[0] << 24 | num[1] << 16 | num[2] << 8 | num[3] :
			 (unsigned int)num[3] << 24 | num[2] << 16 | num[1] << 8 | num[0];
		CU_ASSERT_EQUAL(v, 0xab00U + (unsigned int)n);
		*last_ts = rec.ts;
		n++;
	}
	CU_ASSERT_STRING_EQUAL(m.err, "");
	sf_pages_free(&m);
	return n;
}

/* lost_before - the missed-events count of the first record of @pages */
static long long lost_before(bool be, int lsize, const struct hb *pages)
{
	struct sf_page_layout lay = { PAGE, 8, (unsigned int)lsize, 8 + (unsigned int)lsize, be };
	struct tep_record rec;
	struct sf_pages m;
	long long lost = 0;

	CU_ASSERT_FATAL(sf_pages_init(&m, 1, &lay) == 0);
	sf_pages_load(&m, 0, pages->p, pages->len);
	if (sf_pages_next(&m, &rec))
		lost = rec.missed_events;
	sf_pages_free(&m);
	return lost;
}

static void layouts(bool be)
{
	struct hb p32 = { NULL, 0, be };
	struct hb p64 = { NULL, 0, be };
	struct hb bad = { NULL, 0, be };
	unsigned long long ts = 0;
	int n32;
	int n64;

	n32 = full_page(&p32, 4, 0);
	n64 = full_page(&p64, 8, 0);
	CU_ASSERT_EQUAL(n32, 341); /* 4084 bytes: 339 x 12 + 2 x 8 */
	CU_ASSERT_EQUAL(n64, 340); /* 4080 bytes: 340 x 12 */

	/* a 32-bit kernel's full page, recorded by a 32-bit program */
	meta(be, 4, hp32, &p32, true, "32-bit kernel, full page");
	CU_ASSERT_EQUAL(decode(be, 4, &p32, &ts), n32);
	CU_ASSERT_EQUAL(ts, 1000000ULL + 100ULL * (unsigned int)n32);
	/* a 64-bit kernel's full page, recorded by a 32-bit or a 64-bit program */
	meta(be, 4, hp64, &p64, true, "64-bit kernel, 32-bit program, full page");
	meta(be, 8, hp64, &p64, true, "64-bit kernel, full page");
	CU_ASSERT_EQUAL(decode(be, 8, &p64, &ts), n64);
	CU_ASSERT_EQUAL(ts, 1000000ULL + 100ULL * (unsigned int)n64);

	/* one byte more than a page holds */
	put_num(&p32, 8, PAGE - 12 + 1, 4);
	meta(be, 4, hp32, &p32, false, "32-bit kernel, commit 4085");
	put_num(&p64, 8, PAGE - 16 + 1, 8);
	meta(be, 4, hp64, &p64, false, "64-bit kernel, 32-bit program, commit 4081");
	meta(be, 8, hp64, &p64, false, "64-bit kernel, commit 4081");

	/* events lost before the page, their count (a kernel long) stored after the data */
	full_page(&bad, 4, MISSED_EVENTS | MISSED_STORED);
	meta(be, 4, hp32, &bad, false, "32-bit kernel, full page and a stored count");
	free(bad.p);
	bad.p = NULL;
	bad.len = 0;
	page_of(&bad, 4, PAGE - 12 - 4, MISSED_EVENTS | MISSED_STORED);
	put_num(&bad, PAGE - 4, 2808, 4);
	meta(be, 4, hp32, &bad, true, "32-bit kernel, 4080 bytes and a stored count");
	CU_ASSERT_EQUAL(lost_before(be, 4, &bad), 2808);
	put_num(&bad, 8, (PAGE - 12 - 4) | MISSED_EVENTS, 4);
	meta(be, 8, hp32, &bad, true, "32-bit kernel, a file header saying 8, lost events");
	CU_ASSERT_EQUAL(lost_before(be, 4, &bad), -1);
	/* an event running past the commit, or a stray word after the last one */
	put_num(&bad, 8, PAGE - 12 - 8, 4);
	meta(be, 4, hp32, &bad, false, "32-bit kernel, an event past the commit");
	put_num(&bad, 8, PAGE - 12 - 2, 4);
	meta(be, 4, hp32, &bad, false, "32-bit kernel, two stray bytes");

	free(p32.p);
	free(p64.p);
	free(bad.p);
}

static void test_little_endian(void)
{
	layouts(false);
}

static void test_big_endian(void)
{
	layouts(true);
}

/* a real one: the boot suite's mipsel guest extracted it (tests/e2e/datfiles.t) */
static void test_mipsel_file(void)
{
	struct sf_dat_meta m;
	char err[256];

	CU_ASSERT_FATAL(sf_dat_meta_read("tests/data/mipsel-boot-v6.dat", &m, err, sizeof(err)) ==
			0);
	CU_ASSERT_STRING_EQUAL(m.machine, "mips");
	CU_ASSERT_EQUAL(m.ncpus, 1);
	CU_ASSERT_EQUAL_FATAL(m.nbuffers, 1);
	CU_ASSERT_EQUAL(m.buffers[0].bytes, 6 * PAGE);
	sf_dat_meta_free(&m);
}

int sf_unit_pages(void)
{
	CU_pSuite s = CU_add_suite("pages", NULL, NULL);

	if (!s ||
	    !CU_add_test(s, "32- and 64-bit page headers, little-endian", test_little_endian) ||
	    !CU_add_test(s, "32- and 64-bit page headers, big-endian", test_big_endian) ||
	    !CU_add_test(s, "a 32-bit MIPS kernel's boot trace", test_mipsel_file))
		return -1;
	return 0;
}
