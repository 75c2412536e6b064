#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of a test guest, after switch_root into the overlay of the build
# machine's root.  Runs /nflb-out/job.sh (written by run-vm.sh), stores its
# output, exit status and the kernel log in the shared output directory, and
# powers the guest off.
#
# With nflbsystemd=1 on the kernel command line (run-vm.sh -S) it only
# prepares the root for systemd and execs it as PID 1, with a target of ours
# as the default unit: nflb-guest.target wants nflb-guest.service, which
# runs this script as "guest-init.sh job" to do the same as above (and dump
# the journal), then powers off.  Nothing else is asked for but sysinit.target
# (journald, udev, tmpfiles...): multi-user.target, and with it the build
# machine's nginx, haproxy, postgresql..., never starts, and the units the
# machine enabled are masked besides, in case a test starts a target that
# would pull them (the nflb packages' own units excepted).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The C locale: setlocale() then reads no files.  With C.UTF-8 every
# process that calls it (bash, grep, sed, coreutils...) opened a dozen
# locale files over 9p: an exec of grep took 381 ms on the debug kernel
# with C.UTF-8 and 128 ms with C.  The tests' data are ASCII.  Python
# would coerce C to C.UTF-8 and pass that on to its children; it runs in
# UTF-8 mode instead.
export HOME=/root TERM=dumb LANG=C PYTHONCOERCECLOCALE=0 PYTHONUTF8=1

# run_job: run job.sh in /nflb-out, store its output, status, the kernel
# log (and the journal under systemd).
run_job() {
	cd /nflb-out || exit 1
	sh ./job.sh >./output 2>&1 </dev/null
	echo $? >./rc.tmp
	mv ./rc.tmp ./rc
	dmesg >./dmesg
	if [ -d /run/systemd/system ]; then
		journalctl -b -o short-monotonic --no-pager >./journal 2>&1
	fi
	cd /
}

mount_out() {
	mkdir -p /nflb-out
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /nflb-out || {
		echo "guest-init: cannot mount the output directory"
		echo o >/proc/sysrq-trigger
	}
}

# A kernel we built keeps its modules outside /lib/modules (run-vm.sh -M).
bind_modules() {
	# shellcheck disable=SC2154 # nflbmods comes from the kernel command line
	if [ -n "${nflbmods:-}" ] && [ -d "$nflbmods/lib/modules/$(uname -r)" ]; then
		mkdir -p "/lib/modules/$(uname -r)"
		mount --bind "$nflbmods/lib/modules/$(uname -r)" "/lib/modules/$(uname -r)"
	fi
}

# nflb-guest.service: systemd runs the job; the unit powers off when it ends.
if [ "${1:-}" = job ]; then
	run_job
	exit 0
fi

# shellcheck disable=SC2154 # nflbsystemd comes from the kernel command line
if [ "${nflbsystemd:-}" = 1 ]; then
	self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
	mount -t proc proc /proc
	mount_out
	bind_modules
	# A machine id of its own, so that the guest's journal and anything
	# keyed by it are not the build machine's.  Not an empty file: systemd
	# would take that for a first boot and apply every preset.
	rm -f /etc/machine-id
	tr -d - </proc/sys/kernel/random/uuid >/etc/machine-id
	# Units of ours in /run (systemd keeps a /run already mounted).
	mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
	units=/run/systemd/system
	mkdir -p "$units"
	# The machine's enabled units, masked; not the packages' nflb*.
	for link in /etc/systemd/system/*.wants/* /etc/systemd/system/*.requires/*; do
		[ -L "$link" ] || continue
		name=${link##*/}
		case $name in nflb*) continue ;; esac
		ln -sf /dev/null "$units/$name"
	done
	cat >"$units/nflb-guest.target" <<-EOF
		[Unit]
		Description=nflb test guest
		Wants=nflb-guest.service
		AllowIsolate=yes
	EOF
	# Type=exec, not oneshot: the boot is done (is-system-running says
	# running) once the command started; it powers off when the command is
	# done.  The shell's environment as in the path without systemd; no limits
	# on tasks or files that the command line would not have.
	cat >"$units/nflb-guest.service" <<-EOF
		[Unit]
		Description=nflb test guest: the command of run-vm.sh
		Wants=sysinit.target
		After=sysinit.target
		SuccessAction=poweroff-force
		FailureAction=poweroff-force

		[Service]
		Type=exec
		ExecStart=/bin/sh $self job
		Environment=PATH=$PATH HOME=/root TERM=dumb LANG=C
		Environment=PYTHONCOERCECLOCALE=0 PYTHONUTF8=1
		StandardInput=null
		StandardOutput=journal+console
		TasksMax=infinity
		LimitNOFILE=1048576
		LimitMEMLOCK=infinity
		LimitCORE=infinity
	EOF
	# The machine's /tmp stays visible, as without systemd: tmpfiles would
	# empty it (D /tmp), a whiteout at a time over 9p (35 s of a 64 s boot).
	mkdir -p /run/tmpfiles.d
	echo "d /tmp 1777 root root -" >/run/tmpfiles.d/tmp.conf
	hostname nflb-guest
	echo nflb-guest >/etc/hostname
	umount /proc
	exec /lib/systemd/systemd --unit=nflb-guest.target
fi

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
mount_out
bind_modules
hostname nflb-guest
ip link set lo up

run_job
umount /nflb-out
sync
echo o >/proc/sysrq-trigger
sleep 30
