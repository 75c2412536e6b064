#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload nflb.ko repeatedly: it registers, reports its version in
# sysfs and the log, and leaves nothing behind.
#
#   (no topology: one host, init_net only)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"

cleanup() { nflb_unload 2>/dev/null; }
trap cleanup EXIT

nflb_loaded && rmmod nflb
version=$(nflb_ko_version)
check "modinfo declares a version" test -n "$version"

for round in 1 2 3; do
	dmesg -C
	check "round $round: insmod succeeds" nflb_load
	check "round $round: /sys/module/nflb exists" nflb_loaded
	check_eq "round $round: sysfs version" "$version" \
		"$(cat /sys/module/nflb/version 2>/dev/null)"
	check_match "round $round: load announced in the log" \
		"nflb: nflb $version loaded" "$(dmesg)"
	check "round $round: rmmod succeeds" rmmod nflb
	check_fails "round $round: module gone after rmmod" nflb_loaded
done

check_eq "refcount after load is 0" 0 "$(nflb_load && cat /sys/module/nflb/refcnt)"
exit $nflb_ret
