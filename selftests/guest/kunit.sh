#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nflb-kernels: debug
#
# nflb's KUnit suites (kmod/*_kunit.c) are a module of their own,
# nflb_kunit.ko, built when the kernel has KUnit; they run when it loads
# (after nflb.ko, whose internals they test).  Read their KTAP results from
# debugfs and report every case (and every parameter of a table-driven case)
# as a result of its own: "@@kunit PASS|FAIL|SKIP suite.case".
#
#   (no topology: the suites run in the kernel)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
kdir=/sys/kernel/debug/kunit
[ -d "$kdir" ] || skip "the kernel has no KUnit (CONFIG_KUNIT_DEBUGFS)"

kunit_ko=$(dirname "$NFLB_KO")/nflb_kunit.ko
[ -f "$kunit_ko" ] || skip "$kunit_ko not built (the kernel has no KUnit)"

cleanup() {
	rmmod nflb_kunit 2>/dev/null
	nflb_unload 2>/dev/null
}
trap cleanup EXIT

nflb_unload
check "insmod nflb" nflb_load
dmesg -C
check "insmod nflb_kunit runs the suites" insmod "$kunit_ko"
check "rmmod nflb_kunit" rmmod nflb_kunit
# The kernel log has every result; 6.1's debugfs keeps only the last
# parameter of a table-driven case.
dmesg | sed -E 's/^\[ *[0-9.]+\] //' >ktap.log
cat ktap.log
# "# Subtest: SUITE" opens a suite; its case lines are indented once,
# the parameter lines of a table-driven case twice, before the case line.
awk '
/^    # Subtest: / { suite = $3; next }
/^ *(not )?ok [0-9]+ / {
	line = $0
	indent = match(line, /[^ ]/) - 1
	if (indent == 0 || suite !~ /^nflb_/)
		next
	status = line ~ /^ *ok / ? "PASS" : "FAIL"
	sub(/^ *(not )?ok [0-9]+ (- )?/, "", line)
	if (line ~ /# SKIP/)
		status = "SKIP"
	sub(/ *#.*$/, "", line)
	gsub(/ /, "_", line)
	if (status == "FAIL")
		failed = 1
	if (indent >= 8) {
		params[++n] = status " " line
		next
	}
	for (i = 1; i <= n; i++) {
		split(params[i], p, " ")
		print "@@kunit " p[1] " kunit/" suite "." line "/" p[2]
	}
	n = 0
	print "@@kunit " status " kunit/" suite "." line
	cases++
}
END {
	if (!cases)
		print "[FAIL] no nflb KUnit results in the kernel log"
	exit failed || !cases
}' ktap.log || fail "KUnit suites have failures or no results"
rm -f ktap.log
exit $nflb_ret
