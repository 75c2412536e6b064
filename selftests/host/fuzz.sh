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
json_cflags=$(pkg-config --cflags json-c 2>/dev/null)
json_libs=$(pkg-config --libs json-c 2>/dev/null)

# fuzz NAME WHAT MAX_LEN SOURCES... [-- FLAGS/LIBS...]: build the harness
# and the code it drives (SOURCES, the harness first) and run it from
# selftests/data/fuzz-NAME.
fuzz() {
	local name=$1 what=$2 max_len=$3 srcs=() libs=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do srcs+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	libs=("$@")
	# shellcheck disable=SC2086
	if clang -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -Iinclude/uapi -Ilib $json_cflags \
		"${srcs[@]}" "${libs[@]}" \
		-o "$work/fuzz_$name" >"$work/cc-$name.log" 2>&1; then
		ok "build the $what fuzzer"
	else
		fail "build the $what fuzzer"
		cat "$work/cc-$name.log"
		return
	fi
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

fuzz ipvsadm "ipvsadm parser" 512 tools/nflbadm/fuzz_ipvsadm.c \
	tools/nflbadm/ipvsadm.c tools/nflbadm/ipvsadm_state.c tools/nflbadm/ipvsadm_sni.c tools/nflbadm/format.c
# The kernel's ClientHello parser, built in userspace as it is.
fuzz sni "ClientHello parser" 4096 tools/fuzz/fuzz_sni.c kmod/sni.c \
	-- -include tools/fuzz/sni_user.h
if [ -n "$json_libs" ]; then
	# shellcheck disable=SC2086
	fuzz state "apply state reader" 2048 tools/nflbadm/fuzz_state.c \
		tools/nflbadm/state.c tools/common/jsonread.c tools/nflbadm/format.c \
		-- $json_libs
	# shellcheck disable=SC2086
	fuzz healthd "nflb-healthd config reader" 4096 \
		tools/healthd/fuzz_config.c tools/healthd/config.c \
		tools/common/jsonread.c -- $json_libs
else
	fail "json-c is not installed: the JSON readers are not fuzzed"
fi

# The netlink fuzzer's generator (selftests/progs/nl_fuzz.c) under ASan and
# UBSan, without a kernel (-D): every mutation of 200 000 messages, for
# the seeds the guests use, before a guest boots to send them.
if clang -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-Iinclude/uapi selftests/progs/nl_fuzz.c -o "$work/nl_fuzz" \
	>"$work/cc-nl_fuzz.log" 2>&1; then
	ok "build nl_fuzz with ASan and UBSan"
	for seed in 1 2 1001 1002 1003; do
		if "$work/nl_fuzz" -D -s "$seed" -n 200000 -P 40 </dev/null \
			>"$work/nl_fuzz.log" 2>&1; then
			ok "nl_fuzz -D -s $seed: 200000 messages built"
		else
			fail "nl_fuzz -D -s $seed crashed"
			tail -n 40 "$work/nl_fuzz.log"
		fi
	done
else
	fail "build nl_fuzz with ASan and UBSan"
	cat "$work/cc-nl_fuzz.log"
fi
exit $nflb_ret
