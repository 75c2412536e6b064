#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The part of `make demo` that runs inside the guest.
set -euo pipefail
cd "$(dirname "$0")/.."
ko=$NFLB_KO
nflbadm=tools/nflbadm/nflbadm

show() {
	echo
	echo "guest# $*"
	"$@"
}

echo "== inside the guest: $(uname -sr)"
show modinfo "$ko"
show insmod "$ko"
show sh -c 'lsmod | grep -E "^(Module|nflb)"'
show genl ctrl get name nflb
show "$nflbadm" info
show ip netns add demo
show ip netns exec demo "$nflbadm" info
show ip netns del demo
show rmmod nflb
show sh -c 'dmesg | grep "nflb: " || true'
echo
echo "== done: nflb loaded, answered over generic netlink in two namespaces, unloaded"
