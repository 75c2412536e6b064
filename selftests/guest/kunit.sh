#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nflb-kernels: debug
#
# nflb's KUnit suites (kmod/*_kunit.c) are built into nflb.ko when the
# kernel has KUnit, and run when it loads.  Read their KTAP results from
# debugfs and report every case (and every parameter of a table-driven case)
# as a result of its own: "@@kunit PASS|FAIL|SKIP suite.case".
#
#   (no topology: the suites run in the kernel)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
kdir=/sys/kernel/debug/kunit
[ -d "$kdir" ] || skip "the kernel has no KUnit (CONFIG_KUNIT_DEBUGFS)"

cleanup() { nflb_unload 2>/dev/null; }
trap cleanup EXIT

nflb_unload
check "insmod runs the suites" nflb_load
suites=0
for dir in "$kdir"/nflb_*; do
	[ -f "$dir/results" ] || continue
	suite=$(basename "$dir")
	suites=$((suites + 1))
	cat "$dir/results"
	# Case lines are indented one level, parameter lines two.
	awk -v suite="$suite" '
	/^ *(not )?ok [0-9]+ / {
		line = $0
		indent = match(line, /[^ ]/) - 1
		if (indent == 0)
			next
		status = line ~ /^ *ok / ? "PASS" : "FAIL"
		sub(/^ *(not )?ok [0-9]+ /, "", line)
		if (line ~ /# SKIP/) {
			status = "SKIP"
		}
		sub(/ *#.*$/, "", line)
		gsub(/ /, "_", line)
		print "@@kunit " status " kunit/" suite "." line
		if (status == "FAIL")
			failed = 1
	}
	END { exit failed }' "$dir/results" || fail "suite $suite has failures"
done
check "found nflb's suites" test "$suites" -gt 0
exit $nflb_ret
