#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm speaks ipvsadm: services and real servers added, edited, listed,
# saved, cleared and restored with ipvsadm's syntax and formats; a save file
# written by the real ipvsadm (from IPVS in the same guest) restores into
# nflb and lists and saves the same; every mistake gets a one-line reason.
#
#   init_net: nflb (nflbadm) and IPVS (ipvsadm) side by side

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd ipvsadm setpriv
adm=$NFLBADM
work=$(mktemp -d)

cleanup() {
	ipvsadm -C 2>/dev/null
	modprobe -r ip_vs_wlc ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_mh ip_vs 2>/dev/null
	nflb_unload 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# expect_fail DESC MESSAGE COMMAND...: COMMAND exits non-zero and its one
# line on stderr is MESSAGE.
expect_fail() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [ "$out" = "$want" ]; then
		ok "$desc"
	else
		fail "$desc: exit $rc, said '$out', want '$want'"
	fi
}

nflb_unload
check "insmod" nflb_load

check "-A -t 192.0.2.1:80 -s rr" "$adm" -A -t 192.0.2.1:80 -s rr
check "-a NAT with port map, weight 3" \
	"$adm" -a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3
check "-a DR" "$adm" -a -t 192.0.2.1:80 -r 198.51.100.2 -g -w 1
check "-A UDP persistent with netmask" \
	"$adm" -A -u 192.0.2.1:53 -s sh -p 600 -M 255.255.255.0 -b sh-port
check "-a tunnel" "$adm" -a -u 192.0.2.1:53 -r 198.51.100.3 -i -w 2
check "-A IPv6 fwmark mh" "$adm" -A -f 7 -6 -s mh -b mh-fallback
check "-a IPv6 tunnel to the fwmark service" \
	"$adm" -a -f 7 -6 -r '[2001:db8::2]' -i -w 5 -x 1000 -y 100
check "-A IPv6 TCP" "$adm" -A -t '[2001:db8::1]:443' -s wlc
check "-e: only the weight changes" "$adm" -e -t 192.0.2.1:80 -r 198.51.100.1:8080 -w 0
check "-E: only the scheduler changes" "$adm" -E -t 192.0.2.1:80 -s wrr

cat >"$work/want.save" <<'SAVE'
-A -t 192.0.2.1:80 -s wrr
-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 0
-a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 1
-A -u 192.0.2.1:53 -s sh -p 600 -M 255.255.255.0 -b sh-port
-a -u 192.0.2.1:53 -r 198.51.100.3:53 -i -w 2 --tun-type ipip
-A -f 7 -6 -s mh -b mh-fallback
-a -f 7 -6 -r [2001:db8::2]:0 -i -w 5 -x 1000 -y 100 --tun-type ipip
-A -t [2001:db8::1]:443 -s wlc
SAVE
"$adm" -S -n >"$work/save1"
check "-S shows exactly what was configured" diff -u "$work/want.save" "$work/save1"
check "-C" "$adm" -C
check_eq "-C empties" "" "$("$adm" -S -n)"
check "-R restores the save" "$adm" -R <"$work/save1"
"$adm" -S -n >"$work/save2"
check "-S | -C | -R | -S is identical" diff -u "$work/save1" "$work/save2"

out=$("$adm" -L -n)
check_match "-Ln header" "^IP Virtual Server version [0-9.]+ \(size=[0-9]+\)$" "$out"
check_match "-Ln service line" "^TCP  192\.0\.2\.1:80 wrr *$" "$out"
check_match "-Ln NAT real server" "^  -> 198\.51\.100\.1:8080 +Masq +0 +0 +0 *$" "$out"
check_match "-Ln persistent UDP service" \
	"^UDP  192\.0\.2\.1:53 sh \(sh-port\) persistent 600 mask 255\.255\.255\.0 *$" "$out"
out=$("$adm" -L -n -j)
check "-Lnj is JSON" python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d) == 4' <<<"$out"
check_eq "--set then -L --timeout" "Timeout (tcp tcpfin udp): 1000 60 200" \
	"$("$adm" --set 1000 60 200 && "$adm" -L --timeout)"

# Mistakes: exit non-zero and one line naming what was wrong.
expect_fail "duplicate service" "nflbadm: service already exists" \
	"$adm" -A -t 192.0.2.1:80
# (6.1 cannot format extack messages: libnflb puts the name in there.)
expect_fail "unknown scheduler, named" \
	"nflbadm: unknown scheduler 'nosuch' (known: rr wrr lc wlc sh mh)" \
	"$adm" -A -t 192.0.2.9:80 -s nosuch
expect_fail "real server on a missing service" \
	"nflbadm: service does not exist" \
	"$adm" -a -t 192.0.2.9:80 -r 198.51.100.1 -m
expect_fail "port out of range" \
	"nflbadm: invalid port '70000' in '192.0.2.1:70000' (1-65535)" \
	"$adm" -A -t 192.0.2.1:70000
expect_fail "malformed address" \
	"nflbadm: invalid IPv4 address '192.0.2.300' in '192.0.2.300:80'" \
	"$adm" -A -t 192.0.2.300:80
expect_fail "weight out of range" "nflbadm: invalid weight '70000' (0-65535)" \
	"$adm" -a -t 192.0.2.1:80 -r 198.51.100.9 -w 70000
expect_fail "unsupported option" \
	"nflbadm: option '--pe' is not supported by nflb (no persistence engines)" \
	"$adm" -A -t 192.0.2.9:80 --pe sip
expect_fail "-R names the failing line" \
	"nflbadm: line 2: service already exists" \
	"$adm" -R <<<"-A -t 192.0.2.7:80
-A -t 192.0.2.7:80"
before=$("$adm" -S -n)
expect_fail "unprivileged -A is refused" \
	"nflbadm: permission denied: CAP_NET_ADMIN is required" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$adm" -A -t 192.0.2.8:80
expect_fail "unprivileged -C is refused" \
	"nflbadm: permission denied: CAP_NET_ADMIN is required" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$adm" -C
check_eq "and nothing changed" "$before" "$("$adm" -S -n)"
check "-C" "$adm" -C

# The real ipvsadm's save of the same kind of configuration restores into
# nflb and comes back the same, and lists the same below the header.
if modprobe ip_vs 2>/dev/null; then
	ipvsadm -C
	ipvsadm -A -t 192.0.2.1:80 -s rr
	ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 3
	ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.2 -g -w 1
	ipvsadm -A -u 192.0.2.1:53 -s wlc -p 600 -M 255.255.255.0
	ipvsadm -a -u 192.0.2.1:53 -r 198.51.100.3 -i -w 2
	ipvsadm -A -f 7 -6 -s rr
	ipvsadm -a -f 7 -6 -r 2001:db8::2 -i -w 5
	ipvsadm -A -t '[2001:db8::1]:443' -s wlc
	ipvsadm -S -n >"$work/ipvs.save"
	check "nflbadm -R reads ipvsadm -S" "$adm" -R <"$work/ipvs.save"
	"$adm" -S -n >"$work/nflb.save"
	check "nflbadm -S gives back ipvsadm's save" \
		diff -u "$work/ipvs.save" "$work/nflb.save"
	ipvsadm -L -n | tail -n +2 >"$work/ipvs.list"
	"$adm" -L -n | tail -n +2 >"$work/nflb.list"
	check "nflbadm -Ln lists like ipvsadm -Ln" \
		diff -u "$work/ipvs.list" "$work/nflb.list"
else
	fail "modprobe ip_vs failed: cannot compare with the real ipvsadm"
fi
exit $nflb_ret
