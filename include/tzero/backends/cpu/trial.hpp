/// @file tzero/backends/cpu/trial.hpp
/// The CPU backend's passes of a closure stage (core/closure.hpp): a trial point p ← p0 − t·d and
/// the slope −gᵀd, each one fused loop over the chunk list, xsimd batches with a scalar tail.
/// `p0`, `d` and `g` are buffers in the state layout (each tensor at `layout.offsets`).
#pragma once
#include <cstddef>
#include <vector>

#include <tzero/backends/cpu/simd.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/math.hpp>

// after every include: the region covers this header only (core/detail/simd_warnings_push.hpp)
#include <tzero/core/detail/simd_warnings_push.hpp>

namespace tzero::cpu {

/// What a trial pass does with p0: keep the parameters there first (the step's first trial), read
/// it, or only copy it back (t = 0).
enum class trial_origin { keep, read, restore };

/// Every parameter to p0 − t·d (`restore`: to p0). With `keep`, p0 ← p first, in the same pass.
template <class T>
void move_along(layout const& l, T* const* params, T* p0, T const* d, double step, trial_origin origin,
                [[maybe_unused]] bool parallel) {
    using batch = xsimd::batch<T>;
    T const t = T(step);
    std::ptrdiff_t const chunks = std::ptrdiff_t(l.chunks.size());
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (parallel)
#endif
    for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
        chunk const& ch = l.chunks[std::size_t(ci)];
        T* const p = params[ch.tensor];
        T* const o = p0 + l.offsets[ch.tensor];
        T const* const dt = d + l.offsets[ch.tensor];
        auto const one = [&]<class V>(std::type_identity<V>, std::size_t i) {
            V const origin_value = origin == trial_origin::keep ? math::load<V>(p + i) : math::load<V>(o + i);
            if (origin == trial_origin::keep) math::store(o + i, origin_value);
            math::store(
                p + i, origin == trial_origin::restore ? origin_value : V(origin_value - V(t) * math::load<V>(dt + i)));
        };
        std::size_t i = ch.begin;
        for (; i + batch::size <= ch.end; i += batch::size) one(std::type_identity<batch>{}, i);
        for (; i < ch.end; ++i) one(std::type_identity<T>{}, i);
    }
}

/// Σ g·d over every element, in double: per chunk (SIMD lanes flushed every 16 batches), then the
/// chunks in order, so the value does not depend on the thread count.
template <class T>
double dot(layout const& l, T const* g, T const* d, [[maybe_unused]] bool parallel) {
    using batch = xsimd::batch<T>;
    std::vector<double> sums(l.chunks.size());
    std::ptrdiff_t const chunks = std::ptrdiff_t(l.chunks.size());
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (parallel)
#endif
    for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
        chunk const& ch = l.chunks[std::size_t(ci)];
        T const* const gt = g + l.offsets[ch.tensor];
        T const* const dt = d + l.offsets[ch.tensor];
        double sum = 0;
        std::size_t i = ch.begin;
        while (i + batch::size <= ch.end) {
            std::size_t const stop = i + 16 * batch::size < ch.end ? i + 16 * batch::size : ch.end;
            batch acc(T(0));
            for (; i + batch::size <= stop; i += batch::size)
                acc += batch::load_unaligned(gt + i) * batch::load_unaligned(dt + i);
            sum += double(xsimd::hadd(acc));
        }
        for (; i < ch.end; ++i) sum += double(gt[i] * dt[i]);
        sums[std::size_t(ci)] = sum;
    }
    double total = 0;
    for (double s : sums) total += s;
    return total;
}

}  // namespace tzero::cpu

#include <tzero/core/detail/simd_warnings_pop.hpp>
