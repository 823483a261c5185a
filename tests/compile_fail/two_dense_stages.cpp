// Two dense stages in one chain (each an n×n matrix over every parameter): refused with one line
// that says what to do instead.
// expected-error: tzero: a chain may hold one dense stage \(bfgs, sr1, \.\.\.\): step a second one in a second optimizer
#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
#ifdef TZERO_TWIN
    (void)plan_of<decltype(bfgs() | lr(0.5))>::passes;
#else
    (void)plan_of<decltype(bfgs() | sr1())>::passes;
#endif
}
