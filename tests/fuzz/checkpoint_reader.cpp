// libFuzzer target for the checkpoint reader (tests/fuzz/check.cmake builds and runs it with
// clang's -fsanitize=fuzzer,address,undefined). Every input is loaded into three optimizers of
// different chains, and each load must end one of two ways:
//   - refused with tzero::error, the optimizer bitwise unchanged (its state, step counts,
//     hyperparameters and parameters, compared through a full checkpoint of it);
//   - accepted, and then canonical: a re-save, loaded into a twin, re-saves byte for byte; and an
//     input already in tzero's canonical form (its header as tzero writes it, padding aside) is
//     what the re-save writes.
// Anything else aborts, which libFuzzer reports with the input. With TZERO_FUZZ_SEEDS=<dir> set,
// the target first writes its seed corpus there: valid checkpoints of each chain, with and
// without parameters.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

namespace tz = tzero;

namespace {

[[noreturn]] void violated(char const* what) {
    std::fprintf(stderr, "tzero fuzz: invariant violated: %s\n", what);
    std::abort();
}

/// The header text without its padding, and the data: a checkpoint's content, padding aside.
std::pair<std::string, std::string> content(std::string_view file) {
    std::uint64_t const n = tz::detail::checkpoint::read_u64_le(file);
    std::string_view text = file.substr(8, n);
    text = text.substr(0, text.find_last_not_of(' ') + 1);
    return {std::string(text), std::string(file.substr(8 + n))};
}

/// `file`'s content as tzero would write it with writer version `version`, when `file` is already
/// in that form but for the version (the writer's, which load accepts from any tzero): its header,
/// and the JSON documents inside its chain and parameters strings, re-dump to themselves (`-0` is
/// not canonical, `0` is). Else empty.
std::string canonical(std::string_view file, std::string const& version) {
    auto const [text, data] = content(file);
    namespace json = tz::detail::json;
    json::value header;
    if (json::parse(text, 64, header) != json::parse_status::ok || header.dump() != text) return {};
    for (auto& m : header.items)
        if (m.key == "__metadata__")
            for (auto& entry : m.items) {
                if (entry.key == "includes_parameters") return {};
                if (entry.key == "tzero_version") entry.text = version;
                json::value nested;  // the chain and the shapes are JSON documents in strings
                if ((entry.key == "chain" || entry.key == "parameters") &&
                    (json::parse(entry.text, 64, nested) != json::parse_status::ok || nested.dump() != entry.text))
                    return {};
            }
    return header.dump() + data;
}

/// The writer version in a checkpoint tzero wrote.
std::string version_of(std::string_view file) {
    namespace json = tz::detail::json;
    json::value header;
    (void)json::parse(content(file).first, 64, header);
    return header["__metadata__"]["tzero_version"].text;
}

template <class Chain>
struct fixture {
    Chain chain;
    std::vector<std::vector<float>> values;
    std::vector<std::vector<std::size_t>> shapes;
    tz::optimizer<tz::as_chain_t<Chain>, float> opt;

    fixture(Chain c, std::vector<std::vector<std::size_t>> s) : chain(c), values(make(s)), shapes(s), opt(c, views()) {
        std::vector<std::vector<float>> grads = values;
        for (int step = 1; step <= 3; ++step) {
            for (auto& g : grads)
                for (std::size_t k = 0; k < g.size(); ++k) g[k] = float((k * 7 + step * 3) % 11) / 5.0f - 1.0f;
            std::vector<tz::tensor_view<float const>> gv;
            for (std::size_t i = 0; i < grads.size(); ++i) gv.emplace_back(grads[i].data(), shapes[i]);
            opt.step(gv);
        }
    }
    static std::vector<std::vector<float>> make(std::vector<std::vector<std::size_t>> const& s) {
        std::vector<std::vector<float>> v;
        for (auto const& shape : s) {
            std::size_t n = 1;
            for (auto d : shape) n *= d;
            v.emplace_back(n, 0.5f);
        }
        return v;
    }
    std::vector<tz::tensor_view<float>> views() {
        std::vector<tz::tensor_view<float>> v;
        for (std::size_t i = 0; i < values.size(); ++i) v.emplace_back(values[i].data(), shapes[i]);
        return v;
    }

    void check(std::string_view bytes) {
        std::string const before = tz::to_checkpoint(opt, {.parameters = true});
        try {
            tz::from_checkpoint(opt, bytes);
        } catch (tz::error const&) {
            if (tz::to_checkpoint(opt, {.parameters = true}) != before)
                violated("a refused load changed the optimizer");
            return;
        }
        std::string const saved = tz::to_checkpoint(opt);
        fixture twin(chain, shapes);
        try {
            tz::from_checkpoint(twin.opt, saved);
        } catch (tz::error const&) {
            violated("the re-save of an accepted file is refused");
        }
        if (tz::to_checkpoint(twin.opt) != saved)
            violated("the re-save of an accepted file does not re-save as itself");
        auto const [saved_text, saved_data] = content(saved);
        if (std::string const form = canonical(bytes, version_of(saved));
            !form.empty() && form != saved_text + saved_data)
            violated("a canonical file does not re-save as itself");
        tz::from_checkpoint(opt, before, {.parameters = true});  // back to the fixture's state
    }
    void seeds(std::string const& dir, char const* name) {
        std::ofstream(dir + "/" + name + ".safetensors", std::ios::binary) << tz::to_checkpoint(opt);
        std::ofstream(dir + "/" + name + "-parameters.safetensors", std::ios::binary)
            << tz::to_checkpoint(opt, {.parameters = true});
    }
};

// Three chains: elementwise state (the seed chain), a per-slice reduction whose dims load must
// check against the shapes, and a reduce module with persistent scalars (a norm of the last step).
auto& seed() {
    static fixture f(tz::clip_value(1) | tz::adam() | tz::lr(0.1) | tz::cautious() | tz::weight_decay(1e-4),
                     {{3, 4}, {5}});
    return f;
}
auto& sliced() {
    // spelled with its type: clang 16 has no aggregate deduction (gcc deduces clip_norm(1.0, ...))
    using clip_rows = tz::clip_norm<decltype(tz::per_slice(-1))>;
    static fixture f(clip_rows{1.0, tz::per_slice(-1)} | tz::heavy_ball() | tz::lr(0.1), {{2, 3}, {4}});
    return f;
}
auto& scalars() {
    static fixture f(tz::clip_norm_growth() | tz::rmsprop() | tz::lr(0.1), {{6}, {0}, {2, 2}});
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (char const* dir = std::getenv("TZERO_FUZZ_SEEDS")) {
        seed().seeds(dir, "seed");
        sliced().seeds(dir, "sliced");
        scalars().seeds(dir, "scalars");
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const bytes(reinterpret_cast<char const*>(data), size);
    seed().check(bytes);
    sliced().check(bytes);
    scalars().check(bytes);
    return 0;
}
