#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm talks to the module through libnflb: info and --version report the
# module's version; the kernel enforces CAP_NET_ADMIN over the namespace's
# user namespace (GENL_UNS_ADMIN_PERM); bad usage gets a one-line error;
# config shows and sets the limits and timeouts, several at once or none.
#
#   init_net (root, and uid 65534)     user+net namespace of "unshare -Urn"

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd setpriv unshare

cleanup() { nflb_unload 2>/dev/null; }
trap cleanup EXIT

version=$(nflb_ko_version)
nflb_unload
check "insmod" nflb_load

out=$("$NFLBADM" info 2>&1)
check_match "info shows the module version" "^module version: $version$" "$out"
check_match "info shows the netlink family" "^netlink family: nflb version 1$" "$out"
# info -j: one JSON object (json-c), the same figures as the text
# shellcheck disable=SC2016 # expanded by eval
check "a service with a real server" eval '"$NFLBADM" -A -t 192.0.2.80:80 -s rr &&
	"$NFLBADM" -a -t 192.0.2.80:80 -r 10.0.2.11:8080 -m'
text=$("$NFLBADM" info | grep -E '^(module version|services|real servers|connections|connection limit|SNI connections bound|SNI bytes held):')
# shellcheck disable=SC2016 # python, not shell
json=$("$NFLBADM" info -j | python3 -c '
import json, sys
j = json.load(sys.stdin)
c, s = j["connections"], j["sni"]
print("module version: %s" % j["module_version"])
print("services: %d" % j["services"])
print("real servers: %d" % j["real_servers"])
print("connections: %d" % c["count"])
print("connection limit: %d" % c["limit"])
print("SNI connections bound: %d" % s["bound"])
print("SNI bytes held: %d (host limit %d)" % (s["held_bytes"], s["held_bytes_host_limit"]))
')
check_eq "info -j: the text's figures, in JSON" "$text" "$json"
check_match "... 1 service, 1 real server" "services: 1.real servers: 1" "$(tr '\n' . <<<"$json")"
check "the service goes" "$NFLBADM" -C
out=$("$NFLBADM" info --help)
check_eq "info --help: exit 0, its usage" "Usage: nflbadm [--netns NAME] info [-j]" "$(head -n1 <<<"$out")"
out=$("$NFLBADM" --version 2>&1)
check_match "--version shows the tools' version" "^nflbadm $version$" "$out"
check_match "--version shows the module's version" "^nflb module $version$" "$out"

out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NFLBADM" info 2>&1)
rc=$?
check_eq "unprivileged info exits 1" 1 "$rc"
check_match "unprivileged info says why" "^nflbadm: info: permission denied" "$out"

out=$(unshare -Urn "$NFLBADM" info 2>&1)
check_match "admin of its own user+net namespace may query" \
	"^module version: $version$" "$out"

out=$("$NFLBADM" frobnicate 2>&1)
rc=$?
check_eq "unknown command exits 2" 2 "$rc"
check_eq "unknown command is a one-line error" \
	"nflbadm: unknown command 'frobnicate' (try: nflbadm --help)" "$out"
out=$("$NFLBADM" info extra 2>&1)
check_eq "stray argument is refused" \
	"nflbadm: info: unexpected argument 'extra' (usage: nflbadm info [-j])" "$out"

# config: the defaults of include/uapi/linux/nflb.h
check_eq "config shows the defaults" "max-conns 1048576
max-services 1048576
max-dests 65536
tcp-timeout 900
tcpfin-timeout 120
udp-timeout 300
sni-peek-bytes 16384
sni-timeout-ms 5000
sni-max-pending 65536" "$("$NFLBADM" config)"
check_eq "config -j" \
	'{"max_conns":1048576,"max_services":1048576,"max_dests":65536,"tcp_timeout":900,"tcpfin_timeout":120,"udp_timeout":300,"sni_peek_bytes":16384,"sni_timeout_ms":5000,"sni_max_pending":65536}' \
	"$("$NFLBADM" config -j)"
check "config sets several at once" \
	"$NFLBADM" config max-conns 1000 max-services 2 max-dests 5 udp-timeout 60
check_eq "config shows them" "1000 2 5 60" \
	"$("$NFLBADM" config | awk '{ v[$1] = $2 } END { print v["max-conns"], v["max-services"], v["max-dests"], v["udp-timeout"] }')"
check_match "--timeout agrees" "^Timeout \(tcp tcpfin udp\): 900 120 60$" "$("$NFLBADM" -L --timeout)"
"$NFLBADM" -A -t 192.0.2.1:80
"$NFLBADM" -A -t 192.0.2.2:80
out=$("$NFLBADM" -A -t 192.0.2.3:80 2>&1)
check_match "max-services is enforced" \
	"^nflbadm: limit of (2 )?services reached in this namespace$" "$out"
out=$("$NFLBADM" config max-services 1 udp-timeout 30 2>&1)
rc=$?
check_eq "config below what is in use exits 1" 1 "$rc"
check_eq "config says why (the kernel's message)" \
	"nflbadm: config: service limit below the number of services" "$out"
check_match "config: a refused request changes nothing" "^udp-timeout 60$" \
	"$("$NFLBADM" config)"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NFLBADM" config max-conns 5 2>&1)
check_eq "unprivileged config is refused" \
	"nflbadm: config: permission denied: CAP_NET_ADMIN is required" "$out"
exit $nflb_ret
