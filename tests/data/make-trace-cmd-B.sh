#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make-trace-cmd-B.sh OUT SCENARIO - how tests/data/trace-cmd-B-v7.dat was made
#
# Two tracing instances of our own record the scenario's signals: "sft-hx-all"
# every signal_generate and signal_deliver event, "sft-hx-usr1" those of
# SIGUSR1 only (a kernel filter). `trace-cmd extract -B` saves both into one version 7 file
# (zstd), as trace-cmd record -B would: the events are in instance buffers and
# the top-level buffer is empty. trace-cmd removes the instances afterwards.
#
# To keep the fixture a few KiB, trace-cmd runs in a private mount namespace
# where /proc/kallsyms and printk_formats are empty, events/ holds only the
# headers, ftrace/print and the signal formats, and saved_cmdlines only the scenario's
# tasks. Nothing outside the namespace changes. Needs root and trace-cmd.
set -eu

OUT=$1
SCENARIO=$2
T=/sys/kernel/tracing
A=sft-hx-all
B=sft-hx-usr1
STAGE=$(mktemp -d)

cleanup()
{
	for i in $A $B; do
		[ -d "$T/instances/$i" ] && rmdir "$T/instances/$i"
	done
	rm -rf "$STAGE"
}
trap cleanup EXIT

for i in $A $B; do
	[ -d "$T/instances/$i" ] && { echo "instance $i exists" >&2; exit 1; }
	mkdir "$T/instances/$i"
done
echo 1 > "$T/instances/$A/events/signal/enable"
echo 'sig == 10' > "$T/instances/$B/events/signal/filter"
echo 1 > "$T/instances/$B/events/signal/enable"
"$SCENARIO" > /dev/null
for i in $A $B; do
	echo 0 > "$T/instances/$i/tracing_on"
done

# trace-cmd 3.1.6 crashes without any ftrace format: keep ftrace/print
mkdir -p "$STAGE/events/signal" "$STAGE/events/ftrace/print"
cp "$T/events/header_page" "$T/events/header_event" "$STAGE/events/"
cp "$T/events/ftrace/print/format" "$STAGE/events/ftrace/print/"
for e in signal_generate signal_deliver; do
	mkdir "$STAGE/events/signal/$e"
	cp "$T/events/signal/$e/format" "$STAGE/events/signal/$e/"
done
grep ' sc-' "$T/saved_cmdlines" > "$STAGE/cmdlines" || :
: > "$STAGE/empty"

unshare -m sh -c '
	set -e
	mount --bind "$1/events" "$2/events"
	mount --bind "$1/empty" /proc/kallsyms
	mount --bind "$1/empty" "$2/printk_formats"
	mount --bind "$1/cmdlines" "$2/saved_cmdlines"
	trace-cmd extract -B "$3" -B "$4" -o "$5"
' sh "$STAGE" "$T" "$A" "$B" "$OUT"
ls -l "$OUT"
