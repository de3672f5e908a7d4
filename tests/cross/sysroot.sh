#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# sysroot.sh ARCH [DIR] - a cross-build sysroot from Debian 12 packages
#
# ARCH: arm64, armhf or mipsel. DIR defaults to
# ${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}/sysroot-ARCH-CKSUM, CKSUM
# naming the package list.
#
# Downloads (never installs) bookworm's packages for ARCH with `apt-get
# download` on a private apt state (tests/boot/debian-apt.sh) and extracts them
# with `dpkg-deb -x` into DIR: libtracefs, libtraceevent, libzstd, zlib
# (libraries and -dev packages), libc6 (-dev), linux-libc-dev, CUnit (the unit
# tests) and busybox-static (the QEMU guests' userland). Multiarch installs
# (apt-get install libtracecmd-dev:ARCH) are not an option: they conflict with
# the host's own packages. Absolute symbolic links are made relative, so that
# nothing in DIR points to the host.
#
# DIR/pkg-config is a wrapper that finds only DIR's .pc files and prefixes
# their paths with DIR. Build with it:
#
#   make CROSS_COMPILE=mipsel-linux-gnu- SYSROOT=DIR
#
# Cached: a DIR whose stamp lists the same packages is reused without any
# network access (delete DIR to refresh). Prints DIR.
set -eu

die() { echo "sysroot: error: $*" >&2; exit 1; }
log() { echo "sysroot: $*" >&2; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../boot/debian-apt.sh"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 ARCH [DIR]" >&2
	exit 2
fi
ARCH=$1
case $ARCH in
arm64) TRIPLET=aarch64-linux-gnu ;;
armhf) TRIPLET=arm-linux-gnueabihf ;;
mipsel) TRIPLET=mipsel-linux-gnu ;;
*) die "unknown architecture \"$ARCH\" (arm64, armhf, mipsel)" ;;
esac
CACHE=${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}
SUITE=bookworm
PACKAGES="libtracefs1 libtracefs-dev libtraceevent1 libtraceevent-dev libzstd1 libzstd-dev
zlib1g zlib1g-dev libc6 libc6-dev libgcc-s1 linux-libc-dev libcrypt1 libcrypt-dev libcunit1
libcunit1-dev busybox-static"

# shellcheck disable=SC2086,SC2116 # one line: the packages separated by spaces
want="$ARCH $TRIPLET $(echo $PACKAGES)"
# one directory per package list: trees of other versions of this script
# (other checkouts using the same cache) are not rebuilt under them
DIR=${2:-$CACHE/sysroot-$ARCH-$(printf '%s' "$want" | cksum | cut -d' ' -f1)}
mkdir -p "$DIR" || die "cannot create $DIR"
DIR=$(cd "$DIR" && pwd)
if command -v flock >/dev/null 2>&1; then
	exec 9>"$DIR.lock"
	flock 9
fi

if [ -f "$DIR/.sysroot-stamp" ] && [ "$(head -n 1 "$DIR/.sysroot-stamp")" = "$want" ]; then
	log "$ARCH: cached in $DIR"
	echo "$DIR"
	exit 0
fi

adir=$CACHE/apt/$SUITE-$ARCH
apt_private "$adir" "$SUITE" "$ARCH"
rm -rf "$adir/sysroot-debs"
# shellcheck disable=SC2086 # one word per package
apt_get_debs "$adir" "$ARCH" "$adir/sysroot-debs" $PACKAGES

# a new tree: nothing of an older one stays
find "$DIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
: >"$DIR/.versions"
for deb in "$adir"/sysroot-debs/*.deb; do
	dpkg-deb -x "$deb" "$DIR" || die "dpkg-deb -x $deb failed"
	dpkg-deb -f "$deb" Package Version | tr '\n' ' ' >>"$DIR/.versions"
	echo >>"$DIR/.versions"
done
rm -rf "$adir/sysroot-debs" "$DIR/usr/share/doc" "$DIR/usr/share/man" "$DIR/usr/share/lintian"

# /lib/x -> ../x inside DIR: a link to the host's files would mix architectures
find "$DIR" -type l | while read -r link; do
	target=$(readlink "$link")
	case $target in
	/*)
		rel=$(realpath -m --relative-to="$(dirname "$link")" "$DIR$target")
		ln -sfn "$rel" "$link" ;;
	esac
done

cat >"$DIR/pkg-config" <<EOF
#!/bin/sh
# pkg-config for the $ARCH sysroot $DIR (made by tests/cross/sysroot.sh)
PKG_CONFIG_SYSROOT_DIR=$DIR
PKG_CONFIG_LIBDIR=$DIR/usr/lib/$TRIPLET/pkgconfig:$DIR/usr/share/pkgconfig
export PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR
unset PKG_CONFIG_PATH
exec pkg-config "\$@"
EOF
chmod 755 "$DIR/pkg-config"
for f in "usr/lib/$TRIPLET/libz.so" "usr/include/zstd.h" bin/busybox "usr/lib/$TRIPLET/libc.so"; do
	[ -e "$DIR/$f" ] || die "$ARCH: $f is missing from the sysroot"
done
{
	echo "$want"
	cat "$DIR/.versions"
} >"$DIR/.sysroot-stamp"
rm -f "$DIR/.versions"
log "$ARCH: $DIR ($(du -sh "$DIR" | cut -f1))"
echo "$DIR"
