#!/bin/bash
# Install the Debian 12 packages nflb's build, tests and demo need, and
# unpack the Debian kernels the test guests boot.
#
# The guests' kernels are not installed: a linux-image package becomes the
# machine's next boot kernel, and linux-headers-6.12.*-amd64 depends on its
# image.  For each kernel of KERNEL_METAS, the release its meta-package
# names today (linux-headers-amd64 -> linux-headers-6.1.0-57-amd64: release
# 6.1.0-57-amd64) has its linux-image-RELEASE and linux-headers-RELEASE
# fetched with apt-get download and unpacked with dpkg-deb -x into
# /var/cache/nflb/kernels/RELEASE (selftests/vm/kernels.sh).  What those
# headers need besides the image (the common headers, kbuild, the compiler)
# is installed.
#
# Idempotent: when every package is installed and every kernel unpacked it
# changes nothing and returns at once.  `make check` and `make demo` call it
# when something is missing; run it by hand with `--check` to list what is
# missing.
set -euo pipefail

# shellcheck source=selftests/vm/kernels.sh
source "$(dirname "$0")/../selftests/vm/kernels.sh"

PKGS=(
	# build: module, library, tools, static checks
	gcc make git pkg-config kmod dkms sparse shellcheck clang libclang-rt-14-dev
	libnl-3-dev libnl-genl-3-dev libjson-c-dev
	# make deb and its check: the packaging tools and lintian
	debhelper dh-dkms lintian
	# nflb-healthd: libcurl; openssl makes its https test's certificates
	libcurl4-openssl-dev openssl
	# nflb-healthd: sd_notify() for its Type=notify unit
	libsystemd-dev
	# the JSON Schemas' test (Documentation/schema)
	python3-jsonschema
	# the guest kernels are fetched and unpacked: apt-get download, dpkg-deb
	apt dpkg
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

# The two Debian 12 kernels, by the meta-package of their headers.
KERNEL_METAS=(linux-headers-amd64 linux-headers-6.12-amd64)

# depends PKG...: "PACKAGE<tab>DEPENDS" for the candidate version of each
# PKG apt knows.
depends() {
	apt-cache show --no-all-versions "$@" 2>/dev/null |
		awk '/^Package: /{p=$2} /^Depends: /{sub(/^Depends: /, ""); print p "\t" $0}'
}

# releases: a line "RELEASE PACKAGE..." for each of KERNEL_METAS, with the
# packages its headers need but the image, or "? META" when apt does not
# know META.  apt-cache takes a second here (no pkgcache.bin): the answer
# is kept until apt's lists or this script change.
releases() {
	local memo=$nflb_kernel_cache/releases meta hdr deps group line
	local -A hdr_of=() deps_of=()
	if [ "$memo" -nt /var/lib/apt/lists ] && [ "$memo" -nt "$0" ]; then
		cat "$memo"
		return
	fi
	while IFS=$'\t' read -r meta deps; do
		hdr_of[$meta]=$(tr ',' '\n' <<<"$deps" | sed -n 's/^ *\(linux-headers-[^ ]*\).*/\1/p' | head -n1)
	done < <(depends "${KERNEL_METAS[@]}")
	# shellcheck disable=SC2046 # package names
	while IFS=$'\t' read -r hdr deps; do
		line=
		while read -r group; do
			case $group in
			"" | *linux-image-*) ;;
			*) line+=" ${group%% *}" ;;
			esac
		done < <(tr ',' '\n' <<<"$deps" | sed 's/^ *//')
		deps_of[$hdr]=$line
	done < <(depends $(printf '%s\n' "${hdr_of[@]}" | sort -u))
	line=
	for meta in "${KERNEL_METAS[@]}"; do
		hdr=${hdr_of[$meta]:-}
		if [ -z "$hdr" ] || [ -z "${deps_of[$hdr]+set}" ]; then
			line+="? $meta"$'\n'
		else
			line+="${hdr#linux-headers-}${deps_of[$hdr]}"$'\n'
		fi
	done
	printf '%s' "$line"
	if [[ $line != *"?"* ]] && mkdir -p "$nflb_kernel_cache" 2>/dev/null &&
		printf '%s' "$line" >"$memo.$$" 2>/dev/null; then
		mv "$memo.$$" "$memo"
	fi
}

# survey: fill missing (packages), fetch (releases to unpack) and unknown
# (meta-packages apt does not know: its lists need an update).
survey() {
	local rel st p
	local -a want=("${PKGS[@]}") deps
	missing=() fetch=() unknown=()
	while read -r rel deps; do
		if [ "$rel" = "?" ]; then
			unknown+=("$deps")
			continue
		fi
		nflb_kernel_ready "$rel" || fetch+=("$rel")
		# shellcheck disable=SC2206 # package names
		want+=($deps)
	done < <(releases)
	while read -r p st; do
		[ "$st" = installed ] || missing+=("$p")
	done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${want[@]}" 2>&1 |
		sed -n 's/^dpkg-query: no packages found matching \(.*\)$/\1 none/p; t; /^[^ ]* [a-z-]*$/p')
}

# unpack RELEASE: linux-image-RELEASE and linux-headers-RELEASE into
# $(nflb_kernel_dir RELEASE), made whole in a scratch directory and renamed.
unpack() {
	local rel=$1 dir tmp hdrs deb l t
	dir=$(nflb_kernel_dir "$rel")
	tmp=$nflb_kernel_cache/.unpack-$rel.$$
	hdrs=$tmp/root/usr/src/linux-headers-$rel
	echo "install-deps: unpacking kernel $rel into $dir"
	rm -rf "$tmp"
	mkdir -p "$tmp/debs" "$tmp/root"
	# apt-get download fetches as _apt where it can write
	chown _apt "$tmp/debs" 2>/dev/null || true
	(cd "$tmp/debs" && apt-get download -q "linux-image-$rel" "linux-headers-$rel")
	for deb in "$tmp"/debs/*.deb; do
		dpkg-deb -x "$deb" "$tmp/root"
		# shellcheck disable=SC2016 # dpkg-deb expands the fields
		dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb" >>"$tmp/root/packages"
	done
	# The headers' links point at where dpkg would have put them: build at
	# /usr/src/linux-headers-RELEASE, now in the cache; scripts and tools
	# relative to /usr/src into the installed linux-kbuild.
	ln -sfn "$dir/usr/src/linux-headers-$rel" "$tmp/root/lib/modules/$rel/build"
	for l in scripts tools; do
		t=$(readlink "$hdrs/$l")
		ln -sfn "$(realpath -m "/usr/src/linux-headers-$rel/$t")" "$hdrs/$l"
	done
	if [ ! -f "$hdrs/Makefile" ] || [ ! -d "$hdrs/scripts/" ]; then
		echo "install-deps: $rel: the unpacked build tree is incomplete" >&2
		exit 1
	fi
	# the image's postinst would have run depmod
	depmod -b "$tmp/root" -F "$tmp/root/boot/System.map-$rel" "$rel"
	rm -rf "$dir"
	mv -T "$tmp/root" "$dir"
	rm -rf "$tmp"
}

survey
if [ "${1:-}" = --check ]; then
	[ ${#missing[@]} -eq 0 ] && [ ${#fetch[@]} -eq 0 ] && [ ${#unknown[@]} -eq 0 ] && exit 0
	[ ${#missing[@]} -eq 0 ] || echo "missing: ${missing[*]}"
	[ ${#fetch[@]} -eq 0 ] || echo "missing unpacked kernels (in $nflb_kernel_cache): ${fetch[*]}"
	[ ${#unknown[@]} -eq 0 ] || echo "unknown to apt (apt-get update): ${unknown[*]}"
	exit 1
fi
[ ${#missing[@]} -eq 0 ] && [ ${#fetch[@]} -eq 0 ] && [ ${#unknown[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install: ${missing[*]} ${fetch[*]/#/kernel }" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
survey
if [ ${#unknown[@]} -gt 0 ]; then
	echo "install-deps: apt knows no ${unknown[*]}" >&2
	exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-deps: installing ${missing[*]}"
	# Do not start daemons (nginx) on the build machine; the tests start
	# their own inside the guest.
	policy=/usr/sbin/policy-rc.d
	own_policy=0
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		own_policy=1
	fi
	trap '[ $own_policy = 1 ] && rm -f "$policy"' EXIT
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
for rel in "${fetch[@]}"; do
	unpack "$rel"
done
