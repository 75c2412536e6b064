#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm monitor prints every change as it happens, one line each and in
# the order they were made, whether made by ipvsadm-style commands or by
# apply; -j prints one JSON object per line; the module unloaded and
# loaded again under it prints -module and +module and the new module's
# events follow; an unprivileged user is refused with a one-line reason.
#
#   init_net: nflbadm monitor (text)  nflbadm monitor -j  <- events group
#                     ^ changes: nflbadm -A/-a/-e/-E/-d/-D/-C/--set, apply

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd python3 setpriv
adm=$NFLBADM
work=$(mktemp -d)
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	nflb_unload 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load

"$adm" monitor >"$work/mon.txt" 2>"$work/mon.err" &
pids+=($!)
"$adm" monitor -j >"$work/mon.json" 2>"$work/mon.jerr" &
pids+=($!)

# Both monitors listen once a configuration event (a --set of the current
# timeouts: no change) reaches them.
read -r _ _ _ _ tcp fin udp <<<"$("$adm" -L --timeout)"
subscribed() {
	"$adm" --set "$tcp" "$fin" "$udp" &&
		grep -qx '~config' "$work/mon.txt" &&
		grep -q '"type":"config"' "$work/mon.json"
}
check "both monitors are subscribed" busywait 10000 subscribed
# Probes may still be on their way: count lines from a marker instead.
marker="+service TCP 192.0.2.254:9 wlc"
"$adm" -A -t 192.0.2.254:9
saw_marker() {
	grep -qxF "$marker" "$work/mon.txt" &&
		grep -qF '"192.0.2.254"' "$work/mon.json"
}
check "both monitors saw the marker" busywait 5000 saw_marker
skip_txt=$(grep -nxF "$marker" "$work/mon.txt" | cut -d: -f1)
skip_json=$(grep -nF '"192.0.2.254"' "$work/mon.json" | head -n1 | cut -d: -f1)

expected=()
# next_line DESC LINE COMMAND...: run COMMAND; LINE is the next line of the
# text monitor, within 5 s.
# line_is N LINE: line N of the text monitor's output is LINE (a function,
# so that busywait reads the file on every try).
line_is() { [ "$(sed -n "${1}p" "$work/mon.txt")" = "$2" ]; }
next_line() {
	local desc=$1 line=$2 n
	shift 2
	"$@" >/dev/null || { fail "$desc: command failed: $*"; return; }
	expected+=("$line")
	n=$((skip_txt + ${#expected[@]}))
	if busywait 5000 line_is "$n" "$line"; then
		ok "$desc: '$line'"
	else
		fail "$desc: line $n is '$(sed -n "${n}p" "$work/mon.txt")', want '$line'"
	fi
}

next_line "-D" "-service TCP 192.0.2.254:9" "$adm" -D -t 192.0.2.254:9
next_line "-A" "+service TCP 192.0.2.1:80 wlc" "$adm" -A -t 192.0.2.1:80
next_line "-a" "+dest TCP 192.0.2.1:80 198.51.100.1:8080 masq weight 3" \
	"$adm" -a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3
next_line "-e" "~dest TCP 192.0.2.1:80 198.51.100.1:8080 masq weight 5" \
	"$adm" -e -t 192.0.2.1:80 -r 198.51.100.1:8080 -w 5
next_line "-E" "~service TCP 192.0.2.1:80 rr" "$adm" -E -t 192.0.2.1:80 -s rr
next_line "-A persistent IPv6" \
	"+service UDP [2001:db8::1]:53 sh (sh-port) persistent 600 mask 64" \
	"$adm" -A -u '[2001:db8::1]:53' -s sh -p 600 -M 64 -b sh-port
next_line "-d" "-dest TCP 192.0.2.1:80 198.51.100.1:8080" \
	"$adm" -d -t 192.0.2.1:80 -r 198.51.100.1:8080
next_line "-D" "-service TCP 192.0.2.1:80" "$adm" -D -t 192.0.2.1:80
cat >"$work/state.json" <<'JSON'
{ "services": [ { "fwmark": 7, "real_servers": [ { "address": "198.51.100.2" } ] } ] }
JSON
next_line "apply: the service" "+service FWM 7 wlc" "$adm" apply -f "$work/state.json"
next_line "apply: its real server" "+dest FWM 7 198.51.100.2:0 route weight 1" true
next_line "-C" "-all" "$adm" -C
next_line "--set" "~config" "$adm" --set 1000 60 200

total=$((skip_txt + ${#expected[@]}))
check_eq "no other line (text)" "$total" "$(wc -l <"$work/mon.txt")"
check "the JSON monitor saw the same changes" busywait 5000 \
	test "$(wc -l <"$work/mon.json")" -eq $((skip_json + ${#expected[@]}))
check "each JSON line is an object with op and type, in order" python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[2]):]
d = [json.loads(l) for l in lines]
want = [("-", "service"), ("+", "service"), ("+", "dest"), ("~", "dest"), ("~", "service"),
        ("+", "service"), ("-", "dest"), ("-", "service"), ("+", "service"),
        ("+", "dest"), ("-", "all"), ("~", "config")]
assert [(e["op"], e["type"]) for e in d] == want, d
assert d[2]["service"]["address"] == "192.0.2.1" and d[2]["dest"]["weight"] == 3, d[2]
assert d[5]["service"]["persistent"] == 600 and d[5]["service"]["netmask"] == 64, d[5]
' "$work/mon.json" "$skip_json"
check_eq "monitors said nothing on stderr" "" "$(cat "$work/mon.err" "$work/mon.jerr")"

# The module unloaded and loaded again: the monitor says so and goes on
# with the new module's events (it never loads the module itself).
next_line "module unloaded" "-module" nflb_unload
next_line "module loaded again" "+module" nflb_load
next_line "the new module's events follow" "+service TCP 192.0.2.77:80 wlc" \
	"$adm" -A -t 192.0.2.77:80

# The events group needs CAP_NET_ADMIN like every command; a kernel that
# let the join through would leave the monitor waiting: bounded.
out=$(timeout -k 1 5 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$adm" monitor 2>&1)
rc=$?
if [ $rc -eq 124 ]; then
	fail "unprivileged monitor was let in: the kernel does not restrict the events group (its .flags must be GENL_MCAST_CAP_NET_ADMIN)"
else
	check_eq "unprivileged monitor: exit 1, one line" \
		"1 nflbadm: monitor: permission denied: CAP_NET_ADMIN is required" "$rc $out"
fi
out=$("$adm" monitor --frob 2>&1)
check_eq "bad argument: exit 2, one line" \
	"2 nflbadm: monitor: unexpected argument '--frob' (usage: nflbadm monitor [-j])" "$? $out"
exit $nflb_ret
