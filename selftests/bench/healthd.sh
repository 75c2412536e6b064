#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# healthd.sh: make bench-healthd's guest half (selftests/bench/run-guest.sh
# healthd).  nflb-healthd's CPU time per check: 1000 real servers whose tcp
# check (1 s interval) connects to one local listener, for 10 s after the
# first round.  Prints "BENCH healthd us_per_check VALUE" and the checks
# done; fails if the daemon stopped or did not keep up one round in 10 s.
# Under TCG one guest CPU does roughly what 1/20 of a host CPU does, so
# the daemon may saturate it below 1000 checks a second: the figure that
# counts is the CPU time per check, comparable between builds in one
# guest, not with a host.

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip python3
HEALTHD=${HEALTHD:-$NFLB_ROOT/tools/healthd/nflb-healthd}
[ -x "$HEALTHD" ] || skip "$HEALTHD not built (make tools)"
W=$NFLB_WORK
hd_pid=
hd_cleanup() {
	[ -n "$hd_pid" ] && kill "$hd_pid" 2>/dev/null
	lb_cleanup
}

lb_start
trap hd_cleanup EXIT
python3 -c '
import json
rs = [{"address": "10.1.%d.%d" % (i // 250, i % 250 + 1), "port": 9000,
       "forward": "masq"} for i in range(1000)]
print(json.dumps({"services": [{"protocol": "tcp", "address": "192.0.2.1",
                                "port": 9000, "real_servers": rs}]}))
' >"$W/state1000.json"
apply_quiet() { in_lb "$NFLBADM" apply -f "$1" >/dev/null; }
check "1000 real servers applied" apply_quiet "$W/state1000.json"
check_eq "... listed" 1000 "$(adm -S -n | grep -c '^-a ')"
cat >"$W/healthd1000.json" <<'EOT'
{ "services": [ { "protocol": "tcp", "address": "192.0.2.1", "port": 9000,
  "check": { "type": "tcp", "address": "127.0.0.1", "port": 9000,
             "interval": 1, "timeout": 1 } } ] }
EOT
ip netns exec "$LB" python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 9000))
s.listen(4096)
n, last = 0, time.time()
open(sys.argv[1], "w").write("ready\n")
while True:
    c, _ = s.accept()
    c.close()
    n += 1
    if time.time() - last >= 0.5:
        open(sys.argv[1], "w").write("%d\n" % n)
        last = time.time()
' "$W/accepts" &
check "a listener on 127.0.0.1:9000" busywait 5000 test -s "$W/accepts"
LOG=$W/healthd.log
ip netns exec "$LB" "$HEALTHD" -c "$W/healthd1000.json" >>"$LOG" 2>&1 &
hd_pid=$!
check "the daemon starts with 1000 targets" busywait 10000 \
	grep -q "started: checking 1000 real servers" "$LOG"
# The first round is spread over one interval by the jitter; the sleeps
# below are measurement windows, not synchronisation.
sleep 3
cpu() { awk '{ print $14 + $15 }' "/proc/$hd_pid/stat"; }
a0=$(cat "$W/accepts")
c0=$(cpu)
t0=$(now_ms)
sleep 10
c1=$(cpu)
t1=$(now_ms)
a1=$(cat "$W/accepts")
ms=$(((c1 - c0) * 1000 / $(getconf CLK_TCK)))
checks=$((a1 - a0))
echo "# 1000 tcp checks at a 1 s interval for $((t1 - t0)) ms: ${ms} ms user+sys," \
	"$checks checks done, $(grep -c 'DOWN after' "$LOG") marked down by timeouts"
echo "BENCH healthd us_per_check $((checks ? ms * 1000 / checks : 0))"
check "the daemon kept checking ($checks checks in 10 s)" test "$checks" -ge 1000
check "... and is still running" kill -0 "$hd_pid"
exit "$nflb_ret"
