#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# healthd_config.sh: nflb-healthd's configuration reader passes its unit
# test on the host (tools/healthd/test_config.c: config.c and
# tools/common/jsonread.c with json-c only; no kernel, no libnl, no
# libcurl), built by make (unit-build) without a single compiler warning
# (also as strict C11) and run once more under AddressSanitizer and UBSan
# when the compiler has them; then `nflb-healthd --check-config`
# accepts a good file silently and refuses bad ones with one line naming
# the file, the JSON path and the reason, exit status 1.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd cc
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
cd "$NFLB_ROOT" || exit 1

HEALTHD=${HEALTHD:-$NFLB_ROOT/tools/healthd/nflb-healthd}
json_libs=$(pkg-config --libs json-c 2>/dev/null)
[ -n "$json_libs" ] || skip "json-c is not installed (pkg-config json-c)"

# Built by make (unit-build, -Werror), plainly, as C11, with sanitizers.
variants=(plain c11)
have_sanitizers "$work" && variants+=(san)
for v in "${variants[@]}"; do
	if make -s -C "$NFLB_ROOT" unit-build UNIT_VARIANT="$v" \
		UNIT_DIR="$work/$v" >"$work/cc-$v.log" 2>&1; then
		ok "config ($v): builds without a warning"
		name=config
		[ "$v" = plain ] || name+=" $v"
		ASAN_OPTIONS=detect_leaks=1 check_tap "$name" 70 "$work/$v/test_config"
	else
		fail "config ($v): builds without a warning"
		cat "$work/cc-$v.log"
	fi
done

# The daemon's own --check-config: one line, file + path + reason, exit 1.
if [ -x "$HEALTHD" ]; then
	cat >"$work/good.json" <<'JSON'
{ "services": [
  { "protocol": "tcp", "address": "192.0.2.1", "port": 80, "scheduler": "rr",
    "check": { "type": "http", "path": "/", "interval": 1 },
    "real_servers": [ { "address": "198.51.100.1", "weight": 2 } ] } ] }
JSON
	out=$("$HEALTHD" --check-config -c "$work/good.json" 2>&1)
	check_eq "--check-config: a good file: exit 0, silent" "0 " "$? $out"
	sed 's/"interval": 1/"interval": 0/' "$work/good.json" >"$work/bad.json"
	out=$("$HEALTHD" --check-config -c "$work/bad.json" 2>&1)
	check_eq "--check-config: file, JSON path and reason in one line, exit 1" \
		"1 nflb-healthd: $work/bad.json: services[0].check.interval: must be 0.1..3600 (seconds)" \
		"$? $out"
	printf '{ "services": [\n  { "protocol": "tcp", }\n] }\n' >"$work/syntax.json"
	out=$("$HEALTHD" --check-config -c "$work/syntax.json" 2>&1)
	check_eq "--check-config: a syntax error names line and column" \
		"1 nflb-healthd: $work/syntax.json: line 2, column 24: JSON syntax error: unexpected character" \
		"$? $out"
	out=$("$HEALTHD" --check-config -c "$work/none.json" 2>&1)
	check_eq "--check-config: a missing file" \
		"1 nflb-healthd: $work/none.json: No such file or directory" "$? $out"
	out=$("$HEALTHD" --bogus 2>&1)
	check_eq "an unknown option: usage, exit 2" 2 "$?"
	check_match "an unknown option: says which" "unrecognized option" "$out"
else
	echo "# $HEALTHD not built: --check-config's messages skipped"
fi
exit $nflb_ret
