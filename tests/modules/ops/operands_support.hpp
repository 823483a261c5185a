// Helpers of the tests of modules over several operands (sum, sub_modules, alternate, ...): a
// module stepped by an optimizer on a gradient tiled long enough that the fused loop runs SIMD
// batches and its scalar tail, every copy checked against the first.
#pragma once
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"
#include "support.hpp"

namespace operands_test {

/// Steps `m` from parameters 0 with each gradient of `gs` in turn; returns each step's update
/// (p_before − p_after) for the first copy. The first step's update is exactly the module's output
/// (parameters start at 0); later ones are within rounding of it. Copies agree exactly, or within
/// `rel` relative where the math differs between SIMD lanes and scalars (xsimd's pow).
template <class T, class M>
std::vector<std::vector<T>> run(M const& m, std::vector<std::vector<T>> const& gs, double rel = 0) {
    using B = xsimd::batch<T>;
    std::size_t const n = gs.at(0).size();
    std::size_t const copies = (2 * B::size + 1) / n + 2;
    tzero_test::harness<T, M> h(m, std::vector<T>(n * copies, T(0)));
    std::vector<std::vector<T>> out;
    for (auto const& g : gs) {
        std::vector<T> tiled;
        for (std::size_t c = 0; c < copies; ++c) tiled.insert(tiled.end(), g.begin(), g.end());
        auto const u = h.step(tiled);
        for (std::size_t i = n; i < u.size(); ++i) {
            INFO("copy " << i / n << " of element " << i % n << ": " << u[i] << ", first copy " << u[i % n]);
            CHECK((rel == 0 ? ops_test::same(u[i], u[i % n]) : ops_test::near(u[i], u[i % n], rel)));
        }
        out.emplace_back(u.begin(), u.begin() + std::ptrdiff_t(n));
    }
    return out;
}

/// One step of `m` on `g`, checked value by value against `expected` (NaN matches NaN), exactly
/// or within `rel` relative.
template <class T, class M>
void check(M const& m, std::vector<T> const& g, std::vector<T> const& expected, double rel = 0) {
    auto const got = run<T>(m, {g}, rel).at(0);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO(M::name << " of " << g[i] << ": got " << got[i] << ", expected " << expected[i]);
        CHECK((std::isnan(expected[i]) ? std::isnan(got[i])
               : rel == 0              ? got[i] == expected[i]
                                       : ops_test::near(got[i], expected[i], rel)));
    }
}

}  // namespace operands_test
