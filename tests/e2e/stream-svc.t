#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# stream-svc.t - the real `sigftrace stream` feeding the three service sinks
# at once, each a real service started by the test: systemd-journald in the
# test's own mount namespace (queried with journalctl by field), rsyslogd on
# UDP (RFC 5424 structured data) and on a /dev/log-like socket (RFC 3164),
# and the metrics file (promtool, node_exporter scraped with curl). The
# scenario's signals arrive in every sink, the ones that killed as
# warnings; SIGHUP reopens the sinks, a journald restart loses nothing that
# could wait, losses of the ring buffer reach every sink with the count
# stderr gives, SIGTERM stops cleanly and removes the instance.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
. "${SRCTREE:-.}/tests/svc/services.sh"
svc_journal_ns "$0"
e2e_init
JOURNALD=${JOURNALD:-/lib/systemd/systemd-journald}
svc_need "$JOURNALD" systemd
svc_need journalctl systemd
svc_need jq jq
svc_need rsyslogd rsyslog
svc_need promtool prometheus
svc_need prometheus-node-exporter prometheus-node-exporter
svc_need curl curl
svc_journald_mount
svc_journald_start
svc_free_port
rs_port=$port
svc_rsyslog_conf
svc_rsyslog_start
mkdir -p "$T/tf"
PROM=$T/tf/sigftrace.prom

# stream_start NAME ARGS...: stream in the background, $T/NAME.out and .err
stream_start()
{
	sname=$1
	shift
	"$SIGFTRACE" stream --instance "$E2E_PREFIX-$sname" "$@" > "$T/$sname.out" \
		2> "$T/$sname.err" 3>&- &
	spid=$!
	svc_pids="$svc_pids $spid"
	wait_tracing "$E2E_PREFIX-$sname"
}

# stream_stop SIG: stop the stream with SIG; its exit status in $src
stream_stop()
{
	kill "-$1" "$spid"
	wait "$spid"
	src=$?
	svc_pids=$(echo " $svc_pids " | sed "s/ $spid / /")
}

# entry RECEIVER_PID SIGNAL: the journal entry of that signal to that pid, JSON
entry()
{
	journal SIGFTRACE_RECEIVER_PID="$1" SIGFTRACE_SIGNAL="$2"
}

# pid_of NAME: the pid of receiver NAME in the scenario's expected lines
pid_of()
{
	sed -n "s/.*\]--> ($1 \([0-9]*\)).*/\1/p" "$T/exp" | head -n 1
}

# --- the scenario through all three sinks and stdout ------------------------------------
# (-f: only the scenario's receivers reach the ring buffer: other tests' storms
# on this machine cannot fill it)
stream_start a -f 'comm ~ "sc-*"' --journal --syslog="udp:127.0.0.1:$rs_port" --metrics "$PROM" \
	--metrics-interval 200ms
"$SCENARIO" --expect "$T/exp" > /dev/null 2>&1
ok "scenario ran" $?
main=$(sed -n 's/^(sc-main \([0-9]*\)) .*/\1/p' "$T/exp" | head -n 1)
pids=$(sed -n 's/.*\]--> ([^ ]* \([0-9]*\)).*/\1/p' "$T/exp" | sort -u)
svc_wait grep -qs 'sigftrace_signals_total{signal="SIGKILL",result="delivered"}' "$PROM"
ok "the metrics file is written while stream runs" $?
svc_node_exporter_start "$T/tf"
curl -sf "http://127.0.0.1:$ne_port/metrics" > "$T/scrape"
grep -qx 'sigftrace_up 1' "$T/scrape" && grep -qx 'node_textfile_scrape_error 0' "$T/scrape"
ok "node_exporter serves it: sigftrace_up 1, no textfile error" $?
grep -v -e '--\[SIGALRM\]--> (sc-alarm ' "$T/exp" > "$T/exp.default"
# stopped once it has printed the scenario's lines
printed()
{
	strip_ts "$T/a.out" > "$T/a.lines" && contains_all "$T/exp.default" "$T/a.lines" > /dev/null
}
wait_until 30 "the scenario's lines on stream's stdout" printed
stream_stop TERM
[ "$src" = 0 ] && [ ! -d "$TRACEFS/instances/$E2E_PREFIX-a" ]
ok "SIGTERM: stream exits 0 and removes its instance (exit $src)" $?
[ ! -s "$T/a.err" ]
ok "nothing on stderr: no sink was unreachable, nothing lost" $?

# the journal: every line of stdout for the scenario's receivers is an entry's MESSAGE
strip_ts "$T/a.out" > "$T/a.lines"
contains_all "$T/exp.default" "$T/a.lines"
ok "stdout has every line of the scenario" $?
stub=$(pid_of sc-stubborn)
svc_wait sh -c "journalctl -D /run/log/journal -o json SIGFTRACE_RECEIVER_PID=$(pid_of sc-hup) 2>/dev/null | grep -c . | grep -qx 4" ||
	{ echo "# the journal never showed the last entry"; journal SYSLOG_IDENTIFIER=sigftrace | head -c 600; journal | tail -n 3 | cut -c1-300; }
for p in $pids; do
	journal SIGFTRACE_RECEIVER_PID="$p"
done > "$T/scen.json"
jq -r .MESSAGE "$T/scen.json" | sort > "$T/j.msgs"
for p in $pids; do
	grep -E "^\([^)]*\) --\[[^]]*\]--> \([^ ]* $p\)" "$T/a.lines"
done | sort > "$T/o.msgs"
[ -s "$T/o.msgs" ] && cmp -s "$T/o.msgs" "$T/j.msgs"
ok "the journal has one entry per line of stdout: $(wc -l < "$T/j.msgs") entries" $?
contains_all "$T/exp.default" "$T/j.msgs"
ok "every expected line is an entry's MESSAGE" $?
entry "$stub" SIGKILL | jq -e -s --arg m "$main" --arg r "$stub" 'length == 1 and
	.[0].PRIORITY == "4" and .[0].SIGFTRACE_KILLED == "1" and .[0].SIGFTRACE_SIGNO == "9" and
	.[0].SIGFTRACE_SENDER_COMM == "sc-main" and .[0].SIGFTRACE_SENDER_PID == $m and
	.[0].SIGFTRACE_RECEIVER_COMM == "sc-stubborn" and .[0].SIGFTRACE_RECEIVER_PID == $r and
	.[0].SIGFTRACE_ORIGIN == "kill" and .[0].SIGFTRACE_RESULT == "delivered" and
	.[0].SYSLOG_IDENTIFIER == "sigftrace" and .[0]._COMM == "sigftrace" and
	.[0]._TRANSPORT == "journal"' > /dev/null
ok "journalctl SIGFTRACE_SIGNAL=SIGKILL: the kill of sc-stubborn, PRIORITY=4, every field" $?
# attribution: the sender's program and parents, both sides' cgroups (and units where systemd's)
entry "$stub" SIGKILL | jq -e -s --arg m "$main" '
	(.[0].SIGFTRACE_SENDER_EXE | endswith("/scenario")) and
	(.[0].SIGFTRACE_SENDER_ANCESTRY | test("^[^ ]+ [0-9]+( < [^ ]+ [0-9]+)*$")) and
	(.[0].SIGFTRACE_SENDER_CGROUP | startswith("/")) and
	.[0].SIGFTRACE_RECEIVER_CGROUP == .[0].SIGFTRACE_SENDER_CGROUP and
	((.[0].SIGFTRACE_SENDER_CGROUP | test("\\.(service|scope)(/|$)")) ==
	 (.[0] | has("SIGFTRACE_SENDER_UNIT")))' > /dev/null
ok "journal: the sender's program, parents and cgroup, the receiver's cgroup, the unit if any" $?
entry "$stub" SIGTERM | jq -e -s 'length == 1 and .[0].PRIORITY == "6" and
	.[0].SIGFTRACE_RESULT == "ignored" and (.[0] | has("SIGFTRACE_KILLED") | not)' > /dev/null
ok "its ignored SIGTERM is PRIORITY=6" $?
entry "$(pid_of sc-victim)" SIGUSR1 | jq -e -s 'length == 1 and .[0].PRIORITY == "6" and
	.[0].SIGFTRACE_KILLED == "0"' > /dev/null
ok "a caught SIGUSR1 may have killed, but did not: SIGFTRACE_KILLED=0, PRIORITY=6" $?
entry "$(pid_of sc-flooded)" SIGRTMIN+3 | jq -e -s 'length == 20 and
	all(.PRIORITY == "6" and .SIGFTRACE_ORIGIN == "sigqueue")' > /dev/null
ok "20 caught SIGRTMIN+3: 20 entries, none a warning" $?
entry "$(pid_of sc-segv)" SIGSEGV | jq -e -s 'length == 1 and .[0].PRIORITY == "4" and
	.[0].SIGFTRACE_SENDER_COMM == "kernel" and .[0].SIGFTRACE_SENDER_PID == "0" and
	.[0].SIGFTRACE_ORIGIN == "fault"' > /dev/null
ok "a fault: sender kernel, pid 0, origin fault, a warning" $?
entry "$(pid_of sc-worker)" SIGUSR2 | jq -e -s --arg p "$(pid_of sc-worker)" 'length == 1 and
	.[0].SIGFTRACE_RECEIVER_PROCESS_COMM == "sc-wproc" and .[0].SIGFTRACE_ORIGIN == "tkill"' \
	> /dev/null
ok "a thread's process: SIGFTRACE_RECEIVER_PROCESS_COMM" $?
jq -r 'select(.PRIORITY == "4") | .SIGFTRACE_RECEIVER_COMM + " " + .SIGFTRACE_SIGNAL' \
	"$T/scen.json" | sort > "$T/killed"
printf '%s\n' 'sc-mtproc SIGKILL' 'sc-pipe-dfl SIGPIPE' 'sc-segv SIGSEGV' 'sc-stubborn SIGKILL' \
	'sc-timeout SIGALRM' | cmp -s - "$T/killed"
ok "the warnings are exactly the scenario's five deaths: $(echo $(cat "$T/killed"))" $?

# syslog: RFC 5424 over UDP, structured data from the real stream
spid_a=$spid
svc_wait sh -c "grep -c '^imudp|.*|sigftrace|$spid_a|signal|' '$T/rs.out' | grep -qv '^0$'"
grep "^imudp|[0-9]*|[^|]*|sigftrace|$spid_a|signal|" "$T/rs.out" |
	grep -F "receiver_pid=\"$stub\"" | grep -F 'signal="SIGKILL"' > "$T/rs.kill"
[ "$(wc -l < "$T/rs.kill")" = 1 ] && cut -d'|' -f2 "$T/rs.kill" | grep -qx 28 &&
	grep -qF "[sigftrace@32473 signal=\"SIGKILL\" signo=\"9\" sender_comm=\"sc-main\" sender_pid=\"$main\" receiver_comm=\"sc-stubborn\" receiver_pid=\"$stub\" sender_exe=\"" "$T/rs.kill" &&
	grep -qF " origin=\"kill\" result=\"delivered\" killed=\"1\"]|(sc-main $main) --[SIGKILL]--> (sc-stubborn $stub)" "$T/rs.kill"
ok "rsyslogd (UDP, RFC 5424): the kill as daemon.warning with the fields as structured data" $?
grep -Eq ' sender_exe="[^"]*/scenario" sender_ancestry="[^"]+" sender_cgroup="/[^"]*"' "$T/rs.kill" &&
	grep -Eq ' receiver_cgroup="/[^"]*"' "$T/rs.kill"
ok "rsyslogd (UDP, RFC 5424): who is behind the sender, both sides' cgroups" $?
grep "^imudp|[0-9]*|[^|]*|sigftrace|$spid_a|signal|" "$T/rs.out" | cut -d'|' -f8 | sort > "$T/rs.msgs"
contains_all "$T/exp.default" "$T/rs.msgs"
ok "every expected line reached rsyslogd" $?

# metrics: the last write says sigftrace_up 0 and counts what killed
promtool check metrics < "$PROM" > "$T/out" 2>&1
ok "promtool check metrics accepts the file" $?
grep -qx 'sigftrace_up 0' "$PROM" &&
	grep -Eq '^sigftrace_fatal_signals_total\{signal="SIGKILL",receiver="(sc-stubborn|other)"\} [1-9]' "$PROM" &&
	grep -Eq '^sigftrace_signals_total\{signal="SIGRTMIN\+3",result="delivered"\} ([2-9][0-9]|[1-9][0-9][0-9]+)$' "$PROM" &&
	grep -qx 'sigftrace_events_lost_total{where="ring"} 0' "$PROM"
ok "the last write: sigftrace_up 0, the kills, the signals, no loss" $?
! grep -q 'receiver="sc-flooded"' "$PROM"
ok "caught signals are not fatal signals (no sc-flooded label)" $?

# --- RFC 3164 to a /dev/log-like socket -------------------------------------------------
sh -c 'trap "" USR1; exec sleep 30' &
victim=$!
e2e_pids="$e2e_pids $victim"
stream_start b -q --syslog="$T/devlog.sock" --tid "$victim"
kill -USR1 "$victim"
svc_wait grep -q "^imuxsock|[0-9]*|[^|]*|sigftrace|$spid|.*--\[SIGUSR1\]--> (sleep $victim) ignored" "$T/rs.out"
ok "/dev/log (RFC 3164): the line, as syslog(3) writes it" $?
stream_stop INT
[ "$src" = 0 ] && [ ! -s "$T/b.out" ]
ok "-q: nothing on stdout" $?

# --- SIGHUP reopens; a journald restart loses nothing that could wait -----------------------
stream_start c -q --journal --metrics "$T/c.prom" --metrics-interval 1h --tid "$victim"
kill -USR1 "$victim"
# once the stream has handled the signal (its journal entry is there)
wait_until 30 "the stream's journal entry of the first SIGUSR1 to $victim" sh -c \
	"journalctl -D /run/log/journal -o json SIGFTRACE_RECEIVER_PID=$victim 2>/dev/null | grep -c . | grep -qx 1"
grep -q 'SIGUSR1' "$T/c.prom"
ok "(with an interval of 1h the file has no signal yet)" "$([ $? != 0 ]; echo $?)"
kill -HUP "$spid"
svc_wait grep -qs '^sigftrace_signals_total{signal="SIGUSR1",result="ignored"} 1$' "$T/c.prom"
ok "SIGHUP writes the metrics file anew at once" $?
kill -0 "$spid"
ok "and stream keeps running" $?
svc_journald_stop
kill -USR1 "$victim"
kill -USR1 "$victim"
# journald back once the stream has found it gone
wait_until 30 "the stream to find journald gone" grep -q 'cannot send' "$T/c.err"
svc_journald_start
kill -HUP "$spid"
svc_wait sh -c "journalctl -D /run/log/journal -o json SIGFTRACE_RECEIVER_PID=$victim 2>/dev/null | grep -c . | grep -qx 3"
ok "journald restarted: the two signals sent meanwhile arrive after SIGHUP" $?
stream_stop TERM
[ "$src" = 0 ] && [ ! -d "$TRACEFS/instances/$E2E_PREFIX-c" ]
ok "SIGTERM: exit 0, instance removed" $?
grep -q 'cannot send' "$T/c.err" && grep -q 'reachable again' "$T/c.err"
ok "stderr says once that journald was gone, and that it is back" $?

# --- losses: a storm through a 4 KiB buffer --------------------------------------------------
stream_start d -q -b 4 --journal --metrics "$T/d.prom" -s USR1
"$STORM" -n 2 -c 20000 > /dev/null
# (no wait: the stream counts the losses as it drains the ring when it stops)
stream_stop TERM
lost=$(sed -n 's/.*CPU [0-9]*: \([0-9]*\) events lost.*/\1/p' "$T/d.err" | awk '{ s += $1 } END { print s + 0 }')
[ "$lost" -gt 0 ]
ok "the storm overflows the ring buffer: $lost events lost (stderr)" $?
svc_wait sh -c "journalctl -D /run/log/journal -o json SIGFTRACE_LOST_WHERE=ring _PID=$spid 2>/dev/null | grep -q ."
journal SIGFTRACE_LOST_WHERE=ring _PID="$spid" | jq -s 'map(.SIGFTRACE_LOST | tonumber) | add' > "$T/jlost"
[ "$(cat "$T/jlost")" = "$lost" ]
ok "the journal's loss entries add up to the same number ($(cat "$T/jlost"))" $?
grep -qx "sigftrace_events_lost_total{where=\"ring\"} $lost" "$T/d.prom"
ok "and so does sigftrace_events_lost_total{where=\"ring\"}" $?
# --- --reclaim: the instances of sigftraces that are gone, and only those ------------------
sh -c 'echo $$' > "$T/deadpid"
dead=$(cat "$T/deadpid")
"$SIGFTRACE" stream --instance "$E2E_PREFIX-alive" > /dev/null 2>&1 &
alive=$!
svc_pids="$svc_pids $alive"
wait_tracing "$E2E_PREFIX-alive"
mkdir "$TRACEFS/instances/sigftrace-$dead" "$TRACEFS/instances/sigftrace-$victim" \
	"$TRACEFS/instances/sigftrace-$alive" "$TRACEFS/instances/$E2E_PREFIX-foreign"
run "$SIGFTRACE" stream -q --reclaim --instance "$E2E_PREFIX-e" -- true
[ "$rc" = 0 ] && [ ! -d "$TRACEFS/instances/sigftrace-$dead" ] &&
	[ ! -d "$TRACEFS/instances/sigftrace-$victim" ] &&
	grep -qx "sigftrace stream: warning: removed instance sigftrace-$dead: its sigftrace is gone" "$T/err" &&
	grep -qx "sigftrace stream: warning: removed instance sigftrace-$victim: its sigftrace is gone" "$T/err"
ok "--reclaim removes the instance of a dead pid and of a pid that is not a sigftrace (sleep), and says so" $?
[ -d "$TRACEFS/instances/sigftrace-$alive" ] && [ -d "$TRACEFS/instances/$E2E_PREFIX-foreign" ]
ok "it keeps a running sigftrace's instance and other instances" $?
rmdir "$TRACEFS/instances/sigftrace-$alive" "$TRACEFS/instances/$E2E_PREFIX-foreign"
svc_stop "$alive"
no_instances_left
ok "no instance left behind" $?
e2e_done
