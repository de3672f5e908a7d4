# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - TAP helpers for the end-to-end tests (POSIX sh, no bashisms).
#
# Each test file sources this, calls e2e_init, then ok/check/... and e2e_done.
# Tests need root and tracefs. Outside CI they skip when those are missing;
# with CI set they fail instead (the core suites must never be skipped in CI).
# Every tracing instance a test creates carries the prefix $E2E_PREFIX and is
# removed on exit, whatever happens.

LC_ALL=C
export LC_ALL
: "${SIGFTRACE:=$PWD/build/sigftrace}"
: "${BUILD:=$PWD/build}"
: "${PLUGIN_DIR:=$BUILD/plugin}"
SCENARIO=${SCENARIO:-$BUILD/tests/e2e/scenario}
STORM=${STORM:-$BUILD/tests/bench/storm}
TRACEFS=/sys/kernel/tracing
E2E_PREFIX="${E2E_PREFIX:-sft-e2e}-$$"
e2e_n=0
e2e_failed=0
e2e_tmp=
e2e_pids=
# functions run first by the exit trap (tests/svc/services.sh stops its services)
e2e_hooks=

e2e_cleanup()
{
	for h in $e2e_hooks; do
		$h
	done
	for p in $e2e_pids; do
		kill -9 "$p" 2>/dev/null
	done
	for d in "$TRACEFS"/instances/"$E2E_PREFIX"-*; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	[ -n "$e2e_tmp" ] && rm -rf "$e2e_tmp"
	e2e_tmp=
}

e2e_bail()
{
	echo "Bail out! $*"
	exit 1
}

e2e_init()
{
	if [ "$(id -u)" != 0 ]; then
		[ -n "${CI:-}" ] && e2e_bail "needs root (CI must not skip)"
		echo "1..0 # SKIP not root"
		exit 0
	fi
	if [ ! -d "$TRACEFS/instances" ]; then
		mount -t tracefs nodev "$TRACEFS" 2>/dev/null
		if [ ! -d "$TRACEFS/instances" ]; then
			[ -n "${CI:-}" ] && e2e_bail "no tracefs (CI must not skip)"
			echo "1..0 # SKIP no tracefs"
			exit 0
		fi
	fi
	[ -x "$SIGFTRACE" ] || e2e_bail "no sigftrace binary at $SIGFTRACE (make first)"
	e2e_tmp=$(mktemp -d "${TMPDIR:-/tmp}/sft-e2e.XXXXXX") || e2e_bail "mktemp"
	T=$e2e_tmp
	trap e2e_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# ok NAME STATUS: one TAP line; on failure, dump $T/out and $T/err as comments
ok()
{
	e2e_n=$((e2e_n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $e2e_n - $1"
	else
		echo "not ok $e2e_n - $1"
		e2e_failed=$((e2e_failed + 1))
		for f in "$T/out" "$T/err"; do
			[ -s "$f" ] && head -n 20 "$f" | sed 's/^/# /'
		done
	fi
}

# run CMD...: run with a timeout, stdout to $T/out, stderr to $T/err, status in $rc
run()
{
	timeout -k 5 120 "$@" > "$T/out" 2> "$T/err"
	rc=$?
}

# lines FILE: the rendered events of a sigftrace report, timestamps removed
strip_ts()
{
	sed 's/^[0-9]*\.[0-9]* //' "$1"
}

# strip_tc FILE: the rendered events of a trace-cmd report
strip_tc()
{
	sed -n 's/^.*signal_generate: *//p' "$1"
}

# tc_signals FILE: "SIG RECEIVER PID[ INSTANCE]" of every signal_generate event
# trace-cmd reports (its own reader, the kernel's print format), sorted
tc_signals()
{
	trace-cmd report -N -i "$1" 2> /dev/null | sed -n \
		-e 's/^ *\([^ :]*\): .* signal_generate: *sig=\([0-9]*\) .* comm=\(.*\) pid=\([0-9]*\) grp=.*/\2 \3 \4 \1/p' -e t \
		-e 's/^.* signal_generate: *sig=\([0-9]*\) .* comm=\(.*\) pid=\([0-9]*\) grp=.*/\1 \2 \3/p' |
		sort
}

# sf_signals FILE: the same fields from a sigftrace report -n --all output FILE
sf_signals()
{
	sed -n \
		-e 's/^[0-9.]* .*--\[\([0-9]*\)\]--> (\(.*\) \([0-9]*\)).* instance \(.*\)$/\1 \2 \3 \4/p' -e t \
		-e 's/^[0-9.]* .*--\[\([0-9]*\)\]--> (\(.*\) \([0-9]*\)).*$/\1 \2 \3/p' "$1" |
		sort
}

# contains_all EXPECTED ACTUAL: every line of EXPECTED is a line of ACTUAL
contains_all()
{
	missing=$(grep -Fxv -f "$2" "$1")
	if [ -n "$missing" ]; then
		echo "$missing" | sed 's/^/# missing: /'
		return 1
	fi
	return 0
}

# no_instances_left: none of this test's instances exist any more
no_instances_left()
{
	for d in "$TRACEFS"/instances/"$E2E_PREFIX"-*; do
		[ -d "$d" ] && return 1
	done
	return 0
}

e2e_done()
{
	echo "1..$e2e_n"
	[ "$e2e_failed" = 0 ]
}

# wait_tracing INSTANCE...: until each instance exists with tracing on and its
# last event enabled (sched_process_exit, after the task events that name
# processes; 10 s at most)
wait_tracing()
{
	for w in "$@"; do
		i=0
		while { [ "$(cat "$TRACEFS/instances/$w/tracing_on" 2>/dev/null)" != 1 ] ||
			[ "$(cat "$TRACEFS/instances/$w/events/sched/sched_process_exit/enable" 2>/dev/null)" != 1 ]; } &&
			[ $i -lt 200 ]; do
			sleep 0.05
			i=$((i + 1))
		done
	done
}
