#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# syslog.t - the syslog sink against a real rsyslogd started by the test:
# RFC 5424 with the fields as structured data over UDP, TCP (octet counting)
# and a unix socket, RFC 3164 on a /dev/log-like socket and over TCP, a
# server that is down at the start, and one that restarts.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
. "${SRCTREE:-.}/tests/svc/services.sh"
e2e_init
svc_need rsyslogd rsyslog
[ -x "$SINKDRV" ] || e2e_bail "no sinkdrv at $SINKDRV (make test-progs)"
svc_free_port
rs_port=$port
svc_rsyslog_conf

KILL='ev SIGKILL 9 kill%22er 100 vic%5Dti%5Cm 200 delivered kill fatal'
SD='[sigftrace@32473 signal="SIGKILL" signo="9" sender_pid="100" sender_comm="kill\"er" receiver_pid="200" receiver_comm="vic\]ti\\m" origin="kill" result="delivered"]'
MSG='(kill"er 100) --[SIGKILL]--> (vic]ti\m 200)'

# send NAME ARGS...: the fatal signal, a newline in a field and a loss through one sink
send()
{
	sname=$1
	shift
	printf '%s\nnl\nlost 4 ring\nsync 5000\nstats\n' "$KILL" |
		sh -c 'echo $$ > "$0"; exec "$@"' "$T/$sname.pid" "$SINKDRV" "$@" \
			> "$T/$sname.out" 2> "$T/$sname.err"
}

# lines INPUT PID: the output lines of one input from one sinkdrv process, raw message dropped
lines()
{
	grep "^$1|[0-9]*|[^|]*|sigftrace|$2|" "$T/rs.out" | sed 's/|[^|]*$//'
}

# wait_lines INPUT PID N: until N lines of that sinkdrv arrived
wait_lines()
{
	svc_wait test "$(lines "$1" "$2" | wc -l)" -ge "$3"
}

svc_rsyslog_start
send udp --syslog="udp:127.0.0.1:$rs_port" --hostname=host-a
pid=$(cat "$T/udp.pid")
wait_lines imudp "$pid" 3
lines imudp "$pid" > "$T/got"
cat > "$T/want" <<EOF
imudp|28|host-a|sigftrace|$pid|signal|$SD|$MSG
imudp|30|host-a|sigftrace|$pid|signal|[sigftrace@32473 signal="SIGUSR1" receiver_comm="sinkdrv" note="first line#012second line"]|(sinkdrv 1) --[SIGUSR1]--> (sinkdrv 1)
imudp|28|host-a|sigftrace|$pid|lost|[sigftrace@32473 lost="4" lost_where="ring"]|4 signal events lost in the kernel's ring buffer (it was full)
EOF
cmp -s "$T/want" "$T/got" || diff "$T/want" "$T/got" | sed 's/^/# /'
ok "UDP: RFC 5424 with the fields as structured data, escaped; daemon.warning for a fatal signal" $?
grep "^imudp|.*|sigftrace|$pid|signal|" "$T/rs.out" | head -n 1 | sed 's/.*|//' > "$T/raw"
grep -Eq '^<28>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}[+-][0-9]{2}:[0-9]{2} host-a sigftrace [0-9]+ signal \[' "$T/raw"
ok "the header: timestamp with microseconds and offset, host, app, procid, msgid: $(cut -c1-60 "$T/raw")" $?

send tcp --syslog="tcp:127.0.0.1:$rs_port" --hostname=host-b
pid=$(cat "$T/tcp.pid")
wait_lines imtcp "$pid" 3
lines imtcp "$pid" | sed 's/^imtcp|/imudp|/; s/host-b/host-a/' > "$T/got"
sed "s/|[0-9]*|signal|/|$pid|signal|/; s/|[0-9]*|lost|/|$pid|lost|/" "$T/want" > "$T/want.tcp"
cmp -s "$T/want.tcp" "$T/got" || diff "$T/want.tcp" "$T/got" | sed 's/^/# /'
ok "TCP, octet-counted: the same three messages, none split at the newline" $?

send ux --syslog="$T/5424.sock" --format=5424 --hostname=host-c
pid=$(cat "$T/ux.pid")
wait_lines imuxsock "$pid" 3
lines imuxsock "$pid" | grep -c "|host-c|sigftrace|$pid|signal|\[sigftrace@32473 signal=\"SIGKILL\"" |
	grep -qx 1
ok "unix socket with --format=5424: structured data" $?

send devlog --syslog="$T/devlog.sock"
pid=$(cat "$T/devlog.pid")
wait_lines imuxsock "$pid" 3
lines imuxsock "$pid" | cut -d'|' -f2,4- > "$T/got"
cat > "$T/want" <<EOF
28|sigftrace|$pid|-|-| $MSG
30|sigftrace|$pid|-|-| (sinkdrv 1) --[SIGUSR1]--> (sinkdrv 1)
28|sigftrace|$pid|-|-| 4 signal events lost in the kernel's ring buffer (it was full)
EOF
cmp -s "$T/want" "$T/got" || diff "$T/want" "$T/got" | sed 's/^/# /'
ok "a /dev/log socket gets RFC 3164 by default, parsed by its special parser" $?

send t3164 --syslog="tcp:127.0.0.1:$rs_port" --format=3164 --hostname=host-d
pid=$(cat "$T/t3164.pid")
wait_lines imtcp "$pid" 3
lines imtcp "$pid" > "$T/got"
[ "$(grep -c "^imtcp|[0-9]*|host-d|sigftrace|$pid|-|-| " "$T/got")" = 3 ] &&
	grep -q "| (sinkdrv 1) --\[SIGUSR1\]--> (sinkdrv 1)\$" "$T/got"
ok "RFC 3164 over TCP: newline-framed, with the host name" $?

# a server that is not there yet: queued, retried with backoff, then sent
svc_rsyslog_stop
drv_start late --syslog="tcp:127.0.0.1:$rs_port" --hostname=host-e
drv 'ev SIGTERM 15 late 1 early 2 delivered kill info' 'run 300'
drv stats
svc_wait grep -q '^syslog events=1 drops=0 pending=1' "$T/late.out"
ok "TCP server down: the message waits in the queue" $?
grep -q "^notice: syslog tcp:127.0.0.1:$rs_port: cannot send: Connection refused; retrying (0 dropped so far)\$" "$T/late.err"
ok "and the sink says so once" $?
svc_rsyslog_start
drv_sync 10000
ok "the server comes up: the queue empties" $?
svc_wait grep -q "|host-e|sigftrace|$drv_pid|signal|.*receiver_comm=\"early\"" "$T/rs.out"
ok "the message that waited arrives" $?

# the server restarts under a live connection: the next message goes to a new one
svc_rsyslog_stop
drv 'ev SIGHUP 1 late 1 restarted 2 delivered kill info' 'run 200'
svc_rsyslog_start
drv_sync 10000
ok "after the server's restart the queue empties" $?
drv_end
svc_wait grep -q "|host-e|sigftrace|$drv_pid|signal|.*receiver_comm=\"restarted\"" "$T/rs.out"
ok "the message sent while the server restarted arrives, not lost in the closed connection" $?
grep -q "reachable again (0 dropped so far)" "$T/late.err"
ok "nothing was dropped, and the sink said the server is back" $?

# UDP: an ICMP port unreachable refuses the next datagram, which waits for the server
svc_rsyslog_stop
drv_start udpdown --syslog="udp:127.0.0.1:$rs_port" --hostname=host-f
drv 'ev SIGTERM 15 u 1 first 2 delivered kill info' 'run 200' \
	'ev SIGTERM 15 u 1 second 2 delivered kill info' 'run 200'
svc_rsyslog_start
drv_sync 10000
ok "UDP server back: the refused datagram is sent again" $?
drv_end
svc_wait grep -q "|host-f|sigftrace|$drv_pid|signal|.*receiver_comm=\"second\"" "$T/rs.out"
ok "the datagram the kernel refused arrives after the restart" $?
e2e_done
