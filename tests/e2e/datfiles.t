#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# datfiles.t - trace.dat files made elsewhere, checked event by event against
# trace-cmd's own report of them.
#
# trace-cmd's instance buffers: files of `trace-cmd extract -B` (and record -B)
# keep their events in instance buffers, the top level may be empty. report
# reads every buffer of v7 and v6 files, says the instance on each line when
# more than one buffer holds events, and never ends silently: a file without
# signals is an error (exit status 3). tests/data/trace-cmd-B-v7.dat: two
# instances filled with the scenario's real signals, saved by trace-cmd
# extract -B (tests/data/make-trace-cmd-B.sh).
#
# A 32-bit kernel's pages: tests/data/mipsel-boot-v6.dat is a boot trace that
# the cross-built sigftrace extracted (extract --top) in the boot suite's
# mipsel guest (Debian's 4kc-malta kernel under qemu-system-mipsel -M malta).
# Its 4th page is full: 4084 bytes after a 12-byte page header.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

FIX=${SRCTREE:-.}/tests/data/trace-cmd-B-v7.dat

# --- the committed v7 file: two instances, an empty top level -----------------
run "$SIGFTRACE" report -i "$FIX"
ok "report of a trace-cmd extract -B file exits 0" "$rc"
[ "$(wc -l < "$T/out")" -ge 20 ]
ok "it prints the signals of the instance buffers ($(wc -l < "$T/out") lines)" $?
grep -q ' instance sft-hx-all$' "$T/out" && grep -q ' instance sft-hx-usr1$' "$T/out"
ok "each line says its instance (two buffers hold events)" $?
! grep -v -e ' instance sft-hx-all$' -e ' instance sft-hx-usr1$' "$T/out" | grep -q .
ok "no line without its instance" $?
grep -q -e '--\[SIGUSR1\]--> (sc-victim [0-9]*) instance sft-hx-usr1' "$T/out"
ok "the SIGUSR1-only instance is read too" $?

run "$SIGFTRACE" report -n --all -i "$FIX"
ok "report -n --all exits 0" "$rc"
sf_signals "$T/out" > "$T/sf"
tc_signals "$FIX" > "$T/tc"
[ -s "$T/tc" ] && cmp -s "$T/sf" "$T/tc"
ok "every signal_generate trace-cmd reports, with its instance, and no other ($(wc -l < "$T/tc"))" $?
grep -q ' sft-hx-all$' "$T/tc" && grep -q ' sft-hx-usr1$' "$T/tc"
ok "both instances hold signals in trace-cmd's report too" $?

run "$SIGFTRACE" report --format json -i "$FIX"
ok "report --format json exits 0" "$rc"
jq -r '.instance' "$T/out" | sort -u > "$T/inst"
printf 'sft-hx-all\nsft-hx-usr1\n' | cmp -s - "$T/inst"
ok "JSON: every line carries its \"instance\"" $?

# --- the same file as version 6: trace-cmd writes each instance's CPU table ----
trace-cmd convert --file-version 6 -i "$FIX" -o "$T/b6.dat" > "$T/out" 2>&1
ok "trace-cmd convert --file-version 6" $?
"$SIGFTRACE" report -i "$FIX" > "$T/r7" 2>&1
run "$SIGFTRACE" report -i "$T/b6.dat"
[ "$rc" = 0 ] && cmp -s "$T/r7" "$T/out"
ok "the v6 file reports the same lines (exit $rc)" $?

# --- live: an instance of ours, saved by trace-cmd extract -B ------------------
I=$E2E_PREFIX-one
mkdir "$TRACEFS/instances/$I" &&
	echo 1 > "$TRACEFS/instances/$I/events/signal/signal_generate/enable"
ok "an instance of our own records signal_generate" $?
sleep 30 &
victim=$!
e2e_pids="$victim"
kill -USR1 "$victim"
{ wait "$victim"; } 2> /dev/null
echo 0 > "$TRACEFS/instances/$I/tracing_on"
trace-cmd extract -B "$I" -o "$T/one.dat" > "$T/out" 2>&1
ok "trace-cmd extract -B $I" $?
run "$SIGFTRACE" report -i "$T/one.dat"
grep -q -e "--\[SIGUSR1\]--> ([^ ]* $victim)\$" "$T/out"
ok "report shows the signal of the only buffer, without an instance (exit $rc)" $?
trace-cmd convert --file-version 6 -i "$T/one.dat" -o "$T/one6.dat" > /dev/null 2>&1
run "$SIGFTRACE" report -i "$T/one6.dat"
grep -q -e "--\[SIGUSR1\]--> ([^ ]* $victim)\$" "$T/out"
ok "and so does its v6 rewrite (exit $rc)" $?
[ -d "$TRACEFS/instances/$I" ] && rmdir "$TRACEFS/instances/$I"

# --- a file without a single signal is never an empty report -------------------
I=$E2E_PREFIX-none
mkdir "$TRACEFS/instances/$I" &&
	echo 1 > "$TRACEFS/instances/$I/events/signal/signal_generate/enable" &&
	echo 1 > "$TRACEFS/instances/$I/events/sched/sched_process_exit/enable" &&
	echo 'sig == 0' > "$TRACEFS/instances/$I/events/signal/signal_generate/filter"
ok "an instance that records process exits but no signal" $?
/bin/true
echo 0 > "$TRACEFS/instances/$I/tracing_on"
trace-cmd extract -B "$I" -o "$T/none.dat" > "$T/out" 2>&1
ok "trace-cmd extract -B $I" $?
run "$SIGFTRACE" report -i "$T/none.dat"
[ "$rc" = 3 ] && [ ! -s "$T/out" ] &&
	grep -q "^sigftrace report: no signal events in $T/none.dat (in any of its buffers: top level, instance \"$I\")\$" "$T/err"
ok "no signals: said on stderr, exit status 3 (exit $rc)" $?
run "$SIGFTRACE" report --summary -i "$T/none.dat"
[ "$rc" = 3 ] && grep -q "no signal events" "$T/err"
ok "--summary of it: the same (exit $rc)" $?
[ -d "$TRACEFS/instances/$I" ] && rmdir "$TRACEFS/instances/$I"

# --- a 32-bit MIPS kernel's boot trace ------------------------------------------
MIPS=${SRCTREE:-.}/tests/data/mipsel-boot-v6.dat
run "$SIGFTRACE" report -i "$MIPS"
ok "report of a 32-bit MIPS kernel's file exits 0 (full 4084-byte pages)" "$rc"
grep -q -e '--\[SIGUSR1\]--> (sleep [0-9]*)$' "$T/out"
ok "init's SIGUSR1, sent before any mount, is in it" $?
run "$SIGFTRACE" report -n --all --kthreads -i "$MIPS"
sf_signals "$T/out" > "$T/sf"
tc_signals "$MIPS" > "$T/tc"
[ "$(wc -l < "$T/tc")" -ge 150 ] && cmp -s "$T/sf" "$T/tc"
ok "every signal_generate trace-cmd reports, and no other ($(wc -l < "$T/tc"))" $?
usr1=$(grep -c '^16 ' "$T/tc")
run "$SIGFTRACE" report --all --kthreads -i "$MIPS"
[ "$usr1" -ge 150 ] && [ "$(grep -c -e '--\[SIGUSR1\]-->' "$T/out")" = "$usr1" ]
ok "MIPS numbers: signal 16 is SIGUSR1 ($usr1 times), not x86's SIGSTKFLT" $?

# --- hostile v7 files (issue 13): an error naming what is wrong, exit 1 -----------
cp "$FIX" "$T/h1.dat" && printf '\377\377\377\177' | dd of="$T/h1.dat" bs=1 seek=4096 conv=notrunc 2> /dev/null
run "$SIGFTRACE" report -i "$T/h1.dat"
[ "$rc" = 1 ] && [ ! -s "$T/out" ] && [ "$(wc -l < "$T/err")" = 1 ] &&
	grep -q ': corrupt CPU 0 of instance "sft-hx-usr1" data: 2147483647 chunks in 120 bytes$' "$T/err"
ok "a chunk count of 0x7fffffff: refused before reading (exit $rc)" $?
cp "$FIX" "$T/h2.dat" && printf '\0\0\0\0' | dd of="$T/h2.dat" bs=1 seek=4104 conv=notrunc 2> /dev/null
run "$SIGFTRACE" report -i "$T/h2.dat"
[ "$rc" = 1 ] && grep -q ': CPU 0 of instance "sft-hx-usr1": chunk 1 claims 0 bytes$' "$T/err"
ok "a chunk that claims 0 bytes: an error, not a CPU's events silently dropped (exit $rc)" $?
cp "$FIX" "$T/h3.dat" && printf '\132\245' | dd of="$T/h3.dat" bs=1 seek=4118 conv=notrunc 2> /dev/null
run "$SIGFTRACE" report --format json -i "$T/h3.dat"
# the reason is the decoder's: libzstd's, or sigftrace's own in a static build
[ "$rc" = 1 ] && grep -Eq ': corrupt chunk 1: zstd: [A-Za-z].*$' "$T/err"
ok "2 bytes changed in the zstd data: an error naming the chunk (exit $rc: $(head -c 200 "$T/err"))" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
