// Double gradients for float parameters are refused with one line naming the dtype mismatch.
// expected-error: tzero: step\(\): a gradient's element type is not the parameters' \(a dtype mismatch
#include <tzero/tzero.hpp>

#include <xtensor/xtensor.hpp>

int main() {
    xt::xtensor<float, 1> w = xt::zeros<float>({3});
#ifdef TZERO_TWIN
    xt::xtensor<float, 1> g = xt::ones<float>({3});
#else
    xt::xtensor<double, 1> g = xt::ones<double>({3});
#endif
    tzero::optimizer opt(tzero::lr(0.1), tzero::params(w));
    opt.step(g);
}
