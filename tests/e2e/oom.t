#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# oom.t - the OOM killer by name (issue 12): a real OOM kill in a memory
# cgroup limited to 32 MiB (cgroup2's memory.max, or the v1 memory
# controller's memory.limit_in_bytes on hybrid systems). The kernel's
# SIGKILL to the victim has origin "oom" in JSON, "oom-kill" with the memory
# cgroup in text and in --killed, in record -> report and in stream.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

grp="$E2E_PREFIX-oom"
MEM=
if [ -f /sys/fs/cgroup/cgroup.controllers ] &&
	grep -qw memory /sys/fs/cgroup/cgroup.controllers; then
	# cgroup2 with the memory controller
	MEM=/sys/fs/cgroup/$grp
	mkdir "$MEM" || e2e_bail "cannot create $MEM"
	echo 33554432 > "$MEM/memory.max" || e2e_bail "cannot limit $MEM"
	echo 0 > "$MEM/memory.swap.max" 2> /dev/null
elif [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
	MEM=/sys/fs/cgroup/memory/$grp
	mkdir "$MEM" || e2e_bail "cannot create $MEM"
	echo 33554432 > "$MEM/memory.limit_in_bytes" || e2e_bail "cannot limit $MEM"
	echo 0 > "$MEM/memory.swappiness" 2> /dev/null
else
	[ -n "${CI:-}" ] && e2e_bail "no memory cgroup controller"
	echo "1..0 # SKIP no memory cgroup controller"
	exit 0
fi
mem_cleanup()
{
	# its processes are dead by now (the OOM killer's victims)
	[ -d "$MEM" ] && rmdir "$MEM"
}
e2e_hooks="$e2e_hooks mem_cleanup"

# the hog joins the limited group after recording began, then grows until killed
cat > "$T/hog" << EOF
#!/bin/sh
sh -c 'echo \$\$ > "$MEM/cgroup.procs" && exec tail /dev/zero'
sleep 0.2
EOF
chmod +x "$T/hog"

run "$SIGFTRACE" record --instance "$E2E_PREFIX-h12-oom" -o "$T/o.dat" -- "$T/hog"
ok "record while a hog is OOM-killed in a memory cgroup" "$rc"

run "$SIGFTRACE" report -i "$T/o.dat" --format json -s KILL
jq -e -s --arg cg "/$grp" '[.[] | select(.receiver.comm == "tail" and .signal.name == "SIGKILL")] |
	length == 1 and .[0].origin == "oom" and .[0].sender.kind == "kernel" and
	.[0].receiver.memcg == $cg' "$T/out" > /dev/null
ok "report --format json: the SIGKILL to the hog has origin oom and its memory cgroup" $?

run "$SIGFTRACE" report -i "$T/o.dat" -s KILL
strip_ts "$T/out" | grep -Eq "^\(kernel\) --\[SIGKILL\]--> \(tail [0-9]+\) .*oom-kill memcg /$grp$"
ok "report: the text line says oom-kill and the memory cgroup" $?

run "$SIGFTRACE" report -i "$T/o.dat" --killed
grep -Eq "\(tail [0-9]+\) killed by SIGKILL from \(kernel\) oom-kill memcg /$grp$" "$T/out"
ok "report --killed: the hog was killed by the OOM killer" $?

run "$SIGFTRACE" report -i "$T/o.dat" --summary -s KILL
grep -Eq '^ +1  kernel +SIGKILL +tail .* oom +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+$' "$T/out"
ok "report --summary: ORIGINS says oom" $?

run "$SIGFTRACE" stream --instance "$E2E_PREFIX-h12-ooms" --format json -s KILL -- "$T/hog"
jq -e -s '[.[] | select(.receiver.comm == "tail" and .signal.name == "SIGKILL")] |
	length == 1 and .[0].origin == "oom"' "$T/out" > /dev/null
ok "stream --format json: the same answer live" $?

# --origin oom: the kernel filter keeps every kernel SIGKILL, user space only
# the OOM killer's (the mark that follows it); RLIMIT_CPU's SIGKILL is not
cat > "$T/hog2" << EOF
#!/bin/sh
sh -c 'ulimit -t 1; while :; do :; done'
"$T/hog"
EOF
chmod +x "$T/hog2"
# only_oom FILE: the only signal is the OOM killer's SIGKILL to the hog
only_oom()
{
	jq -e -s '[.[] | select(.event == "generate")] |
		length == 1 and .[0].origin == "oom" and .[0].receiver.comm == "tail"' "$1" > /dev/null
}
run "$SIGFTRACE" record --instance "$E2E_PREFIX-h12-oomo" -o "$T/oo.dat" --origin oom -- "$T/hog2"
ok "record --origin oom" "$rc"
run "$SIGFTRACE" report -i "$T/oo.dat" --format json --all
only_oom "$T/out"
ok "record --origin oom: the file holds the OOM kill, not RLIMIT_CPU's SIGKILL" $?
run "$SIGFTRACE" report -i "$T/o.dat" --format json --origin oom
only_oom "$T/out"
ok "report --origin oom: the OOM kill" $?
run "$SIGFTRACE" report -i "$T/o.dat" --origin oom --summary
grep -Eq '^ +1  kernel +SIGKILL +tail .* oom +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+$' "$T/out"
ok "report --origin oom --summary: its row" $?
run "$SIGFTRACE" stream --instance "$E2E_PREFIX-h12-oomso" --format json --origin oom -- "$T/hog2"
only_oom "$T/out"
ok "stream --origin oom: the OOM kill, not RLIMIT_CPU's SIGKILL" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
