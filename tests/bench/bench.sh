#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - what sigftrace costs, each number a ratio against its reference
# measured in the same run (no tracing, a bare enabled event, trace-cmd, the
# plain report), with PASS/MISS per target.
#
# Run by 'make bench' (root) from the source tree with SIGFTRACE, PLUGIN_DIR,
# SRCTREE and BUILD set.  Debian packages used beyond the build ones:
#   trace-cmd    (the peer: record cost, file size, RSS, launch, report speed)
#   procps       (ps, pgrep: finding orphaned trace-cmd recorders)
#   util-linux   (setsid)
#
# Rows (BENCH_ONLY="row ..." picks some; default: all but record10m):
#   record1    record cost, 1 sender -> a receiver that ignores the signal:
#              rate(bare)/rate(sigftrace record) <= 1.02 (also shown: the cost
#              of bare, record and trace-cmd record as x untraced)
#   record2    the same with 2 senders pinned to 2 CPUs: <= 1.03
#   stream     sigftrace stream > /dev/null, 2 pinned senders:
#              rate(untraced)/rate(stream) <= 1.45 (bare shown)
#   size       recording size, bytes per captured event, of the record2 files:
#              <= 2 (trace-cmd record's file shown)
#   rss        record's peak RSS in the record2 runs (BENCH_COUNT2 x 2 =
#              3 M events): <= 16 MiB (trace-cmd record's shown)
#   record10m  the same at 10 M events, one run each (slow: ~1 min; also
#              turned on by BENCH_10M=1)
#   launch     first event captured after the launch of sigftrace record,
#              sigftrace stream, trace-cmd record and the bare reference
#              (mkdir + enable, nothing else), while a probe sends a signal
#              every 0.5 ms from before the launch: <= 10 ms
#   report     sigftrace report vs trace-cmd report (+ our plugin), a file
#              of BENCH_REPORT_EVENTS events: speedup >= 6; anon RSS flat
#              from that file to one twice as big
#   json       report --format json vs the plain report: time <= 2.5x,
#              peak RSS <= 64 MiB, anon RSS flat (also over a text trace
#              in which processes die, twice as long)
#   summary    report --summary vs the plain report: time <= 2x, anon RSS flat
#   soak       sigftrace stream as a service (metrics, syslog) through
#              BENCH_SOAK seconds of process churn (tests/bench/soak.sh): RSS
#              at the end against RSS after warm-up, the same run: <= 1.10
#
# Environment:
#   BENCH_COUNT1=N     kill() calls of the single sender (default 1000000)
#   BENCH_COUNT2=N     kill() calls per sender with 2 senders (default 1500000)
#   BENCH_REPORT_EVENTS=N  events in the report file (default 1000000)
#   BENCH_REPS=N       round-robin reps, medians taken (default 5)
#   BENCH_LAUNCHES=N   launches per kind for the launch rows (default 5)
#   BENCH_ONLY="..."   rows to run (see above)
#   BENCH_10M=1        add the record10m row
#   BENCH_SOAK=SECONDS length of the soak row (default 180)
#   BENCH_PREFIX=NAME  prefix of the tracefs instances (default sft-bench)
#   BENCH_STRICT=1     exit 1 when a target is missed (default: only on errors)
#   BENCH_KEEP=1       keep the temporary directory
#
# The storm configurations run round-robin (one rep of each in turn), so that
# drift and other load hit them alike; ratios are medians of per-rep ratios.
# The machine should be quiet: the load average, CPU steal, CPU busy before
# and after, the spread between reps and other tracers of signal events are
# reported, and a WARNING says when the numbers cannot be trusted.
#
# Tracing etiquette: only instances named BENCH_PREFIX-<pid>-* are created
# (sigftrace and trace-cmd are given such names), and every one of them is
# removed on every exit path; the top-level instance, set_ftrace_* and
# tracepoint_printk are never touched.

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
COUNT1=${BENCH_COUNT1:-1000000}
COUNT2=${BENCH_COUNT2:-1500000}
REPORT_EVENTS=${BENCH_REPORT_EVENTS:-1000000}
REPS=${BENCH_REPS:-5}
LAUNCHES=${BENCH_LAUNCHES:-5}
ALL_ROWS="record1 record2 stream size rss record10m launch report json summary soak"
ONLY=${BENCH_ONLY:-record1 record2 stream size rss launch report json summary soak}
[ "${BENCH_10M:-0}" = 1 ] && ONLY="$ONLY record10m"
PREFIX=${BENCH_PREFIX:-sft-bench}
SOAK=${BENCH_SOAK:-180}
TRACEFS=/sys/kernel/tracing

for v in COUNT1 COUNT2 REPORT_EVENTS REPS LAUNCHES SOAK; do
	eval "val=\$$v"
	case $val in
	'' | *[!0-9]*) die "BENCH_$v must be a positive integer, not '$val'" ;;
	esac
	[ "$val" -gt 0 ] || die "BENCH_$v must be a positive integer"
done
for r in $ONLY; do
	case " $ALL_ROWS " in
	*" $r "*) ;;
	*) die "BENCH_ONLY: unknown row '$r' (rows: $ALL_ROWS)" ;;
	esac
done
case $PREFIX in
'' | */* | *' '*) die "BENCH_PREFIX must be a non-empty name without '/' or blanks" ;;
esac

[ -x "$STORM" ] || die "$STORM missing: run 'make test-progs' (or 'make bench')"

if [ ! -d "$TRACEFS/instances" ]; then
	mount -t tracefs nodev "$TRACEFS" 2>/dev/null ||
		die "tracefs is not mounted at $TRACEFS and mounting it failed"
fi
[ -d "$TRACEFS/events/signal/signal_generate" ] ||
	die "no signal:signal_generate event in $TRACEFS (kernel without tracepoints?)"

has() {
	for _h in "$@"; do
		case " $ONLY " in
		*" $_h "*) return 0 ;;
		esac
	done
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

# new_instance_name KIND -> INST, registered for removal
new_instance_name() {
	INST_SEQ=$((INST_SEQ + 1))
	INST=$PREFIX-$$-$1-$INST_SEQ
	INSTANCES="$INSTANCES $INST"
}

# done_instance: INST is gone (its owner removed it) or is removed now
done_instance() {
	remove_instance "$INST" && forget INSTANCES "$INST"
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
field() { # field NAME [FILE...]  -> value of the last "NAME=value" on a line
	_fn=$1
	shift
	sed -n "s/.*\\<$_fn=\\([0-9.]*\\).*/\\1/p" "$@" 2>/dev/null | tail -n 1
}

last() { # last WORDS... -> the last word, "-" if none
	[ $# -gt 0 ] || {
		echo -
		return
	}
	eval "echo \${$#}"
}

median() { # median NUMBERS... ("-" ignored)
	printf '%s\n' "$@" | grep -v '^-*$' | sort -g | awk '{ v[NR] = $1 }
		END { if (!NR) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

calc() { # calc AWK-EXPRESSION A B [FORMAT] -> the expression of a and b, "-" if unknown
	_div=0
	case $1 in
	*'/ b'*) _div=1 ;;
	esac
	awk -v a="$2" -v b="$3" -v f="${4:-%.3f}" -v div=$_div "BEGIN {
		if (a == \"-\" || b == \"-\" || a == \"\" || b == \"\" || (div && b + 0 == 0)) {
			print \"-\"; exit }
		printf f \"\\n\", $1 }"
}

sum() { # sum NUMBERS... -> their sum, "-" if one is unknown or there are none
	printf '%s\n' "$@" | awk '$1 == "-" || $1 == "" { u = 1 } { s += $1; n++ }
		END { print u || !n ? "-" : s }'
}

min() { # min NUMBERS... -> the smallest, "-" if one is unknown or there are none
	printf '%s\n' "$@" | awk '$1 == "-" || $1 == "" { u = 1 } { if (!n++ || $1 + 0 < m) m = $1 + 0 }
		END { print u || !n ? "-" : m }'
}

ratio() { # ratio A B -> A/B with 3 decimals
	calc 'a / b' "$1" "$2"
}

check() { # check VALUE OP LIMIT -> PASS / MISS / n/a
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		if (v == "-" || v == "") { print "n/a"; exit }
		ok = (op == "<=") ? (v + 0 <= l + 0) : (v + 0 >= l + 0);
		print ok ? "PASS" : "MISS" }'
}

list() { # list VALUES... -> "v1,v2,v3"
	echo "$@" | tr ' ' ','
}

note() {
	echo "# $*" >&2
}

fail() { # fail WHAT MESSAGE [LOGFILE]
	echo "bench.sh: $1: $2" >&2
	if [ -n "${3:-}" ] && [ -s "$3" ]; then
		tail -n 15 "$3" | sed 's/^/    | /' >&2
	fi
	ERRORS=$((ERRORS + 1))
}

# The peer (trace-cmd) is flaky here: its failures are reported, not errors.
PEER_WARN=0
warn() { # warn WHAT MESSAGE [LOGFILE]
	echo "bench.sh: warning: $1: $2" >&2
	if [ -n "${3:-}" ] && [ -s "$3" ]; then
		tail -n 15 "$3" | sed 's/^/    | /' >&2
	fi
	PEER_WARN=$((PEER_WARN + 1))
}

# Storm output line -> rate, or "-" with a failure recorded.
storm_rate() { # storm_rate WHAT LOG...
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
		$PREFIX-$$-*) continue ;;
		esac
		if grep -q 1 "$_fd/events/signal/signal_generate/enable" 2>/dev/null &&
			grep -q 1 "$_fd/tracing_on" 2>/dev/null; then
			[ "$_fd" = "$TRACEFS" ] && _ft="$_ft (top-level)" || _ft="$_ft ${_fd##*/}"
		fi
	done
	echo $_ft
}

# cpu_sample -> "busy steal total" jiffies of all CPUs (/proc/stat)
cpu_sample() {
	awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i;
		print t - $5 - $6, $9, t; exit }' /proc/stat
}

# busy_pct SECONDS -> percent of all CPUs busy while this script sleeps
busy_pct() {
	_s0=$(cpu_sample)
	sleep "$1"
	_s1=$(cpu_sample)
	echo "$_s0 $_s1" | awk '{ d = $6 - $3; if (d <= 0) print "-";
		else printf "%.0f\n", 100 * ($4 - $1) / d }'
}

# --- measuring commands ----------------------------------------------------------
# timed OUT ERR CMD... -> "$TMP/timed": "seconds maxrss_kb anon_peak_kb status" of
# CMD (storm --measure): maxrss counts the pages of mmap()ed files too;
# anon_peak, the peak RssAnon sampled every 2 ms, is the memory that would
# really grow with a file. TIMED_NOSAMPLE=1: no sampling ("-"), for a storm
# that must not share its CPUs.
timed() {
	_out=$1
	_err=$2
	shift 2
	_ns=
	[ "${TIMED_NOSAMPLE:-0}" = 1 ] && _ns=--no-sample
	rm -f "$TMP/measure"
	"$STORM" --measure "$TMP/measure" $_ns -- "$@" >"$_out" 2>"$_err" || true
	_ms=$(cat "$TMP/measure" 2>/dev/null || true)
	echo "$(echo "$_ms" | field seconds) $(echo "$_ms" | field maxrss_kb)" \
		"$(echo "$_ms" | sed -n 's/.*anon_peak_kb=\([0-9-]*\).*/\1/p') $(echo "$_ms" | field status)" |
		awk '{ for (i = 1; i <= 4; i++) printf "%s%s", ($i == "" ? "-" : $i), (i < 4 ? " " : "\n") }' \
		>"$TMP/timed"
}

# Captured storm signals (SIGUSR1 -> storm-recv PID, the receiver of the
# storm that wrote LOG) in a trace.dat of either tool, read by sigftrace
# report; "-" when it cannot be read. Other storms running at the same time
# (another bench, a test) have other receivers.
storm_events() { # storm_events FILE LOG
	_rp=$(field receiver "$2")
	if [ ! -s "$1" ] || [ -z "$_rp" ]; then
		echo -
		return
	fi
	"$SIGFTRACE" report -i "$1" 2>/dev/null | grep -c -e "--\\[SIGUSR1\\]--> (storm-recv $_rp)" || true
}

# ==================================================================================
FOREIGN=$(foreign_tracers)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY0=$(busy_pct 1)
STAT0=$(cpu_sample)
T_START=$(date +%s)
NCPU=$(getconf _NPROCESSORS_ONLN)

HAVE_SIGFTRACE=1
if [ ! -x "$SIGFTRACE" ]; then
	HAVE_SIGFTRACE=0
	fail setup "$SIGFTRACE is missing: sigftrace's rows skipped"
fi
HAVE_TC=1
if ! command -v trace-cmd >/dev/null 2>&1; then
	HAVE_TC=0
	fail setup "trace-cmd not installed (apt-get install trace-cmd): its references skipped"
fi
[ "$NCPU" -ge 2 ] || note "only $NCPU CPU online: the 2 'pinned' senders share it"

note "sigftrace bench: $(uname -r), $NCPU CPUs, rows: $ONLY; $REPS reps"
note "sigftrace: $SIGFTRACE ($("$SIGFTRACE" --version 2>/dev/null | head -n 1 || echo '?'))"
note "trace-cmd: $(trace-cmd --version 2>/dev/null | sed -n 's/^trace-cmd version //p' | head -n 1)"
note "machine before the run: load average $LOAD0, CPUs $BUSY0% busy"

# --- storm configurations ------------------------------------------------------------
# Suffix N = senders (1, or 2 pinned to their own CPUs).
storm_args() { # storm_args N
	if [ "$1" = 1 ]; then
		echo "-n 1 -c $COUNT1"
	else
		echo "-n 2 -c $COUNT2"
	fi
}

run_base() { # run_base N
	"$STORM" $(storm_args "$1") >"$TMP/a$1.out" 2>&1 || fail "untraced" "storm failed" "$TMP/a$1.out"
	storm_rate untraced "$TMP/a$1.out"
}

# the bare event: a fresh instance, only signal:signal_generate enabled,
# nobody reading (the ring buffer overwrites)
run_bare() { # run_bare N
	new_instance_name bare
	_bd=$TRACEFS/instances/$INST
	if ! mkdir "$_bd" || ! echo 1 >"$_bd/events/signal/signal_generate/enable"; then
		fail bare "cannot set up instance $INST"
		done_instance || true
		echo -
		return
	fi
	"$STORM" $(storm_args "$1") >"$TMP/b$1.out" 2>&1 || fail bare "storm failed" "$TMP/b$1.out"
	echo 0 >"$_bd/tracing_on"
	done_instance
	storm_rate bare "$TMP/b$1.out"
}

# sigftrace record -- storm, under storm --measure (peak RSS, not sampled)
REC_LINE='s/.*sigftrace record: \([0-9]*\) events captured.*[ ,]\([0-9]*\) lost.*/\1 \2/p'
run_record() { # run_record N REP -> rate; C<N>_* lists updated
	_f=$TMP/rec$1-$2.dat
	new_instance_name rec
	TIMED_NOSAMPLE=1 timed "$TMP/c$1.out" "$TMP/c$1.err" "$SIGFTRACE" record --instance "$INST" \
		-o "$_f" -- "$STORM" $(storm_args "$1")
	done_instance
	set -- "$1" "$2" $(cat "$TMP/timed")
	[ "$6" = 0 ] || fail record "sigftrace record exited with $6" "$TMP/c$1.err"
	eval "C$1_RSS=\"\$C$1_RSS $4\""
	_line=$(sed -n "$REC_LINE" "$TMP/c$1.err" | tail -n 1)
	if [ -z "$_line" ]; then
		fail record "no 'sigftrace record: N events captured, M lost' line" "$TMP/c$1.err"
		_line="- -"
	fi
	eval "C$1_CAPT=\"\$C$1_CAPT ${_line% *}\"; C$1_LOST=\"\$C$1_LOST ${_line#* }\""
	# independent check of the file: its SIGUSR1 lines, and its size per event
	_n=$(storm_events "$_f" "$TMP/c$1.out")
	eval "C$1_SIG=\"\$C$1_SIG $_n\""
	_sz=-
	[ -s "$_f" ] && _sz=$(stat -c %s "$_f")
	eval "C$1_BPE=\"\$C$1_BPE $(calc 'a / b' "$_sz" "$_n")\""
	rm -f "$_f"
	storm_rate record "$TMP/c$1.out" "$TMP/c$1.err"
}

# start_stream OUT ERR KIND: sigftrace stream in the background (pid _sp), in
# instance INST, through storm --now (a background job of sh starts with
# SIGINT ignored; the launch time goes to OUT)
start_stream() {
	new_instance_name "$3"
	"$STORM" --now -- "$SIGFTRACE" stream --instance "$INST" >"$1" 2>"$2" &
	_sp=$!
	BG_PIDS="$BG_PIDS $_sp"
}

# stop_stream WHAT ERR: Ctrl-C for the stream started by start_stream
stop_stream() {
	kill -INT "$_sp" 2>/dev/null || true
	_rc=0
	wait_pid "$_sp" 10 || _rc=$?
	forget BG_PIDS "$_sp"
	done_instance
	case $_rc in
	0 | 130) ;;
	*) fail "$1" "sigftrace stream ended with status $_rc after SIGINT" "$2" ;;
	esac
}

# sigftrace stream > /dev/null in the background while storm runs
run_stream() { # run_stream N
	start_stream /dev/null "$TMP/d.err" stream
	_si=0
	while [ ! -d "$TRACEFS/instances/$INST" ] && [ $_si -lt 50 ] && kill -0 "$_sp" 2>/dev/null; do
		sleep 0.02
		_si=$((_si + 1))
	done
	sleep 0.2 # the instance exists; tracing is on a moment later
	if ! kill -0 "$_sp" 2>/dev/null; then
		_rc=0
		wait "$_sp" || _rc=$?
		forget BG_PIDS "$_sp"
		done_instance
		fail stream "sigftrace stream exited early with $_rc" "$TMP/d.err"
		echo -
		return
	fi
	"$STORM" $(storm_args "$1") >"$TMP/d.out" 2>&1 || fail stream "storm failed" "$TMP/d.out"
	stop_stream stream "$TMP/d.err"
	storm_rate stream "$TMP/d.out"
}

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
	done_instance
}

# trace-cmd record (v7, zstd: its default) -- storm, under storm --measure
run_tc() { # run_tc N REP
	_f=$TMP/tc$1-$2.dat
	TC_PREFIX="$STORM --measure $TMP/tc.time --no-sample --"
	tc_record 300 "$_f" "$TMP/e$1.out" -e signal:signal_generate -- "$STORM" $(storm_args "$1")
	TC_PREFIX=
	eval "E$1_RC=\"\$E$1_RC $TC_RC\""
	_rss=$(field maxrss_kb "$TMP/tc.time")
	eval "E$1_RSS=\"\$E$1_RSS ${_rss:--}\""
	_r=$(field rate "$TMP/e$1.out")
	if [ -z "$_r" ]; then
		warn trace-cmd "trace-cmd record did not run the storm (status $TC_RC)" "$TMP/e$1.out"
		eval "E$1_CAPT=\"\$E$1_CAPT -\"; E$1_BPE=\"\$E$1_BPE -\""
		echo -
		return
	fi
	_n=$(storm_events "$_f" "$TMP/e$1.out")
	_sz=-
	[ -s "$_f" ] && _sz=$(stat -c %s "$_f")
	eval "E$1_CAPT=\"\$E$1_CAPT $_n\"; E$1_BPE=\"\$E$1_BPE $(calc 'a / b' "$_sz" "$_n")\""
	rm -f "$_f"
	echo "$_r"
}

for n in 1 2; do
	for x in A B C D E; do
		eval "${x}${n}_R=; ${x}${n}_RC=; ${x}${n}_RSS=; ${x}${n}_CAPT=; ${x}${n}_LOST="
		eval "${x}${n}_SIG=; ${x}${n}_BPE="
	done
done

RUN1=
has record1 && RUN1="A B C E"
RUN2=
has record2 size rss && RUN2="A B C E"
if has stream; then
	case " $RUN2 " in
	*" A "*) RUN2="A B C D E" ;;
	*) RUN2="A B D" ;;
	esac
fi
[ $HAVE_SIGFTRACE = 1 ] || RUN1=$(echo "$RUN1" | sed 's/[CD]//g')
[ $HAVE_SIGFTRACE = 1 ] || RUN2=$(echo "$RUN2" | sed 's/[CD]//g')
[ $HAVE_TC = 1 ] || RUN1=$(echo "$RUN1" | sed 's/E//g')
[ $HAVE_TC = 1 ] || RUN2=$(echo "$RUN2" | sed 's/E//g')

rep=1
while [ -n "$RUN1$RUN2" ] && [ $rep -le "$REPS" ]; do
	for n in 1 2; do
		eval "_cfgs=\$RUN$n"
		for x in $_cfgs; do
			case $x in
			A) run_base $n >"$TMP/rate" ;;
			B) run_bare $n >"$TMP/rate" ;;
			C) run_record $n $rep >"$TMP/rate" ;;
			D) run_stream $n >"$TMP/rate" ;;
			E) run_tc $n $rep >"$TMP/rate" ;;
			esac
			r=$(cat "$TMP/rate")
			eval "${x}${n}_R=\"\$${x}${n}_R $r\""
			case $x in
			A) what=untraced ;;
			B) what=bare ;;
			C) what="record    captured/lost=$(eval last \$C${n}_CAPT)/$(eval last \$C${n}_LOST) storm lines=$(eval last \$C${n}_SIG) B/ev=$(eval last \$C${n}_BPE) maxrss=$(eval last \$C${n}_RSS)K" ;;
			D) what=stream ;;
			E) what="trace-cmd storm lines=$(eval last \$E${n}_CAPT) B/ev=$(eval last \$E${n}_BPE) maxrss=$(eval last \$E${n}_RSS)K status=$TC_RC" ;;
			esac
			note "rep $rep, $n sender(s): $(printf '%-9s' "${what%% *}") rate=$r ${what#"${what%% *}"}"
		done
	done
	rep=$((rep + 1))
done
# (the run_* functions are not run in $(...): they update the totals in this shell)

# --- record at 10 M events: peak RSS ----------------------------------------------------
R10_S=-
R10_T=-
R10_SCAPT=-
R10_SLOST=-
if has record10m; then
	if [ $HAVE_SIGFTRACE = 1 ]; then
		new_instance_name rec10m
		TIMED_NOSAMPLE=1 timed "$TMP/r10.out" "$TMP/r10.err" "$SIGFTRACE" record \
			--instance "$INST" -o "$TMP/r10.dat" -- "$STORM" -n 2 -c 5000000
		done_instance
		set -- $(cat "$TMP/timed")
		[ "$4" = 0 ] || fail record10m "sigftrace record exited with $4" "$TMP/r10.err"
		R10_S=$2
		_line=$(sed -n "$REC_LINE" "$TMP/r10.err" | tail -n 1)
		R10_SCAPT=${_line% *}
		R10_SLOST=${_line#* }
		rm -f "$TMP/r10.dat"
		note "10 M events: sigftrace record maxrss=${R10_S}K captured/lost=$R10_SCAPT/$R10_SLOST"
	fi
	if [ $HAVE_TC = 1 ]; then
		TC_PREFIX="$STORM --measure $TMP/tc.time --no-sample --"
		tc_record 600 "$TMP/t10.dat" "$TMP/t10.out" -e signal:signal_generate -- \
			"$STORM" -n 2 -c 5000000
		TC_PREFIX=
		R10_T=$(field maxrss_kb "$TMP/tc.time")
		R10_T=${R10_T:--}
		rm -f "$TMP/t10.dat"
		note "10 M events: trace-cmd record maxrss=${R10_T}K status=$TC_RC"
	fi
fi

# --- launch: first event captured after the launch ----------------------------------------
first_ts_ns() { # first "SECONDS.FRACTION" timestamp of a storm-recv line of stdin -> ns
	awk '/storm-recv/ && match($0, /[0-9]+\.[0-9]+/) { s = substr($0, RSTART, RLENGTH);
		split(s, p, "."); f = substr(p[2] "000000000", 1, 9);
		printf "%.0f\n", p[1] * 1e9 + f; exit }'
}

ts_ns() { # ts_ns PATTERN FILE -> ns of the first "SECONDS.FRACTION:" on a line matching PATTERN
	awk -v pat="$1" '$0 ~ pat && match($0, /[0-9]+\.[0-9]+:/) {
		s = substr($0, RSTART, RLENGTH - 1); split(s, p, ".");
		f = substr(p[2] "000000000", 1, 9); printf "%.0f\n", p[1] * 1e9 + f; exit }' "$2"
}

# launch_once KIND I -> latency in ns or "-": the probe (storm --tick) sends
# SIGUSR1 every 0.5 ms from before the launch; latency = CLOCK_MONOTONIC time
# of the first probe signal captured minus the launch time
launch_once() {
	kind=$1
	f=$TMP/lat-$kind-$2.dat
	log=$TMP/lat-$kind.log
	rm -f "$f"
	"$STORM" --tick 500 -c 6000 >"$TMP/tick.out" 2>&1 &
	tick=$!
	BG_PIDS="$BG_PIDS $tick"
	sleep 0.2
	t0=
	first=
	case $kind in
	record)
		new_instance_name launch
		"$STORM" --now -- "$SIGFTRACE" record --instance "$INST" -o "$f" -d 1 >"$log" 2>&1 ||
			fail launch "sigftrace record -o F -d 1 failed" "$log"
		done_instance
		t0=$(field now_mono_ns "$log")
		first=$("$SIGFTRACE" report -i "$f" 2>/dev/null | first_ts_ns || true)
		;;
	stream)
		start_stream "$log" "$log.err" launch
		# no polling while it launches: forks of grep and sleep would compete
		# with it for the CPUs (record's launch runs with the shell waiting)
		sleep 0.2
		_si=0
		while ! grep -qs storm-recv "$log" && [ $_si -lt 100 ] && kill -0 "$_sp" 2>/dev/null; do
			sleep 0.02
			_si=$((_si + 1))
		done
		stop_stream launch "$log.err"
		t0=$(field now_mono_ns "$log")
		first=$(first_ts_ns <"$log" || true)
		;;
	trace-cmd)
		TC_PREFIX="$STORM --now --"
		tc_record 30 "$f" "$log" -C mono -e signal:signal_generate -- sleep 1
		TC_PREFIX=
		t0=$(field now_mono_ns "$log")
		first=$(trace-cmd report -i "$f" 2>/dev/null | grep -v '^cpus=' | first_ts_ns || true)
		;;
	bare)
		# the instance's own (default) clock, mapped onto CLOCK_MONOTONIC by a marker
		new_instance_name launch
		"$STORM" --bare-launch "$TRACEFS/instances/$INST" >"$log" 2>&1 ||
			fail launch "storm --bare-launch failed" "$log"
		sleep 0.1
		if [ -d "$TRACEFS/instances/$INST" ]; then
			echo 0 >"$TRACEFS/instances/$INST/tracing_on"
			cat "$TRACEFS/instances/$INST/trace" >"$f"
		fi
		done_instance
		t0=$(field now_mono_ns "$log")
		_m=$(field marker_mono_ns "$log")
		_mt=$(ts_ns tracing_mark_write "$f")
		_st=$(ts_ns 'signal_generate:.*comm=storm-recv' "$f")
		if [ -n "$_m" ] && [ -n "$_mt" ] && [ -n "$_st" ]; then
			first=$((_st - _mt + _m))
		else
			head -n 20 "$f" >>"$log" 2>/dev/null || true
		fi
		;;
	esac
	wait_pid "$tick" 30 || fail launch "storm --tick failed" "$TMP/tick.out"
	forget BG_PIDS "$tick"
	if [ -z "$t0" ] || [ -z "$first" ]; then
		if [ "$kind" = trace-cmd ]; then
			trace-cmd report -i "$f" >/dev/null 2>>"$log" || true
			warn launch "$kind: no launch time or no event in the file" "$log"
		else
			fail launch "$kind: no launch time or no probe event captured" "$log"
		fi
		echo -
		return
	fi
	echo $((first - t0))
}

L_KINDS=
if has launch; then
	[ $HAVE_SIGFTRACE = 1 ] && L_KINDS="record stream"
	[ $HAVE_TC = 1 ] && L_KINDS="$L_KINDS trace-cmd"
	L_KINDS="$L_KINDS bare"
fi
L_record=
L_stream=
L_trace_cmd=
L_bare=
launch=1
while [ -n "$L_KINDS" ] && [ $launch -le "$LAUNCHES" ]; do
	for k in $L_KINDS; do
		launch_once $k $launch >"$TMP/lat"
		v=$(echo "$k" | tr - _)
		eval "L_$v=\"\$L_$v $(cat "$TMP/lat")\""
		note "launch $launch $k: $(cat "$TMP/lat") ns"
	done
	launch=$((launch + 1))
done
ms() { # ms NS-LIST -> median in ms
	calc 'a / b' "$(median $1)" 1000000 '%.1f'
}

# --- report, json, summary ------------------------------------------------------------------
G_KINDS=
if has report json summary && [ $HAVE_SIGFTRACE = 1 ]; then
	G_KINDS=plain
	has report && [ $HAVE_TC = 1 ] && G_KINDS="$G_KINDS trace-cmd"
	has json && G_KINDS="$G_KINDS json"
	has summary && G_KINDS="$G_KINDS summary"
fi
G_EV1=-
G_EV2=-
for v in plain trace_cmd json summary; do
	eval "G_T_$v= G_R_$v= G_A_$v= G_A2_$v=-"
done
report_cmd() { # report_cmd KIND FILE -> sets CMD
	case $1 in
	plain) CMD="$SIGFTRACE report -i $2" ;;
	trace-cmd) CMD="env TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -i $2" ;;
	json) CMD="$SIGFTRACE report --format json -i $2" ;;
	summary) CMD="$SIGFTRACE report --summary -i $2" ;;
	esac
}
if [ -n "$G_KINDS" ]; then
	# the files: REPORT_EVENTS and twice as many storm signals, 2 senders;
	# SIGUSR2 only, so that no other storm running meanwhile adds to them
	for m in 1 2; do
		new_instance_name repfile
		"$SIGFTRACE" record --instance "$INST" -s USR2 -o "$TMP/rep$m.dat" -- "$STORM" \
			-s USR2 -n 2 -c $((REPORT_EVENTS * m / 2)) >"$TMP/g$m.out" 2>&1 ||
			fail report "sigftrace record (report file) failed" "$TMP/g$m.out"
		done_instance
		eval "G_EV$m=\$(sed -n 's/.*sigftrace record: \\([0-9]*\\) events captured.*/\\1/p' \"\$TMP/g$m.out\")"
	done
	rep=1
	while [ $rep -le "$REPS" ]; do
		for k in $G_KINDS; do
			report_cmd $k "$TMP/rep1.dat"
			timed /dev/null "$TMP/g-$k.err" $CMD
			set -- $(cat "$TMP/timed")
			v=$(echo "$k" | tr - _)
			if [ "$4" != 0 ]; then
				if [ $k = trace-cmd ]; then
					warn report "$CMD failed" "$TMP/g-$k.err"
				else
					fail report "$CMD failed" "$TMP/g-$k.err"
				fi
				set -- - - - "$4"
			fi
			eval "G_T_$v=\"\$G_T_$v $1\"; G_R_$v=\"\$G_R_$v $2\"; G_A_$v=\"\$G_A_$v $3\""
			note "report rep $rep $k: $1 s, maxrss ${2}K, anon ${3}K"
		done
		rep=$((rep + 1))
	done
	for k in $G_KINDS; do
		[ $k = trace-cmd ] && continue
		report_cmd $k "$TMP/rep2.dat"
		timed /dev/null "$TMP/g2-$k.err" $CMD
		set -- $(cat "$TMP/timed")
		[ "$4" = 0 ] || fail report "$CMD failed" "$TMP/g2-$k.err"
		eval "G_A2_$k=$3"
		note "report 2x $k: $1 s, maxrss ${2}K, anon ${3}K"
	done
fi
# JSON lines over a trace where processes exit and die (the text fixture's
# lines repeated: storm files have no deaths): only the fates are kept, so
# anon RSS does not grow with the number of dead processes
G_JD1=- G_JD2=-
if has json && [ $HAVE_SIGFTRACE = 1 ]; then
	_f=$SRCTREE/tests/data/text/ftrace-instance.txt
	grep -v '^#' "$_f" | awk '{ a[NR] = $0 } END {
		for (i = 0; i < 4000; i++) for (j = 1; j <= NR; j++) print a[j] }' >"$TMP/jd.body"
	for m in 1 2; do
		grep '^#' "$_f" >"$TMP/jd$m.txt"
		i=0
		while [ $i -lt $m ]; do
			cat "$TMP/jd.body" >>"$TMP/jd$m.txt"
			i=$((i + 1))
		done
		timed /dev/null "$TMP/jd$m.err" "$SIGFTRACE" report --format json -i "$TMP/jd$m.txt"
		set -- $(cat "$TMP/timed")
		[ "$4" = 0 ] || fail json "report --format json of a text trace failed" "$TMP/jd$m.err"
		eval "G_JD$m=$3"
		note "report ${m}x json, text with deaths ($(wc -l <"$TMP/jd$m.txt") lines): $1 s, anon ${3}K"
	done
	rm -f "$TMP"/jd*
fi

# ==================================================================================
# --- soak: stream's memory over weeks of churn, compressed into minutes -------------------
H_LINE=
if has soak && [ $HAVE_SIGFTRACE = 1 ]; then
	new_instance_name soak
	note "soak: $SOAK s of process churn through sigftrace stream (metrics, syslog)"
	if SIGFTRACE=$SIGFTRACE BUILD=$BUILD sh "$SRCTREE/tests/bench/soak.sh" "$SOAK" "$INST" "$TMP" \
		>"$TMP/soak.out" 2>"$TMP/soak.log"; then
		H_LINE=$(tail -n 1 "$TMP/soak.out")
	else
		fail soak "soak.sh failed" "$TMP/soak.log"
	fi
	echo "soak ($SOAK s): ${H_LINE:-failed}"
	echo "soak RSS samples (KB, every 2 s): $(list $(cat "$TMP/soak.rss" 2>/dev/null))"
fi

# --- the machine -------------------------------------------------------------------------------
STAT1=$(cpu_sample)
STEAL=$(echo "$STAT0 $STAT1" | awk '{ d = $6 - $3; if (d <= 0) print "-";
	else printf "%.1f\n", 100 * ($5 - $2) / d }')
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY1=$(busy_pct 1)
FOREIGN="$FOREIGN $(foreign_tracers)"
FOREIGN=$(printf '%s\n' $FOREIGN | sort -u | tr '\n' ' ')

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

echo
echo "sigftrace bench: $(uname -r), $NCPU CPUs, $REPS round-robin reps, $(($(date +%s) - T_START)) s"
echo "storms: 1 sender x $COUNT1 kill(SIGUSR1), 2 pinned senders x $COUNT2; receiver ignores it"

# raw rates
NOISY=
rates() { # rates LABEL LIST
	[ -n "$2" ] || return 0
	_sp=$(spread $2)
	[ "$(check "$_sp" "<=" 1.15)" = MISS ] && NOISY="$NOISY $1"
	printf '  %-22s median %9s  spread %5s  %s\n' "$1" "$(median $2)" "$_sp" "$(list $2)"
}
if [ -n "$RUN1$RUN2" ]; then
	echo
	echo "signals/s per rep (spread = max/min over the reps):"
	rates "untraced, 1 sender" "$A1_R"
	rates "bare, 1 sender" "$B1_R"
	rates "record, 1 sender" "$C1_R"
	rates "trace-cmd, 1 sender" "$E1_R"
	rates "untraced, 2 senders" "$A2_R"
	rates "bare, 2 senders" "$B2_R"
	rates "record, 2 senders" "$C2_R"
	rates "stream, 2 senders" "$D2_R"
	rates "trace-cmd, 2 senders" "$E2_R"
fi
for n in 1 2; do
	case " $(eval echo \$RUN$n) " in
	*" C "*) ;;
	*) continue ;;
	esac
	eval "_capt=\$C${n}_CAPT _lost=\$C${n}_LOST _sig=\$C${n}_SIG"
	echo "record, $n sender(s): events captured $(list $_capt), lost $(list $_lost)," \
		"SIGUSR1->storm-recv lines $(list $_sig) of $((n * $(storm_args $n | sed 's/.*-c //')))"
done
echo
echo "machine: load average $LOAD0 before, $LOAD1 after; CPUs busy $BUSY0% before, $BUSY1% after"
echo "         (this script idle); CPU steal during the run ${STEAL}%"
QUIET=1
if [ "$(check "$(echo "$LOAD0" | cut -d' ' -f1)" "<=" 0.5)" = MISS ] ||
	[ "$(check "$BUSY0" "<=" 10)" = MISS ] || [ "$(check "$BUSY1" "<=" 10)" = MISS ] ||
	[ "$(check "$STEAL" "<=" 2)" = MISS ]; then
	QUIET=0
	echo "WARNING: the machine is not quiet (load average > 0.5, other load > 10% of the CPUs"
	echo "WARNING: or steal > 2%): rates and ratios are unreliable; run again when it is idle"
fi
if [ -n "$NOISY" ]; then
	echo "WARNING: reps differ by more than 15% in:$NOISY"
	[ $QUIET = 0 ] || echo "WARNING: the machine is not quiet: rates and ratios are unreliable"
fi
if [ -n "${FOREIGN% }" ]; then
	echo "WARNING: other tracers of signal events were active (they pay for every"
	echo "WARNING: storm signal too; numbers are noisy): ${FOREIGN% }"
fi

# --- the table ------------------------------------------------------------------------------
echo
printf '%-5s %-34s %-22s %-30s %s\n' "" "what" "sigftrace" "reference" "target"
row() { # row NAME OURS REFERENCE VALUE OP LIMIT TARGET-TEXT
	_r=$(check "$4" "$5" "$6")
	[ "$_r" = MISS ] && MISSES=$((MISSES + 1))
	printf '%-5s %-34s %-22s %-30s %s\n' "$_r" "$1" "$2" "$3" "$7 (is $4)"
}
x() { # x VALUE -> "VALUEx" or "-"
	[ "$1" = - ] && echo - || echo "${1}x"
}
mib() { # mib KB -> MiB with 1 decimal
	calc 'a / b' "$1" 1024 '%.1f'
}
for n in 1 2; do
	has record$n || continue
	case " $(eval echo \$RUN$n) " in
	*" C "*) ;;
	*) continue ;;
	esac
	eval "_a=\$A${n}_R _b=\$B${n}_R _c=\$C${n}_R _e=\$E${n}_R"
	lim=1.02
	what="record cost, 1 sender -> SIG_IGN"
	if [ $n = 2 ]; then
		lim=1.03
		what="record cost, 2 pinned senders"
	fi
	row "$what" "$(x "$(paired "$_a" "$_c")") untraced" \
		"bare $(x "$(paired "$_a" "$_b")"), trace-cmd $(x "$(paired "$_a" "$_e")")" \
		"$(paired "$_b" "$_c")" "<=" $lim "<= bare x $lim"
	eval "_capt=\$C${n}_SIG _lost=\$C${n}_LOST"
	sent=$((n * $(storm_args $n | sed 's/.*-c //')))
	row "  record lost events (all reps)" "$(sum $_lost)" "" "$(sum $_lost)" "<=" 0 "0"
	row "  record captured/sent (min)" "$(min $_capt)/$sent" "" \
		"$(calc 'a / b' "$(min $_capt)" "$sent" '%.6f')" ">=" 1 ">= 1"
done
if has stream && [ -n "$D2_R" ]; then
	row "stream, 2 pinned senders" "$(x "$(paired "$A2_R" "$D2_R")") untraced" \
		"bare $(x "$(paired "$A2_R" "$B2_R")")" "$(paired "$A2_R" "$D2_R")" "<=" 1.45 \
		"<= 1.45x untraced"
fi
if has size && [ -n "$C2_BPE" ]; then
	_s=$(median $C2_BPE)
	_t=$(median $E2_BPE)
	row "recording size, bytes/event" "$(calc a "$_s" 0 '%.2f') B" \
		"trace-cmd v7 $(calc a "$_t" 0 '%.2f') B ($(x "$(ratio "$_s" "$_t")"))" \
		"$(calc a "$_s" 0 '%.2f')" "<=" 2 "<= 2 B/event"
fi
if has rss && [ -n "$C2_RSS" ]; then
	_s=$(median $C2_RSS)
	_t=$(median $E2_RSS)
	row "record peak RSS, $(calc 'a / b' $((2 * COUNT2)) 1000000 '%g') M events" "$(mib "$_s") MiB" \
		"trace-cmd $(mib "$_t") MiB ($(x "$(ratio "$_s" "$_t")"))" "$(mib "$_s")" "<=" 16 \
		"<= 16 MiB"
fi
if has record10m; then
	row "record peak RSS, 10 M events" "$(mib "$R10_S") MiB" \
		"trace-cmd $(mib "$R10_T") MiB ($(x "$(ratio "$R10_S" "$R10_T")"))" "$(mib "$R10_S")" \
		"<=" 16 "<= 16 MiB"
	row "  record lost events, 10 M" "$R10_SLOST (of $R10_SCAPT)" "" "$R10_SLOST" "<=" 0 "0"
fi
if has launch; then
	_ref="trace-cmd $(ms "$L_trace_cmd") ms, bare $(ms "$L_bare") ms"
	if [ -n "$L_record" ]; then
		row "first event after launch, record" "$(ms "$L_record") ms" "$_ref" "$(ms "$L_record")" \
			"<=" 10 "<= 10 ms"
		row "first event after launch, stream" "$(ms "$L_stream") ms" "$_ref" "$(ms "$L_stream")" \
			"<=" 10 "<= 10 ms"
	else
		echo "      first event after launch: $_ref"
	fi
fi
# growth KIND: anon RSS growth from the 1x to the 2x file, a row
growth() {
	eval "_g=\$(calc 'a - b' \"\$G_A2_$1\" \"\$(median \$G_A_$1)\" '%d')"
	row "  $1 anon RSS growth 1x -> 2x" "$_g KiB" "" "$_g" "<=" 2048 "<= 2048 KiB"
}
# vs_plain KIND WHAT LIMIT: KIND's time against the plain report's, a row
vs_plain() {
	eval "_kt=\$(median \$G_T_$1) _kr=\$(median \$G_R_$1)"
	row "$2, $_ev M" "$_kt s, $(mib "$_kr") MiB" "plain $_pt s, $(mib "$_pr") MiB" \
		"$(ratio "$_kt" "$_pt")" "<=" "$3" "<= ${3}x plain's time"
}
if [ -n "$G_KINDS" ]; then
	_pt=$(median $G_T_plain)
	_pr=$(median $G_R_plain)
	_ev=$(calc 'a / b' "$G_EV1" 1000000 '%.2g')
	if has report; then
		_tt=$(median $G_T_trace_cmd)
		row "report, $_ev M events" "$_pt s, $(mib "$_pr") MiB" "trace-cmd report $_tt s" \
			"$(ratio "$_tt" "$_pt")" ">=" 6 ">= 6x faster than trace-cmd"
		growth plain
	fi
	if has json; then
		vs_plain json "report --format json" 2.5
		_jr=$(mib "$(median $G_R_json)")
		row "  json peak RSS" "$_jr MiB" "" "$_jr" "<=" 64 "<= 64 MiB"
		growth json
		_g=$(calc 'a - b' "$G_JD2" "$G_JD1" '%d')
		row "  json anon RSS, deaths 1x -> 2x" "$_g KiB" "" "$_g" "<=" 2048 "<= 2048 KiB"
	fi
	if has summary; then
		vs_plain summary "report --summary" 2
		growth summary
	fi
fi
if has soak && [ $HAVE_SIGFTRACE = 1 ]; then
	_g=$(echo "$H_LINE" | sed -n 's/.* growth=\([0-9.]*\).*/\1/p' | grep . || echo -)
	_w=$(echo "$H_LINE" | sed -n 's/.*rss_warm_kb=\([0-9]*\).*/\1/p' | grep . || echo -)
	_e=$(echo "$H_LINE" | sed -n 's/.*rss_end_kb=\([0-9]*\).*/\1/p' | grep . || echo -)
	row "stream soak, $SOAK s of churn" "RSS $_e KiB at the end" "$_w KiB after warm-up" \
		"$_g" "<=" 1.10 "<= 1.10x RSS after warm-up"
fi
echo
echo "cost = rate(untraced)/rate(X), the median of per-rep ratios; record's and trace-cmd's"
echo "peak RSS: wait4() maxrss, the largest process (trace-cmd forks a recorder per CPU);"
echo "report's includes the mmap()ed file; anon growth: peak RssAnon sampled every 2 ms"

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
