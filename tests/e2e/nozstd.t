#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# nozstd.t - a build without libzstd (make NO_ZSTD=1, as where libzstd is
# absent): the build says so, record writes trace.dat version 6 and refuses
# --file-version 7 with the reason, report reads v6 and calls a
# zstd-compressed v7 file an error that names the cause.
#
# Its own build in its own directory (own_build: plain, no plugin).
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

src=${SRCTREE:-.}
FIX=$src/tests/data/trace-cmd-B-v7.dat
MIPS=$src/tests/data/mipsel-boot-v6.dat

own_build "$T/nozstd" NO_ZSTD=1
ok "make NO_ZSTD=1 O=... cli" $?
grep -q '^note: building without zstd (NO_ZSTD=1): sigftrace writes trace.dat version 6 only' \
	"$T/out"
ok "the build output says: version 6 only" $?
S=$T/nozstd/sigftrace
! readelf -d "$S" 2> /dev/null | grep -q 'libzstd'
ok "the binary does not need libzstd" $?

"$S" record --help > "$T/out" 2>&1
grep -q -- '--file-version N   trace.dat version: 6 (built without zstd: no 7)' "$T/out"
ok "record --help: version 6 only" $?
run "$S" record --instance "$E2E_PREFIX-v" -o "$T/v.dat" -- "$SCENARIO" --expect "$T/exp"
ok "record the scenario (exit $rc)" "$rc"
trace-cmd dump --summary -i "$T/v.dat" > "$T/out" 2>&1
grep -q '6[[:space:]]*\[Version\]' "$T/out"
ok "record writes version 6 by default" $?
grep -v SIGALRM "$T/exp" > "$T/exp.default"
"$S" report -i "$T/v.dat" > "$T/out" 2> "$T/err"
strip_ts "$T/out" > "$T/lines"
contains_all "$T/exp.default" "$T/lines"
ok "and reports every expected line" $?
run "$S" record --file-version 7 -o "$T/v7.dat" -- true
[ "$rc" = 2 ] && grep -q 'bad file version "7" (6: this sigftrace was built without zstd)' \
	"$T/err" && [ ! -e "$T/v7.dat" ]
ok "--file-version 7 is a usage error that says why" $?

run "$S" report -i "$MIPS"
[ "$rc" = 0 ] && [ -s "$T/out" ]
ok "report reads a v6 file" $?
run "$S" report -i "$FIX"
[ "$rc" = 1 ] &&
	grep -q "cannot read $FIX: zstd-compressed, and this sigftrace was built without zstd (NO_ZSTD=1)" \
		"$T/err"
ok "report of a zstd v7 file: an error naming the cause" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
