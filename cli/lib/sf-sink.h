/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Service sinks: where `sigftrace stream` sends each signal when it runs as
 * a service (journald, syslog, Prometheus textfile metrics).
 *
 * A sink sees an event as an ordered list of key/value fields plus a message
 * line and a severity (struct sf_entry); it never sees the pipeline's decoded
 * signal, so the mapping from that to fields is one small function in the
 * caller. Sinks never print and never exit: failures are counted, and the
 * state changes the user should hear about are handed out as one-line
 * notices (sf_sink_notice()) for the command to print.
 *
 * Every sink stays usable for weeks: a target that goes away is retried with
 * a backoff, events that cannot be kept are dropped and counted, and every
 * loss (the ring buffer's, another sink's, its own) becomes an entry, a line
 * or a counter of its own (sf_sink_lost()). Nothing blocks the caller: sockets
 * are non-blocking and queues are bounded.
 *
 * Use, from a command's loop:
 *   open      sf_journal_open(), sf_syslog_open(), sf_metrics_open()
 *   per event sf_sink_event(s, &entry) on each sink
 *   per loss  sf_sink_lost(s, count, SF_LOST_RING) on each sink
 *   wait      sf_sink_poll(s, &pfd, now_ms) gives an fd to poll (or -1) and
 *             a timeout; the smallest timeout bounds the loop's poll()
 *   then      sf_sink_tick(s, now_ms) on each sink, sf_sinks_forward_drops(),
 *             and print every sf_sink_notice() as a warning
 *   end       sf_sink_close(s, timeout_ms)
 */
#ifndef SF_SINK_H
#define SF_SINK_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Syslog severities, also the journal's PRIORITY= */
#define SF_PRI_WARNING 4 /* a fatal signal, a loss */
#define SF_PRI_INFO 6 /* every other signal */

/*
 * Field names: the journal's (upper case, digits, '_', at most 64, not
 * starting with '_' or a digit). syslog's structured data and the metrics
 * labels derive theirs from these. The list is open: attribution and thread
 * fields are added by the mapping function under the same prefix.
 */
#define SF_F_SIGNAL "SIGFTRACE_SIGNAL" /* "SIGKILL", or the number */
#define SF_F_SIGNO "SIGFTRACE_SIGNO"
#define SF_F_SENDER_PID "SIGFTRACE_SENDER_PID"
#define SF_F_SENDER_COMM "SIGFTRACE_SENDER_COMM"
#define SF_F_RECEIVER_PID "SIGFTRACE_RECEIVER_PID"
#define SF_F_RECEIVER_COMM "SIGFTRACE_RECEIVER_COMM"
/* the sending thread, when it is not its process's main thread */
#define SF_F_SENDER_TID "SIGFTRACE_SENDER_TID"
#define SF_F_SENDER_THREAD_COMM "SIGFTRACE_SENDER_THREAD_COMM"
/* the receiving thread's process, when the thread is not its main one */
#define SF_F_RECEIVER_PROCESS_PID "SIGFTRACE_RECEIVER_PROCESS_PID"
#define SF_F_RECEIVER_PROCESS_COMM "SIGFTRACE_RECEIVER_PROCESS_COMM"
/* who is behind the sender, and where both sides run (attribution) */
#define SF_F_SENDER_EXE "SIGFTRACE_SENDER_EXE"
/* "sh 40 < init 1": the sender's parents, nearest first */
#define SF_F_SENDER_ANCESTRY "SIGFTRACE_SENDER_ANCESTRY"
#define SF_F_SENDER_CGROUP "SIGFTRACE_SENDER_CGROUP"
#define SF_F_SENDER_UNIT "SIGFTRACE_SENDER_UNIT"
#define SF_F_SENDER_CONTAINER "SIGFTRACE_SENDER_CONTAINER"
#define SF_F_RECEIVER_CGROUP "SIGFTRACE_RECEIVER_CGROUP"
#define SF_F_RECEIVER_UNIT "SIGFTRACE_RECEIVER_UNIT"
#define SF_F_RECEIVER_CONTAINER "SIGFTRACE_RECEIVER_CONTAINER"
/* the code's origin, or the kernel's killer by name: "oom", "seccomp", "rlimit-cpu", ... */
#define SF_F_ORIGIN "SIGFTRACE_ORIGIN"
#define SF_F_RESULT "SIGFTRACE_RESULT"
/* "1" if the signal killed its receiver, "0" if it did not, absent if unknown */
#define SF_F_KILLED "SIGFTRACE_KILLED"
/* loss entries */
#define SF_F_LOST "SIGFTRACE_LOST" /* number of events */
#define SF_F_LOST_WHERE "SIGFTRACE_LOST_WHERE" /* "ring", "journal", "syslog", ... */

/* Prefix every field name carries; syslog and metrics strip it. */
#define SF_FIELD_PREFIX "SIGFTRACE_"

struct sf_field {
	const char *key;
	const char *val; /* NUL-terminated; may hold newlines and any other byte */
};

/* One event as the sinks see it. */
struct sf_entry {
	struct timespec time; /* CLOCK_REALTIME of the event; 0 = now */
	const char *message; /* the rendered line, no trailing newline */
	const struct sf_field *fields;
	size_t nfields;
	int priority; /* SF_PRI_WARNING for a fatal signal, else SF_PRI_INFO */
};

struct sf_sink;
struct sf_netout;

struct sf_sink_ops {
	const char *kind; /* "journal", "syslog", "metrics": the where of its drops */
	/* 0 if sent or queued, -1 (errno) if dropped (and counted) */
	int (*event)(struct sf_sink *s, const struct sf_entry *e);
	/* NULL: a loss is an entry with SIGFTRACE_LOST and SIGFTRACE_LOST_WHERE */
	int (*lost)(struct sf_sink *s, unsigned long long count, const char *where);
	/* periodic work; may be NULL */
	void (*tick)(struct sf_sink *s, unsigned long long now_ms, bool final);
	/* ms until tick wants to run again, -1 never; may be NULL */
	long (*timeout)(struct sf_sink *s, unsigned long long now_ms);
	/* SIGHUP: write files anew now; may be NULL (sockets reconnect in any case) */
	void (*reopen)(struct sf_sink *s);
	void (*free)(struct sf_sink *s);
};

/*
 * The part every sink shares. A sink that talks to a socket (journal,
 * syslog) has @net; sf_sink_poll() and sf_sink_tick() then drive it.
 */
struct sf_sink {
	const struct sf_sink_ops *ops;
	struct sf_netout *net;
	char name[96]; /* "syslog udp:10.0.0.1:514", for notices */
	unsigned long long events; /* handed to the sink */
	unsigned long long drops_told; /* own drops already reported as a loss */
	unsigned long long drops_forwarded; /* own drops already given to other sinks */
	int notice_err; /* errno of the last notice given, 0 none */
	bool notice_down; /* the last notice said "unreachable" */
	/* a sink without @net (metrics): its own state, like net's */
	bool up; /* the last write worked */
	int err; /* errno of the last failure, 0 while up */
};

/**
 * sf_sink_event() - hand one event to a sink
 * Return: 0 if sent or queued, -1 with errno set if it was dropped (the
 * sink counted it: sf_sink_drops()).
 */
int sf_sink_event(struct sf_sink *s, const struct sf_entry *e);

/**
 * sf_sink_lost() - tell a sink that @count events were lost at @where
 * @where: a short fixed token ("ring" for the ring buffer, or the kind of
 *	another sink); the metrics sink uses it as a label value
 *
 * The journal gets an entry, syslog a message, the metrics a counter.
 */
int sf_sink_lost(struct sf_sink *s, unsigned long long count, const char *where);

/**
 * sf_sink_poll() - what to wait for before the sink's next sf_sink_tick()
 * @pfd: set to the socket and events to poll, or fd -1 for nothing
 * Return: ms until sf_sink_tick() must run anyway, -1 if never.
 */
long sf_sink_poll(struct sf_sink *s, struct pollfd *pfd, unsigned long long now_ms);

/**
 * sf_sink_tick() - let the sink work: send what is queued, reconnect when
 * the backoff has passed, report its own drops once it can, write metrics
 */
void sf_sink_tick(struct sf_sink *s, unsigned long long now_ms);

/**
 * sf_sink_reopen() - SIGHUP: a socket sink reconnects at its next tick
 * (what is queued stays), the metrics file is written anew at once
 */
void sf_sink_reopen(struct sf_sink *s);

/**
 * sf_sink_drops() - events this sink dropped itself, since it was opened
 */
unsigned long long sf_sink_drops(const struct sf_sink *s);

/**
 * sf_sink_pending() - entries still queued for a socket sink
 */
size_t sf_sink_pending(const struct sf_sink *s);

/**
 * sf_sink_notice() - a state change the user should hear about
 * @buf: filled with one line without "warning:" or newline
 *
 * "syslog tcp:10.0.0.1:514: cannot send: Connection refused; retrying, 3
 * dropped so far" once when a target goes away, and "...: reachable again"
 * when it is back. Between changes nothing.
 *
 * Return: true if @buf holds a new notice.
 */
bool sf_sink_notice(struct sf_sink *s, char *buf, size_t size);

/**
 * sf_sinks_forward_drops() - tell every sink of the others' new drops
 *
 * Each sink's drops since the last call become sf_sink_lost(count, kind) on
 * every other sink, so that the metrics count the syslog target's outage and
 * the journal records it.
 */
void sf_sinks_forward_drops(struct sf_sink *const *sinks, size_t n);

/**
 * sf_sink_close() - send what can still be sent, then free the sink
 * @timeout_ms: how long queued entries may take to go out (a TCP target)
 *
 * The metrics sink writes its file a last time with sigftrace_up 0.
 * Return: the number of queued entries that could not be sent (also
 * counted as drops), 0 if none. NULL is accepted.
 */
size_t sf_sink_close(struct sf_sink *s, unsigned int timeout_ms);

/* The where of losses in the kernel's ring buffer. */
#define SF_LOST_RING "ring"

/**
 * sf_lost_text() - the message line of a loss entry
 *
 * "12 signal events lost in the kernel's ring buffer (it was full)", or
 * "12 signal events did not reach the syslog sink".
 */
void sf_lost_text(char *buf, size_t size, unsigned long long count, const char *where);

/**
 * sf_entry_priority() - @e's priority as a syslog severity, 0-7
 */
int sf_entry_priority(const struct sf_entry *e);

/**
 * sf_entry_get() - the value of field @key of @e, or NULL
 */
const char *sf_entry_get(const struct sf_entry *e, const char *key);

/**
 * sf_utf8_len() - length of the valid UTF-8 sequence at @s, 0 if invalid
 * @n: bytes available
 *
 * Overlong forms, surrogates and code points above U+10FFFF are invalid.
 */
size_t sf_utf8_len(const unsigned char *s, size_t n);

#endif /* SF_SINK_H */
