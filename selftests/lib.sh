# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# (SC2034: the variables set here are used by the tests that source it.)
#
# Helpers for nflb's guest selftests (in the style of the kernel's
# tools/testing/selftests/net/forwarding/lib.sh).  Tests print one
# "[ OK ]" or "[FAIL]" line per check, exit 0 when every check passed, 1 when
# one failed and 4 (kselftest SKIP) when something they need is missing.

NFLB_ROOT=${NFLB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
NFLB_KO=${NFLB_KO:-$NFLB_ROOT/kmod/nflb.ko}
NFLBADM=${NFLBADM:-$NFLB_ROOT/tools/nflbadm/nflbadm}
NS_PREFIX=nflb-$$
ksft_skip=4
nflb_ret=0

# NFLB_STEP_LOG (set by guest-suite.sh): each check's time since the test
# began, to see where a slow test spends it.
nflb_t0=${EPOCHREALTIME/[.,]/}
step_time() {
	[ -n "${NFLB_STEP_LOG:-}" ] || return 0
	local now=${EPOCHREALTIME/[.,]/}
	printf '%6d ms %s\n' $(((now - nflb_t0) / 1000)) "$*" >>"$NFLB_STEP_LOG"
}
ok() {
	echo "[ OK ] $*"
	step_time "$*"
}
fail() {
	echo "[FAIL] $*"
	step_time "FAIL $*"
	nflb_ret=1
}
skip() {
	echo "SKIP: $*"
	exit $ksft_skip
}

# check DESCRIPTION COMMAND...: the check passes when COMMAND succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc (command: $*)"; fi
}

# check_fails DESCRIPTION COMMAND...: the check passes when COMMAND fails.
check_fails() {
	local desc=$1
	shift
	if "$@"; then fail "$desc (succeeded: $*)"; else ok "$desc"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

# check_match DESCRIPTION REGEX TEXT: TEXT has a line matching REGEX.
check_match() {
	if grep -qE -- "$2" <<<"$3"; then
		ok "$1"
	else
		fail "$1: no line matches /$2/ in:"
		while IFS= read -r line; do echo "       | $line"; done <<<"$3"
	fi
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip "$c is not installed"
	done
}

# The debug kernel (KASAN, lockdep, kmemleak) under TCG runs everything
# several times slower than a stock one: busywait's limits, which bound
# how long to wait for something to happen, stretch by NFLB_TIME_SCALE
# there.  Tests that assert a reaction time do so only where it is 1.
if [ -z "${NFLB_TIME_SCALE:-}" ]; then
	case $(uname -r) in
	*-nflb-debug) NFLB_TIME_SCALE=5 ;;
	*) NFLB_TIME_SCALE=1 ;;
	esac
fi

# now_ms: milliseconds of the epoch, and nap SECONDS: sleep; both without
# a new process (an exec costs up to a second on the debug kernel under
# TCG), nap by a read that times out on a pipe nobody writes to.
# said COMMAND...: what COMMAND printed, then "(exit N)" if it failed.
said() {
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then echo "$out"; else echo "$out (exit $rc)"; fi
}
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
exec {nflb_nap_fd}<> <(:)
nap() { read -rt "$1" -u "$nflb_nap_fd" || :; }

# busywait TIMEOUT_MS COMMAND...: poll COMMAND until it succeeds or the time
# (times NFLB_TIME_SCALE) is up; returns COMMAND's last status.
busywait() {
	local limit_us=$(($1 * NFLB_TIME_SCALE * 1000)) start now
	shift
	start=${EPOCHREALTIME/[.,]/}
	while true; do
		"$@" && return 0
		now=${EPOCHREALTIME/[.,]/}
		[ $((now - start)) -gt "$limit_us" ] && { "$@"; return; }
		nap 0.1
	done
}

nflb_loaded() { [ -d /sys/module/nflb ]; }

# insmod does not resolve dependencies: load what modinfo names first.
nflb_load() {
	local dep
	[ -f "$NFLB_KO" ] || skip "module $NFLB_KO not built"
	for dep in $(modinfo -F depends "$NFLB_KO" | tr , ' '); do
		modprobe "$dep" || return
	done
	insmod "$NFLB_KO"
}

nflb_unload() {
	if nflb_loaded; then rmmod nflb; fi
}

# Version the module file declares (modinfo), to compare with what it says.
nflb_ko_version() { modinfo -F version "$NFLB_KO"; }

# nflb_copy_sources DEST: copy what builds the module (as a source release
# ships it: no build output) into DEST.
nflb_copy_sources() {
	mkdir -p "$1" &&
		(cd "$NFLB_ROOT" &&
			find Kbuild VERSION dkms.conf kmod include -type f \
				\( -name '*.[ch]' -o -name Kbuild -o -name VERSION \
				-o -name dkms.conf \) \
				-print0 | xargs -0 cp --parents -t "$1")
}

# What the host unit tests of tools/ compile with: the Makefile's warnings
# and include paths.
unit_cflags=(-Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes
	-Wmissing-prototypes -Wno-unused-parameter -Iinclude/uapi -Ilib)

# check_tap NAME MIN COMMAND...: COMMAND (a unit test) prints TAP and exits
# 0, and every test it plans, at least MIN of them, passed; a failure shows
# the failing tests with their diagnostics.
check_tap() {
	local name=$1 min=$2 rc tap nok nnotok plan
	shift 2
	tap=$("$@" 2>&1)
	rc=$?
	check_eq "$name: exit status" 0 "$rc"
	nok=$(grep -c '^ok ' <<<"$tap")
	nnotok=$(grep -c '^not ok ' <<<"$tap")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' <<<"$tap")
	check_eq "$name: no test failed" 0 "$nnotok"
	check_eq "$name: every planned test ran and passed" "${plan:-none}" "$nok"
	check "$name: at least $min tests ($nok)" test "$nok" -ge "$min"
	if [ "$nnotok" -ne 0 ] || [ "$rc" -ne 0 ]; then
		grep -A12 '^not ok ' <<<"$tap" | grep -E '^(not ok|#)' | head -n 60
		tail -n 5 <<<"$tap"
	fi
}

# have_sanitizers DIR: cc builds and runs a program with the flags of
# $san_cflags, AddressSanitizer and UBSan (DIR holds the probe); else says
# that the sanitizer runs are skipped.
san_cflags=(-g -O1 "-fsanitize=address,undefined" -fno-sanitize-recover=all)
have_sanitizers() {
	if echo 'int main(void) { return 0; }' |
		cc "${san_cflags[@]}" -x c -o "$1/san-probe" - >/dev/null 2>&1 &&
		"$1/san-probe"; then
		return 0
	fi
	echo "# no AddressSanitizer/UBSan in this compiler: sanitizer runs skipped"
	return 1
}
