// Every module under test (modules_under_test.hpp), behind adam: its hyperparameters and state
// round-trip through a checkpoint, and the restored run goes on bitwise as the saved one.
// Compiled in every_module/every_module.cpp, with the other suites over every module.
#pragma once
#include <catch2/catch.hpp>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEST_CASE("checkpoint: every module round-trips - " TZERO_SHARD_PART, "[checkpoint]") {
    tzero_test::for_each_module_under_test<TZERO_SHARD, TZERO_SHARDS>([](auto const& module) {
        INFO(describe(module));
        auto const c = adam() | module | lr(0.5);
        tzero_test::tensor_list<double> p({{3, 5}, {7}});
        p.fill_normal(2);
        auto q = p;
        optimizer saved(c, p.views());
        tzero_test::run_steps(saved, p, 0, 3);
        auto other = c;
        other.template get<2>().lr = 2;  // restored from the file
        optimizer restored(other, q.views());
        from_checkpoint(restored, to_checkpoint(saved));
        CHECK(describe(restored.chain()) == describe(saved.chain()));
        q.values = p.values;
        tzero_test::run_steps(saved, p, 3, 5);
        tzero_test::run_steps(restored, q, 3, 5);
        REQUIRE(q.values == p.values);
    });
}
