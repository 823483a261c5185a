// Helpers of the tests of modules with a history (misc, averaging): a module's math applied to
// one element's updates, step after step, directly rather than through an optimizer (whose
// parameter would keep a NaN or inf update for good), as a scalar and in every lane of a SIMD
// batch, which must agree.
#pragma once
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <initializer_list>
#include <vector>

#include <tzero/tzero.hpp>

namespace sequence_test {

/// `m` applied at steps 1, 2, … to the updates `u` (gradient `g`, or `u` when `g` is empty;
/// parameter `p`), state starting at 0. Returns the scalar outputs.
template <class M, class T>
std::vector<T> run(M const& m, std::initializer_list<T> updates, std::vector<T> const& g = {}, T p = T(0)) {
    std::vector<T> const u(updates);
    using B = xsimd::batch<T>;
    constexpr int n = M::state_slots;
    std::array<T, n + 1> s{};
    std::array<B, n + 1> sb;
    sb.fill(B(T(0)));
    std::vector<T> out;
    for (std::size_t i = 0; i < u.size(); ++i) {
        T const gi = g.empty() ? u[i] : g[i];
        auto const k = tzero::per_step_of(m, long(i) + 1);
        T const r = m.apply(u[i], tzero::element<T, n>{gi, p, {s.data()}, T(0)}, k);
        B const rb = m.apply(B(u[i]), tzero::element<B, n>{B(gi), B(p), {sb.data()}, B(T(0))}, k);
        T lanes[B::size];
        rb.store_unaligned(lanes);
        for (T lane : lanes) {
            INFO("step " << i + 1 << ": SIMD lane " << lane << ", scalar " << r);
            CHECK((std::isnan(r) ? std::isnan(lane) : lane == r));
        }
        out.push_back(r);
    }
    return out;
}

/// The same values, NaN matching NaN.
template <class T>
bool same(std::vector<T> const& a, std::vector<T> const& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::isnan(a[i]) ? !std::isnan(b[i]) : a[i] != b[i]) return false;
    return true;
}

}  // namespace sequence_test
