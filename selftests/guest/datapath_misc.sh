#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Counters equal the traffic; a TCP packet without an entry is dropped and
# counted, except on mh services, whose flows survive a flush; ICMP
# fragmentation-needed / packet-too-big about a NAT'ed or tunnelled packet
# reaches the client, which learns the path MTU to the VIP; IPVS and nflb
# side by side on different VIPs both work.
#
#   client ---- balancer (nflb; IPVS on 192.0.2.2) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip ipvsadm

cleanup() {
	in_lb ipvsadm -C 2>/dev/null
	topo_cleanup
	modprobe -r ip_vs_rr ip_vs 2>/dev/null
	nflb_unload 2>/dev/null
}
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load
check "topology" topo_setup

# Counters: five one-byte UDP requests through NAT, five answers "bN q".
adm -C
add_service 4 u m rr 1
in_c "$LBPEER" client -u -n 5 "$VIP4" 80 >/dev/null
# IPv4 + UDP headers are 28 bytes
check_eq "stats: conns, packets and bytes in and out" "5 5 5 145 160" \
	"$(adm -L -n --stats --exact | awk -v s="$VIP4:80" '$1 == "UDP" && $2 == s { print $3, $4, $5, $6, $7 }')"
check_eq "stats: the real server's line agrees" "5 5 5 145 160" \
	"$(adm -L -n --stats --exact | awk -v s="${RS4[0]}:8080" '$2 == s { print $3, $4, $5, $6, $7 }')"

# A flush loses the entries: the next segment of an rr flow is dropped;
# an mh flow is scheduled again to the same server and goes on.
for sched in rr mh; do
	adm -C
	add_service 4 t m "$sched"
	rm -f "$NFLB_WORK/go"
	in_c "$LBPEER" hold -n 1 -w "$NFLB_WORK/go" "$VIP4" 80 >"$NFLB_WORK/hold" &
	hold=$!
	busywait 10000 grep -q '^b' "$NFLB_WORK/hold"
	adm -C
	add_service 4 t m "$sched"
	touch "$NFLB_WORK/go"
	wait "$hold"
	if [ "$sched" = rr ]; then
		check_match "rr: after a flush the flow's next segment is dropped" \
			"^again ERR" "$(cat "$NFLB_WORK/hold")"
	else
		check_eq "mh: after a flush the flow goes on to the same server" \
			"again $(head -n1 "$NFLB_WORK/hold")" "$(grep again "$NFLB_WORK/hold")"
	fi
done
check_match "info counts the dropped segments" \
	"packets dropped, no connection: *[1-9]" "$(adm info)"

# Path MTU: b1's link is smaller than what the client sends.
ip -n "$LB" link set b1 mtu 1400
ip -n "$NS_PREFIX-b1" link set eth0 mtu 1400
for method in m i; do
	for fam in 4 6; do
		what="IPv$fam $([ $method = m ] && echo NAT || echo TUN)"
		adm -C
		add_service "$fam" u "$method" rr 1
		in_c ip -"$fam" route flush cache 2>/dev/null
		in_c "$LBPEER" client -u -s 1440 -t 1 "$(vip "$fam")" 80 >/dev/null
		want=1400
		[ $method = i ] && { [ "$fam" = 4 ] && want=1380 || want=1360; }
		check_match "$what: the client learns the path MTU to the VIP ($want)" \
			"mtu $want" "$(in_c ip -"$fam" route get "$(vip "$fam")")"
		check_eq "$what: a datagram that fits goes through" b1 \
			"$(in_c "$LBPEER" client -u -s 1000 "$(vip "$fam")" 80)"
	done
done
ip -n "$LB" link set b1 mtu 1500
ip -n "$NS_PREFIX-b1" link set eth0 mtu 1500

# IPVS on 192.0.2.2 (IPVS needs the VIP local), nflb on 192.0.2.1.
adm -C
add_service 4 t m rr
if modprobe ip_vs && modprobe ip_vs_rr; then
	ip -n "$LB" addr add 192.0.2.2/32 dev lo
	in_lb ipvsadm -A -t 192.0.2.2:80 -s rr
	for i in 1 2 3; do in_lb ipvsadm -a -t 192.0.2.2:80 -r "${RS4[i - 1]}:8080" -m; done
	check_eq "side by side: nflb balances its VIP" "b1 b2 b3" \
		"$(words "$(in_c "$LBPEER" client -n 3 "$VIP4" 80)")"
	check_eq "side by side: IPVS balances its VIP" "b1 b2 b3" \
		"$(words "$(in_c "$LBPEER" client -n 3 192.0.2.2 80 | sort)")"
else
	fail "IPVS modules load"
fi
exit $nflb_ret
