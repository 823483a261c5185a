/// @file tzero/backends/cpu/trial.hpp
/// The CPU backend's passes of a closure stage (core/closure.hpp): a trial point p ← p0 − t·d and
/// the slope −gᵀd, each one fused loop over the chunk list, xsimd batches with a scalar tail.
/// `p0`, `d` and `g` are buffers in the state layout (each tensor at `layout.offsets`).
#pragma once
#include <cstddef>
#include <type_traits>
#include <vector>

#include <tzero/backends/cpu/simd.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/math.hpp>

// after every include: the region covers this header only (core/detail/simd_warnings_push.hpp)
#include <tzero/core/detail/simd_warnings_push.hpp>

namespace tzero::cpu {

namespace detail {
/// `one(type_identity<V>, chunk index, tensor, i)` over every element of the chunk list, xsimd
/// batches then the scalar tail of each chunk (chunks in parallel).
template <class T, class F>
void for_each_chunk_element(layout const& l, [[maybe_unused]] bool parallel, F const& one) {
    using batch = xsimd::batch<T>;
    std::ptrdiff_t const chunks = std::ptrdiff_t(l.chunks.size());
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (parallel)
#endif
    for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
        chunk const& ch = l.chunks[std::size_t(ci)];
        std::size_t i = ch.begin;
        for (; i + batch::size <= ch.end; i += batch::size)
            one(std::type_identity<batch>{}, std::size_t(ci), ch.tensor, i);
        for (; i < ch.end; ++i) one(std::type_identity<T>{}, std::size_t(ci), ch.tensor, i);
    }
}
/// `one(type_identity<V>, tensor, i)` over every element: the loop of every pass in this header
/// and in perturb.hpp.
template <class T, class F>
void for_each_element(layout const& l, bool parallel, F const& one) {
    for_each_chunk_element<T>(
        l, parallel,
        [&]<class V>(std::type_identity<V> v, std::size_t, std::size_t t, std::size_t i) { one(v, t, i); });
}
}  // namespace detail

/// What a trial pass does with p0: keep the parameters there first (the step's first trial), read
/// it, or only copy it back (t = 0).
enum class trial_origin { keep, read, restore };

/// Every parameter to p0 − t·d (`restore`: to p0). With `keep`, p0 ← p first, in the same pass.
template <class T>
void move_along(layout const& l, T* const* params, T* p0, T const* d, double step, trial_origin origin, bool parallel) {
    T const t = T(step);
    detail::for_each_element<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t tensor, std::size_t i) {
        T* const p = params[tensor] + i;
        T* const o = p0 + l.offsets[tensor] + i;
        V const origin_value = origin == trial_origin::keep ? math::load<V>(p) : math::load<V>(o);
        if (origin == trial_origin::keep) math::store(o, origin_value);
        math::store(p, origin == trial_origin::restore
                           ? origin_value
                           : V(origin_value - V(t) * math::load<V>(d + l.offsets[tensor] + i)));
    });
}

namespace detail {
/// Σ one(type_identity<V>, tensor, i) over every element, in double: per chunk (SIMD lanes
/// flushed every 16 batches), then the chunks in order, so the value does not depend on the
/// thread count. The reduction of every pass in this header and in perturb.hpp.
template <class T, class F>
double chunk_sum(layout const& l, [[maybe_unused]] bool parallel, F const& one) {
    using batch = xsimd::batch<T>;
    std::vector<double> sums(l.chunks.size());
    std::ptrdiff_t const chunks = std::ptrdiff_t(l.chunks.size());
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (parallel)
#endif
    for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
        chunk const& ch = l.chunks[std::size_t(ci)];
        double sum = 0;
        std::size_t i = ch.begin;
        while (i + batch::size <= ch.end) {
            std::size_t const stop = i + 16 * batch::size < ch.end ? i + 16 * batch::size : ch.end;
            batch acc(T(0));
            for (; i + batch::size <= stop; i += batch::size) acc += one(std::type_identity<batch>{}, ch.tensor, i);
            sum += double(xsimd::hadd(acc));
        }
        for (; i < ch.end; ++i) sum += double(one(std::type_identity<T>{}, ch.tensor, i));
        sums[std::size_t(ci)] = sum;
    }
    double total = 0;
    for (double s : sums) total += s;
    return total;
}
}  // namespace detail

/// Σ g·d over every element (detail::chunk_sum's order).
template <class T>
double dot(layout const& l, T const* g, T const* d, bool parallel) {
    return detail::chunk_sum<T>(l, parallel, [&]<class V>(std::type_identity<V>, std::size_t t, std::size_t i) {
        return V(math::load<V>(g + l.offsets[t] + i) * math::load<V>(d + l.offsets[t] + i));
    });
}

}  // namespace tzero::cpu

#include <tzero/core/detail/simd_warnings_pop.hpp>
