// The consumer of tzero::blas: a least-squares gradient by xtensor-blas, stepped by tzero.
#include <cmath>
#include <cstdio>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xtensor.hpp>

#include <tzero/tzero.hpp>

int main() {
    namespace tz = tzero;
    xt::xtensor<double, 2> x = {{1, 0}, {0, 1}, {1, 1}};
    xt::xtensor<double, 1> y = {1, 2, 3}, w = {0, 0};
    tz::optimizer opt(tz::adam() | tz::lr(0.1), tz::params(w));
    for (int i = 0; i < 200; ++i) {
        xt::xtensor<double, 1> g = xt::linalg::dot(xt::transpose(x), xt::linalg::dot(x, w) - y);
        opt.step(g);
    }
    std::printf("consumer_blas: w = (%g, %g)\n", w(0), w(1));
    return std::abs(w(0) - 1) < 0.05 && std::abs(w(1) - 2) < 0.05 ? 0 : 1;
}
