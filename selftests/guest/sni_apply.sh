#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SNI through `nflbadm apply` and `nflbadm monitor` (Documentation/sni.rst,
# Documentation/nflbadm-apply.rst): the "sni" block with its rules and
# their real servers, changes and --prune, the refusals with the file's
# JSON path, and the events of rules and their real servers.
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd python3 ip
adm=$NFLBADM
work=$(mktemp -d)
mon=

cleanup() {
	[ -n "$mon" ] && kill "$mon" 2>/dev/null
	wait 2>/dev/null
	nflb_unload 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load

vip=192.0.2.1:443
# --- apply: the "sni" block ----------------------------------------------
cat >"$work/state.json" <<'JSON'
{ "services": [
  { "protocol": "tcp", "address": "192.0.2.1", "port": 443,
    "scheduler": "rr",
    "real_servers": [ { "address": "198.51.100.9" } ],
    "sni": {
      "default": "servers",
      "rules": [
        { "name": "www.example.com", "scheduler": "wrr",
          "real_servers": [ { "address": "198.51.100.1", "weight": 2 } ] },
        { "name": "*.example.com", "scheduler": "mh",
          "real_servers": [ { "address": "198.51.100.2" } ] } ] } } ] }
JSON
check_eq "apply: the service, its rules and their real servers" \
"+service TCP 192.0.2.1:443 rr
+dest TCP 192.0.2.1:443 198.51.100.9:443 masq weight 1
+sni TCP 192.0.2.1:443 www.example.com wrr
+dest TCP 192.0.2.1:443 sni www.example.com 198.51.100.1:443 masq weight 2
+sni TCP 192.0.2.1:443 *.example.com mh
+dest TCP 192.0.2.1:443 sni *.example.com 198.51.100.2:443 masq weight 1" \
	"$(said "$adm" apply -f "$work/state.json")"
check_eq "apply again changes nothing" "" \
	"$(said "$adm" apply -f "$work/state.json")"
check "a rule the file lacks" "$adm" -A -t $vip --sni extra.example.net -s rr
check "a real server the file lacks" \
	"$adm" -a -t $vip --sni www.example.com -r 198.51.100.7 -m
check_eq "apply without --prune leaves them" "" \
	"$(said "$adm" apply -f "$work/state.json")"
sed -e 's/"weight": 2/"weight": 5/' -e 's/"scheduler": "mh"/"scheduler": "sh"/' \
	"$work/state.json" >"$work/state2.json"
check_eq "apply --prune: deletes what the file lacks, changes what differs" \
"-sni TCP 192.0.2.1:443 extra.example.net
-dest TCP 192.0.2.1:443 sni www.example.com 198.51.100.7:443
~dest TCP 192.0.2.1:443 sni www.example.com 198.51.100.1:443 masq weight 5
~sni TCP 192.0.2.1:443 *.example.com sh" \
	"$(said "$adm" apply --prune -f "$work/state2.json")"
check "-j of a rule change" python3 -c '
import json, sys
ch = json.loads(sys.stdin.read())
assert ch[0]["type"] == "dest" and ch[0]["sni"] == {"name": "www.example.com"} \
	and ch[0]["dest"]["weight"] == 2 and ch[0]["changed"] == ["weight"], ch
assert ch[1:] == [{"op": "~", "type": "sni",
	"service": {"protocol": "tcp", "address": "192.0.2.1", "port": 443},
	"sni": {"name": "*.example.com", "scheduler": "mh", "sched_flags": [],
		"persistent": False},
	"changed": ["scheduler"]}], ch
' <<<"$("$adm" apply -j -f "$work/state.json")"
sed 's/"www.example.com"/"WWW.Example.COM."/; s/"\*.example.com"/"www.example.com"/' \
	"$work/state.json" >"$work/dup.json"
check_eq "apply: duplicate normalized names refused" \
	"nflbadm: apply: $work/dup.json: services[0].sni.rules[1]: same rule as rules[0] (\"www.example.com\") (exit 1)" \
	"$(said "$adm" apply -f "$work/dup.json")"
sed 's/"weight": 2 }/"weight": 2, "forward": "route" }/' \
	"$work/state.json" >"$work/dr.json"
check_eq "apply: a DR real server in a rule refused" \
	"nflbadm: apply: $work/dr.json: services[0].sni.rules[0].real_servers[0].forward: must be \"masq\": SNI services forward by masquerading only (exit 1)" \
	"$(said "$adm" apply -f "$work/dr.json")"
sed 's/"protocol": "tcp"/"protocol": "udp"/' "$work/state.json" >"$work/udp.json"
check_eq "apply: sni on a UDP service refused" \
	"nflbadm: apply: $work/udp.json: services[0].sni: only for TCP services with an address and port (exit 1)" \
	"$(said "$adm" apply -f "$work/udp.json")"
sed 's/"name": "www.example.com"/"name": "www..example.com"/' \
	"$work/state.json" >"$work/bad.json"
check_eq "apply: a bad rule name refused" \
	"nflbadm: apply: $work/bad.json: services[0].sni.rules[0].name: not a host name or *.host name (exit 1)" \
	"$(said "$adm" apply -f "$work/bad.json")"
cat >"$work/plain.json" <<'JSON'
{ "services": [
  { "protocol": "tcp", "address": "192.0.2.1", "port": 443,
    "scheduler": "rr",
    "real_servers": [ { "address": "198.51.100.9", "forward": "masq" } ] } ] }
JSON
check_eq "apply --prune out of SNI mode: the rules go first" \
"-sni TCP 192.0.2.1:443 www.example.com
-sni TCP 192.0.2.1:443 *.example.com
~service TCP 192.0.2.1:443 rr" \
	"$(said "$adm" apply --prune -f "$work/plain.json")"
check_eq "the service is a plain one" \
	"-A -t 192.0.2.1:443 -s rr
-a -t 192.0.2.1:443 -r 198.51.100.9:443 -m -w 1" "$("$adm" -S -n)"

# --- monitor: rules and their real servers' events ------------------------
check "an SNI service to watch" "$adm" -A -t 192.0.2.9:443 --sni-mode -s rr
"$adm" monitor >"$work/mon.txt" 2>&1 &
mon=$!
# Each probe is an edit, announced every time, until the monitor sees one.
subscribed() {
	"$adm" -E -t 192.0.2.9:443 -s rr &&
		grep -q '^~service TCP 192.0.2.9:443' "$work/mon.txt"
}
check "monitor is subscribed" busywait 10000 subscribed
"$adm" -A -t 192.0.2.9:443 --sni a.example -s wrr
"$adm" -a -t 192.0.2.9:443 --sni a.example -r 198.51.100.3 -m -w 4
"$adm" -E -t 192.0.2.9:443 --sni a.example -s lc
"$adm" -D -t 192.0.2.9:443 --sni a.example
saw_all() { grep -q '^-sni ' "$work/mon.txt"; }
check "monitor saw the rule's deletion" busywait 5000 saw_all
check_eq "monitor: rule and rule server events" \
"+sni TCP 192.0.2.9:443 a.example wrr
+dest TCP 192.0.2.9:443 sni a.example 198.51.100.3:443 masq weight 4
~sni TCP 192.0.2.9:443 a.example lc
-sni TCP 192.0.2.9:443 a.example" \
	"$(sed -n '/^+sni /,$p' "$work/mon.txt")"
kill "$mon"
wait "$mon" 2>/dev/null
mon=
check "-C" "$adm" -C
exit $nflb_ret
