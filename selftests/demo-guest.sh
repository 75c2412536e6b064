#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The part of `make demo` that runs inside the guest: a client, the
# balancer and three backends (selftests/lb_lib.sh), a VIP that is only
# routed to the balancer, configured with nflbadm's ipvsadm syntax; twelve
# requests spread over the backends; the listing with its counters.
set -uo pipefail
# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/lb_lib.sh"
trap 'topo_cleanup; nflb_unload 2>/dev/null' EXIT

show() {
	echo
	echo "guest# $*"
	"$@"
}

echo "== inside the guest: $(uname -sr)"
nflb_load || exit 1
show sh -c 'lsmod | grep -E "^(Module|nflb)"'
topo_setup || { echo "demo: topology set-up failed" >&2; exit 1; }
echo
echo "== client 10.0.1.2 -- balancer 10.0.1.1 / 10.0.2.1 -- b1 b2 b3 10.0.2.11-13"
echo "== VIP $VIP4 is on no interface: the client's default route leads to the balancer"
show in_lb "$NFLBADM" -A -t "$VIP4:80" -s rr
for i in 1 2 3; do
	show in_lb "$NFLBADM" -a -t "$VIP4:80" -r "${RS4[i - 1]}:8080" -m
done
show in_c "$LBPEER" client -n 12 "$VIP4" 80
echo
echo "== the same, counted per backend:"
in_c "$LBPEER" client -n 12 "$VIP4" 80 | sort | uniq -c
show in_lb "$NFLBADM" -L -n
show in_lb "$NFLBADM" -L -n --stats
show in_lb "$NFLBADM" -L -n -c
show in_lb "$NFLBADM" info
echo
echo "== done: 24 requests through nflb NAT, spread round robin over b1 b2 b3"
