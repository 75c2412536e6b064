#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm_syntax.sh: nflbadm's ipvsadm half -- the parser of ipvsadm's
# command line and the printers of its save and listing formats -- passes
# its unit test (tools/nflbadm/test_ipvsadm.c) on the host: no kernel, no
# libnl.  The test links ipvsadm.o and format.o alone (no -l at all),
# builds without a single compiler warning (also as strict C11), and runs
# once more under AddressSanitizer and UBSan when the compiler has them.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd cc
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
cd "$NFLB_ROOT" || exit 1

warn=(-Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wno-unused-parameter -Iinclude/uapi -Ilib)
srcs=(tools/nflbadm/ipvsadm.c tools/nflbadm/format.c tools/nflbadm/test_ipvsadm.c)
fixture=selftests/data/ipvsadm-save.txt

# build DIR EXTRA_CFLAGS...: compile each source to DIR/*.o, link DIR/test;
# the compiler's output goes to DIR/cc.log.
build() {
	local dir=$1 src
	shift
	mkdir -p "$dir"
	for src in "${srcs[@]}"; do
		cc "${warn[@]}" "$@" -c -o "$dir/$(basename "$src" .c).o" "$src" ||
			return 1
	done
	cc "$@" -o "$dir/test" "$dir/ipvsadm.o" "$dir/format.o" \
		"$dir/test_ipvsadm.o"
}

# check_build NAME DIR EXTRA_CFLAGS...: it builds, with no warning.
check_build() {
	local name=$1 dir=$2
	shift 2
	if build "$dir" "$@" >"$work/$name.log" 2>&1; then
		ok "$name: builds"
	else
		fail "$name: builds"
		cat "$work/$name.log"
		return 1
	fi
	if grep -q 'warning:' "$work/$name.log"; then
		fail "$name: compiler warnings"
		cat "$work/$name.log"
	else
		ok "$name: no compiler warnings"
	fi
}

# check_run NAME BINARY: the TAP test passes every test it plans.
check_run() {
	local name=$1 bin=$2 rc tap nok nnotok plan
	"$bin" "$fixture" >"$work/$name.tap" 2>&1
	rc=$?
	tap=$(cat "$work/$name.tap")
	check_eq "$name: exit status" 0 "$rc"
	nok=$(grep -c '^ok ' <<<"$tap")
	nnotok=$(grep -c '^not ok ' <<<"$tap")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$tap")
	check_eq "$name: no test failed" 0 "$nnotok"
	check_eq "$name: every planned test ran and passed" "${plan:-none}" "$nok"
	check "$name: at least 150 tests ($nok)" test "$nok" -ge 150
	if [ "$nnotok" -ne 0 ] || [ "$rc" -ne 0 ]; then
		grep -A12 '^not ok ' <<<"$tap" | grep -E '^(not ok|#)' | head -n 60
		tail -n 5 <<<"$tap"
	fi
}

check "fixture $fixture exists" test -s "$fixture"
if check_build plain "$work/plain"; then
	check_run plain "$work/plain/test"
fi
check_build c11 "$work/c11" -std=c11 -pedantic

san=(-g -O1 "-fsanitize=address,undefined" -fno-sanitize-recover=all)
if echo 'int main(void) { return 0; }' |
	cc "${san[@]}" -x c -o "$work/san-probe" - >/dev/null 2>&1 &&
	"$work/san-probe"; then
	if check_build sanitizers "$work/san" "${san[@]}"; then
		ASAN_OPTIONS=detect_leaks=1 check_run sanitizers "$work/san/test"
	fi
else
	echo "# no AddressSanitizer/UBSan in this compiler: sanitizer run skipped"
fi
exit $nflb_ret
