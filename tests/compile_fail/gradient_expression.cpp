// An unevaluated xtensor expression as a gradient is refused with one line saying to evaluate it.
// expected-error: tzero: step\(\): a gradient is an unevaluated xtensor expression: evaluate it first
#include <tzero/tzero.hpp>

#include <xtensor/xtensor.hpp>

int main() {
    xt::xtensor<float, 1> w = xt::zeros<float>({3}), g = xt::ones<float>({3});
    tzero::optimizer opt(tzero::lr(0.1), tzero::params(w));
#ifdef TZERO_TWIN
    opt.step(xt::xtensor<float, 1>(2.f * g));
#else
    opt.step(2.f * g);
#endif
}
