// The compile-time plan: passes, bytes per element, and the recompute/materialize choice.
#include <catch2/catch.hpp>

#include <tzero/tzero.hpp>

using namespace tzero;

template <class C>
using plan_t = plan_of<std::remove_cvref_t<C>>;

// clip_value | adam | lr: one pass; read p, g, m, v and write p, m, v = 7 streams = 28 B in fp32.
using adam_chain = plan_t<decltype(clip_value(1) | adam() | lr(0.1))>;
static_assert(adam_chain::passes == 1 && adam_chain::reductions == 0);
static_assert(adam_chain::bytes_per_element<float> == 28);
static_assert(adam_chain::bytes_per_element<double> == 56);
static_assert(adam_chain::state_slots == 2);

// The seed chain with torchzero's default cautious (normalize off) is the same single pass:
// cautious reads the raw gradient, which the pass reads anyway; weight decay reads p, likewise.
using seed = plan_t<decltype(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4))>;
static_assert(seed::passes == 1);
static_assert(seed::bytes_per_element<float> == 28);

// Normalizing cautious needs the global mean of its mask: two passes. Recompute: pass 1 reads
// g, m, v (12 B), pass 2 is the full 28 B pass = 40 B. Materialize: pass 1 reads g and m, v and
// writes m, v and the update (24 B), pass 2 reads the update, g and p and writes p (16 B) = 40 B.
// A tie goes to recompute, which needs no scratch buffer.
using seed_normalized = plan_t<decltype(clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4))>;
static_assert(seed_normalized::passes == 2 && seed_normalized::reductions == 1);
static_assert(seed_normalized::cut[0] == 3);
static_assert(seed_normalized::bytes_for<float>(handoff::recompute) == 40);
static_assert(seed_normalized::bytes_for<float>(handoff::materialize) == 40);
static_assert(seed_normalized::chosen == handoff::recompute);
static_assert(seed_normalized::bytes_per_element<float> == 40);

// A reduce module behind a stateful one: materializing saves re-reading the state.
// recompute: (g, m, v) + 28 B = 40 B; materialize: (g, m, v, m', v', u) + (u, p, p') = 36 B.
using adam_clip = plan_t<decltype(adam() | clip_norm(1.0) | lr(0.1))>;
static_assert(adam_clip::bytes_for<float>(handoff::recompute) == 40);
static_assert(adam_clip::bytes_for<float>(handoff::materialize) == 36);
static_assert(adam_clip::chosen == handoff::materialize && adam_clip::bytes_per_element<float> == 36);

// A reduce module first: recomputing costs only a read of g (4 B) before the full pass.
using clip_first = plan_t<decltype(clip_norm(1.0) | adam() | lr(0.1))>;
static_assert(clip_first::bytes_for<float>(handoff::recompute) == 32);
static_assert(clip_first::bytes_for<float>(handoff::materialize) == 36);
static_assert(clip_first::chosen == handoff::recompute);

// Two reductions, three passes; state offsets follow the chain.
using two = plan_t<decltype(clip_norm(1.0, global) | adam() | cautious(normalized) | nag() | lr(1))>;
static_assert(two::passes == 3 && two::cut[0] == 0 && two::cut[1] == 2 && two::cut[2] == 5);
static_assert(two::slot_offset[1] == 0 && two::slot_offset[2] == 2 && two::slot_offset[4] == 3);
static_assert(two::state_slots == 3);

// A lone module is a one-module chain.
static_assert(plan_of<sign>::passes == 1 && plan_of<sign>::bytes_per_element<float> == 12);

TEST_CASE("plan: facts are constant expressions usable at run time", "[core][plan]") {
    CHECK(seed::bytes_per_element<float> == 28);
    CHECK(seed_normalized::passes == 2);
    CHECK(adam_clip::chosen == handoff::materialize);
}

// Reads and writes add up; the seed chain reads p, g, m, v (16 B) and writes p, m, v (12 B).
static_assert(seed::read_bytes_for<float>(handoff::recompute) == 16);
static_assert(seed_normalized::read_bytes_for<float>(handoff::recompute) == 12 + 16);
static_assert(adam_clip::read_bytes_for<float>(handoff::materialize) == 12 + 8);
