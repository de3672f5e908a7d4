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
grep -v -e SIGALRM "$T/exp" > "$T/exp.default"
[ "$(wc -l < "$T/exp.default")" -ge 14 ]
ok "the scenario expects at least 14 signals" $?

run "$SIGFTRACE" report -i "$T/x.dat"
ok "report exits 0" "$rc"
strip_ts "$T/out" > "$T/lines"
contains_all "$T/exp.default" "$T/lines"
ok "sigftrace report shows every expected line exactly" $?
! grep -q -e '--\[SIGCHLD\]-->' -e '--\[SIGALRM\]-->' "$T/lines"
ok "SIGCHLD and SIGALRM are hidden by default" $?
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
contains_all "$T/exp.default" "$T/tclines"
ok "trace-cmd report with plugin_sigftrace.so shows every expected line" $?

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
"$SIGFTRACE" report -i "$T/x.dat" --arch mips > "$T/out" 2>&1
grep -Fq -- '--[SIGBUS]--> (sc-victim' "$T/out"
ok "--arch mips renames signal 10 (SIGUSR1 here) to SIGBUS" $?
"$SIGFTRACE" report -i "$T/x.dat" --deliver > "$T/out" 2>&1
grep -Eq '\(sc-stubborn [0-9]+\) <==\[SIGKILL\]== default terminate' "$T/out"
ok "--deliver shows signal_deliver with the default action" $?

# --- --all: SIGCHLD and SIGALRM recorded too ------------------------------------
run "$SIGFTRACE" record --all --instance "$E2E_PREFIX-all" -o "$T/all.dat" -- "$SCENARIO" --expect "$T/exp2"
ok "record --all" "$rc"
"$SIGFTRACE" report --all -i "$T/all.dat" > "$T/out" 2>&1
strip_ts "$T/out" > "$T/lines"
cat "$T/exp2" "$T/exp2.chld" > "$T/exp.all"
contains_all "$T/exp.all" "$T/lines"
ok "with --all every SIGCHLD and SIGALRM line is there too" $?
"$SIGFTRACE" report -i "$T/all.dat" > "$T/out" 2>&1
! grep -q -e '--\[SIGCHLD\]-->' "$T/out"
ok "report hides SIGCHLD of an --all recording unless --all is given" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
