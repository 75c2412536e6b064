#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every shell script of the project is shellcheck-clean.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd shellcheck
cd "$NFLB_ROOT" || exit 1

mapfile -t scripts < <(find . -path ./build -prune -o -name '*.sh' -print | sort; echo .ci/run)
for s in "${scripts[@]}"; do
	check "shellcheck $s" shellcheck -x -P SCRIPTDIR "$s"
done
exit $nflb_ret
