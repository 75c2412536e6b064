#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh RELEASE OUTDIR: build nflb.ko for the Debian kernel RELEASE with
# W=1 from a copy of the source in OUTDIR (so several kernels can be built
# side by side), then run sparse over it (C=2).  Any compiler or sparse
# warning fails the test.  OUTDIR/kmod/nflb.ko is what the guest tests load.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
rel=$1
out=$2
kdir=${KDIR:-/lib/modules/$rel/build}
[ -d "$kdir" ] || skip "no kernel build tree at $kdir (install linux-headers-$rel)"

rm -rf "$out"
nflb_copy_sources "$out" || { fail "copy the sources"; exit 1; }

# Show warnings only: what kbuild prints on success is noise here.
warnings() { grep -E 'warning:|error:' "$1"; }

if make -j"$(nproc)" -C "$kdir" M="$out" W=1 modules >"$out/build.log" 2>&1; then
	ok "W=1 build for $rel"
else
	fail "W=1 build for $rel"
	tail -n 30 "$out/build.log"
fi
if warnings "$out/build.log"; then
	fail "W=1 build has warnings"
else
	ok "W=1 build has no warnings"
fi
check "nflb.ko built" test -f "$out/kmod/nflb.ko"

if ! command -v sparse >/dev/null; then
	fail "sparse is not installed (scripts/install-deps.sh)"
elif make -j"$(nproc)" -C "$kdir" M="$out" C=2 modules >"$out/sparse.log" 2>&1; then
	if warnings "$out/sparse.log"; then
		fail "sparse (C=2) has warnings"
	else
		ok "sparse (C=2) is clean"
	fi
else
	fail "sparse run for $rel"
	tail -n 30 "$out/sparse.log"
fi
exit $nflb_ret
