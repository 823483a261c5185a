// `|` with something that is not a module, its result kept and used: still one error, the tzero
// one (the failed `|` returns the module side, so nothing follows from a void result).
// expected-error: tzero: both operands of \| must be modules or chains
#include <tzero/tzero.hpp>

#include <vector>

int main() {
    std::vector<float> p(3);
#ifdef TZERO_TWIN
    auto c = tzero::adam() | tzero::lr(3);
#else
    auto c = tzero::adam() | 3;
#endif
    tzero::optimizer opt(c, std::vector{tzero::tensor_view<float>(p.data(), {3})});
    tzero::optimizer inline_chain(tzero::lr(0.1) | c, std::vector{tzero::tensor_view<float>(p.data(), {3})});
}
