#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The SNI control surface through the netlink API (Documentation/sni.rst,
# selftests/progs/nl_sni sni, sni-dump): SNI mode and its refusals, rules
# with their real servers, dumps; rules count against max-services; a
# namespace and the module go with rules in place.  nflbadm's grammar and
# `apply` are sni_grammar.sh and sni_apply.sh.
#
#   init_net: nflb, driven by nl_sni and nflbadm
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd python3 ip
prog=$NFLB_ROOT/selftests/progs/nl_sni
[ -x "$prog" ] || skip "$prog not built (make testprogs)"
adm=$NFLBADM
work=$(mktemp -d)

cleanup() {
	ip netns del "$NS_PREFIX-a" 2>/dev/null
	nflb_unload 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load

check_tap "nl_sni sni" 76 "$prog" sni
check_tap "nl_sni sni-dump" 4 "$prog" sni-dump 1000

check "an SNI service, a rule of it, a plain service" eval "
	$adm -A -t 192.0.2.3:443 -s rr --sni-mode &&
	$adm -A -t 192.0.2.3:443 --sni a.example -s rr &&
	$adm -A -t 192.0.2.4:443 -s rr"
# --- limits: rules count as services ---------------------------------------
check "max-services 3 (2 services and 1 rule in use)" \
	"$adm" config max-services 3
check_eq "a 2nd rule is over the limit" \
	"nflbadm: limit of 3 services and SNI rules reached in this namespace (exit 1)" \
	"$(said "$adm" -A -t 192.0.2.3:443 --sni b.example -s rr |
		sed 's/limit of services/limit of 3 services/')"
check_eq "max-services below services and rules in use" \
	"nflbadm: config: service limit below the number of services and SNI rules (exit 1)" \
	"$(said "$adm" config max-services 2)"
check "-D the rule" "$adm" -D -t 192.0.2.3:443 --sni a.example
check "now a 3rd service fits" "$adm" -A -t 192.0.2.5:443 -s rr
check "max-services back to the default" "$adm" config max-services 1048576
check "-C" "$adm" -C

cat >"$work/save1" <<'SAVE'
-A -t 192.0.2.1:443 -s rr --sni-mode
-a -t 192.0.2.1:443 -r 198.51.100.9:443 -m -w 1
-A -t 192.0.2.1:443 --sni www.example.com -s wrr
-a -t 192.0.2.1:443 --sni www.example.com -r 198.51.100.1:443 -m -w 3
-A -t 192.0.2.1:443 --sni *.example.com -s mh -b mh-port
-a -t 192.0.2.1:443 --sni *.example.com -r 198.51.100.2:8443 -m -w 1
SAVE
# --- teardown with rules in place ----------------------------------------
ip netns add "$NS_PREFIX-a"
check "netns: SNI service with rules and servers" \
	ip netns exec "$NS_PREFIX-a" "$adm" -R <"$work/save1"
check "delete the netns with its rules" ip netns del "$NS_PREFIX-a"
check "init_net: SNI service with rules and servers" "$adm" -R <"$work/save1"
check "rmmod with rules in place" rmmod nflb
exit $nflb_ret
