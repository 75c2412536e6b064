#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh: make bench.  By default (BENCH_ICOUNT=1) each kernel of
# BENCH_KERNELS boots one guest under QEMU icount and runs
# selftests/bench/icount.sh: per-packet and new-flow costs of nflb, IPVS and
# plain forwarding that repeat to a few in 100 000 (build/bench/icount.txt).
#
# BENCH_ICOUNT=0, the wall-clock benchmark: for each kernel of BENCH_KERNELS
# (default "6.1 6.12") build nflb, boot one guest and run selftests/bench/datapath.sh
# in it (nflb against IPVS and plain forwarding, the systems alternating
# within each of BENCH_ROUNDS rounds); then selftests/bench/report.py takes
# the medians and writes build/bench/bench.{txt,json,svg}.  Under QEMU TCG
# absolute figures mean nothing: only ratios measured in one guest count
# (Documentation/performance.rst).
#
#   BENCH_KERNELS="6.1 6.12"  kernels (as make check's KERNELS=)
#   BENCH_ICOUNT=1            0: the wall-clock benchmark below
#   BENCH_ROUNDS=3            rounds; medians are reported
#   BENCH_SECS=3              seconds per sample
#   BENCH_ROWS="conn pps bulk lookup mem control"
#   NFLB_BENCH_*              passed to the guest (datapath.sh's header)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=$root/build/bench
kernels=${BENCH_KERNELS:-6.1 6.12}
export NFLB_BENCH_ROUNDS=${BENCH_ROUNDS:-3}
export NFLB_BENCH_SECS=${BENCH_SECS:-3}
[ -z "${BENCH_ROWS:-}" ] || export NFLB_BENCH_ROWS=$BENCH_ROWS
[ "$NFLB_BENCH_ROUNDS" -ge 1 ] 2>/dev/null ||
	{ echo "bench: BENCH_ROUNDS must be a positive number" >&2; exit 2; }

mkdir -p "$out"
logs=()
rc=0

# The default: per-packet and new-flow cost under QEMU icount, where the
# guest clock counts instructions and figures repeat across runs and
# machines (selftests/bench/icount.sh).
if [ "${BENCH_ICOUNT:-1}" = 1 ]; then
	for k in $kernels; do
		echo "# bench: kernel $k under icount (log: build/bench/icount-$k.log)"
		start=$(date +%s)
		if ! BENCH_ICOUNT=1 selftests/bench/run-guest.sh icount "$k" | grep --line-buffered -v '^BENCH'; then
			echo "bench: kernel $k: the guest run failed (build/bench/vm-icount-$k/console.log)" >&2
			rc=1
		fi
		echo "# bench: kernel $k took $(($(date +%s) - start)) s"
		logs+=("$out/icount-$k.log")
	done
	python3 selftests/bench/icount_report.py "${logs[@]}" | tee "$out/icount.txt" || rc=1
	exit $rc
fi
for k in $kernels; do
	echo "# bench: kernel $k, $NFLB_BENCH_ROUNDS rounds of ${NFLB_BENCH_SECS}s samples (log: build/bench/datapath-$k.log)"
	start=$(date +%s)
	if ! selftests/bench/run-guest.sh datapath "$k" | grep --line-buffered -v '^BENCH'; then
		echo "bench: kernel $k: the guest run failed (build/bench/vm-datapath-$k/console.log)" >&2
		rc=1
	fi
	echo "# bench: kernel $k took $(($(date +%s) - start)) s"
	logs+=("$out/datapath-$k.log")
done
python3 selftests/bench/report.py "$out" "${logs[@]}" || rc=1
exit $rc
