#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# filters.t - every filter kind, applied in the kernel by record and in user
# space by report, selects exactly the same scenario lines.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

# one full recording to filter in user space
run "$SIGFTRACE" record --all --instance "$E2E_PREFIX-full" -o "$T/full.dat" -- "$SCENARIO" --expect "$T/exp"
ok "full recording" "$rc"
cat "$T/exp" "$T/exp.chld" > "$T/exp.all"

# Other scenarios may run on the machine while a recording is made (the
# kernel records every process): a run's lines are those that name one of
# the pids or tids its expected lines name.
# own_pids EXPECTED...: those pids and tids, one a line
own_pids()
{
	cat "$@" | grep -oE '[ /][0-9]+' | tr -d ' /' | sort -u
}
# own PIDS: the lines of stdin that name a pid or tid of the file PIDS
own()
{
	awk 'NR == FNR { own[$1]; next }
		{ n = split($0, w, /[ \/()]+/); for (i = 1; i <= n; i++) if (w[i] in own) { print; next } }' "$1" -
}
own_pids "$T/exp.all" > "$T/pids.full"

# scen_lines FILE PIDS: the scenario's lines (sc-* tasks) of a report that
# name its pids, without timestamps
scen_lines()
{
	strip_ts "$1" | grep -e '(sc-' | own "$2" | sort
}

# expect_filter NAME AWK-CONDITION FILTER-ARGS...: the expected lines are those
# of the scenario matching the awk condition; a kernel-filtered recording and
# a user-space filtered report must both give exactly them.
n=0
expect_filter()
{
	name=$1
	cond=$2
	shift 2
	n=$((n + 1))
	run "$SIGFTRACE" record --all --instance "$E2E_PREFIX-f$n" -o "$T/f$n.dat" "$@" -- "$SCENARIO" --expect "$T/e$n"
	ok "record $name" "$rc"
	cat "$T/e$n" "$T/e$n.chld" | awk "$cond" | sort > "$T/want$n"
	own_pids "$T/e$n" "$T/e$n.chld" > "$T/pids$n"
	"$SIGFTRACE" report --all -i "$T/f$n.dat" > "$T/r$n" 2>&1
	scen_lines "$T/r$n" "$T/pids$n" > "$T/got$n"
	[ -s "$T/want$n" ] && contains_all "$T/want$n" "$T/got$n" && [ "$(wc -l < "$T/got$n")" = "$(wc -l < "$T/want$n")" ] ||
		{ diff "$T/want$n" "$T/got$n" | head -10 | sed 's/^/# /'; false; }
	ok "kernel filter $name keeps exactly the expected lines" $?
	"$SIGFTRACE" report --all -i "$T/full.dat" "$@" > "$T/u$n" 2>&1
	awk "$cond" "$T/exp.all" | sort > "$T/uwant$n"
	scen_lines "$T/u$n" "$T/pids.full" > "$T/ugot$n"
	contains_all "$T/uwant$n" "$T/ugot$n" && [ "$(wc -l < "$T/ugot$n")" = "$(wc -l < "$T/uwant$n")" ] ||
		{ diff "$T/uwant$n" "$T/ugot$n" | head -10 | sed 's/^/# /'; false; }
	ok "report $name selects the same lines in user space" $?
}

expect_filter "-s USR2,RTMIN+3" '/--\[SIGUSR2\]-->|--\[SIGRTMIN\+3\]-->/' -s USR2,RTMIN+3
expect_filter "-x USR1,CHLD" '!/--\[SIGUSR1\]-->|--\[SIGCHLD\]-->/' -x USR1,CHLD
expect_filter "--sender sc-killer" '/^\(sc-killer /' --sender sc-killer
expect_filter "--sender 'sc-pipe*' (glob)" '/^\(sc-pipe/' --sender 'sc-pipe*'
expect_filter "--receiver sc-stubborn" '/--> \(sc-stubborn /' --receiver sc-stubborn
expect_filter "--failed" '/ (ignored|pending)( thread)?( (of|by|in) [^ ]+)*$/' --failed
expect_filter "--origin tkill,fault" '/ tkill | fault /' --origin tkill,fault
expect_filter "-f 'sig == 13' (raw)" '/--\[SIGPIPE\]-->/' -f 'sig == 13'
# processes: a name is the process's or a thread's; the kernel cannot select
# either, sigftrace does (record: before it writes the file)
expect_filter "--sender sc-tproc (a process whose worker thread sends)" '/^\(sc-tproc /' --sender sc-tproc
expect_filter "--sender sc-tworker (a thread's name)" '/ by sc-tworker\//' --sender sc-tworker
expect_filter "--receiver sc-wproc (the process of the receiving thread)" '/ of sc-wproc\//' --receiver sc-wproc

# -p PID: either side; the victim's pid is known before the recording starts
sleep 30 &
victim=$!
e2e_pids="$victim"
run "$SIGFTRACE" record --instance "$E2E_PREFIX-p" -o "$T/p.dat" -p "$victim" -- sh -c "kill -USR2 $victim; kill -WINCH \$\$"
"$SIGFTRACE" report -i "$T/p.dat" > "$T/out" 2>&1
strip_ts "$T/out" > "$T/lines"
grep -Eq "^\(sh [0-9]+\) --\[SIGUSR2\]--> \(sleep $victim\)$" "$T/lines" && [ "$(wc -l < "$T/lines")" = 1 ]
ok "-p PID keeps only the signals from or to PID" $?
"$SIGFTRACE" report -i "$T/p.dat" -p 1 > "$T/out" 2>&1
[ ! -s "$T/out" ]
ok "report -p with another pid shows nothing" $?
kill "$victim" 2>/dev/null

# -f: one grammar (the kernel's) in record (the kernel evaluates it) and in
# report (sigftrace evaluates it): the same scenario lines, pids aside
norm()
{
	sed -E 's/^[0-9]+\.[0-9]+ //; s/ [0-9]+\)/)/g; s@/[0-9]+@/@g' "$@" | sort
}
cat "$T/exp" "$T/exp.chld" | norm > "$T/certain.full"
g=0
same_lines()
{
	g=$((g + 1))
	want_some=true
	if [ "$1" = --none ]; then
		want_some=false
		shift
	fi
	as=
	if [ "$1" = --as ]; then
		as=$2
		shift 2
	fi
	run "$SIGFTRACE" record --all --instance "$E2E_PREFIX-g$g" -o "$T/g$g.dat" "$@" -- "$SCENARIO" --expect "$T/ge$g"
	cat "$T/ge$g" "$T/ge$g.chld" | norm > "$T/certain$g"
	own_pids "$T/ge$g" "$T/ge$g.chld" > "$T/gpids$g"
	"$SIGFTRACE" report --all -i "$T/g$g.dat" | own "$T/gpids$g" | norm | grep -Fx -f "$T/certain$g" > "$T/gk$g"
	"$SIGFTRACE" report --all -i "$T/full.dat" "$@" | own "$T/pids.full" | norm | grep -Fx -f "$T/certain.full" > "$T/gu$g"
	[ "$rc" = 0 ] && { [ -s "$T/gk$g" ] || ! $want_some; } && cmp -s "$T/gk$g" "$T/gu$g" ||
		{ diff "$T/gk$g" "$T/gu$g" | head -10 | sed 's/^/# /'; false; }
	ok "${as:-$*} selects the same lines in the kernel and in report ($(wc -l < "$T/gk$g"))" $?
}
same_lines -f 'comm ~ "sc-vic*"'
same_lines -f 'COMM ~ "sc-k*" || comm ~ "*[b]born"'
same_lines -f 'sig == 12 || sig == 10' -f 'comm ~ "sc-vic*"'
same_lines -f '!(sig == 17) && (code < 0 || result & 3)'
# the kernel's "*suffix" on a char array never matches a shorter comm: nor here
same_lines --none -f 'comm ~ "*tim"'
# as deep as the kernel takes (it flips a flag per '!' and bounds only the
# length): 601 negations, 1,500 parentheses, 3.6 kB
deep=$(printf '!%.0s' $(seq 601))$(printf '(%.0s' $(seq 1500))'sig == 17'$(printf ')%.0s' $(seq 1500))
same_lines --as "-f '!x601 (x1500 sig == 17 )x1500'" -f "$deep"

# -f errors: the same one line from record and from report, never a crash
for expr in 'sig ==' 'comm == ' '(sig == ' 'sig == 1 &&' 'comm =~ "x"' 'sig == 1 ||' \
	'bogus == 1' 'comm == 12'; do
	run "$SIGFTRACE" record --instance "$E2E_PREFIX-e" -o "$T/e.dat" -f "$expr" -- true
	rerr=$(head -n 1 "$T/err" | sed 's/^sigftrace record: //')
	rrc=$rc
	run "$SIGFTRACE" report -i "$T/full.dat" -f "$expr"
	uerr=$(head -n 1 "$T/err" | sed 's/^sigftrace report: //')
	[ "$rrc" = 1 ] && [ "$rc" = 1 ] && [ "$rerr" = "$uerr" ] &&
		echo "$rerr" | grep -q "^cannot apply filter \"$(printf '%s' "$expr" | sed 's/[][\\.*^$]/\\&/g')\" to signal:signal_generate: " ||
		echo "# record: $rrc $rerr" "# report: $rc $uerr"
	ok "-f '$expr': record and report refuse it alike ($uerr)" $?
done

# -p PID is the process: a signal its worker thread sends is selected; the
# pid is known before the recording starts (the scenario waits, stopped)
sh -c 'kill -STOP $$; exec "$0" --expect "$1" mthread' "$SCENARIO" "$T/mexp" &
mpid=$!
e2e_pids="$e2e_pids $mpid"
i=0
while [ "$(awk '{ print $3 }' "/proc/$mpid/stat" 2>/dev/null)" != T ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
run "$SIGFTRACE" record --instance "$E2E_PREFIX-mp" -o "$T/mp.dat" -p "$mpid" -- \
	sh -c "kill -CONT $mpid; i=0; while [ ! -s $T/mexp ] && [ \$i -lt 400 ]; do sleep 0.05; i=\$((i + 1)); done"
wait "$mpid"
"$SIGFTRACE" report -i "$T/mp.dat" > "$T/out" 2>&1
strip_ts "$T/out" > "$T/lines"
[ -s "$T/mexp" ] && contains_all "$T/mexp" "$T/lines"
ok "record -p PID keeps what a worker thread of PID sent: $(cat "$T/mexp")" $?
# in user space, the same process, its thread, its worker thread
tproc=$(sed -n 's/^(sc-tproc \([0-9]*\)).*/\1/p' "$T/exp" | head -n 1)
tworker=$(sed -n 's/^(sc-tproc .* by sc-tworker\/\([0-9]*\)$/\1/p' "$T/exp")
"$SIGFTRACE" report --all -i "$T/full.dat" -p "$tproc" > "$T/out" 2>&1
grep -q "by sc-tworker/$tworker\$" "$T/out" && grep -q 'SIGCHLD' "$T/out"
ok "report -p PID: the signals of the process, its worker thread's too" $?
"$SIGFTRACE" report --all -i "$T/full.dat" --sender "$tproc" > "$T/out" 2>&1
grep -q "by sc-tworker/$tworker\$" "$T/out"
ok "report --sender PID: its worker thread's signal" $?
"$SIGFTRACE" report --all -i "$T/full.dat" --tid "$tworker" > "$T/out" 2>&1
[ "$(wc -l < "$T/out")" = 1 ] && grep -q "by sc-tworker/$tworker\$" "$T/out"
ok "report --tid TID: only that thread's" $?

# a filter the kernel rejects: its own error message, exit 1, nothing left behind
run "$SIGFTRACE" record --instance "$E2E_PREFIX-bad" -o "$T/bad.dat" -f 'bogus == 1' -- true
[ "$rc" = 1 ] && grep -Eq '^sigftrace record: cannot apply filter ".*bogus == 1.*" to signal:signal_generate: Field not found' "$T/err"
ok "a rejected filter prints the kernel's error_log message" $?
[ ! -e "$T/bad.dat" ]
ok "and writes no file" $?
run "$SIGFTRACE" report -i "$T/full.dat" -f 'bogus == 1'
[ "$rc" = 1 ] && grep -q 'cannot apply filter "bogus == 1" to signal:signal_generate' "$T/err"
ok "report rejects the same filter" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
