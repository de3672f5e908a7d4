#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# golden.t - report gives byte for byte the output recorded in
# tests/data/golden/ (see its cases file) on the committed fixtures: a
# recording of the scenario, trace-cmd's -B version 7 file, a 32-bit MIPS
# boot and the text traces, in every format and answer. The outputs were
# written by the binary before the code was restructured (issue 9), so
# any change of behaviour shows up here as a diff.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
cd "${SRCTREE:-.}" || e2e_bail "no source tree"
. tests/data/golden/golden.sh

golden_cases > "$T/cases"
while read -r name args; do
	golden_run "$SIGFTRACE" "$args" > "$T/$name.now"
	if cmp -s "tests/data/golden/$name.golden" "$T/$name.now"; then
		ok "report $args: as recorded" 0
	else
		diff -u "tests/data/golden/$name.golden" "$T/$name.now" | head -n 30 | sed 's/^/# /'
		ok "report $args: as recorded" 1
	fi
done < "$T/cases"
e2e_done
