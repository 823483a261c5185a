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

    # 2b. `_foreach_norm(tensors, ord, dtype)`: 1.13 takes no dtype (torchzero's metric() passes one).
    loop_norm = torch._foreach_norm

    def foreach_norm(tensors, ord=2, dtype=None):
        return [torch.linalg.vector_norm(t, ord, dtype=dtype) for t in tensors] if dtype is not None else loop_norm(tensors, ord)

    torch._foreach_norm = foreach_norm

    # 2c. binary `_foreach_*` ops with a 0-dim tensor as the scalar (newer torch takes one; 1.13
    # only numbers): a loop (GradientCorrection's `y * (s.dot(g) / sy)`).
    for op in ("mul", "div", "add", "sub"):
        for name in (f"_foreach_{op}", f"_foreach_{op}_"):
            native = getattr(torch, name)

            def with_tensor_scalar(tensors, *args, native=native, method=name[len("_foreach_"):], **kwargs):
                if args and isinstance(args[0], torch.Tensor):
                    out = [getattr(t, method)(args[0], *args[1:], **kwargs) for t in tensors]
                    return None if method.endswith("_") else out
                return native(tensors, *args, **kwargs)

            setattr(torch, name, with_tensor_scalar)

    # 3. `_foreach_pow(scalar, tensors)`: a number raised to each tensor (RPow).
    loop_pow = torch._foreach_pow

    def foreach_pow(base, exponent):
        if isinstance(base, (int, float)):
            return [torch.pow(base, t) for t in exponent]
        return loop_pow(base, exponent)

    torch._foreach_pow = foreach_pow

    # 4. Per-tensor weights for lerp (newer torch takes a list of scalars, 1.13 only one scalar):
    #    a list goes through the loop, a scalar to the native op.
    for name, inplace in [("_foreach_lerp", False), ("_foreach_lerp_", True)]:
        native, loop = getattr(torch, name), binary(name[len("_foreach_"):], inplace)

        def lerp(tensors, end, weight, native=native, loop=loop):
            return loop(tensors, end, weight) if isinstance(weight, (list, tuple)) else native(tensors, end, weight)

        setattr(torch, name, lerp)

    def addcmul(tensors, t1, t2, value=1):
        values = scalar_list(value, len(tensors))
        return [t.addcmul(a, b, value=v) for t, a, b, v in zip(tensors, t1, t2, values)]

    def addcmul_(tensors, t1, t2, value=1):
        values = scalar_list(value, len(tensors))
        for t, a, b, v in zip(tensors, t1, t2, values):
            t.addcmul_(a, b, value=v)

    add_foreach("_foreach_addcmul", addcmul)
    add_foreach("_foreach_addcmul_", addcmul_)

    def copy_(tensors, src, non_blocking=False):
        for t, s in zip(tensors, src):
            t.copy_(s, non_blocking=non_blocking)

    add_foreach("_foreach_copy_", copy_)

    # `_foreach_max` (epsilon_step_size's max|u|, BarzilaiBorwein/BBStab/AdGD's fallback): the
    # problem's empty tensor adds nothing (-inf) rather than raising
    add_foreach("_foreach_max", lambda tensors: [t.max() if t.numel() else t.new_tensor(-math.inf) for t in tensors])

    # 5. torch.quantile raises on an empty tensor (any torch), which MedianAveraging meets on the
    #    problem's empty parameter; its median is the empty tensor of the reduced shape.
    quantile = torch.quantile

    def empty_safe_quantile(input, q, dim=None, *args, **kwargs):
        if input.numel() == 0 and dim is not None and isinstance(q, float):
            shape = list(input.shape)
            del shape[dim]
            return input.new_empty(shape)
        return quantile(input, q, dim, *args, **kwargs)

    torch.quantile = empty_safe_quantile


# ------------------------------------------------------------------------------------------
# Corrected torchzero classes, for cases where torchzero's own is buggy (docs/modules.md lists
# each divergence); CASES name them `fixed.X`.
def corrected(tz):
    from types import SimpleNamespace

    class GramSchimdt(tz.m.GramSchimdt):
        """u minus its projection on other(u), per tensor: torchzero's is elementwise,
        u − (o·u)/(o·o) = u − u/o, not a projection."""

        def transform(self, objective, update, other):
            tiny = torch.finfo(update[0].dtype).tiny * 2
            out = []
            for u, o in zip(update, other):
                oo = (o.to(torch.float64) * o.to(torch.float64)).sum()
                ou = (o.to(torch.float64) * u.to(torch.float64)).sum()
                out.append(u - (ou / oo.clip(min=tiny)).to(u.dtype) * o)
            return out

    class PowModules(tz.m.PowModules):
        """input ** exponent: torchzero's divides when input is a chain."""

        def transform(self, objective, input, exponent):
            if isinstance(input, (int, float)):
                return super().transform(objective, input, exponent)
            if isinstance(exponent, (int, float)):
                return [torch.pow(i, exponent) for i in input]
            return [torch.pow(i, e) for i, e in zip(input, exponent)]

    class WeightedSum(tz.m.WeightedSum):
        """Constructible (torchzero's passes `defaults` twice), and each weight stays with its
        input when number inputs are sorted last."""

        def __init__(self, *inputs, weights):
            weights = list(weights)
            if len(inputs) != len(weights):
                raise ValueError(f"{len(inputs)} inputs, {len(weights)} weights")
            super(tz.m.WeightedSum, self).__init__(dict(weights=weights), *inputs)

        def transform(self, objective, *inputs):
            pairs = sorted(zip(inputs, self.defaults["weights"]), key=lambda p: isinstance(p[0], float))
            total = pairs[0][0]
            torch._foreach_mul_(total, pairs[0][1])
            for v, w in pairs[1:]:
                if isinstance(v, (int, float)):
                    torch._foreach_add_(total, v * w)
                else:
                    torch._foreach_add_(total, v, alpha=w)
            if self.USE_MEAN and len(pairs) > 1:
                torch._foreach_div_(total, len(pairs))
            return total

    class WeightedMean(WeightedSum):
        USE_MEAN = True

    class Previous(tz.m.Previous):
        """Returns a copy of the oldest stored update: torchzero's returns the stored tensor itself,
        so while the first update is the oldest (steps 1..n+1) later in-place modules (LR) rescale
        it again on every step."""

        def single_tensor_apply(self, tensor, param, grad, loss, state, setting):
            return super().single_tensor_apply(tensor, param, grad, loss, state, setting).clone()

    class AdagradNorm(tz.m.AdagradNorm):
        """layerwise=False: torchzero's adds the per-parameter eps list to the global 0-d
        accumulator (`add_(NumberList)`), a TypeError; the first parameter's eps instead."""

        def multi_tensor_apply(self, tensors, params, grads, loss, states, settings):
            if settings[0]["layerwise"]:
                return super().multi_tensor_apply(tensors, params, grads, loss, states, settings)
            fs, step = settings[0], self.global_state["step"]
            accumulator = self.global_state["accumulator"]
            if fs["beta_debias"] and fs["beta"] is not None:
                accumulator = accumulator / (1 - fs["beta"] ** (step + 1))
            denom = accumulator.sqrt() + fs["eps"] if fs["use_sqrt"] else accumulator + fs["eps"]
            for t in tensors:
                t.div_(denom).mul_(fs["alpha"] / (1 + step * fs["lr_decay"]))
            return tensors

    class PolyakStepSize(tz.m.PolyakStepSize):
        """use_grad=False: torchzero's asserts it was given the gradient, which a module that does
        not use it is not given (an AssertionError on every step); uᵀu needs none."""

        def multi_tensor_update(self, tensors, params, grads, loss, states, settings):
            return super().multi_tensor_update(tensors, params, tensors if grads is None else grads, loss, states, settings)

    class RMSprop(tz.m.RMSprop):
        """amsgrad=True: torchzero's initializes the maximum as 'amsgrad', steps it as
        'exp_avg_sq_max' (created at zeros) and reads 'max_exp_avg_sq' (a KeyError); one key,
        'exp_avg_sq_max', initialized like v."""

        def single_tensor_initialize(self, tensor, param, grad, loss, state, setting):
            super().single_tensor_initialize(tensor, param, grad, loss, state, setting)
            if setting["amsgrad"]:
                state["exp_avg_sq_max"] = state.pop("amsgrad")

        def multi_tensor_apply(self, tensors, params, grads, loss, states, settings):
            if settings[0]["amsgrad"]:
                for s in states:
                    s["max_exp_avg_sq"] = s["exp_avg_sq_max"]
            return super().multi_tensor_apply(tensors, params, grads, loss, states, settings)

    from torchzero.modules import opt_utils
    from torchzero.utils import NumberList, TensorList, unpack_states

    def centered_ema_sq_max_(tensors, exp_avg_, exp_avg_sq_, beta, max_exp_avg_sq_=None, pow=2):
        """v − m², and with amsgrad its running maximum: torchzero's `centered_ema_sq_` also steps
        the maximum with the uncentered v first, so it returns max(v), the centering lost."""
        centered = opt_utils.centered_ema_sq_(tensors, exp_avg_=exp_avg_, exp_avg_sq_=exp_avg_sq_, beta=beta,
                                              max_exp_avg_sq_=None, pow=pow)
        return centered if max_exp_avg_sq_ is None else max_exp_avg_sq_.maximum_(centered)

    class CenteredEMASquared(tz.m.CenteredEMASquared):
        """amsgrad=True: the running maximum of v − m² (`centered_ema_sq_max_`)."""

        def multi_tensor_apply(self, tensors, params, grads, loss, states, settings):
            if not settings[0]["amsgrad"]:
                return super().multi_tensor_apply(tensors, params, grads, loss, states, settings)
            beta = NumberList(s["beta"] for s in settings)
            exp_avg, exp_avg_sq, max_exp_avg_sq = unpack_states(states, tensors, "exp_avg", "exp_avg_sq",
                                                                "max_exp_avg_sq", cls=TensorList)
            return centered_ema_sq_max_(TensorList(tensors), exp_avg, exp_avg_sq, beta, max_exp_avg_sq,
                                        settings[0]["pow"]).clone()

    class CenteredSqrtEMASquared(tz.m.CenteredSqrtEMASquared):
        """amsgrad=True: the root of the running maximum of v − m² (`centered_ema_sq_max_`)."""

        def multi_tensor_apply(self, tensors, params, grads, loss, states, settings):
            if not settings[0]["amsgrad"]:
                return super().multi_tensor_apply(tensors, params, grads, loss, states, settings)
            step = self.global_state["step"] = self.global_state.get("step", 0) + 1
            beta = NumberList(s["beta"] for s in settings)
            exp_avg, exp_avg_sq, max_exp_avg_sq = unpack_states(states, tensors, "exp_avg", "exp_avg_sq",
                                                                "max_exp_avg_sq", cls=TensorList)
            return opt_utils.sqrt_ema_sq_(
                TensorList(tensors), exp_avg_sq_=exp_avg_sq, beta=beta, max_exp_avg_sq_=max_exp_avg_sq,
                debiased=settings[0]["debiased"], step=step, pow=settings[0]["pow"],
                ema_sq_fn=lambda *a, **kw: centered_ema_sq_max_(*a, **kw, exp_avg_=exp_avg))

    class ClipNormByEMA(tz.m.ClipNormByEMA):
        """Per tensor with a named metric: torchzero takes the update's `norm(ord)`, which raises on
        a name, and the average's `metric(ord)`; the intended math (and the global path) takes the
        metric of both."""

        def multi_tensor_update(self, *args, **kwargs):
            tensorlist = sys.modules["torchzero.utils.tensorlist"].TensorList
            norm = tensorlist.norm
            tensorlist.norm = lambda t, ord, dtype=None: t.metric(ord) if isinstance(ord, str) else norm(t, ord, dtype)
            try:
                return super().multi_tensor_update(*args, **kwargs)
            finally:
                tensorlist.norm = norm

    def keeping_g_prev(base):
        class Fixed(base):
            """g_prev written on every step: torchzero's conjugate gradients (all but
            FletcherReeves, which reads no g_prev) write it on the first step after a restart only."""

            def multi_tensor_apply(self, tensors, params, grads, loss, states, settings):
                first = self.global_state["stage"] == "first apply"
                g = [t.clone() for t in tensors]
                out = super().multi_tensor_apply(tensors, params, grads, loss, states, settings)
                if not first:  # after a restart these states are dropped: harmless
                    for s, gi in zip(states, g):
                        s["g_prev"].copy_(gi)
                return out

        return Fixed

    dqn = sys.modules["torchzero.modules.quasi_newton.diagonal_quasi_newton"]

    class DiagonalBFGS(tz.m.DiagonalBFGS):
        """The diagonal of BFGS's inverse update: its first term reads the number yᵀHy, where
        torchzero's reads y·H·y elementwise."""

        def update_H(self, H, s, y, p, g, p_prev, g_prev, state, setting):
            sy = s.dot(y)
            if sy < setting["tol"]:
                return H
            term1 = ((sy + y.dot(H * y)) * s * s).div_(dqn.safe_clip(sy ** 2))
            term2 = (H * y * s).add_(s * y * H).div_(sy)
            H += term1.sub_(term2)
            return H

    class DNRTR(tz.m.DNRTR):
        """Andrei's update (`dnrtr_B_`): torchzero's class calls the weighted quasi-Cauchy one."""

        def update_B(self, B, s, y, p, g, p_prev, g_prev, state, setting):
            return dqn.dnrtr_B_(B=B, s=s, y=y)

    qn = sys.modules["torchzero.modules.quasi_newton.quasi_newton"]

    class Greenstadt1(tz.m.Greenstadt1):
        """c = the previous update u′, as the method names it: torchzero's `g_prev` is the state
        buffer it has just overwritten with u, so its c is u (here u′ = u − y)."""

        def update_H(self, H, s, y, p, g, p_prev, g_prev, state, setting):
            return qn.greenstadt1_H_(H=H, s=s, y=y, g_prev=g - y)

    from torchzero.utils import TensorList

    class MatrixMomentum(tz.m.MatrixMomentum):
        """The small first step (lr·u·initial_step_size) on the first step: torchzero's counter is 0
        there, so its small step comes second and its first is lr·u (s = Hs = 0), and its adaptive
        rule's g′ is first set on the second step."""

        def apply_states(self, objective, states, settings):
            self.global_state["step"] += 1
            try:
                return super().apply_states(objective, states, settings)
            finally:
                self.global_state["step"] -= 1

    class SG2(tz.m.SG2):
        """Each sample's gradients at p ± c: torchzero's `params.set_(x_0)` leaves the parameters
        sharing x_0's storage, so from the second sample on `params.copy_(x_0)` restores nothing and
        the 'minus' gradient is taken at p itself; restored by value here."""

        def update_states(self, objective, states, settings):
            by_storage = TensorList.set_
            TensorList.set_ = TensorList.copy_
            try:
                return super().update_states(objective, states, settings)
            finally:
                TensorList.set_ = by_storage

    solve = sys.modules["torchzero.linalg.solve"]

    class NewtonCG(tz.m.NewtonCG):
        """A warm start's residual r = b − (H + reg·I)·x₀: torchzero's CG forms it with the
        unregularized product (its `A_mv`, where the iterations use `self.A_mv`)."""

        def apply_states(self, objective, states, settings):
            unregularized = solve.CG.__init__
            reg = settings[0]["reg"]

            def init(cg, *args, **kwargs):
                unregularized(cg, *args, **kwargs)
                if kwargs.get("x0") is not None and reg != 0:
                    cg.r = cg.r - cg.x * reg
                    cg.z = cg.P_mm(cg.r)
                    cg.d = cg.z

            solve.CG.__init__ = init
            try:
                return super().apply_states(objective, states, settings)
            finally:
                solve.CG.__init__ = unregularized

    class PowellRestart(tz.m.PowellRestart):
        """g′ is the previous step's gradient (torchzero's keeps the first one), and the descent
        test is Powell's, −1.2‖g‖² ≤ dᵀg ≤ −0.8‖g‖² for d = −u, reset outside it (torchzero's resets
        inside the band with u's sign)."""

        def should_reset(self, objective):
            g = TensorList(objective.get_grads())
            cond1, cond2 = self.defaults["cond1"], self.defaults["cond2"]
            if "initialized" not in self.global_state:
                self.global_state["initialized"] = 0
                self.get_state(objective.params, "g_prev", init=g)
                self.get_state(objective.params, "g_prev", cls=TensorList).copy_(g)
                return False
            g_prev = self.get_state(objective.params, "g_prev", must_exist=True, cls=TensorList)
            g_g = g.dot(g)
            reset = cond1 is not None and g_prev.dot(g).abs() >= cond1 * g_g
            if cond2 is not None and not reset:
                d_g = TensorList(objective.get_updates()).dot(g)
                reset = not ((1 - cond2) * g_g <= d_g <= (1 + cond2) * g_g)
            g_prev.copy_(g)
            if reset:
                self.global_state.clear()
                self.clear_state_keys("g_prev")
                return True
            return False

    class SAM(tz.m.SAM):
        """SAM's ε normalized by the global norm of g (the paper's; torchzero's `TensorList.sum()`
        normalizes each tensor by its own), and the `apply_states` torchzero's class lacks."""

        @torch.no_grad
        def update_states(self, objective, states, settings):
            params, closure, zero_grad = objective.params, objective.closure, objective.zero_grad
            fs = settings[0]
            rho, p, eps, asam = fs["rho"], fs["p"], fs["eps"], fs["asam"]
            q = -p / (1 - p)

            @torch.no_grad
            def sam_closure(backward=True):
                orig_grads = None if backward else [w.grad for w in params]
                zero_grad()
                with torch.enable_grad():
                    closure()
                grad = TensorList(w.grad if w.grad is not None else torch.zeros_like(w) for w in params)
                grad_abs = grad.abs()
                term1 = grad.sign().mul_(rho)
                term2 = grad_abs.pow(q - 1)
                if asam:
                    grad_abs.mul_(torch._foreach_abs(params))
                denom = grad_abs.pow_(q).global_sum().pow(1 / p)
                e = term1.mul_(term2).div_(denom.clip(min=eps))
                if asam:
                    e.mul_(torch._foreach_pow(params, 2))
                torch._foreach_add_(params, e)
                if backward:
                    zero_grad()
                    with torch.enable_grad():
                        sam_loss = closure()
                else:
                    sam_loss = closure(False)
                torch._foreach_sub_(params, e)
                if orig_grads is not None:
                    for w, og in zip(params, orig_grads):
                        w.grad = og
                return sam_loss

            objective.closure = sam_closure

        def apply_states(self, objective, states, settings):
            return objective

    class ASAM(SAM):
        def __init__(self, rho=0.5, p=2, eps=1e-10):
            super().__init__(rho=rho, p=p, eps=eps, asam=True)

    import torchzero.modules.adaptive.adahessian  # noqa: F401 (the package's name is a class)
    adahessian_module = sys.modules["torchzero.modules.adaptive.adahessian"]

    def block_average(x, block_size, enable):
        """torchzero's _block_average with consecutive rows in a block: its view(block_size,
        n_blocks).mean(0) averages every n_blocks-th row, then writes the means to consecutive rows."""
        if not enable or x.ndim < 2 or math.prod(x.shape[1:]) <= 1:
            return x
        if block_size is None:
            return adahessian_module._full_average(x)
        n_blocks = x.size(0) // block_size
        if n_blocks <= 1:
            return x.abs().mean(0, keepdim=True)
        out = x.abs()
        bounds = [(b * block_size, (b + 1) * block_size) for b in range(n_blocks)]
        if n_blocks * block_size < x.size(0):
            bounds.append((n_blocks * block_size, x.size(0)))
        for lo, hi in bounds:
            out[lo:hi] = out[lo:hi].mean(0, keepdim=True)
        return out

    class AdaHessian(tz.m.AdaHessian):
        def update_states(self, objective, states, settings):
            original = adahessian_module._block_average
            adahessian_module._block_average = block_average
            try:
                return super().update_states(objective, states, settings)
            finally:
                adahessian_module._block_average = original

    class ESGD(tz.m.ESGD):
        """The accumulated Hz² divided by the estimate count once: torchzero divides twice (and
        after debiasing an EMA too), so its preconditioner shrinks as 1/sqrt(count)."""

        def apply_states(self, objective, states, settings):
            from torchzero.utils import TensorList, unpack_states
            tensors = TensorList(objective.get_updates())
            acc = unpack_states(states, tensors, "Hz_sq_acc", cls=TensorList)
            count, fs = self.global_state["num_Hzs"], settings[0]
            if fs["beta"] is None:
                acc = acc / count
            elif fs["beta_debias"]:
                acc = acc / (1.0 - fs["beta"] ** count)
            denom = acc.sqrt().add_([s["damping"] for s in settings])
            objective.updates = tensors.div_(denom)
            return objective

    class SophiaH(tz.m.SophiaH):
        """Debiasing divides the states by the corrections: torchzero's unpacks them as plain lists,
        and list / NumberList divides the corrections by the states (the update becomes ĥ/m̂)."""

        def apply_states(self, objective, states, settings):
            from torchzero.utils import TensorList, unpack_states
            exp_avg, D_exp_avg = unpack_states(states, objective.params, "exp_avg", "D_exp_avg", cls=TensorList)
            fs = settings[0]
            if fs["debias"]:
                exp_avg = exp_avg / (1.0 - fs["beta1"] ** (self.global_state["step"] + 1))
                D_exp_avg = D_exp_avg / (1.0 - fs["beta2"] ** self.global_state["num_Ds"])
            denom = D_exp_avg.lazy_mul(fs["precond_scale"]).clip(min=fs["eps"])
            objective.updates = (exp_avg / denom).clip_(-fs["clip"], fs["clip"])
            return objective

    cg = {n: keeping_g_prev(getattr(tz.m, n))
          for n in ["PolakRibiere", "HestenesStiefel", "DaiYuan", "LiuStorey", "ConjugateDescent", "HagerZhang", "DYHS"]}

    return SimpleNamespace(**cg, CenteredEMASquared=CenteredEMASquared, CenteredSqrtEMASquared=CenteredSqrtEMASquared,
                           ClipNormByEMA=ClipNormByEMA, DiagonalBFGS=DiagonalBFGS, DNRTR=DNRTR, Greenstadt1=Greenstadt1,
                           PowellRestart=PowellRestart, MatrixMomentum=MatrixMomentum, SG2=SG2, NewtonCG=NewtonCG,
                           GramSchimdt=GramSchimdt, PowModules=PowModules, WeightedSum=WeightedSum, WeightedMean=WeightedMean, Previous=Previous, AdagradNorm=AdagradNorm,
                           PolyakStepSize=PolyakStepSize, RMSprop=RMSprop, SAM=SAM, ASAM=ASAM, AdaHessian=AdaHessian,
                           ESGD=ESGD, SophiaH=SophiaH)


# Cases whose modules read the loss: each step is given loss_value(...) and the file records it.
LOSS_CASES = {"aegd", "aegd_custom", "fill_loss", "div_by_loss", "div_by_loss_alpha", "mul_by_loss", "mul_by_loss_alpha",
              "polyak_step_size", "polyak_step_size_custom", "adaptive_heavy_ball", "adaptive_heavy_ball_f_star", "bold_driver", "bold_driver_custom", "bold_driver_reset",
              "bold_driver_fallback_small", "bold_driver_inner", "polyak_step_size_inner"}

# ------------------------------------------------------------------------------------------
# name -> the torchzero modules, as Python source (also written to each file's `modules` line)

CASES = {
    "lr": "m.LR(0.1)",
    "clip_value": "m.ClipValue(0.5), m.LR(0.1)",
    "clip_norm": "m.ClipNorm(1.0), m.LR(0.1)",
    "clip_norm_global": "m.ClipNorm(1.0, dim='global'), m.LR(0.1)",
    "clip_norm_ord3": "m.ClipNorm(0.5, ord=3), m.LR(0.1)",
    "normalize": "m.Normalize(), m.LR(0.01)",
    "normalize_global_l1": "m.Normalize(0.5, ord=1, dim='global'), m.LR(0.01)",
    # any order: ±inf are maxima (the empty tensor: skipped per tensor, neutral globally), 0 counts
    "clip_norm_inf": "m.ClipNorm(0.5, ord=float('inf')), m.LR(0.1)",
    "clip_norm_global_neg_inf": "m.ClipNorm(0.05, ord=-float('inf'), dim='global'), m.LR(0.1)",
    "normalize_global_inf": "m.Normalize(0.5, ord=float('inf'), dim='global'), m.LR(0.01)",
    "normalize_l0": "m.Normalize(2.0, ord=0), m.LR(0.01)",
    "clip_norm_growth_global_inf": "m.ClipNormGrowth(mul=1.05, ord=float('inf'), tensorwise=False), m.LR(0.1)",
    "clip_norm_by_ema_global_inf": "m.ClipNormByEMA(beta=0.5, ord=float('inf'), tensorwise=False), m.LR(0.01)",
    "graft_global_inf": "m.Graft(m.Sign(), m.Adam(), tensorwise=False, ord=float('inf')), m.LR(0.01)",
    "divide_by_module_norm_inf": "m.ops.multi.DivideByModuleNorm(m.Adam(), m.Sign(), tensorwise=False, ord=float('inf')), m.LR(0.01)",
    "relative_weight_decay_linf": "m.Adam(), m.RelativeWeightDecay(0.1, metric='linf'), m.LR(0.01)",
    # named metrics as ord: mad, std, var, sum (min_size=2 skips the 1-element tensor, whose
    # unbiased std is NaN, as in torch)
    "clip_norm_std": "m.ClipNorm(0.05, ord='std', min_size=2), m.LR(0.1)",
    "clip_norm_sum": "m.ClipNorm(0.1, ord='sum'), m.LR(0.1)",
    "clip_norm_global_mad": "m.ClipNorm(0.1, ord='mad', dim='global'), m.LR(0.1)",
    "normalize_var": "m.Normalize(0.5, ord='var', min_size=2), m.LR(0.01)",
    "normalize_global_std": "m.Normalize(2.0, ord='std', dim='global'), m.LR(0.01)",
    "graft_mad": "m.Graft(m.Sign(), m.Adam(), ord='mad'), m.LR(0.01)",
    "graft_global_std": "m.Graft(m.Adam(), m.Sign(), tensorwise=False, ord='std'), m.LR(0.01)",
    "multiply_by_module_norm_global_var": "m.ops.multi.MultiplyByModuleNorm(m.Sign(), m.EMA(0.9), tensorwise=False, ord='var'), m.LR(0.01)",
    "clip_norm_by_ema_mad": "fixed.ClipNormByEMA(beta=0.9, ord='mad'), m.LR(0.01)",
    "normalize_by_ema_global_std": "m.NormalizeByEMA(beta=0.5, ord='std', tensorwise=False), m.LR(0.01)",
    # per-slice dims (core/slices.hpp) over SHAPES (2,3,4) (4,5) (7,) (1,) (33,) (0,): dims past a
    # tensor's rank dropped, negative dims, inverse_dims, min_size against each slice's size
    "clip_norm_dim0": "m.ClipNorm(0.5, dim=0), m.LR(0.1)",
    "clip_norm_dim_last": "m.ClipNorm(0.3, dim=-1), m.LR(0.1)",
    "clip_norm_dim1_inverse": "m.ClipNorm(0.4, dim=1, inverse_dims=True, min_size=4), m.LR(0.1)",
    "clip_norm_dims_0_2_std": "m.ClipNorm(0.2, ord='std', dim=[0, 2], min_size=2), m.LR(0.1)",
    "clip_norm_dim_last_min_size": "m.Adam(), m.ClipNorm(0.1, ord=float('inf'), dim=-1, min_size=5), m.LR(0.1)",
    "normalize_dim0": "m.Normalize(0.5, dim=0), m.LR(0.01)",
    "normalize_dim1_l1": "m.Normalize(0.5, ord=1, dim=(1,)), m.LR(0.01)",
    "normalize_dim_last_inverse": "m.Normalize(0.5, dim=-1, inverse_dims=True), m.LR(0.01)",
    "centralize_dim0": "m.Centralize(dim=0), m.LR(0.1)",
    "centralize_dim1_inverse": "m.Centralize(dim=1, inverse_dims=True), m.LR(0.1)",
    "centralize_dims_0_2": "m.Centralize(dim=[0, 2], min_size=3), m.Adam(), m.ClipNorm(0.2), m.LR(0.1)",
    "centralize": "m.Centralize(), m.LR(0.1)",
    "centralize_global": "m.Centralize(dim='global'), m.LR(0.1)",
    "clip_norm_growth": "m.ClipNormGrowth(mul=1.05), m.LR(0.1)",
    "clip_norm_growth_global": "m.ClipNormGrowth(add=0.1, mul=1.2, max_decay=1.5, tensorwise=False), m.LR(0.1)",
    "clip_value_growth": "m.ClipValueGrowth(), m.LR(0.1)",
    "clip_value_growth_add": "m.ClipValueGrowth(add=0.05, mul=1.2, max_decay=4), m.LR(0.1)",
    "graft": "m.Graft(m.Sign(), m.Adam()), m.LR(0.01)",
    "graft_global": "m.Graft(m.Adam(), [m.Sign(), m.LR(0.1)], tensorwise=False, strength=0.5), m.LR(0.01)",
    "graft_input_to_output": "m.GraftInputToOutput(m.EMA(0.9)), m.LR(0.01)",
    "graft_output_to_input": "m.GraftOutputToInput(m.Sign()), m.LR(0.01)",
    "graft_to_grad": "m.Adam(), m.GraftToGrad(), m.LR(0.01)",
    "graft_grad_to_update": "m.Adam(), m.GraftGradToUpdate(), m.LR(0.01)",
    "graft_to_params": "m.GraftToParams(), m.LR(0.001)",
    "multiply_by_module_norm": "m.ops.multi.MultiplyByModuleNorm(m.Sign(), m.EMA(0.9)), m.LR(0.01)",
    "ortho_grad": "m.Adam(), m.OrthoGrad(), m.LR(0.01)",
    "aegd": "m.AEGD()",
    "aegd_custom": "m.HeavyBall(), m.AEGD(lr=0.3, c=0.5)",
    "fill_loss": "m.FillLoss(alpha=0.5), m.Sign(), m.LR(0.01)",
    "div_by_loss": "m.Adam(), m.DivByLoss(), m.LR(0.1)",
    "div_by_loss_alpha": "m.DivByLoss(alpha=0.5, min_value=5.0), m.LR(0.1)",
    "mul_by_loss": "m.Adam(), m.MulByLoss(), m.LR(0.01)",
    "mul_by_loss_alpha": "m.MulByLoss(alpha=2.0, min_value=30.0), m.LR(0.001)",
    "polyak_step_size": "m.PolyakStepSize()",
    "polyak_step_size_custom": "m.Adam(), fixed.PolyakStepSize(f_star=None, y=0.5, y_decay=0.1, max=0.05, use_grad=False, "
                               "alpha=0.5)",
    "adaptive_heavy_ball": "m.AdaptiveHeavyBall()",
    "adaptive_heavy_ball_f_star": "m.AdaptiveHeavyBall(f_star=-0.5)",
    "bold_driver": "m.BoldDriver()",
    "bold_driver_custom": "m.Adam(), m.BoldDriver(a_init=0.05, nplus=1.5, nminus=0.5)",
    "bold_driver_reset": "m.BoldDriver(a_init=1e-39)",
    # every step falls back on epsilon_step_size with 1e-7 < max|u| < 1: alpha_0 / max|u|
    "bold_driver_fallback_small": "m.Mul(0.01), m.BoldDriver(a_init=1e-39)",
    "bold_driver_inner": "m.BoldDriver(a_init=0.05, inner=m.Adam())",
    "polyak_step_size_inner": "m.PolyakStepSize(max=0.5, inner=m.Adam()), m.LR(0.5)",
    "gram_schmidt": "m.Adam(), fixed.GramSchimdt(m.HeavyBall()), m.LR(0.01)",
    "gram_schmidt_chain": "fixed.GramSchimdt([m.EMA(0.5), m.Sign()]), m.LR(0.1)",
    "update_gradient_sign_consistency": "m.Adam(), m.UpdateGradientSignConsistency(), m.LR(0.01)",
    "update_gradient_sign_consistency_normalized":
        "m.HeavyBall(), m.UpdateGradientSignConsistency(normalize=True), m.LR(0.01)",
    "scale_by_grad_cosine_similarity": "m.Adam(), m.ScaleByGradCosineSimilarity(), m.LR(0.1)",
    "scale_modules_by_cosine_similarity": "m.ScaleModulesByCosineSimilarity(m.Adam(), m.HeavyBall()), m.LR(0.1)",
    "intermodule_cautious": "m.IntermoduleCautious(m.Adam(), m.HeavyBall()), m.LR(0.01)",
    "intermodule_cautious_normalized": "m.IntermoduleCautious(m.Adam(), m.HeavyBall(), normalize=True), m.LR(0.01)",
    "intermodule_cautious_grad": "m.IntermoduleCautious(m.Adam(), m.EMA(0.5), mode='grad'), m.LR(0.01)",
    "intermodule_cautious_backtrack": "m.IntermoduleCautious(m.Adam(), m.EMA(0.5), mode='backtrack'), m.LR(0.01)",
    "ortho_grad_plain": "m.OrthoGrad(eps=1e-3, renormalize=False), m.LR(0.01)",
    "msam_momentum": "m.MSAMMomentum(0.01)",
    "msam_momentum_nesterov_wd": "m.MSAMMomentum(0.01, momentum=0.8, rho=0.5, weight_decay=0.1, nesterov=True)",
    "msam_momentum_lerp": "m.Adam(), m.MSAMMomentum(0.05, rho=0.1, lerp=True)",
    "clip_norm_by_ema": "m.ClipNormByEMA(), m.LR(0.01)",
    "clip_norm_by_ema_global": "m.ClipNormByEMA(beta=0.5, max_ema_growth=1.1, init=0.1, tensorwise=False), m.LR(0.01)",
    "normalize_by_ema": "m.NormalizeByEMA(beta=0.9, ord=1), m.LR(0.01)",
    "clip_norm_by_ema_inner": "m.ClipNormByEMA(beta=0.9, inner=m.Adam()), m.LR(0.01)",
    "normalize_by_ema_global_inner": "m.NormalizeByEMA(beta=0.5, tensorwise=False, inner=m.EMA(0.5)), m.LR(0.01)",
    "clip_value_by_ema": "m.ClipValueByEMA(), m.LR(0.1)",
    "clip_value_by_ema_init": "m.Adam(), m.ClipValueByEMA(beta=0.9, init=1.0), m.LR(0.01)",
    "clip_value_by_ema_inner": "m.ClipValueByEMA(beta=0.9, init=1.0, inner=m.Adam(), exp_avg_tfm=[m.EMA(0.5), m.Mul(2)]), m.LR(0.01)",
    "mars_correction": "m.MARSCorrection(), m.Adam(), m.LR(0.01)",
    "mars_correction_unclipped": "m.MARSCorrection(beta=0.95, scaling=0.1, max_norm=None), m.Adam(beta1=0.95, beta2=0.99), m.LR(0.01)",
    "adagrad_norm": "m.AdagradNorm(), m.LR(0.1)",
    "adagrad_norm_global_beta": "fixed.AdagradNorm(lr_decay=0.01, initial_accumulator_value=0.1, beta=0.9, layerwise=False, alpha=0.5), m.LR(0.1)",
    "adagrad_norm_nosqrt": "m.AdagradNorm(beta=0.99, beta_debias=False, use_sqrt=False, eps=1e-3), m.LR(0.1)",
    "adagrad_norm_inner": "m.AdagradNorm(inner=m.Adam()), m.LR(0.1)",
    "adagrad_norm_global_inner": "fixed.AdagradNorm(beta=0.9, layerwise=False, inner=m.EMA(0.5)), m.LR(0.1)",
    "relative_weight_decay": "m.Adam(), m.RelativeWeightDecay(), m.LR(0.01)",
    "relative_weight_decay_grad_std": "m.RelativeWeightDecay(0.05, norm_input='grad', metric='std'), m.Adam(), m.LR(0.01)",
    "relative_weight_decay_params_l2_cautious": "m.Adam(), m.RelativeWeightDecay(0.01, ord=1, norm_input='params', metric='l2', cautious=True), m.LR(0.01)",
    "relative_weight_decay_var": "m.RelativeWeightDecay(0.01, metric='var'), m.Adam(), m.LR(0.01)",
    "relative_weight_decay_params_l4": "m.Adam(), m.RelativeWeightDecay(0.1, norm_input='params', metric='l4'), m.LR(0.01)",
    "relative_weight_decay_sum": "m.Adam(), m.RelativeWeightDecay(0.001, metric='sum'), m.LR(0.01)",
    "divide_by_module_norm": "m.ops.multi.DivideByModuleNorm(m.Adam(), m.Sign(), tensorwise=False), m.LR(0.01)",
    "adam": "m.Adam(), m.LR(0.01)",
    "adam_custom": "m.Adam(beta1=0.8, beta2=0.99, eps=1e-3, alpha=0.5), m.LR(0.01)",
    "adam_nodebias": "m.Adam(debias=False), m.LR(0.01)",
    "adam_clip_norm": "m.Adam(), m.ClipNorm(0.5), m.LR(0.01)",
    "adam_exp_avg_tfm": "m.Adam(exp_avg_tfm=m.ClipValue(0.01), exp_avg_sq_tfm=m.EMA(0.5)), m.LR(0.01)",
    "amsgrad_exp_avg_sq_tfm": "m.Adam(amsgrad=True, eps=1e-3, exp_avg_sq_tfm=[m.Sqrt(), m.Mul(0.1)]), m.LR(0.01)",
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
    "adagrad_inner": "m.Adagrad(lr_decay=0.01, inner=m.EMA(0.9), accumulator_tfm=[m.Sqrt(), m.Mul(0.5)]), m.LR(0.1)",
    "adagrad_accumulator_tfm": "m.Adagrad(initial_accumulator_value=0.1, accumulator_tfm=m.EMA(0.5)), m.LR(0.1)",
    "rmsprop_inner": "m.RMSprop(inner=m.EMA(0.9), exp_avg_sq_tfm=m.EMA(0.5)), m.LR(0.01)",
    # corrected: torchzero's RMSprop(amsgrad=True) stores and reads the maximum under different keys
    "rmsprop_amsgrad": "fixed.RMSprop(0.9, debias=True, amsgrad=True, init='update'), m.LR(0.01)",
    "rmsprop_centered_amsgrad_hooks": "fixed.RMSprop(0.9, centered=True, amsgrad=True, inner=m.Sign(), exp_avg_sq_tfm=m.Mul(2.0)), m.LR(0.01)",
    "lion": "m.Lion(), m.LR(0.01)",
    "lion_custom": "m.Lion(beta1=0.5, beta2=0.95), m.LR(0.01)",
    "adan": "m.Adan(), m.LR(0.01)",
    "adan_custom": "m.Adan(beta1=0.9, beta2=0.8, beta3=0.95, eps=1e-3), m.LR(0.01)",
    "adan_tfms": "m.Adan(m_tfm=m.ClipValue(0.01), v_tfm=m.EMA(0.5), n_tfm=[m.Sqrt(), m.Mul(0.1)]), m.LR(0.01)",
    "rprop": "m.Rprop(), m.LR(0.01)",
    "rprop_custom": "m.Rprop(nplus=1.5, nminus=0.25, lb=0.01, ub=2, backtrack=False, alpha=0.5), m.LR(0.1)",
    "sign_consistency_lrs": "m.SignConsistencyLRs(nplus=1.1, nminus=0.6, lb=0.01, ub=3, alpha=0.5), m.LR(0.01)",
    "scale_lr_by_sign_change": "m.ScaleLRBySignChange(), m.LR(0.01)",
    "scale_lr_by_sign_change_grad": "m.Adam(), m.ScaleLRBySignChange(nplus=1.5, nminus=0.25, lb=0.01, ub=10, "
                                    "alpha=0.5, use_grad=True), m.LR(0.01)",
    "backtrack_on_sign_change_grad": "m.Adam(), m.BacktrackOnSignChange(use_grad=True), m.LR(0.01)",
    "backtrack_on_sign_change_grad_zero": "m.Adam(), m.BacktrackOnSignChange(use_grad=True, backtrack=False), m.LR(0.01)",
    "adam_amsgrad": "m.Adam(beta2=0.9, amsgrad=True), m.LR(0.01)",
    # ops: elementwise maps with constant operands
    "abs": "m.Abs(), m.LR(0.01)",
    "negate_mul": "m.Negate(), m.Mul(-0.01)",
    "div": "m.Div(3.0), m.LR(0.1)",
    "add_sub": "m.Adam(), m.Add(0.3), m.Sub(0.1, alpha=2.0), m.LR(0.01)",
    "clip": "m.Clip(-0.5, 1.0), m.LR(0.1)",
    "clip_min": "m.Clip(min=-0.25), m.LR(0.1)",
    "threshold": "m.Threshold(0.5, 0.0, True), m.LR(0.1)",
    "threshold_below": "m.Threshold(-0.25, 1.0, False), m.LR(0.1)",
    "exp": "m.Clip(-2.0, 2.0), m.Exp(), m.Sub(1.0), m.LR(0.01)",
    "exp_reciprocal": "m.Clip(-2.0, 2.0), m.Exp(), m.Reciprocal(), m.LR(0.01)",
    "reciprocal_eps": "m.Abs(), m.Reciprocal(eps=1.0), m.LR(0.01)",
    "pow_cube": "m.Adam(), m.Pow(3), m.LR(0.01)",
    "pow_abs": "m.Abs(), m.Pow(1.5), m.LR(0.001)",
    "pow_sqrt": "m.Pow(2), m.Sqrt(), m.Pow(0.5), m.LR(0.01)",
    "nan_to_num": "m.Reciprocal(), m.NanToNum(posinf=0.5), m.Clip(-1.0, 1.0), m.LR(0.01)",
    "fill": "m.Fill(0.5), m.LR(0.01)",
    "ones": "m.Ones(), m.LR(0.01)",
    "zeros": "m.Zeros(), m.WeightDecay(0.1), m.LR(0.1)",
    "grad": "m.Adam(), m.Grad(), m.LR(0.1)",
    "params": "m.Params(), m.LR(0.01)",
    "identity": "m.Identity(), m.Noop(), m.LR(0.1)",
    "ema_squared": "m.Adam(), m.EMASquared(0.9), m.LR(0.01)",
    "ema_squared_pow1": "m.Adam(), m.EMASquared(0.8, pow=1), m.LR(0.01)",
    "sqrt_ema_squared": "m.Adam(), m.SqrtEMASquared(0.99, debiased=True), m.LR(0.01)",
    "sqrt_ema_squared_pow3": "m.Adam(), m.SqrtEMASquared(0.9, debiased=True, pow=3), m.LR(0.01)",
    "centered_ema_squared": "m.Adam(), m.CenteredEMASquared(0.9), m.LR(0.01)",
    "centered_sqrt_ema_squared": "m.Adam(), m.CenteredSqrtEMASquared(0.9, debiased=True), m.LR(0.01)",
    "ema_squared_amsgrad": "m.Adam(), m.EMASquared(0.9, amsgrad=True), m.LR(0.01)",
    "sqrt_ema_squared_amsgrad": "m.Adam(), m.SqrtEMASquared(0.9, amsgrad=True, debiased=True, pow=3), m.LR(0.01)",
    "centered_ema_squared_amsgrad": "m.Adam(), fixed.CenteredEMASquared(0.9, amsgrad=True), m.LR(0.01)",
    "centered_sqrt_ema_squared_amsgrad": "m.Adam(), fixed.CenteredSqrtEMASquared(0.9, amsgrad=True, debiased=True), "
    "m.LR(0.01)",
    "debias": "m.Adam(debias=False), m.Debias(0.9, 0.999), m.LR(0.01)",
    "debias_alpha": "m.EMA(0.9), m.Debias(beta1=0.9, alpha=0.5), m.LR(0.01)",
    "debias2": "m.Adam(), m.Debias2(0.99, pow=3), m.LR(0.01)",
    "lerp_adam": "m.ops.binary.Lerp(m.Adam(), 0.25), m.LR(0.01)",  # Lerp is not exported from tz.m
    "lerp_chain": "m.ops.binary.Lerp([m.EMA(0.9), m.Cautious(), m.WeightDecay(0.1)], 0.75), m.LR(0.01)",
    "copy_sign": "m.CopySign(m.EMA(0.9)), m.LR(0.01)",
    "rcopy_sign": "m.RCopySign([m.HeavyBall(0.9), m.LR(2.0)]), m.LR(0.01)",
    "maximum": "m.Maximum(m.Negate()), m.LR(0.01)",
    "minimum": "m.Minimum(m.EMA(0.5)), m.LR(0.01)",
    "rsub": "m.RSub(0.5), m.LR(0.01)",
    "rsub_chain": "m.RSub(m.NAG(0.9)), m.LR(0.01)",
    "rdiv": "m.Abs(), m.Add(1.0), m.RDiv(2.0), m.LR(0.01)",
    "rdiv_chain": "m.Abs(), m.Add(1.0), m.RDiv(m.HeavyBall(0.9)), m.LR(0.01)",
    "rpow": "m.Abs(), m.RPow(0.5), m.LR(0.01)",
    "rpow_chain": "m.Abs(), m.RPow([m.EMA(0.9), m.Add(1.0), m.Reciprocal()]), m.LR(0.01)",
    "add_chain": "m.Add(m.EMA(0.9), alpha=0.5), m.LR(0.01)",
    "sub_chain": "m.Sub([m.HeavyBall(0.9), m.Mul(0.5)]), m.LR(0.01)",
    "mul_chain": "m.Mul([m.Abs(), m.Add(1.0)]), m.LR(0.01)",
    "div_chain": "m.Div([m.Abs(), m.Add(1.0)]), m.LR(0.01)",
    "pow_chain": "m.Abs(), m.Pow([m.Sign(), m.Mul(-0.5), m.Add(1.0)]), m.LR(0.01)",
    # AccumulateProduct has no case: torchzero's starts at 0 (docs/modules.md, divergences)
    "accumulate_sum": "m.AccumulateSum(), m.LR(0.01)",
    "accumulate_sum_decay": "m.Adam(), m.AccumulateSum(decay=0.5), m.LR(0.01)",
    "accumulate_mean": "m.AccumulateMean(decay=0.25), m.LR(0.01)",
    "accumulate_maximum": "m.Adam(), m.AccumulateMaximum(), m.LR(0.01)",
    "accumulate_minimum": "m.Adam(), m.AccumulateMinimum(decay=0.5), m.LR(0.01)",
    "grad_sign": "m.Adam(), m.GradSign(), m.LR(0.01)",
    "update_sign": "m.Adam(), m.UpdateSign(), m.LR(0.01)",
    # several operands (reduce.py, multi.py): the update only feeds the module chains
    "sum": "m.Sum(m.Adam(), [m.Sign(), m.LR(0.1)], 0.5), m.LR(0.01)",
    "mean": "m.Mean(m.EMA(0.9), m.Sign(), 1.0), m.LR(0.01)",
    "prod": "m.Prod([m.Abs(), m.Add(1.0)], m.EMA(0.9), 0.5), m.LR(0.01)",
    "maximum_modules": "m.MaximumModules(m.EMA(0.9), m.Negate()), m.LR(0.01)",
    "minimum_modules": "m.MinimumModules(m.EMA(0.5), m.Negate(), [m.Sign(), m.Mul(0.5)]), m.LR(0.01)",
    # corrected: torchzero's WeightedSum/WeightedMean cannot be built (`defaults` given twice), and
    # sort a number before a chain to the end without its weight
    "weighted_sum": "fixed.WeightedSum(m.Adam(), m.Sign(), 0.5, weights=[0.3, 0.7, -1.0]), m.LR(0.01)",
    "weighted_sum_number_first": "fixed.WeightedSum(0.5, m.Adam(), m.Sign(), weights=[-1.0, 0.3, 0.7]), m.LR(0.01)",
    "weighted_mean": "fixed.WeightedMean(m.EMA(0.9), [m.Sign(), m.Mul(0.5)], 0.25, weights=[2.0, 1.0, 0.5]), m.LR(0.01)",
    "sub_modules": "m.SubModules(m.Adam(), [m.Sign(), m.Mul(0.1)], alpha=0.5), m.LR(0.01)",
    "sub_modules_number": "m.SubModules(1.0, m.EMA(0.9), alpha=2.0), m.LR(0.01)",
    "div_modules": "m.DivModules(m.EMA(0.9), [m.Abs(), m.Add(1.0)]), m.LR(0.01)",
    "div_modules_number": "m.DivModules(2.0, [m.Abs(), m.Add(1.0)]), m.LR(0.01)",
    # corrected: torchzero divides a chain input by the exponent
    "pow_modules": "fixed.PowModules([m.Abs(), m.Add(0.5)], [m.Sign(), m.Mul(0.5), m.Add(1.0)]), m.LR(0.01)",
    "pow_modules_number": "m.PowModules(2.0, [m.EMA(0.9), m.Clip(-1.0, 1.0)]), m.LR(0.01)",
    "lerp_modules": "m.LerpModules(m.Adam(), [m.EMA(0.9), m.Sign()], 0.3), m.LR(0.01)",
    "clip_modules": "m.ClipModules(m.Adam(), min=-0.5, max=[m.Abs(), m.Mul(0.5)]), m.LR(0.01)",
    # switch.py: each chain counts its own steps; the 60 steps switch several times
    "alternate": "m.Alternate(m.Adam(), [m.Sign(), m.Mul(0.5)], m.EMA(0.9), steps=[2, 1, 3]), m.LR(0.01)",
    "alternate_steps": "m.Alternate(m.Adam(), [m.Sign(), m.Mul(0.5)], steps=3), m.LR(0.01)",
    # each tensor through one side: rank >= 2 (the first two shapes), then by index
    "split": "m.Split(lambda p: p.ndim >= 2, true=[m.Adam(), m.Mul(0.5)], false=m.Sign()), m.LR(0.01)",
    "split_nested": "m.EMA(0.9), m.Split(lambda p: p.ndim < 2, true=m.Split(lambda p: p.numel() > 4, true=m.Adam(), false=None), false=[m.Sign(), m.ClipValue(0.5)]), m.LR(0.01)",
    "switch": "m.Switch(m.Adam(), [m.Sign(), m.Mul(0.5)], m.EMA(0.9), m.Adam(beta1=0.5), steps=[5, 10, 15]), m.LR(0.01)",
    "switch_int": "m.Switch(m.Adam(), m.Sign(), [m.EMA(0.9), m.Mul(2.0)], steps=7), m.LR(0.01)",
    # step_size
    "step_size": "m.Adam(), m.StepSize(0.01)",
    "warmup": "m.Adam(), m.LR(0.01), m.Warmup(steps=20, start_lr=0.1)",
    "warmup_norm_clip": "m.Adam(), m.WarmupNormClip(steps=20, start_norm=0.1, end_norm=2.0), m.LR(0.1)",
    # BB and AdGD on this noisy problem amplify rounding (AdGD's 2α²L² − 1 cancels, in fp32 in
    # torchzero); these configurations move the parameters and keep fp32 within 1e-5 over 60 steps
    "barzilai_borwein": "m.BarzilaiBorwein()",
    "barzilai_borwein_short": "m.BarzilaiBorwein(type='short', alpha_0=0.1)",
    "barzilai_borwein_long": "m.BarzilaiBorwein(type='long', alpha_0=0.1), m.LR(0.5)",
    "barzilai_borwein_geom_fallback_update": "m.HeavyBall(0.5), m.BarzilaiBorwein(type='geom-fallback', alpha_0=1e-2, "
                                             "use_grad=False), m.LR(0.5)",
    "barzilai_borwein_fallback_small": "m.Mul(0.001), m.BarzilaiBorwein(alpha_0=1e-4)",
    "bb_stab": "m.BBStab(alpha_0=0.01)",
    "bb_stab_delta_short": "m.HeavyBall(0.5), m.BBStab(delta=0.5, type='short', alpha_0=0.01, use_grad=False)",
    "bb_stab_long": "m.BBStab(c=0.5, type='long', alpha_0=0.01, inf_iters=5)",
    "adgd": "m.AdGD(alpha_0=0.01), m.LR(0.5)",
    "adgd_variant1": "m.AdGD(variant=1, alpha_0=0.01, sqrt=False)",
    "adgd_update": "m.HeavyBall(0.5), m.AdGD(variant=1, alpha_0=0.001, use_grad=False), m.LR(0.5)",
    # inner: the step size multiplies the chain's output; c (use_grad=False) stays the update entering
    "barzilai_borwein_inner": "m.BarzilaiBorwein(type='short', alpha_0=0.1, use_grad=False, inner=m.EMA(0.5))",
    "bb_stab_inner": "m.BBStab(alpha_0=0.01, use_grad=False, inner=m.EMA(0.5))",
    "adgd_inner": "m.AdGD(alpha_0=0.01, inner=m.EMA(0.5)), m.LR(0.5)",
    "adgd_alpha_none": "m.Mul(0.01), m.AdGD(alpha_0=None, use_grad=False, inner=m.Mul(0.5))",
    # misc: the last updates (tzero keeps them in state slots)
    # corrected: torchzero's Previous returns its stored tensor, which LR then rescales in place
    "previous": "m.Adam(), fixed.Previous(2), m.LR(0.01)",
    # conjugate_gradient/cg.py: n = 85 elements, so the default restart ('auto', n + 1) never comes
    # within 60 steps; the cases with restart_interval restart several times
    "polak_ribiere": "fixed.PolakRibiere(), m.LR(0.01)",
    "polak_ribiere_restart": "fixed.PolakRibiere(clip_beta=False, restart_interval=5), m.LR(0.01)",
    "fletcher_reeves": "m.FletcherReeves(restart_interval=10), m.LR(0.01)",
    "fletcher_reeves_restart_inner": "m.FletcherReeves(restart_interval=7, clip_beta=True, inner=m.EMA(0.5)), m.LR(0.01)",
    "hestenes_stiefel": "fixed.HestenesStiefel(restart_interval=8), m.LR(0.01)",
    "dai_yuan": "fixed.DaiYuan(restart_interval=4), m.LR(0.01)",
    "liu_storey": "fixed.LiuStorey(clip_beta=True, restart_interval=6), m.LR(0.01)",
    "conjugate_descent": "fixed.ConjugateDescent(restart_interval=6), m.LR(0.01)",
    "hager_zhang": "fixed.HagerZhang(restart_interval=2), m.LR(0.01)",
    "dyhs": "fixed.DYHS(), m.LR(0.01)",
    "dyhs_inner": "fixed.DYHS(restart_interval=1, inner=m.Sign()), m.LR(0.01)",
    # quasi_newton/diagonal_quasi_newton.py, over all tensors (concat_params). Corrected:
    # DiagonalBFGS's yᵀHy, DNRTR's own update. On these noisy gradients DiagonalBFGS's H turns
    # negative and the run diverges unless tol or ptol skips pairs. DiagonalSR1's inverse form
    # with the auto scale has zᵀy = 0 up to rounding on its first update: a tol above fp32's
    # rounding skips it (docs/modules/quasi_newton.md)
    "diagonal_bfgs": "fixed.DiagonalBFGS(tol=1e-2), m.LR(0.01)",
    "diagonal_bfgs_ptol": "fixed.DiagonalBFGS(ptol=1e-2), m.LR(0.01)",
    "diagonal_bfgs_options": "fixed.DiagonalBFGS(init_scale=2.0, restart_interval=7, beta=0.5, scale_first=True), m.LR(0.01)",
    "diagonal_sr1": "m.DiagonalSR1(tol=1e-4), m.LR(0.01)",
    "diagonal_sr1_direct": "m.DiagonalSR1(inverse=False, ptol=1e-3, ptol_restart=True), m.LR(0.01)",
    "diagonal_quasi_cauchi": "m.DiagonalQuasiCauchi(), m.LR(0.01)",
    "diagonal_quasi_cauchi_inner": "m.DiagonalQuasiCauchi(update_freq=3, restart_interval='auto', inner=m.EMA(0.5)), m.LR(0.01)",
    "diagonal_weighted_quasi_cauchi": "m.DiagonalWeightedQuasiCauchi(gtol=0.1), m.LR(0.01)",
    "dnrtr": "fixed.DNRTR(), m.LR(0.01)",
    "dnrtr_bounds": "fixed.DNRTR(lb=0.5, ub=4.0, scale_first=True), m.LR(0.01)",
    "new_dqn": "m.NewDQN(), m.LR(0.01)",
    "previous_torchzero": "m.Adam(), m.Previous(2), m.Clone(), m.LR(0.01)",
    "last_difference": "m.Adam(), m.LastDifference(), m.LR(0.01)",
    "last_grad_difference": "m.Adam(), m.LastGradDifference(), m.LR(0.01)",
    "last_product": "m.Adam(), m.LastProduct(), m.LR(0.01)",
    "last_ratio": "m.Abs(), m.Add(1.0), m.LastRatio(), m.LR(0.01)",
    "last_ratio_prev": "m.Abs(), m.Add(1.0), m.LastRatio(numerator='prev'), m.LR(0.01)",
    "last_absolute_ratio": "m.LastAbsoluteRatio(), m.Clip(-2.0, 2.0), m.LR(0.01)",
    "last_absolute_ratio_prev": "m.LastAbsoluteRatio(numerator='prev', eps=0.1), m.Clip(-3.0, 3.0), m.LR(0.01)",
    "relative": "m.Adam(), m.Relative(), m.LR(0.01)",
    "relative_min": "m.Adam(), m.Relative(min_value=0.5), m.LR(0.01)",
    "gradient_accumulation": "m.GradientAccumulation(4), m.Adam(), m.LR(0.01)",
    "gradient_accumulation_sum_nostop": "m.GradientAccumulation(3, mean=False, stop=False), m.HeavyBall(0.9), m.LR(0.01)",
    # weight decay: DirectWeightDecay writes the parameters wherever it sits; tzero's goes last
    "direct_weight_decay": "m.DirectWeightDecay(0.01), m.Adam(), m.LR(0.01)",
    "direct_weight_decay_l1": "m.Adam(), m.DirectWeightDecay(0.001, ord=1), m.LR(0.01)",
    "cautious_weight_decay": "m.Adam(), m.CautiousWeightDecay(0.1), m.LR(0.01)",
    "cautious_weight_decay_coupled_l1": "m.CautiousWeightDecay(0.01, ord=1), m.Adam(), m.LR(0.01)",
    # averaging
    "averaging": "m.Adam(), m.Averaging(4), m.LR(0.01)",
    "weighted_averaging": "m.Adam(), m.WeightedAveraging([0.1, 0.2, 0.3, 0.4]), m.LR(0.01)",
    "median_averaging": "m.Adam(), m.MedianAveraging(3), m.LR(0.01)",
    "median_averaging_even": "m.Adam(), m.MedianAveraging(4), m.LR(0.01)",
}


TORCH_CASES = {
    "torch_adam": dict(lr=0.01),
    "torch_adam_custom": dict(lr=0.01, betas=(0.8, 0.99), eps=1e-3),
    "torch_adam_amsgrad": dict(lr=0.01, betas=(0.9, 0.9), amsgrad=True),
}

DESCRIPTIONS = {
    "torch_adam": "torch.optim.Adam(lr=0.01, foreach=False)",
    "torch_adam_custom": "torch.optim.Adam(lr=0.01, betas=(0.8, 0.99), eps=1e-3, foreach=False)",
    "torch_adam_amsgrad": "torch.optim.Adam(lr=0.01, betas=(0.9, 0.9), amsgrad=True, foreach=False)",
}

# Presets (include/tzero/presets.hpp, replayed by tests/presets.cpp): torch.optim's other
# optimizers, each named by an "optimizer" key (default Adam), and torchzero chains for the
# presets torch 1.13 lacks. torch's weight_decay on SGD/RMSprop/Adagrad is tzero's
# `weight_decay(wd) | preset`.
PRESET_TORCH_CASES = {
    "torch_adamw": dict(optimizer="AdamW", lr=0.01, weight_decay=0.1),
    "torch_adamw_amsgrad": dict(optimizer="AdamW", lr=0.01, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.05,
                                amsgrad=True),
    "torch_sgd_weight_decay": dict(optimizer="SGD", lr=0.01, weight_decay=0.1),
    "torch_sgd_momentum": dict(optimizer="SGD", lr=0.01, momentum=0.9),
    "torch_sgd_nesterov": dict(optimizer="SGD", lr=0.01, momentum=0.9, nesterov=True, weight_decay=0.01),
    "torch_rmsprop": dict(optimizer="RMSprop", lr=0.01),
    "torch_rmsprop_centered": dict(optimizer="RMSprop", lr=0.01, alpha=0.9, centered=True),
    "torch_rmsprop_centered_momentum": dict(optimizer="RMSprop", lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01,
                                            momentum=0.9, centered=True),
    "torch_adagrad": dict(optimizer="Adagrad", lr=0.1),
    "torch_adagrad_custom": dict(optimizer="Adagrad", lr=0.1, lr_decay=0.01, weight_decay=0.01,
                                 initial_accumulator_value=0.1, eps=1e-6),
}
TORCH_CASES.update(PRESET_TORCH_CASES)
DESCRIPTIONS.update({
    name: f"torch.optim.{kw['optimizer']}("
          + ", ".join(f"{k}={v!r}" for k, v in kw.items() if k != "optimizer") + ", foreach=False)"
    for name, kw in PRESET_TORCH_CASES.items()
})
CASES.update({
    "lion_weight_decay": "m.Lion(beta1=0.8, beta2=0.95), m.WeightDecay(0.5), m.LR(0.01)",
    "cautious_adamw": "m.Adam(), m.Cautious(), m.WeightDecay(0.1), m.LR(0.01)",
    "cautious_adamw_normalized": "m.Adam(beta1=0.8, beta2=0.99, eps=1e-3), m.Cautious(normalize=True), "
                                 "m.WeightDecay(0.1), m.LR(0.01)",
})


def torch_optimizer(params, optimizer="Adam", **kwargs):
    """torch.optim.<optimizer> on its single-tensor path, as every torch_* case records it."""
    return getattr(torch.optim, optimizer)(params, foreach=False, **kwargs)


# Learning-rate schedules: torch.optim.lr_scheduler on a base lr, the lr each optimizer step
# uses (last_epoch = 0, 1, ...; tzero's step t = last_epoch + 1), written to data/schedules.txt
# for tests/schedules/schedules.cpp. name -> (base lr, scheduler source, steps)
SCHEDULE_CASES = {
    "cosine": (0.1, "CosineAnnealingLR(opt, T_max=40, eta_min=0.001)", 41),
    "cosine_zero_min": (0.5, "CosineAnnealingLR(opt, T_max=25)", 26),
    "exponential": (0.1, "ExponentialLR(opt, gamma=0.95)", 60),
    "step": (0.1, "StepLR(opt, step_size=7, gamma=0.5)", 60),
    "linear": (0.1, "LinearLR(opt, start_factor=1.0, end_factor=0.1, total_iters=30)", 40),
    "one_cycle": (0.1, "OneCycleLR(opt, max_lr=0.1, total_steps=50)", 50),
    "one_cycle_custom": (0.1, "OneCycleLR(opt, max_lr=0.3, total_steps=40, pct_start=0.25, div_factor=10.0, "
                              "final_div_factor=100.0, three_phase=True)", 40),
}


def write_schedules(out_dir):
    import warnings
    from torch.optim import lr_scheduler
    lines = ["tzero-schedules 1",
             "# case <name> <torch scheduler> (base lr); values: the lr at last_epoch = 0, 1, ... (tzero step t = k + 1)"]
    for name, (base, source, steps) in SCHEDULE_CASES.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)
        sched = eval(source, {**vars(lr_scheduler), "opt": opt})
        values = []
        for _ in range(steps):
            values.append(opt.param_groups[0]["lr"])
            opt.step()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sched.step()
        lines.append(f"case {name} torch.optim.lr_scheduler.{source.replace('opt, ', '')} lr={base}")
        lines.append("values " + " ".join(repr(float(v)) for v in values))
    with open(os.path.join(out_dir, "schedules.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(SCHEDULE_CASES)} schedules to {out_dir}/schedules.txt")


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


def loss_value(params, targets, dtype):
    """The loss handed to modules that read it (DivByLoss, ...): ½·Σ s·(p − c)² in float64, then
    rounded to the parameters' dtype as a model's loss would be."""
    f = sum(0.5 * s * ((p.detach().to(torch.float64) - c) ** 2).sum().item() for p, c, s in zip(params, targets, SCALES))
    return torch.tensor(f, dtype=dtype)


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
        if name in LOSS_CASES:
            loss = loss_value(params, targets, dtype)
            lines.append(f"loss {t} " + fmt([loss], dtype))
            opt.step(loss=loss)
        else:
            opt.step()
        lines.append(f"grad {t} " + fmt(flat(grads), dtype))
        lines.append(f"param {t} " + fmt(flat([p.detach() for p in params]), dtype))
    lines.append("end")
    with open(os.path.join(out_dir, f"{name}.{dname}.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


# ------------------------------------------------------------------------------------------
# Closure-driven cases (line searches): the optimizer calls the closure, so the problem is a
# function of the parameters, defined identically here and in tests/reference/closure_parity.cpp
# (plain double arithmetic in the same order). Every evaluation's loss is recorded, so a test
# checks the sequence of trial points, not only the accepted ones.
CLOSURE_STEPS = 25
CLOSURE_CASES = {
    "bt_rosenbrock": ("rosenbrock", "m.Backtracking()"),
    "bt_quadratic": ("quadratic", "m.Backtracking(init=0.5, beta=0.3, c=0.1)"),
    "adam_bt_quadratic": ("quadratic", "m.Adam(), m.Backtracking()"),
    "bt_lr_rosenbrock": ("rosenbrock", "m.Backtracking(beta=0.3), m.LR(0.5)"),
    "bt_fail_rosenbrock": ("rosenbrock", "m.Backtracking(init=100, maxiter=3)"),
    "bt_fixed_init_rosenbrock": ("rosenbrock", "m.Backtracking(init=100, maxiter=3, adaptive=False)"),
    "bt_goldstein_quadratic": ("quadratic", "m.Backtracking(condition='goldstein', c=0.25, maxiter=20)"),
    "bt_decrease_rosenbrock": ("rosenbrock", "m.Sign(), m.Backtracking(condition='decrease', beta=0.7, init=0.3)"),
    "fr_bt_rosenbrock": ("rosenbrock", "m.FletcherReeves(), m.Backtracking()"),
    "sw_rosenbrock": ("rosenbrock", "m.StrongWolfe()"),
    "sw_quadratic": ("quadratic", "m.StrongWolfe(c2=0.5)"),
    "fr_sw_rosenbrock": ("rosenbrock", "m.FletcherReeves(), m.StrongWolfe(c2=0.1, a_init='first-order')"),
    "sw_quadratic_clip": ("quadratic", "m.StrongWolfe(a_init='quadratic-clip', interpolation='quadratic')"),
    "sw_bisection_previous": ("rosenbrock", "m.StrongWolfe(a_init='previous', interpolation='bisection', maxzoom=4)"),
    "sw_quadratic_init": ("rosenbrock", "m.StrongWolfe(a_init='quadratic', c2=0.1)"),
    # 9 steps: at step 10 it has converged, and φ′ ~ 1e-7 at a trial is the rounding of its sum
    "sw_plus_minus": ("quadratic", "m.Negate(), m.StrongWolfe(plus_minus=True)", 9),
    "sw_fallback": ("rosenbrock", "m.StrongWolfe(maxiter=2, maxzoom=1, fallback=True, init_value=30)"),
    "sw_maxeval": ("rosenbrock", "m.StrongWolfe(maxeval=3, init_value=10)"),
    "adam_sw_lr": ("quadratic", "m.Adam(), m.StrongWolfe(), m.LR(0.5)"),
    "abt_rosenbrock": ("rosenbrock", "m.AdaptiveBacktracking()"),
    "abt_quadratic": ("quadratic", "m.AdaptiveBacktracking(target_iters=2, nplus=3, scale_beta=0.5, maxiter=6)"),
    "abt_zero_target": ("rosenbrock", "m.AdaptiveBacktracking(init=50, target_iters=0, maxiter=4, c=0)"),
    "abis_rosenbrock": ("rosenbrock", "m.AdaptiveBisection()"),
    "abis_quadratic": ("quadratic", "m.Adam(), m.AdaptiveBisection(nplus=3, nminus=0.3, maxiter=4)"),
    "abis_fail": ("rosenbrock", "m.AdaptiveBisection(init=1000, maxiter=2)"),
    "lbfgs_sw_rosenbrock": ("rosenbrock", "m.LBFGS(), m.StrongWolfe()"),
    "lbfgs_sw_quadratic": ("quadratic", "m.LBFGS(history_size=4), m.StrongWolfe(c2=0.5)"),
    "lbfgs_bt_rosenbrock": ("rosenbrock", "m.LBFGS(history_size=3, scale_first=False), m.Backtracking()"),
    "lbfgs_restart": ("quadratic", "m.LBFGS(history_size=2, ptol=1e-2, ptol_restart=True), m.Backtracking()"),
    "lbfgs_gtol": ("rosenbrock", "m.LBFGS(history_size=5, gtol=2.0, sy_tol=1e-3), m.StrongWolfe()"),
    "diagonal_bfgs_sw_rosenbrock": ("rosenbrock", "fixed.DiagonalBFGS(), m.StrongWolfe()"),
    "diagonal_sr1_bt_quadratic": ("quadratic", "m.DiagonalSR1(inverse=False), m.Backtracking()"),
    # 15 steps: by step 25 Rosenbrock's valley amplifies rounding past 1e-10
    "new_dqn_sw_rosenbrock": ("rosenbrock", "m.NewDQN(), m.StrongWolfe(c2=0.5)", 15),
    "dnrtr_sw_quadratic": ("quadratic", "fixed.DNRTR(), m.StrongWolfe()", 20),
    # finite differences: 85 elements, so 86 to 341 evaluations a step (every one recorded)
    "fdm_lr_quadratic": ("quadratic", "m.FDM(), m.LR(0.005)", 6),
    "fdm_forward_bt_rosenbrock": ("rosenbrock", "m.FDM(formula='forward'), m.Backtracking()", 6),
    "fdm_central4_sw_rosenbrock": ("rosenbrock", "m.FDM(h=1e-2, formula='central4'), m.StrongWolfe()", 1),
    "fdm_backward3_quadratic": ("quadratic", "m.FDM(h=1e-2, formula='backward3'), m.LR(0.005)", 6),
    # sharpness-aware: two calls an evaluation; a line search's trials evaluate the SAM objective
    "sam_lr_quadratic": ("quadratic", "fixed.SAM(), m.LR(0.05)", 10),
    "sam_p3_adam_rosenbrock": ("rosenbrock", "fixed.SAM(rho=0.02, p=3), m.Adam(), m.LR(0.01)", 10),
    "asam_lr_quadratic": ("quadratic", "fixed.ASAM(), m.LR(0.05)", 10),
    "sam_bt_rosenbrock": ("rosenbrock", "fixed.SAM(rho=0.01), m.Backtracking()", 8),
    "sam_sw_quadratic": ("quadratic", "fixed.SAM(rho=0.1, p=1.5), m.StrongWolfe(c2=0.5)", 6),
    # curvature from Hessian-vector products along random directions: on the separable quadratic
    # with Rademacher z, z ⊙ Hz = diag H whatever z is, so the steps are deterministic; the losses
    # at the perturbed points are not, and are recorded as nan (RANDOM_POINT_CASES)
    "adahessian_lr_quadratic": ("quadratic", "m.AdaHessian(hvp_method='fd_forward'), m.LR(0.1)", 10),
    "adahessian_blocks_quadratic": ("quadratic", "fixed.AdaHessian(beta1=0.5, block_size=2, update_freq=2, "
                                    "n_samples=2, hessian_power=0.5, hvp_method='fd_forward'), m.LR(0.05)", 10),
    "sophia_h_lr_quadratic": ("quadratic", "m.SophiaH(hvp_method='fd_forward', distribution='rademacher', "
                              "update_freq=3), m.LR(0.1)", 10),
    "sophia_h_central_quadratic": ("quadratic", "fixed.SophiaH(hvp_method='fd_central', distribution='rademacher', "
                                   "debias=True, clip=0.5, precond_scale=2, update_freq=1), m.LR(0.1)", 10),
    "esgd_lr_quadratic": ("quadratic", "fixed.ESGD(hvp_method='fd_forward', distribution='rademacher', "
                          "update_freq=2), m.LR(0.1)", 10),
    "esgd_beta_quadratic": ("quadratic", "fixed.ESGD(hvp_method='fd_forward', distribution='rademacher', "
                            "beta=0.9, update_freq=1), m.LR(0.1)", 10),
    "random_hvp_quadratic": ("quadratic", "m.RandomHvp(distribution='rademacher', zHz=True, "
                             "hvp_method='fd_forward'), m.LR(0.01)", 10),
    # limited-memory SR1: its recursion over the pairs' Gram matrices, against torchzero's over vectors
    "lsr1_bt_quadratic": ("quadratic", "m.LSR1(), m.Backtracking()"),
    "lsr1_sw_rosenbrock": ("rosenbrock", "m.LSR1(history_size=5), m.StrongWolfe(c2=0.1, fallback=True)", 15),
    "lsr1_restart_quadratic": ("quadratic", "m.LSR1(history_size=3, ptol=1e-2, ptol_restart=True, "
                               "scale_first=True), m.Backtracking()"),
    # SciPy's scalar minimizers as a line search (loss-only trials, every one compared)
    "sms_brent_rosenbrock": ("rosenbrock", "m.ScipyMinimizeScalar()", 10),
    "sms_golden_quadratic": ("quadratic", "m.ScipyMinimizeScalar(method='golden', tol=1e-6)", 10),
    "sms_bounded_rosenbrock": ("rosenbrock", "m.ScipyMinimizeScalar(method='bounded', bounds=(0, 0.01))", 10),
    "sms_prev_init_quadratic": ("quadratic", "m.ScipyMinimizeScalar(prev_init=True)", 10),
    "sms_bracket_quadratic": ("quadratic", "m.ScipyMinimizeScalar(bracket=(0, 0.01))", 10),
    "fr_sms_quadratic": ("quadratic", "m.FletcherReeves(), m.ScipyMinimizeScalar()", 10),
    # homotopies: the chain minimizes h(f); torchzero differentiates h with autograd, so these
    # cases' closure is an autograd function of the parameters (ProblemFunction)
    "log_homotopy_bt_rosenbrock": ("rosenbrock", "m.LogHomotopy(), m.Backtracking()", 10),
    "sqrt_homotopy_sw_quadratic": ("quadratic", "m.SqrtHomotopy(), m.StrongWolfe(c2=0.5)", 10),
    "square_homotopy_adam_quadratic": ("quadratic", "m.SquareHomotopy(), m.Adam(), m.LR(0.05)", 10),
    "lambda_homotopy_fr_bt_rosenbrock": ("rosenbrock", "m.LambdaHomotopy(torch.log1p), m.FletcherReeves(), "
                                         "m.Backtracking()", 10),
    # one loss-only trial at p − u: kept, negated or zeroed
    "noli_adam_rosenbrock": ("rosenbrock", "m.Adam(), m.LR(0.5), m.NegateOnLossIncrease(backtrack=True)", 10),
    "noli_adam_quadratic": ("quadratic", "m.Adam(), m.LR(0.3), m.NegateOnLossIncrease()", 10),
    # termination criteria: each step's should_terminate recorded too (where tzero agrees with
    # torchzero: a gradient's norm, the loss; the stateful criterion first in TerminateAny, which
    # torchzero stops asking at the first hit)
    "lbfgs_bt_terminate_quadratic": ("quadratic", "m.LBFGS(), m.Backtracking(), "
                                              "m.TerminateByGradientNorm(1.0, n=2)", 25),
    "terminate_any_adam_rosenbrock": ("rosenbrock", "m.Adam(), m.LR(0.5), m.TerminateAny("
                                      "m.TerminateOnNoImprovement(0.5, n=3), m.TerminateOnLossReached(400))", 25),
    # dense quasi-Newton (n×n over the 85 elements): every method, both forms where both exist,
    # the schedule's options (beta, update_freq, restarts, a numeric init_scale, scale_first)
    "bfgs_sw_rosenbrock": ("rosenbrock", "m.BFGS(), m.StrongWolfe()", 20),
    "bfgs_bt_quadratic": ("quadratic", "m.BFGS(), m.Backtracking()"),
    "bfgs_direct_sw_quadratic": ("quadratic", "m.BFGS(inverse=False), m.StrongWolfe()"),
    "bfgs_options_quadratic": ("quadratic", "m.BFGS(beta=0.5, update_freq=2, restart_interval=5, scale_first=True, "
                                            "init_scale=2.0), m.Backtracking()"),
    "bfgs_ptol_restart_quadratic": ("quadratic", "m.BFGS(ptol=1e-2, ptol_restart=True, restart_interval='auto'), "
                                                 "m.Backtracking()"),
    "sr1_bt_quadratic": ("quadratic", "m.SR1(init_scale=0.5), m.Backtracking()"),  # (auto: zᵀy = 0 exactly on a quadratic)
    "sr1_direct_bt_quadratic": ("quadratic", "m.SR1(inverse=False, init_scale=1.5), m.Backtracking()"),
    "dfp_sw_quadratic": ("quadratic", "m.DFP(), m.StrongWolfe()"),
    "dfp_direct_bt_rosenbrock": ("rosenbrock", "m.DFP(inverse=False), m.Backtracking()", 15),
    "broyden_good_bt_quadratic": ("quadratic", "m.BroydenGood(), m.Backtracking()"),
    "broyden_good_direct_bt_quadratic": ("quadratic", "m.BroydenGood(inverse=False), m.Backtracking()", 15),
    "broyden_bad_bt_quadratic": ("quadratic", "m.BroydenBad(), m.Backtracking()"),
    "broyden_bad_direct_bt_quadratic": ("quadratic", "m.BroydenBad(inverse=False), m.Backtracking()"),
    "greenstadt1_bt_quadratic": ("quadratic", "fixed.Greenstadt1(), m.Backtracking()"),
    "greenstadt2_bt_quadratic": ("quadratic", "m.Greenstadt2(), m.Backtracking()"),
    "icum_bt_quadratic": ("quadratic", "m.ICUM(), m.Backtracking()", 15),
    "thomas_bt_quadratic": ("quadratic", "m.ThomasOptimalMethod(restart_interval=6), m.Backtracking()"),
    "psb_bt_quadratic": ("quadratic", "m.PSB(), m.Backtracking()"),
    "pearson_bt_quadratic": ("quadratic", "m.Pearson(), m.Backtracking()"),
    "mccormick_bt_quadratic": ("quadratic", "m.McCormick(), m.Backtracking()"),
    "pnr_bt_quadratic": ("quadratic", "m.ProjectedNewtonRaphson(restart_interval=4), m.Backtracking()"),
    "ssvm_bt_quadratic": ("quadratic", "m.SSVM(), m.Backtracking()", 15),
    "ssvm1_sw_rosenbrock": ("rosenbrock", "m.SSVM(switch=1), m.StrongWolfe()", 15),
    "ssvm2_bt_quadratic": ("quadratic", "m.SSVM(switch=2), m.Backtracking()"),
    "ssvm4_bt_quadratic": ("quadratic", "m.SSVM(switch=4), m.Backtracking()"),
    "ssvm_fixed_bt_quadratic": ("quadratic", "m.SSVM(switch=(0.5, 0.25)), m.Backtracking()"),
    "horisho_bt_quadratic": ("quadratic", "m.Horisho(), m.Backtracking()"),
    "fletcher_vmm_bt_quadratic": ("quadratic", "m.FletcherVMM(), m.Backtracking()"),
    "new_ssm_bt_quadratic": ("quadratic", "m.NewSSM(), m.Backtracking()"),
    "new_ssm2_bt_quadratic": ("quadratic", "m.NewSSM(type=2), m.Backtracking()"),
    "shor_r_sw_quadratic": ("quadratic", "m.ShorR(), m.StrongWolfe(a_init='quadratic', fallback=True)"),
    "gradient_correction_bt_quadratic": ("quadratic", "m.GradientCorrection(), m.Backtracking()"),
    # matrix momentum: a Hessian-vector product along p − p′ from the closure's gradients
    "matrix_momentum_quadratic": ("quadratic", "fixed.MatrixMomentum(0.01, mu=0.005, hvp_method='fd_forward')"),
    # (forward differences: torchzero's central ones evaluate before its gradient at p, tzero's after)
    "matrix_momentum_adaptive_quadratic": ("quadratic", "fixed.MatrixMomentum(0.01, mu=0.5, adaptive=True, "
                                                        "hvp_method='fd_forward')"),
    "matrix_momentum_bt_rosenbrock": ("rosenbrock", "fixed.MatrixMomentum(0.001, mu=0.0005, hvp_method='fd_forward', "
                                                    "h=1e-4), m.Backtracking()", 15),
    # Newton with the Hessian from n forward differences of gradients (torchzero's 'gfd_forward';
    # its central differences evaluate before its gradient at p, tzero's after)
    "newton_bt_quadratic": ("quadratic", "m.Newton(hessian_method='gfd_forward'), m.Backtracking()", 2),  # (converged by then)
    "newton_bt_rosenbrock": ("rosenbrock", "m.Newton(hessian_method='gfd_forward'), m.Backtracking()", 12),
    "newton_damping_lr_rosenbrock": ("rosenbrock", "m.Newton(damping=10.0, update_freq=3, hessian_method='gfd_forward', "
                                                   "h=1e-4), m.LR(0.5)", 12),
    "newton_eigen_bt_rosenbrock": ("rosenbrock", "m.Newton(eigval_fn=torch.abs, eigv_tol=1e-6, hessian_method='gfd_forward'), "
                                                 "m.Backtracking()", 12),
    "newton_truncate_quadratic": ("quadratic", "m.Newton(truncate=40, hessian_method='gfd_forward'), m.LR(0.5)", 6),
    "newton_inverse_lstsq_quadratic": ("quadratic", "m.Newton(precompute_inverse=True, use_lstsq=True, update_freq=2, "
                                                    "hessian_method='gfd_forward'), m.LR(0.5)", 6),
    "newton_inverse_sw_rosenbrock": ("rosenbrock", "m.Newton(precompute_inverse=True, hessian_method='gfd_forward'), "
                                                   "m.StrongWolfe()", 10),
    "improved_newton_bt_rosenbrock": ("rosenbrock", "m.ImprovedNewton(hessian_method='gfd_forward'), m.Backtracking()", 12),
    "improved_newton_damping_lr_quadratic": ("quadratic", "m.ImprovedNewton(damping=1.0, update_freq=2, "
                                                          "hessian_method='gfd_forward'), m.LR(0.5)", 8),
    "inverse_free_newton_bt_rosenbrock": ("rosenbrock", "m.InverseFreeNewton(hessian_method='gfd_forward'), "
                                                        "m.Backtracking()", 12),
    "inverse_free_newton_quadratic": ("quadratic", "m.InverseFreeNewton(update_freq=2, hessian_method='gfd_forward'), "
                                                   "m.LR(0.5)", 8),
    "newton_cg_bt_rosenbrock": ("rosenbrock", "m.NewtonCG(hvp_method='fd_forward'), m.Backtracking()", 10),
    "newton_cg_truncated_quadratic": ("quadratic", "fixed.NewtonCG(maxiter=5, hvp_method='fd_forward', warm_start=True, "
                                                   "warm_beta=0.5, reg=0.1), m.LR(0.5)", 10),
    "newton_cg_npc_rosenbrock": ("rosenbrock", "m.NewtonCG(npc_terminate=True, miniter=0, tol=1e-4, "
                                               "hvp_method='fd_forward'), m.Backtracking()", 10),
    # SG2 on the separable quadratic: each sample's diagonal is the Hessian's whatever the
    # Rademacher draw, so until start_step (d = u/tr(H)) the steps are deterministic; the losses at
    # the perturbed points are not (RANDOM_POINT_CASES)
    "sg2_lr_quadratic": ("quadratic", "fixed.SG2(), m.LR(0.5)", 10),
    "sg2_beta_quadratic": ("quadratic", "fixed.SG2(n_samples=2, n_first_step_samples=3, beta=0.5, damping=0.1, h=0.05, "
                                        "update_freq=2), m.LR(0.8)", 10),
    # restart strategies (modules=None: every other module reset after the step)
    "restart_every_adam_bt_quadratic": ("quadratic", "m.Adam(), m.RestartEvery(None, 4), m.Backtracking()"),
    "restart_every_fr_sw_rosenbrock": ("rosenbrock", "m.FletcherReeves(), m.RestartEvery(None, 7), "
                                                     "m.StrongWolfe(c2=0.1)"),
    "restart_every_bfgs_bt_quadratic": ("quadratic", "m.BFGS(), m.RestartEvery(None, 5), m.Backtracking()"),
    "restart_on_stuck_adam_rosenbrock": ("rosenbrock", "m.Adam(), m.RestartOnStuck(None, n_tol=2), "
                                                       "m.Backtracking(init=2.0, maxiter=2, adaptive=False)"),
    "powell_pr_sw_rosenbrock": ("rosenbrock", "fixed.PolakRibiere(), fixed.PowellRestart(None), m.StrongWolfe(c2=0.1)"),
    "powell_cond2_fr_bt_quadratic": ("quadratic", "m.FletcherReeves(), fixed.PowellRestart(None, cond1=None, cond2=0.5), "
                                                  "m.Backtracking()"),
}
RANDOM_POINT_CASES = {name for name in CLOSURE_CASES
                      if name.split("_")[0] in ("adahessian", "sophia", "esgd", "random", "sg2")}


def double_interpolation(tz):
    """StrongWolfe interpolates on `torch.tensor(x, dtype=torch.float32)` of its Python floats, so
    its trial steps carry float32 rounding even for float64 parameters; the reference keeps them
    in float64 (tzero interpolates in double)."""
    import torchzero.modules.line_search.strong_wolfe  # noqa: F401 (the package's name is a function)
    module = sys.modules["torchzero.modules.line_search.strong_wolfe"]
    module._totensor = lambda x: x if isinstance(x, torch.Tensor) else torch.tensor(x, dtype=torch.float64)


def closure_problem(kind, x):
    """The loss at x (a flat list of floats) and its gradient, in double, in a fixed order."""
    n = len(x)
    g = [0.0] * n
    f = 0.0
    if kind == "rosenbrock":  # chained over the concatenated parameters: non-convex
        for i in range(n - 1):
            a = x[i + 1] - x[i] * x[i]
            b = 1.0 - x[i]
            f += 100.0 * a * a + b * b
            g[i] += -400.0 * x[i] * a - 2.0 * b
            g[i + 1] += 200.0 * a
    else:  # ½·Σ a_i (x_i − c_i)², a_i in [1, 100]: badly conditioned
        for i in range(n):
            a = 1.0 + float(i * 37 % 100)
            r = x[i] - (float(i * 13 % 7) / 3.0 - 1.0)
            f += 0.5 * a * r * r
            g[i] = a * r
    return f, g


def closure_init(kind):
    gen = torch.Generator().manual_seed(4321)
    init = [torch.randn(s, generator=gen, dtype=torch.float64) for s in SHAPES]
    if kind == "rosenbrock":  # near the valley floor's start, -1.2 ± noise
        init = [0.3 * t - 1.0 for t in init]
    return init


class ProblemFunction(torch.autograd.Function):
    """closure_problem as an autograd function of the parameters (the homotopy cases): its value
    and gradient are closure_problem's own, in double, so h's derivative is autograd's alone."""

    @staticmethod
    def forward(ctx, kind, *params):
        x = [float(v) for v in flat([p.detach() for p in params])]
        f, g = closure_problem(kind, x)
        ctx.grads = []
        offset = 0
        for p in params:
            k = p.numel()
            ctx.grads.append(torch.tensor(g[offset:offset + k], dtype=torch.float64).reshape(p.shape).to(p.dtype))
            offset += k
        return torch.tensor(f, dtype=params[0].dtype)

    @staticmethod
    def backward(ctx, grad_output):
        return (None, *[grad_output * g for g in ctx.grads])


def run_closure(name, kind, text, tz, fixed, optimizer_class, dtype, out_dir, steps=CLOSURE_STEPS):
    global CURRENT
    CURRENT = f"{name}, {dtype}"
    init = [t.to(dtype) for t in closure_init(kind)]
    params = [p.clone().requires_grad_(True) for p in init]
    opt = optimizer_class(params, *eval(f"[{text}]", {"m": tz.m, "fixed": fixed, "torch": torch}))
    autograd = "homotopy" in name
    values = []
    random_points = name in RANDOM_POINT_CASES
    start = []  # a random-point case's parameters at the step's start: its one evaluation there

    def closure(backward=True):
        if autograd:  # (a homotopy calls it without backward, and differentiates h(f) itself)
            loss = ProblemFunction.apply(kind, *params)
            values.append(closure_problem(kind, [float(v) for v in flat([p.detach() for p in params])])[0])
            if backward:
                for p in params:
                    p.grad = None
                loss.backward()
            return loss
        x = [float(v) for v in flat([p.detach() for p in params])]
        f, g = closure_problem(kind, x)
        if random_points:  # f at p itself first, then nan for each random point (tzero's order)
            # (torchzero moves back by subtracting what it added: p itself up to an ulp)
            close = 1e-6 if dtype == torch.float32 else 1e-12
            at_start = all(abs(a - b) <= close * max(1.0, abs(b)) for a, b in zip(x, start))
            values.insert(0, f) if at_start else values.append(float("nan"))
        else:
            values.append(f)
        if backward:
            offset = 0
            for p in params:
                k = p.numel()
                p.grad = torch.tensor(g[offset:offset + k], dtype=torch.float64).reshape(p.shape).to(dtype)
                offset += k
        return f

    dname = "float32" if dtype == torch.float32 else "float64"
    lines = ["tzero-reference-closure 1", f"case {name}", f"problem {kind}", f"modules {text}", f"dtype {dname}",
             f"steps {steps}", f"tensors {len(SHAPES)}"]
    lines += [f"shape {len(s)} " + " ".join(str(d) for d in s) for s in SHAPES]
    lines.append("init " + fmt(flat(init), dtype))
    for t in range(1, steps + 1):
        values.clear()
        start[:] = [float(v) for v in flat([p.detach() for p in params])]
        loss = opt.step(closure)
        # (central differences, SG2's too: torchzero evaluates p ± h·z first and returns the first of those)
        # (an autograd closure's value is a tensor of the parameters' dtype)
        assert float(loss) == float(torch.tensor(values[0], dtype=dtype)) if autograd else \
            loss == values[0] or (random_points and ("fd_central" in text or "SG2" in text)), (name, loss, values)
        assert not random_points or sum(v == v for v in values) == 1, (name, values)  # one at p itself
        lines.append(f"values {t} " + " ".join(repr(v) for v in values))
        if "Terminate" in text:
            lines.append(f"terminate {t} {int(bool(opt.should_terminate))}")
        lines.append(f"param {t} " + fmt(flat([p.detach() for p in params]), dtype))
    lines.append("end")
    with open(os.path.join(out_dir, f"closure.{name}.{dname}.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torchzero", required=True, help="a torchzero checkout (the folder holding torchzero/)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="write only these cases (default: all); 'schedules' writes data/schedules.txt")
    args = parser.parse_args()
    known = set(CASES) | set(TORCH_CASES) | set(CLOSURE_CASES)
    unknown = sorted(set(args.only or []) - known - {"schedules"})
    if unknown:
        parser.error(f"unknown case(s): {', '.join(unknown)}")
    wanted = lambda name: not args.only or name in args.only
    install_shims()
    sys.path.insert(0, os.path.abspath(args.torchzero))
    import torchzero as tz

    torch.manual_seed(0)
    os.makedirs(args.out, exist_ok=True)
    optimizer_class = getattr(tz, "Optimizer", None) or tz.Modular
    fixed = corrected(tz)
    double_interpolation(tz)
    for dtype in (torch.float32, torch.float64):
        for name, text in CASES.items():
            if not wanted(name):
                continue
            make = lambda ps, text=text: optimizer_class(ps, *eval(f"[{text}]", {"m": tz.m, "fixed": fixed}))
            run(name, make, text, "torchzero", dtype, args.out)
        for name, kwargs in TORCH_CASES.items():
            if not wanted(name):
                continue
            run(name, lambda ps, kw=kwargs: torch_optimizer(ps, **kw), DESCRIPTIONS[name], "torch",
                dtype, args.out)
        for name, (kind, text, *steps) in CLOSURE_CASES.items():
            if wanted(name):
                run_closure(name, kind, text, tz, fixed, optimizer_class, dtype, args.out, *steps)
    print(f"wrote {2 * sum(map(wanted, known))} files to {args.out}")
    if wanted("schedules"):
        write_schedules(args.out)
    if not args.only:
        write_class_list(tz, args.out)


def write_class_list(tz, out):
    """Every module class `tz.m` exports, one name a line: docs/modules.md must have a row for
    each (tests/modules/catalogue.cpp checks it)."""
    base = tz.core.Module
    names = sorted(n for n in dir(tz.m) if isinstance(getattr(tz.m, n), type) and issubclass(getattr(tz.m, n), base))
    with open(os.path.join(out, "torchzero_modules.txt"), "w") as f:
        f.write("".join(n + "\n" for n in names))
    print(f"wrote {len(names)} tz.m class names to {out}/torchzero_modules.txt")


if __name__ == "__main__":
    main()
