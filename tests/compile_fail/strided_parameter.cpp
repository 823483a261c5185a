// A strided xtensor view (a column) as a parameter is refused with one line: the pass walks memory
// linearly, so a column would step the wrong elements.
// expected-error: tzero: tensor_view: the tensor is not contiguous and row-major
#include <tzero/tzero.hpp>

#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

int main() {
    xt::xtensor<float, 2> w = xt::zeros<float>({4, 3});
#ifdef TZERO_TWIN
    auto part = xt::row(w, 1);
#else
    auto part = xt::col(w, 1);
#endif
    tzero::optimizer opt(tzero::lr(0.1), tzero::params(part));
}
