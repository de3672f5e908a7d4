#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# status.t - the live status line of record and the progress of report, run
# under a real pseudo-terminal (script(1) of util-linux): shown on a terminal,
# redrawn in place with counts that move, erased before the last message and
# at the end; never in a file or a pipe, never with -q or TERM=dumb, and never
# mixed into a report's lines.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

if ! command -v script > /dev/null; then
	[ -n "${CI:-}" ] && e2e_bail "no script(1) (util-linux, Debian: bsdutils)"
	echo "1..0 # SKIP no script(1)"
	exit 0
fi
TERM=xterm
# script(1) runs its command with $SHELL, and shells differ in what they
# print themselves (dash says "Terminated" when a job it waits for dies of
# SIGTERM, bash -c does not): the same shell on every machine
SHELL=/bin/sh
export TERM SHELL
ESC=$(printf '\033')
CR=$(printf '\r')

# pty CMD: run the shell command line CMD with a pseudo-terminal as its
# stdin, stdout and stderr, 250 columns wide (the line is cut at the
# terminal's width); what the terminal got goes to $T/pty, the status to $rc
pty()
{
	timeout -k 5 120 script -qec "stty cols 250; $1" /dev/null < /dev/null > "$T/pty" 2> "$T/err"
	rc=$?
	# what rec() says when tracing was never on
	grep -a '^# ' "$T/pty" | tr -d '\r'
}

# screen FILE: the terminal's bytes, one line per carriage return or newline,
# the erase-line sequence shown as <CLR>
screen()
{
	sed "s/$ESC\[K/<CLR>/g" "$1" | tr '\r' '\n' | grep -v '^$'
}

# escapes FILE: true if FILE holds a carriage return or an escape
escapes()
{
	grep -q "[$CR$ESC]" "$1"
}

# --- record: the live status -------------------------------------------------------
inst=$E2E_PREFIX-rec
# the storm under a name of this run's (it sends as that): the recordings
# keep only its SIGPWR (-f on the sender's name), not those of another
# storm on the machine, which would change every count of 300
pstorm=st-pwr-$$
cp "$STORM" "$T/$pstorm" || e2e_bail "cannot copy $STORM"
# rec NAME OPTIONS [REDIRECTIONS]: the command line that records into $T/NAME.dat
# in instance $inst-NAME while 300 SIGPWR are sent, one every 10 ms (once
# tracing is on), then stops it with Ctrl-C (SIGINT); if tracing is not on
# within 30 s: a "# ..." line on the terminal, and exit 97 (rc)
rec()
{
	i=$TRACEFS/instances/$inst-$1
	echo "$SIGFTRACE record -s PWR -f 'COMM == \"$pstorm\"' --instance $inst-$1 -o $T/$1.dat $2 & r=\$!;
		n=0; while [ \"\$(cat $i/tracing_on 2>/dev/null)\$(cat $i/events/sched/sched_process_exit/enable 2>/dev/null)\" != 11 ]; do
			[ \$n -ge 600 ] && { echo '# tracing never on in $inst-$1'; kill -INT \$r; wait \$r; exit 97; };
			sleep 0.05; n=\$((n + 1)); done;
		$T/$pstorm --tick 10000 -c 300 -s PWR > /dev/null; kill -INT \$r; wait \$r"
}

pty "$(rec rec)"
screen "$T/pty" > "$T/out"
ok "record under a pty exits 0" "$rc"
grep '^sigftrace record: [0-9]*:[0-9][0-9], [0-9]* events ([0-9]*/s), [0-9]* lost, [0-9]* signals in [0-9.]* [KMGT]*i*B written<CLR>$' \
	"$T/out" > "$T/lines"
n=$(wc -l < "$T/lines")
[ "$n" -ge 2 ]
ok "the status line is drawn and redrawn (elapsed, events, rate, lost, signals, bytes): $n times" $?
sed 's/.*: [0-9:]*, \([0-9]*\) events.*/\1/' "$T/lines" > "$T/counts"
sort -n -c "$T/counts" && [ "$(head -n 1 "$T/counts")" -lt "$(tail -n 1 "$T/counts")" ]
ok "the event count grows from line to line" $?
sed 's/.* lost, \([0-9]*\) signals in.*/\1/' "$T/lines" > "$T/sigs"
sort -n -c "$T/sigs" && [ "$(tail -n 1 "$T/sigs")" -gt 0 ] && [ "$(tail -n 1 "$T/sigs")" -le 300 ]
ok "the signals on disk are counted as they are written: $(tr '\n' ' ' < "$T/sigs")of 300" $?
grep -q '^sigftrace record: 0:01, ' "$T/lines" && grep -q '^sigftrace record: 0:02, ' "$T/lines"
ok "one line a second: 0:01, then 0:02" $?
# every draw starts at the line's start ("\r...ESC[K"), then the line is
# erased ("\rESC[K") before the last message, which ends the output
grep -o "${CR}sigftrace record: [0-9]*:[0-9][0-9], [^$CR]*$ESC\[K" "$T/pty" | wc -l > "$T/draws"
[ "$(cat "$T/draws")" = "$n" ]
ok "each status line is drawn over the previous one (carriage return, erase to the end)" $?
tail -n 2 "$T/out" > "$T/last"
{ grep -q '^<CLR>sigftrace record: .* events captured' "$T/last" ||
	{ grep -qx '<CLR>' "$T/last" && tail -n 1 "$T/last" | grep -q 'events captured'; }; } &&
	! tail -n 1 "$T/out" | grep -q 'written<CLR>$'
ok "the status line is erased before the final message, nothing after it" $?
grep -q 'events captured (300 signals)' "$T/out"
ok "the final message counts the 300 signals" $?
last=$(tail -n 1 "$T/counts")
captured=$(sed -n 's/.* \([0-9]*\) events captured.*/\1/p' "$T/out")
[ -n "$captured" ] && [ "$captured" -ge "$last" ]
ok "the final count ($captured) is at least the last status count ($last)" $?
run "$SIGFTRACE" report -i "$T/rec.dat"
[ "$rc" = 0 ] && [ "$(grep -c -- '--\[SIGPWR\]--> (storm-recv' "$T/out")" = 300 ]
ok "the recording under the status line holds the 300 signals" $?
no_instances_left
ok "no instance left after the recording under a pty" $?

# stderr to a file or a pipe, -q, TERM=dumb, a COMMAND: never a status line
pty "$(rec f "2> $T/ferr")"
[ "$rc" = 0 ] && ! escapes "$T/ferr" && ! grep -q "$ESC" "$T/pty" && grep -q 'events captured' "$T/ferr" &&
	[ "$(grep -c sigftrace "$T/ferr")" = 2 ]
ok "record with stderr to a file: its two messages, no status line anywhere" $?
mkfifo "$T/fifo"
pty "cat $T/fifo > $T/perr & $(rec p "2> $T/fifo")"
[ "$rc" = 0 ] && ! escapes "$T/perr" && grep -q 'events captured' "$T/perr"
ok "record with stderr to a pipe: no status line" $?
pty "$(rec q -q)"
[ "$rc" = 0 ] && ! grep -q "written$ESC" "$T/pty" && grep -q 'events captured' "$T/pty"
ok "record -q on a terminal: no status line" $?
pty "set -m; $(rec b)"
[ "$rc" = 0 ] && ! grep -q "$ESC" "$T/pty" && grep -q 'events captured' "$T/pty"
ok "record as a background job of a shell with job control: no status line" $?
pty "TERM=dumb; $(rec d)"
[ "$rc" = 0 ] && ! grep -q "$ESC" "$T/pty" && grep -q 'events captured' "$T/pty"
ok "record with TERM=dumb: no status line" $?
pty "$SIGFTRACE record -s PWR -f 'COMM == \"$pstorm\"' --instance $inst-c -o $T/c.dat -- $T/$pstorm --tick 10000 -c 300 -s PWR"
screen "$T/pty" > "$T/out"
[ "$rc" = 0 ] && ! grep -q "$ESC" "$T/pty" && grep -qx 'first_send_mono_ns=[0-9]*' "$T/out" &&
	grep -q 'events captured (300 signals)' "$T/out"
ok "record -- COMMAND on a terminal: no status line over the command's output" $?
no_instances_left
ok "no instance left" $?

# --- report: progress on long inputs -------------------------------------------------
# a text trace long enough that one pass over it (the JSON report of the
# cases below) takes over five seconds on this build: doubled until it
# takes two and a half, then once more
f=${SRCTREE:-.}/tests/data/text/ftrace-instance.txt
grep '^#' "$f" > "$T/big.txt"
grep -v '^#' "$f" > "$T/body"
awk '{ a[NR] = $0 } END { for (i = 0; i < 2000; i++) for (j = 1; j <= NR; j++) print a[j] }' \
	"$T/body" >> "$T/big.txt"
i=0
while :; do
	t0=$(date +%s%N)
	"$SIGFTRACE" report -q --format json -i "$T/big.txt" > /dev/null 2>&1
	t1=$(date +%s%N)
	[ $(((t1 - t0) / 1000000)) -ge 2500 ] || [ $i -ge 8 ] && break
	cat "$T/big.txt" "$T/big.txt" > "$T/big2.txt" && mv "$T/big2.txt" "$T/big.txt"
	i=$((i + 1))
done
echo "# $(wc -l < "$T/big.txt") lines, $(((t1 - t0) / 1000000)) ms for report --format json"
# twice that: a margin for a machine whose load falls (not when one pass
# took over five seconds already, under load: twice that could take longer
# than the timeouts)
[ $(((t1 - t0) / 1000000)) -ge 5000 ] ||
	{ cat "$T/big.txt" "$T/big.txt" > "$T/big2.txt" && mv "$T/big2.txt" "$T/big.txt"; }
"$SIGFTRACE" report -q --format json -i "$T/big.txt" > "$T/ref.json" 2> /dev/null

pty "$SIGFTRACE report --format json -i $T/big.txt > $T/rep.json"
screen "$T/pty" > "$T/out"
[ "$rc" = 0 ] && grep -q "^sigftrace report: reading .*big.txt: [0-9]*:[0-9][0-9], [0-9]* events ([0-9]* signals)<CLR>$" "$T/out"
ok "report with its output in a file shows how far it is on the terminal" $?
grep -qx '<CLR>' "$T/out" && ! tail -n 1 "$T/out" | grep -q 'reading'
ok "report erases its progress line at the end" $?
cmp -s "$T/rep.json" "$T/ref.json"
ok "the report itself is the same as without progress (nothing mixed into it)" $?
# killed while the line is shown (script in the background; the kill when
# the terminal has the line; the terminal's file of the test before holds
# the line too: gone before script(1) starts, or the kill could come before
# there is anything to kill); the shell's own word on the job ("Terminated")
# is not on the terminal, only what report left there and the status
rm -f "$T/pid" "$T/pty"
TERM=xterm timeout -k 5 120 script -qec "stty cols 250; $SIGFTRACE report --format json -i $T/big.txt > /dev/null & echo \$! > $T/pid; exec 2> /dev/null; wait \$!; echo killed=\$?" \
	/dev/null < /dev/null > "$T/pty" 2> "$T/err" &
spid=$!
progress_shown()
{
	[ -s "$T/pid" ] && grep -q 'reading' "$T/pty" 2> /dev/null
}
wait_until 30 "report's progress line on its terminal" progress_shown
[ -s "$T/pid" ] && kill -TERM "$(cat "$T/pid")"
wait $spid
screen "$T/pty" > "$T/out"
grep -q '^sigftrace report: reading .*<CLR>$' "$T/out" && tail -n 1 "$T/out" | grep -qx '<CLR>killed=143'
st=$?
[ $st = 0 ] || tail -n 3 "$T/out" | sed 's/^/# the terminal ends: /' >&2
ok "report killed by SIGTERM erases its progress line as it dies of the signal" $st
pty "$SIGFTRACE report --format json -i $T/big.txt 2> $T/rerr > /dev/null"
! escapes "$T/rerr" && ! grep -q reading "$T/pty"
ok "report with stderr to a file: no progress" $?
pty "$SIGFTRACE report -q --format json -i $T/big.txt > /dev/null"
! grep -q reading "$T/pty"
ok "report -q: no progress" $?
pty "$SIGFTRACE report -i $T/big.txt --receiver sft-no-such-task"
[ "$rc" = 0 ] && ! grep -q 'reading' "$T/pty"
ok "report printing on the terminal itself: no progress line among its lines" $?
pty "$SIGFTRACE report -i $T/big.txt --summary"
screen "$T/pty" > "$T/out"
[ "$rc" = 0 ] && grep -q '^sigftrace report: reading .*<CLR>$' "$T/out" &&
	! grep reading "$T/out" | grep -qv '<CLR>$' && grep -q 'COUNT  SENDER' "$T/out"
ok "report --summary on the terminal: progress while it reads, erased before the answers" $?

e2e_done
