#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# gen-seeds.sh DIR - the generated seed corpora of the fuzz harnesses
#
# DIR/NAME for each harness (the committed seeds are in tests/fuzz/seeds):
#   report  the fixtures (tests/data: trace.dat v6 and v7, text traces),
#           each behind the harness's option byte; as root with tracefs, a
#           fresh recording by sigftrace (v6) with the scenario's signals, the
#           same file converted to v7 (zstd) and v6 by trace-cmd, and the
#           instance's text trace
#   textin  the text fixtures and the fresh text trace
#   pages   the first pages of each CPU of the fresh recording, 64-bit
#           little endian (this machine), behind the option byte
# Environment: SIGFTRACE, SCENARIO (default: the plain build's), E2E_PREFIX.
set -u

out=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
: "${SIGFTRACE:=$src/build/sigftrace}"
: "${SCENARIO:=$src/build/tests/e2e/scenario}"
TRACEFS=/sys/kernel/tracing
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sft-fuzz-seeds.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/report" "$out/textin" "$out/pages" || exit 1

# seed HARNESS NAME OPTBYTE FILE: FILE behind the option byte (octal)
seed()
{
	{ printf "\\$3"; cat "$4"; } > "$out/$1/$2"
}

for f in "$src"/tests/data/*.dat; do
	b=$(basename "$f" .dat)
	seed report "$b" 000 "$f"
	seed report "$b-json" 001 "$f"
	seed report "$b-summary" 003 "$f"
done
for f in "$src"/tests/data/text/*.txt; do
	b=$(basename "$f" .txt)
	seed report "text-$b" 000 "$f"
	cp "$f" "$out/textin/$b.txt"
done

if [ "$(id -u)" != 0 ] || [ ! -d "$TRACEFS/instances" ] || [ ! -x "$SIGFTRACE" ] ||
	[ ! -x "$SCENARIO" ]; then
	echo "gen-seeds: no fresh recording (needs root, tracefs, $SIGFTRACE and $SCENARIO)"
	exit 0
fi

# a short recording: the scenario's signals and the machine's task events
inst="${E2E_PREFIX:-sft-fuzz}-seeds-$$"
"$SIGFTRACE" record --instance "$inst" --all -o "$tmp/r6.dat" -- \
	"$SCENARIO" kill tgkill sigqueue segv pipe ignored pending chld thread > /dev/null ||
	{ echo "gen-seeds: the recording failed"; exit 1; }
seed report fresh-v6 000 "$tmp/r6.dat"
seed report fresh-v6-killed 004 "$tmp/r6.dat"
seed report fresh-v6-json 001 "$tmp/r6.dat"
if trace-cmd convert --file-version 7 --compression zstd -i "$tmp/r6.dat" -o "$tmp/r7.dat" \
	> /dev/null 2>&1; then
	seed report fresh-v7-zstd 000 "$tmp/r7.dat"
	seed report fresh-v7-zstd-deliver 006 "$tmp/r7.dat"
fi
if trace-cmd convert --file-version 7 --compression none -i "$tmp/r6.dat" -o "$tmp/r7n.dat" \
	> /dev/null 2>&1; then
	seed report fresh-v7-none 000 "$tmp/r7n.dat"
fi

# the pages: the first two of each CPU's data, behind the options (1 or 2 CPUs)
trace-cmd dump --flyrecord -i "$tmp/r6.dat" 2> /dev/null |
	sed -n 's/^[[:space:]]*\([0-9]*\)[[:space:]]*\([0-9]*\)[[:space:]]*\[offset, size of cpu \([0-9]*\)\]/\1 \2 \3/p' |
	while read -r off size cpu; do
		[ "$size" -gt 0 ] || continue
		n=$((size / 4096))
		[ "$n" -gt 2 ] && n=2
		dd if="$tmp/r6.dat" of="$tmp/cpu$cpu" bs=4096 skip=$((off / 4096)) count=$n 2> /dev/null
		seed pages "cpu$cpu" 000 "$tmp/cpu$cpu"
		seed pages "cpu$cpu-save" 020 "$tmp/cpu$cpu"
		[ -f "$tmp/cpu0" ] && [ "$cpu" != 0 ] && {
			cat "$tmp/cpu0" "$tmp/cpu$cpu" > "$tmp/two"
			seed pages "cpu0-cpu$cpu" 004 "$tmp/two"
		}
	done

# the text of an instance of our own
mkdir "$TRACEFS/instances/$inst" || exit 1
echo 1 > "$TRACEFS/instances/$inst/events/signal/enable"
echo 1 > "$TRACEFS/instances/$inst/events/task/enable"
echo 1 > "$TRACEFS/instances/$inst/events/sched/sched_process_exit/enable"
"$SCENARIO" kill segv pipe chld > /dev/null 2>&1
echo 0 > "$TRACEFS/instances/$inst/tracing_on"
head -c 65536 "$TRACEFS/instances/$inst/trace" > "$out/textin/fresh-instance.txt"
rmdir "$TRACEFS/instances/$inst"
seed report text-fresh-instance 000 "$out/textin/fresh-instance.txt"
echo "gen-seeds: $(find "$out" -type f | wc -l) seeds in $out"
