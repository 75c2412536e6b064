#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nflb-boot: systemd
#
# The guest booted with systemd as PID 1 (run-vm.sh -S), as the packages'
# test needs it: the boot finished with no failed unit, this test runs
# from our unit, only our target was started (none of the build machine's
# services), and systemctl starts a oneshot and reports a failed reload.
# Installs nothing.  Runs only when asked for (T=systemd_boot): a boot
# of its own per kernel.
#
#   (no topology: one host, init_net only)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd systemctl systemd-run

check_eq "PID 1 is systemd" systemd "$(cat /proc/1/comm)"
check_eq "the boot finished, no unit failed" running \
	"$(timeout 120 systemctl is-system-running --wait 2>&1)"
check_match "this test runs from nflb-guest.service" \
	'/system\.slice/nflb-guest\.service$' "$(cat /proc/self/cgroup)"
check_eq "nflb-guest.target is the boot's target" active \
	"$(systemctl is-active nflb-guest.target)"
check_eq "multi-user.target was not started" inactive \
	"$(systemctl is-active multi-user.target)"
check_eq "journald runs" active "$(systemctl is-active systemd-journald)"
for unit in nginx.service haproxy.service postgresql.service; do
	[ -e "/lib/systemd/system/$unit" ] || continue
	check_eq "the machine's $unit is masked (in /run)" masked-runtime \
		"$(systemctl is-enabled "$unit" 2>&1)"
	check_fails "the machine's $unit does not run" systemctl -q is-active "$unit"
done
check_fails "no nginx process" pgrep -x nginx

# A unit of ours as a package would bring one, loaded on first use.
unit=/run/systemd/system/nflb-probe.service
flag=/run/nflb-probe.ok
cat >"$unit" <<EOF
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
ExecReload=/bin/sh -c 'test -e $flag'
EOF
touch "$flag"
check "systemctl start of a oneshot" systemctl start nflb-probe.service
check_eq "it is active" active "$(systemctl is-active nflb-probe.service)"
check "systemctl reload succeeds when ExecReload does" systemctl reload nflb-probe.service
rm -f "$flag"
check_fails "systemctl reload fails when ExecReload fails" \
	systemctl reload nflb-probe.service
check_eq "a failed reload leaves the unit active" active \
	"$(systemctl is-active nflb-probe.service)"
check "systemctl stop" systemctl stop nflb-probe.service
rm -f "$unit"
check_match "the journal has the unit's reload failure" \
	'nflb-probe.service: Control process exited' \
	"$(journalctl -b -u nflb-probe.service --no-pager 2>&1)"
exit $nflb_ret
