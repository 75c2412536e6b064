#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The parsers of untrusted input run under libFuzzer with ASan and UBSan
# for a bounded number of inputs, starting from the seed corpus in
# selftests/data/fuzz-*.  Any crash, leak or sanitizer report fails.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd clang
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$NFLB_ROOT" || exit 1

runs=${NFLB_FUZZ_RUNS:-300000}
if clang -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Iinclude/uapi -Ilib \
	tools/nflbadm/fuzz_ipvsadm.c tools/nflbadm/ipvsadm.c \
	tools/nflbadm/format.c -o "$work/fuzz_ipvsadm" >"$work/cc.log" 2>&1; then
	ok "build the ipvsadm parser fuzzer"
else
	fail "build the ipvsadm parser fuzzer"
	cat "$work/cc.log"
	exit 1
fi
mkdir -p "$work/corpus"
cp selftests/data/fuzz-ipvsadm/* "$work/corpus/"
if "$work/fuzz_ipvsadm" -runs="$runs" -max_len=512 -seed=1 \
	"$work/corpus" >"$work/fuzz.log" 2>&1; then
	ok "ipvsadm parser: $runs inputs without a crash"
else
	fail "ipvsadm parser fuzzer found a crash"
	tail -n 40 "$work/fuzz.log"
fi
exit $nflb_ret
