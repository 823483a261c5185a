// Asking a chain for a module it does not hold.
// expected-error: tzero: chain::get<M>: the chain holds no module of type M
#include <tzero/tzero.hpp>

int main() {
    auto c = tzero::adam() | tzero::lr(0.1);
#ifdef TZERO_TWIN
    c.get<tzero::lr>().lr = 0.2;
#else
    c.get<tzero::sign>();
#endif
}
