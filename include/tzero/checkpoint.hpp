/// @file tzero/checkpoint.hpp
/// `save` and `load`: an optimizer's whole state in one safetensors file.
///
///     tzero::save(opt, "run/optimizer.safetensors");   // atomic: a crash leaves the old file
///     tzero::load(opt, "run/optimizer.safetensors");   // all or nothing
///
/// The file is the safetensors layout: an 8-byte little-endian header length N, N bytes of JSON
/// (padded with spaces so the data starts 8-byte aligned), then the raw tensors. Each state
/// buffer is one tensor, `"<module index>.<module name>.slot<k>.param<i>"`, of its parameter's
/// shape and dtype (F32 or F64). `__metadata__` holds strings: the format, tzero's version, the
/// dtype, the step and skipped-step counts, the parameter shapes and the chain (a JSON array,
/// one object per module: its name and hyperparameters; a schedule is an object of its own,
/// `{"type": "cosine_schedule", "peak_lr": 0.001, ...}`). Python's `safetensors` package opens it.
///
/// `load` checks the whole file against the optimizer before it changes anything: the layout
/// (lengths, offsets that tile the data exactly, no overlap, no gap, nothing after), the dtype,
/// every parameter shape, the chain's modules in order, every hyperparameter's type and range,
/// and every tensor. Any difference throws `tzero::error` naming it, and the optimizer is left as
/// it was (strong guarantee: the state is built in a copy, then swapped in). By default the
/// chain's hyperparameters are restored too (as torch's `load_state_dict` restores a learning
/// rate); `load_options{.hyperparameters = false}` keeps the optimizer's own. A resumed run
/// continues bitwise-identically to one never interrupted (same chunk size; tested).
///
/// `save` writes a temporary file beside the target, flushes it to disk, renames it over the
/// target (atomic on POSIX), then flushes the directory. Needs nlohmann-json.
#pragma once
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/tensor_view.hpp>
#include <tzero/optimizer.hpp>

namespace tzero {

/// What `load` restores besides the state and step counts.
struct load_options {
    bool hyperparameters = true;  ///< also take the chain's hyperparameters from the file
};

namespace detail::checkpoint {

static_assert(std::endian::native == std::endian::little,
              "tzero: checkpoints are little-endian, as safetensors; this platform is not");

using json = nlohmann::json;

inline constexpr char const* format = "tzero.checkpoint.v1";
/// The largest header safetensors accepts; a longer one is rejected before it is read.
inline constexpr std::uint64_t max_header_bytes = 100'000'000;

[[noreturn]] inline void fail(std::string const& what) { throw error("tzero: checkpoint: " + what); }

template <class T>
inline constexpr char const* dtype = sizeof(T) == 4 ? "F32" : "F64";

// ---- hyperparameters <-> JSON ---------------------------------------------------------------

// A chain is an array of modules; a module may hold a chain (`branch`), so these recurse.
template <class... Ms>
json encode(chain<Ms...> const& c);
template <class... Ms>
chain<Ms...> decode(json const& j, chain<Ms...> current);

template <hyperparameter_type F>
json encode(F const& value) {
    if constexpr (std::same_as<F, double>) {
        if (std::isfinite(value)) return value;
        return std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf";  // JSON has no such numbers
    } else if constexpr (named_enum<F> || type_tag<F>) {
        return to_string(value);
    } else if constexpr (number_or_name<F>) {
        return value.label() ? json(value.label()) : encode(value.p);
    } else if constexpr (holds_chain<F>) {
        return encode(value.chain);
    } else if constexpr (hyperparameter_group<F>) {
        json j = {{"type", F::name}};
        for_each_hyperparameter(value, [&](char const* name, auto const& v) { j[name] = encode(v); });
        return j;
    } else if constexpr (number_array<F>) {
        json list = json::array();
        for (double x : value) list.push_back(encode(x));
        return list;
    } else if constexpr (hyperparameter_list<F>) {
        json list = json::array();
        for_each_element(value, [&](std::size_t, auto const& x) { list.push_back(encode(x)); });
        return list;
    } else {
        return value;
    }
}

/// Reads `j` into `out`; a tag must name the one the module's type fixes.
template <hyperparameter_type F>
void decode(json const& j, F& out, std::string const& where) {
    auto const wrong = [&](char const* expected) { fail(where + " must be " + expected + ", got " + j.dump()); };
    if constexpr (std::same_as<F, double>) {
        if (j.is_number()) out = j.get<double>();
        else if (j == "nan") out = std::nan("");
        else if (j == "inf" || j == "-inf") out = (j == "inf" ? 1 : -1) * std::numeric_limits<double>::infinity();
        else wrong("a number");
    } else if constexpr (std::same_as<F, bool>) {
        if (!j.is_boolean()) wrong("true or false");
        out = j.get<bool>();
    } else if constexpr (std::integral<F>) {
        if (j.is_number_unsigned() && j.get<std::uint64_t>() <= std::uint64_t(std::numeric_limits<F>::max()))
            out = F(j.get<std::uint64_t>());
        else if (j.is_number_integer() && !j.is_number_unsigned() && std::is_signed_v<F> &&
                 j.get<std::int64_t>() >= std::int64_t(std::numeric_limits<F>::min()))
            out = F(j.get<std::int64_t>());
        else wrong("an integer in range");
    } else if constexpr (named_enum<F>) {
        auto const names = enumerators(F{});
        auto const at = std::find_if(names.begin(), names.end(), [&](char const* n) { return j == n; });
        if (at == names.end()) wrong("one of the enumerators");
        out = F(at - names.begin());
    } else if constexpr (number_or_name<F>) {
        // A name ("std", "l2"), else a number as `double` saves it ("inf" and "nan" included).
        F const named = j.is_string() ? F(j.get_ref<std::string const&>().c_str()) : F();
        if (j.is_string() && named.valid()) {
            out = named;
        } else if (j.is_number() || j == "nan" || j == "inf" || j == "-inf") {
            double p = 0;
            decode(j, p, where);
            out = F(p);
        } else {
            wrong("a number or a name (\"std\")");
        }
    } else if constexpr (number_array<F>) {
        if (!j.is_array() || j.size() != out.size())
            wrong(("a list of " + std::to_string(out.size()) + " numbers").c_str());
        for (std::size_t i = 0; i < out.size(); ++i) decode(j[i], out[i], where + "[" + std::to_string(i) + "]");
    } else if constexpr (hyperparameter_list<F>) {
        constexpr std::size_t n = std::tuple_size<F>::value;
        if (!j.is_array() || j.size() != n) wrong(("a list of " + std::to_string(n)).c_str());
        for_each_element(out, [&](std::size_t i, auto& x) { decode(j[i], x, where + "[" + std::to_string(i) + "]"); });
    } else if constexpr (holds_chain<F>) {
        try {
            out.chain = decode(j, out.chain);
        } catch (error const& e) {
            std::string_view what = e.what();
            what.remove_prefix(std::min(what.size(), std::string_view("tzero: checkpoint: ").size()));
            fail(where + ": " + std::string(what));
        }
    } else if constexpr (hyperparameter_group<F>) {
        // Only the named fields travel: a function_schedule's pointer stays the optimizer's own.
        if (!j.is_object() || !j.contains("type") || j["type"] != F::name)
            wrong((std::string("a ") + F::name + " (it is part of the module's type)").c_str());
        std::size_t known = 1;
        for_each_hyperparameter(out, [&](char const* name, auto& v) {
            if (!j.contains(name)) fail(where + " has no field \"" + name + "\"");
            decode(j[name], v, where + " field \"" + name + "\"");
            ++known;
        });
        if (j.size() != known) fail(where + " holds fields " + F::name + " does not know: " + j.dump());
    } else {
        if (j != F::name) wrong((std::string("\"") + F::name + "\" (it is part of the module's type)").c_str());
    }
}

template <class... Ms>
json encode(chain<Ms...> const& c) {
    json modules = json::array();
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&](auto const& m) {
                json entry = {{"module", m.name}};
                for_each_hyperparameter(m, [&](char const* name, auto const& value) { entry[name] = encode(value); });
                modules.push_back(std::move(entry));
            }(c.template get<I>()),
            ...);
    }(std::index_sequence_for<Ms...>{});
    return modules;
}

/// `current` with the hyperparameters `j` holds; the modules must be the same, in order.
template <class... Ms>
chain<Ms...> decode(json const& j, chain<Ms...> current) {
    auto const differs = [&](std::string const& what) {
        fail(what + " (the checkpoint's chain is " + j.dump() + "; this optimizer's is " + describe(current) + ")");
    };
    if (!j.is_array()) fail("metadata \"chain\" must be a JSON array of modules");
    if (j.size() != sizeof...(Ms))
        differs("it holds " + std::to_string(j.size()) + " modules, this chain " + std::to_string(sizeof...(Ms)));
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&](auto& m, json const& entry) {
                std::string const where = "module " + std::to_string(I) + " (" + m.name + ")";
                if (!entry.is_object() || !entry.contains("module") || entry["module"] != m.name)
                    differs("module " + std::to_string(I) + " is " +
                            (entry.is_object() && entry.contains("module") ? entry["module"].dump() : entry.dump()) +
                            " there and " + m.name + " here");
                std::size_t known = 1;
                for_each_hyperparameter(m, [&](char const* name, auto& value) {
                    if (!entry.contains(name)) differs(where + " has no hyperparameter \"" + name + "\"");
                    decode(entry[name], value, where + " hyperparameter \"" + name + "\"");
                    ++known;
                });
                if (entry.size() != known) differs(where + " has hyperparameters this module does not know");
            }(current.template get<I>(), j[I]),
            ...);
    }(std::index_sequence_for<Ms...>{});
    try {
        current.validate();
    } catch (error const& e) {
        fail(std::string("a hyperparameter is out of range: ") + e.what());
    }
    return current;
}

// ---- the file's pieces ----------------------------------------------------------------------

/// One state tensor: its name in the file, its global slot and its parameter; or one persistent
/// scalar of a reduce module (`scalar`): a 0-d F64 tensor, its place in the scalar row and the row.
struct state_tensor {
    std::string name;
    int slot;
    std::size_t param;
    bool scalar = false;
};

/// The state tensors in file order: the reduce modules' scalars first (8 bytes each, so every
/// tensor stays aligned to its element size), then the slot buffers.
template <class Chain>
std::vector<state_tensor> state_tensors(std::size_t params) {
    using plan = plan_of<Chain>;
    std::vector<state_tensor> tensors;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&](auto const& m) {
                using M = std::remove_cvref_t<decltype(m)>;
                if constexpr (reduce_module<M>) {
                    bool const global = std::is_same_v<typename M::reduce_scope, global_t>;
                    for (int k = 0; k < reduce_slots_v<M>; ++k)
                        for (std::size_t i = 0; i < (global ? 1 : params); ++i)
                            tensors.push_back({std::to_string(I) + "." + m.name + ".scalar" + std::to_string(k) +
                                                   (global ? std::string(".global") : ".param" + std::to_string(i)),
                                               int(plan::reduce_slot_offset[I]) + k, i, true});
                }
            }(Chain{}.template get<I>()),
            ...);
    }(std::make_index_sequence<Chain::size>{});
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&](auto const& m) {
                for (int k = 0; k < std::remove_cvref_t<decltype(m)>::state_slots; ++k)
                    for (std::size_t i = 0; i < params; ++i)
                        tensors.push_back({std::to_string(I) + "." + m.name + ".slot" + std::to_string(k) + ".param" +
                                               std::to_string(i),
                                           plan::slot_offset[I] + k, i});
            }(Chain{}.template get<I>()),
            ...);
    }(std::make_index_sequence<Chain::size>{});
    return tensors;
}

inline std::uint64_t read_u64_le(std::string_view bytes) {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = n << 8 | std::uint8_t(bytes[std::size_t(i)]);
    return n;
}

/// A non-negative decimal integer, the whole string, at most `LONG_MAX`.
inline long parse_count(json const& metadata, char const* key) {
    std::string const& text = metadata[key].get_ref<std::string const&>();
    long value = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0 || text.empty() || text[0] == '-')
        fail(std::string("metadata \"") + key + "\" must be a non-negative integer, got \"" + text + "\"");
    return value;
}

/// The unsigned integers of a JSON array of them, or nothing.
inline bool as_sizes(json const& j, std::vector<std::uint64_t>& out) {
    if (!j.is_array()) return false;
    out.clear();
    for (auto const& x : j) {
        if (!x.is_number_unsigned()) return false;
        out.push_back(x.get<std::uint64_t>());
    }
    return true;
}

/// Parses `text`; nesting deeper than any reasonable checkpoint's (a combinator's operands nest
/// three levels per combinator) is refused while parsing, so that no later step (printing a value
/// in a message) recurses through a hostile file's depth.
inline json parse_json(std::string_view text, char const* what) {
    constexpr int max_depth = 32;
    auto const shallow = [&](int depth, json::parse_event_t, json&) {
        if (depth > max_depth) fail(std::string(what) + " nests deeper than " + std::to_string(max_depth) + " levels");
        return true;
    };
    json j = json::parse(text.begin(), text.end(), shallow, /*allow_exceptions=*/false);
    if (j.is_discarded()) fail(std::string(what) + " is not valid JSON");
    return j;
}

inline std::string shape_json(std::vector<std::size_t> const& shape) { return json(shape).dump(); }

/// Writes `bytes` to `path` through a temporary file and a rename.
inline void write_atomically(std::filesystem::path const& path, std::string_view bytes) {
    static std::atomic<unsigned> counter{0};
    auto temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    auto const system_error = [&](char const* what) {
        std::string message = std::string(what) + " " + temporary.string() + ": " + std::strerror(errno);
        ::unlink(temporary.c_str());
        fail(message);
    };
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail("cannot create " + temporary.string() + ": " + std::strerror(errno));
    for (std::size_t done = 0; done < bytes.size();) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            system_error("cannot write");
        }
        done += std::size_t(n);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        system_error("cannot flush");
    }
    if (::close(fd) != 0) system_error("cannot close");
    if (::rename(temporary.c_str(), path.c_str()) != 0) system_error("cannot rename");
    // The rename itself reaches the disk when the directory does.
    auto directory = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    if (int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace detail::checkpoint

/// The optimizer's state as the bytes of a safetensors file.
template <class Chain, class T>
std::string to_checkpoint(optimizer<Chain, T> const& opt) {
    using namespace detail::checkpoint;
    auto const& params = opt.parameters();
    auto const tensors = state_tensors<Chain>(params.size());

    json shapes = json::array();
    for (auto const& p : params) shapes.push_back(p.shape);
    json header = json::object();
    header["__metadata__"] = {{"format", format},
                              {"tzero_version", std::to_string(TZERO_VERSION_MAJOR) + "." +
                                                    std::to_string(TZERO_VERSION_MINOR) + "." +
                                                    std::to_string(TZERO_VERSION_PATCH)},
                              {"dtype", dtype<T>},
                              {"steps", std::to_string(opt.steps())},
                              {"skipped_steps", std::to_string(opt.skipped_steps())},
                              {"parameters", shapes.dump()},
                              {"chain", encode(opt.chain()).dump()}};
    std::uint64_t offset = 0;
    for (auto const& t : tensors) {
        std::uint64_t bytes = t.scalar ? sizeof(double) : params[t.param].size() * sizeof(T);
        header[t.name] = {{"dtype", t.scalar ? dtype<double> : dtype<T>},
                          {"shape", t.scalar ? std::vector<std::size_t>{} : params[t.param].shape},
                          {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned, as safetensors writes it

    std::string file(8, '\0');
    for (int i = 0; i < 8; ++i) file[std::size_t(i)] = char(std::uint64_t(text.size()) >> (8 * i) & 0xff);
    file += text;
    file.reserve(file.size() + offset);
    for (auto const& t : tensors) {
        if (t.scalar) {
            double const v = opt.reduce_state(t.param)[std::size_t(t.slot)];
            file.append(reinterpret_cast<char const*>(&v), sizeof v);
        } else {
            auto const s = opt.state(t.slot, t.param);
            file.append(reinterpret_cast<char const*>(s.data()), s.size_bytes());
        }
    }
    return file;
}

/// Restores `opt` from the bytes of a checkpoint; throws `tzero::error` and changes nothing if
/// they are not a checkpoint of this chain, dtype and parameter list.
template <class Chain, class T>
void from_checkpoint(optimizer<Chain, T>& opt, std::string_view bytes, load_options options = {}) {
    using namespace detail::checkpoint;
    try {
        if (bytes.size() < 8)
            fail("the data is " + std::to_string(bytes.size()) + " bytes, shorter than the 8-byte header length");
        std::uint64_t const n = read_u64_le(bytes);
        if (n > max_header_bytes || n > bytes.size() - 8)
            fail("the header length " + std::to_string(n) + " runs past the end of the " +
                 std::to_string(bytes.size()) + " bytes (or the 100 MB limit)");
        std::string_view const text = bytes.substr(8, n), data = bytes.substr(8 + n);
        if (text.empty() || text[0] != '{') fail("the header must be a JSON object starting with '{'");
        json const header = parse_json(text, "the header");
        if (!header.is_object()) fail("the header must be a JSON object");

        // Metadata: exactly these keys, all strings.
        if (!header.contains("__metadata__") || !header["__metadata__"].is_object())
            fail("the header has no \"__metadata__\" object (not a tzero checkpoint)");
        json const& metadata = header["__metadata__"];
        constexpr std::array keys = {"format", "tzero_version", "dtype", "steps", "skipped_steps", "parameters", "chain"};
        for (char const* key : keys)
            if (!metadata.contains(key) || !metadata[key].is_string())
                fail(std::string("metadata \"") + key + "\" is missing or not a string");
        if (metadata.size() != keys.size()) fail("the metadata holds keys a tzero checkpoint does not have");
        if (metadata["format"] != format)
            fail("the format is " + metadata["format"].dump() + ", this tzero reads \"" + format + "\"");
        std::string const& version = metadata["tzero_version"].get_ref<std::string const&>();
        if (version.empty() || version.find_first_not_of("0123456789.") != std::string::npos)
            fail("metadata \"tzero_version\" is not a version: \"" + version + "\"");
        if (metadata["dtype"] != dtype<T>)
            fail("it holds " + metadata["dtype"].get<std::string>() + " state; this optimizer's is " + dtype<T>);
        long const steps = parse_count(metadata, "steps"), skipped = parse_count(metadata, "skipped_steps");

        // Parameters: the same count and shapes.
        auto const& params = opt.parameters();
        json const shapes = parse_json(metadata["parameters"].get_ref<std::string const&>(), "metadata \"parameters\"");
        if (!shapes.is_array() || shapes.size() != params.size())
            fail("it was saved for " + (shapes.is_array() ? std::to_string(shapes.size()) : shapes.dump()) +
                 " parameters; this optimizer has " + std::to_string(params.size()));
        std::vector<std::uint64_t> dims;
        for (std::size_t i = 0; i < params.size(); ++i)
            if (!as_sizes(shapes[i], dims) || !std::equal(dims.begin(), dims.end(), params[i].shape.begin(),
                                                          params[i].shape.end()))
                fail("parameter " + std::to_string(i) + " has shape " + shapes[i].dump() + " there and " +
                     shape_json(params[i].shape) + " here");

        // The chain: the same modules in order; hyperparameters typed and in range.
        Chain const chain = decode(parse_json(metadata["chain"].get_ref<std::string const&>(), "metadata \"chain\""),
                                   opt.chain());

        // Tensors: exactly the state buffers, tiling the data with no gap, overlap or excess.
        auto const tensors = state_tensors<Chain>(params.size());
        if (header.size() != tensors.size() + 1)
            fail("it holds " + std::to_string(header.size() - 1) + " tensors; this chain keeps " +
                 std::to_string(tensors.size()) + " state buffers");
        std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
        for (auto const& t : tensors) {
            if (!header.contains(t.name)) fail("tensor \"" + t.name + "\" is missing");
            json const& entry = header[t.name];
            std::vector<std::uint64_t> offsets;
            if (!entry.is_object() || entry.size() != 3 || !entry.contains("dtype") || !entry.contains("shape") ||
                !entry.contains("data_offsets"))
                fail("tensor \"" + t.name + "\" must hold exactly dtype, shape and data_offsets");
            std::string const type = t.scalar ? dtype<double> : dtype<T>;
            std::vector<std::size_t> const shape = t.scalar ? std::vector<std::size_t>{} : params[t.param].shape;
            if (entry["dtype"] != type) fail("tensor \"" + t.name + "\" is " + entry["dtype"].dump() + ", not " + type);
            if (!as_sizes(entry["shape"], dims) || !std::equal(dims.begin(), dims.end(), shape.begin(), shape.end()))
                fail("tensor \"" + t.name + "\" has shape " + entry["shape"].dump() + "; it must be " + shape_json(shape) +
                     (t.scalar ? "" : ", its parameter's"));
            std::uint64_t const size = t.scalar ? sizeof(double) : params[t.param].size() * sizeof(T);
            if (!as_sizes(entry["data_offsets"], offsets) || offsets.size() != 2 || offsets[0] > offsets[1] ||
                offsets[1] > data.size() || offsets[1] - offsets[0] != size)
                fail("tensor \"" + t.name + "\" has data_offsets " + entry["data_offsets"].dump() + ", not " +
                     std::to_string(size) + " bytes inside the " + std::to_string(data.size()) + " after the header");
            ranges.emplace_back(offsets[0], offsets[1]);
        }
        std::vector<std::pair<std::uint64_t, std::uint64_t>> sorted = ranges;
        std::sort(sorted.begin(), sorted.end());
        std::uint64_t covered = 0;
        for (auto const& [begin, end] : sorted) {
            if (begin != covered) fail("the tensors overlap or leave a gap at byte " + std::to_string(covered));
            covered = end;
        }
        if (covered != data.size())
            fail("the tensors cover " + std::to_string(covered) + " bytes, the data after the header is " +
                 std::to_string(data.size()));

        // Everything checked: build the new state in a copy, then swap it in.
        auto restored = opt;
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            if (tensors[i].scalar) {
                std::memcpy(&restored.reduce_state(tensors[i].param)[std::size_t(tensors[i].slot)],
                            data.data() + ranges[i].first, sizeof(double));
            } else {
                auto const s = restored.state(tensors[i].slot, tensors[i].param);
                std::memcpy(s.data(), data.data() + ranges[i].first, s.size_bytes());
            }
        }
        restored.set_steps(steps, skipped);
        if (options.hyperparameters) restored.chain() = chain;
        opt = std::move(restored);
    } catch (json::exception const& e) {
        fail(std::string("malformed header: ") + e.what());
    }
}

/// Writes `opt`'s state to `path` atomically (see the file comment).
template <class Chain, class T>
void save(optimizer<Chain, T> const& opt, std::filesystem::path const& path) {
    detail::checkpoint::write_atomically(path, to_checkpoint(opt));
}

/// Restores `opt` from the checkpoint at `path`; all or nothing (see the file comment).
template <class Chain, class T>
void load(optimizer<Chain, T>& opt, std::filesystem::path const& path, load_options options = {}) {
    using namespace detail::checkpoint;
    std::error_code ec;
    auto const size = std::filesystem::file_size(path, ec);
    if (ec) fail("cannot read " + path.string() + ": " + ec.message());
    // No checkpoint of this optimizer is larger: do not read a hostile file's gigabytes.
    std::uintmax_t limit = 8 + max_header_bytes;
    for (auto const& p : opt.parameters()) limit += p.size() * sizeof(T) * std::size_t(plan_of<Chain>::state_slots);
    if (size > limit)
        fail(path.string() + " is " + std::to_string(size) + " bytes, more than any checkpoint of this optimizer");
    std::string bytes(size, '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in.read(bytes.data(), std::streamsize(size))) fail("cannot read " + path.string());
    try {
        from_checkpoint(opt, bytes, options);
    } catch (error const& e) {
        throw error(std::string(e.what()) + " [" + path.string() + "]");
    }
}

}  // namespace tzero
