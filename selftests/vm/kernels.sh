# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Map a kernel name as users type it (KERNELS=6.1, 6.12, or a full release)
# to an installed Debian kernel release: the newest one with both an image in
# /boot and a build tree in /lib/modules.

nflb_kernel_release() {
	local want=$1 img rel best=
	if [ -e "/boot/vmlinuz-$want" ]; then
		echo "$want"
		return 0
	fi
	for img in /boot/vmlinuz-"$want".*; do
		rel=${img#/boot/vmlinuz-}
		# 6.1 must not match 6.12: what follows must start a new field.
		case ${rel#"$want"} in
		.[0-9]*) ;;
		*) continue ;;
		esac
		[ -d "/lib/modules/$rel/build" ] || continue
		if [ -z "$best" ] || dpkg --compare-versions "$rel" gt "$best"; then
			best=$rel
		fi
	done
	[ -n "$best" ] && echo "$best"
}
