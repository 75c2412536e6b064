#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The netlink fuzzer (selftests/progs/nl_fuzz.c): valid requests of every
# command, mutated, with dumps abandoned and dumps raced by deletes, as
# root of the initial namespaces, as uid 65534 in a user+net namespace of
# its own (where nflb's ceilings bind), and as uid 65534 in init_net
# (every request refused).  Every rejection must carry an extack message
# (nl_fuzz counts those without as violations); the harness checks the
# kernel log for splats after the guest run, and kmemleak at its end.
#
#   init_net                 user+net namespace         init_net
#   root: nl_fuzz -s 1       uid 65534, unshare -Urn:   uid 65534:
#                            nl_fuzz -s 2               nl_fuzz -s 3 -U
#
# The seeds are fixed: the same messages every run (a tenth of them on the
# debug kernel).  NFLB_FUZZ_COUNT=N
# (make fuzz-kernel) sends N messages in all instead, in runs of
# NFLB_FUZZ_CHUNK (100000), the modes taking turns, then scans kmemleak
# itself and fails on a leak that involves nflb.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd setpriv unshare
prog=$NFLB_ROOT/selftests/progs/nl_fuzz
[ -x "$prog" ] || skip "$prog not built (make testprogs)"

cleanup() {
	nflb_unload 2>/dev/null
}
trap cleanup EXIT

total_msgs=0
total_rejected=0
total_secs=0

# fuzz NAME COMMAND...: run one nl_fuzz; its summary line counts.
fuzz() {
	local name=$1 out rc line n rej secs
	shift
	out=$("$@" 2>&1)
	rc=$?
	echo "$name:"
	echo "$out"
	line=$(grep '^nl_fuzz: ' <<<"$out" | tail -n1)
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		fail "$name: exit status $rc"
		return
	fi
	ok "$name: no rejection without an extack message"
	n=$(sed -n 's/^nl_fuzz: [^:]*: \([0-9]*\) messages.*/\1/p' <<<"$line")
	rej=$(sed -n 's/.* \([0-9]*\) rejected.*/\1/p' <<<"$line")
	secs=$(sed -n 's/.* \([0-9]*\)\.[0-9] s .*/\1/p' <<<"$line")
	total_msgs=$((total_msgs + ${n:-0}))
	total_rejected=$((total_rejected + ${rej:-0}))
	total_secs=$((total_secs + ${secs:-0}))
}

as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)

nflb_unload
check "insmod" nflb_load

# The check can fail: without its exceptions, the genl core's own
# refusals (no CAP_NET_ADMIN, unknown commands) are violations.
out=$("${as_nobody[@]}" "$prog" -s 3 -n 50 -U -E 2>&1)
check_match "the missing-message check fires on the core's refusals" \
	'^nl_fuzz: .* [1-9][0-9]* violations' "$out"

if [ -z "${NFLB_FUZZ_COUNT:-}" ]; then
	# The short slice: 19 000 messages on the stock kernels (3 s on 6.1),
	# a tenth on the debug kernel (300-900 messages/s there, depending
	# on what else the machine runs; most of the test's time there is
	# insmod, rmmod and starting processes in namespaces).
	div=1
	[ "$NFLB_TIME_SCALE" = 1 ] || div=10
	fuzz "root, init_net" "$prog" -s 1 -n $((10000 / div))
	fuzz "uid 65534, own user+net namespace" \
		"${as_nobody[@]}" unshare -Urn "$prog" -s 2 -n $((7000 / div))
	fuzz "uid 65534, init_net (unprivileged)" \
		"${as_nobody[@]}" "$prog" -s 3 -n $((2000 / div)) -U
else
	chunk=${NFLB_FUZZ_CHUNK:-100000}
	seed=1000
	left=$NFLB_FUZZ_COUNT
	while [ "$left" -gt 0 ]; do
		n=$((left < chunk ? left : chunk))
		seed=$((seed + 1))
		case $((seed % 3)) in
		0) fuzz "root, init_net, seed $seed" \
			"$prog" -s "$seed" -n "$n" -P 100 ;;
		1) fuzz "uid 65534, own user+net namespace, seed $seed" \
			"${as_nobody[@]}" unshare -Urn "$prog" -s "$seed" -n "$n" -P 100 ;;
		*) fuzz "uid 65534, init_net (unprivileged), seed $seed" \
			"${as_nobody[@]}" "$prog" -s "$seed" -n "$n" -U ;;
		esac
		left=$((left - n))
	done
	check_eq "at least $NFLB_FUZZ_COUNT messages sent" 1 \
		"$((total_msgs >= NFLB_FUZZ_COUNT))"
fi
echo "total: $total_msgs messages, $total_rejected rejected, ${total_secs}s in nl_fuzz"

kml=/sys/kernel/debug/kmemleak
if [ -n "${NFLB_FUZZ_COUNT:-}" ] && [ -w "$kml" ]; then
	# Two scans: kmemleak reports an object only once it has looked
	# unreferenced for a whole scan period.
	echo scan >"$kml"
	nap 6
	echo scan >"$kml"
	leaks=$(cat "$kml")
	echo "kmemleak: $(grep -c '^unreferenced object' <<<"$leaks") objects reported"
	if grep -q 'nflb' <<<"$leaks"; then
		fail "kmemleak reports leaks that involve nflb"
		head -n 60 <<<"$leaks"
	else
		ok "kmemleak: no leak that involves nflb"
	fi
fi
# after the scan: a leak's backtrace names nflb's functions only while it
# is loaded
check "rmmod" rmmod nflb
exit $nflb_ret
