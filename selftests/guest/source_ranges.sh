#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Source ranges and the firewall contract (Documentation/datapath.rst,
# "Source ranges" and "Filtering VIP traffic").  NAT services on VIP4 and
# VIP6 take new flows only from client A: A is served, B's SYNs are
# dropped and counted, exactly as many as an nftables counter before nflb
# saw; an established connection survives a change that refuses it;
# "any" lets B in.  Then the documentation's nftables chain at prerouting
# priority -450 drops B before nflb, whose counter stays.
#
#   client ns C: A 10.0.1.2, 2001:db8:1::2 (its first addresses)
#                B 10.0.1.3, 2001:db8:1::3
#        |
#   balancer (nflb, nftables) ---- br0 ---- b1
#   (topology: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip nft

A4=10.0.1.2
A6=2001:db8:1::2
B4=10.0.1.3
B6=2001:db8:1::3

lb_start
ip -n "$C" -batch - <<EOF
addr add $B4/24 dev c0
addr add $B6/64 dev c0 nodad
EOF

# A counter per family of what B sends to the VIPs, before nflb (-399).
check "nftables: a counting chain at prerouting priority -450" in_lb nft -f - <<EOF
table inet nflb_count {
	chain prerouting {
		type filter hook prerouting priority -450; policy accept;
		ip saddr $B4 ip daddr $VIP4 counter comment "b4"
		ip6 saddr $B6 ip6 daddr $VIP6 counter comment "b6"
	}
}
EOF

# nft_packets: what B's two counters counted, summed.
nft_packets() {
	in_lb nft list table inet nflb_count |
		sed -n 's/.*counter packets \([0-9]*\) .*comment "b[46]".*/\1/p' |
		{ s=0; while read -r n; do s=$((s + n)); done; echo $s; }
}
src_drops() {
	adm info | sed -n 's/^new flows dropped, client outside the source ranges: //p'
}

check "two NAT services with source ranges, restored from -R" adm -R <<EOF
-A -t $VIP4:80 -s rr --source-ranges $A4/32,198.51.100.0/24
-a -t $VIP4:80 -r ${RS4[0]}:8080 -m
-A -t [$VIP6]:80 -s rr --source-ranges 2001:db8:1::/126,2001:db8:ff::/48
-a -t [$VIP6]:80 -r [${RS6[0]}]:8080 -m
EOF
# 2001:db8:1::/126 holds A (::2) and B (::3): narrowed to A.
check "-E replaces the IPv6 list" \
	adm -E -t "[$VIP6]:80" --source-ranges "$A6/128,2001:db8:ff::/48"
save=$(adm -S -n)
check_match "-S writes the ranges back" \
	"^-A -t $VIP4:80 -s rr --source-ranges $A4/32,198.51.100.0/24\$" "$save"
check_match "-S: the IPv6 list as -E gave it" \
	"--source-ranges $A6/128,2001:db8:ff::/48\$" "$save"
check_match "-L shows them" "source-ranges $A4/32,198.51.100.0/24" \
	"$(adm -L -n)"
check_eq "export | apply --dry-run: no change" "" \
	"$(adm export | adm apply --dry-run -f - 2>&1)"

# A is served; B's SYNs (first and retransmitted) all die in nflb.
out=$(in_c "$LBPEER" client -b "$A4" -n 1 "$VIP4" 80
	in_c "$LBPEER" client -b "$A6" -n 1 "$VIP6" 80)
check_eq "A: IPv4 and IPv6 reach the backend" "b1 b1" "$(words "$out")"
in_c "$LBPEER" client -b "$B4" -t 1 -n 1 "$VIP4" 80 >"$NFLB_WORK/b4" &
p4=$!
in_c "$LBPEER" client -b "$B6" -t 1 -n 1 "$VIP6" 80 >"$NFLB_WORK/b6" &
wait $p4 $!
check_eq "B: refused, IPv4 and IPv6" "ERR ERR" \
	"$(words "$(cut -d' ' -f1 "$NFLB_WORK/b4" "$NFLB_WORK/b6")")"
sent=$(nft_packets)
check "B sent SYNs (the nftables counters: $sent)" test "$sent" -ge 2
check_eq "nflb dropped and counted exactly those" "$sent" "$(src_drops)"
check_match "info -j: connections.dropped_source_range" \
	"\"dropped_source_range\": *${sent}[^0-9]" "$(adm info -j)"

# A range change does not cut an established connection.
hold_open 1
check "-E: the IPv4 list now refuses A" \
	adm -E -t "$VIP4:80" --source-ranges 198.51.100.0/24
hold_release
check_eq "A's established connection goes on" "again b1" "$(hold_answers)"

# No list: everyone.
adm -E -t "$VIP4:80" --source-ranges any
adm -E -t "[$VIP6]:80" --source-ranges any
out=$(in_c "$LBPEER" client -b "$B4" -n 1 "$VIP4" 80
	in_c "$LBPEER" client -b "$B6" -n 1 "$VIP6" 80)
check_eq "any: B gets in, IPv4 and IPv6" "b1 b1" "$(words "$out")"
check "-S: no ranges left" eval "! adm -S -n | grep -q source-ranges"

# Documentation/datapath.rst's example: only the allowed clients reach the
# VIP's port; the others die at -450, before nflb counts anything.
before=$(src_drops)
check "nftables: the documentation's allow-list chain" in_lb nft -f - <<EOF
table inet vip_guard {
	set vip4_clients {
		type ipv4_addr; flags interval;
		elements = { $A4/32 }
	}
	set vip6_clients {
		type ipv6_addr; flags interval;
		elements = { $A6/128 }
	}
	chain prerouting {
		type filter hook prerouting priority -450; policy accept;
		ip daddr $VIP4 tcp dport 80 ip saddr != @vip4_clients counter drop
		ip6 daddr $VIP6 tcp dport 80 ip6 saddr != @vip6_clients counter drop
	}
}
EOF
in_c "$LBPEER" client -b "$B4" -t 1 -n 1 "$VIP4" 80 >"$NFLB_WORK/b4" &
p4=$!
out=$(in_c "$LBPEER" client -b "$A4" -n 1 "$VIP4" 80)
wait $p4
check_eq "nftables: A passes" "b1" "$out"
check_eq "nftables: B is dropped" "ERR" "$(cut -d' ' -f1 "$NFLB_WORK/b4")"
check_eq "nftables dropped B before nflb: its counter stays" "$before" \
	"$(src_drops)"
exit $nflb_ret
