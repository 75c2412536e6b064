#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-namespace state follows namespaces in and out, in every order: load
# then create and delete namespaces; create namespaces then load and unload
# with them alive.  Each namespace answers nflbadm on its own.
#
#   init_net       nflb-PID-1   nflb-PID-2   nflb-PID-3
#   (nflbadm)      (nflbadm)    (nflbadm)    (nflbadm)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd ip

cleanup() {
	local i
	for i in 1 2 3; do ip netns del "$NS_PREFIX-$i" 2>/dev/null; done
	nflb_unload 2>/dev/null
}
trap cleanup EXIT

version=$(nflb_ko_version)
nflb_unload

# Load first, then namespaces come and go.
check "insmod" nflb_load
for i in 1 2 3; do
	check "create netns $i" ip netns add "$NS_PREFIX-$i"
done
for i in 1 2 3; do
	check_match "netns $i: nflbadm info answers" "module version: $version" \
		"$(ip netns exec "$NS_PREFIX-$i" "$NFLBADM" info 2>&1)"
done
for i in 1 2 3; do
	check "delete netns $i" ip netns del "$NS_PREFIX-$i"
done
check "rmmod with no extra namespaces" rmmod nflb

# Namespaces first, then the module comes and goes under them.
for i in 1 2; do
	check "create netns $i before load" ip netns add "$NS_PREFIX-$i"
done
check "insmod with namespaces alive" nflb_load
check_match "netns 2: nflbadm info answers" "module version: $version" \
	"$(ip netns exec "$NS_PREFIX-2" "$NFLBADM" info 2>&1)"
check "rmmod with namespaces alive" rmmod nflb
check "delete netns 1 after unload" ip netns del "$NS_PREFIX-1"

# Namespace deleted while the module is loaded and was used in it.
check "insmod again" nflb_load
check_match "netns 2: nflbadm info after reload" "module version: $version" \
	"$(ip netns exec "$NS_PREFIX-2" "$NFLBADM" info 2>&1)"

# The hooks come with a namespace's first service and stay until the
# namespace goes; the four after mangle only while a fwmark service exists
# (Documentation/datapath.rst).  Seen with nft's hook listing,
# which needs NETFILTER_NETLINK_HOOK (6.12 has it; Debian's 6.1 and our
# debug kernel do not).
nflb_hooks() {
	ip netns exec "$NS_PREFIX-2" nft list hooks 2>&1 | grep -c 'nflb_'
}
# (Asking nft without the module took 92 s on the debug kernel: the
# kernel tries to load it for each request.)
if modprobe nfnetlink_hook 2>/dev/null &&
   ip netns exec "$NS_PREFIX-2" nft list hooks >/dev/null 2>&1 &&
   [ -n "$(ip netns exec "$NS_PREFIX-2" nft list hooks 2>/dev/null)" ]; then
	check_eq "hooks: none in a namespace without a service" 0 "$(nflb_hooks)"
	check "hooks: a first service" ip netns exec "$NS_PREFIX-2" \
		"$NFLBADM" -A -t 192.0.2.1:80
	check_eq "hooks: nflb's eight hooks with it" 8 "$(nflb_hooks)"
	check "hooks: a fwmark service" ip netns exec "$NS_PREFIX-2" \
		"$NFLBADM" -A -f 7
	check_eq "hooks: twelve, those after mangle too" 12 "$(nflb_hooks)"
	check "hooks: the fwmark service deleted" ip netns exec "$NS_PREFIX-2" \
		"$NFLBADM" -D -f 7
	check_eq "hooks: eight again" 8 "$(nflb_hooks)"
	# shellcheck disable=SC2016 # expanded by that shell
	check "hooks: a fwmark service first, in a namespace of its own" \
		sh -c 'ip netns add "$1" && ip netns exec "$1" "$2" -A -f 7' - \
		"$NS_PREFIX-3" "$NFLBADM"
	check_eq "hooks: twelve there" 12 \
		"$(ip netns exec "$NS_PREFIX-3" nft list hooks 2>&1 | grep -c 'nflb_')"
	ip netns del "$NS_PREFIX-3"
	check "hooks: all services deleted" ip netns exec "$NS_PREFIX-2" \
		"$NFLBADM" -C
	check_eq "hooks: the eight kept without services" 8 "$(nflb_hooks)"
else
	echo "# hooks: not listed (no nft hook listing on this kernel)"
fi
# nflbadm --netns NAME (or a path) acts on that namespace, as ip -n does.
check "--netns NAME: a service there" \
	"$NFLBADM" --netns "$NS_PREFIX-2" -A -t 192.0.2.9:80
check_eq "--netns NAME: listed there" "TCP 192.0.2.9:80 wlc" \
	"$(ip netns exec "$NS_PREFIX-2" "$NFLBADM" -S -n | sed 's/^-A -t /TCP /; s/ -s / /')"
check_eq "--netns: not in the namespace nflbadm started in" "" "$("$NFLBADM" -S -n)"
check_eq "--netns=PATH: the same namespace" "-A -t 192.0.2.9:80 -s wlc" \
	"$("$NFLBADM" --netns="/run/netns/$NS_PREFIX-2" -S -n)"
check "--netns NAME: a subcommand too" eval \
	"\"\$NFLBADM\" --netns \"$NS_PREFIX-2\" info | grep -q '^services: 1\$'"
out=$("$NFLBADM" --netns "$NS_PREFIX-9" -Ln 2>&1)
check_eq "--netns: a missing namespace: exit 2" 2 "$?"
check_eq "--netns: ... and a one-line error" \
	"nflbadm: cannot enter network namespace /run/netns/$NS_PREFIX-9: No such file or directory" \
	"$out"
check "delete netns 2 while loaded" ip netns del "$NS_PREFIX-2"

# A namespace that never has a service pays no connection table (512 KiB
# with the default conn_tab_bits) and runs no worker: ten namespaces made
# from a memory cgroup of their own charge it as much with nflb loaded as
# without it, within 64 KiB a namespace (it was 512 KiB more).
cg=/sys/fs/cgroup
if ! [ -f "$cg/cgroup.controllers" ]; then
	mount -t cgroup2 none "$cg" 2>/dev/null
fi
# ns_cost: what making ten namespaces charged a fresh child cgroup, bytes.
ns_cost() {
	local d=$cg/nflb-lifecycle-$$ i
	mkdir "$d" || return
	# shellcheck disable=SC2016 # expanded by that shell
	sh -c 'echo $$ >"$1/cgroup.procs" && b=$(cat "$1/memory.current") &&
		for i in 0 1 2 3 4 5 6 7 8 9; do ip netns add "$2-m$i" || exit; done &&
		echo $(($(cat "$1/memory.current") - b))' sh "$d" "$NS_PREFIX"
	for i in 0 1 2 3 4 5 6 7 8 9; do ip netns del "$NS_PREFIX-m$i"; done
	rmdir "$d" 2>/dev/null || { sleep 1; rmdir "$d"; }
}
if grep -qw memory "$cg/cgroup.controllers" 2>/dev/null &&
   echo +memory >"$cg/cgroup.subtree_control" 2>/dev/null; then
	with=$(ns_cost)
	rmmod nflb
	without=$(ns_cost)
	echo "# ten namespaces charged $with bytes with nflb, $without without"
	check "ten namespaces without a service: no table, no worker" \
		test "$((with - without))" -lt $((10 * 65536))
	nflb_load
else
	echo "# namespace cost: no cgroup v2 memory controller here"
fi
check "final rmmod" rmmod nflb
exit $nflb_ret
