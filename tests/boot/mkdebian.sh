#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkdebian.sh [CACHE_DIR] - a Debian 12 (bookworm) root with systemd for the QEMU
# boot tests, made once by debootstrap and cached.
#
# Leaves CACHE_DIR/debian12/root: debootstrap --variant=minbase plus systemd,
# systemd-sysv, udev and the run-time libraries of sigftrace (libtracecmd1,
# libtracefs1, libtraceevent1; libzstd1 comes with minbase), with apt's package
# cache and lists removed, a hostname, an fstab for a root file system on
# /dev/nvme0n1 and an empty root password (the serial getty is never used to log
# in: the tests drive the guest with systemd units). CACHE_DIR/debian12/stamp
# holds the recipe; a root made by another recipe is rebuilt.
#
# Nothing is installed on the host and /etc/apt is not used: debootstrap reads
# the archive with the Debian archive keyring. A flock serialises concurrent
# runs on the same cache. Needs root (debootstrap), debootstrap and
# debian-archive-keyring.
set -eu

CACHE_DIR=${1:-${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}}
KEYRING=${SIGFTRACE_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
MIRROR=${SIGFTRACE_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
PACKAGES=systemd,systemd-sysv,udev,libtracecmd1,libtracefs1,libtraceevent1
# bump when the recipe below changes: the cached root is rebuilt
RECIPE="1 $SUITE minbase $PACKAGES"

die() { echo "mkdebian: error: $*" >&2; exit 1; }
log() { echo "mkdebian: $*" >&2; }

command -v debootstrap >/dev/null 2>&1 || die "debootstrap not found (apt-get install debootstrap)"
[ -r "$KEYRING" ] || die "keyring $KEYRING missing (apt-get install debian-archive-keyring)"
[ "$(id -u)" = 0 ] || die "debootstrap needs root"

mkdir -p "$CACHE_DIR/debian12" || die "cannot create $CACHE_DIR/debian12"
dir=$(cd "$CACHE_DIR/debian12" && pwd)
if command -v flock >/dev/null 2>&1; then
	exec 9>"$dir/.lock"
	flock 9
fi
if [ -d "$dir/root" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$RECIPE" ]; then
	log "cached: $dir/root ($RECIPE)"
	exit 0
fi

rm -rf "$dir/root" "$dir/root.new" "$dir/stamp"
log "debootstrap $SUITE into $dir/root.new (a few minutes)"
if ! debootstrap --variant=minbase --include="$PACKAGES" --keyring="$KEYRING" \
	"$SUITE" "$dir/root.new" "$MIRROR" >"$dir/debootstrap.log" 2>&1; then
	tail -n 20 "$dir/debootstrap.log" >&2
	die "debootstrap failed (full log: $dir/debootstrap.log)"
fi
r=$dir/root.new
echo sft-guest >"$r/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tsft-guest\n' >"$r/etc/hosts"
printf '/dev/nvme0n1\t/\text4\trw,errors=remount-ro\t0\t1\n' >"$r/etc/fstab"
# root without a password: nothing logs in, but a developer can at the console
sed -i 's/^root:[^:]*:/root::/' "$r/etc/shadow"
# a box without a network: no wait for it
rm -f "$r/etc/systemd/system/multi-user.target.wants/systemd-networkd.service" \
	"$r/etc/systemd/system/network-online.target.wants/"*
rm -rf "$r/var/cache/apt/archives/"*.deb "$r/var/lib/apt/lists/"*
echo "$RECIPE" >"$dir/stamp.new"
mv "$r" "$dir/root"
mv "$dir/stamp.new" "$dir/stamp"
log "$dir/root: $(du -sh "$dir/root" | cut -f1) ($RECIPE)"
