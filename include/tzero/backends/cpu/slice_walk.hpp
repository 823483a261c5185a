/// @file tzero/backends/cpu/slice_walk.hpp
/// The CPU backend's walk over slice items (core/slices.hpp): from a per-slice module's cut on,
/// a pass runs whole slices instead of chunks, each folded alone in element order, so a slice's
/// value is fixed within a run of elements as a tensor's is within a chunk. Contiguous and
/// run-structured slices reuse `run_chunk`; interleaved ones (columns) go side by side in SIMD
/// lanes, each lane its own slice.
#pragma once
#include <cstddef>

#include <tzero/backends/cpu/chunk.hpp>
#include <tzero/core/pass.hpp>
#include <tzero/core/slices.hpp>

// after every include: the region covers this header only (core/detail/simd_warnings_push.hpp)
#include <tzero/core/detail/simd_warnings_push.hpp>

namespace tzero::cpu::detail {

/// Pass `Pass` over slices [s0, s1) of a tensor whose slices interleave (geometry `geo`: the
/// middle reduced under kept inner dims; at most `slice_layout::interleaved_width` of them): row
/// by row of the middle, so memory streams as it does for chunks, with one batch lane per slice
/// reading its own value (`values[o * value_stride + j]` for slice s0 + j) and folding its own
/// sums. Each lane sums 16 rows in T, then adds them to its double, as run_chunk's lanes do: a
/// slice's sums do not depend on which lane or item it fell in. Calls `emit(j, sums)` per slice,
/// in order.
template <std::size_t Pass, handoff H, class Chain, class T, class Emit>
void run_interleaved(Chain const& chain, step_coeffs<Chain> const& coeffs, tensor_streams<T> const& at, T const* row,
                     T const* values, std::size_t value_stride, slice_geometry const& geo, std::size_t s0,
                     std::size_t s1, Emit&& emit) {
    using P = plan_of<Chain>;
    using F = pass_fold<Chain, Pass>;
    using batch = xsimd::batch<T>;
    constexpr int K = P::terms_of_pass(Pass), KN = pass_terms_1<Chain, Pass>;
    constexpr int O = reduce_outputs_v<slice_module_t<Chain>>;
    constexpr std::size_t value_at = P::reduced_offset[P::slice_module], B = batch::size;
    constexpr std::size_t most = slice_layout::interleaved_width;
    Chain const c = chain;
    step_coeffs<Chain> const k = coeffs;
    tensor_streams<T> const m = at;
    std::size_t const n = s1 - s0, batches = n / B, base = s0 / geo.inner * geo.middle * geo.inner + s0 % geo.inner;
    // the values every lane reads: the tensor's row, with each lane's own slice values
    batch reduced_b[P::reduced_width];
    T reduced_t[P::reduced_width];
    for (std::size_t r = 0; r < P::reduced_width; ++r) reduced_b[r] = batch(row[r]), reduced_t[r] = row[r];
    batch acc[most / B][KN], bad_b(T(0));
    T acc_t[B][KN], bad_t(0);  // the columns past the last whole batch
    double sum[most][KN] = {};
    for (auto& s : sum) F::reset(s);
    auto const reset = [&] {
        for (std::size_t b = 0; b < batches; ++b) F::reset(acc[b]);
        for (std::size_t j = batches * B; j < n; ++j) F::reset(acc_t[j - batches * B]);
    };
    auto const flush = [&] {  // the T lane sums of the last rows into each slice's double sums
        for (std::size_t b = 0; b < batches; ++b)
            for (int t = 0; t < K; ++t) {
                T part[B];
                math::store(part, acc[b][t]);
                for (std::size_t l = 0; l < B; ++l)
                    sum[b * B + l][t] = F::combine(t, sum[b * B + l][t], double(part[l]));
            }
        for (std::size_t j = batches * B; j < n; ++j)
            for (int t = 0; t < K; ++t) sum[j][t] = F::combine(t, sum[j][t], double(acc_t[j - batches * B][t]));
    };
    reset();
    for (std::size_t r = 0; r < geo.middle; ++r) {
        std::size_t const i = base + r * geo.inner;
        for (std::size_t b = 0; b < batches; ++b) {
            for (int o = 0; o < O; ++o)
                reduced_b[value_at + std::size_t(o)] =
                    batch::load_unaligned(values + std::size_t(o) * value_stride + b * B);
            F::combine_all(acc[b], pass_body<Pass, H, false>(c, k, m, reduced_b, i + b * B, bad_b));
        }
        for (std::size_t j = batches * B; j < n; ++j) {
            for (int o = 0; o < O; ++o)
                reduced_t[value_at + std::size_t(o)] = values[std::size_t(o) * value_stride + j];
            F::combine_all(acc_t[j - batches * B], pass_body<Pass, H, false>(c, k, m, reduced_t, i + j, bad_t));
        }
        if ((r + 1) % 16 == 0) flush(), reset();  // short lane sums, as in run_chunk
    }
    flush();
    for (std::size_t j = 0; j < n; ++j) emit(j, static_cast<double const*>(sum[j]));
}

/// Pass `Pass` over one work item of a pass that iterates slices (core/slices.hpp): whole
/// slices, each folded alone in element order (`emit(s, sums)` per slice, in order), or the
/// elements of a tensor the per-slice module leaves alone (`emit_range(sums)`).
template <std::size_t Pass, handoff H, class Chain, class T, class Emit, class EmitRange>
void run_slice_item(Chain const& c, step_coeffs<Chain> const& k, step_memory<T> const& mem, slice_item const& item,
                    Emit&& emit, EmitRange&& emit_range) {
    using P = plan_of<Chain>;
    using F = pass_fold<Chain, Pass>;
    constexpr int KN = pass_terms_1<Chain, Pass>;
    constexpr int O = reduce_outputs_v<slice_module_t<Chain>>;
    constexpr std::size_t value_at = P::reduced_offset[P::slice_module];
    slice_layout const& S = *mem.slices;
    slice_geometry const geo = S.geometry[item.tensor];
    std::size_t const first = S.first_slice[item.tensor], total = S.slices();
    tensor_streams<T> const at = streams_of(mem, item.tensor);
    T row[P::reduced_width];
    for (std::size_t r = 0; r < P::reduced_width; ++r) row[r] = mem.reduced[item.tensor * P::reduced_width + r];
    auto const with_value = [&](std::size_t s) {
        for (int o = 0; o < O; ++o) row[value_at + std::size_t(o)] = (*mem.slice_values)[std::size_t(o) * total + s];
    };
    std::size_t nonfinite = 0;
    double sums[KN] = {};
    if (!geo.applies) {
        with_value(first);
        run_chunk<Pass, H, false>(c, k, at, row, item.begin, item.end, nonfinite, sums);
        emit_range(static_cast<double const*>(sums));
    } else if (geo.middle_reduced && geo.inner > 1) {
        run_interleaved<Pass, H>(c, k, at, row, mem.slice_values->data() + first + item.begin, total, geo, item.begin,
                                 item.end, [&](std::size_t j, double const* s) { emit(item.begin + j, s); });
    } else {
        for (std::size_t s = item.begin; s < item.end; ++s) {
            with_value(first + s);
            double sum[KN];
            F::reset(sum);
            // a slice is one run (the middle reduced, nothing inner) or `outer` runs of `inner`
            std::size_t const runs = geo.middle_reduced ? 1 : geo.outer;
            std::size_t const length = geo.middle_reduced ? geo.middle : geo.inner;
            for (std::size_t r = 0; r < runs; ++r) {
                std::size_t const b = geo.middle_reduced ? s * geo.middle : (r * geo.middle + s) * geo.inner;
                run_chunk<Pass, H, false>(c, k, at, row, b, b + length, nonfinite, sums);
                F::combine_all(sum, sums);
            }
            emit(s, static_cast<double const*>(sum));
        }
    }
}

}  // namespace tzero::cpu::detail

#include <tzero/core/detail/simd_warnings_pop.hpp>
