#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# profile.sh: where the balancer's CPU goes (make profile; boots through
# selftests/bench/run-guest.sh like datapath.sh, on datapath.sh's topology
# and configuration).  For each method and system it runs one workload and
# samples every CPU with perf's cpu-clock event (TCG has no hardware
# counters), then prints:
#
#   PROFILE WORKLOAD METHOD SYSTEM SAMPLES NFLB% IPVS% NF% ...
#       the share of all samples spent in nflb.ko, in ip_vs.ko (and its
#       scheduler), and in the rest of the kernel's netfilter code;
#   then the hottest symbols, one "#" line each.
#
# Workloads (NFLB_BENCH_PROFILE_LOADS, default "pps conn"): pps, pktgen UDP to
# the target; conn, lbpeer's new-connection loop.  NFLB_BENCH_PROFILE_METHODS
# ("nat dr tun"), NFLB_BENCH_SECS (seconds per profile, 3), NFLB_BENCH_PROFILE_TOP
# (symbols shown, 15).  The comparison that counts is nflb's share against
# IPVS's for the same work: absolute TCG figures mean nothing.

# shellcheck source=selftests/bench/datapath.sh
source "$(dirname "$0")/datapath.sh"
LOADS=${NFLB_BENCH_PROFILE_LOADS:-pps conn}
PMETHODS=${NFLB_BENCH_PROFILE_METHODS:-nat dr tun}
TOP=${NFLB_BENCH_PROFILE_TOP:-15}
PERF=${PERF:-perf}

# run_load LOAD SYSTEM: the workload, for SECS seconds.
run_load() {
	case $1 in
	pps) pps "$(target "$2")" >/dev/null ;;
	conn) conn_rate "$2" >/dev/null ;;
	esac
}

# profile LOAD METHOD SYSTEM.  perf takes many seconds to start under TCG
# (it reads every process's maps first), so it starts with its events off
# and the workload runs once perf acknowledges "enable".
profile() {
	local data=$NFLB_WORK/perf-$1-$2-$3.data out rep total pid ack
	local ctl=$NFLB_WORK/perf.ctl ackf=$NFLB_WORK/perf.ack
	configure "$3" "$2" || { echo "configure $3 $2 failed" >&2; return 1; }
	rm -f "$ctl" "$ackf"
	mkfifo "$ctl" "$ackf"
	"$PERF" record -q -e cpu-clock -F 2000 -a -D -1 \
		--control "fifo:$ctl,$ackf" -o "$data" -- sleep 3600 \
		>/dev/null 2>&1 &
	pid=$!
	echo enable >"$ctl"
	read -r ack <"$ackf"
	[ "$ack" = ack ] || { echo "perf did not start" >&2; return 1; }
	run_load "$1" "$3"
	echo disable >"$ctl"
	read -r ack <"$ackf"
	kill -INT "$pid"
	wait "$pid"
	out=$("$PERF" report -i "$data" --no-children --sort dso,sym --stdio \
		--percent-limit 0.01 2>/dev/null)
	rep=$(grep -E '^ +[0-9.]+%' <<<"$out")
	total=$(sed -n 's/^# Samples: \([0-9.]*[KM]*\).*/\1/p' <<<"$out" | head -n1)
	# by symbol: perf files a module's symbols under [kernel.kallsyms]
	# when it has no file for the module
	awk -v w="$1" -v m="$2" -v s="$3" -v n="${total:-0}" '
		{ p = $1; sub("%", "", p) }
		$2 == "[nflb]" || $NF ~ /^nflb_/ { nflb += p; next }
		$2 ~ /^\[ip_vs/ || $NF ~ /^ip_vs_/ { ipvs += p; next }
		$NF ~ /^(nf_|nft_|ipt_|xt_|ip6?t_|__nf_)/ { nf += p }
		END { printf "PROFILE %s %s %s %s %.1f %.1f %.1f\n", w, m, s, n, nflb, ipvs, nf }
	' <<<"$rep"
	head -n "$TOP" <<<"$rep" | sed 's/^/#   /'
	# and the balancers' own hottest
	grep -E ' (nflb_|ip_vs_)' <<<"$rep" | head -n 8 | sed 's/^/#   own: /'
	rm -f "$data"
}

main_profile() {
	local w m sys
	require_cmd "$PERF"
	bench_setup
	say "kernel $(uname -r): perf cpu-clock, ${SECS}s per profile"
	for w in $LOADS; do
		for m in $PMETHODS; do
			for sys in nflb ipvs direct; do
				say "profile $w $m $sys"
				profile "$w" "$m" "$sys" || exit 1
			done
		done
	done
	say "done"
}

main_profile
