#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarding: NAT, DR and IP-in-IP, IPv4 and IPv6, TCP and UDP, through a VIP
# that is only routed to the balancer.  Round robin over three backends, so
# six requests must reach b1 b2 b3 b1 b2 b3 exactly; a client on the
# balancer itself is balanced too.  (Big transfers: datapath_bulk.sh.)
#
#   client ---- balancer (nflb) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip

lb_start

want="b1 b2 b3 b1 b2 b3"
for fam in 4 6; do
	for method in m g i; do
		for proto in t u; do
			what="IPv$fam $( [ $proto = t ] && echo TCP || echo UDP) $(
				case $method in m) echo NAT;; g) echo DR;; i) echo TUN;; esac)"
			adm -C
			if ! add_service "$fam" "$proto" "$method" rr; then
				fail "$what: service set up"
				continue
			fi
			flag=; [ "$proto" = u ] && flag=-u
			out=$(in_c "$LBPEER" client $flag -n 6 "$(vip "$fam")" 80)
			check_eq "$what: rr sends six requests to b1 b2 b3 b1 b2 b3" \
				"$want" "$(words "$out")"
		done
	done
done

# A client on the balancer itself (LOCAL_OUT).
for fam in 4 6; do
	for method in m g; do
		adm -C
		add_service "$fam" t "$method" rr
		out=$(in_lb "$LBPEER" client -n 3 "$(vip "$fam")" 80)
		check_eq "IPv$fam $method: a client on the balancer is balanced" \
			"b1 b2 b3" "$(words "$out")"
	done
done

adm -C
check "flush" test -z "$(adm -S -n)"
exit $nflb_ret
