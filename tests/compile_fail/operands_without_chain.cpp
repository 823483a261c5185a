// sum and the other modules over several operands need at least one chain (as torchzero): numbers
// alone are refused with one line.
// expected-error: tzero: sum: at least one operand must be a module or a chain
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    (void)tzero::sum(tzero::sign(), 2.0);
#else
    (void)tzero::sum(1.0, 2.0);
#endif
}
