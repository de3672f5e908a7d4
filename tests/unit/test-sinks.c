// SPDX-License-Identifier: GPL-2.0
/*
 * The service sinks' encoders and queue without the services: journal
 * native-protocol fields (binary-safe form included), RFC 5424 headers,
 * structured data and escaping, RFC 3164, Prometheus label escaping and
 * the top-N receivers, targets, the backoff and the bounded queue against
 * a unix socket of the test's own, and the loss entries a sink writes for
 * its own drops once its target is back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "sf-journal.h"
#include "sf-metrics.h"
#include "sf-netout.h"
#include "sf-sink.h"
#include "sf-syslog.h"
#include "sf-util.h"

static char dir[64];

/* the fields of a typical fatal signal */
static const struct sf_field kill_fields[] = {
	{ SF_F_SIGNAL, "SIGKILL" },   { SF_F_SIGNO, "9" },
	{ SF_F_SENDER_PID, "100" },   { SF_F_SENDER_COMM, "kill\"er" },
	{ SF_F_RECEIVER_PID, "200" }, { SF_F_RECEIVER_COMM, "vic]ti\\m" },
	{ SF_F_ORIGIN, "kill" },      { SF_F_RESULT, "delivered" },
};

/* 2023-11-14T22:13:20.123456789Z */
static const struct sf_entry kill_entry = {
	.time = { 1700000000, 123456789 },
	.message = "(kill\"er 100) --[SIGKILL]--> (vic]ti\\m 200)",
	.fields = kill_fields,
	.nfields = SF_ARRAY_SIZE(kill_fields),
	.priority = SF_PRI_WARNING,
};

static void set_tz(const char *tz)
{
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
}

static int setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/sft-unit-sinks-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	set_tz(NULL);
	return system(cmd) == 0 ? 0 : -1;
}

static bool buf_is(struct sf_buf *b, const char *want, size_t len)
{
	bool same = b->len == len && !memcmp(b->p, want, len);

	if (!same)
		fprintf(stderr, "\ngot  [%.*s]\nwant [%.*s]\n", (int)b->len, b->p, (int)len, want);
	b->len = 0;
	return same;
}

#define BUF_IS(b, lit) CU_ASSERT_TRUE(buf_is(b, lit, sizeof(lit) - 1))

static void test_utf8(void)
{
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"a", 1), 1);
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xc3\xa9", 2), 2); /* é */
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xc3\xa9", 1), 0); /* cut */
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xe2\x82\xac", 3), 3); /* € */
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xf0\x9f\x98\x80", 4), 4);
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xc0\xaf", 2), 0); /* overlong / */
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xe0\x80\xaf", 3), 0);
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xed\xa0\x80", 3), 0); /* surrogate */
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xf4\x90\x80\x80", 4), 0);
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\xff", 1), 0);
	CU_ASSERT_EQUAL(sf_utf8_len((const unsigned char *)"\x80", 1), 0);
}

static void test_journal_fields(void)
{
	static const char le7[] = "NOTE\n\x07\0\0\0\0\0\0\0a\nb\0c\nd\n";
	struct sf_buf b = { 0 };
	char long_name[70];

	CU_ASSERT_TRUE(sf_journal_field_valid("SIGFTRACE_SIGNAL"));
	CU_ASSERT_TRUE(sf_journal_field_valid("A1_"));
	CU_ASSERT_FALSE(sf_journal_field_valid("_PID")); /* journald's own */
	CU_ASSERT_FALSE(sf_journal_field_valid("1ST"));
	CU_ASSERT_FALSE(sf_journal_field_valid("lower"));
	CU_ASSERT_FALSE(sf_journal_field_valid("A=B"));
	CU_ASSERT_FALSE(sf_journal_field_valid(""));
	memset(long_name, 'A', 64);
	long_name[64] = '\0';
	CU_ASSERT_TRUE(sf_journal_field_valid(long_name));
	long_name[64] = 'A';
	long_name[65] = '\0';
	CU_ASSERT_FALSE(sf_journal_field_valid(long_name));

	CU_ASSERT_EQUAL(sf_journal_put(&b, "FOO", "BAR", 3), 0);
	BUF_IS(&b, "FOO=BAR\n");
	CU_ASSERT_EQUAL(sf_journal_put(&b, "EMPTY", "", 0), 0);
	BUF_IS(&b, "EMPTY=\n");
	/* a newline: name, newline, little-endian 64-bit length, the bytes (any), newline */
	CU_ASSERT_EQUAL(sf_journal_put(&b, "NOTE", "a\nb\0c\nd", 7), 0);
	CU_ASSERT_TRUE(buf_is(&b, le7, sizeof(le7) - 1));
	errno = 0;
	CU_ASSERT_EQUAL(sf_journal_put(&b, "bad", "x", 1), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	CU_ASSERT_EQUAL(b.len, 0);
	sf_buf_free(&b);
}

static void test_journal_entry(void)
{
	struct sf_field bad[] = { { "Not_Valid", "x" } };
	struct sf_entry e = kill_entry;
	struct sf_buf b = { 0 };

	CU_ASSERT_EQUAL(sf_journal_encode(&b, &e), 0);
	BUF_IS(&b, "MESSAGE=(kill\"er 100) --[SIGKILL]--> (vic]ti\\m 200)\n"
		   "PRIORITY=4\n"
		   "SYSLOG_IDENTIFIER=sigftrace\n"
		   "SIGFTRACE_SIGNAL=SIGKILL\n"
		   "SIGFTRACE_SIGNO=9\n"
		   "SIGFTRACE_SENDER_PID=100\n"
		   "SIGFTRACE_SENDER_COMM=kill\"er\n"
		   "SIGFTRACE_RECEIVER_PID=200\n"
		   "SIGFTRACE_RECEIVER_COMM=vic]ti\\m\n"
		   "SIGFTRACE_ORIGIN=kill\n"
		   "SIGFTRACE_RESULT=delivered\n");
	e.priority = SF_PRI_INFO;
	e.nfields = 0;
	e.message = "two\nlines";
	CU_ASSERT_EQUAL(sf_journal_encode(&b, &e), 0);
	BUF_IS(&b, "MESSAGE\n\x09\0\0\0\0\0\0\0two\nlines\n"
		   "PRIORITY=6\n"
		   "SYSLOG_IDENTIFIER=sigftrace\n");
	e.fields = bad;
	e.nfields = 1;
	CU_ASSERT_EQUAL(sf_journal_encode(&b, &e), -1);
	sf_buf_free(&b);
}

static void test_syslog_sd(void)
{
	struct sf_buf b = { 0 };
	char name[40];

	sf_syslog_sd_value(&b, "a\"b\\c]d");
	BUF_IS(&b, "a\\\"b\\\\c\\]d");
	sf_syslog_sd_value(&b, "caf\xc3\xa9 [x]");
	BUF_IS(&b, "caf\xc3\xa9 [x\\]");
	sf_syslog_sd_value(&b, "\xff"
			       "a\xc0\xaf");
	BUF_IS(&b, "\xef\xbf\xbd"
		   "a\xef\xbf\xbd\xef\xbf\xbd");
	sf_syslog_sd_value(&b, "");
	CU_ASSERT_EQUAL(b.len, 0);

	CU_ASSERT_EQUAL(sf_syslog_param_name(name, sizeof(name), "SIGFTRACE_SENDER_PID"), 0);
	CU_ASSERT_STRING_EQUAL(name, "sender_pid");
	CU_ASSERT_EQUAL(sf_syslog_param_name(name, sizeof(name), "OTHER_Name"), 0);
	CU_ASSERT_STRING_EQUAL(name, "other_name");
	CU_ASSERT_EQUAL(sf_syslog_param_name(name, sizeof(name), "SIGFTRACE_"), -1);
	CU_ASSERT_EQUAL(sf_syslog_param_name(name, sizeof(name), "A=B"), -1);
	CU_ASSERT_EQUAL(sf_syslog_param_name(name, sizeof(name), "A B"), -1);
	CU_ASSERT_EQUAL(sf_syslog_param_name(name, sizeof(name),
					     "SIGFTRACE_ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567"),
			-1); /* 33 */
	CU_ASSERT_EQUAL(sf_syslog_param_name(name, sizeof(name),
					     "SIGFTRACE_ABCDEFGHIJKLMNOPQRSTUVWXYZ123456"),
			0); /* 32 */
	sf_buf_free(&b);
}

static void test_syslog_5424(void)
{
	struct sf_syslog_hdr h = { "host.example", SF_SYSLOG_DAEMON, 4242 };
	struct sf_field bad[] = { { "A=B", "x" } };
	struct sf_entry e = kill_entry;
	struct sf_buf b = { 0 };
	char *big;

	set_tz("UTC-05:30"); /* POSIX: five and a half hours east */
	CU_ASSERT_EQUAL(sf_syslog_5424(&b, &h, "signal", &e), 0);
	BUF_IS(&b,
	       "<28>1 2023-11-15T03:43:20.123456+05:30 host.example sigftrace 4242 signal "
	       "[sigftrace@32473 signal=\"SIGKILL\" signo=\"9\" sender_pid=\"100\" "
	       "sender_comm=\"kill\\\"er\" receiver_pid=\"200\" receiver_comm=\"vic\\]ti\\\\m\" "
	       "origin=\"kill\" result=\"delivered\"] "
	       "(kill\"er 100) --[SIGKILL]--> (vic]ti\\m 200)");
	set_tz("EST5");
	e.time.tv_nsec = 5000; /* leading zeros of the fraction */
	e.nfields = 0;
	e.priority = SF_PRI_INFO;
	h.hostname = "has space";
	h.procid = 0;
	h.facility = 1;
	CU_ASSERT_EQUAL(sf_syslog_5424(&b, &h, NULL, &e), 0);
	BUF_IS(&b, "<14>1 2023-11-14T17:13:20.000005-05:00 - sigftrace - - - "
		   "(kill\"er 100) --[SIGKILL]--> (vic]ti\\m 200)");
	set_tz("UTC0");
	e.message = NULL;
	h.hostname = NULL;
	CU_ASSERT_EQUAL(sf_syslog_5424(&b, &h, "lost", &e), 0);
	BUF_IS(&b, "<14>1 2023-11-14T22:13:20.000005+00:00 - sigftrace - lost -");

	/* a long MSG is cut to SF_SYSLOG_MAX; the structured data never is */
	big = malloc(3 * SF_SYSLOG_MAX);
	memset(big, 'x', 3 * SF_SYSLOG_MAX - 1);
	big[3 * SF_SYSLOG_MAX - 1] = '\0';
	e.message = big;
	CU_ASSERT_EQUAL(sf_syslog_5424(&b, &h, "signal", &e), 0);
	CU_ASSERT_EQUAL(b.len, SF_SYSLOG_MAX);
	CU_ASSERT_EQUAL(b.p[b.len - 1], 'x');
	b.len = 0;
	big[SF_SYSLOG_MAX] = '\0';
	bad[0].key = SF_F_ORIGIN;
	bad[0].val = big;
	e.fields = bad;
	e.nfields = 1;
	errno = 0;
	CU_ASSERT_EQUAL(sf_syslog_5424(&b, &h, "signal", &e), -1);
	CU_ASSERT_EQUAL(errno, EMSGSIZE);
	CU_ASSERT_EQUAL(b.len, 0);
	bad[0].key = "A=B";
	errno = 0;
	CU_ASSERT_EQUAL(sf_syslog_5424(&b, &h, "signal", &e), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	CU_ASSERT_EQUAL(b.len, 0);
	free(big);
	sf_buf_free(&b);
	set_tz(NULL);
}

static void test_syslog_3164(void)
{
	struct sf_syslog_hdr h = { NULL, SF_SYSLOG_DAEMON, 77 };
	struct sf_entry e = kill_entry;
	struct sf_buf b = { 0 };
	char big[2000];

	set_tz("UTC0");
	sf_syslog_3164(&b, &h, &e);
	BUF_IS(&b,
	       "<28>Nov 14 22:13:20 sigftrace[77]: (kill\"er 100) --[SIGKILL]--> (vic]ti\\m 200)");
	e.time.tv_sec = 1704412800; /* 2024-01-05: the day is padded with a space */
	e.message = "a\nb\tc\x7f";
	e.priority = SF_PRI_INFO;
	h.hostname = "router";
	h.procid = 0;
	sf_syslog_3164(&b, &h, &e);
	BUF_IS(&b, "<30>Jan  5 00:00:00 router sigftrace: a?b?c?");
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	e.message = big;
	sf_syslog_3164(&b, &h, &e);
	CU_ASSERT_EQUAL(b.len, SF_SYSLOG_3164_MAX);
	sf_buf_free(&b);
	set_tz(NULL);
}

static void test_syslog_open(void)
{
	struct sf_syslog_conf c = { .target = "tcp:127.0.0.1:6514", .hostname = "h" };
	enum sf_syslog_format f;
	struct sf_sink *s;
	char err[256];

	CU_ASSERT_EQUAL(sf_syslog_format_parse("rfc5424", &f), 0);
	CU_ASSERT_EQUAL(f, SF_SYSLOG_5424);
	CU_ASSERT_EQUAL(sf_syslog_format_parse("3164", &f), 0);
	CU_ASSERT_EQUAL(f, SF_SYSLOG_3164);
	CU_ASSERT_EQUAL(sf_syslog_format_parse("5425", &f), -1);
	s = sf_syslog_open(&c, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->name, "syslog tcp:127.0.0.1:6514");
	sf_sink_close(s, 0);
	c.target = "udp:";
	CU_ASSERT_PTR_NULL(sf_syslog_open(&c, err, sizeof(err)));
	CU_ASSERT_STRING_EQUAL(err, "bad target \"udp:\": no host name");
	c.target = NULL;
	c.facility = 24;
	CU_ASSERT_PTR_NULL(sf_syslog_open(&c, err, sizeof(err)));
	CU_ASSERT_STRING_EQUAL(err, "bad syslog facility 24 (0-23)");
}

static void test_targets(void)
{
	struct sf_netout n;
	char err[256];

	CU_ASSERT_EQUAL(sf_netout_parse(&n, "/dev/log", 0, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n.kind, SF_NET_UNIX);
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "unix:/run/x.sock", 0, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n.kind, SF_NET_UNIX);
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "udp:127.0.0.1:5514", 0, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n.kind, SF_NET_UDP);
	CU_ASSERT_EQUAL(n.addr.ss_family, AF_INET);
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "udp:127.0.0.1", 0, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(ntohs(((struct sockaddr_in *)&n.addr)->sin_port), 514);
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "tcp:[::1]:601", 0, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n.kind, SF_NET_TCP);
	CU_ASSERT_EQUAL(n.addr.ss_family, AF_INET6);
	CU_ASSERT_EQUAL(ntohs(((struct sockaddr_in6 *)&n.addr)->sin6_port), 601);

	CU_ASSERT_EQUAL(sf_netout_parse(&n, "tcp:::1:601", 0, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(
		err, "bad target \"tcp:::1:601\": an IPv6 address needs brackets: [ADDR]:PORT");
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "udp:127.0.0.1:0", 0, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(err,
			       "bad target \"udp:127.0.0.1:0\": the port is not a number 1-65535");
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "udp:127.0.0.1:x", 0, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "tcp:[::1", 0, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "dev/log", 0, err, sizeof(err)), -1);
	CU_ASSERT_STRING_EQUAL(
		err,
		"bad target \"dev/log\": expected /SOCKET, udp:HOST[:PORT] or tcp:HOST[:PORT]");
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "unix:rel", 0, err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "", 0, err, sizeof(err)), -1);
	/* a name from /etc/hosts: no DNS query (that could wait for a resolver in CI) */
	CU_ASSERT_EQUAL(sf_netout_parse(&n, "tcp:localhost:601", 0, err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(n.kind, SF_NET_TCP);
}

/* the static build's resolver: addresses and names of a hosts file */
static void test_hosts_file(void)
{
	char path[] = "/tmp/sft-unit-hosts-XXXXXX";
	struct sockaddr_storage ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	const char text[] = "# comment 10.9.9.9 commented\n"
			    "127.0.0.1\tlocalhost\n"
			    "192.0.2.7 loghost.lan  LogHost # trailing 10.0.0.1 other\n"
			    "2001:db8::5 v6host\n"
			    "not-an-address badaddr\n"
			    "192.0.2.8 loghost\n";
	socklen_t len = 0;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, text, sizeof(text) - 1) == (ssize_t)sizeof(text) - 1);
	close(fd);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "loghost", 514, &ss, &len), 0);
	CU_ASSERT_EQUAL(ss.ss_family, AF_INET);
	CU_ASSERT_EQUAL(len, sizeof(*s4));
	CU_ASSERT_EQUAL(ntohl(s4->sin_addr.s_addr), 0xc0000207); /* the first line that has it */
	CU_ASSERT_EQUAL(ntohs(s4->sin_port), 514);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "LOGHOST.lan", 601, &ss, &len), 0);
	CU_ASSERT_EQUAL(ntohl(s4->sin_addr.s_addr), 0xc0000207);
	CU_ASSERT_EQUAL(ntohs(s4->sin_port), 601);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "v6host", 9, &ss, &len), 0);
	CU_ASSERT_EQUAL(ss.ss_family, AF_INET6);
	CU_ASSERT_EQUAL(len, sizeof(*s6));
	CU_ASSERT_EQUAL(s6->sin6_addr.s6_addr[15], 5);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "10.1.2.3", 9, &ss, &len), 0);
	CU_ASSERT_EQUAL(ntohl(s4->sin_addr.s_addr), 0x0a010203);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "::1", 9, &ss, &len), 0);
	CU_ASSERT_EQUAL(ss.ss_family, AF_INET6);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "commented", 9, &ss, &len), -1);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "other", 9, &ss, &len), -1);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "badaddr", 9, &ss, &len), -1);
	CU_ASSERT_EQUAL(sf_netout_hosts(path, "local", 9, &ss, &len), -1);
	CU_ASSERT_EQUAL(sf_netout_hosts("/nonexistent/hosts", "loghost", 9, &ss, &len), -1);
	unlink(path);
}

/* listen_at - a unix datagram socket bound at @path */
static int listen_at(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	unlink(path);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* next_dgram - the next datagram on @fd as a string, "" if none */
static const char *next_dgram(int fd)
{
	static char buf[4096];
	ssize_t r = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	buf[r > 0 ? r : 0] = '\0';
	return buf;
}

static void test_queue(void)
{
	struct sf_netout n;
	char path[128], target[140], err[256];
	unsigned long long t = 1000;
	int fd, i;

	snprintf(path, sizeof(path), "%s/q.sock", dir);
	snprintf(target, sizeof(target), "unix:%s", path);
	CU_ASSERT_EQUAL_FATAL(sf_netout_parse(&n, target, 0, err, sizeof(err)), 0);
	n.qmsgs_max = 4;
	/* nobody listens: queued, down, retried after 250 ms, then 500, 1000, ... */
	CU_ASSERT_EQUAL(sf_netout_push(&n, "m0", 2, t), 0);
	CU_ASSERT_FALSE(n.up);
	CU_ASSERT_EQUAL(n.err, ENOENT);
	CU_ASSERT_EQUAL(n.qlen, 1);
	CU_ASSERT_EQUAL(n.next_try_ms, t + 250);
	CU_ASSERT_EQUAL(sf_netout_flush(&n, t + 249), 1);
	CU_ASSERT_EQUAL(n.reconnects, 0); /* no attempt before the backoff */
	CU_ASSERT_EQUAL(sf_netout_flush(&n, t + 250), 1);
	CU_ASSERT_EQUAL(n.next_try_ms, t + 250 + 500);
	for (i = 1; i <= 3; i++) {
		char m[4];

		snprintf(m, sizeof(m), "m%d", i);
		CU_ASSERT_EQUAL(sf_netout_push(&n, m, 2, t), 0);
	}
	/* full: the newest are dropped, so that what arrives stays in order */
	errno = 0;
	CU_ASSERT_EQUAL(sf_netout_push(&n, "m4", 2, t), -1);
	CU_ASSERT_EQUAL(errno, ENOBUFS);
	CU_ASSERT_EQUAL(sf_netout_push(&n, "m5", 2, t), -1);
	CU_ASSERT_EQUAL(n.dropped, 2);
	fd = listen_at(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(sf_netout_flush(&n, t + 750), 0);
	CU_ASSERT_TRUE(n.up);
	CU_ASSERT_EQUAL(n.err, 0);
	CU_ASSERT_EQUAL(n.backoff_ms, SF_NETOUT_BACKOFF_MIN_MS);
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "m0");
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "m1");
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "m2");
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "m3");
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "");
	CU_ASSERT_EQUAL(n.sent, 4);
	/* the reader goes away: the connected socket is refused, then reconnected */
	close(fd);
	CU_ASSERT_EQUAL(sf_netout_push(&n, "m6", 2, t + 800), 0);
	CU_ASSERT_FALSE(n.up);
	CU_ASSERT_EQUAL(n.err, ECONNREFUSED);
	fd = listen_at(path);
	CU_ASSERT_EQUAL(sf_netout_flush(&n, t + 800 + 250), 0);
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "m6");
	CU_ASSERT_EQUAL(sf_netout_close(&n), 0);
	close(fd);

	/* the backoff doubles up to its maximum */
	CU_ASSERT_EQUAL_FATAL(sf_netout_parse(&n, target, 0, err, sizeof(err)), 0);
	unlink(path);
	CU_ASSERT_EQUAL(sf_netout_push(&n, "x", 1, 0), 0);
	for (t = 0, i = 0; i < 12; i++) {
		t = n.next_try_ms;
		sf_netout_flush(&n, t);
	}
	CU_ASSERT_EQUAL(n.next_try_ms - t, SF_NETOUT_BACKOFF_MAX_MS);
	CU_ASSERT_EQUAL(sf_netout_close(&n), 1);
	CU_ASSERT_EQUAL(n.dropped, 1);
}

static void test_sink_losses(void)
{
	struct sf_sink *s, *m, *both[2];
	struct sf_metrics_conf mc = { 0 };
	char path[128], prom[128], err[256], notice[256], text[4096];
	const char *d;
	FILE *f;
	size_t len;
	int fd, i;

	snprintf(path, sizeof(path), "%s/journal.sock", dir);
	snprintf(prom, sizeof(prom), "%s/sigftrace.prom", dir);
	unlink(path);
	s = sf_journal_open(path, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	s->net->qmsgs_max = 2;
	for (i = 0; i < 5; i++)
		sf_sink_event(s, &kill_entry);
	CU_ASSERT_EQUAL(sf_sink_drops(s), 3);
	CU_ASSERT_EQUAL(sf_sink_pending(s), 2);
	CU_ASSERT_TRUE(sf_sink_notice(s, notice, sizeof(notice)));
	CU_ASSERT_PTR_NOT_NULL(strstr(notice,
				      "journal.sock: cannot send: No such file or directory; "
				      "retrying (3 dropped so far)"));
	CU_ASSERT_FALSE(sf_sink_notice(s, notice, sizeof(notice)));

	/* the metrics hear of the journal's drops */
	mc.path = prom;
	m = sf_metrics_open(&mc, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	both[0] = s;
	both[1] = m;
	sf_sinks_forward_drops(both, 2);
	sf_sinks_forward_drops(both, 2); /* only new drops count */
	sf_sink_lost(m, 7, SF_LOST_RING);
	sf_sink_close(m, 0);
	f = fopen(prom, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	len = fread(text, 1, sizeof(text) - 1, f);
	text[len] = '\0';
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsigftrace_up 0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsigftrace_events_lost_total{where=\"ring\"} 7\n"
					    "sigftrace_events_lost_total{where=\"journal\"} 3\n"));

	/* back: what waited goes out, then one entry says what was dropped */
	fd = listen_at(path);
	CU_ASSERT_FATAL(fd >= 0);
	sf_sink_tick(s, s->net->next_try_ms);
	CU_ASSERT_EQUAL(sf_sink_pending(s), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(next_dgram(fd), "SIGFTRACE_SIGNAL=SIGKILL\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(next_dgram(fd), "SIGFTRACE_SIGNAL=SIGKILL\n"));
	d = next_dgram(fd);
	CU_ASSERT_PTR_NOT_NULL(strstr(d, "MESSAGE=3 signal events did not reach the journal sink\n"
					 "PRIORITY=4\nSYSLOG_IDENTIFIER=sigftrace\n"
					 "SIGFTRACE_LOST=3\nSIGFTRACE_LOST_WHERE=journal\n"));
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "");
	CU_ASSERT_TRUE(sf_sink_notice(s, notice, sizeof(notice)));
	CU_ASSERT_PTR_NOT_NULL(strstr(notice, ": reachable again (3 dropped so far)"));
	/* a loss from elsewhere is an entry of its own */
	sf_sink_lost(s, 12, SF_LOST_RING);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		next_dgram(fd),
		"MESSAGE=12 signal events lost in the kernel's ring buffer (it was full)\n"));
	CU_ASSERT_EQUAL(sf_sink_lost(s, 0, SF_LOST_RING), 0);
	CU_ASSERT_STRING_EQUAL(next_dgram(fd), "");
	CU_ASSERT_EQUAL(sf_sink_close(s, 100), 0);
	close(fd);
}

static void test_metrics_labels(void)
{
	struct sf_buf b = { 0 };

	sf_metrics_label_value(&b, "a\\b\"c\nd");
	BUF_IS(&b, "a\\\\b\\\"c\\nd");
	sf_metrics_label_value(&b, "\xc3\xa9\xff]");
	BUF_IS(&b, "\xc3\xa9\xef\xbf\xbd]");
	sf_buf_free(&b);
}

/* count - one signal to @recv */
static void count(struct sf_metrics *m, const char *sig, const char *res, const char *recv,
		  bool fatal)
{
	struct sf_field f[] = {
		{ SF_F_SIGNAL, sig },
		{ SF_F_RECEIVER_COMM, recv },
		{ SF_F_RESULT, res },
	};
	struct sf_entry e = { .fields = f, .nfields = 3 };

	e.priority = fatal ? SF_PRI_WARNING : SF_PRI_INFO;
	sf_metrics_count(m, &e);
}

static void test_metrics_top(void)
{
	struct sf_metrics *m = sf_metrics_new(2);
	struct sf_buf b = { 0 };

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	count(m, "SIGTERM", "delivered", "a", false);
	count(m, "SIGTERM", "ignored", "a", false);
	count(m, "SIGKILL", "delivered", "b", true);
	count(m, "SIGKILL", "delivered", "c", true);
	count(m, "SIGKILL", "delivered", "c", true);
	count(m, "SIGSEGV", "delivered", "c", true);
	count(m, "SIGKILL", "delivered", "d\"q", true);
	count(m, "SIGKILL", "delivered", "d\"q", true);
	sf_metrics_lost(m, 4, "syslog");
	sf_metrics_render(m, &b, true, 1700000000);
	/* c (3 fatal) and d"q (2) take the two labels, b (1) is other */
	BUF_IS(&b,
	       "# HELP sigftrace_up 1 while sigftrace stream runs, 0 once it has stopped.\n"
	       "# TYPE sigftrace_up gauge\n"
	       "sigftrace_up 1\n"
	       "# HELP sigftrace_start_time_seconds When sigftrace stream started, in seconds "
	       "since the epoch.\n"
	       "# TYPE sigftrace_start_time_seconds gauge\n"
	       "sigftrace_start_time_seconds 1700000000\n"
	       "# HELP sigftrace_signals_total Signals sent, by signal and result.\n"
	       "# TYPE sigftrace_signals_total counter\n"
	       "sigftrace_signals_total{signal=\"SIGTERM\",result=\"delivered\"} 1\n"
	       "sigftrace_signals_total{signal=\"SIGTERM\",result=\"ignored\"} 1\n"
	       "sigftrace_signals_total{signal=\"SIGKILL\",result=\"delivered\"} 5\n"
	       "sigftrace_signals_total{signal=\"SIGSEGV\",result=\"delivered\"} 1\n"
	       "# HELP sigftrace_fatal_signals_total Fatal signals, by signal and receiver (the "
	       "receivers killed most when first seen have their own label, the rest are "
	       "counted as other).\n"
	       "# TYPE sigftrace_fatal_signals_total counter\n"
	       "sigftrace_fatal_signals_total{signal=\"SIGKILL\",receiver=\"c\"} 2\n"
	       "sigftrace_fatal_signals_total{signal=\"SIGSEGV\",receiver=\"c\"} 1\n"
	       "sigftrace_fatal_signals_total{signal=\"SIGKILL\",receiver=\"d\\\"q\"} 2\n"
	       "sigftrace_fatal_signals_total{signal=\"SIGKILL\",receiver=\"other\"} 1\n"
	       "# HELP sigftrace_events_lost_total Signal events lost, by where (ring: the "
	       "kernel's ring buffer; a sink's name: that sink could not take them).\n"
	       "# TYPE sigftrace_events_lost_total counter\n"
	       "sigftrace_events_lost_total{where=\"syslog\"} 4\n"
	       "sigftrace_events_lost_total{where=\"ring\"} 0\n");
	/* labels are kept: b stays other even when it leads now, c keeps counting */
	count(m, "SIGKILL", "delivered", "b", true);
	count(m, "SIGKILL", "delivered", "b", true);
	count(m, "SIGKILL", "delivered", "b", true);
	count(m, "SIGKILL", "delivered", "c", true);
	count(m, "SIGKILL", "delivered", "e", true);
	sf_metrics_render(m, &b, false, 1700000000);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.p, "\nsigftrace_up 0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.p, "{signal=\"SIGKILL\",receiver=\"c\"} 3\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.p, "{signal=\"SIGKILL\",receiver=\"other\"} 5\n"));
	CU_ASSERT_PTR_NULL(strstr(b.p, "receiver=\"b\""));
	CU_ASSERT_PTR_NULL(strstr(b.p, "receiver=\"e\""));
	sf_buf_free(&b);
	sf_metrics_free(m);
}

static void test_metrics_bounds(void)
{
	struct sf_metrics *m = sf_metrics_new(1);
	struct sf_buf b = { 0 };
	char sig[16];
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	for (i = 0; i < SF_METRICS_SERIES_MAX + 10; i++) {
		snprintf(sig, sizeof(sig), "S%d", i);
		count(m, sig, "delivered", "x", false);
	}
	sf_metrics_render(m, &b, true, 0);
	/* SF_METRICS_SERIES_MAX - 1 series of their own, one other for the 11 more */
	CU_ASSERT_PTR_NOT_NULL(strstr(b.p, "{signal=\"S1022\",result=\"delivered\"} 1\n"));
	CU_ASSERT_PTR_NULL(strstr(b.p, "{signal=\"S1023\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(b.p, "{signal=\"other\",result=\"other\"} 11\n"));
	sf_buf_free(&b);
	sf_metrics_free(m);
}

static void test_metrics_open(void)
{
	struct sf_metrics_conf c = { .path = "/nonexistent-dir-h14a/x.prom" };
	char err[256];

	CU_ASSERT_PTR_NULL(sf_metrics_open(&c, err, sizeof(err)));
	CU_ASSERT_STRING_EQUAL(
		err,
		"cannot write metrics file /nonexistent-dir-h14a/x.prom: No such file or directory");
}

int sf_unit_sinks(void)
{
	CU_pSuite s = CU_add_suite("sinks", setup, teardown);

	if (!s || !CU_add_test(s, "UTF-8 check", test_utf8) ||
	    !CU_add_test(s, "journal fields, binary-safe form", test_journal_fields) ||
	    !CU_add_test(s, "journal entry", test_journal_entry) ||
	    !CU_add_test(s, "syslog structured data escaping", test_syslog_sd) ||
	    !CU_add_test(s, "RFC 5424 messages", test_syslog_5424) ||
	    !CU_add_test(s, "RFC 3164 messages", test_syslog_3164) ||
	    !CU_add_test(s, "syslog sink options", test_syslog_open) ||
	    !CU_add_test(s, "targets", test_targets) ||
	    !CU_add_test(s, "hosts file of static builds", test_hosts_file) ||
	    !CU_add_test(s, "queue, backoff, reconnect", test_queue) ||
	    !CU_add_test(s, "loss entries and forwarded drops", test_sink_losses) ||
	    !CU_add_test(s, "metrics label escaping", test_metrics_labels) ||
	    !CU_add_test(s, "metrics top-N receivers", test_metrics_top) ||
	    !CU_add_test(s, "metrics bounded series", test_metrics_bounds) ||
	    !CU_add_test(s, "metrics file that cannot be written", test_metrics_open))
		return -1;
	return 0;
}
