#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# static.t - make STATIC=1 on this (stock Debian 12) machine: one static
# binary, with no interpreter and no shared library, that reports the v7
# fixture, records and streams like the dynamic build.
#
# Its own build in its own directory (a plain build: sanitizers need shared
# runtimes), with no plugin. The linker may warn about two glibc functions
# only: libtraceevent's plugin loader (dlopen), which sigftrace never calls,
# and getaddrinfo() of the network sinks (sf-netout.c), whose "files" and
# "dns" sources glibc 2.36 keeps in libc itself (other NSS modules, mdns or
# myhostname, cannot be loaded by a static binary). Anything else (getpwnam,
# iconv...) would fail at run time.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

src=${SRCTREE:-.}
FIX=$src/tests/data/trace-cmd-B-v7.dat
MIPS=$src/tests/data/mipsel-boot-v6.dat

# a make of our own: not the test run's jobserver and variables
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$src" -j2 STATIC=1 SANITIZE= NO_PLUGIN=1 \
	O="$T/static" cli > "$T/out" 2> "$T/err"
ok "make STATIC=1 O=... cli" $?
S=$T/static/sigftrace
grep -i 'warning' "$T/err" | grep -v "libtraceevent.a(event-plugin.o)" |
	grep -v "Using 'dlopen' in statically linked" |
	grep -v "sf-netout.c:[0-9]*: warning: Using 'getaddrinfo' in statically linked" > "$T/warn"
[ ! -s "$T/warn" ]
ok "no link warning but dlopen (plugin loader) and getaddrinfo (sinks) ($(wc -l < "$T/warn") others)" $?

readelf -lW "$S" > "$T/out" 2>&1 && ! grep -q INTERP "$T/out"
ok "no program interpreter (readelf -l)" $?
readelf -d "$S" > "$T/out" 2>&1
! grep -q NEEDED "$T/out"
ok "no shared library needed (readelf -d)" $?
file "$S" | grep -q "statically linked"
ok "file(1) says statically linked" $?
strip -o "$T/stripped" "$S"
ok "stripped: $(wc -c < "$T/stripped") bytes" $?

for f in "$FIX" "$MIPS"; do
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
ok "the dynamic binary reports its file identically" $?

run "$S" stream --instance "$E2E_PREFIX-str" -- "$SCENARIO" --expect "$T/exp2"
ok "the static binary streams the scenario (exit $rc)" "$rc"
grep -v SIGALRM "$T/exp2" > "$T/exp2.default"
strip_ts "$T/out" > "$T/lines"
contains_all "$T/exp2.default" "$T/lines"
ok "and prints every expected line" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
