// Every module under test (modules_under_test.hpp), behind adam, through the CUDA kernel bodies
// over an emulated grid: they must agree with the CPU backend. Compiled in every_module/every_module.cpp,
// with the other suites over every module.
#pragma once
#include "backends/cuda/emulate_support.hpp"

using namespace tzero;

// In float, the GPU's type: the bodies are the same templates in double, whose plan shapes
// backends/cuda/emulate.cpp checks in both types.
TEMPLATE_TEST_CASE("cuda (emulated): every module behind adam - " TZERO_SHARD_PART, "[backends][cuda]", float) {
    tzero_test::for_each_module_under_test<TZERO_SHARD, TZERO_SHARDS>([](auto const& m) {
        INFO("module " << std::remove_cvref_t<decltype(m)>::name);
        tzero_test::check_emulated_equals_cpu<TestType>(adam() | m | lr(0.5), {3, 32}, 48);
    });
}
