#!/usr/bin/python3
"""torch.optim.LBFGS on benchmarks/closure_step.cpp's problem, in the same run (scripts/bench-closure).

f = ½·Σ a·x² with a = 1 + i mod 5 over 2^24 float parameters, the gradient written without
autograd (the same cheap closure tzero gets); LBFGS(history_size=10, line_search_fn='strong_wolfe',
max_iter=1): one step is one iteration with its search. Ten steps from the same start, repeated;
prints one JSON object: seconds per step, the closure's seconds per call, calls per step.
Usage: closure_torch.py --threads T [--repeats R]
"""
import argparse
import json
import statistics
import time

import torch

N = 1 << 24
STEPS = 10


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    i = torch.arange(N)
    a = (1 + i % 5).to(torch.float32)
    x0 = ((i % 7).to(torch.float32) - 3) * 0.25 + 0.1
    x = x0.clone().requires_grad_(True)
    calls = 0

    def closure():
        nonlocal calls
        calls += 1
        with torch.no_grad():
            g = a * x
            x.grad = g
            return 0.5 * torch.dot(g.double(), x.double()).item()

    closure_samples = []
    for _ in range(args.repeats * 3):
        start = time.perf_counter()
        closure()
        closure_samples.append(time.perf_counter() - start)

    step_samples, total_calls = [], 0
    for _ in range(args.repeats):
        with torch.no_grad():
            x.copy_(x0)
        opt = torch.optim.LBFGS([x], lr=1, history_size=10, max_iter=1, line_search_fn="strong_wolfe",
                                tolerance_grad=0, tolerance_change=0)
        calls = 0
        start = time.perf_counter()
        for _ in range(STEPS):
            opt.step(closure)
        step_samples.append((time.perf_counter() - start) / STEPS)
        total_calls += calls
    print(json.dumps({"name": "torch/lbfgs_strong_wolfe", "threads": args.threads,
                      "seconds_per_step": statistics.median(step_samples),
                      "closure_seconds": statistics.median(closure_samples),
                      "calls_per_step": total_calls / (args.repeats * STEPS)}))


if __name__ == "__main__":
    main()
