# SPDX-License-Identifier: GPL-2.0
#
# services.sh - real journald, rsyslogd and node_exporter for the sink tests
# (POSIX sh; sourced after tests/e2e/lib.sh).
#
# Each service is started by the test with its own configuration in the
# test's temporary directory, on 127.0.0.1 and on free ports, and stopped by
# its PID on every exit path (svc_cleanup runs from lib.sh's exit trap): TERM,
# then KILL after 2 s, then the mounts are undone in reverse order.

svc_pids=
svc_mounts=
svc_port_next=$((20000 + $$ % 20000))

# svc_need CMD PACKAGE: skip the test without CMD (fail in CI, where make deps installed it)
svc_need()
{
	command -v "$1" > /dev/null 2>&1 && return 0
	[ -n "${CI:-}" ] && e2e_bail "$1 not found (CI must not skip: install $2)"
	echo "1..0 # SKIP $1 not found (install $2)"
	exit 0
}

# svc_stop PID: TERM, wait up to 2 s, KILL; only a PID this test started
svc_stop()
{
	kill -TERM "$1" 2> /dev/null || return 0
	i=0
	while kill -0 "$1" 2> /dev/null && [ $i -lt 40 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL "$1" 2> /dev/null
	wait "$1" 2> /dev/null
	svc_pids=$(echo " $svc_pids " | sed "s/ $1 / /")
	return 0
}

svc_cleanup()
{
	for p in $svc_pids; do
		svc_stop "$p"
	done
	svc_pids=
	for m in $svc_mounts; do
		umount "$m" 2> /dev/null || umount -l "$m"
	done
	svc_mounts=
}
e2e_hooks="$e2e_hooks svc_cleanup"

# svc_listening PORT: a TCP socket listens on PORT (any address)
svc_listening()
{
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2> /dev/null | awk -v p=":$hex" \
		'$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 } END { exit !f }'
}

# svc_udp_bound PORT: a UDP socket is bound to PORT
svc_udp_bound()
{
	hex=$(printf '%04X' "$1")
	cat /proc/net/udp /proc/net/udp6 2> /dev/null | awk -v p=":$hex" \
		'substr($2, length($2) - 4) == p { f = 1 } END { exit !f }'
}

# svc_free_port: a port nobody uses for TCP or UDP now, in $port
svc_free_port()
{
	while svc_listening "$svc_port_next" || svc_udp_bound "$svc_port_next"; do
		svc_port_next=$((svc_port_next + 1))
	done
	port=$svc_port_next
	svc_port_next=$((svc_port_next + 1))
}

# svc_wait CMD...: until CMD succeeds, 15 s at most
svc_wait()
{
	i=0
	until "$@"; do
		[ $i -ge 300 ] && return 1
		sleep 0.05
		i=$((i + 1))
	done
	return 0
}

# --- journald -----------------------------------------------------------------
# Runs in the test's private mount namespace (the test re-executes itself under
# unshare -m): tmpfs over /run/systemd, /run/log and /var/log/journal, so the
# journal, its sockets and its configuration are the test's alone.

# svc_journal_ns: re-execute the calling test in a private mount namespace
svc_journal_ns()
{
	[ -n "${SVC_IN_NS:-}" ] && return 0
	[ "$(id -u)" = 0 ] || return 0 # e2e_init skips or fails
	svc_need unshare util-linux
	SVC_IN_NS=1 exec unshare -m --propagation private sh "$1"
}

# svc_journald_mount: the test's own /run/systemd, /run/log, /var/log/journal
svc_journald_mount()
{
	for d in /run/systemd /run/log /var/log/journal; do
		[ -d "$d" ] || continue
		mount -t tmpfs -o mode=0755 sft-h14a "$d" || e2e_bail "cannot mount a tmpfs on $d"
		svc_mounts="$d $svc_mounts"
	done
	mkdir -p /run/systemd/journald.conf.d
	cat > /run/systemd/journald.conf.d/zz-sigftrace-test.conf <<-EOF
		[Journal]
		Storage=volatile
		ReadKMSG=no
		ForwardToSyslog=no
		ForwardToWall=no
		ForwardToConsole=no
		RateLimitBurst=0
	EOF
}

svc_journald_start()
{
	# 3>&-: not the write end of a running sinkdrv's command FIFO
	"$JOURNALD" > "$T/journald.log" 2>&1 3>&- &
	journald_pid=$!
	svc_pids="$svc_pids $journald_pid"
	svc_wait test -S /run/systemd/journal/socket || e2e_bail "journald did not start"
}

svc_journald_stop()
{
	svc_stop "$journald_pid"
}

# journal ARGS...: journalctl on the test's journal, JSON, long fields in full
journal()
{
	journalctl -D /run/log/journal -o json --all "$@" 2> /dev/null
}

# --- rsyslogd -------------------------------------------------------------------
# imuxsock on two private sockets: $T/5424.sock with the regular parser chain
# (RFC 5424), $T/devlog.sock with the special parser every /dev/log has;
# imudp and imtcp on 127.0.0.1:$rs_port. One line per message in $T/rs.out:
# input|pri|host|app|procid|msgid|structured data|msg|raw message

svc_rsyslog_conf()
{
	mkdir -p "$T/rs"
	cat > "$T/rs.conf" <<-EOF
		global(workDirectory="$T/rs" maxMessageSize="64k")
		module(load="imuxsock" SysSock.Use="off")
		input(type="imuxsock" Socket="$T/5424.sock" UseSpecialParser="off" ParseHostname="on")
		input(type="imuxsock" Socket="$T/devlog.sock")
		module(load="imudp")
		input(type="imudp" address="127.0.0.1" port="$rs_port")
		module(load="imtcp")
		input(type="imtcp" address="127.0.0.1" port="$rs_port")
		template(name="fields" type="string" string="%inputname%|%pri%|%hostname%|%app-name%|%procid%|%msgid%|%structured-data%|%msg%|%rawmsg%\n")
		*.* action(type="omfile" file="$T/rs.out" template="fields")
	EOF
}

svc_rsyslog_start()
{
	rm -f "$T/rs.pid"
	rsyslogd -n -f "$T/rs.conf" -i "$T/rs.pid" > "$T/rsyslogd.log" 2>&1 3>&- &
	rsyslog_pid=$!
	svc_pids="$svc_pids $rsyslog_pid"
	svc_wait svc_listening "$rs_port" || e2e_bail "rsyslogd did not start: $(cat "$T/rsyslogd.log")"
	svc_wait test -S "$T/devlog.sock" || e2e_bail "rsyslogd made no socket"
}

svc_rsyslog_stop()
{
	svc_stop "$rsyslog_pid"
}

# --- node_exporter --------------------------------------------------------------

svc_node_exporter_start()
{
	svc_free_port
	ne_port=$port
	prometheus-node-exporter --collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$1" --web.listen-address="127.0.0.1:$ne_port" \
		> "$T/node_exporter.log" 2>&1 3>&- &
	ne_pid=$!
	svc_pids="$svc_pids $ne_pid"
	svc_wait svc_listening "$ne_port" || e2e_bail "node_exporter did not start"
}

# --- sinkdrv in the background, driven through a FIFO -----------------------------

# drv_start NAME ARGS...: sinkdrv ARGS reading $T/NAME.cmd; output in $T/NAME.out, .err
drv_start()
{
	drv=$1
	shift
	rm -f "$T/$drv.cmd"
	mkfifo "$T/$drv.cmd"
	"$SINKDRV" "$@" < "$T/$drv.cmd" > "$T/$drv.out" 2> "$T/$drv.err" &
	drv_pid=$!
	svc_pids="$svc_pids $drv_pid"
	exec 3> "$T/$drv.cmd"
}

# drv LINE...: send commands to the running sinkdrv
drv()
{
	for l in "$@"; do
		printf '%s\n' "$l" >&3
	done
}

# drv_answers: how many sync commands sinkdrv has answered
drv_answers()
{
	grep -c -e '^synced$' -e '^pending ' "$T/$drv.out"
}

drv_answered()
{
	[ "$(drv_answers)" -gt "$drv_asked" ]
}

# drv_sync MS: "sync MS" and wait for its answer; true if it said "synced"
drv_sync()
{
	drv_asked=$(drv_answers)
	drv "sync $1"
	svc_wait drv_answered || return 1
	[ "$(grep -e '^synced$' -e '^pending ' "$T/$drv.out" | tail -n 1)" = synced ]
}

# drv_end: end of input; wait for sinkdrv to close its sinks and exit
drv_end()
{
	exec 3>&-
	wait "$drv_pid"
	drv_rc=$?
	svc_pids=$(echo " $svc_pids " | sed "s/ $drv_pid / /")
	return $drv_rc
}
