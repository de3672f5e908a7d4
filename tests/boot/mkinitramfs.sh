#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT.cpio.gz INIT_SCRIPT [--root DIR] [--file SRC:DEST]... [--bin PATH[:DEST]]...
#
# Builds a gzip'd newc initramfs for the QEMU boot tests:
#   /bin/busybox (static, from busybox-static) plus a symlink for every applet
#     (`busybox --list-full`, made on the host side);
#   /dev/console (c 5 1) and /dev/null (c 1 3), written as raw newc entries, so no
#     mknod and no root are needed; /proc /sys /dev /tmp /run /root as mount points;
#   INIT_SCRIPT as /init (mode 755);
#   --file SRC:DEST  copies SRC (file or directory) to DEST inside the image
#                    (split at the last ':'; an existing DEST is replaced);
#   --bin PATH[:DEST] copies the executable PATH (a bare name is looked up in $PATH,
#                    then in the current directory)
#                    to DEST (default: the same absolute path; /bin/NAME for a
#                    relative path) plus, if it is dynamically linked, its ELF
#                    interpreter and every shared library it needs (DT_NEEDED, read
#                    with readelf: no ldd, which cannot look into a foreign binary),
#                    at the same paths, so it runs in the guest;
#   --root DIR       where those libraries are: the target's root file system or
#                    sysroot (default /), for binaries of another architecture.
# Environment: BUSYBOX (default /bin/busybox: the guest's busybox, static),
# BUSYBOX_RUN (a command that runs BUSYBOX here to list its applets when it is
# built for another architecture, e.g. qemu-mipsel-static).
set -euf # no globbing anywhere: applet names include '[' and '[['

die() { echo "mkinitramfs: error: $*" >&2; exit 1; }
usage() {
	echo "usage: $0 OUT.cpio.gz INIT_SCRIPT [--root DIR] [--file SRC:DEST]... [--bin PATH[:DEST]]..." >&2
	exit 2
}

BUSYBOX=${BUSYBOX:-/bin/busybox}
for t in cpio gzip readelf; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' not found (apt-get install cpio gzip binutils)"
done
[ -x "$BUSYBOX" ] || die "$BUSYBOX not found (apt-get install busybox-static)"

stage=$(mktemp -d "${TMPDIR:-/tmp}/mkinitramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
trap 'exit 130' INT TERM HUP

# interp ELF: its ELF interpreter (PT_INTERP), empty for a static binary
interp() {
	readelf -lW "$1" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p'
}
# needed ELF: its DT_NEEDED libraries, one per line
needed() {
	readelf -dW "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}
# elf_id ELF: class and machine; a library must match its program's
elf_id() {
	readelf -hW "$1" 2>/dev/null | sed -n 's/^ *\(Class\|Machine\): *//p' | tr '\n' ';'
}
# in_root PATH: the file PATH names in $root, links followed inside $root
in_root() {
	p=$root$1 n=0
	while [ -L "$p" ] && [ $n -lt 40 ]; do
		t=$(readlink "$p")
		case $t in /*) p=$root$t ;; *) p=$(dirname "$p")/$t ;; esac
		n=$((n + 1))
	done
	printf '%s\n' "$p"
}
# find_lib NAME ID: the path in the target of library NAME with ELF class/machine ID
find_lib() {
	for d in /lib /usr/lib /lib64 /usr/lib64; do
		[ -d "$root$d" ] || continue
		for f in $(find -H "$root$d" -maxdepth 2 -name "$1" 2>/dev/null | sort); do
			[ "$(elf_id "$(in_root "${f#"$root"}")")" = "$2" ] && { printf '%s\n' "${f#"$root"}"; return 0; }
		done
	done
	return 1
}
# add_libs ELF ID: its interpreter and libraries (recursively), from $root
add_libs() {
	i=$(interp "$1")
	if [ -n "$i" ] && [ ! -e "$stage$i" ]; then
		[ -e "$(in_root "$i")" ] || die "--bin: ELF interpreter $i of $1 not in $root"
		put "$(in_root "$i")" "$i"
	fi
	for lib in $(needed "$1"); do
		path=$(find_lib "$lib" "$2") || die "--bin: $lib (needed by $1) not found in $root"
		[ -e "$stage$path" ] && continue
		put "$(in_root "$path")" "$path"
		add_libs "$(in_root "$path")" "$2"
	done
}

if [ -n "$(interp "$BUSYBOX")" ]; then
	die "$BUSYBOX is dynamically linked (apt-get install busybox-static)"
fi

# put SRC DEST: copy SRC to DEST (absolute) inside the image, replacing applet links.
put() {
	case $2 in /*) ;; *) die "destination '$2' is not an absolute path" ;; esac
	[ -e "$1" ] || die "'$1' does not exist"
	mkdir -p "$stage$(dirname "$2")"
	rm -rf "$stage$2"
	cp -RL "$1" "$stage$2" || die "cannot copy $1 to $2"
}

# add_bin PATH[:DEST]
add_bin() {
	src=${1%%:*}
	dest=${1#"$src"}
	dest=${dest#:}
	case $src in
	*/*) ;;
	*)
		if found=$(command -v "$src"); then src=$found
		elif [ ! -f "$src" ]; then die "--bin: '$src' not found in PATH"
		fi ;;
	esac
	if [ ! -f "$src" ] || [ ! -x "$src" ]; then die "--bin: '$src' is not an executable file"; fi
	if [ -z "$dest" ]; then
		case $src in
		/*) dest=$src ;;
		*) dest=/bin/${src##*/} ;;
		esac
	fi
	put "$src" "$dest"
	add_libs "$src" "$(elf_id "$src")"
}

out='' init='' root=''
while [ $# -gt 0 ]; do
	case $1 in
	--root) [ $# -ge 2 ] || usage; root=${2%/}; shift 2 ;;
	--file) [ $# -ge 2 ] || usage; extra_files="${extra_files-}$2
"; shift 2 ;;
	--file=*) extra_files="${extra_files-}${1#--file=}
"; shift ;;
	--bin) [ $# -ge 2 ] || usage; bins="${bins-}$2
"; shift 2 ;;
	--bin=*) bins="${bins-}${1#--bin=}
"; shift ;;
	-h | --help) usage ;;
	-*) die "unknown option $1" ;;
	*)
		if [ -z "$out" ]; then out=$1
		elif [ -z "$init" ]; then init=$1
		else usage
		fi
		shift ;;
	esac
done
if [ -z "$out" ] || [ -z "$init" ]; then usage; fi
[ -f "$init" ] || die "init script '$init' not found"

for d in bin sbin usr/bin usr/sbin etc proc sys dev tmp run root; do
	mkdir -p "$stage/$d"
done
chmod 1777 "$stage/tmp"
cp "$BUSYBOX" "$stage/bin/busybox"
chmod 755 "$stage/bin/busybox"
applets=$(${BUSYBOX_RUN-} "$BUSYBOX" --list-full) || die "cannot list the applets of $BUSYBOX (BUSYBOX_RUN?)"
for applet in $applets; do
	case $applet in
	bin/busybox) continue ;;
	*/*) [ -d "$stage/${applet%/*}" ] || mkdir -p "$stage/${applet%/*}" ;;
	esac
	[ -e "$stage/$applet" ] || [ -L "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done
[ -e "$stage/bin/sh" ] || die "busybox has no sh applet"

IFS_SAVE=$IFS
IFS='
'
for spec in ${extra_files-}; do
	case $spec in *:*) ;; *) die "--file wants SRC:DEST, got '$spec'" ;; esac
	put "${spec%:*}" "${spec##*:}"
done
for spec in ${bins-}; do
	add_bin "$spec"
done
IFS=$IFS_SAVE

cp "$init" "$stage/init"
chmod 755 "$stage/init"

# newc_node NAME MODE MAJOR MINOR: a header-only newc entry (device node), 4-byte padded.
ino=900000
newc_node() {
	ino=$((ino + 1))
	namesize=$((${#1} + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		"$ino" "$2" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0 "$1"
	pad=$(((4 - (110 + namesize) % 4) % 4))
	while [ "$pad" -gt 0 ]; do printf '\0'; pad=$((pad - 1)); done
}
newc_trailer() {
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		0 0 0 0 1 0 0 0 0 0 0 11 0 'TRAILER!!!'
	printf '\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
}

tmp_out=$out.tmp.$$
{
	(cd "$stage" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
	# A second archive in the same stream: the kernel unpacks concatenated archives.
	newc_node dev/console 8576 5 1 # S_IFCHR | 0600
	newc_node dev/null 8630 1 3    # S_IFCHR | 0666
	newc_trailer
} | gzip -9 >"$tmp_out" || { rm -f "$tmp_out"; die "cannot write $out"; }
mv "$tmp_out" "$out"
echo "mkinitramfs: $out ($(wc -c <"$out") bytes)" >&2
