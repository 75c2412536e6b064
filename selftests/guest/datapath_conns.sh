#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The connection table seen through nflbadm, with real traffic through NAT
# services: -Lnc shows a held TCP connection ESTABLISHED, finished ones in
# TIME_WAIT/FIN_WAIT/CLOSE, a UDP flow and a persistence template in
# ipvsadm's format (compared with IPVS's own listing of the same traffic),
# the expiry counts down; -Lncj has the same entries; info counts them;
# --rate shows the connection and packet rates of a burst; and with
# `nflbadm config max-conns 3` a fourth flow is dropped and counted while
# the three established ones go on.
#
#   client 10.0.1.2 ---- balancer (nflb; IPVS on 192.0.2.2) ---- br0 ---- b1 b2 b3
#   TCP 192.0.2.1:80 -> b1:8080, UDP 192.0.2.1:80 -> b1:8080,
#   TCP 192.0.2.1:81 persistent 600 s -> b2:8080
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip ipvsadm python3

cleanup() {
	[ -n "${hold:-}" ] && touch "$NFLB_WORK/go" 2>/dev/null
	in_lb ipvsadm -C 2>/dev/null
	topo_cleanup
	modprobe -r ip_vs_rr ip_vs 2>/dev/null
	nflb_unload 2>/dev/null
}
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load
check "topology" topo_setup

C4=10.0.1.2
re_c="10\.0\.1\.2:[1-9][0-9]*"

# conns: the entries of -Lnc, without the two header lines.
conns() { adm -Lnc | tail -n +3; }
# conn_json FILTER: fields of the -Lncj entries for which the Python
# expression FILTER (over c) holds, one "key=value ..." line each.
conn_json() {
	adm -Lncj | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    if eval(sys.argv[1]):
        print(" ".join("%s=%s" % (k, c[k]) for k in sorted(c)))' "$1"
}
# ipvsadm_cols LINE: LINE printed again the way ipvsadm prints an entry.
ipvsadm_cols() {
	local f
	read -ra f <<<"$1"
	printf '%-3s %-6s %-11s %-18s %-18s %s' "${f[@]:0:6}"
}
expiry_s() { awk '{ split($2, t, ":"); print t[1] * 60 + t[2] }' <<<"$1"; }
established() { conns | grep ' ESTABLISHED '; }
info_val() { adm info | sed -n "s/^$1: //p"; }
est_ms() { conn_json 'c["state"] == "ESTABLISHED"' | sed 's/.*expires_ms=\([0-9]*\).*/\1/'; }
# Conditions to poll (busywait runs them again and again).
finished_ge() { test "$(conns | grep -cE ' (TIME_WAIT|CLOSE) ')" -ge "$1"; }
expiry_below() { test "$(expiry_s "$(established)")" -lt "$1"; }
est_ms_below() { test "$(est_ms)" -lt "$1"; }
conns_eq() { test "$(info_val connections)" = "$1"; }
lines_ge() { test "$(wc -l <"$1")" -ge "$2"; }

# Traffic: TCP held open, TCP finished, UDP, TCP to a persistent service.
# traffic VIP GO_FILE: the held connection's lbpeer is $hold.
traffic() {
	local vip=$1 go=$2
	rm -f "$go"
	in_c "$LBPEER" hold -n 1 -w "$go" "$vip" 80 >"$go.out" &
	hold=$!
	busywait 10000 grep -q '^b' "$go.out"
	in_c "$LBPEER" client "$vip" 80 >/dev/null
	in_c "$LBPEER" client -u "$vip" 80 >/dev/null
	in_c "$LBPEER" client "$vip" 81 >/dev/null
}
release() {
	touch "$1"
	wait "$hold"
	hold=
}

adm -A -t "$VIP4:80" -s rr
adm -a -t "$VIP4:80" -r "${RS4[0]}:8080" -m
adm -A -u "$VIP4:80" -s rr
adm -a -u "$VIP4:80" -r "${RS4[0]}:8080" -m
adm -A -t "$VIP4:81" -s rr -p 600
adm -a -t "$VIP4:81" -r "${RS4[1]}:8080" -m
traffic "$VIP4" "$NFLB_WORK/go"
# the finished connections reach their last state on their final ACK
busywait 5000 finished_ge 2
out=$(conns)
check_eq "-Lnc: five entries" 5 "$(wc -l <<<"$out")"
est=$(grep ' ESTABLISHED ' <<<"$out")
check_match "-Lnc: the held connection is ESTABLISHED, tcp timeout (15:00)" \
	"^TCP 1[45]:[0-9]{2}  ESTABLISHED $re_c +192\.0\.2\.1:80 +10\.0\.2\.11:8080$" "$est"
check_eq "-Lnc: ipvsadm's columns" "$(ipvsadm_cols "$est")" "$est"
check_match "-Lnc: a finished connection, tcpfin timeout (02:00)" \
	"^TCP 0[0-2]:[0-9]{2}  (TIME_WAIT|FIN_WAIT|CLOSE) +$re_c +192\.0\.2\.1:80 +10\.0\.2\.11:8080$" "$out"
check_match "-Lnc: the UDP flow, udp timeout (05:00)" \
	"^UDP 0[45]:[0-9]{2}  UDP +$re_c +192\.0\.2\.1:80 +10\.0\.2\.11:8080$" "$out"
check_match "-Lnc: the persistence template, client port 0, timeout (10:00)" \
	"^TCP (09|10):[0-9]{2}  NONE +10\.0\.1\.2:0 +192\.0\.2\.1:81 +10\.0\.2\.12:8080$" "$out"
check_match "-Lnc: the connection it made" \
	"^TCP 0[0-2]:[0-9]{2}  (TIME_WAIT|FIN_WAIT|CLOSE) +$re_c +192\.0\.2\.1:81 +10\.0\.2\.12:8080$" "$out"
nflb_lines=$(adm -Lnc)

e1=$(expiry_s "$est")
check "-Lnc: the expiry counts down" busywait 5000 expiry_below "$e1"

# -Lncj: the same entries
cport=$(awk '{ sub(/.*:/, "", $4); print $4 }' <<<"$est")
check_eq "-Lncj: the held connection's fields" \
	"client=$C4 client_port=$cport destination=10.0.2.11 destination_port=8080 expires_ms=X family=inet forward=masq protocol=tcp state=ESTABLISHED template=False virtual=$VIP4 virtual_port=80" \
	"$(conn_json 'c["state"] == "ESTABLISHED"' | sed 's/expires_ms=[0-9]*/expires_ms=X/')"
ms=$(est_ms)
check "-Lncj: expires_ms within the tcp timeout ($ms)" test "$ms" -gt 0 -a "$ms" -le 900000
check "-Lncj: expires_ms counts down" busywait 5000 est_ms_below "$ms"
check_eq "-Lncj: the template" \
	"client=$C4 client_port=0 destination=10.0.2.12 destination_port=8080 family=inet forward=masq protocol=tcp state=NONE template=True virtual=$VIP4 virtual_port=81" \
	"$(conn_json 'c["template"]' | sed 's/ expires_ms=[0-9]*//')"
check_eq "-Lncj: the UDP flow" "udp UDP 10.0.2.11 8080" \
	"$(conn_json 'c["protocol"] == "udp"' | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v["protocol"], v["state"], v["destination"], v["destination_port"] }')"
# As many as -Lnc lists around it (finished entries expire after 2 min,
# which a slow debug guest may reach by now).
n1=$(conns | wc -l)
nj=$(conn_json True | wc -l)
n2=$(conns | wc -l)
check "-Lncj: as many entries as -Lnc ($nj; -Lnc $n1 then $n2)" \
	test "$nj" -le "$n1" -a "$nj" -ge "$n2" -a "$n2" -ge 3
# The same sandwich: a TIME_WAIT entry may expire meanwhile (TCG is slow).
n1=$(conns | wc -l)
n_info=$(info_val connections)
n2=$(conns | wc -l)
check "info: connections counts them ($n_info; -Lnc $n1 then $n2)" \
	test "$n_info" -le "$n1" -a "$n_info" -ge "$n2" -a "$n2" -ge 3
# inactive: the finished connection to port 80, unless it expired already
inact=$(conns | grep -cE ' (TIME_WAIT|FIN_WAIT|CLOSE) .* 192\.0\.2\.1:80 ')
check_match "-L -n: the real server's active and inactive ($inact) connections" \
	"-> 10\.0\.2\.11:8080 +Masq +1 +1 +$inact" "$(adm -L -n -t "$VIP4:80")"
release "$NFLB_WORK/go"

# --rate: the estimator samples every 2 s and smooths; a burst of
# connections shows as CPS and packet rates on the service's line.
rate_line() { adm -L -n --rate | awk -v s="$VIP4:80" '$1 == "TCP" && $2 == s'; }
cps_above_0() { rate_line | awk '{ exit !($3 > 0) }'; }
in_c "$LBPEER" client -n 100 "$VIP4" 80 >/dev/null &
burst=$!
check "--rate: CPS above 0 during a burst" \
	busywait 20000 cps_above_0
line=$(rate_line)
check_eq "--rate: InPPS, OutPPS, InBPS and OutBPS above 0 ($line)" "1 1 1 1" \
	"$(awk '{ print ($4 > 0), ($5 > 0), ($6 > 0), ($7 > 0) }' <<<"$line")"
check "-L -j: stats.cps above 0" python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin) if x.get("protocol") == "tcp" and x.get("port") == 80]
sys.exit(not s[0]["stats"]["cps"] > 0)' <<<"$(adm -L -j)"
wait "$burst"

# IPVS's listing of the same traffic has the same shape.
if modprobe ip_vs && modprobe ip_vs_rr; then
	ip -n "$LB" addr add 192.0.2.2/32 dev lo
	in_lb ipvsadm -A -t 192.0.2.2:80 -s rr
	in_lb ipvsadm -a -t 192.0.2.2:80 -r "${RS4[0]}:8080" -m
	in_lb ipvsadm -A -u 192.0.2.2:80 -s rr
	in_lb ipvsadm -a -u 192.0.2.2:80 -r "${RS4[0]}:8080" -m
	in_lb ipvsadm -A -t 192.0.2.2:81 -s rr -p 600
	in_lb ipvsadm -a -t 192.0.2.2:81 -r "${RS4[1]}:8080" -m
	traffic 192.0.2.2 "$NFLB_WORK/go-ipvs"
	ipvs_lines=$(in_lb ipvsadm -Lnc)
	release "$NFLB_WORK/go-ipvs"
	# Expiry, client port and VIP apart; finished connections' timers
	# differ.  IPVS marks a template that served an established
	# connection ASSURED; nflb's templates are always NONE.
	norm() {
		sed -E 's/^([A-Z]+ +)[0-9]{2}:[0-9]{2}/\1MM:SS/; s/10\.0\.1\.2:[1-9][0-9]*/10.0.1.2:PORT/; s/192\.0\.2\.[12]:/VIP:/; s/ ASSURED / NONE    /' <<<"$1" |
			grep -E '^(IPVS|pro)| (ESTABLISHED|UDP|NONE) ' | sort
	}
	check_eq "-Lnc: the same lines as ipvsadm -Lnc for IPVS" \
		"$(norm "$ipvs_lines")" "$(norm "$nflb_lines")"
	in_lb ipvsadm -C
else
	fail "IPVS modules load"
fi

# A full table: new flows are dropped and counted, the others go on.
adm -C
check "a clear expires every entry" busywait 5000 conns_eq 0
add_service 4 t m rr
check "config max-conns 3" adm config max-conns 3
check_match "config shows it" "^max-conns 3$" "$(adm config)"
check_match "config -j shows it" '"max_conns":3[,}]' "$(adm config -j)"
check_match "info shows it" "^connection limit: 3$" "$(adm info)"
rm -f "$NFLB_WORK/go"
in_c "$LBPEER" hold -n 4 -w "$NFLB_WORK/go" "$VIP4" 80 >"$NFLB_WORK/hold" &
hold=$!
busywait 20000 lines_ge "$NFLB_WORK/hold" 4
check_eq "full: three connections, the fourth is dropped" "b1 b2 b3 ERR" \
	"$(words "$(sed 's/^ERR.*/ERR/' "$NFLB_WORK/hold")")"
check_eq "full: three entries" 3 "$(conns | grep -c ' ESTABLISHED ')"
check_eq "full: info counts three connections" 3 "$(info_val connections)"
check "full: info counts the dropped flow" \
	test "$(info_val 'connections dropped, table full')" -ge 1
release "$NFLB_WORK/go"
check_eq "full: the three established connections go on" \
	"again b1 again b2 again b3 again ERR" \
	"$(words "$(grep '^again' "$NFLB_WORK/hold" | sed 's/ERR.*/ERR/')")"
exit $nflb_ret
