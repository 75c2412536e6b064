#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Big transfers through each forwarding method arrive intact (FNV-1a hash
# of every byte compared end to end): uploads through NAT, DR and TUN,
# downloads through NAT (whose replies nflb rewrites), IPv4 and IPv6.
# 50 MiB over IPv4; IPv6 and the debug kernel (KASAN makes every byte
# slow) move less, set by BULK_MB / BULK6_MB.
#
#   client ---- balancer (nflb) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip
if [ -d /sys/kernel/debug/kunit ]; then
	BULK_MB=${BULK_MB:-8} BULK6_MB=${BULK6_MB:-4}
else
	BULK_MB=${BULK_MB:-50} BULK6_MB=${BULK6_MB:-16}
fi

lb_start

for fam in 4 6; do
	mb=$BULK_MB
	[ "$fam" = 6 ] && mb=$BULK6_MB
	for method in m g i; do
		what="IPv$fam $(case $method in m) echo NAT;; g) echo DR;; i) echo TUN;; esac)"
		adm -C
		add_service "$fam" t "$method" rr 1
		check_eq "$what: $mb MiB upload arrives intact" "ok $((mb << 20))" \
			"$(in_c "$LBPEER" bulk -m "$mb" "$(vip "$fam")" 80)"
	done
	adm -C
	add_service "$fam" t m rr 2
	check_eq "IPv$fam NAT: $mb MiB download arrives intact" "ok $((mb << 20))" \
		"$(in_c "$LBPEER" bulk -d -m "$mb" "$(vip "$fam")" 80)"
done
exit $nflb_ret
