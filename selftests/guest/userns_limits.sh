#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Limits a container cannot lift (Documentation/security.rst): uid 65534,
# in a memory cgroup of its own, creates a user+net namespace and manages
# nflb there with nflbadm; the host's ceilings (module parameters) bound
# what it may set and create, say so in their refusals, and only root of
# the initial namespaces raises them; what it creates is charged to its
# cgroup (slab and per-CPU counters); a duplicate NEW_SERVICE allocates
# nothing and never waits for rcu_barrier() (function tracer).
#
#   init_net: root              cgroup nflb-PID (memory controller)
#   /sys/module/nflb/parameters  uid 65534: unshare -Urn sleep (the keeper)
#   nflbadm config (no ceiling)   nsenter -U -n: nflbadm, 2000 services
#
# Kernels without cgroups or the function tracer (the debug kernel) run
# the rest and say which checks they left out.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/../lib.sh"
require_cmd setpriv unshare nsenter

params=/sys/module/nflb/parameters
cg=""
cg_mounted=""
trace=""
trace_mounted=""
keeper=""

cleanup() {
	if [ -n "$trace" ]; then
		echo nop >"$trace/current_tracer"
		echo >"$trace/set_ftrace_filter"
	fi
	[ -n "$trace_mounted" ] && umount /sys/kernel/tracing
	if [ -n "$keeper" ]; then
		kill "$keeper" 2>/dev/null
		wait "$keeper" 2>/dev/null
	fi
	[ -n "$cg" ] && rmdir "$cg" 2>/dev/null
	[ -n "$cg_mounted" ] && umount /sys/fs/cgroup
	nflb_unload 2>/dev/null
}
trap cleanup EXIT

# A memory cgroup for the user, where the kernel has them.
if [ -d /sys/fs/cgroup ]; then
	if [ ! -e /sys/fs/cgroup/cgroup.controllers ] &&
	   mount -t cgroup2 none /sys/fs/cgroup; then
		cg_mounted=1
	fi
	if grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
		echo +memory >/sys/fs/cgroup/cgroup.subtree_control
		cg=/sys/fs/cgroup/$NS_PREFIX
		mkdir "$cg" || fail "cannot make cgroup $cg"
	fi
fi
[ -n "$cg" ] || echo "# no memory cgroup on this kernel: memory checks left out"

# user COMMAND...: COMMAND as uid 65534 in its cgroup, in the keeper's
# user and network namespaces (where it is root).
user() {
	bash -c '[ -z "$0" ] || echo $$ >"$0/cgroup.procs" || exit
		exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"' \
		"$cg" nsenter -t "$keeper" -U -n --preserve-credentials "$@"
}
adm() { user "$NFLBADM" "$@"; }

# memstat KEY: a field of the cgroup's memory.stat, in bytes.
memstat() { awk -v k="$1" '$1 == k { print $2 }' "$cg/memory.stat"; }

# possible CPUs ("0-1", "0"): per-CPU memory is charged for each.
ncpus=$(awk -F- '{ print ($2 == "" ? 1 : $2 - $1 + 1) }' \
	/sys/devices/system/cpu/possible)

nflb_unload
check "insmod" nflb_load
check_eq "ceilings' defaults" "65536 65536 262144 16384" \
	"$(cat $params/max_services_ceiling $params/max_dests_ceiling \
		$params/max_conns_ceiling $params/sni_max_pending_ceiling | xargs)"

# The keeper: its user+net namespace lives as long as it does.
bash -c '[ -z "$0" ] || echo $$ >"$0/cgroup.procs" || exit
	exec setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -Urn sleep 1000' "$cg" &
keeper=$!
in_own_netns() {
	[ "$(readlink "/proc/$keeper/ns/net")" != "$(readlink /proc/self/ns/net)" ]
}
busywait 5000 in_own_netns || fail "the keeper has no network namespace"

out=$(adm config)
check_match "uid 65534 reads its namespace's config" "^max-services 65536$" "$out"
check_match "its defaults are the ceilings where lower (conns)" "^max-conns 262144$" "$out"
check_match "... (pending SNI connections)" "^sni-max-pending 16384$" "$out"
check_match "config shows the host's ceilings there" "^max-conns-ceiling 262144$" "$out"
check_match "... each of them" "^sni-max-pending-ceiling 16384$" "$out"
check "it may lower a limit" adm config max-conns 1000
out=$(adm config max-conns 262145 2>&1)
check_eq "it cannot raise max-conns above the ceiling (exit 1)" 1 "$?"
check_match "... and is told the ceiling" \
	"^nflbadm: config: max-conns above the host ceiling( of 262144)? \(max_conns_ceiling\)$" "$out"
out=$(adm config sni-max-pending 16385 2>&1)
check_match "nor sni-max-pending" \
	"^nflbadm: config: sni-max-pending above the host ceiling( of 16384)? \(sni_max_pending_ceiling\)$" "$out"
out=$(adm config max-services-ceiling 70000 2>&1)
check_match "nflbadm will not send a ceiling" \
	"^nflbadm: config: max-services-ceiling is the host's" "$out"
check_fails "uid 65534 cannot write a ceiling" \
	user sh -c "echo 70000 >$params/max_services_ceiling"
check_match "host root's own namespace has no ceiling" "^max-services 1048576$" \
	"$("$NFLBADM" config)"
check_eq "... and shows none" "" "$("$NFLBADM" config | grep ceiling)"

# 2000 services under a ceiling of 2000; the host raises it by one.
nsvc=2000
echo $nsvc >$params/max_services_ceiling
check_match "max-services follows a lowered ceiling" "^max-services $nsvc$" \
	"$(adm config)"
svcs=$(for ((i = 1; i <= nsvc; i++)); do echo "-A -t 192.0.2.1:$i -s rr"; done)
if [ -n "$cg" ]; then
	cur0=$(cat "$cg/memory.current")
	pcpu0=$(memstat percpu)
	slab0=$(memstat slab_unreclaimable)
fi
check "uid 65534 adds $nsvc services in its namespace" adm -R <<<"$svcs"
check_match "they are there" "^services: $nsvc$" "$(adm info)"
if [ -n "$cg" ]; then
	# Each service: a kmalloc'd struct of more than 256 bytes and
	# 40 bytes of counters per possible CPU.
	want_slab=$((nsvc * 256))
	want_pcpu=$((nsvc * 40 * ncpus))
	d_cur=$(($(cat "$cg/memory.current") - cur0))
	d_pcpu=$(($(memstat percpu) - pcpu0))
	d_slab=$(($(memstat slab_unreclaimable) - slab0))
	echo "# cgroup grew by $d_cur bytes: slab $d_slab, per-CPU $d_pcpu ($ncpus CPUs)"
	check "its cgroup's slab grew by >= $want_slab" [ "$d_slab" -ge "$want_slab" ]
	check "its cgroup's per-CPU memory grew by >= $want_pcpu" \
		[ "$d_pcpu" -ge "$want_pcpu" ]
	check "its memory.current grew by >= $((want_slab + want_pcpu))" \
		[ "$d_cur" -ge $((want_slab + want_pcpu)) ]
fi
out=$(adm -A -t 192.0.2.2:443 2>&1)
check_eq "service $((nsvc + 1)) is refused (exit 1)" 1 "$?"
check_match "... with the ceiling named" \
	"^nflbadm: host ceiling reached: ($nsvc )?services and SNI rules \(max_services_ceiling\)$" "$out"
out=$(adm config max-services $((nsvc + 1)) 2>&1)
check_match "max-services cannot go past it" \
	"^nflbadm: config: max-services above the host ceiling( of $nsvc)? \(max_services_ceiling\)$" "$out"
out=$(nsenter -t "$keeper" -n "$NFLBADM" config max-services $((nsvc + 1)) 2>&1)
check_match "nor by host root in that namespace: the ceiling is the module's" \
	"max-services above the host ceiling" "$out"
echo $((nsvc + 1)) >$params/max_services_ceiling
check "host root raised the ceiling: service $((nsvc + 1)) fits" \
	adm -A -t 192.0.2.2:443 -s rr

echo 2 >$params/max_dests_ceiling
check "a real server" adm -a -t 192.0.2.2:443 -r 198.51.100.1:443 -m
check "a second" adm -a -t 192.0.2.2:443 -r 198.51.100.2:443 -m
out=$(adm -a -t 192.0.2.2:443 -r 198.51.100.3:443 -m 2>&1)
check_match "a third is refused with the ceiling named" \
	"^nflbadm: host ceiling reached: (2 )?real servers per service \(max_dests_ceiling\)$" "$out"

# A duplicate NEW_SERVICE: refused as such (at the limit too), before any
# allocation, and without rcu_barrier().
out=$(adm -A -t 192.0.2.1:1 -s rr 2>&1)
check_eq "a duplicate at the limit is refused as a duplicate" \
	"nflbadm: service already exists" "$out"
echo $((nsvc + 2)) >$params/max_services_ceiling
for t in /sys/kernel/tracing /sys/kernel/debug/tracing; do
	[ -e "$t/set_ftrace_filter" ] && { trace=$t; break; }
done
if [ -z "$trace" ] && [ -d /sys/kernel/tracing ] &&
   mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null; then
	trace_mounted=1
	[ -e /sys/kernel/tracing/set_ftrace_filter ] && trace=/sys/kernel/tracing
fi
if [ -n "$trace" ]; then
	# Only this shell and what it starts (nflbadm, whose requests the
	# kernel handles in its context): a namespace of an earlier test
	# may still be going away in a worker, which calls rcu_barrier().
	if ! { echo nflb_svc_alloc >"$trace/set_ftrace_filter" &&
	       echo rcu_barrier >>"$trace/set_ftrace_filter" &&
	       echo 1 >"$trace/options/function-fork" &&
	       echo $$ >"$trace/set_ftrace_pid" &&
	       echo function >"$trace/current_tracer" &&
	       echo >"$trace/trace"; }; then
		fail "cannot trace nflb_svc_alloc and rcu_barrier"
	fi
	for ((i = 0; i < 20; i++)); do
		adm -A -t 192.0.2.1:1 -s rr 2>/dev/null && fail "a duplicate was added"
	done
	out=$(adm -A -t 192.0.2.1:1 -s rr 2>&1)
	check_eq "below the limit too" "nflbadm: service already exists" "$out"
	adm -A -t 192.0.2.3:443 -s rr || fail "one more service"
	# (a change of tracer empties the buffer: read it first)
	calls=$(grep -v '^#' "$trace/trace")
	echo nop >"$trace/current_tracer"
	echo >"$trace/set_ftrace_pid"
	echo 0 >"$trace/options/function-fork"
	grep ' rcu_barrier <-' <<<"$calls" | sed 's/^/# /'
	check_eq "21 duplicates allocated nothing, one new service once" 1 \
		"$(grep -c ' nflb_svc_alloc <-' <<<"$calls")"
	check_eq "no rcu_barrier() on the way" 0 \
		"$(grep -c ' rcu_barrier <-' <<<"$calls")"
else
	echo "# no function tracer on this kernel: duplicate NEW_SERVICE checks left out"
fi

check "flush" adm -C
if [ -n "$cg" ]; then
	# Services go after a grace period: their counters with them.
	pcpu_back() { [ "$(memstat percpu)" -le $((pcpu0 + want_pcpu / 10)) ]; }
	check "the flush gave the per-CPU memory back" busywait 5000 pcpu_back
fi
exit $nflb_ret
