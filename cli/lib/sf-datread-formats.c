// SPDX-License-Identifier: GPL-2.0
/*
 * sf-datread-formats - header_page, the event formats (checked and rewritten before
 * libtraceevent parses them) and the saved cmdlines of a trace.dat file
 * (see sf-datread-int.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-datread-int.h"

/* ---------------------------------------------------------------------------
 * Headers and formats (the same payloads in v6 and in v7 sections)
 */

/* header_field - offset and size of the field @name in a header_page text */
static bool header_field(const char *text, const char *name, unsigned int *off, unsigned int *size)
{
	size_t nlen = strlen(name);
	const char *line;
	const char *semi;

	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		/* "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;" */
		line += strspn(line, " \t");
		if (strncmp(line, "field:", 6))
			continue;
		semi = strchr(line, ';');
		if (!semi || (size_t)(semi - line) < nlen + 1 || strncmp(semi - nlen, name, nlen) ||
		    (semi[-(long)nlen - 1] != ' ' && semi[-(long)nlen - 1] != '\t'))
			continue;
		return sscanf(semi + 1, " offset:%u; size:%u;", off, size) == 2;
	}
	return false;
}

/*
 * read_headers - "header_page\0", u64 size, text, "header_event\0", u64
 * size, text. The page layout follows the recording kernel's long (struct
 * buffer_data_page: u64 timestamp, local_t commit, data), not the file
 * header's long size, which is the recording user space's: a 32-bit
 * kernel's pages hold 4084 bytes from offset 12, a 64-bit kernel's 4080
 * from 16, also when a 32-bit program recorded them.
 */
int sf_dr_read_headers(struct sf_dat *d, struct cur *c)
{
	struct sf_page_layout *lay = &d->m.layout;
	unsigned long long size;
	unsigned int dsize;
	char marker[13];
	char *text;
	bool ok;

	c->what = "header_page";
	if (sf_dr_cur_read(d, c, marker, 12))
		return -1;
	if (memcmp(marker, "header_page", 12))
		return sf_dr_fail(d, EINVAL, "corrupt file: no header_page section");
	if (sf_dr_cur_num(d, c, 8, &size))
		return -1;
	if (!size)
		return sf_dr_fail(d, ENOTSUP,
				  "unsupported file: no header_page (a kernel older than 2.6.31)");
	if (sf_dr_cur_blob(d, c, size, MAX_STRING_LEN, &text))
		return -1;
	ok = header_field(text, "commit", &lay->commit_off, &lay->commit_size) &&
	     header_field(text, "data", &lay->data_off, &dsize);
	free(text);
	if (!ok)
		return sf_dr_fail(d, EINVAL, "corrupt header_page: no commit or data field");
	if ((lay->commit_size != 4 && lay->commit_size != 8) || lay->commit_off < 8 ||
	    lay->commit_off + lay->commit_size > lay->data_off || lay->data_off > HDR_MAX ||
	    lay->data_off >= d->m.page_size)
		return sf_dr_fail(d, EINVAL,
				  "corrupt header_page: commit at %u (%u bytes), data at %u",
				  lay->commit_off, lay->commit_size, lay->data_off);
	lay->page_size = d->m.page_size;
	d->have_layout = true;
	if (d->tep) {
		/* libtraceevent gets the layout just checked, not the file's text */
		char hp[320];
		int n = snprintf(hp, sizeof(hp),
				 "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
				 "\tfield: local_t commit;\toffset:%u;\tsize:%u;\tsigned:1;\n"
				 "\tfield: int overwrite;\toffset:%u;\tsize:1;\tsigned:1;\n"
				 "\tfield: char data;\toffset:%u;\tsize:%u;\tsigned:0;\n",
				 lay->commit_off, lay->commit_size, lay->commit_off, lay->data_off,
				 dsize);

		tep_parse_header_page(d->tep, hp, (unsigned long)n, d->m.long_size);
	}

	c->what = "header_event";
	if (sf_dr_cur_read(d, c, marker, 13))
		return -1;
	if (memcmp(marker, "header_event", 13))
		return sf_dr_fail(d, EINVAL, "corrupt file: no header_event section");
	if (sf_dr_cur_num(d, c, 8, &size) || sf_dr_cur_skip(d, c, size))
		return -1;
	return 0;
}

static bool wanted_system(const struct sf_dat *d, const char *sys)
{
	const char *const *s;

	if (!d->tep)
		return false;
	if (!d->systems)
		return true;
	for (s = d->systems; *s; s++)
		if (!strcmp(*s, sys))
			return true;
	return false;
}

/* line_at - the line of @text starting at *@pos (without its newline); *@pos moves past it */
static const char *line_at(const char *text, size_t *pos, size_t *len)
{
	const char *line = text + *pos;
	const char *nl;

	if (!*line)
		return NULL;
	nl = strchr(line, '\n');
	*len = nl ? (size_t)(nl - line) : strlen(line);
	*pos += *len + (nl ? 1 : 0);
	return line;
}

/* number_at - "KEY:DIGITS;" at *@p (at most @max); *@p moves past it */
static bool number_at(const char **p, const char *key, unsigned long max, unsigned long *v)
{
	size_t n = strlen(key);
	char *end;

	if (strncmp(*p, key, n) || (*p)[n] < '0' || (*p)[n] > '9')
		return false;
	errno = 0;
	*v = strtoul(*p + n, &end, 10);
	if (errno || *v > max || *end != ';')
		return false;
	*p = end + 1;
	return true;
}

static bool is_word(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/*
 * decl_ok - a field declaration [@p, @end): words separated by single blanks
 * ("unsigned long ip", "const void *const attr", "const char * s"), each
 * '*'s, an identifier and '*'s (all optional but one), at least two of
 * them, the last one naming the field, with an optional "[N]"; or
 * "__data_loc TYPE[] name" (also __rel_loc, TYPE of several words), the
 * kernel's dynamic arrays
 */
static bool decl_ok(const char *p, const char *end)
{
	bool dyn = (size_t)(end - p) > 11 &&
		   (!strncmp(p, "__data_loc ", 11) || !strncmp(p, "__rel_loc ", 10));
	bool named = false;
	int words = 0;

	while (p < end) {
		const char *w = p;

		while (p < end && *p == '*')
			p++;
		named = p < end && is_word(*p, true);
		while (p < end && is_word(*p, false))
			p++;
		while (p < end && *p == '*')
			p++;
		if (p < end && *p == '[') {
			/* "[]" after the type of a dynamic array, "[N]" after the name */
			bool type_bracket = dyn && words >= 1 && end - p > 3 && p[1] == ']' &&
					    p[2] == ' ' &&
					    !memchr(p + 3, ' ', (size_t)(end - p - 3));

			while (++p < end && is_word(*p, false))
				;
			if (p == end || *p++ != ']' || (p != end && !type_bracket))
				return false;
		}
		if (p == w)
			return false;
		words++;
		if (p == end)
			break;
		if (*p != ' ' || p + 1 == end)
			return false;
		p++;
	}
	return words >= 2 && named;
}

/*
 * clean_field - one "\tfield:DECL;\toffset:N;\tsize:N;\tsigned:N;" line,
 * rewritten in that exact form into @out; false for anything else. DECL is
 * C words, '*' and [] brackets, nothing libtraceevent's tokenizer can trip
 * over.
 */
static bool clean_field(const char *line, size_t len, struct sf_buf *out)
{
	unsigned long off, size, sign = 0;
	const char *p, *decl, *semi;
	bool has_sign = false;

	if (len > 512 || len < 7 || strncmp(line, "\tfield:", 7) || memchr(line, '\0', len))
		return false;
	decl = line + 7;
	semi = memchr(decl, ';', len - 7);
	if (!semi || !decl_ok(decl, semi))
		return false;
	p = semi + 1;
	if (*p++ != '\t' || !number_at(&p, "offset:", 65535, &off) || *p++ != '\t' ||
	    !number_at(&p, "size:", 65535, &size))
		return false;
	if (*p == '\t' && !strncmp(p + 1, "signed:", 7)) {
		p++;
		if (!number_at(&p, "signed:", 1, &sign))
			return false;
		has_sign = true;
	}
	/* the rest of the line: blanks only */
	while (p < line + len && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p != line + len)
		return false;
	sf_buf_printf(out, "\tfield:%.*s;\toffset:%lu;\tsize:%lu;", (int)(semi - decl), decl, off,
		      size);
	if (has_sign)
		sf_buf_printf(out, "\tsigned:%lu;", sign);
	sf_buf_add(out, "\n", 1);
	return true;
}

/*
 * clean_format - an events/SYS/EVENT/format text as libtraceevent may see it:
 * "name:", "ID:", "format:", the common fields, a blank line, the fields,
 * each line checked and rewritten, and an empty print format (sigftrace
 * renders the events itself; libtraceevent's parser of print formats, C
 * expressions, is the part that crashes on a corrupt text). NULL when the
 * text is not a format.
 */
static char *clean_format(const char *text, struct sf_buf *out)
{
	size_t pos = 0, len;
	const char *line;
	unsigned long id;
	int part = 0; /* 0: common fields, 1: fields */
	int nfields = 0;
	size_t i;

	out->len = 0;
	line = line_at(text, &pos, &len);
	if (!line || len < 7 || len > 6 + 128 || strncmp(line, "name: ", 6))
		return NULL;
	for (i = 6; i < len; i++)
		if (!((line[i] >= 'a' && line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z') ||
		      (line[i] >= '0' && line[i] <= '9') || line[i] == '_'))
			return NULL;
	sf_buf_printf(out, "%.*s\n", (int)len, line);
	line = line_at(text, &pos, &len);
	if (!line || len < 5 || len > 4 + 5 || strncmp(line, "ID: ", 4) ||
	    strspn(line + 4, "0123456789") != len - 4)
		return NULL;
	id = strtoul(line + 4, NULL, 10);
	if (id > 65535)
		return NULL;
	sf_buf_printf(out, "ID: %lu\nformat:\n", id);
	line = line_at(text, &pos, &len);
	if (!line || len != 7 || strncmp(line, "format:", 7))
		return NULL;
	while ((line = line_at(text, &pos, &len))) {
		if (!len || (len == 1 && line[0] == '\r')) {
			if (part++)
				break;
			sf_buf_add(out, "\n", 1);
			continue;
		}
		if (len >= 10 && !strncmp(line, "print fmt:", 10))
			break;
		if (++nfields > 1024 || !clean_field(line, len, out))
			return NULL;
	}
	if (!part)
		sf_buf_add(out, "\n", 1);
	sf_buf_printf(out, "\nprint fmt: \"\"\n");
	return out->p;
}

/* parse_format - one events/SYS/EVENT/format text into the tep */
static void parse_format(struct sf_dat *d, const char *text, const char *sys, struct sf_buf *buf)
{
	const char *clean = clean_format(text, buf);
	const char *name;
	size_t n;

	if (clean && !tep_parse_event(d->tep, clean, (unsigned long)buf->len, sys))
		return;
	d->m.bad_formats++;
	if (d->m.bad_format)
		return;
	name = strncmp(text, "name: ", 6) ? "?" : text + 6;
	n = strcspn(name, "\n");
	if (n > NAME_SHOWN)
		n = NAME_SHOWN;
	if (asprintf(&d->m.bad_format, "%s:%.*s", sys, (int)n, name) < 0)
		d->m.bad_format = NULL;
}

/* read_formats - @count formats, each a u64 size and the text, of system @sys */
static int read_formats(struct sf_dat *d, struct cur *c, unsigned long long count, const char *sys)
{
	bool want = wanted_system(d, sys);
	struct sf_buf buf = { 0 };
	unsigned long long size;
	char *text;
	int ret = -1;

	/* each one takes 8 bytes at least: a corrupt count stops here */
	if (count > (c->end - c->off) / 8)
		return sf_dr_truncated(d, c);
	while (count--) {
		if (sf_dr_cur_num(d, c, 8, &size))
			goto out;
		if (!want) {
			if (sf_dr_cur_skip(d, c, size))
				goto out;
			continue;
		}
		if (sf_dr_cur_blob(d, c, size, MAX_FORMAT_LEN, &text))
			goto out;
		parse_format(d, text, sys, &buf);
		free(text);
	}
	ret = 0;
out:
	sf_buf_free(&buf);
	return ret;
}

int sf_dr_read_ftrace_formats(struct sf_dat *d, struct cur *c)
{
	unsigned long long count;

	c->what = "ftrace formats";
	return sf_dr_cur_num(d, c, 4, &count) || read_formats(d, c, count, "ftrace") ? -1 : 0;
}

int sf_dr_read_event_formats(struct sf_dat *d, struct cur *c)
{
	unsigned long long nsys;
	unsigned long long count;
	char *name;
	int ret;

	c->what = "event formats";
	if (sf_dr_cur_num(d, c, 4, &nsys))
		return -1;
	while (nsys--) {
		if (sf_dr_cur_str(d, c, &name))
			return -1;
		ret = sf_dr_cur_num(d, c, 4, &count) || read_formats(d, c, count, name);
		free(name);
		if (ret)
			return -1;
	}
	return 0;
}

/* read_sized - a u32 (kallsyms, printk formats) size and that many bytes, not needed */
int sf_dr_read_sized(struct sf_dat *d, struct cur *c, const char *what)
{
	unsigned long long size;

	c->what = what;
	return sf_dr_cur_num(d, c, 4, &size) || sf_dr_cur_skip(d, c, size) ? -1 : 0;
}

/*
 * register_cmdlines - "PID COMM" lines into the tep, as libtraceevent's
 * tep_parse_saved_cmdlines() reads them (empty lines skipped, the first bad
 * line ends the list, the first name of a pid wins), without its sscanf
 */
static int register_cmdlines(struct sf_dat *d, char *text)
{
	char *line = text;
	char *next;
	char *end;
	long pid;

	for (; *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (!*line)
			continue;
		errno = 0;
		pid = strtol(line, &end, 10);
		if (end == line || errno)
			break;
		end += strspn(end, " \t\v\f\r");
		if (!*end)
			break;
		if (tep_register_comm(d->tep, end, (int)pid) && errno == ENOMEM)
			return sf_dr_oom(d);
	}
	return 0;
}

int sf_dr_read_cmdlines(struct sf_dat *d, struct cur *c)
{
	unsigned long long size;
	char *text;
	int ret;

	c->what = "saved cmdlines";
	if (sf_dr_cur_num(d, c, 8, &size))
		return -1;
	if (!d->tep)
		return sf_dr_cur_skip(d, c, size);
	if (sf_dr_cur_blob(d, c, size, MAX_SECTION_LEN, &text))
		return -1;
	ret = register_cmdlines(d, text);
	free(text);
	return ret;
}

/*
 * check_common - every event's common_type and common_pid are where the
 * first event says: libtraceevent reads them with the first event's layout
 * from any record, so a file that says otherwise would make it read
 * elsewhere than the format says
 */
int sf_dr_check_common(struct sf_dat *d)
{
	struct tep_format_field *t0 = NULL, *p0 = NULL;
	int n = tep_get_events_count(d->tep);
	int i;

	for (i = 0; i < n; i++) {
		struct tep_event *ev = tep_get_event(d->tep, i);
		struct tep_format_field *t = ev ? tep_find_common_field(ev, "common_type") : NULL;
		struct tep_format_field *p = ev ? tep_find_common_field(ev, "common_pid") : NULL;

		if (!t || !p || t->offset < 0 || t->offset > HDR_MAX || t->size < 1 ||
		    t->size > 4 || p->offset < 0 || p->offset > HDR_MAX || p->size < 1 ||
		    p->size > 8 ||
		    (t0 && (t->offset != t0->offset || t->size != t0->size ||
			    p->offset != p0->offset || p->size != p0->size)))
			return sf_dr_fail(
				d, EINVAL,
				"corrupt event format %.32s:%.64s: its common fields are not those of the others",
				ev && ev->system ? ev->system : "?",
				ev && ev->name ? ev->name : "?");
		if (!t0) {
			t0 = t;
			p0 = p;
		}
	}
	return 0;
}
