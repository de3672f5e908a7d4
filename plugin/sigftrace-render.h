/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The shared signal renderer: libtraceevent records of signal:signal_generate
 * and signal:signal_deliver in, "(sender pid) --[SIG]--> (receiver pid)" out.
 *
 * Used by plugin_sigftrace.so inside trace-cmd and KernelShark, and by every
 * sigftrace command. Pure functions: no stdio, no exit, no allocation, no
 * mutable static state (KernelShark calls handlers from several threads).
 */
#ifndef SF_RENDER_H
#define SF_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include "sigftrace-signames.h"

/* Longest line sigftrace_format() writes, with its NUL. */
#define SIGFTRACE_LINE_MAX 256

/* Size of the kernel's task comm, and of our NUL-terminated copies. */
#define SIGFTRACE_COMM_LEN 16

enum sigftrace_kind {
	SIGFTRACE_EV_OTHER,
	SIGFTRACE_EV_GENERATE, /* signal:signal_generate */
	SIGFTRACE_EV_DELIVER, /* signal:signal_deliver */
};

/* enum trace_signal_delivery in include/trace/events/signal.h */
enum sigftrace_result {
	SIGFTRACE_RES_DELIVERED = 0,
	SIGFTRACE_RES_IGNORED = 1,
	SIGFTRACE_RES_PENDING = 2, /* already pending (non-RT signal) */
	SIGFTRACE_RES_OVERFLOW = 3, /* RT queue full */
	SIGFTRACE_RES_LOSE_INFO = 4, /* queued without its siginfo */
};

/* Context the event was generated in, from common_flags. */
enum sigftrace_context {
	SIGFTRACE_CTX_TASK,
	SIGFTRACE_CTX_SOFTIRQ,
	SIGFTRACE_CTX_HARDIRQ,
	SIGFTRACE_CTX_NMI,
};

/*
 * Field handles of one signal event, looked up once per format. Old kernels
 * have no group/result in signal_generate: those handles are then NULL.
 */
struct sigftrace_fields {
	struct tep_event *event;
	struct tep_format_field *common_pid;
	struct tep_format_field *common_flags;
	struct tep_format_field *sig;
	struct tep_format_field *err;
	struct tep_format_field *code;
	struct tep_format_field *comm; /* generate: receiver */
	struct tep_format_field *pid; /* generate: receiver */
	struct tep_format_field *group; /* optional */
	struct tep_format_field *result; /* optional */
	struct tep_format_field *handler; /* deliver */
	struct tep_format_field *sa_flags; /* deliver */
	enum sigftrace_kind kind;
	bool native; /* the records are in this machine's byte order */
};

/* One decoded signal event. */
struct sigftrace_sig {
	unsigned long long handler; /* deliver only */
	unsigned long long sa_flags; /* deliver only */
	enum sigftrace_kind kind;
	enum sigftrace_context ctx;
	int sig;
	int err; /* si_errno */
	int code; /* si_code */
	int sender_pid; /* generate: common_pid; deliver: the receiver */
	int pid; /* generate: receiver pid (tid); deliver: common_pid */
	int group; /* 1 process, 0 one thread, -1 unknown (old kernel) */
	int result; /* enum sigftrace_result, -1 unknown (old kernel) */
	char comm[SIGFTRACE_COMM_LEN + 1]; /* generate: receiver comm */
};

#define SIGFTRACE_FMT_NUMERIC 0x1 /* --[15]--> instead of --[SIGTERM]--> */
#define SIGFTRACE_FMT_SEED 0x2 /* "Signal :: (SRC PID) --[N]--> (DST PID)" */

struct sigftrace_render_opts {
	const struct sigftrace_arch *arch;
	unsigned int flags;
};

/**
 * sigftrace_fields_init() - look up the fields of a signal event
 * @f: handles to fill
 * @event: a parsed signal:signal_generate or signal:signal_deliver format
 *
 * Return: the event kind, or SIGFTRACE_EV_OTHER if @event is not a signal
 * event or lacks a required field (sig, and for generate comm and pid).
 */
enum sigftrace_kind sigftrace_fields_init(struct sigftrace_fields *f, struct tep_event *event);

/**
 * sigftrace_decode() - decode one record
 * @f: handles from sigftrace_fields_init() for the record's event
 * @rec: the record
 * @out: decoded event
 *
 * Fields that lie outside the record (a truncated or corrupted record)
 * make the decode fail rather than read past it.
 *
 * Return: 0, or -1 if the record cannot be decoded.
 */
int sigftrace_decode(const struct sigftrace_fields *f, const struct tep_record *rec,
		     struct sigftrace_sig *out);

/**
 * sigftrace_kernel_sender() - true when no task sent @s
 *
 * SI_KERNEL and fault codes come from the kernel itself; the current task is
 * only the context it ran in.
 */
bool sigftrace_kernel_sender(const struct sigftrace_arch *arch, const struct sigftrace_sig *s);

/**
 * sigftrace_result_name() - "delivered", "ignored", "pending", "overflow",
 * "lose-info", or NULL for an unknown value
 */
const char *sigftrace_result_name(int result);

/*
 * Who sent and who got a signal, as far as the caller knows. The event names
 * threads only: the sending thread (common_pid) and the receiving thread
 * (pid). For a generate event @comm and @pid are the sender's process (its
 * tgid and the name of its main thread), @thread_comm and @tid the sending
 * thread, @rcomm and @rpid the receiving thread's process. For a deliver
 * event @comm/@pid and @thread_comm/@tid are the receiving task's process
 * and thread. A caller that knows no processes (trace-cmd's plugin) sets
 * @pid = @tid = the thread and @rpid = the receiving thread.
 */
struct sigftrace_ids {
	const char *comm; /* NULL: unknown ("<...>") */
	const char *thread_comm;
	const char *rcomm;
	int pid;
	int tid;
	int rpid;
};

/**
 * sigftrace_format_ids() - render one decoded event
 * @buf: destination
 * @size: size of @buf (SIGFTRACE_LINE_MAX always suffices)
 * @s: decoded event
 * @ids: who sent and who got it
 * @opts: table and format flags
 *
 * generate: "(SENDER PID) --[SIGTERM]--> (RECEIVER PID)" where SENDER PID is
 * the sending process, as the original patch's si_pid was, and RECEIVER PID
 * the thread the kernel chose. Then, only when not the common case: the
 * origin ("tkill", "sigqueue", "fault SEGV_MAPERR", "child CLD_EXITED", ...),
 * the result ("ignored", "pending", ...), "thread" (sent to that thread
 * alone), "of COMM/PID" (the receiving thread's process, when it is not the
 * main thread), "by COMM/TID" (the sending thread, when it is not the main
 * thread) and, for a signal the kernel raised in the context of a task other
 * than the receiver (tty, pty hang-up), "in COMM/PID" (that task's process).
 * The two (comm pid) groups keep the original patch's form: everything new
 * is in these words after them. Kernel-originated signals have the sender
 * "(kernel)", signals raised in interrupt context "(irq)", "(softirq)" or
 * "(nmi)"; a negative pid is unknown (text logs without a sender) and shown
 * "(unknown)".
 * deliver: "(RECEIVER TID) <==[SIGTERM]== handler 0x..." (or "default
 * terminate", "ignored"), then "of COMM/PID" as above.
 * With SIGFTRACE_FMT_SEED the original kernel patch's line is written.
 *
 * Return: the length written without the NUL; never more than @size - 1.
 */
size_t sigftrace_format_ids(char *buf, size_t size, const struct sigftrace_sig *s,
			    const struct sigftrace_ids *ids,
			    const struct sigftrace_render_opts *opts);

/**
 * sigftrace_format() - sigftrace_format_ids() for a caller that knows threads
 * only: @sender_comm is the comm of @s->sender_pid (NULL if unknown), which
 * is taken as the sender (or, for deliver, as the receiver)
 */
size_t sigftrace_format(char *buf, size_t size, const struct sigftrace_sig *s,
			const char *sender_comm, const struct sigftrace_render_opts *opts);

/**
 * sigftrace_render_event() - decode and render a record into a trace_seq
 * @seq: destination
 * @rec: record of @event
 * @event: signal event
 * @opts: table and format flags
 *
 * The sender's comm comes from the tep's pid->comm map. The tep knows no
 * processes, so the sender is the sending thread (common_pid), with its name
 * in the file's saved_cmdlines. This is what the plugin's handlers call.
 *
 * Return: 0 if rendered, 1 if the record could not be decoded; the caller
 * (libtraceevent) then prints the kernel's own print format.
 */
int sigftrace_render_event(struct trace_seq *seq, struct tep_record *rec, struct tep_event *event,
			   const struct sigftrace_render_opts *opts);

#endif /* SF_RENDER_H */
