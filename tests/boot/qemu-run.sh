#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# qemu-run.sh [--reboot] [--max-boots N] [--timeout S] KERNEL INITRD "APPEND"
#
# INITRD "" boots without one (a root disk given in QEMU_EXTRA_ARGS).
# Boots KERNEL + INITRD in QEMU/TCG (1 vCPU, 512 MiB, serial console only) with
# "console=<serial> panic=-1 APPEND" and copies the serial log to stdout as it comes.
#   default      -no-reboot: a guest poweroff, reboot or panic ends QEMU.
#   --reboot     no -no-reboot: a guest `reboot -f` resets the same QEMU process, so
#                RAM (persistent ring buffer) and CMOS/RTC survive. A host-side guard
#                kills QEMU once more than N (--max-boots, default 2) kernel banners
#                ("Linux version") have appeared. Needs a console loglevel >= 5
#                (no `quiet`) for the banner to show.
#   --timeout S  kill QEMU after S seconds (default 60).
# Exit status: 0 when QEMU ended by itself (guest poweroff/reboot), 124 on timeout,
# 3 when the boot-count guard fired, 4 when the log shows a kernel panic,
# 141 when stdout was closed early (QEMU is stopped then),
# otherwise QEMU's own non-zero status. The wall time goes to stderr.
# Environment: QEMU_ARCH (the guest: x86_64, default, -M pc, ttyS0; aarch64: -M virt
# with a Cortex-A57, ttyAMA0; mipsel: -M malta, ttyS0), QEMU (default
# qemu-system-$QEMU_ARCH), QEMU_MEM (default 512), QEMU_SMP (default 1),
# QEMU_EXTRA_ARGS (word-split, appended).
set -eu

die() { echo "qemu-run: error: $*" >&2; exit 2; }
usage() {
	echo "usage: $0 [--reboot] [--max-boots N] [--timeout S] KERNEL INITRD \"APPEND\"" >&2
	exit 2
}

reboot=0 max_boots=2 tmo=60
while [ $# -gt 0 ]; do
	case $1 in
	--reboot) reboot=1; shift ;;
	--max-boots) [ $# -ge 2 ] || usage; max_boots=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || usage; tmo=$2; shift 2 ;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 3 ] || usage
kernel=$1 initrd=$2 append=$3
case $max_boots in '' | *[!0-9]*) die "--max-boots wants a number" ;; esac
case $tmo in '' | *[!0-9.]*) die "--timeout wants seconds" ;; esac
[ -r "$kernel" ] || die "kernel '$kernel' not readable (run fetch-kernels.sh)"
[ -z "$initrd" ] || [ -r "$initrd" ] || die "initrd '$initrd' not readable"
case ${QEMU_ARCH:=x86_64} in
x86_64) machine="-M pc" console=ttyS0 pkg=qemu-system-x86 ;;
aarch64) machine="-M virt -cpu cortex-a57" console=ttyAMA0 pkg=qemu-system-arm ;;
mipsel) machine="-M malta" console=ttyS0 pkg=qemu-system-mips ;;
*) die "unknown QEMU_ARCH $QEMU_ARCH (x86_64, aarch64, mipsel)" ;;
esac
QEMU=${QEMU:-qemu-system-$QEMU_ARCH}
command -v "$QEMU" >/dev/null 2>&1 || die "$QEMU not found (apt-get install $pkg)"
command -v timeout >/dev/null 2>&1 || die "timeout not found (coreutils)"

noreboot=-no-reboot
[ "$reboot" = 1 ] && noreboot=
if [ -n "$initrd" ]; then set -- -initrd "$initrd"; else set --; fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qemu-run.XXXXXX")
qpid=
# shellcheck disable=SC2317 # called from the trap
cleanup() {
	if [ -n "$qpid" ]; then kill "$qpid" 2>/dev/null || :; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE
mkfifo "$tmp/serial"

start=$(date +%s.%N)
# shellcheck disable=SC2086 # QEMU_EXTRA_ARGS, $machine and $noreboot are meant to be split
timeout -k 5 "$tmo" "$QEMU" -accel tcg $machine -m "${QEMU_MEM:-512}" -smp "${QEMU_SMP:-1}" \
	-nodefaults -no-user-config -display none -serial stdio $noreboot \
	-kernel "$kernel" "$@" \
	-append "console=$console panic=-1 $append" ${QEMU_EXTRA_ARGS-} \
	</dev/null >"$tmp/serial" 2>&1 &
qpid=$!

# Copy the log line by line (a shell loop: mawk would buffer its input), count
# kernel banners, spot panics. Without --reboot the guard is off.
cr=$(printf '\r')
boots=0 fired=0 panic=0 closed=0
while IFS= read -r line || [ -n "$line" ]; do
	line=${line%"$cr"}
	if ! printf '%s\n' "$line" 2>/dev/null; then
		closed=1 # stdout closed early (e.g. `| grep -q`): stop QEMU
		kill "$qpid" 2>/dev/null || :
		break
	fi
	case $line in
	*"Linux version "[0-9]*)
		boots=$((boots + 1))
		if [ "$reboot" = 1 ] && [ "$boots" -gt "$max_boots" ] && [ "$fired" = 0 ]; then
			fired=1
			echo "qemu-run: boot $boots > --max-boots $max_boots, killing QEMU" >&2
			kill "$qpid" 2>/dev/null || :
		fi ;;
	*"Kernel panic - not syncing"*) panic=1 ;;
	esac
done <"$tmp/serial"
st_qemu=0
wait "$qpid" || st_qemu=$?
qpid=
end=$(date +%s.%N)
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')

if [ "$closed" = 1 ]; then
	st=141 why="stdout closed"
elif [ "$fired" = 1 ]; then
	st=3 why="boot guard fired"
elif [ "$st_qemu" = 124 ] || [ "$st_qemu" = 137 ]; then
	st=124 why="timeout after ${tmo}s"
elif [ "$st_qemu" != 0 ]; then
	st=$st_qemu why="QEMU failed"
elif [ "$panic" = 1 ]; then
	st=4 why="kernel panic"
else
	st=0 why="QEMU exited"
fi
echo "qemu-run: $why, status $st, wall ${wall}s" >&2
exit "$st"
