#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scan-dmesg.sh LOG: print the kernel splats found in LOG (a dmesg dump or a
# console log) and exit 1 if there are any, 0 if it is clean.
set -euo pipefail

pattern='WARNING:|BUG:|Oops|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|rcu.*detected stall|RCU stall|general protection|soft lockup|blocked for more than|Kernel panic|unreferenced object|unregister_netdevice: waiting'

if grep -E -n -- "$pattern" "$1"; then
	exit 1
fi
exit 0
