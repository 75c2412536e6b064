#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SNI handshakes that arrive through a collect-metadata tunnel (a vxlan
# device in "external" mode, as Cilium and OVS use): the decapsulated SYN
# carries a metadata dst, which has no device.  nflb's SYN-ACK must not
# take the MSS from it (dst_mtu() of a metadata dst reads its NULL
# device: an oops on 6.1), but from the device the SYN came in on.
#
#   C: c0 10.0.9.2 ---- l0 10.0.9.1 :LB
#      vx0 (VNI 42, remote 10.0.9.1)   vx0 (external)
#      10.0.10.2  -------------------- 10.0.10.1, SNI VIP 192.0.2.100:443
#
# The client's vx0 reaches the VIP; the balancer answers it by a route with
# a tunnel encapsulation (ip route ... encap ip id 42 dst 10.0.9.2).  A
# connect() from the client succeeds when nflb answered the SYN.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd ip nsenter timeout
C=$NS_PREFIX-c
LB=$NS_PREFIX-lb
VIP=192.0.2.100
MAC_LB=02:00:00:00:0a:01
MAC_C=02:00:00:00:0a:02

cleanup() {
	ip netns del "$C" 2>/dev/null
	ip netns del "$LB" 2>/dev/null
	nflb_unload 2>/dev/null
}

topology() {
	modprobe -q vxlan 2>/dev/null
	ip -batch - <<-EOF || return
		netns add $C
		netns add $LB
		link add c0 netns $C type veth peer name l0 netns $LB
	EOF
	ip -n "$LB" -batch - <<-EOF || return
		link set lo up
		addr add 10.0.9.1/24 dev l0
		link set l0 up
		link add vx0 address $MAC_LB type vxlan external dstport 4789
		addr add 10.0.10.1/24 dev vx0
		link set vx0 up
		neigh add 10.0.10.2 lladdr $MAC_C dev vx0
		route add 10.0.10.2/32 encap ip id 42 dst 10.0.9.2 dev vx0
	EOF
	ip -n "$C" -batch - <<-EOF || return
		link set lo up
		addr add 10.0.9.2/24 dev c0
		link set c0 up
		link add vx0 address $MAC_C type vxlan id 42 remote 10.0.9.1 dstport 4789 dev c0
		addr add 10.0.10.2/24 dev vx0
		link set vx0 up
		route add $VIP/32 dev vx0
		neigh add $VIP lladdr $MAC_LB dev vx0
	EOF
}

# connects PORT: a TCP connect() from the client to the VIP within 5 s.
connects() {
	nsenter --net="/run/netns/$C" timeout 5 bash -c "exec 3<>/dev/tcp/$VIP/$1" 2>/dev/null
}

trap cleanup EXIT
nflb_unload
check "insmod" nflb_load
check "topology: vxlan, external on the balancer" topology
check "an SNI service on the VIP (its real server need not answer)" eval "
	$NFLBADM --netns $LB -A -t $VIP:443 -s rr --sni-mode &&
	$NFLBADM --netns $LB -a -t $VIP:443 -r 10.0.9.2:8443 -m"
check "through the tunnel: connect() to the SNI service succeeds, nflb answered the SYN" connects 443
check "... again (a cookie for a second flow)" connects 443
exit $nflb_ret
