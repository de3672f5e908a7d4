#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh - the memory of `sigftrace stream` as a service (bench.sh
# row soak): weeks of a busy machine's births, deaths and signals
# compressed into minutes (tests/bench/churn: processes and threads that are
# named, catch, ignore and die of signals, pids used again and again), with
# the service's sinks (metrics every second, syslog over UDP to a reader
# that discards), its RSS sampled every 2 s.
#
#   soak.sh SECONDS INSTANCE TMPDIR
#
# Prints one line of key=value: samples, rss_warm_kb (the sample at a fifth
# of the run: names of the live tasks loaded, queues and tables at their
# working size), rss_end_kb, rss_max_kb, growth (end / warm), processes,
# signals (sigftrace_signals_total summed), lost. Exit 1 on an error.
set -eu

secs=$1
inst=$2
tmp=$3
CHURN=${CHURN:-$BUILD/tests/bench/churn}
[ -x "$CHURN" ] || { echo "soak.sh: $CHURN missing (make test-progs)" >&2; exit 1; }

pids=
stop() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null || true
	done
}
trap stop EXIT

# a syslog server that reads and drops (python3 comes with rst2man's docutils)
python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    s.recv(65536)
' >"$tmp/soak.port" &
pids="$pids $!"
i=0
while [ ! -s "$tmp/soak.port" ] && [ $i -lt 300 ]; do
	sleep 0.05
	i=$((i + 1))
done
port=$(cat "$tmp/soak.port")
[ -n "$port" ] || { echo "soak.sh: the UDP reader did not start" >&2; exit 1; }

# -f: the churn's signals only reach the ring buffer (another test's storm on
# the machine would measure that storm, not the weeks of a service)
"$SIGFTRACE" stream -q --all -f 'comm ~ "churn*"' --instance "$inst" --metrics "$tmp/soak.prom" \
	--metrics-interval 1s --syslog="udp:127.0.0.1:$port" 2>"$tmp/soak.err" &
spid=$!
pids="$pids $spid"
i=0
while [ "$(cat "/sys/kernel/tracing/instances/$inst/tracing_on" 2>/dev/null)" != 1 ] &&
	[ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -0 "$spid" 2>/dev/null || { echo "soak.sh: stream failed: $(cat "$tmp/soak.err")" >&2; exit 1; }

"$CHURN" "$secs" >"$tmp/soak.churn" &
cpid=$!
pids="$pids $cpid"
: >"$tmp/soak.rss"
while kill -0 "$cpid" 2>/dev/null; do
	awk '/^VmRSS:/ { print $2 }' "/proc/$spid/status" >>"$tmp/soak.rss" 2>/dev/null || true
	sleep 2
done
wait "$cpid" || { echo "soak.sh: churn failed" >&2; exit 1; }
awk '/^VmRSS:/ { print $2 }' "/proc/$spid/status" >>"$tmp/soak.rss"
kill -TERM "$spid"
wait "$spid" || { echo "soak.sh: stream exited $?: $(cat "$tmp/soak.err")" >&2; exit 1; }
pids=

awk -v churn="$(cat "$tmp/soak.churn")" -v prom="$tmp/soak.prom" '
	{ rss[n++] = $1; if ($1 > max) max = $1 }
	END {
		if (n < 5) { print "soak.sh: too few samples" > "/dev/stderr"; exit 1 }
		warm = rss[int(n / 5)]
		sig = 0; lost = 0
		while ((getline l < prom) > 0) {
			if (l ~ /^sigftrace_signals_total/) { split(l, w, " "); sig += w[2] }
			if (l ~ /^sigftrace_events_lost_total\{where="ring"\}/) { split(l, w, " "); lost = w[2] }
		}
		split(churn, c, /[ =]/)
		printf "samples=%d rss_warm_kb=%d rss_end_kb=%d rss_max_kb=%d growth=%.3f processes=%s threads=%s signals=%d lost=%d\n",
			n, warm, rss[n - 1], max, rss[n - 1] / warm, c[2], c[4], sig, lost
	}' "$tmp/soak.rss"
