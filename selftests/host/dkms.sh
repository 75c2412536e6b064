#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms.sh install RELEASE | remove RELEASE...
#
# install: stage a copy of the source as a release would ship it, then
#   dkms add / build / install it for RELEASE, so that the guest test
#   dkms_modprobe finds it where modprobe looks.
# remove: dkms remove, and check that nothing is left behind.
#
# RELEASE is a Debian kernel unpacked in the kernel cache, not installed
# (selftests/vm/kernels.sh).  DKMS runs in a mount namespace of its own
# where that kernel's module tree in the cache is /lib/modules: it builds
# against the tree's build link, installs under its updates/dkms and runs
# depmod on it, as on a machine that has the kernel installed, and the
# guest, which has the same tree at /lib/modules/RELEASE, finds the module
# there.  The machine's own /lib/modules stays as it was.
#
# An nflb DKMS module that these tests did not put there is left alone.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=selftests/vm/kernels.sh
source "$NFLB_ROOT/selftests/vm/kernels.sh"
require_cmd dkms unshare
cd "$NFLB_ROOT" || exit 1

ver=$(cat VERSION)
marker=/var/lib/dkms/nflb/.installed-by-nflb-selftests
[ -n "$ver" ] || { fail "no version in VERSION"; exit 1; }

theirs() { [ -d /var/lib/dkms/nflb ] && [ ! -e "$marker" ]; }

# tree RELEASE: RELEASE's module tree in the kernel cache.
tree() { echo "$(nflb_kernel_dir "$1")/lib/modules/$1"; }

# in_tree RELEASE COMMAND...: COMMAND with the cache's lib/modules of
# RELEASE mounted over /lib/modules, in a private mount namespace.
in_tree() {
	local rel=$1
	shift
	# shellcheck disable=SC2016 # expanded by that sh
	unshare -m sh -c 'mount --bind "$1" /lib/modules && shift && exec "$@"' \
		sh "$(nflb_kernel_dir "$rel")/lib/modules" "$@"
}

case $1 in
install)
	rel=$2
	theirs && skip "an nflb DKMS module not installed by the selftests is present"
	nflb_kernel_ready "$rel" || skip "no kernel $rel unpacked in $nflb_kernel_cache"
	if [ ! -d "/var/lib/dkms/nflb/$ver" ]; then
		stage=$NFLB_ROOT/build/dkms/nflb-$ver
		rm -rf "$stage" "/usr/src/nflb-$ver"
		nflb_copy_sources "$stage"
		check "dkms add" dkms add "$stage"
		touch "$marker"
	fi
	check "dkms build -k $rel" in_tree "$rel" dkms build -m nflb -v "$ver" -k "$rel"
	check "dkms install -k $rel" in_tree "$rel" dkms install -m nflb -v "$ver" -k "$rel"
	check "module installed under updates/dkms" \
		compgen -G "$(tree "$rel")/updates/dkms/nflb.ko*"
	check "depmod ran: modules.dep lists it" \
		grep -q '^updates/dkms/nflb\.ko[^:]*:' "$(tree "$rel")/modules.dep"
	check_fails "nothing in the machine's /lib/modules/$rel" \
		compgen -G "/lib/modules/$rel/updates/dkms/nflb.ko*"
	check_match "dkms status shows it installed" \
		"^nflb/$ver, ${rel//+/\\+}, [^:]*: installed" \
		"$(in_tree "$rel" dkms status -m nflb 2>/dev/null)"
	;;
remove)
	shift
	theirs && skip "an nflb DKMS module not installed by the selftests is present"
	# and kernels of a run that stopped half way
	for d in "/var/lib/dkms/nflb/$ver"/*/; do
		d=$(basename "$d")
		[[ " $* " == *" $d "* ]] || ! nflb_kernel_ready "$d" || set -- "$@" "$d"
	done
	for rel in "$@"; do
		check "dkms remove -k $rel" \
			in_tree "$rel" dkms remove -m nflb -v "$ver" -k "$rel"
	done
	rm -rf "/usr/src/nflb-$ver" "$NFLB_ROOT/build/dkms"
	rm -f "$marker"
	rmdir /var/lib/dkms/nflb 2>/dev/null
	check_eq "dkms status is empty" "" "$(dkms status -m nflb)"
	for rel in "$@"; do
		check_fails "no module left for $rel" \
			compgen -G "$(tree "$rel")/updates/dkms/nflb.ko*"
		check_fails "modules.dep of $rel forgot nflb" \
			grep -q '/nflb\.ko' "$(tree "$rel")/modules.dep"
	done
	;;
*)
	echo "usage: dkms.sh install RELEASE | remove RELEASE..." >&2
	exit 2
	;;
esac
exit $nflb_ret
