// The consumer: one seed-chain step on xtensor data, and the header's version against the package's.
#include <cstdio>
#include <string>

#include <xtensor/xtensor.hpp>

#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
    xt::xtensor<float, 1> p = {1.f, -2.f, 3.f}, g = {0.5f, -0.5f, 0.f};
    optimizer opt(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4), params(p));
    opt.step(g);
    std::string version = std::to_string(TZERO_VERSION_MAJOR) + "." + std::to_string(TZERO_VERSION_MINOR) + "." +
                          std::to_string(TZERO_VERSION_PATCH);
    std::printf("consumer: tzero %s, p = (%g, %g, %g)\n", version.c_str(), double(p(0)), double(p(1)), double(p(2)));
    bool moved = p(0) < 1.f && p(1) > -2.f && p(2) < 3.f;
    return moved && version == EXPECTED_VERSION ? 0 : 1;
}
