// A dense stage (bfgs, sr1, ...) after a line search: the search would move along a direction the
// stage has not made yet, so the order is refused with one line that says which comes first.
// expected-error: tzero: a dense stage \(bfgs, sr1, \.\.\.\) comes before the chain's line search, which searches along its direction
#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
#ifdef TZERO_TWIN
    (void)plan_of<decltype(bfgs() | strong_wolfe())>::passes;
#else
    (void)plan_of<decltype(strong_wolfe() | bfgs())>::passes;
#endif
}
