// A reduce module inside another module: it would need a pass of its own, so it is refused with
// one line that says where it belongs.
// expected-error: tzero: a module's operand must be elementwise: a reduce module \(clip_norm, cautious\(normalized\)\) needs its own pass, so put it in the outer chain
#include <tzero/tzero.hpp>

int main() {
#ifdef TZERO_TWIN
    (void)(tzero::lerp(tzero::adam(), 0.5) | tzero::clip_norm(1.0));
#else
    (void)tzero::lerp(tzero::adam() | tzero::clip_norm(1.0), 0.5);
#endif
}
