#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ICMP through NAT and SNI (Documentation/datapath.rst, "ICMP"): the way to
# the client is narrower (1280) than both ends' links, so downloads through
# NAT (v4, v6) and an SNI service need PMTU discovery: the balancer must
# tell the real server, in the server's own terms, that its reply is too
# big.  A real server's own ICMP error (UDP port unreachable) reaches the
# client from the VIP; its packets that belong to no connection are
# dropped (the balancer's own connections to it excepted).  A capture at
# the client sees no packet from a real server's address all along.
#
#   client (ns C) ---- balancer (ns LB, l0 mtu 1280, VIPs on lo) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip python3 hping3 iptables
cap_pid=

pmtu_cleanup() {
	[ -n "$cap_pid" ] && kill "$cap_pid" 2>/dev/null
	lb_cleanup
}

# capture FILE: every (source, protocol, ICMP type) seen on the client's c0,
# once each, until killed.
capture() {
	exec nsenter --net="/run/netns/$C" python3 -c '
import signal, socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(3))
s.bind(("c0", 0))
out = open(sys.argv[1], "w")
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
print("ready", file=out, flush=True)
seen = set()
while True:
    p = s.recv(65535)
    if p[12:14] == b"\x08\x00":
        src, proto = socket.inet_ntoa(p[26:30]), p[23]
        l4 = 14 + (p[14] & 15) * 4
    elif p[12:14] == b"\x86\xdd":
        src, proto, l4 = socket.inet_ntop(socket.AF_INET6, p[22:38]), p[20], 54
    else:
        continue
    t = p[l4] if proto in (1, 58) and len(p) > l4 else "-"
    line = "%s %s %s" % (src, proto, t)
    if line not in seen:
        seen.add(line)
        print(line, file=out, flush=True)
' "$1"
}
captured() { grep -c "^$1\$" "$NFLB_WORK/cap"; }
bulk_ok() { [[ "$(in_c "$LBPEER" bulk -d -m 2 "$1" "$2")" == "ok 2097152" ]]; }

trap pmtu_cleanup EXIT
lb_start
check "the balancer's link to the client: mtu 1280" ip -n "$LB" link set l0 mtu 1280
# the VIPs on the balancer's lo, as IPVS users have them: an ICMP error the
# stack makes about a translated reply goes to the VIP, that is, to itself
check "the VIPs on the balancer's lo" ip -n "$LB" -batch - <<EOF
route del $VIP4/32 dev br0
route del $VIP6/128 dev br0
addr add $VIP4/32 dev lo
addr add $VIP6/128 dev lo nodad
EOF
capture "$NFLB_WORK/cap" &
cap_pid=$!
check "capturing at the client" busywait 5000 grep -q ready "$NFLB_WORK/cap"

check "NAT services, v4 and v6" eval 'add_service 4 t m rr && add_service 6 t m rr'
check "an SNI service on :443" adm -A -t "$VIP4:443" -s rr --sni-mode
check "... its real server" adm -a -t "$VIP4:443" -r "${RS4[0]}:8080" -m
check "a UDP service to a port nobody listens on" eval "
	adm -A -u $VIP4:82 -s rr && adm -a -u $VIP4:82 -r ${RS4[1]}:9999 -m &&
	adm -A -u [$VIP6]:82 -s rr && adm -a -u [$VIP6]:82 -r [${RS6[1]}]:9999 -m"

check "2 MiB down through IPv4 NAT" bulk_ok "$VIP4" 80
check "2 MiB down through IPv6 NAT" bulk_ok "$VIP6" 80
check "2 MiB down through SNI" bulk_ok "$VIP4" 443
check_match "UDP to the closed port: refused" "ERR" \
	"$(in_c "$LBPEER" client -u "$VIP4" 82)"
check_match "... over IPv6 too" "ERR" "$(in_c "$LBPEER" client -u "$VIP6" 82)"

# packets from a real server's address and service port (UDP: b2:9999,
# TCP: b1:8080) that belong to no connection (one gone, say)
in_b 2 hping3 -q -2 -s 9999 -k -p 5555 -c 2 10.0.1.2 >/dev/null 2>&1
in_b 1 hping3 -q -SA -s 8080 -k -p 5556 -c 2 10.0.1.2 >/dev/null 2>&1
check_match "a real server's packets without a connection are dropped, counted" \
	"^packets dropped, from a real server without a connection: ([4-9]|[1-9][0-9]+)$" \
	"$(adm info)"
check_eq "the balancer itself still talks to a real server's port (health checks)" \
	b1 "$(in_lb "$LBPEER" client "${RS4[0]}" 8080)"
in_lb iptables -t nat -A PREROUTING -d 10.0.1.1 -p tcp --dport 18080 \
	-j DNAT --to-destination "${RS4[0]}:8080"
check_eq "... and conntrack's DNAT to the same port still works (Docker's -p)" \
	b1 "$(in_c "$LBPEER" client 10.0.1.1 18080)"
kill "$cap_pid"
wait "$cap_pid" 2>/dev/null
cap_pid=
check_eq "the port unreachable came from the VIP" 1 "$(captured "$VIP4 1 3")"
check_eq "... and over IPv6" 1 "$(captured "$VIP6 58 1")"
check_eq "no packet from a real server's address reached the client" "" \
	"$(grep -E '^(10\.0\.2\.|2001:db8:2::)' "$NFLB_WORK/cap")"
exit "$nflb_ret"
