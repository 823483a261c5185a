// What the checkpoint tests share: a temporary directory, a snapshot of everything `load` may
// change, a checkpoint taken apart and put back together, and `refused`, which checks that a file
// is refused with tzero::error and changes nothing.
#pragma once
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using nlohmann::json;
namespace fs = std::filesystem;

namespace checkpoint_test {

/// A fresh directory under the system's temporary one, removed at the end of the test.
struct temporary_directory {
    fs::path path;
    temporary_directory() {
        static int counter = 0;
        path = fs::temp_directory_path() /
               ("tzero-checkpoint-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~temporary_directory() { fs::remove_all(path); }
};

/// Everything `load` may change, to check that a refused load changed none of it.
template <class Opt>
struct snapshot {
    std::vector<std::vector<typename Opt::value_type>> state;
    long steps, skipped;
    std::string chain;

    explicit snapshot(Opt const& opt) : steps(opt.steps()), skipped(opt.skipped_steps()), chain(describe(opt.chain())) {
        for (int s = 0; s < Opt::plan::state_slots; ++s)
            for (std::size_t i = 0; i < opt.parameters().size(); ++i) {
                auto const v = opt.state(s, i);
                state.emplace_back(v.begin(), v.end());
            }
    }
    bool operator==(snapshot const&) const = default;
};

/// The header and data of a checkpoint, to mutate and put back together.
struct pieces {
    json header;
    std::string data;

    explicit pieces(std::string const& file) {
        std::uint64_t const n = detail::checkpoint::read_u64_le(file);
        header = json::parse(file.substr(8, n));
        data = file.substr(8 + n);
    }
    std::string file() const { return assemble(header.dump(), data); }
    static std::string assemble(std::string const& text, std::string const& data) {
        std::string out(8, '\0');
        for (int i = 0; i < 8; ++i) out[std::size_t(i)] = char(std::uint64_t(text.size()) >> (8 * i) & 0xff);
        return out + text + data;
    }
};

inline std::string with_length(std::string file, std::uint64_t n) {
    for (int i = 0; i < 8; ++i) file[std::size_t(i)] = char(n >> (8 * i) & 0xff);
    return file;
}

/// `opt` refuses `bytes` with tzero::error (whose message holds `says`) and is unchanged.
template <class Opt>
void refused(Opt& opt, std::string const& bytes, std::string const& says = "") {
    snapshot<Opt> const before(opt);
    try {
        from_checkpoint(opt, bytes);
        FAIL("accepted");
    } catch (error const& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find(says) != std::string::npos);
    }
    REQUIRE(snapshot<Opt>(opt) == before);
}

inline auto seed_chain() { return adam() | heavy_ball() | lr(0.01) | cautious(normalized) | weight_decay(1e-3); }

inline std::vector<std::vector<std::size_t>> const shapes = {{37, 5}, {129}, {3, 4, 5}, {1}};

/// `tzero_test::run_steps`, with the learning rate changed at step 20 (a schedule the checkpoint
/// must carry).
template <class Opt, class T>
void run(Opt& opt, tzero_test::tensor_list<T>& params, int from, int to) {
    tzero_test::run_steps(opt, params, from, to, [&](int step) {
        if (step == 20) opt.chain().template get<lr<>>().lr = 0.005;
    });
}

inline optimizer_options const small_chunks{.chunk_size = 64, .parallel_threshold = 0};

/// A small optimizer that has taken a few steps (non-zero state), for the hostile files.
struct small_run {
    tzero_test::tensor_list<float> params{{{3, 4}, {5}}};
    optimizer<as_chain_t<decltype(adam() | lr(0.1) | cautious(normalized))>, float> opt{
        adam() | lr(0.1) | cautious(normalized), params.views()};
    std::string file;
    small_run() {
        params.fill_normal(1);
        run(opt, params, 0, 3);
        file = to_checkpoint(opt);
    }
};

}  // namespace checkpoint_test
using namespace checkpoint_test;
