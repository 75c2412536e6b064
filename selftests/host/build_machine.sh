#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build_machine.sh snapshot DIR | compare DIR
#
# The build machine stays as it was: the guests boot kernels unpacked in
# the kernel cache (selftests/vm/kernels.sh), DKMS installs into their trees
# there (host/dkms.sh), and nothing of a run becomes the machine's own.
# snapshot, before run.sh starts, records its kernel packages (dpkg -l
# 'linux-image-*'), /boot and /lib/modules; compare, after the guest tests
# and the DKMS steps, checks that they are unchanged.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd dpkg-query

images() {
	# exit 1 and a line on stderr when there is none
	dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package} ${Version}\n' \
		'linux-image-*' 2>/dev/null
	return 0
}
boot() { find /boot -mindepth 1 -maxdepth 1 2>/dev/null | sort; }
modules() { find /lib/modules -mindepth 1 -maxdepth 3 2>/dev/null | sort; }

dir=$2
case $1 in
snapshot)
	mkdir -p "$dir"
	images >"$dir/images"
	boot >"$dir/boot"
	modules >"$dir/modules"
	exit 0
	;;
compare)
	[ -f "$dir/images" ] || { fail "no snapshot in $dir"; exit 1; }
	check "dpkg -l 'linux-image-*' as before the run" diff -u "$dir/images" <(images)
	check "/boot as before the run" diff -u "$dir/boot" <(boot)
	check "/lib/modules as before the run" diff -u "$dir/modules" <(modules)
	echo "# linux-image-* packages:"
	sed 's/^/#   /' "$dir/images"
	[ -s "$dir/images" ] || echo "#   (none)"
	;;
*)
	echo "usage: build_machine.sh snapshot DIR | compare DIR" >&2
	exit 2
	;;
esac
exit $nflb_ret
