#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# New TCP connections per second, in one guest, on one topology:
#   direct  the client connects to b1's address; the balancer only routes
#   nflb    the client connects to nflb's VIP 192.0.2.1 (NAT to b1..b3)
#   ipvs    the client connects to IPVS's VIP 192.0.2.2 (NAT to b1..b3)
# Rounds alternate the three (A B C A B C ...); CONC clients (8) connect in
# parallel so that the CPU, not latency, is the limit; medians and ratios
# are printed.  The backends greet and close without forking ("+9090").
#
#   client ---- balancer (nflb + IPVS) ---- br0 ---- b1 b2 b3

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-5}
CONC=${CONC:-8}
trap 'in_lb ipvsadm -C 2>/dev/null; topo_cleanup; modprobe -r ip_vs_rr ip_vs 2>/dev/null; nflb_unload 2>/dev/null' EXIT

nflb_load || exit 1
topo_setup || exit 1
for i in 1 2 3; do
	ip netns exec "$NS_PREFIX-b$i" "$LBPEER" server "b$i" +9090 >/dev/null 2>&1 &
done
modprobe -a ip_vs ip_vs_rr || { echo "no IPVS" >&2; exit 1; }
ip -n "$LB" addr add 192.0.2.2/32 dev lo
in_lb ipvsadm -A -t 192.0.2.2:9090 -s rr
adm -A -t "$VIP4:9090" -s rr
for i in 1 2 3; do
	in_lb ipvsadm -a -t 192.0.2.2:9090 -r "${RS4[i - 1]}:9090" -m
	adm -a -t "$VIP4:9090" -r "${RS4[i - 1]}:9090" -m
done
busywait 5000 in_c "$LBPEER" client "${RS4[0]}" 9090 >/dev/null

declare -A target=([direct]=${RS4[0]} [nflb]=$VIP4 [ipvs]=192.0.2.2)
declare -A results
for r in $(seq "$ROUNDS"); do
	for sys in direct nflb ipvs; do
		read -r cps failed <<<"$(in_c "$LBPEER" rate -c "$CONC" -d "$SECS" "${target[$sys]}" 9090)"
		echo "# round $r $sys: $cps conn/s ($failed failed)"
		[ "$sys" = nflb ] && echo "#   nflb entries now: $(adm info | sed -n 's/^connections: //p')"
		results[$sys]+="$cps "
	done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
d=$(median "${results[direct]}")
n=$(median "${results[nflb]}")
v=$(median "${results[ipvs]}")
echo "conn_rate kernel=$(uname -r) rounds=$ROUNDS secs=$SECS clients=$CONC"
printf 'median conn/s: direct %s  nflb %s  ipvs %s\n' "$d" "$n" "$v"
awk -v d="$d" -v n="$n" -v v="$v" 'BEGIN {
	printf "ratio nflb/direct %.2f (goal >= 0.90)\n", n / d
	printf "ratio nflb/ipvs   %.2f (goal >= 1.30)\n", n / v
	printf "ratio ipvs/direct %.2f\n", v / d
}'
echo "nflb info: $(adm info | grep -iE 'conn' | tr '\n' ';')"
