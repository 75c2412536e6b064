#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink family "nflb" is registered while the module is loaded,
# with its version and its operations, as iproute2's genl shows them.
#
#   (no topology: one host, init_net only)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd genl

cleanup() { nflb_unload 2>/dev/null; }
trap cleanup EXIT

nflb_unload
check "insmod" nflb_load
out=$(genl ctrl get name nflb 2>&1)
check_match "family is named nflb" '^Name: nflb$' "$out"
check_match "family version 1" 'Version: 0x1[^0-9a-f]' "$out"
check_match "GET_INFO (cmd 1) is an operation" '#1: +ID-0x1' "$out"

check_match "family listed by genl ctrl list" '^Name: nflb$' \
	"$(genl ctrl list 2>&1)"

check "rmmod" rmmod nflb
check_fails "family gone from genl ctrl list after rmmod" \
	grep -q '^Name: nflb$' <<<"$(genl ctrl list 2>&1)"
exit $nflb_ret
