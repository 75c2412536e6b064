#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# datapath.sh: make bench's guest half (selftests/bench/bench.sh boots it
# through run-guest.sh).  Every figure is measured in this one guest, on one
# topology, alternating the systems under test within each round:
#
#   client (ns C)             balancer (ns LB)               backends
#   c0 10.0.1.2   -------     l0 10.0.1.1
#   pktgen, lbpeer rate,      nflb  VIP 192.0.2.1 (routed)   br0 -+- b1 10.0.2.11
#   iperf3 -c                 IPVS  VIP 192.0.2.2 (on lo)         +- b2 10.0.2.12
#                                                                 +- b3 10.0.2.13
#   backends: both VIPs on lo (DR), tunl0 up (TUN), lbpeer server +9090,
#   iperf3 -s, an iptables rule dropping (and counting nothing else than)
#   UDP port 9; topology and addresses: selftests/lb_lib.sh
#
# Systems: "direct" (the client addresses b1; the balancer only forwards),
# "nflb" (VIP 192.0.2.1, three backends, rr) and "ipvs" (VIP 192.0.2.2, the
# same).  Before each measurement both tables are cleared and only the
# system under test is configured, so neither's hooks tax the other.
#
# Rows (each sample is a line "BENCH ROW METHOD SYSTEM ROUND VALUE"; the
# host computes medians and ratios, selftests/bench/report.py):
#   conn  new TCP connections/s (lbpeer rate, CONC clients)     nat dr tun
#   pps   UDP packets/s from pktgen, counted at the backends    nat dr tun
#   bulk  TCP throughput, iperf3, Mbit/s                        nat dr tun
#   lookup  pps through nflb (NAT) with 1, 10 000, 100 000 services
#   mem   bytes of slab per tracked connection, 100 000 UDP flows
#   control  nflbadm apply / nflbadm -R / ipvsadm -R (control.sh)
#
# Environment: NFLB_BENCH_ROUNDS (3), NFLB_BENCH_SECS (3, per sample),
# NFLB_BENCH_CONC (9), NFLB_BENCH_ROWS ("conn pps bulk lookup mem control"),
# NFLB_BENCH_METHODS ("nat dr tun"), NFLB_BENCH_LOOKUP ("1 10000 100000"),
# NFLB_BENCH_CONNS (100000; a multiple of 32), NFLB_BENCH_SERVICES and
# NFLB_BENCH_DESTS (control: 10000 x 10), NFLB_BENCH_IPVS_RESTORE (1: time
# ipvsadm -R too).

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
ROUNDS=${NFLB_BENCH_ROUNDS:-3}
SECS=${NFLB_BENCH_SECS:-3}
CONC=${NFLB_BENCH_CONC:-9}
ROWS=${NFLB_BENCH_ROWS:-conn pps bulk lookup mem control}
METHODS=${NFLB_BENCH_METHODS:-nat dr tun}
LOOKUP=${NFLB_BENCH_LOOKUP:-1 10000 100000}
NCONNS=${NFLB_BENCH_CONNS:-100000}
VIPV=192.0.2.2
SYSTEMS="direct nflb ipvs"
PG=/proc/net/pktgen

cleanup() {
	pg_ctl stop 2>/dev/null
	in_lb ipvsadm -C 2>/dev/null
	topo_cleanup
	modprobe -r pktgen ip_vs_rr ip_vs 2>/dev/null
	nflb_unload 2>/dev/null
}

say() { echo "# [$(date +%T)] $*"; }
row_on() { [[ " $ROWS " == *" $1 "* ]]; }
sample() { echo "BENCH $*"; }

# flag METHOD: ipvsadm's forwarding flag
flag() { case $1 in nat) echo -m ;; dr) echo -g ;; tun) echo -i ;; esac; }

# configure SYSTEM METHOD: only SYSTEM balances TCP 9090 and 5201 and UDP 9
# (rr; 5201, iperf3, by source hashing).
configure() {
	local sys=$1 f vip svc i sched
	f=$(flag "$2")
	adm -C
	in_lb ipvsadm -C
	case $sys in
	nflb) vip=$VIP4 ;;
	ipvs) vip=$VIPV ;;
	*) return 0 ;;
	esac
	for svc in t:9090 t:5201 u:9; do
		# iperf3's control and data connections must meet one server
		sched=rr
		[ "$svc" = t:5201 ] && sched="sh"
		if [ "$sys" = nflb ]; then
			adm -A "-${svc%%:*}" "$vip:${svc#*:}" -s $sched || return
		else
			in_lb ipvsadm -A "-${svc%%:*}" "$vip:${svc#*:}" -s $sched || return
		fi
		for i in 0 1 2; do
			if [ "$sys" = nflb ]; then
				adm -a "-${svc%%:*}" "$vip:${svc#*:}" -r "${RS4[i]}:${svc#*:}" "$f" || return
			else
				in_lb ipvsadm -a "-${svc%%:*}" "$vip:${svc#*:}" -r "${RS4[i]}:${svc#*:}" "$f" || return
			fi
		done
	done
}

target() {
	case $1 in
	direct) echo "${RS4[0]}" ;;
	nflb) echo "$VIP4" ;;
	ipvs) echo "$VIPV" ;;
	esac
}

# --- pktgen, in the client namespace ----------------------------------------

pg_set() { in_c sh -c "echo '$2' >$PG/$1"; }
pg_ctl() { pg_set pgctrl "$1"; }

pg_setup() {
	local mac
	modprobe pktgen || return
	mac=$(ip -n "$LB" -br link show l0 | awk '{print $3}')
	pg_set kpktgend_0 rem_device_all
	pg_set kpktgend_0 "add_device c0"
	pg_set c0 "pkt_size 60"
	pg_set c0 "clone_skb 0"
	pg_set c0 "delay 0"
	pg_set c0 "dst_mac $mac"
	pg_set c0 "udp_dst_min 9"
	pg_set c0 "udp_dst_max 9"
}

# pg_flows SRC_MIN SRC_MAX PORT_MIN PORT_MAX: source addresses (inclusive)
# and ports (PORT_MAX exclusive: pktgen wraps when it reaches it).
pg_flows() {
	pg_set c0 "src_min $1"
	pg_set c0 "src_max $2"
	pg_set c0 "udp_src_min $3"
	pg_set c0 "udp_src_max $4"
}

rx_total() {
	local i n=0
	for i in 1 2 3; do
		n=$((n + $(in_b "$i" cat /sys/class/net/eth0/statistics/rx_packets)))
	done
	echo "$n"
}

# pps TARGET: pktgen floods TARGET:9 from 1024 flows (directly: to the three
# backends in turn); prints the packets per second the three backends
# received over SECS seconds (after one second of warm-up).
pps() {
	local t0 t1 n0 n1 job
	if [ "$1" = "${RS4[0]}" ]; then
		pg_set c0 "dst_min ${RS4[0]}"
		pg_set c0 "dst_max ${RS4[2]}"
	else
		pg_set c0 "dst_min $1"
		pg_set c0 "dst_max $1"
	fi
	pg_set c0 "count 0"
	pg_set c0 "delay 0"
	pg_ctl start &
	job=$!
	sleep 1
	t0=$(date +%s%N)
	n0=$(rx_total)
	sleep "$SECS"
	n1=$(rx_total)
	t1=$(date +%s%N)
	pg_ctl stop
	wait "$job"
	awk -v n=$((n1 - n0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f\n", n / (t / 1e9) }'
}

# --- the rows ---------------------------------------------------------------

# conn_rate SYSTEM: "CONNS_PER_SECOND FAILED".  Directly, CONC/3 clients
# connect to each backend at once (one server alone would be the limit, not
# the path); through a VIP, CONC clients share the three.
conn_rate() {
	local i
	if [ "$1" != direct ]; then
		in_c "$LBPEER" rate -c "$CONC" -d "$SECS" "$(target "$1")" 9090
		return
	fi
	for i in 0 1 2; do
		in_c "$LBPEER" rate -c $((CONC / 3)) -d "$SECS" "${RS4[i]}" 9090 &
	done | awk '{ c += $1; f += $2 } END { printf "%.1f %d\n", c, f }'
}

bulk() {
	in_c timeout $((SECS + 20)) iperf3 -c "$(target "$1")" -p 5201 -t "$SECS" \
		--connect-timeout 3000 -J 2>/dev/null |
		jq -r '(.end.sum_received.bits_per_second // 0) / 1e6 | floor'
}

datapath_rows() {
	local r m sys v failed
	for r in $(seq "$ROUNDS"); do
		for m in $METHODS; do
			for sys in $SYSTEMS; do
				configure "$sys" "$m" || { echo "configure $sys $m failed" >&2; return 1; }
				if row_on conn; then
					read -r v failed <<<"$(conn_rate "$sys")"
					say "round $r conn $m $sys: $v conn/s ($failed failed)"
					sample conn "$m" "$sys" "$r" "$v"
				fi
				if row_on pps; then
					v=$(pps "$(target "$sys")")
					say "round $r pps $m $sys: $v packets/s"
					sample pps "$m" "$sys" "$r" "$v"
				fi
				if row_on bulk; then
					v=$(bulk "$sys")
					say "round $r bulk $m $sys: $v Mbit/s"
					sample bulk "$m" "$sys" "$r" "$v"
				fi
			done
		done
	done
}

# state N FILE: N UDP services; the first is nflb's VIP:9 (NAT to the three
# backends), the others 198.18.0.0/15 port 9 without real servers (a service
# lookup does not look at them).
state() {
	python3 - "$1" "$VIP4" "${RS4[@]}" >"$2" <<'PY'
import json, sys
n, vip, rs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
svcs = [{"protocol": "udp", "address": vip, "port": 9, "scheduler": "rr",
         "real_servers": [{"address": a, "port": 9, "forward": "masq"} for a in rs]}]
for i in range(1, n):
    svcs.append({"protocol": "udp", "port": 9, "scheduler": "rr",
                 "address": "198.%d.%d.%d" % (18 + (i >> 16), (i >> 8) & 255, i & 255)})
json.dump({"services": svcs}, sys.stdout)
PY
}

# Services 1 -> 10 000 -> 100 000 -> 1 again (apply, then apply --prune),
# ROUNDS samples at each step; the two ends show any drift.
lookup_row() {
	local n r v f
	adm -C
	in_lb ipvsadm -C
	for n in $LOOKUP $(echo "$LOOKUP" | awk '{print $1}'); do
		f=$NFLB_WORK/state-$n.json
		[ -f "$f" ] || state "$n" "$f"
		say "lookup: nflbadm apply --prune of $n services"
		adm apply --prune -f "$f" >/dev/null || { echo "apply of $n services failed" >&2; return 1; }
		say "lookup: $(adm info | grep -E '^services:')"
		for r in $(seq "$ROUNDS"); do
			v=$(pps "$VIP4")
			say "round $r lookup nat $n services: $v packets/s"
			sample lookup "$n" nflb "$r" "$v"
		done
	done
	adm -C
}

# slab_bytes CACHE: memory of a slab cache in bytes (slabs x slab size);
# a merged cache (sysfs alias) counts its partners' objects too.
slab_bytes() {
	local d=/sys/kernel/slab/$1 slabs order
	[ -e "$d" ] || { echo 0; return; }
	slabs=$(awk '{print $1}' "$d/slabs")
	order=$(cat "$d/order")
	echo $((slabs * (4096 << order)))
}

slab_desc() {
	local d=/sys/kernel/slab/$1
	[ -e "$d" ] || { echo "$1: no cache"; return; }
	echo "$1: object $(cat "$d/object_size") B, slot $(cat "$d/slab_size") B," \
		"$(cat "$d/objs_per_slab") per slab of order $(cat "$d/order")$(
			[ -L "$d" ] && echo ", merged into $(basename "$(readlink "$d")")")"
}

meminfo_slab() { awk '/^Slab:/ {print $2 * 1024}' /proc/meminfo; }

# mem_row: NCONNS UDP flows (32 source addresses x NCONNS/32 ports, every
# pair once in each pass of the sequence) to each system's VIP:9, pktgen
# at a bounded rate (NFLB_BENCH_MEM_RATE, 5000/s), two passes; bytes of
# slab per tracked connection.
mem_row() {
	local sys cache b0 b1 m0 m1 conns ports=$((NCONNS / 32))
	pg_flows 10.0.1.32 10.0.1.63 10000 $((10000 + ports))
	in_lb sysctl -qw net.ipv4.vs.conntrack=0 2>/dev/null
	for sys in nflb ipvs; do
		configure "$sys" nat
		cache=nflb_conn
		[ "$sys" = ipvs ] && cache=ip_vs_conn
		say "mem: $(slab_desc "$cache")"
		b0=$(slab_bytes "$cache")
		m0=$(meminfo_slab)
		pg_set c0 "dst_min $(target "$sys")"
		pg_set c0 "dst_max $(target "$sys")"
		# below 10 000/s pktgen sleeps between packets rather than
		# spinning, and leaves the CPU to the softirqs it feeds
		pg_set c0 "ratep ${NFLB_BENCH_MEM_RATE:-5000}"
		pg_set c0 "count $((2 * NCONNS))"
		timeout 300 ip netns exec "$C" sh -c "echo start >$PG/pgctrl"
		if [ "$sys" = nflb ]; then
			conns=$(adm info | sed -n 's/^connections: //p')
		else
			conns=$(in_lb ipvsadm -L -n -u "$VIPV:9" |
				awk '$1 == "->" && $2 ~ /:9$/ {n += $5 + $6} END {print n + 0}')
		fi
		b1=$(slab_bytes "$cache")
		m1=$(meminfo_slab)
		say "mem $sys: $conns connections, $cache +$((b1 - b0)) B, Slab (meminfo) +$((m1 - m0)) B"
		[ "$conns" -gt 0 ] || { echo "mem: $sys tracked no connection" >&2; continue; }
		sample mem conns "$sys" 1 "$conns"
		sample mem slab "$sys" 1 "$(((b1 - b0) / conns))"
		sample mem meminfo "$sys" 1 "$(((m1 - m0) / conns))"
		[ "$sys" = nflb ] && sample mem entry nflb 1 \
			"$(adm info | sed -n 's/^connection entry size: \([0-9]*\).*/\1/p')"
	done
	pg_flows 10.0.1.2 10.0.1.2 1024 2048
	pg_set c0 "delay 0"
}

control_row() {
	local out line size=${NFLB_BENCH_SERVICES:-10000}x${NFLB_BENCH_DESTS:-10}
	[ "${NFLB_BENCH_IPVS_RESTORE:-1}" = 1 ] || export NFLB_BENCH_IPVS=0
	say "control: $size services x real servers (selftests/bench/control.sh)"
	out=$(NFLB_BENCH_REPEAT=1 bash "$NFLB_ROOT/selftests/bench/control.sh" --guest 2>&1)
	while IFS= read -r line; do echo "#   $line"; done <<<"$out"
	while IFS= read -r line; do
		if [[ $line =~ ^nflbadm\ apply\ +([0-9]+)\ ms$ ]]; then
			sample control apply nflb 1 "${BASH_REMATCH[1]}"
		elif [[ $line =~ ^nflbadm\ -R\ +([0-9]+)\ ms$ ]]; then
			sample control restore nflb 1 "${BASH_REMATCH[1]}"
		elif [[ $line =~ ^ipvsadm\ -R\ \(IPVS\)\ +([0-9]+)\ ms$ ]]; then
			sample control restore ipvs 1 "${BASH_REMATCH[1]}"
		fi
	done <<<"$(sed -n '/^# best times/,/^# ratios/p' <<<"$out")"
	echo "BENCHINFO control $size"
}

# bench_base: nflb and IPVS loaded, the topology with IPVS's VIP, the
# backends dropping UDP port 9 (also selftests/bench/icount.sh's).
bench_base() {
	local i
	require_cmd ipvsadm iptables
	trap cleanup EXIT
	nflb_unload
	nflb_load || { echo "insmod failed" >&2; exit 1; }
	modprobe -a ip_vs ip_vs_rr ip_vs_sh || skip "no IPVS"
	topo_setup || { echo "topology failed" >&2; exit 1; }
	ip -n "$LB" addr add "$VIPV/32" dev lo
	# DR and TUN replies to IPVS's VIP come back through the balancer
	# with a source address it owns.
	sysctls "$LB" net.ipv4.conf.all.accept_local=1 net.ipv4.conf.br0.accept_local=1
	for i in 1 2 3; do
		ip -n "$NS_PREFIX-b$i" addr add "$VIPV/32" dev lo
		in_b "$i" iptables -A INPUT -p udp --dport 9 -j DROP || exit 1
	done
}

# bench_setup: bench_base, the servers, pktgen.
bench_setup() {
	local i
	require_cmd iperf3 jq python3
	bench_base
	for i in 1 2 3; do
		in_b "$i" "$LBPEER" server "b$i" +9090 >/dev/null 2>&1 &
		in_b "$i" iperf3 -s -D -p 5201 >/dev/null 2>&1
	done
	busywait 5000 in_c "$LBPEER" client "${RS4[0]}" 9090 >/dev/null ||
		{ echo "lbpeer +9090 not answering" >&2; exit 1; }
	pg_setup || skip "no pktgen"
	pg_flows 10.0.1.2 10.0.1.2 1024 2048
}

main() {
	bench_setup
	say "kernel $(uname -r), rounds $ROUNDS, ${SECS}s per sample, rows: $ROWS"
	echo "BENCHINFO kernel $(uname -r)"
	echo "BENCHINFO rounds $ROUNDS"
	echo "BENCHINFO secs $SECS"
	datapath_rows || exit 1
	if row_on lookup; then lookup_row || exit 1; fi
	if row_on mem; then mem_row; fi
	say "nflb: $(adm info | grep -E 'entry size|dropped' | tr '\n' ';')"
	if row_on control; then
		cleanup
		trap - EXIT
		control_row
	fi
	say "done"
}

# selftests/bench/profile.sh sources this file for its functions.
[ "${BASH_SOURCE[0]}" != "$0" ] || main
