// A hyperparameter out of range in a constant expression stops the build at the user's line.
// expected-error: tzero: adam: beta1 must be in \[0, 1\)
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    constexpr auto c = tzero::adam{.beta1 = 0.5} | tzero::lr(0.1);
#else
    constexpr auto c = tzero::adam{.beta1 = 1.5} | tzero::lr(0.1);
#endif
    (void)c;
}
