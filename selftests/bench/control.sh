#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# control.sh: control-plane benchmark (not part of make check).  Programs
# N services x M real servers (default 10 000 x 10) three ways in one guest
# boot, each from an empty table, and prints the times and their ratios:
#
#   nflbadm apply -f state.json    (diff, then batched netlink requests)
#   nflbadm -R <restore.txt        (one request and its ACK per line)
#   ipvsadm -R <restore.txt        (IPVS, modprobe ip_vs; the incumbent)
#
# plus, for nflb, a second apply that changes nothing (one dump of the
# state and the diff) and one that changes 1% of the weights, and what
# the parts of an apply cost: --dry-run on the empty table (reading the
# file and planning every change, no request) and -S (reading the state).
#
#   selftests/bench/control.sh [KERNEL]   on the host: builds nflb.ko for
#                        KERNEL (default 6.1; a release or its prefix, as
#                        KERNELS= of make check) and runs itself in a guest
#                        (selftests/vm/run-vm.sh); results also in
#                        build/bench/<release>/result.txt
#   control.sh --guest   in the guest (NFLB_KO, NFLB_ROOT set)
#
#   NFLB_BENCH_SERVICES=10000 NFLB_BENCH_DESTS=10   the sizes
#   NFLB_BENCH_REPEAT=2   rounds; the best time of each is kept (the
#                         build machines are shared: times are noisy)
#   NFLBADM=/path/nflbadm another build of nflbadm to measure (a copy of an
#                         older one, say); default the tree's
#   NFLBADM_BASE=/path/nflbadm  also time this build's apply, -S and
#                         no-change apply in the same boot, interleaved
#                         ("... (base)"): shared machines make times of
#                         different boots incomparable
#   NFLB_BENCH_IPVS=0     skip ipvsadm -R (minutes under TCG)
#
# Addresses are from 198.18.0.0/15 (RFC 2544, benchmarking): services
# 198.18.x.y:80, real servers 198.19.0.z:80, direct routing.
#
#   guest init_net: nflb.ko and ip_vs loaded side by side, no traffic

set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=selftests/lib.sh
source "$here/../lib.sh"
nsvc=${NFLB_BENCH_SERVICES:-10000}
ndest=${NFLB_BENCH_DESTS:-10}
reps=${NFLB_BENCH_REPEAT:-2}

host_main() {
	local k=${1:-6.1} rel out
	# shellcheck source=selftests/vm/kernels.sh
	source "$NFLB_ROOT/selftests/vm/kernels.sh"
	rel=$(nflb_kernel_release "$k") || {
		echo "control.sh: no kernel $k unpacked in $nflb_kernel_cache (scripts/install-deps.sh)" >&2
		exit 1
	}
	out=$NFLB_ROOT/build/bench/$rel
	rm -rf "$out"
	mkdir -p "$out"
	nflb_copy_sources "$out/mod" || exit 1
	echo "# building nflb.ko for $rel and the tools"
	make -C "$(nflb_kernel_build "$rel")" M="$out/mod" modules >"$out/build.log" 2>&1 ||
		{ tail -n 20 "$out/build.log"; echo "control.sh: module build failed" >&2; exit 1; }
	make -s -C "$NFLB_ROOT" userspace >>"$out/build.log" 2>&1 ||
		{ tail -n 20 "$out/build.log"; echo "control.sh: userspace build failed" >&2; exit 1; }
	echo "# booting $rel: $nsvc services x $ndest real servers"
	"$NFLB_ROOT/selftests/vm/run-vm.sh" -t 3600 -o "$out/vm" "$rel" -- \
		env NFLB_KO="$out/mod/kmod/nflb.ko" NFLB_ROOT="$NFLB_ROOT" \
		NFLB_BENCH_SERVICES="$nsvc" NFLB_BENCH_DESTS="$ndest" \
		NFLB_BENCH_REPEAT="$reps" \
		NFLBADM="${NFLBADM:-$NFLB_ROOT/tools/nflbadm/nflbadm}" \
		NFLBADM_BASE="${NFLBADM_BASE:-}" NFLB_BENCH_IPVS="${NFLB_BENCH_IPVS:-1}" \
		bash "$NFLB_ROOT/selftests/bench/control.sh" --guest |
		tee "$out/result.txt"
	exit "${PIPESTATUS[0]}"
}

now_ms() { date +%s%3N; }

# timed NAME COMMAND...: run COMMAND (stdin as given), keep the best time
# in ms in t[NAME]; a failure ends the benchmark.
declare -A t=()
timed() {
	local name=$1 start rc ms
	shift
	start=$(now_ms)
	"$@" >"$work/$name.out" 2>&1
	rc=$?
	ms=$(($(now_ms) - start))
	if [ -z "${t[$name]:-}" ] || [ "$ms" -lt "${t[$name]}" ]; then
		t[$name]=$ms
	fi
	if [ $rc -ne 0 ]; then
		echo "control.sh: $name failed (exit $rc):" >&2
		tail -n 5 "$work/$name.out" >&2
		exit 1
	fi
	printf '%-28s %8d ms\n' "$name" "$ms"
}

# expect_count WHAT N COMMAND...: COMMAND prints N lines.
expect_count() {
	local what=$1 n=$2 got
	shift 2
	got=$("$@" | wc -l)
	[ "$got" -eq "$n" ] || { echo "control.sh: $what: $got lines, want $n" >&2; exit 1; }
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b ? a / b : 0) }'; }

guest_main() {
	local adm=$NFLBADM base=${NFLBADM_BASE:-} ipvs=${NFLB_BENCH_IPVS:-1}
	local lines=$((nsvc + nsvc * ndest)) names=()
	require_cmd ipvsadm python3
	work=$(mktemp -d)
	trap 'ipvsadm -C 2>/dev/null; modprobe -r ip_vs 2>/dev/null; nflb_unload; rm -rf "$work"' EXIT
	nflb_unload
	# shellcheck disable=SC2119 # no module parameters
	nflb_load || { echo "control.sh: insmod failed" >&2; exit 1; }
	modprobe ip_vs || { echo "control.sh: modprobe ip_vs failed" >&2; exit 1; }

	# The same configuration as a state file and as a restore file.
	python3 - "$nsvc" "$ndest" "$work" <<'PY'
import json, sys
nsvc, ndest, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
svcs, lines, changed = [], [], []
for i in range(nsvc):
    vip = "198.18.%d.%d" % ((i + 1) // 256, (i + 1) % 256)
    rs = [{"address": "198.19.0.%d" % (j + 1), "weight": 1} for j in range(ndest)]
    svcs.append({"protocol": "tcp", "address": vip, "port": 80, "real_servers": rs})
    lines.append("-A -t %s:80 -s wlc" % vip)
    lines += ["-a -t %s:80 -r %s:80 -g -w 1" % (vip, r["address"]) for r in rs]
json.dump({"services": svcs}, open(work + "/state.json", "w"))
open(work + "/restore.txt", "w").write("\n".join(lines) + "\n")
# 1% of the services get a new weight on their first real server.
for i in range(0, nsvc, 100):
    svcs[i]["real_servers"][0]["weight"] = 2
json.dump({"services": svcs}, open(work + "/changed.json", "w"))
PY
	echo "# $nsvc services x $ndest real servers = $lines objects, kernel $(uname -r), best of $reps"
	local r
	for r in $(seq "$reps"); do
		if [ -n "$base" ]; then
			"$base" -C
			timed "nflbadm apply (base)" "$base" apply -f "$work/state.json"
			timed "nflbadm -S (read all) (base)" "$base" -S -n
			timed "apply (no change) (base)" "$base" apply -f "$work/state.json"
		fi
		"$adm" -C
		timed "apply --dry-run (empty)" "$adm" apply --dry-run -f "$work/state.json"
		timed "nflbadm apply" "$adm" apply -f "$work/state.json"
		expect_count "nflbadm -S after apply" "$lines" "$adm" -S -n
		timed "nflbadm -S (read all)" "$adm" -S -n
		timed "nflbadm apply (no change)" "$adm" apply -f "$work/state.json"
		timed "nflbadm apply (1% weights)" "$adm" apply -f "$work/changed.json"
		expect_count "changes of the 1% apply" $(((nsvc + 99) / 100)) \
			cat "$work/nflbadm apply (1% weights).out"
		"$adm" -C
		timed "nflbadm -R" "$adm" -R <"$work/restore.txt"
		expect_count "nflbadm -S after -R" "$lines" "$adm" -S -n
		"$adm" -C
		[ "$ipvs" = 0 ] && continue
		ipvsadm -C
		timed "ipvsadm -R (IPVS)" ipvsadm -R <"$work/restore.txt"
		expect_count "ipvsadm -S after -R" "$lines" ipvsadm -S -n
		ipvsadm -C
	done
	# Where apply's time goes: CPU in nflbadm (reading the file, planning,
	# building requests, printing) against CPU in the kernel (handling the
	# requests and dumps), from the empty table and with nothing to change.
	echo "# one more apply each, CPU time split (bash time)"
	local TIMEFORMAT='%R s real, %U s user, %S s sys'
	"$adm" -C
	printf '%-28s ' "apply --dry-run (empty)"
	{ time "$adm" apply --dry-run -f "$work/state.json" >/dev/null; } 2>&1
	printf '%-28s ' "nflbadm apply"
	{ time "$adm" apply -f "$work/state.json" >/dev/null; } 2>&1
	printf '%-28s ' "nflbadm apply (no change)"
	{ time "$adm" apply -f "$work/state.json" >/dev/null; } 2>&1
	"$adm" -C
	echo "# best times"
	[ -n "$base" ] && names+=("nflbadm apply (base)" "nflbadm -S (read all) (base)" \
		"apply (no change) (base)")
	names+=("apply --dry-run (empty)" "nflbadm apply" "nflbadm -S (read all)" \
		"nflbadm apply (no change)" "nflbadm apply (1% weights)" "nflbadm -R")
	[ "$ipvs" = 0 ] || names+=("ipvsadm -R (IPVS)")
	for r in "${names[@]}"; do
		printf '%-28s %8d ms\n' "$r" "${t[$r]}"
	done
	echo "# ratios (higher: nflbadm apply is that many times faster)"
	[ -n "$base" ] &&
		echo "nflbadm apply (base) / nflbadm apply: $(ratio "${t[nflbadm apply (base)]}" "${t[nflbadm apply]}")"
	echo "nflbadm -R / nflbadm apply:        $(ratio "${t[nflbadm -R]}" "${t[nflbadm apply]}")"
	[ "$ipvs" = 0 ] && return
	echo "ipvsadm -R / nflbadm apply:        $(ratio "${t[ipvsadm -R (IPVS)]}" "${t[nflbadm apply]}")"
	echo "ipvsadm -R / nflbadm -R:           $(ratio "${t[ipvsadm -R (IPVS)]}" "${t[nflbadm -R]}")"
}

if [ "${1:-}" = --guest ]; then
	guest_main
else
	host_main "$@"
fi
