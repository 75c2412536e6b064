#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""icount_report.py: figures of selftests/bench/icount.sh's guest logs.

    icount_report.py LOG...                      a table per log
    icount_report.py --gate BASELINE LOG         and the regression gate

Each row's figure is the least guest time of its rounds (anything that
disturbs a round only adds to it), as nanoseconds per packet and as
throughput relative to plain forwarding in the same guest ("fwd"): the
ratio is fwd's time over the row's, so 1.0 is as fast as forwarding and
higher is faster.

The gate compares the ratios of the rows named in BASELINE ("SERIES ROW
RATIO" lines, SERIES the kernel's major.minor) with this run's, and fails
when one fell more than 1 % below its baseline.  A ratio more than 1 %
above its baseline is reported, so that the baseline can be raised in the
commit that earned it.
"""
import re
import sys

TOLERANCE = 0.01
ORDER = ["fwd", "other", "nat", "dr", "tun", "nat_new",
         "ipvs_nat", "ipvs_dr", "ipvs_nat_new", "svc1", "svc100k"]
WHAT = {
    "fwd": "plain forwarding, no service",
    "other": "forwarding, not for a VIP, with nflb's services",
    "nat": "nflb NAT, existing entries",
    "dr": "nflb DR, existing entries",
    "tun": "nflb IP-in-IP, existing entries",
    "nat_new": "nflb NAT, a new flow per packet",
    "ipvs_nat": "IPVS NAT, existing entries",
    "ipvs_dr": "IPVS DR, existing entries",
    "ipvs_nat_new": "IPVS NAT, a new flow per packet",
    "svc1": "nflb NAT, one service in the namespace",
    "svc100k": "nflb NAT, 100 000 services in the namespace",
}


def parse(path):
    info, rows = {}, {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) >= 3 and w[0] == "BENCHINFO":
                info[w[1]] = " ".join(w[2:])
            elif len(w) == 6 and w[:2] == ["BENCH", "icount"]:
                row, usec, pkts = w[2], int(w[4]), int(w[5])
                rows.setdefault(row, []).append((usec, pkts))
    return info, rows


def series(release):
    m = re.match(r"(\d+\.\d+)", release)
    return m.group(1) if m else release


def figures(path):
    info, rows = parse(path)
    count = int(info.get("count", "0"))
    if "fwd" not in rows or not count:
        raise SystemExit(f"{path}: no plain-forwarding figure (did the guest run finish?)")
    best = {r: min(u for u, _ in v) for r, v in rows.items()}
    short = {r: min(p for _, p in v) for r, v in rows.items() if min(p for _, p in v) < count}
    return info, rows, best, count, short


def table(path):
    info, rows, best, count, short = figures(path)
    print(f"# {path}: kernel {info.get('kernel', '?')}, {count} packets per round")
    print(f"# {'row':<13} {'ns/packet':>9} {'vs fwd':>7} {'spread':>7}  what")
    for r in [x for x in ORDER if x in best] + sorted(set(best) - set(ORDER)):
        us = [u for u, _ in rows[r]]
        spread = (max(us) - min(us)) / min(us) * 100
        print(f"  {r:<13} {best[r] * 1000 / count:9.1f} {best['fwd'] / best[r]:7.4f}"
              f" {spread:6.3f}%  {WHAT.get(r, '')}")
    for a, b in (("nat", "ipvs_nat"), ("dr", "ipvs_dr"), ("nat_new", "ipvs_nat_new")):
        if a in best and b in best:
            print(f"# {a} against IPVS: {best[b] / best[a]:.4f}x IPVS's throughput")
    if "svc1" in best and "svc100k" in best:
        print(f"# 100 000 services against one: {best['svc1'] / best['svc100k']:.4f}x the throughput")
    for r, p in short.items():
        print(f"# warning: {r}: only {p} of {count} packets arrived in some round")
    return info, best, short


def gate(baseline, path):
    info, best, short = table(path)
    ser = series(info.get("kernel", ""))
    want = {}
    with open(baseline, encoding="utf-8") as f:
        for line in f:
            w = line.split("#", 1)[0].split()
            if len(w) == 3 and w[0] == ser:
                want[w[1]] = float(w[2])
    if not want:
        print(f"gate: {baseline} has no baseline for kernel series {ser}")
        return 1
    bad = 0
    for row, base in sorted(want.items()):
        if row not in best:
            print(f"not ok - {row}: not measured")
            bad += 1
            continue
        got = best["fwd"] / best[row]
        if row in short:
            print(f"not ok - {row}: packets were lost, the figure is not comparable")
            bad += 1
        elif got < base * (1 - TOLERANCE):
            print(f"not ok - {row}: {got:.4f} of plain forwarding, baseline {base:.4f}"
                  f" ({(got / base - 1) * 100:+.2f} %, more than {TOLERANCE:.0%} below)")
            bad += 1
        else:
            note = ""
            if got > base * (1 + TOLERANCE):
                note = " # better than the baseline by more than 1 %: raise it"
            print(f"ok - {row}: {got:.4f} of plain forwarding, baseline {base:.4f}"
                  f" ({(got / base - 1) * 100:+.2f} %){note}")
    return 1 if bad else 0


def main(argv):
    if len(argv) == 3 and argv[0] == "--gate":
        return gate(argv[1], argv[2])
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    for path in argv:
        table(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
