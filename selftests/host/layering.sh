#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# layering.sh KMOD_OBJDIR: the layers depend one way and no files call one
# another in a circle (selftests/host/layering.py says what is checked and
# what is accepted).  The module's objects are those of a kbuild run; the
# userspace ones are built here.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd readelf python3
make -s -C "$NFLB_ROOT" userspace >/dev/null 2>&1 || { fail "make userspace"; exit 1; }
exec python3 "$NFLB_ROOT/selftests/host/layering.py" "$1"
