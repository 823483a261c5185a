#!/usr/bin/python3
"""Turns one scripts/bench run into docs/performance/results.md and results.png.

Reads results/ (written by scripts/bench): gbench-<march>-t<threads>.json (Google Benchmark,
aggregates), torch-t<threads>.jsonl (peers_torch.py), compile.json and traffic.json.
Every ratio compares rows measured in the same run.
"""
import glob
import json
import os
import platform
import re
import sys

RESULTS, DOCS = sys.argv[1], sys.argv[2]
CHAINS = [("adam_lr", "28B", "torch/adam_foreach_false", "torch/adam_foreach_true"),
          ("seed", "28B", "torch/seed_foreach", None),
          ("seed_normalized", "40B", "torch/seed_normalized_foreach", None)]


def load_gbench(path):
    rows = {}
    for b in json.load(open(path))["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        name, n = re.match(r"(.+)/(\d+)/real_time", b["run_name"]).groups()
        rows[(name, int(n))] = b
    return rows


def load_torch(threads):
    rows = {}
    path = os.path.join(RESULTS, f"torch-t{threads}.jsonl")
    if os.path.exists(path):
        for line in open(path):
            r = json.loads(line)
            rows[(r["name"], r["n"])] = r["ns_per_elem"]
    return rows


def fmt(x, digits=2):
    return "—" if x is None else f"{x:.{digits}f}"


runs = sorted(glob.glob(os.path.join(RESULTS, "gbench-*-t*.json")))
out = ["# Performance: tzero against the memory-bandwidth limit and its peers", ""]
out += ["Produced by `scripts/bench` (which installs what it needs, builds `bench_tzero` for each target",
        "ISA, runs it with 1 and all threads, runs `benchmarks/peers_torch.py` on the same machine, times",
        "compilation and counts traffic) and written by `benchmarks/report.py`. fp32, one step, median of",
        "repetitions. *% of ceiling* is the effective bandwidth (the bytes the plan must move ÷ time) over",
        "the same-pattern ceiling measured in the same run (`ceiling/28B`: read p, g, m, v and write",
        "p, m, v; `ceiling/40B`: a pass reading g, m, v, then that). Speed-ups are time ratios within one",
        "run. The machine is a shared 2-core VM: absolute numbers drift between runs, ratios less.", ""]
cpu = "unknown CPU"
if os.path.exists("/proc/cpuinfo"):
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
out += [f"Machine: {cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}.", ""]

summary, plot = [], []
for path in runs:
    march, threads = re.match(r".*gbench-(.+)-t(\d+)\.json", path).groups()
    threads = int(threads)
    g, t = load_gbench(path), load_torch(threads)
    for n in sorted({k[1] for k in g}):
        def ns(name):
            b = g.get((name, n))
            return None if b is None else b["ns_per_elem"]
        out += [f"## `-march={march}`, {threads} thread{'s' if threads > 1 else ''}, n = 2^{n.bit_length() - 1}", ""]
        out += ["| chain | plan B/elem | tzero ns/elem | GB/s | % of ceiling | hand-fused ns | xtensor ns | torch ns | × vs xtensor | × vs torch |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for chain, pattern, torch_row, torch_row2 in CHAINS:
            tz, ceil = ns(f"tzero/{chain}"), ns(f"ceiling/{pattern}")
            if tz is None:
                continue
            b = g[(f"tzero/{chain}", n)]["bytes_per_elem"]
            pct = 100 * ceil / tz if ceil else None
            hand, xt = ns(f"hand/{chain}"), ns(f"xtensor/{chain}")
            torch_ns = t.get((torch_row, n))
            torch_cell = fmt(torch_ns)
            if torch_row2 and (torch_row2, n) in t:
                torch_cell = f"{fmt(torch_ns)} / {fmt(t[(torch_row2, n)])} (foreach)"
            out.append(f"| {chain} | {b:.0f} | {fmt(tz, 3)} | {b / tz:.1f} | {fmt(pct, 0)} % | {fmt(hand, 3)} | {fmt(xt)} | "
                       f"{torch_cell} | {fmt(xt / tz if xt else None, 1)} | {fmt(torch_ns / tz if torch_ns else None, 1)} |")
            plot.append((f"{march} t{threads} 2^{n.bit_length() - 1}", chain, pct))
            if n == 1 << 24:
                summary.append((march, threads, chain, pct, hand / tz if hand else None,
                                torch_ns / tz if torch_ns else None, xt / tz if xt else None))
        for name, label in [("tzero/seed_multi100", "seed, 100 tensors of mixed sizes (same total n)"),
                            ("plan/adam_clip_norm_lr/recompute", "adam \\| clip_norm \\| lr, recompute (40 B)"),
                            ("plan/adam_clip_norm_lr/materialize", "adam \\| clip_norm \\| lr, materialize (36 B, chosen)"),
                            ("triad", "STREAM triad (12 B counted; stores also read their line)")]:
            if ns(name) is not None:
                b = g[(name, n)]["bytes_per_elem"]
                out.append(f"| {label} | {b:.0f} | {fmt(ns(name), 3)} | {b / ns(name):.1f} | | | | | | |")
        ceil28 = ns("ceiling/28B")
        out += ["", f"Same-pattern ceilings: 28 B {fmt(ceil28, 3)} ns/elem ({28 / ceil28:.1f} GB/s), "
                f"40 B {fmt(ns('ceiling/40B'), 3)} ns/elem.", ""]

out += ["## Targets at n = 2^24", "",
        "| ISA | threads | chain | % of ceiling (target ≥ 90 %, ≥ 85 % for two passes) | hand-fused ÷ tzero time (≥ 1: no slower) | × vs torch (adam ≥ 5, seed ≥ 10) | × vs xtensor (seed ≥ 5) |",
        "|---|---|---|---|---|---|---|"]
for march, threads, chain, pct, hand, torch_x, xt in summary:
    out.append(f"| {march} | {threads} | {chain} | {fmt(pct, 0)} % | {fmt(hand)} | {fmt(torch_x, 1)} | {fmt(xt, 1)} |")

compile_path = os.path.join(RESULTS, "compile.json")
if os.path.exists(compile_path):
    c = json.load(open(compile_path))
    out += ["", "## Compile time", "",
            f"`{c['command']}`, median of {c['runs']} runs, seconds:", "",
            "| translation unit | seconds | over the empty TU |", "|---|---|---|"]
    for tu in ["empty", "includes", "seed", "chain10"]:
        if tu in c["median"]:
            out.append(f"| {tu} | {c['median'][tu]:.2f} | {c['median'][tu] - c['median']['empty']:+.2f} |")

traffic_path = os.path.join(RESULTS, "traffic.json")
if os.path.exists(traffic_path):
    out += ["", "## Does the traffic model hold?", "",
            "callgrind's cache simulator (`--cache-sim=yes`, an 8 MiB last level, collecting only inside",
            "`run_step`) counts the last-level misses of the steps: × 64 B ÷ (n · steps) is what the steps",
            "fetched from memory. It does not count write-backs, so it is compared with the plan's *read*",
            "bytes; a stream that is written before it is read (the materialized scratch) is fetched too",
            "(write-allocate), which the model does not charge: that is the only gap expected.", "",
            "| chain | plan B/elem (read + written) | plan reads | fetched from memory | fetched ÷ planned reads |",
            "|---|---|---|---|---|"]
    for r in json.load(open(traffic_path)):
        out.append(f"| {r['chain']} | {r['plan_bytes']} | {r['plan_read']} | {r['fetched']:.1f} | {r['fetched'] / r['plan_read']:.2f} |")

open(os.path.join(DOCS, "results.md"), "w").write("\n".join(out) + "\n")

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    groups = sorted({p[0] for p in plot})
    chains = [c[0] for c in CHAINS]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / len(chains)
    for j, chain in enumerate(chains):
        vals = [next((p[2] or 0 for p in plot if p[0] == gname and p[1] == chain), 0) for gname in groups]
        ax.bar([i + j * width for i in range(len(groups))], vals, width, label=chain)
    ax.axhline(90, color="gray", linestyle="--", linewidth=1, label="target: 90 % of the ceiling")
    ax.set_xticks([i + width for i in range(len(groups))], groups, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("% of same-pattern ceiling")
    ax.set_title("tzero fp32 step: effective bandwidth / same-run ceiling")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(DOCS, "results.png"), dpi=110)
except ImportError:
    print("report: matplotlib missing, no plot", file=sys.stderr)
print(f"report: wrote {os.path.join(DOCS, 'results.md')}")
