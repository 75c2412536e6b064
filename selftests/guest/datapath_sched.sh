#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Scheduling as a client sees it: wrr 3:2:1 over 600 connections; lc and
# wlc send a new connection to the idle server; sh pins a client (and
# spreads by port with sh-port); mh moves only the removed server's clients
# and none when it comes back.  (Persistence, weight 0 and removal:
# datapath_persist.sh.)
#
#   client ---- balancer (nflb) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh; extra client addresses
#    10.0.1.100-159 for the hashing schedulers)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip

lb_start
rsa() { echo "${RS4[$1 - 1]}:8080"; }

# within WANT PERCENT GOT
within() { [ $(( ($3 - $1) * 100 )) -le $(( $1 * $2 )) ] && [ $(( ($1 - $3) * 100 )) -le $(( $1 * $2 )) ]; }

# setup -t|-u SCHED W1 W2 W3: only VIP:80 (TCP or UDP), NAT to the three
# backends with these weights.  One nflbadm -R: a process costs seconds on
# the debug kernel (the commands themselves: nflbadm_ipvsadm.sh).
setup() {
	adm -R <<-EOF
		-C
		-A $1 $VIP4:80 -s $2
		-a $1 $VIP4:80 -r $(rsa 1) -m -w $3
		-a $1 $VIP4:80 -r $(rsa 2) -m -w $4
		-a $1 $VIP4:80 -r $(rsa 3) -m -w $5
	EOF
}

# wrr 3:2:1
setup -t wrr 3 2 1
out=$(in_c "$LBPEER" client -n 600 "$VIP4" 80)
read -r n1 n2 n3 < <(count_names "$out" | sed 's/b.=//g')
check_match "wrr: 600 connections, none failed" "^b" "$out"
check_fails "wrr: no request failed" grep -q ERR <<<"$out"
if within 300 3 "$n1" && within 200 3 "$n2" && within 100 3 "$n3"; then
	ok "wrr 3:2:1 over 600: $n1/$n2/$n3"
else
	fail "wrr 3:2:1 over 600: got $n1/$n2/$n3, want 300/200/100 within 3%"
fi

# lc / wlc: held (established) connections make a server busy
for sched in lc wlc; do
	setup -t $sched 1 1 1
	rm -f "$NFLB_WORK/go"
	in_c "$LBPEER" hold -n 2 -w "$NFLB_WORK/go" "$VIP4" 80 >"$NFLB_WORK/hold" &
	hold=$!
	busywait 10000 held 2
	held=$(sort "$NFLB_WORK/hold" | tr '\n' ' ')
	idle=$(printf 'b1\nb2\nb3\n' | grep -vxF -f "$NFLB_WORK/hold")
	check_eq "$sched: a new connection goes to the idle server (busy: $held)" \
		"$idle" "$(in_c "$LBPEER" client "$VIP4" 80)"
	touch "$NFLB_WORK/go"
	wait "$hold"
done
# wlc weighs: b3 has weight 4, so with one connection on each server it is
# still the least loaded per weight
setup -t wlc 1 1 4
rm -f "$NFLB_WORK/go"
in_c "$LBPEER" hold -n 3 -w "$NFLB_WORK/go" "$VIP4" 80 >"$NFLB_WORK/hold" &
hold=$!
busywait 10000 held 3
check_eq "wlc: weight 4 takes the next connection over two weight-1 servers" \
	"b3" "$(in_c "$LBPEER" client "$VIP4" 80)"
touch "$NFLB_WORK/go"
wait "$hold"

# Client addresses for the hashing schedulers.
for i in $(seq 100 159); do echo "addr add 10.0.1.$i/24 dev c0"; done |
	ip -n "$C" -batch -
# map: one "ADDR NAME" line per client address, UDP so nothing lingers
map() { in_c "$LBPEER" client -u -n 60 -A 10.0.1.100 "$VIP4" 80; }

setup -u sh 1 1 1
out=$(in_c "$LBPEER" client -u -n 10 -b 10.0.1.100 "$VIP4" 80 | sort -u)
check_eq "sh: one client, ten requests, one server" 1 "$(wc -l <<<"$out")"
check "sh: different clients use different servers" \
	test "$(map | awk '{print $2}' | sort -u | wc -l)" = 3
adm -E -u "$VIP4:80" -s sh -b sh-port
out=$(in_c "$LBPEER" client -u -n 30 -b 10.0.1.100 "$VIP4" 80 | sort -u)
check "sh-port: one client's ports spread" test "$(wc -l <<<"$out")" -gt 1

setup -u mh 1 1 1
before=$(map)
check_eq "mh: the same choice twice" "$before" "$(map)"
adm -d -u "$VIP4:80" -r "$(rsa 3)"
after=$(map)
moved=$(diff <(echo "$before") <(echo "$after") | grep -c '^>')
on3=$(grep -c ' b3$' <<<"$before")
stayed=$(join <(echo "$before" | grep -v ' b3$') <(echo "$after") |
	 awk '$2 == $3' | wc -l)
check_eq "mh: removing b3 moves only b3's $on3 clients (moved $moved)" "$on3" "$moved"
check_eq "mh: everyone else stays" "$((60 - on3))" "$stayed"
check "mh: b3 had about a third (${on3}/60)" test "$on3" -ge 10 -a "$on3" -le 30
adm -a -u "$VIP4:80" -r "$(rsa 3)" -m
check_eq "mh: adding b3 back restores every choice" "$before" "$(map)"

exit $nflb_ret
