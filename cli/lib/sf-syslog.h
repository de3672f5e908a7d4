/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syslog sink: one message per signal, RFC 5424 with the fields as
 * structured data, or RFC 3164 (the BSD form of syslog(3), busybox syslogd
 * and OpenWrt's logd), to /dev/log, udp:HOST:PORT or tcp:HOST:PORT.
 *
 * The structured data element is [sigftrace@32473 signal="SIGKILL" ...]. Its
 * SD-ID needs an IANA private enterprise number; sigftrace has none, and RFC
 * 5612 reserves 32473 for documentation and examples, so that it can never
 * collide with a real organisation's element. A site with its own number can
 * change SF_SYSLOG_SDID. Parameter names are the field names without their
 * SIGFTRACE_ prefix, in lower case (SIGFTRACE_SENDER_PID is sender_pid).
 *
 * Format by target (SF_SYSLOG_AUTO): a unix socket gets RFC 3164 without a
 * host name, as syslog(3) writes it, because that is what every /dev/log
 * reader parses (rsyslog's imuxsock and journald's /dev/log use a special
 * parser for it); UDP and TCP get RFC 5424, framed on TCP by octet counting
 * (RFC 6587: "LEN MSG"). RFC 3164 on TCP ends each message with a newline.
 * A unix socket is a datagram socket, as /dev/log is for syslog(3), rsyslog,
 * busybox syslogd, logd and journald; a stream socket there is refused
 * (EPROTOTYPE, reported as a notice).
 */
#ifndef SF_SYSLOG_H
#define SF_SYSLOG_H

#include <stdbool.h>

#include "sf-sink.h"
#include "sf-util.h"

#define SF_SYSLOG_TARGET "/dev/log"
#define SF_SYSLOG_SDID "sigftrace@32473"
#define SF_SYSLOG_APP "sigftrace"
#define SF_SYSLOG_DAEMON 3 /* LOG_DAEMON >> 3 */
#define SF_SYSLOG_MAX 8192 /* rsyslog's default maxMessageSize: longer MSGs are cut */
#define SF_SYSLOG_3164_MAX 1024 /* RFC 3164 4.1 */

enum sf_syslog_format {
	SF_SYSLOG_AUTO,
	SF_SYSLOG_5424,
	SF_SYSLOG_3164,
};

/* What every message of one sink says besides the entry. */
struct sf_syslog_hdr {
	const char *hostname; /* NULL: "-" in 5424, none in 3164 (local socket) */
	int facility; /* 0-23 */
	int procid; /* <= 0: "-" */
};

/**
 * sf_syslog_5424() - append an RFC 5424 message
 * @msgid: "signal" or "lost"
 *
 * "<PRI>1 2024-05-01T12:00:00.123456+02:00 HOST sigftrace PID MSGID [SD] MSG".
 * The MSG is cut so that the message stays within SF_SYSLOG_MAX.
 * Return: 0, or -1: EINVAL if a field name cannot be a PARAM-NAME, EMSGSIZE
 * if the header and the structured data alone are too long.
 */
int sf_syslog_5424(struct sf_buf *b, const struct sf_syslog_hdr *h, const char *msgid,
		   const struct sf_entry *e) SF_WUR;

/**
 * sf_syslog_3164() - append an RFC 3164 message
 *
 * "<PRI>May  1 12:00:00 HOST sigftrace[PID]: MSG", without HOST when
 * @h->hostname is NULL; control characters in MSG become '?' and the message
 * is cut at SF_SYSLOG_3164_MAX bytes.
 */
void sf_syslog_3164(struct sf_buf *b, const struct sf_syslog_hdr *h, const struct sf_entry *e);

/**
 * sf_syslog_sd_value() - append @s as an SD-PARAM value: '"', '\' and ']'
 * escaped with a backslash, invalid UTF-8 replaced by U+FFFD
 */
void sf_syslog_sd_value(struct sf_buf *b, const char *s);

/**
 * sf_syslog_param_name() - the PARAM-NAME of field @key
 * Return: 0, or -1 (EINVAL) if it would be empty, longer than 32 or hold
 * '=', ' ', ']', '"' or a non-printable character.
 */
int sf_syslog_param_name(char *out, size_t size, const char *key) SF_WUR;

/**
 * sf_syslog_format_parse() - "5424" or "rfc5424", "3164" or "rfc3164", "auto"
 */
int sf_syslog_format_parse(const char *s, enum sf_syslog_format *f) SF_WUR;

struct sf_syslog_conf {
	const char *target; /* NULL: SF_SYSLOG_TARGET */
	enum sf_syslog_format format;
	int facility; /* 0: SF_SYSLOG_DAEMON (kern, 0, is not ours to use) */
	const char *hostname; /* NULL: gethostname() */
};

/**
 * sf_syslog_open() - the syslog sink
 *
 * The target's host name is resolved here; it is connected at the first
 * message and reconnected when it goes away.
 * Return: the sink, or NULL with a message in @err.
 */
struct sf_sink *sf_syslog_open(const struct sf_syslog_conf *c, char *err, size_t errsz);

#endif /* SF_SYSLOG_H */
