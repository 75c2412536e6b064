#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What slow clients can make an SNI service hold (Documentation/sni.rst,
# "Memory"): partial ClientHellos that never end, from one address and from
# many.  The host's ceilings are lowered through the module's parameters
# (sni_max_held_kb 512, sni_max_pending_per_source 8): one address gets 8
# pending entries and no more, while another client is still routed; 120
# addresses sending 12 KB each would hold several MB, and the bytes held
# stay under 512 KiB; the limits are counted (nflbadm info); when the
# clients go, nothing is held any more.  And the SYN responder answers a
# SYN, not a SYN+FIN, a SYN+RST, a SYN with a bad checksum or one from a
# broadcast address, with TSvals that reveal no clock.
#
#   client (ns C) ---- balancer (ns LB) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip python3 hping3
W=$NFLB_WORK
PARAMS=/sys/module/nflb/parameters
slow_pids=()

mem_cleanup() {
	local p
	for p in "${slow_pids[@]}"; do kill "$p" 2>/dev/null; done
	lb_cleanup
}

# slow SOURCES N SIZE: N connections to 192.0.2.1:80 from SOURCES (comma
# separated, in turn), each sending the start of a 16000-byte ClientHello,
# SIZE bytes in all, then nothing; prints "open" and waits to be killed.
# (Run in the background: exec, so that its pid is python's.)
slow() {
	exec nsenter --net="/run/netns/$C" python3 -c '
import socket, sys, time
srcs, n, size = sys.argv[1].split(","), int(sys.argv[2]), int(sys.argv[3])
# a 16000-byte record, a ClientHello of 15996 whose cipher suites take
# 15616: the parser needs more than any SIZE here to decide
hello = bytes([0x16, 3, 1, 0x3e, 0x80, 1, 0, 0x3e, 0x7c, 3, 3]) + bytes(32) + \
    bytes([0, 0x3d, 0])
held = []
for i in range(n):
    s = socket.socket()
    s.settimeout(5)
    # killed, it resets its connections (their entries go at once)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, bytes([1, 0, 0, 0, 0, 0, 0, 0]))
    try:
        s.bind((srcs[i % len(srcs)], 0))
        s.connect(("192.0.2.1", 80))
        s.sendall(hello[:size] + bytes(max(0, size - len(hello))))
    except OSError:
        pass
    held.append(s)
print("open", flush=True)
time.sleep(600)
' "$@"
}
info_val() { adm info | sed -n "s/^$1: //p"; }
held_bytes() { info_val "SNI bytes held" | sed 's/ .*//'; }
pending_is() { [ "$(info_val "SNI connections pending")" = "$1" ]; }
counted() { [ "$(info_val "$1")" -gt 0 ]; }

trap mem_cleanup EXIT
lb_start
check "an SNI service, its own real servers" add_service 4 t m rr
check "... in SNI mode" adm -E -t 192.0.2.1:80 -s rr --sni-mode
check "decisions may wait 30 s" adm config sni-timeout-ms 30000
check "the host's ceilings: 512 KiB held, 8 pending per source" eval "
	echo 512 >$PARAMS/sni_max_held_kb && echo 8 >$PARAMS/sni_max_pending_per_source"
check_match "info shows the ceiling" '^SNI bytes held: 0 \(host limit 524288\)$' "$(adm info)"
srcs=$(for i in $(seq 100 219); do printf '10.0.1.%s,' "$i"; done)
srcs=${srcs%,}
check "120 more client addresses, and one for the real client" eval "
	{ for a in \${srcs//,/ } 10.0.1.250; do echo \"addr add \$a/24 dev c0\"; done; } |
	ip -n $C -batch -"

# ---- one address: 8 pending entries, no more ----
slow 10.0.1.2 50 1000 >"$W/one.log" 2>&1 &
slow_pids+=($!)
check "50 slow connections from one address" busywait 20000 grep -q open "$W/one.log"
check "... 8 of them pending" busywait 5000 pending_is 8
check "... the others refused and counted" counted "SNI per-source limit reached"
out=$(in_c "$LBPEER" client -b 10.0.1.250 -S www.example.com -n 3 192.0.2.1 80)
check_eq "meanwhile a client from another address is routed" "b1 b2 b3" \
	"$(sort <<<"$out" | tr '\n' ' ' | sed 's/ $//')"

# ---- 120 addresses, 12 KB each: held bytes stay under the ceiling ----
slow "$srcs" 120 12000 >"$W/many.log" 2>&1 &
slow_pids+=($!)
check "120 slow connections, one per address" busywait 40000 grep -q open "$W/many.log"
limit_hit() { counted "SNI held-bytes limit reached"; }
check "... the held-bytes limit is reached and counted" busywait 10000 limit_hit
h=$(held_bytes)
echo "# held: $h bytes; $(adm info | grep '^SNI' | tr '\n' ';')"
check "... and never passed: $h <= 524288" test "$h" -le 524288

# ---- the SYN responder answers SYNs, not SYN+FIN or SYN+RST ----
synack() { in_c hping3 -c 1 "$@" -p 80 192.0.2.1 2>/dev/null | grep -c 'flags=SA'; }
check_eq "a SYN gets nflb's SYN-ACK" 1 "$(synack -S -s 3001)"
check_eq "a SYN+FIN gets none" 0 "$(synack -S -F -s 3002)"
check_eq "a SYN+RST gets none" 0 "$(synack -S -R -s 3003)"
check_eq "a SYN with a bad TCP checksum gets none" 0 "$(synack -S -b -s 3004)"
# (the answer would be broadcast on the client's link: hping3 sees it)
check_eq "a SYN from the client subnet's broadcast address gets none" 0 \
	"$(synack -S -a 10.0.1.255 -s 3005)"
# Two SYNs a second apart (two flows): the TSvals of nflb's SYN-ACKs tell
# neither its uptime (jiffies in ms, from -300 s) nor a clock common to both.
up_ms=$(($(cut -d. -f1 /proc/uptime) * 1000))
mapfile -t ts < <(in_c hping3 -S --tcp-timestamp -c 2 -i 1 -p 80 192.0.2.1 2>/dev/null |
	sed -n 's/.*tcpts=\([0-9]*\).*/\1/p')
if [ "${#ts[@]}" = 2 ]; then
	near() { local d=$(( ($1 - $2) & 0xffffffff )); [ "$d" -lt "$3" ] || [ "$d" -gt $((0x100000000 - $3)) ]; }
	check_fails "SYN-ACK TSval ${ts[0]} is not the uptime clock" \
		near "${ts[0]}" $(( (up_ms - 300000) & 0xffffffff )) 10000
	check_fails "... and the second flow's ${ts[1]} is not ${ts[0]} + 1 s" \
		near "${ts[1]}" $(( (ts[0] + 1000) & 0xffffffff )) 500
else
	fail "hping3 --tcp-timestamp: two SYN-ACKs with timestamps (got ${#ts[@]})"
fi

# ---- the clients go: nothing is held ----
kill "${slow_pids[@]}"
wait "${slow_pids[@]}" 2>/dev/null
slow_pids=()
check "the slow clients gone: nothing pending" busywait 20000 pending_is 0
check_eq "... and no byte held" 0 "$(held_bytes)"
out=$(in_c "$LBPEER" client -S www.example.com -n 3 192.0.2.1 80)
check_eq "a client from the first address is routed again" "b1 b2 b3" \
	"$(sort <<<"$out" | tr '\n' ' ' | sed 's/ $//')"
exit $nflb_ret
