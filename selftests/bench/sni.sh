#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sni.sh: make bench-sni's guest half (selftests/bench/run-guest.sh sni).
# SNI routing against plain forwarding, IPVS and HAProxy, in one guest, on
# one topology (selftests/lb_lib.sh), the systems alternating within each
# round.  b1 runs nginx with TLS on 8443 ("tls b1" at /) and
# selftests/progs/sni_stream.py on 9443 (after a ClientHello, 200 MB of
# plain bytes: the forwarding's cost without TLS's).  The client reaches
# them:
#
#   direct   at b1's address (the balancer only routes)
#   nflb     at 192.0.2.1:443, SNI mode: www.example.com -> b1:8443,
#            stream.example.com -> b1:9443
#   ipvs     at 192.0.2.2:443 -> b1:8443 and :444 -> b1:9443, NAT (no SNI:
#            the L4 floor)
#   haproxy  at 192.0.2.3:443 in the balancer namespace, mode tcp,
#            use_backend by req.ssl_sni (the incumbent that routes by SNI)
#
# Rows, one line "BENCH ROW SYSTEM ROUND VALUE" per sample, then medians
# and ratios to direct ("RATIO ROW SYSTEM MEDIAN RATIO"):
#   bulk   MB/s of one connection's 200 MB after its ClientHello
#   conns  TLS connections/s, wrk -c CONC with "Connection: close"
#   cpu    guest CPU ms (all but idle) per conns sample's connection
# Absolute figures under TCG mean nothing; the ratios in one run do
# (Documentation/performance.rst).  NFLB_BENCH_ROUNDS (3), NFLB_BENCH_SECS
# (5), NFLB_BENCH_CONC (8).

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
ROUNDS=${NFLB_BENCH_ROUNDS:-3}
SECS=${NFLB_BENCH_SECS:-5}
CONC=${NFLB_BENCH_CONC:-8}
SYSTEMS="direct nflb ipvs haproxy"
W=$NFLB_WORK
NAME=www.example.com
STREAM=$NFLB_ROOT/selftests/progs/sni_stream.py

cleanup() {
	[ -f "$W/haproxy.pid" ] && kill "$(cat "$W/haproxy.pid")" 2>/dev/null
	pkill -f sni_stream.py
	nginx_kill_all
	in_lb ipvsadm -C 2>/dev/null
	topo_cleanup
	modprobe -r ip_vs_rr ip_vs 2>/dev/null
	nflb_unload 2>/dev/null
}

say() { echo "# [$(date +%T)] $*"; }

# addr SYSTEM: where the client connects, as host:port
addr() {
	case $1 in
	direct) echo "${RS4[0]}:8443" ;;
	nflb) echo "$VIP4:443" ;;
	ipvs) echo "192.0.2.2:443" ;;
	haproxy) echo "192.0.2.3:443" ;;
	esac
}

# in_client SYSTEM CMD...: CMD in the client namespace, NAME resolving to
# SYSTEM's address (a private /etc/hosts, for wrk)
in_client() {
	local a
	a=$(addr "$1")
	shift
	echo "${a%:*} $NAME" >"$W/hosts"
	# shellcheck disable=SC2016 # expanded by the inner sh
	in_c unshare -m sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' \
		"$W/hosts" "$@"
}

url() { local a; a=$(addr "$1"); echo "https://$NAME:${a#*:}$2"; }

# saddr SYSTEM: where the client's stream connection goes, "host port"
saddr() {
	case $1 in
	direct) echo "${RS4[0]} 9443" ;;
	nflb) echo "$VIP4 443" ;;
	ipvs) echo "192.0.2.2 444" ;;
	haproxy) echo "192.0.2.3 443" ;;
	esac
}

bulk() {
	# shellcheck disable=SC2046 # host and port
	in_c timeout 300 python3 "$STREAM" client $(saddr "$1") stream.example.com
}

busy_ms() {
	awk '/^cpu / { print int(($2 + $3 + $4 + $7 + $8) * 1000 / '"$(getconf CLK_TCK)"') }' /proc/stat
}

# conns SYSTEM: "CONNS_PER_S CPU_MS_PER_CONN"
conns() {
	local b0 b1 out n
	b0=$(busy_ms)
	out=$(in_client "$1" wrk -t 2 -c "$CONC" -d "${SECS}s" \
		-H "Connection: close" "$(url "$1" /)" 2>&1)
	b1=$(busy_ms)
	n=$(awk '/requests in/ { print $1 }' <<<"$out")
	awk -v n="${n:-0}" -v s="$SECS" -v ms=$((b1 - b0)) \
		'BEGIN { if (n > 0) printf "%.1f %.3f\n", n / s, ms / n; else print "0 0" }'
}

setup() {
	require_cmd nginx openssl curl wrk haproxy ipvsadm unshare
	trap cleanup EXIT
	nflb_unload
	nflb_load || { echo "insmod failed" >&2; exit 1; }
	modprobe -a ip_vs ip_vs_rr || skip "no IPVS"
	topo_setup || { echo "topology failed" >&2; exit 1; }
	ip -n "$LB" addr add 192.0.2.2/32 dev lo
	ip -n "$LB" addr add 192.0.2.3/32 dev lo
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$W/b1.key" -out "$W/b1.pem" -days 2 -subj /CN=b1 \
		-addext "subjectAltName=DNS:$NAME" 2>/dev/null || exit 1
	head -c 200M /dev/zero >"$W/big"
	nginx_conf 1 "	server {
		listen 8443 ssl;
		ssl_certificate $W/b1.pem;
		ssl_certificate_key $W/b1.key;
		location / { return 200 \"tls b1\\n\"; }
	}"
	nginx_start 1 8443 || { echo "nginx failed" >&2; exit 1; }
	in_b 1 python3 "$STREAM" server 9443 "$W/big" &
	busywait 10000 listening 1 9443 || { echo "sni_stream failed" >&2; exit 1; }

	adm -A -t "$VIP4:443" -s rr --sni-mode --sni-default reset &&
		adm -A -t "$VIP4:443" --sni "$NAME" -s rr &&
		adm -a -t "$VIP4:443" --sni "$NAME" -r "${RS4[0]}:8443" &&
		adm -A -t "$VIP4:443" --sni stream.example.com -s rr &&
		adm -a -t "$VIP4:443" --sni stream.example.com -r "${RS4[0]}:9443" ||
		exit 1
	in_lb ipvsadm -A -t 192.0.2.2:443 -s rr &&
		in_lb ipvsadm -a -t 192.0.2.2:443 -r "${RS4[0]}:8443" -m &&
		in_lb ipvsadm -A -t 192.0.2.2:444 -s rr &&
		in_lb ipvsadm -a -t 192.0.2.2:444 -r "${RS4[0]}:9443" -m || exit 1
	cat >"$W/haproxy.cfg" <<EOF
global
	maxconn 4096
	pidfile $W/haproxy.pid
defaults
	mode tcp
	timeout connect 5s
	timeout client 60s
	timeout server 60s
frontend sni
	bind 192.0.2.3:443
	tcp-request inspect-delay 5s
	tcp-request content accept if { req.ssl_hello_type 1 }
	use_backend b1 if { req.ssl_sni -i $NAME }
	use_backend b1s if { req.ssl_sni -i stream.example.com }
backend b1
	server b1 ${RS4[0]}:8443
backend b1s
	server b1 ${RS4[0]}:9443
EOF
	in_lb haproxy -D -f "$W/haproxy.cfg" || { echo "haproxy failed" >&2; exit 1; }
	local s
	for s in $SYSTEMS; do
		busywait 10000 eval "[ \"\$(in_client $s curl -sk --max-time 5 \"$(url "$s" /)\")\" = 'tls b1' ]" ||
			{ echo "$s does not reach b1" >&2; exit 1; }
	done
}

main() {
	local r s v c
	setup
	say "kernel $(uname -r), rounds $ROUNDS, ${SECS}s per conns sample, $CONC clients"
	for r in $(seq "$ROUNDS"); do
		for s in $SYSTEMS; do
			v=$(bulk "$s")
			echo "BENCH bulk $s $r $v"
			read -r v c < <(conns "$s")
			echo "BENCH conns $s $r $v"
			echo "BENCH cpu $s $r $c"
		done
	done | tee "$W/samples"
	say "nflb: $(adm info | grep '^SNI' | tr '\n' ';')"
	awk '$1 == "BENCH" { v[$2 " " $3] = v[$2 " " $3] " " $5 }
	END {
		for (k in v) {
			n = split(v[k], a, " ")
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			med[k] = a[int((n + 1) / 2)]
		}
		split("bulk conns cpu", rows, " ")
		split("direct nflb ipvs haproxy", syst, " ")
		for (i = 1; i <= 3; i++) for (j = 1; j <= 4; j++) {
			k = rows[i] " " syst[j]; d = med[rows[i] " direct"]
			# parentheses: a bare ">" in printf redirects
			printf "RATIO %s %s %s %.2f\n", rows[i], syst[j], med[k],
				(d > 0 ? med[k] / d : 0)
		}
	}' "$W/samples"
	say "done"
}

main
