#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tests/boot/systemd.sh - shutdown capture on a real systemd (Debian 12, systemd 252)
# under QEMU/TCG, with the persistent ring buffer of Debian's 6.12 cloud kernel.
#
# The root file system is a cached debootstrap of bookworm with systemd
# (mkdebian.sh), copied per run, with sigftrace installed as a user would:
# the binary in /usr/local/bin and `scripts/sigftrace-hooks install persist
# systemd --root`. It lies on an NVMe disk (built into the cloud kernel; virtio_blk
# is a module) and the kernel command line is what `sigftrace bootargs --kernel
# 6.12 --persistent --nokaslr` prints on the host.
#
# Two test services: sf-daemon (stops on SIGTERM) and sf-stubborn (ignores
# SIGTERM, TimeoutStopSec=2: systemd SIGKILLs it). A driver unit (after
# multi-user.target) follows a plan, one step per boot, and leaves its findings
# in /var/lib/sf-test on the disk, which the host reads back with debugfs:
#
#   QEMU 1 (warm reboots, RAM kept):
#     boot 1  reboot at once                    (a short uptime)
#     boot 2  persist saved boot 1; report it; send 150,000 signals (the 4 MiB
#             buffer wraps), then reboot
#     boot 3  persist saved boot 2 (wrapped); report it; power off
#   QEMU 2 (a cold boot: RAM lost):
#     boot 4  nothing to persist: the previous-boot.dat of boot 2 must not stay
#             under that name; then packaging/systemd/sigftrace.service as
#             shipped (hardened, no capability) streams a signal to the journal
#
# Before each reboot the driver writes what the next boot's report must show:
# `EXPECT:` lines (it knows the pids), `KILLED:` lines of --killed, and the
# kernel threads alive (none of them may appear in the default view).
#
# Output: TAP (`ok N - ...`, `not ok N - ...`, `# ` comments), then `N passed,
# M failed`; with --embed the lines are not numbered and there is neither plan
# nor summary (run.sh numbers them). A check of a bug not fixed yet is
# `not ok - ... # TODO ...` and does not count as a failure.
# Without root, QEMU, debootstrap, mkfs.ext4/debugfs or the kernel: a skip, or a
# failure when CI is set. Logs of a failed run: $BUILD/boot-logs/systemd-*.
#
# Environment: SIGFTRACE, STORM (tests/bench/storm), SRCTREE, BUILD,
# SIGFTRACE_CACHE, CI, BOOT_KEEP=1 (keep the work directory), QEMU_SMP,
# SYSD_RECHECK=DIR (only the checks, on the work directory DIR a BOOT_KEEP=1 run kept).
set -u

here=$(cd "$(dirname "$0")" && pwd)
SRCTREE=${SRCTREE:-$(cd "$here/../.." && pwd)}
BUILD=${BUILD:-$SRCTREE/build}
SIGFTRACE=${SIGFTRACE:-$BUILD/sigftrace}
STORM=${STORM:-$BUILD/tests/bench/storm}
cache=${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}
logdir=$BUILD/boot-logs
embed=0
[ "${1-}" = --embed ] && embed=1

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_start=$(now)

num=0 pass=0 fail=0
# tap ok|not-ok|todo DESCRIPTION [REASON-FILE]
tap() {
	num=$((num + 1))
	n=" $num"
	[ "$embed" = 1 ] && n=
	case $1 in
	ok)
		pass=$((pass + 1))
		echo "ok$n - $2"
		;;
	todo)
		echo "not ok$n - $2 # TODO issue 16"
		[ -n "${3-}" ] && sed 's/^/# /' "$3"
		;;
	*)
		fail=$((fail + 1))
		echo "not ok$n - $2"
		[ -n "${3-}" ] && sed 's/^/# /' "$3"
		;;
	esac
}
finish() {
	if [ "$embed" = 0 ]; then
		echo "1..$num"
		echo "$pass passed, $fail failed"
	fi
	[ "$fail" = 0 ]
	exit $?
}
cannot_run() {
	if [ -n "${CI-}" ]; then
		tap not-ok "systemd boot tests cannot run: $1"
	elif [ "$embed" = 1 ]; then
		echo "ok - systemd boot tests # SKIP $1"
	else
		echo "1..0 # SKIP $1"
		echo "0 passed, 0 failed"
		exit 0
	fi
	finish
}

[ "$(id -u)" = 0 ] || cannot_run "not root"
command -v "${QEMU:-qemu-system-x86_64}" >/dev/null 2>&1 ||
	cannot_run "${QEMU:-qemu-system-x86_64} not found (apt-get install qemu-system-x86)"
command -v debootstrap >/dev/null 2>&1 || cannot_run "debootstrap not found (apt-get install debootstrap)"
for t in mkfs.ext4 debugfs timeout; do
	command -v "$t" >/dev/null 2>&1 || cannot_run "'$t' not found"
done
for f in "$SIGFTRACE" "$STORM"; do
	if [ ! -x "$f" ]; then
		tap not-ok "$f not found (make cli test-progs)"
		finish
	fi
done

if [ -n "${SYSD_RECHECK-}" ]; then
	work=$SYSD_RECHECK
	BOOT_KEEP=1
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/sigftrace-systemd.XXXXXX") || cannot_run "mktemp failed"
fi
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	[ -f "$work/qemu.pid" ] && kill "$(cat "$work/qemu.pid")" 2>/dev/null
	if [ "${BOOT_KEEP-}" = 1 ]; then echo "# work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

if ! "$here/fetch-kernels.sh" "$cache" >"$work/fetch.log" 2>&1; then
	cannot_run "kernels unavailable: $(grep 'error' "$work/fetch.log" | tail -n 1)"
fi
kernel=$cache/vmlinuz-6.12
[ -r "$kernel" ] || cannot_run "kernel $kernel missing"
kver=$(awk '$1 == "6.12" { split($4, v, "."); print v[1] "." v[2] }' "$cache/kernels.txt")
t_deb=$(now)
if ! "$here/mkdebian.sh" "$cache" >"$work/mkdebian.log" 2>&1; then
	cannot_run "cannot build the Debian root: $(tail -n 1 "$work/mkdebian.log")"
fi
t_deb=$(since "$t_deb")

# --- the root file system ---------------------------------------------------------
root=$work/root
S=/var/lib/sf-test
t_img=0 t_warm=0 t_cold=0
[ -n "${SYSD_RECHECK-}" ] || {
cp -a "$cache/debian12/root" "$root"
# a fixed machine id: no first-boot setup (presets) in the guest
echo 5f7e5a1c0b9d4e61a6c2d4e8f0a1b3c5 >"$root/etc/machine-id"
install -m 755 "$SIGFTRACE" "$root/usr/local/bin/sigftrace"
install -m 755 "$STORM" "$root/usr/local/bin/storm"
# the test daemons: coreutils' sleep under the names the report must show
cp "$root/usr/bin/sleep" "$root/usr/local/bin/sf-daemon"
cp "$root/usr/bin/sleep" "$root/usr/local/bin/sf-stubborn"
mkdir -p "$root$S"
printf 'reboot\nwrap\npoweroff\ncold\n' >"$root$S/plan"
# the service as `make install-service` installs it (not enabled: boot 4 starts
# it), its sink the journal (one entry per signal, MESSAGE the line)
sed 's|@bindir@|/usr/local/bin|g' "$SRCTREE/packaging/systemd/sigftrace.service.in" \
	>"$root/etc/systemd/system/sigftrace.service"
mkdir -p "$root/etc/systemd/system/sigftrace.service.d"
printf '[Service]\nEnvironment=SIGFTRACE_STREAM_OPTS=--journal\n' \
	>"$root/etc/systemd/system/sigftrace.service.d/test.conf"

unit() { # NAME: stdin to /etc/systemd/system/NAME, enabled in multi-user.target
	cat >"$root/etc/systemd/system/$1"
	mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
	ln -s "/etc/systemd/system/$1" "$root/etc/systemd/system/multi-user.target.wants/$1"
}
unit sf-daemon.service <<'EOF'
[Unit]
Description=sigftrace test daemon (stops on SIGTERM)
[Service]
ExecStart=/usr/local/bin/sf-daemon infinity
[Install]
WantedBy=multi-user.target
EOF
unit sf-stubborn.service <<'EOF'
[Unit]
Description=sigftrace test daemon (ignores SIGTERM)
[Service]
ExecStart=/bin/sh -c "trap '' TERM; exec /usr/local/bin/sf-stubborn infinity"
TimeoutStopSec=2
[Install]
WantedBy=multi-user.target
EOF
unit sf-driver.service <<'EOF'
[Unit]
Description=sigftrace boot test driver
After=multi-user.target sf-daemon.service sf-stubborn.service
[Service]
Type=exec
ExecStart=/usr/local/bin/sf-driver
StandardOutput=journal+console
StandardError=journal+console
[Install]
WantedBy=multi-user.target
EOF
cat >"$root/usr/local/bin/sf-driver" <<'EOF'
#!/bin/sh
# one step of the plan per boot; findings in /var/lib/sf-test/N-*
S=/var/lib/sf-test
n=$(($(cat $S/boot 2>/dev/null || echo 0) + 1))
echo $n >$S/boot
step=$(sed -n "${n}p" $S/plan)
say() { echo "SFT: boot $n: $*"; }
say "$step, uptime $(cut -d' ' -f1 /proc/uptime)"
cat /proc/sys/kernel/random/boot_id >$S/$n-bootid
cut -d' ' -f1 /proc/uptime >$S/$n-uptime
journalctl -b -o cat -u sigftrace-persist.service >$S/$n-persist 2>&1
systemctl show -p ExecMainStatus --value sigftrace-persist.service >$S/$n-persist.rc
ls -l /var/lib/sigftrace >$S/$n-ls 2>&1
for f in previous-boot.dat previous-boot.dat.old; do
	[ -f /var/lib/sigftrace/$f ] || continue
	o=$S/$n-$f
	cp /var/lib/sigftrace/$f $o
	sigftrace report -i $o >$o.report 2>$o.report-err
	echo $? >$o.report-rc
	sigftrace report -i $o --killed >$o.killed 2>&1
	say "$f: $(wc -l <$o.report) report lines"
done
expect() { # the lines the next boot's report must show
	i=0
	while [ $i -lt 300 ]; do
		d=$(systemctl show -p MainPID --value sf-daemon.service)
		s=$(systemctl show -p MainPID --value sf-stubborn.service)
		g=$(systemctl show -p MainPID --value serial-getty@ttyS0.service)
		[ "$d" -gt 0 ] && [ "$s" -gt 0 ] && [ "$g" -gt 0 ] && break
		i=$((i + 1))
		sleep 0.1
	done
	{
		echo "EXPECT: (systemd 1) --[SIGTERM]--> (sf-daemon $d)"
		echo "EXPECT: (systemd 1) --[SIGTERM]--> (sf-stubborn $s) ignored"
		echo "EXPECT: (systemd 1) --[SIGKILL]--> (sf-stubborn $s)"
		echo "KILLED: (sf-daemon $d) killed by SIGTERM from (systemd 1)"
		echo "KILLED: (sf-stubborn $s) killed by SIGKILL from (systemd 1), did not stop on SIGTERM (ignored)"
		echo "KILLED: (agetty $g) killed by SIGTERM from (systemd 1)"
	} >$S/$n-expect
	for p in /proc/[0-9]*; do
		read -r pid comm st ppid rest <$p/stat 2>/dev/null || continue
		[ "$pid" = 2 ] || [ "$ppid" = 2 ] && echo "$pid $comm"
	done >$S/$n-kthreads
}
service() { # sigftrace.service, hardened as shipped: a USR1 in its lines, no capability
	since=$(date '+%Y-%m-%d %H:%M:%S')
	systemctl start sigftrace.service
	i=0
	until [ "$(cat /sys/kernel/tracing/instances/sigftrace-*/tracing_on 2>/dev/null)" = 1 ] ||
		[ $i -ge 150 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sh -c 'trap "" USR1; exec sleep 30' &
	v=$!
	sleep 0.5
	kill -USR1 $v
	echo "EXPECT: (sf-driver $$) --[SIGUSR1]--> (sleep $v) ignored" >$S/$n-svc-expect
	sleep 1
	grep -E '^Cap(Eff|Bnd):' /proc/$(systemctl show -p MainPID --value sigftrace.service)/status \
		>$S/$n-svc-caps 2>&1
	ls /sys/kernel/tracing/instances >$S/$n-svc-running
	systemctl stop sigftrace.service
	systemctl show -p Result -p ExecMainStatus sigftrace.service >$S/$n-svc-show
	journalctl -o cat -u sigftrace.service --since "$since" >$S/$n-svc-journal 2>&1
	ls /sys/kernel/tracing/instances >$S/$n-svc-after
	kill $v
	say "sigftrace.service: $(tr '\n' ' ' <$S/$n-svc-show)"
}
case $step in
reboot)
	expect
	sync
	say "rebooting"
	systemctl reboot
	;;
wrap)
	expect
	storm -n 1 -c 150000 -s USR1 >$S/$n-storm 2>&1
	say "storm: $(cat $S/$n-storm)"
	sync
	say "rebooting"
	systemctl reboot
	;;
*)
	[ "$step" = cold ] && service
	sync
	say "powering off"
	systemctl poweroff
	;;
esac
EOF
chmod 755 "$root/usr/local/bin/sf-driver"
# sigftrace's own hook, as the README tells a user to install it
if ! sh "$SRCTREE/scripts/sigftrace-hooks" install persist systemd --root "$root" \
	>"$work/hooks.log" 2>&1; then
	sed 's/^/hooks: /' "$work/hooks.log" >"$work/setup.why"
fi
img=$work/root.img
t_img=$(now)
mkfs.ext4 -q -F -L sft-root -d "$root" "$img" 768M >"$work/mkfs.log" 2>&1 ||
	echo "mkfs.ext4 -d failed: $(tail -n 1 "$work/mkfs.log")" >>"$work/setup.why"
rm -rf "$root"
t_img=$(since "$t_img")
if ! "$SIGFTRACE" bootargs --kernel "$kver" --persistent --nokaslr >"$work/append" 2>"$work/bootargs.err"; then
	echo "sigftrace bootargs failed: $(cat "$work/bootargs.err")" >>"$work/setup.why"
fi
if [ -s "$work/setup.why" ]; then
	tap not-ok "systemd guest set up" "$work/setup.why"
	finish
fi

# --- boots ----------------------------------------------------------------------------
# qemu WHAT MAX-BOOTS TIMEOUT: the disk on NVMe, no initramfs, no -no-reboot
qemu() {
	QEMU_EXTRA_ARGS="-drive file=$img,format=raw,if=none,id=nvm -device nvme,serial=sft,drive=nvm" \
		"$here/qemu-run.sh" --reboot --max-boots "$2" --timeout "$3" "$kernel" "" \
		"root=/dev/nvme0n1 rw $(cat "$work/append")" >"$work/$1.log" 2>"$work/$1.err" &
	echo $! >"$work/qemu.pid"
	wait $!
	echo $? >"$work/$1.rc"
	rm -f "$work/qemu.pid"
}
t_boot=$(now)
qemu warm 3 420
t_warm=$(since "$t_boot")
t_boot=$(now)
qemu cold 1 180
t_cold=$(since "$t_boot")
out=$work/out
mkdir -p "$out"
debugfs -R "rdump $S $out" "$img" >"$work/debugfs.log" 2>&1
}
o=$work/out/sf-test

# --- checks ---------------------------------------------------------------------------
keep_logs() {
	mkdir -p "$logdir"
	cp "$work/warm.log" "$logdir/systemd-warm.log" 2>/dev/null
	cp "$work/cold.log" "$logdir/systemd-cold.log" 2>/dev/null
	rm -rf "$logdir/systemd-sf-test"
	cp -r "$o" "$logdir/systemd-sf-test" 2>/dev/null
}
rm -rf "$logdir/systemd-warm.log" "$logdir/systemd-cold.log" "$logdir/systemd-sf-test"

# boot_ok N QEMU: the guest ran step N (its driver wrote N-bootid)
boot_ok() {
	[ -s "$o/$1-bootid" ] && return 0
	echo "boot $1 did not run its step (qemu-run.sh: $(cat "$work/$2.err" 2>/dev/null))"
	return 1
}

# report_lines N FILE: the report lines of FILE (from boot N), timestamps
# stripped, to $work/N.lines; a line of another shape is a reason
report_lines() {
	awk '
	{
		line = $0
		if (line !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9] /) {
			print "report line without a SECONDS.USEC timestamp: " line > "/dev/stderr"
			next
		}
		sub(/^[0-9]+\.[0-9]+ /, "", line)
		print line
	}' "$o/$1-$2.report" 2>>"$work/why" >"$work/$1.lines"
}

# expect_lines PREV N FILE: every EXPECT line of boot PREV in boot N's report
expect_lines() {
	sed -n 's/^EXPECT: //p' "$o/$1-expect" >"$work/want"
	[ -s "$work/want" ] || echo "boot $1 wrote no EXPECT lines"
	while IFS= read -r l; do
		grep -qxF "$l" "$work/$2.lines" || echo "expected report line missing: $l"
	done <"$work/want"
}

# no_unnamed N: no <...> sender, thread or process, every line of the
# documented shape (words, then "of PROC/PID", "by THREAD/TID", "in PROC/PID")
no_unnamed() {
	awk '
	/^\(<\.\.\.>/ { print "sender without a name: " $0; next }
	/ (of|by|in) <\.\.\.>\/[0-9]+/ { print "process or thread without a name: " $0; next }
	# a comm may hold parentheses, spaces and slashes: "(udev-worker)", "kworker/0:1"
	!/^(\(.+ [0-9]+\)|\((kernel|irq|softirq|nmi)\)) --\[SIG[A-Z0-9+]+\]--> \(.+ [0-9]+\)( [a-zA-Z_-]+)*( (of|by|in) .+\/[0-9]+)*$/ {
		print "report line of unexpected shape: " $0
	}' "$work/$1.lines"
}

# no_kthreads PREV N: none of boot PREV's kernel threads is a receiver in N's view
no_kthreads() {
	[ -f "$work/$2.lines" ] || { echo "no report in boot $2"; return; }
	awk 'NR == FNR { k["(" $2 " " $1 ")"] = 1; next }
	{
		r = $0
		sub(/^.*--> /, "", r)
		sub(/\) .*$/, ")", r)
		if (r in k || r ~ /^\((kthreadd 2|kworker\/[^ ]*|ksoftirqd\/[^ ]*|rcu_[^ ]*|migration\/[^ ]*) [0-9]+\)$/)
			print "a kernel thread is in the default view: " $0
	}' "$o/$1-kthreads" "$work/$2.lines" | head -n 5
	awk 'NR == FNR { k["(" $2 " " $1 ")"] = 1; next }
	{ r = $0; sub(/^.*--> /, "", r); sub(/\) .*$/, ")", r); if (r in k) n++ }
	END { if (n > 5) print "... " n " kernel-thread lines in all" }' "$o/$1-kthreads" "$work/$2.lines"
}

# killed_lines PREV N: every KILLED line of boot PREV in boot N's --killed, exactly
killed_lines() {
	[ -f "$o/$2-previous-boot.dat.killed" ] || { echo "no --killed output in boot $2"; return; }
	sed -e 's/^[0-9]*\.[0-9]* //' "$o/$2-previous-boot.dat.killed" >"$work/killed"
	sed -n 's/^KILLED: //p' "$o/$1-expect" | while IFS= read -r l; do
		if ! grep -qxF "$l" "$work/killed"; then
			pid=$(echo "$l" | sed 's/^(\([^)]*\)).*/\1/')
			echo "--killed: want '$l', got: $(grep -F "($pid)" "$work/killed" || echo nothing)"
		fi
	done
}

# verdict KIND DESCRIPTION: ok when $work/why is empty; KIND todo for a known bug
verdict() {
	if [ ! -s "$work/why" ]; then
		tap ok "$2"
	elif [ "$1" = todo ]; then
		tap todo "$2" "$work/why"
	else
		tap not-ok "$2" "$work/why"
		bad=1
	fi
	: >"$work/why"
}

# cycle PREV N: boot N saved and reported boot PREV's shutdown, with the lines
# boot PREV expected and only named senders
cycle() {
	boot_ok "$1" warm && boot_ok "$2" warm || return 1
	[ "$(cat "$o/$2-persist.rc")" = 0 ] || echo "persist failed in boot $2: $(cat "$o/$2-persist")"
	if [ ! -f "$o/$2-previous-boot.dat.report" ]; then
		echo "boot $2 has no previous-boot.dat: $(cat "$o/$2-persist")"
		return 1
	fi
	report_lines "$2" previous-boot.dat
	[ "$(cat "$o/$2-previous-boot.dat.report-rc")" = 0 ] ||
		echo "report failed: $(cat "$o/$2-previous-boot.dat.report-err")"
	expect_lines "$1" "$2"
	no_unnamed "$2"
}

bad=0
: >"$work/why"
# 1. short uptime: boot 1's shutdown, read in boot 2
cycle 1 2 >>"$work/why" && no_kthreads 1 2 >>"$work/why"
verdict must "systemd, short uptime: boot 1's unit stops (systemd 1 -> SIGTERM, SIGKILL to the stubborn one) in boot 2's report"

killed_lines 1 2 >>"$work/why"
verdict must "systemd, short uptime: --killed names each stopped service's killer, and no signal after the fatal one as survived"

# 2. wrapped buffer: boot 2's shutdown after 150,000 signals, read in boot 3
grep -q '^signals=150000 ' "$o/2-storm" 2>/dev/null ||
	echo "the storm in boot 2 did not send 150000 signals: $(cat "$o/2-storm" 2>&1)" >>"$work/why"
cycle 2 3 >>"$work/why" && killed_lines 2 3 >>"$work/why"
verdict must "systemd, wrapped buffer: the unit stops are named (systemd 1) in the report and --killed, no <...> sender"

no_kthreads 2 3 >>"$work/why"
verdict must "systemd, wrapped buffer: no kernel-thread lines in the default view"

if [ -f "$o/3-previous-boot.dat.report" ]; then
	grep -Eq 'overwritten|wrapped' "$o/3-persist" ||
		echo "persist did not say that events were overwritten: $(grep saved "$o/3-persist")" >>"$work/why"
	grep -Eq 'overwritten|wrapped' "$o/3-previous-boot.dat.report-err" ||
		echo "report did not say that events were overwritten: $(cat "$o/3-previous-boot.dat.report-err")" >>"$work/why"
	# and a short uptime is not mistaken for a wrap
	if grep -Eq 'overwritten|wrapped' "$o/2-persist" "$o/2-previous-boot.dat.report-err"; then
		echo "a buffer that did not wrap was reported as overwritten: $(grep -Eh 'overwritten|wrapped' "$o/2-persist" "$o/2-previous-boot.dat.report-err")" >>"$work/why"
	fi
else
	echo "no report in boot 3" >>"$work/why"
fi
verdict must "systemd, wrapped buffer: persist and report say that older events were overwritten"

# 3. cold boot: nothing to persist, boot 2's file moved aside
if boot_ok 4 cold >>"$work/why"; then
	if grep -q ' previous-boot\.dat$' "$o/4-ls"; then
		echo "a cold boot left the previous-boot.dat of an older boot: $(cat "$o/4-ls")" >>"$work/why"
	fi
	grep -q ' previous-boot\.dat\.old$' "$o/4-ls" ||
		echo "no previous-boot.dat.old after the cold boot: $(cat "$o/4-ls")" >>"$work/why"
	grep -q 'previous-boot\.dat\.old' "$o/4-persist" ||
		echo "persist did not say where the old file went: $(cat "$o/4-persist")" >>"$work/why"
	if [ -f "$o/4-previous-boot.dat.old.report-err" ]; then
		head -n 1 "$o/4-previous-boot.dat.old.report-err" | grep -qF "$(cat "$o/2-bootid")" ||
			echo "report's first line does not name boot 2 ($(cat "$o/2-bootid")): $(head -n 1 "$o/4-previous-boot.dat.old.report-err")" >>"$work/why"
	fi
fi
verdict must "systemd, cold boot: no previous-boot.dat of an older boot left under that name; report names the boot"

# 4. the shipped unit, hardened, in boot 4
if boot_ok 4 cold >>"$work/why"; then
	sed -n 's/^EXPECT: //p' "$o/4-svc-expect" >"$work/want" 2>/dev/null
	[ -s "$work/want" ] || echo "boot 4 did not start sigftrace.service" >>"$work/why"
	sed 's/^[0-9]*\.[0-9]* //' "$o/4-svc-journal" >"$work/svc.lines" 2>/dev/null
	grep -qxF "$(cat "$work/want")" "$work/svc.lines" ||
		echo "sigftrace.service did not stream '$(cat "$work/want")': $(tr '\n' '|' <"$o/4-svc-journal")" >>"$work/why"
	printf 'CapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n' | cmp -s - "$o/4-svc-caps" ||
		echo "sigftrace.service has capabilities: $(tr '\n' ' ' <"$o/4-svc-caps")" >>"$work/why"
	grep -q '^sigftrace-[0-9]*$' "$o/4-svc-running" ||
		echo "no sigftrace-PID instance while the service ran: $(cat "$o/4-svc-running")" >>"$work/why"
	# (the persistent buffer's instance "sigftrace" stays)
	! grep -q '^sigftrace-[0-9]*$' "$o/4-svc-after" ||
		echo "instances left after systemctl stop: $(cat "$o/4-svc-after")" >>"$work/why"
	grep -qx 'Result=success' "$o/4-svc-show" ||
		echo "sigftrace.service did not stop cleanly: $(tr '\n' ' ' <"$o/4-svc-show")" >>"$work/why"
fi
verdict must "systemd: sigftrace.service as shipped (no capability, ProtectSystem=strict, ProtectKernelTunables=, @system-service) streams a signal and removes its instance"

[ "$bad" = 0 ] || keep_logs
[ "$bad" = 0 ] || echo "# logs: $logdir/systemd-*"
echo "# systemd guest: root $(du -sh "$cache/debian12/root" 2>/dev/null | cut -f1) in $cache/debian12 (debootstrap ${t_deb}s), image ${t_img}s; QEMU 1 (3 warm boots) ${t_warm}s, QEMU 2 (cold) ${t_cold}s; total $(since "$t_start")s"
for n in 1 2 3 4; do
	[ -f "$o/$n-uptime" ] && printf '# boot %s: driver at uptime %ss\n' "$n" "$(cat "$o/$n-uptime")"
done
finish
