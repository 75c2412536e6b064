#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm apply: a JSON desired state becomes exactly the kernel's state
# (checked with nflbadm -S); a second apply prints nothing; --dry-run
# prints the diff and changes nothing; without --prune services and real
# servers the file lacks stay, with --prune they go; a changed weight or
# scheduler is one "~" line; an invalid file gets one line naming the JSON
# path and changes nothing, even when its valid part comes first;
# "config" sets what differs in one request; export writes the whole state
# as a file that applies to nothing and restores it.
#
#   init_net: nflb, driven by nflbadm apply / -A / -a / -S

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd python3 setpriv
adm=$NFLBADM
work=$(mktemp -d)

cleanup() {
	nflb_unload 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# expect_out DESC EXPECTED_FILE COMMAND...: COMMAND exits 0 and prints
# exactly EXPECTED_FILE.
expect_out() {
	local desc=$1 want=$2 rc
	shift 2
	"$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ $rc -eq 0 ] && diff -u "$want" "$work/out" >"$work/diff"; then
		ok "$desc"
	else
		fail "$desc (exit $rc)"
		sed 's/^/       | /' "$work/diff" "$work/err"
	fi
}

# expect_fail DESC MESSAGE COMMAND...: COMMAND exits 1 and its only output
# is MESSAGE on stderr.
expect_fail() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$("$@" 2>&1 >"$work/stdout")
	rc=$?
	if [ $rc -eq 1 ] && [ "$out" = "$want" ] && [ ! -s "$work/stdout" ]; then
		ok "$desc"
	else
		fail "$desc: exit $rc, said '$out', want '$want'"
	fi
}

nflb_unload
check "insmod" nflb_load

cat >"$work/state.json" <<'JSON'
{
  "services": [
    { "protocol": "tcp", "address": "192.0.2.1", "port": 80, "scheduler": "rr",
      "real_servers": [
        { "address": "198.51.100.1", "port": 8080, "forward": "masq", "weight": 3 },
        { "address": "198.51.100.2" }
      ] },
    { "protocol": "udp", "address": "192.0.2.1", "port": 53, "scheduler": "sh",
      "sched_flags": ["sh-port"], "persistent": 600, "netmask": "255.255.255.0",
      "real_servers": [
        { "address": "198.51.100.3", "forward": "tunnel", "weight": 2 }
      ] },
    { "fwmark": 7, "family": "inet6", "scheduler": "mh", "sched_flags": ["mh-fallback"],
      "real_servers": [
        { "address": "2001:db8::2", "forward": "tunnel", "weight": 5,
          "u_threshold": 1000, "l_threshold": 100 }
      ] },
    { "protocol": "tcp", "address": "2001:db8::1", "port": 443 }
  ]
}
JSON
cat >"$work/want.save" <<'SAVE'
-A -t 192.0.2.1:80 -s rr
-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3
-a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 1
-A -u 192.0.2.1:53 -s sh -p 600 -M 255.255.255.0 -b sh-port
-a -u 192.0.2.1:53 -r 198.51.100.3:53 -i -w 2 --tun-type ipip
-A -f 7 -6 -s mh -b mh-fallback
-a -f 7 -6 -r [2001:db8::2]:0 -i -w 5 -x 1000 -y 100 --tun-type ipip
-A -t [2001:db8::1]:443 -s wlc
SAVE
cat >"$work/want.apply" <<'OUT'
+service TCP 192.0.2.1:80 rr
+dest TCP 192.0.2.1:80 198.51.100.1:8080 masq weight 3
+dest TCP 192.0.2.1:80 198.51.100.2:80 route weight 1
+service UDP 192.0.2.1:53 sh (sh-port) persistent 600 mask 255.255.255.0
+dest UDP 192.0.2.1:53 198.51.100.3:53 tunnel weight 2
+service FWM 7 IPv6 mh (mh-fallback)
+dest FWM 7 IPv6 [2001:db8::2]:0 tunnel weight 5 uthreshold 1000 lthreshold 100
+service TCP [2001:db8::1]:443 wlc
OUT
: >"$work/empty"

expect_out "--dry-run on an empty table prints every addition" \
	"$work/want.apply" "$adm" apply -f "$work/state.json" --dry-run
check_eq "--dry-run changed nothing" "" "$("$adm" -S -n)"
expect_out "apply prints every addition" "$work/want.apply" \
	"$adm" apply -f "$work/state.json"
"$adm" -S -n >"$work/save"
check "apply made exactly the state of the file (-S)" \
	diff -u "$work/want.save" "$work/save"
expect_out "a second apply prints nothing" "$work/empty" \
	"$adm" apply -f "$work/state.json"
echo "[]" >"$work/want.json"
expect_out "a second apply -j prints []" "$work/want.json" \
	"$adm" apply -j -f "$work/state.json"
expect_out "the state can come from stdin (-f -)" "$work/empty" \
	"$adm" apply -f - <"$work/state.json"

# What the file lacks stays without --prune and goes with it.
"$adm" -A -t 192.0.2.9:80 -s wlc
"$adm" -a -t 192.0.2.1:80 -r 198.51.100.9 -g -w 1
expect_out "without --prune extras are left alone" "$work/empty" \
	"$adm" apply -f "$work/state.json"
"$adm" -S -n >"$work/save"
check_match "extra service stays" "^-A -t 192\.0\.2\.9:80 -s wlc$" "$(cat "$work/save")"
check_match "extra real server stays" \
	"^-a -t 192\.0\.2\.1:80 -r 198\.51\.100\.9:80 -g -w 1$" "$(cat "$work/save")"
cat >"$work/want.prune" <<'OUT'
-service TCP 192.0.2.9:80
-dest TCP 192.0.2.1:80 198.51.100.9:80
OUT
expect_out "--prune --dry-run prints the deletions" "$work/want.prune" \
	"$adm" apply -f "$work/state.json" --prune --dry-run
"$adm" -S -n >"$work/save2"
check "--prune --dry-run changed nothing" diff -u "$work/save" "$work/save2"
expect_out "--prune deletes the extras" "$work/want.prune" \
	"$adm" apply --prune -f "$work/state.json"
"$adm" -S -n >"$work/save"
check "after --prune the state is the file's" diff -u "$work/want.save" "$work/save"

# Changes to settings are "~" lines with the new settings.
sed -e 's/"weight": 3/"weight": 4/' -e 's/"scheduler": "rr"/"scheduler": "wrr"/' \
	"$work/state.json" >"$work/changed.json"
cat >"$work/want.change" <<'OUT'
~service TCP 192.0.2.1:80 wrr
~dest TCP 192.0.2.1:80 198.51.100.1:8080 masq weight 4
OUT
expect_out "a weight and a scheduler change are '~' lines" \
	"$work/want.change" "$adm" apply -f "$work/changed.json"
check_match "the weight changed" \
	"^-a -t 192\.0\.2\.1:80 -r 198\.51\.100\.1:8080 -m -w 4$" "$("$adm" -S -n)"
check_match "the scheduler changed" "^-A -t 192\.0\.2\.1:80 -s wrr$" "$("$adm" -S -n)"
out=$("$adm" apply -j -f "$work/state.json")
check "apply -j prints a JSON array of the changes" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert [c["op"] for c in d] == ["~", "~"], d
assert d[1]["type"] == "dest" and d[1]["dest"]["weight"] == 3, d
assert d[1]["changed"] == ["weight"], d
' "$out"

# An invalid file changes nothing, even when a valid part comes first.
before=$("$adm" -S -n)
cat >"$work/bad.json" <<'JSON'
{ "services": [
  { "protocol": "tcp", "address": "192.0.2.50", "port": 80 },
  { "protocol": "tcp", "address": "192.0.2.51", "port": 80,
    "real_servers": [ { "address": "198.51.100.1", "weight": 70000 } ] }
] }
JSON
expect_fail "invalid weight: one line naming the JSON path" \
	"nflbadm: apply: $work/bad.json: services[1].real_servers[0].weight: must be 0..65535" \
	"$adm" apply -f "$work/bad.json"
printf '{ "services": [\n  { "protocol": "tcp", }\n] }\n' >"$work/syntax.json"
expect_fail "JSON syntax error: one line with line and column" \
	"nflbadm: apply: $work/syntax.json: line 2, column 24: JSON syntax error: unexpected character" \
	"$adm" apply -f "$work/syntax.json"
expect_fail "missing file" \
	"nflbadm: apply: $work/nosuch.json: No such file or directory" \
	"$adm" apply -f "$work/nosuch.json"
out=$("$adm" apply 2>&1)
check_eq "no -f: usage error, exit 2" \
	"2 nflbadm: apply: no state file: -f STATE.json (usage: nflbadm apply -f STATE.json [--dry-run] [--prune] [-j])" \
	"$? $out"
expect_fail "unprivileged apply is refused" \
	"nflbadm: apply: permission denied: CAP_NET_ADMIN is required" \
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$adm" apply -f - <"$work/state.json"
check_eq "and the kernel's state is unchanged" "$before" "$("$adm" -S -n)"

# Settings: "config" changes those that differ, in one request printed as
# one line; a second apply prints nothing; one the kernel refuses changes
# none of them; settings the file lacks are left alone.
cat >"$work/cfg.json" <<'JSON'
{ "config": { "tcp_timeout": 1000, "udp_timeout": 60, "max_conns": 4096 },
  "services": [] }
JSON
echo "~config tcp_timeout 1000 udp_timeout 60 max_conns 4096" >"$work/want.cfg"
expect_out "config: what differs is one '~config' line" "$work/want.cfg" \
	"$adm" apply -f "$work/cfg.json"
check_eq "config: the settings changed, the others not" "1000 60 4096 120" \
	"$("$adm" config | awk '{ v[$1] = $2 } END { print v["tcp-timeout"], v["udp-timeout"], v["max-conns"], v["tcpfin-timeout"] }')"
expect_out "config: a second apply prints nothing" "$work/empty" \
	"$adm" apply -f "$work/cfg.json"
echo '{ "config": { "udp_timeout": 30, "max_services": 1 }, "services": [] }' \
	>"$work/cfg-bad.json"
expect_fail "config: a refused setting names the change and the reason" \
	"nflbadm: apply: ~config udp_timeout 30 max_services 1: service limit below the number of services" \
	"$adm" apply -f "$work/cfg-bad.json"
check_match "config: and changes none of them" "^udp-timeout 60$" "$("$adm" config)"
check_eq "config: no service was touched" "$before" "$("$adm" -S -n)"

# An empty state with --prune empties the table.
echo '{ "services": [] }' >"$work/none.json"
"$adm" apply --prune -f "$work/none.json" >"$work/out"
check_eq "--prune with no services deletes all four" 4 "$(grep -c '^-service ' "$work/out")"
check_eq "the table is empty" "" "$("$adm" -S -n)"

# export: the whole state as a state file.  Applied it changes nothing;
# into an emptied namespace it restores services, real servers, SNI rules
# and settings; exported again it is the same file.
"$adm" -A -t 192.0.2.20:443 --sni-mode -s rr
"$adm" -A -t 192.0.2.20:443 --sni WWW.Example.com -s wrr
"$adm" -a -t 192.0.2.20:443 --sni www.example.com -r 198.51.100.20:8443 -m -w 2
"$adm" -a -t 192.0.2.20:443 -r 198.51.100.21 -m
"$adm" -A -u 192.0.2.21:53 -s sh -b sh-port -p 600 -M 255.255.255.0 -o
"$adm" -a -u 192.0.2.21:53 -r 198.51.100.22 -g -w 0 -x 100 -y 10
"$adm" -A -f 9 -6 -s mh -b mh-fallback
"$adm" -a -f 9 -6 -r 2001:db8::9 -i -w 3
"$adm" config tcp-timeout 1200 sni-timeout-ms 2500
"$adm" export >"$work/export.json"
check "export: config and services, the rule named as the kernel keeps it" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["config"]["tcp_timeout"] == 1200 and d["config"]["sni_timeout_ms"] == 2500, d["config"]
assert not any(k.endswith("_ceiling") for k in d["config"]), d["config"]
s = {x.get("port", x.get("fwmark")): x for x in d["services"]}
assert s[443]["sni"]["rules"][0]["name"] == "www.example.com", s[443]
assert s[443]["sni"]["rules"][0]["real_servers"][0]["port"] == 8443, s[443]
assert s[53]["persistent"] == 600 and s[53]["netmask"] == 24 and s[53]["one_packet"], s[53]
assert s[9]["family"] == "inet6" and s[9]["real_servers"][0]["forward"] == "tunnel", s[9]
' "$work/export.json"
check "export follows the state file's JSON Schema" /usr/bin/python3 \
	"$NFLB_ROOT/selftests/host/schema.py" "$work/export.json=nflb-state.schema.json"
# One vocabulary: a listing (-L -j) is a state file's services, the
# kernel's figures added, and applies back to nothing.
{ echo '{ "services":'; "$adm" -L -n -j; echo '}'; } >"$work/listing.json"
check "-L -j follows the state file's JSON Schema" /usr/bin/python3 \
	"$NFLB_ROOT/selftests/host/schema.py" "$work/listing.json=nflb-state.schema.json"
expect_out "-L -j | apply --dry-run prints nothing" "$work/empty" \
	"$adm" apply --dry-run --prune -f "$work/listing.json"
expect_out "export | apply --dry-run prints nothing" "$work/empty" \
	"$adm" apply --dry-run --prune -f "$work/export.json"
"$adm" -S -n >"$work/save.export"
"$adm" config >"$work/config.export"
"$adm" -C
"$adm" config tcp-timeout 900 sni-timeout-ms 5000
check "export: applied to an emptied namespace" \
	"$adm" apply --prune -f "$work/export.json"
# (in the order of the file, services by identity: compared as sets)
check_eq "export: the services, rules and real servers are back" \
	"$(sort "$work/save.export")" "$("$adm" -S -n | sort)"
check_eq "export: the settings are back" "$(cat "$work/config.export")" \
	"$("$adm" config)"
check_eq "export: exported again, the same file" "$(cat "$work/export.json")" \
	"$("$adm" export)"
exit $nflb_ret
