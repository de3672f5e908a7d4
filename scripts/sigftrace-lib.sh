# SPDX-License-Identifier: GPL-2.0
#
# sigftrace-lib.sh - what sigftrace-bootsetup and sigftrace-hooks share:
# messages, the temporary file's cleanup, and atomic line edits of a file
# that keep every other byte. POSIX sh + awk, sourced (not run) by the two
# scripts after they set PROG (their name) and USAGE_LINE (their one-line
# usage). Installed by `make install` into $(datadir)/sigftrace, where the
# installed scripts look for it; in the source tree it is next to them.
# shellcheck shell=sh disable=SC2034 # NL is the scripts'

NL='
'

die()
{
	echo "$PROG: $*" >&2
	exit 1
}

warn()
{
	echo "$PROG: warning: $*" >&2
}

hint()
{
	echo "hint: $*" >&2
}

usage_err()
{
	echo "$PROG: $*" >&2
	echo "$USAGE_LINE" >&2
	echo "Try '$PROG --help'" >&2
	exit 2
}

# $tmp: a temporary file being written, removed if the script stops early
tmp=
cleanup()
{
	if [ -n "$tmp" ]; then
		rm -f "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Line edits of a file, keeping every other byte. SF_EDITS holds one edit a
# line: "r N TEXT" (replace line N), "i N TEXT" (insert before line N; N may
# be the line count + 1), "d N" (delete line N). A missing final newline
# stays missing (SF_NL=0).
# shellcheck disable=SC2016 # an awk program: $0 is awk's
APPLY='
function out(s) {
	if (nout++)
		printf "\n"
	printf "%s", s
}
function ins(ln,    k) {
	for (k = 1; k <= NI[ln]; k++)
		out(INS[ln "." k])
}
BEGIN {
	ne = split(ENVIRON["SF_EDITS"], L, "\n")
	for (k = 1; k <= ne; k++) {
		e = L[k]
		if (e == "")
			continue
		op = substr(e, 1, 1); r = substr(e, 3); sp = index(r, " ")
		if (sp) {
			ln = substr(r, 1, sp - 1) + 0; tx = substr(r, sp + 1)
		} else {
			ln = r + 0; tx = ""
		}
		if (op == "r")
			REP[ln] = tx
		else if (op == "d")
			DEL[ln] = 1
		else if (op == "i") {
			NI[ln]++
			INS[ln "." NI[ln]] = tx
		}
	}
	nout = 0
}
{
	if (NR in NI)
		ins(NR)
	if (NR in DEL)
		next
	if (NR in REP)
		out(REP[NR])
	else
		out($0)
}
END {
	if ((NR + 1) in NI)
		ins(NR + 1)
	if (ENVIRON["SF_NL"] == "1" && nout)
		printf "\n"
}
'

# ends_nl FILE: 1 if FILE ends with a newline (or is empty)
ends_nl()
{
	if [ -z "$(tail -c 1 "$1")" ]; then echo 1; else echo 0; fi
}

# backup FILE: keep the first original as FILE.sigftrace-bak, never overwrite
backup()
{
	if [ -e "$1.sigftrace-bak" ] || [ -L "$1.sigftrace-bak" ]; then
		echo "$1: backup $1.sigftrace-bak already exists, kept"
	else
		cp -p "$1" "$1.sigftrace-bak"
		echo "$1: backup in $1.sigftrace-bak"
	fi
}

# write_edits FILE EDITS: apply EDITS (see APPLY) to FILE atomically, keeping
# its mode and owner, after taking the backup
write_edits()
{
	tmp=$1.sigftrace-tmp
	cp -p "$1" "$tmp"
	SF_EDITS=$2 SF_NL=$(ends_nl "$1") awk "$APPLY" "$1" > "$tmp"
	backup "$1"
	mv -f "$tmp" "$1"
	tmp=
	sync
}
