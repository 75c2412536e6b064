#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.sh install RELEASE | remove RELEASE...
#
# install: stage a copy of the source as a release would ship it, then
#   dkms add / build / install it for RELEASE on this machine, so that the
#   guest test dkms_modprobe finds it where modprobe looks.
# remove: dkms remove, and check that nothing is left behind.
#
# An nflb DKMS module that these tests did not put there is left alone.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd dkms
cd "$NFLB_ROOT" || exit 1

ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
marker=/var/lib/dkms/nflb/.installed-by-nflb-selftests
[ -n "$ver" ] || { fail "no PACKAGE_VERSION in dkms.conf"; exit 1; }

theirs() { [ -d /var/lib/dkms/nflb ] && [ ! -e "$marker" ]; }

case $1 in
install)
	rel=$2
	theirs && skip "an nflb DKMS module not installed by the selftests is present"
	if [ ! -d "/var/lib/dkms/nflb/$ver" ]; then
		stage=$NFLB_ROOT/build/dkms/nflb-$ver
		rm -rf "$stage" "/usr/src/nflb-$ver"
		nflb_copy_sources "$stage"
		check "dkms add" dkms add "$stage"
		touch "$marker"
	fi
	check "dkms build -k $rel" dkms build -m nflb -v "$ver" -k "$rel"
	check "dkms install -k $rel" dkms install -m nflb -v "$ver" -k "$rel"
	check "module installed under updates/dkms" \
		compgen -G "/lib/modules/$rel/updates/dkms/nflb.ko*"
	check_match "dkms status shows it installed" \
		"^nflb/$ver, ${rel//+/\\+}, [^:]*: installed" \
		"$(dkms status -m nflb 2>/dev/null)"
	;;
remove)
	shift
	theirs && skip "an nflb DKMS module not installed by the selftests is present"
	check "dkms remove --all" dkms remove -m nflb -v "$ver" --all
	rm -rf "/usr/src/nflb-$ver" "$NFLB_ROOT/build/dkms"
	rm -f "$marker"
	rmdir /var/lib/dkms/nflb 2>/dev/null
	check_eq "dkms status is empty" "" "$(dkms status -m nflb)"
	for rel in "$@"; do
		check_fails "no module left for $rel" \
			compgen -G "/lib/modules/$rel/updates/dkms/nflb.ko*"
		check_fails "modules.dep of $rel forgot nflb" \
			grep -q '/nflb\.ko' "/lib/modules/$rel/modules.dep"
	done
	;;
*)
	echo "usage: dkms.sh install RELEASE | remove RELEASE..." >&2
	exit 2
	;;
esac
exit $nflb_ret
