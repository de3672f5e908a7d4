#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# layers.sh - the structure rules of the C code, checked (make layers-check,
# part of make check):
#
#   1. no module includes a module above it: each file of cli/, cli/lib/ and
#      plugin/ belongs to the module named by its file name (sf-names.c and
#      sf-names.h are the module sf-names; a module's internal header X-int.h
#      belongs to X) and includes only its own header and modules earlier in
#      LAYERS below; a module not in LAYERS is an error, so a new file is
#      placed in the order when it is added;
#   2. libtracefs is called from one file, cli/lib/sf-tracefs.c;
#   3. the per-CPU ring buffers (trace_pipe_raw) are read in one file,
#      cli/lib/sf-ring.c (sf-tracefs.c only opens them for it);
#   4. the layers (cli/lib/) never print and never exit: the command layer
#      reports (the answers' sink writes to the stream it is given, and the
#      out-of-memory abort says why);
#   5. no C file of cli/ or plugin/ is over 900 lines.
#
# Run from the source tree or with SRCTREE set. Prints each violation; exits
# 1 if there is one.
set -eu
cd "${SRCTREE:-$(dirname "$0")/..}"

# The modules from the bottom up: the pipeline of DESIGN.md section 2 reads
# from top to bottom in cli/lib/, then the command layer in cli/.
LAYERS='
sigftrace-signames
sigftrace-render
sf-util
sf-zstd
sf-zstd-dec
sf-zstd-dec-ent
sf-zstd-ent
sf-zstd-enc
sf-clockmap
sf-datfmt
sf-tracefs
sf-ring
sf-atomic
sf-datfile
sf-pages
sf-recq
sf-handover
sf-datread
sf-datread-options
sf-datread-formats
sf-datread-v7
sf-datread-events
sf-event
sf-markers
sf-names
sf-attrib
sf-text-parse
sf-source-text
sf-filter-expr
sf-filter
sf-source-live
sf-source-dat
sf-analyze
sf-netout
sf-sink
sf-journal
sf-syslog
sf-metrics
sf-out
sf-sink-text
sf-sink-json
sf-sink-kmsg
sf-sink-svc
sf-sink-answers
sf-pipeline
sf-save
version
sf-cli
sf-session
sf-cmds
sf-bootargs
sf-extract
sf-persist
sf-record
sf-report
sf-reset
sf-stream
sigftrace
plugin_sigftrace
'

bad=0
fail()
{
	echo "layers: $*"
	bad=1
}

# rank MODULE: its place in LAYERS (1 = bottom), empty if it has none
rank()
{
	printf '%s\n' "$LAYERS" | grep -v '^$' | grep -nx -- "$1" | cut -d: -f1
}

files=$(ls cli/*.[ch] cli/lib/*.[ch] plugin/*.[ch])

for f in $files; do
	m=$(basename "$f")
	m=${m%.*}
	m=${m%-int}
	r=$(rank "$m")
	if [ -z "$r" ]; then
		fail "$f: module $m is not in the layer order (tests/layers.sh LAYERS)"
		continue
	fi
	for inc in $(sed -n 's/^#include "\(.*\)\.h".*/\1/p' "$f"); do
		case $inc in
		*-int)
			# a module's internal header: only for its own parts (X.c, X-*.c)
			case $(basename "$f") in
			"${inc%-int}".* | "${inc%-int}"-*) ;;
			*) fail "$f: includes $inc.h, the internal header of another module" ;;
			esac
			;;
		esac
		inc=${inc%-int}
		[ "$inc" = "$m" ] && continue
		ri=$(rank "$inc")
		if [ -z "$ri" ]; then
			fail "$f: includes $inc.h, which is not in the layer order"
		elif [ "$ri" -ge "$r" ]; then
			fail "$f: module $m includes $inc.h, a module above it"
		fi
	done
done

# 2. libtracefs: calls, and its header
for f in $files; do
	case $f in cli/lib/sf-tracefs.[ch]) continue ;; esac
	grep -Hn '\btracefs_[a-z_]*(' "$f" | grep -v '^[^:]*:[0-9]*: *\(/\*\|\*\)' |
		sed 's/^/layers: libtracefs called outside sf-tracefs.c: /' | grep . && bad=1
	grep -Hn '#include <tracefs.h>' "$f" | sed 's/^/layers: tracefs.h included outside sf-tracefs: /' |
		grep . && bad=1
done

# 3. the ring buffers
for f in $files; do
	case $f in cli/lib/sf-ring.c | cli/lib/sf-tracefs.[ch]) continue ;; esac
	grep -Hn 'trace_pipe_raw"\|sf_trace_raw_open(\|\bsplice(' "$f" | grep -v '^[^:]*:[0-9]*: *\(/\*\|\*\)' |
		sed 's/^/layers: a ring buffer read outside sf-ring.c: /' | grep . && bad=1
done

# 4. the layers report nothing themselves
for f in cli/lib/*.c; do
	grep -HnE '(^|[^A-Za-z0-9_])(f?printf|f?puts|perror|exit)\(|\b(stdout|stderr)\b' "$f" |
		grep -v '^[^:]*:[0-9]*: *\(/\*\|\*\)' |
		grep -v '^cli/lib/sf-util.c:.*out of memory' |
		grep -v '^cli/lib/sf-sink-answers.c:[0-9]*:.*fprintf(\(out\|d->out\),' |
		sed 's/^/layers: a lower layer prints or exits: /' | grep . && bad=1
done

# 5. sizes
for f in cli/*.c cli/lib/*.c plugin/*.c; do
	n=$(wc -l < "$f")
	[ "$n" -le 900 ] || fail "$f: $n lines, more than 900"
done

[ "$bad" = 0 ] && echo "layers: $(echo "$files" | wc -w) files in order, libtracefs and the rings in one file each, no file over 900 lines"
exit "$bad"
