// SPDX-License-Identifier: GPL-2.0
/*
 * sf-journal - journal entries in journald's native protocol.
 *
 * An entry is one datagram of fields. A value with a newline is sent in the
 * protocol's binary-safe form (name, newline, 64-bit little-endian length,
 * bytes, newline); an entry larger than the socket takes (EMSGSIZE) goes as
 * an empty datagram carrying a sealed memfd with the same bytes, as the
 * protocol allows (sf-netout's SF_NETOUT_MEMFD).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sf-journal.h"
#include "sf-netout.h"

struct journal_sink {
	struct sf_sink base;
	struct sf_netout net;
	struct sf_buf buf;
};

bool sf_journal_field_valid(const char *name)
{
	size_t i;

	if (!name || !*name || *name == '_' || (*name >= '0' && *name <= '9'))
		return false;
	for (i = 0; name[i]; i++) {
		if (i == 64)
			return false;
		if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_'))
			return false;
	}
	return true;
}

int sf_journal_put(struct sf_buf *b, const char *key, const char *val, size_t len)
{
	unsigned char le[8];
	uint64_t v = len;
	int i;

	if (!sf_journal_field_valid(key)) {
		errno = EINVAL;
		return -1;
	}
	sf_buf_add(b, key, strlen(key));
	if (!memchr(val, '\n', len)) {
		sf_buf_add(b, "=", 1);
	} else {
		for (i = 0; i < 8; i++, v >>= 8)
			le[i] = (unsigned char)(v & 0xff);
		sf_buf_add(b, "\n", 1);
		sf_buf_add(b, (const char *)le, sizeof(le));
	}
	sf_buf_add(b, val, len);
	sf_buf_add(b, "\n", 1);
	return 0;
}

int sf_journal_encode(struct sf_buf *b, const struct sf_entry *e)
{
	char pri[2] = { (char)('0' + sf_entry_priority(e)), '\0' };
	const char *msg = e->message ? e->message : "";
	size_t i;

	if (sf_journal_put(b, "MESSAGE", msg, strlen(msg)) ||
	    sf_journal_put(b, "PRIORITY", pri, 1) ||
	    sf_journal_put(b, "SYSLOG_IDENTIFIER", SF_JOURNAL_IDENTIFIER,
			   strlen(SF_JOURNAL_IDENTIFIER)))
		return -1;
	for (i = 0; i < e->nfields; i++) {
		const char *v = e->fields[i].val ? e->fields[i].val : "";

		if (sf_journal_put(b, e->fields[i].key, v, strlen(v)))
			return -1;
	}
	return 0;
}

static int journal_send(struct sf_sink *s, const struct sf_entry *e)
{
	struct journal_sink *j = (struct journal_sink *)s;

	j->buf.len = 0;
	if (sf_journal_encode(&j->buf, e)) {
		sf_netout_drop(&j->net);
		return -1;
	}
	return sf_netout_push(&j->net, j->buf.p, j->buf.len, sf_now_ns() / 1000000);
}

static void journal_free(struct sf_sink *s)
{
	struct journal_sink *j = (struct journal_sink *)s;

	sf_buf_free(&j->buf);
	free(j);
}

static const struct sf_sink_ops journal_ops = {
	.kind = "journal",
	.event = journal_send,
	.free = journal_free,
};

struct sf_sink *sf_journal_open(const char *socket, char *err, size_t errsz)
{
	struct journal_sink *j = calloc(1, sizeof(*j));

	if (!j) {
		snprintf(err, errsz, "cannot set up the journal sink: %s", strerror(errno));
		return NULL;
	}
	if (!socket)
		socket = SF_JOURNAL_SOCKET;
	if (sf_netout_parse(&j->net, socket, SF_NETOUT_MEMFD, err, errsz)) {
		free(j);
		return NULL;
	}
	if (j->net.kind != SF_NET_UNIX) {
		snprintf(err, errsz, "bad journal socket \"%s\": not a path", socket);
		free(j);
		return NULL;
	}
	j->base.ops = &journal_ops;
	j->base.net = &j->net;
	snprintf(j->base.name, sizeof(j->base.name), "journal %s", socket);
	return &j->base;
}
