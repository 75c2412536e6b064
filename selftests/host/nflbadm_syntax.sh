#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm_syntax.sh: nflbadm's parsers and printers pass their unit tests
# on the host: no kernel, no libnl.
#  - the ipvsadm half -- the parser of ipvsadm's command line and the
#    printers of its save and listing formats (tools/nflbadm/test_ipvsadm.c):
#    links ipvsadm.o and format.o alone (no -l at all);
#  - the desired-state reader of `nflbadm apply` and the change, event and
#    connection printers (tools/nflbadm/test_state.c): links state.o,
#    jsonread.o and format.o with json-c only.
#  - the SNI grammar and printers (tools/nflbadm/test_sni.c): links
#    ipvsadm.o and format.o alone.
# All link tools/common/tap.o, the TAP output.
# Each builds without a single compiler warning (also as strict C11), and
# runs once more under AddressSanitizer and UBSan when the compiler has them.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd cc
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
cd "$NFLB_ROOT" || exit 1

fixture=selftests/data/ipvsadm-save.txt
# What each test is built from, and links with.
declare -A test_srcs=(
	[test_ipvsadm]="tools/nflbadm/ipvsadm.c tools/nflbadm/ipvsadm_state.c tools/nflbadm/ipvsadm_sni.c tools/nflbadm/format.c tools/nflbadm/test_ipvsadm.c tools/common/tap.c"
	[test_state]="tools/nflbadm/state.c tools/common/jsonread.c tools/nflbadm/format.c tools/nflbadm/test_state.c tools/common/tap.c"
	[test_sni]="tools/nflbadm/ipvsadm.c tools/nflbadm/ipvsadm_state.c tools/nflbadm/ipvsadm_sni.c tools/nflbadm/format.c tools/nflbadm/test_sni.c tools/common/tap.c"
)
json_cflags=$(pkg-config --cflags json-c 2>/dev/null)
json_libs=$(pkg-config --libs json-c 2>/dev/null)
[ -n "$json_libs" ] || skip "json-c is not installed (pkg-config json-c)"
declare -A test_libs=([test_ipvsadm]="" [test_state]="$json_libs" [test_sni]="")
prog=test_ipvsadm

# build DIR EXTRA_CFLAGS...: compile $prog's sources to DIR/*.o, link
# DIR/test; the compiler's output goes to DIR/cc.log.
build() {
	local dir=$1 src objs=() libs
	shift
	mkdir -p "$dir"
	for src in ${test_srcs[$prog]}; do
		# shellcheck disable=SC2086
		cc "${unit_cflags[@]}" $json_cflags "$@" -c \
			-o "$dir/$(basename "$src" .c).o" "$src" || return 1
		objs+=("$dir/$(basename "$src" .c).o")
	done
	read -ra libs <<<"${test_libs[$prog]}"
	cc "$@" -o "$dir/test" "${objs[@]}" "${libs[@]}"
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

check "fixture $fixture exists" test -s "$fixture"
have_san=0
have_sanitizers "$work" && have_san=1

# test PROG MIN_TESTS: build and run one unit test every way.
run_test() {
	prog=$1
	local min=$2 p=${1#test_}
	if check_build "$p" "$work/$p/plain"; then
		check_tap "$p" "$min" "$work/$p/plain/test" "$fixture"
	fi
	check_build "$p c11" "$work/$p/c11" -std=c11 -pedantic
	if [ "$have_san" = 1 ] &&
		check_build "$p sanitizers" "$work/$p/san" "${san_cflags[@]}"; then
		ASAN_OPTIONS=detect_leaks=1 check_tap "$p sanitizers" "$min" \
			"$work/$p/san/test" "$fixture"
	fi
}

run_test test_ipvsadm 150
run_test test_state 60
run_test test_sni 30

# nflbadm config refuses bad arguments before it needs the module: one
# line each, exit 2.
# config_err DESCRIPTION EXPECTED_LINE ARGS...
config_err() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$("$NFLBADM" config "$@" 2>&1)
	rc=$?
	check_eq "config: $desc: exit 2" 2 "$rc"
	check_eq "config: $desc: message" "$want" "$out"
}
if [ -x "$NFLBADM" ]; then
	usage="(usage: nflbadm config [-j] | nflbadm config KEY VALUE...)"
	config_err "unknown setting" \
		"nflbadm: config: unknown setting 'max-con' (known: max-conns max-services max-dests tcp-timeout tcpfin-timeout udp-timeout sni-peek-bytes sni-timeout-ms sni-max-pending) $usage" \
		max-con 3
	config_err "missing value" "nflbadm: config: 'max-conns' needs a value $usage" \
		max-conns
	config_err "zero" "nflbadm: config: invalid value '0' for max-conns (1-4294967295)" \
		max-conns 0
	config_err "too large" \
		"nflbadm: config: invalid value '4294967296' for max-services (1-4294967295)" \
		max-services 4294967296
	config_err "not a number" "nflbadm: config: invalid value '3k' for max-dests (1-4294967295)" \
		max-dests 3k
	config_err "negative" "nflbadm: config: invalid value '-1' for max-conns (1-4294967295)" \
		max-conns -1
	config_err "timeout above 31 days" \
		"nflbadm: config: invalid value '2678401' for udp-timeout (1-2678400)" \
		udp-timeout 2678401
	config_err "twice" "nflbadm: config: 'max-conns' given twice" \
		max-conns 3 max-dests 4 max-conns 5
	config_err "-j with values" "nflbadm: config: -j only goes with showing the settings $usage" \
		-j max-conns 3
	# every subcommand answers --help (exit 0, its usage first); -j and
	# --help are parsed once, for all of them
	for c in apply monitor info config version; do
		out=$("$NFLBADM" "$c" --help 2>&1)
		check_eq "$c --help: exit 0" 0 "$?"
		check_match "$c --help: its usage" "^Usage: nflbadm \[--netns NAME\] $c" "$out"
	done
	out=$("$NFLBADM" version -j 2>&1)
	check_eq "version -j: refused in one line, exit 2" \
		"2 nflbadm: version: no JSON output (usage: nflbadm version)" "$? $out"
	for a in --netns --netns=; do
		out=$("$NFLBADM" "$a" -Ln 2>&1)
		check_eq "$a without a name: exit 2" 2 "$?"
		check_eq "$a without a name: one line" \
			"nflbadm: --netns needs a namespace name or path" "$out"
	done
else
	echo "# $NFLBADM not built: nflbadm config's argument checks skipped"
fi
exit $nflb_ret
