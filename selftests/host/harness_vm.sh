#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# harness_vm.sh RELEASE: the guest harness keeps its promises: the command's
# exit status comes back, its output is streamed, and the hard timeout stops
# a guest that never finishes.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
rel=$1
vm=$NFLB_ROOT/selftests/vm/run-vm.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2016 # expanded in the guest
out=$("$vm" -t 300 -o "$work/a" "$rel" -- sh -c 'echo "in $(uname -r)"; exit 3')
check_eq "guest command's exit status is returned" 3 "$?"
check_eq "guest command's output is streamed" "in $rel" "$out"
check "console log kept" test -s "$work/a/console.log"
check "guest dmesg kept" test -s "$work/a/dmesg"

start=$(date +%s)
"$vm" -t 20 -o "$work/b" "$rel" -- sh -c 'echo started; sleep 3600' >/dev/null 2>&1
rc=$?
took=$(($(date +%s) - start))
check_eq "a guest past its time limit gives status 124" 124 "$rc"
check "the time limit is hard (took ${took}s for a 20s limit)" test "$took" -lt 50
exit $nflb_ret
