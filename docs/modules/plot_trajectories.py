#!/usr/bin/env python3
"""Draws docs/modules/plots/<family>.png from the trajectories of examples/trajectories.cpp.

Regenerate every plot (from the repository root, with a build directory named build):

    cmake --build build --target trajectories && python3 docs/modules/plot_trajectories.py build/examples/trajectories

The argument is the built example (run here with a temporary CSV) or a CSV it wrote
(`build/examples/trajectories traj.csv`). Each PNG has two panels, Rosenbrock and the
ill-conditioned quadratic: the function's contours in log scale, one line per chain of the
family (a dot per step, a black-edged dot at the end; earlier lines are drawn wider, so overlapping
runs stay visible), the common start as a black square and the minimum as a white star.
Needs numpy and matplotlib (Debian: python3-matplotlib).
"""
import csv
import io
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402
from PIL import Image  # noqa: E402  (matplotlib depends on Pillow)

FUNCTIONS = {  # name: (title, f, x range, y range, minimum)
    "rosenbrock": ("Rosenbrock  (1−x)² + 100(y−x²)²",
                   lambda x, y: (1 - x) ** 2 + 100 * (y - x ** 2) ** 2, (-2.3, 1.7), (-0.7, 3.1), (1, 1)),
    "quadratic": ("quadratic  ½(x² + 100y²)",
                  lambda x, y: 0.5 * (x ** 2 + 100 * y ** 2), (-9, 2), (-2.2, 2.2), (0, 0)),
}


def read(path):
    """{family: {function: {label: (xs, ys)}}}, labels in the order the example runs them."""
    runs = defaultdict(lambda: defaultdict(dict))
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            xs, ys = runs[row["family"]][row["function"]].setdefault(row["label"], ([], []))
            xs.append(float(row["x"]))
            ys.append(float(row["y"]))
    return runs


def plot(family, by_function, out):
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), dpi=100)
    for ax, (name, (title, f, (x0, x1), (y0, y1), minimum)) in zip(axes, FUNCTIONS.items()):
        gx, gy = np.meshgrid(np.linspace(x0, x1, 300), np.linspace(y0, y1, 300))
        z = f(gx, gy) + 1e-3  # the offset keeps the minimum on the log scale
        levels = np.logspace(np.log10(z.min()), np.log10(z.max()), 25)
        ax.contourf(gx, gy, z, levels=levels, norm=LogNorm(), cmap="Greys_r", alpha=0.55)
        ax.contour(gx, gy, z, levels=levels, norm=LogNorm(), colors="grey", linewidths=0.4)
        start, runs = None, by_function.get(name, {})
        for i, (label, (xs, ys)) in enumerate(runs.items()):
            width = 1.2 + 0.6 * (len(runs) - 1 - i)  # earlier lines wider, so overlaps stay visible
            line, = ax.plot(xs, ys, "-o", lw=width, ms=width + 0.6, alpha=0.9, label=label)
            ax.plot(xs[-1], ys[-1], "o", color=line.get_color(), mec="black", ms=8, zorder=3)
            start = (xs[0], ys[0])
        if start:
            ax.plot(*start, "ks", ms=7, label="start")
        ax.plot(*minimum, "*", color="white", mec="black", ms=13, label="minimum")
        ax.set(xlim=(x0, x1), ylim=(y0, y1), title=title, xlabel="x", ylabel="y")
        ax.legend(fontsize=8, loc="upper right" if name == "quadratic" else "lower left", framealpha=0.85)
    steps = max(len(xs) for runs in by_function.values() for xs, _ in runs.values()) - 1
    fig.suptitle(f"{family} modules: {steps} steps from the same start", fontsize=12)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    # 256 colours are plenty for flat lines and grey contours, and keep the PNG small.
    Image.open(buffer).convert("RGB").quantize(256).save(out, optimize=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    source = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        if source.suffix != ".csv":  # the example: run it into a temporary CSV
            csv_path = Path(tmp) / "trajectories.csv"
            subprocess.run([str(source.resolve()), str(csv_path)], check=True)
            source = csv_path
        runs = read(source)
    out_dir = Path(__file__).resolve().parent / "plots"
    out_dir.mkdir(exist_ok=True)
    for family, by_function in sorted(runs.items()):
        out = out_dir / f"{family}.png"
        plot(family, by_function, out)
        print(f"{out}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
