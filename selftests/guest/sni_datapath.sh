#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SNI routing's data path as a client sees it (Documentation/sni.rst),
# step by step as it is built.  Step 1: the client's SYN to a service in
# SNI mode is answered by nflb itself with a syncookie SYN-ACK, so the
# client's connect() succeeds although no real server answers (a plain NAT
# service with the same dead real server: connect() fails), over IPv4 and
# IPv6, and nothing is kept (no connection entry).

# shellcheck source=selftests/lb_lib.sh
source "$(dirname "$0")/../lb_lib.sh"
require_cmd ip timeout

trap lb_cleanup EXIT
nflb_unload
check "insmod" nflb_load
check "topology" topo_setup

# connects ADDR PORT: a TCP connect() from the client succeeds within 5 s
connects() {
	in_c timeout 5 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# Real servers that answer nothing: a port nobody listens on, dropped.
in_b 1 ip6tables -A INPUT -p tcp --dport 9999 -j DROP
in_b 1 iptables -A INPUT -p tcp --dport 9999 -j DROP

check "a plain NAT service to a dead real server" \
	eval 'adm -A -t 192.0.2.1:80 -s rr && adm -a -t 192.0.2.1:80 -r 10.0.2.11:9999 -m'
check "... connect() fails" eval '! connects 192.0.2.1 80'

check "an SNI service to the same dead real server" \
	eval 'adm -A -t 192.0.2.1:443 -s rr --sni-mode && adm -a -t 192.0.2.1:443 -r 10.0.2.11:9999'
check "... connect() succeeds: nflb answered the SYN" connects 192.0.2.1 443
check_eq "... and kept nothing" "" "$(adm -L -n -c | grep ':443' )"

check "IPv6: an SNI service" eval "adm -A -t [$VIP6]:443 -s rr --sni-mode &&
	adm -a -t [$VIP6]:443 -r [2001:db8:2::11]:9999"
check "IPv6: connect() succeeds" connects "$VIP6" 443
exit $nflb_ret
