#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Spoofed packets must not drive connection state (Documentation/datapath.rst,
# "TCP state and spoofed packets"): a RST with the client's addresses and a
# wrong sequence number neither closes a live NAT flow nor reaches its
# server; spoofed-source floods (SYN, SYN+ACK, and ACK to an mh service,
# which makes an entry for any mid-flow packet) fill a table of 200 with
# half-open entries that make way for real clients, while the established
# ones keep working.  hping3 sends the spoofed packets.
#
#   client (ns C) ---- balancer (ns LB) ---- br0 ---- b1 b2 b3
#   (topology and addresses: selftests/lb_lib.sh)

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip python3 hping3

info_val() { adm info | sed -n "s/^$1: //p"; }
state_count() { adm -Lnc | grep -c " $1 "; }
conns_le() { [ "$(info_val connections)" -le "$1" ]; }
# spoof ARGS...: hping3 from the client's namespace, quietly.
spoof() { in_c hping3 -q "$@" >/dev/null 2>&1 || true; }
# clients N PORT: N new connections to VIP4:PORT, each answered.
clients() {
	local out
	out=$(in_c "$LBPEER" client -n "$1" "$VIP4" "$2") || return
	[ "$(grep -c '^b[123]$' <<<"$out")" = "$1" ]
}

# seqs FILE: until killed, the next sequence number of every client port
# that sends to the VIP's port 80; written to FILE as "PORT NEXT" at the end.
seqs() {
	exec nsenter --net="/run/netns/$C" python3 -c '
import signal, socket, struct, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(3))
s.bind(("c0", 0))
nxt = {}
def done(*a):
    with open(sys.argv[1], "w") as f:
        for p, n in nxt.items():
            print(p, n, file=f)
    sys.exit(0)
signal.signal(signal.SIGTERM, done)
print("ready", flush=True)
while True:
    p = s.recv(65535)
    if p[12:14] != b"\x08\x00" or p[23] != 6:
        continue
    ihl = (p[14] & 15) * 4
    tot = struct.unpack("!H", p[16:18])[0]
    t = 14 + ihl
    sport, dport, seq = struct.unpack("!HHI", p[t:t + 8])
    if dport != 80 or p[26:30] != socket.inet_aton("10.0.1.2"):
        continue
    flags = p[t + 13]
    end = seq + tot - ihl - (p[t + 12] >> 4) * 4 + (flags & 1) + (flags >> 1 & 1)
    nxt[sport] = end % 2**32
' "$1"
}

lb_start
check "a NAT service (rr), its real servers" add_service 4 t m rr
seqs "$NFLB_WORK/seqs" >"$NFLB_WORK/seqs.out" &
seqs_pid=$!
check "watching the client's sequence numbers" busywait 5000 grep -q ready "$NFLB_WORK/seqs.out"
check "three client connections held open" hold_open 3
kill "$seqs_pid"
wait "$seqs_pid"
check_eq "... ESTABLISHED" 3 "$(state_count ESTABLISHED)"

# ---- spoofed RSTs: the client's addresses and ports, wrong sequences ----
# Half the sequence space away from the client's next byte (and a little
# more): outside any window, however large, so none may be taken.
ports=$(adm -Lnc | awk '/ ESTABLISHED / { split($4, a, ":"); print a[2] }')
check_eq "their client ports" 3 "$(wc -w <<<"$ports")"
for p in $ports; do
	next=$(awk -v p="$p" '$1 == p { print $2 }' "$NFLB_WORK/seqs")
	for off in 2147483648 2147549184; do
		spoof -R -c 1 -s "$p" -k -M "$(((${next:-0} + off) % 4294967296))" \
			-p 80 -a 10.0.1.2 "$VIP4"
	done
done
check_eq "the client's next sequence of each was seen" 3 "$(wc -l <"$NFLB_WORK/seqs")"
check_eq "after 6 spoofed RSTs, still ESTABLISHED" 3 "$(state_count ESTABLISHED)"
check_match "counted as outside the window" \
	"^TCP segments outside the window: ([6-9]|[1-9][0-9]+)$" "$(adm info)"

# ---- floods from random addresses into a table of 200 ----
check "connection limit 200" adm config max-conns 200
mh_service() {
	local i
	adm -A -t "$VIP4:81" -s mh || return
	for i in 0 1 2; do adm -a -t "$VIP4:81" -r "${RS4[$i]}:8080" -m || return; done
}
check "an mh service on :81 (forwards mid-flow packets)" mh_service
# (hping3's status says whether answers came: none do)
spoof -S --rand-source -i u500 -c 1000 -p 80 "$VIP4"
check_eq "1000 SYNs from random sources filled the table" 200 "$(info_val connections)"
spoof -SA --rand-source -i u500 -c 500 -p 80 "$VIP4"
spoof -A --rand-source -i u500 -c 1000 -p 81 "$VIP4"
check "the table holds at most 200" conns_le 200
check_eq "the floods made no ESTABLISHED entry" 3 "$(state_count ESTABLISHED)"
check_match "half-open entries were evicted" \
	"^half-open connections evicted: [1-9][0-9]*$" "$(adm info)"
check "a real client still gets 10 connections to :80" clients 10 80
check "... and 10 to the mh service" clients 10 81
check "the held connections still answer" hold_release
check_eq "... each of them" "again b1 again b2 again b3" "$(hold_answers)"
exit "$nflb_ret"
