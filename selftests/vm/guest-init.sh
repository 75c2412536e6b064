#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of a test guest, after switch_root into the overlay of the build
# machine's root.  Runs /nflb-out/job.sh (written by run-vm.sh), stores its
# output, exit status and the kernel log in the shared output directory, and
# powers the guest off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The C locale: setlocale() then reads no files.  With C.UTF-8 every
# process that calls it (bash, grep, sed, coreutils...) opened a dozen
# locale files over 9p: an exec of grep took 381 ms on the debug kernel
# with C.UTF-8 and 128 ms with C.  The tests' data are ASCII.  Python
# would coerce C to C.UTF-8 and pass that on to its children; it runs in
# UTF-8 mode instead.
export HOME=/root TERM=dumb LANG=C PYTHONCOERCECLOCALE=0 PYTHONUTF8=1

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# bash process substitution needs /dev/fd
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
mount -t tmpfs tmpfs /run
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mkdir -p /nflb-out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /nflb-out || {
	echo "guest-init: cannot mount the output directory"
	echo o >/proc/sysrq-trigger
}
# A kernel we built keeps its modules outside /lib/modules (run-vm.sh -M).
# shellcheck disable=SC2154 # nflbmods comes from the kernel command line
if [ -n "${nflbmods:-}" ] && [ -d "$nflbmods/lib/modules/$(uname -r)" ]; then
	mkdir -p "/lib/modules/$(uname -r)"
	mount --bind "$nflbmods/lib/modules/$(uname -r)" "/lib/modules/$(uname -r)"
fi
hostname nflb-guest
ip link set lo up

cd /nflb-out || exit 1
sh ./job.sh >./output 2>&1 </dev/null
echo $? >./rc.tmp
mv ./rc.tmp ./rc
dmesg >./dmesg
cd /
umount /nflb-out
sync
echo o >/proc/sysrq-trigger
sleep 30
