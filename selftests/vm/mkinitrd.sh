#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitrd.sh MODDIR OUTPUT
#
# Build the tiny initramfs that mounts the build machine's / (shared over
# virtio-9p, read-only) under a tmpfs overlay and switch_roots into it.
# The modules that a stock Debian kernel keeps as modules (virtio, 9p,
# overlay) are copied from MODDIR (its /lib/modules/RELEASE, as unpacked in
# the kernel cache, selftests/vm/kernels.sh) in dependency order,
# decompressed for busybox's insmod.  A kernel with them built in (our
# debug kernel) needs none: MODDIR without a modules.dep gives none.
set -euo pipefail

moddir=$1
out=$2
busybox=/bin/busybox

[ -x "$busybox" ] || { echo "mkinitrd: $busybox missing (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,mods,lower,upper,newroot}
cp "$busybox" "$work/bin/busybox"
ln -s busybox "$work/bin/sh"

declare -A seen=()
order=()

# Path (relative to $moddir) of module $1 in modules.dep, or nothing.
modpath() {
	grep -oE "^[^:]*/$1\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" | head -n1 | tr -d : || true
}

visit() {
	local p=$1 d
	[ -n "${seen[$p]:-}" ] && return
	seen[$p]=1
	for d in $(grep -E "^$p:" "$moddir/modules.dep" | cut -d: -f2 || true); do
		visit "$d"
	done
	order+=("$p")
}

if [ -f "$moddir/modules.dep" ]; then
	for m in virtio_pci 9pnet_virtio 9p overlay; do
		p=$(modpath "$m")
		if [ -n "$p" ]; then visit "$p"; fi
	done
fi

i=0
: >"$work/mods/order"
for p in "${order[@]}"; do
	name=$(printf '%02d-%s' "$i" "$(basename "$p" | sed -E 's/\.(xz|zst|gz)$//')")
	case "$p" in
	*.xz) xz -dc "$moddir/$p" >"$work/mods/$name" ;;
	*.zst) zstd -qdc "$moddir/$p" >"$work/mods/$name" ;;
	*.gz) gzip -dc "$moddir/$p" >"$work/mods/$name" ;;
	*) cp "$moddir/$p" "$work/mods/$name" ;;
	esac
	echo "$name" >>"$work/mods/order"
	i=$((i + 1))
done

cat >"$work/init" <<'INIT'
#!/bin/sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /mods/order); do
	insmod "/mods/$m" || echo "initrd: insmod $m failed"
done
fail() { echo "initrd: $*"; echo o >/proc/sysrq-trigger; sleep 10; }
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 host /lower ||
	fail "cannot mount the host root over 9p"
mount -t tmpfs -o mode=0755 tmpfs /upper
mkdir -p /upper/rw /upper/work
mount -t overlay overlay \
	-o lowerdir=/lower,upperdir=/upper/rw,workdir=/upper/work /newroot ||
	fail "cannot mount the overlay root"
mount --move /dev /newroot/dev
umount /proc /sys
[ -n "$nflbinit" ] || fail "no nflbinit= on the kernel command line"
exec switch_root /newroot "$nflbinit"
INIT
chmod 755 "$work/init"

# a name of its own: two guests may build the same one at once
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
