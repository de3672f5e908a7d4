/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-filter - the one filter model of record, stream, report and bootargs:
 * the same options mean the same thing everywhere. From one definition come
 * the kernel's filter strings (record, stream, bootargs: applied in the
 * ring buffer) and the user-space match (the pipeline's filter stage: what
 * the kernel cannot select, processes and names, and everything in report);
 * -f expressions are the kernel's grammar, parsed by sf-filter-expr.
 */
#ifndef SF_FILTER_H
#define SF_FILTER_H

#include <stdbool.h>

#include <event-parse.h>

#include "sf-filter-expr.h"
#include "sigftrace-render.h"

#define SF_MAX_SIG 129 /* MIPS has 128 signals */

/*
 * A --sender/--receiver value: a pid (a process: any of its threads), or a
 * comm (glob allowed) that is the process's name or the thread's.
 */
struct sf_task_sel {
	char *comm; /* NULL for a pid */
	int pid;
};

struct sf_filter {
	/* option values, parsed against the trace's arch by sf_filter_finalize() */
	char *signals; /* -s LIST */
	char *excludes; /* -x LIST */
	struct sf_task_sel *senders;
	struct sf_task_sel *receivers;
	int *pids; /* -p: either side, processes */
	int *tids; /* --tid: either side, one thread */
	char **units; /* --unit GLOB: either side's systemd unit or container id */
	char **cgroups; /* --cgroup GLOB: either side's cgroup path */
	int nunits;
	int ncgroups;
	char **raws; /* -f EXPR, each its own term (ANDed) */
	struct sf_kfilter **kraws; /* compiled by sf_filter_compile_raw(), or NULL */
	int nraws;
	int nsenders;
	int nreceivers;
	int npids;
	int ntids;
	unsigned int origins; /* bit per enum sigftrace_origin */
	unsigned int killers; /* bit per enum sf_killer: --origin oom, seccomp, ... */
	bool all; /* --all: keep SIGCHLD and SIGALRM */
	bool failed; /* --failed: result != delivered */
	/*
	 * signal_deliver is recorded only to tell whether the signals hidden
	 * unless they kill (SF_SEL_IF_FATAL) did: its kernel filter keeps them
	 * and SIGKILL (as which a fatal signal is delivered)
	 */
	bool deliver_fates_only;

	/* resolved by sf_filter_finalize() */
	const struct sigftrace_arch *arch;
	int kill; /* SIGKILL's number */
	bool has_want;
	unsigned char want[SF_MAX_SIG];
	unsigned char drop[SF_MAX_SIG];
	unsigned char dflt[SF_MAX_SIG]; /* dropped only by default (SIGCHLD, SIGALRM) */
	unsigned char ksig[SF_MAX_SIG]; /* bit per enum sf_killer of --origin that sends it */
};

/* What the selection says of one signal. */
enum sf_sel {
	SF_SEL_NO,
	SF_SEL_YES,
	/*
	 * hidden by default (SIGALRM), but its default action kills: shown if,
	 * once delivered, it did; a fatal signal is never hidden
	 */
	SF_SEL_IF_FATAL,
	/*
	 * the kernel's SIGKILL, selected only if it is the OOM killer's
	 * (--origin oom): the mark that follows it tells
	 */
	SF_SEL_IF_OOM,
};

/* Long-option ids of the shared filter options (see SF_FILTER_LONGOPTS). */
enum {
	SF_OPT_SENDER = 0x1000,
	SF_OPT_RECEIVER,
	SF_OPT_FAILED,
	SF_OPT_ORIGIN,
	SF_OPT_ALL,
	SF_OPT_TID,
	SF_OPT_UNIT,
	SF_OPT_CGROUP,
};

/* getopt_long entries and short options of the shared filter options */
#define SF_FILTER_SHORTOPTS "s:x:p:f:"
#define SF_FILTER_LONGOPTS                                                                       \
	{ "signal", required_argument, NULL, 's' }, { "exclude", required_argument, NULL, 'x' }, \
		{ "pid", required_argument, NULL, 'p' },                                         \
		{ "filter", required_argument, NULL, 'f' },                                      \
		{ "sender", required_argument, NULL, SF_OPT_SENDER },                            \
		{ "receiver", required_argument, NULL, SF_OPT_RECEIVER },                        \
		{ "failed", no_argument, NULL, SF_OPT_FAILED },                                  \
		{ "origin", required_argument, NULL, SF_OPT_ORIGIN },                            \
		{ "tid", required_argument, NULL, SF_OPT_TID },                                  \
		{ "unit", required_argument, NULL, SF_OPT_UNIT },                                \
		{ "cgroup", required_argument, NULL, SF_OPT_CGROUP },                            \
	{                                                                                        \
		"all", no_argument, NULL, SF_OPT_ALL                                             \
	}

/* Help text of the shared filter options. */
#define SF_FILTER_HELP                                                                                  \
	"Selection (same meaning in record, stream and report):\n"                                      \
	"  -s, --signal LIST      only these signals: 9,KILL,SIGTERM,RTMIN+3 (comma list)\n"            \
	"  -x, --exclude LIST     never these signals\n"                                                \
	"      --all              keep SIGCHLD and SIGALRM (hidden by default)\n"                       \
	"      --sender PID|COMM  only signals sent by this process: PID is the process (any\n"         \
	"                         of its threads), COMM (a glob) its name or a thread's\n"              \
	"      --receiver PID|COMM only signals sent to this process (same meaning)\n"                  \
	"  -p, --pid PID          only signals from or to process PID\n"                                \
	"      --tid TID          only signals from or to the thread TID\n"                             \
	"      --failed           only signals not delivered (ignored, pending, ...)\n"                 \
	"      --origin LIST      kill,tkill,sigqueue,timer,kernel,fault,child,poll,sys,...,\n"         \
	"                         or a kernel killer: oom,seccomp,rlimit-cpu,rlimit-fsize,tty,hangup\n" \
	"      --unit GLOB        only signals from or to a process of this systemd unit\n"             \
	"                         (nginx.service, session-*.scope) or container id\n"                   \
	"      --cgroup GLOB      only signals from or to a process in this cgroup (its\n"              \
	"                         cgroup2 path, as in /proc/PID/cgroup: /system.slice/*)\n"             \
	"  -f, --filter EXPR      ftrace filter for signal_generate, ANDed; the kernel's\n"             \
	"                         grammar (COMM = sender comm, comm = receiver comm,\n"                 \
	"                         common_pid = sending thread)\n"

/**
 * sf_filter_option() - take one filter option
 * @f: filter
 * @opt: getopt value
 * @arg: its argument
 * @err: message buffer for a bad value
 *
 * Return: 1 if @opt was a filter option, 0 if not, -1 on a bad value.
 */
int sf_filter_option(struct sf_filter *f, int opt, const char *arg, char *err, size_t errsz);

/**
 * sf_filter_finalize() - resolve signal lists against @arch
 * Return: 0, or -1 with a message in @err (unknown signal name...).
 */
int sf_filter_finalize(struct sf_filter *f, const struct sigftrace_arch *arch, char *err,
		       size_t errsz);

/**
 * sf_filter_kernel() - the ftrace filter string for one event
 *
 * The kernel filters threads: the events carry no process id. A selection of
 * processes or names (--sender, --receiver, -p) is left out of the kernel's
 * filter and applied in user space (sf_filter_match()); see
 * sf_filter_kernel_wider().
 * @f: finalized filter
 * @name: "signal_generate" or "signal_deliver"
 * @event: the event's format, to know which fields exist on this kernel, or
 *	NULL for a kernel whose formats are not at hand (bootconfig)
 * @err: message buffer
 *
 * Return: a malloc'ed string (possibly empty: no filter), or NULL with a
 * message in @err when the filter cannot be expressed on this kernel or is
 * longer than a kernel takes (SF_KFILTER_MAX).
 */
char *sf_filter_kernel(const struct sf_filter *f, const char *name, struct tep_event *event,
		       char *err, size_t errsz);

/**
 * sf_filter_compile_raw() - check every -f expression against @event (the
 * format of signal_generate) with the kernel's grammar, and keep them
 * compiled for sf_filter_raw_match()
 * Return: 0, or -1 with "cannot apply filter ..." and the reason in @err.
 */
int sf_filter_compile_raw(struct sf_filter *f, struct tep_event *event, char *err, size_t errsz);

/**
 * sf_filter_raw_match() - every compiled -f expression holds for @rec
 * @current_comm: the comm of the task that generated the event (COMM)
 */
bool sf_filter_raw_match(const struct sf_filter *f, const struct tep_record *rec,
			 const char *current_comm);

/**
 * sf_filter_kernel_wider() - true when sf_filter_kernel() keeps more than the
 * options select (a selection of processes or names), so that the rest must
 * be done in user space
 */
bool sf_filter_kernel_wider(const struct sf_filter *f);

/**
 * sf_filter_match() - the whole selection for one decoded event
 * @ids: the processes and threads of the event (see sigftrace_ids)
 */
bool sf_filter_match(const struct sf_filter *f, const struct sigftrace_sig *s,
		     const struct sigftrace_ids *ids);

/**
 * sf_filter_attr_match() - --unit and --cgroup for one signal: @cgroup is
 * the sending process's cgroup (NULL: unknown, or the kernel sent it),
 * @rcgroup the receiving one's
 */
bool sf_filter_attr_match(const struct sf_filter *f, const char *cgroup, const char *rcgroup);

/**
 * sf_filter_killer_sel() - --origin with the kernel's killers, once the
 * attribution stage named @s's (@killer, enum sf_killer): @sel if it is
 * selected, SF_SEL_IF_OOM if only the OOM killer's mark can tell, else
 * SF_SEL_NO. A killer's signal also matches the origin of its code (kernel,
 * sys, kill).
 */
enum sf_sel sf_filter_killer_sel(const struct sf_filter *f, const struct sigftrace_sig *s,
				 unsigned char killer, enum sf_sel sel);

/* sf_filter_has_attr() - --unit or --cgroup was given */
static inline bool sf_filter_has_attr(const struct sf_filter *f)
{
	return f->nunits || f->ncgroups;
}

/**
 * sf_filter_has_if_fatal() - true when some signal is hidden unless it kills
 * (the default's SIGALRM): its deliveries tell
 */
bool sf_filter_has_if_fatal(const struct sf_filter *f);

/**
 * sf_filter_select() - sf_filter_match(), and for a signal hidden only by
 * default whose delivery may kill, SF_SEL_IF_FATAL
 */
enum sf_sel sf_filter_select(const struct sf_filter *f, const struct sigftrace_sig *s,
			     const struct sigftrace_ids *ids);

/**
 * sf_filter_is_default() - true when only the default exclusions apply
 */
bool sf_filter_is_default(const struct sf_filter *f);

void sf_filter_free(struct sf_filter *f);

#endif /* SF_FILTER_H */
