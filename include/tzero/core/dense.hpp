/// @file tzero/core/dense.hpp
/// The dense stage (core/module.hpp, `dense_module`): a module whose map needs the whole update
/// as one vector, such as a dense quasi-Newton method's H·u (torchzero's `concat_params=True`:
/// every tensor ravelled and concatenated). The plan cuts before it and materializes: the pass
/// that builds its input u leaves it in the scratch buffer, the backend gathers u and the
/// parameters (and the raw gradient) into vectors of doubles, the module's host `transform` maps u in place (its
/// state an n-sized or n×n block of doubles the optimizer owns and checkpoints), the backend
/// scatters the result back into the scratch buffer, and the next pass goes on from there.
///
/// The work of a dense method is O(n²) a step in its matrix, not a pass over memory: the host
/// runs it with the backend's matrix kernels (the CPU's: backends/cpu/blas.hpp, OpenBLAS), and
/// `describe_plan` states it beside the passes' bytes per element.
#pragma once
#include <cstddef>

namespace tzero {

/// What a dense stage's `transform(ctx, scalars)` sees. `Linalg` is the backend's matrix
/// kernels: `gemv(transpose, n, A, x, y)` (y = A·x or Aᵀ·x), `ger(n, α, x, y, A)` (A += α·x·yᵀ)
/// and `solve_transposed(n, Aᵀ, b, pivots)` (b ← A⁻¹·b, LU with partial pivoting), row-major.
template <class Linalg>
struct dense_context {
    using linalg = Linalg;  ///< its other kernels (the CPU's: backends/cpu/blas.hpp), for the solvers
    std::size_t n;          ///< elements of every tensor together
    double* u;              ///< the update entering the stage, in tensor order; overwritten by its output
    double const* p;        ///< the parameters, in the same order
    double const* g;        ///< the raw gradient, in the same order
    double* state;          ///< the module's `dense_state_size(n)` persistent doubles
    double* work;           ///< its `dense_work_size(n)` temporaries
    double loss;            ///< the step's loss (NaN when none was given)
    double tiny, eps;       ///< the parameters' smallest normal and machine epsilon (torchzero's finfo)
    long step = 1;          ///< the chain's step, from 1

    void gemv(bool transpose, double const* a, double const* x, double* y) const {
        Linalg::gemv(transpose, n, a, x, y);
    }
    void ger(double alpha, double const* x, double const* y, double* a) const { Linalg::ger(n, alpha, x, y, a); }
    bool solve_transposed(double* a_transposed, double* b, int* pivots) const {
        return Linalg::solve_transposed(n, a_transposed, b, pivots);
    }
};

}  // namespace tzero
