#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SNI-bound connections through fraglist GRO (Documentation/sni.rst,
# "Translation, both ways"): with rx-gro-list on the balancer's interfaces
# Linux 6.10+ merges forwarded TCP segments into fraglist packets, and with
# tx-gso-list off on the way out they are segmented again in software.
# Every segment must carry the translated sequence numbers; when only the
# first does, the stream still arrives whole (each lost segment is resent
# alone, which is not merged), so the test counts retransmitted segments:
# fewer than 1 % of those sent, as through plain NAT on the same path.
# (On kernels before 6.10 TCP is not merged by fraglist GRO: the same
# checks then cover ordinary GRO.)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip ethtool

# segs NS: "SENT RESENT", the TCP segments sent and resent in namespace NS.
# shellcheck disable=SC2016 # awk's fields
segs() {
	nsenter --net="/run/netns/$1" awk '/^Tcp:/ && !h { h = 1; next }
		/^Tcp:/ { print $12, $13 }' /proc/self/net/snmp
}
# clean NS MIB DIRECTION ADDR PORT: MIB MiB through ADDR:PORT (upload, or
# with -d download), and fewer than 1 % of NS's segments sent twice.
clean() {
	local ns=$1 mib=$2 out s0 r0 s1 r1
	shift 2
	read -r s0 r0 < <(segs "$ns")
	out=$(in_c "$LBPEER" bulk -m "$mib" -S www.example.com "$@")
	read -r s1 r1 < <(segs "$ns")
	echo "# $*: $out; $((s1 - s0)) segments sent, $((r1 - r0)) again"
	[ "$out" = "ok $((mib << 20))" ] && [ $(((r1 - r0) * 100)) -lt $((s1 - s0)) ]
}

lb_start
check "a NAT service on :80 to b1" add_service 4 t m rr 1
check "SNI services, v4 and v6, to b1" eval "
	adm -A -t $VIP4:443 -s rr --sni-mode && adm -a -t $VIP4:443 -r ${RS4[0]}:8080 -m &&
	adm -A -t [$VIP6]:443 -s rr --sni-mode && adm -a -t [$VIP6]:443 -r [${RS6[0]}]:8080 -m"
# veth merges only what a sender without TSO sends; the balancer merges
# with fraglist and segments in software towards both sides
check "senders without TSO" eval "in_b 1 ethtool -K eth0 tso off && in_c ethtool -K c0 tso off"
check "the balancer: GRO with fraglist in, no fraglist GSO out" eval "
	in_lb ethtool -K l0 gro on rx-gro-list on tx-gso-list off &&
	in_lb ethtool -K b1 gro on rx-gro-list on tx-gso-list off &&
	in_lb ethtool -K br0 tx-gso-list off"
N=$NS_PREFIX-b1
check "NAT, 4 MiB down: few segments sent twice" clean "$N" 4 -d "$VIP4" 80
check "SNI, 4 MiB down: few segments sent twice" clean "$N" 4 -d "$VIP4" 443
check "SNI over IPv6, 4 MiB down: few segments sent twice" clean "$N" 4 -d "$VIP6" 443
check "SNI, 4 MiB up: few segments sent twice" clean "$C" 4 "$VIP4" 443
check "SNI over IPv6, 4 MiB up: few segments sent twice" clean "$C" 4 "$VIP6" 443
exit "$nflb_ret"
