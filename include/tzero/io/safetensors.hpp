/// @file tzero/io/safetensors.hpp
/// The safetensors layout of a checkpoint, on plain data: an 8-byte little-endian header length
/// N, N bytes of JSON (padded with spaces so the data starts 8-byte aligned), then the tensors'
/// bytes. `write_safetensors` lays a file out; `open_safetensors` and `locate_tensors` check one
/// against the tensors expected (lengths, dtypes, shapes, offsets that tile the data exactly).
#pragma once
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tzero/io/error.hpp>
#include <tzero/io/json.hpp>
#include <tzero/io/json_parse.hpp>

namespace tzero::detail::checkpoint {

static_assert(std::endian::native == std::endian::little,
              "tzero: checkpoints are little-endian, as safetensors; this platform is not");

/// The largest header safetensors accepts; a longer one is rejected before it is read.
inline constexpr std::uint64_t max_header_bytes = 100'000'000;

/// One state tensor of a checkpoint: its name, dtype ("F32", "F64"), shape and size in the file,
/// and where it lives in the optimizer: state slot `slot` of parameter `param`, or, for a reduce
/// module's persistent scalar (`scalar`, a 0-d F64 tensor), entry `slot` of `param`'s row, or,
/// with `slot` = `parameter_slot`, parameter `param` itself.
inline constexpr int parameter_slot = -1;

struct state_tensor {
    std::string name;
    int slot = 0;
    std::size_t param = 0;
    bool scalar = false;
    char const* dtype = "F32";
    std::span<std::size_t const> shape;
    std::uint64_t bytes = 0;
};

inline std::uint64_t read_u64_le(std::string_view bytes) {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = n << 8 | std::uint8_t(bytes[std::size_t(i)]);
    return n;
}

/// Parses `text`; nesting deeper than any reasonable checkpoint's (a combinator's operands nest
/// three levels per combinator) is refused while parsing, so that no later step (printing a value
/// in a message) recurses through a hostile file's depth.
inline json::value parse_json(std::string_view text, char const* what) {
    constexpr int max_depth = 32;
    json::value j;
    switch (json::parse(text, max_depth, j)) {
        case json::parse_status::ok:
            break;
        case json::parse_status::too_deep:
            fail(cat({what, " nests deeper than ", max_depth, " levels"}));
        case json::parse_status::duplicate_key:
            fail(cat({what, " holds a key twice in one object"}));
        case json::parse_status::invalid:
            fail(cat({what, " is not valid JSON (or has more than spaces after it)"}));
    }
    return j;
}

/// The start of the file: its length, then `header` (an object holding the metadata) with the
/// tensors added; their data, `tensors[k].bytes` each in order, is for the caller to append.
inline std::string write_safetensors(json::value header, std::vector<state_tensor> const& tensors) {
    std::size_t offset = 0;
    for (auto const& t : tensors) {
        json::value& entry = header.member(t.name).set_object();
        entry.member("dtype").set_string(t.dtype);
        entry.member("shape").set_sizes(t.shape);
        std::size_t const offsets[] = {offset, offset + t.bytes};
        entry.member("data_offsets").set_sizes(offsets);
        offset += t.bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned, as safetensors writes it

    std::string file(8, '\0');
    for (int i = 0; i < 8; ++i) file[std::size_t(i)] = char(std::uint64_t(text.size()) >> (8 * i) & 0xff);
    file.reserve(8 + text.size() + offset);
    return file += text;
}

/// A file's header, parsed, and the bytes after it.
struct safetensors_file {
    json::value header;
    std::string_view data;
};

/// Checks the header length and parses the header, which must be a JSON object.
inline safetensors_file open_safetensors(std::string_view bytes) {
    if (bytes.size() < 8) fail(cat({"the data is ", bytes.size(), " bytes, shorter than the 8-byte header length"}));
    std::uint64_t const n = read_u64_le(bytes);
    if (n > max_header_bytes || n > bytes.size() - 8)
        fail(
            cat({"the header length ", n, " runs past the end of the ", bytes.size(), " bytes (or the 100 MB limit)"}));
    std::string_view const text = bytes.substr(8, n);
    if (text.empty() || text[0] != '{') fail("the header must be a JSON object starting with '{'");
    safetensors_file file{parse_json(text, "the header"), bytes.substr(8 + n)};
    if (!file.header.is_object()) fail("the header must be a JSON object");
    return file;
}

/// The unsigned integers of a JSON array of them, or nothing.
inline bool as_sizes(json::value const& j, std::vector<std::uint64_t>& out) {
    if (!j.is_array()) return false;
    out.clear();
    for (auto const& x : j.items) {
        if (!x.is_number_unsigned()) return false;
        out.push_back(x.u);
    }
    return true;
}

/// "(3, 4)", "(5,)", "()": a shape as tzero's errors print it (as core/tensor_view.hpp's to_string).
template <class N>
std::string shape_text(std::span<N const> shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

inline std::string shape_json(std::span<std::size_t const> shape) {
    json::value j;
    j.set_sizes(shape);
    return j.dump();
}

/// Where each of `tensors` starts in `file.data`: the header must list exactly these tensors,
/// each with its dtype and shape, and their bytes must tile the data with no gap, overlap or excess.
inline std::vector<std::uint64_t> locate_tensors(safetensors_file const& file,
                                                 std::vector<state_tensor> const& tensors) {
    json::value const& header = file.header;
    std::string_view const data = file.data;
    if (header.size() != tensors.size() + 1)
        fail(cat({"it holds ", header.size() - 1, " tensors; this chain keeps ", tensors.size(), " state buffers"}));
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    std::vector<std::uint64_t> dims, offsets;
    for (auto const& t : tensors) {
        json::value const* const found = header.find(t.name);
        if (!found) fail(cat({"tensor \"", t.name, "\" is missing"}));
        json::value const& entry = *found;
        if (!entry.is_object() || entry.size() != 3 || !entry.contains("dtype") || !entry.contains("shape") ||
            !entry.contains("data_offsets"))
            fail(cat({"tensor \"", t.name, "\" must hold exactly dtype, shape and data_offsets"}));
        if (entry["dtype"] != t.dtype)
            fail(cat({"tensor \"", t.name, "\" is ", entry["dtype"].dump(), ", not ", t.dtype}));
        if (!as_sizes(entry["shape"], dims) || !std::equal(dims.begin(), dims.end(), t.shape.begin(), t.shape.end()))
            fail(cat({"tensor \"", t.name, "\" has shape ", entry["shape"].dump(), "; it must be ", shape_json(t.shape),
                      t.scalar ? "" : ", its parameter's"}));
        if (!as_sizes(entry["data_offsets"], offsets) || offsets.size() != 2 || offsets[0] > offsets[1] ||
            offsets[1] > data.size() || offsets[1] - offsets[0] != t.bytes)
            fail(cat({"tensor \"", t.name, "\" has data_offsets ", entry["data_offsets"].dump(), ", not ", t.bytes,
                      " bytes inside the ", data.size(), " after the header"}));
        ranges.emplace_back(offsets[0], offsets[1]);
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> sorted = ranges;
    std::sort(sorted.begin(), sorted.end());
    std::uint64_t covered = 0;
    for (auto const& [begin, end] : sorted) {
        if (begin != covered) fail(cat({"the tensors overlap or leave a gap at byte ", covered}));
        covered = end;
    }
    if (covered != data.size())
        fail(cat({"the tensors cover ", covered, " bytes, the data after the header is ", data.size()}));
    std::vector<std::uint64_t> begins;
    for (auto const& r : ranges) begins.push_back(r.first);
    return begins;
}

}  // namespace tzero::detail::checkpoint
