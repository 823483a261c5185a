// `|` with something that is not a module: one line that says how to fix it.
// expected-error: tzero: both operands of \| must be modules or chains \(write lr\(0\.1\), not 0\.1\)
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    (void)(tzero::adam() | tzero::lr(0.1));
#else
    (void)(tzero::adam() | 0.1);
#endif
}
