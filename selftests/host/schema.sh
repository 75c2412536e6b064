#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# schema.sh: the JSON Schemas of the state file and of nflb-healthd's
# configuration (Documentation/schema) are valid, the documentation's
# examples follow them and bad documents do not (schema.py).  The guest
# tests validate real output against them too (nflbadm export, healthd's
# configuration).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
	skip "Debian's python3-jsonschema is missing (scripts/install-deps.sh)"
exec /usr/bin/python3 "$NFLB_ROOT/selftests/host/schema.py"
