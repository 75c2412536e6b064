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
json_libs=$(pkg-config --libs json-c 2>/dev/null)
[ -n "$json_libs" ] || fail "json-c is not installed: the JSON readers are not fuzzed"

# Built by make (fuzz-build: the harnesses and the code they drive).
if make -s -C "$NFLB_ROOT" fuzz-build FUZZ_DIR="$work" >"$work/cc.log" 2>&1; then
	ok "build the fuzzers (make fuzz-build)"
else
	fail "build the fuzzers (make fuzz-build)"
	cat "$work/cc.log"
fi

# fuzz NAME WHAT MAX_LEN: run fuzz_NAME from selftests/data/fuzz-NAME.
fuzz() {
	local name=$1 what=$2 max_len=$3
	[ -x "$work/fuzz_$name" ] || return
	mkdir -p "$work/corpus-$name"
	cp "selftests/data/fuzz-$name"/* "$work/corpus-$name/"
	if "$work/fuzz_$name" -runs="$runs" -max_len="$max_len" -seed=1 \
		"$work/corpus-$name" >"$work/fuzz-$name.log" 2>&1; then
		ok "$what: $runs inputs without a crash"
	else
		fail "$what fuzzer found a crash"
		tail -n 40 "$work/fuzz-$name.log"
	fi
}

fuzz ipvsadm "ipvsadm parser" 512
# The kernel's ClientHello parser, built in userspace as it is.
fuzz sni "ClientHello parser" 4096
fuzz state "apply state reader" 2048
fuzz healthd "nflb-healthd config reader" 4096

# The netlink fuzzer's generator (selftests/progs/nl_fuzz.c) under ASan and
# UBSan, without a kernel (-D): every mutation of 200 000 messages, for
# the seeds the guests use, before a guest boots to send them.
if [ -x "$work/nl_fuzz" ]; then
	for seed in 1 2 1001 1002 1003; do
		if "$work/nl_fuzz" -D -s "$seed" -n 200000 -P 40 </dev/null \
			>"$work/nl_fuzz.log" 2>&1; then
			ok "nl_fuzz -D -s $seed: 200000 messages built"
		else
			fail "nl_fuzz -D -s $seed crashed"
			tail -n 40 "$work/nl_fuzz.log"
		fi
	done
fi
exit $nflb_ret
