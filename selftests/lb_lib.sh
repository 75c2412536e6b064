# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
#
# The data-path topology, shared by selftests/guest/datapath_*.sh:
#
#   client (ns C)                 balancer (ns LB)                backends
#   c0 10.0.1.2/24      ----      l0 10.0.1.1/24
#      2001:db8:1::2/64              2001:db8:1::1/64
#   default via LB                br0 10.0.2.1/24 ------+-- b1 10.0.2.11  (ns B1)
#                                     2001:db8:2::1/64  +-- b2 10.0.2.12  (ns B2)
#                                                       +-- b3 10.0.2.13  (ns B3)
#                                                       (2001:db8:2::11..13)
#
# VIPs 192.0.2.1 and 2001:db8:f::1 are on no interface of the balancer:
# they are only routed to it (the client's default route).  Backends carry
# the VIPs on lo (DR, TUN), have tunl0/ip6tnl0 up (TUN), route back through
# the balancer, and run "lbpeer server bN 80 8080" (NAT maps 80 to 8080).

# shellcheck source=selftests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NFLB_WORK=$(mktemp -d)
LBPEER=${LBPEER:-$NFLB_ROOT/selftests/progs/lbpeer}
C=$NS_PREFIX-c
LB=$NS_PREFIX-lb
VIP4=192.0.2.1
VIP6=2001:db8:f::1
RS4=(10.0.2.11 10.0.2.12 10.0.2.13)
RS6=(2001:db8:2::11 2001:db8:2::12 2001:db8:2::13)

in_c() { ip netns exec "$C" "$@"; }
in_lb() { ip netns exec "$LB" "$@"; }
in_b() { local n=$1; shift; ip netns exec "$NS_PREFIX-b$n" "$@"; }
adm() { in_lb "$NFLBADM" "$@"; }

topo_cleanup() {
	local ns
	for ns in $(ip netns list | awk '{print $1}' | grep "^$NS_PREFIX-"); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns"
	done
	rm -rf "$NFLB_WORK"
}

sysctls() {
	local ns=$1
	shift
	ip netns exec "$ns" sysctl -qw "$@" >/dev/null
}

topo_setup() {
	local i ns

	[ -x "$LBPEER" ] || skip "$LBPEER not built (make testprogs)"
	modprobe -q ipip 2>/dev/null
	modprobe -q ip6_tunnel 2>/dev/null
	ip netns add "$C" || return
	ip netns add "$LB" || return
	ip -n "$C" link set lo up
	ip -n "$LB" link set lo up
	ip link add c0 netns "$C" type veth peer name l0 netns "$LB" || return
	ip -n "$C" addr add 10.0.1.2/24 dev c0
	ip -n "$C" addr add 2001:db8:1::2/64 dev c0 nodad
	ip -n "$C" link set c0 up
	ip -n "$C" route add default via 10.0.1.1
	ip -n "$C" -6 route add default via 2001:db8:1::1
	ip -n "$LB" addr add 10.0.1.1/24 dev l0
	ip -n "$LB" addr add 2001:db8:1::1/64 dev l0 nodad
	ip -n "$LB" link set l0 up
	ip -n "$LB" link add br0 type bridge
	ip -n "$LB" addr add 10.0.2.1/24 dev br0
	ip -n "$LB" addr add 2001:db8:2::1/64 dev br0 nodad
	ip -n "$LB" link set br0 up
	# the balancer's own clients reach the VIPs over the backends' LAN
	ip -n "$LB" route add "$VIP4/32" dev br0
	ip -n "$LB" -6 route add "$VIP6/128" dev br0
	sysctls "$LB" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

	for i in 1 2 3; do
		ns=$NS_PREFIX-b$i
		ip netns add "$ns" || return
		ip -n "$ns" link set lo up
		ip link add eth0 netns "$ns" type veth peer name "b$i" \
			netns "$LB" || return
		ip -n "$LB" link set "b$i" master br0 up
		ip -n "$ns" addr add "${RS4[i - 1]}/24" dev eth0
		ip -n "$ns" addr add "${RS6[i - 1]}/64" dev eth0 nodad
		ip -n "$ns" link set eth0 up
		ip -n "$ns" route add default via 10.0.2.1
		ip -n "$ns" -6 route add default via 2001:db8:2::1
		ip -n "$ns" addr add "$VIP4/32" dev lo
		ip -n "$ns" addr add "$VIP6/128" dev lo nodad
		sysctls "$ns" net.ipv4.conf.all.arp_ignore=1 \
			net.ipv4.conf.all.arp_announce=2 \
			net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0
		ip -n "$ns" link set tunl0 up 2>/dev/null
		ip -n "$ns" link set ip6tnl0 up 2>/dev/null
		sysctls "$ns" net.ipv4.conf.tunl0.rp_filter=0 2>/dev/null
		ip netns exec "$ns" "$LBPEER" server "b$i" 80 8080 \
			>"$NFLB_WORK/b$i.log" 2>&1 &
	done
	for i in 1 2 3; do
		busywait 5000 grep -q ready "$NFLB_WORK/b$i.log" || return
	done
}

# vip FAMILY: the VIP of family 4 or 6; rs FAMILY N: backend N's address.
vip() { if [ "$1" = 6 ]; then echo "$VIP6"; else echo "$VIP4"; fi; }
rs() { if [ "$1" = 6 ]; then echo "${RS6[$2 - 1]}"; else echo "${RS4[$2 - 1]}"; fi; }
# ipvsadm's address:port notation
hostport() { if [ "$1" = 6 ]; then echo "[$2]:$3"; else echo "$2:$3"; fi; }

# add_service FAMILY PROTO(t|u) METHOD(m|g|i) SCHED [BACKENDS...]: VIP:80
# with the backends (default 1 2 3), NAT to port 8080.
add_service() {
	local fam=$1 proto=$2 method=$3 sched=$4 port=80 i
	shift 4
	[ "$method" = m ] && port=8080
	adm -A "-$proto" "$(hostport "$fam" "$(vip "$fam")" 80)" -s "$sched" ||
		return
	[ $# -gt 0 ] || set -- 1 2 3
	for i in "$@"; do
		adm -a "-$proto" "$(hostport "$fam" "$(vip "$fam")" 80)" \
			-r "$(hostport "$fam" "$(rs "$fam" "$i")" "$port")" \
			"-$method" || return
	done
}

# words TEXT: the lines of TEXT on one line, space-separated.
words() { tr '\n' ' ' <<<"$1" | sed 's/ *$//'; }

# count_names TEXT: "b1=N b2=N b3=N" from lines of backend names.
count_names() {
	local text=$1
	printf 'b1=%s b2=%s b3=%s' \
		"$(grep -c '^b1$' <<<"$text")" "$(grep -c '^b2$' <<<"$text")" \
		"$(grep -c '^b3$' <<<"$text")"
}

# lb_start: the usual start of a data-path test: clean up on exit, load
# nflb, build the topology (each a check).
lb_cleanup() {
	topo_cleanup
	nflb_unload 2>/dev/null
}

lb_start() {
	trap lb_cleanup EXIT
	nflb_unload
	check "insmod" nflb_load
	check "topology" topo_setup
}
