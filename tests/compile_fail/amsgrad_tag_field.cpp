// AMSGrad asked for through the module's `amsgrad` field: one line that names the one way to
// select it, `.with_amsgrad()` (the field is not deduced, so the tag meets amsgrad_off_t).
// expected-error: tzero: select AMSGrad with \.with_amsgrad\(\) \(e\.g\. rmsprop\(\)\.with_amsgrad\(\)\)
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    auto const r = tzero::rmsprop{.smoothing = 0.9, .debias = true}.with_amsgrad();
#else
    auto const r = tzero::rmsprop{.smoothing = 0.9, .debias = true, .amsgrad = tzero::amsgrad_on};
#endif
    (void)(r | tzero::lr(0.1));
}
