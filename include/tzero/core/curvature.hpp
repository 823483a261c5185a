/// @file tzero/core/curvature.hpp
/// Curvature from the closure: Hessian-vector products by finite differences of gradients, and
/// Hutchinson's estimate of the Hessian's diagonal made from them (torchzero's
/// `Objective.hessian_vector_product` and `hutchinson_hessian` with `hvp_method='fd_forward'` or
/// `'fd_central'`).
///
/// A curvature module (core/module.hpp, `curvature_module`) reads, besides the update,
/// `e.curvature`: the estimate the optimizer made with the module's options at the step's
/// start, after the step's first evaluation gave g = ∇f(p). For each sample k:
///   z_k   a random direction of variance 1 per element, drawn again in each pass from
///         (seed, step, k), never stored
///   Hz_k  ≈ ‖z_k‖·(∇f(p + h·z_k/‖z_k‖) − g)/h                           fd_forward: 1 gradient
///         ≈ ‖z_k‖·(∇f(p + h·z_k/‖z_k‖) − ∇f(p − h·z_k/‖z_k‖))/(2h)      fd_central: 2 gradients
///   D     = (1/n)·Σ_k z_k ⊙ Hz_k  (`zHz`; E[z ⊙ Hz] = diag H)   or   (1/n)·Σ_k Hz_k
/// in torchzero's order of operations. A perturbation is one fused pass from p0 (kept by the
/// first), a sample's accumulation one pass over the gradients into D, and the parameters go back
/// to p0 exactly. D lives in a buffer the optimizer owns, one element per parameter element, made
/// again every `update_freq` steps (from the first; `detail::fresh_at`) and read by the passes
/// that evaluate the module as one more stream. torchzero's default, 'autograd', differentiates
/// the gradient's graph, which a C++ closure does not give: these are its two finite-difference
/// methods.
/// A closure that throws here leaves the parameters at p0 and the state untouched (nothing else
/// has been written yet), and the error names the evaluation.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include <tzero/core/closure.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/random.hpp>
#include <tzero/modules/detail/random_sample.hpp>

namespace tzero {

/// How a Hessian-vector product is made from gradients (torchzero's `hvp_method`, its
/// finite-difference ones).
enum class hvp_method { fd_forward, fd_central };
constexpr std::array<char const*, 2> enumerators(hvp_method) { return {"fd_forward", "fd_central"}; }

/// What a Hutchinson estimate needs (torchzero's `hutchinson_hessian` arguments).
struct hutchinson_spec {
    sample_distribution distribution;
    int n_samples;
    hvp_method method;
    double h;
    bool zHz;
    std::uint64_t seed;
};

/// One sample's accumulation pass: D ← (sample 0 ? 0 : D) + ((g₊ − g₋)/divisor·norm)·(zHz ? z : 1),
/// then D/samples after the last when there are several; g₋ is g for fd_forward.
struct hutchinson_term {
    random_directions directions;
    int sample, samples;
    bool central, zHz;
    double divisor;  ///< h, or 2h for central differences
    double norm;     ///< ‖z_k‖
};

namespace detail {
/// The checks of a Hutchinson estimate's options, for module `M` (named `M::name`).
template <class M>
constexpr void check_hutchinson(int n_samples, double h, int update_freq) {
    check(n_samples >= 1, named_message<M, ": n_samples must be >= 1">.data(), double(n_samples));
    check(h > 0 && h - h == 0, named_message<M, ": h must be a finite number > 0">.data(), h);
    check(update_freq >= 1, named_message<M, ": update_freq must be >= 1">.data(), double(update_freq));
}
/// Whether step t (from 1) makes a new estimate, every `freq` steps from the first (torchzero's
/// `step % update_freq == 0` on its 0-based counter), and how many steps up to t made one.
TZERO_HD constexpr bool fresh_at(long t, int freq) { return (t - 1) % freq == 0; }
TZERO_HD constexpr long estimates_by(long t, int freq) { return (t - 1) / freq + 1; }
}  // namespace detail

/// The optimizer's side (`Ops`): `tensors()`, `shape(t)`, `size(t)`, `curvature(t)` (the estimate's
/// buffer of tensor t), `gradient(which)` (the closure at the parameters' current values writing
/// its gradient into buffer 0 (g₊) or 1 (g₋); returns the loss), `direction_norm(directions, k)`
/// (‖z_k‖: √n for Rademacher directions, else one reduction pass), `slot_direction_norm(slot)`
/// (‖p − slot‖, one reduction pass), and the fused passes `keep()` (p0 ← p), `perturb(directions,
/// k, multiple)` (p ← p0 + multiple·z_k), `perturb_along_slot(slot, multiple)` (p ← p0 +
/// multiple·(p0 − slot)), `restore()` (p ← p0) and `accumulate(term, zero)` (`zero`: the sample's
/// Hz is 0, and no gradient was evaluated for it); for a whole Hessian, `elements()`,
/// `move_element(j, delta)` (element j of every tensor in order ← p0_j + delta),
/// `hessian_column(j, central, divisor, out)` and `sg2_accumulate(directions, k, h, out)` (out[i][j]
/// += (g₊ − g₋)_j / (2h·z_k,i)); for products along a vector, `move_along(v, multiple)` (p ← p0 +
/// multiple·v), `gradient_difference(central, scale, out)` ((g₊ − g₋)·scale, g₋ = g forward) and
/// `gradient_values(out)` (g); and a dense stage's `dense_work()`.
template <class T, class Ops>
class curvature_context {
  public:
    curvature_context(char const* name, long step, Ops& ops) : name_(name), step_(step), ops_(ops) {}

    long step() const { return step_; }
    /// Closure calls this estimate made.
    int evaluations() const { return evaluations_; }

    /// D ← Hutchinson's estimate (above) into the curvature buffer, with the options of module `m`.
    template <class M>
    void hutchinson(M const& m) {
        hutchinson(hutchinson_spec{m.distribution, m.n_samples, m.hvp, m.h, m.zHz, m.seed});
    }
    void hutchinson(hutchinson_spec const& s) {
        // keyed apart from the gradient approximators' and samplers' draws under the same seed
        random_directions const d{random::step_key(s.seed ^ 0x9e3779b97f4a7c15ULL, step_), s.distribution};
        bool const central = s.method == hvp_method::fd_central;
        for (int k = 0; k < s.n_samples; ++k) {
            double const norm = ops_.direction_norm(d, k);
            hutchinson_term const term{d, k, s.n_samples, central, s.zHz, central ? 2 * s.h : s.h, norm};
            if (norm == 0) {  // torchzero's Hz = 0 without an evaluation (no elements, or z = 0)
                ops_.accumulate(term, true);
                continue;
            }
            if (!kept_) ops_.keep(), kept_ = true;
            ops_.perturb(d, k, s.h / norm);
            gradient(0);
            if (central) {
                ops_.perturb(d, k, -s.h / norm);
                gradient(1);
            }
            ops_.restore();
            ops_.accumulate(term, false);
        }
    }

    /// D ← H·s, s = p − (state slot `slot`), one Hessian-vector product along a vector a module
    /// keeps (torchzero's `hessian_vector_product(s, at_x0=True)`, MatrixMomentum's p − p′): the
    /// same finite differences, along s/‖s‖, scaled back by ‖s‖; D = 0 without an evaluation when
    /// s = 0.
    void along_slot(int slot, hvp_method method, double h) {
        bool const central = method == hvp_method::fd_central;
        double const norm = ops_.slot_direction_norm(slot);
        hutchinson_term const term{{}, 0, 1, central, false, central ? 2 * h : h, norm};
        if (norm == 0) {
            ops_.accumulate(term, true);
            return;
        }
        if (!kept_) ops_.keep(), kept_ = true;
        ops_.perturb_along_slot(slot, h / norm);
        gradient(0);
        if (central) {
            ops_.perturb_along_slot(slot, -h / norm);
            gradient(1);
        }
        ops_.restore();
        ops_.accumulate(term, false);
    }

    /// The Hessian by finite differences of the closure's gradients along each unit vector e_j
    /// (torchzero's `hessian_method='gfd_forward'` or `'gfd_central'`), into the row-major n×n
    /// `out`: column j is (∇f(p + h·e_j) − g)/h, or (∇f(p + h·e_j) − ∇f(p − h·e_j))/(2h); n
    /// gradients (2n central), each after moving one element, which goes back exactly.
    void hessian(hvp_method method, double h, double* out) {
        bool const central = method == hvp_method::fd_central;
        std::size_t const n = ops_.elements();
        if (n > 0 && !kept_) ops_.keep(), kept_ = true;
        for (std::size_t j = 0; j < n; ++j) {
            ops_.move_element(j, h);
            gradient(0);
            if (central) {
                ops_.move_element(j, -h);
                gradient(1);
            }
            ops_.move_element(j, 0);
            ops_.hessian_column(j, central, central ? 2 * h : h, out);
        }
    }
    /// H·v by finite differences of the closure's gradients along v/‖v‖, scaled back by ‖v‖ (v:
    /// n doubles in tensor order), into `hv` (torchzero's `hvp_fd_forward` with the gradient at p,
    /// or `hvp_fd_central`): one gradient (two central); 0 without one when v = 0.
    void hvp(double const* v, hvp_method method, double h, double* hv) {
        std::size_t const n = ops_.elements();
        double norm = 0;
        for (std::size_t i = 0; i < n; ++i) norm += v[i] * v[i];
        norm = std::sqrt(norm);
        if (norm == 0) return std::fill_n(hv, n, 0.0), void();
        bool const central = method == hvp_method::fd_central;
        if (!kept_) ops_.keep(), kept_ = true;
        ops_.move_along(v, h / norm);
        gradient(0);
        if (central) {
            ops_.move_along(v, -h / norm);
            gradient(1);
        }
        ops_.restore();
        ops_.gradient_difference(central, norm / (central ? 2 * h : h), hv);
    }
    /// Elements of every tensor together, and the smallest normal of their type.
    std::size_t elements() const { return ops_.elements(); }
    static constexpr double tiny() { return double(std::numeric_limits<T>::min()); }
    /// The closure's gradient at p (the step's first evaluation's), in tensor order, into `out`.
    void gradient_at_origin(double* out) { ops_.gradient_values(out); }

    /// 2SPSA's Hessian estimate (torchzero's SG2): for k < `samples`, c_k = h·z_k with z_k a
    /// Rademacher direction drawn from (seed, step, k), the gradients at p + c_k and p − c_k, and
    ///   Ĥ = (1/samples)·Σ_k sym(M_k),   M_k[i][j] = (∇f(p + c_k) − ∇f(p − c_k))_j / (2·c_k,i)
    /// (sym(M) = (M + Mᵀ)/2) into the row-major n×n `out`: 2·samples gradients.
    void sg2(int samples, double h, std::uint64_t seed, double* out) {
        random_directions const d{random::step_key(seed ^ 0x5bd1e9955bd1e995ULL, step_),
                                  sample_distribution::rademacher};
        std::size_t const n = ops_.elements();
        std::fill_n(out, n * n, 0.0);
        if (n == 0) return;
        if (!kept_) ops_.keep(), kept_ = true;
        for (int k = 0; k < samples; ++k) {
            ops_.perturb(d, k, h);
            gradient(0);
            ops_.perturb(d, k, -h);
            gradient(1);
            ops_.restore();
            ops_.sg2_accumulate(d, k, h, out);
        }
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i; j < n; ++j) {
                double const m = (out[i * n + j] + out[j * n + i]) / 2 / double(samples);
                out[i * n + j] = out[j * n + i] = m;
            }
    }

    /// The dense stage's temporaries (core/dense.hpp), where a module that is both (Newton) makes
    /// its matrix before the passes; what the stage's state keeps is written in the stage.
    double* dense_work() { return ops_.dense_work(); }
    /// A dense stage's persistent state, to read (the stage writes it).
    double const* dense_state() const { return ops_.dense_state(); }

    /// AdaHessian's block averaging (torchzero's `_block_average`) of D, tensor by tensor; a
    /// tensor of rank < 2, or whose rows hold one element, is left as it is. `block_size` 0
    /// (torchzero's None): a tensor of rank ≥ 3 takes mean |D| over its dims from the third
    /// (per kernel), one of rank 2 is left as it is. Otherwise the rows (dim 0) in blocks of
    /// `block_size` (fewer than two blocks: all rows; the rows past the last whole block: one
    /// block of their own) each take mean |D| over their block, column by column.
    void average(std::size_t block_size) {
        for (std::size_t t = 0; t < ops_.tensors(); ++t) {
            std::span<std::size_t const> const shape = ops_.shape(t);
            if (shape.size() < 2) continue;
            std::size_t const n = ops_.size(t), rows = shape[0], width = rows ? n / rows : 0;
            if (width <= 1) continue;
            T* const D = ops_.curvature(t);
            if (block_size == 0) {
                if (shape.size() < 3) continue;
                std::size_t const kernel = width / shape[1];  // shape[1] > 0: width > 1
                for (std::size_t r = 0; r < n; r += kernel) mean_abs(D + r, kernel, 1, 1);
                continue;
            }
            std::size_t const blocks = rows / block_size;
            if (blocks <= 1) {
                mean_abs(D, rows, width, width);
                continue;
            }
            for (std::size_t b = 0; b < blocks; ++b) mean_abs(D + b * block_size * width, block_size, width, width);
            if (std::size_t const rest = rows - blocks * block_size)
                mean_abs(D + blocks * block_size * width, rest, width, width);
        }
    }

  private:
    /// Each of `columns` adjacent columns of `count` values `stride` apart becomes its mean
    /// absolute value (summed in double).
    static void mean_abs(T* x, std::size_t count, std::size_t stride, std::size_t columns) {
        for (std::size_t c = 0; c < columns; ++c) {
            double sum = 0;
            for (std::size_t i = 0; i < count; ++i) sum += std::abs(double(x[c + i * stride]));
            T const mean = T(sum / double(count));
            for (std::size_t i = 0; i < count; ++i) x[c + i * stride] = mean;
        }
    }

    void gradient(int which) {
        ++evaluations_;
        try {
            detail::nesting([&] { return ops_.gradient(which); },
                            [&] {
                                return std::string("tzero: ") + name_ + ": the closure threw at evaluation " +
                                       std::to_string(evaluations_) + " of the step " + std::to_string(step_) +
                                       "'s Hessian-vector products (parameters and state are as before the step)";
                            });
        } catch (...) {
            ops_.restore();
            throw;
        }
    }

    char const* name_;
    long step_;
    Ops& ops_;
    int evaluations_ = 0;
    bool kept_ = false;
};

}  // namespace tzero
