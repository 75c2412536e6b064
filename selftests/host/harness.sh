#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# harness.sh: the guest harness's own checks that need no guest: the dmesg
# scanner flags every kind of splat it promises to, and not a clean log.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
scan=$NFLB_ROOT/selftests/vm/scan-dmesg.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/clean" <<'LOG'
[    1.70] PCI: Using host bridge windows from ACPI; if necessary, use "pci=nocrs" and report a bug
[    8.31] nflb: module verification failed: signature and/or required key missing - tainting kernel
[    8.32] nflb: nflb 0.1.0 loaded
LOG
check "clean log passes" "$scan" "$work/clean"

while IFS= read -r line; do
	{ cat "$work/clean"; echo "$line"; } >"$work/splat"
	check_fails "flags: $line" "$scan" "$work/splat"
done <<'LOG'
[   12.0] WARNING: CPU: 1 PID: 77 at kmod/netlink.c:42 nflb_get_info_doit+0x1/0x2 [nflb]
[   12.0] BUG: KASAN: slab-use-after-free in nflb_conn_put+0x10/0x20 [nflb]
[   12.0] Oops: general protection fault, probably for non-canonical address 0xdead: 0000 [#1] SMP
[   12.0] general protection fault, probably for non-canonical address 0xdead
[   12.0] WARNING: possible circular locking dependency detected
[   12.0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:
[   12.0] BUG: sleeping function called from invalid context at mm/slab.h:1
[   12.0] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [insmod:99]
[   12.0] INFO: task rmmod:123 blocked for more than 120 seconds.
[   12.0] unreferenced object 0xffff888003a1c000 (size 128):
LOG

# busywait retries a command: a "$(...)" among its arguments is expanded
# once, before the first try, so such a wait either passes at once or sits
# out its whole limit (it cost the debug guest minutes).  The condition must
# be a function or an eval with "\$(".
stale=$(cd "$NFLB_ROOT" && grep -nE 'busywait +[^ ]+ +.*[^\\]\$\([^(]' \
	selftests/*.sh selftests/guest/*.sh selftests/bench/*.sh | grep -v ' eval ')
check_eq "no busywait condition is expanded only once" "" "$stale"
exit $nflb_ret
