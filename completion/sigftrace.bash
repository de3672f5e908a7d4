# SPDX-License-Identifier: GPL-2.0
#
# bash completion for sigftrace(1), sigftrace-bootsetup(8) and sigftrace-hooks(8)
#
# Commands, options and the scripts' actions are read from the program's own
# --help when Tab is pressed, so they always match the sigftrace that runs
# (a sigftrace built from another tree, a newer one in PATH): nothing here
# has to change when an option is added. Only the values of a few options
# are listed here (signal names, machines, formats); tests/e2e/completion.t
# checks that sigftrace accepts every one of them.
#
# Installed as bash-completion's completions/sigftrace, with links for the
# two scripts; works without bash-completion too (then `complete` is enough).

# _sigftrace_prog WORD - the program to ask for --help: WORD as typed (a
# path, ~ expanded), else the one in PATH
_sigftrace_prog()
{
	local p=$1
	[[ $p == \~* ]] && p=$HOME${p#\~}
	if [[ $p == */* ]]; then
		[[ -x $p ]] && printf '%s\n' "$p"
		return
	fi
	type -P "$p"
}

# _sigftrace_opts PROG [CMD] - the option lines of --help, one per option:
# "-o --output =FILE" (all its names, then =ARG if it takes a value; an
# optional value, --syslog[=TARGET], is not one: it needs the "=")
_sigftrace_opts()
{
	"$@" --help 2> /dev/null | awk 'match($0, /^ +-/) && RLENGTH <= 9 {
		line = ""
		n = split($0, w, /[ ,]+/)
		for (i = 1; i <= n; i++) {
			if (w[i] == "")
				continue
			if (w[i] ~ /^--?[A-Za-z0-9][A-Za-z0-9-]*$/) {
				line = line " " w[i]
				continue
			}
			# an optional value (--syslog[=TARGET]): only with "=", not the next word
			if (w[i] ~ /^--[A-Za-z0-9][A-Za-z0-9-]*\[=[A-Z]+\]$/) {
				sub(/\[.*/, "", w[i])
				line = line " " w[i]
				break
			}
			if (w[i] ~ /^"?[A-Z][A-Z0-9.|]*"?$/)
				line = line " =" w[i]
			break
		}
		if (line != "")
			print substr(line, 2)
	}'
}

# _sigftrace_section PROG TITLE [ARGS] - first words of the lines under
# "TITLE:" in --help (commands, targets, hooks)
_sigftrace_section()
{
	local prog=$1 title=$2
	shift 2
	"$prog" "$@" --help 2> /dev/null | awk -v t="$title:" '
		$0 == t { on = 1; next }
		on && /^  [a-z]/ { print $1; next }
		on && !/^ / { on = 0 }'
}

# _sigftrace_list CUR WORDS... - complete the last item of a comma list
_sigftrace_list()
{
	local cur=$1 pre=
	shift
	[[ $cur == *,* ]] && pre=${cur%,*},
	local IFS=$'\n'
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -P "$pre" -W "$*" -- "${cur##*,}"))
	[[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2> /dev/null
}

# the asm-generic names (x86, arm, riscv, ...); sigftrace resolves them with
# the numbering of the machine in question and accepts SIG-less forms
_sigftrace_signals()
{
	local cur=$1 item=${1##*,} n names IFS=$' \t\n'
	names='HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM
		STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO
		PWR SYS RTMIN RTMAX'
	case ${item#SIG} in
	RTMIN+*) names= ; for ((n = 1; n <= 32; n++)); do names+=" RTMIN+$n"; done ;;
	RTMAX-*) names= ; for ((n = 1; n <= 32; n++)); do names+=" RTMAX-$n"; done ;;
	esac
	# shellcheck disable=SC2086
	[[ $item == SIG* ]] && names=$(printf 'SIG%s ' $names)
	# shellcheck disable=SC2086
	_sigftrace_list "$cur" $names
}

_sigftrace_files()
{
	if declare -F _filedir > /dev/null; then
		_filedir "$@"
	else
		local IFS=$'\n'
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

# _sigftrace_value CMD OPT CUR - complete the value of OPT; 1 if OPT takes none
_sigftrace_value()
{
	local cmd=$1 opt=$2 cur=$3 IFS=$'\n' vals
	case $opt in
	-i | --input | -o | --output | --svg | --file | --metrics)
		_sigftrace_files
		;;
	--root)
		_sigftrace_files -d
		;;
	--sigftrace)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -c -- "$cur"))
		;;
	-s | --signal | -x | --exclude | --on-signal)
		_sigftrace_signals "$cur"
		;;
	--syslog-format)
		# shellcheck disable=SC2207
		COMPREPLY=($(IFS=' ' compgen -W 'auto 5424 3164' -- "$cur"))
		;;
	--arch)
		vals='x86_64 i686 aarch64 arm armv7l riscv64 ppc64le powerpc s390x loongarch64
			mips mipsel mips64 mips64el parisc parisc64 alpha sparc sparc64'
		# shellcheck disable=SC2207,SC2086
		COMPREPLY=($(IFS=$' \t\n' compgen -W "$vals" -- "$cur"))
		;;
	--format)
		# shellcheck disable=SC2207
		COMPREPLY=($(IFS=' ' compgen -W 'default seed json' -- "$cur"))
		;;
	--color)
		# shellcheck disable=SC2207
		COMPREPLY=($(IFS=' ' compgen -W 'auto always never' -- "$cur"))
		;;
	--file-version)
		# shellcheck disable=SC2207
		COMPREPLY=($(IFS=' ' compgen -W '7 6' -- "$cur"))
		;;
	--by)
		# shellcheck disable=SC2207
		COMPREPLY=($(IFS=' ' compgen -W 'comm unit' -- "$cur"))
		;;
	--unit)
		# the units of the running system: last .service or .scope of each cgroup
		vals=$(sed -n 's/.*\/\([^/]*\.\(service\|scope\)\)\(\/.*\)\{0,1\}$/\1/p' \
			/proc/[0-9]*/cgroup 2> /dev/null | sort -u)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$vals" -- "$cur"))
		;;
	--origin)
		# shellcheck disable=SC2086
		IFS=' ' _sigftrace_list "$cur" kill tkill sigqueue timer kernel fault child poll \
			sys mesgq asyncio sigio dethread asyncnl other oom seccomp rlimit-cpu rlimit-fsize \
			tty hangup
		;;
	--clock)
		vals=$(tr -d '[]' < /sys/kernel/tracing/trace_clock 2> /dev/null)
		: "${vals:=local global counter uptime perf mono mono_raw boot tai}"
		# shellcheck disable=SC2207,SC2086
		COMPREPLY=($(IFS=$' \t\n' compgen -W "$vals" -- "$cur"))
		;;
	--instance)
		# an existing instance only makes sense where one is read
		case $cmd in
		extract | persist)
			vals=$(cd /sys/kernel/tracing/instances 2> /dev/null && ls -1)
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "$vals" -- "$cur"))
			;;
		esac
		;;
	--sender | --receiver)
		vals=$(cat /proc/[0-9]*/comm 2> /dev/null | sort -u)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$vals" -- "$cur"))
		;;
	-p | --pid)
		vals=$(cd /proc && printf '%s\n' [0-9]*)
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$vals" -- "$cur"))
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# _sigftrace_opt_or_value PROGCMD... - the common part: the value of the
# option before the cursor, or the options themselves; uses cur, prev, cword
_sigftrace_opt_or_value()
{
	local line opt arg
	# --opt=value: bash splits it at '='
	if [[ $cur == = ]]; then
		opt=$prev
		cur=
	elif [[ $prev == = && $cword -ge 2 ]]; then
		opt=${COMP_WORDS[cword - 2]}
	else
		opt=$prev
	fi
	if [[ $opt == -* ]]; then
		while read -r line; do
			arg=${line##* }
			[[ $arg == =* ]] || continue
			if [[ " $line " == *" $opt "* ]]; then
				_sigftrace_value "$cmd" "$opt" "$cur" || COMPREPLY=()
				return 0
			fi
		done <<< "$(_sigftrace_opts "$@")"
	fi
	if [[ $cur == -* ]]; then
		local IFS=$'\n'
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$(_sigftrace_opts "$@" | tr ' ' '\n' | grep -v '^=')" -- "$cur"))
		return 0
	fi
	return 1
}

_sigftrace()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' cword=$COMP_CWORD prog cmd='' i
	[[ $cword -gt 0 ]] && prev=${COMP_WORDS[cword - 1]}
	COMPREPLY=()
	prog=$(_sigftrace_prog "${COMP_WORDS[0]}") || return 0
	[[ -n $prog ]] || return 0

	for ((i = 1; i < cword; i++)); do
		if [[ -z $cmd ]]; then
			[[ ${COMP_WORDS[i]} == -* ]] || cmd=${COMP_WORDS[i]}
		elif [[ ${COMP_WORDS[i]} == -- ]]; then
			# record/stream -- COMMAND ARGS: complete that command
			if declare -F _command_offset > /dev/null; then
				_command_offset $((i + 1))
			else
				local IFS=$'\n'
				# shellcheck disable=SC2207
				[[ $((i + 1)) -eq $cword ]] && COMPREPLY=($(compgen -c -- "$cur"))
			fi
			return 0
		fi
	done
	if [[ -z $cmd ]]; then
		local IFS=$'\n'
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$(_sigftrace_section "$prog" Commands)" -- "$cur"))
		# shellcheck disable=SC2207
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W $'--help\n--version' -- "$cur"))
		return 0
	fi
	_sigftrace_opt_or_value "$prog" "$cmd" || true
}

# the scripts: "usage: NAME a|b|c x|y TARGET [options]"; a placeholder such
# as TARGET takes the first words of the "Targets:" section
_sigftrace_script()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' cword=$COMP_CWORD prog cmd='' i n=0 words
	[[ $cword -gt 0 ]] && prev=${COMP_WORDS[cword - 1]}
	COMPREPLY=()
	prog=$(_sigftrace_prog "${COMP_WORDS[0]}") || return 0
	[[ -n $prog ]] || return 0
	_sigftrace_opt_or_value "$prog" && return 0
	# the position among the words that are not options or their values
	for ((i = 1; i < cword; i++)); do
		case ${COMP_WORDS[i]} in
		--root | --file | --fragment | --sigftrace) ((i++)) ;;
		-*) ;;
		*) ((n++)) ;;
		esac
	done
	words=$("$prog" --help 2> /dev/null | awk -v n=$((n + 3)) 'NR == 1 && $1 == "usage:" {
		w = $n
		if (w ~ /^[a-z][a-z|-]*$/) {
			gsub(/\|/, "\n", w)
			print w
		} else if (w ~ /^[A-Z]+$/) {
			print "section " substr(w, 1, 1) tolower(substr(w, 2)) "s"
		}
	}')
	if [[ $words == "section "* ]]; then
		words=$(_sigftrace_section "$prog" "${words#section }")
	fi
	local IFS=$'\n'
	# shellcheck disable=SC2207
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}

complete -F _sigftrace sigftrace
complete -F _sigftrace_script sigftrace-bootsetup sigftrace-hooks
