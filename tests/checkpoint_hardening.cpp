// Hardening: what an adversarial pass found, each case failing before its fix. save follows no
// planted name and keeps permissions; step counts stop short of overflow; the JSON reader refuses
// what another reader would see differently (bytes after a NUL, a key twice, a name with a NUL
// inside); load refuses what the next step would; parameters that share memory, shapes that
// overflow and a loss checked before the gradients' count.
#include <catch2/catch.hpp>

#include <climits>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "checkpoint_support.hpp"
#include "support.hpp"

namespace {

std::string read_all(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

::mode_t mode_of(fs::path const& path) {
    struct ::stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

/// `file` with the first `from` in its header text replaced by `to` (the length fixed up).
std::string header_replaced(std::string const& file, std::string const& from, std::string const& to) {
    std::uint64_t const n = detail::checkpoint::read_u64_le(file);
    std::string text = file.substr(8, n);
    auto const at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return pieces::assemble(text, file.substr(8 + n));
}

}  // namespace

TEST_CASE("hardening: save never follows a planted temporary name", "[checkpoint][hardening]") {
    small_run r;
    temporary_directory dir;
    auto const path = dir.path / "optimizer.safetensors";
    auto const victim = dir.path / "victim";
    std::ofstream(victim) << "precious";
    // the names a predictable scheme (<path>.tmp-<pid>-<counter>) would open, each a link to the victim
    for (int k = 0; k < 64; ++k)
        fs::create_symlink(victim, path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(k));
    save(r.opt, path);
    save(r.opt, path);
    CHECK(read_all(victim) == "precious");
    CHECK(fs::is_regular_file(fs::symlink_status(path)));
    CHECK(read_all(path) == r.file);
}

TEST_CASE("hardening: save keeps the replaced file's permissions", "[checkpoint][hardening]") {
    small_run r;
    temporary_directory dir;
    auto const path = dir.path / "optimizer.safetensors";
    ::mode_t const old_mask = ::umask(022);
    save(r.opt, path);
    CHECK(mode_of(path) == 0644);  // a new file: 0666 less the umask, as any file the process creates
    ::umask(077);
    fs::remove(path);
    save(r.opt, path);
    CHECK(mode_of(path) == 0600);
    ::umask(022);
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    save(r.opt, path);
    CHECK(mode_of(path) == 0600);  // a private checkpoint stays private
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    save(r.opt, path);
    CHECK(mode_of(path) == 0640);
    ::umask(old_mask);
}

TEST_CASE("hardening: save through a symbolic link writes the file it leads to", "[checkpoint][hardening]") {
    small_run r;
    temporary_directory dir;
    auto const target = dir.path / "real.safetensors", link = dir.path / "latest.safetensors";
    std::ofstream(target) << "old";
    fs::create_symlink(target.filename(), link);  // relative, as `ln -s real latest` makes it
    save(r.opt, link);
    CHECK(fs::is_symlink(link));
    CHECK(read_all(target) == r.file);
    REQUIRE_NOTHROW(load(r.opt, link));

    auto const dangling = dir.path / "dangling.safetensors";
    fs::create_symlink(dir.path / "nowhere" / "file", dangling);
    CHECK_THROWS_WITH(save(r.opt, dangling), Catch::Contains("cannot follow the symbolic link"));
    CHECK(fs::is_symlink(dangling));
    for (auto const& entry : fs::directory_iterator(dir.path))  // no temporary left behind
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
}

TEST_CASE("hardening: step counts stop short of overflow", "[checkpoint][hardening]") {
    small_run r;
    snapshot const before(r.opt);
    CHECK_THROWS_WITH(r.opt.set_steps(LONG_MAX), Catch::Contains("below 9223372036854775807"));
    CHECK_THROWS_WITH(r.opt.set_steps(5, LONG_MAX), Catch::Contains("below 9223372036854775807"));
    CHECK(snapshot(r.opt) == before);

    r.opt.set_steps(LONG_MAX - 1);
    tzero_test::tensor_list<float> g(r.params.shapes);
    g.fill_normal(4);
    CHECK(r.opt.step(g.const_views()));
    CHECK(r.opt.steps() == LONG_MAX);
    CHECK_THROWS_WITH(r.opt.step(g.const_views()), Catch::Contains("at their limit"));
    CHECK(r.opt.steps() == LONG_MAX);

    small_run fresh;
    refused(fresh.opt, header_replaced(fresh.file, "\"steps\":\"3\"", "\"steps\":\"9223372036854775807\""),
            "below 9223372036854775807");
    refused(fresh.opt,
            header_replaced(fresh.file, "\"skipped_steps\":\"0\"", "\"skipped_steps\":\"9223372036854775807\""),
            "skipped_steps");
    from_checkpoint(fresh.opt, header_replaced(fresh.file, "\"steps\":\"3\"", "\"steps\":\"9223372036854775806\""));
    CHECK(fresh.opt.steps() == LONG_MAX - 1);
}

TEST_CASE("hardening: the JSON reader refuses what another reader would see differently", "[checkpoint][hardening]") {
    small_run r;
    std::uint64_t const n = detail::checkpoint::read_u64_le(r.file);
    std::string const text = r.file.substr(8, n), data = r.file.substr(8 + n);
    auto const trimmed = text.substr(0, text.find_last_not_of(' ') + 1);  // without the writer's padding

    // padding: spaces only, as the safetensors format has it
    REQUIRE_NOTHROW(from_checkpoint(r.opt, pieces::assemble(trimmed + std::string(13, ' '), data)));
    for (std::string const& tail : {std::string("\0", 1) + "{\"hidden\": 1}", std::string("\0", 1), std::string("\n"),
                                    std::string(" x"), std::string("\t")})
        refused(r.opt, pieces::assemble(trimmed + tail, data), "more than spaces after it");

    // a key twice: refused wherever it is (nlohmann and Python's json would take the later one)
    refused(r.opt, header_replaced(r.file, "\"steps\":\"3\"", "\"steps\":\"3\",\"steps\":\"999\""), "a key twice");
    refused(r.opt, header_replaced(r.file, "\"__metadata__\":{", "\"__metadata__\":{\"dtype\":\"F32\","),
            "a key twice");

    // a NUL inside a string is part of it: not the name before it, not the end of a nested document
    optimizer<as_chain_t<decltype(clip_norm(1.0, per_tensor, 1, metric("std")) | lr(0.1))>, float> by_name(
        clip_norm(1.0, per_tensor, 1, metric("std")) | lr(0.1), r.params.views());
    std::string const named = to_checkpoint(by_name);
    REQUIRE_NOTHROW(from_checkpoint(by_name, named));
    refused(by_name, header_replaced(named, "\\\"std\\\"", "\\\"std\\\\u0000anything\\\""), "ord");
    refused(r.opt, header_replaced(r.file, "\"chain\":\"[", "\"chain\":\"[] \\u0000 ["));
    refused(r.opt, header_replaced(r.file, "\"parameters\":\"[[3,4],[5]]", "\"parameters\":\"[[3,4],[5]]\\u0000"));
}

TEST_CASE("hardening: splices of two checkpoints and numbers written as strings", "[checkpoint][hardening]") {
    small_run r;  // adam | lr | cautious on shapes (3, 4), (5)
    tzero_test::tensor_list<float> p(r.params.shapes);
    p.fill_normal(3);
    optimizer other(rmsprop{} | lr(0.1) | cautious(normalized), p.views());  // another chain, same shapes
    std::string const foreign = to_checkpoint(other);
    pieces const mine(r.file), theirs(foreign);
    // one file's header with the other's data, and one's metadata with the other's tensors
    refused(r.opt, pieces::assemble(mine.header.dump(), theirs.data));
    refused(r.opt, pieces::assemble(theirs.header.dump(), mine.data));
    pieces spliced = mine;
    spliced.header["__metadata__"] = theirs.header["__metadata__"];
    refused(r.opt, spliced.file(), "module 0");
    spliced = theirs;
    spliced.header["__metadata__"] = mine.header["__metadata__"];
    refused(r.opt, spliced.file());

    // numbers as strings, in the chain, a shape and the data offsets
    refused(r.opt, header_replaced(r.file, "\\\"lr\\\":0.1", "\\\"lr\\\":\\\"0.1\\\""), "hyperparameter \"lr\"");
    pieces f = mine;
    auto& tensor = f.header["0.adam.slot0.param0"];
    tensor["shape"] = json::parse(R"(["3", 4])");
    refused(r.opt, f.file(), "shape");
    f = mine;
    f.header["0.adam.slot0.param0"]["data_offsets"][1] =
        std::to_string(f.header["0.adam.slot0.param0"]["data_offsets"][1].get<std::uint64_t>());
    refused(r.opt, f.file(), "data_offsets");
}

TEST_CASE("hardening: load refuses a chain the next step would refuse", "[checkpoint][hardening]") {
    tzero_test::tensor_list<float> p({{4, 6}, {5}});
    p.fill_normal(2);
    optimizer opt(clip_norm(1.0, per_slice(-1)) | lr(0.1), p.views());
    std::string const file = to_checkpoint(opt);
    REQUIRE_NOTHROW(from_checkpoint(opt, file));
    std::string const bad = header_replaced(file, "[-1]", "[-7]");
    refused(opt, bad, "out of range");
    // with the optimizer's own hyperparameters kept, the file's dims are never used: it loads
    REQUIRE_NOTHROW(from_checkpoint(opt, bad, load_options{.hyperparameters = false}));

    // checked at the file's next step: a float schedule at 0.1, 1e9, 1e19, 1e29, then 1e39 (step 5)
    std::vector<float> w(4, 1.0f), g(4, 0.5f);
    optimizer scheduled(adam() | lr(exponential_decay{.lr = 0.1, .gamma = 1e10}),
                        std::vector<tensor_view<float>>{{w.data(), {4}}});
    std::vector<tensor_view<float const>> const grads{{g.data(), {4}}};
    for (int k = 0; k < 3; ++k) REQUIRE(scheduled.step(grads));
    std::string const at3 = to_checkpoint(scheduled);
    REQUIRE_NOTHROW(from_checkpoint(scheduled, at3));
    refused(scheduled, header_replaced(at3, "\"steps\":\"3\"", "\"steps\":\"4\""), "is infinite in float");
}

TEST_CASE("hardening: parameters that share memory or cannot be counted are refused", "[optimizer][hardening]") {
    std::vector<float> buffer(20, 1.0f);
    auto const build = [&](std::vector<tensor_view<float>> params) { optimizer opt(adam() | lr(0.1), params); };
    CHECK_THROWS_WITH(build({{buffer.data(), {10}}, {buffer.data(), {10}}}),
                      Catch::Contains("parameters 0 and 1 share memory"));
    CHECK_THROWS_WITH(build({{buffer.data() + 12, {8}}, {buffer.data(), {4}}, {buffer.data() + 3, {2, 3}}}),
                      Catch::Contains("parameters 1 and 2 share memory"));
    CHECK_NOTHROW(build({{buffer.data(), {10}}, {buffer.data() + 10, {2, 5}}, {buffer.data(), {0}}}));
    CHECK_THROWS_WITH(build({{buffer.data(), {(std::size_t(1) << 63) + 1, 2}}}),
                      Catch::Contains("more elements than memory can hold"));
    CHECK_THROWS_WITH(build({{buffer.data(), {std::size_t(1) << 62, 2}}}),
                      Catch::Contains("more elements than memory can hold"));
    CHECK_THROWS_WITH(build({{nullptr, {3}}}), Catch::Contains("has no data"));
}

TEST_CASE("hardening: an empty parameter without data saves and loads", "[checkpoint][hardening]") {
    std::vector<float> w(6, 0.5f);
    optimizer opt(adam() | lr(0.1), std::vector<tensor_view<float>>{{w.data(), {6}}, {nullptr, {0}}});
    std::vector<float> g(6, 0.25f);
    opt.step(std::vector<tensor_view<float const>>{{g.data(), {6}}, {nullptr, {0}}});
    std::string const file = to_checkpoint(opt, {.parameters = true});
    optimizer fresh(adam() | lr(0.1), std::vector<tensor_view<float>>{{w.data(), {6}}, {nullptr, {0}}});
    from_checkpoint(fresh, file, {.parameters = true});  // no memcpy to a null pointer (UBSan)
    CHECK(fresh.steps() == 1);
}

TEST_CASE("hardening: the gradients' count is checked before the loss", "[optimizer][hardening]") {
    std::vector<float> w(4, 1.0f);
    optimizer opt(div_by_loss() | lr(0.1), std::vector<tensor_view<float>>{{w.data(), {4}}},
                  optimizer_options{.on_nonfinite = nonfinite::skip});
    CHECK_THROWS_WITH(opt.step(std::span<tensor_view<float const> const>{}, std::nan("")),
                      Catch::Contains("got 0 gradients for 1 parameters"));
    CHECK(opt.skipped_steps() == 0);
}

TEST_CASE("hardening: hyperparameters that would make parameters non-finite", "[optimizer][hardening]") {
    CHECK_THROWS_WITH(adam{.alpha = INFINITY} | lr(0.1), Catch::Contains("alpha must be a finite number"));

    // checked in the element type: float holds neither 1e-46 (0) nor 1e39 (infinite)
    std::vector<float> wf(4, 1.0f), gf(4, 0.5f);
    std::vector<tensor_view<float>> const pf{{wf.data(), {4}}};
    CHECK_THROWS_WITH(optimizer(adam{.eps = 1e-46} | lr(0.1), pf),
                      Catch::Contains("tzero: adam: eps = 1e-46 is 0 in float"));
    CHECK_THROWS_WITH(optimizer(adam() | lr(1e39), pf), Catch::Contains("tzero: lr: lr = 1e+39 is infinite in float"));
    std::vector<double> wd(4, 1.0);
    CHECK_NOTHROW(optimizer(adam{.eps = 1e-46} | lr(1e39), std::vector<tensor_view<double>>{{wd.data(), {4}}}));
    // "no bound" and saturating numbers stay accepted
    CHECK_NOTHROW(optimizer(clip_value(INFINITY) | nan_to_num{.nan = 1e300} | lr(0.1), pf));
    {
        optimizer opt(adam() | lr(0.1), pf);
        std::vector<tensor_view<float const>> const grads{{gf.data(), {4}}};
        REQUIRE(opt.step(grads));
        opt.chain().get<lr>().lr = 1e39;  // changed between steps: the next step refuses it
        auto const before = wf;
        CHECK_THROWS_WITH(opt.step(grads), Catch::Contains("is infinite in float"));
        CHECK(wf == before);
        CHECK(opt.steps() == 1);
    }
    {
        // a schedule's value at each step, in float: 0.1, 1e9, 1e19, 1e29, then 1e39 at step 5
        optimizer opt(adam() | lr(exponential_decay{.lr = 0.1, .gamma = 1e10}), pf);
        std::vector<tensor_view<float const>> const grads{{gf.data(), {4}}};
        for (int k = 0; k < 4; ++k) REQUIRE(opt.step(grads));
        CHECK_THROWS_WITH(opt.step(grads), Catch::Contains("tzero: lr: lr = 1.0000000000000001e+39 is infinite"));
        CHECK(opt.steps() == 4);
    }

    // double parameters: lr reaches 1e99, 1e199, 1e299 (finite), then infinity at step 5
    std::vector<double> w(4, 1.0), g(4, 0.5);
    optimizer opt(adam() | lr(exponential_decay{.lr = 0.1, .gamma = 1e100}),
                  std::vector<tensor_view<double>>{{w.data(), {4}}});
    std::vector<tensor_view<double const>> const grads{{g.data(), {4}}};
    for (int k = 0; k < 4; ++k) REQUIRE(opt.step(grads));
    auto const before = w;
    snapshot const kept(opt);
    CHECK_THROWS_WITH(opt.step(grads), Catch::Contains("exponential_decay: its value at step 5 is inf"));
    CHECK(w == before);
    CHECK(snapshot(opt) == kept);
}
