#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# plugin.t - plugin_sigftrace.so as trace-cmd loads it: exported symbols,
# libraries, options listed by trace-cmd list -O and honoured by report -O.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
e2e_init
so=$PLUGIN_DIR/plugin_sigftrace.so

nm -D --defined-only "$so" | awk '{ print $3 }' | sort > "$T/out"
printf 'tep_plugin_loader\ntep_plugin_unloader\n' > "$T/want"
cmp -s "$T/want" "$T/out"
ok "exports only tep_plugin_loader and tep_plugin_unloader" $?
nm -D --undefined-only "$so" | awk '{ print $2 }' | grep -v -E '^(tep_|trace_seq_|(str|mem)[a-z]+(@.*)?$|__stack_chk_fail|_ITM_|__cxa_finalize|__gmon_start__)' > "$T/out"
[ ! -s "$T/out" ]
ok "needs only tep_*, trace_seq_* and a few libc string functions" $?
! ldd "$so" 2>/dev/null | grep -q libtraceevent
ok "is not linked against libtraceevent (the host process provides it)" $?

TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd list -O > "$T/out" 2>&1
tr -d '\t ' < "$T/out" | awk -F: '$1 == "plugin" { p = $2 } $1 == "option" && p == "sigftrace" { print $2 }' | sort | tr '\n' ' ' > "$T/opts"
[ "$(cat "$T/opts")" = "arch numeric seed " ]
ok "trace-cmd list -O lists sigftrace:arch, numeric and seed" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd list -P > "$T/out" 2>&1
grep -q "$so" "$T/out"
ok "trace-cmd list -P shows the plugin loaded from PLUGIN_DIR" $?

run "$SIGFTRACE" record --instance "$E2E_PREFIX-p" -o "$T/x.dat" -- "$SCENARIO" --expect "$T/exp" kill ignored
ok "a recording to render" "$rc"
victim=$(sed -n 's/^(sc-killer [0-9]*) --\[SIGUSR1\]--> (sc-victim \([0-9]*\))$/\1/p' "$T/exp")
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -i "$T/x.dat" > "$T/out" 2>&1
grep -Eq "signal_generate: +\(sc-killer [0-9]+\) --\[SIGUSR1\]--> \(sc-victim $victim\)$" "$T/out"
ok "trace-cmd report renders sender --> receiver" $?
trace-cmd report -N -i "$T/x.dat" > "$T/raw" 2>&1
grep -Eq "signal_generate: +sig=10 errno=0 code=0 comm=sc-victim pid=$victim grp=1 res=0" "$T/raw"
ok "without plugins (-N) the same event is raw" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -O sigftrace:arch=mips -i "$T/x.dat" > "$T/out" 2>&1
grep -Eq -- "--\[SIGBUS\]--> \(sc-victim $victim\)" "$T/out"
ok "-O sigftrace:arch=mips: signal 10 is SIGBUS" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -O sigftrace:arch=foo -i "$T/x.dat" > "$T/out" 2>&1
grep -Eq -- "--\[10\]--> \(sc-victim $victim\) \[sigftrace: unknown arch=foo: signal numbers\]$" "$T/out" &&
	! grep -q -- '--\[SIG' "$T/out"
ok "-O sigftrace:arch=foo: refused in every line, numbers instead of another machine's names" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report --verbose=warning -O sigftrace:arch=foo -i "$T/x.dat" 2>&1 >/dev/null |
	grep -q 'sigftrace: unknown arch "foo"'
ok "and a warning on trace-cmd's --verbose" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd list -O 2>&1 | grep -q "default: this machine's signal numbers"
ok "trace-cmd list -O says arch defaults to this machine's numbers" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -O sigftrace:seed=1 -i "$T/x.dat" > "$T/out" 2>&1
grep -Eq -- "signal_generate: +Signal :: \(sc-killer [0-9]+\) --\[10\]--> \(sc-victim $victim\)$" "$T/out"
ok "-O sigftrace:seed=1: the original patch's line" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -O sigftrace:numeric=1 -i "$T/x.dat" > "$T/out" 2>&1
grep -Eq -- "--\[15\]--> \(sc-stubborn [0-9]+\) ignored$" "$T/out"
ok "-O sigftrace:numeric=1: numbers, decorations kept" $?
TRACEEVENT_PLUGIN_DIR=$PLUGIN_DIR trace-cmd report -i "$T/x.dat" > "$T/out" 2>&1
grep -Eq "signal_deliver: +\(sc-stubborn [0-9]+\) <==\[SIGKILL\]== default terminate" "$T/out"
ok "signal_deliver is rendered too" $?

# install-plugin-user puts it where libtraceevent looks without any variable
home=$T/home
mkdir -p "$home"
make -s -C "${SRCTREE:-.}" O="$BUILD" HOME="$home" install-plugin-user > "$T/out" 2>&1 &&
	HOME=$home trace-cmd report -i "$T/x.dat" 2>&1 | grep -q -- '--\[SIGUSR1\]--> (sc-victim'
ok "make install-plugin-user: trace-cmd finds it in ~/.local/lib/traceevent/plugins" $?
no_instances_left
ok "no instance left behind" $?
e2e_done
