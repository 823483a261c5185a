/// @file tzero/modules/detail/finfo.hpp
/// torchzero's `torch.finfo(dtype)` checks from reduce terms: `finalize` sees only doubles, so a
/// module that needs the parameters' smallest normal or largest finite value sums the element
/// size as one of its terms and reads the type back from (sum / count).
#pragma once
#include <limits>

#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>

namespace tzero::detail {

/// The smallest normal and the largest finite value of the parameters' element type.
struct finfo {
    double tiny, max;
};

/// Each element adds the size of its type, so that `finalize`, which sees only doubles, learns
/// from (sum / count) whether the parameters are float or double (torchzero's `finfo` checks).
template <class V>
TZERO_HD V element_size_term() {
    return V(math::scalar_t<V>(sizeof(math::scalar_t<V>)));
}
TZERO_HD finfo finfo_from(double size_sum, double count) {
    if (count > 0 && size_sum == 4 * count)
        return {double(std::numeric_limits<float>::min()), double(std::numeric_limits<float>::max())};
    return {std::numeric_limits<double>::min(), std::numeric_limits<double>::max()};
}

}  // namespace tzero::detail
