/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-cli - the command layer's conventions: messages, exit codes and option
 * parsing, shared by every command (cli/sf-<command>.c).
 *
 * Only the command layer reports: the layers below (cli/lib/) return -1 (or
 * NULL) with errno set and, where the caller cannot tell what failed, a
 * one-line message in a buffer the caller passes (char *err, size_t errsz).
 * The command prints that message with sf_err() and decides the exit code.
 *
 * Every line on stderr starts with "sigftrace CMD: " ("sigftrace: " outside
 * a command); warnings with "sigftrace CMD: warning: ", and a hint, what the
 * user can do about the error just said, with "hint: ". The newline is
 * always added here: callers never write one.
 */
#ifndef SF_CLI_H
#define SF_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "sf-filter.h"
#include "sf-out.h"
#include "sf-util.h"

enum sf_exit {
	SF_EXIT_OK = 0,
	SF_EXIT_ERROR = 1,
	SF_EXIT_USAGE = 2,
	SF_EXIT_EMPTY = 3, /* report: the input holds no signal events */
};

/* Name of the running command ("record"), used as the message prefix. */
extern const char *sf_cmd;

/* an error: what could not be done, to what, and why */
void sf_err(const char *fmt, ...) SF_PRINTF(1, 2);
/* sf_err() followed by ": <strerror(errno)>" */
void sf_err_errno(const char *fmt, ...) SF_PRINTF(1, 2);
/* something the user must know although the command goes on: "warning: " */
void sf_warn(const char *fmt, ...) SF_PRINTF(1, 2);
/* what the command did: counts, files written, what to do next */
void sf_info(const char *fmt, ...) SF_PRINTF(1, 2);
/* "hint: <message>": what the user can do about the error just printed */
void sf_hint(const char *fmt, ...) SF_PRINTF(1, 2);
/* a usage error: the message, then "Try 'sigftrace CMD --help'" */
void sf_usage_err(const char *fmt, ...) SF_PRINTF(1, 2);

/*
 * The status line: one line of live progress on stderr, redrawn in place,
 * only when stderr is a terminal (never in a file, a pipe or the journal)
 * and the command is in its foreground.
 * The first one is drawn a second after sf_status_init(), then at most
 * once a second; every message above clears it first, and the command's
 * end clears it for good (main() calls sf_status_clear()).
 */
#define SF_STATUS_HELP "  -q, --quiet            no live status line on a terminal (stderr)\n"

/* sf_status_init() - start the clock; @enabled false (-q) keeps it off */
void sf_status_init(bool enabled);
/* sf_status_on() - whether a status line can be shown at all */
bool sf_status_on(void);
/* sf_status_due() - a redraw is due (cheap: call it as often as needed) */
bool sf_status_due(void);
/* sf_status() - draw the line "sigftrace CMD: <message>" in place */
void sf_status(const char *fmt, ...) SF_PRINTF(1, 2);
/* sf_status_clear() - erase the line if one is shown */
void sf_status_clear(void);
/**
 * sf_status_job() - a progress callback (struct sf_progress, sf-util.h) for
 * a long job that draws "WHAT: N% of SIZE" when a redraw is due, WHAT
 * formatted from @fmt ("writing x.dat")
 * Return: the callback (one at a time), or NULL when no status is shown.
 */
const struct sf_progress *sf_status_job(const char *fmt, ...) SF_PRINTF(1, 2);
/* sf_status_size() - @bytes as "512 B", "4.0 KiB", "1.2 MiB", "3.5 GiB" into @buf */
const char *sf_status_size(unsigned long long bytes, char *buf, size_t size);
/* sf_status_time() - @ns as "M:SS" or "H:MM:SS" into @buf */
const char *sf_status_time(unsigned long long ns, char *buf, size_t size);

/* sf_getopt() results besides an option and -1 (the end) */
#define SF_GETOPT_HELP (-2) /* --help was printed: exit SF_EXIT_OK */
#define SF_GETOPT_ERROR (-3) /* a usage error was reported: exit SF_EXIT_USAGE */

/**
 * sf_getopt() - getopt_long() with sigftrace's conventions
 * @optstring: starts with "+:" (stop at COMMAND, report missing arguments)
 * @filter: where the shared filter options (SF_FILTER_LONGOPTS) go, or NULL
 *	for a command without them
 * @usage: printed on stdout for -h/--help
 *
 * The first call of a command starts the parse at argv[1]. Unknown options,
 * missing arguments and bad filter values are reported here; filter options
 * are taken into @filter and never returned.
 * Return: the next option of the command, -1 at the end (optind is the
 * first operand), SF_GETOPT_HELP or SF_GETOPT_ERROR.
 */
int sf_getopt(int argc, char **argv, const char *optstring, const struct option *longopts,
	      struct sf_filter *filter, const char *usage);

/**
 * sf_no_operands() - report an operand after the options (a command that
 * takes none)
 * Return: true if there is none.
 */
bool sf_no_operands(int argc, char **argv, const char *why);

/*
 * Option values shared by several commands: a bad one is reported as a
 * usage error. Return: 0, or -1 after reporting.
 */
int sf_opt_format(const char *arg, enum sf_format *format); /* --format */
int sf_opt_buffer_kb(const char *arg, const char *unit, unsigned int *kb); /* -b, 4 KiB to 4 GiB */
int sf_opt_arch(const char *arg, const struct sigftrace_arch **arch); /* --arch MACHINE */
int sf_opt_instance(const char *arg, const char **name); /* --instance NAME: no '/', ".", ".." */
/* the output options that say who is behind a signal (stream, report) */
struct sf_attr_opts {
	int ancestry; /* -A/--ancestry[=DEPTH]: parents shown (default 3, at most SF_ANCESTORS_MAX) */
	bool units; /* --units */
};

#define SF_OPT_UNITS 0x1800 /* long-option id of --units */
#define SF_ATTR_SHORTOPTS "A::"
#define SF_ATTR_LONGOPTS                                 \
	{ "ancestry", optional_argument, NULL, 'A' },    \
	{                                                \
		"units", no_argument, NULL, SF_OPT_UNITS \
	}

/**
 * sf_opt_attr() - option @c (of getopt, argument @arg) if it is one of
 * SF_ATTR_LONGOPTS
 * Return: 1 when taken, 0 when not one of them, -1 after a usage error.
 */
int sf_opt_attr(int c, const char *arg, struct sf_attr_opts *a);

/* the output options of stream and report that say who is behind a signal */
#define SF_ATTR_HELP                                                                           \
	"  -A, --ancestry         after each line: the sender, its parents and its program,\n" \
	"                         by (kill 42 < sh 40 < make 9) /usr/bin/kill; 3 parents,\n"   \
	"                         or DEPTH (1 to 8) with --ancestry=DEPTH or -ADEPTH\n"        \
	"      --units            after each line: the sender's and receiver's systemd unit\n" \
	"                         or container: units (session-3.scope -> nginx.service)\n"

#endif /* SF_CLI_H */
