#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# nflbadm talks to the module through libnflb: info and --version report the
# module's version; the kernel enforces CAP_NET_ADMIN over the namespace's
# user namespace (GENL_UNS_ADMIN_PERM); bad usage gets a one-line error.
#
#   init_net (root, and uid 65534)     user+net namespace of "unshare -Urn"

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd setpriv unshare

cleanup() { nflb_unload 2>/dev/null; }
trap cleanup EXIT

version=$(nflb_ko_version)
nflb_unload
check "insmod" nflb_load

out=$("$NFLBADM" info 2>&1)
check_match "info shows the module version" "^module version: $version$" "$out"
check_match "info shows the netlink family" "^netlink family: nflb version 1$" "$out"
out=$("$NFLBADM" --version 2>&1)
check_match "--version shows the tools' version" "^nflbadm $version$" "$out"
check_match "--version shows the module's version" "^nflb module $version$" "$out"

out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$NFLBADM" info 2>&1)
rc=$?
check_eq "unprivileged info exits 1" 1 "$rc"
check_match "unprivileged info says why" "^nflbadm: info: permission denied" "$out"

out=$(unshare -Urn "$NFLBADM" info 2>&1)
check_match "admin of its own user+net namespace may query" \
	"^module version: $version$" "$out"

out=$("$NFLBADM" frobnicate 2>&1)
rc=$?
check_eq "unknown command exits 2" 2 "$rc"
check_eq "unknown command is a one-line error" \
	"nflbadm: unknown command 'frobnicate' (try: nflbadm --help)" "$out"
out=$("$NFLBADM" info extra 2>&1)
check_eq "stray argument is refused" "nflbadm: info: unexpected argument 'extra'" "$out"
exit $nflb_ret
