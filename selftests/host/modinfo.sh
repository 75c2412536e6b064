#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modinfo.sh KO: the module declares what distributions and modprobe need.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
ko=$1
ver=$(cat "$NFLB_ROOT/VERSION")

check_eq "license" "GPL" "$(modinfo -F license "$ko")"
check_eq "version matches the VERSION file" "$ver" "$(modinfo -F version "$ko")"
check_match "description" "^.{10,}$" "$(modinfo -F description "$ko")"
check_match "author" "^.{3,}$" "$(modinfo -F author "$ko")"
check_match "genl family alias for autoload" \
	"^net-pf-16-proto-16-family-nflb$" "$(modinfo -F alias "$ko")"
exit $nflb_ret
