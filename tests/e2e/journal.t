#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# journal.t - the journal sink against a real systemd-journald, started by the
# test in its own mount namespace: entries found by field with journalctl,
# priorities, the binary-safe form, the memfd form of a large entry, loss
# entries, and a journald restart with a queue that overflows.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
. "${SRCTREE:-.}/tests/svc/services.sh"
svc_journal_ns "$0"
e2e_init
JOURNALD=${JOURNALD:-/lib/systemd/systemd-journald}
svc_need "$JOURNALD" systemd
svc_need journalctl systemd
svc_need jq jq
[ -x "$SINKDRV" ] || e2e_bail "no sinkdrv at $SINKDRV (make test-progs)"
svc_journald_mount
svc_journald_start

# one entry per event, as journalctl finds them by field
# a 64 KiB send buffer: the 300 kB entry cannot be one datagram
drv_start a --journal --sndbuf=65536
drv 'ev SIGKILL 9 kill%22er 100 vic%5Dti%5Cm 200 delivered kill fatal' \
	'ev SIGTERM 15 sc-main 300 sc-stubborn 301 ignored kill info' nl 'big 300000' \
	'lost 7 ring'
drv_sync 5000
ok "sinkdrv's entries leave its queue" $?
drv stats
drv_end
ok "sinkdrv closes its sinks" $?
grep -qx 'journal events=4 drops=0 pending=0 memfd=1' "$T/a.out"
ok "the 300 kB entry went as a memfd, nothing dropped: $(tail -n 1 "$T/a.out")" $?

svc_wait sh -c "journalctl -D /run/log/journal -o json SIGFTRACE_LOST=7 2>/dev/null | grep -q ." ||
	echo "# the journal never showed the last entry"
journal SIGFTRACE_SIGNAL=SIGKILL > "$T/kill.json"
jq -e -s 'length == 1 and .[0].MESSAGE == "(kill\"er 100) --[SIGKILL]--> (vic]ti\\m 200)" and
	.[0].PRIORITY == "4" and .[0].SYSLOG_IDENTIFIER == "sigftrace" and
	.[0].SIGFTRACE_SIGNO == "9" and .[0].SIGFTRACE_SENDER_PID == "100" and
	.[0].SIGFTRACE_SENDER_COMM == "kill\"er" and .[0].SIGFTRACE_RECEIVER_PID == "200" and
	.[0].SIGFTRACE_RECEIVER_COMM == "vic]ti\\m" and .[0].SIGFTRACE_ORIGIN == "kill" and
	.[0].SIGFTRACE_RESULT == "delivered" and
	.[0]._TRANSPORT == "journal" and .[0]._COMM == "sinkdrv"' "$T/kill.json" > /dev/null
ok "journalctl SIGFTRACE_SIGNAL=SIGKILL finds the fatal signal with every field, PRIORITY=4" $?
journal SIGFTRACE_SIGNAL=SIGTERM SIGFTRACE_RESULT=ignored > "$T/term.json"
jq -e -s 'length == 1 and .[0].PRIORITY == "6" and .[0].SIGFTRACE_RECEIVER_COMM == "sc-stubborn" and
	.[0].MESSAGE == "(sc-main 300) --[SIGTERM]--> (sc-stubborn 301) ignored"' \
	"$T/term.json" > /dev/null
ok "a non-fatal signal is PRIORITY=6" $?
journal SYSLOG_IDENTIFIER=sigftrace SIGFTRACE_RECEIVER_COMM=sinkdrv > "$T/extra.json"
jq -e -s 'map(select(.SIGFTRACE_NOTE)) | length == 1 and .[0].SIGFTRACE_NOTE == "first line\nsecond line"' \
	"$T/extra.json" > /dev/null
ok "a value with a newline arrives whole (binary-safe form)" $?
jq -e -s 'map(select(.SIGFTRACE_BLOB)) | length == 1 and (.[0].SIGFTRACE_BLOB | length) == 300000 and
	(.[0].SIGFTRACE_BLOB | startswith("abcdefghijklmnopqrstuvwxyza"))' "$T/extra.json" > /dev/null
ok "a 300 kB field arrives whole (memfd)" $?
journal SIGFTRACE_LOST_WHERE=ring > "$T/lost.json"
jq -e -s 'length == 1 and .[0].SIGFTRACE_LOST == "7" and .[0].PRIORITY == "4" and
	.[0].MESSAGE == "7 signal events lost in the kernel'"'"'s ring buffer (it was full)"' \
	"$T/lost.json" > /dev/null
ok "a loss is an entry of its own: SIGFTRACE_LOST=7 SIGFTRACE_LOST_WHERE=ring" $?

# journald goes away: two entries wait, three are dropped; back: sent, and the drop said
drv_start b --journal --queue=2
drv 'ev SIGUSR1 10 before 1 restart 2 delivered kill info'
drv_sync 5000
ok "an entry before the restart is sent" $?
svc_journald_stop
for i in 1 2 3 4 5; do
	drv "ev SIGUSR2 12 during 1 restart-$i 2 delivered kill info"
done
drv stats
svc_wait grep -q '^journal events=6 drops=3 pending=2' "$T/b.out"
ok "journald gone: 2 entries queued, 3 dropped ($(tail -n 1 "$T/b.out"))" $?
grep -Eq '^notice: journal /run/systemd/journal/socket: cannot send: (Connection refused|No such file or directory); retrying' "$T/b.err"
ok "the sink says once that journald is unreachable" $?
svc_journald_start
drv_sync 10000
ok "after journald's restart the queue empties" $?
drv stats
drv_end
grep -q '^notice: journal /run/systemd/journal/socket: reachable again (3 dropped so far)$' "$T/b.err"
ok "the sink says journald is back" $?
svc_wait sh -c "journalctl -D /run/log/journal -o json SIGFTRACE_LOST_WHERE=journal 2>/dev/null | grep -q ."
journal SIGFTRACE_SIGNAL=SIGUSR2 | jq -r .SIGFTRACE_RECEIVER_COMM | sort > "$T/kept"
printf 'restart-1\nrestart-2\n' | cmp -s - "$T/kept"
ok "the queued entries are in the journal, the dropped ones are not: $(echo $(cat "$T/kept"))" $?
journal SIGFTRACE_LOST_WHERE=journal > "$T/own.json"
jq -e -s 'length == 1 and .[0].SIGFTRACE_LOST == "3" and
	.[0].MESSAGE == "3 signal events did not reach the journal sink"' "$T/own.json" > /dev/null
ok "then one entry says that 3 entries were dropped" $?
journal SIGFTRACE_SIGNAL=SIGUSR1 SIGFTRACE_SENDER_COMM=before | jq -e -s 'length == 1' > /dev/null
ok "the entry from before the restart is still there" $?
e2e_done
