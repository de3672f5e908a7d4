#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tests/boot/run.sh - end-to-end boot tests of sigftrace under QEMU/TCG.
#
# Called by `make boot` (and `make check`) from the repository root with
# SIGFTRACE=<abs path of the binary>, SRCTREE and BUILD; runs standalone too.
# Boots Debian's 6.1 and 6.12 cloud kernels (fetch-kernels.sh) with a busybox
# initramfs that carries the sigftrace binary, on the kernel command line that
# `sigftrace bootargs --kernel X.Y ...` prints ON THE HOST (the documented
# workflow), and checks what sigftrace reports inside the guest:
#
#   1  6.1   bootargs                (trace_event=): a USR1 sent by /init before
#            proc/sys/tracefs are mounted, `extract --top` + `report`
#   2  6.12  bootargs                (trace_instance=sigftrace,...): same signal,
#            `extract` (instance sigftrace); the top-level buffer stays empty
#   1, 2: the boot trace also names init's program, a systemd-like unit (a
#            cgroup2 group after boot) and an OOM kill (memory.max), from the
#            events bootargs enables for attribution
#   3  6.12  bootargs --persistent --nokaslr, busybox init, warm reboot: boot 2's
#            `sigftrace persist` + `report` show boot 1's shutdown (reboot ->
#            init TERM, init's TERM broadcast, stubborn ignores it, then KILL)
#   4  6.1   bootargs --console-at-shutdown, busybox init, ::shutdown hook: the
#            console shows the daemon's SIGTERM after "The system is going down"
#   5  arm64 6.1 (cloud-arm64, -M virt) and
#   6  mipsel 6.1 (4kc-malta, -M malta: a 32-bit kernel), running the sigftrace
#            and scenario cross-built against tests/cross/sysroot.sh's sysroot:
#            early-boot capture (bootargs, then 150 more USR1 to fill a few
#            pages, `extract --top`, `report`), then `record --all -- scenario`
#            with the guest's own signal numbers (MIPS: USR1 is 16), `report`. Both
#            files come back over the console (base64): the host's `report` of
#            each must print exactly the guest's lines, and `report -n` the
#            guest's number for SIGUSR1.
#   7  6.12  systemd.sh: Debian 12 with systemd (debootstrap), the project's
#            hook, warm reboots after a short uptime and with a wrapped buffer,
#            then a cold boot (a lane of its own; several results)
#
# The guest prints `EXPECT: <line>` (it knows the pids) and its report lines as
# `REPORT: <line>`; the host requires every EXPECT line to be one of the report
# lines (timestamp stripped) and checks fixed shapes (no `<...>` sender, ...).
#
# Output: TAP-like `ok N - ...` / `not ok N - ...` (serial-log excerpt as `# `
# comments on failure), then exactly `N passed, M failed`. Exit 1 if anything
# failed. Serial logs of failed cases are kept in $BUILD/boot-logs/.
# Without root, QEMU or the kernels: a skip (exit 0), or a failure when CI is set.
#
# Environment: SIGFTRACE, SRCTREE, BUILD, SIGFTRACE_CACHE (kernel cache, default
# /var/cache/sigftrace-test), CI, BOOT_KEEP=1 (keep the work directory),
# BOOT_CASES="1 3" (run a subset), QEMU_SMP (default 1: two QEMUs share 2 cores),
# BOOT_SAVE=DIR (keep the guests' files of cases 5 and 6 there),
# QEMU_MEM_PERSISTENT (guest RAM of case 3 in MiB, default 512).
set -u

here=$(cd "$(dirname "$0")" && pwd)
SRCTREE=${SRCTREE:-$(cd "$here/../.." && pwd)}
BUILD=${BUILD:-$SRCTREE/build}
SIGFTRACE=${SIGFTRACE:-$BUILD/sigftrace}
cache=${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}
logdir=$BUILD/boot-logs
cases=${BOOT_CASES:-1 2 3 4 5 6 7}
export QEMU_SMP="${QEMU_SMP:-1}"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
t_start=$(now)

# cannot_run REASON: skip outside CI, fail in CI
cannot_run() {
	if [ -n "${CI-}" ]; then
		echo "1..1"
		echo "not ok 1 - boot tests cannot run: $1"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "1..0 # SKIP $1"
	echo "0 passed, 0 failed"
	exit 0
}

[ "$(id -u)" = 0 ] || cannot_run "not root"
command -v "${QEMU:-qemu-system-x86_64}" >/dev/null 2>&1 ||
	cannot_run "${QEMU:-qemu-system-x86_64} not found (apt-get install qemu-system-x86)"
for t in timeout cpio gzip; do
	command -v "$t" >/dev/null 2>&1 || cannot_run "'$t' not found"
done
if [ ! -x "$SIGFTRACE" ]; then
	# not an environment problem: the thing under test is missing
	echo "1..1"
	echo "not ok 1 - sigftrace binary $SIGFTRACE not found (run make)"
	echo "0 passed, 1 failed"
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sigftrace-boot.XXXXXX") || cannot_run "mktemp failed"
lane=
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	# interrupted: stop the running qemu-run.sh (each stops its QEMU on TERM)
	for f in "$work"/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	if [ -n "$lane" ]; then kill "$lane" 2>/dev/null || :; fi
	if [ -n "${lane7-}" ]; then kill "$lane7" 2>/dev/null || :; fi
	if [ "${BOOT_KEEP-}" = 1 ]; then echo "# work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# --- kernels ------------------------------------------------------------------
if ! "$here/fetch-kernels.sh" "$cache" >"$work/fetch.log" 2>&1; then
	cannot_run "kernels unavailable: $(grep 'error' "$work/fetch.log" | tail -n 1)"
fi
for k in 6.1 6.12 arm64-6.1 mipsel-6.1; do
	[ -r "$cache/vmlinuz-$k" ] || cannot_run "kernel $cache/vmlinuz-$k missing"
done
# X.Y of each cached kernel, from its uname -r (what --kernel wants)
kver() { awk -v k="$1" '$1 == k { split($4, v, "."); print v[1] "." v[2] }' "$cache/kernels.txt"; }
K61=$(kver 6.1) K612=$(kver 6.12)

# --- images ---------------------------------------------------------------------
# One base image (busybox + sigftrace and its libraries, made by mkinitramfs.sh)
# and, per case, a small second archive with /init or /etc/inittab and scripts,
# concatenated to it: the kernel unpacks both, later entries replace earlier ones.
printf '#!/bin/sh\necho "no case overlay"; poweroff -f\n' >"$work/init-base"
if ! "$here/mkinitramfs.sh" "$work/base.cpio.gz" "$work/init-base" \
	--bin "$SIGFTRACE:/bin/sigftrace" >"$work/mkinitramfs.log" 2>&1; then
	cannot_run "cannot build the initramfs: $(tail -n 1 "$work/mkinitramfs.log")"
fi

# image CASE [BASE]: $work/CASE.cpio.gz = BASE (default base) + the files under $work/CASE.d
image() {
	(cd "$work/$1.d" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$work/$1.overlay.gz" &&
		cat "$work/${2:-base}.cpio.gz" "$work/$1.overlay.gz" >"$work/$1.cpio.gz"
}
# script CASE PATH: write stdin to CASE's PATH, mode 755
script() {
	mkdir -p "$work/$1.d$(dirname "$2")"
	cat >"$work/$1.d$2"
	chmod 755 "$work/$1.d$2"
}

# A daemon with a fixed name that blocks in a shell builtin (no child process):
# the kernel names a script's process after the script's file (comm).
# daemon CASE NAME MODE, MODE: term (prints the EXPECT line of init's SIGTERM),
# stubborn (ignores SIGTERM: EXPECT ignored TERM, then KILL), console (prints
# the tp_printk line expected on the console). It writes /run/ready.NAME when set up.
daemon() {
	{
		echo '#!/bin/sh'
		case $3 in
		term) echo "echo \"EXPECT: (init 1) --[SIGTERM]--> ($2 \$\$)\"" ;;
		stubborn)
			echo 'trap "" TERM'
			echo "echo \"EXPECT: (init 1) --[SIGTERM]--> ($2 \$\$) ignored\""
			echo "echo \"EXPECT: (init 1) --[SIGKILL]--> ($2 \$\$)\"" ;;
		console) echo "echo \"CONSOLE-EXPECT: signal_generate: sig=15 errno=0 code=0 comm=$2 pid=\$\$ grp=1 res=0\"" ;;
		esac
		echo "mkfifo /run/$2.fifo"
		echo "exec 0<>/run/$2.fifo"
		echo "touch /run/ready.$2"
		echo 'while :; do read -r x; done'
	} | script "$1" "/bin/$2"
}

# Cases 1 and 2: /init (busybox sh, comm "init") signals before any mount.
capture_init() { # CASE EXTRACT-ARGS
	script "$1" /init <<EOF
#!/bin/sh
sleep 100 &
victim=\$!
# no /proc yet to see it: give the child time to exec sleep (its comm)
sleep 0.5
kill -USR1 "\$victim"
wait "\$victim"
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tracefs nodev /sys/kernel/tracing
echo "SFT: init at uptime \$(cut -d' ' -f1 /proc/uptime), cmdline: \$(cat /proc/cmdline)"
echo "EXPECT: (init 1) --[SIGUSR1]--> (sleep \$victim)"
T=/sys/kernel/tracing
[ -d \$T/instances/sigftrace ] && echo "SFT: instances/sigftrace exists"
echo "SFT: top-level signal_generate lines: \$(grep -c signal_generate \$T/trace)"
dmesg -n 1 # keep kernel messages out of the report lines
sigftrace extract $2 -o /tmp/b.dat
echo "SFT: extract status \$?"
sigftrace report -i /tmp/b.dat >/tmp/report.txt
echo "SFT: report status \$?"
sed 's/^/REPORT: /' /tmp/report.txt
# attribution from the boot's own events: init's program (exec) ...
sigftrace report -i /tmp/b.dat --format json -s USR1 | grep -q '"exe":"/init"' &&
	echo "SFT: attrib exe /init"
# ... a cgroup (attach) and the OOM killer (mark_victim), after boot
C=/sys/fs/cgroup
mount -t cgroup2 none \$C && echo +memory > \$C/cgroup.subtree_control &&
	mkdir -p \$C/boot.slice/victim.service \$C/hog &&
	echo 16777216 > \$C/hog/memory.max
sleep 100 &
victim=\$!
echo \$victim > \$C/boot.slice/victim.service/cgroup.procs
kill -TERM \$victim
wait \$victim
sh -c 'echo \$\$ > /sys/fs/cgroup/hog/cgroup.procs && x=0123456789; while :; do x=\$x\$x; done'
sigftrace extract $2 -o /tmp/c.dat
sigftrace report -i /tmp/c.dat --format json >/tmp/c.json
echo "SFT: attrib report status \$?"
grep '"name":"SIGTERM"' /tmp/c.json | grep -q '"unit":"victim.service"' &&
	echo "SFT: attrib unit victim.service"
grep -q '"origin":"oom"' /tmp/c.json && echo "SFT: attrib origin oom"
echo "SFT: done"
poweroff -f
EOF
	image "$1"
}

# attrib_check LOG: the boot trace named init's program, a unit and the OOM killer
attrib_check() {
	for w in "exe /init" "unit victim.service" "origin oom"; do
		grep -q "^SFT: attrib $w\$" "$1" || echo "boot trace without attribution: $w"
	done
}

# Case 3: busybox init, persistent buffer, RTC year as boot counter.
mk_case3() {
	script case3 /etc/inittab <<'EOF'
::sysinit:/etc/rc.sysinit
::once:/bin/daemon-a
::once:/bin/daemon-b
::once:/bin/stubborn
::once:/etc/rc.reboot
::shutdown:/bin/echo "SFT: shutdown hook"
EOF
	chmod 644 "$work/case3.d/etc/inittab"
	script case3 /etc/rc.sysinit <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing
hwclock -s -u
if [ "$(date -u +%Y)" != 2000 ]; then
	# the year survives the warm reboot in CMOS: boot 2 sees 2000
	date -u -s '2000-01-01 00:00:00' >/dev/null
	hwclock -w -u
	echo "SFT: boot 1, cmdline: $(cat /proc/cmdline)"
	sigftrace persist
	echo "SFT: persist status $?"
else
	echo "SFT: boot 2, last_boot_info: $(tr '\n' ' ' </sys/kernel/tracing/instances/sigftrace/last_boot_info)"
	# a full disk first: persist fails before reading the buffer, which
	# keeps boot 1's events for the persist that follows (the report below)
	mkdir -p /mnt/full && mount -t tmpfs -o size=16k none /mnt/full
	sigftrace persist -o /mnt/full/previous-boot.dat 2>/tmp/full.err
	echo "SFT: full-disk persist status $?"
	sed 's/^/FULL: /' /tmp/full.err
	umount /mnt/full
	sigftrace persist
	echo "SFT: persist status $?"
	dmesg -n 1
	sigftrace report -i /var/lib/sigftrace/previous-boot.dat >/tmp/report.txt
	echo "SFT: report status $?"
	sed 's/^/REPORT: /' /tmp/report.txt
	echo "SFT: done"
	poweroff -f
fi
EOF
	daemon case3 daemon-a term
	daemon case3 daemon-b term
	daemon case3 stubborn stubborn
	script case3 /etc/rc.reboot <<'EOF'
#!/bin/sh
n=0
until [ -e /run/ready.daemon-a ] && [ -e /run/ready.daemon-b ] && [ -e /run/ready.stubborn ]; do
	n=$((n + 1))
	[ $n -gt 300 ] && { echo "SFT: daemons not ready"; break; }
	sleep 0.1
done
echo "SFT: boot 1 rebooting"
# this pid becomes the reboot applet's (exec keeps the pid, comm is "reboot")
echo "EXPECT: (reboot $$) --[SIGTERM]--> (init 1)"
exec reboot
EOF
	image case3
}

# Case 4: busybox init, tp_printk switched on by the first ::shutdown action.
mk_case4() {
	script case4 /etc/inittab <<'EOF'
::sysinit:/etc/rc.sysinit
::once:/bin/daemon-c
::once:/etc/rc.poweroff
::shutdown:echo 1 > /proc/sys/kernel/tracepoint_printk
::shutdown:/bin/echo "SFT: shutdown hook 2"
EOF
	chmod 644 "$work/case4.d/etc/inittab"
	script case4 /etc/rc.sysinit <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "SFT: cmdline: $(cat /proc/cmdline)"
echo "SFT: tracepoint_printk at boot: $(cat /proc/sys/kernel/tracepoint_printk)"
# tp_printk_stop_on_boot: this USR1 must not reach the console
sleep 100 &
victim=$!
sleep 0.2
kill -USR1 $victim
wait $victim
EOF
	daemon case4 daemon-c console
	script case4 /etc/rc.poweroff <<'EOF'
#!/bin/sh
n=0
until [ -e /run/ready.daemon-c ]; do
	n=$((n + 1))
	[ $n -gt 300 ] && { echo "SFT: daemon not ready"; break; }
	sleep 0.1
done
echo "SFT: powering off"
exec poweroff
EOF
	image case4
}

# Cases 5 and 6: another architecture's guest runs its own cross-built sigftrace.
# cross_case CASE ARCH: builds, images and sets up the case, or writes CASE.skip
# (a missing cross toolchain outside CI) or CASE.setup (a failure)
cross_case() {
	c=$1
	. "$SRCTREE/tests/cross/env.sh"
	cross_arch "$2"
	missing=$(cross_missing)
	command -v "qemu-system-$QEMU_ARCH" >/dev/null 2>&1 || missing=${missing:-qemu-system-$QEMU_ARCH}
	if [ -n "$missing" ]; then
		echo "$missing not found (make deps installs it)" >"$work/$c.skip"
		return 1
	fi
	if ! cross_build "$2" "$SRCTREE" cli test-progs >"$work/$c.build.log" 2>&1; then
		{
			echo "cross build for $2 failed:"
			tail -n 20 "$work/$c.build.log"
		} >"$work/$c.setup"
		return 1
	fi
	bin=$SRCTREE/build-$2
	if ! BUSYBOX=$SYSROOT/bin/busybox BUSYBOX_RUN=$QEMU_USER "$here/mkinitramfs.sh" \
		"$work/base-$2.cpio.gz" "$work/init-base" --root "$SYSROOT" \
		--bin "$bin/sigftrace:/bin/sigftrace" --bin "$bin/tests/e2e/scenario:/bin/scenario" \
		>"$work/$c.mkinitramfs.log" 2>&1; then
		echo "cannot build the $2 initramfs: $(tail -n 1 "$work/$c.mkinitramfs.log")" >"$work/$c.setup"
		return 1
	fi
	echo "$QEMU_ARCH" >"$work/$c.qemu"
	script "$c" /init <<'EOF'
#!/bin/sh
sleep 100 &
victim=$!
# no /proc yet to see it: give the child time to exec sleep (its comm)
sleep 0.5
kill -USR1 "$victim"
wait "$victim"
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tracefs nodev /sys/kernel/tracing
echo "SFT: $(uname -m) at uptime $(cut -d' ' -f1 /proc/uptime), cmdline: $(cat /proc/cmdline)"
echo "EXPECT: (init 1) --[SIGUSR1]--> (sleep $victim)"
dmesg -n 1 # keep kernel messages out of the report lines
# a few pages of boot trace: 150 more USR1 to a shell that catches them
sh -c 'trap : USR1; while :; do sleep 1; done' &
catcher=$!
sleep 0.5
n=0
while [ $n -lt 150 ]; do kill -USR1 $catcher; n=$((n + 1)); done
kill $catcher
wait $catcher
sigftrace extract --top -o /tmp/b.dat
echo "SFT: extract status $?"
sigftrace report -i /tmp/b.dat >/tmp/report.txt
echo "SFT: report status $?"
sed 's/^/REPORT: /' /tmp/report.txt
# the scenario's pty hang-up needs /dev/ptmx and devpts
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
# --all: also the scenario's SIGALRM (hidden by default)
sigftrace record --all -o /tmp/s.dat -- scenario --expect /tmp/exp >/tmp/record.log 2>&1
echo "SFT: record status $?"
sed 's/^/SFT: record: /' /tmp/record.log
sed 's/^/SCEXPECT: /' /tmp/exp
sigftrace report --all -i /tmp/s.dat >/tmp/sreport.txt
echo "SFT: report status $?"
sed 's/^/SCREPORT: /' /tmp/sreport.txt
for f in b s; do
	echo "SFT: md5 $f $(md5sum </tmp/$f.dat | cut -d' ' -f1)"
	base64 /tmp/$f.dat | sed "s/^/B64 $f: /"
done
echo "SFT: done"
poweroff -f
EOF
	image "$c" "base-$2"
}

# --- command lines, from `sigftrace bootargs` on the host -----------------------
bootargs() { # CASE ARGS...: $work/CASE.append, or $work/CASE.setup on failure
	c=$1
	shift
	if "$SIGFTRACE" bootargs "$@" >"$work/$c.append" 2>"$work/$c.notes" &&
		[ "$(wc -l <"$work/$c.append")" = 1 ] && [ -s "$work/$c.append" ]; then
		return 0
	fi
	{
		echo "sigftrace bootargs $* failed or did not print one line:"
		cat "$work/$c.append" "$work/$c.notes"
	} >"$work/$c.setup"
	return 1
}

# boot CASE KERNEL EXTRA-APPEND [qemu-run.sh options]: run one case (if set up);
# $work/CASE.log is the serial log, CASE.err qemu-run.sh's summary, CASE.rc its status
boot() {
	c=$1 kernel=$2 extra=$3
	shift 3
	if [ -f "$work/$c.setup" ] || [ -f "$work/$c.skip" ]; then return 0; fi
	# in the background + wait, so that a signal to this script is handled at once
	"$here/qemu-run.sh" "$@" "$kernel" "$work/$c.cpio.gz" "$(cat "$work/$c.append")${extra:+ $extra}" \
		>"$work/$c.log" 2>"$work/$c.err" &
	echo $! >"$work/$c.pid"
	wait $!
	echo $? >"$work/$c.rc"
	rm -f "$work/$c.pid"
}

want() { case " $cases " in *" $1 "*) return 0 ;; esac; return 1; }

# cross_boot CASE KERNEL-KEY: a case of another architecture (QEMU_ARCH in CASE.qemu)
cross_boot() {
	[ -f "$work/$1.qemu" ] || return 0
	(
		QEMU_ARCH=$(cat "$work/$1.qemu")
		export QEMU_ARCH
		# Malta's 32-bit kernel uses 256 MiB of low memory
		if [ "$QEMU_ARCH" = mipsel ]; then export QEMU_MEM=256; fi
		boot "$1" "$cache/vmlinuz-$2" "" --timeout 120
	)
}

for c in $cases; do
	case $c in
	1) bootargs case1 --kernel "$K61" && capture_init case1 --top ;;
	2) bootargs case2 --kernel "$K612" && capture_init case2 "" ;;
	3) bootargs case3 --kernel "$K612" --persistent --nokaslr && mk_case3 ;;
	4) bootargs case4 --kernel "$K61" --console-at-shutdown && mk_case4 ;;
	5) bootargs case5 --kernel "$K61" && cross_case case5 arm64 ;;
	6) bootargs case6 --kernel "$K61" && cross_case case6 mipsel ;;
	7) ;;
	*) echo "unknown case $c in BOOT_CASES" >&2; exit 2 ;;
	esac
done
t_images=$(since "$t_start")

# --- run: two lanes (two QEMUs at most); the two-boot case has a lane of its own
t_boot=$(now)
lane7=
if want 7; then
	sh "$here/systemd.sh" --embed >"$work/case7.tap" 2>&1 &
	lane7=$!
fi
if want 3 || want 5; then
	(
		if want 3; then
			# 512 MiB like the other cases: bootargs aligns reserve_mem to 32 MiB.
			# With the 4 KiB alignment it used to print, the area landed at
			# 0x1ee00000 with this 2.7 MB initramfs and boot 2's kernel discarded
			# it on every run ("Ring buffer boot meta [0] buffer invalid commit").
			QEMU_MEM=${QEMU_MEM_PERSISTENT:-512}
			export QEMU_MEM
			boot case3 "$cache/vmlinuz-6.12" rdinit=/sbin/init --reboot --max-boots 2 --timeout 90
			unset QEMU_MEM
		fi
		if want 5; then cross_boot case5 arm64-6.1; fi
	) &
	lane=$!
fi
if want 1; then boot case1 "$cache/vmlinuz-6.1" "" --timeout 60; fi
if want 2; then boot case2 "$cache/vmlinuz-6.12" "" --timeout 60; fi
if want 4; then boot case4 "$cache/vmlinuz-6.1" rdinit=/sbin/init --timeout 60; fi
if want 6; then cross_boot case6 mipsel-6.1; fi
if [ -n "$lane" ]; then
	wait "$lane"
	lane=
fi
t_boots=$(since "$t_boot")
if [ -n "$lane7" ]; then wait "$lane7"; fi

# --- checks ---------------------------------------------------------------------
# report_check LOG [EXTRA-AWK]: every EXPECT line is a report line (timestamp
# stripped), every report line has the documented shape with a named sender.
# EXTRA-AWK runs in the END block with r[1..nr] (report lines, no timestamp)
# and pos[line] (first index); it calls why(REASON) on failure.
report_check() {
	awk '
	function why(s) { print s; bad = 1 }
	/^EXPECT: / { e[++ne] = substr($0, 9); next }
	/^REPORT: / {
		line = substr($0, 9)
		if (line !~ /^[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9] \(/)
			why("report line without a SECONDS.USEC timestamp: " line)
		sub(/^[0-9]+\.[0-9]+ /, "", line)
		r[++nr] = line
		if (!(line in pos)) pos[line] = nr
		if (line ~ /^\(<\.\.\.>/)
			why("sender without a name: " line)
		else if (line !~ /^(\([^()]+ [0-9]+\)|\((kernel|irq|softirq|nmi)\)) --\[SIG[A-Z0-9+]+\]--> \([^()]+ [0-9]+\)( [a-zA-Z_-]+)*$/)
			why("report line of unexpected shape: " line)
		next
	}
	END {
		if (nr == 0) why("no report lines")
		if (ne == 0) why("the guest printed no EXPECT line")
		for (i = 1; i <= ne; i++)
			if (!(e[i] in pos)) why("expected report line missing: " e[i])
		'"${2-}"'
	}' "$1"
}

excerpt() { # LOG: the serial log lines that matter, as comments
	{
		grep -E '^(SFT|EXPECT|CONSOLE-EXPECT|REPORT): |sigftrace|Linux version|Ring buffer|going down|Sent SIG|signal_generate:|Kernel panic|qemu-run|[Ee]rror|Unknown kernel' "$1" | head -n 80
		echo "--- last 15 lines:"
		tail -n 15 "$1"
	} | sed 's/^/#   /'
}

pass=0 fail=0 num=0
result() { # CASE DESCRIPTION: ok/not ok from $work/CASE.why (empty: passed)
	c=$1
	num=$((num + 1))
	if [ -f "$work/$c.skip" ] && [ -z "${CI-}" ]; then
		pass=$((pass + 1))
		echo "ok $num - $2 # SKIP $(cat "$work/$c.skip")"
		return
	fi
	wall=$(sed -n 's/.*, wall \([0-9.]*s\)$/\1/p' "$work/$c.err" 2>/dev/null)
	if [ ! -s "$work/$c.why" ]; then
		pass=$((pass + 1))
		echo "ok $num - $2 (${wall:-no boot})"
		return
	fi
	fail=$((fail + 1))
	echo "not ok $num - $2 (${wall:-no boot})"
	sed 's/^/# /' "$work/$c.why"
	if [ -f "$work/$c.log" ]; then
		mkdir -p "$logdir"
		cp "$work/$c.log" "$logdir/$c.log"
		echo "# serial log: $logdir/$c.log; command line: $(cat "$work/$c.append" 2>/dev/null)"
		excerpt "$work/$c.log"
	fi
}

# common CASE: setup, QEMU status and the guest's own statuses
common() {
	c=$1
	: >"$work/$c.why"
	if [ -f "$work/$c.setup" ] || [ -f "$work/$c.skip" ]; then
		cat "$work/$c.setup" "$work/$c.skip" >"$work/$c.why" 2>/dev/null
		return 1
	fi
	rc=$(cat "$work/$c.rc" 2>/dev/null || echo none)
	if [ "$rc" != 0 ]; then
		echo "qemu-run.sh status $rc: $(cat "$work/$c.err")" >>"$work/$c.why"
	fi
	grep -q '^SFT: done$' "$work/$c.log" || echo "the guest did not finish (no 'SFT: done')" >>"$work/$c.why"
	grep -E '^SFT: (extract|persist|report|record) status [1-9]' "$work/$c.log" >>"$work/$c.why"
	return 0
}

# cross_check CASE SIGUSR1: a guest of another architecture (cases 5 and 6): its
# early-boot and scenario reports, the host's report of both of its files (the
# same lines), and its own number for SIGUSR1 in them
cross_check() {
	c=$1 log=$work/$1.log
	report_check "$log"
	awk '
	function why(s) { print s }
	/^SCEXPECT: / { e[++ne] = substr($0, 11); next }
	/^SCREPORT: / { line = substr($0, 11); sub(/^[0-9]+\.[0-9]+ /, "", line); have[line] = 1 }
	END {
		if (ne < 10) why("the scenario expected only " ne + 0 " signals")
		for (i = 1; i <= ne; i++)
			if (!(e[i] in have)) why("scenario line missing from the guest report: " e[i])
	}' "$log"
	for f in b s; do
		sed -n "s/^B64 $f: //p" "$log" | base64 -d >"$work/$c.$f.dat" 2>/dev/null
		md5=$(sed -n "s/^SFT: md5 $f //p" "$log")
		if [ -z "$md5" ] || [ "$(md5sum <"$work/$c.$f.dat" | cut -d' ' -f1)" != "$md5" ]; then
			echo "the guest's $f.dat did not come back intact over the console"
			continue
		fi
		if [ -n "${BOOT_SAVE-}" ]; then mkdir -p "$BOOT_SAVE" && cp "$work/$c.$f.dat" "$BOOT_SAVE/"; fi
		if [ $f = b ]; then p=REPORT all=; else p=SCREPORT all=--all; fi
		sed -n "s/^$p: //p" "$log" >"$work/$c.$f.guest"
		if ! "$SIGFTRACE" report $all -i "$work/$c.$f.dat" >"$work/$c.$f.host" 2>"$work/$c.$f.err"; then
			echo "the host cannot report the guest's $f.dat: $(head -n 1 "$work/$c.$f.err")"
		elif ! cmp -s "$work/$c.$f.guest" "$work/$c.$f.host"; then
			echo "the host's report of the guest's $f.dat differs from the guest's:"
			diff "$work/$c.$f.guest" "$work/$c.$f.host" | head -n 10
		fi
	done
	# the guest's own numbers: -n prints them
	killer=$(sed -n 's/^SCEXPECT: \((sc-killer [0-9]*) --\)\[SIGUSR1\]\(--> (sc-victim [0-9]*)\)$/\1[NUM]\2/p' "$log")
	if [ -z "$killer" ]; then
		echo "the scenario expected no (sc-killer) --[SIGUSR1]--> (sc-victim) line"
	elif ! "$SIGFTRACE" report -n -i "$work/$c.s.dat" 2>/dev/null | grep -Fq -- "$(echo "$killer" | sed "s/NUM/$2/")"; then
		echo "report -n does not show SIGUSR1 as $2: want $(echo "$killer" | sed "s/NUM/$2/")"
	fi
}

rm -f "$logdir"/case[1-6].log
if want 1; then
	if common case1; then
		report_check "$work/case1.log" >>"$work/case1.why"
		attrib_check "$work/case1.log" >>"$work/case1.why"
		grep -q '^SFT: instances/sigftrace exists' "$work/case1.log" &&
			echo "6.1 has an instance sigftrace" >>"$work/case1.why"
	fi
	result case1 "6.1, bootargs --kernel $K61 (trace_event=), extract --top: init's SIGUSR1 sent before any mount"
fi
if want 2; then
	if common case2; then
		report_check "$work/case2.log" >>"$work/case2.why"
		attrib_check "$work/case2.log" >>"$work/case2.why"
		grep -q '^SFT: instances/sigftrace exists$' "$work/case2.log" ||
			echo "no /sys/kernel/tracing/instances/sigftrace" >>"$work/case2.why"
		grep -q '^SFT: top-level signal_generate lines: 0$' "$work/case2.log" ||
			echo "the top-level buffer has signal events: $(grep '^SFT: top-level' "$work/case2.log")" >>"$work/case2.why"
	fi
	result case2 "6.12, bootargs --kernel $K612 (trace_instance=sigftrace), extract: same SIGUSR1, in the instance only"
fi
if want 3; then
	if common case3; then
		# boot 1 printed the EXPECT lines, boot 2 the report
		awk '/Linux version [0-9]/ { n++ } END { if (n != 2) print "expected 2 boots, saw " n + 0 }' \
			"$work/case3.log" >>"$work/case3.why"
		grep -q '^SFT: boot 2' "$work/case3.log" || echo "no boot 2 marker" >>"$work/case3.why"
		# persist to a full disk: an error saying the buffer stays, then the real one saves it
		grep -q '^SFT: full-disk persist status 1' "$work/case3.log" &&
			grep -q "^FULL: sigftrace persist: .*No space left on device.*: the previous boot's events stay in instance sigftrace, this boot is not traced" "$work/case3.log" ||
			echo "persist to a full disk: $(grep -E '^(SFT: full-disk|FULL:)' "$work/case3.log" | tr '\n' ' ')" >>"$work/case3.why"
		# boot 2's kernel on the persistent buffer: kept, or discarded and why
		awk '/Linux version [0-9]/ { n++ } n == 2 && /Ring buffer.*meta/ { m = $0 }
			END { if (m !~ /is from previous boot/) print "boot 2 kernel did not keep the persistent buffer: " (m == "" ? "no Ring buffer meta message" : m) }' \
			"$work/case3.log" >>"$work/case3.why"
		grep -Eq '^sigftrace report: [0-9]+ signals ignored by kernel threads not shown' "$work/case3.log" ||
			echo "report did not set the kernel threads' ignored signals aside" >>"$work/case3.why"
		report_check "$work/case3.log" '
		# hard-coded shapes, in order: reboot asks init, init TERMs all, then KILLs stubborn
		for (i = 1; i <= nr; i++) {
			if (r[i] ~ /^\(reboot [0-9]+\) --\[SIGTERM\]--> \(init 1\)$/ && !rb) rb = i
			if (r[i] ~ /^\(init 1\) --\[SIGTERM\]--> \(daemon-a [0-9]+\)$/) ta = i
			if (r[i] ~ /^\(init 1\) --\[SIGTERM\]--> \(daemon-b [0-9]+\)$/) tb = i
			if (r[i] ~ /^\(init 1\) --\[SIGTERM\]--> \(stubborn [0-9]+\) ignored$/) ts = i
			if (r[i] ~ /^\(init 1\) --\[SIGKILL\]--> \(stubborn [0-9]+\)$/) ks = i
		}
		if (!rb) why("no (reboot N) --[SIGTERM]--> (init 1)")
		if (!ta || !tb || !ts) why("init did not TERM every daemon (daemon-a " ta ", daemon-b " tb ", stubborn " ts ")")
		if (!ks) why("no (init 1) --[SIGKILL]--> (stubborn N)")
		# kill(-1) reaches every kernel thread: report keeps those lines aside
		for (i = 1; i <= nr; i++)
			if (r[i] ~ /--> \((kthreadd 2|kworker\/[^ ]*|ksoftirqd\/[^ ]*|rcu_[^ ]*) [0-9]+\) ignored$/)
				why("a kernel thread ignored line was shown: " r[i])
		if (rb && ta && tb && ts && ks && !(rb < ta && rb < tb && rb < ts && ts < ks))
			why("wrong order: reboot->init " rb ", TERMs " ta "/" tb "/" ts ", KILL " ks)
		' >>"$work/case3.why"
	fi
	result case3 "6.12, bootargs --kernel $K612 --persistent --nokaslr, busybox init, warm reboot: boot 1's shutdown from persist in boot 2"
fi
if want 4; then
	# single boot, no report in the guest: its own checks
	: >"$work/case4.why"
	if [ -f "$work/case4.setup" ]; then
		cat "$work/case4.setup" >"$work/case4.why"
	else
		rc=$(cat "$work/case4.rc" 2>/dev/null || echo none)
		[ "$rc" = 0 ] || echo "qemu-run.sh status $rc: $(cat "$work/case4.err")" >>"$work/case4.why"
		awk '
		function why(s) { print s; bad = 1 }
		/^CONSOLE-EXPECT: / { want = substr($0, 17); next }
		/^SFT: tracepoint_printk at boot: / { tp = $NF }
		/The system is going down/ { down = 1 }
		/signal_generate: sig=10 / { early = $0 }
		# the kernel line as printk puts it on the console: "[ uptime] " + event
		down && want != "" && ($0 == want || index($0, "] " want) && substr($0, length($0) - length(want) + 1) == want) { found = 1 }
		END {
			if (want == "") why("the daemon printed no CONSOLE-EXPECT line")
			if (tp != "0") why("tracepoint_printk at boot was " tp ", not 0 (tp_printk_stop_on_boot)")
			if (!down) why("no \"The system is going down\" on the console")
			if (early != "") why("tp_printk printed a signal before shutdown: " early)
			if (want != "" && !found) why("no \"" want "\" after \"The system is going down\"")
		}' "$work/case4.log" >>"$work/case4.why"
	fi
	result case4 "6.1, bootargs --kernel $K61 --console-at-shutdown, busybox init: the daemon's SIGTERM on the console at shutdown"
fi

if want 5; then
	if common case5; then cross_check case5 10 >>"$work/case5.why"; fi
	result case5 "arm64 6.1 (-M virt), cross-built sigftrace: bootargs --kernel $K61 + extract --top, record -- scenario; the host reports the guest's files identically"
fi
if want 6; then
	if common case6; then cross_check case6 16 >>"$work/case6.why"; fi
	result case6 "mipsel 6.1 (-M malta, 32-bit), cross-built sigftrace: bootargs --kernel $K61 + extract --top, record -- scenario (USR1 is 16); the host reports the guest's files identically"
fi

if want 7; then
	# systemd.sh's results, numbered here; "# TODO" is not a failure
	while IFS= read -r l; do
		case $l in
		"ok - "*) num=$((num + 1)) pass=$((pass + 1)) && echo "ok $num ${l#ok }" ;;
		"not ok - "*"# TODO"*) num=$((num + 1)) && echo "not ok $num ${l#not ok }" ;;
		"not ok - "*) num=$((num + 1)) fail=$((fail + 1)) && echo "not ok $num ${l#not ok }" ;;
		*) echo "$l" ;;
		esac
	done <"$work/case7.tap"
fi
echo "1..$num"
echo "# kernels: $(awk '{ printf "%s%s", sep, $4; sep = ", " }' "$cache/kernels.txt"); QEMU -smp $QEMU_SMP, TCG"
echo "# wall: images ${t_images}s, boots ${t_boots}s (2 lanes), total $(since "$t_start")s"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
