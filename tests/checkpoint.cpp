// Checkpoints: a resumed run is bitwise the uninterrupted one; the file is safetensors; a file of
// another chain, dtype or parameter list, and hundreds of hostile files, are refused with
// tzero::error and change nothing; a writer killed mid-save never leaves a broken file behind.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "checkpoint_support.hpp"
#include "support.hpp"

using namespace tzero;
using nlohmann::json;
namespace fs = std::filesystem;

TEMPLATE_TEST_CASE("checkpoint: a resumed run is bitwise the uninterrupted one", "[checkpoint]", float, double) {
    using T = TestType;
    temporary_directory dir;
    auto const file = dir.path / "optimizer.safetensors";

    tzero_test::tensor_list<T> straight(shapes);
    straight.fill_normal(7);
    auto resumed = straight;
    optimizer uninterrupted(seed_chain(), straight.views(), small_chunks);
    run(uninterrupted, straight, 0, 60);

    {
        optimizer first(seed_chain(), resumed.views(), small_chunks);
        run(first, resumed, 0, 30);
        save(first, file);
    }
    optimizer second(seed_chain(), resumed.views(), small_chunks);  // fresh: zero state, lr 0.01
    load(second, file);
    CHECK(second.steps() == 30);
    CHECK(second.chain().template get<lr>().lr == 0.005);
    run(second, resumed, 30, 60);

    REQUIRE(second.steps() == uninterrupted.steps());
    REQUIRE(resumed.values == straight.values);
    REQUIRE(snapshot(second) == snapshot(uninterrupted));
}

TEST_CASE("checkpoint: the parameters are saved and restored with the state only when asked", "[checkpoint]") {
    temporary_directory dir;
    auto const with = dir.path / "with.safetensors", without = dir.path / "without.safetensors";
    small_run r;
    auto const saved_params = r.params.values;
    save(r.opt, with, {.parameters = true});
    save(r.opt, without);
    CHECK(to_checkpoint(r.opt) == r.file);  // the default file is unchanged by the option's existence
    {
        pieces const p(to_checkpoint(r.opt, {.parameters = true}));
        CHECK(p.header["__metadata__"]["includes_parameters"] == "true");
        CHECK(p.header["parameters.param0"]["shape"] == json::array({3, 4}));
        CHECK(p.header["parameters.param1"]["dtype"] == "F32");
        CHECK_FALSE(pieces(r.file).header["__metadata__"].contains("includes_parameters"));
    }
    snapshot const at_save(r.opt);

    run(r.opt, r.params, 3, 6);  // parameters and state move on
    REQUIRE(r.params.values != saved_params);
    load(r.opt, with, {.parameters = true});
    CHECK(r.params.values == saved_params);  // bitwise
    CHECK(snapshot(r.opt) == at_save);

    run(r.opt, r.params, 3, 6);
    auto const moved = r.params.values;
    load(r.opt, with);  // not asked: the parameters stay, the state comes back
    CHECK(r.params.values == moved);
    CHECK(snapshot(r.opt) == at_save);

    run(r.opt, r.params, 3, 6);
    snapshot const before(r.opt);
    auto const before_params = r.params.values;
    CHECK_THROWS_WITH(load(r.opt, without, {.parameters = true}), Catch::Contains("it holds no parameters"));
    CHECK(snapshot(r.opt) == before);
    CHECK(r.params.values == before_params);

    // a file whose parameter tensor is of another shape, or whose flag is not "true", is refused whole
    pieces bad(to_checkpoint(r.opt, {.parameters = true}));
    bad.header["parameters.param1"]["shape"] = json::array({4});
    try {
        from_checkpoint(r.opt, bad.file(), {.parameters = true});
        FAIL("accepted");
    } catch (error const& e) {
        CHECK(std::string(e.what()).find("parameters.param1") != std::string::npos);
    }
    pieces flag(to_checkpoint(r.opt, {.parameters = true}));
    flag.header["__metadata__"]["includes_parameters"] = "yes";
    refused(r.opt, flag.file(), "includes_parameters");
    CHECK(snapshot(r.opt) == before);
    CHECK(r.params.values == before_params);
}

TEST_CASE("checkpoint: a reduce module's persistent scalars are 0-d F64 tensors, first", "[checkpoint]") {
    tzero_test::tensor_list<float> p{{{3, 4}, {5}}};
    p.fill_normal(3);
    auto const c = adam() | clip_norm_growth() | clip_norm_growth<global_t>{.mul = 1.1} | lr(0.1);
    optimizer opt(c, p.views());
    run(opt, p, 0, 3);
    std::string const file = to_checkpoint(opt);
    auto const header = nlohmann::json::parse(file.substr(8, std::size_t(detail::checkpoint::read_u64_le(file))));
    auto const& tracked = header["1.clip_norm_growth.scalar0.param1"];
    CHECK(tracked["dtype"] == "F64");
    CHECK(tracked["shape"] == nlohmann::json::array());
    CHECK(tracked["data_offsets"][0] == 8);  // scalars first: every tensor stays aligned
    CHECK(header.contains("2.clip_norm_growth.scalar1.global"));
    CHECK_FALSE(header.contains("2.clip_norm_growth.scalar0.param1"));  // a global module keeps one set
    CHECK(opt.reduce_state(1)[0] > 0);                                  // per-tensor: the second tensor's tracked norm

    tzero_test::tensor_list<float> q{{{3, 4}, {5}}};
    optimizer restored(c, q.views());
    from_checkpoint(restored, file);
    for (std::size_t t = 0; t < 2; ++t)
        for (std::size_t k = 0; k < 4; ++k) CHECK(restored.reduce_state(t)[k] == opt.reduce_state(t)[k]);

    std::string bad = file;  // a scalar stored as F32 is refused, and nothing changes
    auto const at = bad.find("\"F64\"");
    REQUIRE(at != std::string::npos);
    bad.replace(at, 5, "\"F32\"");
    optimizer untouched(c, q.views());
    REQUIRE_THROWS_WITH(from_checkpoint(untouched, bad), Catch::Contains("scalar") && Catch::Contains("not F64"));
    CHECK(untouched.reduce_state(0)[0] == 0);
    CHECK(untouched.steps() == 0);
}

TEST_CASE("checkpoint: the file is safetensors", "[checkpoint]") {
    small_run r;
    std::string const& f = r.file;
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = n << 8 | std::uint8_t(f[std::size_t(i)]);
    REQUIRE(8 + n <= f.size());
    CHECK(f[8] == '{');
    CHECK((8 + n) % 8 == 0);  // the data starts aligned
    json const header = json::parse(f.substr(8, n));
    for (auto const& [key, value] : header["__metadata__"].items()) CHECK(value.is_string());
    CHECK(header["__metadata__"]["format"] == "tzero.checkpoint.v1");
    CHECK(header["__metadata__"]["steps"] == "3");
    CHECK(json::parse(header["__metadata__"]["parameters"].get<std::string>()) == json::parse("[[3,4],[5]]"));
    json const chain = json::parse(header["__metadata__"]["chain"].get<std::string>());
    CHECK(chain[0]["module"] == "adam");
    CHECK(chain[0]["eps_at"] == "torchzero");
    CHECK(chain[2]["module"] == "cautious");
    CHECK(chain[2]["normalize"] == "normalized");

    // adam's m and v of each parameter; cautious keeps no state
    REQUIRE(header.size() == 1 + 4);
    json const& v1 = header["0.adam.slot1.param1"];
    CHECK(v1["dtype"] == "F32");
    CHECK(v1["shape"] == json::parse("[5]"));
    auto const offsets = v1["data_offsets"].get<std::vector<std::uint64_t>>();
    REQUIRE(offsets[1] - offsets[0] == 5 * sizeof(float));
    std::vector<float> v(5);
    std::memcpy(v.data(), f.data() + 8 + n + offsets[0], 5 * sizeof(float));
    auto const expected = r.opt.state(1, 1);
    CHECK(std::equal(v.begin(), v.end(), expected.begin()));
}

TEST_CASE("checkpoint: another chain, dtype or parameter list is refused, nothing changes", "[checkpoint]") {
    small_run r;

    SECTION("another dtype") {
        std::vector<double> p(12), b(5);
        optimizer other(adam() | lr(0.1) | cautious(normalized),
                        std::vector{tensor_view<double>(p.data(), {3, 4}), tensor_view<double>(b.data(), {5})});
        refused(other, r.file, "it holds F32 state; this optimizer's is F64");
    }
    SECTION("another shape") {
        tzero_test::tensor_list<float> p({{4, 3}, {5}});
        optimizer other(adam() | lr(0.1) | cautious(normalized), p.views());
        refused(other, r.file, "parameter 0 has shape (3, 4) there and (4, 3) here");
    }
    SECTION("another parameter count") {
        tzero_test::tensor_list<float> p({{3, 4}});
        optimizer other(adam() | lr(0.1) | cautious(normalized), p.views());
        refused(other, r.file, "saved for 2 parameters; this optimizer has 1");
    }
    SECTION("another module") {
        tzero_test::tensor_list<float> p(r.params.shapes);
        optimizer other(rmsprop{} | lr(0.1) | cautious(normalized), p.views());
        refused(other, r.file, "module 0 is \"adam\" there and rmsprop here");
    }
    SECTION("another number of modules") {
        tzero_test::tensor_list<float> p(r.params.shapes);
        optimizer other(adam() | lr(0.1), p.views());
        refused(other, r.file, "it holds 3 modules, this chain 2");
    }
    SECTION("a module whose type differs only in a tag") {
        tzero_test::tensor_list<float> p(r.params.shapes);
        optimizer other(adam() | lr(0.1) | cautious(), p.views());
        refused(other, r.file, "must be \"unnormalized\"");
    }
    SECTION("a hyperparameter out of range") {
        pieces f(r.file);
        json chain = json::parse(f.header["__metadata__"]["chain"].get<std::string>());
        chain[0]["beta1"] = 1.5;
        f.header["__metadata__"]["chain"] = chain.dump();
        refused(r.opt, f.file(), "out of range");
    }
}

TEST_CASE("checkpoint: a chain inside a module is saved as a nested array and checked as one", "[checkpoint]") {
    tzero_test::tensor_list<float> p({{4, 1}}), q({{4, 1}});
    p.fill_normal(3);
    optimizer saved(add(ema(0.8) | lr(0.5), 0.25) | lr(0.1), p.views());
    run(saved, p, 0, 2);
    std::string const file = to_checkpoint(saved);
    json const chain = json::parse(pieces(file).header["__metadata__"]["chain"].get<std::string>());
    json const& other = chain[0]["other"];
    REQUIRE(other.is_array());
    REQUIRE(other.size() == 2);
    CHECK(other[0]["module"] == "ema");
    CHECK(other[0]["momentum"] == 0.8);
    CHECK(other[1] == json::parse(R"({"module":"lr","lr":0.5})"));

    optimizer restored(add(ema(0.9) | lr(1.0), 0.25) | lr(0.1), q.views());
    from_checkpoint(restored, file);
    CHECK(describe(restored.chain()) == describe(saved.chain()));

    pieces f(file);
    json c = chain;
    c[0]["other"][0]["momentum"] = 1.5;
    f.header["__metadata__"]["chain"] = c.dump();
    refused(restored, f.file(), "module 0 (add) hyperparameter \"other\"");
    c = chain;
    c[0]["other"][1]["module"] = "sign";
    f.header["__metadata__"]["chain"] = c.dump();
    refused(restored, f.file(), "module 1 is \"sign\" there and lr here");
}

static double halving(long t) { return std::ldexp(0.1, -int(t)); }
static double constant_tenth(long) { return 0.1; }

TEST_CASE("checkpoint: a schedule is saved as an object and restored, a function pointer stays", "[checkpoint]") {
    tzero_test::tensor_list<double> p({{2, 3}}), q({{2, 3}}), r({{2, 3}});
    p.fill_normal(4);
    q.values = r.values = p.values;
    auto const run = [](auto& opt, auto& params, int from, int to) {  // `run` without its lr change
        tzero_test::tensor_list<double> grads(params.shapes);
        for (int step = from; step < to; ++step) {
            grads.fill_normal(unsigned(1000 + step));
            opt.step(grads.const_views());
        }
    };
    auto const chain = [](double peak, long total) {
        return adam() | lr(cosine_schedule{.peak_lr = peak, .total_steps = total, .warmup_steps = 2}) |
               weight_decay(one_cycle{.max_lr = 1e-3, .total_steps = 10});
    };
    optimizer saved(chain(0.1, 8), p.views());
    run(saved, p, 0, 3);
    std::string const file = to_checkpoint(saved);
    json const saved_chain = json::parse(pieces(file).header["__metadata__"]["chain"].get<std::string>());
    CHECK(saved_chain[1]["lr"] == json::parse(R"({"type": "cosine_schedule", "peak_lr": 0.1, "total_steps": 8,
                                                   "warmup_steps": 2, "init_lr": 0.0, "min_lr": 0.0})"));
    CHECK(saved_chain[2]["weight_decay"]["type"] == "one_cycle");
    CHECK(saved_chain[2]["weight_decay"]["three_phase"] == false);

    // restored: the schedule's fields come from the file, and the run continues bitwise
    optimizer restored(chain(0.5, 100), q.views());
    from_checkpoint(restored, file);
    CHECK(describe(restored.chain()) == describe(saved.chain()));
    CHECK(restored.chain().get<lr>().lr.total_steps == 8);
    q.values = p.values;
    run(saved, p, 3, 9);
    run(restored, q, 3, 9);
    REQUIRE(q.values == p.values);

    // a schedule's fields are checked like any hyperparameter's, and nothing changes on refusal
    pieces f(file);
    json c = saved_chain;
    c[1]["lr"]["warmup_steps"] = 9;
    f.header["__metadata__"]["chain"] = c.dump();
    refused(restored, f.file(), "warmup_steps must be >= 0 and <= total_steps");
    c = saved_chain;
    c[1]["lr"]["type"] = "one_cycle";
    f.header["__metadata__"]["chain"] = c.dump();
    refused(restored, f.file(), "module 1 (lr) hyperparameter \"lr\" must be a cosine_schedule");
    c = saved_chain;
    c[1]["lr"].erase("min_lr");
    f.header["__metadata__"]["chain"] = c.dump();
    refused(restored, f.file(), "has no field \"min_lr\"");
    c = saved_chain;
    c[1]["lr"]["extra"] = 1;
    f.header["__metadata__"]["chain"] = c.dump();
    refused(restored, f.file(), "holds fields cosine_schedule does not know");
    c = saved_chain;
    c[1]["lr"] = 0.1;
    f.header["__metadata__"]["chain"] = c.dump();
    refused(restored, f.file(), "must be a cosine_schedule");

    // a function pointer is not saved: the file says which kind of schedule, and load keeps the
    // optimizer's own function (a checkpoint restores state, the program supplies the code)
    optimizer with_function(adam() | lr(halving), r.views());
    run(with_function, r, 0, 2);
    std::string const function_file = to_checkpoint(with_function);
    CHECK(json::parse(pieces(function_file).header["__metadata__"]["chain"].get<std::string>())[1] ==
          json::parse(R"({"module": "lr", "lr": {"type": "function_schedule"}})"));
    tzero_test::tensor_list<double> s({{2, 3}});
    optimizer other_function(adam() | lr(constant_tenth), s.views());
    from_checkpoint(other_function, function_file);
    CHECK(other_function.chain().get<lr>().lr.function == &constant_tenth);
    CHECK(other_function.steps() == 2);
    optimizer<as_chain_t<decltype(adam() | lr(0.1))>, double> a_number(adam() | lr(0.1), s.views());
    refused(a_number, function_file, "must be a number");
}

TEST_CASE("checkpoint: a pack of operands and lists of weights or steps are saved as arrays and checked",
          "[checkpoint]") {
    auto const make = [](double momentum, double weight, int steps) {
        return weighted_sum({weight, 0.7}, ema(momentum) | lr(0.5), 0.25) |
               alternate({steps, 1}, adam(), heavy_ball()) | lr(0.1);
    };
    tzero_test::tensor_list<float> p({{4, 1}, {3}}), q({{4, 1}, {3}}), straight({{4, 1}, {3}});
    p.fill_normal(3);
    straight.values = p.values;
    optimizer saved(make(0.8, 0.3, 2), p.views());
    optimizer uninterrupted(make(0.8, 0.3, 2), straight.views());
    run(saved, p, 0, 4);
    run(uninterrupted, straight, 0, 4);
    std::string const file = to_checkpoint(saved);
    json const chain = json::parse(pieces(file).header["__metadata__"]["chain"].get<std::string>());
    json const& inputs = chain[0]["inputs"];
    REQUIRE(inputs.is_array());
    REQUIRE(inputs.size() == 2);
    CHECK(inputs[0][0]["module"] == "ema");  // a chain operand: a nested array of modules
    CHECK(inputs[0][0]["momentum"] == 0.8);
    CHECK(inputs[1] == 0.25);  // a number operand
    CHECK(chain[0]["weights"] == json::parse("[0.3, 0.7]"));
    CHECK(chain[1]["modules"][1][0]["module"] == "heavy_ball");
    CHECK(chain[1]["steps"] == json::parse("[2, 1]"));

    // restored into another optimizer of the same type: hyperparameters, state and the turn
    // (from the step count) carry over, and the run goes on bitwise as the uninterrupted one
    q.values = p.values;
    optimizer restored(make(0.9, 0.5, 3), q.views());
    from_checkpoint(restored, file);
    CHECK(describe(restored.chain()) == describe(saved.chain()));
    CHECK(snapshot(restored).state == snapshot(saved).state);
    run(restored, q, 4, 9);
    run(uninterrupted, straight, 4, 9);
    CHECK(q.values == straight.values);

    // mutations are refused with their place named
    pieces f(file);
    auto const refuse = [&](json const& c, std::string const& says) {
        f.header["__metadata__"]["chain"] = c.dump();
        refused(restored, f.file(), says);
    };
    json c = chain;
    c[0]["weights"] = json::parse("[0.3]");
    refuse(c, "module 0 (weighted_sum) hyperparameter \"weights\" must be a list of 2");
    c = chain;
    c[0]["inputs"] = json::parse("[1, 2, 3]");
    refuse(c, "module 0 (weighted_sum) hyperparameter \"inputs\" must be a list of 2");
    c = chain;
    c[0]["inputs"][1] = "x";
    refuse(c, "module 0 (weighted_sum) hyperparameter \"inputs\"[1] must be a number");
    c = chain;
    c[0]["inputs"][0][0]["momentum"] = 1.5;
    refuse(c, "module 0 (weighted_sum) hyperparameter \"inputs\"[0]");
    c = chain;
    c[1]["steps"][0] = 0;
    refuse(c, "out of range");
    c = chain;
    c[1]["steps"][0] = 1.5;
    refuse(c, "module 1 (alternate) hyperparameter \"steps\"[0] must be an integer");
}

TEST_CASE("checkpoint: a metric is saved as a name or a number and checked", "[checkpoint]") {
    auto const make = [](metric clip, metric graft_ord) {
        auto g = graft(adam(), sign(), global);
        g.ord = graft_ord;
        return clip_norm(1.0, per_tensor, 1, clip) | g | lr(0.1);
    };
    tzero_test::tensor_list<float> p({{4, 1}, {3}}), q({{4, 1}, {3}});
    p.fill_normal(5);
    optimizer saved(make("std", INFINITY), p.views());
    run(saved, p, 0, 3);
    std::string const file = to_checkpoint(saved);
    json const chain = json::parse(pieces(file).header["__metadata__"]["chain"].get<std::string>());
    CHECK(chain[0]["ord"] == "std");
    CHECK(chain[1]["ord"] == "inf");  // a number as a double is saved: JSON has no infinity

    q.values = p.values;
    optimizer restored(make(2, "mad"), q.views());
    from_checkpoint(restored, file);
    CHECK(describe(restored.chain()) == describe(saved.chain()));
    CHECK(restored.chain().get<0>().ord == metric("std"));
    CHECK(restored.chain().get<1>().ord == metric(INFINITY));

    pieces f(file);
    auto const refuse = [&](json const& c, std::string const& says) {
        f.header["__metadata__"]["chain"] = c.dump();
        refused(restored, f.file(), says);
    };
    json c = chain;
    c[0]["ord"] = "median";
    refuse(c, "module 0 (clip_norm) hyperparameter \"ord\" must be a number or a name");
    c[0]["ord"] = json::array();
    refuse(c, "module 0 (clip_norm) hyperparameter \"ord\" must be a number or a name");
    c[0]["ord"] = "nan";  // read as a number, then refused by validate
    refuse(c, "ord must be a number or a name");
    c[0]["ord"] = "l3";
    f.header["__metadata__"]["chain"] = c.dump();
    from_checkpoint(restored, f.file());
    CHECK(restored.chain().get<0>().ord == metric(3));
}

TEST_CASE("checkpoint: hyperparameters are restored unless asked not to", "[checkpoint]") {
    small_run r;
    r.opt.chain().get<lr>().lr = 0.25;
    std::string const file = to_checkpoint(r.opt);

    tzero_test::tensor_list<float> p(r.params.shapes);
    optimizer restored(adam() | lr(0.1) | cautious(normalized), p.views());
    from_checkpoint(restored, file);
    CHECK(restored.chain().get<lr>().lr == 0.25);
    CHECK(snapshot(restored).state == snapshot(r.opt).state);

    optimizer kept(adam() | lr(0.1) | cautious(normalized), p.views());
    from_checkpoint(kept, file, load_options{.hyperparameters = false});
    CHECK(kept.chain().get<lr>().lr == 0.1);
    CHECK(kept.steps() == 3);
    CHECK(snapshot(kept).state == snapshot(r.opt).state);

    // a NaN hyperparameter survives the round trip as "nan" (and is then refused by validate)
    r.opt.chain().get<adam>().alpha = std::nan("");
    refused(kept, to_checkpoint(r.opt), "out of range");
}

TEST_CASE("checkpoint: hostile files are refused with tzero::error, nothing changes", "[checkpoint][hostile]") {
    small_run r;
    auto& opt = r.opt;
    std::string const& good = r.file;
    pieces const base(good);
    std::uint64_t const n = good.size() - 8 - base.data.size();
    REQUIRE_NOTHROW(from_checkpoint(opt, good));  // the unmutated file loads (and is a no-op)
    int files = 0;
    auto const reject = [&](std::string const& bytes, std::string const& says = "") {
        ++files;
        refused(opt, bytes, says);
    };

    SECTION("truncated anywhere") {
        for (std::size_t size = 0; size < good.size(); ++size) reject(good.substr(0, size));
    }
    SECTION("trailing bytes") {
        reject(good + '\0', "cover");
        reject(good + std::string(8, 'x'), "cover");
    }
    SECTION("header lengths that lie") {
        for (std::uint64_t bad :
             {std::uint64_t(0), std::uint64_t(1), std::uint64_t(7), n - 1, n + 1, n + 8, std::uint64_t(good.size()),
              std::uint64_t(1) << 40, ~std::uint64_t(0), std::uint64_t(100'000'001)})
            reject(with_length(good, bad));
    }
    SECTION("a header that is not one JSON object") {
        for (std::string text : {"", " ", "[]", "{}", "null", "1", "\"x\"", "{\"a\":1", "{}{}", "{\"a\":1,}",
                                 "{\"__metadata__\":[]}", "{\"__metadata__\":{\"format\":1}}"})
            reject(pieces::assemble(text, base.data));
        std::string deep = "{\"a\":" + std::string(100'000, '[') + std::string(100'000, ']') + "}";
        reject(pieces::assemble(deep, base.data), "nests deeper");
        std::string invalid_utf8 = base.header.dump();
        invalid_utf8.insert(invalid_utf8.find("adam"), "\xff\xfe");
        reject(pieces::assemble(invalid_utf8, base.data));
    }
    SECTION("metadata mutations") {
        auto const mutated = [&](auto&& edit) {
            pieces f = base;
            edit(f.header["__metadata__"]);
            return f.file();
        };
        for (char const* key : {"format", "tzero_version", "dtype", "steps", "skipped_steps", "parameters", "chain"}) {
            reject(mutated([&](json& m) { m.erase(key); }), key);
            reject(mutated([&](json& m) { m[key] = 3; }), key);
            reject(mutated([&](json& m) { m[key] = "[1,"; }));
        }
        reject(mutated([](json& m) { m["extra"] = "x"; }), "keys a tzero checkpoint does not have");
        reject(mutated([](json& m) { m["format"] = "tzero.checkpoint.v2"; }), "format");
        reject(mutated([](json& m) { m["tzero_version"] = "one"; }), "version");
        reject(mutated([](json& m) { m["dtype"] = "BF16"; }), "BF16");
        for (char const* count : {"-1", "", " 5", "5 ", "1e3", "0x10", "99999999999999999999999", "+3"})
            reject(mutated([&](json& m) { m["steps"] = count; }), "steps");
        for (char const* list : {"[[3,4]]", "[[3,4],[5],[1]]", "[[3,4],[6]]", "[[3,-4],[5]]", "[[3,4.0],[5]]",
                                 "[[3,4],5]", "{}", "[[12],[5]]"})
            reject(mutated([&](json& m) { m["parameters"] = list; }), "parameter");
        auto const chain_edit = [&](auto&& edit) {
            return mutated([&](json& m) {
                json c = json::parse(m["chain"].get<std::string>());
                edit(c);
                m["chain"] = c.dump();
            });
        };
        reject(chain_edit([](json& c) { c = json::object(); }), "array");
        reject(chain_edit([](json& c) { c.erase(1); }), "modules");
        reject(chain_edit([](json& c) { c.push_back(c[1]); }), "modules");
        reject(chain_edit([](json& c) { c[1] = 1; }), "module 1");
        reject(chain_edit([](json& c) { c[1].erase("module"); }), "module 1");
        reject(chain_edit([](json& c) { c[1]["module"] = "sign"; }), "module 1");
        reject(chain_edit([](json& c) { c[0].erase("beta2"); }), "beta2");
        reject(chain_edit([](json& c) { c[0]["gamma"] = 1; }), "does not know");
        reject(chain_edit([](json& c) { c[0]["beta1"] = "0.9"; }), "beta1");
        reject(chain_edit([](json& c) { c[0]["beta1"] = "nan"; }), "out of range");
        reject(chain_edit([](json& c) { c[0]["eps"] = -1; }), "out of range");
        reject(chain_edit([](json& c) { c[0]["debias"] = 1; }), "debias");
        reject(chain_edit([](json& c) { c[0]["eps_at"] = "pytorch"; }), "eps_at");
        reject(chain_edit([](json& c) { c[0]["eps_at"] = 0; }), "eps_at");
        reject(chain_edit([](json& c) { c[2]["mode"] = "everything"; }), "mode");
        reject(chain_edit([](json& c) { c[2]["normalize"] = "unnormalized"; }), "normalize");
    }
    SECTION("tensor entry mutations") {
        auto const tensor_names = [&] {
            std::vector<std::string> names;
            for (auto const& [key, value] : base.header.items())
                if (key != "__metadata__") names.push_back(key);
            return names;
        }();
        REQUIRE(tensor_names.size() == 4);
        for (auto const& name : tensor_names) {
            auto const mutated = [&](auto&& edit) {
                pieces f = base;
                edit(f.header[name]);
                return f.file();
            };
            auto const offsets = base.header[name]["data_offsets"].get<std::vector<std::uint64_t>>();
            std::uint64_t const begin = offsets[0], end = offsets[1];
            reject(mutated([](json& t) { t = "tensor"; }), name);
            reject(mutated([](json& t) { t["dtype"] = "F64"; }), name);
            reject(mutated([](json& t) { t["dtype"] = "I8"; }), name);
            reject(mutated([](json& t) { t.erase("shape"); }), name);
            reject(mutated([](json& t) { t["shape"] = json::array(); }), name);
            reject(mutated([](json& t) { t["shape"] = json::parse("[60]"); }), name);
            reject(mutated([](json& t) { t["shape"] = json::parse("[-1]"); }), name);
            reject(mutated([](json& t) { t["extra"] = 0; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {end, begin}; }));
            reject(mutated([&](json& t) { t["data_offsets"] = {begin}; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {begin, end, end}; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {begin + 4, end + 4}; }));  // overlap or out of range
            reject(mutated([&](json& t) { t["data_offsets"] = {begin + 4, end}; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {begin, end + 4}; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {-1, end}; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {double(begin), double(end)}; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {~std::uint64_t(0) - 3, 1}; }), name);
            reject(mutated([&](json& t) { t["data_offsets"] = {base.data.size(), base.data.size() + end - begin}; }));
            {  // two tensors on the same bytes
                pieces f = base;
                f.header[name]["data_offsets"] =
                    base.header[tensor_names[0] == name ? tensor_names[1] : tensor_names[0]]["data_offsets"];
                reject(f.file());
            }
            {  // missing, renamed
                pieces f = base;
                f.header.erase(name);
                reject(f.file());
                f.header[name + "x"] = base.header[name];
                reject(f.file(), name);
            }
        }
        pieces f = base;
        f.header["extra"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {0, 0}}};
        reject(f.file(), "tensors");
    }
    SECTION("hundreds of seeded breaker bytes inserted into the header") {
        std::string const text = good.substr(8, n);
        // None of these can turn a checkpoint into another valid one: each breaks the JSON, a
        // string (a name, a dtype, an escape) or the padding.
        char const breakers[] = {'{', '}', '[', ']', ',', ':', '"', '\\', '\0', '\xff'};
        std::mt19937 rng(2024);
        for (int i = 0; i < 400; ++i) {
            std::string t = text;
            for (int e = 0, edits = 1 + int(rng() % 3); e < edits; ++e) {
                std::size_t const at = rng() % t.size();
                char const c = breakers[rng() % sizeof breakers];
                if (rng() % 4 == 0 && t[at] != c) t[at] = c;  // overwrite
                else t.insert(at, 1, c);                      // insert
            }
            INFO("mutation " << i << ": " << t);
            reject(pieces::assemble(t, base.data));
        }
    }
    CHECK(files > 0);
}

TEST_CASE("checkpoint: files: missing, a directory, too large, unwritable", "[checkpoint]") {
    small_run r;
    temporary_directory dir;
    snapshot const before(r.opt);
    CHECK_THROWS_AS(load(r.opt, dir.path / "missing.safetensors"), error);
    CHECK_THROWS_AS(load(r.opt, dir.path), error);
    {
        std::ofstream(dir.path / "huge.safetensors").put('x');
        fs::resize_file(dir.path / "huge.safetensors", std::uintmax_t(1) << 32);  // sparse: costs no disk
        CHECK_THROWS_WITH(load(r.opt, dir.path / "huge.safetensors"), Catch::Contains("more than any checkpoint"));
    }
    CHECK(snapshot(r.opt) == before);
    CHECK_THROWS_AS(save(r.opt, dir.path / "no" / "such" / "dir" / "f.safetensors"), error);

    save(r.opt, dir.path / "ok.safetensors");
    std::ifstream in(dir.path / "ok.safetensors", std::ios::binary);
    std::string const bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes == r.file);
    for (auto const& entry : fs::directory_iterator(dir.path))  // no temporary left behind
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("checkpoint: a writer killed mid-save leaves the previous file whole", "[checkpoint][crash]") {
    temporary_directory dir;
    auto const path = dir.path / "optimizer.safetensors";
    tzero_test::tensor_list<float> p({{256, 256}, {1000}});  // ~0.5 MB a file: writes take a while
    p.fill_normal(3);
    optimizer opt(adam() | lr(0.1), p.views());
    save(opt, path);
    snapshot const saved(opt);

    bool progressed = false;  // a child got at least one save done before it was killed
    for (int round = 0; round < 5; ++round) {
        pid_t const child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {  // save different states until killed; no Catch in here
            for (long i = 1;; ++i) {
                opt.set_steps(i);
                try {
                    save(opt, path);
                } catch (...) {
                    ::_exit(1);
                }
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + 17 * round));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        REQUIRE(WIFSIGNALED(status));

        tzero_test::tensor_list<float> q(p.shapes);
        optimizer fresh(adam() | lr(0.1), q.views());
        REQUIRE_NOTHROW(load(fresh, path));  // whole: the old one or a new one, never a torn one
        CHECK(snapshot(fresh).state == saved.state);
        progressed |= fresh.steps() > 0;
    }
    CHECK(progressed);
}
