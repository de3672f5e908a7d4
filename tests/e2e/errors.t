#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# errors.t - every bad input: one line "sigftrace CMD: <action>: <cause>",
# a non-zero exit status, and nothing left behind in tracefs.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

# expect_err NAME STATUS REGEX CMD...: exit status STATUS and REGEX on stderr's first line
expect_err()
{
	name=$1
	want=$2
	re=$3
	shift 3
	run "$@"
	first=$(head -n 1 "$T/err")
	[ "$rc" = "$want" ] && echo "$first" | grep -Eq "$re"
	ok "$name (exit $rc: $first)" $?
}

# a valid file to damage
run "$SIGFTRACE" record --instance "$E2E_PREFIX-ok" -o "$T/ok.dat" -- "$SCENARIO" kill
ok "a valid recording" "$rc"
size=$(wc -c < "$T/ok.dat")

expect_err "not root" 1 '^sigftrace record: cannot trace: tracing needs root privileges$' \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SIGFTRACE" record -o /tmp/x.dat -- true
grep -q '^hint: run as root' "$T/err"
ok "not root: a hint says what to do" $?
# unmount: in a private mount namespace, every tracefs and debugfs mount,
# wherever it is (others may mount one, or two at the same place), the
# deepest first; a "# ..." line and exit 97 if one stays
unmount="while m=\$(awk '\$3 == \"tracefs\" || \$3 == \"debugfs\" { print \$2 }' /proc/self/mounts | sort -r | head -n 1); [ -n \"\$m\" ]; do
	umount -l \"\$m\" || { echo \"# cannot unmount \$m\"; exit 97; }; done"
# tracefs unmounted and impossible to mount: in a private mount namespace
expect_err "tracefs not mounted and not mountable" 1 \
	'^sigftrace stream: cannot trace: tracefs is not mounted and mounting it failed' \
	unshare -m sh -c "$unmount; mount -t tmpfs -o ro none /sys/kernel; exec $SIGFTRACE stream"
grep -q '^hint: mount it with' "$T/err"
ok "unmounted tracefs: the hint names the mount command" $?
# unmounted but mountable: sigftrace mounts it itself (in the namespace only)
run unshare -m sh -c "$unmount; exec $SIGFTRACE record --instance $E2E_PREFIX-mnt -o $T/mnt.dat -- true"
ok "unmounted tracefs is mounted by sigftrace" "$rc"
expect_err "unknown signal name, with the numbering it was looked up in" 2 \
	'^sigftrace record: unknown signal "FOO" on generic \(x86, arm, arm64, riscv, powerpc, s390, loongarch, \.\.\.\)$' \
	"$SIGFTRACE" record -s TERM,FOO -o "$T/x.dat" -- true
expect_err "unknown origin" 2 '^sigftrace record: unknown origin "weird"' \
	"$SIGFTRACE" record --origin weird -- true
expect_err "bad pid" 2 '^sigftrace report: bad pid "12x"$' "$SIGFTRACE" report -p 12x
expect_err "bad buffer size" 2 '^sigftrace record: bad buffer size "0"' "$SIGFTRACE" record -b 0 -- true
expect_err "bad duration" 2 '^sigftrace record: bad duration "5y"' "$SIGFTRACE" record -d 5y
expect_err "unknown option" 2 '^sigftrace record: unknown option --bogus$' \
	"$SIGFTRACE" record --bogus
grep -q "Try 'sigftrace record --help'" "$T/err"
ok "usage errors say how to get help" $?
expect_err "unknown command" 2 "^sigftrace: unknown command 'frobnicate'" "$SIGFTRACE" frobnicate
expect_err "conflicting options -d and COMMAND" 2 '^sigftrace record: -d and a COMMAND are mutually exclusive$' \
	"$SIGFTRACE" record -d 1 -- true
expect_err "conflicting options --numeric and json" 2 '^sigftrace report: --numeric and --format json are mutually exclusive$' \
	"$SIGFTRACE" report -n --format json -i "$T/ok.dat"
expect_err "unknown format" 2 '^sigftrace report: unknown format "xml"' "$SIGFTRACE" report --format xml
expect_err "unknown architecture" 2 '^sigftrace report: unknown architecture "vax"' "$SIGFTRACE" report --arch vax
expect_err "unwritable output" 1 '^sigftrace record: cannot write /proc/nonexistent/x.dat: ' \
	"$SIGFTRACE" record -o /proc/nonexistent/x.dat -- true
expect_err "an instance that already exists is not adopted" 1 \
	"^sigftrace record: cannot create instance $E2E_PREFIX-taken: it already exists" \
	sh -c "mkdir $TRACEFS/instances/$E2E_PREFIX-taken && exec $SIGFTRACE record --instance $E2E_PREFIX-taken -- true"
[ -d "$TRACEFS/instances/$E2E_PREFIX-taken" ]
ok "and the existing instance is left alone" $?
rmdir "$TRACEFS/instances/$E2E_PREFIX-taken"
expect_err "missing input" 1 "^sigftrace report: cannot read $T/none.dat: No such file or directory$" \
	"$SIGFTRACE" report -i "$T/none.dat"
expect_err "input that is not a trace.dat" 1 '^sigftrace report: cannot read /etc/passwd: not a trace.dat file' \
	"$SIGFTRACE" report -i /etc/passwd
: > "$T/empty.dat"
expect_err "empty input" 1 "^sigftrace report: cannot read $T/empty.dat: " "$SIGFTRACE" report -i "$T/empty.dat"
for cut in 5 40 300 2000 $((size / 2)) $((size - 100)); do
	head -c "$cut" "$T/ok.dat" > "$T/cut.dat"
	expect_err "truncated at $cut of $size bytes" 1 "^sigftrace report: cannot read $T/cut.dat: " \
		"$SIGFTRACE" report -i "$T/cut.dat"
done
# a corrupted header: the version string and the header_page marker overwritten
cp "$T/ok.dat" "$T/bad.dat"
printf 'XXXXXXXXXXXXXXXX' | dd of="$T/bad.dat" bs=1 seek=10 conv=notrunc 2>/dev/null
expect_err "corrupted header" 1 "^sigftrace report: cannot read $T/bad.dat: " "$SIGFTRACE" report -i "$T/bad.dat"
# corrupted data pages must not crash the reader
cp "$T/ok.dat" "$T/pages.dat"
head -c 8192 /dev/urandom | dd of="$T/pages.dat" bs=1 seek=$((size - 8192)) conv=notrunc 2>/dev/null
run "$SIGFTRACE" report -i "$T/pages.dat"
[ "$rc" -le 1 ]
ok "random bytes in the data pages: no crash (exit $rc)" $?

# extract never reads (and empties) the top-level buffer unasked
if [ -d "$TRACEFS/instances/sigftrace" ]; then
	echo "ok $((e2e_n + 1)) # SKIP a boot instance sigftrace exists here"
	e2e_n=$((e2e_n + 1))
else
	expect_err "extract without --instance or --top, no boot instance" 1 \
		'^sigftrace extract: cannot extract: no boot instance sigftrace \(name one with --instance NAME, or read the top-level buffer with --top' \
		"$SIGFTRACE" extract -o "$T/top.dat"
fi
[ ! -e "$T/top.dat" ]
ok "and it writes nothing" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
