#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# attrib.t - who is behind a signal (issue 12), with real processes and real
# cgroups: /bin/kill run by sh run by a named parent signals a process that
# was moved into <x>.slice/victim.service on the cgroup2 hierarchy after the
# recording began. record -> report and stream must both give the sender's
# program, its parents (the named one among them), and the receiver's cgroup
# and unit; --unit and --cgroup select by them.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

# the cgroup2 hierarchy: /sys/fs/cgroup itself, or "unified" on hybrid systems
CG2=
for d in /sys/fs/cgroup /sys/fs/cgroup/unified; do
	if [ "$(stat -f -c %T "$d" 2> /dev/null)" = cgroup2fs ]; then
		CG2=$d
		break
	fi
done
if [ -z "$CG2" ]; then
	[ -n "${CI:-}" ] && e2e_bail "no cgroup2 hierarchy mounted"
	echo "1..0 # SKIP no cgroup2 hierarchy mounted"
	exit 0
fi
slice="$E2E_PREFIX.slice"
CGD="$CG2/$slice"
cg_cleanup()
{
	# the processes in it are ours and killed by then; move any left to the root
	if [ -d "$CGD/victim.service" ]; then
		for p in $(cat "$CGD/victim.service/cgroup.procs" 2> /dev/null); do
			echo "$p" > "$CG2/cgroup.procs" 2> /dev/null
		done
		rmdir "$CGD/victim.service"
	fi
	[ -d "$CGD" ] && rmdir "$CGD"
}
e2e_hooks="$e2e_hooks cg_cleanup"
mkdir -p "$CGD/victim.service" || e2e_bail "cannot create $CGD/victim.service"

# sft-grandpa: moves the victim into the unit, then has sh run /bin/kill
cat > "$T/sft-grandpa" << EOF
#!/bin/sh
echo "\$1" > "$CGD/victim.service/cgroup.procs" || exit 1
sleep 0.2
sh -c "/bin/kill -USR1 \$1; true"
sleep 0.2
EOF
chmod +x "$T/sft-grandpa"
sleep 60 &
victim=$!
e2e_pids="$victim"

run "$SIGFTRACE" record --instance "$E2E_PREFIX-h12-rec" -o "$T/a.dat" -s USR1 -- "$T/sft-grandpa" "$victim"
ok "record while sft-grandpa has sh run /bin/kill" "$rc"
wait "$victim" 2> /dev/null

check_json()
{
	# $1: what, $2: the JSON lines
	jq -e -s --arg v "$victim" --arg cg "/$slice/victim.service" '
		[.[] | select(.event == "generate" and .signal.name == "SIGUSR1" and
			      .receiver.pid == ($v | tonumber))] | length == 1 and
		(.[0] | .sender.comm == "kill" and (.sender.exe | endswith("/kill")) and
			.sender.ancestors[0].comm == "sh" and
			any(.sender.ancestors[]; .comm == "sft-grandpa") and
			.sender.attribution == "trace" and
			.receiver.cgroup == $cg and .receiver.unit == "victim.service")' \
		"$2" > /dev/null
	ok "$1: sender kill, exe .../kill, ancestors sh < sft-grandpa, receiver cgroup and unit victim.service" $?
}

run "$SIGFTRACE" report -i "$T/a.dat" --format json
check_json "report --format json" "$T/out"

run "$SIGFTRACE" report -i "$T/a.dat" -A --units -s USR1
line=$(strip_ts "$T/out" | grep -F -- "--[SIGUSR1]--> (sleep $victim)")
echo "$line" | grep -Eq "^\(kill [0-9]+\) --\[SIGUSR1\]--> \(sleep $victim\) by \(kill [0-9]+ < sh [0-9]+ < sft-grandpa [0-9]+ < [^ ]+ [0-9]+\) /[^ ]*/kill units \([^ ]+ -> victim\.service\)$"
ok "report -A --units: the chain of three parents, the program and the receiver's unit" $?

run "$SIGFTRACE" report -i "$T/a.dat" -A1 -s USR1
strip_ts "$T/out" | grep -Eq "by \(kill [0-9]+ < sh [0-9]+\) /[^ ]*/kill$"
ok "report -A1: one parent" $?

run "$SIGFTRACE" report -i "$T/a.dat" --unit 'victim.*' -s USR1
[ "$rc" = 0 ] && [ "$(grep -c -- "--\[SIGUSR1\]--> (sleep $victim)" "$T/out")" = 1 ]
ok "report --unit 'victim.*' selects the signal to the unit" $?
run "$SIGFTRACE" report -i "$T/a.dat" --unit 'nosuch.service' -s USR1
[ "$rc" = 0 ] && ! grep -q -- "--\[SIGUSR1\]--> (sleep $victim)" "$T/out"
ok "report --unit nosuch.service leaves it out" $?
run "$SIGFTRACE" report -i "$T/a.dat" --cgroup "/$slice/*" -s USR1
[ "$rc" = 0 ] && [ "$(grep -c -- "--\[SIGUSR1\]--> (sleep $victim)" "$T/out")" = 1 ]
ok "report --cgroup '/$slice/*' selects it" $?

run "$SIGFTRACE" report -i "$T/a.dat" --summary --by unit -s USR1
grep -Eq '^ +1 +[^ ]+ +SIGUSR1 +victim\.service +1 delivered' "$T/out"
ok "report --summary --by unit: a row for the signal to victim.service" $?
run "$SIGFTRACE" report -i "$T/a.dat" --by unit
[ "$rc" = 2 ] && grep -q -- "--by works with --summary" "$T/err"
ok "--by without --summary is a usage error" $?

# the user-space filter of record: only the unit's signals go into the file
sleep 60 &
victim=$!
e2e_pids="$victim"
run "$SIGFTRACE" record --instance "$E2E_PREFIX-h12-unit" -o "$T/u.dat" --unit victim.service -s USR1 -- "$T/sft-grandpa" "$victim"
wait "$victim" 2> /dev/null
run "$SIGFTRACE" report -i "$T/u.dat" --format json
check_json "record --unit victim.service" "$T/out"

# stream: the same answer live
sleep 60 &
victim=$!
e2e_pids="$victim"
run "$SIGFTRACE" stream --instance "$E2E_PREFIX-h12-str" --format json -s USR1 -- "$T/sft-grandpa" "$victim"
wait "$victim" 2> /dev/null
check_json "stream --format json" "$T/out"

# stream --unit: only the signal to the unit (the sleeps of this test are elsewhere)
sleep 60 &
other=$!
sleep 60 &
victim=$!
e2e_pids="$victim $other"
cat > "$T/two" << EOF
#!/bin/sh
kill -USR1 $other
"$T/sft-grandpa" $victim
EOF
chmod +x "$T/two"
run "$SIGFTRACE" stream --instance "$E2E_PREFIX-h12-stru" --units --unit victim.service -s USR1 -- "$T/two"
wait "$victim" "$other" 2> /dev/null
[ "$(grep -c -- "--\[SIGUSR1\]-->" "$T/out")" = 1 ] &&
	grep -q -- "--\[SIGUSR1\]--> (sleep $victim) units ([^ ]* -> victim.service)$" "$T/out"
ok "stream --unit victim.service --units: only the signal to the unit, and the unit shown" $?

# a process alive before tracing began: its facts come from the /proc snapshot
sleep 60 &
victim=$!
e2e_pids="$victim"
# the sender waits for COMMAND, which starts once tracing has begun, and
# COMMAND (the stream) ends once the sender has sent and ended, gone or a
# zombie (30 s at most: then COMMAND says so and exits 97)
mkfifo "$T/go"
sh -c "read -r go < '$T/go'; exec /bin/kill -USR1 $victim" &
sender=$!
e2e_pids="$e2e_pids $sender"
run "$SIGFTRACE" stream --instance "$E2E_PREFIX-h12-snap" --format json -s USR1 -- \
	sh -c "echo go > '$T/go'; i=0; while s=\$(sed 's/.*) //' /proc/$sender/stat 2> /dev/null | cut -c1); [ -n \"\$s\" ] && [ \"\$s\" != Z ]; do
		[ \$i -ge 600 ] && { echo '# the sender $sender never ended' >&2; exit 97; }
		sleep 0.05; i=\$((i + 1)); done"
[ "$rc" = 0 ] || echo "# stream exit $rc: $(grep '^# ' "$T/err")"
wait "$victim" 2> /dev/null
jq -e -s --arg v "$victim" '[.[] | select(.receiver.pid == ($v | tonumber))] | .[0] |
	.receiver.attribution == "proc-snapshot" and .sender.attribution == "proc-snapshot" and
	(.sender.exe | endswith("/kill")) and .sender.ancestors[0].comm != null' "$T/out" > /dev/null &&
	[ "$rc" = 0 ]
ok "stream: a sender started before tracing is attributed from the /proc snapshot" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
