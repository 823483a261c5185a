/// @file tzero/checkpoint.hpp
/// `save` and `load`: an optimizer's whole state in one safetensors file.
///
///     tzero::save(opt, "run/optimizer.safetensors");   // atomic: a crash leaves the old file
///     tzero::load(opt, "run/optimizer.safetensors");   // all or nothing
///
/// The file is the safetensors layout: an 8-byte little-endian header length N, N bytes of JSON
/// (padded with spaces so the data starts 8-byte aligned), then the raw tensors. Each state
/// buffer is one tensor, `"<module index>.<module name>.slot<k>.param<i>"`, of its parameter's
/// shape and dtype (F32 or F64); a dense stage's state (core/dense.hpp) is one F64 tensor,
/// `"<module index>.<module name>.dense"`. `__metadata__` holds strings: the format, tzero's version, the
/// dtype, the step and skipped-step counts, the parameter shapes and the chain (a JSON array,
/// one object per module: its name and hyperparameters; a schedule is an object of its own,
/// `{"type": "cosine_schedule", "peak_lr": 0.001, ...}`). Python's `safetensors` package opens it.
///
/// `load` checks the whole file against the optimizer before it changes anything: the layout
/// (lengths, offsets that tile the data exactly, no overlap, no gap, nothing after), the dtype,
/// every parameter shape, the chain's modules in order, every hyperparameter's type and range,
/// and every tensor. Any difference throws `tzero::error` naming it, and the optimizer is left as
/// it was (every check runs before anything is written, and the writes cannot fail). By default the
/// chain's hyperparameters are restored too (as torch's `load_state_dict` restores a learning
/// rate); `load_options{.hyperparameters = false}` keeps the optimizer's own. A resumed run
/// continues bitwise-identically to one never interrupted (same chunk size; tested).
///
/// The parameters are the user's, and are not saved unless asked:
/// `save(opt, path, {.parameters = true})` adds them as tensors `parameters.param<i>` (metadata
/// `"includes_parameters": "true"`), and `load(opt, path, {.parameters = true})` restores them
/// with the rest, all or nothing; a load that does not ask for them checks them and leaves the
/// parameters alone.
///
/// `save` writes a temporary file beside the target, flushes it to disk, renames it over the
/// target (atomic on POSIX), then flushes the directory.
///
/// Only the walk over the chain's modules and hyperparameters (io/hyperparameter_walk.hpp) is
/// compiled per chain type; the JSON, the checks, the layout and the file work are plain
/// functions in io/, compiled once per translation unit however many chains it checkpoints.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <tzero/core/chain.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/tensor_view.hpp>
#include <tzero/io/atomic_file.hpp>
#include <tzero/io/checkpoint_format.hpp>
#include <tzero/io/hyperparameter_walk.hpp>
#include <tzero/io/hyperparameters_json.hpp>
#include <tzero/optimizer.hpp>

namespace tzero {

/// What `save` writes besides the state, the step counts and the chain.
struct save_options {
    bool parameters = false;  ///< also the parameters, as tensors `parameters.param<i>`
};

/// What `load` restores besides the state and step counts.
struct load_options {
    bool hyperparameters = true;  ///< also take the chain's hyperparameters from the file
    bool parameters = false;      ///< also the parameters (the file must hold them: save_options)
};

namespace detail::checkpoint {

template <class M>
constexpr bool global_scalars() {
    if constexpr (reduce_module<M>) return std::is_same_v<typename M::reduce_scope, global_t>;
    else return termination_module<M> || restart_module<M>;  // host scalars live in the first row
}

/// `opt` as plain data (io/checkpoint_format.hpp); `save` only reads through its pointers.
template <class Chain, class T>
state_view view_of(optimizer<Chain, T>& opt, bool with_parameters) {
    using plan = plan_of<Chain>;
    state_view v{sizeof(T), shapes_of(opt.parameters()), {}, {}, {}, opt.steps(), opt.skipped_steps()};
    [&]<class... Ms, std::size_t... I>(std::type_identity<chain<Ms...>>, std::index_sequence<I...>) {
        v.modules = {{Ms::name, Ms::state_slots, plan::slot_offset[I], reduce_slots_v<Ms>,
                      int(plan::reduce_slot_offset[I]), global_scalars<Ms>()}...};
    }(std::type_identity<Chain>{}, std::make_index_sequence<Chain::size>{});
    for (int s = 0; s < plan::state_slots; ++s)
        for (std::size_t i = 0; i < v.shapes.size(); ++i) v.slots.push_back(std::as_writable_bytes(opt.state(s, i)));
    for (std::size_t i = 0; i < opt.reduce_state_rows(); ++i) v.reduce_rows.push_back(opt.reduce_state(i).data());
    if constexpr (plan::has_dense) {
        v.dense_module = int(plan::dense_module_index);
        v.dense = std::as_writable_bytes(opt.dense_state());
        v.dense_shape = {opt.dense_state().size()};
    }
    if (with_parameters)
        for (auto const& p : opt.parameters())
            v.parameters.push_back(std::as_writable_bytes(std::span(p.data, p.size())));
    return v;
}

}  // namespace detail::checkpoint

/// The optimizer's state (and, when asked, its parameters) as the bytes of a safetensors file.
template <class Chain, class T>
std::string to_checkpoint(optimizer<Chain, T> const& opt, save_options options = {}) {
    using namespace detail::checkpoint;
    Chain chain = opt.chain();  // the walk takes a chain it may write; this one it only reads
    return write_checkpoint(view_of(const_cast<optimizer<Chain, T>&>(opt), options.parameters),
                            encode_chain(chain_ref_of(chain)));
}

/// Restores `opt` from the bytes of a checkpoint; throws `tzero::error` and changes nothing if
/// they are not a checkpoint of this chain, dtype and parameter list.
template <class Chain, class T>
void from_checkpoint(optimizer<Chain, T>& opt, std::string_view bytes, load_options options = {}) {
    using namespace detail::checkpoint;
    Chain chain = opt.chain();
    auto const check = [&](long next_step) {
        if (options.hyperparameters) opt.check_steppable(chain, next_step);
    };
    auto const [steps, skipped] = read_checkpoint(bytes, view_of(opt, options.parameters), chain_ref_of(chain), check);
    opt.set_steps(steps, skipped);  // checked: not negative, so this does not throw
    if (options.hyperparameters) opt.chain() = chain;
}

/// Writes `opt`'s state to `path` atomically (see the file comment).
template <class Chain, class T>
void save(optimizer<Chain, T> const& opt, std::filesystem::path const& path, save_options options = {}) {
    detail::checkpoint::write_atomically(path, to_checkpoint(opt, options));
}

/// Restores `opt` from the checkpoint at `path`; all or nothing (see the file comment). With
/// `load_options{.parameters = true}` the parameters are restored too, written into the memory the
/// optimizer steps (the file must hold them: `save(opt, path, {.parameters = true})`).
template <class Chain, class T>
void load(optimizer<Chain, T>& opt, std::filesystem::path const& path, load_options options = {}) {
    // No checkpoint of this optimizer is larger: do not read a hostile file's gigabytes.
    std::uintmax_t limit = 8 + detail::checkpoint::max_header_bytes;
    for (auto const& p : opt.parameters())  // the state, and the parameters a file may hold
        limit += p.size() * sizeof(T) * std::size_t(plan_of<Chain>::state_slots + 1);
    limit += opt.dense_state().size() * sizeof(double);
    std::string const bytes = detail::checkpoint::read_file(path, limit);
    try {
        from_checkpoint(opt, bytes, options);
    } catch (error const& e) {
        detail::checkpoint::add_path(e, path);
    }
}

}  // namespace tzero
