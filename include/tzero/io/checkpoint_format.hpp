/// @file tzero/io/checkpoint_format.hpp
/// What a tzero checkpoint holds inside the safetensors layout, on plain data: the state tensors
/// of a chain's modules (their names, shapes and file order) and the `__metadata__` strings
/// (format, version, dtype, step counts, parameter shapes, the chain as JSON), written and checked
/// here once for every chain; only the walk over a chain's modules and hyperparameters is a
/// template (io/hyperparameter_walk.hpp), and tzero/checkpoint.hpp's glue. The functions that
/// glue calls are `[[gnu::noinline]]`, so that they are compiled once per translation unit and
/// not again into each chain's code.
#pragma once
#include <algorithm>
#include <array>
#include <charconv>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <tzero/core/config.hpp>
#include <tzero/io/error.hpp>
#include <tzero/io/hyperparameter_walk.hpp>
#include <tzero/io/hyperparameters_json.hpp>
#include <tzero/io/json.hpp>
#include <tzero/io/safetensors.hpp>

namespace tzero::detail::checkpoint {

inline constexpr char const* format = "tzero.checkpoint.v1";

/// A dtype's name in the file, by element size.
inline char const* dtype_name(std::size_t element_size) { return element_size == 4 ? "F32" : "F64"; }

/// What the file needs to know of one module of a chain.
struct module_state {
    char const* name;
    int state_slots;  ///< its slot buffers are the optimizer's slots [slot_offset, slot_offset + state_slots)
    int slot_offset;
    int reduce_slots;  ///< its persistent scalars are [reduce_slot_offset, + reduce_slots) of a reduce-state row
    int reduce_slot_offset;
    bool global;  ///< one row of scalars for all tensors, not one per tensor
};

/// An optimizer as the file sees it, in plain data: its element size, parameter shapes and
/// modules, and where its state lies (load writes through these pointers).
struct state_view {
    std::size_t element_size;
    std::vector<std::vector<std::size_t>> shapes;
    std::vector<module_state> modules;
    std::vector<std::span<std::byte>> slots;  ///< slot s of parameter i at [s · parameters + i]
    std::vector<double*> reduce_rows;         ///< each parameter's row of reduce-module scalars
    long steps, skipped;
    /// The parameters' bytes, when they are saved or loaded with the state (empty otherwise).
    std::vector<std::span<std::byte>> parameters{};
    /// A dense stage's state (core/dense.hpp): its module's index (−1: none) and its doubles.
    int dense_module = -1;
    std::span<std::byte> dense{};
    std::vector<std::size_t> dense_shape{};
};

/// `state_tensor::slot` of a dense stage's state, one F64 tensor `"<module>.<name>.dense"`.
inline constexpr int dense_slot = -2;

/// The state tensors in file order: the reduce modules' scalars first (8 bytes each, so every
/// tensor stays aligned to its element size), a dense stage's state, then the slot buffers.
inline std::vector<state_tensor> state_tensors(state_view const& state, bool with_parameters) {
    std::vector<state_tensor> tensors;
    std::size_t const params = state.shapes.size();
    for (std::size_t m = 0; m < state.modules.size(); ++m) {
        module_state const& s = state.modules[m];
        for (int k = 0; k < s.reduce_slots; ++k)
            for (std::size_t i = 0; i < (s.global ? 1 : params); ++i)
                tensors.push_back({s.global ? cat({m, ".", s.name, ".scalar", k, ".global"})
                                            : cat({m, ".", s.name, ".scalar", k, ".param", i}),
                                   s.reduce_slot_offset + k,
                                   i,
                                   true,
                                   "F64",
                                   {},
                                   sizeof(double)});
    }
    if (state.dense_module >= 0) {  // doubles too: after the scalars, before the slots
        std::size_t const m = std::size_t(state.dense_module);
        tensors.push_back({cat({m, ".", state.modules[m].name, ".dense"}), dense_slot, 0, false, "F64",
                           state.dense_shape, state.dense.size()});
    }
    for (std::size_t m = 0; m < state.modules.size(); ++m) {
        module_state const& s = state.modules[m];
        for (int k = 0; k < s.state_slots; ++k)
            for (std::size_t i = 0; i < params; ++i)
                tensors.push_back({cat({m, ".", s.name, ".slot", k, ".param", i}), s.slot_offset + k, i, false,
                                   dtype_name(state.element_size), state.shapes[i],
                                   state.slots[std::size_t(s.slot_offset + k) * params + i].size()});
    }
    if (with_parameters)
        for (std::size_t i = 0; i < params; ++i) {
            std::uint64_t bytes = state.element_size;
            for (std::size_t d : state.shapes[i]) bytes *= d;
            tensors.push_back({cat({"parameters.param", i}), parameter_slot, i, false, dtype_name(state.element_size),
                               state.shapes[i], bytes});
        }
    return tensors;
}

/// Where tensor `t`'s bytes lie in the optimizer.
inline std::span<std::byte> bytes_of(state_view const& state, state_tensor const& t) {
    if (t.slot == parameter_slot) return state.parameters[t.param];
    if (t.slot == dense_slot) return state.dense;
    if (t.scalar) return std::as_writable_bytes(std::span(state.reduce_rows[t.param] + t.slot, 1));
    return state.slots[std::size_t(t.slot) * state.shapes.size() + t.param];
}

/// The file: the metadata, then every state tensor.
[[gnu::noinline]] inline std::string write_checkpoint(state_view const& state, std::string const& chain) {
    auto const tensors = state_tensors(state, !state.parameters.empty());
    json::value parameters;
    parameters.set_array();
    for (auto const& shape : state.shapes) parameters.append().set_sizes(shape);
    json::value header;
    json::value& metadata = header.set_object().member("__metadata__").set_object();
    metadata.member("format").set_string(format);
    metadata.member("tzero_version")
        .set_string(cat({TZERO_VERSION_MAJOR, ".", TZERO_VERSION_MINOR, ".", TZERO_VERSION_PATCH}));
    metadata.member("dtype").set_string(dtype_name(state.element_size));
    metadata.member("steps").set_string(cat({state.steps}));
    metadata.member("skipped_steps").set_string(cat({state.skipped}));
    metadata.member("parameters").set_string(parameters.dump());
    metadata.member("chain").set_string(chain);
    if (!state.parameters.empty()) metadata.member("includes_parameters").set_string("true");
    std::string file = write_safetensors(std::move(header), tensors);
    for (auto const& t : tensors) {
        auto const bytes = bytes_of(state, t);
        file.append(reinterpret_cast<char const*>(bytes.data()), bytes.size());
    }
    return file;
}

/// A non-negative decimal integer, the whole string, below `LONG_MAX` (so that the optimizer can
/// count its next step, as `set_steps` requires).
inline long parse_count(json::value const& metadata, char const* key) {
    std::string const& text = metadata[key].text;
    long value = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0 || value == LONG_MAX || text.empty() ||
        text[0] == '-')
        fail(cat({"metadata \"", key, "\" must be a non-negative integer below ", LONG_MAX, ", got \"", text, "\""}));
    return value;
}

/// Checks `bytes` against `state` and the chain `chain` refers to (which takes the file's
/// hyperparameters), then copies the state tensors into `state` and returns the step counts
/// (`state.steps`, `state.skipped`). Nothing is written unless every check passes:
/// the metadata (exactly its keys, all strings; the format, the dtype, the shapes), the chain
/// (then `check_chain(steps + 1)`, which throws if the decoded chain could not take that step),
/// then the tensors. A file saved with the parameters holds them as tensors
/// `parameters.param<i>` (metadata `"includes_parameters": "true"`); they are copied into
/// `state.parameters` when it is not empty, which then requires them.
[[gnu::noinline]] inline std::pair<long, long> read_checkpoint(std::string_view bytes, state_view const& state,
                                                               chain_ref chain,
                                                               std::function<void(long)> const& check_chain) {
    safetensors_file const file = open_safetensors(bytes);
    json::value const* const found = file.header.find("__metadata__");
    if (!found || !found->is_object()) fail("the header has no \"__metadata__\" object (not a tzero checkpoint)");
    json::value const& metadata = *found;
    constexpr std::array keys = {"format", "tzero_version", "dtype", "steps", "skipped_steps", "parameters", "chain"};
    for (char const* key : keys)
        if (!metadata.contains(key) || !metadata[key].is_string())
            fail(cat({"metadata \"", key, "\" is missing or not a string"}));
    bool const includes_parameters = metadata.contains("includes_parameters");
    if (includes_parameters && metadata["includes_parameters"] != "true")
        fail("metadata \"includes_parameters\" must be \"true\" when present");
    if (metadata.size() != keys.size() + includes_parameters)
        fail("the metadata holds keys a tzero checkpoint does not have");
    if (!state.parameters.empty() && !includes_parameters)
        fail(
            "it holds no parameters (save them with save_options{.parameters = true}, or load without "
            "load_options{.parameters = true})");
    if (metadata["format"] != format)
        fail(cat({"the format is ", metadata["format"].dump(), ", this tzero reads \"", format, "\""}));
    std::string const& version = metadata["tzero_version"].text;
    if (version.empty() || version.find_first_not_of("0123456789.") != std::string::npos)
        fail(cat({"metadata \"tzero_version\" is not a version: \"", version, "\""}));
    char const* const dtype = dtype_name(state.element_size);
    if (metadata["dtype"] != dtype)
        fail(cat({"it holds ", metadata["dtype"].text, " state; this optimizer's is ", dtype}));
    long const steps = parse_count(metadata, "steps"), skipped = parse_count(metadata, "skipped_steps");

    // Parameters: the same count and shapes.
    auto const& params = state.shapes;
    json::value const shapes = parse_json(metadata["parameters"].text, "metadata \"parameters\"");
    if (!shapes.is_array() || shapes.size() != params.size())
        fail(cat({"it was saved for ", shapes.is_array() ? cat({shapes.size()}) : shapes.dump(),
                  " parameters; this optimizer has ", params.size()}));
    std::vector<std::uint64_t> dims;
    for (std::size_t i = 0; i < params.size(); ++i) {
        bool const sizes = as_sizes(shapes[i], dims);
        if (!sizes || !std::equal(dims.begin(), dims.end(), params[i].begin(), params[i].end()))
            fail(cat({"parameter ", i, " has shape ",
                      sizes ? shape_text(std::span<std::uint64_t const>(dims)) : shapes[i].dump(), " there and ",
                      shape_text(std::span<std::size_t const>(params[i])), " here"}));
    }

    // The chain: the same modules in order; hyperparameters typed and in range.
    decode_chain(parse_json(metadata["chain"].text, "metadata \"chain\""), chain);
    check_chain(steps + 1);  // what the next step would check of the decoded chain (steps < LONG_MAX)

    // Tensors: exactly the state buffers (and the parameters the file holds), tiling the data;
    // then, everything checked, copied. Parameters not asked for are checked but not copied.
    bool const copy_parameters = !state.parameters.empty();
    auto const tensors = state_tensors(state, includes_parameters);
    auto const begins = locate_tensors(file, tensors);
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        if (tensors[i].slot == parameter_slot && !copy_parameters) continue;
        auto const target = bytes_of(state, tensors[i]);
        if (!target.empty()) std::memcpy(target.data(), file.data.data() + begins[i], target.size());
    }
    return {steps, skipped};
}

}  // namespace tzero::detail::checkpoint
