#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# names.t - a sender is named as it was when it sent. A process started before
# tracing signals, then execs another program (as PID 1 is "systemd" until it
# execs systemd-shutdown): the trace has no name for it before the rename but
# the rename's oldcomm, and the running system knows only its new name.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

inst=$E2E_PREFIX-hs-names
I=$TRACEFS/instances/$inst
evs="signal/signal_generate signal/signal_deliver task/task_newtask task/task_rename
	sched/sched_process_exit"
mkdir "$I"
echo 0 > "$I/tracing_on"
for e in $evs; do
	echo 1 > "$I/events/$e/enable"
done
mkfifo "$T/go"
cat > "$T/hs-actor" << EOF
#!/bin/sh
read -r go < "$T/go"
kill -USR1 "\$1"
exec sleep 30
EOF
chmod +x "$T/hs-actor"
sleep 30 &
victim=$!
"$T/hs-actor" "$victim" &
actor=$!
e2e_pids="$actor $victim"
wait_until 30 "the actor to run as hs-actor" comm_is "$actor" hs-actor
# the receiver's name is the one it has at the signal: sleep, once it has exec'd
wait_until 30 "the victim to run sleep" comm_is "$victim" sleep
# the actor's events only: the instance sees the whole machine, and another
# test's signal storm would overwrite the actor's signal in the buffer
for e in $evs; do
	echo "common_pid == $actor" > "$I/events/$e/filter"
done
echo 1 > "$I/tracing_on"
echo go > "$T/go"
wait_until 30 "the actor to have signalled and become sleep" comm_is "$actor" sleep
echo 0 > "$I/tracing_on"
run "$SIGFTRACE" extract --instance "$inst" -o "$T/n.dat"
ok "extract of the instance" "$rc"
rmdir "$I"

run "$SIGFTRACE" report -i "$T/n.dat" -s USR1
strip_ts "$T/out" > "$T/lines"
grep -Fxq "(hs-actor $actor) --[SIGUSR1]--> (sleep $victim)" "$T/lines"
ok "the sender is named as it was when it sent (the rename's oldcomm), not as it is now (sleep)" $?
trace-cmd report -i "$T/n.dat" > "$T/tc" 2> "$T/err"
grep -Eq "^ *hs-actor-$actor +\\[[0-9]+\\] .* signal_generate: +sig=10 " "$T/tc"
ok "the file's saved_cmdlines agree: trace-cmd report names the sender hs-actor too" $?

# A thread's process from a marker written after its signal (persist --mark
# writes them at the start of shutdown): no task event in the buffer names
# the thread, and it is gone when the buffer is saved. The marker says it
# from the thread's first event on, and none of sigftrace's markers stays an
# event in the file.
inst=$E2E_PREFIX-hm-procs
I=$TRACEFS/instances/$inst
mkdir "$I"
# signals to the scenario's processes only: another test's storm would
# overwrite the thread's signal, and a process of the machine named
# sigftrace would show as "sigftrace-PID" in trace-cmd's report
echo 'comm ~ "sc-*"' > "$I/events/signal/signal_generate/filter"
echo 1 > "$I/events/signal/signal_generate/enable"
"$SCENARIO" --expect "$T/exp" thread > /dev/null 2>&1
line=$(grep ' by sc-tworker/' "$T/exp")
proc=$(echo "$line" | sed -n 's/^(sc-tproc \([0-9]*\)).*/\1/p')
tid=$(echo "$line" | sed -n 's/.* by sc-tworker\/\([0-9]*\)$/\1/p')
for m in "sigftrace-boot - shutdown $(date +%s)" "sigftrace-overrun 0 0" \
	"sigftrace-comm $proc sc-tproc" "sigftrace-comm $tid sc-tworker" \
	"sigftrace-thread $tid $proc"; do
	echo "$m" > "$I/trace_marker"
done
echo 0 > "$I/tracing_on"
run "$SIGFTRACE" extract --instance "$inst" -o "$T/p.dat"
ok "extract of the instance with markers" "$rc"
rmdir "$I"
run "$SIGFTRACE" report -i "$T/p.dat" -s USR1
strip_ts "$T/out" > "$T/lines"
[ -n "$tid" ] && [ -n "$proc" ] && grep -Fxq "$line" "$T/lines"
ok "a thread marker written after the thread's signal names its process at the signal" $?
trace-cmd report -i "$T/p.dat" > "$T/tc" 2>&1
! grep -Eq 'sigftrace-(boot|overrun|comm|kthread|thread) ' "$T/tc" &&
	grep -q 'signal_generate' "$T/tc"
ok "no boot, overrun, name or thread marker stays an event in the file" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
