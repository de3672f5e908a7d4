#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lifecycle.t - exit status of -- COMMAND, Ctrl-C loses nothing, -d, two
# concurrent recordings stay isolated, reset removes only dead instances.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

run "$SIGFTRACE" record --instance "$E2E_PREFIX-st" -o "$T/st.dat" -- sh -c 'exit 7'
ok "record -- COMMAND exits with COMMAND's status (7)" "$([ "$rc" = 7 ]; echo $?)"
run "$SIGFTRACE" record --instance "$E2E_PREFIX-sig" -o "$T/sig.dat" -- sh -c 'kill -TERM $$'
ok "a COMMAND killed by SIGTERM gives 128+15 (got $rc)" "$([ "$rc" = 143 ]; echo $?)"
run "$SIGFTRACE" record --instance "$E2E_PREFIX-nx" -o "$T/nx.dat" -- /nonexistent/cmd
[ "$rc" = 1 ] && grep -q '^sigftrace record: cannot run /nonexistent/cmd: No such file or directory' "$T/err"
ok "a COMMAND that cannot run is an error" $?

# -d: a bounded recording without a command
start=$(date +%s%N)
run "$SIGFTRACE" record --instance "$E2E_PREFIX-d" -o "$T/d.dat" -d 300ms
end=$(date +%s%N)
[ "$rc" = 0 ] && [ $(((end - start) / 1000000)) -lt 3000 ] && [ -s "$T/d.dat" ]
ok "-d 300ms stops by itself and writes the file" $?

# SIGINT during a recording: every signal sent before it is in the file
"$SIGFTRACE" record --instance "$E2E_PREFIX-int" -o "$T/int.dat" > "$T/out" 2> "$T/err" &
rec=$!
e2e_pids="$rec"
wait_tracing "$E2E_PREFIX-int"
"$STORM" -n 2 -c 20000 -s USR2 > "$T/storm" 2>&1
kill -INT "$rec"
wait "$rec"
rc=$?
ok "record stops cleanly on SIGINT" "$rc"
# the storm's own receiver: others' SIGUSR2 may be in the file too
sent=$(sed -n 's/^signals=\([0-9]*\).*/\1/p' "$T/storm")
recv=$(sed -n 's/.* receiver=\([0-9]*\).*/\1/p' "$T/storm")
got=$("$SIGFTRACE" report -i "$T/int.dat" -s USR2 | grep -c -- "--\[SIGUSR2\]--> (storm-recv ${recv:-none})")
[ -n "$sent" ] && [ "$sent" = "$got" ]
ok "SIGINT loses nothing: $got of $sent storm signals in the file" $?
grep -q ", 0 lost," "$T/err"
ok "and reports 0 lost" $?
[ ! -d "$TRACEFS/instances/$E2E_PREFIX-int" ]
ok "the instance is removed after SIGINT" $?
! ls -a "$T" | grep -q '^\.int\.dat\.tmp'
ok "no temporary file is left next to the output" $?

# a second Ctrl-C aborts at once, even while a COMMAND ignores SIGINT
"$SIGFTRACE" record --instance "$E2E_PREFIX-ab" -o "$T/ab.dat" -- sh -c "trap '' INT; sleep 61 & echo \$! > $T/ab.ready; wait" > "$T/out" 2> "$T/err" &
rec=$!
e2e_pids="$rec"
# the command must have set its trap before the first Ctrl-C
wait_until 30 "COMMAND to start (ab.ready)" [ -s "$T/ab.ready" ]
child=$(cat "$T/ab.ready" 2> /dev/null)
e2e_pids="$rec $child"
kill -INT "$rec"
# two SIGINT pending at once are one: the second once the first is handled,
# which the recorder's SigPnd and ShdPnd (bit 2) no longer show
sigint_taken()
{
	! grep -Eq '^(SigPnd|ShdPnd):.*[2367abef]$' "/proc/$rec/status" 2> /dev/null
}
wait_until 30 "the recorder to take the first SIGINT" sigint_taken
kill -INT "$rec"
wait_until 30 "the recorder to end after the second SIGINT" sh -c "! kill -0 $rec 2> /dev/null"
! kill -0 "$rec" 2>/dev/null && grep -q '^sigftrace record: aborted: nothing written$' "$T/err" && [ ! -e "$T/ab.dat" ]
ok "a second SIGINT aborts: nothing written" $?
wait_until 30 "instance $E2E_PREFIX-ab to go" gone "$TRACEFS/instances/$E2E_PREFIX-ab"
[ ! -d "$TRACEFS/instances/$E2E_PREFIX-ab" ] && [ -n "$child" ] && kill -0 "$child"
ok "and the instance is removed, though COMMAND's child still runs" $?
[ -n "$child" ] && kill "$child" 2>/dev/null

# two recordings at once, each with its own filter and instance, stopped
# once both storms are done (-d would race a slow start)
"$SIGFTRACE" record --instance "$E2E_PREFIX-c1" -o "$T/c1.dat" -s URG > /dev/null 2>&1 &
c1=$!
"$SIGFTRACE" record --instance "$E2E_PREFIX-c2" -o "$T/c2.dat" -s WINCH > /dev/null 2>&1 &
c2=$!
e2e_pids="$c1 $c2"
wait_tracing "$E2E_PREFIX-c1" "$E2E_PREFIX-c2"
"$STORM" -n 1 -c 100 -s URG > "$T/s1" 2>&1
"$STORM" -n 1 -c 200 -s WINCH > "$T/s2" 2>&1
kill -INT "$c1" "$c2"
wait "$c1"
r1=$?
wait "$c2"
r2=$?
ok "two concurrent recordings both succeed" "$((r1 + r2))"
# each storm's own receiver: others' SIGURG and SIGWINCH may be there too
p1=$(sed -n 's/.* receiver=\([0-9]*\).*/\1/p' "$T/s1")
p2=$(sed -n 's/.* receiver=\([0-9]*\).*/\1/p' "$T/s2")
n1=$("$SIGFTRACE" report -i "$T/c1.dat" | grep -c "(storm-recv ${p1:-none})")
n2=$("$SIGFTRACE" report -i "$T/c2.dat" | grep -c "(storm-recv ${p2:-none})")
o1=$("$SIGFTRACE" report -i "$T/c1.dat" | grep -vc 'SIGURG')
o2=$("$SIGFTRACE" report -i "$T/c2.dat" | grep -vc 'SIGWINCH')
[ "$n1" = 100 ] && [ "$n2" = 200 ] && [ "$o1" = 0 ] && [ "$o2" = 0 ]
ok "each recording has exactly its own signals ($n1 URG, $n2 WINCH)" $?

# reset: a recorder killed with SIGKILL leaves sigftrace-PID; reset removes it
"$SIGFTRACE" record -o "$T/killed.dat" > /dev/null 2>&1 &
dead=$!
"$SIGFTRACE" record -o "$T/alive.dat" > /dev/null 2>&1 &
alive=$!
e2e_pids="$dead $alive"
wait_tracing "sigftrace-$dead" "sigftrace-$alive"
kill -9 "$dead"
wait "$dead" 2>/dev/null
mkdir "$TRACEFS/instances/$E2E_PREFIX-foreign"
[ -d "$TRACEFS/instances/sigftrace-$dead" ]
ok "SIGKILL leaves the instance sigftrace-$dead behind" $?
run "$SIGFTRACE" reset
grep -qx "removed instance sigftrace-$dead" "$T/out" && [ ! -d "$TRACEFS/instances/sigftrace-$dead" ]
ok "reset removes the dead recorder's instance" $?
[ -d "$TRACEFS/instances/sigftrace-$alive" ] && [ -d "$TRACEFS/instances/$E2E_PREFIX-foreign" ]
ok "reset keeps a running recorder's instance and other instances" $?
rmdir "$TRACEFS/instances/$E2E_PREFIX-foreign"
kill -INT "$alive"
wait "$alive"
ok "the running recorder still finishes normally" $?
[ ! -d "$TRACEFS/instances/sigftrace-$alive" ]
ok "and removes its instance" $?
run "$SIGFTRACE" reset
grep -qx "nothing to remove" "$T/out"
ok "reset with nothing to do says so" $?

# a buffer far too small for a storm: losses are counted, shown where they happened
run "$SIGFTRACE" record --instance "$E2E_PREFIX-lost" -b 4 -o "$T/lost.dat" -s USR2 -- "$STORM" -n 2 -c 100000 -s USR2
lost=$(sed -n 's/.* \([0-9]*\) lost, written.*/\1/p' "$T/err")
[ "$rc" = 0 ] && [ -n "$lost" ] && [ "$lost" -gt 0 ] && grep -q '^hint: events were lost' "$T/err"
ok "a 4 KiB buffer under a storm: record reports $lost lost events and a hint" $?
run "$SIGFTRACE" report -i "$T/lost.dat"
grep -Eq '^[0-9.]+ \[CPU [0-9]+: [0-9]+ events lost before this point\]$' "$T/out" &&
	grep -q '^sigftrace report: warning: events were lost while recording' "$T/err"
ok "report marks where events were lost and warns with the total" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
