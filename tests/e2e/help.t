#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# help.t - every command's --help exits 0 on stdout and names every long
# option the command accepts (read from its getopt table in cli/sf-CMD.c).
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
src=${SRCTREE:-.}

for cmd in record report stream reset bootargs extract persist; do
	run "$SIGFTRACE" "$cmd" --help
	[ "$rc" = 0 ] && [ -s "$T/out" ] && [ ! -s "$T/err" ]
	ok "$cmd --help: exit 0, on stdout" $?
	opts=$(sed -n 's/.*{ "\([a-z-]*\)", \(no\|required\)_argument.*/\1/p' "$src/cli/sf-$cmd.c")
	if grep -q SF_FILTER_LONGOPTS "$src/cli/sf-$cmd.c"; then
		opts="$opts $(sed -n 's/.*{ "\([a-z-]*\)", \(no\|required\)_argument.*/\1/p' "$src/cli/sf-filter.h")"
	fi
	missing=
	for o in $opts; do
		grep -q -e "--$o\\b" "$T/out" || missing="$missing --$o"
	done
	[ -n "$opts" ] && [ -z "$missing" ]
	ok "$cmd --help names every option${missing:+ (missing:$missing)}" $?
done
run "$SIGFTRACE" --help
listed=$rc
for c in record report stream reset bootargs extract persist; do
	grep -q "^  $c " "$T/out" || listed=1
done
ok "sigftrace --help lists every command" "$listed"
run "$SIGFTRACE" --version
grep -Eq '^sigftrace [0-9]+\.[0-9]+\.[0-9]+ \(' "$T/out"
ok "--version" $?
e2e_done
