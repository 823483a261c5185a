// A range of double views for float parameters is refused with one line naming the dtype mismatch.
// expected-error: tzero: step\(\): the gradients' element type is not the parameters'
#include <tzero/tzero.hpp>

#include <vector>

int main() {
    std::vector<float> p(3);
#ifdef TZERO_TWIN
    std::vector<float> g(3);
#else
    std::vector<double> g(3);
#endif
    tzero::optimizer opt(tzero::lr(0.1), std::vector{tzero::tensor_view<float>(p.data(), {3})});
    std::vector grads{tzero::tensor_view(g.data(), {3})};
    opt.step(grads);
}
