#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernels.sh [CACHE_DIR] - fetch Debian kernels for the QEMU boot tests.
#
# Downloads (never installs) the kernel packages behind Debian's kernel
# metapackages with `apt-get download`, extracts them with `dpkg-deb -x` and leaves:
#   CACHE_DIR/vmlinuz-6.1         linux-image-cloud-amd64, bookworm (6.1)
#   CACHE_DIR/vmlinuz-6.12        linux-image-cloud-amd64, trixie (6.12)
#   CACHE_DIR/vmlinuz-arm64-6.1   linux-image-cloud-arm64, bookworm (QEMU -M virt)
#   CACHE_DIR/vmlinuz-mipsel-6.1  linux-image-4kc-malta, bookworm (an ELF vmlinux,
#                                 32-bit little-endian MIPS, QEMU -M malta)
#   CACHE_DIR/config-KEY          each kernel's config
#   CACHE_DIR/kernels.txt         one line per kernel: KEY PACKAGE VERSION UNAME-R
# Every suite and architecture uses a private apt state under CACHE_DIR/apt/
# (debian-apt.sh); the system's /etc/apt and /var/lib/apt are never written.
# Idempotent: a kernel whose vmlinuz and kernels.txt line exist is not fetched again
# (delete the files to refresh).
set -eu

CACHE_DIR=${1:-${SIGFTRACE_CACHE:-/var/cache/sigftrace-test}}

die() { echo "fetch-kernels: error: $*" >&2; exit 1; }
log() { echo "fetch-kernels: $*" >&2; }
. "$(dirname "$0")/debian-apt.sh"

mkdir -p "$CACHE_DIR" || die "cannot create $CACHE_DIR"
CACHE_DIR=$(cd "$CACHE_DIR" && pwd)
touch "$CACHE_DIR/kernels.txt"
# Serialise concurrent runs on the same cache.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$CACHE_DIR/.lock"
	flock 9
fi

# have KEY: the kernel KEY is already in the cache
have() {
	[ -s "$CACHE_DIR/vmlinuz-$1" ] && grep -q "^$1 " "$CACHE_DIR/kernels.txt"
}

# fetch KEY SUITE ARCH METAPACKAGE X.Y
fetch() {
	key=$1 suite=$2 arch=$3 meta=$4 xy=$5
	if have "$key"; then
		log "$key: cached ($(grep "^$key " "$CACHE_DIR/kernels.txt"))"
		return 0
	fi
	adir=$CACHE_DIR/apt/$suite
	[ "$arch" = amd64 ] || adir=$adir-$arch
	apt_private "$adir" "$suite" "$arch"

	# a metapackage: its candidate depends on the real image
	pkg=$(apt_real "$meta" "$adir" "$arch")
	case $pkg in
	linux-image-"$xy".*) ;;
	"$meta") die "$key: cannot resolve $meta in $suite ($arch)" ;;
	*) die "$key: $suite's $meta points to $pkg, not a $xy kernel" ;;
	esac
	ver=$(papt "$adir" "$arch" apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
	case $ver in '' | '(none)') die "$key: no candidate version for $pkg" ;; esac

	log "$key: downloading $pkg $ver"
	rm -rf "$adir/dl" "$adir/x"
	mkdir -p "$adir/x"
	apt_get_debs "$adir" "$arch" "$adir/dl" "$pkg=$ver"
	for deb in "$adir"/dl/*.deb; do break; done
	[ -f "$deb" ] || die "$key: no .deb downloaded for $pkg"
	dpkg-deb -x "$deb" "$adir/x" || die "$key: dpkg-deb -x $deb failed"

	# vmlinuz (x86, arm64: what QEMU -kernel takes), or the ELF vmlinux (MIPS)
	for vmlinuz in "$adir"/x/boot/vmlinuz-* "$adir"/x/boot/vmlinux-*; do
		[ -f "$vmlinuz" ] && break
	done
	[ -f "$vmlinuz" ] || die "$key: $deb has no /boot/vmlinuz-* or /boot/vmlinux-*"
	kver=${vmlinuz##*/vmlinu[xz]-}
	cp "$vmlinuz" "$CACHE_DIR/vmlinuz-$key.tmp"
	mv "$CACHE_DIR/vmlinuz-$key.tmp" "$CACHE_DIR/vmlinuz-$key"
	if [ -f "$adir/x/boot/config-$kver" ]; then
		cp "$adir/x/boot/config-$kver" "$CACHE_DIR/config-$key"
	fi
	{
		grep -v "^$key " "$CACHE_DIR/kernels.txt" || :
		echo "$key $pkg $ver $kver"
	} >"$CACHE_DIR/kernels.txt.tmp"
	mv "$CACHE_DIR/kernels.txt.tmp" "$CACHE_DIR/kernels.txt"
	rm -rf "$adir/dl" "$adir/x"
	log "$key: $CACHE_DIR/vmlinuz-$key = $kver ($pkg $ver)"
}

fetch 6.1 bookworm amd64 linux-image-cloud-amd64 6.1
fetch 6.12 trixie amd64 linux-image-cloud-amd64 6.12
fetch arm64-6.1 bookworm arm64 linux-image-cloud-arm64 6.1
fetch mipsel-6.1 bookworm mipsel linux-image-4kc-malta 6.1

sort -o "$CACHE_DIR/kernels.txt" "$CACHE_DIR/kernels.txt"
cat "$CACHE_DIR/kernels.txt"
