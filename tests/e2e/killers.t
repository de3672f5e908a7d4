#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# killers.t - the kernel's killers by name (issue 12), each caused for real:
# a seccomp filter's trap (SIGSYS, SYS_SECCOMP), a write beyond RLIMIT_FSIZE
# (SIGXFSZ), RLIMIT_CPU's soft limit (SIGXCPU) then its hard one (SIGKILL),
# a hard limit equal to the soft one (SIGKILL alone),
# and a terminal: a new window size (SIGWINCH) and ^C (SIGINT) on a pty.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init

cat > "$T/killers" << EOF
#!/bin/sh
"$SCENARIO" seccomp
sh -c 'ulimit -f 1; exec dd if=/dev/zero of="$T/big" bs=4096 count=4 2> /dev/null'
sh -c 'trap "" XCPU; ulimit -S -t 1; ulimit -H -t 2; while :; do :; done'
# soft and hard limit equal: the SIGKILL comes with no SIGXCPU before it
"$T/sc-hardcpu" -c 'ulimit -t 1; while :; do :; done'
# script(1) (bsdutils, essential in Debian) runs them on a pty of its own
script -qc 'stty cols 91; stty cols 92' /dev/null < /dev/null > /dev/null
# ^C once sleep runs on the pty (its shell has exec'd it; 30 s at most)
(i=0; until [ "\$(cat "/proc/\$(cat "$T/ttypid" 2> /dev/null)/comm" 2> /dev/null)" = sleep ]; do
	[ \$i -ge 600 ] && { echo "# no sleep on script's pty" >&2; exit 1; }
	sleep 0.05; i=\$((i + 1)); done; printf '\\003') |
	timeout 30 script -qc 'echo \$\$ > "$T/ttypid"; exec sleep 10' /dev/null > /dev/null
true
EOF
chmod +x "$T/killers"
cp /bin/sh "$T/sc-hardcpu"

run "$SIGFTRACE" record --instance "$E2E_PREFIX-h12-kill" -o "$T/k.dat" -s SYS,XFSZ,XCPU,KILL,WINCH,INT -- "$T/killers"
ok "record while the kernel's killers act" "$rc"

run "$SIGFTRACE" report -i "$T/k.dat" --format json
cp "$T/out" "$T/k.json"
# killer COMM SIGNAL ORIGIN: the signal to COMM has ORIGIN in JSON
killer()
{
	jq -e -s --arg c "$1" --arg s "$2" --arg o "$3" \
		'[.[] | select(.receiver.comm == $c and .signal.name == $s)] |
		length >= 1 and all(.[]; .origin == $o)' "$T/k.json" > /dev/null
}
killer sc-seccomp SIGSYS seccomp
ok "JSON: the seccomp filter's SIGSYS has origin seccomp" $?
killer dd SIGXFSZ rlimit-fsize
ok "JSON: the SIGXFSZ of RLIMIT_FSIZE has origin rlimit-fsize" $?
killer sh SIGXCPU rlimit-cpu
ok "JSON: the SIGXCPU of RLIMIT_CPU's soft limit has origin rlimit-cpu" $?
killer sh SIGKILL rlimit-cpu
ok "JSON: the SIGKILL of RLIMIT_CPU's hard limit has origin rlimit-cpu" $?
killer sc-hardcpu SIGKILL rlimit-cpu
ok "JSON: the SIGKILL of RLIMIT_CPU's hard limit without a SIGXCPU first has origin rlimit-cpu" $?

run "$SIGFTRACE" report -i "$T/k.dat" --killed
grep -Eq "\(sc-seccomp [0-9]+\) killed by SIGSYS from \(kernel\) seccomp$" "$T/out"
ok "--killed: seccomp" $?
grep -Eq "\(dd [0-9]+\) killed by SIGXFSZ from \(dd [0-9]+\) rlimit-fsize$" "$T/out"
ok "--killed: rlimit-fsize" $?
grep -Eq "\(sh [0-9]+\) killed by SIGKILL from \(kernel\) rlimit-cpu, did not stop on SIGXCPU \(ignored\)$" "$T/out"
ok "--killed: rlimit-cpu, after the SIGXCPU it ignored" $?
grep -Eq "\(sc-hardcpu [0-9]+\) killed by SIGKILL from \(kernel\) rlimit-cpu$" "$T/out"
ok "--killed: rlimit-cpu at a hard limit equal to the soft one" $?

run "$SIGFTRACE" report -i "$T/k.dat" --summary
# summary SENDER SIGNAL RECEIVER ORIGINS: the row's ORIGINS column
summary()
{
	grep -Eq "^ +[0-9]+  $1 +$2 +$3 .* $4 +[0-9]+\.[0-9]+ +[0-9]+\.[0-9]+$" "$T/out"
}
summary kernel SIGSYS sc-seccomp seccomp
ok "--summary: ORIGINS says seccomp" $?
summary dd SIGXFSZ dd rlimit-fsize
ok "--summary: ORIGINS says rlimit-fsize" $?
summary kernel SIGKILL sh rlimit-cpu
ok "--summary: ORIGINS says rlimit-cpu for the hard limit's SIGKILL" $?
summary kernel SIGINT sleep tty
ok "--summary: ORIGINS says tty" $?

# origins FILE ORIGIN...: FILE's signals are some, and all of these origins
origins()
{
	f=$1
	shift
	jq -e -s --arg o "$*" '[.[] | select(.event == "generate") | .origin] |
		length >= 1 and (unique == ($o | split(" ") | unique))' "$f" > /dev/null
}
run "$SIGFTRACE" report -i "$T/k.dat" --format json --origin seccomp,rlimit-fsize
origins "$T/out" seccomp rlimit-fsize
ok "report --origin seccomp,rlimit-fsize" $?
run "$SIGFTRACE" report -i "$T/k.dat" --format json --origin tty -s KILL,INT,WINCH
origins "$T/out" tty
ok "report --origin tty: not the kernel's SIGKILLs" $?
run "$SIGFTRACE" report -i "$T/k.dat" --format json --origin kernel -s KILL
origins "$T/out" rlimit-cpu
ok "report --origin kernel: still the kernel's killers (their code's origin)" $?
cat > "$T/cpu" << EOF
#!/bin/sh
sh -c 'trap "" XCPU; ulimit -S -t 1; ulimit -H -t 2; while :; do :; done'
script -qc 'stty cols 93' /dev/null < /dev/null > /dev/null
true
EOF
chmod +x "$T/cpu"
run "$SIGFTRACE" record --instance "$E2E_PREFIX-h12-killo" -o "$T/ko.dat" --all --origin rlimit-cpu -- "$T/cpu"
ok "record --origin rlimit-cpu" "$rc"
run "$SIGFTRACE" report -i "$T/ko.dat" --format json --all
jq -e -s '[.[] | select(.event == "generate")] | length >= 2 and all(.[]; .origin == "rlimit-cpu") and
	any(.[]; .signal.name == "SIGKILL") and any(.[]; .signal.name == "SIGXCPU")' "$T/out" > /dev/null
ok "record --origin rlimit-cpu: the file holds SIGXCPU and SIGKILL, not the tty's SIGWINCH" $?
run "$SIGFTRACE" stream --instance "$E2E_PREFIX-h12-kills" --format json --origin tty -- "$T/cpu"
jq -e -s '[.[] | select(.event == "generate")] | length >= 1 and all(.[]; .origin == "tty")' "$T/out" > /dev/null
ok "stream --origin tty: the SIGWINCH, not RLIMIT_CPU's signals" $?

killer stty SIGWINCH tty
ok "JSON: a new window size's SIGWINCH has origin tty" $?
run "$SIGFTRACE" report -i "$T/k.dat" -s INT -A
strip_ts "$T/out" | grep -Eq '^\(kernel\) --\[SIGINT\]--> \(sleep [0-9]+\) kernel .*tty$'
ok "text -A: ^C on a pty is the kernel's SIGINT, named tty" $?
run "$SIGFTRACE" report -i "$T/k.dat" -s INT
strip_ts "$T/out" | grep -Eq '^\(kernel\) --\[SIGINT\]--> \(sleep [0-9]+\) kernel in [^ ]+$'
ok "text: the default line is the plugin's (kernel ... in TASK)" $?

no_instances_left
ok "no instance left behind" $?
e2e_done
