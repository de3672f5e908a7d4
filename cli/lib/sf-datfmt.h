/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-datfmt - what the trace.dat format's writer (sf-datfile.c), its
 * reader (sf-datread*.c) and text sources share: the magic and the option
 * ids (trace-cmd's enum tracecmd_file_options, and sigftrace's own), and the
 * two tracefs texts a file stores, parsed once: trace_clock (the TRACECLOCK
 * option) and per_cpu/cpuN/stats (CPUSTAT), which sf-tracefs reads live.
 */
#ifndef SF_DATFMT_H
#define SF_DATFMT_H

#include <stddef.h>

#define DAT_MAGIC "\027\010\104tracing"
#define DAT_MAGIC_LEN 10

enum {
	OPT_DONE = 0, /* v6: a bare u16 0; v7: the u64 offset of the next options section */
	OPT_DATE = 1,
	OPT_CPUSTAT = 2,
	OPT_BUFFER = 3,
	OPT_TRACECLOCK = 4,
	OPT_UNAME = 5,
	OPT_OFFSET = 7,
	OPT_CPUCOUNT = 8,
	OPT_VERSION = 9,
	OPT_TIME_SHIFT = 12,
	OPT_TSC2NSEC = 14,
	OPT_HEADER_INFO = 16, /* v7 section offsets, up to OPT_CMDLINES */
	OPT_FTRACE_EVENTS = 17,
	OPT_EVENT_FORMATS = 18,
	OPT_KALLSYMS = 19,
	OPT_PRINTK = 20,
	OPT_CMDLINES = 21,
	OPT_BUFFER_TEXT = 22,
	/*
	 * sigftrace's own, far from the ids trace-cmd numbers upwards from 0:
	 * trace-cmd skips an option id it does not know, silently (3.1.6).
	 * The tasks option (sf_comms_tasks_text(), "SF"), and the text about
	 * a previous boot ("key=value" lines, see sf_boot_info_text(), "sf")
	 */
	OPT_SF_TASKS = 0x5346,
	OPT_SIGFTRACE = 0x7366,
};

/* v7 sections: the compressed flag, and the strings section's id (not an option) */
#define SEC_FL_COMPRESS 1
#define SEC_STRINGS 15

/**
 * sf_clock_name() - the selected clock of a trace_clock text: the "[name]"
 * word, or the first word when there are no brackets ("mono")
 * @name: set to its start
 * Return: its length, 0 when there is none ("[" without "]").
 */
size_t sf_clock_name(const char *text, const char **name);

/**
 * sf_stats_parse() - sum the loss counters of a per_cpu stats text
 * @overrun: "overrun:" + "commit overrun:" (overwritten in overwrite mode)
 * @dropped: "dropped events:" (refused in non-overwrite mode)
 */
void sf_stats_parse(const char *text, unsigned long long *overrun, unsigned long long *dropped);

/**
 * sf_stats_now() - the trace clock's time when a per_cpu stats text was
 * made ("now ts: SECONDS.MICROSECONDS", a clock counting nanoseconds)
 * Return: 0, or -1 when the text has no such line.
 */
int sf_stats_now(const char *text, unsigned long long *ns);

/**
 * sf_stats_field() - the number of the line "@name: N" of a per_cpu stats
 * text ("entries", "read events", "bytes"), 0 when it has none
 */
unsigned long long sf_stats_field(const char *text, const char *name);

#endif /* SF_DATFMT_H */
