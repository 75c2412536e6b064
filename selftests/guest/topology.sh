#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The topology matrix (Documentation/datapath.rst, "Layouts"): every
# forwarding method in the layouts users run, not only the suite's usual one.
#
#   C1 10.0.1.2 ---- l0 10.0.1.1 [LB] br0 10.0.2.1 ---- B1 B2 B3 (10.0.2.1x)
#                          s0 192.0.2.1        (backends behind the balancer)
#                            |
#   C2 198.51.100.2 --- [R] sw 192.0.2.254 ---- S1 S2 S3 (192.0.2.1x)
#                     (one segment: router, balancer, backends)
#
# (IPv6 alike: 2001:db8:1::/64, 2001:db8:2::/64, 2001:db8:c::/64 and
# 2001:db8:5::/64.)  The VIPs 203.0.113.10 and 2001:db8:f::10 are routed
# to the balancer by C1's default route and by R; on the balancer they are
# in turn only routed, on lo, and on a dummy device.  B backends route
# everything back through the balancer; S backends route through R, except
# the replies of port 8080 (NAT and SNI), which a policy rule sends back
# through the balancer (the usual one-armed NAT setup).
#
# All sixteen services (four methods x two backend sets x two families)
# exist at once, one VIP port each (an SNI service routes *.example.com to
# the set and resets other names); each cell is one "lbpeer client" of
# three requests, which must be answered by the three real servers of the
# set.  DR and IP-in-IP replies that cross the balancer carry the VIP as
# their source: with an IPv4 VIP that is an address of the balancer, Linux
# drops them as martians unless accept_local is set on the interface they
# arrive on.  Those cells are checked to fail within the client's time
# limit, then to work with accept_local=1.
#
# Then PMTU discovery with the narrow hop at R (NAT and SNI, v4 and v6:
# the balancer passes R's ICMP errors on to the real server).
#
# Then reconfiguration: one VIP:port (VIP on lo, client behind the router)
# is in turn a NAT, DR, IP-in-IP and SNI service, with -C, -D and -d + -D
# in between, answered after every step.  The namespaces are deleted with
# services in place (nflb's state must go before their devices).
# nflb-timeout: 900

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd ip nsenter

NFLB_WORK=$(mktemp -d)
LBPEER=${LBPEER:-$NFLB_ROOT/selftests/progs/lbpeer}
P=$NS_PREFIX
VIP4=203.0.113.10
VIP6=2001:db8:f::10
B4=(10.0.2.11 10.0.2.12 10.0.2.13)
B6=(2001:db8:2::11 2001:db8:2::12 2001:db8:2::13)
S4=(192.0.2.11 192.0.2.12 192.0.2.13)
S6=(2001:db8:5::11 2001:db8:5::12 2001:db8:5::13)

adm() { "$NFLBADM" --netns "$P-lb" "$@"; }
in_ns() { local ns=$1; shift; nsenter --net="/run/netns/$P-$ns" "$@"; }

# The namespaces go with their services in place: nflb's state must go
# before their devices, or the kernel's namespace cleanup waits forever
# (caught by the dmesg check and the guest's time limit).
cleanup() {
	local ns
	for ns in $(ip netns list | awk '{print $1}' | grep "^$P-"); do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns"
	done
	rm -rf "$NFLB_WORK"
	nflb_unload 2>/dev/null
}

# backend NS NAME ADDR4 ADDR6 GW4 GW6: a real server with the VIPs on lo
# (DR, TUN), its tunnels up, and lbpeer answering NAME on every port used.
backend() {
	local ns=$1 name=$2
	{
		echo "link set lo up"
		echo "addr add $3/24 dev eth0"
		echo "addr add $4/64 dev eth0 nodad"
		echo "link set eth0 up"
		echo "route add default via $5"
		echo "route add ::/0 via $6"
		echo "addr add $VIP4/32 dev lo"
		echo "addr add $VIP6/128 dev lo nodad"
		[ -d /sys/module/ipip ] && echo "link set tunl0 up"
		[ -d /sys/module/ip6_tunnel ] && echo "link set ip6tnl0 up"
		true
	} | ip -n "$P-$ns" -batch - || return
	# shellcheck disable=SC2016 # expanded by that shell
	in_ns "$ns" sh -c '
		cd /proc/sys/net/ipv4/conf || exit 1
		echo 1 >all/arp_ignore && echo 2 >all/arp_announce &&
		echo 0 >all/rp_filter && echo 0 >default/rp_filter || exit 1
		[ ! -d tunl0 ] || echo 0 >tunl0/rp_filter || exit 1
		exec "$0" server "$1" 8080 83 84 85 86' "$LBPEER" "$name" \
		>"$NFLB_WORK/$name.log" 2>&1 &
}

# client NS NET4 NET6: a client at NET4.2/24 and NET6::2/64 whose default
# routes go to .1 and ::1.
client() {
	ip -n "$P-$1" -batch - <<-EOF
		link set lo up
		addr add $2.2/24 dev c0
		addr add $3::2/64 dev c0 nodad
		link set c0 up
		route add default via $2.1
		route add ::/0 via $3::1
	EOF
}

topology() {
	local i
	[ -x "$LBPEER" ] || skip "$LBPEER not built (make testprogs)"
	modprobe -q ipip 2>/dev/null
	modprobe -q ip6_tunnel 2>/dev/null
	modprobe -q dummy 2>/dev/null
	{
		for i in c1 c2 r lb b1 b2 b3 s1 s2 s3; do echo "netns add $P-$i"; done
		echo "link add c0 netns $P-c1 type veth peer name l0 netns $P-lb"
		echo "link add c0 netns $P-c2 type veth peer name r0 netns $P-r"
		echo "link add s0 netns $P-lb type veth peer name lb netns $P-r"
		for i in 1 2 3; do
			echo "link add eth0 netns $P-b$i type veth peer name b$i netns $P-lb"
			echo "link add eth0 netns $P-s$i type veth peer name s$i netns $P-r"
		done
	} | ip -batch - || return
	client c1 10.0.1 2001:db8:1 || return
	client c2 198.51.100 2001:db8:c || return
	ip -n "$P-r" -batch - <<-EOF || return
		link set lo up
		addr add 198.51.100.1/24 dev r0
		addr add 2001:db8:c::1/64 dev r0 nodad
		link set r0 up
		link add sw type bridge
		addr add 192.0.2.254/24 dev sw
		addr add 2001:db8:5::fe/64 dev sw nodad
		link set sw up
		link set lb master sw up
		link set s1 master sw up
		link set s2 master sw up
		link set s3 master sw up
		route add $VIP4/32 via 192.0.2.1
		route add $VIP6/128 via 2001:db8:5::1
		route add 10.0.0.0/16 via 192.0.2.1
		route add 2001:db8:1::/64 via 2001:db8:5::1
		route add 2001:db8:2::/64 via 2001:db8:5::1
	EOF
	ip -n "$P-lb" -batch - <<-EOF || return
		link set lo up
		addr add 10.0.1.1/24 dev l0
		addr add 2001:db8:1::1/64 dev l0 nodad
		link set l0 up
		addr add 192.0.2.1/24 dev s0
		addr add 2001:db8:5::1/64 dev s0 nodad
		link set s0 up
		link add br0 type bridge
		addr add 10.0.2.1/24 dev br0
		addr add 2001:db8:2::1/64 dev br0 nodad
		link set br0 up
		link set b1 master br0 up
		link set b2 master br0 up
		link set b3 master br0 up
		route add default via 192.0.2.254
		route add ::/0 via 2001:db8:5::fe
		link add vip0 type dummy
		link set vip0 up
	EOF
	for i in 1 2 3; do
		backend "b$i" "b$i" "${B4[i - 1]}" "${B6[i - 1]}" 10.0.2.1 2001:db8:2::1 ||
			return
		backend "s$i" "s$i" "${S4[i - 1]}" "${S6[i - 1]}" 192.0.2.254 2001:db8:5::fe ||
			return
		# NAT and SNI replies (from 8080) go back through the balancer
		ip -n "$P-s$i" -batch - <<-EOF || return
			rule add sport 8080 lookup 100
			route add default via 192.0.2.1 table 100
			route add ::/0 via 2001:db8:5::1 table 100
		EOF
		ip -n "$P-s$i" -6 rule add sport 8080 lookup 100 || return
	done
	in_ns r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		>/dev/null || return
	in_ns lb sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		>/dev/null || return
	for i in b1 b2 b3 s1 s2 s3; do
		busywait 5000 grep -q ready "$NFLB_WORK/$i.log" || return
	done
}

# The services, one VIP port per (method, backend set): NAT 81/82 and SNI
# 87/88 to port 8080, DR 83/84 and TUN 85/86 to the same port.
port_of() {
	local base
	case $1 in m) base=81 ;; g) base=83 ;; i) base=85 ;; sni) base=87 ;; esac
	[ "$2" = s ] && base=$((base + 1))
	echo "$base"
}

services() {
	local fam method set port rport vip i flag addrs
	for fam in 4 6; do
		for method in m g i sni; do
			for set in b s; do
				port=$(port_of "$method" "$set")
				rport=$port flag=-$method
				case $method in m) rport=8080 ;; sni) rport=8080 flag=-m ;; esac
				if [ "$fam" = 4 ]; then
					vip=$VIP4:$port
				else
					vip="[$VIP6]:$port"
				fi
				# SNI: only the wildcard rule has real servers;
				# a ClientHello without its name is reset
				if [ "$method" = sni ]; then
					echo "-A -t $vip -s rr --sni-mode --sni-default reset"
					echo "-A -t $vip --sni *.example.com -s rr"
					flag="--sni *.example.com -m"
				else
					echo "-A -t $vip -s rr"
				fi
				if [ "$set$fam" = b4 ]; then addrs=("${B4[@]}");
				elif [ "$set$fam" = b6 ]; then addrs=("${B6[@]}");
				elif [ "$fam" = 4 ]; then addrs=("${S4[@]}");
				else addrs=("${S6[@]}"); fi
				for i in 0 1 2; do
					if [ "$fam" = 4 ]; then
						echo "-a -t $vip -r ${addrs[i]}:$rport $flag"
					else
						echo "-a -t $vip -r [${addrs[i]}]:$rport $flag"
					fi
				done
				# (flag is word-split on purpose: "--sni NAME -m")
			done
		done
	done
}

# vip_on WHERE: the VIPs are only routed (none), on lo, or on vip0.
vip_on() {
	ip -n "$P-lb" -batch - <<-EOF 2>/dev/null
		addr del $VIP4/32 dev lo
		addr del $VIP6/128 dev lo
		addr del $VIP4/32 dev vip0
		addr del $VIP6/128 dev vip0
	EOF
	[ "$1" = none ] && return 0
	ip -n "$P-lb" -batch - <<-EOF
		addr add $VIP4/32 dev $1
		addr add $VIP6/128 dev $1 nodad
	EOF
}

# ask_port CLIENT FAM METHOD PORT [N]: the answers to N (3) requests to
# VIP:PORT, sorted (SNI: a ClientHello for www.example.com first).
ask_port() {
	local vip=$VIP4 sni=()
	[ "$2" = 6 ] && vip=$VIP6
	[ "$3" = sni ] && sni=(-S www.example.com)
	"$LBPEER" -N "/run/netns/$P-$1" client -t 2 -n "${5:-3}" "${sni[@]}" \
		"$vip" "$4" | sed 's/ERR.*/ERR/' | sort | tr '\n' ' ' | sed 's/ $//'
}
# ask CLIENT FAM METHOD SET [N]: the same for one cell of the matrix.
ask() { ask_port "$1" "$2" "$3" "$(port_of "$3" "$4")" "${5:-3}"; }

# martian VIPWHERE FAM METHOD CLIENT SET: the cell's replies cross the
# balancer with a local IPv4 VIP as their source.
martian() {
	[ "$1" != none ] && [ "$2" = 4 ] || return 1
	[ "$3" = g ] || [ "$3" = i ] || return 1
	[ "$5" = b ] || [ "$4" = c1 ]
}

trap cleanup EXIT
nflb_unload
check "insmod" nflb_load
check "topology" topology
check "sixteen services in one restore" eval 'services | adm -R'

declare -A mname=([m]=NAT [g]=DR [i]=TUN [sni]=SNI)
declare -A sname=([b]="backends behind" [s]="backends on the router's segment")
declare -A cname=([c1]="client attached" [c2]="client behind a router")
for where in none lo vip0; do
	check "VIPs: ${where/none/only routed}" vip_on "$where"
	for fam in 4 6; do
		for method in m g i sni; do
			for set in b s; do
				for client in c1 c2; do
					what="VIP ${where/none/routed}, IPv$fam ${mname[$method]}, ${cname[$client]}, ${sname[$set]}"
					want="${set}1 ${set}2 ${set}3"
					if martian "$where" "$fam" "$method" "$client" "$set"; then
						check_eq "$what: fails (martian replies)" \
							ERR "$(ask "$client" "$fam" "$method" "$set" 1)"
						continue
					fi
					check_eq "$what: answered by all three" \
						"$want" "$(ask "$client" "$fam" "$method" "$set")"
				done
			done
		done
	done
done

# SNI routes by name in this layout too: another name is reset.
out=$("$LBPEER" -N "/run/netns/$P-c2" client -t 2 -S www.example.net "$VIP4" 88 | sed 's/ERR.*/ERR/')
check_eq "VIP on vip0, IPv4 SNI, client behind a router: an unmatched name is reset" ERR "$out"

# The remedy for the martian cells: accept_local where the replies arrive.
in_ns lb sysctl -qw net.ipv4.conf.br0.accept_local=1 net.ipv4.conf.s0.accept_local=1
for method in g i; do
	for set in b s; do
		for client in c1 c2; do
			martian lo 4 "$method" "$client" "$set" || continue
			check_eq "VIP vip0, IPv4 ${mname[$method]}, ${cname[$client]}, ${sname[$set]}, accept_local=1: answered" \
				"${set}1 ${set}2 ${set}3" "$(ask "$client" 4 "$method" "$set")"
		done
	done
done

# ---- PMTU discovery when a router, not the balancer, is the narrow hop ----
# R's link to C2 narrows to 1280, so R answers a full-size reply with
# "fragmentation needed" / "packet too big", addressed to the reply's
# source: the VIP.  The balancer must hand that error to the real server
# in the server's own terms (for SNI, with the quoted sequence number
# translated back to the server's), or the server never lowers its MSS and
# the download stalls.  The real servers forget learnt PMTUs before each
# download, so every one depends on an error that R sent.
pmtu_forget() {
	local i
	for i in b1 b2 b3 s1 s2 s3; do
		ip -n "$P-$i" route flush cache && ip -n "$P-$i" -6 route flush cache ||
			return
	done
}
check "R's link to the client: mtu 1280" ip -n "$P-r" link set r0 mtu 1280
# Except for IPv4 with the S backends: Linux records what a TCP socket
# learns of the path MTU on the route chosen without ports
# (ip_rt_update_pmtu()), their default route through R, not the source-port
# rule's route through the balancer, so the socket never sees it although
# the error arrived (datapath.rst, "Layouts").  Their remedy here:
# black-hole detection, tcp_mtu_probing=1.
for i in 1 2 3; do
	in_ns "s$i" sysctl -qw net.ipv4.tcp_mtu_probing=1 >/dev/null
done
for fam in 4 6; do
	for method in m sni; do
		for set in b s; do
			vip=$VIP4 sni=()
			[ "$fam" = 6 ] && vip=$VIP6
			[ "$method" = sni ] && sni=(-S www.example.com)
			pmtu_forget
			what=
			[ "$fam$set" = 4s ] && what=" (tcp_mtu_probing=1)"
			check_eq "IPv$fam ${mname[$method]}, ${sname[$set]}: 1 MiB down across R's 1280 link$what" \
				"ok 1048576" "$("$LBPEER" -N "/run/netns/$P-c2" bulk -d -m 1 \
					"${sni[@]}" "$vip" "$(port_of "$method" "$set")")"
		done
	done
done
check "R's link to the client: mtu 1500 again" ip -n "$P-r" link set r0 mtu 1500

# ---- reconfiguration: one VIP:port in turn NAT, DR, IP-in-IP, SNI ----
# With the VIP on lo and the client behind the router: flushes, deletes
# and re-adds in between, answered after each step.  (seq_svc METHOD
# FAMILY: VIP:90 by METHOD to the S backends; NAT and SNI to 8080, DR and
# TUN to 90, which the S backends do not serve: they get a port of their
# own on 90 below.)
vip_on lo
for i in 1 2 3; do
	# shellcheck disable=SC2016
	in_ns "s$i" sh -c 'exec "$0" server "$1" 90' "$LBPEER" "s$i" \
		>"$NFLB_WORK/s$i-90.log" 2>&1 &
done
seq_ready() { grep -q ready "$NFLB_WORK/s1-90.log" && grep -q ready "$NFLB_WORK/s2-90.log" &&
	grep -q ready "$NFLB_WORK/s3-90.log"; }
check "servers on port 90" busywait 5000 seq_ready
seq_svc() {
	local method=$1 fam=$2 vip rport=90 flag=-$1 opt='' i addrs
	case $method in m) rport=8080 ;; sni) rport=8080 flag=-m opt=--sni-mode ;; esac
	if [ "$fam" = 4 ]; then vip=$VIP4:90 addrs=("${S4[@]}")
	else vip="[$VIP6]:90" addrs=("${S6[@]}"); fi
	echo "-A -t $vip -s rr $opt"
	for i in 0 1 2; do
		if [ "$fam" = 4 ]; then echo "-a -t $vip -r ${addrs[i]}:$rport $flag"
		else echo "-a -t $vip -r [${addrs[i]}]:$rport $flag"; fi
	done
}
# seq_del FAMILY: the service on VIP:90, its real servers first.
seq_del() {
	local vip=$VIP4:90 a
	[ "$1" = 6 ] && vip="[$VIP6]:90"
	for a in $(adm -S -n | awk -v v="$vip" '$1 == "-a" && $3 == v { print $5 }'); do
		adm -d -t "$vip" -r "$a" || return
	done
	adm -D -t "$vip"
}
step=0
for method in m g i sni m sni g i; do
	step=$((step + 1))
	case $((step % 3)) in
	0) how="after -C" prep="adm -C" ;;
	1) how="after -D" prep="adm -D -t $VIP4:90 && adm -D -t [$VIP6]:90" ;;
	*) how="after -d of its real servers and -D" prep="seq_del 4 && seq_del 6" ;;
	esac
	[ "$step" = 1 ] && how='' prep=true
	check "step $step: ${mname[$method]} $how" \
		eval "$prep && { seq_svc $method 4; seq_svc $method 6; } | adm -R"
	for fam in 4 6; do
		check_eq "step $step, IPv$fam ${mname[$method]}: answered by all three" \
			"s1 s2 s3" "$(ask_port c2 "$fam" "$method" 90)"
	done
done

exit $nflb_ret
