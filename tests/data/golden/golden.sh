# SPDX-License-Identifier: GPL-2.0
#
# golden.sh - what update.sh and golden.t share: the cases and how one is run.
# Run from the source tree.

# golden_cases: "NAME ARGS" of every case
golden_cases()
{
	grep -v -e '^#' -e '^$' tests/data/golden/cases
}

# golden_run SIGFTRACE ARGS: the exit status, stdout and stderr of one case.
# No terminal, no colour unless asked, dates in UTC, messages in English.
golden_run()
{
	golden_bin=$1
	eval "set -- $2"
	out=$(mktemp) err=$(mktemp)
	rc=0
	TZ=UTC LC_ALL=C NO_COLOR= "$golden_bin" report "$@" > "$out" 2> "$err" < /dev/null || rc=$?
	echo "exit $rc"
	echo "--- stdout"
	cat "$out"
	echo "--- stderr"
	cat "$err"
	rm -f "$out" "$err"
}
