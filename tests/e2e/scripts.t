#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# scripts.t - scripts/sigftrace-bootsetup and scripts/sigftrace-hooks on
# fixture trees under $T (a Debian /etc/default/grub, a Raspberry Pi OS
# cmdline.txt, an OpenWrt x86 grub.cfg, Buildroot's busybox inittab, an
# OpenWrt and a systemd tree). U-Boot's fw_printenv/fw_setenv, update-grub,
# systemctl and sigftrace are test doubles first in PATH. Nothing outside $T
# is read or written; the fragments are given with --fragment.
#
# TEST_SH=busybox sh runs the scripts with another shell.

# lib.sh wants the sigftrace binary; these tests never run it
[ -x "${SIGFTRACE:-$PWD/build/sigftrace}" ] || SIGFTRACE=$(command -v true)
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

SCRIPTS=$(cd "${SRCTREE:-.}/scripts" && pwd)
BS=$SCRIPTS/sigftrace-bootsetup
HK=$SCRIPTS/sigftrace-hooks
LIB=$SCRIPTS/sigftrace-lib.sh
SH=${TEST_SH:-sh}
SYSPATH=$PATH
REAL_SYSTEMCTL=$(command -v systemctl || true)
mkdir -p "$T/bin"

# bs/hk ARGS: run a script with the doubles first in PATH
bs()
{
	# shellcheck disable=SC2086 # $SH may be "busybox sh"
	run env PATH="$T/bin:$SYSPATH" FW_ENV="$T/uboot.env" $SH "$BS" "$@"
}
hk()
{
	# shellcheck disable=SC2086
	run env PATH="$T/bin:$SYSPATH" $SH "$HK" "$@"
}
# skip REASON: one skipped test
skip()
{
	e2e_n=$((e2e_n + 1))
	echo "ok $e2e_n # SKIP $1"
}
# missing REASON: a tool that make deps installs is missing: a failure in
# CI, which must not skip, a skipped test elsewhere
missing()
{
	if [ -n "${CI:-}" ]; then
		ok "$1 (make deps installs it; CI must not skip)" 1
	else
		skip "$1"
	fi
}
# listing DIR: every path under DIR, symlinks with their target, sorted
listing()
{
	(cd "$1" && find . | LC_ALL=C sort | while IFS= read -r p; do
		if [ -L "$p" ]; then echo "$p -> $(readlink "$p")"; else echo "$p"; fi
	done)
}

# --- the doubles ------------------------------------------------------------------

cat > "$T/bin/fw_printenv" <<'EOF'
#!/bin/sh
# double: the U-Boot environment is the file $FW_ENV, one name=value a line
if [ "${1:-}" = -c ]; then echo "$2" >> "$FW_ENV.config-used"; shift 2; fi
[ -r "$FW_ENV" ] || { echo "Cannot read environment" >&2; exit 1; }
if [ $# -eq 0 ]; then cat "$FW_ENV"; exit 0; fi
if [ "$1" = -n ]; then
	shift
	grep -q "^$1=" "$FW_ENV" || { echo "## Error: \"$1\" not defined" >&2; exit 1; }
	sed -n "s/^$1=//p" "$FW_ENV"
	exit 0
fi
for n; do grep "^$n=" "$FW_ENV" || { echo "## Error: \"$n\" not defined" >&2; exit 1; }; done
EOF
cat > "$T/bin/fw_setenv" <<'EOF'
#!/bin/sh
# double: set (or with no value delete) one variable in $FW_ENV, log its name
if [ "${1:-}" = -c ]; then echo "$2" >> "$FW_ENV.config-used"; shift 2; fi
n=$1
shift
echo "$n" >> "$FW_ENV.set-log"
grep -v "^$n=" "$FW_ENV" > "$FW_ENV.new" || true
[ -z "$*" ] || printf '%s=%s\n' "$n" "$*" >> "$FW_ENV.new"
mv "$FW_ENV.new" "$FW_ENV"
EOF
for c in update-grub grub-mkconfig systemctl; do
	printf '#!/bin/sh\necho "%s $*" >> "%s/calls"\n' "$c" "$T" > "$T/bin/$c"
done
cat > "$T/bin/sigftrace" <<EOF
#!/bin/sh
echo "sigftrace \$*" >> "$T/calls"
[ "\$1" != bootargs ] || echo "trace_instance=sigftrace,signal:signal_generate,signal:signal_deliver"
EOF
chmod +x "$T/bin/"*

FRAG='trace_instance=sigftrace,signal:signal_generate,signal:signal_deliver,task:task_newtask,task:task_rename,sched:sched_process_exit'
OLD='trace_event=signal:signal_generate,signal:signal_deliver trace_buf_size=1410K'
CONS='tp_printk tp_printk_stop_on_boot trace_event=signal:signal_generate,signal:signal_deliver'

# --- GRUB (Debian 12's /etc/default/grub) -----------------------------------------

cat > "$T/grub.orig" <<'EOF'
# If you change this file, run 'update-grub' afterwards to update
# /boot/grub/grub.cfg.
# For full documentation of the options in this file, see:
#   info -f grub -n 'Simple configuration'

GRUB_DEFAULT=0
GRUB_TIMEOUT=5
GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX=""

# If your computer has multiple operating systems installed, then you
# probably want to run os-prober. However, if your computer is a host
# for guest OSes via virtualization, then you probably want to disable
# os-prober: it does not need to be enabled. Uncomment the following
# line to enable it.
#GRUB_DISABLE_OS_PROBER=false

# Uncomment to enable BadRAM filtering, modify to suit your needs
# This works with Linux (no patch required) and with any kernel that obtains
# the memory map information from GRUB (GNU Mach, kernel of FreeBSD ...)
#GRUB_BADRAM="0x01234567,0xfefefefe,0x89abcdef,0xefefefef"

# Uncomment to disable graphical terminal
#GRUB_TERMINAL=console

# The resolution used on graphical terminal
# note that you can use only modes which your graphic card supports via VBE
# you can see them in real GRUB with the command `vbeinfo'
#GRUB_GFXMODE=640x480

# Uncomment if you don't want GRUB to pass "root=UUID=xxx" parameter to Linux
#GRUB_DISABLE_LINUX_UUID=true

# Uncomment to disable generation of recovery mode menu entries
#GRUB_DISABLE_RECOVERY="true"

# Uncomment to get a beep at grub start
#GRUB_INIT_TUNE="480 440 1"
EOF
R=$T/grub
G=$R/etc/default/grub
mkdir -p "$R/etc/default"
cp "$T/grub.orig" "$G"
sed "9s/.*/GRUB_CMDLINE_LINUX_DEFAULT=\"quiet $FRAG\"/" "$T/grub.orig" > "$T/grub.want"

bs add grub --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/grub.want" "$G" &&
	grep -qx "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet $FRAG\"" "$G"
ok "grub add: the fragment goes inside GRUB_CMDLINE_LINUX_DEFAULT's quotes, nothing else changes" $?
cmp -s "$T/grub.orig" "$G.sigftrace-bak"
ok "grub add: the original is kept as grub.sigftrace-bak" $?
[ ! -e "$T/calls" ] && grep -q "not running update-grub" "$T/out"
ok "grub add --root: update-grub is not run, and the output says so" $?
bs add grub --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/grub.want" "$G" && grep -q "already present: $FRAG" "$T/out" &&
	grep -q "nothing to change" "$T/out"
ok "grub add again: idempotent, the file is unchanged" $?
bs show grub --root "$R"
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "quiet $FRAG" ]
ok "grub show prints GRUB_CMDLINE_LINUX_DEFAULT's value" $?
bs remove grub --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/grub.orig" "$G" && cmp -s "$T/grub.orig" "$G.sigftrace-bak"
ok "grub remove --fragment: byte-identical to the original; the backup is kept as it was" $?
bs add grub --root "$R" --fragment "$FRAG"
bs remove grub --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/grub.orig" "$G"
ok "grub remove without --fragment: removes what sigftrace added" $?

echo "a backup from an earlier run" > "$T/oldbak"
cp "$T/oldbak" "$G.sigftrace-bak"
bs add grub --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/oldbak" "$G.sigftrace-bak" && grep -q "already exists, kept" "$T/out"
ok "an existing backup is never overwritten" $?
bs remove grub --root "$R"
rm -f "$G.sigftrace-bak"

bs add grub --root "$R" --fragment "$CONS"
[ "$rc" = 0 ] && grep -q "warning: tp_printk .*quiet" "$T/err"
ok "grub add tp_printk next to quiet: warns that quiet hides the lines" $?
bs remove grub --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/grub.orig" "$G"
ok "grub remove: takes out tp_printk, tp_printk_stop_on_boot and the signal trace_event" $?
rm -f "$G.sigftrace-bak"

# refusals: non-zero exit, one clear line, file untouched, no backup
refused()
{
	[ "$rc" = 1 ] && cmp -s "$1" "$2" && [ ! -e "$2.sigftrace-bak" ] && grep -q "$3" "$T/err"
}
sed '9s/.*/GRUB_CMDLINE_LINUX_DEFAULT="quiet trace_event=sched:sched_switch"/' "$T/grub.orig" > "$T/grub.clash"
cp "$T/grub.clash" "$G"
bs add grub --root "$R" --fragment "$OLD"
refused "$T/grub.clash" "$G" "'trace_event=sched:sched_switch' is already on the command line; not replacing it with 'trace_event=signal:"
ok "grub add: an existing trace_event= is an error naming it, never replaced" $?
sed '10s/.*/GRUB_CMDLINE_LINUX="trace_buf_size=64K"/' "$T/grub.orig" > "$T/grub.clash2"
cp "$T/grub.clash2" "$G"
bs add grub --root "$R" --fragment "$OLD"
refused "$T/grub.clash2" "$G" "'trace_buf_size=64K' is already on the command line"
ok "grub add: a clash with GRUB_CMDLINE_LINUX (same command line) is an error too" $?
grep -v '^GRUB_CMDLINE_LINUX_DEFAULT=' "$T/grub.orig" > "$T/grub.nodef"
cp "$T/grub.nodef" "$G"
bs add grub --root "$R" --fragment "$FRAG"
refused "$T/grub.nodef" "$G" "no GRUB_CMDLINE_LINUX_DEFAULT line"
ok "grub add: refuses a file without GRUB_CMDLINE_LINUX_DEFAULT" $?
# shellcheck disable=SC2016 # literal $ wanted
sed '9s/.*/GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT quiet"/' "$T/grub.orig" > "$T/grub.var"
cp "$T/grub.var" "$G"
bs add grub --root "$R" --fragment "$FRAG"
refused "$T/grub.var" "$G" "cannot handle this line"
ok "grub add: refuses a value built from variables" $?
sed '9s/.*/GRUB_CMDLINE_LINUX_DEFAULT=quiet/' "$T/grub.orig" > "$T/grub.unq"
cp "$T/grub.unq" "$G"
bs add grub --root "$R" --fragment "$FRAG"
refused "$T/grub.unq" "$G" "cannot handle this line"
ok "grub add: refuses an unquoted value" $?
cp "$T/grub.orig" "$G"
bs add grub --root "$R" --fragment 'trace_trigger="signal_generate.traceoff if sig == 9"'
refused "$T/grub.orig" "$G" "characters GRUB would interpret"
ok "grub add: refuses a fragment with quotes (GRUB would eat them)" $?
sed "9s/.*/GRUB_CMDLINE_LINUX_DEFAULT='quiet splash'/" "$T/grub.orig" > "$T/grub.sq"
cp "$T/grub.sq" "$G"
bs add grub --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && [ "$(sed -n 9p "$G")" = "GRUB_CMDLINE_LINUX_DEFAULT='quiet splash $FRAG'" ]
ok "grub add: single quotes are kept" $?
bs remove grub --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/grub.sq" "$G"
ok "grub remove: single-quoted line back as it was" $?
rm -f "$G.sigftrace-bak"
printf 'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT=""' > "$T/grub.nonl"
cp "$T/grub.nonl" "$G"
bs add grub --root "$R" --fragment "$FRAG"
r1=$rc
l1=$(sed -n 2p "$G")
bs remove grub --root "$R" --fragment "$FRAG"
[ "$r1" = 0 ] && [ "$l1" = "GRUB_CMDLINE_LINUX_DEFAULT=\"$FRAG\"" ] && [ "$rc" = 0 ] && cmp -s "$T/grub.nonl" "$G"
ok "grub: an empty value and a missing final newline survive add + remove" $?
rm -f "$G.sigftrace-bak"
cp "$T/grub.orig" "$G"
mkdir -p "$R/etc/default/grub.d"
echo 'GRUB_CMDLINE_LINUX_DEFAULT="console=ttyS0"' > "$R/etc/default/grub.d/50-cloudimg-settings.cfg"
bs add grub --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && grep -q "50-cloudimg-settings.cfg also sets GRUB_CMDLINE_LINUX_DEFAULT" "$T/err"
ok "grub add: warns when /etc/default/grub.d overrides the variable" $?
rm -rf "$R/etc/default/grub.d"
cp "$T/grub.orig" "$G"
rm -f "$G.sigftrace-bak"

# --- Raspberry Pi (Raspberry Pi OS bookworm) --------------------------------------

R=$T/rpi
C=$R/boot/firmware/cmdline.txt
mkdir -p "$R/boot/firmware"
echo 'console=serial0,115200 console=tty1 root=PARTUUID=a3f161a6-02 rootfstype=ext4 fsck.repair=yes rootwait quiet splash plymouth.ignore-serial-consoles cfg80211.ieee80211_regdom=GB' > "$T/rpi.orig"
printf 'DO NOT EDIT THIS FILE\n\nThe file you are looking for has moved to /boot/firmware/cmdline.txt\n' > "$T/rpi.stub"
cp "$T/rpi.orig" "$C"
cp "$T/rpi.stub" "$R/boot/cmdline.txt"
echo "$(cat "$T/rpi.orig") $FRAG" > "$T/rpi.want"

bs add rpi --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/rpi.want" "$C" && cmp -s "$T/rpi.orig" "$C.sigftrace-bak" &&
	cmp -s "$T/rpi.stub" "$R/boot/cmdline.txt"
ok "rpi add: /boot/firmware/cmdline.txt gets the tokens on its one line, backup kept, /boot/cmdline.txt untouched" $?
bs add rpi --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/rpi.want" "$C"
ok "rpi add again: unchanged" $?
bs show rpi --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/rpi.want" "$T/out"
ok "rpi show prints the line" $?
bs remove rpi --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/rpi.orig" "$C"
ok "rpi remove: byte-identical to the original" $?
rm -f "$C.sigftrace-bak"

# a persistent fragment, and what remove without --fragment leaves alone
PERS='reserve_mem=4M:4096:sftbuf trace_instance=sigftrace^traceoff@sftbuf,signal:signal_generate,signal:signal_deliver'
echo "$(cat "$T/rpi.orig") trace_instance=mine,sched:sched_switch trace_clock=global reserve_mem=2M:4096:other" > "$T/rpi.mixed"
cp "$T/rpi.mixed" "$C"
bs add rpi --root "$R" --fragment "$PERS"
[ "$rc" = 0 ] && [ "$(cat "$C")" = "$(cat "$T/rpi.mixed") $PERS" ]
ok "rpi add: another trace_instance= and reserve_mem= (other names) are no clash" $?
bs remove rpi --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/rpi.mixed" "$C" && grep -q "left alone (not clearly sigftrace's): trace_clock=global" "$T/out"
ok "rpi remove (auto): sigftrace's instance and its reserve_mem label go, the user's tokens stay" $?
# the nokaslr of 'bootargs --persistent --nokaslr' goes with it; one that was
# there before add stays
cp "$T/rpi.orig" "$C"
bs add rpi --root "$R" --fragment "$PERS nokaslr"
bs remove rpi --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/rpi.orig" "$C" && grep -q ': removed nokaslr' "$T/out"
ok "rpi remove (auto): the nokaslr that add put after sigftrace's tokens goes too" $?
echo "$(cat "$T/rpi.orig") nokaslr" > "$T/rpi.kaslr"
cp "$T/rpi.kaslr" "$C"
bs add rpi --root "$R" --fragment "$PERS nokaslr"
grep -q 'already present: nokaslr' "$T/out"
ok "rpi add: a nokaslr already there is reported present" $?
bs remove rpi --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/rpi.kaslr" "$C" && grep -q "left alone (not clearly sigftrace's): nokaslr" "$T/out"
ok "rpi remove (auto): the user's own nokaslr stays" $?
echo "$(cat "$T/rpi.orig") $OLD trace_options=record-tgid" > "$C"
bs remove rpi --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/rpi.orig" "$C"
ok "rpi remove (auto): the < 6.3 form goes with trace_buf_size= and trace_options=" $?
rm -f "$C.sigftrace-bak"
# what bootargs prints now, for < 6.3: with the events attribution needs
echo "$(cat "$T/rpi.orig") $("$SIGFTRACE" bootargs --kernel 6.1 2> /dev/null)" > "$C"
bs remove rpi --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/rpi.orig" "$C"
ok "rpi remove (auto): bootargs' own < 6.3 form (exec, cgroup, oom events) goes" $?
rm -f "$C.sigftrace-bak"

echo 'console=ttyAMA0,115200 root=/dev/mmcblk0p2 rootwait -- single' > "$T/rpi.dd"
cp "$T/rpi.dd" "$C"
bs add rpi --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && [ "$(cat "$C")" = "console=ttyAMA0,115200 root=/dev/mmcblk0p2 rootwait $FRAG -- single" ]
ok "rpi add: tokens go before '--' (what follows it is init's)" $?
bs remove rpi --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/rpi.dd" "$C"
ok "rpi remove: '--' line back as it was" $?
rm -f "$C.sigftrace-bak"

printf '%s\n%s\n' "$(cat "$T/rpi.orig")" "quiet" > "$T/rpi.two"
cp "$T/rpi.two" "$C"
bs add rpi --root "$R" --fragment "$FRAG"
refused "$T/rpi.two" "$C" "has 2 lines; cmdline.txt must be exactly one line"
ok "rpi add: refuses a cmdline.txt with two lines" $?
rm -rf "$R/boot/firmware"
cp "$T/rpi.orig" "$R/boot/cmdline.txt"
bs add rpi --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/rpi.want" "$R/boot/cmdline.txt"
ok "rpi add: falls back to /boot/cmdline.txt (older Raspberry Pi OS)" $?

# --- U-Boot (fw_printenv / fw_setenv doubles) ----------------------------------------

UB_ARGS='console=ttymxc0,115200 root=/dev/mmcblk0p2 rootwait rw'
printf 'bootcmd=run mmcboot\nbootdelay=3\nbootargs=%s\n' "$UB_ARGS" > "$T/uboot.env"
env_get()
{
	sed -n "s/^$1=//p" "$T/uboot.env"
}
bs add uboot --fragment "$FRAG"
[ "$rc" = 0 ] && [ "$(env_get bootargs)" = "$UB_ARGS $FRAG" ] &&
	[ "$(env_get sigftrace_bootargs_bak)" = "$UB_ARGS" ]
ok "uboot add: fw_setenv bootargs gets the tokens, the old value is kept in sigftrace_bootargs_bak" $?
: > "$T/uboot.env.set-log"
bs add uboot --fragment "$FRAG"
[ "$rc" = 0 ] && [ ! -s "$T/uboot.env.set-log" ] && [ "$(env_get bootargs)" = "$UB_ARGS $FRAG" ]
ok "uboot add again: fw_setenv is not called" $?
bs show uboot
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "$UB_ARGS $FRAG" ]
ok "uboot show prints bootargs" $?
bs remove uboot --fragment "$FRAG"
[ "$rc" = 0 ] && [ "$(env_get bootargs)" = "$UB_ARGS" ] && [ "$(env_get sigftrace_bootargs_bak)" = "$UB_ARGS" ]
ok "uboot remove: bootargs as it was" $?
if PATH=/usr/bin:/bin command -v fw_printenv > /dev/null 2>&1; then
	skip "this machine has a real fw_printenv"
else
	# shellcheck disable=SC2086
	run env PATH=/usr/bin:/bin $SH "$BS" add uboot --fragment "$FRAG"
	[ "$rc" = 1 ] && grep -q "fw_printenv/fw_setenv not found" "$T/err"
	ok "uboot add without fw_printenv/fw_setenv: refused, saying so" $?
fi
printf 'bootcmd=run distro_bootcmd\n' > "$T/uboot.env"
bs add uboot --fragment "$FRAG"
[ "$rc" = 1 ] && grep -q "bootargs is not set" "$T/err" && [ "$(cat "$T/uboot.env")" = "bootcmd=run distro_bootcmd" ]
ok "uboot add: refuses when bootargs is not set (the board builds it at boot)" $?
printf 'bootcmd=setenv bootargs console=ttyS0 root=/dev/sda2; bootm\nbootargs=console=ttyS0\n' > "$T/uboot.env"
mkdir -p "$T/ub/etc"
echo '/dev/mtd1 0x0 0x10000 0x10000' > "$T/ub/etc/fw_env.config"
bs add uboot --root "$T/ub" --fragment "$FRAG"
[ "$rc" = 0 ] && grep -q "bootcmd sets bootargs itself" "$T/err" &&
	[ "$(sort -u "$T/uboot.env.config-used")" = "$T/ub/etc/fw_env.config" ]
ok "uboot --root: fw_printenv/fw_setenv get -c ROOT/etc/fw_env.config; a bootcmd that sets bootargs is warned about" $?

# --- OpenWrt x86 (grub.cfg of a 24.10 combined image) -------------------------------

R=$T/owrt
O=$R/boot/grub/grub.cfg
mkdir -p "$R/boot/grub" "$R/etc"
cat > "$T/owrt.orig" <<'EOF'
serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1 --rtscts=off
terminal_input console serial; terminal_output console serial

set default="0"
set timeout="5"
set root='(hd0,msdos1)'

menuentry "OpenWrt" {
	if [ -s /boot/intel-ucode.img ]; then
		set ucode=/boot/intel-ucode.img
	fi
	if [ -s /boot/amd-ucode.img ]; then
		set ucode=$ucode /boot/amd-ucode.img
	fi
	if [ -z $ucode ]; then
		linux /boot/vmlinuz root=PARTUUID=8ab0dc8b-02 rootwait  console=tty1 console=ttyS0,115200n8 noinitrd
	else
		linux /boot/vmlinuz root=PARTUUID=8ab0dc8b-02 rootwait  console=tty1 console=ttyS0,115200n8
		initrd $ucode
	fi
}
menuentry "OpenWrt (failsafe)" {
	linux /boot/vmlinuz failsafe=true root=PARTUUID=8ab0dc8b-02 rootwait  console=tty1 console=ttyS0,115200n8 noinitrd
}
EOF
cat > "$R/etc/openwrt_release" <<'EOF'
DISTRIB_ID='OpenWrt'
DISTRIB_RELEASE='24.10.0'
DISTRIB_REVISION='r28427-6df0e3d02a'
DISTRIB_TARGET='x86/64'
DISTRIB_ARCH='x86_64'
DISTRIB_DESCRIPTION='OpenWrt 24.10.0 r28427-6df0e3d02a'
DISTRIB_TAINTS=''
EOF
cp "$T/owrt.orig" "$O"
sed -e "16s/\$/ $FRAG/" -e "18s/\$/ $FRAG/" "$T/owrt.orig" > "$T/owrt.want"
bs add openwrt --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/owrt.want" "$O" && cmp -s "$T/owrt.orig" "$O.sigftrace-bak"
ok "openwrt add (x86): both normal linux lines get the tokens, the failsafe entry does not" $?
bs add openwrt --root "$R" --fragment "$FRAG"
[ "$rc" = 0 ] && cmp -s "$T/owrt.want" "$O"
ok "openwrt add again: unchanged" $?
bs remove openwrt --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/owrt.orig" "$O"
ok "openwrt remove: byte-identical to the original" $?
rm -f "$O.sigftrace-bak"
grep -v 'linux /boot' "$T/owrt.orig" > "$T/owrt.nolinux"
cp "$T/owrt.nolinux" "$O"
bs add openwrt --root "$R" --fragment "$FRAG"
refused "$T/owrt.nolinux" "$O" "no 'linux' lines"
ok "openwrt add: refuses a grub.cfg without linux lines" $?
R=$T/owrt-mips
mkdir -p "$R/etc"
sed "s|x86/64|ramips/mt7621|; s|x86_64|mipsel_24kc|" "$T/owrt/etc/openwrt_release" > "$R/etc/openwrt_release"
listing "$R" > "$T/before"
bs add openwrt --root "$R" --fragment "$FRAG"
listing "$R" > "$T/after"
[ "$rc" = 1 ] && grep -q "ramips/mt7621 does not boot through GRUB" "$T/err" &&
	grep -q "add uboot" "$T/err" && grep -q "CONFIG_CMDLINE" "$T/err" && cmp -s "$T/before" "$T/after"
ok "openwrt add (not x86): exits 1 pointing to the uboot target and CONFIG_CMDLINE" $?

# --- the fragment by default, usage ----------------------------------------------------

R=$T/rpi2
mkdir -p "$R/boot/firmware"
cp "$T/rpi.orig" "$R/boot/firmware/cmdline.txt"
bs add rpi --root "$R"
[ "$rc" = 0 ] && [ "$(cat "$R/boot/firmware/cmdline.txt")" = "$(cat "$T/rpi.orig") trace_instance=sigftrace,signal:signal_generate,signal:signal_deliver" ] &&
	grep -qx "sigftrace bootargs" "$T/calls"
ok "add without --fragment uses the output of 'sigftrace bootargs'" $?
if PATH=/usr/bin:/bin command -v sigftrace > /dev/null 2>&1; then
	skip "sigftrace is installed in /usr/bin or /bin"
else
	cp "$T/rpi.orig" "$R/boot/firmware/cmdline.txt"
	# shellcheck disable=SC2086
	run env PATH=/usr/bin:/bin $SH "$BS" add rpi --root "$R"
	[ "$rc" = 1 ] && grep -q "no --fragment given and sigftrace is not in PATH" "$T/err" &&
		cmp -s "$T/rpi.orig" "$R/boot/firmware/cmdline.txt"
	ok "add without --fragment and without sigftrace in PATH: an error" $?
fi
bs add lilo
[ "$rc" = 2 ] && grep -q "unknown target lilo" "$T/err" && grep -q "Try 'sigftrace-bootsetup --help'" "$T/err"
ok "bootsetup: an unknown target is a usage error (exit 2)" $?
bs --help
[ "$rc" = 0 ] && grep -q "^usage: sigftrace-bootsetup add|remove|show TARGET" "$T/out"
ok "bootsetup --help: usage on stdout, exit 0" $?

# --- busybox inittab (Buildroot's default) -----------------------------------------------

cat > "$T/inittab.orig" <<'EOF'
# /etc/inittab
#
# Copyright (C) 2001 Erik Andersen <andersen@codepoet.org>
#
# Note: BusyBox init doesn't support runlevels.  The runlevels field is
# completely ignored by BusyBox init. If you want runlevels, use
# sysvinit.
#
# Format for each entry: <id>:<runlevels>:<action>:<process>
#
# id        == tty to run on, or empty for /dev/console
# runlevels == ignored
# action    == one of sysinit, respawn, askfirst, wait, and once
# process   == program to run

# Startup the system
::sysinit:/bin/mount -t proc proc /proc
::sysinit:/bin/mount -o remount,rw /
::sysinit:/bin/mkdir -p /dev/pts /dev/shm
::sysinit:/bin/mount -a
::sysinit:/bin/mkdir -p /run/lock/subsys
::sysinit:/sbin/swapon -a
null::sysinit:/bin/ln -sf /proc/self/fd /dev/fd
null::sysinit:/bin/ln -sf /proc/self/fd/0 /dev/stdin
null::sysinit:/bin/ln -sf /proc/self/fd/1 /dev/stdout
null::sysinit:/bin/ln -sf /proc/self/fd/2 /dev/stderr
::sysinit:/bin/hostname -F /etc/hostname
# now run any rc scripts
::sysinit:/etc/init.d/rcS

# Put a getty on the serial port
#ttyS0::respawn:/sbin/getty -L ttyS0 115200 vt100 # GENERIC_SERIAL

# Stuff to do for the 3-finger salute
#::ctrlaltdel:/sbin/reboot

# Stuff to do before rebooting
::shutdown:/etc/init.d/rcK
::shutdown:/sbin/swapoff -a
::shutdown:/bin/umount -a -r
EOF
{
	sed -n '1,20p' "$T/inittab.orig"
	echo '# sigftrace: persist (sigftrace-hooks)'
	echo '::sysinit:/usr/bin/sigftrace persist'
	sed -n '21,37p' "$T/inittab.orig"
	echo '# sigftrace: persist --mark at shutdown (sigftrace-hooks)'
	echo '::shutdown:/usr/bin/sigftrace persist --mark'
	echo '# sigftrace: console-at-shutdown (sigftrace-hooks)'
	echo '::shutdown:/bin/sh -c "echo 1 > /proc/sys/kernel/tracepoint_printk"'
	sed -n '38,$p' "$T/inittab.orig"
} > "$T/inittab.want"
sed -n '1,20p;23,39p;42,$p' "$T/inittab.want" > "$T/inittab.want-console"
R=$T/bb
I=$R/etc/inittab
mkdir -p "$R/etc"
cp "$T/inittab.orig" "$I"

hk install console-at-shutdown inittab --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/inittab.want-console" "$I" && cmp -s "$T/inittab.orig" "$I.sigftrace-bak"
ok "inittab install console-at-shutdown: a marked ::shutdown: line first among the shutdown lines, backup kept" $?
hk install persist inittab --root "$R" --sigftrace /usr/bin/sigftrace
[ "$rc" = 0 ] && cmp -s "$T/inittab.want" "$I" && cmp -s "$T/inittab.orig" "$I.sigftrace-bak"
ok "inittab install persist: a marked ::sysinit: line right after 'mount -a', a marked 'persist --mark' first at shutdown (before the other marked line); the first backup is kept" $?
hk install persist inittab --root "$R" --sigftrace /usr/bin/sigftrace
r1=$rc
hk install console-at-shutdown inittab --root "$R"
[ "$r1" = 0 ] && [ "$rc" = 0 ] && cmp -s "$T/inittab.want" "$I" && grep -q "already installed" "$T/out"
ok "inittab install again: unchanged" $?
hk install persist inittab --root "$R" --sigftrace /opt/bin/sigftrace
[ "$rc" = 1 ] && cmp -s "$T/inittab.want" "$I" && grep -q "is not '::sysinit:/opt/bin/sigftrace persist'" "$T/err"
ok "inittab install persist with another path: refused, not replaced" $?
hk remove persist inittab --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/inittab.want-console" "$I"
ok "inittab remove persist: the markers and their lines go, nothing else" $?
hk remove console-at-shutdown inittab --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/inittab.orig" "$I"
ok "inittab remove console-at-shutdown: byte-identical to the original" $?
hk remove console-at-shutdown inittab --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/inittab.orig" "$I" && grep -q "not installed" "$T/out"
ok "inittab remove again: nothing to do" $?
sed 's|^::sysinit:/usr/bin/sigftrace persist$|::sysinit:/usr/bin/other-tool|' "$T/inittab.want" > "$T/inittab.edited"
cp "$T/inittab.edited" "$I"
hk remove persist inittab --root "$R"
[ "$rc" = 1 ] && cmp -s "$T/inittab.edited" "$I" && grep -q "is not a sigftrace persist entry" "$T/err"
ok "inittab remove: refuses when the line after the marker was edited" $?
rm -f "$I.sigftrace-bak"
printf '::sysinit:/etc/init.d/rcS\n::respawn:/sbin/getty -L ttyS0 115200 vt100\n' > "$T/inittab.nomount"
cp "$T/inittab.nomount" "$I"
hk install persist inittab --root "$R" --sigftrace /usr/bin/sigftrace
[ "$rc" = 0 ] && [ "$(sed -n 2p "$I")" = "::sysinit:/usr/bin/sigftrace persist" ] &&
	grep -q "no ::sysinit: entry mounts file systems" "$T/err"
ok "inittab install persist: first when nothing mounts, with a warning" $?
rm -f "$I.sigftrace-bak"

cat > "$T/inittab.sysv" <<'EOF'
id:2:initdefault:
si::sysinit:/etc/init.d/rcS
l0:0:wait:/etc/init.d/rc 0
EOF
cp "$T/inittab.sysv" "$I"
hk install console-at-shutdown inittab --root "$R"
refused "$T/inittab.sysv" "$I" "unknown action \"initdefault\" (a SysV init inittab"
ok "inittab: refuses a SysV init inittab" $?
printf '::sysinit:/etc/init.d/rcS S boot\n::shutdown:/etc/init.d/rcS K shutdown\n::askconsole:/usr/libexec/login.sh\n' > "$T/inittab.procd"
cp "$T/inittab.procd" "$I"
hk install persist inittab --root "$R" --sigftrace /usr/bin/sigftrace
refused "$T/inittab.procd" "$I" "use: sigftrace-hooks install persist openwrt"
ok "inittab: refuses OpenWrt's procd inittab, pointing to the openwrt target" $?

# --- OpenWrt (procd, /etc/rc.common) -------------------------------------------------------

R=$T/ow
mkdir -p "$R/etc/init.d" "$R/etc/rc.d"
echo '# stands for /etc/rc.common' > "$R/etc/rc.common"
ln -s ../init.d/boot "$R/etc/rc.d/S10boot"
ln -s ../init.d/umount "$R/etc/rc.d/K90umount"
listing "$R" > "$T/ow.before"
cat > "$T/ow-persist.want" <<'EOF'
#!/bin/sh /etc/rc.common
# sigftrace: installed by sigftrace-hooks; remove with: sigftrace-hooks remove persist openwrt
#
# At boot, right after S10boot: save the previous boot's persistent signal
# trace, clear it and arm tracing. Only boot does this: running it again later
# would overwrite the saved trace.

START=11

boot() {
	/usr/bin/sigftrace persist
}
EOF
cat > "$T/ow-mark.want" <<'EOF'
#!/bin/sh /etc/rc.common
# sigftrace: installed by sigftrace-hooks; remove with: sigftrace-hooks remove persist openwrt
#
# First at shutdown (K01, before the services are stopped and before procd's
# final SIGTERM/SIGKILL): write this boot's identity, the kernel's overwrite
# count and the name of every task into the persistent buffer, so that the
# next boot can name the shutdown's actors even if the buffer wrapped.

STOP=01

shutdown() {
	/usr/bin/sigftrace persist --mark
}
EOF
cat > "$T/ow-shutdown.want" <<'EOF'
#!/bin/sh /etc/rc.common
# sigftrace: installed by sigftrace-hooks; remove with: sigftrace-hooks remove console-at-shutdown openwrt
#
# procd runs the K scripts in order with "shutdown", then sends SIGTERM and
# SIGKILL to all processes. K01 comes first, so the console shows the signals
# of every later K script and of the final kill (kernel booted with
# tp_printk tp_printk_stop_on_boot; the lines show the receiver only).

STOP=01

shutdown() {
	echo 1 > /proc/sys/kernel/tracepoint_printk
}
EOF
hk install persist openwrt --root "$R" --sigftrace /usr/bin/sigftrace
[ "$rc" = 0 ] && cmp -s "$T/ow-persist.want" "$R/etc/init.d/sigftrace-persist" &&
	[ -x "$R/etc/init.d/sigftrace-persist" ] &&
	[ "$(readlink "$R/etc/rc.d/S11sigftrace-persist")" = ../init.d/sigftrace-persist ] &&
	cmp -s "$T/ow-mark.want" "$R/etc/init.d/sigftrace-mark" && [ -x "$R/etc/init.d/sigftrace-mark" ] &&
	[ "$(readlink "$R/etc/rc.d/K01sigftrace-mark")" = ../init.d/sigftrace-mark ]
ok "openwrt install persist: /etc/init.d/sigftrace-persist (START=11, boot) and sigftrace-mark (STOP=01, shutdown), linked" $?
hk install console-at-shutdown openwrt --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/ow-shutdown.want" "$R/etc/init.d/sigftrace-shutdown" &&
	[ -x "$R/etc/init.d/sigftrace-shutdown" ] &&
	[ "$(readlink "$R/etc/rc.d/K01sigftrace-shutdown")" = ../init.d/sigftrace-shutdown ] &&
	[ "$(for k in "$R"/etc/rc.d/K*; do echo "${k##*/}"; done | head -n 2 | tr '\n' ' ')" = "K01sigftrace-mark K01sigftrace-shutdown " ]
ok "openwrt install console-at-shutdown: sigftrace-mark and sigftrace-shutdown (STOP=01) are the first K links" $?
listing "$R" > "$T/ow.installed"
hk install persist openwrt --root "$R" --sigftrace /usr/bin/sigftrace
r1=$rc
hk install console-at-shutdown openwrt --root "$R"
listing "$R" > "$T/ow.again"
[ "$r1" = 0 ] && [ "$rc" = 0 ] && cmp -s "$T/ow.installed" "$T/ow.again" &&
	cmp -s "$T/ow-persist.want" "$R/etc/init.d/sigftrace-persist"
ok "openwrt install again: unchanged" $?
sh -n "$R/etc/init.d/sigftrace-persist" && sh -n "$R/etc/init.d/sigftrace-mark" &&
	sh -n "$R/etc/init.d/sigftrace-shutdown"
ok "openwrt: the init scripts are valid sh" $?
# run the persist script as rc.common would: defaults, the script, the action
cat > "$T/rc.common" <<'EOF'
initscript=$1
action=$2
start() { return 0; }
stop() { return 0; }
boot() { start; }
shutdown() { stop; }
. "$initscript"
$action
EOF
R2=$T/ow2
mkdir -p "$R2/etc/init.d" "$R2/etc/rc.d"
cp "$R/etc/rc.common" "$R2/etc/rc.common"
hk install persist openwrt --root "$R2" --sigftrace "$T/bin/sigftrace"
rm -f "$T/calls"
sh "$T/rc.common" "$R2/etc/init.d/sigftrace-persist" start
sh "$T/rc.common" "$R2/etc/init.d/sigftrace-persist" restart 2> /dev/null
r1=$([ ! -e "$T/calls" ]; echo $?)
sh "$T/rc.common" "$R2/etc/init.d/sigftrace-persist" boot
[ "$r1" = 0 ] && [ "$(cat "$T/calls")" = "sigftrace persist" ]
ok "openwrt: the persist script runs 'sigftrace persist' on boot only (not on start/restart)" $?
rm -f "$T/calls"
sh "$T/rc.common" "$R2/etc/init.d/sigftrace-mark" stop
r1=$([ ! -e "$T/calls" ]; echo $?)
sh "$T/rc.common" "$R2/etc/init.d/sigftrace-mark" shutdown
[ "$r1" = 0 ] && [ "$(cat "$T/calls")" = "sigftrace persist --mark" ]
ok "openwrt: the mark script runs 'sigftrace persist --mark' on shutdown only (not on stop)" $?
hk remove persist openwrt --root "$R"
r1=$rc
hk remove console-at-shutdown openwrt --root "$R"
listing "$R" > "$T/ow.after"
[ "$r1" = 0 ] && [ "$rc" = 0 ] && cmp -s "$T/ow.before" "$T/ow.after"
ok "openwrt remove: scripts and links gone, the tree as before" $?
echo '#!/bin/sh /etc/rc.common' > "$R/etc/init.d/sigftrace-persist"
cp "$R/etc/init.d/sigftrace-persist" "$T/ow.foreign"
hk install persist openwrt --root "$R" --sigftrace /usr/bin/sigftrace
[ "$rc" = 1 ] && cmp -s "$T/ow.foreign" "$R/etc/init.d/sigftrace-persist" &&
	[ ! -L "$R/etc/rc.d/S11sigftrace-persist" ] && grep -q "not overwriting it" "$T/err"
ok "openwrt install: refuses to overwrite a sigftrace-persist it did not write" $?
hk remove persist openwrt --root "$R"
[ "$rc" = 1 ] && cmp -s "$T/ow.foreign" "$R/etc/init.d/sigftrace-persist" && grep -q "was not written by sigftrace-hooks" "$T/err"
ok "openwrt remove: refuses to delete a file it did not write" $?
hk install persist openwrt --root "$T/grub" --sigftrace /usr/bin/sigftrace
[ "$rc" = 1 ] && grep -q "not an OpenWrt root" "$T/err"
ok "openwrt install: refuses a tree without /etc/rc.common" $?

# --- systemd ---------------------------------------------------------------------------

R=$T/sd
U=$R/etc/systemd/system
mkdir -p "$U"
listing "$R" > "$T/sd.before"
cat > "$T/sd-persist.want" <<'EOF'
# sigftrace: installed by sigftrace-hooks; remove with: sigftrace-hooks remove persist systemd
[Unit]
Description=Save the previous boot's signal trace and re-arm the persistent buffer (sigftrace)
DefaultDependencies=no
After=local-fs.target sys-kernel-tracing.mount
Before=sysinit.target
ConditionPathIsDirectory=/sys/kernel/tracing/instances/sigftrace

[Service]
Type=oneshot
ExecStart=/usr/bin/sigftrace persist

[Install]
WantedBy=sysinit.target
EOF
cat > "$T/sd-mark.want" <<'EOF'
# sigftrace: installed by sigftrace-hooks; remove with: sigftrace-hooks remove persist systemd
#
# Writes this boot's identity, the kernel's overwrite count and the name of
# every task into the persistent buffer when this unit is stopped: ordered
# after multi-user.target and graphical.target, it is stopped before them,
# and so before every service. The next boot's persist then names the
# shutdown's actors (PID 1 is still "systemd") even if the buffer wrapped.
[Unit]
Description=Mark the start of shutdown in the persistent signal trace (sigftrace)
DefaultDependencies=no
After=multi-user.target graphical.target
Conflicts=shutdown.target
Before=shutdown.target
ConditionPathIsDirectory=/sys/kernel/tracing/instances/sigftrace

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
ExecStop=-/usr/bin/sigftrace persist --mark

[Install]
WantedBy=multi-user.target
EOF
cat > "$T/sd-console.want" <<'EOF'
# sigftrace: installed by sigftrace-hooks; remove with: sigftrace-hooks remove console-at-shutdown systemd
#
# Turns tracepoint_printk on when this unit is stopped. Ordered after
# multi-user.target and graphical.target, it is stopped before them, and so
# before every service: the first step of shutdown, well before the final
# SIGTERM/SIGKILL of systemd-shutdown. The kernel needs tp_printk
# tp_printk_stop_on_boot; the lines show the receiver only.
[Unit]
Description=Print signals on the console during shutdown (sigftrace)
DefaultDependencies=no
After=multi-user.target graphical.target
Conflicts=shutdown.target
Before=shutdown.target
ConditionPathExists=/proc/sys/kernel/tracepoint_printk

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
ExecStop=-/bin/sh -c 'echo 1 > /proc/sys/kernel/tracepoint_printk'

[Install]
WantedBy=multi-user.target
EOF
rm -f "$T/calls"
hk install persist systemd --root "$R" --sigftrace /usr/bin/sigftrace
[ "$rc" = 0 ] && cmp -s "$T/sd-persist.want" "$U/sigftrace-persist.service" &&
	[ "$(readlink "$U/sysinit.target.wants/sigftrace-persist.service")" = /etc/systemd/system/sigftrace-persist.service ] &&
	cmp -s "$T/sd-mark.want" "$U/sigftrace-mark.service" &&
	[ "$(readlink "$U/multi-user.target.wants/sigftrace-mark.service")" = /etc/systemd/system/sigftrace-mark.service ]
ok "systemd install persist: the persist unit in sysinit.target.wants/, the mark unit in multi-user.target.wants/, linked as systemctl enable does" $?
hk install console-at-shutdown systemd --root "$R"
[ "$rc" = 0 ] && cmp -s "$T/sd-console.want" "$U/sigftrace-console-at-shutdown.service" &&
	[ "$(readlink "$U/multi-user.target.wants/sigftrace-console-at-shutdown.service")" = /etc/systemd/system/sigftrace-console-at-shutdown.service ]
ok "systemd install console-at-shutdown: ExecStop= of a unit ordered after multi-user.target, linked in multi-user.target.wants/" $?
[ ! -e "$T/calls" ]
ok "systemd --root: systemctl is never called" $?
listing "$R" > "$T/sd.installed"
hk install persist systemd --root "$R" --sigftrace /usr/bin/sigftrace
r1=$rc
hk install console-at-shutdown systemd --root "$R"
listing "$R" > "$T/sd.again"
[ "$r1" = 0 ] && [ "$rc" = 0 ] && cmp -s "$T/sd.installed" "$T/sd.again"
ok "systemd install again: unchanged" $?
if [ -n "$REAL_SYSTEMCTL" ]; then
	mkdir -p "$T/oracle/etc/systemd/system"
	cp "$U"/*.service "$T/oracle/etc/systemd/system/"
	"$REAL_SYSTEMCTL" --root="$T/oracle" enable sigftrace-persist.service sigftrace-mark.service \
		sigftrace-console-at-shutdown.service > /dev/null 2>&1
	listing "$T/oracle" > "$T/oracle.list"
	cmp -s "$T/sd.installed" "$T/oracle.list"
	ok "systemd: the same links as 'systemctl --root=DIR enable' makes" $?
else
	missing "no systemctl to compare with"
fi
if command -v systemd-analyze > /dev/null 2>&1; then
	mkdir -p "$T/sdv/etc/systemd/system"
	hk install persist systemd --root "$T/sdv" --sigftrace "$T/bin/sigftrace"
	hk install console-at-shutdown systemd --root "$T/sdv"
	(cd "$T" && systemd-analyze verify "$T/sdv/etc/systemd/system/"*.service) > "$T/out" 2> "$T/err"
	ok "systemd-analyze verify accepts the units" $?
else
	missing "no systemd-analyze"
fi
hk remove persist systemd --root "$R"
r1=$rc
hk remove console-at-shutdown systemd --root "$R"
listing "$R" > "$T/sd.after"
[ "$r1" = 0 ] && [ "$rc" = 0 ] && cmp -s "$T/sd.before" "$T/sd.after" && [ ! -e "$T/calls" ]
ok "systemd remove: units and links gone, the tree as before" $?
hk install persist systemd --root "$R"
[ "$rc" = 1 ] && grep -q "cannot find sigftrace in $R" "$T/err" && cmp -s "$T/sd.before" "$T/sd.after"
ok "systemd install persist: an error when sigftrace is not in the tree and --sigftrace is not given" $?
hk install console-at-shutdown systemd --root "$T/bb"
[ "$rc" = 1 ] && grep -q "not a systemd system" "$T/err"
ok "systemd install: refuses a tree without /etc/systemd/system" $?
hk install persist systemd --root "$R" --sigftrace usr/bin/sigftrace
[ "$rc" = 2 ] && grep -q "absolute path" "$T/err"
ok "hooks: a relative --sigftrace is a usage error" $?
hk install persist upstart
[ "$rc" = 2 ] && grep -q "unknown target upstart" "$T/err"
ok "hooks: an unknown target is a usage error (exit 2)" $?

# --- portability -------------------------------------------------------------------------

sh -n "$BS" && sh -n "$HK" && sh -n "$LIB"
ok "both scripts and their library parse with sh -n" $?
if command -v shellcheck > /dev/null 2>&1; then
	shellcheck -x -s sh "$BS" "$HK" "$LIB" > "$T/out" 2>&1
	ok "shellcheck -x -s sh: clean" $?
else
	missing "shellcheck not installed"
fi
if command -v busybox > /dev/null 2>&1; then
	# only busybox applets in PATH: the shell, awk, sed, grep... of a small target
	mkdir -p "$T/busybox"
	for a in sh awk sed grep tail cp mv cat wc tr cut rm sync mkdir ln readlink chmod; do
		ln -s "$(command -v busybox)" "$T/busybox/$a"
	done
	R=$T/bbrpi
	mkdir -p "$R/boot" "$R/etc"
	cp "$T/rpi.orig" "$R/boot/cmdline.txt"
	cp "$T/inittab.orig" "$R/etc/inittab"
	run env PATH="$T/busybox" sh "$BS" add rpi --root "$R" --fragment "$FRAG"
	r1=$rc
	cp "$R/boot/cmdline.txt" "$T/bb.added"
	run env PATH="$T/busybox" sh "$BS" remove rpi --root "$R"
	r2=$rc
	run env PATH="$T/busybox" sh "$HK" install persist inittab --root "$R" --sigftrace /usr/bin/sigftrace
	r3=$rc
	run env PATH="$T/busybox" sh "$HK" install console-at-shutdown inittab --root "$R"
	r4=$rc
	cp "$R/etc/inittab" "$T/bb.inittab"
	run env PATH="$T/busybox" sh "$HK" remove persist inittab --root "$R"
	r5=$rc
	run env PATH="$T/busybox" sh "$HK" remove console-at-shutdown inittab --root "$R"
	[ "$r1$r2$r3$r4$r5$rc" = 000000 ] && cmp -s "$T/rpi.want" "$T/bb.added" && cmp -s "$T/rpi.orig" "$R/boot/cmdline.txt" &&
		cmp -s "$T/inittab.want" "$T/bb.inittab" && cmp -s "$T/inittab.orig" "$R/etc/inittab"
	ok "with busybox sh/awk/sed only: the same results (rpi add/remove, inittab install/remove)" $?
else
	missing "busybox not installed"
fi

# --- the service ----------------------------------------------------------------------------
R=$T/svc-systemd
mkdir -p "$R/etc/systemd/system" "$R/usr/sbin"
: > "$R/usr/sbin/sigftrace"
chmod 755 "$R/usr/sbin/sigftrace"
hk install service systemd --root "$R"
u=$R/etc/systemd/system/sigftrace.service
[ "$rc" = 0 ] && grep -qx 'ExecStart=/usr/sbin/sigftrace stream --reclaim --quiet $SIGFTRACE_STREAM_OPTS' "$u" &&
	[ "$(readlink "$R/etc/systemd/system/multi-user.target.wants/sigftrace.service")" = /etc/systemd/system/sigftrace.service ] &&
	cmp -s "$R/etc/default/sigftrace" "$SCRIPTS/../packaging/systemd/sigftrace.default" &&
	[ "$(sed 1d "$u")" = "$(sed 's|@bindir@|/usr/sbin|g' "$SCRIPTS/../packaging/systemd/sigftrace.service.in")" ]
ok "hooks: service systemd: the shipped unit for the target's sigftrace, enabled, /etc/default/sigftrace" $?
if command -v systemd-analyze > /dev/null 2>&1; then
	sed -e 1d -e "s|/usr/sbin/sigftrace|$SIGFTRACE|" "$u" > "$T/sigftrace.service"
	systemd-analyze verify --man=no "$T/sigftrace.service" > "$T/out" 2>&1
	ok "hooks: systemd-analyze verify finds nothing to say about it" $?
else
	missing "systemd-analyze not installed"
fi
echo 'SIGFTRACE_STREAM_OPTS="--syslog"' > "$R/etc/default/sigftrace"
hk remove service systemd --root "$R"
[ "$rc" = 0 ] && [ ! -e "$u" ] && [ ! -e "$R/etc/systemd/system/multi-user.target.wants/sigftrace.service" ] &&
	grep -qx 'SIGFTRACE_STREAM_OPTS="--syslog"' "$R/etc/default/sigftrace"
ok "hooks: remove service systemd removes the unit and its link, keeps the admin's configuration" $?
R=$T/svc-openwrt
mkdir -p "$R/etc/init.d" "$R/etc/rc.d" "$R/usr/bin"
: > "$R/etc/rc.common"
: > "$R/usr/bin/sigftrace"
chmod 755 "$R/usr/bin/sigftrace"
hk install service openwrt --root "$R"
[ "$rc" = 0 ] && [ -x "$R/etc/init.d/sigftrace" ] &&
	[ "$(head -n 1 "$R/etc/init.d/sigftrace")" = '#!/bin/sh /etc/rc.common' ] &&
	grep -qx 'PROG=/usr/bin/sigftrace' "$R/etc/init.d/sigftrace" &&
	[ "$(readlink "$R/etc/rc.d/S20sigftrace")" = ../init.d/sigftrace ] &&
	[ "$(readlink "$R/etc/rc.d/K90sigftrace")" = ../init.d/sigftrace ] &&
	cmp -s "$R/etc/config/sigftrace" "$SCRIPTS/../packaging/openwrt/sigftrace/files/sigftrace.config"
ok "hooks: service openwrt: the procd init script, enabled (S20, K90), /etc/config/sigftrace" $?
hk remove service openwrt --root "$R"
[ "$rc" = 0 ] && [ ! -e "$R/etc/init.d/sigftrace" ] && [ -z "$(ls "$R/etc/rc.d")" ] &&
	[ -f "$R/etc/config/sigftrace" ]
ok "hooks: remove service openwrt removes the script and its links, keeps /etc/config/sigftrace" $?
hk install service inittab --root "$R"
[ "$rc" = 2 ] && grep -q 'the service is for openwrt and systemd, not inittab' "$T/err"
ok "hooks: service inittab is a usage error" $?

# --- installed --------------------------------------------------------------------------

# make install puts the library into $(datadir)/sigftrace and tells the
# installed scripts where it is; they run from anywhere, the library is not
# next to them any more
make -s -C "${SRCTREE:-.}" O="$T/o" prefix="$T/inst" install-scripts > "$T/out" 2> "$T/err"
ok "make install-scripts" $?
[ -f "$T/inst/share/sigftrace/sigftrace-lib.sh" ] && [ ! -e "$T/inst/bin/sigftrace-lib.sh" ] &&
	grep -qx "SF_LIB=$T/inst/share/sigftrace/sigftrace-lib.sh" "$T/inst/bin/sigftrace-hooks" &&
	grep -qx "SF_LIB=$T/inst/share/sigftrace/sigftrace-lib.sh" "$T/inst/bin/sigftrace-bootsetup"
ok "the library goes to DATADIR/sigftrace, the scripts name it" $?
R=$T/inst-root
mkdir -p "$R/etc/systemd/system" "$R/usr/bin"
: > "$R/usr/bin/sigftrace"
chmod 755 "$R/usr/bin/sigftrace"
run env PATH="$SYSPATH" "$T/inst/bin/sigftrace-hooks" install persist systemd --root "$R"
[ "$rc" = 0 ] && [ -f "$R/etc/systemd/system/sigftrace-persist.service" ]
ok "the installed hooks find their library and install into a target root" $?
run env PATH="$SYSPATH" "$T/inst/bin/sigftrace-hooks" install service systemd --root "$R"
[ "$rc" = 0 ] && grep -qx 'ExecStart=/usr/bin/sigftrace stream --reclaim --quiet $SIGFTRACE_STREAM_OPTS' \
	"$R/etc/systemd/system/sigftrace.service" && [ -f "$R/etc/default/sigftrace" ]
ok "the installed hooks install the service from the templates make install put next to the library" $?
mkdir -p "$T/noboot"
run env PATH="$SYSPATH" "$T/inst/bin/sigftrace-bootsetup" show rpi --root "$T/noboot"
[ "$rc" = 1 ] && grep -q "^sigftrace-bootsetup: rpi: no cmdline.txt" "$T/err"
ok "the installed bootsetup finds its library (its messages come from it)" $?
mv "$T/inst/share/sigftrace/sigftrace-lib.sh" "$T/lib.away"
run "$T/inst/bin/sigftrace-hooks" --help
[ "$rc" = 1 ] && grep -q "^sigftrace-hooks: cannot read $T/inst/share/sigftrace/sigftrace-lib.sh, the library it needs" "$T/err"
ok "without its library a script says so and stops" $?

e2e_done
