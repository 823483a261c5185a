// terminate_any (and terminate_all) combine termination criteria: a module that is not one is
// refused by one line.
// expected-error: tzero: terminate_any / terminate_all combine termination criteria
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    auto const c = tzero::terminate_any(tzero::terminate_never(), tzero::terminate_after_n_steps(3));
#else
    auto const c = tzero::terminate_any(tzero::terminate_never(), tzero::adam());
#endif
    (void)(c | tzero::lr(0.1));
}
