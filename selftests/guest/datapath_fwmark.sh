#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Firewall-mark services: iptables marks traffic in mangle PREROUTING (and
# OUTPUT, for a client on the balancer), which runs after nflb's early
# hooks; the first packet of a flow is scheduled by the hooks after mangle,
# the rest follow the entry.  Two ports under one mark are one service, and
# a persistent fwmark service keeps a client on one server across them.
#
#   client ---- balancer (nflb, iptables mangle) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip iptables
lb_start

mark() {
	local port

	for port in 80 8080; do
		in_lb iptables -t mangle -A "$1" -d "$VIP4" -p tcp \
			--dport "$port" -j MARK --set-mark 7 || return
	done
}
if ! mark PREROUTING || ! mark OUTPUT; then
	fail "iptables cannot mark in mangle (xt_mark)"
	exit 1
fi
adm -A -f 7 -s rr
for i in 1 2 3; do adm -a -f 7 -r "${RS4[i - 1]}" -m; done
check_match "listing shows the fwmark service" "^FWM  7 rr" "$(adm -L -n)"
check_eq "fwmark: port 80 balanced round robin" "b1 b2 b3 b1 b2 b3" \
	"$(words "$(in_c "$LBPEER" client -n 6 "$VIP4" 80)")"
check_eq "fwmark: port 8080 is the same service" "b1 b2 b3" \
	"$(words "$(in_c "$LBPEER" client -n 3 "$VIP4" 8080)")"
check_eq "fwmark: a client on the balancer too" "b1 b2 b3" \
	"$(words "$(in_lb "$LBPEER" client -n 3 "$VIP4" 80)")"
check_eq "fwmark: the UDP port of the same address is not marked" "ERR" \
	"$(in_c "$LBPEER" client -u -t 1 "$VIP4" 80 | cut -d' ' -f1)"

adm -E -f 7 -s rr -p 60
out=$( (in_c "$LBPEER" client -n 3 "$VIP4" 80; in_c "$LBPEER" client -n 3 "$VIP4" 8080) | sort -u)
check_eq "persistent fwmark: one server across both ports" 1 "$(wc -l <<<"$out")"
exit $nflb_ret
