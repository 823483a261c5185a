// Two per-slice modules in one chain: the passes from the first cut on iterate one set of slices,
// so a second dim list is refused with one line that says what to do instead.
// expected-error: tzero: a chain may hold one per-slice module \(a per_slice\(\.\.\.\) scope\); give the others per_tensor or global scope, or step them in a second optimizer
#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
#ifdef TZERO_TWIN
    (void)plan_of<decltype(centralize(per_slice(0)) | clip_norm(1.0, global))>::passes;
#else
    (void)plan_of<decltype(centralize(per_slice(0)) | clip_norm(1.0, per_slice(1)))>::passes;
#endif
}
