#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-suite.sh LOGDIR TEST...: run inside one guest boot.  Runs each
# selftests/guest/TEST.sh with a time limit, keeps its output in
# LOGDIR/TEST.log and prints one result line per test for run.sh:
#
#   @@result PASS|FAIL|SKIP NAME [reason]
#
# Then, when the kernel has kmemleak, a last "kmemleak" result.
set -u

here=$(cd "$(dirname "$0")" && pwd)
logdir=$1
shift
mkdir -p "$logdir"
per_test_timeout=${NFLB_TEST_TIMEOUT:-300}

# Leaks from boot are not ours: forget them before the tests.  The scans
# at the end are ours; kmemleak's own every ten minutes would only take
# the emulated CPU from the tests (a scan of the whole memory under KASAN).
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo clear >/sys/kernel/debug/kmemleak
	echo scan=off >/sys/kernel/debug/kmemleak
fi

for t in "$@"; do
	log=$logdir/$t.log
	echo "@@start $t"
	t0=$SECONDS
	# a test may ask for more: "# nflb-timeout: SECONDS" in its header
	limit=$(sed -n 's/^# nflb-timeout: *\([0-9][0-9]*\).*/\1/p' "$here/guest/$t.sh" | head -n1)
	[ "${limit:-0}" -gt "$per_test_timeout" ] || limit=$per_test_timeout
	NFLB_STEP_LOG=$logdir/$t.steps \
		timeout -k 10 "$limit" bash "$here/guest/$t.sh" >"$log" 2>&1
	rc=$?
	case $rc in
	0) echo "@@result PASS $t" ;;
	4) echo "@@result SKIP $t $(sed -n 's/^SKIP: //p' "$log" | tail -n1)" ;;
	124) echo "@@result FAIL $t timed out after ${limit}s" ;;
	*) echo "@@result FAIL $t exit status $rc" ;;
	esac
	echo "@@time $t $((SECONDS - t0))"
	# KUnit results a test found (guest/kunit.sh), one result each.
	sed -n 's/^@@kunit /@@result /p' "$log"
	# A test that fails half-way must not leave the module to the next.
	if [ -d /sys/module/nflb ]; then
		rmmod nflb_kunit 2>/dev/null
		rmmod nflb 2>/dev/null
	fi
done

kml=/sys/kernel/debug/kmemleak
if [ -w "$kml" ]; then
	echo "@@start kmemleak"
	# Two scans: kmemleak reports an object only once it has looked
	# unreferenced for a whole scan period.
	echo scan >"$kml"
	sleep 6
	echo scan >"$kml"
	cat "$kml" >"$logdir/kmemleak.log"
	if [ -s "$logdir/kmemleak.log" ]; then
		echo "@@result FAIL kmemleak $(grep -c '^unreferenced object' "$logdir/kmemleak.log") leaked objects"
	else
		echo "@@result PASS kmemleak"
	fi
fi
