#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run.sh SECONDS NAME... - run each libFuzzer harness fuzz-NAME for SECONDS
#
# Environment: FUZZ_BIN (the harnesses), FUZZ_OUT (corpora, logs, crash
# files), FUZZ_RUNS (stop after that many inputs instead of SECONDS),
# FUZZ_ARGS (more libFuzzer options), FUZZ_TODO (harnesses with known
# crashes not fixed yet: their failure is reported, as a TAP TODO is, but does
# not fail the run).
#
# First, every input that once crashed a harness (tests/fuzz/regress/NAME/,
# one file per crash, fixed since) is run again: each must pass.
#
# Each harness works on its corpus in $FUZZ_OUT/corpus/NAME, which grows from
# run to run, and starts from the committed seeds (tests/fuzz/seeds/NAME),
# the fixtures (tests/data) and what tests/fuzz/gen-seeds.sh recorded on this
# machine ($FUZZ_OUT/seeds/NAME, made once; as root only). The fuzzer's
# messages go to $FUZZ_OUT/NAME.log; one line per harness gives its figures:
# inputs run, per second, coverage (libFuzzer's cov and ft) and corpus size.
# A crash, a leak, a sanitizer report or a hang stops the harness: the input
# is kept as $FUZZ_OUT/crash/NAME-* and the run fails (to replay it:
# $FUZZ_BIN/fuzz-NAME FILE).
set -u

secs=$1
shift
: "${FUZZ_BIN:?}" "${FUZZ_OUT:?}"
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$FUZZ_OUT/crash" || exit 1

if [ ! -d "$FUZZ_OUT/seeds" ]; then
	sh "$src/gen-seeds.sh" "$FUZZ_OUT/seeds" > "$FUZZ_OUT/gen-seeds.log" 2>&1 ||
		{ echo "fuzz: cannot make the seeds:"; tail -n 20 "$FUZZ_OUT/gen-seeds.log"; exit 1; }
fi

if [ -n "${FUZZ_RUNS:-}" ]; then
	limit="-runs=$FUZZ_RUNS"
else
	limit="-max_total_time=$secs"
fi
failed=0
for name in "$@"; do
	todo=
	case " ${FUZZ_TODO:-} " in
	*" $name "*) todo=" (TODO: known crashes, issue 13)" ;;
	esac
	if [ -n "$(ls "$src/regress/$name" 2> /dev/null)" ]; then
		if ! "$FUZZ_BIN/fuzz-$name" -close_fd_mask=2 "$src/regress/$name"/* \
			> "$FUZZ_OUT/$name-regress.log" 2>&1; then
			echo "fuzz-$name: a fixed crash is back:$todo"
			grep -E 'Running: |ERROR|SUMMARY|runtime error' "$FUZZ_OUT/$name-regress.log" |
				tail -n 5 | sed 's/^/  /'
			[ -z "$todo" ] && failed=1
		fi
	fi
	corpus=$FUZZ_OUT/corpus/$name
	log=$FUZZ_OUT/$name.log
	mkdir -p "$corpus"
	set --
	for d in "$src/seeds/$name" "$FUZZ_OUT/seeds/$name"; do
		[ -d "$d" ] && set -- "$@" "$d"
	done
	# -close_fd_mask=2: the commands' own error messages stay out of the log
	# (sanitizer reports still reach it)
	# shellcheck disable=SC2086
	"$FUZZ_BIN/fuzz-$name" $limit -print_final_stats=1 -close_fd_mask=2 -timeout=20 \
		-rss_limit_mb=2048 -dict="$src/dict/$name.dict" \
		-artifact_prefix="$FUZZ_OUT/crash/$name-" ${FUZZ_ARGS:-} \
		"$corpus" "$@" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
	printf 'fuzz-%-8s %10s inputs %7s/s  cov %5s  ft %6s  corpus %5s  rss %4s MB  %s\n' \
		"$name" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
		"${rss:-?}" "$([ "$rc" = 0 ] && echo ok || echo "FAILED$todo")"
	if [ "$rc" != 0 ]; then
		[ -z "$todo" ] && failed=1
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written|==[0-9]+==' "$log" | head -n 20 |
			sed 's/^/  /'
		echo "  (whole log: $log)"
	fi
done
exit $failed
