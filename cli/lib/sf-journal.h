/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The journal sink: one journal entry per signal, sent with journald's native
 * protocol (systemd's "Native Journal Protocol" document) to
 * /run/systemd/journal/socket, so that `journalctl SIGFTRACE_SIGNAL=SIGKILL`
 * finds it.
 *
 * Written here rather than with libsystemd's sd_journal_sendv(): the protocol
 * is a page of code; libsystemd is a shared-only dependency on Debian (no
 * libsystemd.a, so no STATIC=1 build for routers) that OpenWrt and Buildroot
 * systems without systemd do not have; and sd_journal_sendv() sends on a
 * blocking socket, where a stalled journald would stall the ring-buffer loop.
 */
#ifndef SF_JOURNAL_H
#define SF_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "sf-sink.h"
#include "sf-util.h"

#define SF_JOURNAL_SOCKET "/run/systemd/journal/socket"
#define SF_JOURNAL_IDENTIFIER "sigftrace"

/**
 * sf_journal_field_valid() - a name journald stores: 1-64 characters of
 * A-Z, 0-9 and '_', not starting with a digit or '_' (those are journald's
 * own trusted fields)
 */
bool sf_journal_field_valid(const char *name);

/**
 * sf_journal_put() - append one field in the native protocol's form
 *
 * "KEY=value\n", or, when the value holds a newline, "KEY\n", the length as
 * a little-endian 64-bit integer, the value and "\n".
 * Return: 0, or -1 (EINVAL) if @key is not a valid field name.
 */
int sf_journal_put(struct sf_buf *b, const char *key, const char *val, size_t len) SF_WUR;

/**
 * sf_journal_encode() - one entry: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER,
 * then @e's fields in their order
 * Return: 0, or -1 (EINVAL) if a field name is not valid.
 */
int sf_journal_encode(struct sf_buf *b, const struct sf_entry *e) SF_WUR;

/**
 * sf_journal_open() - the journal sink
 * @socket: journald's native socket, NULL for SF_JOURNAL_SOCKET
 *
 * The socket is connected at the first entry; a journald that is not there
 * (yet, or restarting) is retried, and what could not wait is counted.
 * Return: the sink, or NULL with a message in @err.
 */
struct sf_sink *sf_journal_open(const char *socket, char *err, size_t errsz);

#endif /* SF_JOURNAL_H */
