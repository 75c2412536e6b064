#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: nflb's test runner, what `make check` runs.
#
#   KERNELS="6.1 6.12 debug"  kernels to test on: Debian releases or their
#                       prefix, and "debug", our KASAN/lockdep/kmemleak/KUnit
#                       kernel (scripts/debug-kernel/build.sh builds it once)
#   T="name ..."        run only these tests (names or globs, e.g. T=autoload)
#   V=1                 show every test's output, not only failures'
#   NFLB_TEST_TIMEOUT   seconds one guest test may take (300; debug: 1200)
#   NFLB_GUEST_TIMEOUT  seconds one guest boot may take (1800; debug: 4200)
#   NFLB_FUZZ_COUNT     messages guest/nl_fuzz.sh sends (make fuzz-kernel;
#                       default: its short slice)
#
# Host tests run here; guest tests (selftests/guest/*.sh) run inside one
# QEMU boot per kernel, followed by a check of that guest's kernel log.
# Output is TAP; the last line is "N passed, N failed[, N skipped]".
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
# shellcheck source=selftests/vm/kernels.sh
source selftests/vm/kernels.sh

KERNELS=${KERNELS:-6.1 6.12 debug}
T=${T:-}
V=${V:-0}
# Time limits of a guest boot and of one test in it.  The debug kernel
# (KASAN, lockdep, kmemleak under TCG) runs the same tests 3-5 times slower.
guest_timeout_stock=${NFLB_GUEST_TIMEOUT:-1800}
guest_timeout_debug=${NFLB_GUEST_TIMEOUT:-4200}
test_timeout_stock=${NFLB_TEST_TIMEOUT:-300}
test_timeout_debug=${NFLB_TEST_TIMEOUT:-1200}
# NFLB_CHECK_OUT: another output directory, for runs side by side.
out=${NFLB_CHECK_OUT:-$root/build/check}
n=0 npass=0 nfail=0 nskip=0

rm -rf "$out"
mkdir -p "$out"

# selected NAME: NAME is one of the tests T asks for (all when T is empty).
selected() {
	local pat pats
	[ -z "$T" ] && return 0
	set -f
	# shellcheck disable=SC2206
	pats=(${T//,/ })
	set +f
	for pat in "${pats[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $pat ]] && return 0
	done
	return 1
}

# report STATUS NAME DETAIL LOG: one TAP line; a failure (or V=1) also shows
# the failing assertions and the tail of the test's log.
report() {
	local status=$1 name=$2 detail=$3 log=$4
	n=$((n + 1))
	case $status in
	PASS)
		npass=$((npass + 1))
		echo "ok $n - $name"
		;;
	SKIP)
		nskip=$((nskip + 1))
		echo "ok $n - $name # SKIP ${detail:-no reason given}"
		;;
	*)
		nfail=$((nfail + 1))
		echo "not ok $n - $name${detail:+ # $detail}"
		;;
	esac
	[ -n "$log" ] && [ -f "$log" ] || return 0
	if [ "$V" = 1 ]; then
		sed 's/^/# /' "$log"
	elif [ "$status" = FAIL ]; then
		grep -h '^\[FAIL\]' "$log" | sed 's/^/# /'
		echo "# --- last lines of $log:"
		tail -n 20 "$log" | sed 's/^/# /'
	fi
}

# run_host NAME COMMAND...: a host test; exit 0 passes, 4 skips.
run_host() {
	local name=$1 log rc t0=$SECONDS
	shift
	log=$out/host/${name//\//_}.log
	mkdir -p "$out/host"
	"$@" >"$log" 2>&1
	rc=$?
	echo "# $name took $((SECONDS - t0))s"
	case $rc in
	0) report PASS "$name" "" "$log" ;;
	4) report SKIP "$name" "$(sed -n 's/^SKIP: //p' "$log" | tail -n1)" "$log" ;;
	*) report FAIL "$name" "exit status $rc" "$log" ;;
	esac
	return $rc
}

# boot_guest UNIT K KERNEL KO TEST...: boot KERNEL (a release or an image)
# of kernel K once and run the guest tests; the guest's output goes to
# $out/vm/UNIT/stream and run-vm.sh's exit status to $out/vm/UNIT/status.
# UNIT is K (one boot per kernel), or K-systemd for the tests that need
# systemd as PID 1.
boot_guest() {
	local unit=$1 k=$2 kernel=$3 ko=$4 vmout
	local gtimeout=$guest_timeout_stock ttimeout=$test_timeout_stock
	local -a vmopts=()
	shift 4
	vmout=$out/vm/$unit
	mkdir -p "$vmout"
	[ -n "${kmods[$k]:-}" ] && vmopts=(-M "${kmods[$k]}")
	[ "$unit" = "$k-systemd" ] && vmopts+=(-S)
	# two guests at once on two cores: one host thread each (run-vm.sh)
	[ "${NFLB_GUEST_JOBS:-2}" -gt 1 ] && vmopts+=(-1)
	if [ "${kkind[$k]}" = debug ]; then
		gtimeout=$guest_timeout_debug
		ttimeout=$test_timeout_debug
	fi
	selftests/vm/run-vm.sh -t "$gtimeout" -o "$vmout" \
		"${vmopts[@]}" "$kernel" -- \
		env NFLB_KO="$ko" NFLB_ROOT="$root" NFLB_TEST_TIMEOUT="$ttimeout" \
		NFLB_FUZZ_COUNT="${NFLB_FUZZ_COUNT:-}" \
		bash "$root/selftests/guest-suite.sh" /nflb-out/tests "$@" \
		>"$vmout/stream" 2>&1
	echo $? >"$vmout/status"
}

# report_guest UNIT K TEST...: report the results of UNIT's boot_guest
# (tests as K/TEST, the guest's own checks as UNIT/kmemleak and
# UNIT/dmesg_clean), then check the guest's kernel log.
report_guest() {
	local unit=$1 k=$2 vmout line t status detail rc name
	shift 2
	local -A seen=()
	vmout=$out/vm/$unit
	while IFS= read -r line; do
		case $line in
		"@@start "*)
			[ "$V" = 1 ] && echo "# running $k/${line#@@start }"
			;;
		"@@time "*)
			read -r t detail <<<"${line#@@time }"
			echo "# $unit/$t took ${detail}s"
			;;
		"@@result "*)
			read -r status t detail <<<"${line#@@result }"
			seen[$t]=1
			name=$k/$t
			[ "$t" = kmemleak ] && name=$unit/$t
			report "$status" "$name" "$detail" "$vmout/tests/$t.log"
			if [ "$status" = FAIL ]; then
				echo "# --- last lines of the guest console:"
				tail -n 10 "$vmout/console.log" | sed 's/^/# /'
			fi
			;;
		*)
			[ "$V" = 1 ] && echo "# $line"
			;;
		esac
	done <"$vmout/stream"
	rc=$(cat "$vmout/status" 2>/dev/null || echo "?")
	for t in "$@"; do
		[ -n "${seen[$t]:-}" ] && continue
		report FAIL "$k/$t" "no result: the guest died or timed out (run-vm status $rc)" \
			"$vmout/console.log"
	done

	local dlog=$vmout/dmesg
	[ -f "$dlog" ] || dlog=$vmout/console.log
	# A guest that never booted has no log to be clean (the guest writes
	# dmesg before powering off; a debug kernel's ring may have wrapped).
	if [ ! -s "$vmout/dmesg" ] && ! grep -qs 'Linux version' "$dlog"; then
		report FAIL "$unit/dmesg_clean" "no kernel log in $dlog: the guest did not boot" \
			"$vmout/console.log"
		return
	fi
	selftests/vm/scan-dmesg.sh "$dlog" >"$vmout/splats.log" 2>&1
	case $? in
	0) report PASS "$unit/dmesg_clean" "" "" ;;
	*) report FAIL "$unit/dmesg_clean" "kernel splats in $dlog" "$vmout/splats.log" ;;
	esac
}

# The machine's kernels, /boot and /lib/modules before anything runs; the
# host test build_machine compares them at the end.
if selected build_machine; then
	selftests/host/build_machine.sh snapshot "$out/build_machine" >/dev/null 2>&1
fi

echo "TAP version 13"

# The tools the guest tests drive are built once, on the host.
if ! make -s userspace testprogs >"$out/userspace.log" 2>&1; then
	report FAIL "prerequisite: make userspace testprogs" "" "$out/userspace.log"
fi

guest_sel=()
for f in selftests/guest/*.sh; do
	t=$(basename "$f" .sh)
	if selected "$t"; then guest_sel+=("$t"); fi
done

# guest_tests KIND KERNEL BOOT: the selected guest tests for a kernel of
# KIND (stock or debug) that need a BOOT of that kind: "plain" (the
# default) or "systemd" (the test's header says "# nflb-boot: systemd":
# a boot of their own with systemd as PID 1, run-vm.sh -S; only when T
# asks for tests).  A test's header may limit it: "# nflb-kernels: WORDS",
# each word a kind or a kernel name as KERNELS has it (6.1, 6.12, debug).
guest_tests() {
	local t only w boot
	for t in "${guest_sel[@]}"; do
		boot=$(sed -n 's/^# nflb-boot: *//p' "selftests/guest/$t.sh")
		[ "${boot:-plain}" = "$3" ] || continue
		[ "$3" = plain ] || [ -n "$T" ] || continue
		only=$(sed -n 's/^# nflb-kernels: *//p' "selftests/guest/$t.sh")
		if [ -z "$only" ]; then
			echo "$t"
			continue
		fi
		for w in $only; do
			if [ "$w" = "$1" ] || [ "$w" = "$2" ]; then
				echo "$t"
				break
			fi
		done
	done
}

# Per kernel: release, what to boot, build tree, module root, kind.
declare -A krel=() kboot=() kkdir=() kmods=() kkind=()
dkms_rels=()
first_rel=
for k in $KERNELS; do
	if [ "$k" = debug ]; then
		# The first run on a machine builds it (536 s on two idle cores, empty ccache).
		if selected kunit || [ ${#guest_sel[@]} -gt 0 ] || selected kbuild; then
			echo "# building or finding the debug kernel (scripts/debug-kernel/build.sh)"
			run_host debug/kernel scripts/debug-kernel/build.sh --dir || continue
			dir=$(tail -n1 "$out/host/debug_kernel.log")
			krel[$k]=$(sed -n 's/^release=//p' "$dir/info")
			kboot[$k]=$dir/bzImage
			kkdir[$k]=$dir/linux
			kmods[$k]=$dir/modules
			kkind[$k]=debug
		fi
		continue
	fi
	# A Debian kernel, unpacked in the kernel cache (selftests/vm/kernels.sh).
	if ! rel=$(nflb_kernel_release "$k"); then
		report FAIL "$k/kernel" "no kernel $k unpacked in $nflb_kernel_cache (scripts/install-deps.sh)" ""
		continue
	fi
	krel[$k]=$rel
	kboot[$k]=$(nflb_kernel_image "$rel")
	kkdir[$k]=$(nflb_kernel_build "$rel")
	kmods[$k]=$(nflb_kernel_dir "$rel")
	kkind[$k]=stock
	[ -n "$first_rel" ] || first_rel=$rel
done

# kernel_builds K: build the module for kernel K, check its modinfo, and
# install it with DKMS (stock kernels), once.
declare -A kbuilt=()
kernel_builds() {
	local k=$1 rel=${krel[$1]:-} moddir
	[ -n "$rel" ] && [ -z "${kbuilt[$k]:-}" ] || return 0
	kbuilt[$k]=1
	echo "# kernel $k is $rel"
	moddir=$out/mod/$rel
	if selected kbuild || [ ${#guest_sel[@]} -gt 0 ] || selected modinfo ||
		{ [ "$rel" = "$first_rel" ] && { selected perf_gate || selected layering; }; }; then
		run_host "$k/kbuild" env KDIR="${kkdir[$k]}" \
			selftests/host/kbuild.sh "$rel" "$moddir"
	fi
	selected modinfo && run_host "$k/modinfo" selftests/host/modinfo.sh "$moddir/kmod/nflb.ko"
	if [ "${kkind[$k]}" = stock ] && { selected dkms_modprobe || selected dkms; }; then
		run_host "$k/dkms_install" selftests/host/dkms.sh install "$rel"
		dkms_rels+=("$rel")
	fi
}

# The guests, in two lanes: the debug kernel's (the longest) boots as soon
# as its module is built and runs alongside the host tests; the stock
# kernels' lane follows the host tests, one kernel after the other.  A
# guest keeps at most one of the two CPUs busy.
# NFLB_GUEST_JOBS=1: one lane after the host tests, one guest at a time.
# Results are reported in KERNELS order once all have finished.
declare -A ktests=() unit_k=()
units=()
lanes=()
for k in $KERNELS; do
	rel=${krel[$k]:-}
	[ -n "$rel" ] || continue
	lane=0
	if [ "${NFLB_GUEST_JOBS:-2}" -gt 1 ] && [ "${kkind[$k]}" = debug ]; then
		lane=1
	fi
	for boot in plain systemd; do
		mapfile -t tests < <(guest_tests "${kkind[$k]}" "$k" "$boot")
		[ ${#tests[@]} -gt 0 ] || continue
		u=$k
		[ "$boot" = plain ] || u=$k-$boot
		ktests[$u]="${tests[*]}"
		unit_k[$u]=$k
		units+=("$u")
		lanes[lane]+="$u "
		echo "# booting $u for: ${tests[*]}"
	done
done

# start_lane LANE: boot the lane's guests one after the other, in the
# background.
lane_pids=()
start_lane() {
	local lane=$1
	[ -n "${lanes[lane]:-}" ] || return 0
	(
		for u in ${lanes[lane]}; do
			k=${unit_k[$u]}
			t0=$SECONDS
			# shellcheck disable=SC2086 # a list of test names
			boot_guest "$u" "$k" "${kboot[$k]}" \
				"$out/mod/${krel[$k]}/kmod/nflb.ko" ${ktests[$u]}
			echo "# $u: guest done in $((SECONDS - t0))s"
		done
	) &
	lane_pids+=($!)
}

if [ -n "${lanes[1]:-}" ]; then
	for u in ${lanes[1]}; do
		kernel_builds "${unit_k[$u]}"
	done
	start_lane 1
fi

selected userspace && run_host userspace env NFLB_KREL="$first_rel" selftests/host/userspace.sh
selected deb && run_host deb env NFLB_KREL="$first_rel" selftests/host/deb.sh
selected harness && run_host harness selftests/host/harness.sh
selected shellcheck && run_host shellcheck selftests/host/shellcheck.sh
selected checkpatch && run_host checkpatch selftests/host/checkpatch.sh
selected nflbadm_syntax && run_host nflbadm_syntax selftests/host/nflbadm_syntax.sh
selected schema && run_host schema selftests/host/schema.sh
selected healthd_config && run_host healthd_config selftests/host/healthd_config.sh
selected fuzz && run_host fuzz selftests/host/fuzz.sh
if [ -n "$first_rel" ] && selected harness_vm; then
	run_host harness_vm selftests/host/harness_vm.sh "$first_rel"
fi

for k in $KERNELS; do
	kernel_builds "$k"
done
# One-way layers and no call cycles, read from the first kernel's objects.
if [ -n "$first_rel" ] && selected layering; then
	run_host layering selftests/host/layering.sh "$out/mod/$first_rel/kmod"
fi
# The performance gate: one icount guest of the first stock kernel, before
# the stock kernels' lane (the debug lane runs meanwhile on the other CPU,
# which icount does not see).
if [ -n "$first_rel" ] && selected perf_gate && [ -f "$out/mod/$first_rel/kmod/nflb.ko" ]; then
	run_host perf_gate selftests/host/perf_gate.sh "$first_rel" "$out/mod/$first_rel/kmod/nflb.ko"
fi
start_lane 0
wait "${lane_pids[@]}"
for u in "${units[@]}"; do
	# shellcheck disable=SC2086
	report_guest "$u" "${unit_k[$u]}" ${ktests[$u]}
done

if [ ${#dkms_rels[@]} -gt 0 ]; then
	run_host dkms_remove selftests/host/dkms.sh remove "${dkms_rels[@]}"
fi
selected build_machine &&
	run_host build_machine selftests/host/build_machine.sh compare "$out/build_machine"

echo "1..$n"
summary="$npass passed, $nfail failed"
[ "$nskip" -gt 0 ] && summary+=", $nskip skipped"
echo "$summary"
[ "$nfail" -eq 0 ] && [ "$n" -gt 0 ]
