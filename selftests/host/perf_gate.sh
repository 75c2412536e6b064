#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# perf_gate.sh RELEASE KO: make check's performance regression gate.  One
# guest of kernel RELEASE under QEMU icount (run-vm.sh -I: its clock counts
# instructions) runs a short slice of selftests/bench/icount.sh with the
# module KO: plain forwarding, traffic not for a VIP, NAT, DR and a new NAT
# flow per packet, two rounds each; selftests/bench/icount_report.py
# compares each row's throughput relative to plain forwarding in that
# guest with selftests/bench/icount-baseline and fails when one fell more
# than 1 % below it (Documentation/performance.rst, "The regression gate").

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
rel=${1:?usage: perf_gate.sh RELEASE KO}
ko=${2:?usage: perf_gate.sh RELEASE KO}
root=$NFLB_ROOT
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$root/selftests/vm/run-vm.sh" -I -t "${NFLB_GATE_TIMEOUT:-900}" -o "$work/vm" "$rel" -- \
	env NFLB_KO="$ko" NFLB_ROOT="$root" NFLB_BENCH_ROUNDS=2 \
	NFLB_BENCH_ICOUNT_ROWS="fwd other nat dr nat_new" \
	bash "$root/selftests/bench/icount.sh" >"$work/icount.log" 2>&1
rc=$?
grep -v '^BENCH' "$work/icount.log"
check_eq "the icount guest ran the benchmark" 0 "$rc"
check "no kernel splat in the icount guest" "$root/selftests/vm/scan-dmesg.sh" "$work/vm/dmesg"
if [ "$rc" = 0 ]; then
	out=$(python3 "$root/selftests/bench/icount_report.py" \
		--gate "$root/selftests/bench/icount-baseline" "$work/icount.log")
	grc=$?
	echo "$out"
	check_eq "no ratio more than 1 % below selftests/bench/icount-baseline" 0 "$grc"
fi
exit $nflb_ret
