#!/usr/bin/python3
"""Iterations and evaluations of SciPy's and torch's methods on the problems of
benchmarks/closure_problems.cpp (Rosenbrock in 2 and 100 dimensions from (-1.2, 1, -1.2, 1, ...),
Beale from (1, 1), a quadratic of condition number 1e4 from x = 1; |g|inf <= 1e-5), for
docs/modules/closure.md. Needs python3-scipy and python3-torch."""
import numpy as np
import scipy.optimize as so
import torch


def beale(v):
    x, y = v
    c = (1.5, 2.25, 2.625)
    return sum((c[k - 1] - x + x * y**k) ** 2 for k in (1, 2, 3))


def beale_der(v):
    x, y = v
    c = (1.5, 2.25, 2.625)
    gx = gy = 0.0
    for k in (1, 2, 3):
        r = c[k - 1] - x + x * y**k
        gx += 2 * r * (y**k - 1)
        gy += 2 * r * x * k * y ** (k - 1)
    return np.array([gx, gy])


A = 10.0 ** (4.0 * np.arange(100) / 99)


def quadratic(x):
    return 0.5 * float(np.sum(A * x * x))


def quadratic_der(x):
    return A * x


def torch_lbfgs(f, fprime, x0):
    x = torch.tensor(x0, requires_grad=True)
    opt = torch.optim.LBFGS([x], history_size=10, line_search_fn="strong_wolfe", max_iter=100000,
                            tolerance_grad=1e-5, tolerance_change=0)

    def closure():
        x.grad = torch.tensor(fprime(x.detach().numpy()))
        return torch.tensor(f(x.detach().numpy()))

    opt.step(closure)
    state = opt.state[opt._params[0]]
    return state["n_iter"], state["func_evals"], f(x.detach().numpy())


wide = np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(100)])
problems = [("Rosenbrock 2", so.rosen, so.rosen_der, np.array([-1.2, 1.0])),
            ("Rosenbrock 100", so.rosen, so.rosen_der, wide),
            ("Beale", beale, beale_der, np.array([1.0, 1.0])),
            ("quadratic 100, cond 1e4", quadratic, quadratic_der, np.ones(100))]
for name, f, fprime, x0 in problems:
    for method in ("L-BFGS-B", "BFGS", "CG"):
        # (L-BFGS-B also stops when f's relative decrease falls below ftol: off, gtol alone)
        options = {"gtol": 1e-5, "maxiter": 20000, **({"ftol": 0} if method == "L-BFGS-B" else {})}
        r = so.minimize(f, x0, jac=fprime, method=method, options=options)
        note = "" if r.success else f" {r.message}"
        print(f"| {name} | scipy {method} | {r.nit} | {r.nfev} | {r.fun:.1e} |{note}")
    # Newton-CG: Hessian-vector products by finite differences of the gradient (no hessp given, as
    # tzero's newton_cg); it stops on xtol (the step's mean relative size), not on gtol
    r = so.minimize(f, x0, jac=fprime, method="Newton-CG", options={"xtol": 1e-5, "maxiter": 20000})
    note = "" if r.success else f" {r.message}"
    print(f"| {name} | scipy Newton-CG | {r.nit} | {r.nfev} (+{r.njev} gradients) | {r.fun:.1e} |{note}")
    nit, nfev, fx = torch_lbfgs(f, fprime, x0)
    print(f"| {name} | torch.optim.LBFGS (strong_wolfe) | {nit} | {nfev} | {fx:.1e} |")
