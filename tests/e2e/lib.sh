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
# what a wait_until gave up on: the next case fails with it
e2e_late=
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
	if [ "$2" = 0 ] && [ -z "$e2e_late" ]; then
		echo "ok $e2e_n - $1"
	else
		echo "not ok $e2e_n - $1"
		e2e_failed=$((e2e_failed + 1))
		# the why on stderr: prove shows it without -v, so CI's log has it
		{
			[ -n "$e2e_late" ] && echo "# the case went on after waiting in vain for: $e2e_late"
			for f in "$T/out" "$T/err"; do
				[ -s "$f" ] && head -n 20 "$f" | sed 's/^/# /'
			done
		} >&2
		e2e_late=
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

# own_build DIR MAKE-VARS...: `make cli` of the tree in DIR, a plain build
# (sanitizers need shared runtimes) without the plugin; a make of our own,
# not the test run's jobserver and variables; output in $T/out and $T/err
own_build()
{
	dir=$1
	shift
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "${SRCTREE:-.}" -j2 SANITIZE= NO_PLUGIN=1 \
		O="$dir" "$@" cli > "$T/out" 2> "$T/err"
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
	[ -n "$e2e_late" ] && ok "no wait after the last case was in vain" 1
	echo "1..$e2e_n"
	[ "$e2e_failed" = 0 ]
}

# wait_until SECONDS WHAT CMD...: run CMD every 50 ms until it succeeds, for
# SECONDS (a whole number) at most. At the bound: a "# ..." line naming WHAT,
# status 1, and the next case (ok) fails, whatever it checks: a test never
# goes on as if a condition held that never did.
wait_until()
{
	wu_n=$(($1 * 20))
	wu_what=$2
	shift 2
	wu_i=0
	until "$@"; do
		if [ $wu_i -ge $wu_n ]; then
			echo "# gave up after ${wu_n}x50 ms waiting for $wu_what" >&2
			e2e_late="$e2e_late${e2e_late:+; }$wu_what"
			return 1
		fi
		sleep 0.05
		wu_i=$((wu_i + 1))
	done
	return 0
}

# tracing_up INSTANCE [SYSTEM/EVENT]: the instance exists with tracing on and
# the event enabled: by default the last one sigftrace enables
# (sched/sched_process_exit, after the task events that name processes)
tracing_up()
{
	[ "$(cat "$TRACEFS/instances/$1/tracing_on" 2>/dev/null)" = 1 ] &&
		[ "$(cat "$TRACEFS/instances/$1/events/${2:-sched/sched_process_exit}/enable" 2>/dev/null)" = 1 ]
}

# wait_tracing INSTANCE...: until each instance is up (tracing_up; 30 s at
# most each, an ASan build on a loaded machine; else wait_until's failure)
wait_tracing()
{
	wt_rc=0
	for w in "$@"; do
		wait_until 30 "tracing on in instance $w" tracing_up "$w" || wt_rc=1
	done
	return $wt_rc
}

# comm_is PID COMM: process PID exists and is named COMM (it has exec'd COMM,
# so whatever its shell did before the exec, a trap say, is done)
comm_is()
{
	[ "$(cat "/proc/$1/comm" 2> /dev/null)" = "$2" ]
}

# gone PATH: PATH does not exist (an instance removed, say)
gone()
{
	[ ! -e "$1" ]
}
