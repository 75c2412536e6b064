#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# icount.sh: the guest half of the deterministic benchmark (make
# bench-icount, and make check's perf_gate through selftests/host/
# perf_gate.sh).  The guest runs under QEMU -icount (run-vm.sh -I): its
# clock counts instructions, so a fixed amount of work takes the same guest
# time on every run, whatever the host does, as long as nothing in the
# measured window waits for the host (no process start, no 9p read).
#
# The window is pktgen's own: "count N" packets from the client namespace,
# its "Result: OK: <usec>" line read afterwards.  datapath.sh's topology and
# configuration (selftests/lb_lib.sh): UDP 60-byte packets to port 9, which
# the backends drop in iptables, so nothing comes back.
#
# Rows, each "BENCH icount ROW ROUND USEC PACKETS" (PACKETS: as counted at
# the backends; the figure is only comparable when all arrived):
#   fwd          plain forwarding to the three backends, no service anywhere
#   other        the same traffic while nflb has its services (not for a VIP)
#   nat dr tun   nflb, 1024 flows whose entries exist (a warm-up round first)
#   nat_new      nflb NAT, every packet a new flow (a new entry each)
#   ipvs_nat ipvs_dr ipvs_nat_new   the same through IPVS (VIP on lo)
#   svc1 svc100k nflb NAT, existing entries, with the namespace holding one
#                UDP service, then 100 000 (nflbadm apply; the others
#                without real servers, datapath.sh's state())
#
# NFLB_BENCH_ROUNDS (2): measured rounds per row; NFLB_BENCH_COUNT (100000,
# a multiple of 32 below 32 x 1000 x 17); NFLB_BENCH_ICOUNT_ROWS (all rows).

# shellcheck source=selftests/bench/datapath.sh
source "$(dirname "$0")/datapath.sh"
ROUNDS=${NFLB_BENCH_ROUNDS:-2}
COUNT=${NFLB_BENCH_COUNT:-100000}
IROWS=${NFLB_BENCH_ICOUNT_ROWS:-fwd other nat dr tun nat_new ipvs_nat ipvs_dr ipvs_nat_new svc1 svc100k}
# new-flow rounds take fresh source ports: 32 addresses x COUNT/32 ports
NEWPORT=10000

irow_on() { [[ " $IROWS " == *" $1 "* ]]; }

# pg_count DST_MIN DST_MAX: the next run's destinations and COUNT.
pg_dst() {
	pg_set c0 "dst_min $1"
	pg_set c0 "dst_max $2"
	pg_set c0 "count $COUNT"
}

# run_window: one pktgen run; prints "USEC PACKETS".  The client's shell
# starts pktgen and reads the result with builtins only; the backends'
# counters are read after it.  Before it, two idle seconds (free under
# sleep=off: the guest clock jumps to the next timer) let deferred work
# of the previous step finish (RCU callbacks, the connection table's
# reaper after a flush) outside the window.
run_window() {
	local n0 n1 res
	sleep 2
	n0=$(rx_total)
	# shellcheck disable=SC2016 # expanded by the namespace's shell
	res=$(in_c sh -c 'echo start >"$0/pgctrl"
		while read -r l; do
			case $l in Result:*) echo "$l" ;; esac
		done <"$0/c0"' "$PG")
	n1=$(rx_total)
	[[ $res =~ ^Result:\ OK:\ ([0-9]+)\( ]] || { echo "pktgen: $res" >&2; return 1; }
	echo "${BASH_REMATCH[1]} $((n1 - n0))"
}

# softnet_drops: packets the backlog queues dropped, all CPUs.
softnet_drops() {
	local n=0 d
	while read -r _ d _; do n=$((n + 16#$d)); done </proc/net/softnet_stat
	echo "$n"
}

# measure ROW [PREP]: ROUNDS runs of the current pktgen setup, PREP (a
# function) before each.  A run in which fewer than COUNT packets reached
# the backends did less work than the others: it is reported, not kept,
# and run again (twice at most).
measure() {
	local r v d0 lost
	for r in $(seq "$ROUNDS"); do
		for _ in 1 2 3; do
			[ -z "${2:-}" ] || "$2" || return 1
			d0=$(softnet_drops)
			v=$(run_window) || return 1
			lost=$((COUNT - ${v#* }))
			say "$1 round $r: ${v% *} us, ${v#* } of $COUNT packets arrived"
			[ "$lost" -gt 0 ] || break
			say "$1 round $r: $lost lost ($(($(softnet_drops) - d0)) in backlog queues), again"
			echo "BENCHLOST icount $1 $r $v"
		done
		echo "BENCH icount $1 $r $v"
	done
}

# established ROW SYSTEM METHOD: 1024 flows through SYSTEM (direct, nflb,
# ipvs) by METHOD; one unmeasured round creates the entries.
established() {
	local row=$1 sys=$2 dst
	configure "$sys" "$3" || return 1
	pg_flows 10.0.1.2 10.0.1.2 1024 2048
	dst=$(target "$sys")
	if [ "$sys" = direct ]; then
		pg_dst "${RS4[0]}" "${RS4[2]}"
	else
		pg_dst "$dst" "$dst"
	fi
	run_window >/dev/null || return 1
	measure "$row"
}

# fresh_nflb, fresh_ipvs: an empty connection table and new source ports
# before each new-flow run, so that every run does the same work.  nflb
# reaps the entries of a cleared configuration within a second (the idle
# seconds of run_window); IPVS keeps them until they time out, unless its
# modules are reloaded.
fresh_flows() {
	local ports=$((COUNT / 32))
	pg_flows 10.0.1.32 10.0.1.63 "$NEWPORT" $((NEWPORT + ports))
	NEWPORT=$((NEWPORT + ports))
	[ "$NEWPORT" -le $((65536 - ports)) ] || NEWPORT=10000
}
fresh_nflb() { configure nflb nat && fresh_flows; }
fresh_ipvs() {
	in_lb ipvsadm -C
	modprobe -r ip_vs_rr ip_vs_sh ip_vs && modprobe -a ip_vs ip_vs_rr ip_vs_sh &&
		configure ipvs nat && fresh_flows
}

# new_flows ROW SYSTEM: every packet of each run is a flow never seen.
new_flows() {
	local dst
	dst=$(target "$2")
	pg_dst "$dst" "$dst"
	measure "$1" "fresh_$2"
}

# services_row ROW N: NAT through nflb's VIP:9 while the namespace has N
# services (nflbadm apply --prune of datapath.sh's state file).
services_row() {
	local f=$NFLB_WORK/state-$2.json
	adm -C
	in_lb ipvsadm -C
	state "$2" "$f" || return 1
	adm apply --prune -f "$f" >/dev/null || { echo "apply of $2 services failed" >&2; return 1; }
	say "$1: $(adm info | grep -E '^services:')"
	pg_flows 10.0.1.2 10.0.1.2 1024 2048
	pg_dst "$VIP4" "$VIP4"
	run_window >/dev/null || return 1
	measure "$1"
}

icount_setup() {
	local i mac
	bench_base
	for i in 1 2 3; do
		# no ARP in a window: a neighbour's reachable time is random,
		# and packets queued while it is probed may be lost
		mac=$(ip -n "$NS_PREFIX-b$i" -br link show eth0 | awk '{print $3}')
		ip -n "$LB" neigh replace "${RS4[i - 1]}" dev br0 lladdr "$mac" nud permanent || exit 1
	done
	pg_setup || skip "no pktgen"
	# pktgen and the packets it sends share the one CPU.  When a softirq
	# run must yield, the rest goes to ksoftirqd, and at pktgen's priority
	# the two would take turns while the backlog queue fills and drops
	# (runs that lost up to a third of their packets were seen).  Above
	# pktgen, ksoftirqd runs at once.
	chrt -f -p 10 "$(pgrep -x ksoftirqd/0)" >/dev/null || exit 1
	# Until nflb has had a service in some namespace, plain forwarding
	# took either 11 060 or 11 340 ns a packet, by boot (and changed
	# once in the middle of one): a service added and removed in a
	# namespace that then goes settles it in the first state in every boot
	# measured (Documentation/performance.rst, "Deterministic figures").
	ip netns add "$NS_PREFIX-settle" &&
		"$NFLBADM" --netns "$NS_PREFIX-settle" -A -u 10.9.9.9:9 &&
		"$NFLBADM" --netns "$NS_PREFIX-settle" -C &&
		ip netns del "$NS_PREFIX-settle" || exit 1
}

icount_main() {
	icount_setup
	say "kernel $(uname -r), $(nproc) CPU, $ROUNDS rounds of $COUNT packets, rows: $IROWS"
	echo "BENCHINFO kernel $(uname -r)"
	echo "BENCHINFO count $COUNT"
	if irow_on fwd; then established fwd direct nat || exit 1; fi
	if irow_on other; then
		configure nflb nat || exit 1
		pg_flows 10.0.1.2 10.0.1.2 1024 2048
		pg_dst "${RS4[0]}" "${RS4[2]}"
		run_window >/dev/null || exit 1
		measure other || exit 1
	fi
	if irow_on nat; then established nat nflb nat || exit 1; fi
	if irow_on dr; then established dr nflb dr || exit 1; fi
	if irow_on tun; then established tun nflb tun || exit 1; fi
	if irow_on ipvs_nat; then established ipvs_nat ipvs nat || exit 1; fi
	if irow_on ipvs_dr; then established ipvs_dr ipvs dr || exit 1; fi
	if irow_on nat_new; then new_flows nat_new nflb || exit 1; fi
	if irow_on ipvs_nat_new; then new_flows ipvs_nat_new ipvs || exit 1; fi
	if irow_on svc1; then services_row svc1 1 || exit 1; fi
	if irow_on svc100k; then services_row svc100k 100000 || exit 1; fi
	say "nflb: $(adm info | grep -E 'dropped' | tr '\n' ';')"
	say "done"
}

icount_main
