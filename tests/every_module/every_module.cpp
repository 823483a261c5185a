// The suites over every module (modules_under_test.hpp): conformance, checkpoint round trip and
// CUDA emulation. One translation unit holds all three, so a shard instantiates each module's chain
// (adam() | m | lr(0.5)) with the CPU optimizer once for them all, not once per suite: 30 % less
// compile time than three units (docs/contributing.md, "CI budget"). Built as TZERO_SHARDS units
// (tests/CMakeLists.txt, tzero_shards), each over every TZERO_SHARDS-th module.
#include "every_module/checkpoint.hpp"
#include "every_module/conformance.hpp"
#include "every_module/emulate.hpp"
