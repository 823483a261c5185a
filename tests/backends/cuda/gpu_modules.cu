// Every module under test (modules_under_test.hpp) behind adam, on the GPU against the emulated
// kernel bodies: one shard of the list (TZERO_SHARD of TZERO_SHARDS), built as its own
// translation unit (tests/CMakeLists.txt) so that nvcc compiles the list on every core. The
// shard registers its check; gpu.cu runs it.
#include "backends/cuda/gpu_support.cuh"

namespace gpu_test {

static double every_module_of_this_shard() {
    double worst = 0;
    tzero_test::for_each_module_under_test<TZERO_SHARD, TZERO_SHARDS>(
        [&](auto const& m) { worst = std::max(worst, differs_by(adam() | m | lr(0.5), grid_stride)); });
    return worst;
}

static bool const registered = (module_shards().push_back(&every_module_of_this_shard), true);

}  // namespace gpu_test
