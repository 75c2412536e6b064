#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm's view of the connection table: -Lnc lists connections in
# ipvsadm's format (header only when there is no traffic), -Lncj as a JSON
# array, and info shows the connection table's figures.  Skipped while the
# module has no connection table (NFLB_CMD_GET_CONN).
#
#   init_net: nflb, no traffic
#
# With traffic (TCP, UDP, templates, rates, a full table):
# selftests/guest/datapath_conns.sh.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
adm=$NFLBADM

cleanup() { nflb_unload 2>/dev/null; }
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load
out=$("$adm" -Lnc 2>&1)
rc=$?
if [ $rc -ne 0 ] && [ "$out" = "nflbadm: this nflb module has no connection table (no NFLB_CMD_GET_CONN)" ]; then
	skip "the module has no connection table yet (NFLB_CMD_GET_CONN)"
fi
check_eq "-Lnc exits 0" 0 "$rc"
check_eq "-Lnc without traffic prints the header only" \
	"IPVS connection entries
pro expire state       source             virtual            destination" "$out"
check_eq "-L -c -n is the same" "$out" "$("$adm" -L -c -n)"
check_eq "-Lncj without traffic is []" "[]" "$("$adm" -Lncj)"
"$adm" -A -t 192.0.2.1:80 -s rr
check_eq "a service without traffic has no connection" "$out" "$("$adm" -Lnc)"

out=$("$adm" info)
check_match "info: connections" "^connections: 0$" "$out"
check_match "info: connection limit" "^connection limit: [0-9]+$" "$out"
check_match "info: connection table buckets" "^connection table buckets: [0-9]+$" "$out"
check_match "info: connection entry size" "^connection entry size: [0-9]+ bytes$" "$out"
check_match "info: drops" "^connections dropped, table full: 0$" "$out"
check_match "info: no-connection drops" "^packets dropped, no connection: 0$" "$out"
exit $nflb_ret
