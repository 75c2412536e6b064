#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""report.py OUTDIR LOG...: make bench's report.

Reads the "BENCH ROW METHOD SYSTEM ROUND VALUE" and "BENCHINFO KEY VALUE"
lines of selftests/bench/datapath.sh's guest logs (one per kernel), takes
medians, and writes OUTDIR/bench.json, OUTDIR/bench.txt (the table, also
printed), OUTDIR/bench.dat and OUTDIR/bench.gp, and the plot
OUTDIR/bench.svg and bench.png when gnuplot is installed.
"""
import json
import os
import statistics
import subprocess
import sys

METHODS = ("nat", "dr", "tun")
MNAME = {"nat": "NAT", "dr": "DR", "tun": "TUN"}
# row -> (title, unit, goal on nflb/direct, goal on nflb/ipvs)
DATAPATH = {
    "conn": ("new TCP connections/s", "conn/s", 0.9, 1.3),
    "pps": ("UDP packets/s (pktgen)", "pkt/s", 0.9, 1.2),
    "bulk": ("TCP bulk (iperf3)", "Mbit/s", 0.9, None),
}
SNI_ROWS = ("SNI-bound bulk throughput vs direct and HAProxy",
            "SNI-routed TLS connections/s vs HAProxy")


def parse(path):
    info, rows = {}, {}
    with open(path, errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) >= 3 and w[0] == "BENCHINFO":
                info[w[1]] = " ".join(w[2:])
            elif len(w) == 6 and w[0] == "BENCH":
                try:
                    v = float(w[5])
                except ValueError:
                    continue
                rows.setdefault(w[1], {}).setdefault(w[2], {}) \
                    .setdefault(w[3], []).append(v)
    return info, rows


def med(samples):
    return statistics.median(samples) if samples else None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt(v, nd=2):
    if v is None:
        return "-"
    if nd == 0 or abs(v) >= 1000:
        return "%.0f" % v
    return "%.*f" % (nd, v)


def verdict(r, goal, higher=True):
    if goal is None or r is None:
        return ""
    ok = r >= goal if higher else r <= goal
    return "%s %s %g" % ("met" if ok else "MISSED", ">=" if higher else "<=", goal)


def kernel_report(info, rows):
    """-> (dict for JSON, table lines, plot points)"""
    out = {"info": info, "rows": []}
    lines, points = [], []
    hdr = "%-34s %10s %10s %10s %8s %8s  %s" % (
        "", "direct", "nflb", "ipvs", "n/direct", "n/ipvs", "goal")
    lines.append(hdr)
    for row, (title, unit, gd, gi) in DATAPATH.items():
        for m in METHODS:
            s = rows.get(row, {}).get(m)
            if not s:
                continue
            d, n, i = (med(s.get(x, [])) for x in ("direct", "nflb", "ipvs"))
            rd, ri = ratio(n, d), ratio(n, i)
            goals = [g for g in (verdict(rd, gd), verdict(ri, gi)) if g]
            label = "%s %s (%s)" % (title, MNAME[m], unit)
            out["rows"].append({
                "row": row, "method": m, "unit": unit,
                "samples": s, "median": {"direct": d, "nflb": n, "ipvs": i},
                "nflb/direct": rd, "nflb/ipvs": ri,
                "goal": {"nflb/direct": gd, "nflb/ipvs": gi}})
            lines.append("%-34s %10s %10s %10s %8s %8s  %s" % (
                label, fmt(d, 1), fmt(n, 1), fmt(i, 1), fmt(rd), fmt(ri),
                "; ".join(goals)))
            points.append(("%s %s" % (row, MNAME[m]), rd, ri))

    mem = rows.get("mem", {})
    if mem:
        slab = mem.get("slab", {})
        n, i = med(slab.get("nflb", [])), med(slab.get("ipvs", []))
        conns = {k: med(v) for k, v in mem.get("conns", {}).items()}
        entry = med(mem.get("entry", {}).get("nflb", []))
        out["rows"].append({
            "row": "mem", "unit": "bytes/connection",
            "slab": {"nflb": n, "ipvs": i},
            "meminfo": {k: med(v) for k, v in mem.get("meminfo", {}).items()},
            "connections": conns, "nflb_entry_size": entry,
            "nflb/ipvs": ratio(n, i), "goal": {"nflb": 128}})
        lines.append("%-34s %10s %10s %10s %8s %8s  %s" % (
            "memory per connection (B, slab)", "", fmt(n, 0), fmt(i, 0), "",
            fmt(ratio(n, i)), verdict(n, 128, higher=False).replace(
                "<= 128", "<= 128 B")))
        lines.append("%-34s %10s %10s %10s" % (
            "  connections tracked", "", fmt(conns.get("nflb"), 0),
            fmt(conns.get("ipvs"), 0)))
        if entry:
            lines.append("%-34s %10s %10s" % ("  nflb entry size (info)", "",
                                              fmt(entry, 0)))

    lk = rows.get("lookup", {})
    if lk:
        sizes = sorted(lk, key=int)
        base = med(lk[sizes[0]].get("nflb", []))
        for sz in sizes:
            v = med(lk[sz].get("nflb", []))
            r = ratio(v, base)
            g = 0.95 if int(sz) >= 100000 else None
            out["rows"].append({"row": "lookup", "services": int(sz),
                                "unit": "pkt/s", "samples": lk[sz]["nflb"],
                                "median": v, "ratio_to_%s" % sizes[0]: r,
                                "goal": g})
            lines.append("%-34s %10s %10s %10s %8s %8s  %s" % (
                "lookup: %s services (pkt/s)" % sz, "", fmt(v, 0), "",
                "", "", ("%s / %s services = %s  " % (sz, sizes[0], fmt(r))
                         if sz != sizes[0] else "") + verdict(r, g)))
            if sz != sizes[0] and r is not None:
                points.append(("lookup %sk" % (int(sz) // 1000), r, None))

    ctl = rows.get("control", {})
    if ctl:
        a = med(ctl.get("apply", {}).get("nflb", []))
        rn = med(ctl.get("restore", {}).get("nflb", []))
        ri = med(ctl.get("restore", {}).get("ipvs", []))
        out["rows"].append({
            "row": "control", "unit": "ms", "size": info.get("control"),
            "nflbadm apply": a, "nflbadm -R": rn, "ipvsadm -R": ri,
            "ipvsadm -R / nflbadm apply": ratio(ri, a),
            "ipvsadm -R / nflbadm -R": ratio(ri, rn), "goal": 10})
        size = info.get("control", "?")
        lines.append("%-34s %10s %10s %10s %8s %8s  %s" % (
            "control %s: apply (ms)" % size, "", fmt(a, 0), fmt(ri, 0), "",
            fmt(ratio(a, ri)), "ipvsadm/apply = %s  %s" % (
                fmt(ratio(ri, a)), verdict(ratio(ri, a), 10))))
        lines.append("%-34s %10s %10s %10s %8s %8s  %s" % (
            "control %s: -R (ms)" % size, "", fmt(rn, 0), fmt(ri, 0), "",
            fmt(ratio(rn, ri)), "ipvsadm/nflbadm = %s" % fmt(ratio(ri, rn))))
        if ratio(ri, a):
            points.append(("control apply", None, ratio(ri, a) / 10))
    for s in SNI_ROWS:
        lines.append("%-34s not measured: SNI data path not yet in nflb" %
                     (s[:34]))
        out["rows"].append({"row": "sni", "what": s,
                            "not_measured": "SNI data path not yet in nflb"})
    return out, lines, points


def plot(outdir, kernels):
    dat = os.path.join(outdir, "bench.dat")
    labels = []
    with open(dat, "w") as f:
        for k, pts in kernels:
            f.write("# %s\n" % k)
            for label, rd, ri in pts:
                f.write('"%s" %s %s\n' % (label, fmt(rd, 3) if rd else "NaN",
                                          fmt(ri, 3) if ri else "NaN"))
                labels.append(label)
            f.write("\n\n")
    gp = os.path.join(outdir, "bench.gp")
    with open(gp, "w") as f:
        f.write("""if (!exists("png")) png = 0
if (png) set terminal pngcairo size 1100,%d font "sans,9"; \\
    set output "%s"; \\
  else set terminal svg size 1100,%d dynamic font "sans,11"; \\
    set output "%s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xtics rotate by -35 scale 0
set yrange [0:*]
set grid ytics
set key top left
set multiplot layout %d,1
""" % (420 * len(kernels), os.path.join(outdir, "bench.png"),
       420 * len(kernels), os.path.join(outdir, "bench.svg"), len(kernels)))
        for idx, (k, _) in enumerate(kernels):
            f.write('set title "%s: medians of one guest run; lookup Nk: pps '
                    'with N000 services / with 1; control apply: (ipvsadm -R '
                    '/ nflbadm apply) / 10 (goal: 1)"\n' % k)
            f.write("plot '%s' index %d using 2:xtic(1) title 'nflb / direct', "
                    "'' index %d using 3 title 'nflb / IPVS', "
                    "1 with lines lc rgb 'black' dt 2 notitle\n"
                    % (dat, idx, idx))
        f.write("unset multiplot\n")
    try:
        subprocess.run(["gnuplot", gp], check=True, capture_output=True)
        subprocess.run(["gnuplot", "-e", "png = 1", gp], check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        return "plot: gnuplot failed (%s); data in %s" % (e, dat)
    return "plot: %s, bench.png" % os.path.join(outdir, "bench.svg")


def main():
    outdir, logs = sys.argv[1], sys.argv[2:]
    doc = {"note": "ratios measured in one QEMU TCG guest per kernel; "
                   "absolute figures mean nothing", "kernels": {}}
    text, kernels = [], []
    for log in logs:
        info, rows = parse(log)
        if not rows:
            text.append("%s: no results" % log)
            continue
        k = info.get("kernel", os.path.basename(log))
        rep, lines, pts = kernel_report(info, rows)
        doc["kernels"][k] = rep
        text.append("== %s: medians of %s rounds, %s s per sample" % (
            k, info.get("rounds", "?"), info.get("secs", "?")))
        text.extend(lines)
        text.append("")
        kernels.append((k, pts))
    with open(os.path.join(outdir, "bench.json"), "w") as f:
        json.dump(doc, f, indent=1)
    if kernels:
        text.append(plot(outdir, kernels))
    text.append("json: %s" % os.path.join(outdir, "bench.json"))
    with open(os.path.join(outdir, "bench.txt"), "w") as f:
        f.write("\n".join(text) + "\n")
    print("\n".join(text))
    return 0 if kernels else 1


if __name__ == "__main__":
    sys.exit(main())
