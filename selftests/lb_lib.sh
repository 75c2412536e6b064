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

# in_c/in_lb run a program in the client's or the balancer's network
# namespace only (nsenter): "ip netns exec" also makes a mount namespace and
# mounts a sysfs, which costs a second a command on the debug kernel.
# lbpeer and nflbadm enter it themselves (-N, --netns): one process less
# (0.3 s on the debug kernel).
in_c() {
	if [ "$1" = "$LBPEER" ]; then
		shift
		"$LBPEER" -N "/run/netns/$C" "$@"
	else
		nsenter --net="/run/netns/$C" "$@"
	fi
}
in_lb() { nsenter --net="/run/netns/$LB" "$@"; }
in_b() { local n=$1; shift; ip netns exec "$NS_PREFIX-b$n" "$@"; }
adm() { "$NFLBADM" --netns "$LB" "$@"; }

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
	nsenter --net="/run/netns/$ns" sysctl -qw "$@" >/dev/null
}

topo_setup() {
	local i ns

	[ -x "$LBPEER" ] || skip "$LBPEER not built (make testprogs)"
	modprobe -q ipip 2>/dev/null
	modprobe -q ip6_tunnel 2>/dev/null
	# As few processes as possible: under TCG each costs 25 ms on a stock
	# kernel and 200 ms on the debug kernel.  One ip -batch makes the
	# namespaces and links, one per namespace configures it.
	{
		echo "netns add $C"
		echo "netns add $LB"
		for i in 1 2 3; do echo "netns add $NS_PREFIX-b$i"; done
		echo "link add c0 netns $C type veth peer name l0 netns $LB"
		for i in 1 2 3; do
			echo "link add eth0 netns $NS_PREFIX-b$i type veth peer name b$i netns $LB"
		done
	} | ip -batch - || return
	ip -n "$C" -batch - <<-EOF || return
		link set lo up
		addr add 10.0.1.2/24 dev c0
		addr add 2001:db8:1::2/64 dev c0 nodad
		link set c0 up
		route add default via 10.0.1.1
		route add ::/0 via 2001:db8:1::1
	EOF
	for i in 1 2 3; do
		ns=$NS_PREFIX-b$i
		{
			echo "link set lo up"
			echo "addr add ${RS4[i - 1]}/24 dev eth0"
			echo "addr add ${RS6[i - 1]}/64 dev eth0 nodad"
			echo "link set eth0 up"
			echo "route add default via 10.0.2.1"
			echo "route add ::/0 via 2001:db8:2::1"
			echo "addr add $VIP4/32 dev lo"
			echo "addr add $VIP6/128 dev lo nodad"
			# the tunnels' fallback devices, when the modules exist
			[ -d /sys/module/ipip ] && echo "link set tunl0 up"
			[ -d /sys/module/ip6_tunnel ] && echo "link set ip6tnl0 up"
			true
		} | ip -n "$ns" -batch - || return
		# the sysctls and the server: one shell in the namespace
		# shellcheck disable=SC2016 # expanded by that shell
		nsenter --net="/run/netns/$ns" sh -c '
			cd /proc/sys/net/ipv4/conf || exit 1
			echo 1 >all/arp_ignore && echo 2 >all/arp_announce &&
			echo 0 >all/rp_filter && echo 0 >default/rp_filter || exit 1
			[ ! -d tunl0 ] || echo 0 >tunl0/rp_filter || exit 1
			exec "$0" server "$1" 80 8080' "$LBPEER" "b$i" \
			>"$NFLB_WORK/b$i.log" 2>&1 &
	done
	ip -n "$LB" -batch - <<-EOF || return
		link set lo up
		addr add 10.0.1.1/24 dev l0
		addr add 2001:db8:1::1/64 dev l0 nodad
		link set l0 up
		link add br0 type bridge
		addr add 10.0.2.1/24 dev br0
		addr add 2001:db8:2::1/64 dev br0 nodad
		link set br0 up
		link set b1 master br0 up
		link set b2 master br0 up
		link set b3 master br0 up
		route add $VIP4/32 dev br0
		route add $VIP6/128 dev br0
	EOF
	# (the last two: the balancer's own clients reach the VIPs over the
	# backends' LAN)
	sysctls "$LB" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
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

# hold_open N: N connections from the client to VIP4:80, held open in the
# background until hold_release; returns once every one was answered.
hold_open() {
	rm -f "$NFLB_WORK/go"
	in_c "$LBPEER" hold -n "$1" -w "$NFLB_WORK/go" "$VIP4" 80 \
		>"$NFLB_WORK/hold" &
	hold_pid=$!
	busywait 10000 held "$1"
}

# held N: N connections of "lbpeer hold" have had their answer.  (busywait
# runs a command again and again: a "$(...)" in its arguments would be
# evaluated once, before the first try.)
held() { [ "$(grep -c '^b' "$NFLB_WORK/hold")" = "$1" ]; }

# hold_release: the held connections ask once more and close.  Then
# hold_answers prints their answers ("again NAME", "again ERR") sorted, on
# one line.  (Not in $(...): only the shell that opened them can wait.)
hold_release() {
	touch "$NFLB_WORK/go"
	wait "$hold_pid"
}

hold_answers() {
	grep again "$NFLB_WORK/hold" | sed 's/ERR.*/ERR/' | sort | tr '\n' ' ' |
		sed 's/ $//'
}

# nginx_conf N SERVERS: backend N's nginx configuration, all under
# $NFLB_WORK/bN, with the server blocks SERVERS.  nginx_start N PORT runs it
# and waits for PORT; nginx_stop N PORT stops it; nginx_kill_all at exit.
nginx_conf() {
	local d=$NFLB_WORK/b$1
	mkdir -p "$d/tmp"
	cat >"$d/nginx.conf" <<EOF
user root;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 256; }
http {
	access_log $d/access.log;
	client_body_temp_path $d/tmp/body;
	proxy_temp_path $d/tmp/proxy;
	fastcgi_temp_path $d/tmp/fastcgi;
	uwsgi_temp_path $d/tmp/uwsgi;
	scgi_temp_path $d/tmp/scgi;
$2
}
EOF
}

listening() { in_b "$1" ss -Htln "sport = :$2" | grep -q .; }
nginx_start() {
	in_b "$1" nginx -c "$NFLB_WORK/b$1/nginx.conf" -e "$NFLB_WORK/b$1/error.log" &&
		busywait 5000 listening "$1" "$2"
}
nginx_stop() {
	kill "$(cat "$NFLB_WORK/b$1/nginx.pid")" &&
		busywait 5000 eval "! listening $1 $2"
}
nginx_kill_all() {
	local i
	for i in 1 2 3; do
		[ -f "$NFLB_WORK/b$i/nginx.pid" ] &&
			kill "$(cat "$NFLB_WORK/b$i/nginx.pid")" 2>/dev/null
	done
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
