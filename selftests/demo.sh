#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: what `make demo` runs.  Builds nflb for a stock Debian kernel
# (KERNEL=6.12 by default), boots it under QEMU and shows the module at work.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=selftests/vm/kernels.sh
source selftests/vm/kernels.sh
# shellcheck source=selftests/lib.sh
source selftests/lib.sh

k=${KERNEL:-6.12}
rel=$(nflb_kernel_release "$k") || {
	echo "demo: no Debian kernel $k unpacked in $nflb_kernel_cache (scripts/install-deps.sh)" >&2
	exit 1
}
out=$root/build/demo
mod=$out/mod-$rel
rm -rf "$mod"
echo "== building nflb.ko for $rel and the tools"
nflb_copy_sources "$mod"
make -s -C "$(nflb_kernel_build "$rel")" M="$mod" modules >"$out.build.log" 2>&1 ||
	{ cat "$out.build.log"; exit 1; }
make -s userspace testprogs

echo "== booting $rel under QEMU (TCG); this takes a few seconds"
exec selftests/vm/run-vm.sh -t 600 -o "$out/vm" "$rel" -- \
	env NFLB_KO="$mod/kmod/nflb.ko" bash selftests/demo-guest.sh
