#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guest.sh SCRIPT [KERNEL]: build nflb and the test programs for a
# stock Debian kernel (6.1 by default), boot it under QEMU and run
# selftests/bench/SCRIPT.sh inside; its output is printed and kept in
# build/bench/SCRIPT-KERNEL.log.  Benchmarks print ratios measured in one
# guest run: absolute TCG timings mean nothing.  NFLB_BENCH_* variables are
# passed to the guest; NFLB_BENCH_TIMEOUT (1800) bounds the guest run.
# BENCH_ICOUNT=1 boots the guest with one CPU under QEMU's icount
# (run-vm.sh -I), where the guest clock counts instructions.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# shellcheck source=selftests/vm/kernels.sh
source selftests/vm/kernels.sh
# shellcheck source=selftests/lib.sh
source selftests/lib.sh

script=${1:?usage: run-guest.sh SCRIPT [KERNEL]}
k=${2:-6.1}
[ -f "selftests/bench/$script.sh" ] || { echo "run-guest.sh: no selftests/bench/$script.sh" >&2; exit 1; }
rel=$(nflb_kernel_release "$k") || {
	echo "run-guest.sh: no Debian kernel $k unpacked in $nflb_kernel_cache (scripts/install-deps.sh)" >&2
	exit 1
}
out=$root/build/bench
mod=$out/mod-$rel
mkdir -p "$out"
rm -rf "$mod"
nflb_copy_sources "$mod"
make -s -C "$(nflb_kernel_build "$rel")" M="$mod" modules >"$out/build-$rel.log" 2>&1 ||
	{ cat "$out/build-$rel.log"; exit 1; }
make -s userspace testprogs
mapfile -t pass < <(env | grep '^NFLB_BENCH_' || true)
vmopts=()
[ "${BENCH_ICOUNT:-0}" = 1 ] && vmopts=(-I)
selftests/vm/run-vm.sh "${vmopts[@]}" -t "${NFLB_BENCH_TIMEOUT:-1800}" -o "$out/vm-$script-$k" "$rel" -- \
	env NFLB_KO="$mod/kmod/nflb.ko" NFLB_ROOT="$root" "${pass[@]}" \
	bash "selftests/bench/$script.sh" |
	tee "$out/$script-$k.log"
exit "${PIPESTATUS[0]}"
