#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The netlink API as programs see it (selftests/progs/nl_api.c): round
# trips, the error and message of every rejection, limits, events, raw
# malformed messages, a 20 000-service dump (4 000 on the debug kernel,
# where every addition goes through KASAN and kmemleak; the dump takes the
# same paths), permissions, and isolation between network namespaces.
#
#   init_net          nflb-PID-a            nflb-PID-b
#   (nl_api ...)      (3 services)          (none; cannot touch a's)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd setpriv unshare ip
prog=$NFLB_ROOT/selftests/progs/nl_api
[ -x "$prog" ] || skip "$prog not built (make testprogs)"

cleanup() {
	ip netns del "$NS_PREFIX-a" 2>/dev/null
	ip netns del "$NS_PREFIX-b" 2>/dev/null
	nflb_unload 2>/dev/null
}
trap cleanup EXIT

# run_tap NAME COMMAND...: COMMAND prints TAP; turn it into our check lines.
run_tap() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	sed -e "s/^ok [0-9]* - /[ OK ] $name: /" \
	    -e "s/^not ok [0-9]* - /[FAIL] $name: /" <<<"$out" | grep -v '^1\.\.'
	[ $rc -eq 0 ] || fail "$name: exit status $rc"
}

nflb_unload
check "insmod" nflb_load
run_tap basic "$prog" basic
run_tap raw "$prog" raw
run_tap ranges "$prog" ranges
run_tap ranges-userns unshare -Urn "$prog" ranges
nsvc=20000
[ "$NFLB_TIME_SCALE" = 1 ] || nsvc=4000
run_tap dump "$prog" dump "$nsvc"

check "a service to guard" "$prog" add 1
run_tap perm setpriv --reuid=65534 --regid=65534 --clear-groups "$prog" perm
check_eq "unprivileged commands changed nothing" 1 "$("$prog" count)"
run_tap own-userns unshare -Urn "$prog" basic

ip netns add "$NS_PREFIX-a"
ip netns add "$NS_PREFIX-b"
check "netns a: add 3 services" ip netns exec "$NS_PREFIX-a" "$prog" add 3
check_eq "netns a sees its 3" 3 "$(ip netns exec "$NS_PREFIX-a" "$prog" count)"
check_eq "netns b sees none" 0 "$(ip netns exec "$NS_PREFIX-b" "$prog" count)"
check_eq "init_net still has its 1" 1 "$("$prog" count)"
run_tap netns-b ip netns exec "$NS_PREFIX-b" "$prog" basic
check_eq "b's flush did not touch a" 3 \
	"$(ip netns exec "$NS_PREFIX-a" "$prog" count)"
check "delete netns a with services in it" ip netns del "$NS_PREFIX-a"
check "rmmod with services in init_net" rmmod nflb
exit $nflb_ret
