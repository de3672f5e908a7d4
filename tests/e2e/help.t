#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# help.t - every command's --help exits 0 on stdout and names every long
# option the command accepts (read from its getopt table in cli/sf-CMD.c),
# and its man page (Documentation/sigftrace-CMD.1.rst) documents exactly the
# options --help lists, both ways; the same for the boot scripts' pages and
# for the plugin's options in sigftrace-plugin(7).
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
src=${SRCTREE:-.}
doc=$src/Documentation

# help_opts FILE: the options of --help output, one a line (-o, --output):
# lines indented at most 8 columns that start with an option
help_opts()
{
	awk 'match($0, /^ +-/) && RLENGTH <= 9 {
		n = split($0, w, /[ ,]+/)
		for (i = 1; i <= n; i++) {
			if (w[i] == "")
				continue
			# an optional argument: --syslog[=TARGET]
			sub(/\[=.*$/, "", w[i])
			if (w[i] !~ /^--?[A-Za-z0-9][A-Za-z0-9-]*$/)
				break
			print w[i]
		}
	}' "$1" | sort -u
}

# rst_opts PAGE: the options of a man page source, one a line: the bold
# **-x**/**--long** words of the definition-list terms that start a line,
# following '.. include::' lines
rst_opts()
{
	awk -v dir="$(dirname "$1")" '
	function scan(f,   line, rest) {
		while ((getline line < f) > 0) {
			if (line ~ /^\.\. include:: /) {
				sub(/^\.\. include:: */, "", line)
				scan(dir "/" line)
				continue
			}
			if (line !~ /^\*\*-/)
				continue
			rest = line
			while (match(rest, /\*\*-[^*]+\*\*/)) {
				print substr(rest, RSTART + 2, RLENGTH - 4)
				rest = substr(rest, RSTART + RLENGTH)
			}
		}
		close(f)
	}
	BEGIN { scan(ARGV[1]); exit }' "$1" | sort -u
}

# same_opts NAME HELP PAGE: the option sets of HELP and PAGE are equal
same_opts()
{
	help_opts "$2" > "$T/h.opts"
	rst_opts "$3" > "$T/m.opts"
	only_help=$(comm -23 "$T/h.opts" "$T/m.opts" | tr '\n' ' ')
	only_man=$(comm -13 "$T/h.opts" "$T/m.opts" | tr '\n' ' ')
	[ -s "$T/h.opts" ] && [ -z "$only_help" ] && [ -z "$only_man" ]
	ok "$1: man page and --help list the same options${only_help:+ (not in $(basename "$3"): $only_help)}${only_man:+ (not in --help: $only_man)}" $?
}

for cmd in record report stream reset bootargs extract persist; do
	run "$SIGFTRACE" "$cmd" --help
	[ "$rc" = 0 ] && [ -s "$T/out" ] && [ ! -s "$T/err" ]
	ok "$cmd --help: exit 0, on stdout" $?
	opts=$(sed -n 's/.*{ "\([a-z-]*\)", \(no\|required\|optional\)_argument.*/\1/p' "$src/cli/sf-$cmd.c")
	if grep -q SF_FILTER_LONGOPTS "$src/cli/sf-$cmd.c"; then
		opts="$opts $(sed -n 's/.*{ "\([a-z-]*\)", \(no\|required\)_argument.*/\1/p' "$src/cli/lib/sf-filter.h")"
	fi
	missing=
	for o in $opts; do
		grep -q -e "--$o\\b" "$T/out" || missing="$missing --$o"
	done
	[ -n "$opts" ] && [ -z "$missing" ]
	ok "$cmd --help names every option${missing:+ (missing:$missing)}" $?
	cp "$T/out" "$T/help"
	same_opts "sigftrace $cmd" "$T/help" "$doc/sigftrace-$cmd.1.rst"
done
for s in bootsetup hooks; do
	run sh "$src/scripts/sigftrace-$s" --help
	cp "$T/out" "$T/help"
	same_opts "sigftrace-$s" "$T/help" "$doc/sigftrace-$s.8.rst"
done

# the parsers themselves: an option added to one side only is seen
printf '  -q, --quiet            new\n      --tid TID          new\n' >> "$T/help"
help_opts "$T/help" | grep -c -x -e -q -e --quiet -e --tid > "$T/n"
[ "$(cat "$T/n")" = 3 ] && ! rst_opts "$doc/sigftrace-hooks.8.rst" | grep -q -x -e --tid
ok "help_opts sees a new option line, rst_opts only documented ones" $?
rst_opts "$doc/sigftrace-record.1.rst" > "$T/rec"
grep -q -x -e --receiver "$T/rec" && grep -q -x -e -s "$T/rec" && grep -q -x -e --no-deliver "$T/rec"
ok "rst_opts follows includes (common_filters.rst)" $?

# sigftrace(1) and the plugin page
run "$SIGFTRACE" --help
missing=
for c in $(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$T/out"); do
	[ -f "$doc/sigftrace-$c.1.rst" ] && grep -q "^\*\*$c\*\*\$" "$doc/sigftrace.1.rst" ||
		missing="$missing $c"
done
[ -z "$missing" ] && grep -q '^\*\*--version\*\*' "$doc/sigftrace.1.rst"
ok "sigftrace(1) describes every command of --help, each has its page${missing:+ (missing:$missing)}" $?
sed -n 's/^[[:space:]]*\.name = "\([a-z_]*\)",.*/sigftrace:\1/p' "$src/plugin/plugin_sigftrace.c" | sort > "$T/p.opts"
sed -n 's/^\*\*\(sigftrace:[a-z_]*\)\*\*.*/\1/p' "$doc/sigftrace-plugin.7.rst" | sort > "$T/m.opts"
[ -s "$T/p.opts" ] && cmp -s "$T/p.opts" "$T/m.opts"
ok "sigftrace-plugin(7) documents exactly the plugin's options" $?
run "$SIGFTRACE" --help
listed=$rc
for c in record report stream reset bootargs extract persist; do
	grep -q "^  $c " "$T/out" || listed=1
done
ok "sigftrace --help lists every command" "$listed"
# every page builds without a docutils warning and renders without a man warning
if command -v rst2man > /dev/null && command -v man > /dev/null; then
	# a make of its own: not the test run's jobserver and variables
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$src" doc O="$T/doc" > "$T/out" 2> "$T/err"
	r=$?
	n=0
	for p in "$T"/doc/Documentation/*.[178]; do
		[ -f "$p" ] || continue
		n=$((n + 1))
		MANWIDTH=80 man --warnings -l "$p" 2>&1 > /dev/null | sed "s|^|$(basename "$p"): |" >> "$T/err"
	done
	[ "$r" = 0 ] && [ "$n" = "$(ls "$doc"/*.[178].rst | wc -l)" ] && [ ! -s "$T/err" ]
	ok "make doc: $n pages, no rst2man or man --warnings message" $?
elif [ -n "${CI:-}" ]; then
	ok "make doc needs rst2man and man (make deps installs them)" 1
else
	echo "ok $((e2e_n + 1)) # SKIP rst2man or man missing (apt-get install python3-docutils man-db)"
	e2e_n=$((e2e_n + 1))
fi

run "$SIGFTRACE" --version
version=$(sed -n 's/^VERSION := //p' "$src/Makefile")
grep -Eq "^sigftrace $version( \(.+\))?\$" "$T/out"
ok "--version prints the Makefile's VERSION ($version)" $?
e2e_done
