/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-datfmt - the numbers of the trace.dat format that its writer
 * (sf-datfile.c) and its reader (sf-datread.c) share: the magic and the
 * option ids (trace-cmd's enum tracecmd_file_options, and sigftrace's own).
 */
#ifndef SF_DATFMT_H
#define SF_DATFMT_H

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

#endif /* SF_DATFMT_H */
