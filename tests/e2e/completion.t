#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# completion.t - completion/sigftrace.bash, sourced by a real bash and driven
# as bash drives it (COMP_WORDS, COMP_CWORD, the function `complete` names),
# with and without bash-completion loaded. Checks real completions, and that
# sigftrace accepts every value the completion offers (signal names,
# machines, formats, colours, origins).
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
src=${SRCTREE:-.}
comp=$src/completion/sigftrace.bash
BC=/usr/share/bash-completion/bash_completion

if ! command -v bash > /dev/null; then
	[ -n "${CI:-}" ] && e2e_bail "no bash (CI must not skip)"
	echo "1..0 # SKIP no bash"
	exit 0
fi
modes=plain
if [ -f "$BC" ]; then
	modes="plain bash-completion"
elif [ -n "${CI:-}" ]; then
	e2e_bail "no $BC (make deps installs bash-completion)"
fi

# complete MODE WORD...: what Tab offers for the command line WORD... (the
# last word is the one being completed), one a line, sorted
complete_words()
{
	mode=$1
	shift
	bash --norc --noprofile -c '
		mode=$1 comp=$2 bc=$3
		shift 3
		if [ "$mode" = bash-completion ]; then
			. "$bc" || exit 1
		fi
		. "$comp" || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		spec=$(complete -p "${1##*/}") || exit 1
		fn=${spec#*-F }
		fn=${fn%% *}
		"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$mode" "$comp" "$BC" "$@" 2> "$T/cerr.all" | sort
	# compopt only works under a real Tab; everything else on stderr is a bug
	grep -v 'compopt: not currently executing completion function' "$T/cerr.all" > "$T/cerr"
}

# expect NAME MODE WANTED WORD...: Tab offers exactly WANTED (space-separated)
expect()
{
	name=$1 mode=$2 want=$3
	shift 3
	got=$(complete_words "$mode" "$@" | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] && [ ! -s "$T/cerr" ]
	r=$?
	[ $r = 0 ] || echo "# got: '$got' want: '$want' $(cat "$T/cerr")"
	ok "$mode: $name" $r
}

# offers NAME MODE WANTED WORD...: Tab offers (at least) every word of WANTED
offers()
{
	name=$1 mode=$2 want=$3
	shift 3
	complete_words "$mode" "$@" > "$T/got"
	missing=
	for w in $want; do
		grep -qxF -e "$w" "$T/got" || missing="$missing $w"
	done
	[ -z "$missing" ] && [ ! -s "$T/cerr" ]
	ok "$mode: $name${missing:+ (missing:$missing)}" $?
}

S=$SIGFTRACE
inst=$E2E_PREFIX-h15comp
mkdir "$TRACEFS/instances/$inst" || e2e_bail "cannot create instance $inst"
: > "$T/trace-h15.dat"
: > "$T/trace-h15.txt"

for m in $modes; do
	expect "sigftrace rec -> record" $m "record" "$S" rec
	offers "sigftrace <Tab> lists every command of --help" $m \
		"record report stream reset bootargs extract persist" "$S" ""
	expect "sigftrace --v -> --version" $m "--version" "$S" --v
	expect "sigftrace record --rec -> --receiver" $m "--receiver" "$S" record --rec
	offers "record -<Tab>: its own and the shared options" $m \
		"-o --output -b --no-deliver --instance -s --signal --failed -h" "$S" record -
	expect "report has no --kmsg" $m "" "$S" report --kms
	expect "stream --kms -> --kmsg" $m "--kmsg" "$S" stream --kms
	expect "record -s SIGUS -> SIGUSR1 SIGUSR2" $m "SIGUSR1 SIGUSR2" "$S" record -s SIGUS
	expect "record --signal TERM,KI -> TERM,KILL" $m "TERM,KILL" "$S" record --signal TERM,KI
	offers "report -x RTMIN+ -> RTMIN+n" $m "RTMIN+1 RTMIN+3 RTMIN+32" "$S" report -x RTMIN+
	expect "report --arch mips6 -> mips64 mips64el" $m "mips64 mips64el" "$S" report --arch mips6
	expect "bootargs --arch=par (split at =) -> parisc parisc64" $m "parisc parisc64" \
		"$S" bootargs --arch = par
	expect "report --format <Tab>" $m "default json seed" "$S" report --format ""
	expect "report --format=js -> json" $m "json" "$S" report --format = js
	expect "report --color a -> always auto" $m "always auto" "$S" report --color a
	expect "record --file-version <Tab>" $m "6 7" "$S" record --file-version ""
	expect "record --origin kill,tk -> kill,tkill" $m "kill,tkill" "$S" record --origin kill,tk
	expect "record --origin kill,rlimit-c -> kill,rlimit-cpu" $m "kill,rlimit-cpu" "$S" record --origin kill,rlimit-c
	expect "report -i FILE: files" $m "$T/trace-h15.dat $T/trace-h15.txt" "$S" report -i "$T/trace-h"
	expect "record -o FILE: files" $m "$T/trace-h15.dat" "$S" record -o "$T/trace-h15.d"
	expect "extract --instance: live instances" $m "$inst" "$S" extract --instance "$inst"
	expect "record --instance: no existing names (it needs a new one)" $m "" \
		"$S" record --instance "$inst"
	expect "record -b: a number, nothing to offer" $m "" "$S" record -b ""
	expect "stream --syslog-format <Tab>" $m "3164 5424 auto" "$S" stream --syslog-format ""
	expect "record --on-signal SIGSE -> SIGSEGV" $m "SIGSEGV" "$S" record --on-signal SIGSE
	expect "stream --metrics FILE: files" $m "$T/trace-h15.dat" "$S" stream --metrics "$T/trace-h15.d"
	expect "stream --re<Tab>: --receiver --reclaim" $m "--receiver --reclaim" "$S" stream --re
	expect "stream --sys<Tab>: --syslog --syslog-format" $m "--syslog --syslog-format" "$S" stream --sys
	offers "record -- COMMAND: commands" $m "sleep" "$S" record -o x.dat -- slee
	expect "sigftrace-hooks install pe -> persist" $m "persist" "$src/scripts/sigftrace-hooks" install pe
	expect "sigftrace-hooks install persist sy -> systemd" $m "systemd" \
		"$src/scripts/sigftrace-hooks" install persist sy
	expect "sigftrace-bootsetup add g -> grub (from Targets:)" $m "grub" \
		"$src/scripts/sigftrace-bootsetup" add g
	expect "sigftrace-bootsetup --root /x add <Tab>" $m "grub openwrt rpi uboot" \
		"$src/scripts/sigftrace-bootsetup" --root /x add ""
	expect "sigftrace-bootsetup add grub --no -> --no-update" $m "--no-update" \
		"$src/scripts/sigftrace-bootsetup" add grub --no
done
rmdir "$TRACEFS/instances/$inst"

# every value the completion offers is one sigftrace takes
bad=
for w in $(complete_words plain "$S" record -s "") $(complete_words plain "$S" record -s SIG) \
	$(complete_words plain "$S" record -s RTMIN+) $(complete_words plain "$S" record -s RTMAX-); do
	"$S" bootargs --kernel 6.6 --bootconfig --arch x86_64 -s "$w" > /dev/null 2>&1 || bad="$bad $w"
done
[ -z "$bad" ]
ok "every signal name offered is accepted by sigftrace -s${bad:+ (refused:$bad)}" $?
bad=
for w in $(complete_words plain "$S" report --arch ""); do
	"$S" bootargs --kernel 6.6 --arch "$w" > /dev/null 2>&1 || bad="$bad $w"
done
[ -z "$bad" ]
ok "every machine offered is accepted by --arch${bad:+ (refused:$bad)}" $?
bad=
for w in $(complete_words plain "$S" record --origin ""); do
	"$S" bootargs --kernel 6.6 --bootconfig --origin "$w" > /dev/null 2>&1 || bad="$bad $w"
done
[ -z "$bad" ]
ok "every origin offered is accepted by --origin${bad:+ (refused:$bad)}" $?
# a usage error exits 2, a missing input file 1: 1 means the value passed
bad=
for w in $(complete_words plain "$S" report --format ""); do
	"$S" report -i "$T/none.dat" --format "$w" > /dev/null 2>&1
	[ $? = 1 ] || bad="$bad --format=$w"
done
for w in $(complete_words plain "$S" report --color ""); do
	"$S" report -i "$T/none.dat" --color "$w" > /dev/null 2>&1
	[ $? = 1 ] || bad="$bad --color=$w"
done
for w in $(complete_words plain "$S" record --file-version ""); do
	"$S" record -o "$T/no-dir/x.dat" --file-version "$w" > /dev/null 2>&1
	[ $? = 1 ] || bad="$bad --file-version=$w"
done
[ -z "$bad" ]
ok "every --format, --color and --file-version value offered is accepted${bad:+ (refused:$bad)}" $?
e2e_done
