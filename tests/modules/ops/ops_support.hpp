// Helpers of the ops tests: a stateless module applied to a list of updates three ways (scalar,
// every lane of a SIMD batch, a fused optimizer step), which must agree.
#pragma once
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

namespace ops_test {

/// The same value and the same sign of zero, or both NaN.
template <class T>
bool same(T a, T b) {
    return std::isnan(a) ? std::isnan(b) : a == b && std::signbit(a) == std::signbit(b);
}

/// Equal within `rel` relative, or both NaN, or the same infinity.
template <class T>
bool near(T a, T b, double rel) {
    if (std::isinf(a) || std::isinf(b) || rel == 0) return std::isnan(a) ? std::isnan(b) : a == b;
    return tzero_test::close(a, b, rel, 0);
}

/// `m` applied to each update `u[i]` (gradient `u[i]`, parameter 0) as a scalar, in every lane of
/// a SIMD batch, and by an optimizer step from parameters 0 (its update is 0 − p_after, which
/// keeps everything but the sign of a zero). SIMD lanes and the fused step must match the scalar
/// result exactly, or within `rel` for functions xsimd computes differently (exp). An empty
/// tensor steps too. Returns the scalar results.
template <class T, class M>
std::vector<T> apply(M const& m, std::vector<T> const& u, double rel = 0) {
    using B = xsimd::batch<T>;
    std::vector<T> out;
    for (T x : u) {
        T const r = m.apply(x, tzero::element<T, 0>{x, T(0), {nullptr}, T(0)}, tzero::no_coeffs{});
        B const rb = m.apply(B(x), tzero::element<B, 0>{B(x), B(T(0)), {nullptr}, B(T(0))}, tzero::no_coeffs{});
        T lanes[B::size];
        rb.store_unaligned(lanes);
        for (T lane : lanes) {
            INFO("SIMD lane for update " << x << ": " << lane << ", scalar " << r);
            CHECK((rel == 0 ? same(lane, r) : near(lane, r, rel)));
        }
        out.push_back(r);
    }
    // long enough that the fused loop runs both SIMD batches and its scalar tail
    std::vector<T> g;
    while (g.size() < 2 * B::size + 1) g.insert(g.end(), u.begin(), u.end());
    tzero_test::harness<T, M> h(m, std::vector<T>(g.size(), T(0)));
    auto const fused = h.step(g);
    for (std::size_t i = 0; i < g.size(); ++i) {
        T const r = out[i % u.size()];
        INFO("fused step for update " << g[i] << ": " << fused[i] << ", scalar " << r);
        CHECK((rel == 0 ? (std::isnan(r) ? std::isnan(fused[i]) : fused[i] == r) : near(fused[i], r, rel)));
    }
    tzero_test::harness<T, M> empty(m, {});
    CHECK(empty.step({}).empty());
    return out;
}

/// Checks `apply(m, u)` against `expected` value by value (signs of zeros included).
template <class T, class M>
void check(M const& m, std::vector<T> const& u, std::vector<T> const& expected) {
    auto const got = apply(m, u);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO(M::name << " of " << u[i] << ": got " << got[i] << ", expected " << expected[i]);
        CHECK(same(got[i], expected[i]));
    }
}

}  // namespace ops_test
