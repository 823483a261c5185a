// Shared helpers of the test suite: parameter lists over std::vector, and a reference evaluator
// that applies a chain one module at a time (scalar, whole update materialized between modules,
// straightforward reductions), against which the fused, planned, SIMD execution is checked.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <deque>
#include <random>
#include <span>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules_under_test.hpp"

namespace tzero_test {

/// The folded terms of a norm of `count` elements, as a reduce module's `finalize` reads them:
/// Σ|u|ᵖ, 0 (the variance's Σu, not used), and the maximum term (0: not used).
inline tzero::reduction<3> norm_sums(double sum, double count, double max = 0) {
    return {{sum, 0, max}, count, nullptr, 1};
}

/// Parameters (or gradients) of several shapes, each stored in its own vector.
template <class T>
struct tensor_list {
    std::vector<std::vector<std::size_t>> shapes;
    std::vector<std::vector<T>> values;

    explicit tensor_list(std::vector<std::vector<std::size_t>> s) : shapes(std::move(s)) {
        for (auto const& shape : shapes) {
            std::size_t n = 1;
            for (auto d : shape) n *= d;
            values.emplace_back(n, T(0));
        }
    }
    void fill_normal(unsigned seed, double scale = 1.0) {
        std::mt19937_64 rng(seed);
        std::normal_distribution<double> dist(0.0, scale);
        for (auto& v : values)
            for (auto& x : v) x = T(dist(rng));
    }
    /// Every tensor from one flat list (tensors in order, each row-major), and back.
    void assign_flat(std::vector<double> const& flat) {
        std::size_t k = 0;
        for (auto& v : values)
            for (auto& x : v) x = T(flat.at(k++));
    }
    std::vector<double> flat() const {
        std::vector<double> out;
        for (auto const& v : values) out.insert(out.end(), v.begin(), v.end());
        return out;
    }
    std::vector<tzero::tensor_view<T>> views() {
        std::vector<tzero::tensor_view<T>> out;
        for (std::size_t i = 0; i < values.size(); ++i) out.emplace_back(values[i].data(), shapes[i]);
        return out;
    }
    std::vector<tzero::tensor_view<T const>> const_views() const {
        std::vector<tzero::tensor_view<T const>> out;
        for (std::size_t i = 0; i < values.size(); ++i) out.emplace_back(values[i].data(), shapes[i]);
        return out;
    }
};

/// f(x) = ½·Σ a_k·x_k² over every parameter (k the flat index, `a` cycled): a closure for
/// `step(f)` that counts its calls and gradient calls, keeps the gradient buffers it was given,
/// and throws std::runtime_error("user closure failed") at call `throw_at` (0-based).
template <class T>
struct quadratic_closure {
    tensor_list<T>& p;
    std::vector<double> a;
    int calls = 0, gradients = 0, throw_at = -1;
    std::vector<T*> buffers{};

    double operator()(std::span<tzero::tensor_view<T> const> grads) {
        if (calls++ == throw_at) throw std::runtime_error("user closure failed");
        if (!grads.empty()) ++gradients, buffers.push_back(grads[0].data);
        double f = 0;
        std::size_t k = 0;
        for (std::size_t t = 0; t < p.values.size(); ++t)
            for (std::size_t i = 0; i < p.values[t].size(); ++i, ++k) {
                double const x = double(p.values[t][i]), c = a[k % a.size()];
                f += 0.5 * c * x * x;
                if (!grads.empty()) grads[t].data[i] = T(c * x);
            }
        return f;
    }
};

inline double dot(std::vector<double> const& a, std::vector<double> const& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

/// The pair history of torchzero's LBFGS and LSR1 written out over flat vectors: after the first
/// step the pair (s, y) = (p − p′, g − g′) is skipped when max|s| ≤ ptol (ptol_restart then clears
/// the history and the step count), else it enters when `keep(s, y)` says so, the oldest leaving
/// a full history; p′, g′ follow p, g unless the pair was skipped for ptol.
struct pair_history_written_out {
    std::size_t m;
    double ptol;
    bool ptol_restart;
    std::deque<std::vector<double>> s{}, y{};
    std::vector<double> p_prev{}, g_prev{};
    long step = 0;

    template <class Keep>
    void update(std::vector<double> const& p, std::vector<double> const& g, Keep const& keep) {
        long const t = step++;
        bool below = false;
        if (t > 0) {
            std::vector<double> ds(p.size()), dy(p.size());
            double smax = 0;
            for (std::size_t i = 0; i < p.size(); ++i) {
                ds[i] = p[i] - p_prev[i], dy[i] = g[i] - g_prev[i];
                smax = std::max(smax, std::abs(ds[i]));
            }
            if (smax <= ptol) {
                if (ptol_restart) s.clear(), y.clear(), step = 0;
                below = true;
            } else if (keep(ds, dy)) {
                s.push_back(ds), y.push_back(dy);
                if (s.size() > m) s.pop_front(), y.pop_front();
            }
        }
        if (!below) p_prev = p, g_prev = g;
    }
    /// x scaled as the first step after a (re)start, torchzero's initial_step_size(x, 1e-7).
    static void scale_first_step(std::vector<double>& x) {
        double sum = 0, mx = 0;
        for (double v : x) sum += std::abs(v), mx = std::max(mx, std::abs(v));
        double const floor = 1e-7 / mx;
        double const scale = floor >= 1 ? 1 : std::clamp(1 / sum, floor, 1.0);
        for (double& v : x) v *= scale;
    }
};

/// Steps a chain and a method written out over flat vectors side by side on a noisy quadratic's
/// gradients (curvature 1 … 5; tensors of 7, 1, 0 and 3×5 elements): `reference.direction(x, g)`
/// is the written-out update at x, which the chain's step must subtract `lr` times; the parameters
/// are compared after every step (1e-10 relative). For quasi-Newton methods written out in a test:
/// `constexpr auto follow = follow_noisy_quadratic<two_loop>;` then `follow(chain, {.m = 3}, 12, 1)`.
template <class Reference>
struct follow_noisy_quadratic_t {
    template <class C>
    void operator()(C const& chain, Reference reference, int steps, unsigned seed, double lr = 0.1) const {
        tensor_list<double> p({{7}, {1}, {0}, {3, 5}});
        p.fill_normal(seed);
        std::vector<double> x = p.flat();
        tzero::optimizer opt(chain, p.views(), tzero::optimizer_options{.chunk_size = 4, .parallel_threshold = 0});
        tensor_list<double> g(p.shapes), noise(p.shapes);
        for (int t = 0; t < steps; ++t) {
            INFO("step " << t + 1);
            noise.fill_normal(seed * 100 + unsigned(t), 0.05);
            std::vector<double> const n = noise.flat();
            std::vector<double> grad(x.size());
            for (std::size_t i = 0; i < x.size(); ++i) grad[i] = (1.0 + double(i % 5)) * x[i] + n[i];
            g.assign_flat(grad);
            opt.step(g.const_views());
            std::vector<double> const d = reference.direction(x, grad);
            for (std::size_t i = 0; i < x.size(); ++i) x[i] -= lr * d[i];
            std::vector<double> const now = p.flat();
            for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(now[i] == Approx(x[i]).epsilon(1e-10).margin(1e-12));
        }
    }
};
template <class Reference>
inline constexpr follow_noisy_quadratic_t<Reference> follow_noisy_quadratic{};

/// The chain applied the slow, obvious way: module by module over whole tensors.
template <class Chain, class T>
class reference_optimizer {
  public:
    /// Over 1-D tensors of these sizes (the suites over every module route by index).
    reference_optimizer(Chain c, std::vector<std::size_t> const& sizes)
        : reference_optimizer(c, one_dimensional(sizes)) {}
    reference_optimizer(Chain c, std::vector<std::vector<std::size_t>> shapes) : chain_(c), shapes_(std::move(shapes)) {
        chain_.bind(shapes_);
        for (auto const& shape : shapes_) {
            std::size_t n = 1;
            for (auto d : shape) n *= d;
            state_.emplace_back(n * std::size_t(slots > 0 ? slots : 1), T(0));
        }
        reduce_state_.assign((shapes_.empty() ? 1 : shapes_.size()) * P::reduce_slots, 0.0);
    }
    void step(std::vector<std::vector<T>>& params, std::vector<std::vector<T>> const& grads) {
        ++t_;
        auto k = tzero::per_step(chain_, t_);
        std::vector<std::vector<T>> u = grads;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (apply_module<I>(params, grads, u, k), ...);
        }(std::make_index_sequence<Chain::size>{});
        for (std::size_t t = 0; t < params.size(); ++t)
            for (std::size_t i = 0; i < params[t].size(); ++i) params[t][i] -= u[t][i];
    }
    T state(int slot, std::size_t tensor, std::size_t i) const { return state_[tensor][i * slots + slot]; }

  private:
    using P = tzero::plan_of<Chain>;
    static constexpr int slots = P::state_slots;

    static std::vector<std::vector<std::size_t>> one_dimensional(std::vector<std::size_t> const& sizes) {
        std::vector<std::vector<std::size_t>> shapes;
        for (auto n : sizes) shapes.push_back({n});
        return shapes;
    }
    /// The slices of tensor t under a per-slice module; for any other module, none (`applies` is
    /// false): every element then folds into entry 0, its tensor's.
    template <class M>
    tzero::slice_geometry geometry_of(M const& m, std::size_t t) const {
        if constexpr (tzero::slice_scope<typename M::reduce_scope>)
            return tzero::slices_of(shapes_[t], m.scope, m.min_size);
        else return {};
    }

    template <std::size_t I>
    void apply_module(std::vector<std::vector<T>>& params, std::vector<std::vector<T>> const& grads,
                      std::vector<std::vector<T>>& u, tzero::step_coeffs<Chain> const& k) {
        auto const& m = chain_.template get<I>();
        using M = std::remove_cvref_t<decltype(m)>;
        constexpr int O = tzero::reduce_outputs_v<M>;
        // reduced[t][slice]: one value per tensor, or per slice of it (element i: slice_of(i))
        std::vector<std::vector<tzero::terms<double, O>>> reduced(params.size());
        std::vector<tzero::slice_geometry> geometry(params.size());
        for (std::size_t t = 0; t < u.size(); ++t) {
            if constexpr (tzero::reduce_module<M>) geometry[t] = geometry_of(m, t);
            reduced[t].assign(std::max<std::size_t>(1, geometry[t].slices()), tzero::terms<double, O>{});
        }
        if constexpr (tzero::reduce_module<M>) {
            constexpr int K = tzero::reduce_terms_v<M>;
            using F = tzero::term_fold_of<M>;
            constexpr bool per_slice = tzero::slice_scope<typename M::reduce_scope>;
            double total[K], count = 0;
            F::reset(total);
            double* scalars = reduce_state_.data() + P::reduce_slot_offset[I];
            for (std::size_t t = 0; t < u.size(); ++t) {
                tzero::slice_geometry const& g = geometry[t];
                std::vector<std::array<double, K>> sum(std::max<std::size_t>(1, g.slices()));
                for (auto& s : sum) F::reset(s);
                for (std::size_t i = 0; i < u[t].size(); ++i) {
                    // the terms read the module's state (a graft's branches) but must not step it
                    T s[M::state_slots > 0 ? M::state_slots : 1];
                    std::copy_n(state_[t].data() + i * slots + P::slot_offset[I], M::state_slots, s);
                    tzero::element<T, M::state_slots, O> e{grads[t][i], params[t][i], {s}, {}, {i, std::uint32_t(t)}};
                    auto const term = tzero::reduce_terms_of(m, u[t][i], e, boost::hana::at_c<I>(k.values));
                    auto& into = sum[g.applies ? g.slice_of(i) : 0];
                    for (int j = 0; j < K; ++j)
                        into[std::size_t(j)] = F::combine(j, into[std::size_t(j)], double(term[j]));
                }
                if constexpr (per_slice) {
                    if (!g.applies) {
                        double none[K];
                        F::reset(none);
                        reduced[t][0] = tzero::finalize_of(m, none, 0.0, nullptr, t_, __builtin_nan(""), 0.0);
                    }
                    for (std::size_t s = 0; s < g.slices(); ++s)
                        reduced[t][s] = tzero::finalize_of(m, sum[s].data(), double(g.slice_size()), nullptr, t_,
                                                           __builtin_nan(""), double(g.slices()));
                } else {
                    if constexpr (std::is_same_v<typename M::reduce_scope, tzero::per_tensor_t>)
                        reduced[t][0] = tzero::finalize_of(m, sum[0].data(), double(u[t].size()),
                                                           scalars + t * P::reduce_slots, t_);
                    F::combine_all(total, sum[0]);
                    count += double(u[t].size());
                }
            }
            if constexpr (std::is_same_v<typename M::reduce_scope, tzero::global_t>) {
                auto const value = tzero::finalize_of(m, total, count, scalars, t_);
                for (auto& r : reduced) r[0] = value;
            }
        }
        for (std::size_t t = 0; t < u.size(); ++t)
            for (std::size_t i = 0; i < u[t].size(); ++i) {
                T* s = state_[t].data() + i * slots + P::slot_offset[I];
                tzero::element<T, M::state_slots, O> e{grads[t][i], params[t][i], {s}, {}, {i, std::uint32_t(t)}};
                auto const& value = reduced[t][geometry[t].applies ? geometry[t].slice_of(i) : 0];
                if constexpr (O > 1)
                    for (int o = 0; o < O; ++o) e.reduced[o] = T(value[o]);
                else e.reduced = T(value[0]);
                u[t][i] = m.apply(u[t][i], e, boost::hana::at_c<I>(k.values));
            }
    }

    Chain chain_;
    std::vector<std::vector<std::size_t>> shapes_;
    std::vector<std::vector<T>> state_;
    std::vector<double> reduce_state_;
    long t_ = 0;
};

/// Converts to anything: counts an aggregate's members by how many initializers it takes.
struct any_value {
    template <class T>
    constexpr operator T() const noexcept;
};

/// The number of data members of the aggregate `M`.
template <class M, class... Fields>
constexpr std::size_t member_count() {
    if constexpr (requires { M{Fields{}..., any_value{}}; }) return member_count<M, Fields..., any_value>();
    else return sizeof...(Fields);
}

/// |a − b| ≤ rel · max(|a|, |b|, floor): relative, with a floor for values near zero.
template <class T>
bool close(T a, T b, double rel, double floor = 1e-3) {
    if (std::isnan(double(a)) || std::isnan(double(b))) return std::isnan(double(a)) && std::isnan(double(b));
    double scale = std::max({std::abs(double(a)), std::abs(double(b)), floor});
    return std::abs(double(a) - double(b)) <= rel * scale;
}

/// Steps `opt` over `params` with the gradients of steps `from`..`to`: N(0, 1) noise seeded by the
/// step plus the parameters (a quadratic's pull), so a run is a function of its steps alone;
/// `after_step(step)` runs after each one.
template <class Opt, class T, class After = void (*)(int)>
void run_steps(
    Opt& opt, tensor_list<T>& params, int from, int to, After after_step = [](int) {}) {
    tensor_list<T> grads(params.shapes);
    for (int step = from; step < to; ++step) {
        grads.fill_normal(unsigned(1000 + step));
        for (std::size_t t = 0; t < params.values.size(); ++t)
            for (std::size_t i = 0; i < params.values[t].size(); ++i) grads.values[t][i] += params.values[t][i];
        opt.step(grads.const_views());
        after_step(step);
    }
}

template <class T>
constexpr double tolerance = sizeof(T) == 4 ? 1e-5 : 1e-12;

}  // namespace tzero_test

namespace tzero_test {

/// One flat parameter tensor and an optimizer over it; `step(g)` returns the update p_before − p_after.
template <class T, class Chain>
class harness {
  public:
    harness(Chain c, std::vector<T> p0)
        : p_(std::move(p0)),
          opt_(c, std::vector<tzero::tensor_view<T>>{tzero::tensor_view<T>(p_.data(), {p_.size()})}) {}
    harness(harness const&) = delete;
    harness& operator=(harness const&) = delete;

    std::vector<T> step(std::vector<T> const& g) {
        auto before = p_;
        tzero::tensor_view<T const> gv(g.data(), {g.size()});
        opt_.step(std::span(&gv, 1));
        for (std::size_t i = 0; i < before.size(); ++i) before[i] -= p_[i];
        return before;
    }
    std::vector<T> const& params() const { return p_; }
    auto& optimizer() { return opt_; }

  private:
    std::vector<T> p_;
    tzero::optimizer<tzero::as_chain_t<Chain>, T> opt_;
};

}  // namespace tzero_test
