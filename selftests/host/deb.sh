#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh: `make deb` in a clean copy of the sources builds the five Debian
# packages, each with what it should hold and depend on; lintian finds no
# error or warning in them; dpkg-buildflags' hardening is in the binaries;
# and VERSION is the version of everything: the packages, debian/changelog,
# dkms.conf, libnflb.pc, the man pages, the tools and the module.  And
# make uninstall undoes make install.
#
# NFLB_KREL (optional): a kernel in the kernel cache to compile the
# packaged module source against (one object, for its version).

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
# shellcheck source=selftests/vm/kernels.sh
source "$NFLB_ROOT/selftests/vm/kernels.sh"
require_cmd dpkg-buildpackage dh lintian dpkg-deb readelf objdump
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

src=$work/src
mkdir -p "$src"
(cd "$NFLB_ROOT" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$src") ||
	{ fail "copy the sources"; exit 1; }
ver=$(cat "$src/VERSION")
check_match "VERSION holds a version" '^[0-9]+\.[0-9]+\.[0-9]+$' "$ver"

if make -C "$src" deb >"$work/build.log" 2>&1; then
	ok "make deb"
else
	fail "make deb"
	tail -n 30 "$work/build.log"
	exit 1
fi
check_fails "the build has no compiler warning" grep -E 'warning:' "$work/build.log"

arch=$(dpkg-architecture -qDEB_HOST_ARCH)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
declare -A deb=()
for p in nflb-dkms libnflb0 libnflb-dev nflb-tools nflb-healthd; do
	a=$arch
	[ "$p" = nflb-dkms ] && a=all
	deb[$p]=$work/${p}_${ver}_$a.deb
	check "$p: ${deb[$p]##*/} built" test -f "${deb[$p]}"
done
for p in "${!deb[@]}"; do
	[ -f "${deb[$p]}" ] || exit 1
done

# has PACKAGE PATH...: the package holds each PATH.
has() {
	local p=$1 f list
	shift
	list=$(dpkg-deb -c "${deb[$p]}" | awk '{ print $6 }' | sed 's|^\./|/|')
	for f in "$@"; do
		check "$p holds $f" grep -qxF "$f" <<<"$list"
	done
}
# field PACKAGE FIELD
field() { dpkg-deb -f "${deb[$1]}" "$2"; }
# script PACKAGE NAME: a maintainer script (or control file) of PACKAGE.
script() { dpkg-deb --ctrl-tarfile "${deb[$1]}" | tar -xOf - "./$2" 2>/dev/null; }

for p in "${!deb[@]}"; do
	check_eq "$p: version is VERSION's" "$ver" "$(field "$p" Version)"
	mkdir -p "$work/x/$p"
	dpkg-deb -x "${deb[$p]}" "$work/x/$p"
done
x=$work/x

# nflb-dkms: the module's source where DKMS takes it, and the DKMS calls.
p=nflb-dkms
srcdir=/usr/src/nflb-$ver
has $p "$srcdir/dkms.conf" "$srcdir/VERSION" "$srcdir/Kbuild" \
	"$srcdir/kmod/Kbuild" "$srcdir/kmod/main.c" "$srcdir/include/uapi/linux/nflb.h"
check_match "$p depends on dkms" '(^|, )dkms( |,|$)' "$(field $p Depends)"
check_match "$p: postinst builds the module with DKMS" "DKMS_VERSION=$ver" \
	"$(script $p postinst)"
check_eq "$p: dkms.conf's PACKAGE_VERSION" "$ver" \
	"$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$x/$p$srcdir/dkms.conf")"
check_eq "the tree's dkms.conf reads VERSION (as dkms does, with bash)" "$ver" \
	"$(bash -c 'source "$1"; echo "$PACKAGE_VERSION"' _ "$src/dkms.conf")"
for p in libnflb0 libnflb-dev nflb-tools nflb-healthd; do
	check_fails "$p does not depend on dkms" \
		grep -qE '(^|, )dkms( |,|$)' <<<"$(field $p Depends)"
done

# libnflb0: the library and its symbols file, exactly what it exports.
p=libnflb0
lib=/usr/lib/$triplet/libnflb.so.$ver
has $p "$lib" "/usr/lib/$triplet/libnflb.so.0"
check_eq "$p: Multi-Arch" same "$(field $p Multi-Arch)"
symbols=$(script $p symbols)
check_eq "$p: the symbols file is debian/libnflb0.symbols" \
	"$(cat "$src/debian/libnflb0.symbols")" "$symbols"
# every symbol the library defines (objdump -T without the undefined ones)
exported=$(objdump -T "$x/$p$lib" | awk '/^[0-9a-f]+ / && !/\*UND\*/ { print $NF }' | sort -u)
listed=$(sed -n 's/^ \([^@ ]*\)@LIBNFLB_0 .*/\1/p' <<<"$symbols" | sort -u)
check_eq "$p: symbols file lists exactly the exported symbols" "$exported" "$listed"
check_fails "$p: every symbol since a released version (no #MINVER# left in a line)" \
	grep -qvE "^( [^ ]+@LIBNFLB_0 $ver|libnflb\.so\.0 libnflb0 #MINVER#|\* Build-Depends-Package: libnflb-dev)$" \
	<<<"$symbols"
check_match "$p: shlibs" "^libnflb 0 libnflb0" "$(script $p shlibs)"

# libnflb-dev: headers, the link-time library, pkg-config.
p=libnflb-dev
pc=/usr/lib/$triplet/pkgconfig/libnflb.pc
has $p /usr/include/nflb/libnflb.h /usr/include/nflb/linux/nflb.h \
	"/usr/lib/$triplet/libnflb.so" "/usr/lib/$triplet/libnflb.a" "$pc"
check_match "$p depends on libnflb0 of the same version" "libnflb0 \(= $ver\)" \
	"$(field $p Depends)"
check_match "$p depends on libnl-genl-3-dev (the .pc's Requires.private)" \
	'libnl-genl-3-dev' "$(field $p Depends)"
check_eq "$p: libnflb.pc's Version" "$ver" "$(sed -n 's/^Version: //p' "$x/$p$pc")"
check_eq "$p: libnflb.pc's libdir" "libdir=/usr/lib/$triplet" "$(grep '^libdir=' "$x/$p$pc")"

# nflb-tools: nflbadm, man page, completion, nflb.service.
p=nflb-tools
has $p /usr/sbin/nflbadm /usr/share/man/man8/nflbadm.8.gz \
	/usr/share/bash-completion/completions/nflbadm
has $p /lib/systemd/system/nflb.service
check_match "$p: postinst enables nflb.service" "deb-systemd-helper .*nflb\.service" \
	"$(script $p postinst)"
check_match "$p: nflb.service runs /usr/sbin/nflbadm" '^ExecStart=/usr/sbin/nflbadm ' \
	"$(cat "$x/$p/lib/systemd/system/nflb.service")"
# nflb-healthd: daemon, man page, unit, example configuration.
p=nflb-healthd
unit=/lib/systemd/system/nflb-healthd.service
has $p /usr/sbin/nflb-healthd /usr/share/man/man8/nflb-healthd.8.gz "$unit" \
	/usr/share/doc/nflb-healthd/examples/healthd.json
check_match "$p: the unit runs /usr/sbin/nflb-healthd" '^ExecStart=/usr/sbin/nflb-healthd ' \
	"$(cat "$x/$p$unit")"
check_fails "$p: no @...@ left in the unit" grep -q '@[A-Z]*@' "$x/$p$unit"
check_match "$p: postinst enables the unit" 'deb-systemd-helper .*nflb-healthd\.service' \
	"$(script $p postinst)"
check "$p: the example configuration is valid (--check-config)" \
	"$x/$p/usr/sbin/nflb-healthd" --check-config \
	-c "$x/$p/usr/share/doc/nflb-healthd/examples/healthd.json"

# The version everywhere else: changelog, man pages, the tools.
check_eq "debian/changelog's version" "$ver" \
	"$(cd "$src" && dpkg-parsechangelog -S Version)"
for m in nflb-tools/usr/share/man/man8/nflbadm.8.gz \
	nflb-healthd/usr/share/man/man8/nflb-healthd.8.gz; do
	check_match "${m##*/}: .TH says nflb $ver" "^\.TH .*\"nflb $ver\"" \
		"$(zcat "$x/$m" | head -n 5)"
done
check_eq "nflbadm version" "nflbadm $ver" \
	"$("$x/nflb-tools/usr/sbin/nflbadm" version 2>/dev/null | head -n 1)"
check_eq "nflb-healthd --version" "nflb-healthd $ver" \
	"$("$x/nflb-healthd/usr/sbin/nflb-healthd" --version 2>&1 | head -n 1)"
rel=${NFLB_KREL:-}
if [ -n "$rel" ] && nflb_kernel_ready "$rel"; then
	msrc=$work/msrc
	cp -r "$x/nflb-dkms$srcdir" "$msrc"
	if make -C "$(nflb_kernel_build "$rel")" M="$msrc" kmod/main.o \
		>"$work/kbuild.log" 2>&1; then
		check_match "the packaged module source says version $ver" "^version=$ver\$" \
			"$(objcopy -O binary -j .modinfo "$msrc/kmod/main.o" /dev/stdout | tr '\0' '\n')"
	else
		fail "compile the packaged module source against $rel"
		tail -n 20 "$work/kbuild.log"
	fi
fi

# make uninstall takes away what make install put, with the same variables.
stage=$work/stage
mk=(-C "$src" DESTDIR="$stage" PREFIX=/usr)
if make "${mk[@]}" install-userspace install-dkms >"$work/install.log" 2>&1; then
	ok "make install-userspace install-dkms DESTDIR=... PREFIX=/usr"
	check_match "it installed files" "libnflb" "$(find "$stage" ! -type d)"
	make "${mk[@]}" uninstall uninstall-dkms >"$work/uninstall.log" 2>&1
	check "make uninstall uninstall-dkms" test $? -eq 0
	check_eq "nothing left but directories" "" "$(find "$stage" ! -type d)"
else
	fail "make install-userspace install-dkms DESTDIR=... PREFIX=/usr"
	tail -n 20 "$work/install.log"
fi

# Hardening (dpkg-buildflags, hardening=+all): PIE, full RELRO, stack
# protector and _FORTIFY_SOURCE in the programs and the library.
for b in nflb-tools/usr/sbin/nflbadm nflb-healthd/usr/sbin/nflb-healthd "libnflb0$lib"; do
	f=$x/$b
	name=${b##*/}
	check_match "$name: GNU_RELRO" 'GNU_RELRO' "$(readelf -lW "$f")"
	check_match "$name: BIND_NOW (full RELRO)" '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW' \
		"$(readelf -dW "$f")"
	check_match "$name: position independent" 'Type: +DYN' "$(readelf -hW "$f")"
	dyn=$(objdump -T "$f")
	check_match "$name: stack protector (__stack_chk_fail)" '__stack_chk_fail' "$dyn"
	check_match "$name: _FORTIFY_SOURCE (__*_chk calls)" '__[a-z]+_chk($|@)' \
		"$(grep -v __stack_chk_fail <<<"$dyn")"
done
if command -v hardening-check >/dev/null; then
	for b in nflb-tools/usr/sbin/nflbadm nflb-healthd/usr/sbin/nflb-healthd "libnflb0$lib"; do
		check "hardening-check ${b##*/}" hardening-check -q "$x/$b"
	done
fi

# lintian: the binary packages and the .changes, no error or warning.
changes=$work/nflb_${ver}_$arch.changes
lintian --pedantic -I -E "$changes" >"$work/lintian.log" 2>&1
grep -E '^[EWIPX]: ' "$work/lintian.log" | sed 's/^/# lintian: /'
for t in E W I P; do
	printf '# lintian %s: %d\n' "$t" "$(grep -c "^$t: " "$work/lintian.log")"
done
check_fails "lintian: no error or warning" grep -qE '^[EW]: ' "$work/lintian.log"
for p in "${!deb[@]}"; do
	check "the .changes lists ${deb[$p]##*/}" grep -qF " ${deb[$p]##*/}" "$changes"
done
exit $nflb_ret
