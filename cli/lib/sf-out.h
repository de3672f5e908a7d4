/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sf-out - the pipeline's sinks: where the signals the pipeline shows go.
 *
 * A sink is a struct sf_out with its ops. The pipeline (sf-pipeline) hands
 * every sink each signal it shows, in time order, as a decoded struct
 * sf_signal (sender, receiver, signal, origin, result, fate, ...), and each
 * loss of events where it was found; several sinks run at once (stream's
 * terminal and /dev/kmsg). A sink formats and writes; it never filters and
 * never decides. Sinks that write to a file descriptor batch their output:
 * one write(2) per 256 KiB or per flush, no stdio, no allocation per event.
 *
 *   sf-sink-text.c   the default line and the seed's kernel-patch line
 *   sf-sink-json.c   one JSON object per line
 *   sf-sink-kmsg.c   the seed's line into /dev/kmsg
 *
 * The service sinks (sf-sink.h: journald, syslog, Prometheus metrics) take
 * an event as fields (struct sf_entry): each becomes one more struct sf_out
 * whose signal() maps the struct sf_signal to those fields and calls
 * sf_sink_event(), whose lost() calls sf_sink_lost(); the command's loop
 * polls and ticks them (sf_sink_poll(), sf_sink_tick()) beside the rings.
 *
 * Lower layer: sinks never print messages and never exit; a failed write is
 * kept in ->error (errno) and the sink writes nothing more.
 */
#ifndef SF_OUT_H
#define SF_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "sf-event.h"
#include "sf-sink.h"
#include "sigftrace-render.h"

enum sf_format {
	SF_FMT_DEFAULT,
	SF_FMT_SEED,
	SF_FMT_JSON,
};

/**
 * sf_format_parse() - "default", "seed" or "json"
 * Return: 0, or -1 for another word.
 */
int sf_format_parse(const char *s, enum sf_format *f);

struct sf_out;

struct sf_out_ops {
	/* one signal the pipeline shows */
	void (*signal)(struct sf_out *o, const struct sf_signal *s);
	/* @missed events (-1: an unknown number) were lost before @ts on @cpu */
	void (*lost)(struct sf_out *o, unsigned long long ts, int cpu, long long missed);
	/* the end of a batch: write out what is buffered; 0 or -1 (->error set) */
	int (*flush)(struct sf_out *o);
	void (*free)(struct sf_out *o);
};

struct sf_out {
	const struct sf_out_ops *ops;
	int error; /* errno of a failed write: nothing more is written */
	unsigned long long dropped; /* lines the target did not take (and said so) */
	/*
	 * takes each signal as soon as it is shown, even while an earlier one
	 * still waits for its fate (the kernel log: its lines carry their own
	 * time); the others get every signal in time order
	 */
	bool immediate;
};

static inline void sf_out_signal(struct sf_out *o, const struct sf_signal *s)
{
	if (!o->error)
		o->ops->signal(o, s);
}

static inline void sf_out_lost(struct sf_out *o, unsigned long long ts, int cpu, long long missed)
{
	if (!o->error && o->ops->lost)
		o->ops->lost(o, ts, cpu, missed);
}

static inline int sf_out_flush(struct sf_out *o)
{
	return o->error ? -1 : o->ops->flush ? o->ops->flush(o) : 0;
}

static inline void sf_out_free(struct sf_out *o)
{
	if (o)
		o->ops->free(o);
}

/* What the text and JSON sinks need to know. */
struct sf_out_conf {
	const struct sigftrace_arch *arch; /* signal numbering of the trace */
	int fd;
	bool numeric; /* --[15]--> instead of --[SIGTERM]--> */
	bool color; /* ANSI colours for fatal and ignored signals */
	int ancestry; /* text: the sender's chain of this many parents and its program; 0: not */
	bool units; /* text: the sender's and receiver's systemd units / containers */
};

/* the default line, or with @seed the original kernel patch's line */
struct sf_out *sf_sink_text_new(const struct sf_out_conf *c, bool seed);
struct sf_out *sf_sink_json_new(const struct sf_out_conf *c);
/* the sink of @format */
struct sf_out *sf_sink_new(enum sf_format format, const struct sf_out_conf *c);

/*
 * the seed's line into the kernel log (/dev/kmsg): every generate event
 * shown; lines the log does not take are counted in ->dropped. NULL with a
 * message in @err when it cannot be opened, errno EPERM when the sysctl
 * kernel.printk_devkmsg is off (the kernel would drop every line).
 */
struct sf_out *sf_sink_kmsg_open(const struct sigftrace_arch *arch, char *err, size_t errsz);

/*
 * A service sink (sf-sink.h: journal, syslog, metrics) as a sink of the
 * pipeline, owning @sink: one entry per signal_generate shown, its fields
 * SIGFTRACE_*, the rendered line its MESSAGE, a warning if it killed its
 * receiver (->killed: the pipeline held it for its delivery), else info.
 * @mono: event times are CLOCK_MONOTONIC (trace clock
 * "mono"), converted to CLOCK_REALTIME; otherwise an entry has the time it
 * is sent. Ring-buffer losses are the command's to report
 * (sf_sink_lost()), not passed on by the pipeline.
 */
struct sf_out *sf_sink_svc_new(struct sf_sink *sink, const struct sigftrace_arch *arch, bool mono);
/* the service sink of @o, or NULL if @o is not one (or is closed) */
struct sf_sink *sf_sink_svc_sink(struct sf_out *o);
/*
 * sf_sink_svc_close() - close @o's service sink, giving what is queued
 * @timeout_ms to go out; @o takes no more signals
 * Return: entries that could not be sent (see sf_sink_close()).
 */
size_t sf_sink_svc_close(struct sf_out *o, unsigned int timeout_ms);
/*
 * report's answers (sf-sink-answers.c), printed once the analysis has seen
 * the whole trace: --summary, --killed and --dot
 */
struct sf_analysis;
void sf_answers_summary(const struct sf_analysis *a, FILE *out);
void sf_answers_killed(const struct sf_analysis *a, FILE *out);
void sf_answers_dot(const struct sf_analysis *a, FILE *out);

/*
 * A buffer of output for a file descriptor, shared by the sinks that write
 * lines: sf_fdbuf_room() gives room for one line, sf_fdbuf_put() takes it.
 */
#define SF_FDBUF_CAP (256 * 1024)
/*
 * one line never needs more: instance names 255 bytes, three attribution
 * paths of SF_ATTRIB_PATH_MAX bytes, each escaped to 6 bytes a byte in JSON
 */
#define SF_LINE_ROOM 32768

struct sf_fdbuf {
	char *buf;
	size_t len;
	size_t cap;
	int fd;
};

void sf_fdbuf_init(struct sf_fdbuf *b, int fd);
/* room for SF_LINE_ROOM bytes, or NULL when a flush failed (@o->error set) */
char *sf_fdbuf_room(struct sf_fdbuf *b, struct sf_out *o);
static inline void sf_fdbuf_put(struct sf_fdbuf *b, const char *end)
{
	b->len = (size_t)(end - b->buf);
}
int sf_fdbuf_flush(struct sf_fdbuf *b, struct sf_out *o);
void sf_fdbuf_free(struct sf_fdbuf *b);

/* put_ts - "SECS.USECS", rounded to the microsecond as the kernel's trace file does */
char *sf_put_ts(char *o, unsigned long long ts);

/*
 * Writers of a line's parts without stdio, each returning the end of what
 * it wrote: a string (no quoting), an unsigned and a signed decimal, a
 * lowercase "0x..." hexadecimal, and "SECS.NANOSECS" (9 digits).
 */
char *sf_put_str(char *o, const char *s);
char *sf_put_u(char *o, unsigned long long v);
char *sf_put_d(char *o, long long v);
char *sf_put_hex(char *o, unsigned long long v);
char *sf_put_ns(char *o, unsigned long long ts);

/* SF_PUT - a string literal */
#define SF_PUT(o, lit) (memcpy((o), (lit), sizeof(lit) - 1), (o) + sizeof(lit) - 1)

#endif /* SF_OUT_H */
