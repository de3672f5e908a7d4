#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# unit.sh ARCH - the unit tests of a cross build, run under qemu-user
#
# ARCH: arm64, armhf or mipsel. Builds build-ARCH/ with the Debian cross
# compiler against tests/cross/sysroot.sh's sysroot (cached) and runs the
# CUnit suites under qemu-ARCH-static with the sysroot as its library root.
# The tests that trace run against the host's kernel: a 32-bit or foreign
# user space on this kernel. Called by `make cross-unit ARCH=...`.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
SRCTREE=$(cd "$here/../.." && pwd)
ARCH=${1:-}
case $ARCH in
arm64) cross=aarch64-linux-gnu- qemu=qemu-aarch64-static ;;
armhf) cross=arm-linux-gnueabihf- qemu=qemu-arm-static ;;
mipsel) cross=mipsel-linux-gnu- qemu=qemu-mipsel-static ;;
*) echo "usage: $0 arm64|armhf|mipsel" >&2; exit 2 ;;
esac

for t in "${cross}gcc" "$qemu"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		msg="$t not found (apt-get install gcc-${cross%-} qemu-user-static, or make deps)"
		[ -n "${CI-}" ] && { echo "cross-unit $ARCH: $msg" >&2; exit 1; }
		echo "cross-unit $ARCH: skipped, $msg"
		exit 0
	fi
done
sysroot=$(sh "$here/sysroot.sh" "$ARCH")
# no sanitizers: Debian has no ASan runtime for every target, nor qemu-user for LSan
make -C "$SRCTREE" --no-print-directory -j2 O="$SRCTREE/build-$ARCH" SANITIZE= \
	CROSS_COMPILE="$cross" SYSROOT="$sysroot" unit-bin
cd "$SRCTREE"
echo "cross-unit $ARCH: $qemu -L $sysroot build-$ARCH/tests/unit/unit-tests"
PLUGIN_DIR="$SRCTREE/build-$ARCH/plugin" "$qemu" -L "$sysroot" "build-$ARCH/tests/unit/unit-tests"
