# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Debian's stock kernels for the guests, as the build machine keeps them.
#
# They are not installed: an installed linux-image becomes the machine's
# next boot kernel.  scripts/install-deps.sh unpacks each one's image and
# headers packages (apt-get download, dpkg-deb -x) into a root of its own,
# $nflb_kernel_cache/RELEASE:
#
#   boot/vmlinuz-RELEASE         the image a guest boots
#   lib/modules/RELEASE/         its modules, depmod'ed; the guest sees them
#                                at /lib/modules/RELEASE (run-vm.sh -M)
#   lib/modules/RELEASE/build -> usr/src/linux-headers-RELEASE, the build
#                                tree (its Makefile and scripts come from
#                                linux-headers-*-common and linux-kbuild-*,
#                                which are installed)

nflb_kernel_cache=${NFLB_KERNEL_CACHE:-/var/cache/nflb/kernels}

# nflb_kernel_dir RELEASE: the root RELEASE is unpacked in.
nflb_kernel_dir() {
	echo "$nflb_kernel_cache/$1"
}

# nflb_kernel_image RELEASE: the image to boot.
nflb_kernel_image() {
	echo "$nflb_kernel_cache/$1/boot/vmlinuz-$1"
}

# nflb_kernel_build RELEASE: the build tree, for make -C.
nflb_kernel_build() {
	echo "$nflb_kernel_cache/$1/lib/modules/$1/build"
}

# nflb_kernel_ready RELEASE: RELEASE is unpacked whole: image, modules
# with their modules.dep, build tree.
nflb_kernel_ready() {
	[ -r "$(nflb_kernel_image "$1")" ] &&
		[ -f "$nflb_kernel_cache/$1/lib/modules/$1/modules.dep" ] &&
		[ -f "$(nflb_kernel_build "$1")/Makefile" ]
}

# nflb_kernel_release NAME: map a kernel name as users type it (KERNELS=6.1,
# 6.12, or a full release) to the newest unpacked release it names.
nflb_kernel_release() {
	local want=$1 dir rel best=
	if nflb_kernel_ready "$want"; then
		echo "$want"
		return 0
	fi
	for dir in "$nflb_kernel_cache/$want".*; do
		rel=${dir##*/}
		# 6.1 must not match 6.12: what follows must start a new field.
		case ${rel#"$want"} in
		.[0-9]*) ;;
		*) continue ;;
		esac
		nflb_kernel_ready "$rel" || continue
		if [ -z "$best" ] || dpkg --compare-versions "$rel" gt "$best"; then
			best=$rel
		fi
	done
	[ -n "$best" ] && echo "$best"
}
