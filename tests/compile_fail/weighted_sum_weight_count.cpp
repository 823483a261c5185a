// weighted_sum takes one weight per operand: a list of another length is refused with one line.
// expected-error: tzero: weighted_sum: give one weight per operand
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    (void)tzero::weighted_sum({0.3, 0.7}, tzero::adam(), tzero::sign());
#else
    (void)tzero::weighted_sum({0.3, 0.7, 0.1}, tzero::adam(), tzero::sign());
#endif
}
