#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real-server health (NFLB_DEST_A_HEALTH, what nflb-healthd sets; here
# set by hand with nflbadm --health): a down server gets no new
# connections whatever its weight, keeps its established ones, is marked
# in listings; weight changes leave health alone and health changes leave
# the weight alone; mh moves only the down server's clients and restores
# every choice when it is up again; a persistent client of a down server
# moves; bad input is refused and changes nothing.
#
#   client ---- balancer (nflb) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip

lb_start
svc=(-t "$VIP4:80")
rsa() { echo "${RS4[$1 - 1]}:8080"; }
health() { adm -e "${svc[@]}" -r "$(rsa "$1")" -m --health "$2"; }

adm -C
adm -A "${svc[@]}" -s rr
for i in 1 2 3; do adm -a "${svc[@]}" -r "$(rsa $i)" -m; done
hold_open 3

check "down: nflbadm --health down" health 2 down
out=$(in_c "$LBPEER" client -n 6 "$VIP4" 80)
check_eq "down: rr skips b2" "b1 b3 b1 b3 b1 b3" "$(words "$out")"
check_match "down: the listing says who took b2 down" \
	"-> $(rsa 2) +Masq +1 +1 +0 +down by nflbadm" "$(adm -L -n)"
check_match "down: JSON has health, setter and age" \
	'"port":8080,"forward":"masq","weight":1,.*"health":"down","health_by":"nflbadm","health_age":[0-9]+' \
	"$(adm -L -n -j)"
hold_release
check_eq "down: b2's established connection goes on" "again b1 again b2 again b3" \
	"$(hold_answers)"

# The configuration owner's weight and the checker's health do not mix.
check "down: a weight change (-e -w 2)" adm -e "${svc[@]}" -r "$(rsa 2)" -m -w 2
check_match "down: the weight change keeps b2 down" \
	"-> $(rsa 2) +Masq +2 .* down by nflbadm" "$(adm -L -n)"
out=$(in_c "$LBPEER" client -n 4 "$VIP4" 80)
check_eq "down: b2 still gets nothing" "b1 b3 b1 b3" "$(words "$out")"
check "up: nflbadm --health up" health 2 up
check_match "up: b2 back with its new weight" "-> $(rsa 2) +Masq +2 +[0-9]+ +[0-9]+ *$" \
	"$(adm -L -n | grep "$(rsa 2)")"
out=$(in_c "$LBPEER" client -n 6 "$VIP4" 80 | sort | uniq -c | awk '{print $2 "=" $1}')
check_eq "up: rr includes b2 again" "b1=2 b2=2 b3=2" "$(words "$out")"
check "a health change (down, then up)" eval 'health 1 down && health 1 up'
check_match "a health change keeps the weight" "-> $(rsa 1) +Masq +1 " "$(adm -L -n)"

# Bad input: one line saying why, nothing changed.
before=$(adm -S -n)
check_fails "bad health: refused" adm -e "${svc[@]}" -r "$(rsa 1)" -m --health sick
err=$(adm -e "${svc[@]}" -r "$(rsa 1)" -m --health sick 2>&1)
check_match "bad health: says why" "invalid health 'sick' \\(up or down\\)" "$err"
err=$(adm -e "${svc[@]}" -r 192.0.2.99:8080 -m --health down 2>&1)
check_match "unknown server: says so" "real server does not exist" "$err"
check_eq "bad input changed nothing" "$before" "$(adm -S -n)"

# mh: down moves only the down server's clients; up restores them all.
for i in $(seq 100 129); do ip -n "$C" addr add "10.0.1.$i/24" dev c0; done
map() { in_c "$LBPEER" client -u -n 30 -A 10.0.1.100 "$VIP4" 80; }
adm -C
adm -A -u "$VIP4:80" -s mh
for i in 1 2 3; do adm -a -u "$VIP4:80" -r "$(rsa $i)" -m; done
before=$(map)
adm -e -u "$VIP4:80" -r "$(rsa 3)" -m --health down
after=$(map)
on3=$(grep -c ' b3$' <<<"$before")
stayed=$(join <(echo "$before" | grep -v ' b3$') <(echo "$after") |
	 awk '$2 == $3' | wc -l)
check_eq "mh down: nobody goes to b3" 0 "$(grep -c ' b3$' <<<"$after")"
check_eq "mh down: the other $((30 - on3)) clients stay" "$((30 - on3))" "$stayed"
check "mh down: b3 had some clients (${on3}/30)" test "$on3" -gt 0
adm -e -u "$VIP4:80" -r "$(rsa 3)" -m --health up
check_eq "mh up: every choice is back" "$before" "$(map)"

# Persistence: the client of a down server moves (a quiesced one stays).
adm -C
adm -A "${svc[@]}" -s rr -p 60
for i in 1 2 3; do adm -a "${svc[@]}" -r "$(rsa $i)" -m; done
first=$(in_c "$LBPEER" client "$VIP4" 80)
n=${first#b}
health "$n" down
moved=$(in_c "$LBPEER" client -n 3 "$VIP4" 80 | sort -u)
check "persistent: the client of down $first moves (to $(words "$moved"))" \
	test "$(wc -l <<<"$moved")" = 1 -a "$moved" != "$first"
health "$n" up
check_eq "persistent: and stays where it went" "$moved" \
	"$(in_c "$LBPEER" client "$VIP4" 80)"

exit $nflb_ret
