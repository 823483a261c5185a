// Changing a field of a module the chain does not hold: one error, the tzero one, not a
// follow-on "invalid use of void".
// expected-error: tzero: chain::get<M>: the chain holds no module made from M
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    auto c = tzero::adam() | tzero::lr(0.1) | tzero::cautious();
#else
    auto c = tzero::adam() | tzero::lr(0.1);
#endif
    c.get<tzero::cautious>().mode = tzero::cautious_mode::grad;
}
