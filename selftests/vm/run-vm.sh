#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh [-t SECONDS] [-m MB] [-o OUTDIR] [-M MODROOT] [-1|-I] [-S] KERNEL -- COMMAND [ARGS...]
#
# Boot KERNEL under QEMU (TCG) with the build machine's / shared read-only
# over 9p beneath a tmpfs overlay, run COMMAND inside as root, and power off.
# KERNEL is a Debian kernel release ("6.1.0-57-amd64"), unpacked by
# scripts/install-deps.sh (selftests/vm/kernels.sh: its image and, unless
# -M says otherwise, its modules come from there), or a path to a bzImage
# (a release's image is named vmlinuz-RELEASE).  MODROOT holds the kernel's
# modules as MODROOT/lib/modules/RELEASE; the guest sees them at
# /lib/modules/RELEASE, and the initramfs takes the modules it needs to
# mount the root from there.
#
# COMMAND's output is streamed to stdout as it runs; the guest console goes
# to OUTDIR/console.log and the guest's dmesg to OUTDIR/dmesg.  The exit
# status is COMMAND's, 124 if the hard timeout hit, 125 if the guest died
# before COMMAND finished.
#
# The guest has two CPUs.  With -1 QEMU emulates both on one host thread
# (round robin) instead of one thread each: for guests that run side by
# side on a two-core machine.  Measured on one (two 6.1 guests at once,
# each exec'ing small programs in a loop): with a thread per CPU an exec of
# grep took 385 ms, as the vCPU threads of both guests wait for each other
# (TLB flushes, IPIs); with -1, 74 ms; with one CPU, 39 ms.
#
# With -I the guest has one CPU and its clock counts instructions (QEMU
# -icount shift=0,sleep=off: one nanosecond per instruction, idle time
# skipped): work that does not wait for the host takes the same guest time
# on every run and every machine (the benchmarks, Documentation/
# performance.rst).  KASLR is off too, so that kernel text and data land
# at the same addresses on every boot.
#
# With -S systemd is PID 1 (guest-init.sh execs it): COMMAND runs from a
# oneshot unit of ours, nflb-guest.service, after sysinit.target, and the
# guest's journal is kept in OUTDIR/journal too.  Only our units and what
# sysinit.target wants start, not the build machine's services.
#
# User-space ASLR is off in the guest (norandmaps): QEMU 7.2 keys the code
# it translated by virtual address, so with randomized mappings every new
# process translates ld.so and libc afresh.  An exec of /bin/true took
# 62 ms with ASLR and 21 ms without (6.1 guest alone; debug kernel: 310
# and 201 ms).  The kernel's own randomization (KASLR) is unchanged.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
timeout=600
mem=2048
outdir=
modroot=

tcg=tcg
smp=2
icount=()
extra=
while getopts "t:m:o:M:1IS" opt; do
	case $opt in
	1) tcg=tcg,thread=single ;;
	I)
		smp=1
		icount=(-icount "shift=0,sleep=off")
		extra+=" nokaslr"
		;;
	M) modroot=$OPTARG ;;
	S) extra+=" nflbsystemd=1" ;;
	t) timeout=$OPTARG ;;
	m) mem=$OPTARG ;;
	o) outdir=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 3 ] || [ "$2" != -- ]; then
	echo "usage: run-vm.sh [-t s] [-m MB] [-o dir] [-M modroot] [-1|-I] [-S] KERNEL -- COMMAND..." >&2
	exit 2
fi
kernel=$1
shift 2

if [ -f "$kernel" ]; then
	image=$kernel
	rel=$(basename "$kernel")
	rel=${rel#vmlinuz-}
else
	# shellcheck source=selftests/vm/kernels.sh
	source "$here/kernels.sh"
	image=$(nflb_kernel_image "$kernel")
	rel=$kernel
	[ -n "$modroot" ] || modroot=$(nflb_kernel_dir "$rel")
fi
[ -r "$image" ] || { echo "run-vm: no kernel image $image" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null || { echo "run-vm: qemu-system-x86_64 missing (scripts/install-deps.sh)" >&2; exit 2; }

[ -n "$outdir" ] || outdir=$(mktemp -d)
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
rm -f "$outdir"/{output,rc,dmesg,journal,console.log,job.sh}

# The initramfs depends only on the kernel's module set: cache it.
cache=${NFLB_CACHE:-$here/../../build/cache}
mkdir -p "$cache"
initrd=$cache/initrd-$rel.gz
if [ ! -f "$initrd" ] || [ "$initrd" -ot "$here/mkinitrd.sh" ]; then
	"$here/mkinitrd.sh" "$modroot/lib/modules/$rel" "$initrd"
fi

{
	echo "#!/bin/sh"
	printf 'cd %q || exit 1\n' "$PWD"
	printf '%q ' "$@"
	echo
} >"$outdir/job.sh"
: >"$outdir/output"

# Entropy: without it a guest's getrandom() blocks until the kernel's jitter
# collector has run, minutes under TCG (the debug kernel has no rng driver
# of its own).  -cpu max has RDRAND, so random.trust_cpu=on seeds the crng at
# boot; virtio-rng feeds kernels that have its driver.
qemu=(qemu-system-x86_64 -accel "$tcg" "${icount[@]}" -cpu max -smp "$smp" -m "$mem"
	-nodefaults -display none -no-reboot -nic none
	-serial "file:$outdir/console.log" -monitor none
	-kernel "$image" -initrd "$initrd"
	-append "acpi=noirq random.trust_cpu=on console=ttyS0 panic=-1 oops=panic quiet loglevel=4 norandmaps$extra nflbinit=$here/guest-init.sh${modroot:+ nflbmods=$modroot}"
	-fsdev "local,id=host,path=/,security_model=none,readonly=on,multidevs=remap"
	-device "virtio-9p-pci,fsdev=host,mount_tag=host"
	-fsdev "local,id=out,path=$outdir,security_model=none,multidevs=remap"
	-device "virtio-9p-pci,fsdev=out,mount_tag=out"
	-object "rng-random,id=rng,filename=/dev/urandom"
	-device "virtio-rng-pci,rng=rng")

timeout -k 10 "$timeout" "${qemu[@]}" </dev/null &
qpid=$!
tail -n +1 -F --pid=$qpid "$outdir/output" 2>/dev/null &
tpid=$!
set +e
wait $qpid
qrc=$?
set -e
wait $tpid 2>/dev/null || true

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "run-vm: guest timed out after ${timeout}s (console: $outdir/console.log)" >&2
	exit 124
fi
if [ ! -f "$outdir/rc" ]; then
	echo "run-vm: guest died before the command finished (qemu status $qrc, console: $outdir/console.log)" >&2
	tail -n 30 "$outdir/console.log" >&2
	exit 125
fi
exit "$(cat "$outdir/rc")"
