#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# package.t - the Debian package: dpkg-buildpackage -b in a copy of the tree,
# lintian without errors, and what the .deb installs (unpacked with dpkg -x
# into a temporary root, never installed on the host) works: its sigftrace
# records, its plugin makes a real trace-cmd report show the arrows, its man
# pages render, its completion loads. About 30 s on 2 cores.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
src=$(cd "${SRCTREE:-.}" && pwd)

for t in dpkg-buildpackage dh lintian trace-cmd man; do
	command -v $t > /dev/null && continue
	[ -n "${CI:-}" ] && e2e_bail "no $t (make deps installs it; CI must not skip)"
	echo "1..0 # SKIP no $t (apt-get install debhelper lintian trace-cmd man-db)"
	exit 0
done

# the working tree as git sees it (new files included, build output not)
mkdir "$T/pkg" "$T/pkg/src" "$T/root" "$T/home"
if [ -e "$src/.git" ]; then
	(cd "$src" && git ls-files -co --exclude-standard -z | xargs -0 tar -cf -) |
		tar -xf - -C "$T/pkg/src"
else
	(cd "$src" && tar -cf - --exclude=./build --exclude=./build-san .) | tar -xf - -C "$T/pkg/src"
fi
ok "copy of the source tree" $?

# the package build must not see the test run's make variables (SANITIZE=1 ...)
start=$(date +%s)
(cd "$T/pkg/src" && env -u SANITIZE -u WERROR -u O -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	-u CFLAGS -u LDFLAGS -u CI dpkg-buildpackage -b -us -uc) > "$T/build.log" 2>&1
r=$?
[ $r = 0 ] || tail -n 30 "$T/build.log" | sed 's/^/# /'
deb=$(ls "$T"/pkg/sigftrace_*.deb 2> /dev/null)
[ $r = 0 ] && [ -f "$deb" ]
ok "dpkg-buildpackage -b -us -uc builds $(basename "$deb") in $(($(date +%s) - start)) s" $?
grep -q '^ *tests .* 0 *0$' "$T/build.log"
ok "the package build ran the unit tests, and only them" $?

# clean today; a tag worth keeping goes into debian/sigftrace.lintian-overrides
# with the reason
lintian "$T"/pkg/sigftrace_*.changes > "$T/lintian" 2>&1
grep '^[EW]:' "$T/lintian" | sed 's/^/# /'
! grep -q '^[EW]:' "$T/lintian"
ok "lintian: no errors, no warnings" $?

dpkg-deb -x "$deb" "$T/root"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
pdir=$T/root/usr/lib/$multiarch/traceevent/plugins
bc=$T/root/usr/share/bash-completion/completions
[ -x "$T/root/usr/bin/sigftrace" ] && [ -x "$T/root/usr/bin/sigftrace-bootsetup" ] &&
	[ -x "$T/root/usr/bin/sigftrace-hooks" ] && [ -f "$pdir/plugin_sigftrace.so" ] &&
	[ -f "$T/root/usr/share/sigftrace/sigftrace-lib.sh" ] &&
	grep -qx 'SF_LIB=/usr/share/sigftrace/sigftrace-lib.sh' "$T/root/usr/bin/sigftrace-hooks" &&
	[ -f "$bc/sigftrace" ] && [ -L "$bc/sigftrace-hooks" ] &&
	[ "$(ls "$T"/root/usr/share/man/man[178]/*.gz | wc -l)" = "$(ls "$src"/Documentation/*.[178].rst | wc -l)" ]
ok "dpkg -x: binary, scripts and their library, plugin in /usr/lib/$multiarch/traceevent/plugins, completion, every man page" $?

dpkg-deb -e "$deb" "$T/ctl"
u=$T/root/usr/lib/systemd/system/sigftrace.service
[ -f "$u" ] && grep -qx 'ExecStart=/usr/bin/sigftrace stream --reclaim --quiet $SIGFTRACE_STREAM_OPTS' "$u" &&
	[ -f "$T/root/etc/default/sigftrace" ] && grep -qx /etc/default/sigftrace "$T/ctl/conffiles" &&
	! grep -qs 'deb-systemd-helper enable\|deb-systemd-invoke start' "$T/ctl/postinst"
ok "the service is in the package (/etc/default/sigftrace a conffile), not enabled nor started" $?

version=$(sed -n 's/^VERSION := //p' "$src/Makefile")
[ "$("$T/root/usr/bin/sigftrace" --version | cut -d' ' -f2)" = "$version" ] &&
	[ "$(cd "$src" && dpkg-parsechangelog -S Version)" = "$version" ]
ok "the packaged sigftrace and debian/changelog are version $version (the Makefile's)" $?

run "$T/root/usr/bin/sigftrace" record --instance "$E2E_PREFIX-h15pkg" -o "$T/x.dat" \
	-- "$SCENARIO" --expect "$T/exp" kill ignored
ok "the packaged sigftrace records" "$rc"
victim=$(sed -n 's/^(sc-killer [0-9]*) --\[SIGUSR1\]--> (sc-victim \([0-9]*\))$/\1/p' "$T/exp")
HOME=$T/home TRACEEVENT_PLUGIN_DIR=$pdir trace-cmd list -P > "$T/out" 2>&1
grep -qF "$pdir/plugin_sigftrace.so" "$T/out"
ok "trace-cmd loads the packaged plugin" $?
HOME=$T/home TRACEEVENT_PLUGIN_DIR=$pdir trace-cmd report -i "$T/x.dat" > "$T/out" 2>&1
[ -n "$victim" ] &&
	grep -Eq "signal_generate: +\(sc-killer [0-9]+\) --\[SIGUSR1\]--> \(sc-victim $victim\)$" "$T/out"
ok "trace-cmd report with the packaged plugin shows (sender) --[SIG]--> (receiver)" $?

page=$T/root/usr/share/man/man1/sigftrace-record.1.gz
MANWIDTH=80 man -l "$page" > "$T/out" 2> "$T/err"
grep -q '^SIGFTRACE-RECORD(1)' "$T/out" && grep -q -e '--receiver PID|COMM' "$T/out" && [ ! -s "$T/err" ]
ok "man -l renders the installed sigftrace-record(1)" $?
MANWIDTH=80 man --warnings -l "$T"/root/usr/share/man/man[178]/*.gz > /dev/null 2> "$T/err"
[ ! -s "$T/err" ]
ok "man --warnings: no warning on any installed page" $?

bash --norc -c ". '$bc/sigftrace' && complete -p sigftrace sigftrace-hooks" > "$T/out" 2>&1
grep -q -- '-F _sigftrace sigftrace$' "$T/out" && grep -q -- '-F _sigftrace_script sigftrace-hooks$' "$T/out"
ok "the packaged completion registers sigftrace and the scripts" $?
e2e_done
