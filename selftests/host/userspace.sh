#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# userspace.sh: the library and tools build from a clean copy without a
# single compiler warning, and `make install` stages everything where
# distributions expect it -- tools, library, headers, a pkg-config file a
# program can build with, the man page and the bash completion.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
work=$(mktemp -d)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

(cd "$NFLB_ROOT" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$work") ||
	{ fail "copy the sources"; exit 1; }
if make -C "$work" userspace >"$work/build.log" 2>&1; then
	ok "make userspace"
else
	fail "make userspace"
	tail -n 30 "$work/build.log"
fi
if grep -E 'warning:' "$work/build.log"; then
	fail "userspace build has warnings"
else
	ok "userspace build has no warnings"
fi

dest=$work/stage
make -C "$work" install-userspace DESTDIR="$dest" PREFIX=/usr \
	>"$work/install.log" 2>&1
check "make install-userspace DESTDIR=... PREFIX=/usr" test $? -eq 0
man=/usr/share/man/man8/nflbadm.8
comp=/usr/share/bash-completion/completions/nflbadm
for f in /usr/sbin/nflbadm /usr/lib/libnflb.so.0 /usr/lib/libnflb.so \
	/usr/lib/libnflb.a /usr/include/nflb/libnflb.h \
	/usr/include/nflb/linux/nflb.h /usr/lib/pkgconfig/libnflb.pc \
	"$man" "$comp"; do
	check "installed $f" test -e "$dest$f"
done
# The systemd units: installed, valid, and nflb-healthd's hardened to an
# exposure of at most 2.5 (issue: systemd-analyze security).
units=$dest/lib/systemd/system
for u in nflb.service nflb-healthd.service; do
	check "installed unit $u" test -f "$units/$u"
done
if command -v systemd-analyze >/dev/null; then
	# verify wants the binaries where the units say: the staged ones.
	for u in nflb.service nflb-healthd.service; do
		sed "s|/usr/sbin/|$dest/usr/sbin/|g" "$units/$u" >"$work/$u"
		check_eq "systemd-analyze verify $u" "" \
			"$(systemd-analyze verify --man=no "$work/$u" 2>&1)"
	done
	score=$(systemd-analyze security --offline=yes "$work/nflb-healthd.service" 2>&1 |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	echo "# systemd-analyze security nflb-healthd: $score"
	check "nflb-healthd's exposure is at most 2.5 ($score)" \
		awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.5) }'
fi
# The man page formats without a warning and covers the subcommands.
if command -v groff >/dev/null; then
	check_eq "man page: groff -man -ww has no warning" "" \
		"$(groff -man -ww -z "$dest$man" 2>&1)"
	out=$(groff -man -Tutf8 "$dest$man" 2>/dev/null | col -bx)
	for w in APPLY EXPORT MONITOR INFO JSON "IPVSADM COMMANDS" "--prune" "-Lnc"; do
		check_match "man page covers $w" "$w" "$out"
	done
fi
# The completion loads in bash and completes subcommands and options.
out=$(bash -c 'source "$1"; COMP_WORDS=(nflbadm ap); COMP_CWORD=1; _nflbadm
	echo "${COMPREPLY[*]}"; COMP_WORDS=(nflbadm apply --d); COMP_CWORD=2
	_nflbadm; echo "${COMPREPLY[*]}"; complete -p nflbadm' _ "$dest$comp" 2>&1)
check_eq "bash completion: subcommand, apply option, registered" \
	"apply
--dry-run
complete -F _nflbadm nflbadm" "$out"
check_eq "soname" "libnflb.so.0" \
	"$(objdump -p "$dest/usr/lib/libnflb.so.0" | awk '/SONAME/ {print $2}')"
# The ABI (libnflb.h, "API and ABI"): the calls the header declares are
# exported, each as LIBNFLB_0, and nothing else is.
declared=$(grep -oE '^[a-z].*[ *](nflb_[a-z0-9_]+)\(' "$NFLB_ROOT/lib/libnflb.h" |
	grep -oE 'nflb_[a-z0-9_]+\($' | tr -d '(' | sort)
exported=$(objdump -T "$dest/usr/lib/libnflb.so.0" |
	awk '$4 == ".text" { print $7 "@" $6 }' | sort)
check_eq "exports exactly the header's calls, version LIBNFLB_0" \
	"${declared//$'\n'/@LIBNFLB_0$'\n'}@LIBNFLB_0" "$exported"
check_match "the header declares the calls" "nflb_apply" "$declared"

# A program builds against the staged library through pkg-config alone.
cat >"$work/prog.c" <<'C'
#include <libnflb.h>
#include <stdio.h>
int main(void) { puts(nflb_lib_version()); return 0; }
C
export PKG_CONFIG_PATH=$dest/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest
# shellcheck disable=SC2046
if cc -o "$work/prog" "$work/prog.c" $(pkg-config --cflags --libs libnflb) \
	>"$work/prog.log" 2>&1; then
	ok "a program compiles and links with pkg-config libnflb"
	check_match "it runs against the staged library" "^[0-9]+\.[0-9]+\.[0-9]+$" \
		"$(LD_LIBRARY_PATH=$dest/usr/lib "$work/prog")"
else
	fail "a program compiles and links with pkg-config libnflb"
	cat "$work/prog.log"
fi

# The module installs under updates/ of the chosen kernel; staged, no depmod.
rel=${NFLB_KREL:-}
if [ -n "$rel" ]; then
	make -C "$work" install-module KERNELRELEASE="$rel" DESTDIR="$dest" \
		>"$work/modinstall.log" 2>&1
	check "make install-module KERNELRELEASE=$rel DESTDIR=..." test $? -eq 0
	check "module staged under /lib/modules/$rel/updates" \
		test -f "$dest/lib/modules/$rel/updates/nflb.ko"
	check_fails "no depmod run when staging" \
		grep -q '^depmod' "$work/modinstall.log"
fi

# Without a kernel build tree make says so in one line and how to pick one.
out=$(make -C "$work" modules KERNELRELEASE=0.0-nonexistent --no-print-directory 2>&1)
check_fails "make fails without a build tree" test $? -eq 0
check_match "one line says which tree is missing and how to choose" \
	"^nflb: no kernel build tree at /lib/modules/0.0-nonexistent/build; .*KDIR=" \
	"$(head -n1 <<<"$out")"
exit $nflb_ret
