#!/usr/bin/python3
"""Writes tzero's reference trajectories by running torchzero itself (and torch.optim.Adam).

For every case below and for float32 and float64, a fixed problem is stepped 60 times: six
parameter tensors (one empty), gradients computed from the current parameters plus seeded
noise (with exact zeros and values beyond the clip thresholds), each gradient and the
parameters after each step written to data/<case>.<dtype>.txt. The C++ test
tests/reference/parity.cpp replays the gradients through the same chain written in tzero.

torchzero: github.com/inikishev/torchzero at commit 2b6a228 (only its torchzero/ package is
needed). Runs on Debian 12's system interpreter with python3-torch (1.13) and python3-scipy,
through the small compatibility shims below. Rerun from the repository root:

    /usr/bin/python3 tests/reference/generate.py --torchzero PATH/TO/torchzero-checkout

The output is deterministic (same bytes on every run); README.md beside this file describes it.
"""
import argparse
import math
import os
import sys

import torch

STEPS = 60
SHAPES = [(2, 3, 4), (4, 5), (7,), (1,), (33,), (0,)]  # highest rank first: see ClipNorm's dim quirk
SCALES = [0.5, 1.0, 2.0, 3.0, 0.25, 1.0]


# ------------------------------------------------------------------------------------------
# Compatibility shims for torch 1.13 (torchzero targets newer torch).
def install_shims():
    # 1. `@torch.no_grad` / `@torch.enable_grad` used bare, without parentheses.
    def bare_decorator(original):
        class ctx(original):
            def __new__(cls, func=None):
                if callable(func):
                    return original()(func)
                return super().__new__(cls)

            def __init__(self, func=None):
                super().__init__()

        return ctx

    torch.no_grad = bare_decorator(torch.no_grad)
    torch.enable_grad = bare_decorator(torch.enable_grad)

    # 2. `torch._foreach_*` ops that 1.13 lacks, as loops (in place when the name ends with _).
    def scalar_list(x, n):
        return list(x) if isinstance(x, (list, tuple)) else [x] * n

    def add_foreach(name, fn):
        if not hasattr(torch, name):
            setattr(torch, name, fn)

    def unary(method, inplace):
        def fn(tensors):
            out = [getattr(t, method)() for t in tensors]
            return None if inplace else out
        return fn

    def binary(method, inplace):
        # every list argument (tensors or per-tensor scalars, e.g. lerp's weights) is zipped
        def fn(tensors, *args, **kwargs):
            n = len(tensors)
            per = [scalar_list(a, n) for a in args]
            out = [getattr(t, method)(*(a[i] for a in per), **kwargs) for i, t in enumerate(tensors)]
            return None if inplace else out
        return fn

    for op in ["mul", "div", "add", "sub", "pow", "maximum", "minimum", "clamp_min", "clamp_max", "lerp", "copysign"]:
        add_foreach(f"_foreach_{op}", binary(op, False))
        add_foreach(f"_foreach_{op}_", binary(op + "_", True))
    for op in ["sqrt", "abs", "neg", "sign", "exp", "log", "reciprocal"]:
        add_foreach(f"_foreach_{op}", unary(op, False))
        add_foreach(f"_foreach_{op}_", unary(op + "_", True))
    add_foreach("_foreach_zero_", unary("zero_", True))

    def addcmul(tensors, t1, t2, value=1):
        values = scalar_list(value, len(tensors))
        return [t.addcmul(a, b, value=v) for t, a, b, v in zip(tensors, t1, t2, values)]

    def addcmul_(tensors, t1, t2, value=1):
        values = scalar_list(value, len(tensors))
        for t, a, b, v in zip(tensors, t1, t2, values):
            t.addcmul_(a, b, value=v)

    add_foreach("_foreach_addcmul", addcmul)
    add_foreach("_foreach_addcmul_", addcmul_)


# ------------------------------------------------------------------------------------------
# name -> the torchzero modules, as Python source (also written to each file's `modules` line)
CASES = {
    "lr": "m.LR(0.1)",
    "clip_value": "m.ClipValue(0.5), m.LR(0.1)",
    "clip_norm": "m.ClipNorm(1.0), m.LR(0.1)",
    "clip_norm_global": "m.ClipNorm(1.0, dim='global'), m.LR(0.1)",
    "adam": "m.Adam(), m.LR(0.01)",
    "adam_custom": "m.Adam(beta1=0.8, beta2=0.99, eps=1e-3, alpha=0.5), m.LR(0.01)",
    "adam_nodebias": "m.Adam(debias=False), m.LR(0.01)",
    "adam_clip_norm": "m.Adam(), m.ClipNorm(0.5), m.LR(0.01)",
    "seed": "m.ClipValue(1), m.Adam(), m.LR(0.1), m.Cautious(), m.WeightDecay(1e-4)",
    "seed_normalized": "m.ClipValue(1), m.Adam(), m.LR(0.1), m.Cautious(normalize=True), m.WeightDecay(1e-4)",
    "cautious_grad": "m.Adam(), m.Cautious(mode='grad'), m.LR(0.01)",
    "cautious_backtrack": "m.Adam(), m.Cautious(mode='backtrack'), m.LR(0.01)",
    "weight_decay_coupled": "m.WeightDecay(0.01), m.Adam(), m.LR(0.01)",
    "weight_decay_l1": "m.WeightDecay(0.01, ord=1), m.LR(0.1)",
    "heavy_ball": "m.HeavyBall(0.9), m.LR(0.01)",
    "ema": "m.EMA(0.9, debias=True), m.LR(0.01)",
    "ema_custom": "m.EMA(0.8, dampening=0.1, lerp=False, ema_init='update'), m.LR(0.01)",
    "nag": "m.NAG(0.9), m.LR(0.01)",
    "nag_lerp": "m.NAG(0.8, dampening=0.1, lerp=True), m.LR(0.01)",
    "sign": "m.Sign(), m.LR(0.01)",
    "rmsprop": "m.RMSprop(), m.LR(0.01)",
    "rmsprop_centered": "m.RMSprop(0.9, centered=True), m.LR(0.01)",
    "rmsprop_debias_init": "m.RMSprop(0.9, debias=True, init='update'), m.LR(0.01)",
    "adagrad": "m.Adagrad(), m.LR(0.1)",
    "adagrad_custom": "m.Adagrad(lr_decay=0.01, initial_accumulator_value=0.1, alpha=0.5), m.LR(0.1)",
}


TORCH_CASES = {
    "torch_adam": dict(lr=0.01),
    "torch_adam_custom": dict(lr=0.01, betas=(0.8, 0.99), eps=1e-3),
}

DESCRIPTIONS = {
    "torch_adam": "torch.optim.Adam(lr=0.01, foreach=False)",
    "torch_adam_custom": "torch.optim.Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-3, foreach=False)",
}


def problem(dtype):
    """Initial parameters, targets and the per-step noise, all from seeded float64 draws."""
    gen = torch.Generator().manual_seed(1234)
    init = [torch.randn(s, generator=gen, dtype=torch.float64) for s in SHAPES]
    targets = [torch.randn(s, generator=gen, dtype=torch.float64) for s in SHAPES]
    noise = [[0.7 * torch.randn(s, generator=gen, dtype=torch.float64) for s in SHAPES] for _ in range(STEPS)]
    return [p.to(dtype) for p in init], targets, noise


def gradient(params, targets, noise, t, dtype):
    grads, offset = [], 0
    for p, c, s, n in zip(params, targets, SCALES, noise):
        g = (p.detach().to(torch.float64) - c) * s + n
        flat = g.reshape(-1)
        for i in range(flat.numel()):
            if (offset + i + t) % 7 == 0:
                flat[i] = 0.0
        offset += flat.numel()
        grads.append(g.to(dtype))
    return grads


def fmt(values, dtype):
    out = []
    for v in values:
        v = float(v)
        assert math.isfinite(v), f"non-finite value in a reference trajectory ({CURRENT})"
        out.append(repr(v) if dtype == torch.float64 else "%.9g" % v)
    return " ".join(out)


def flat(tensors):
    return [x for t in tensors for x in t.reshape(-1).tolist()]


CURRENT = ""


def run(name, make_optimizer, description, source, dtype, out_dir):
    global CURRENT
    CURRENT = f"{name}, {dtype}"
    init, targets, noise = problem(dtype)
    params = [p.clone().requires_grad_(True) for p in init]
    opt = make_optimizer(params)
    dname = "float32" if dtype == torch.float32 else "float64"
    lines = ["tzero-reference 1", f"case {name}", f"source {source}", f"modules {description}",
             f"dtype {dname}", f"steps {STEPS}", f"tensors {len(SHAPES)}"]
    lines += [f"shape {len(s)} " + " ".join(str(d) for d in s) for s in SHAPES]
    lines.append("init " + fmt(flat(init), dtype))
    for t in range(1, STEPS + 1):
        grads = gradient(params, targets, noise[t - 1], t, dtype)
        for p, g in zip(params, grads):
            p.grad = g.clone()
        opt.step()
        lines.append(f"grad {t} " + fmt(flat(grads), dtype))
        lines.append(f"param {t} " + fmt(flat([p.detach() for p in params]), dtype))
    lines.append("end")
    with open(os.path.join(out_dir, f"{name}.{dname}.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torchzero", required=True, help="a torchzero checkout (the folder holding torchzero/)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    args = parser.parse_args()
    install_shims()
    sys.path.insert(0, os.path.abspath(args.torchzero))
    import torchzero as tz

    torch.manual_seed(0)
    os.makedirs(args.out, exist_ok=True)
    optimizer_class = getattr(tz, "Optimizer", None) or tz.Modular
    for dtype in (torch.float32, torch.float64):
        for name, text in CASES.items():
            make = lambda ps, text=text: optimizer_class(ps, *eval(f"[{text}]", {"m": tz.m}))
            run(name, make, text, "torchzero", dtype, args.out)
        for name, kwargs in TORCH_CASES.items():
            run(name, lambda ps, kw=kwargs: torch.optim.Adam(ps, foreach=False, **kw), DESCRIPTIONS[name], "torch",
                dtype, args.out)
    print(f"wrote {2 * (len(CASES) + len(TORCH_CASES))} files to {args.out}")


if __name__ == "__main__":
    main()
