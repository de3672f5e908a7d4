#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# service.t - what the service files rely on: stream runs as root without
# any capability (the unit's empty CapabilityBoundingSet=), the unit passes
# systemd-analyze verify, `make install-service` installs it for the prefix
# and keeps the admin's /etc/default/sigftrace, and the OpenWrt init script
# turns its UCI options into the right stream command line.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
SRC=${SRCTREE:-.}

# --- capabilities -------------------------------------------------------------------
if command -v setpriv > /dev/null 2>&1; then
	run setpriv --bounding-set=-all --inh-caps=-all --no-new-privs sh -c \
		'grep -E "^Cap(Eff|Bnd):" /proc/self/status >&2; exec "$@"' sh \
		"$SIGFTRACE" stream --instance "$E2E_PREFIX-nocap" -- "$SCENARIO" kill
	[ "$rc" = 0 ] && grep -qx 'CapEff:	0000000000000000' "$T/err" &&
		grep -qx 'CapBnd:	0000000000000000' "$T/err" &&
		grep -Eq '^[0-9.]+ \(sc-killer [0-9]+\) --\[SIGUSR1\]--> \(sc-victim [0-9]+\)$' "$T/out"
	ok "stream works as root with no capability at all (CapEff and CapBnd 0)" $?
	run setpriv --reuid=65534 --regid=65534 --clear-groups --bounding-set=-all \
		"$SIGFTRACE" stream --instance "$E2E_PREFIX-nobody" -- true
	[ "$rc" != 0 ]
	ok "but not as another user: the uid is what tracefs checks (exit $rc)" $?
	no_instances_left
	ok "no instance left behind" $?
else
	[ -n "${CI:-}" ] && e2e_bail "setpriv not found (CI must not skip: install util-linux)"
	echo "ok 1 # SKIP setpriv not found"
	e2e_n=$((e2e_n + 1))
fi

# --- the systemd unit -----------------------------------------------------------------
if command -v systemd-analyze > /dev/null 2>&1; then
	sed "s|@bindir@|$(dirname "$SIGFTRACE")|g" "$SRC/packaging/systemd/sigftrace.service.in" \
		> "$T/sigftrace.service"
	systemd-analyze verify --man=no "$T/sigftrace.service" > "$T/out" 2> "$T/err"
	[ $? = 0 ] && [ ! -s "$T/err" ] && [ ! -s "$T/out" ]
	ok "systemd-analyze verify finds nothing to say about sigftrace.service" $?
	sed 's/^ProtectSystem=strict/ProtectSystem=stricter/' "$T/sigftrace.service" > "$T/bad.service"
	systemd-analyze verify --man=no "$T/bad.service" > "$T/out" 2> "$T/err"
	grep -q 'ProtectSystem\|protect system' "$T/err"
	ok "(and it would: a bad value is reported)" $?
else
	[ -n "${CI:-}" ] && e2e_bail "systemd-analyze not found (CI must not skip: install systemd)"
	echo "ok $((e2e_n + 1)) # SKIP systemd-analyze not found"
	e2e_n=$((e2e_n + 1))
fi
(
	. "$SRC/packaging/systemd/sigftrace.default"
	[ -n "$SIGFTRACE_STREAM_OPTS" ]
)
ok "/etc/default/sigftrace is shell and sets SIGFTRACE_STREAM_OPTS" $?
grep -q '^ExecStart=@bindir@/sigftrace stream --reclaim --quiet $SIGFTRACE_STREAM_OPTS$' \
	"$SRC/packaging/systemd/sigftrace.service.in" &&
	grep -q '^EnvironmentFile=-/etc/default/sigftrace$' "$SRC/packaging/systemd/sigftrace.service.in"
ok "the unit reads that variable from that file" $?

D=$T/dest
run make -s -C "$SRC" install-service DESTDIR="$D" prefix=/usr
[ "$rc" = 0 ] && grep -qx 'ExecStart=/usr/bin/sigftrace stream --reclaim --quiet $SIGFTRACE_STREAM_OPTS' \
	"$D/usr/lib/systemd/system/sigftrace.service" &&
	cmp -s "$SRC/packaging/systemd/sigftrace.default" "$D/etc/default/sigftrace"
ok "make install-service prefix=/usr: the unit runs /usr/bin/sigftrace, the default file is there" $?
echo 'SIGFTRACE_STREAM_OPTS="--mine"' > "$D/etc/default/sigftrace"
run make -s -C "$SRC" install-service DESTDIR="$D" prefix=/usr
[ "$rc" = 0 ] && grep -qx 'SIGFTRACE_STREAM_OPTS="--mine"' "$D/etc/default/sigftrace"
ok "installing again keeps the admin's /etc/default/sigftrace" $?
run make -s -C "$SRC" install-service DESTDIR="$D/local"
grep -qx 'ExecStart=/usr/local/bin/sigftrace stream --reclaim --quiet $SIGFTRACE_STREAM_OPTS' \
	"$D/local/usr/local/lib/systemd/system/sigftrace.service"
ok "the default prefix puts the unit where systemd reads local units" $?

make -n -s -C "$SRC" O="$T/o" install DESTDIR=/DEST prefix=/usr NO_DOC=1 > "$T/out" 2>&1
grep -q '/DEST/usr/lib/systemd/system/sigftrace.service' "$T/out" &&
	grep -q '/DEST/etc/default/sigftrace' "$T/out"
ok "make install installs the service too (dry run)" $?
make -n -s -C "$SRC" O="$T/o" install DESTDIR=/DEST prefix=/usr NO_DOC=1 NO_SERVICE=1 > "$T/out" 2>&1
! grep -q 'systemd/system/sigftrace.service' "$T/out"
ok "NO_SERVICE=1 leaves it out (Buildroot, OpenWrt: their own)" $?
grep -q './files/sigftrace.init $(1)/etc/init.d/sigftrace' "$SRC/packaging/openwrt/sigftrace/Makefile" &&
	grep -q './files/sigftrace.config $(1)/etc/config/sigftrace' "$SRC/packaging/openwrt/sigftrace/Makefile"
ok "the OpenWrt package installs the init script and its UCI config" $?

# --- the OpenWrt init script ------------------------------------------------------------
# OpenWrt's functions (config_*, procd_*) are not here: the script's start_service()
# runs with stand-ins that read the values below and print the instance's command
# line, so what is checked is the script's own mapping of UCI options to stream's.
procd_cmdline()
{
	(
		# shellcheck disable=SC2317 # stand-ins called by the init script
		config_load() { :; }
		config_get_bool() { eval "$1=\${uci_$3:-$4}"; }
		config_get() { eval "$1=\${uci_$3:-}"; }
		config_list_foreach() { for v in $uci_signal; do "$3" "$v"; done; }
		procd_open_instance() { cmd=; }
		procd_set_param() {
			[ "$1" = command ] || return 0
			shift
			cmd="$*"
		}
		procd_append_param() {
			shift
			cmd="$cmd $*"
		}
		procd_close_instance() { echo "$cmd"; }
		. "$SRC/packaging/openwrt/sigftrace/files/sigftrace.init"
		PROG=true start_service > /dev/null
		PROG=/usr/bin/sigftrace
		start_service
	)
}
[ "$(uci_syslog=/dev/log procd_cmdline)" = "/usr/bin/sigftrace stream --reclaim --quiet --syslog=/dev/log" ]
ok "init script: the default config streams to logd" $?
got=$(uci_syslog=udp:192.0.2.1:514 uci_syslog_format=5424 uci_metrics=/tmp/s.prom \
	uci_signal="KILL TERM" uci_receiver=dnsmasq uci_extra="--failed --all" procd_cmdline)
[ "$got" = "/usr/bin/sigftrace stream --reclaim --quiet --syslog=udp:192.0.2.1:514 --syslog-format=5424 --metrics /tmp/s.prom -s KILL -s TERM --receiver dnsmasq --failed --all" ]
ok "init script: every UCI option becomes its stream option ($got)" $?
[ -z "$(uci_enabled=0 uci_syslog=/dev/log procd_cmdline)" ]
ok "init script: enabled 0 starts nothing" $?
e2e_done
