#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel sources pass checkpatch --strict with no error, warning or check.
# checkpatch.pl comes from Debian's linux-source-6.1 tarball (extracted once
# into build/cache).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
tarball=/usr/src/linux-source-6.1.tar.xz
cache=${NFLB_CACHE:-$NFLB_ROOT/build/cache}/checkpatch
[ -f "$tarball" ] || skip "$tarball missing (apt-get install linux-source-6.1)"

if [ ! -x "$cache/scripts/checkpatch.pl" ] || [ "$cache/scripts/checkpatch.pl" -ot "$tarball" ]; then
	rm -rf "$cache"
	mkdir -p "$cache"
	tar -xJf "$tarball" -C "$cache" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch ||
		{ fail "extract checkpatch.pl from $tarball"; exit 1; }
fi

cd "$NFLB_ROOT" || exit 1
for f in $(find kmod include -name '*.[ch]' ! -name '*.mod.c' | sort); do
	out=$("$cache/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types -f "$f" 2>&1)
	if ! grep -qE ': (ERROR|WARNING|CHECK):' <<<"$out"; then
		ok "checkpatch --strict $f"
	else
		fail "checkpatch --strict $f"
		echo "$out"
	fi
done
exit $nflb_ret
