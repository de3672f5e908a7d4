#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check-scenario-raw.sh - prove scenario's expectations against the kernel
#
# Usage: check-scenario-raw.sh [CASE...]
#
# Runs "scenario --expect F [CASE...]" while the tracepoint
# signal:signal_generate is enabled in a private ftrace instance, renders
# every raw event in sigftrace's default format with awk (no sigftrace
# involved) and checks that every line of F and F.chld was really produced.
# Output is TAP.  Needs root and tracefs.
#
# Environment:
#   SCENARIO  scenario binary (default: built from scenario.c next to this
#             script into a temporary directory)
#   TRACEFS   tracefs mount point (default /sys/kernel/tracing)
#   CC        compiler used to build scenario (default gcc)
#   KEEP      if set, keep the temporary directory (raw trace, renders)

set -u

here=$(cd "$(dirname "$0")" && pwd)
TRACEFS=${TRACEFS:-/sys/kernel/tracing}
CC=${CC:-gcc}
inst=
tmp=
spid=

cleanup()
{
	if [ -n "$spid" ]; then
		kill "$spid" 2>/dev/null	# its children die with it
		wait "$spid" 2>/dev/null
	fi
	spid=
	if [ -n "$inst" ] && [ -d "$inst" ]; then
		echo 0 > "$inst/tracing_on" 2>/dev/null
		echo 0 > "$inst/events/signal/signal_generate/enable" 2>/dev/null
		rmdir "$inst" 2>/dev/null ||
			echo "# warning: could not remove $inst" >&2
	fi
	inst=
	if [ -n "$tmp" ]; then
		if [ -n "${KEEP:-}" ]; then
			echo "# kept $tmp" >&2
		else
			rm -rf "$tmp"
		fi
	fi
	tmp=
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bail()
{
	echo "Bail out! $*"
	exit 1
}

if [ "$(id -u)" != 0 ]; then
	[ -n "${CI:-}" ] && bail "needs root (CI must not skip)"
	echo "1..0 # SKIP needs root"
	exit 0
fi

if [ ! -d "$TRACEFS/instances" ]; then
	mount -t tracefs nodev "$TRACEFS" 2>/dev/null ||
		bail "cannot mount tracefs on $TRACEFS"
fi
[ -d "$TRACEFS/events/signal/signal_generate" ] ||
	bail "no signal:signal_generate tracepoint"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sc-check.XXXXXX") || bail "mktemp failed"

if [ -n "${SCENARIO:-}" ]; then
	scenario=$SCENARIO
else
	scenario=$tmp/scenario
	"$CC" -std=c11 -Wall -Wextra -Werror -O2 -pthread \
		-o "$scenario" "$here/scenario.c" ||
		bail "cannot build scenario"
fi
[ -x "$scenario" ] || bail "$scenario is not executable"

# named after the suite's prefix when it runs in one (E2E_PREFIX)
inst=$TRACEFS/instances/${E2E_PREFIX:+$E2E_PREFIX-}sc-check-$$
mkdir "$inst" || { inst=; bail "cannot create ftrace instance"; }
echo 0 > "$inst/tracing_on" || bail "cannot stop $inst"
echo 4096 > "$inst/buffer_size_kb" 2>/dev/null
# only signals to sc-* threads (every expected line's receiver): another
# process's storm on the machine cannot overwrite the scenario's events
echo 'comm ~ "sc-*"' > "$inst/events/signal/signal_generate/filter" ||
	bail "cannot filter signal_generate in $inst"
echo 1 > "$inst/events/signal/signal_generate/enable" ||
	bail "cannot enable signal_generate in $inst"
echo 1 > "$inst/tracing_on" || bail "cannot start $inst"

# in the background, so that INT/TERM are handled while it runs
"$scenario" --expect "$tmp/expect" "$@" 2> "$tmp/scenario.err" &
spid=$!
wait "$spid"
rc=$?
spid=

echo 0 > "$inst/tracing_on"
cat "$inst/trace" > "$tmp/raw" || bail "cannot read $inst/trace"
echo 0 > "$inst/events/signal/signal_generate/enable"
rmdir "$inst" 2>/dev/null && inst=

# Render raw events like sigftrace does by default (x86 signal numbers).
awk '
function signame(n)
{
	if (n >= 1 && n <= 31)
		return "SIG" names[n]
	if (n == 32)
		return "SIGRTMIN"
	return "SIGRTMIN+" (n - 32)
}
function fault(sig, code, s)
{
	s = fcode[sig "," code]
	return s != "" ? s : code
}
BEGIN {
	split("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE " \
	      "ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU " \
	      "XFSZ VTALRM PROF WINCH IO PWR SYS", names, " ")
	n = split("MAPERR ACCERR BNDERR PKUERR ACCADI ADIDERR ADIPERR " \
		  "MTEAERR MTESERR CPERR", a, " ")
	for (i = 1; i <= n; i++) fcode["11," i] = "SEGV_" a[i]
	n = split("ADRALN ADRERR OBJERR MCEERR_AR MCEERR_AO", a, " ")
	for (i = 1; i <= n; i++) fcode["7," i] = "BUS_" a[i]
	n = split("INTDIV INTOVF FLTDIV FLTOVF FLTUND FLTRES FLTINV FLTSUB", \
		  a, " ")
	for (i = 1; i <= n; i++) fcode["8," i] = "FPE_" a[i]
	fcode["8,14"] = "FPE_FLTUNK"
	fcode["8,15"] = "FPE_CONDTRAP"
	n = split("ILLOPC ILLOPN ILLADR ILLTRP PRVOPC PRVREG COPROC " \
		  "BADSTK BADIADDR", a, " ")
	for (i = 1; i <= n; i++) fcode["4," i] = "ILL_" a[i]
	n = split("BRKPT TRACE BRANCH HWBKPT UNK PERF", a, " ")
	for (i = 1; i <= n; i++) fcode["5," i] = "TRAP_" a[i]
	n = split("EXITED KILLED DUMPED TRAPPED STOPPED CONTINUED", a, " ")
	for (i = 1; i <= n; i++) cld[i] = "CLD_" a[i]
	isfault[4] = isfault[5] = isfault[7] = isfault[8] = isfault[11] = 1
	neg[-1] = "sigqueue"; neg[-2] = "timer"; neg[-3] = "mesgq"
	neg[-4] = "asyncio"; neg[-5] = "sigio"; neg[-6] = "tkill"
	neg[-7] = "dethread"; neg[-60] = "asyncnl"
}
/^#/ { next }
/ signal_generate: / {
	line = $0
	# sender: "COMM-PID" before "[CPU]" (optionally "(TGID)" in between)
	if (!match(line, / +(\( *[0-9-]+\) +)?\[[0-9]+\] /))
		next
	task = substr(line, 1, RSTART - 1)
	sub(/^ +/, "", task)
	if (!match(task, /-[0-9]+$/))
		next
	scomm = substr(task, 1, RSTART - 1)
	spid = substr(task, RSTART + 1) + 0

	rest = substr(line, index(line, " signal_generate: ") + 18)
	if (!match(rest, /^sig=-?[0-9]+ errno=-?[0-9]+ code=-?[0-9]+ comm=/))
		next
	split(substr(rest, 1, RLENGTH), f, /[ =]/)
	sig = f[2] + 0
	code = f[6] + 0
	rest = substr(rest, RLENGTH + 1)
	if (!match(rest, / pid=-?[0-9]+ grp=-?[0-9]+ res=-?[0-9]+ *$/))
		next
	rcomm = substr(rest, 1, RSTART - 1)
	split(substr(rest, RSTART + 1), f, /[ =]/)
	rpid = f[2] + 0
	grp = f[4] + 0
	res = f[6] + 0

	kernel = code == 128 || (code > 0 && (sig in isfault))
	if (kernel)
		out = "(kernel)"
	else
		out = "(" scomm " " spid ")"
	out = out " --[" signame(sig) "]--> (" rcomm " " rpid ")"

	if (code == 0)
		origin = ""
	else if (code == 128)
		origin = "kernel"
	else if (code > 0 && (sig in isfault))
		origin = "fault " fault(sig, code)
	else if (code > 0 && sig == 17 && (code in cld))
		origin = "child " cld[code]
	else if (code in neg)
		origin = neg[code]
	else
		origin = "code=" code
	if (origin != "")
		out = out " " origin

	if (res == 1)
		out = out " ignored"
	else if (res == 2)
		out = out " pending"
	else if (res != 0)
		out = out " res=" res

	if (grp == 0)
		out = out " thread"
	print out
}
' "$tmp/raw" > "$tmp/got"

# the lines to prove, with a short label each. The events name threads:
# the scenario's processes (its "(PROC PID) ... by THREAD/TID", "of PROC/PID"
# and the kernel's "in PROC/PID") are its own knowledge, so what the kernel
# must show is the sending thread, and no more.
: > "$tmp/lines"
for f in "$tmp/expect" "$tmp/expect.chld"; do
	[ -f "$f" ] || continue
	sed -E 's/^\([^)]*\) (--.*) by ([^ /]+)\/([0-9]+)$/(\2 \3) \1/; s/ (of|in) [^ ]+\/[0-9]+//' \
		"$f" >> "$tmp/lines"
done

nlines=$(wc -l < "$tmp/lines")
extra=0
grep -q '^(sc-child ' "$tmp/lines" && extra=1
echo "1..$((1 + nlines + extra))"

n=1
failed=0
if [ "$rc" -eq 0 ]; then
	echo "ok $n - scenario ran all requested cases"
else
	echo "not ok $n - scenario exited with status $rc"
	failed=$((failed + 1))
	sed 's/^/# /' "$tmp/scenario.err"
fi

# entries lost in the ring buffer would make failures meaningless
lost=$(sed -n 's/^# entries-in-buffer\/entries-written: \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' \
	"$tmp/raw")
if [ -n "$lost" ]; then
	# shellcheck disable=SC2086 # split "IN WRITTEN" on purpose
	set -- $lost
	[ "$1" = "$2" ] || echo "# warning: ring buffer lost events ($1/$2)"
fi

while IFS= read -r want; do
	n=$((n + 1))
	if grep -Fxq -- "$want" "$tmp/got"; then
		echo "ok $n - $want"
		continue
	fi
	# ftrace may not know the comm of an exited sender: "<...>"
	case $want in
	"(kernel) "*)
		alt= ;;
	*)
		alt="(<...> ${want#* }" ;;
	esac
	if [ -n "$alt" ] && grep -Fxq -- "$alt" "$tmp/got"; then
		echo "ok $n - $want # sender comm unknown to ftrace (<...>), any comm accepted"
		continue
	fi
	echo "not ok $n - $want"
	failed=$((failed + 1))
	pid=$(echo "$want" | sed -n 's/.*--> ([^ ]* \([0-9]*\)).*/\1/p')
	if [ -n "$pid" ]; then
		echo "#   events for receiver pid $pid:"
		grep -F " $pid)" "$tmp/got" | sed 's/^/#     /'
	fi
done < "$tmp/lines"

if [ "$extra" = 1 ]; then
	n=$((n + 1))
	# a parent with SIGCHLD = SIG_IGN gets no SIGCHLD event at all
	if grep -q '^(sc-chld-ign [0-9]*) --\[SIGCHLD\]-->' "$tmp/got"; then
		echo "not ok $n - no SIGCHLD event for the child of a SIG_IGN parent"
		failed=$((failed + 1))
		grep '^(sc-chld-ign ' "$tmp/got" | sed 's/^/#   /'
	else
		echo "ok $n - no SIGCHLD event for the child of a SIG_IGN parent"
	fi
fi

[ "$failed" -eq 0 ]
