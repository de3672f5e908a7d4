#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# smoke.sh [CACHE_DIR] - proves fetch-kernels.sh, mkinitramfs.sh and qemu-run.sh work
# together, with busybox only (no sigftrace binary):
#   6.1-global    trace_event=signal:...: a USR1 sent by /init before any mount is
#                 in the top-level trace;
#   6.12-instance trace_instance=sigftrace,signal:...: same, in instances/sigftrace;
#   6.12-warm     persistent instance (reserve_mem= + ^traceoff), warm reboot with the
#                 RTC year as boot counter: boot 2 reads boot 1's USR2 and marker.
# Logs are kept in $SMOKE_OUT (default: a temp dir, removed on success).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}}
"$here/fetch-kernels.sh" "$cache" >/dev/null
out=${SMOKE_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/sigftrace-smoke.XXXXXX")}
mkdir -p "$out"
EVENTS=signal:signal_generate,signal:signal_deliver

cat >"$out/init-capture" <<'EOF'
#!/bin/sh
sleep 100 &
victim=$!
kill -USR1 "$victim"
wait "$victim"
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tracefs nodev /sys/kernel/tracing
T=/sys/kernel/tracing
[ -d $T/instances/sigftrace ] && T=$T/instances/sigftrace
echo "SMOKE: uptime $(cut -d' ' -f1 /proc/uptime), reading $T/trace"
grep signal_generate $T/trace
echo "SMOKE: done"
poweroff -f
EOF

cat >"$out/init-warm" <<'EOF'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing
T=/sys/kernel/tracing/instances/sigftrace
hwclock -s -u
if [ "$(date +%Y)" != 2000 ]; then
	echo "SMOKE: boot 1, tracing_on=$(cat $T/tracing_on)"
	echo > $T/trace
	echo 1 > $T/tracing_on
	echo "boot1-marker" > $T/trace_marker
	sleep 100 &
	victim=$!
	kill -USR2 "$victim"
	wait "$victim"
	date -s '2000-01-01 00:00:00' >/dev/null
	hwclock -w -u
	echo "SMOKE: boot 1 rebooting"
	reboot -f
else
	echo "SMOKE: boot 2, last_boot_info: $(tr '\n' ' ' < $T/last_boot_info)"
	grep -E 'boot1-marker|signal_generate: sig=(12|0xc) ' $T/trace
	echo "SMOKE: done"
	poweroff -f
fi
EOF

"$here/mkinitramfs.sh" "$out/capture.cpio.gz" "$out/init-capture" 2>/dev/null
"$here/mkinitramfs.sh" "$out/warm.cpio.gz" "$out/init-warm" 2>/dev/null

run() { # NAME QEMU-RUN-ARGS...
	name=$1
	shift
	"$here/qemu-run.sh" "$@" >"$out/$name.log" 2>"$out/$name.err" && :
	echo $? >"$out/$name.rc"
}
# Two QEMUs at a time: the warm case in one lane, the two single boots in the other.
run 6.12-warm --reboot --max-boots 2 --timeout 90 "$cache/vmlinuz-6.12" "$out/warm.cpio.gz" \
	"reserve_mem=4M:4096:sigftrace trace_instance=sigftrace^traceoff@sigftrace,$EVENTS nokaslr" &
lane=$!
run 6.1-global --timeout 60 "$cache/vmlinuz-6.1" "$out/capture.cpio.gz" "trace_event=$EVENTS"
run 6.12-instance --timeout 60 "$cache/vmlinuz-6.12" "$out/capture.cpio.gz" \
	"trace_instance=sigftrace,$EVENTS"
wait "$lane"

pass=0 fail=0
check() { # NAME AWK-PROGRAM: the case passes when qemu-run said 0 and awk exits 0
	if [ "$(cat "$out/$1.rc")" = 0 ] && awk "$2" "$out/$1.log"; then
		pass=$((pass + 1))
		echo "ok   $1 ($(sed -n 's/.*wall //p' "$out/$1.err"))"
	else
		fail=$((fail + 1))
		echo "FAIL $1 (log: $out/$1.log)"
	fi
}
check 6.1-global '/reading \/sys\/kernel\/tracing\/trace$/ { r = 1 }
	r && /init-1 .* signal_generate: sig=10 / { ok = 1 } END { exit !ok }'
check 6.12-instance '/reading \/sys\/kernel\/tracing\/instances\/sigftrace\/trace$/ { r = 1 }
	r && /init-1 .* signal_generate: sig=10 / { ok = 1 } END { exit !ok }'
check 6.12-warm '/Linux version/ { n++ } /SMOKE: boot 2/ { b2 = 1 }
	b2 && /tracing_mark_write: boot1-marker/ { m = 1 }
	b2 && /signal_generate: sig=(12|0xc) / { s = 1 } END { exit !(n == 2 && m && s) }'

echo "smoke: $pass passed, $fail failed"
if [ "$fail" = 0 ] && [ -z "${SMOKE_OUT-}" ]; then rm -rf "$out"; fi
[ "$fail" = 0 ]
