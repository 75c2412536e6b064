#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflb-healthd: health checks take failing real servers out of rotation
# and bring them back, without fighting the owner of the configuration.
#
#   client (ns C) ---- balancer (ns LB) ---- br0 ---- b1 b2 b3 (nginx)
#                      nflb + nflb-healthd      10.0.2.11..13
#                      (topology and addresses: selftests/lb_lib.sh)
#
#   192.0.2.1:80   wrr, NAT to bN:8088    http check of /healthz (body "ok")
#   192.0.2.1:443  rr,  NAT to b1,b2:8443 https check, SNI "sni.example",
#                                         certificate verified; b2's check
#                                         sends another name: refused
#   192.0.2.1:25   rr,  NAT to b3:2525    exec check (a file decides)
#
# Each nginx answers "bN" on /, "ok bN" on /healthz, and on 8443 only to
# the SNI name sni.example (a self-signed certificate for that name alone;
# other names get their handshake rejected).
#
# Checked: a stopped backend is marked down within interval x fall and 100
# new connections then all succeed and none reach it; restarted, it comes
# back after rise; a weight change applied by `nflbadm apply` while it is
# down does not bring it back, and it comes back with the new weight; the
# https check with SNI; the exec check; a real server added with nflbadm
# while the daemon runs is checked; an SNI rule's real servers are checked
# and marked down under the rule, through a reload, until the rule goes;
# SIGHUP with a changed interval takes effect and keeps state; stopping
# the daemon leaves the kernel's health as it is and a new daemon keeps
# it; run as systemd runs it, it reports readiness (sd_notify) and logs
# journald priorities (DOWN a warning); the module unloaded and loaded
# again, it waits without loading it, then sets health on a new handle;
# bad configs are refused with file, path and reason.  (The daemon's CPU time per check, with 1000 targets,
# is a benchmark: selftests/bench/healthd.sh, make bench-healthd.)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip nginx openssl python3
HEALTHD=${HEALTHD:-$NFLB_ROOT/tools/healthd/nflb-healthd}
[ -x "$HEALTHD" ] || skip "$HEALTHD not built (make tools)"
W=$NFLB_WORK
LOG=$W/healthd.log
hd_pid=

healthd_cleanup() {
	local i l
	[ -n "$hd_pid" ] && kill "$hd_pid" 2>/dev/null
	if [ "$nflb_ret" != 0 ]; then
		for l in "$W"/healthd*.log; do
			echo "# --- last lines of the daemon's $(basename "$l"):"
			tail -n 40 "$l" | sed 's/^/# /'
		done
	fi
	nginx_kill_all
	lb_cleanup
}

# hd_nginx N: backend N answers "bN" on /, "ok bN" on /healthz (8088),
# and over TLS on 8443 only for sni.example.
hd_nginx() {
	nginx_conf "$1" "	server {
		listen 8088;
		location / { return 200 \"b$1\\n\"; }
		location /healthz { return 200 \"ok b$1\\n\"; }
	}
	server { listen 8443 ssl default_server; ssl_reject_handshake on; }
	server {
		listen 8443 ssl;
		server_name sni.example;
		ssl_certificate $W/cert.pem;
		ssl_certificate_key $W/key.pem;
		location / { return 200 \"tls b$1\\n\"; }
	}"
}
# health SVC_PORT RS_ADDR RS_PORT: the real server's health as nflbadm -L
# shows it ("down by nflb-healthd" ends the line of a down one): up or down.
health() {
	adm -L -n | awk -v svc="192.0.2.1:$1" -v rs="$2:$3" '
		$1 == "TCP" || $1 == "UDP" || $1 == "FWM" { in_svc = $2 == svc }
		in_svc && $1 == "->" && $2 == rs { print / down/ ? "down" : "up"; exit }'
}
health_is() { [ "$(health "$2" "$3" "$4")" = "$1" ]; }
# Slack on reaction times: an interval (the guest is emulated and shares
# two CPUs).  On the debug kernel the daemon's every connect, curl and TLS
# go through KASAN, lockdep and kmemleak, 3-6 times slower, while the other
# guest runs: reaction times there are printed, not asserted, and every
# wait is NFLB_TIME_SCALE times longer.
slack_ms=1000
# check_reaction DESCRIPTION MS BOUND_MS
check_reaction() {
	if [ "$NFLB_TIME_SCALE" = 1 ]; then
		check "$1 ($2 ms <= $3)" test "$2" -le "$3"
	else
		echo "# $1: $2 ms, not asserted on a debug kernel (bound $3 ms)"
	fi
}
weight() { adm -S -n | sed -n "s/^-a -t 192\.0\.2\.1:$1 -r $2:$3 .* -w \([0-9]*\).*/\1/p"; }
logged() { grep -qE -- "$1" "$LOG"; }
nlines() { grep -cE -- "$1" "$LOG"; }
# ms_until_logged RE: wait for a daemon log line matching RE; print how many
# milliseconds that took.
ms_until_logged() {
	local t0

	t0=$(now_ms)
	busywait $((5000 + slack_ms)) logged "$1"
	echo $(($(now_ms) - t0))
}

# conns N: N new connections from the client to the VIP; "fail=F b1=N ...".
conns() {
	in_c python3 -c '
import socket, sys
n, seen, fails = int(sys.argv[1]), {"b1": 0, "b2": 0, "b3": 0}, 0
for _ in range(n):
    try:
        s = socket.create_connection(("192.0.2.1", 80), timeout=3)
        s.sendall(b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n")
        data = b""
        while True:
            c = s.recv(4096)
            if not c:
                break
            data += c
        s.close()
        name = data.split(b"\r\n\r\n", 1)[1].decode().strip()
        seen[name] = seen.get(name, 0) + 1
    except Exception:
        fails += 1
print("fail=%d b1=%d b2=%d b3=%d" % (fails, seen["b1"], seen["b2"], seen["b3"]))
' "$1"
}

# The desired state, as the owner of the configuration applies it.
state_json() {
	cat <<EOF
{ "services": [
  { "protocol": "tcp", "address": "192.0.2.1", "port": 80, "scheduler": "wrr",
    "real_servers": [
      { "address": "10.0.2.11", "port": 8088, "forward": "masq", "weight": 1 },
      { "address": "10.0.2.12", "port": 8088, "forward": "masq", "weight": $1 },
      { "address": "10.0.2.13", "port": 8088, "forward": "masq", "weight": 1 } ] },
  { "protocol": "tcp", "address": "192.0.2.1", "port": 443, "scheduler": "rr",
    "real_servers": [
      { "address": "10.0.2.11", "port": 8443, "forward": "masq" },
      { "address": "10.0.2.12", "port": 8443, "forward": "masq" } ] },
  { "protocol": "tcp", "address": "192.0.2.1", "port": 25, "scheduler": "rr",
    "real_servers": [ { "address": "10.0.2.13", "port": 2525, "forward": "masq" } ] }
] }
EOF
}

# The daemon's configuration; $1 is the http check's interval.
healthd_json() {
	cat <<EOF
{ "services": [
  { "protocol": "tcp", "address": "192.0.2.1", "port": 80,
    "check": { "type": "http", "path": "/healthz", "body_contains": "ok",
               "status": "200-299", "interval": $1, "timeout": 2,
               "rise": 2, "fall": 3 } },
  { "protocol": "tcp", "address": "192.0.2.1", "port": 443,
    "check": { "type": "https", "server_name": "sni.example",
               "ca_file": "$W/cert.pem", "interval": 1, "timeout": 3,
               "rise": 2, "fall": 3 },
    "real_servers": [
      { "address": "10.0.2.12", "port": 8443,
        "check": { "server_name": "other.example" } } ] },
  { "protocol": "tcp", "address": "192.0.2.1", "port": 25,
    "check": { "type": "exec", "interval": 1, "timeout": 5, "rise": 2, "fall": 2,
               "command": [ "/bin/sh", "-c",
                 "echo checking \$NFLB_CHECK_ADDR:\$NFLB_CHECK_PORT of \$NFLB_SERVICE; test -e $W/exec-ok-\$NFLB_CHECK_ADDR" ] } }
] }
EOF
}

apply_quiet() { in_lb "$NFLBADM" apply -f "$1" >/dev/null; }

# (ip netns exec, not in_lb: $! must be the daemon, not a subshell)
# HD_ENV: variables for the daemon (what systemd would set).
HD_ENV=()
healthd_start() {
	ip netns exec "$LB" env "${HD_ENV[@]}" "$HEALTHD" -v -c "$1" >>"$LOG" 2>&1 &
	hd_pid=$!
	busywait 10000 logged "started: checking"
}

healthd_stop() {
	kill "$hd_pid" && wait "$hd_pid"
	local rc=$?
	hd_pid=
	return "$rc"
}

trap healthd_cleanup EXIT
trap 'exit 1' TERM
nflb_unload
check "insmod" nflb_load
check "topology" topo_setup
check "self-signed certificate for sni.example only" \
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout "$W/key.pem" -out "$W/cert.pem" -days 2 -subj /CN=sni.example \
	-addext subjectAltName=DNS:sni.example
for i in 1 2 3; do
	hd_nginx "$i"
	check "nginx on b$i" nginx_start "$i" 8088
done
state_json 1 >"$W/state.json"
check "services applied" apply_quiet "$W/state.json"
touch "$W/exec-ok-10.0.2.13"
healthd_json 1 >"$W/healthd.json"
check "the configuration follows healthd's JSON Schema" /usr/bin/python3 \
	"$NFLB_ROOT/selftests/host/schema.py" "$W/healthd.json=healthd.schema.json"
check "--check-config accepts the configuration" \
	"$HEALTHD" --check-config -c "$W/healthd.json"

# ---- start: the dump gives the members, each with its service's check ----
healthd_start "$W/healthd.json"
check_match "started with the six real servers" \
	"started: checking 6 real servers of 3 services" "$(cat "$LOG")"
check "all http backends up" busywait 5000 eval 'health_is up 80 10.0.2.11 8088 &&
	health_is up 80 10.0.2.12 8088 && health_is up 80 10.0.2.13 8088'
check "the http checks pass (status and body)" busywait 5000 logged \
	"10\.0\.2\.11:8088 \(tcp 192\.0\.2\.1:80\) ok: http: status 200"

# ---- https with SNI: the right name passes, another is refused ----
check "https with SNI sni.example and a verified certificate passes" \
	busywait 5000 logged "10\.0\.2\.11:8443 \(tcp 192\.0\.2\.1:443\) ok: https: status 200"
check "https with another SNI name: marked down" \
	busywait 8000 health_is down 443 10.0.2.12 8443
check "... logged with the TLS reason" logged \
	"10\.0\.2\.12:8443 \(tcp 192\.0\.2\.1:443\) DOWN after 3 failures: https: "
check "https with SNI stays up" health_is up 443 10.0.2.11 8443

# ---- exec: the target in the environment, exit 0 = up ----
check "exec check passes, the target in its environment" busywait 5000 logged \
	"10\.0\.2\.13:2525 \(tcp 192\.0\.2\.1:25\) ok: exec: exit status 0: checking 10\.0\.2\.13:2525 of tcp 192\.0\.2\.1:25"
rm -f "$W/exec-ok-10.0.2.13"
check "exec check failing: marked down" busywait 6000 health_is down 25 10.0.2.13 2525
check "... logged with the exit status and output" logged \
	"10\.0\.2\.13:2525 \(tcp 192\.0\.2\.1:25\) DOWN after 2 failures: exec: exit status 1: checking"
touch "$W/exec-ok-10.0.2.13"
check "exec check passing again: up" busywait 6000 health_is up 25 10.0.2.13 2525

# ---- a backend stops: down within interval x fall, no traffic to it ----
down_re='10\.0\.2\.12:8088 \(tcp 192\.0\.2\.1:80\) DOWN after 3 failures: connect: Connection refused'
check "nginx on b2 stopped" nginx_stop 2 8088
dt=$(ms_until_logged "$down_re")
check "b2 marked down, logged with the reason" logged "$down_re"
check "... and down in the kernel" busywait 2000 health_is down 80 10.0.2.12 8088
echo "# b2 marked down ${dt} ms after its port closed (interval 1 s x fall 3)"
# interval x fall, plus an interval of slack: the emulated guest is slow
# and shares two CPUs with other guests
check_reaction "... within interval x fall" "$dt" $((3000 + slack_ms))
out=$(conns 100)
check_match "100 new connections: none fails, none reaches b2 ($out)" \
	"^fail=0 b1=[0-9]+ b2=0 b3=[0-9]+$" "$out"

# ---- the owner changes the weight while b2 is down ----
state_json 3 >"$W/state3.json"
out=$(in_lb "$NFLBADM" apply -f "$W/state3.json")
check_eq "nflbadm apply changes b2's weight, nothing else" \
	"~dest TCP 192.0.2.1:80 10.0.2.12:8088 masq weight 3" "$out"
check_eq "the kernel has the new weight" 3 "$(weight 80 10.0.2.12 8088)"
n0=$(nlines "10\.0\.2\.12:8088 .* failed: ")
nup=$(nlines '10\.0\.2\.12:8088 .* UP after')
check "two more checks of b2 fail after the apply" \
	busywait $((4000 + slack_ms)) eval "[ \$(nlines '10\.0\.2\.12:8088 .* failed: ') -ge $((n0 + 2)) ]"
check "b2 is still down: the weight change did not bring it back" \
	health_is down 80 10.0.2.12 8088
check_eq "no UP for b2 was logged since" "$nup" "$(nlines '10\.0\.2\.12:8088 .* UP after')"

# ---- b2 comes back after rise, with the new weight ----
up_re='10\.0\.2\.12:8088 \(tcp 192\.0\.2\.1:80\) UP after 2 successes: http: status 200'
check "nginx on b2 restarted" nginx_start 2 8088
dt=$(ms_until_logged "$up_re")
check "b2 up again, logged" logged "$up_re"
check "... and up in the kernel" busywait 2000 health_is up 80 10.0.2.12 8088
echo "# b2 marked up ${dt} ms after its port opened (interval 1 s x rise 2)"
# the first good check may come an interval after the restart; plus an
# interval of slack as above
check_reaction "... within interval x (rise + 1)" "$dt" $((3000 + slack_ms))
check_eq "b2 keeps the weight applied while it was down" 3 "$(weight 80 10.0.2.12 8088)"
out=$(conns 100)
check_eq "100 new connections spread by weight 1:3:1" "fail=0 b1=20 b2=60 b3=20" "$out"

# ---- a real server added by someone else is checked ----
adm -a -t 192.0.2.1:80 -r 10.0.2.99:8088 -m -w 1
check "a real server added with nflbadm is checked" busywait 3000 logged \
	"10\.0\.2\.99:8088 \(tcp 192\.0\.2\.1:80\): checking it \(http every 1 s"
check "... and marked down (nothing answers there)" \
	busywait 10000 health_is down 80 10.0.2.99 8088
adm -d -t 192.0.2.1:80 -r 10.0.2.99:8088
check "... and forgotten when deleted" busywait 3000 logged \
	"10\.0\.2\.99:8088 \(tcp 192\.0\.2\.1:80\): removed from its service"

# ---- an SNI rule's real servers: checked with their service's check ----
# 443 goes to SNI mode with a rule sni.example of two real servers: b3:8443
# (passes the https check) and 10.0.2.99:8443, where nothing answers.
rule_health() {
	adm -L -n | awk -v rule="$1" -v rs="$2" '
		$1 == "TCP" || $1 == "UDP" || $1 == "FWM" { in_svc = $2 == "192.0.2.1:443"; in_rule = 0 }
		$1 == "SNI" { in_rule = in_svc && $2 == rule }
		in_rule && $1 == "->" && $2 == rs { print / down/ ? "down" : "up"; exit }'
}
rule_health_is() { [ "$(rule_health "$2" "$3")" = "$1" ]; }
re_rule='\(tcp 192\.0\.2\.1:443 sni sni\.example\)'
check "443 in SNI mode" adm -E -t 192.0.2.1:443 -s rr --sni-mode
check "an SNI rule sni.example" adm -A -t 192.0.2.1:443 --sni sni.example -s rr
check "its real servers" eval 'adm -a -t 192.0.2.1:443 --sni sni.example -r 10.0.2.13:8443 -m &&
	adm -a -t 192.0.2.1:443 --sni sni.example -r 10.0.2.99:8443 -m'
check "the rule's real server is checked, with the service's check" \
	busywait 5000 logged "10\.0\.2\.13:8443 $re_rule: checking it \(https every 1 s"
check "... and passes" busywait 8000 logged "10\.0\.2\.13:8443 $re_rule ok: https: status 200"
check "the rule's dead real server: marked down under the rule" \
	busywait 10000 rule_health_is down sni.example 10.0.2.99:8443
check "... logged as the rule's" logged "10\.0\.2\.99:8443 $re_rule DOWN after 3 failures"
check "the rule's live real server stays up" rule_health_is up sni.example 10.0.2.13:8443

# ---- SIGHUP: a changed interval takes effect, state stays ----
healthd_json 0.25 >"$W/healthd.json"
kill -HUP "$hd_pid"
check "SIGHUP reloads" busywait 3000 logged "reloaded $W/healthd\.json"
check "the changed check is announced" logged \
	"10\.0\.2\.11:8088 \(tcp 192\.0\.2\.1:80\): check changed \(http every 0\.25 s"
pat='10\.0\.2\.11:8088 \(tcp 192\.0\.2\.1:80\) ok: '
n0=$(nlines "$pat")
t0=$(now_ms)
busywait 12000 eval "[ \$(nlines '$pat') -ge $((n0 + 12)) ]"
dt=$(($(now_ms) - t0))
echo "# 12 checks of b1 in ${dt} ms after the reload (interval 0.25 s, was 1 s)"
check_reaction "12 checks take well under 12 old intervals" "$dt" 8000
check "the https target stays down across the reload" \
	health_is down 443 10.0.2.12 8443
check_eq "... without a new transition" 1 \
	"$(nlines '10\.0\.2\.12:8443 .* (DOWN|UP) after')"
echo '{ "services": [ { "fwmark": 1, "check": { "type": "http" } } ] }' >"$W/healthd.json"
kill -HUP "$hd_pid"
check "a bad config at SIGHUP is refused, the old one stays" busywait 3000 logged \
	"reload refused, the running configuration stays: $W/healthd\.json: services\[0\]\.check: needs \"port\""
check "... and the daemon goes on checking" kill -0 "$hd_pid"
# The reload listed the kernel's real servers again, the rule's included.
pat="10\.0\.2\.13:8443 $re_rule ok: "
n0=$(nlines "$pat")
check "the rule's real server is still checked after the reload" \
	busywait 8000 eval "[ \$(nlines '$pat') -gt $n0 ]"
check "... the dead one still down under the rule" \
	rule_health_is down sni.example 10.0.2.99:8443
check "the rule deleted" adm -D -t 192.0.2.1:443 --sni sni.example
check "... its real servers are no longer checked" busywait 5000 logged \
	"10\.0\.2\.99:8443 $re_rule: (SNI rule deleted|removed from its service)"
check "443 out of SNI mode" adm -E -t 192.0.2.1:443 -s rr --sni-mode off

# ---- stopping the daemon leaves the kernel as it is ----
check "nginx on b3 stopped" nginx_stop 3 8088
check "b3 marked down" busywait 8000 health_is down 80 10.0.2.13 8088
check "SIGTERM: the daemon exits 0" healthd_stop
check "... saying so" logged "stopping on Terminated: the kernel's health stays as it is"
check "b3 is still down in the kernel" health_is down 80 10.0.2.13 8088
check "the https target is still down in the kernel" health_is down 443 10.0.2.12 8443
check "b1 is still up" health_is up 80 10.0.2.11 8088
out=$(conns 12)
check_match "traffic still avoids b3 ($out)" "^fail=0 b1=[0-9]+ b2=[0-9]+ b3=0$" "$out"
healthd_json 1 >"$W/healthd.json"
LOG=$W/healthd-2.log
# As systemd runs it: stderr is the journal's stream (JOURNAL_STREAM names
# it: the daemon prefixes journald priorities) and NOTIFY_SOCKET takes
# sd_notify()'s messages (Type=notify).
: >>"$LOG"
# (the socket on a tmpfs: the work directory may be a 9p mount)
notify_sock=$(mktemp -u /run/nflb-notify.XXXXXX)
socat -u UNIX-RECV:"$notify_sock",unlink-early OPEN:"$W/notify.log",creat,append &
notify_pid=$!
check "a receiver for sd_notify()" busywait 3000 test -S "$notify_sock"
HD_ENV=("JOURNAL_STREAM=$(stat -c %d:%i "$LOG")" "NOTIFY_SOCKET=$notify_sock")
check "a new daemon starts" healthd_start "$W/healthd.json"
# (socat writes the datagrams one after the other, no separator)
notified() { grep -q "READY=1" "$W/notify.log" &&
	grep -q "STATUS=checking 6 real servers of 3 services" "$W/notify.log"; }
check "... and tells systemd it is ready, with a status" busywait 3000 notified ||
	echo "# sd_notify() received: '$(cat "$W/notify.log" 2>&1)'"
check "... and keeps b3 down without a new decision" eval \
	'health_is down 80 10.0.2.13 8088 && ! logged "10\.0\.2\.13:8088 .* UP"'
check "nginx on b3 restarted" nginx_start 3 8088
check "b3 comes back" busywait 6000 health_is up 80 10.0.2.13 8088
check "... logged as a notice for the journal (<5>)" logged \
	"^<5>nflb-healthd: 10\.0\.2\.13:8088 \(tcp 192\.0\.2\.1:80\) UP after"

# ---- the module unloaded and loaded again: the daemon carries on ----
check "the module unloaded under the daemon" nflb_unload
check "... a warning (<4>)" busywait 3000 logged \
	"^<4>nflb-healthd: the nflb module was unloaded"
check "... and the daemon goes on" kill -0 "$hd_pid"
nap 1
check "it does not load the module itself" eval '! nflb_loaded'
check "the module loaded again" nflb_load
check "... the services applied again" apply_quiet "$W/state3.json"
check "the daemon is back on a new handle" busywait 5000 logged \
	"the nflb module is loaded again"
check "... and sets health again: the refused https target down" \
	busywait $((8000 + slack_ms)) health_is down 443 10.0.2.12 8443
check "nginx on b1 stopped" nginx_stop 1 8088
check "b1 down, a warning (<4>) for the journal" busywait $((8000 + slack_ms)) logged \
	"^<4>nflb-healthd: 10\.0\.2\.11:8088 \(tcp 192\.0\.2\.1:80\) DOWN after 3 failures"
check "... and down in the kernel" busywait 2000 health_is down 80 10.0.2.11 8088
kill "$notify_pid" 2>/dev/null
rm -f "$notify_sock"
kill -KILL "$hd_pid"
wait "$hd_pid" 2>/dev/null
hd_pid=
check "SIGKILL too leaves the kernel's health as it is" \
	health_is down 443 10.0.2.12 8443

# ---- bad configurations ----
printf '{ "services": [\n  { "protocol": "tcp", "address": "192.0.2.1", "port": 80,\n    "check": { "type": "http", "rise": 0 } } ] }\n' >"$W/bad.json"
out=$(in_lb "$HEALTHD" -c "$W/bad.json" 2>&1)
check_eq "a bad config is refused at start: file, path, reason; exit 1" \
	"1 nflb-healthd: $W/bad.json: services[0].check.rise: must be 1..100" "$? $out"
out=$("$HEALTHD" --check-config -c "$W/bad.json" 2>&1)
check_eq "--check-config says the same" \
	"1 nflb-healthd: $W/bad.json: services[0].check.rise: must be 1..100" "$? $out"

exit $nflb_ret
