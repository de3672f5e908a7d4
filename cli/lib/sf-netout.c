// SPDX-License-Identifier: GPL-2.0
/*
 * sf-netout - a bounded, non-blocking message queue in front of one socket.
 *
 * Why no blocking at all: the caller is the loop that empties the kernel's
 * ring buffer. A syslog server that stops reading, or a journald that is
 * restarting, must cost queued (then dropped and counted) messages, never
 * lost trace events. So every send is MSG_DONTWAIT, TCP connects are
 * non-blocking, and a datagram socket that is full is waited for with
 * poll() by the caller.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sf-netout.h"

struct sf_netout_msg {
	size_t len;
	char data[];
};

/* target_err - "bad target "X": WHY" into @err; always -1 */
static int target_err(char *err, size_t errsz, const char *target, const char *why)
{
	snprintf(err, errsz, "bad target \"%s\": %s", target, why);
	return -1;
}

/* set_addr - @text, an IPv4 or IPv6 address, and @port into @ss; -1 if no address */
static int set_addr(struct sockaddr_storage *ss, socklen_t *len, const char *text,
		    unsigned int port)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, text, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, text, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
		return 0;
	}
	return -1;
}

int sf_netout_hosts(const char *path, const char *name, unsigned int port,
		    struct sockaddr_storage *ss, socklen_t *len)
{
	char line[512];
	int found = -1;
	FILE *f;

	if (!set_addr(ss, len, name, port))
		return 0;
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (found && fgets(line, sizeof(line), f)) {
		char *save = NULL, *addr, *alias;
		int c;

		/* a line too long for @line: its rest is no line of its own */
		if (!strchr(line, '\n'))
			while ((c = getc(f)) != EOF && c != '\n')
				;
		line[strcspn(line, "#\n")] = '\0';
		addr = strtok_r(line, " \t", &save);
		if (!addr)
			continue;
		while (found && (alias = strtok_r(NULL, " \t", &save)))
			if (!strcasecmp(alias, name))
				found = set_addr(ss, len, addr, port);
	}
	fclose(f);
	return found;
}

/* parse_inet - "HOST:PORT", "[V6]:PORT", "HOST" into @n's address */
static int parse_inet(struct sf_netout *n, const char *target, const char *hostport, char *err,
		      size_t errsz)
{
	struct addrinfo hints = { 0 }, *ai = NULL;
	const char *port = "514", *colon;
	unsigned long long v;
	char host[256];
	size_t hlen;
	int r;

	if (*hostport == '[') {
		const char *end = strchr(hostport, ']');

		if (!end || (end[1] && end[1] != ':'))
			return target_err(err, errsz, target, "expected [IPV6]:PORT");
		hlen = (size_t)(end - hostport - 1);
		hostport++;
		colon = end[1] ? end + 1 : NULL;
	} else {
		colon = strchr(hostport, ':');
		if (colon && strchr(colon + 1, ':'))
			return target_err(err, errsz, target,
					  "an IPv6 address needs brackets: [ADDR]:PORT");
		hlen = colon ? (size_t)(colon - hostport) : strlen(hostport);
	}
	if (!hlen || hlen >= sizeof(host))
		return target_err(err, errsz, target, "no host name");
	memcpy(host, hostport, hlen);
	host[hlen] = '\0';
	if (colon) {
		port = colon + 1;
		if (sf_parse_uint(port, 65535, &v) || !v)
			return target_err(err, errsz, target, "the port is not a number 1-65535");
	}
#ifdef SF_STATIC
	/*
	 * glibc's resolver (getaddrinfo) would add 120 KB to the static binary
	 * and still need the NSS libraries of the glibc it was linked with on
	 * the target: a static sigftrace takes an address or a name of
	 * /etc/hosts
	 */
	(void)hints;
	(void)ai;
	(void)r;
	if (sf_netout_hosts("/etc/hosts", host, colon ? (unsigned int)v : 514, &n->addr,
			    &n->addrlen)) {
		char why[400];

		snprintf(why, sizeof(why),
			 "%s is neither an IP address nor a name in /etc/hosts "
			 "(a static sigftrace does not ask DNS)",
			 host);
		return target_err(err, errsz, target, why);
	}
	return 0;
#else
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = n->kind == SF_NET_TCP ? SOCK_STREAM : SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	r = getaddrinfo(host, port, &hints, &ai);
	if (r || !ai) {
		char why[320];

		snprintf(why, sizeof(why), "cannot resolve %s: %s", host,
			 r == EAI_SYSTEM ? strerror(errno) : gai_strerror(r));
		return target_err(err, errsz, target, why);
	}
	memcpy(&n->addr, ai->ai_addr, ai->ai_addrlen);
	n->addrlen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
#endif
}

int sf_netout_parse(struct sf_netout *n, const char *target, unsigned int flags, char *err,
		    size_t errsz)
{
	const char *path = NULL;

	memset(n, 0, sizeof(*n));
	n->fd = -1;
	n->flags = flags;
	n->qmsgs_max = SF_NETOUT_QMSGS;
	n->qbytes_max = SF_NETOUT_QBYTES;
	n->backoff_ms = SF_NETOUT_BACKOFF_MIN_MS;
	n->sndbuf = 8 << 20;
	if (!target || !*target)
		return target_err(err, errsz, "", "empty");
	snprintf(n->target, sizeof(n->target), "%s", target);
	if (*target == '/')
		path = target;
	else if (!strncmp(target, "unix:", 5))
		path = target + 5;
	if (path) {
		struct sockaddr_un *un = (struct sockaddr_un *)&n->addr;

		if (*path != '/' || strlen(path) >= sizeof(un->sun_path))
			return target_err(
				err, errsz, target,
				"a socket path must be absolute and shorter than 108 bytes");
		n->kind = SF_NET_UNIX;
		un->sun_family = AF_UNIX;
		strcpy(un->sun_path, path);
		n->addrlen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
		return 0;
	}
	if (!strncmp(target, "udp:", 4))
		n->kind = SF_NET_UDP;
	else if (!strncmp(target, "tcp:", 4))
		n->kind = SF_NET_TCP;
	else
		return target_err(err, errsz, target,
				  "expected /SOCKET, udp:HOST[:PORT] or tcp:HOST[:PORT]");
	return parse_inet(n, target, target + 4, err, errsz);
}

/* fail - the target is gone: close, keep the queue, retry after the backoff */
static void fail(struct sf_netout *n, int err, unsigned long long now_ms)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	n->connecting = false;
	n->up = false;
	n->err = err ? err : EIO;
	/* a new connection resends the whole message a broken stream cut */
	n->off = 0;
	n->next_try_ms = now_ms + n->backoff_ms;
	n->backoff_ms *= 2;
	if (n->backoff_ms > SF_NETOUT_BACKOFF_MAX_MS)
		n->backoff_ms = SF_NETOUT_BACKOFF_MAX_MS;
}

static int open_socket(struct sf_netout *n, unsigned long long now_ms)
{
	int type = n->kind == SF_NET_TCP ? SOCK_STREAM : SOCK_DGRAM;

	n->fd = socket(n->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (n->fd < 0) {
		fail(n, errno, now_ms);
		return -1;
	}
	/* as the journal's protocol advises: large datagrams, late EAGAIN (capped by wmem_max) */
	if (n->kind == SF_NET_UNIX)
		setsockopt(n->fd, SOL_SOCKET, SO_SNDBUF, &n->sndbuf, sizeof(n->sndbuf));
	if (connect(n->fd, (struct sockaddr *)&n->addr, n->addrlen)) {
		if (errno != EINPROGRESS) {
			fail(n, errno, now_ms);
			return -1;
		}
		n->connecting = true;
	}
	n->reconnects++;
	return 0;
}

/* tcp_ready - a pending connect() finished well; a live stream was not closed */
static bool tcp_ready(struct sf_netout *n, unsigned long long now_ms)
{
	struct pollfd pfd = { .fd = n->fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	char c;
	int e = 0;

	if (n->connecting) {
		if (poll(&pfd, 1, 0) <= 0)
			return false;
		if (getsockopt(n->fd, SOL_SOCKET, SO_ERROR, &e, &len) || e) {
			fail(n, e ? e : errno, now_ms);
			return false;
		}
		n->connecting = false;
		return true;
	}
	/*
	 * A syslog server never sends: anything readable is its close (or a
	 * reset). Checked before a new message so that it goes to a fresh
	 * connection instead of into a socket the peer will reset.
	 */
	if (n->off == 0) {
		ssize_t r = recv(n->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);

		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
			fail(n, r == 0 ? ECONNRESET : errno, now_ms);
			return false;
		}
	}
	return true;
}

/* send_memfd - one datagram with an empty payload and a sealed memfd holding @m */
static ssize_t send_memfd(int fd, const struct sf_netout_msg *m)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	size_t off = 0;
	ssize_t r;
	int mfd, err;

	mfd = memfd_create("sigftrace-entry", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		return -1;
	while (off < m->len) {
		r = write(mfd, m->data + off, m->len - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto fail;
		off += (size_t)r;
	}
	/* the reader maps it: it must not change under it */
	if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL))
		goto fail;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &mfd, sizeof(int));
	r = sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
	err = errno;
	close(mfd);
	errno = err;
	return r < 0 ? -1 : (ssize_t)m->len;
fail:
	err = errno ? errno : EIO;
	close(mfd);
	errno = err;
	return -1;
}

static void pop(struct sf_netout *n)
{
	struct sf_netout_msg *m = n->q[n->qhead];

	n->qbytes -= m->len;
	free(m);
	n->q[n->qhead] = NULL;
	n->qhead = (n->qhead + 1) % n->qmsgs_max;
	n->qlen--;
	n->off = 0;
}

/* sent - the head went out: the target is up, the backoff starts over */
static void sent(struct sf_netout *n)
{
	pop(n);
	n->sent++;
	n->up = true;
	n->err = 0;
	n->backoff_ms = SF_NETOUT_BACKOFF_MIN_MS;
}

size_t sf_netout_flush(struct sf_netout *n, unsigned long long now_ms)
{
	while (n->qlen) {
		struct sf_netout_msg *m = n->q[n->qhead];
		ssize_t r;

		if (n->fd < 0 && (now_ms < n->next_try_ms || open_socket(n, now_ms)))
			break;
		if (n->kind == SF_NET_TCP && !tcp_ready(n, now_ms))
			break;
		r = send(n->fd, m->data + n->off, m->len - n->off, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (r < 0 && errno == EMSGSIZE && (n->flags & SF_NETOUT_MEMFD)) {
			r = send_memfd(n->fd, m);
			n->sent_memfd += r >= 0;
		}
		if (r >= 0) {
			n->off += (size_t)r;
			if (n->kind != SF_NET_TCP || n->off == m->len)
				sent(n);
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			break;
		if (errno == EMSGSIZE) {
			/* can never go as one datagram: not the target's fault */
			pop(n);
			n->dropped++;
			continue;
		}
		fail(n, errno, now_ms);
	}
	return n->qlen;
}

int sf_netout_push(struct sf_netout *n, const void *msg, size_t len, unsigned long long now_ms)
{
	struct sf_netout_msg *m;

	if (n->qlen == n->qmsgs_max || n->qbytes + len > n->qbytes_max)
		sf_netout_flush(n, now_ms);
	if (n->qlen == n->qmsgs_max || n->qbytes + len > n->qbytes_max) {
		n->dropped++;
		errno = ENOBUFS;
		return -1;
	}
	if (!n->q) {
		n->q = calloc(n->qmsgs_max, sizeof(*n->q));
		if (!n->q) {
			n->dropped++;
			return -1;
		}
	}
	m = malloc(sizeof(*m) + len);
	if (!m) {
		n->dropped++;
		return -1;
	}
	m->len = len;
	memcpy(m->data, msg, len);
	n->q[(n->qhead + n->qlen) % n->qmsgs_max] = m;
	n->qlen++;
	n->qbytes += len;
	sf_netout_flush(n, now_ms);
	return 0;
}

long sf_netout_pollfd(const struct sf_netout *n, struct pollfd *pfd, unsigned long long now_ms)
{
	pfd->fd = -1;
	pfd->events = 0;
	pfd->revents = 0;
	if (!n->qlen)
		return -1;
	if (n->fd < 0)
		return n->next_try_ms > now_ms ? (long)(n->next_try_ms - now_ms) : 0;
	pfd->fd = n->fd;
	pfd->events = POLLOUT;
	return -1;
}

void sf_netout_reopen(struct sf_netout *n)
{
	/* a stream's partly sent message goes whole to the new connection */
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	n->connecting = false;
	n->off = 0;
	n->next_try_ms = 0;
	n->backoff_ms = SF_NETOUT_BACKOFF_MIN_MS;
}

void sf_netout_drop(struct sf_netout *n)
{
	n->dropped++;
}

size_t sf_netout_close(struct sf_netout *n)
{
	size_t left = n->qlen;

	while (n->qlen)
		pop(n);
	n->dropped += left;
	free(n->q);
	n->q = NULL;
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	return left;
}
