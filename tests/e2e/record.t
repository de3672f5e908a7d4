#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# record.t - sigftrace record of a real scenario, read back by sigftrace report
# and by trace-cmd report with the plugin: every expected line exactly.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

# --- default options: SIGCHLD and SIGALRM hidden ------------------------------
run "$SIGFTRACE" record --instance "$E2E_PREFIX-rec" -o "$T/x.dat" -- "$SCENARIO" --expect "$T/exp"
ok "record -- scenario exits with the scenario's status (0)" "$rc"
grep -q "events captured" "$T/err"
ok "record prints how many events it captured and lost" $?
grep -q ", 0 lost," "$T/err"
ok "nothing lost" $?
# hidden by default: the SIGALRM sc-alarm handles; not the one that kills sc-timeout
grep -v -e '--\[SIGALRM\]--> (sc-alarm ' "$T/exp" > "$T/exp.default"
[ "$(wc -l < "$T/exp.default")" -ge 14 ]
ok "the scenario expects at least 14 signals" $?

run "$SIGFTRACE" report -i "$T/x.dat"
ok "report exits 0" "$rc"
strip_ts "$T/out" > "$T/lines"
contains_all "$T/exp.default" "$T/lines"
ok "sigftrace report shows every expected line exactly" $?
! grep -q -e '--\[SIGCHLD\]-->' -e '--\[SIGALRM\]--> (sc-alarm ' "$T/lines"
ok "SIGCHLD and SIGALRM are hidden by default" $?
grep -Eq '^\(kernel\) --\[SIGALRM\]--> \(sc-timeout [0-9]+\) kernel$' "$T/lines"
ok "but not a SIGALRM that killed its receiver" $?
# the sender is the process; a worker thread that sends is named after the receiver
tproc=$(sed -n 's/^(sc-tproc \([0-9]*\)).*/\1/p' "$T/exp")
tworker=$(sed -n 's/.* by sc-tworker\/\([0-9]*\)$/\1/p' "$T/exp" | head -n 1)
grep -Eq "^\(sc-tproc $tproc\) --\[SIGUSR1\]--> \(sc-tvictim [0-9]+\) by sc-tworker/$tworker\$" "$T/lines"
ok "a signal sent by a worker thread: (process) ... by thread/tid" $?
grep -Eq "^\(sc-main [0-9]+\) --\[SIGUSR2\]--> \(sc-worker [0-9]+\) tkill thread of sc-wproc/[0-9]+\$" "$T/lines"
ok "a signal to a thread that is not the main one: ... of process/pid" $?
grep -Eq '^[0-9]+\.[0-9]{6} \(' "$T/out"
ok "report lines start with a timestamp" $?
grep -Fq '(kernel) --[SIGSEGV]--> (sc-segv ' "$T/lines"
ok "a fault is sent by (kernel) with SEGV_MAPERR" $?
grep -Fq -- 'sigqueue' "$T/lines" && grep -Fq -- 'tkill thread' "$T/lines" &&
	grep -Fq -- ' ignored' "$T/lines" && grep -Fq -- ' pending' "$T/lines"
ok "origins and results: sigqueue, tkill thread, ignored, pending" $?
quick=$(grep -F '(sc-quick ' "$T/exp.default")
[ -n "$quick" ] && grep -Fxq "$quick" "$T/lines"
ok "a sender that exits right after kill() is still named: $quick" $?

TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -i "$T/x.dat" > "$T/tc" 2> "$T/err"
ok "trace-cmd report reads the file" $?
strip_tc "$T/tc" > "$T/tclines"
# trace-cmd knows no processes: the plugin shows the threads the events name
grep -v ' by sc-tworker/' "$T/exp.default" | sed 's| of sc-wproc/[0-9]*$||' > "$T/exp.plugin"
contains_all "$T/exp.plugin" "$T/tclines"
ok "trace-cmd report with plugin_sigftrace.so shows every expected line" $?
grep -Eq "^\(sc-tworker $tworker\) --\[SIGUSR1\]--> \(sc-tvictim [0-9]+\)\$" "$T/tclines"
ok "trace-cmd's plugin names the sending thread (the file's saved_cmdlines)" $?
! grep -q -e 'print:' -e 'sigftrace-kthread' "$T/tc"
ok "no name markers in the file: KernelShark opens on the signals" $?
grep -q -- '--\[SIGALRM\]--> (sc-timeout ' "$T/tclines" && ! grep -q -- '--\[SIGALRM\]--> (sc-alarm ' "$T/tclines"
ok "the file keeps the SIGALRM that killed, not the one that was handled" $?

trace-cmd dump -v "$T/x.dat" > "$T/out" 2>&1
grep -q "is a valid trace-cmd file" "$T/out"
ok "trace-cmd dump -v: valid" $?
trace-cmd report --stat -i "$T/x.dat" > "$T/out" 2>&1
grep -q "overrun" "$T/out" && grep -q "dropped events" "$T/out"
ok "per-CPU stats (CPUSTAT) are in the file" $?
trace-cmd report --uname -i "$T/x.dat" > "$T/out" 2>&1
grep -q "$(uname -m)" "$T/out"
ok "the recording machine (UNAME) is in the file" $?

# --- interop: trace-cmd's own v7 (zstd) and v6 rewrites report identically ----
"$SIGFTRACE" report -i "$T/x.dat" > "$T/r6" 2>&1
trace-cmd convert --file-version 7 -i "$T/x.dat" -o "$T/x7.dat" > "$T/out" 2>&1
ok "trace-cmd convert --file-version 7" $?
"$SIGFTRACE" report -i "$T/x7.dat" > "$T/r7" 2> "$T/err"
cmp -s "$T/r6" "$T/r7"
ok "report of the v7 file is identical" $?
trace-cmd convert --file-version 6 -i "$T/x7.dat" -o "$T/x6.dat" > "$T/out" 2>&1
"$SIGFTRACE" report -i "$T/x6.dat" > "$T/r66" 2> "$T/err"
cmp -s "$T/r6" "$T/r66"
ok "v6 -> v7 -> v6 round trip reports identically" $?
"$SIGFTRACE" report -i "$T/x.dat" --format seed > "$T/out" 2>&1
grep -Eq '^[0-9.]+ Signal :: \(sc-main [0-9]+\) --\[15\]--> \(sc-stubborn [0-9]+\)$' "$T/out"
ok "--format seed prints the original patch's line" $?
"$SIGFTRACE" report -i "$T/x.dat" --format json > "$T/out" 2>&1
jq -e -s 'length > 10 and all(.[]; .timestamp > 0)' "$T/out" > /dev/null
ok "--format json is valid JSON lines (jq)" $?
jq -e -s "map(select(.receiver.comm == \"sc-tvictim\"))[0].sender | {kind, comm, pid, thread} == {\"kind\":\"task\",\"comm\":\"sc-tproc\",\"pid\":$tproc,\"thread\":{\"comm\":\"sc-tworker\",\"tid\":$tworker}}" "$T/out" > /dev/null
ok "JSON: the sender is the process, with sender.thread {comm, tid}" $?
jq -e -s 'map(select(.receiver.comm == "sc-worker"))[0].receiver.process.comm == "sc-wproc"' "$T/out" > /dev/null
ok "JSON: receiver.process of a thread" $?
"$SIGFTRACE" report -i "$T/x.dat" --arch mips > "$T/out" 2>&1
grep -Fq -- '--[SIGBUS]--> (sc-victim' "$T/out"
ok "--arch mips renames signal 10 (SIGUSR1 here) to SIGBUS" $?
# a file from a machine with other signal numbers: a hint for trace-cmd's plugin
m=$(uname -m)
if [ ${#m} -ge 4 ]; then
	mm=$(printf 'mips%s' "$(printf '%*s' $((${#m} - 4)) '' | tr ' ' 'x')")
	perl -pe "s/ $m\0/ $mm\0/" "$T/x.dat" > "$T/m.dat"
	"$SIGFTRACE" report -i "$T/m.dat" > "$T/out" 2> "$T/err"
	grep -Fxq "hint: $T/m.dat was recorded on $mm, whose signal numbers differ from this machine's: in trace-cmd report and KernelShark give -O sigftrace:arch=$mm" "$T/err" &&
		grep -Fq -- '--[SIGBUS]--> (sc-victim' "$T/out"
	ok "a file from another machine: named with its numbers, and a hint for trace-cmd" $?
	"$SIGFTRACE" report -i "$T/x.dat" > "$T/out" 2> "$T/err"
	! grep -q 'sigftrace:arch' "$T/err"
	ok "no hint for a file of this machine" $?
fi
"$SIGFTRACE" report -i "$T/x.dat" --deliver > "$T/out" 2>&1
grep -Eq '\(sc-stubborn [0-9]+\) <==\[SIGKILL\]== default terminate' "$T/out"
ok "--deliver shows signal_deliver with the default action" $?

# --- --all: SIGCHLD and SIGALRM recorded too ------------------------------------
run "$SIGFTRACE" record --all --instance "$E2E_PREFIX-all" -o "$T/all.dat" -- "$SCENARIO" --expect "$T/exp2"
ok "record --all" "$rc"
"$SIGFTRACE" report --all -i "$T/all.dat" > "$T/out" 2>&1
strip_ts "$T/out" > "$T/lines"
cat "$T/exp2" "$T/exp2.chld" > "$T/exp.all"
grep -q -- '--\[SIGALRM\]--> (sc-alarm ' "$T/exp.all"
ok "the handled SIGALRM is expected with --all" $?
contains_all "$T/exp.all" "$T/lines"
ok "with --all every SIGCHLD and SIGALRM line is there too" $?
"$SIGFTRACE" report -i "$T/all.dat" > "$T/out" 2>&1
! grep -q -e '--\[SIGCHLD\]-->' -e '--\[SIGALRM\]--> (sc-alarm ' "$T/out" &&
	grep -q -- '--\[SIGALRM\]--> (sc-timeout ' "$T/out"
ok "report hides SIGCHLD and a handled SIGALRM of an --all recording unless --all is given" $?

# --- file versions: v7 (zstd) by default, v6 on request ---------------------------
# 40000 signals: about 500 pages, many compressed chunks per CPU; others'
# SIGUSR2 may be recorded too: the storm's are those to its receiver, and
# the count record gives is that of the file
for v in 7 6; do
	opt=
	[ $v = 6 ] && opt="--file-version 6"
	# shellcheck disable=SC2086
	run "$SIGFTRACE" record --instance "$E2E_PREFIX-v$v" $opt -s USR2 -o "$T/v$v.dat" -- \
		"$STORM" -n 2 -c 20000 -s USR2
	recv=$(sed -n 's/^signals=40000 .* receiver=\([0-9]*\)$/\1/p' "$T/out")
	[ $v = 7 ] && recv7=$recv
	said=$(sed -n 's/.* events captured (\([0-9]*\) signals), 0 lost.*/\1/p' "$T/err")
	all=$("$SIGFTRACE" report -i "$T/v$v.dat" 2> /dev/null | grep -c -e '--\[SIGUSR2\]-->')
	[ -n "$recv" ] && [ -n "$said" ] && [ "$said" -ge 40000 ] && [ "$said" = "$all" ]
	ok "record ${opt:-(default)}: ${said:-?} signals (the 40000 and others'), as in the file ($all), 0 lost (exit $rc)" $?
	trace-cmd dump --summary -i "$T/v$v.dat" > "$T/out" 2>&1
	if [ $v = 7 ]; then
		grep -q '7[[:space:]]*\[Version\]' "$T/out" &&
			grep -q 'zstd[[:space:]]*\[Compression algorithm\]' "$T/out"
	else
		grep -q '6[[:space:]]*\[Version\]' "$T/out"
	fi
	ok "v$v: trace-cmd dump says version $v$([ $v = 7 ] && echo ', zstd')" $?
	trace-cmd dump -v -i "$T/v$v.dat" > "$T/out" 2>&1
	grep -q "is a valid trace-cmd file" "$T/out"
	ok "v$v: trace-cmd dump -v calls it valid" $?
	n=$("$SIGFTRACE" report -i "$T/v$v.dat" 2> "$T/err" | grep -c -e "--\[SIGUSR2\]--> (storm-recv ${recv:-none})")
	tn=$(TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -i "$T/v$v.dat" 2> /dev/null |
		grep -c -e "--\[SIGUSR2\]--> (storm-recv ${recv:-none})")
	[ "$n" = 40000 ] && [ "$tn" = 40000 ]
	ok "v$v: sigftrace report and trace-cmd report (plugin) show all 40000 ($n, $tn)" $?
	size=$(stat -c %s "$T/v$v.dat")
	if [ $v = 7 ]; then
		[ "$size" -lt $((40000 * 4)) ]
	else
		[ "$size" -gt $((40000 * 40)) ]
	fi
	ok "v$v: $size bytes, $((size / 40000)) per signal" $?
done
trace-cmd convert --file-version 6 -i "$T/v7.dat" -o "$T/v7to6.dat" > "$T/out" 2>&1 &&
	tc_signals "$T/v7.dat" > "$T/tc7" && tc_signals "$T/v7to6.dat" > "$T/tc6" &&
	[ "$(grep -c "^12 storm-recv ${recv7:-none}\$" "$T/tc7")" = 40000 ] && cmp -s "$T/tc7" "$T/tc6"
ok "trace-cmd convert --file-version 6 keeps every signal of the v7 file" $?
"$SIGFTRACE" report -i "$T/v7.dat" > "$T/r7" 2>&1
"$SIGFTRACE" report -i "$T/v7to6.dat" > "$T/r6" 2>&1
cmp -s "$T/r7" "$T/r6"
ok "sigftrace reports the v7 file and its v6 conversion alike" $?
# A held signal is left out of the file after its pages went by: the save
# reads the pages a window at a time, and a handled SIGALRM (hidden unless
# it kills) waits for its delivery, which a stopped receiver postpones
# until 60000 storm signals later.
# The receiver handles SIGALRM once its trap is set (SigCgt), and it is
# sent TERM once the SIGALRM is no longer pending (ShdPnd, SigPnd): waits of
# 30 s at most, else a "# ..." line and exit 97.
cat > "$T/held.sh" << 'EOF'
# alrm PID FIELD: bit 14 (SIGALRM) of FIELD in /proc/PID/status is set
alrm()
{
	m=$(sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status")
	[ -n "$m" ] && [ $((0x${m#????????????} & 0x2000)) != 0 ]
}
sh -c 'trap true ALRM; while :; do sleep 0.05; done' &
r=$!
i=0
until alrm $r SigCgt; do
	[ $i -ge 600 ] && { echo "# sh $r never caught SIGALRM" >&2; kill $r; exit 97; }
	sleep 0.05
	i=$((i + 1))
done
kill -STOP $r
kill -ALRM $r
"$STORM" -n 2 -c 30000 -s USR2 > "$1.storm"
kill -CONT $r
i=0
while alrm $r ShdPnd || alrm $r SigPnd; do
	[ $i -ge 600 ] && { echo "# sh $r never took its SIGALRM" >&2; kill $r; exit 97; }
	sleep 0.05
	i=$((i + 1))
done
kill -TERM $r
wait $r
echo "$r" > "$1"
EOF
run "$SIGFTRACE" record --instance "$E2E_PREFIX-held" -o "$T/held.dat" -- sh "$T/held.sh" "$T/held.pid"
r=$(cat "$T/held.pid" 2> /dev/null)
recv=$(sed -n 's/.* receiver=\([0-9]*\)$/\1/p' "$T/held.pid.storm" 2> /dev/null)
"$SIGFTRACE" report --all -i "$T/held.dat" > "$T/out" 2>&1
[ "$rc" = 0 ] && [ -n "$r" ] && grep -q -e "--\[SIGCONT\]--> (sh $r)" "$T/out" &&
	! grep -q -e "--\[SIGALRM\]--> (sh $r)" "$T/out" &&
	[ "$(grep -c -e "--\[SIGUSR2\]--> (storm-recv ${recv:-none})" "$T/out")" = 60000 ]
ok "a handled SIGALRM decided 60000 signals later is left out of the file, all else kept" $?
trace-cmd dump -v -i "$T/held.dat" > "$T/out" 2>&1
grep -q "is a valid trace-cmd file" "$T/out" &&
	[ "$(trace-cmd report -N -i "$T/held.dat" 2> /dev/null | grep -c " sig=12 .*comm=storm-recv pid=${recv:-none} ")" = 60000 ]
ok "trace-cmd reads the 60000 too" $?

run "$SIGFTRACE" record --file-version 8 -o "$T/v8.dat" -- true
[ "$rc" = 2 ] && grep -q 'bad file version "8" (6 or 7)' "$T/err"
ok "--file-version 8 is a usage error" $?

# --- times are CLOCK_MONOTONIC's without --clock ---------------------------------
# The instance keeps its own clock (switching it costs 15 to 35 ms before the
# first event) and the file gets CLOCK_MONOTONIC times: a signal sent between
# two readings of CLOCK_MONOTONIC is shown between them. The instance's
# clock ("local") is far enough from CLOCK_MONOTONIC here to tell.
run "$SIGFTRACE" record --instance "$E2E_PREFIX-mono" -s USR1 -o "$T/mono.dat" -- \
	sh -c 'trap "" USR1; echo "$$"; "$1" --now; kill -USR1 $$; "$1" --now' sh "$STORM"
me=$(sed -n '1p' "$T/out")
t1=$(sed -n '2s/.*=//p' "$T/out")
t2=$(sed -n '3s/.*=//p' "$T/out")
"$SIGFTRACE" report -i "$T/mono.dat" > "$T/mono.out" 2>&1
ts=$(sed -n "s/^\([0-9.]*\) (sh $me) --\[SIGUSR1\]--> (sh $me).*/\1/p" "$T/mono.out")
echo "# CLOCK_MONOTONIC $t1 .. $t2, the signal at $ts"
[ "$rc" = 0 ] && [ -n "$ts" ] && [ -n "$t1" ] &&
	echo "$t1 $ts $t2" | awk '{ exit !($1 / 1e9 - 0.002 <= $2 && $2 <= $3 / 1e9 + 0.002) }'
ok "record's times are CLOCK_MONOTONIC's (within 2 ms) without --clock" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
