#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SNI in nflbadm's ipvsadm syntax (Documentation/sni.rst, "Control
# surface"): SNI mode and rules with their real servers, the refusals with
# their messages, listings (-L, --stats, --rate, -j), save and restore
# (-S, -R), and the forwarding method -a picks without -g/-i/-m.
# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd python3 ip
adm=$NFLBADM
work=$(mktemp -d)

cleanup() {
	nflb_unload 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load

# --- nflbadm: the grammar of sni.rst -------------------------------------
vip=192.0.2.1:443
check "-A --sni-mode" "$adm" -A -t $vip -s rr --sni-mode
check "-A --sni www.example.com -s wrr" \
	"$adm" -A -t $vip --sni www.example.com -s wrr
check "-A --sni '*.example.com' -s mh" \
	"$adm" -A -t $vip --sni '*.example.com' -s mh -b mh-port
check "-a in the rule, masquerading, weight 2" \
	"$adm" -a -t $vip --sni www.example.com -r 198.51.100.1:443 -m -w 2
check "-a to the default rule" "$adm" -a -t $vip -r 198.51.100.9:443 -m
check "-a in the wildcard rule" \
	"$adm" -a -t $vip --sni '*.EXAMPLE.com.' -r 198.51.100.2:8443 -m
check "-A --sni with persistence" \
	"$adm" -A -t $vip --sni api.example.org -s sh -p 900 -M 24
check "-e in a rule: weight" \
	"$adm" -e -t $vip --sni WWW.example.com -r 198.51.100.1:443 -m -w 3
check "-E of a rule: scheduler" "$adm" -E -t $vip --sni api.example.org -s lc

check_eq "duplicate rule (case, trailing dot)" \
	"nflbadm: SNI rule already exists in this service (exit 1)" \
	"$(said "$adm" -A -t $vip --sni WWW.Example.COM.)"
check_eq "not a host name" \
	"nflbadm: SNI rule name is not a host name or *.host name (exit 1)" \
	"$(said "$adm" -A -t $vip --sni 'www..example.com')"
check_eq "DR real server in a rule" \
	"nflbadm: SNI services forward by masquerading only: replies must cross the balancer to be translated (exit 1)" \
	"$(said "$adm" -a -t $vip --sni www.example.com -r 198.51.100.5 -g)"
check_eq "TUN real server in the default rule" \
	"nflbadm: SNI services forward by masquerading only: replies must cross the balancer to be translated (exit 1)" \
	"$(said "$adm" -a -t $vip -r 198.51.100.5 -i)"
check_eq "--sni-mode on UDP" \
	"nflbadm: option '--sni-mode' is only for TCP services (-t): SNI mode routes TLS by server name (exit 2)" \
	"$(said "$adm" -A -u 192.0.2.1:443 --sni-mode)"
check_eq "--sni on a fwmark service" \
	"nflbadm: option '--sni' is only for TCP services (-t): SNI rules route TLS by server name (exit 2)" \
	"$(said "$adm" -a -f 5 --sni a.example -r 198.51.100.5 -m)"
check "a plain service" "$adm" -A -t 192.0.2.2:443 -s rr
check_eq "a rule on a non-SNI service" \
	"nflbadm: SNI rules need a service in SNI mode (exit 1)" \
	"$(said "$adm" -A -t 192.0.2.2:443 --sni a.example)"
check "a DR real server in the plain service" \
	"$adm" -a -t 192.0.2.2:443 -r 198.51.100.2 -g
out=$(said "$adm" -E -t 192.0.2.2:443 --sni-mode)
case $out in
"nflbadm: SNI mode needs masquerading: a real server forwards by direct routing or tunnelling (exit 1)")
	# Kernels before 6.2 cannot format the message.
	check_match "SNI mode with a DR real server (no formatted message)" \
		"^" "$out" ;;
*)
	check_eq "SNI mode with a DR real server" \
		"nflbadm: SNI mode needs masquerading: 198.51.100.2:443 forwards by direct routing (exit 1)" \
		"$out" ;;
esac
check_eq "leaving SNI mode with rules" \
	"nflbadm: the service has SNI rules: delete them before leaving SNI mode (exit 1)" \
	"$(said "$adm" -E -t $vip --sni-mode off)"
check_eq "a missing rule" \
	"nflbadm: SNI rule does not exist in this service (exit 1)" \
	"$(said "$adm" -D -t $vip --sni nosuch.example.com)"
check "delete the plain service" "$adm" -D -t 192.0.2.2:443

out=$("$adm" -L -n)
check_match "-Ln: the service, in SNI mode" \
	"^TCP  192\.0\.2\.1:443 rr sni default servers$" "$out"
check_match "-Ln: a rule" "^  SNI  www\.example\.com wrr$" "$out"
check_match "-Ln: a wildcard rule, its flags" \
	"^  SNI  \*\.example\.com mh \(mh-port\)$" "$out"
check_match "-Ln: a persistent rule" \
	"^  SNI  api\.example\.org lc persistent 900 mask 255\.255\.255\.0$" "$out"
want='TCP  192.0.2.1:443 rr sni default servers
  -> 198.51.100.9:443             Masq    1      0          0         
  SNI  www.example.com wrr
  -> 198.51.100.1:443             Masq    3      0          0         
  SNI  *.example.com mh (mh-port)
  -> 198.51.100.2:8443            Masq    1      0          0         
  SNI  api.example.org lc persistent 900 mask 255.255.255.0'
check_eq "-Ln: rules under their service, servers under them" \
	"$want" "$(tail -n +4 <<<"$out")"
out=$("$adm" -L -n --stats)
check_match "--stats: a line per rule" \
	"^  SNI  www\.example\.com +0 +0 +0 +0 +0$" "$out"
out=$("$adm" -L -n --rate)
check_match "--rate: a line per rule" \
	"^  SNI  \*\.example\.com +0 +0 +0 +0 +0$" "$out"
"$adm" -L -n -j >"$work/list.json"
check "-j nests sni: default and rules with their servers" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))[0]
sni = s["sni"]
assert sni["default"] == "servers", sni
names = [r["name"] for r in sni["rules"]]
assert names == ["www.example.com", "*.example.com", "api.example.org"], names
www = sni["rules"][0]
assert www["scheduler"] == "wrr" and www["real_servers"][0]["weight"] == 3, www
assert [d["address"] for d in s["real_servers"]] == ["198.51.100.9"], s["real_servers"]
' "$work/list.json"

cat >"$work/want.save" <<'SAVE'
-A -t 192.0.2.1:443 -s rr --sni-mode
-a -t 192.0.2.1:443 -r 198.51.100.9:443 -m -w 1
-A -t 192.0.2.1:443 --sni www.example.com -s wrr
-a -t 192.0.2.1:443 --sni www.example.com -r 198.51.100.1:443 -m -w 3
-A -t 192.0.2.1:443 --sni *.example.com -s mh -b mh-port
-a -t 192.0.2.1:443 --sni *.example.com -r 198.51.100.2:8443 -m -w 1
-A -t 192.0.2.1:443 --sni api.example.org -s lc -p 900 -M 255.255.255.0
SAVE
"$adm" -S -n >"$work/save1"
check "-S writes the rules" diff -u "$work/want.save" "$work/save1"
check "-C" "$adm" -C
check_eq "-C freed the rules' real servers too" "0" \
	"$("$adm" info | awk '/real servers/ { print $NF }')"
check "-R reads -S back" "$adm" -R <"$work/save1"
"$adm" -S -n >"$work/save2"
check "-S | -C | -R | -S is identical" diff -u "$work/save1" "$work/save2"
check "-E --sni-default reset" "$adm" -E -t $vip --sni-default reset
check_match "-Ln: default reset" "^TCP  192\.0\.2\.1:443 rr sni default reset$" \
	"$("$adm" -L -n)"
check_match "-S: --sni-default reset" \
	"^-A -t 192\.0\.2\.1:443 -s rr --sni-mode --sni-default reset$" \
	"$("$adm" -S -n)"
check "-d in a rule" "$adm" -d -t $vip --sni '*.example.com' -r 198.51.100.2:8443
check "-D a rule" "$adm" -D -t $vip --sni www.example.com
check_eq "the rule and its real server are gone" \
	"-A -t 192.0.2.1:443 -s rr --sni-mode --sni-default reset
-a -t 192.0.2.1:443 -r 198.51.100.9:443 -m -w 1
-A -t 192.0.2.1:443 --sni *.example.com -s mh -b mh-port
-A -t 192.0.2.1:443 --sni api.example.org -s lc -p 900 -M 255.255.255.0" \
	"$("$adm" -S -n)"
check "-D the service with its rules" "$adm" -D -t $vip
check_eq "nothing left" "" "$("$adm" -S -n)"

# --- -a without -g/-i/-m: masquerading in SNI services and rules ----------
check "an SNI service" "$adm" -A -t 192.0.2.3:443 -s rr --sni-mode
check "a rule of it" "$adm" -A -t 192.0.2.3:443 --sni a.example -s rr
check "a plain service" "$adm" -A -t 192.0.2.4:443 -s rr
check "-a to the SNI service, no method given" \
	"$adm" -a -t 192.0.2.3:443 -r 198.51.100.1:8443
check "-a to its rule, no method given" \
	"$adm" -a -t 192.0.2.3:443 --sni a.example -r 198.51.100.2:8443
check "-a to the plain service, no method given" \
	"$adm" -a -t 192.0.2.4:443 -r 198.51.100.3:8443
check_eq "SNI: masquerading to the port given; plain: DR on the service's port" \
"-A -t 192.0.2.3:443 -s rr --sni-mode
-a -t 192.0.2.3:443 -r 198.51.100.1:8443 -m -w 1
-A -t 192.0.2.3:443 --sni a.example -s rr
-a -t 192.0.2.3:443 --sni a.example -r 198.51.100.2:8443 -m -w 1
-A -t 192.0.2.4:443 -s rr
-a -t 192.0.2.4:443 -r 198.51.100.3:443 -g -w 1" "$("$adm" -S -n)"
check_eq "-a to a missing service, no method given" \
	"nflbadm: service does not exist (exit 1)" \
	"$(said "$adm" -a -t 192.0.2.5:443 -r 198.51.100.1)"
exit $nflb_ret
