// The math vocabulary: same answers for scalars and SIMD batches, torch's NaN and zero rules.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <tzero/backends/cpu/simd.hpp>
#include <tzero/core/math.hpp>

namespace math = tzero::math;

TEMPLATE_TEST_CASE("math: scalar and batch agree, lane by lane", "[core][math]", float, double) {
    using T = TestType;
    using B = xsimd::batch<T>;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    T const values[] = {T(-2.5), T(-1), T(-0.0), T(0), T(0.25), T(3), nan, inf, -inf, T(1e-30)};
    constexpr std::size_t n = sizeof(values) / sizeof(values[0]);
    for (std::size_t start = 0; start + B::size <= n; ++start) {
        B x = B::load_unaligned(values + start);
        auto same = [&](auto scalar_fn, auto batch_fn) {
            T out[B::size];
            batch_fn(x).store_unaligned(out);
            for (std::size_t l = 0; l < B::size; ++l) {
                T expected = scalar_fn(values[start + l]);
                if (std::isnan(expected)) CHECK(std::isnan(out[l]));
                else CHECK(out[l] == expected);
            }
        };
        same([](T v) { return math::sqrt(v); }, [](B v) { return math::sqrt(v); });
        same([](T v) { return math::abs(v); }, [](B v) { return math::abs(v); });
        same([](T v) { return math::sign(v); }, [](B v) { return math::sign(v); });
        same([](T v) { return math::clamp(v, T(-1), T(1)); }, [](B v) { return math::clamp(v, B(-1), B(1)); });
        same([](T v) { return math::max(v, T(0)); }, [](B v) { return math::max(v, B(0)); });
        same([](T v) { return math::min(v, T(0)); }, [](B v) { return math::min(v, B(0)); });
        same([](T v) { return math::lerp(v, T(2), 0.1); }, [](B v) { return math::lerp(v, B(2), 0.1); });
        same([](T v) { return math::lerp(v, T(2), 0.9); }, [](B v) { return math::lerp(v, B(2), 0.9); });
        same([](T v) { return math::mask<T>(v > T(0)); }, [](B v) { return math::mask<B>(v > B(0)); });
        same([](T v) { return math::copysign(T(2), v); }, [](B v) { return math::copysign(B(2), v); });
        same([](T v) { return math::power(v, 2); }, [](B v) { return math::power(v, 2); });
        same([](T v) { return math::power(v, 0.5); }, [](B v) { return math::power(v, 0.5); });
        same([](T v) { return math::power(v, -1); }, [](B v) { return math::power(v, -1); });
        same([](T v) { return math::power(v, 0); }, [](B v) { return math::power(v, 0); });
    }
}

TEMPLATE_TEST_CASE("math: torch's rules for NaN, zero and clamping", "[core][math]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    CHECK(math::sign(T(0)) == T(0));
    CHECK(math::sign(nan) == T(0));
    CHECK(math::sign(T(-3)) == T(-1));
    CHECK(std::isnan(math::clamp(nan, T(-1), T(1))));
    CHECK(math::clamp(T(5), T(-1), T(1)) == T(1));
    CHECK(math::clamp(T(-5), T(-1), T(1)) == T(-1));
    CHECK(std::isnan(math::max(nan, T(1))));
    CHECK(std::isnan(math::max(T(1), nan)));
    CHECK(std::isnan(math::min(T(1), nan)));
    CHECK(math::max(T(-1), T(2)) == T(2));
    CHECK(math::min(T(-1), T(2)) == T(-1));
    // mask keeps NaN visible when multiplied, as u * bool_tensor does in torch
    CHECK(std::isnan(nan * math::mask<T>(false)));
    CHECK(math::fma(T(2), T(3), T(4)) == T(10));
    CHECK(math::lerp(T(1), T(3), 0.5) == T(2));
    CHECK(math::lerp(T(1), T(3), 0.25) == T(1.5));
}

TEMPLATE_TEST_CASE("math: exp within an ulp or two, lane by lane, saturate keeps to the type's range", "[core][math]",
                   float, double) {
    using T = TestType;
    using B = xsimd::batch<T>;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    for (T x : {T(0), T(-0.0), T(1), T(-1), T(10.5), T(-30), T(1e-7), inf, -inf, nan, T(1000), T(-1000)}) {
        T lanes[B::size];
        math::exp(B(x)).store_unaligned(lanes);
        T const want = std::exp(x);
        for (T lane : lanes) {
            if (std::isnan(want)) CHECK(std::isnan(lane));
            else if (std::isinf(want) || want == 0) CHECK(lane == want);
            else CHECK(std::abs(lane - want) <= 4 * std::numeric_limits<T>::epsilon() * want);
        }
        CHECK((std::isnan(want) ? std::isnan(math::exp(x)) : math::exp(x) == want));
    }
    // beyond float's range: float's largest finite value, never infinity (a plain cast is undefined)
    T const big = T(std::min(1e300, double(std::numeric_limits<T>::max())));
    CHECK(math::saturate<T>(1e300) == big);
    CHECK(math::saturate<T>(-1e300) == -big);
    CHECK(math::saturate<T>(0.25) == T(0.25));
    CHECK(std::isnan(math::saturate<T>(std::numeric_limits<double>::quiet_NaN())));
    CHECK(math::saturate<B>(1e300).get(0) == big);
}
