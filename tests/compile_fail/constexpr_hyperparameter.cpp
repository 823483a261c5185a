// A hyperparameter out of range in a constant expression stops the build at the user's line. GCC's
// error line names the call that is not a constant expression (tzero's, named for what it means);
// the message is in the context lines above it: C++20 has no way to put it on the error line.
// expected-error: hyperparameter_out_of_range
// expected-context: tzero: adam: beta1 must be in \[0, 1\)
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    constexpr auto c = tzero::adam{.beta1 = 0.5} | tzero::lr(0.1);
#else
    constexpr auto c = tzero::adam{.beta1 = 1.5} | tzero::lr(0.1);
#endif
    (void)c;
}
