#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module autoloads through MODULE_ALIAS_GENL_FAMILY when something asks
# for the family: iproute2's genl, and libnflb (nflbadm).  modprobe must find
# the built module, so a tmpfs goes over /lib/modules/REL holding only it,
# the modules it depends on and the kernel's built-in lists: depmod over the
# whole tree would read thousands of modules through 9p under TCG.
#
#   (no topology: one host, init_net only)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd genl depmod modprobe

rel=$(uname -r)
mods=/lib/modules/$rel
orig=/run/nflb-$$-modules
mounted=0

cleanup() {
	modprobe -r nflb 2>/dev/null
	nflb_unload 2>/dev/null
	if [ "$mounted" = 1 ]; then
		umount "$mods" && umount "$orig" && rmdir "$orig"
	fi
}
trap cleanup EXIT

# copy_with_deps PATH: copy module PATH (relative to $orig) and, from the
# original modules.dep, everything it depends on.
copy_with_deps() {
	local dep deps
	mkdir -p "$mods/$(dirname "$1")"
	cp "$orig/$1" "$mods/$1"
	read -ra deps <<<"$(sed -n "s|^$1: *||p" "$orig/modules.dep")"
	for dep in "${deps[@]}"; do
		[ -e "$mods/$dep" ] || copy_with_deps "$dep"
	done
}

nflb_unload
mkdir -p "$orig"
mount --bind "$mods" "$orig"
mount -t tmpfs tmpfs "$mods" && mounted=1
cp "$orig"/modules.builtin* "$orig"/modules.order "$mods"/ 2>/dev/null
mkdir -p "$mods/updates"
cp "$NFLB_KO" "$mods/updates/nflb.ko"
for dep in $(modinfo -F depends "$NFLB_KO" | tr , ' '); do
	copy_with_deps "$(grep -oE "^[^:]*/$dep\.ko[^:]*" "$orig/modules.dep" | head -n1)"
done
check "depmod of the small tree" depmod "$rel"
check_eq "modprobe resolves nflb to the built module" "$mods/updates/nflb.ko" \
	"$(modinfo -n nflb 2>&1)"
want=$(modinfo -F srcversion "$NFLB_KO")

check_fails "module not loaded before the request" nflb_loaded
check "genl ctrl get name nflb succeeds" genl ctrl get name nflb
check "genl request autoloaded the module" nflb_loaded
check_eq "autoloaded module is the built one" "$want" \
	"$(cat /sys/module/nflb/srcversion 2>/dev/null)"

check "unload" modprobe -r nflb
check_fails "module unloaded" nflb_loaded
check_match "nflbadm info autoloads too" "module version: $(nflb_ko_version)" \
	"$("$NFLBADM" info 2>&1)"
check "nflbadm request autoloaded the module" nflb_loaded
exit $nflb_ret
