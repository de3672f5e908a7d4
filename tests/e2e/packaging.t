#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# packaging.t - what can be checked of the OpenWrt, Buildroot and Yocto
# recipes in packaging/ without those build systems: one version everywhere,
# the Makefile variables they pass exist and install where the recipes
# package from, the Yocto licence checksums, the make syntax of the
# OpenWrt and Buildroot files (with stub includes).
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
src=$(cd "${SRCTREE:-.}" && pwd)
pk=$src/packaging
# the makes below are our own: not the test run's jobserver and variables
unset MAKEFLAGS MFLAGS MAKELEVEL SANITIZE WERROR O
ow=$pk/openwrt/sigftrace/Makefile
br=$pk/buildroot/package/sigftrace/sigftrace.mk
bb=$(ls "$pk"/yocto/sigftrace_*.bb)

version=$(sed -n 's/^VERSION := //p' "$src/Makefile")
v_deb=$(sed -n '1s/^sigftrace (\([^)]*\)).*/\1/p' "$src/debian/changelog")
v_ow=$(sed -n 's/^PKG_VERSION:=//p' "$ow")
v_br=$(sed -n 's/^SIGFTRACE_VERSION = //p' "$br")
v_bb=$(basename "$bb" .bb | sed 's/^sigftrace_//')
[ -n "$version" ] && [ "$v_deb" = "$version" ] && [ "$v_ow" = "$version" ] &&
	[ "$v_br" = "$version" ] && [ "$v_bb" = "$version" ]
ok "one version: Makefile $version, debian $v_deb, OpenWrt $v_ow, Buildroot $v_br, Yocto $v_bb" $?

# the NAME=value words the recipes give make
vars=$( (sed -n '/^MAKE_FLAGS += /,/^$/p' "$ow"; sed -n '/^SIGFTRACE_MAKE_OPTS = /,/^$/p' "$br";
	sed -n '/^EXTRA_OEMAKE = /,/^"$/p' "$bb"; sed -n 's/^MAKE_VARS = //p' "$src/debian/rules") |
	tr ' \t\\"' '\n\n\n\n' | sed -n 's/^\([A-Za-z_]*\)=.*/\1/p' | sort -u)
missing=
for v in $vars; do
	grep -q -e "\$($v)" -e "^$v ?=" "$src/Makefile" || missing="$missing $v"
done
[ -n "$vars" ] && [ -z "$missing" ]
ok "the Makefile uses every variable the recipes set ($(echo $vars))${missing:+ (unknown:$missing)}" $?

# installed FILE: an install command of $T/out puts FILE (or its name into
# its directory) in place
installed()
{
	grep -qF -e "$1" "$T/out" && return 0
	grep "$(dirname "$1")/*\$" "$T/out" | grep -q "/$(basename "$1") "
}

# what `make install` does with the embedded distros' variables (dry run)
make -n -C "$src" O="$T/o" prefix=/usr plugin_dir=/usr/lib/traceevent/plugins \
	bashcompdir=/usr/share/bash-completion/completions NO_DOC=1 DESTDIR=/DEST install \
	> "$T/raw" 2> "$T/err"
r=$?
sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$T/raw" > "$T/out"
missing=
for f in /DEST/usr/bin/sigftrace /DEST/usr/bin/sigftrace-bootsetup /DEST/usr/bin/sigftrace-hooks \
	/DEST/usr/share/sigftrace/sigftrace-lib.sh \
	/DEST/usr/lib/traceevent/plugins/plugin_sigftrace.so \
	/DEST/usr/share/bash-completion/completions/sigftrace; do
	installed "$f" || missing="$missing $f"
done
[ $r = 0 ] && [ -z "$missing" ] && ! grep -q 'man[178]' "$T/out"
ok "make -n install (prefix=/usr plugin_dir=... NO_DOC=1) installs what the recipes package${missing:+ (missing:$missing)}" $?
# every file the OpenWrt package copies out of PKG_INSTALL_DIR is installed
missing=
for f in $(sed -n 's/.*$(PKG_INSTALL_DIR)\(\/[^ ]*\).*/\1/p' "$ow"); do
	installed "/DEST$f" || missing="$missing $f"
done
[ -z "$missing" ]
ok "OpenWrt's install sections copy only installed files${missing:+ (not installed:$missing)}" $?
make -n -C "$src" O="$T/o" CROSS_COMPILE=mipsel-linux-gnu- PKG_CONFIG=pkg-config cli > "$T/out" 2> "$T/err"
grep -q '^mipsel-linux-gnu-gcc ' "$T/out"
ok "CROSS_COMPILE picks the cross compiler" $?
make -n -C "$src" O="$T/o" CC=cc-from-env PKG_CONFIG=pkg-config cli > "$T/out" 2> "$T/err"
grep -q '^cc-from-env ' "$T/out"
ok "CC from the build system wins" $?

# each goal asks only for the libraries it builds with: the plugin for
# libtraceevent's headers, sigftrace for the rest too
printf '#!/bin/sh\nfor a in "$@"; do case $a in libtracefs|libzstd|zlib|cunit|libtracecmd) exit 1 ;; esac; done\nexec pkg-config "$@"\n' > "$T/only-tep"
chmod +x "$T/only-tep"
make -n -C "$src" O="$T/o" PKG_CONFIG="$T/only-tep" plugin > "$T/out" 2> "$T/err"
r1=$?
make -n -C "$src" O="$T/o" PKG_CONFIG="$T/only-tep" cli > "$T/out2" 2> "$T/err2"
r2=$?
[ $r1 = 0 ] && grep -q 'plugin_sigftrace\.so' "$T/out" && [ $r2 != 0 ] &&
	grep -q 'missing build dependencies: libtracefs' "$T/err2" && ! grep -q libtraceevent "$T/err2"
ok "make plugin needs libtraceevent only; make cli names what it lacks" $?

# Yocto checks these md5s (of lines beginline..endline, or of the whole file)
bad=
for spec in $(sed -n 's/.*file:\/\/\([^ "]*\).*/\1/p' "$bb"); do
	f=${spec%%;*}
	b=$(echo "$spec" | sed -n 's/.*beginline=\([0-9]*\).*/\1/p')
	e=$(echo "$spec" | sed -n 's/.*endline=\([0-9]*\).*/\1/p')
	m=$(echo "$spec" | sed -n 's/.*md5=\([0-9a-f]*\).*/\1/p')
	[ "$(sed -n "${b:-1},${e:-\$}p" "$src/$f" | md5sum | cut -d' ' -f1)" = "$m" ] || bad="$bad $f"
done
[ -z "$bad" ]
ok "Yocto LIC_FILES_CHKSUM matches the files${bad:+ (wrong:$bad)}" $?

# make syntax, with the build systems' includes replaced by stubs
mkdir "$T/stub"
printf 'stubgoal: ;\nBuildPackage =\nBuild/Compile/Default =\nBuild/Install/Default =\n' > "$T/stub/package.mk"
: > "$T/stub/rules.mk"
r=0
for f in "$ow"; do
	make -n -f "$f" TOPDIR="$T/stub" INCLUDE_DIR="$T/stub" > /dev/null 2> "$T/err" || r=1
done
printf 'stubgoal: ;\ngeneric-package =\nKCONFIG_ENABLE_OPT =\n' > "$T/stub/br.mk"
for f in "$br"; do
	make -n -f "$T/stub/br.mk" -f "$f" BR2_EXTERNAL_SIGFTRACE_PATH="$pk/buildroot" > /dev/null 2> "$T/err" || r=1
done
ok "the OpenWrt and Buildroot makefiles parse" $r
e2e_done
