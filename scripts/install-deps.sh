#!/bin/bash
# Install the Debian 12 packages nflb's build, tests and demo need.
#
# Idempotent: when every package is already installed it changes nothing and
# returns at once. `make check` and `make demo` call it when something is
# missing; run it by hand with `--check` to list what is missing.
set -euo pipefail

PKGS=(
	# build: module, library, tools, static checks
	gcc make git pkg-config kmod dkms sparse shellcheck clang libclang-rt-14-dev
	libnl-3-dev libnl-genl-3-dev libjson-c-dev
	# nflb-healthd: libcurl; openssl makes its https test's certificates
	libcurl4-openssl-dev openssl
	# the two Debian 12 kernels: headers to build against, images to boot
	linux-headers-amd64 linux-image-amd64
	linux-headers-6.12-amd64 linux-image-6.12-amd64
	# Debian's 6.1 source: checkpatch, and the debug kernel we build
	linux-source-6.1 bc bison flex libssl-dev libelf-dev ccache rsync perl
	# guest harness
	qemu-system-x86 busybox-static cpio xz-utils zstd
	# inside the guest: namespaces, traffic and the incumbent to compare with
	iproute2 iputils-ping procps nginx-light curl wrk ipvsadm iptables iperf3 socat ethtool nftables
	hping3 haproxy keepalived
	# make bench: the plot; make profile: perf (its 6.1 build reads both
	# guest kernels' samples)
	gnuplot-nox linux-perf
)

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ "${1:-}" = --check ]; then
	[ ${#missing[@]} -eq 0 ] && exit 0
	echo "missing: ${missing[*]}"
	exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install: ${missing[*]}" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Do not start daemons (nginx) on the build machine; the tests start their own
# inside the guest.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	own_policy=1
fi
trap '[ $own_policy = 1 ] && rm -f "$policy"' EXIT
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
