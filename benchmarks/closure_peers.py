#!/usr/bin/python3
"""Iterations and evaluations of SciPy's and torch's quasi-Newton methods on Rosenbrock (2 and
100 dimensions, from (-1.2, 1, -1.2, 1, ...), |g|inf <= 1e-5), for docs/modules/closure.md.
tzero's side: build/examples/rosenbrock_lbfgs --quiet. Needs python3-scipy and python3-torch."""
import numpy as np
import scipy.optimize as so
import torch


def torch_lbfgs(x0):
    x = torch.tensor(x0, requires_grad=True)
    opt = torch.optim.LBFGS([x], history_size=10, line_search_fn="strong_wolfe", max_iter=100000,
                            tolerance_grad=1e-5, tolerance_change=0)

    def closure():
        x.grad = torch.tensor(so.rosen_der(x.detach().numpy()))
        return torch.tensor(so.rosen(x.detach().numpy()))

    opt.step(closure)
    state = opt.state[opt._params[0]]
    return state["n_iter"], state["func_evals"], so.rosen(x.detach().numpy())


for n in (2, 100):
    x0 = np.array([-1.2 if i % 2 == 0 else 1.0 for i in range(n)])
    for method in ("L-BFGS-B", "BFGS", "CG"):
        r = so.minimize(so.rosen, x0, jac=so.rosen_der, method=method, options={"gtol": 1e-5})
        print(f"| {n} | scipy {method} | {r.nit} | {r.nfev} | {r.fun:.1e} |")
    nit, nfev, f = torch_lbfgs(x0)
    print(f"| {n} | torch.optim.LBFGS (strong_wolfe) | {nit} | {nfev} | {f:.1e} |")
