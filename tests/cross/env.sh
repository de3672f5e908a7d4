# SPDX-License-Identifier: GPL-2.0
#
# env.sh - sourced (POSIX sh): the cross toolchain, qemu and guest of a Debian architecture
#
#   cross_arch ARCH   sets CROSS (compiler prefix), QEMU_USER (qemu-user binary),
#                     QEMU_ARCH (qemu-run.sh's guest); returns 1 for an unknown ARCH
#   cross_missing     the first tool of ARCH's build that this host lacks, or nothing
#   cross_build ARCH SRCTREE TARGET...  make TARGET... in SRCTREE/build-ARCH against
#                     tests/cross/sysroot.sh's sysroot (plain build: no sanitizers);
#                     sets SYSROOT
# shellcheck disable=SC2034 # used by the scripts that source this
cross_arch() {
	case $1 in
	arm64) CROSS=aarch64-linux-gnu- QEMU_USER=qemu-aarch64-static QEMU_ARCH=aarch64 ;;
	armhf) CROSS=arm-linux-gnueabihf- QEMU_USER=qemu-arm-static QEMU_ARCH=arm ;;
	mipsel) CROSS=mipsel-linux-gnu- QEMU_USER=qemu-mipsel-static QEMU_ARCH=mipsel ;;
	*) return 1 ;;
	esac
}

cross_missing() {
	for t in "${CROSS}gcc" "$QEMU_USER"; do
		command -v "$t" >/dev/null 2>&1 || { echo "$t"; return 0; }
	done
}

cross_build() {
	_arch=$1 _src=$2
	shift 2
	SYSROOT=$(sh "$_src/tests/cross/sysroot.sh" "$_arch") || return 1
	make -C "$_src" --no-print-directory -j2 O="$_src/build-$_arch" SANITIZE= \
		CROSS_COMPILE="$CROSS" SYSROOT="$SYSROOT" "$@"
}
