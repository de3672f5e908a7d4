#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - signal storm benchmark: what does tracing signals with sigftrace
# cost, compared with no tracing, a bare ftrace event and trace-cmd?
#
# Run by 'make bench' (root) from the source tree with SIGFTRACE, PLUGIN_DIR,
# SRCTREE and BUILD set.  Debian packages used beyond the build ones:
#   trace-cmd    (peer configuration e, launch latency, report speed)
#   time         (/usr/bin/time: peak RSS in g)
#   procps       (ps, pgrep: finding orphaned trace-cmd recorders)
#   util-linux   (setsid)
#
# Environment:
#   BENCH_COUNT=N      kill() calls per sender (default 1000000)
#   BENCH_SENDERS=N    sender processes (default: online CPUs)
#   BENCH_REPS=N       runs per storm configuration, median taken (default 3)
#   BENCH_LAUNCHES=N   launches for the launch latency (default 5)
#   BENCH_ONLY="a b.." configurations to run (default: a b c d e f g)
#   BENCH_STRICT=1     exit 1 when a target is missed (default: only on errors)
#   BENCH_KEEP=1       keep the temporary directory
#
# Configurations (the storm configurations a-e run round-robin, one rep of
# each in turn, so that drift and noise from other load hit them alike):
#   a  baseline    no tracing
#   b  bare        fresh instance, only signal:signal_generate enabled, nobody
#                  reading (the ring buffer overwrites)
#   c  record      sigftrace record -o FILE -- storm
#   d  stream      sigftrace stream > /dev/null in the background
#   e  trace-cmd   trace-cmd record -d --no-filter -B INSTANCE -e
#                  signal:signal_generate -- storm
#   f  launch      CLOCK_MONOTONIC launch of 'sigftrace record' (and
#                  trace-cmd record -C mono) to its first event in the file,
#                  while storm --tick sends a signal every 100 us
#   g  report      sigftrace report vs trace-cmd report (sigftrace plugin):
#                  time, peak RSS and peak anonymous RSS, again on a file
#                  twice as big (RSS includes the mmap()ed file)
#
# Ratios are medians of per-rep ratios.  Other load and other tracers of
# signal events (a concurrent sigftrace record...) are reported: on a busy
# 2-CPU machine they change the rates by 2x from one rep to the next.
#
# Tracing etiquette: only instances named sft-bench-<pid>-* are created, and
# every one of them is removed on every exit path; the top-level instance,
# set_ftrace_* and tracepoint_printk are never touched.

set -eu

LC_ALL=C
export LC_ALL

die() {
	echo "bench.sh: $*" >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	die "must run as root (tracefs instances, signal tracing); try: sudo make bench"
fi

SRCTREE=${SRCTREE:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$SRCTREE/build}
SIGFTRACE=${SIGFTRACE:-$BUILD/sigftrace}
PLUGIN_DIR=${PLUGIN_DIR:-$BUILD/plugin}
STORM=$BUILD/tests/bench/storm
COUNT=${BENCH_COUNT:-1000000}
SENDERS=${BENCH_SENDERS:-$(getconf _NPROCESSORS_ONLN)}
REPS=${BENCH_REPS:-3}
LAUNCHES=${BENCH_LAUNCHES:-5}
ONLY=${BENCH_ONLY:-a b c d e f g}
TRACEFS=/sys/kernel/tracing

for v in COUNT SENDERS REPS LAUNCHES; do
	eval "val=\$$v"
	case $val in
	'' | *[!0-9]*) die "BENCH_$v must be a positive integer, not '$val'" ;;
	esac
	[ "$val" -gt 0 ] || die "BENCH_$v must be a positive integer"
done

[ -x "$STORM" ] || die "$STORM missing: run 'make test-progs' (or 'make bench')"

if [ ! -d "$TRACEFS/instances" ]; then
	mount -t tracefs nodev "$TRACEFS" 2>/dev/null ||
		die "tracefs is not mounted at $TRACEFS and mounting it failed"
fi
[ -d "$TRACEFS/events/signal/signal_generate" ] ||
	die "no signal:signal_generate event in $TRACEFS (kernel without tracepoints?)"

has() {
	case " $ONLY " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# --- cleanup: background jobs, sessions, instances, temporary files --------------
TMP=$(mktemp -d /tmp/sft-bench.XXXXXX)
BG_PIDS=
SESSIONS=
INSTANCES=
INST_SEQ=0
ERRORS=0
MISSES=0

# Kill every process of session $1 (a setsid'd trace-cmd and whatever it
# forked, even after it died), then anything still carrying pattern $2.
kill_session() {
	sid=$1
	pat=$2
	for sig in INT TERM KILL; do
		pids=$(ps -o pid= -s "$sid" 2>/dev/null || true)
		if [ -n "$pat" ]; then
			pids="$pids $(pgrep -f -- "$pat" 2>/dev/null || true)"
		fi
		pids=$(echo $pids)
		[ -n "$pids" ] || return 0
		# shellcheck disable=SC2086
		kill -s "$sig" $pids 2>/dev/null || true
		_ki=0
		while [ $_ki -lt 20 ]; do
			alive=
			for _kp in $pids; do
				kill -0 "$_kp" 2>/dev/null && alive=1
			done
			[ -n "$alive" ] || return 0
			sleep 0.1
			_ki=$((_ki + 1))
		done
	done
}

remove_instance() {
	_rd=$TRACEFS/instances/$1
	[ -d "$_rd" ] || return 0
	echo 0 >"$_rd/tracing_on" 2>/dev/null || true
	echo 0 >"$_rd/events/enable" 2>/dev/null || true
	_ri=0
	while ! rmdir "$_rd" 2>/dev/null; do
		_ri=$((_ri + 1))
		if [ $_ri -ge 50 ]; then
			echo "bench.sh: cannot remove instance $1: $(rmdir "$_rd" 2>&1)" >&2
			return 1
		fi
		sleep 0.1
	done
}

cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	for s in $SESSIONS; do
		kill_session "${s%%:*}" "${s#*:}"
	done
	for p in $BG_PIDS; do
		kill -INT "$p" 2>/dev/null || true
	done
	for p in $BG_PIDS; do
		_ci=0
		while kill -0 "$p" 2>/dev/null && [ $_ci -lt 20 ]; do
			sleep 0.1
			_ci=$((_ci + 1))
		done
		kill -KILL "$p" 2>/dev/null || true
	done
	for inst in $INSTANCES; do
		remove_instance "$inst" || rc=1
	done
	if [ "${BENCH_KEEP:-0}" = 1 ]; then
		echo "# kept $TMP" >&2
	else
		rm -rf "$TMP"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

new_instance_name() {
	INST_SEQ=$((INST_SEQ + 1))
	INST=sft-bench-$$-$1-$INST_SEQ
	INSTANCES="$INSTANCES $INST"
}

forget() { # forget LIST-VARIABLE WORD
	eval "_l=\$$1"
	_n=
	for _w in $_l; do
		[ "$_w" = "$2" ] || _n="$_n $_w"
	done
	eval "$1=\$_n"
}

# Wait for pid $1 at most $2 seconds; returns its exit status, 124 on timeout
# (the process is then killed).
wait_pid() {
	_wi=0
	while kill -0 "$1" 2>/dev/null; do
		if [ $_wi -ge $(($2 * 10)) ]; then
			kill -KILL "$1" 2>/dev/null || true
			wait "$1" 2>/dev/null || true
			return 124
		fi
		sleep 0.1
		_wi=$((_wi + 1))
	done
	_rc=0
	wait "$1" || _rc=$?
	return $_rc
}

# --- small helpers -------------------------------------------------------------
field() { # field NAME FILE...  -> value of the last "NAME=value" on a line
	sed -n "s/.*\\<$1=\\([0-9.]*\\).*/\\1/p" "$@" 2>/dev/null | tail -n 1
}

median() { # median NUMBERS...
	printf '%s\n' "$@" | grep -v '^-*$' | sort -g | awk '{ v[NR] = $1 }
		END { if (!NR) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { # ratio A B -> A/B with 3 decimals, "-" if unknown
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-";
		else printf "%.3f\n", a / b }'
}

check() { # check VALUE OP LIMIT -> PASS / MISS / n/a
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		if (v == "-" || v == "") { print "n/a"; exit }
		ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0);
		print ok ? "PASS" : "MISS" }'
}

note() {
	echo "# $*" >&2
}

fail() { # fail CONFIG MESSAGE [LOGFILE]
	echo "bench.sh: $1: $2" >&2
	if [ -n "${3:-}" ] && [ -s "$3" ]; then
		tail -n 15 "$3" | sed 's/^/    | /' >&2
	fi
	ERRORS=$((ERRORS + 1))
}

# The peer (trace-cmd) is flaky here: its failures are reported, not errors.
PEER_WARN=0
warn() { # warn CONFIG MESSAGE [LOGFILE]
	echo "bench.sh: warning: $1: $2" >&2
	if [ -n "${3:-}" ] && [ -s "$3" ]; then
		tail -n 15 "$3" | sed 's/^/    | /' >&2
	fi
	PEER_WARN=$((PEER_WARN + 1))
}

# Storm output line -> rate, or "-" with a failure recorded.
storm_rate() { # storm_rate CONFIG LOG...
	_cfg=$1
	shift
	_r=$(field rate "$@")
	if [ -z "$_r" ]; then
		fail "$_cfg" "storm printed no rate" "$1"
		_r=-
	fi
	echo "$_r"
}

# Other tracers of signal events (another engineer's sigftrace record, an e2e
# test...) slow every configuration down and make the numbers noisy: name them.
foreign_tracers() {
	_ft=
	for _fd in "$TRACEFS" "$TRACEFS"/instances/*; do
		[ -d "$_fd/events/signal" ] || continue
		case ${_fd##*/} in
		sft-bench-$$-*) continue ;;
		esac
		if grep -q 1 "$_fd/events/signal/signal_generate/enable" 2>/dev/null &&
			grep -q 1 "$_fd/tracing_on" 2>/dev/null; then
			[ "$_fd" = "$TRACEFS" ] && _ft="$_ft (top-level)" || _ft="$_ft ${_fd##*/}"
		fi
	done
	echo $_ft
}
FOREIGN=$(foreign_tracers)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

SENT=$((SENDERS * COUNT))
STORM_ARGS="-n $SENDERS -c $COUNT"
HAVE_SIGFTRACE=1
if [ ! -x "$SIGFTRACE" ]; then
	HAVE_SIGFTRACE=0
	fail setup "$SIGFTRACE is missing: configurations c, d, f (sigftrace part) and g skipped"
fi
HAVE_TC=1
if ! command -v trace-cmd >/dev/null 2>&1; then
	HAVE_TC=0
	fail setup "trace-cmd not installed (apt-get install trace-cmd): configuration e skipped"
fi

note "sigftrace bench: $(uname -r), $(getconf _NPROCESSORS_ONLN) CPUs, $SENDERS senders x $COUNT kill(SIGUSR1) = $SENT signals per run, $REPS reps"
note "sigftrace: $SIGFTRACE ($("$SIGFTRACE" --version 2>/dev/null | head -n 1 || echo '?'))"
note "trace-cmd: $(trace-cmd --version 2>/dev/null | sed -n 's/^trace-cmd version //p' | head -n 1)"

# --- a: baseline ------------------------------------------------------------------
run_a() {
	"$STORM" $STORM_ARGS >"$TMP/a.out" 2>&1 || fail baseline "storm failed" "$TMP/a.out"
	storm_rate baseline "$TMP/a.out"
}

# --- b: bare event, nobody reading -------------------------------------------------
B_WRITTEN=
run_b() {
	new_instance_name bare
	_bd=$TRACEFS/instances/$INST
	if ! mkdir "$_bd" || ! echo 1 >"$_bd/events/signal/signal_generate/enable"; then
		fail bare "cannot set up instance $INST"
		remove_instance "$INST" || true
		echo -
		return
	fi
	"$STORM" $STORM_ARGS >"$TMP/b.out" 2>&1 || fail bare "storm failed" "$TMP/b.out"
	echo 0 >"$_bd/tracing_on"
	# Every event that went into the ring buffer: still there or overwritten.
	_bw=$(cat "$_bd"/per_cpu/cpu*/stats | awk '/^(entries|overrun):/ { n += $2 } END { print n + 0 }')
	B_WRITTEN="$B_WRITTEN $_bw"
	remove_instance "$INST" && forget INSTANCES "$INST"
	storm_rate bare "$TMP/b.out"
}

# --- c: sigftrace record -------------------------------------------------------------
C_CAPT=
C_LOST=
C_SIGUSR1=
C_RC=
run_c() {
	rm -f "$TMP/rec.dat"
	_rc=0
	"$SIGFTRACE" record -o "$TMP/rec.dat" -- "$STORM" $STORM_ARGS \
		>"$TMP/c.out" 2>"$TMP/c.err" || _rc=$?
	C_RC="$C_RC $_rc"
	[ $_rc -eq 0 ] || fail record "sigftrace record exited with $_rc" "$TMP/c.err"
	# "sigftrace record: N events captured[ (S signals)], M lost[, written to F]"
	line=$(sed -n 's/.*sigftrace record: \([0-9]*\) events captured.*[ ,]\([0-9]*\) lost.*/\1 \2/p' \
		"$TMP/c.err" | tail -n 1)
	if [ -n "$line" ]; then
		C_CAPT="$C_CAPT ${line% *}"
		C_LOST="$C_LOST ${line#* }"
	else
		fail record "no 'sigftrace record: N events captured, M lost' line" "$TMP/c.err"
		C_CAPT="$C_CAPT -"
		C_LOST="$C_LOST -"
	fi
	# Independent check of the file: SIGUSR1 lines (2M lines: a few seconds).
	n=-
	if [ -s "$TMP/rec.dat" ]; then
		n=$("$SIGFTRACE" report -i "$TMP/rec.dat" 2>"$TMP/c.report.err" | grep -c 'SIGUSR1.*storm-recv' || true)
	fi
	C_SIGUSR1="$C_SIGUSR1 ${n:--}"
	storm_rate record "$TMP/c.out" "$TMP/c.err"
}

# --- d: sigftrace stream in the background -------------------------------------------
D_RC=
run_d() {
	# Through storm --now: a background job of sh starts with SIGINT ignored.
	"$STORM" --now -- "$SIGFTRACE" stream >/dev/null 2>"$TMP/d.err" &
	sp=$!
	BG_PIDS="$BG_PIDS $sp"
	sleep 0.3 # no readiness signal
	if ! kill -0 "$sp" 2>/dev/null; then
		_rc=0
		wait "$sp" || _rc=$?
		forget BG_PIDS "$sp"
		fail stream "sigftrace stream exited early with $_rc" "$TMP/d.err"
		echo -
		return
	fi
	"$STORM" $STORM_ARGS >"$TMP/d.out" 2>&1 || fail stream "storm failed" "$TMP/d.out"
	kill -INT "$sp" 2>/dev/null || true
	_rc=0
	wait_pid "$sp" 10 || _rc=$?
	forget BG_PIDS "$sp"
	D_RC="$D_RC $_rc"
	case $_rc in
	0 | 130) ;;
	*) fail stream "sigftrace stream ended with status $_rc after SIGINT" "$TMP/d.err" ;;
	esac
	storm_rate stream "$TMP/d.out"
}

# --- e: trace-cmd record ------------------------------------------------------------------
# trace-cmd runs in its own session (setsid), so that its per-CPU recorders
# can be found and killed by session id even when trace-cmd itself crashed;
# the unique instance name and output file catch any that escaped.
# tc_record TIMEOUT OUTFILE LOG TRACE-CMD-RECORD-ARGS...  (sets TC_RC)
TC_PREFIX=
tc_record() {
	_to=$1
	_out=$2
	_log=$3
	shift 3
	new_instance_name tc
	# shellcheck disable=SC2086
	setsid $TC_PREFIX trace-cmd record -d --no-filter -B "$INST" -o "$_out" "$@" >"$_log" 2>&1 &
	tp=$!
	SESSIONS="$SESSIONS $tp:$_out"
	TC_RC=0
	wait_pid "$tp" "$_to" || TC_RC=$?
	kill_session "$tp" "$_out"
	forget SESSIONS "$tp:$_out"
	remove_instance "$INST" && forget INSTANCES "$INST"
}

E_CAPT=
E_RC=
run_e() {
	rm -f "$TMP/tc.dat"
	tc_record 300 "$TMP/tc.dat" "$TMP/e.out" -e signal:signal_generate -- "$STORM" $STORM_ARGS
	E_RC="$E_RC $TC_RC"
	r=$(field rate "$TMP/e.out")
	if [ -z "$r" ]; then
		warn trace-cmd "trace-cmd record did not run the storm (status $TC_RC)" "$TMP/e.out"
		E_CAPT="$E_CAPT -"
		echo -
		return
	fi
	n=-
	if [ -s "$TMP/tc.dat" ]; then
		n=$(trace-cmd report -i "$TMP/tc.dat" 2>/dev/null |
			grep -c -e ' sig=10 .*comm=storm-recv' -e 'SIGUSR1.*storm-recv' || true)
	fi
	E_CAPT="$E_CAPT ${n:--}"
	echo "$r"
}

A_R=
B_R=
C_R=
D_R=
E_R=
rep=1
while [ $rep -le "$REPS" ]; do
	if has a; then
		run_a >"$TMP/rate"
		r=$(cat "$TMP/rate")
		A_R="$A_R $r"
		note "rep $rep a baseline   rate=$r"
	fi
	if has b; then
		run_b >"$TMP/rate"
		r=$(cat "$TMP/rate")
		B_R="$B_R $r"
		note "rep $rep b bare       rate=$r written=$(echo $B_WRITTEN | awk '{ print $NF }')"
	fi
	if has c && [ $HAVE_SIGFTRACE = 1 ]; then
		run_c >"$TMP/rate"
		r=$(cat "$TMP/rate")
		C_R="$C_R $r"
		note "rep $rep c record     rate=$r captured/lost=$(echo $C_CAPT | awk '{ print $NF }')/$(echo $C_LOST | awk '{ print $NF }') SIGUSR1 lines=$(echo $C_SIGUSR1 | awk '{ print $NF }')"
	fi
	if has d && [ $HAVE_SIGFTRACE = 1 ]; then
		run_d >"$TMP/rate"
		r=$(cat "$TMP/rate")
		D_R="$D_R $r"
		note "rep $rep d stream     rate=$r"
	fi
	if has e && [ $HAVE_TC = 1 ]; then
		run_e >"$TMP/rate"
		r=$(cat "$TMP/rate")
		E_R="$E_R $r"
		note "rep $rep e trace-cmd  rate=$r captured=$(echo $E_CAPT | awk '{ print $NF }') status=$TC_RC"
	fi
	rep=$((rep + 1))
done
# (run_b..run_e are not run in $(...): they update the totals in this shell.)

A_M=$(median $A_R)
B_M=$(median $B_R)
C_M=$(median $C_R)
D_M=$(median $D_R)
E_M=$(median $E_R)

# --- f: launch latency -------------------------------------------------------------------
first_ts_ns() { # first "SECONDS.FRACTION" timestamp of stdin -> ns
	awk 'match($0, /[0-9]+\.[0-9]+/) { s = substr($0, RSTART, RLENGTH);
		split(s, p, "."); f = substr(p[2] "000000000", 1, 9);
		printf "%.0f\n", p[1] * 1e9 + f; exit }'
}

# launch_once KIND I -> latency in ns or "-"
launch_once() {
	kind=$1
	f=$TMP/lat-$kind-$2.dat
	log=$TMP/lat-$kind.log
	rm -f "$f"
	"$STORM" --tick 100 -c 20000 >"$TMP/tick.out" 2>&1 &
	tick=$!
	BG_PIDS="$BG_PIDS $tick"
	sleep 0.2
	if [ "$kind" = sigftrace ]; then
		"$STORM" --now -- "$SIGFTRACE" record -o "$f" -d 1 >"$log" 2>&1 ||
			fail launch "sigftrace record -o F -d 1 failed" "$log"
		t0=$(field now_mono_ns "$log")
		first=$("$SIGFTRACE" report -i "$f" 2>/dev/null | first_ts_ns || true)
	else
		TC_PREFIX="$STORM --now --"
		tc_record 30 "$f" "$log" -C mono -e signal:signal_generate -- sleep 1
		TC_PREFIX=
		t0=$(field now_mono_ns "$log")
		first=$(trace-cmd report -i "$f" 2>/dev/null | grep -v '^cpus=' | first_ts_ns || true)
	fi
	wait_pid "$tick" 30 || fail launch "storm --tick failed" "$TMP/tick.out"
	forget BG_PIDS "$tick"
	if [ -z "$t0" ] || [ -z "$first" ]; then
		if [ "$kind" = sigftrace ]; then
			fail launch "$kind: no launch time or no event in the file" "$log"
		else
			trace-cmd report -i "$f" >/dev/null 2>>"$log" || true
			warn launch "$kind: no launch time or no event in the file" "$log"
		fi
		echo -
		return
	fi
	echo $((first - t0))
}

F_S=
F_T=
if has f; then
	launch=1
	while [ $launch -le "$LAUNCHES" ]; do
		if [ $HAVE_SIGFTRACE = 1 ]; then
			launch_once sigftrace $launch >"$TMP/lat"
			F_S="$F_S $(cat "$TMP/lat")"
			note "launch $launch sigftrace record: $(cat "$TMP/lat") ns"
		fi
		if [ $HAVE_TC = 1 ]; then
			launch_once trace-cmd $launch >"$TMP/lat"
			F_T="$F_T $(cat "$TMP/lat")"
			note "launch $launch trace-cmd record: $(cat "$TMP/lat") ns"
		fi
		launch=$((launch + 1))
	done
fi
F_SM=$(median $F_S)
F_TM=$(median $F_T)

# --- g: report speed and memory ------------------------------------------------------------
# timed LOG CMD... -> "seconds maxrss_kb anon_peak_kb" of CMD (stdout to
# /dev/null) in $TMP/timed; not run in $(...) so that a failure is counted.
# maxrss (/usr/bin/time %M) counts the pages of the mmap()ed input file too;
# anon_peak is the peak RssAnon sampled every 50 ms: the memory that would
# really grow with the file.
timed() {
	_log=$1
	shift
	/usr/bin/time -o "$TMP/time" -f '%e %M' "$@" >/dev/null 2>"$_log" &
	_tp=$!
	BG_PIDS="$BG_PIDS $_tp"
	_cp=
	_anon=0
	while kill -0 "$_tp" 2>/dev/null; do
		[ -n "$_cp" ] || _cp=$(pgrep -P "$_tp" 2>/dev/null | head -n 1)
		if [ -n "$_cp" ] && [ -r "/proc/$_cp/status" ]; then
			while read -r _k _v _; do
				if [ "$_k" = RssAnon: ] && [ "$_v" -gt "$_anon" ]; then
					_anon=$_v
				fi
			done <"/proc/$_cp/status" 2>/dev/null || true
		fi
		sleep 0.05
	done
	_trc=0
	wait "$_tp" || _trc=$?
	forget BG_PIDS "$_tp"
	if [ $_trc -ne 0 ]; then
		case " $* " in
		*" trace-cmd "*) warn report "$* failed" "$_log" ;;
		*) fail report "$* failed" "$_log" ;;
		esac
		echo "- - -" >"$TMP/timed"
		return
	fi
	echo "$(tail -n 1 "$TMP/time") $_anon" >"$TMP/timed"
}

G_ST=
G_TT=
G_SR=
G_TR=
G_SR2=
G_TR2=
G_SA=
G_TA=
G_SA2=
G_TA2=
G_ST2=
G_TT2=
G_EV1=-
G_EV2=-
if has g && [ $HAVE_SIGFTRACE = 1 ]; then
	if [ ! -x /usr/bin/time ]; then
		fail report "/usr/bin/time missing (apt-get install time): report speed skipped"
	else
		# 1x: the file of the last record run if there is one, else a new one.
		if [ ! -s "$TMP/rec.dat" ]; then
			"$SIGFTRACE" record -o "$TMP/rec.dat" -- "$STORM" $STORM_ARGS \
				>"$TMP/g.out" 2>&1 || fail report "sigftrace record failed" "$TMP/g.out"
		fi
		"$SIGFTRACE" record -o "$TMP/rec2.dat" -- "$STORM" -n "$SENDERS" -c $((COUNT * 2)) \
			>"$TMP/g2.out" 2>&1 || fail report "sigftrace record (2x) failed" "$TMP/g2.out"
		G_EV1=$(sed -n 's/.*sigftrace record: \([0-9]*\) events captured.*/\1/p' \
			"$TMP/c.err" "$TMP/g.out" 2>/dev/null | tail -n 1)
		G_EV2=$(sed -n 's/.*sigftrace record: \([0-9]*\) events captured.*/\1/p' \
			"$TMP/g2.out" 2>/dev/null | tail -n 1)
		rep=1
		while [ $rep -le "$REPS" ]; do
			timed "$TMP/g-s.err" "$SIGFTRACE" report -i "$TMP/rec.dat"
			set -- $(cat "$TMP/timed")
			G_ST="$G_ST $1"
			G_SR="$G_SR $2"
			G_SA="$G_SA $3"
			if [ $HAVE_TC = 1 ]; then
				timed "$TMP/g-t.err" env TRACEEVENT_PLUGIN_DIR="$PLUGIN_DIR" \
					trace-cmd report -i "$TMP/rec.dat"
				set -- $(cat "$TMP/timed")
				G_TT="$G_TT $1"
				G_TR="$G_TR $2"
				G_TA="$G_TA $3"
			fi
			note "report rep $rep: sigftrace $(echo $G_ST | awk '{ print $NF }') s, trace-cmd $(echo $G_TT | awk '{ print $NF }') s"
			rep=$((rep + 1))
		done
		timed "$TMP/g-s2.err" "$SIGFTRACE" report -i "$TMP/rec2.dat"
		set -- $(cat "$TMP/timed")
		G_ST2=$1
		G_SR2=$2
		G_SA2=$3
		if [ $HAVE_TC = 1 ]; then
			timed "$TMP/g-t2.err" env TRACEEVENT_PLUGIN_DIR="$PLUGIN_DIR" \
				trace-cmd report -i "$TMP/rec2.dat"
			set -- $(cat "$TMP/timed")
			G_TT2=$1
			G_TR2=$2
			G_TA2=$3
		fi
	fi
fi

# --- table -------------------------------------------------------------------------------------
list() { # list VALUES... -> "v1,v2,v3"
	echo "$@" | tr ' ' ','
}

captured() { # captured NUMBERS... -> "min/sent" of all reps
	printf '%s\n' "$@" | awk -v s="$SENT" '$1 != "-" { if (!n++ || $1 < m) m = $1 }
		END { if (n) printf "%d/%d\n", m, s; else print "-" }'
}

spread() { # spread NUMBERS... -> max/min
	printf '%s\n' "$@" | awk '$1 != "-" { if (!n++) { lo = hi = $1 }
		if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 }
		END { if (n && lo > 0) printf "%.2f\n", hi / lo; else print "-" }'
}

# paired "A1 A2 A3" "B1 B2 B3" -> median of A_i/B_i.  The configurations run
# round-robin, so rep i of every configuration saw the same machine: the
# per-rep ratio cancels drift between reps (other load comes and goes).
paired() {
	echo "$1|$2" | awk -F'|' '{ n = split($1, a, " "); m = split($2, b, " "); k = 0;
		for (i = 1; i <= n && i <= m; i++)
			if (a[i] != "-" && b[i] != "-" && b[i] + 0 > 0) r[++k] = a[i] / b[i];
		if (!k) { print "-"; exit }
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
			if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
		printf "%.3f\n", (k % 2) ? r[(k + 1) / 2] : (r[k / 2] + r[k / 2 + 1]) / 2 }'
}

NOISY=
row() { # row CONFIG MEDIAN RAW-LIST CAPTURED
	_sp=$(spread $3)
	if [ "$(check "$_sp" "<=" 1.15)" = MISS ]; then
		NOISY="$NOISY $1"
	fi
	printf '%-11s %11s %9s %9s  %-25s %6s  %s\n' "$1" "$2" "$(paired "$3" "$A_R")" \
		"$(paired "$3" "$B_R")" "$4" "$_sp" "$(list $3)"
}

echo
echo "sigftrace bench: $(uname -r), $(getconf _NPROCESSORS_ONLN) CPUs, $SENDERS senders x $COUNT kill(SIGUSR1), median of $REPS"
echo "signals/s: median of the reps; vs base, vs bare: median of the per-rep ratios"
echo "(configurations run round-robin); spread: max/min rate over the reps"
echo
if has a || has b || has c || has d || has e; then
	printf '%-11s %11s %9s %9s  %-25s %6s  %s\n' config "signals/s" "vs base" "vs bare" \
		"captured/sent" spread "raw rates (signals/s per rep)"
fi
has a && row baseline "$A_M" "$A_R" "-"
has b && row bare "$B_M" "$B_R" "$(captured $B_WRITTEN) (written)"
has c && [ $HAVE_SIGFTRACE = 1 ] && row record "$C_M" "$C_R" "$(captured $C_SIGUSR1)"
has d && [ $HAVE_SIGFTRACE = 1 ] && row stream "$D_M" "$D_R" "-"
has e && [ $HAVE_TC = 1 ] && row trace-cmd "$E_M" "$E_R" "$(captured $E_CAPT)"
if has c && [ $HAVE_SIGFTRACE = 1 ]; then
	echo "record: 'events captured' per rep: $(list $C_CAPT), lost: $(list $C_LOST), SIGUSR1->storm-recv report lines: $(list $C_SIGUSR1), exit: $(list $C_RC)"
fi
if has e && [ $HAVE_TC = 1 ]; then
	echo "trace-cmd record exit status per rep: $(list $E_RC) (1 = its EPERM on set_ftrace_filter at teardown)"
fi
if has f; then
	echo
	printf '%-24s %12s  %s\n' "launch latency" "median ms" "raw ns"
	[ $HAVE_SIGFTRACE = 1 ] && printf '%-24s %12s  %s\n' "sigftrace record" \
		"$(ratio "$F_SM" 1000000)" "$(list $F_S)"
	[ $HAVE_TC = 1 ] && printf '%-24s %12s  %s\n' "trace-cmd record" \
		"$(ratio "$F_TM" 1000000)" "$(list $F_T)"
	echo "sigftrace/trace-cmd launch latency ratio: $(ratio "$F_SM" "$F_TM")"
fi
G_STM=$(median $G_ST)
G_TTM=$(median $G_TT)
if has g && [ $HAVE_SIGFTRACE = 1 ]; then
	echo
	printf '%-24s %9s %8s %10s %10s  %s\n' "report (${G_EV1:-?} ev)" "median s" "vs sftr" \
		"maxrss KB" "anon KB" "raw s"
	printf '%-24s %9s %8s %10s %10s  %s\n' "sigftrace report" "$G_STM" "1.000" \
		"$(median $G_SR)" "$(median $G_SA)" "$(list $G_ST)"
	[ $HAVE_TC = 1 ] && printf '%-24s %9s %8s %10s %10s  %s\n' "trace-cmd report+plugin" \
		"$G_TTM" "$(ratio "$G_TTM" "$G_STM")" "$(median $G_TR)" "$(median $G_TA)" "$(list $G_TT)"
	printf '%-24s %9s %8s %10s %10s  %s\n' "report 2x (${G_EV2:-?} ev)" "" "" "" "" ""
	printf '%-24s %9s %8s %10s %10s  %s\n' "sigftrace report" "${G_ST2:--}" "" "${G_SR2:--}" \
		"${G_SA2:--}" "maxrss x$(ratio "${G_SR2:--}" "$(median $G_SR)"), anon x$(ratio "${G_SA2:--}" "$(median $G_SA)") vs 1x"
	[ $HAVE_TC = 1 ] && printf '%-24s %9s %8s %10s %10s  %s\n' "trace-cmd report+plugin" "${G_TT2:--}" \
		"$(ratio "${G_TT2:--}" "${G_ST2:--}")" "${G_TR2:--}" "${G_TA2:--}" \
		"maxrss x$(ratio "${G_TR2:--}" "$(median $G_TR)"), anon x$(ratio "${G_TA2:--}" "$(median $G_TA)") vs 1x"
	echo "(maxrss includes the mmap()ed trace file's pages; anon = peak RssAnon, sampled)"
fi

FOREIGN="$FOREIGN $(foreign_tracers)"
FOREIGN=$(printf '%s\n' $FOREIGN | sort -u | tr '\n' ' ')
echo
echo "load average: start $LOAD0, end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$NOISY" ]; then
	echo "WARNING: reps differ by more than 15% (spread = max/min) in:$NOISY;"
	echo "WARNING: the machine is not quiet: rates and ratios are unreliable"
fi
if [ -n "${FOREIGN% }" ]; then
	echo "WARNING: other tracers of signal events were active (they pay for every"
	echo "WARNING: storm signal too; numbers are noisy): ${FOREIGN% }"
fi

# --- targets ----------------------------------------------------------------------------------
echo
echo "targets:"
target() { # target NAME VALUE OP LIMIT
	r=$(check "$2" "$3" "$4")
	[ "$r" = MISS ] && MISSES=$((MISSES + 1))
	printf '  %-4s %-62s %s\n' "$r" "$1" "$2 $3 $4"
}
if has c && [ $HAVE_SIGFTRACE = 1 ]; then
	target "record cost vs bare event (rate_bare/rate_record, paired)" "$(paired "$B_R" "$C_R")" \
		"<=" 1.05
	lost=$(printf '%s\n' $C_LOST | awk '$1 == "-" { u = 1 } { n += $1 } END { print u ? "-" : n }')
	target "record lost events (all reps)" "$lost" "<=" 0
	capt=$(printf '%s\n' $C_SIGUSR1 | awk -v s="$SENT" '$1 == "-" { u = 1 }
		{ if (!k++ || $1 < m) m = $1 } END { print u ? "-" : sprintf("%.6f", m / s) }')
	target "record captured/sent (min over reps, SIGUSR1 lines)" "$capt" ">=" 1
fi
if has d && [ $HAVE_SIGFTRACE = 1 ]; then
	target "stream slowdown (rate_baseline/rate_stream, paired)" "$(paired "$A_R" "$D_R")" \
		"<=" 1.5
fi
if has f && [ $HAVE_SIGFTRACE = 1 ]; then
	target "record launch latency, median ms" "$(ratio "$F_SM" 1000000)" "<=" 10
fi
if has g && [ $HAVE_SIGFTRACE = 1 ] && [ $HAVE_TC = 1 ]; then
	target "report speedup (time trace-cmd / time sigftrace)" "$(ratio "$G_TTM" "$G_STM")" ">=" 3
fi
if has g && [ $HAVE_SIGFTRACE = 1 ]; then
	G_SAM=$(median $G_SA)
	target "report memory flat: anon peak growth 1x -> 2x file, KB" \
		"$(awk -v a="${G_SA2:--}" -v b="$G_SAM" 'BEGIN {
			if (a == "-" || b == "-") print "-"; else print a - b }')" "<=" 2048
fi

echo
if [ $PEER_WARN -gt 0 ]; then
	echo "bench.sh: $PEER_WARN trace-cmd failure(s) (peer only; see warnings above)" >&2
fi
if [ $ERRORS -gt 0 ]; then
	echo "bench.sh: $ERRORS error(s), see messages above" >&2
	exit 1
fi
if [ $MISSES -gt 0 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then
	exit 1
fi
exit 0
