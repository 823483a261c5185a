/// @file tzero/modules/detail/finfo.hpp
/// torchzero's `torch.finfo(dtype)` checks from reduce terms: `finalize` sees only doubles, so a
/// module that needs the parameters' smallest normal or largest finite value sums the element
/// size as one of its terms and reads the type back from (sum / count).
#pragma once
#include <limits>

#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>

namespace tzero::detail {

/// The smallest normal, the largest finite value and the machine epsilon of the parameters'
/// element type.
struct finfo {
    double tiny, max, eps;
};

/// Each element adds the size of its type, so that `finalize`, which sees only doubles, learns
/// from (sum / count) whether the parameters are float or double (torchzero's `finfo` checks).
template <class V>
TZERO_HD V element_size_term() {
    return V(math::scalar_t<V>(sizeof(math::scalar_t<V>)));
}
TZERO_HD finfo finfo_from(double size_sum, double count) {
    if (count > 0 && size_sum == 4 * count)
        return {double(std::numeric_limits<float>::min()), double(std::numeric_limits<float>::max()),
                double(std::numeric_limits<float>::epsilon())};
    return {std::numeric_limits<double>::min(), std::numeric_limits<double>::max(),
            std::numeric_limits<double>::epsilon()};
}

/// torchzero's `initial_step_size(u, eps)` (modules/opt_utils.py), the first step's scale of its
/// quasi-Newton methods, from Σ|u| and max|u|: clamp(1/Σ|u|, e/max|u|, 1) with e = max(eps, ε),
/// and 1 when e/max|u| ≥ 1 (eps = 0: torchzero's None).
TZERO_HD double initial_step_size(double abs_sum, double abs_max, finfo f, double eps = 0) {
    double const floor = (f.eps > eps ? f.eps : eps) / abs_max;
    if (floor >= 1) return 1;
    double const scale = 1 / abs_sum;
    return scale < floor ? floor : scale > 1 ? 1 : scale;
}

}  // namespace tzero::detail
