/// @file tzero/core/layout.hpp
/// How a parameter list is cut into work: the chunk list shared by every backend.
///
/// Every tensor is split into chunks of at most `chunk_size` elements (the last one shorter);
/// a chunk never spans two tensors. Threads (or CUDA blocks) take whole chunks, and a reduction
/// sums each chunk on its own, then the chunks of a tensor in order, then the tensors in order,
/// so a result never depends on the thread count. State buffers hold every tensor at an offset
/// padded to 64 bytes, so each tensor's state starts on a cache line.
#pragma once
#include <cstddef>
#include <vector>

namespace tzero {

struct chunk {
    std::size_t tensor;  ///< index in the parameter list
    std::size_t begin;   ///< first element, within the tensor
    std::size_t end;     ///< one past the last element
};

struct layout {
    std::vector<std::size_t> sizes;        ///< elements per tensor
    std::vector<std::size_t> offsets;      ///< start of each tensor in a state buffer
    std::vector<chunk> chunks;             ///< tensor by tensor, in order
    std::vector<std::size_t> first_chunk;  ///< per tensor, its first chunk; then chunks.size()
    std::size_t total = 0;                 ///< elements of all tensors
    std::size_t padded_total = 0;          ///< elements of one state buffer (the slot stride)

    layout() = default;
    layout(std::vector<std::size_t> tensor_sizes, std::size_t chunk_size, std::size_t align_elements)
        : sizes(std::move(tensor_sizes)) {
        if (chunk_size == 0) chunk_size = 1;
        for (std::size_t t = 0; t < sizes.size(); ++t) {
            offsets.push_back(padded_total);
            first_chunk.push_back(chunks.size());
            for (std::size_t b = 0; b < sizes[t]; b += chunk_size)
                chunks.push_back({t, b, b + chunk_size < sizes[t] ? b + chunk_size : sizes[t]});
            total += sizes[t];
            padded_total += (sizes[t] + align_elements - 1) / align_elements * align_elements;
        }
        first_chunk.push_back(chunks.size());
        // Slot buffers sit back to back; three spare cache lines keep them from being a power of
        // two apart when one big tensor makes the total one (cache-set and 4K-aliasing conflicts).
        if (total > 0) padded_total += 3 * align_elements;
    }
};

}  // namespace tzero
