// Compiled by tests/flags/check.cmake with -Wall -Wextra -Werror at -O2 for -march=native and for
// -march=x86-64-v2: a user's warning flags and target ISA must not turn tzero's headers into
// warnings (g++ 12's AVX-512 intrinsics report -Wmaybe-uninitialized where they are inlined:
// backends/cpu/simd.hpp). The chains reach every SIMD operation of the math vocabulary.
#include <tzero/presets.hpp>
#include <tzero/tzero.hpp>
// after tzero: xtensor includes xsimd too, and xsimd's kernels take the diagnostic state of
// wherever xsimd is first included (docs/getting-started.md, "Warnings")
#include <xtensor/xtensor.hpp>

namespace tz = tzero;

template <class T, class C>
bool run(C const& c) {
    xt::xtensor<T, 2> p = xt::ones<T>({40, 30}), g = xt::ones<T>({40, 30});
    tz::optimizer opt(c, tz::params(p), tz::optimizer_options{.on_nonfinite = tz::nonfinite::skip});
    return opt.step(g);
}

template <class T>
bool all() {
    return run<T>(tz::presets::seed()) && run<T>(tz::adam() | tz::normalize() | tz::lr(0.1)) &&
           run<T>(tz::sqrt_ema_squared() | tz::pow(2.0) | tz::exp() | tz::randn() | tz::noise_sign(tz::sphere)) &&
           run<T>(tz::clip_norm(1.0, tz::per_slice(0)) | tz::graft(tz::sign(), tz::adam()) | tz::lion() |
                  tz::rprop()) &&
           run<T>(tz::clip_value(0.5) | tz::rmsprop() | tz::cautious(tz::normalized) | tz::weight_decay(1e-2)) &&
           run<T>(tz::adam() | tz::polak_ribiere().with_inner(tz::sign()) | tz::lr(0.1));
}

int main() { return all<float>() && all<double>() ? 0 : 1; }
