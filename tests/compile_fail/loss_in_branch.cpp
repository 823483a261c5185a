// A module that reads the loss cannot be an operand of another module (operands' per-step
// scalars see no loss): refused with one line.
// expected-error: tzero: a module's operand cannot read the loss
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    (void)(tzero::mul_by_loss{} | tzero::add(tzero::adam()));
#else
    (void)tzero::add(tzero::adam() | tzero::mul_by_loss{});
#endif
}
