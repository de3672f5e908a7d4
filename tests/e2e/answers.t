#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# answers.t - report --killed, --summary, JSON fates, --dot/--svg and text
# traces, on a recording of the scenario whose signals are known.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

run "$SIGFTRACE" record --instance "$E2E_PREFIX-a" -o "$T/x.dat" -- "$SCENARIO" --expect "$T/exp" kill segv pipe ignored pgrp sigqueue thread timeout flood mtkill hangup
ok "recording of the scenario" "$rc"
pid_of()
{
	sed -n "s/.*($1 \([0-9]*\)).*/\1/p" "$T/exp" | head -n 1
}
stubborn=$(pid_of sc-stubborn)
segv=$(pid_of sc-segv)
dfl=$(pid_of sc-pipe-dfl)
main=$(pid_of sc-main)
killer=$(pid_of sc-killer)
timeout=$(pid_of sc-timeout)
mtproc=$(pid_of sc-mtproc)

# --killed: who died of what, and who sent it; normal exits are not listed
run "$SIGFTRACE" report -i "$T/x.dat" --killed
ok "report --killed exits 0" "$rc"
sed 's/^[0-9.]* //' "$T/out" > "$T/killed"
grep -Fxq "(sc-stubborn $stubborn) killed by SIGKILL from (sc-main $main), did not stop on SIGTERM (ignored)" "$T/killed"
ok "the daemon that ignored SIGTERM was killed by SIGKILL from sc-main" $?
grep -Fxq "(sc-segv $segv) killed by SIGSEGV from (kernel) fault" "$T/killed"
ok "the child that faulted was killed by SIGSEGV from the kernel" $?
grep -Fxq "(sc-pipe-dfl $dfl) killed by SIGPIPE from (sc-pipe-dfl $dfl)" "$T/killed"
ok "the writer to a closed pipe died of its own SIGPIPE" $?
! grep -Eq "^\((sc-killer|sc-victim|sc-main|sc-pipe|sc-rt|sc-member[0-9]|sc-tproc|sc-flooded|sc-hup) " "$T/killed"
ok "processes that exited normally are not listed" $?
grep -Fxq "(sc-timeout $timeout) killed by SIGALRM from (kernel) kernel" "$T/killed"
ok "the process killed by its own timer: SIGALRM, hidden by default, is listed" $?
# (this run's: another scenario on the machine may have its own sc-mtproc)
[ "$(grep -F "from (sc-main $main)" "$T/killed" | grep -c 'sc-mt')" = 1 ] && grep -Fxq "(sc-mtproc $mtproc) killed by SIGKILL from (sc-main $main)" "$T/killed"
ok "a process with three threads killed by SIGKILL: one line, the process" $?

# order matters: systemd's SIGHUP right after the SIGTERM that kills (SendSIGHUP)
# is dropped by the exiting task, "ignored"; one ignored before the fatal signal counts
run "$SIGFTRACE" report -i "$SRCTREE/tests/data/text/killed-order.txt" --killed
sed 's/^[0-9.]* //' "$T/out" > "$T/killed"
grep -Fxq "(agetty 191) killed by SIGTERM from (systemd 1)" "$T/killed" &&
	grep -Fxq "(sf-stubborn 189) killed by SIGKILL from (systemd 1), did not stop on SIGTERM (ignored)" "$T/killed" &&
	grep -Fxq "(sf-hup 300) killed by SIGTERM from (systemd 1), did not stop on SIGHUP (ignored)" "$T/killed"
ok "--killed cites only signals survived before the fatal one" $?

# --summary: pairs, broadcasts, per-signal results
run "$SIGFTRACE" report -i "$T/x.dat" --summary
ok "report --summary exits 0" "$rc"
grep -Eq '^ +1  sc-main +SIGTERM +sc-stubborn +1 ignored ' "$T/out"
ok "summary: sc-main -> sc-stubborn SIGTERM, 1 ignored" $?
grep -Eq "^  [0-9.]+ \(sc-main $main\) --\[SIGUSR1\]--> 3 processes, 1 ignored$" "$T/out"
ok "summary: the process-group kill collapses into one broadcast line" $?
grep -Eq '^SIGUSR1 +[0-9]+ +[0-9]+ +[0-9]+ +0 +0 +[0-9.]+us +[0-9.]+us$' "$T/out"
ok "summary: per-signal results with delivery latency" $?
grep -Eq '^ +20  sc-main +SIGRTMIN\+3 +sc-flooded +20 delivered ' "$T/out" &&
	! grep -Eq -- '--\[SIGRTMIN\+3\]--> [0-9]+ processes' "$T/out"
ok "summary: one sender flooding one receiver is not a broadcast" $?
grep -Eq '^ +1  kernel +SIGALRM +sc-timeout +1 delivered ' "$T/out"
ok "summary: the fatal SIGALRM counts, hidden by default or not" $?

# JSON: one object per line, with each signal's fate
run "$SIGFTRACE" report -i "$T/x.dat" --format json
jq -e -s 'length > 5' "$T/out" > /dev/null
ok "--format json is valid for jq" $?
fate()
{
	jq -r "select(.event == \"generate\" and .receiver.comm == \"$1\" and .signal.name == \"$2\") | .fate.fate + \" \" + (.fate.action // .fate.handler // \"\")" "$T/out" | head -n 1
}
[ "$(fate sc-stubborn SIGTERM)" = "ignored " ]
ok "fate of the ignored SIGTERM: ignored" $?
[ "$(fate sc-stubborn SIGKILL)" = "default terminate" ]
ok "fate of the SIGKILL: default terminate" $?
[ "$(fate sc-segv SIGSEGV)" = "default core" ]
ok "fate of the fault: default core" $?
fate sc-victim SIGUSR1 | grep -Eq '^handled 0x[0-9a-f]+$'
ok "fate of a handled SIGUSR1: handled, with the handler address" $?
fate sc-rt SIGRTMIN+3 | grep -Eq '^handled 0x[0-9a-f]+$'
ok "fate of the sigqueue'd RT signal: handled" $?
jq -e -s "map(select(.sender.comm == \"sc-killer\" and .sender.pid == $killer))[0] | .receiver.comm == \"sc-victim\" and .origin == \"kill\" and .code_name == \"SI_USER\" and .result == \"delivered\" and .group == true and .errno == 0" "$T/out" > /dev/null
ok "JSON schema: sender, origin, code_name, result, group, errno" $?
jq -e -s "map(select(.receiver.comm == \"sc-hup\" and .signal.name == \"SIGHUP\"))[0].sender | .kind == \"kernel\" and .context.comm == \"sc-main\" and .context.pid == $main" "$T/out" > /dev/null
ok "JSON: the kernel's SIGHUP of a pty hang-up names the task it acted for" $?
# fates known at once (ignored, merged) behind a signal waiting for its own:
# each keeps its own, not the next one's
run "$SIGFTRACE" report -i "$SRCTREE/tests/data/text/fates-behind.txt" --format json
[ "$(jq -r '.signal.name + " " + .fate.fate' "$T/out" | tr '\n' ';')" = \
	"SIGUSR1 handled;SIGWINCH ignored;SIGUSR1 merged;" ]
ok "JSON: fates known at once behind a held signal are their own" $?

# --dot / --svg
run "$SIGFTRACE" report -i "$T/x.dat" --dot
dot -Tsvg "$T/out" -o "$T/g.svg" 2> "$T/err" && grep -q '<svg' "$T/g.svg"
ok "--dot is valid Graphviz (dot -Tsvg)" $?
grep -Eq "^	p$main -> p$stubborn \[label=\"SIGKILL x1 \(fatal\)\", color=red" "$T/out"
ok "the fatal edge sc-main -> sc-stubborn stands out" $?
grep -Eq "^	kernel -> p$timeout \[label=\"SIGALRM x1 \(fatal\)\", color=red" "$T/out"
ok "the kernel's fatal SIGALRM to sc-timeout stands out" $?
run "$SIGFTRACE" report -i "$T/x.dat" --svg "$T/r.svg"
[ "$rc" = 0 ] && grep -q '<svg' "$T/r.svg"
ok "--svg FILE draws the graph with dot" $?

# colour only on a terminal or when asked, never with NO_COLOR
"$SIGFTRACE" report -i "$T/x.dat" > "$T/out" 2>&1
! grep -q "$(printf '\033')" "$T/out"
ok "no colour when stdout is not a terminal" $?
"$SIGFTRACE" report -i "$T/x.dat" --color always > "$T/out" 2>&1
grep "sc-stubborn $stubborn) ignored" "$T/out" | grep -q "$(printf '\033\\[33m')"
ok "--color always: ignored signals in yellow" $?

# a text trace of the same events renders the same lines
inst=$TRACEFS/instances/$E2E_PREFIX-txt
mkdir "$inst"
echo mono > "$inst/trace_clock"
for e in signal/signal_generate signal/signal_deliver task/task_newtask task/task_rename sched/sched_process_exit; do
	echo 1 > "$inst/events/$e/enable"
done
"$SCENARIO" --expect "$T/exp3" kill ignored pgrp thread tgkill > /dev/null 2>&1
# the name markers persist writes for the next boot
echo "sigftrace-comm 4242 sc-marked" > "$inst/trace_marker"
echo "sigftrace-thread 4243 4242" > "$inst/trace_marker"
echo 0 > "$inst/tracing_on"
grep -v 'tracing_mark_write: sigftrace-' "$inst/trace" > "$T/t.txt"
"$SIGFTRACE" extract --instance "$E2E_PREFIX-txt" -o "$T/t.dat" > /dev/null 2>&1
trace-cmd report -i "$T/t.dat" > "$T/tc" 2>&1
! grep -q 'sigftrace-comm' "$T/tc" && grep -q 'signal_generate' "$T/tc"
ok "the name markers are kept in the file another way, not as marker events" $?
rmdir "$inst"
"$SIGFTRACE" report -i "$T/t.txt" > "$T/rt" 2> "$T/err"
ok "report reads the ftrace text trace" $?
"$SIGFTRACE" report -i "$T/t.dat" > "$T/rb" 2>&1
grep '(sc-' "$T/rt" > "$T/rt.sc"
grep '(sc-' "$T/rb" > "$T/rb.sc"
if [ -s "$T/rt.sc" ] && cmp -s "$T/rt.sc" "$T/rb.sc"; then
	same=0
else
	diff "$T/rt.sc" "$T/rb.sc" | head -n 10 | sed "s/^/# /"
	same=1
fi
ok "the text trace renders the same lines as the binary recording of the same events" $same
grep -v -e '--\[SIGALRM\]--> (sc-alarm ' "$T/exp3" > "$T/exp3.default"
strip_ts "$T/rt" > "$T/lines"
contains_all "$T/exp3.default" "$T/lines"
ok "and every expected line" $?
grep -q ' by sc-tworker/[0-9]*$' "$T/lines" && grep -q ' tkill thread of sc-wproc/[0-9]*$' "$T/lines"
ok "the text trace names processes too (task_newtask's clone_flags)" $?
sed -n 's/^.*signal_generate: /[    1.000000] signal_generate: /p' "$T/t.txt" > "$T/console.log"
run "$SIGFTRACE" report -i "$T/console.log" --all
grep -Eq "^1\.000000 \(unknown\) --\[SIGTERM\]--> \(sc-stubborn [0-9]+\) ignored$" "$T/out"
ok "a tp_printk console log: receiver only, the sender is (unknown)" $?

# kernel threads ignore every signal: kill(-1) at shutdown reaches each of them
# (a child of kthreadd too, known from the markers record writes)
kthread=$(for f in /proc/[0-9]*/stat; do awk '$4 == 2 && $2 ~ /^\(ksoftirqd\// { print $1 }' "$f" 2>/dev/null; done | head -n 1)
run "$SIGFTRACE" record --instance "$E2E_PREFIX-k" -o "$T/k.dat" -- sh -c "kill -USR1 2 $kthread; kill -USR1 \$\$; true"
run "$SIGFTRACE" report -i "$T/k.dat" -s USR1
[ -n "$kthread" ] && ! grep -q -- '--> (k' "$T/out" && grep -q '^sigftrace report: 2 signals ignored by kernel threads not shown' "$T/err"
ok "signals kthreadd and ksoftirqd ignored are kept aside, and counted" $?
run "$SIGFTRACE" report -i "$T/k.dat" -s USR1 --kthreads
grep -Eq '^[0-9.]+ \(sh [0-9]+\) --\[SIGUSR1\]--> \(kthreadd 2\) ignored$' "$T/out"
ok "--kthreads shows it" $?

# JSON fates in one pass, in bounded memory: a signal still pending after
# 70000 later events is printed before its fate is known, says so, and report
# warns; every line is there, in order
awk 'BEGIN {
	print "# tracer: nop"
	print "              sh-500     [000] d..1.  100.000001: signal_generate: sig=10 errno=0 code=0 comm=sh pid=501 grp=1 res=0"
	for (i = 0; i < 70000; i++)
		printf "              sh-500     [000] d..1.  101.%06d: signal_generate: sig=12 errno=0 code=0 comm=sh pid=502 grp=1 res=1\n", i
	print "              sh-501     [001] d..1.  102.000000: signal_deliver: sig=10 errno=0 code=0 sa_handler=0 sa_flags=0"
}' > "$T/valve.txt"
run "$SIGFTRACE" report --format json -i "$T/valve.txt"
[ "$rc" = 0 ] && [ "$(wc -l < "$T/out")" = 70001 ] &&
	[ "$(jq -r '.fate.fate' "$T/out" | uniq -c | awk '{ printf "%s %s;", $1, $2 }')" = "1 unknown;70000 ignored;" ] &&
	jq -e -s 'sort_by(.timestamp) == .' "$T/out" > /dev/null &&
	grep -q 'warning: 1 signals were printed before their fate was known' "$T/err"
ok "JSON: a signal pending behind 70000 events is printed with the fate unknown, and said" $?
run "$SIGFTRACE" report --format json -i "$T/valve.txt" -s USR1
[ "$(jq -r '.fate.fate + " " + (.fate.latency_ns | tostring)' "$T/out")" = "default 1999999000" ]
ok "JSON: with -s USR1 nothing waits behind it: its fate, 2 s later" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
