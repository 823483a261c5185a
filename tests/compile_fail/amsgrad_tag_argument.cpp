// AMSGrad passed as a parenthesized argument (C++20 aggregate init): the same one line as for
// a designated field, whichever of the five modules with the field is asked.
// expected-error: tzero: select AMSGrad with \.with_amsgrad\(\)
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    auto const e = tzero::centered_sqrt_ema_squared(0.9).with_amsgrad();
#else
    auto const e = tzero::basic_centered_sqrt_ema_squared(0.9, tzero::amsgrad_on);
#endif
    (void)(tzero::adam() | e | tzero::lr(0.1));
}
