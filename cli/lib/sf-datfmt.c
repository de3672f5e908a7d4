// SPDX-License-Identifier: GPL-2.0
/*
 * sf-datfmt - the tracefs texts a trace.dat file stores (see sf-datfmt.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-datfmt.h"

size_t sf_clock_name(const char *text, const char **name)
{
	const char *s = strchr(text, '[');
	const char *e;

	if (s) {
		s++;
		e = strchr(s, ']');
		if (!e)
			return 0;
	} else {
		s = text + strspn(text, " \t\n");
		e = s + strcspn(s, " \t\n");
	}
	*name = s;
	return (size_t)(e - s);
}

void sf_stats_parse(const char *text, unsigned long long *overrun, unsigned long long *dropped)
{
	const char *line;

	*overrun = 0;
	*dropped = 0;
	for (line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long long v;

		if (sscanf(line, "overrun: %llu", &v) == 1 ||
		    sscanf(line, "commit overrun: %llu", &v) == 1)
			*overrun += v;
		else if (sscanf(line, "dropped events: %llu", &v) == 1)
			*dropped += v;
	}
}

int sf_stats_now(const char *text, unsigned long long *ns)
{
	const char *line = strstr(text, "\nnow ts:");
	unsigned long long sec, usec;

	if (!line || sscanf(line, "\nnow ts: %llu.%llu", &sec, &usec) != 2 || usec >= 1000000 ||
	    sec > ~0ULL / 1000000000ULL - 1)
		return -1;
	*ns = sec * 1000000000ULL + usec * 1000ULL;
	return 0;
}

unsigned long long sf_stats_field(const char *text, const char *name)
{
	size_t len = strlen(name);
	const char *line;

	for (line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, name, len) && line[len] == ':')
			return strtoull(line + len + 1, NULL, 10);
	}
	return 0;
}
