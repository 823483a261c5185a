#!/usr/bin/env python3
"""PyTorch on the same GPU in the same run as benchmarks/cuda_step.cu (scripts/bench-cuda).

Rows (fp32, one tensor of n elements, step only, CUDA-event timed, median of 20):
  torch/adam_fused, torch/adam_foreach         torch.optim.Adam(lr=0.1, fused=True / foreach=True)
  torch/seed_foreach                           the seed chain in torch._foreach_* ops (as torchzero runs it)
Prints one JSON object per row, like cuda_step.
"""
import json
import sys

import torch


def median_ms(step, repeats=20):
    for _ in range(3):
        step()
    times = []
    for _ in range(repeats):
        start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        step()
        stop.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(stop))
    return sorted(times)[len(times) // 2]


def seed_step(p, g, m, v, t):
    u = [x.clamp(-1, 1) for x in g]
    torch._foreach_lerp_(m, u, 0.1)
    torch._foreach_mul_(v, 0.999)
    torch._foreach_addcmul_(v, u, u, 0.001)
    alpha = (1 - 0.999 ** t) ** 0.5 / (1 - 0.9 ** t)
    denom = torch._foreach_sqrt(v)
    torch._foreach_add_(denom, 1e-8)
    u = torch._foreach_mul(m, alpha)
    torch._foreach_div_(u, denom)
    torch._foreach_mul_(u, 0.1)
    torch._foreach_mul_(u, [(a * b) > 0 for a, b in zip(u, g)])
    torch._foreach_add_(u, torch._foreach_mul(p, 1e-4))
    torch._foreach_sub_(p, u)


def row(name, n, ms, bytes_moved):
    print(json.dumps({"name": name, "n": n, "ms": ms, "bytes": bytes_moved, "GBps": bytes_moved / (ms * 1e-3) * 1e-9}))


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [1 << 24, 1 << 28]
    with torch.no_grad():
        for n in sizes:
            for kind in ("fused", "foreach"):
                p = torch.zeros(n, device="cuda", requires_grad=True)
                p.grad = torch.zeros(n, device="cuda")
                opt = torch.optim.Adam([p], lr=0.1, **{kind: True})
                row(f"torch/adam_{kind}", n, median_ms(opt.step), 28 * n)
                del opt, p
            p, g = [torch.zeros(n, device="cuda")], [torch.zeros(n, device="cuda")]
            m, v = [torch.zeros(n, device="cuda")], [torch.zeros(n, device="cuda")]
            counter = [0]

            def step():
                counter[0] += 1
                seed_step(p, g, m, v, counter[0])

            row("torch/seed_foreach", n, median_ms(step), 28 * n)
            del p, g, m, v
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
