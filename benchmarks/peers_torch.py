#!/usr/bin/python3
"""PyTorch's CPU optimizers timed on the same machine in the same run as tzero (scripts/bench).

Rows (fp32, one tensor of n elements, step only, after warm-up; median of repeated steps):
  torch/adam_foreach_false, torch/adam_foreach_true   torch.optim.Adam(lr=0.1)
  torch/seed_foreach, torch/seed_normalized_foreach   the seed chain written with torch._foreach_*
      ops the way torchzero runs it: ClipValue(1), Adam(), LR(0.1), Cautious(), WeightDecay(1e-4)
Prints one JSON object per row. Usage: peers_torch.py --threads T --sizes N [N ...]
"""
import argparse
import json
import statistics
import time

import torch


def seed_step(params, grads, state, t, normalize):
    m, v = state
    u = [g.clamp(-1, 1) for g in grads]                      # ClipValue(1)
    for mi, ui in zip(m, u):                                 # Adam: exp_avg.lerp_ (no _foreach_lerp_ in 1.13)
        mi.lerp_(ui, 0.1)
    torch._foreach_mul_(v, 0.999)
    torch._foreach_addcmul_(v, u, u, 0.001)
    alpha = (1 - 0.999 ** t) ** 0.5 / (1 - 0.9 ** t)
    denom = torch._foreach_sqrt(v)
    torch._foreach_add_(denom, 1e-8)
    u = torch._foreach_mul(m, alpha)
    torch._foreach_div_(u, denom)
    torch._foreach_mul_(u, 0.1)                              # LR(0.1)
    mask = [(ui * gi) > 0 for ui, gi in zip(u, grads)]       # Cautious()
    if normalize:
        fmask = [mk.to(u[0].dtype) for mk in mask]
        mean = sum(f.sum() for f in fmask) / sum(f.numel() for f in fmask)
        torch._foreach_div_(fmask, mean.clip(min=1e-6))
        torch._foreach_mul_(u, fmask)
    else:
        torch._foreach_mul_(u, mask)
    torch._foreach_add_(u, torch._foreach_mul(params, 1e-4))  # WeightDecay(1e-4)
    torch._foreach_sub_(params, u)


def time_steps(step, repeats):
    for _ in range(3):
        step()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", required=True)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with torch.no_grad():
        for n in args.sizes:
            rows = {}
            for foreach in (False, True):
                p = torch.ones(n, requires_grad=True)
                p.grad = torch.full((n,), 0.5)
                opt = torch.optim.Adam([p], lr=0.1, foreach=foreach)
                rows[f"torch/adam_foreach_{str(foreach).lower()}"] = time_steps(opt.step, args.repeats)
            for normalize in (False, True):
                params, grads = [torch.ones(n)], [torch.full((n,), 0.5)]
                state = ([torch.zeros(n)], [torch.zeros(n)])
                counter = [0]

                def step():
                    counter[0] += 1
                    seed_step(params, grads, state, counter[0], normalize)

                name = "torch/seed_normalized_foreach" if normalize else "torch/seed_foreach"
                rows[name] = time_steps(step, args.repeats)
            for name, seconds in rows.items():
                print(json.dumps({"name": name, "n": n, "threads": args.threads, "ns_per_elem": seconds / n * 1e9}))


if __name__ == "__main__":
    main()
