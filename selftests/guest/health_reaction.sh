#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Health reaction time, nflb-healthd and keepalived side by side: both
# check the same three real servers by TCP connect every second (healthd:
# interval 1, timeout 1, fall 1; keepalived: delay_loop 1, connect_timeout
# 1, retry 1), healthd for an nflb service on 192.0.2.1:80, keepalived for
# an IPVS service on 192.0.2.2:80 in the same namespace.  b2's server is
# killed (its port refuses); the time until each marks it down is measured
# from the kill, by reading their logs with shell builtins (no process
# starts in the window).  A refused connect is a failed check at once, so
# with fall 1 nflb-healthd must mark it down within the interval plus
# 0.5 s.  A third service has healthd's default check (every 1 s, every
# 0.25 s while failures are confirmed, fall 3): down within 2 s.  The
# times are printed as "#" lines for the issue's notes.
#
#   client (ns C) ---- balancer (ns LB) ---- br0 ---- b1 b2 b3 (lbpeer 8080)
#                      nflb + nflb-healthd, IPVS + keepalived
# nflb-timeout: 300

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
HEALTHD=${HEALTHD:-$NFLB_ROOT/tools/healthd/nflb-healthd}
[ -x "$HEALTHD" ] || skip "$HEALTHD not built (make tools)"
require_cmd keepalived ipvsadm
W=$NFLB_WORK
hd_pid='' ka_pid=''

reaction_cleanup() {
	[ -n "$hd_pid" ] && kill "$hd_pid" 2>/dev/null
	[ -n "$ka_pid" ] && kill "$ka_pid" 2>/dev/null
	if [ "$nflb_ret" != 0 ]; then
		tail -n 20 "$W/healthd.log" "$W/keepalived.log" 2>/dev/null | sed 's/^/# /'
	fi
	lb_cleanup
	modprobe -r ip_vs_rr ip_vs 2>/dev/null
}

# first_match FILE RE: RE matches a line of FILE (read by the shell alone).
first_match() {
	local line
	while IFS= read -r line; do
		[[ $line =~ $2 ]] && return 0
	done <"$1"
	return 1
}

trap reaction_cleanup EXIT
trap 'exit 1' TERM
nflb_unload
check "insmod" nflb_load
check "topology" topo_setup
{ modprobe ip_vs && modprobe ip_vs_rr; } || skip "no IPVS modules to run keepalived with"

check "nflb service 192.0.2.1:80 over b1 b2 b3" add_service 4 t m rr
svc81() {
	local i
	adm -A -t 192.0.2.1:81 -s rr || return
	for i in 1 2 3; do adm -a -t 192.0.2.1:81 -r "$(rs 4 "$i"):8080" -m || return; done
}
check "nflb service 192.0.2.1:81 over b1 b2 b3" svc81
cat >"$W/healthd.json" <<EOF
{ "services": [
  { "protocol": "tcp", "address": "192.0.2.1", "port": 80,
    "check": { "type": "tcp", "interval": 1, "timeout": 1, "rise": 1, "fall": 1 } },
  { "protocol": "tcp", "address": "192.0.2.1", "port": 81,
    "check": { "type": "tcp" } } ] }
EOF
cat >"$W/keepalived.conf" <<EOF
global_defs { router_id nflb-test }
virtual_server 192.0.2.2 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
$(for i in 1 2 3; do
	printf '\treal_server %s 8080 { weight 1\n' "$(rs 4 "$i")"
	printf '\t\tTCP_CHECK { connect_timeout 1 retry 1 delay_before_retry 1 } }\n'
done)
}
EOF

ip netns exec "$LB" "$HEALTHD" -v -c "$W/healthd.json" >"$W/healthd.log" 2>&1 &
hd_pid=$!
ip netns exec "$LB" keepalived -C -n -l -D -f "$W/keepalived.conf" \
	-p "$W/ka.pid" -c "$W/ka-checkers.pid" >"$W/keepalived.log" 2>&1 &
ka_pid=$!
check "nflb-healthd started" busywait 10000 first_match "$W/healthd.log" "started: checking"
ka_three() { [ "$(in_lb ipvsadm -Ln | grep -c ':8080 ')" = 3 ]; }
check "keepalived put the three real servers into IPVS" busywait 10000 ka_three
# Two rounds of checks, all passing, before the kill.
nap 2

hd_re='10\.0\.2\.12:8080 \(tcp 192\.0\.2\.1:80\) DOWN after 1 failure: connect: Connection refused'
def_re='10\.0\.2\.12:8080 \(tcp 192\.0\.2\.1:81\) DOWN after 3 failures: connect: Connection refused'
ka_re='Removing service \[10\.0\.2\.12\]:tcp:8080'
# Stop b2's server: its port refuses from now on.  The window is the
# shell's alone: kill is a builtin, the logs are read by the shell.
b2pid=$(ip netns pids "$NS_PREFIX-b2")
t0=$(now_ms)
kill "$b2pid"
t_hd='' t_ka='' t_def=''
limit=$((t0 + 6000 * NFLB_TIME_SCALE))
while [ -z "$t_hd" ] || [ -z "$t_ka" ] || [ -z "$t_def" ]; do
	now=$(now_ms)
	[ -z "$t_hd" ] && first_match "$W/healthd.log" "$hd_re" && t_hd=$((now - t0))
	[ -z "$t_def" ] && first_match "$W/healthd.log" "$def_re" && t_def=$((now - t0))
	[ -z "$t_ka" ] && first_match "$W/keepalived.log" "$ka_re" && t_ka=$((now - t0))
	[ "$now" -gt "$limit" ] && break
	nap 0.02
done
echo "# b2 refused from t=0: nflb-healthd (interval 1, timeout 1, fall 1) marked it down after ${t_hd:-never} ms; keepalived (delay_loop 1, connect_timeout 1, retry 1) removed it after ${t_ka:-never} ms"
echo "# with nflb-healthd's defaults (every 1 s, 0.25 s while a failure is confirmed, fall 3): down after ${t_def:-never} ms"
check "nflb-healthd marked b2 down, with the reason" test -n "$t_hd"
check "... also with the defaults, after three failures" test -n "$t_def"
check "keepalived removed b2" test -n "$t_ka"
if [ "$NFLB_TIME_SCALE" = 1 ]; then
	check "nflb-healthd: down within interval + 0.5 s of the kill (${t_hd:-never} ms <= 1500)" \
		test "${t_hd:-99999}" -le 1500
	check "nflb-healthd's defaults: down within interval + 2 fast intervals + 0.5 s (${t_def:-never} ms <= 2000)" \
		test "${t_def:-99999}" -le 2000
else
	echo "# not asserted on a debug kernel (bounds 1500 and 2000 ms)"
fi
check "... and down in the kernel" busywait 2000 eval \
	'adm -L -n | grep -q "10.0.2.12:8080 .*down"'
exit $nflb_ret
