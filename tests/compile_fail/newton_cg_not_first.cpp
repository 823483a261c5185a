// newton_cg solves with the step's gradient before the passes (its products need the closure):
// after another module it would solve with the wrong vector, so that order is refused.
// expected-error: tzero: newton_cg solves with the step's gradient before the passes: it comes first in its chain
#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
#ifdef TZERO_TWIN
    (void)plan_of<decltype(newton_cg() | ema() | backtracking())>::passes;
#else
    (void)plan_of<decltype(ema() | newton_cg() | backtracking())>::passes;
#endif
}
