#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# static.t - make STATIC=1 on this (stock Debian 12) machine: one static
# binary, with no interpreter and no shared library, that reports the v7
# fixture, records and streams like the dynamic build.
#
# Its own build in its own directory (a plain build: sanitizers need shared
# runtimes), with no plugin. The linker may warn about two glibc functions
# only about libtraceevent's plugin loader (dlopen), which sigftrace never
# calls; anything else (getaddrinfo, getpwnam, iconv...) would need glibc's
# shared NSS or gconv modules at run time. Its zstd is sigftrace's own
# (cli/lib/sf-zstd-*.c), its files must open in trace-cmd, and it must stay
# within issue 11's 1.6 MB, stripped.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

src=${SRCTREE:-.}

own_build "$T/static" STATIC=1
ok "make STATIC=1 O=... cli" $?
S=$T/static/sigftrace
grep -i 'warning' "$T/err" | grep -v "libtraceevent.a(event-plugin.o)" |
	grep -v "Using 'dlopen' in statically linked" > "$T/warn"
[ ! -s "$T/warn" ]
ok "no link warning but dlopen (plugin loader) ($(wc -l < "$T/warn") others: $(head -c 200 "$T/warn"))" $?

readelf -lW "$S" > "$T/out" 2>&1 && ! grep -q INTERP "$T/out"
ok "no program interpreter (readelf -l)" $?
readelf -d "$S" > "$T/out" 2>&1
! grep -q NEEDED "$T/out"
ok "no shared library needed (readelf -d)" $?
file "$S" | grep -q "statically linked"
ok "file(1) says statically linked" $?
! nm "$S" | grep -Eq ' (ZSTD_|getaddrinfo$)'
ok "neither libzstd nor glibc's resolver is linked in" $?
strip -o "$T/stripped" "$S"
size=$(wc -c < "$T/stripped")
[ "$(uname -m)" != x86_64 ] || [ "$size" -le 1600000 ]
ok "stripped: $size bytes (x86_64: 1.6 MB at most)" $?

for f in "$src"/tests/data/*.dat; do
	"$SIGFTRACE" report --all --kthreads --format json -i "$f" > "$T/dyn" 2>&1
	"$S" report --all --kthreads --format json -i "$f" > "$T/sta" 2>&1
	[ -s "$T/dyn" ] && cmp -s "$T/dyn" "$T/sta"
	ok "report of $(basename "$f"): the static binary prints what the dynamic one does" $?
done

run "$S" record --instance "$E2E_PREFIX-rec" -o "$T/rec.dat" -- "$SCENARIO" --expect "$T/exp"
ok "the static binary records the scenario (exit $rc)" "$rc"
grep -v SIGALRM "$T/exp" > "$T/exp.default"
"$S" report -i "$T/rec.dat" > "$T/out" 2> "$T/err"
strip_ts "$T/out" > "$T/lines"
contains_all "$T/exp.default" "$T/lines"
ok "and reports every expected line" $?
"$SIGFTRACE" report -i "$T/rec.dat" > "$T/dyn" 2>&1
cmp -s "$T/out" "$T/dyn"
ok "the dynamic binary (libzstd) reports its file identically" $?
"$S" report -n --all -i "$T/rec.dat" > "$T/all" 2>&1
sf_signals "$T/all" > "$T/sf"
tc_signals "$T/rec.dat" > "$T/tc"
[ -s "$T/tc" ] && cmp -s "$T/sf" "$T/tc"
ok "trace-cmd reads its zstd chunks: the same $(wc -l < "$T/tc") signals" $?

# many chunks: 30,000 signals of a storm, every one in trace-cmd's reading too
run "$S" record --instance "$E2E_PREFIX-storm" -o "$T/storm.dat" -- "$STORM" -n 1 -c 30000
ok "the static binary records a storm (exit $rc)" "$rc"
"$S" report -n --all -i "$T/storm.dat" > "$T/all" 2>&1
sf_signals "$T/all" > "$T/sf"
tc_signals "$T/storm.dat" > "$T/tc"
[ "$(wc -l < "$T/tc")" -ge 30000 ] && cmp -s "$T/sf" "$T/tc"
ok "trace-cmd reads all its chunks: the same $(wc -l < "$T/tc") signals" $?

run "$S" stream --instance "$E2E_PREFIX-str" -- "$SCENARIO" --expect "$T/exp2"
ok "the static binary streams the scenario (exit $rc)" "$rc"
grep -v SIGALRM "$T/exp2" > "$T/exp2.default"
strip_ts "$T/out" > "$T/lines"
contains_all "$T/exp2.default" "$T/lines"
ok "and prints every expected line" $?

# the network sinks: an address or a name of /etc/hosts, no DNS
run "$S" stream --instance "$E2E_PREFIX-net" --syslog=udp:localhost:9 -- true
ok "--syslog=udp:localhost:9 (from /etc/hosts) is taken (exit $rc)" "$rc"
run "$S" stream --instance "$E2E_PREFIX-net" --syslog=udp:sft-no-such-host.invalid:9 -- true
[ "$rc" = 1 ] && grep -q 'sft-no-such-host.invalid is neither an IP address nor a name in /etc/hosts' "$T/err"
ok "a name /etc/hosts lacks is refused, saying why (exit $rc: $(head -c 200 "$T/err"))" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
