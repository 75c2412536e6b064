#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SNI routing's data path as TLS clients see it (Documentation/sni.rst):
# three nginx backends, each with a certificate whose subject is its name
# (b1, b2, b3) on 8443.  192.0.2.1:443 is in SNI mode: www.example.com goes
# to b1, *.example.org to b2, everything else (no SNI, unmatched names,
# not TLS) to the service's own real server b3, or, with
# --sni-default reset, is refused.  The certificate the client sees, or
# the body nginx answers, says which backend it reached.
# nflb-timeout: 600

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip nginx openssl python3 curl timeout
W=$NFLB_WORK
TLSC=$NFLB_ROOT/selftests/progs/tls_pieces.py

sni_cleanup() {
	nginx_kill_all
	lb_cleanup
}

# sni_nginx N: backend N answers "tls bN" over TLS on 8443 (v4 and v6).
sni_nginx() {
	nginx_conf "$1" "	server {
		listen 8443 ssl;
		listen [::]:8443 ssl;
		ssl_certificate $W/b$1.pem;
		ssl_certificate_key $W/b$1.key;
		location / { return 200 \"tls b$1\\n\"; }
		location /big { alias $W/big; }
	}"
}

# subject ADDR OPTS...: the CN of the certificate the server at ADDR sent.
subject() {
	local addr=$1
	shift
	in_c timeout 20 openssl s_client -connect "$addr" "$@" </dev/null 2>/dev/null |
		sed -n 's/^subject=.*CN *= *//p'
}
tlsc() { in_c timeout 30 python3 "$TLSC" "$@"; }
# conns RS: connections the real server RS:8443 was given so far
conns() {
	adm -L -n --stats --exact | awk -v s="$1:8443" '$2 == s { n += $3 } END { print n + 0 }'
}
# connects ADDR PORT: a TCP connect() from the client succeeds within 5 s
connects() {
	in_c timeout 5 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

trap sni_cleanup EXIT
nflb_unload
check "insmod" nflb_load
check "topology" topo_setup
for i in 1 2 3; do
	check "certificate and nginx of b$i" eval "
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout '$W/b$i.key' -out '$W/b$i.pem' -days 2 -subj /CN=b$i \
			-addext subjectAltName=DNS:b$i 2>/dev/null &&
		sni_nginx $i && nginx_start $i 8443"
done

# ---- the handshake is answered by nflb: no real server needed for it ----
in_b 1 iptables -A INPUT -p tcp --dport 9999 -j DROP
in_b 1 ip6tables -A INPUT -p tcp --dport 9999 -j DROP
check "a plain NAT service to a dead real server" \
	eval 'adm -A -t 192.0.2.1:80 -s rr && adm -a -t 192.0.2.1:80 -r 10.0.2.11:9999 -m'
check "... connect() fails" eval '! connects 192.0.2.1 80'
check "an SNI service to the same dead real server" \
	eval 'adm -A -t 192.0.2.1:444 -s rr --sni-mode && adm -a -t 192.0.2.1:444 -r 10.0.2.11:9999'
check "... connect() succeeds: nflb answered the SYN" connects 192.0.2.1 444
check "IPv6: an SNI service to a dead real server" eval "adm -A -t [$VIP6]:444 -s rr --sni-mode &&
	adm -a -t [$VIP6]:444 -r [2001:db8:2::11]:9999"
check "IPv6: connect() succeeds" connects "$VIP6" 444

# ---- routing by name ----
check "443 in SNI mode, its own real server b3" eval '
	adm -A -t 192.0.2.1:443 -s rr --sni-mode &&
	adm -a -t 192.0.2.1:443 -r 10.0.2.13:8443 &&
	adm -A -t 192.0.2.1:443 --sni www.example.com -s rr &&
	adm -a -t 192.0.2.1:443 --sni www.example.com -r 10.0.2.11:8443 &&
	adm -A -t 192.0.2.1:443 --sni "*.example.org" -s rr &&
	adm -a -t 192.0.2.1:443 --sni "*.example.org" -r 10.0.2.12:8443'
check "IPv6: the same" eval "
	adm -A -t [$VIP6]:443 -s rr --sni-mode &&
	adm -a -t [$VIP6]:443 -r [2001:db8:2::13]:8443 &&
	adm -A -t [$VIP6]:443 --sni www.example.com -s rr &&
	adm -a -t [$VIP6]:443 --sni www.example.com -r [2001:db8:2::11]:8443 &&
	adm -A -t [$VIP6]:443 --sni '*.example.org' -s rr &&
	adm -a -t [$VIP6]:443 --sni '*.example.org' -r [2001:db8:2::12]:8443"

v4=192.0.2.1:443
check_eq "exact name: b1's certificate" b1 "$(subject $v4 -servername www.example.com)"
check_eq "... case-insensitive" b1 "$(subject $v4 -servername WWW.Example.COM)"
check_eq "wildcard: b2's" b2 "$(subject $v4 -servername a.example.org)"
check_eq "wildcard covers one label only: the default, b3" b3 \
	"$(subject $v4 -servername a.b.example.org)"
check_eq "... nor the bare domain" b3 "$(subject $v4 -servername example.org)"
check_eq "unmatched name: the default, b3" b3 "$(subject $v4 -servername other.test)"
check_eq "no SNI: the default, b3" b3 "$(subject $v4 -noservername)"
check_eq "IPv6: exact name: b1" b1 "$(subject "[$VIP6]:443" -servername www.example.com)"
check_eq "IPv6: wildcard: b2" b2 "$(subject "[$VIP6]:443" -servername x.example.org)"
check_eq "IPv6: no SNI: b3" b3 "$(subject "[$VIP6]:443" -noservername)"
check_eq "curl --resolve: a whole HTTPS request, answered by b1" "tls b1" \
	"$(in_c curl -sk --max-time 20 --resolve www.example.com:443:192.0.2.1 https://www.example.com/)"
check_eq "IPv6 curl: b2" "tls b2" \
	"$(in_c curl -sk --max-time 20 --resolve "a.example.org:443:[$VIP6]" https://a.example.org/)"

check_eq "ClientHello in 2 TCP segments: b1" "tls b1" \
	"$(tlsc 192.0.2.1 443 --name www.example.com --segments 2)"
check_eq "... in 3 segments: b2" "tls b2" \
	"$(tlsc 192.0.2.1 443 --name q.example.org --segments 3)"
check_eq "... in 2 TLS records: b1" "tls b1" \
	"$(tlsc 192.0.2.1 443 --name www.example.com --records 2)"
check_eq "... in 3 records over 3 segments: b2" "tls b2" \
	"$(tlsc 192.0.2.1 443 --name q.example.org --records 3 --segments 3)"
check_eq "IPv6: 3 segments: b1" "tls b1" \
	"$(tlsc "$VIP6" 443 --name www.example.com --segments 3)"
# the service's connections (b3) and its rules' (b1: www, b2: *.example.org)
out=$(adm -L -c -n -t 192.0.2.1:443 | awk 'NR > 2 { print $5, $6 }' | sort -u)
check_eq "-L -c -t: the SNI service's connections, its rules' included" \
	"192.0.2.1:443 10.0.2.11:8443 192.0.2.1:443 10.0.2.12:8443 192.0.2.1:443 10.0.2.13:8443" \
	"$(words "$out")"

n3=$(conns 10.0.2.13)
check_eq "not TLS (plain HTTP): the default's nginx answers" 400 \
	"$(in_c curl -s -o /dev/null -w '%{http_code}' --max-time 20 http://192.0.2.1:443/)"
check_match "garbage ClientHello: to the default, which answers or closes" \
	'^(EOF|DATA)$' "$(tlsc 192.0.2.1 443 --garbage)"
check_eq "truncated ClientHello, then FIN: to the default" EOF \
	"$(tlsc 192.0.2.1 443 --name www.example.com --truncate 40)"
check_eq "... the default real server got those 3" "$((n3 + 3))" "$(conns 10.0.2.13)"

# ---- --sni-default reset ----
check "--sni-default reset" adm -E -t 192.0.2.1:443 -s rr --sni-mode --sni-default reset
n3=$(conns 10.0.2.13)
check_eq "unmatched name: refused" RESET "$(tlsc 192.0.2.1 443 --name other.test)"
check_eq "no SNI: refused" RESET "$(tlsc 192.0.2.1 443)"
check_eq "garbage: refused" RESET "$(tlsc 192.0.2.1 443 --garbage)"
check "plain HTTP: reset (curl: 56)" eval \
	'in_c curl -s --max-time 20 http://192.0.2.1:443/ >/dev/null; [ $? = 56 ]'
check_eq "... the default real server got none" "$n3" "$(conns 10.0.2.13)"
check_eq "a matching name still reaches its rule: b1" "tls b1" \
	"$(tlsc 192.0.2.1 443 --name www.example.com --segments 2)"
check_eq "connection entries to the rule's real server are listed" yes \
	"$(adm -L -n -c | grep -q '10\.0\.2\.11:8443' && echo yes)"

# ---- a bound connection for a long transfer, with loss and reordering ----
# 100 MB; the debug kernel runs the same path under its sanitizers with a
# fifth of it (100 MB took 200 s there).
mb=100
[ "$NFLB_TIME_SCALE" = 1 ] || mb=20
modprobe -q sch_netem 2>/dev/null
openssl enc -aes-128-ctr -nosalt -pass pass:nflb </dev/zero 2>/dev/null |
	head -c "${mb}M" >"$W/big"
sum=$(sha256sum <"$W/big")
check "1% loss and reordering both ways on the client's link" eval '
	in_c tc qdisc add dev c0 root netem delay 1ms loss 1% reorder 25% 50% &&
	in_lb tc qdisc add dev l0 root netem delay 1ms loss 1% reorder 25% 50%'
t0=$(date +%s)
check_eq "$mb MB over TLS through an SNI-bound connection arrive intact" "$sum" \
	"$(in_c curl -sk --max-time 600 --resolve www.example.com:443:192.0.2.1 \
		https://www.example.com/big | sha256sum)"
echo "# $mb MB with loss and reordering took $(($(date +%s) - t0)) s"
check "netem off" eval 'in_c tc qdisc del dev c0 root && in_lb tc qdisc del dev l0 root'
rm -f "$W/big"

# ---- limits, timeouts and counters ----
info_val() { adm info | sed -n "s/^$1: //p"; }
check_match "config shows the SNI settings" \
	'^sni-peek-bytes 16384$' "$(adm config)"
check_match "a peek limit under 512 is refused by the kernel" "out of range" \
	"$(adm config sni-peek-bytes 100 2>&1)"
check "sni-peek-bytes 512, sni-timeout-ms 1000" \
	adm config sni-peek-bytes 512 sni-timeout-ms 1000
o=$(info_val "SNI peek limit reached")
check_eq "a ClientHello longer than the peek limit: the default (reset)" RESET \
	"$(tlsc 192.0.2.1 443 --incomplete 1000 --hold)"
check_eq "... counted" "$((o + 1))" "$(info_val "SNI peek limit reached")"
o=$(info_val "SNI timeouts")
check_eq "part of a ClientHello, then silence: reset after sni-timeout-ms" RESET \
	"$(tlsc 192.0.2.1 443 --name www.example.com --truncate 40 --hold)"
check_eq "... counted" "$((o + 1))" "$(info_val "SNI timeouts")"
check_match "info: bound connections counted" '^SNI connections bound: [1-9][0-9]*$' \
	"$(adm info)"
check_match "info: refused ones" '^SNI clients refused \(RST\): [1-9][0-9]*$' \
	"$(adm info)"

# A SYN flood costs no state; an ACK flood finds no cookie.
check "sni-timeout-ms 5000, sni-peek-bytes 16384" \
	adm config sni-timeout-ms 5000 sni-peek-bytes 16384
# source ports from 2000 up: none is the real client's (ephemeral).  10000
# SYNs, 2000 on the debug kernel (10000 took 45 s there, 7 s on 6.1).
syns=10000
[ "$NFLB_TIME_SCALE" = 1 ] || syns=2000
in_c hping3 -q -S -s 2000 -p 443 -i u200 -c "$syns" 192.0.2.1 >/dev/null 2>&1 &
flood=$!
check_eq "a client during a SYN flood: served (b1)" "tls b1" \
	"$(tlsc 192.0.2.1 443 --name www.example.com)"
wait $flood
check_eq "... and nothing pending after it" 0 "$(info_val "SNI connections pending")"
echo "# $(adm info | grep '^SNI' | tr '\n' ';')"
o=$(info_val "SNI ACKs with a bad cookie")
in_c hping3 -q -A -s 2000 -p 443 -i u500 -c 500 192.0.2.1 >/dev/null 2>&1
check "an ACK flood: bad cookies counted" \
	test "$(info_val "SNI ACKs with a bad cookie")" -ge "$((o + 400))"
check_eq "... nothing pending" 0 "$(info_val "SNI connections pending")"

check "sni-max-pending 4, sni-timeout-ms 30000" \
	adm config sni-max-pending 4 sni-timeout-ms 30000
o=$(info_val "SNI pending limit reached")
in_c timeout 300 python3 "$TLSC" 192.0.2.1 443 --name www.example.com \
	--truncate 40 --hold --count 8 >/dev/null &
silent=$!
pending_is() { [ "$(info_val "SNI connections pending")" = "$1" ]; }
drops_above() { [ "$(info_val "SNI pending limit reached")" -gt "$1" ]; }
check "8 silent clients: 4 pending" busywait 40000 pending_is 4
check "... the others dropped and counted" \
	busywait 20000 drops_above "$o"
check "... and never more than 4" test "$(info_val "SNI connections pending")" -le 4
pkill -f tls_pieces.py
wait "$silent"
check "the clients gone (their RSTs free the entries): nothing pending" \
	busywait 20000 pending_is 0
check "limits back" adm config sni-max-pending 65536 sni-timeout-ms 5000
exit $nflb_ret
