#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm_syntax.sh: nflbadm's parsers and printers pass their unit tests
# on the host: no kernel, no libnl.
#  - the ipvsadm half -- the parser of ipvsadm's command line and the
#    printers of its save and listing formats (tools/nflbadm/ipvsadm/test_ipvsadm.c):
#    links the ipvsadm parser and format*.o alone (no -l at all);
#  - the desired-state reader of `nflbadm apply` and the change, event and
#    connection printers (tools/nflbadm/test_state.c): links state.o,
#    jsonread.o and format*.o with json-c only.
#  - the SNI grammar and printers (tools/nflbadm/ipvsadm/test_sni.c): links
#    the ipvsadm parser and format*.o alone.
# All link tools/common/tap.o, the TAP output.  make builds them
# (unit-build): without a single compiler warning, also as strict C11, and
# once more under AddressSanitizer and UBSan when the compiler has them.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd cc
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
cd "$NFLB_ROOT" || exit 1

fixture=selftests/data/ipvsadm-save.txt
json_libs=$(pkg-config --libs json-c 2>/dev/null)
[ -n "$json_libs" ] || skip "json-c is not installed (pkg-config json-c)"

check "fixture $fixture exists" test -s "$fixture"
variants=(plain c11)
have_sanitizers "$work" && variants+=(san)
# Built by make (unit-build, -Werror: a warning fails the build), each way.
for v in "${variants[@]}"; do
	if make -s -C "$NFLB_ROOT" unit-build UNIT_VARIANT="$v" \
		UNIT_DIR="$work/$v" >"$work/cc-$v.log" 2>&1; then
		ok "unit tests ($v): build without a warning"
	else
		fail "unit tests ($v): build without a warning"
		cat "$work/cc-$v.log"
	fi
done

# run_test PROG MIN_TESTS: run one unit test, built every way.
run_test() {
	local v name
	for v in "${variants[@]}"; do
		[ -x "$work/$v/$1" ] || continue
		name=${1#test_}
		[ "$v" = plain ] || name+=" $v"
		ASAN_OPTIONS=detect_leaks=1 check_tap "$name" "$2" \
			"$work/$v/$1" "$fixture"
	done
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
