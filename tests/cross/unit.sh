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
. "$here/env.sh"
cross_arch "${1:-}" || { echo "usage: $0 arm64|armhf|mipsel" >&2; exit 2; }
ARCH=$1
missing=$(cross_missing)
if [ -n "$missing" ]; then
	msg="$missing not found (make deps installs the cross compilers and qemu-user-static)"
	[ -n "${CI-}" ] && { echo "cross-unit $ARCH: $msg" >&2; exit 1; }
	echo "cross-unit $ARCH: skipped, $msg"
	exit 0
fi
# no sanitizers: Debian has no ASan runtime for every target, nor qemu-user for LSan
cross_build "$ARCH" "$SRCTREE" unit-bin
cd "$SRCTREE"
echo "cross-unit $ARCH: $QEMU_USER -L $SYSROOT build-$ARCH/tests/unit/unit-tests"
PLUGIN_DIR="$SRCTREE/build-$ARCH/plugin" "$QEMU_USER" -L "$SYSROOT" "build-$ARCH/tests/unit/unit-tests"
