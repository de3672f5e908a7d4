/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bounded, non-blocking message queue in front of one socket: a unix
 * datagram socket (/dev/log, the journal's socket), UDP or TCP.
 *
 * Messages are queued, then sent with MSG_DONTWAIT. When the target is
 * missing or refuses, the socket is closed and reconnected after a backoff
 * (250 ms doubling to 30 s); the queue keeps what it can (SF_NETOUT_QMSGS
 * messages, SF_NETOUT_QBYTES bytes) and drops and counts the rest, newest
 * first, so that what reaches the target stays in order. The caller polls
 * the socket (sf_netout_pollfd()) and calls sf_netout_flush() when it is
 * writable or the backoff has passed. Nothing here prints or blocks.
 *
 * Framing is the caller's: a datagram carries one message, a TCP stream
 * carries the bytes as given.
 */
#ifndef SF_NETOUT_H
#define SF_NETOUT_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "sf-util.h"

#define SF_NETOUT_QMSGS 4096
#define SF_NETOUT_QBYTES (1024 * 1024)
#define SF_NETOUT_BACKOFF_MIN_MS 250
#define SF_NETOUT_BACKOFF_MAX_MS 30000

enum sf_netout_kind {
	SF_NET_UNIX, /* datagrams to a unix socket path */
	SF_NET_UDP,
	SF_NET_TCP,
};

/* a datagram too large for the socket goes as a sealed memfd (the journal) */
#define SF_NETOUT_MEMFD 0x1

struct sf_netout_msg;

struct sf_netout {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	enum sf_netout_kind kind;
	unsigned int flags;
	int fd;
	bool connecting; /* TCP connect() in progress */
	bool up; /* the last attempt to send worked */
	int err; /* errno of the last failure, 0 while up */
	struct sf_netout_msg **q; /* ring of queued messages */
	size_t qhead, qlen, qbytes;
	size_t qmsgs_max, qbytes_max;
	int sndbuf; /* SO_SNDBUF of a unix socket: 8 MiB, capped by net.core.wmem_max */
	size_t off; /* bytes of the head message a TCP stream already took */
	unsigned long long next_try_ms; /* no connect before this */
	unsigned int backoff_ms;
	unsigned long long sent, dropped, reconnects;
	unsigned long long sent_memfd; /* of @sent, as a memfd */
	char target[80]; /* as given, for messages */
};

/**
 * sf_netout_parse() - parse a target
 * @target: "/path" (a unix datagram socket), "udp:HOST:PORT" or
 *	"tcp:HOST:PORT" (HOST a name, an IPv4 address or [IPv6]); a missing
 *	":PORT" means 514
 *
 * HOST is resolved here, once (getaddrinfo() may block on DNS); a static
 * build takes an address or a name of /etc/hosts (sf_netout_hosts()).
 *
 * Return: 0, or -1 with a message in @err.
 */
int sf_netout_parse(struct sf_netout *n, const char *target, unsigned int flags, char *err,
		    size_t errsz) SF_WUR;

/**
 * sf_netout_hosts() - @name (an IPv4/IPv6 address, or a name or alias of the
 * hosts file @path, case-insensitive, the first line that has it) with @port
 * into *@ss and *@len
 * Return: 0, or -1 if @name is neither an address nor in @path.
 */
int sf_netout_hosts(const char *path, const char *name, unsigned int port,
		    struct sockaddr_storage *ss, socklen_t *len) SF_WUR;

/**
 * sf_netout_push() - queue one message and try to send what is queued
 * Return: 0 if queued or sent, -1 (errno ENOBUFS or ENOMEM) if it was
 * dropped (and counted).
 */
int sf_netout_push(struct sf_netout *n, const void *msg, size_t len, unsigned long long now_ms);

/**
 * sf_netout_flush() - connect if the backoff has passed, send what is queued
 * Return: messages still queued.
 */
size_t sf_netout_flush(struct sf_netout *n, unsigned long long now_ms);

/**
 * sf_netout_pollfd() - the socket to poll and the time of the next retry
 * Return: ms until sf_netout_flush() should run anyway, -1 if not needed.
 */
long sf_netout_pollfd(const struct sf_netout *n, struct pollfd *pfd, unsigned long long now_ms);

/**
 * sf_netout_reopen() - close the socket now (the queue stays): the next
 * flush connects anew, without waiting for a backoff. For SIGHUP: a
 * journald or syslog daemon restarted behind a path, a name that moved.
 */
void sf_netout_reopen(struct sf_netout *n);

/**
 * sf_netout_drop() - count a message the caller could not even build
 */
void sf_netout_drop(struct sf_netout *n);

/**
 * sf_netout_close() - close the socket and free the queue; the messages
 * still queued are counted as dropped
 * Return: how many they were.
 */
size_t sf_netout_close(struct sf_netout *n);

#endif /* SF_NETOUT_H */
