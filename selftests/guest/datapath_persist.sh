#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Persistence keeps a client on one server until the timeout and while
# one of its connections lives; weight 0
# keeps existing connections and sends new ones elsewhere; removing a
# server ends its connections and the others go on; an upper connection
# threshold (-x) takes a server out of rotation while it is reached;
# one-packet UDP (-o) schedules every datagram of one flow.
#
#   client ---- balancer (nflb) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip

lb_start
svc=(-t "$VIP4:80")
rsa() { echo "${RS4[$1 - 1]}:8080"; }

# Persistence: rr would cycle; -p keeps the client on one server until the
# timeout, and while one of its connections lives: the timeout runs from
# the end of the last (IPVS's templates do the same).  Closed connections
# go after 1 s here (tcpfin).
adm -C
adm --set 0 1 0
adm -A "${svc[@]}" -s rr -p 1
for i in 1 2 3; do adm -a "${svc[@]}" -r "$(rsa $i)" -m; done
out=$(in_c "$LBPEER" client -n 6 "$VIP4" 80 | sort -u)
check_eq "persistent: six connections, one server" 1 "$(wc -l <<<"$out")"
hold_open 1
# entries: states, and the template's expiry
entries() { adm -Lnc | awk 'NR > 2 { print ($3 == "NONE" ? $3 "/" $2 : $3) }' | sort | paste -sd ' '; }
held_tmpl_expired() { [ "$(entries)" = "ESTABLISHED NONE/00:00" ]; }
no_tmpl() { ! adm -Lnc | grep -q ' NONE '; }
check "persistent: the six are gone, the template's timeout is over, the held connection is left" \
	busywait 10000 held_tmpl_expired
sleep 1		# 00:00 is less than a second left, too
check_eq "persistent: a held connection keeps its client on its server past the timeout" \
	"$out" "$(in_c "$LBPEER" client "$VIP4" 80)"
hold_release
check "persistent: the template goes when the timeout from the last connection is over" \
	busywait 10000 no_tmpl
check "persistent: then the client moves on" \
	test "$(in_c "$LBPEER" client "$VIP4" 80)" != "$out"
adm --set 0 120 0

# UDP persistence; a netmask makes a client network one client.
adm -C
adm -A -u "$VIP4:80" -s rr -p 60
for i in 1 2 3; do adm -a -u "$VIP4:80" -r "$(rsa $i)" -m; done
out=$(in_c "$LBPEER" client -u -n 6 "$VIP4" 80 | sort -u)
check_eq "persistent UDP: six flows, one server" 1 "$(wc -l <<<"$out")"
ip -n "$C" addr add 10.0.1.100/24 dev c0
ip -n "$C" addr add 10.0.1.101/24 dev c0
for mask in 255.255.255.255 255.255.255.0; do
	adm -C
	adm -A "${svc[@]}" -s rr -p 60 -M "$mask"
	for i in 1 2 3; do adm -a "${svc[@]}" -r "$(rsa $i)" -m; done
	out=$( (in_c "$LBPEER" client -b 10.0.1.100 "$VIP4" 80
		in_c "$LBPEER" client -b 10.0.1.101 "$VIP4" 80) | sort -u | wc -l)
	if [ "$mask" = 255.255.255.0 ]; then
		check_eq "persistence netmask /24: two clients of one network share a server" 1 "$out"
	else
		check_eq "persistence netmask /32: two clients, two servers" 2 "$out"
	fi
done

# Weight 0 quiesces; removal ends the server's connections.
adm -C
adm -A "${svc[@]}" -s rr
for i in 1 2 3; do adm -a "${svc[@]}" -r "$(rsa $i)" -m; done
hold_open 3
check_match "listing: b2 has one active connection" \
	"-> $(rsa 2) +Masq +1 +1 +0" "$(adm -L -n)"
adm -e "${svc[@]}" -r "$(rsa 2)" -m -w 0
out=$(in_c "$LBPEER" client -n 6 "$VIP4" 80 | sort | uniq -c | awk '{print $2 "=" $1}')
check_eq "weight 0: new connections skip b2" "b1=3 b3=3" "$(words "$out")"
hold_release
check_eq "weight 0: b2's established connection goes on" "again b1 again b2 again b3" \
	"$(hold_answers)"

adm -e "${svc[@]}" -r "$(rsa 2)" -m -w 1
hold_open 3
adm -d "${svc[@]}" -r "$(rsa 2)"
hold_release
check_eq "removal: b2's connection ends, the others go on" \
	"again ERR again b1 again b3" "$(hold_answers)"
# Thresholds: b1 takes at most one connection.
adm -C
adm -A "${svc[@]}" -s rr
adm -a "${svc[@]}" -r "$(rsa 1)" -m -x 1
adm -a "${svc[@]}" -r "$(rsa 2)" -m
adm -a "${svc[@]}" -r "$(rsa 3)" -m
rm -f "$NFLB_WORK/go"
in_c "$LBPEER" hold -n 1 -w "$NFLB_WORK/go" "$VIP4" 80 >"$NFLB_WORK/hold" &
hold=$!
busywait 10000 grep -q '^b1' "$NFLB_WORK/hold"
out=$(in_c "$LBPEER" client -n 4 "$VIP4" 80 | sort | uniq -c | awk '{print $2 "=" $1}')
check_eq "threshold: b1 at its upper threshold takes no new connection" \
	"b2=2 b3=2" "$(words "$out")"
touch "$NFLB_WORK/go"
wait "$hold"

# One flow (fixed source port), six datagrams.
for o in "" -o; do
	adm -C
	adm -A -u "$VIP4:80" -s rr $o
	for i in 1 2 3; do adm -a -u "$VIP4:80" -r "$(rsa $i)" -m; done
	out=$(in_c "$LBPEER" client -u -n 6 -P 5353 "$VIP4" 80)
	if [ -z "$o" ]; then
		check_eq "UDP: one flow stays on one server" "b1 b1 b1 b1 b1 b1" "$(words "$out")"
	else
		check_eq "one-packet UDP: each datagram is scheduled" \
			"b1 b2 b3 b1 b2 b3" "$(words "$out")"
	fi
done
exit $nflb_ret
