#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# metrics.t - the metrics sink's textfile checked by promtool and served by a
# real node_exporter (textfile collector) that the test starts on 127.0.0.1
# and scrapes once: counters, top-N receivers, losses, sigftrace_up.
. "${SRCTREE:-.}/tests/e2e/lib.sh"
. "${SRCTREE:-.}/tests/svc/services.sh"
e2e_init
svc_need promtool prometheus
svc_need prometheus-node-exporter prometheus-node-exporter
svc_need curl curl
[ -x "$SINKDRV" ] || e2e_bail "no sinkdrv at $SINKDRV (make test-progs)"
mkdir -p "$T/tf"
PROM=$T/tf/sigftrace.prom

# promtool is not a rubber stamp: an unescaped quote in a label value fails it
printf '# HELP x_total X.\n# TYPE x_total counter\nx_total{a="b"c"} 1\n' > "$T/bad.prom"
promtool check metrics < "$T/bad.prom" > /dev/null 2>&1
ok "promtool rejects a broken label value" "$([ $? != 0 ]; echo $?)"

drv_start m --metrics="$PROM" --interval=100 --top=2
for r in c c c d%22q%5C d%22q%5C b; do
	drv "ev SIGKILL 9 killer 1 $r 2 delivered kill fatal"
done
drv 'ev SIGSEGV 11 kernel 0 vic%5Ctim%0A 3 delivered fault fatal' \
	'ev SIGTERM 15 sc-main 1 sc-stubborn 4 ignored kill info' 'lost 5 ring' 'lost 2 syslog' \
	'run 400'
svc_wait grep -qs '^sigftrace_events_lost_total{where="syslog"} 2$' "$PROM"
ok "the file is rewritten every interval while running" $?
promtool check metrics < "$PROM" > "$T/out" 2>&1
ok "promtool check metrics accepts it" $?
grep -qx 'sigftrace_up 1' "$PROM"
ok "sigftrace_up 1 while running" $?

svc_node_exporter_start "$T/tf"
curl -sf "http://127.0.0.1:$ne_port/metrics" > "$T/scrape"
ok "node_exporter serves a scrape" $?
cat > "$T/want" <<'EOF'
node_textfile_scrape_error 0
sigftrace_events_lost_total{where="ring"} 5
sigftrace_events_lost_total{where="syslog"} 2
sigftrace_fatal_signals_total{receiver="c",signal="SIGKILL"} 3
sigftrace_fatal_signals_total{receiver="d\"q\\",signal="SIGKILL"} 2
sigftrace_fatal_signals_total{receiver="other",signal="SIGKILL"} 1
sigftrace_fatal_signals_total{receiver="other",signal="SIGSEGV"} 1
sigftrace_signals_total{result="delivered",signal="SIGKILL"} 6
sigftrace_signals_total{result="delivered",signal="SIGSEGV"} 1
sigftrace_signals_total{result="ignored",signal="SIGTERM"} 1
sigftrace_up 1
EOF
grep -e '^sigftrace_' -e '^node_textfile_scrape_error' "$T/scrape" | grep -v start_time | sort > "$T/got"
cmp -s "$T/want" "$T/got" || diff "$T/want" "$T/got" | sed 's/^/# /'
ok "node_exporter serves every counter; the top 2 receivers have labels, the rest is other" $?
grep -q '^sigftrace_start_time_seconds [0-9.e+]*$' "$T/scrape"
ok "and sigftrace_start_time_seconds" $?

# a receiver that comes later never takes a label from the ones that have it
drv 'ev SIGKILL 9 killer 1 e 2 delivered kill fatal' 'ev SIGKILL 9 killer 1 e 2 delivered kill fatal' \
	'ev SIGKILL 9 killer 1 e 2 delivered kill fatal' 'run 300'
drv_end
ok "sinkdrv closes its sinks" $?
grep -qx 'sigftrace_up 0' "$PROM"
ok "closing writes sigftrace_up 0" $?
grep -qx 'sigftrace_fatal_signals_total{signal="SIGKILL",receiver="other"} 4' "$PROM" &&
	! grep -q 'receiver="e"' "$PROM"
ok "labels are kept: a later receiver counts as other" $?
[ "$(ls -A "$T/tf")" = sigftrace.prom ]
ok "no temporary file is left next to it" $?
promtool check metrics < "$PROM" > /dev/null 2>&1
ok "the last file passes promtool too" $?

run "$SINKDRV" --metrics="$T/no-such-dir/x.prom"
[ "$rc" = 1 ] && grep -qx "sinkdrv: cannot write metrics file $T/no-such-dir/x.prom: No such file or directory" "$T/err"
ok "a metrics file that cannot be written is an error at once" $?
e2e_done
