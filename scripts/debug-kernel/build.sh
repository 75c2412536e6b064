#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh [--image | --tree | --moddir | --dir | --log] [--force] [--prune]
#
# Build (once) the nflb debug kernel: Debian's linux-source-6.1 with
# `make tinyconfig` + kernel/configs/kvm_guest.config + debug.config (KUnit,
# KASAN, lockdep, kmemleak, 9p/virtio/overlay built in, IPVS as modules),
# compiled with ccache.  tinyconfig rather than defconfig: debug.config lists
# everything the guest needs, and the kernel has half the objects (no DRM,
# sound, USB, SCSI/ATA, wifi, ext4/NFS...), so a cold build takes about half
# the CPU time.
#
# The result lives OUTSIDE the repository, in
#     ${NFLB_DEBUG_KERNEL_CACHE:-/var/cache/nflb/debug-kernel}/<pkgver>-<hash>/
#         bzImage      the kernel image (boot it with selftests/vm/run-vm.sh)
#         linux/       the built tree: make -C <tree> M=<dir> builds modules
#         modules/     modules_install output, for the in-tree modules
#                      (IPVS...): `modprobe -d <moddir> ip_vs_rr` in the guest
#                      (the kernel's autoloader looks in /lib/modules only)
#         config       the verified .config;  info: release, build time
#         build.log    the build's log
# keyed by the linux-source-6.1 package version and a hash of debug.config
# and this script's recipe (below), so a second call returns at once.  The
# tree is built under a temporary name and renamed only when everything
# succeeded: an interrupted build never looks complete.
#
# --image (default) prints <dir>/bzImage, --tree <dir>/linux, --moddir
# <dir>/modules, --dir <dir>, --log <dir>/build.log.  --force rebuilds even
# if the result exists (ccache makes that ~10x faster than a cold build).
# --prune deletes the results of other keys (~2 GB each) from the cache.
#
# stdout: exactly one line, the requested path, so
#     img=$(scripts/debug-kernel/build.sh | tail -n1)
#     tree=$(scripts/debug-kernel/build.sh --tree | tail -n1)
# Progress goes to stderr, the full build output to the log; on failure
# the log's tail is printed to stderr and the exit status is non-zero.
#
# Environment:
#   NFLB_DEBUG_KERNEL_CACHE  cache directory (default /var/cache/nflb/debug-kernel)
#   NFLB_DEBUG_KERNEL_JOBS   make -j value (default: nproc)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug.config
cache=${NFLB_DEBUG_KERNEL_CACHE:-/var/cache/nflb/debug-kernel}
jobs=${NFLB_DEBUG_KERNEL_JOBS:-$(nproc)}
srcpkg=linux-source-6.1
tarball=/usr/src/$srcpkg.tar.xz

# The recipe: everything besides debug.config that determines the result.
# Change RECIPE_VERSION whenever the build steps below change meaningfully.
RECIPE_VERSION=2
BASE_CONFIGS="tinyconfig kvm_guest.config"
MAKE_TARGETS="all"
DEPS=(make gcc bc bison flex libssl-dev libelf-dev ccache cpio kmod rsync xz-utils perl "$srcpkg")

want=image
force=0
prune=0
for arg in "$@"; do
	case $arg in
	--image) want=image ;;
	--tree) want=tree ;;
	--moddir) want=moddir ;;
	--dir) want=dir ;;
	--log) want=log ;;
	--force) force=1 ;;
	--prune) prune=1 ;;
	-h | --help)
		sed -n '3,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
		exit 0
		;;
	*)
		echo "build.sh: unknown argument '$arg' (try --help)" >&2
		exit 2
		;;
	esac
done

# Everything but the final path goes to stderr.
exec 3>&1 1>&2

log() { printf '[debug-kernel %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

# --- build dependencies (installed only when missing) ---------------------
missing=()
for p in "${DEPS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || die "need root to install: ${missing[*]}"
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
[ -r "$tarball" ] || die "$tarball missing although $srcpkg is installed"

# --- cache key -------------------------------------------------------------
pkgver=$(dpkg-query -W -f='${Version}' "$srcpkg")
ccver=$(gcc --version | head -n1)
hash=$({
	printf 'recipe=%s\nbase=%s\ntargets=%s\ncc=%s\n' \
		"$RECIPE_VERSION" "$BASE_CONFIGS" "$MAKE_TARGETS" "$ccver"
	cat "$fragment"
} | sha256sum | cut -c1-16)
key=$pkgver-$hash
final=$cache/$key

emit() {
	case $want in
	image) echo "$final/bzImage" >&3 ;;
	tree) echo "$final/linux" >&3 ;;
	moddir) echo "$final/modules" >&3 ;;
	dir) echo "$final" >&3 ;;
	log) echo "$final/build.log" >&3 ;;
	esac
}

complete() { [ -f "$final/bzImage" ] && [ -f "$final/linux/Module.symvers" ]; }

if [ $prune = 1 ] && [ -d "$cache" ]; then
	exec 9>"$cache/.lock"
	flock 9
	for d in "$cache"/[0-9]*-[0-9a-f]*; do
		if [ ! -d "$d" ] || [ "$d" = "$final" ]; then continue; fi
		log "pruning $d"
		rm -rf "$d"
	done
	rm -f "$cache"/failed-*.log
	flock -u 9
fi

if [ $force = 0 ] && complete; then
	log "up to date: $final"
	emit
	exit 0
fi

# --- one builder at a time -------------------------------------------------
mkdir -p "$cache"
exec 9>"$cache/.lock"
if ! flock -n 9; then
	log "another build holds $cache/.lock; waiting"
	flock 9
fi
if [ $force = 0 ] && complete; then
	log "up to date (built by a concurrent run): $final"
	emit
	exit 0
fi

# Leftovers of interrupted builds (we hold the lock: nobody is using them).
for d in "$cache"/.build-*; do
	[ -d "$d" ] || continue
	log "removing stale $d"
	rm -rf "$d"
done

tmp=$(mktemp -d "$cache/.build-$key.XXXXXX")
buildlog=$tmp/build.log
kpid=
cleanup() {
	local rc=$?
	if [ -n "$kpid" ]; then
		# Interrupted during make: GNU make passes SIGTERM on to its jobs.
		kill -TERM "$kpid" 2>/dev/null || true
		wait "$kpid" 2>/dev/null || true
	fi
	if [ -d "$tmp" ]; then
		if [ $rc -ne 0 ] && [ -f "$buildlog" ]; then
			cp "$buildlog" "$cache/failed-$key.log" 2>/dev/null || true
			if [ $rc -gt 128 ]; then
				log "build INTERRUPTED (status $rc); last lines of the log:"
			else
				log "build FAILED (status $rc); last lines of the log:"
			fi
			tail -n 40 "$buildlog" >&2 || true
			log "full log: $cache/failed-$key.log"
		fi
		rm -rf "$tmp"
	fi
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
: >"$buildlog"

export CCACHE_DIR=$cache/ccache
export CCACHE_BASEDIR=$tmp
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
# make runs in the background so that a signal to this script is handled at
# once (bash runs traps only between foreground commands) and stops make.
kmake() {
	make -C "$tmp/linux" CC="ccache gcc" HOSTCC="ccache gcc" "$@" >>"$buildlog" 2>&1 </dev/null &
	kpid=$!
	wait "$kpid"
	kpid=
}
step() {
	log "$1"
	echo "=== $1" >>"$buildlog"
}

start=$SECONDS
log "building $key in $tmp (log: $buildlog; cold: about 9 min on 2 idle cores (536 s measured), longer on a busy machine; about 90 s with a warm ccache)"

step "extracting $tarball"
tar -xf "$tarball" -C "$tmp"
mv "$tmp/$srcpkg" "$tmp/linux"

step "configuring: $BASE_CONFIGS + $(basename "$fragment")"
# shellcheck disable=SC2086 # BASE_CONFIGS is a word list
set -- $BASE_CONFIGS
kmake "$1"
shift
frags=()
for f in "$@"; do
	frags+=("$tmp/linux/kernel/configs/$f")
done
(cd "$tmp/linux" && scripts/kconfig/merge_config.sh -m .config "${frags[@]}" "$fragment") >>"$buildlog" 2>&1
kmake olddefconfig

step "verifying the merged .config"
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		opt=${line%%=*}
		if ! grep -qxF -- "$line" "$tmp/linux/.config"; then
			got=$(grep -E "^(# )?${opt}[= ]" "$tmp/linux/.config" || echo "(absent)")
			log "config: wanted '$line', got '$got'"
			bad=$((bad + 1))
		fi
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		if got=$(grep -E "^$opt=" "$tmp/linux/.config"); then
			log "config: wanted '$line', got '$got'"
			bad=$((bad + 1))
		fi
		;;
	"# CONFIG_"*)
		die "debug.config: malformed line '$line'"
		;;
	esac
done <"$fragment"
[ $bad -eq 0 ] || die "$bad option(s) of $fragment did not survive olddefconfig (missing dependencies?)"
cp "$tmp/linux/.config" "$tmp/config"

ccache -z >/dev/null # per-build statistics for the info file
step "make -j$jobs $MAKE_TARGETS"
# shellcheck disable=SC2086 # MAKE_TARGETS is a word list
kmake -j"$jobs" $MAKE_TARGETS
step "modules_install"
kmake INSTALL_MOD_PATH="$tmp/modules" modules_install
# Modules tree without the symlinks back into the build directory.
rm -f "$tmp"/modules/lib/modules/*/build "$tmp"/modules/lib/modules/*/source
cp "$tmp/linux/arch/x86/boot/bzImage" "$tmp/bzImage"
release=$(cat "$tmp/linux/include/config/kernel.release")
{
	echo "key=$key"
	echo "release=$release"
	echo "built=$(date -u +%FT%TZ) in $((SECONDS - start))s"
	echo "ccache: $(ccache -s 2>/dev/null | grep -iE 'hits|misses' | tr -s ' ' | paste -sd';')"
} >"$tmp/info"

# Commit: the rename is what makes the build visible.
chmod 755 "$tmp"
if [ -e "$final" ]; then
	# --force: move the old result aside first, so there is never a window
	# in which a half-deleted tree looks complete.
	old=$(mktemp -d "$cache/.build-old.XXXXXX")
	mv "$final" "$old/"
	rm -rf "$old"
fi
mv "$tmp" "$final"
log "done in $((SECONDS - start))s: $final (release $release)"
trap - EXIT
emit
