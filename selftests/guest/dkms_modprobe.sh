#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nflb-kernels: stock
#
# The module DKMS built and installed on the build machine (selftests/host/
# dkms.sh, run before the guest boots) is the one modprobe loads.  DKMS put
# it, and depmod its modules.dep, in this kernel's module tree in the
# kernel cache, which the guest has at /lib/modules/RELEASE.
#
#   (no topology: one host, init_net only)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd modprobe modinfo

rel=$(uname -r)
dkms_ko=$(compgen -G "/lib/modules/$rel/updates/dkms/nflb.ko*" | head -n1)
[ -n "$dkms_ko" ] || skip "no DKMS-built nflb for $rel (the host dkms step did not run)"

cleanup() { modprobe -r nflb 2>/dev/null; }
trap cleanup EXIT

nflb_unload
check_eq "modprobe resolves nflb to the DKMS module" "$dkms_ko" \
	"$(modinfo -n nflb 2>&1)"
check "modprobe nflb" modprobe nflb
check "module loaded" nflb_loaded
check_eq "loaded module is the DKMS build" \
	"$(modinfo -F srcversion "$dkms_ko")" "$(cat /sys/module/nflb/srcversion)"
check_eq "DKMS module reports the source's version" "$(nflb_ko_version)" \
	"$(cat /sys/module/nflb/version)"
check "modprobe -r nflb" modprobe -r nflb
check_fails "module unloaded" nflb_loaded
exit $nflb_ret
