/// @file tzero/backends/cpu/perturb.hpp
/// The CPU backend's passes of a gradient approximator (core/gradient_estimate.hpp): the
/// parameters moved along a random direction from p0, and the estimate written from every
/// sample's direction, each one fused loop over the chunk list, xsimd batches with a scalar tail.
/// A direction is drawn again in each pass (core/random.hpp): Δ_k at an element is a function of
/// the sample's key and the element's position, the same in every pass and on every thread.
#pragma once
#include <cmath>
#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

#include <tzero/backends/cpu/simd.hpp>
#include <tzero/backends/cpu/trial.hpp>
#include <tzero/core/curvature.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/reduction.hpp>

// after every include: the region covers this header only (core/detail/simd_warnings_push.hpp)
#include <tzero/core/detail/simd_warnings_push.hpp>

namespace tzero::cpu {

namespace detail {
/// The draw of sample k of `d` at `at`, with variance 1 (uniform: U(−√3, √3)).
template <class V>
V direction(random_directions const& d, std::uint64_t key, position at) {
    double const scale = d.distribution == sample_distribution::uniform ? std::sqrt(3.0) : 1.0;
    return tzero::detail::sample<V>(d.distribution, tzero::detail::sample_coeffs{key, scale}, at);
}

}  // namespace detail

/// p0 ← p (`to_origin`) or p ← p0, every parameter.
template <class T>
void copy_origin(layout const& l, T* const* params, T* p0, bool to_origin, bool parallel) {
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        T* const p = params[t] + i;
        T* const o = p0 + l.offsets[t] + i;
        if (to_origin) math::store(o, math::load<V>(p));
        else math::store(p, math::load<V>(o));
    });
}

/// p ← p0 + multiple·Δ_k, every parameter.
template <class T>
void perturb(layout const& l, T* const* params, T const* p0, random_directions const& d, int k, double multiple,
             bool parallel) {
    std::uint64_t const key = d.sample_key(k);
    T const m = T(multiple);
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        V const delta = detail::direction<V>(d, key, position{i, std::uint32_t(t)});
        math::store(params[t] + i, V(math::load<V>(p0 + l.offsets[t] + i) + V(m) * delta));
    });
}

/// g ← Σ_k c[k]·Δ_k (g in the state layout), one pass for all the samples.
template <class T>
void combine(layout const& l, T* g, random_directions const& d, std::span<double const> c, bool parallel) {
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        position const at{i, std::uint32_t(t)};
        V sum(T(0));
        for (std::size_t k = 0; k < c.size(); ++k)
            sum += V(T(c[k])) * detail::direction<V>(d, d.sample_key(int(k)), at);
        math::store(g + l.offsets[t] + i, sum);
    });
}

/// ‖Δ_k‖², in double (detail::chunk_sum's order).
template <class T>
double direction_norm_sq(layout const& l, random_directions const& d, int k, bool parallel) {
    std::uint64_t const key = d.sample_key(k);
    return detail::chunk_sum<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        V const z = detail::direction<V>(d, key, position{i, std::uint32_t(t)});
        return V(z * z);
    });
}

/// One sample of a Hutchinson estimate into D (core/curvature.hpp's `hutchinson_term`; D, g₊, g₋
/// in the state layout): D ← (sample 0 ? 0 : D) + ((g₊ − g₋)/divisor·norm)·(zHz ? z : 1), divided by
/// the sample count after the last. `zero`: the sample's Hz is 0 (no evaluation was made).
template <class T>
void hutchinson_accumulate(layout const& l, T* D, T const* plus, T const* minus, hutchinson_term const& h, bool zero,
                           bool parallel) {
    std::uint64_t const key = h.directions.sample_key(h.sample);
    T const divisor = T(h.divisor), norm = T(h.norm), samples = T(h.samples);
    bool const first = h.sample == 0, divide = h.sample + 1 == h.samples && h.samples > 1;
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        std::size_t const at = l.offsets[t] + i;
        V hz(T(0));
        if (!zero) {
            hz = (math::load<V>(plus + at) - math::load<V>(minus + at)) / V(divisor) * V(norm);
            if (h.zHz) hz = hz * detail::direction<V>(h.directions, key, position{i, std::uint32_t(t)});
        }
        V d = first ? hz : V(math::load<V>(D + at) + hz);
        if (divide) d = d / V(samples);
        math::store(D + at, d);
    });
}

/// g ← f(g), every element (`g` in the state layout).
template <class T, class F>
void transform(layout const& l, T* g, F const& f, bool parallel) {
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        T* const at = g + l.offsets[t] + i;
        math::store(at, V(f(math::load<V>(at))));
    });
}

/// Σ f(g, p) over every element (`g` in the state layout), in double (detail::chunk_sum's order).
template <class T, class F>
double sum_over(layout const& l, T* const* params, T const* g, F const& f, bool parallel) {
    return detail::chunk_sum<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        return V(f(math::load<V>(g + l.offsets[t] + i), math::load<V>(params[t] + i)));
    });
}

/// p ← p0 + f(g, p0), every parameter (`g` and p0 in the state layout).
template <class T, class F>
void move_by(layout const& l, T* const* params, T const* p0, T const* g, F const& f, bool parallel) {
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        V const origin = math::load<V>(p0 + l.offsets[t] + i);
        math::store(params[t] + i, V(origin + f(math::load<V>(g + l.offsets[t] + i), origin)));
    });
}

/// Per tensor, the K terms f(p, position) returns folded over its elements, the first K − M
/// summed and the last M maximized (a NaN wins), in double, chunk by chunk and then the chunks in
/// order: out[t·K + j]. Maxima start at −∞, so an empty tensor's are −∞.
template <int K, int M, class T, class F>
void tensor_terms(layout const& l, T const* const* params, F const& f, std::span<double> out, bool parallel) {
    using fold = term_fold<K, M>;
    std::vector<double> per_chunk(l.chunks.size() * K);
    for (std::size_t k = 0; k < per_chunk.size(); ++k) per_chunk[k] = fold::template identity<double>(int(k % K));
    detail::for_each_chunk_element<T>(
        l, parallel, [&]<class V>(std::type_identity<V>, std::size_t ci, std::size_t t, std::size_t i) {
            double* const acc = per_chunk.data() + ci * K;
            auto const v = f(math::load<V>(params[t] + i), position{i, std::uint32_t(t)});
            for (int j = 0; j < K; ++j) {
                if constexpr (std::is_arithmetic_v<V>) acc[j] = fold::combine(j, acc[j], double(v[j]));
                else if (j < K - M) acc[j] += double(xsimd::hadd(v[j]));
                else {
                    alignas(V::arch_type::alignment()) T lanes[V::size];
                    v[j].store_aligned(lanes);
                    for (T x : lanes) acc[j] = fold::combine(j, acc[j], double(x));
                }
            }
        });
    for (std::size_t t = 0; t < l.sizes.size(); ++t)
        for (int j = 0; j < K; ++j) {
            double& o = out[t * K + std::size_t(j)];
            o = fold::template identity<double>(j);
            for (std::size_t ci = l.first_chunk[t]; ci < l.first_chunk[t + 1]; ++ci)
                o = fold::combine(j, o, per_chunk[ci * K + std::size_t(j)]);
        }
}

/// p ← f(p0, position), every parameter (p0 in the state layout).
template <class T, class F>
void move_to(layout const& l, T* const* params, T const* p0, F const& f, bool parallel) {
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        math::store(params[t] + i, V(f(math::load<V>(p0 + l.offsets[t] + i), position{i, std::uint32_t(t)})));
    });
}

}  // namespace tzero::cpu

#include <tzero/core/detail/simd_warnings_pop.hpp>
