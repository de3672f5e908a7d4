#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# differential.t - sigftrace's trace.dat reader (cli/lib/sf-datread*.c) against
# libtracecmd, the reader of trace-cmd 3.1: both read the same files and
# must give the same events in the same order, with the same timestamps,
# CPUs, buffers, every field of every event and the same saved comms
# (tests/e2e/datdiff dumps them through each reader).
#
# The files: the committed fixtures (trace-cmd extract -B v7 with two
# instances, a 32-bit MIPS kernel's boot trace), trace-cmd convert's v6, v7
# (zstd) and v7 uncompressed rewrites of them, fresh recordings (sigftrace
# record of the scenario in v6 and in its default v7 (zstd), a signal storm
# that fills several compressed chunks per CPU in both, trace-cmd extract -B of our own instances, pages that lost
# events), and the same events rewritten by datdiff in big-endian byte order
# (a big-endian 32-bit MIPS and a 64-bit x86 kernel's pages), with DATE,
# OFFSET and TSC2NSEC options, and as v7 with zlib chunks. Debian's
# libtracecmd has no zlib: there, sigftrace's report of the zlib file must
# equal its report of the original.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

DATDIFF=${DATDIFF:-$BUILD/tests/e2e/datdiff}
FIXB=${SRCTREE:-.}/tests/data/trace-cmd-B-v7.dat
MIPS=${SRCTREE:-.}/tests/data/mipsel-boot-v6.dat

[ -x "$DATDIFF" ] || e2e_bail "no $DATDIFF (make test-progs)"
if ! "$DATDIFF" tracecmd "$FIXB" > /dev/null 2> "$T/err"; then
	if grep -q "built without libtracecmd" "$T/err"; then
		[ -n "${CI:-}" ] && e2e_bail "datdiff built without libtracecmd (CI must not skip)"
		echo "1..0 # SKIP datdiff built without libtracecmd (install libtracecmd-dev)"
		exit 0
	fi
fi

# same NAME FILE: both readers, identical dumps (and not empty)
same()
{
	"$DATDIFF" ours "$2" > "$T/ours" 2> "$T/err"
	o=$?
	"$DATDIFF" tracecmd "$2" > "$T/tc" 2>> "$T/err"
	t=$?
	n=$(grep -vc ' lost ' "$T/ours")
	[ "$o" = 0 ] && [ "$t" = 0 ] && [ "$n" -gt 0 ] && cmp -s "$T/ours" "$T/tc"
	r=$?
	[ $r = 0 ] || diff "$T/ours" "$T/tc" | head -n 6 | sed 's/^/# /'
	ok "$1: libtracecmd and sigftrace agree on $n events" $r
}

# same_as NAME FILE REF: our dump of FILE is our dump of REF
same_as()
{
	"$DATDIFF" ours "$2" > "$T/a" 2> "$T/err" && "$DATDIFF" ours "$3" > "$T/b" 2>> "$T/err" &&
		[ -s "$T/a" ] && cmp -s "$T/a" "$T/b"
	ok "$1" $?
}

# same_report NAME FILE REF: sigftrace report gives the same lines
same_report()
{
	"$SIGFTRACE" report --all --kthreads --deliver -i "$2" > "$T/a" 2> "$T/err" &&
		"$SIGFTRACE" report --all --kthreads --deliver -i "$3" > "$T/b" 2>> "$T/err" &&
		[ -s "$T/a" ] && cmp -s "$T/a" "$T/b"
	ok "$1" $?
}

# variants NAME FILE: the file in every layout datdiff writes, read by both
variants()
{
	"$DATDIFF" rewrite "$2" "$T/$1-be.dat" --big-endian 2> "$T/err"
	ok "$1: rewritten big-endian" $?
	same "$1, big-endian" "$T/$1-be.dat"
	same_as "$1, big-endian: every field as in the little-endian file" "$T/$1-be.dat" "$2"
	same_report "$1, big-endian: report prints the same lines" "$T/$1-be.dat" "$2"
	"$DATDIFF" rewrite "$2" "$T/$1-ts.dat" --ts-options 2> "$T/err"
	ok "$1: rewritten with DATE, OFFSET and TSC2NSEC options" $?
	same "$1, timestamps moved and scaled" "$T/$1-ts.dat"
	"$DATDIFF" rewrite "$T/$1-be.dat" "$T/$1-bets.dat" --big-endian --ts-options 2> "$T/err"
	same "$1, big-endian with the timestamp options" "$T/$1-bets.dat"
	for a in zstd none; do
		"$DATDIFF" v7 "$2" "$T/$1-$a.dat" $a 2> "$T/err"
		ok "$1: written as v7 ($a)" $?
		same "$1, datdiff's v7 ($a)" "$T/$1-$a.dat"
	done
	"$DATDIFF" v7 "$2" "$T/$1-zlib.dat" zlib 2> "$T/err"
	ok "$1: written as v7 with zlib chunks" $?
	if "$DATDIFF" tracecmd "$T/$1-zlib.dat" > /dev/null 2>&1; then
		same "$1, v7 (zlib)" "$T/$1-zlib.dat"
	else
		same_as "$1, v7 (zlib): every event as in the original (libtracecmd has no zlib)" \
			"$T/$1-zlib.dat" "$2"
	fi
	same_report "$1, v7 (zlib): report prints the same lines" "$T/$1-zlib.dat" "$2"
}

# converts NAME FILE: trace-cmd convert's v6, v7 and uncompressed v7 rewrites
converts()
{
	trace-cmd convert --file-version 6 -i "$2" -o "$T/$1-c6.dat" > "$T/err" 2>&1
	same "$1, trace-cmd convert v6" "$T/$1-c6.dat"
	trace-cmd convert --file-version 7 -i "$2" -o "$T/$1-c7.dat" > "$T/err" 2>&1
	same "$1, trace-cmd convert v7 (zstd)" "$T/$1-c7.dat"
	trace-cmd convert --file-version 7 --compression none -i "$2" -o "$T/$1-c7n.dat" \
		> "$T/err" 2>&1
	same "$1, trace-cmd convert v7 (uncompressed)" "$T/$1-c7n.dat"
}

# --- committed fixtures ----------------------------------------------------------
same "trace-cmd extract -B, v7, two instances" "$FIXB"
converts fixB "$FIXB"
same "32-bit MIPS kernel, v6" "$MIPS"
converts mips "$MIPS"
variants mips "$MIPS"

# --- a fresh recording of the scenario (sigftrace's v6 and v7 writer) -------------
run "$SIGFTRACE" record --file-version 6 --all --instance "$E2E_PREFIX-rec" -o "$T/rec.dat" -- \
	"$SCENARIO"
ok "record --file-version 6 the scenario (exit $rc)" "$rc"
same "sigftrace record of the scenario, v6" "$T/rec.dat"
converts rec "$T/rec.dat"
variants rec "$T/rec.dat"
run "$SIGFTRACE" record --all --instance "$E2E_PREFIX-rec7" -o "$T/rec7.dat" -- "$SCENARIO"
ok "record the scenario, default file version (exit $rc)" "$rc"
same "sigftrace record of the scenario, its v7 (zstd)" "$T/rec7.dat"

# --- a storm: many pages, several zstd chunks per CPU ------------------------------
run "$SIGFTRACE" record --file-version 6 --instance "$E2E_PREFIX-storm" -b 8192 \
	-o "$T/storm.dat" -- "$STORM" -n 2 -c 15000
ok "record --file-version 6 a storm of 30000 signals (exit $rc)" "$rc"
same "storm, v6" "$T/storm.dat"
run "$SIGFTRACE" record --instance "$E2E_PREFIX-storm7" -b 8192 -o "$T/storm-own7.dat" -- \
	"$STORM" -n 2 -c 15000
ok "record a storm of 30000 signals, default file version (exit $rc)" "$rc"
same "storm, sigftrace's v7 (zstd)" "$T/storm-own7.dat"
trace-cmd convert --file-version 7 -i "$T/storm.dat" -o "$T/storm7.dat" > "$T/err" 2>&1
same "storm, trace-cmd convert v7 (zstd)" "$T/storm7.dat"
"$DATDIFF" v7 "$T/storm.dat" "$T/storm-zlib.dat" zlib 2> "$T/err"
same_report "storm, v7 (zlib): report prints the same lines" "$T/storm-zlib.dat" "$T/storm.dat"
"$DATDIFF" rewrite "$T/storm.dat" "$T/storm-be.dat" --big-endian 2> "$T/err"
same "storm, big-endian" "$T/storm-be.dat"

# --- trace-cmd extract -B of our own instances: events of several systems ----------
A=$E2E_PREFIX-sig
B=$E2E_PREFIX-task
mkdir "$TRACEFS/instances/$A" "$TRACEFS/instances/$B" &&
	echo 1 > "$TRACEFS/instances/$A/events/signal/enable" &&
	echo 1 > "$TRACEFS/instances/$B/events/task/enable" &&
	echo 1 > "$TRACEFS/instances/$B/events/sched/sched_process_exit/enable" &&
	echo 1 > "$TRACEFS/instances/$B/events/sched/sched_process_fork/enable"
ok "two instances of our own: signals, and task and process events" $?
"$SCENARIO" > /dev/null 2>&1
echo 0 > "$TRACEFS/instances/$A/tracing_on"
echo 0 > "$TRACEFS/instances/$B/tracing_on"
trace-cmd extract -B "$A" -B "$B" -o "$T/ext.dat" > "$T/err" 2>&1
ok "trace-cmd extract -B $A -B $B" $?
same "trace-cmd extract -B, two fresh instances" "$T/ext.dat"
trace-cmd convert --file-version 6 -i "$T/ext.dat" -o "$T/ext6.dat" > "$T/err" 2>&1
same "trace-cmd extract -B, as v6" "$T/ext6.dat"
# trace-cmd extract removes the instances it saved
for i in $A $B; do
	[ -d "$TRACEFS/instances/$i" ] && rmdir "$TRACEFS/instances/$i"
done

# --- pages that lost events: a small overwriting buffer nobody reads ---------------
L=$E2E_PREFIX-lost
mkdir "$TRACEFS/instances/$L" && echo 8 > "$TRACEFS/instances/$L/buffer_size_kb" &&
	echo 1 > "$TRACEFS/instances/$L/events/signal/signal_generate/enable"
ok "an 8 KiB instance of our own" $?
"$STORM" -n 1 -c 3000 -s USR2 > /dev/null 2>&1
echo 0 > "$TRACEFS/instances/$L/tracing_on"
trace-cmd extract -B "$L" -o "$T/lost.dat" > "$T/err" 2>&1
ok "trace-cmd extract -B $L" $?
same "lost events: the counts on the pages" "$T/lost.dat"
grep -q ' lost [0-9]' "$T/ours"
ok "the file has pages with a lost-events count" $?
[ -d "$TRACEFS/instances/$L" ] && rmdir "$TRACEFS/instances/$L"

no_instances_left
ok "no instance left behind" $?
e2e_done
