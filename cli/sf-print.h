/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-print - the event pipeline shared by report, stream and the end of
 * record: dispatch each record by event id, keep the pid -> comm timeline
 * from task events, filter, render and write in large chunks.
 */
#ifndef SF_PRINT_H
#define SF_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include "sf-analyze.h"
#include "sf-comm.h"
#include "sf-filter.h"
#include "sigftrace-render.h"

enum sf_format {
	SF_FMT_DEFAULT,
	SF_FMT_SEED,
	SF_FMT_JSON,
};

struct sf_boot_info;

/* Who sent and who got one signal (see sigftrace_ids), with copies of the names. */
struct sf_who {
	struct sigftrace_ids ids;
	char comm[SIGFTRACE_COMM_LEN + 1];
	char thread_comm[SIGFTRACE_COMM_LEN + 1];
	char rcomm[SIGFTRACE_COMM_LEN + 1];
};

/* A generated signal whose showing waits for its fate (see sf_printer_signal()). */
struct sf_held {
	unsigned long long ts;
	unsigned long long off; /* the record's offset in its run, for the drop callback */
	size_t line; /* its line in the held output */
	size_t len;
	char *kline; /* its /dev/kmsg line, or NULL */
	int cpu;
	int sig;
	int tid; /* receiving thread */
	int tgid; /* its process */
	int group;
	int state; /* held, shown, hidden */
};

struct sf_printer {
	struct tep_handle *tep;
	struct sf_comms *comms; /* names learned from task events */
	struct sf_comms *first_send; /* if set: each sender's name at its first signal */
	/*
	 * if set, a look-ahead pass: each pid's name before its first event
	 * here (a rename's oldcomm, an exit's or a marker's comm, its comm as
	 * a receiver), "" when the trace saw it born, and what the markers say
	 * of its process and whether it is a kernel thread, unless its life
	 * began or ended before; see sf_comms_note_first()
	 */
	struct sf_comms *initial;
	struct sf_boot_info *marks; /* if set: sigftrace's boot and overrun markers */
	const struct sf_filter *filter; /* applied in user space (-f if compiled), or NULL */
	struct sf_analysis *an; /* fed every signal and exit event, or NULL */
	const struct sf_analysis *fates; /* JSON: fates from a first pass, or NULL */
	unsigned long long gen_seq; /* generate events seen */
	struct sigftrace_render_opts ropts;
	struct sigftrace_fields gen;
	struct sigftrace_fields del;
	struct tep_format_field *nt_pid, *nt_comm, *nt_flags; /* task_newtask */
	struct tep_format_field *rn_pid, *rn_comm, *rn_old; /* task_rename */
	char *buf;
	size_t len;
	size_t cap;
	/* counters */
	unsigned long long events; /* every record seen */
	unsigned long long signals; /* signal_generate records */
	unsigned long long printed;
	unsigned long long lost; /* known lost events (page flags) */
	unsigned long long lost_marks; /* pages flagged with an unknown count */
	unsigned long long kthread_hidden; /* ignored by kernel threads, not shown */
	unsigned long long malformed; /* signal records too short for their format, skipped */
	enum sf_format format;
	int fd; /* output, -1 for none */
	int kmsg_fd; /* also write seed lines here, -1 for none */
	unsigned int kmsg_writes; /* on kmsg_fd since it was opened */
	unsigned long long kmsg_lost; /* lines /dev/kmsg did not take */
	/* signals hidden by default whose fate decides (SIGALRM), oldest first */
	struct sf_held *held;
	size_t nheld;
	size_t held_cap;
	char *hold; /* the output from the oldest held signal's line on */
	size_t hold_len;
	size_t hold_cap;
	size_t hold_pos; /* bytes of @hold already passed on */
	/* if set: a held signal turned out hidden; leave it out of the file */
	void (*drop)(void *ctx, const struct tep_record *rec);
	void *drop_ctx;
	const struct tep_record *rec; /* the record in hand, for @drop */
	bool saw_deliver; /* deliveries are in the trace: they decide held signals */
	int id_gen, id_del, id_newtask, id_rename, id_print, id_exit;
	int common_end; /* the common fields end here: shorter records have no type */
	struct tep_format_field *ex_pid, *ex_comm, *ex_group; /* sched_process_exit */
	struct tep_format_field *pr_buf; /* ftrace:print */
	const char *buffer; /* instance of the current record ("": top level) to say, or NULL */
	int error; /* errno of a failed write */
	bool deliver; /* print signal_deliver lines */
	bool eval_raw; /* evaluate -f here (report); record and stream leave it to the kernel */
	bool color; /* ANSI colours for fatal and ignored signals */
	bool kthreads; /* show the signals kernel threads ignore */
	bool live; /* unknown pids: ask /proc (stream) */
	bool other_boot; /* the tep's pid -> comm map belongs to another boot */
};

/**
 * sf_format_parse() - "default", "seed" or "json"
 * Return: 0, or -1 for another word.
 */
int sf_format_parse(const char *s, enum sf_format *f);

/**
 * sf_printer_init() - set up the pipeline for the events of @tep
 * @fd: output file descriptor, or -1 to only count and learn names
 */
void sf_printer_init(struct sf_printer *p, struct tep_handle *tep, enum sf_format format,
		     const struct sigftrace_arch *arch, int fd);

/**
 * sf_printer_record() - take one record (in time order)
 * Return: false if the record is not to be kept in a file written from
 * these records: a signal the filters reject, or a marker whose names are
 * kept in the file another way (saved_cmdlines, the tasks option).
 */
bool sf_printer_record(struct sf_printer *p, struct tep_record *rec);

/**
 * sf_printer_who() - the processes and threads behind a decoded event, from
 * the pipeline's names
 */
void sf_printer_who(struct sf_printer *p, const struct sigftrace_sig *s, struct sf_who *w);

/**
 * sf_printer_signal() - one decoded signal event from any source (binary
 * records or text traces): analysis, filters, output
 * @seq: sequence number of a generate event (see sf_analysis_signal())
 * @ids: who sent and who got it
 * @filtered_out: a filter of the caller's (-f) rejected it: not shown, but
 *	analysed like every other signal
 * Return: true if the filters select it (shown or not).
 */
bool sf_printer_signal(struct sf_printer *p, unsigned long long ts, int cpu,
		       const struct sigftrace_sig *s, const struct sigftrace_ids *ids,
		       unsigned long long seq, bool filtered_out);

/**
 * sf_printer_exit() - a thread exited (sched_process_exit, or a text trace's)
 * @last: the process's last thread
 */
void sf_printer_exit(struct sf_printer *p, unsigned long long ts, int tid, int tgid,
		     const char *comm, bool last);

/**
 * sf_printer_finish() - the end of the events: signals still waiting for
 * their fate did not kill (they are pending); everything is passed on
 */
void sf_printer_finish(struct sf_printer *p);

/**
 * sf_printer_expire() - held signals generated before @before (trace time)
 * are shown now: a live stream waits no longer for their delivery
 */
void sf_printer_expire(struct sf_printer *p, unsigned long long before);

/**
 * sf_printer_flush() - write out what is buffered
 * Return: 0, or -1 with errno (also kept in p->error).
 */
int sf_printer_flush(struct sf_printer *p);

/**
 * sf_printer_comm() - the name of @pid as the pipeline knows it now
 */
const char *sf_printer_comm(struct sf_printer *p, int pid);

void sf_printer_free(struct sf_printer *p);

#endif /* SF_PRINT_H */
