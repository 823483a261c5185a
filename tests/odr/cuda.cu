// nvcc check: the module math and the core compile as host and device code from one text, every
// way the tests build the modules over operands compiles under nvcc's front end too, and (when a
// GPU is present) fused steps on the device equal the same steps run on the host. Without a
// device the GPU part is skipped with a message (exit 77, ctest's skip code).
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <vector>

#include <cuda_runtime.h>

#include <tzero/core/evaluate.hpp>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/adaptive/rmsprop.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/misc/noise_sign.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/momentum/ema.hpp>
#include <tzero/modules/ops/abs.hpp>
#include <tzero/modules/ops/add.hpp>
#include <tzero/modules/ops/centered_ema_squared.hpp>
#include <tzero/modules/ops/centered_sqrt_ema_squared.hpp>
#include <tzero/modules/ops/clip_modules.hpp>
#include <tzero/modules/ops/copy_sign.hpp>
#include <tzero/modules/ops/div.hpp>
#include <tzero/modules/ops/div_modules.hpp>
#include <tzero/modules/ops/ema_squared.hpp>
#include <tzero/modules/ops/fill.hpp>
#include <tzero/modules/ops/lerp.hpp>
#include <tzero/modules/ops/lerp_modules.hpp>
#include <tzero/modules/ops/maximum.hpp>
#include <tzero/modules/ops/maximum_modules.hpp>
#include <tzero/modules/ops/mean.hpp>
#include <tzero/modules/ops/minimum.hpp>
#include <tzero/modules/ops/minimum_modules.hpp>
#include <tzero/modules/ops/mul.hpp>
#include <tzero/modules/ops/negate.hpp>
#include <tzero/modules/ops/pow.hpp>
#include <tzero/modules/ops/pow_modules.hpp>
#include <tzero/modules/ops/prod.hpp>
#include <tzero/modules/ops/random_sample.hpp>
#include <tzero/modules/ops/rcopy_sign.hpp>
#include <tzero/modules/ops/rdiv.hpp>
#include <tzero/modules/ops/rpow.hpp>
#include <tzero/modules/ops/rsub.hpp>
#include <tzero/modules/ops/sign.hpp>
#include <tzero/modules/ops/sqrt_ema_squared.hpp>
#include <tzero/modules/ops/sub.hpp>
#include <tzero/modules/ops/sub_modules.hpp>
#include <tzero/modules/ops/sum.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

namespace construction {
using namespace tzero;
using number = double;
using adam_branch = branch<chain<adam>>;
// The forms the tests write (nvcc's front end deduces no class template arguments from designated
// initializers: those are spelled with `<>`, as .cu code must).
static_assert(std::is_same_v<decltype(add(1.0)), add<number>> &&
              std::is_same_v<decltype(add(adam())), add<adam_branch>>);
static_assert(std::is_same_v<decltype(add(1.0, -0.5)), add<number>> && std::is_same_v<decltype(add<>{}), add<number>>);
static_assert(add<>{.other = 0.1, .alpha = -3}.alpha == -3 && sub<>{.other = 0.1, .alpha = 2}.other == 0.1);
static_assert(std::is_same_v<decltype(sub(adam() | lr(0.1))), sub<branch<chain<adam, lr<>>>>>);
static_assert(std::is_same_v<decltype(mul(2)), mul<number>> && std::is_same_v<decltype(mul{}), mul<number>>);
static_assert(std::is_same_v<decltype(mul(ema(0.9))), mul<branch<chain<ema>>>> && mul(2.0).other == 2);
static_assert(std::is_same_v<decltype(tzero::div{}), tzero::div<number>> && tzero::div(2).other == 2);
static_assert(std::is_same_v<decltype(tzero::div(adam())), tzero::div<adam_branch>>);
static_assert(std::is_same_v<decltype(rsub(2)), rsub<number>> &&
              std::is_same_v<decltype(rsub<double>{}), rsub<number>>);
static_assert(std::is_same_v<decltype(rsub(mul(3.0))), rsub<branch<chain<mul<number>>>>>);
static_assert(std::is_same_v<decltype(rdiv(add(1.0))), rdiv<branch<chain<add<number>>>>> && rdiv(2.0).other == 2);
static_assert(std::is_same_v<decltype(rpow(tzero::abs())), rpow<branch<chain<tzero::abs>>>> && rpow(0.5).other == 0.5);
static_assert(std::is_same_v<decltype(tzero::pow(2)), tzero::pow<number>> &&
              std::is_same_v<decltype(tzero::pow{}), tzero::pow<number>>);
static_assert(std::is_same_v<decltype(maximum(negate())), maximum<branch<chain<negate>>>>);
static_assert(std::is_same_v<decltype(minimum(ema(0.5))), minimum<branch<chain<ema>>>>);
static_assert(std::is_same_v<decltype(copy_sign(ema(0.9))), copy_sign<branch<chain<ema>>>>);
static_assert(std::is_same_v<decltype(copy_magnitude(fill(0.5))), decltype(rcopy_sign(fill(0.5)))>);
static_assert(std::is_same_v<decltype(sub_modules(1, sign())), sub_modules<number, branch<chain<sign>>>>);
static_assert(
    std::is_same_v<decltype(sub_modules(sign(), sign(), 2.0)), sub_modules<branch<chain<sign>>, branch<chain<sign>>>>);
static_assert(std::is_same_v<decltype(div_modules(adam(), 2.0)), div_modules<adam_branch, number>>);
static_assert(std::is_same_v<decltype(pow_modules(2.0, sign())), pow_modules<number, branch<chain<sign>>>>);
static_assert(std::is_same_v<decltype(tzero::lerp(adam(), 0.5)), tzero::lerp<adam_branch>>);
static_assert(
    std::is_same_v<decltype(lerp_modules(adam(), sign(), 0.25)), lerp_modules<adam_branch, branch<chain<sign>>>>);
static_assert(std::is_same_v<decltype(clip_modules(sign())), clip_modules<branch<chain<sign>>>>);
static_assert(std::is_same_v<decltype(clip_modules(adam(), -1.0, tzero::abs())),
                             clip_modules<adam_branch, number, branch<chain<tzero::abs>>>>);
static_assert(std::is_same_v<decltype(sum(adam(), sign(), 1.0)), sum<adam_branch, branch<chain<sign>>, number>>);
static_assert(std::is_same_v<decltype(prod(sign(), 0.5)), prod<branch<chain<sign>>, number>>);
static_assert(std::is_same_v<decltype(mean(sign(), 1.0)), mean<branch<chain<sign>>, number>>);
static_assert(
    std::is_same_v<decltype(maximum_modules(adam(), sign())), maximum_modules<adam_branch, branch<chain<sign>>>>);
static_assert(std::is_same_v<decltype(minimum_modules(sign(), 1.0)), minimum_modules<branch<chain<sign>>, number>>);
static_assert(std::is_same_v<decltype(random_sample()), random_sample<>> &&
              std::is_same_v<decltype(noise_sign()), noise_sign<>>);
static_assert(std::is_same_v<decltype(random_sample(sphere, 2.0)), random_sample<sphere_t>>);
static_assert(random_sample<>{.variance = 2}.variance == 2 && noise_sign<sphere_t>{.seed = 1}.seed == 1);
static_assert(state_slots_of<decltype(sub_modules(adam(), ema(0.9)))> == 3 &&
              uses_param_v<decltype(mul(weight_decay(0.1)))>);
// AMSGrad, one way on the six modules that have it: `.with_amsgrad()` (a slot, so a type).
static_assert(std::is_same_v<decltype(adam().with_amsgrad()), basic_adam<true>> &&
              std::is_same_v<decltype(adam{.beta2 = 0.9}.with_amsgrad().with_amsgrad()), basic_adam<true>>);
static_assert(
    std::is_same_v<decltype(rmsprop<>{.smoothing = 0.9}.with_amsgrad()), rmsprop<uncentered_t, amsgrad_on_t>>);
static_assert(std::is_same_v<decltype(rmsprop(0.9, 1e-8, centered).with_amsgrad()), rmsprop<centered_t, amsgrad_on_t>>);
static_assert(std::is_same_v<decltype(ema_squared{.beta = 0.9}.with_amsgrad()), basic_ema_squared<amsgrad_on_t>>);
static_assert(sqrt_ema_squared{.beta = 0.5, .debiased = true}.with_amsgrad().debiased &&
              decltype(sqrt_ema_squared{}.with_amsgrad())::state_slots == 2);
static_assert(decltype(centered_ema_squared{}.with_amsgrad())::state_slots == 3 &&
              centered_sqrt_ema_squared(0.9).with_amsgrad().beta == 0.9);
}  // namespace construction

// One element of a single-pass step; the same function runs on the host and on the device.
template <class Chain>
__host__ __device__ void step_element(Chain const& c, tzero::step_coeffs<Chain> const& k, float* p, float const* g,
                                      float* state, std::size_t n, std::size_t i) {
    using P = tzero::plan_of<Chain>;
    static_assert(P::passes == 1, "this check runs single-pass chains");
    float s[P::state_slots > 0 ? P::state_slots : 1];
    for (int j = 0; j < P::state_slots; ++j) s[j] = state[j * n + i];
    float u = tzero::evaluate<0, P::modules>(c, k, g[i], g[i], p[i], s, static_cast<float const*>(nullptr));
    p[i] = p[i] - u;
    for (int j = 0; j < P::state_slots; ++j) state[j * n + i] = s[j];
}

template <class Chain>
__global__ void single_pass(Chain c, tzero::step_coeffs<Chain> k, float* p, float const* g, float* state,
                            std::size_t n) {
    for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < n;
         i += std::size_t(gridDim.x) * blockDim.x)
        step_element(c, k, p, g, state, n, i);
}

/// Steps `chain` on the host and, when there is a device, on it; 0 when they agree, 77 with no device.
template <class Chain>
int check(Chain const& chain, char const* what) {
    constexpr std::size_t slots = tzero::plan_of<Chain>::state_slots > 0 ? tzero::plan_of<Chain>::state_slots : 1;
    std::size_t const n = 1000;
    int const steps = 5;
    std::vector<float> p(n), g(n), cpu(n), cpu_state(slots * n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
        p[i] = cpu[i] = std::sin(float(i));
        g[i] = 2 * std::cos(float(3 * i));  // beyond ±1, so clip_value acts; signs vary, so cautious acts
    }
    for (int t = 1; t <= steps; ++t)
        for (std::size_t i = 0; i < n; ++i)
            step_element(chain, tzero::per_step(chain, t), cpu.data(), g.data(), cpu_state.data(), n, i);

    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("cuda: %s: compiled with nvcc; no CUDA device here, GPU step skipped\n", what);
        return 77;
    }
    float *dp = nullptr, *dg = nullptr, *ds = nullptr;
    cudaMalloc(&dp, n * sizeof(float));
    cudaMalloc(&dg, n * sizeof(float));
    cudaMalloc(&ds, slots * n * sizeof(float));
    cudaMemcpy(dp, p.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(dg, g.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemset(ds, 0, slots * n * sizeof(float));
    for (int t = 1; t <= steps; ++t) single_pass<<<4, 128>>>(chain, tzero::per_step(chain, t), dp, dg, ds, n);
    cudaError_t err = cudaMemcpy(p.data(), dp, n * sizeof(float), cudaMemcpyDeviceToHost);
    cudaFree(dp);
    cudaFree(dg);
    cudaFree(ds);
    if (err != cudaSuccess) {
        std::printf("cuda: %s: %s\n", what, cudaGetErrorString(err));
        return 1;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (std::abs(p[i] - cpu[i]) > 1e-6f * std::abs(cpu[i])) {
            std::printf("cuda: %s: element %zu: GPU %.9g, CPU %.9g\n", what, i, double(p[i]), double(cpu[i]));
            return 1;
        }
    std::printf("cuda: %s: %d GPU steps equal the host steps on %zu elements\n", what, steps, n);
    return 0;
}

int main() {
    using namespace tzero;
    int const seed = check(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4), "seed chain");
    // the modules over operands, their chains inlined into the same pass
    int const operands = check(mul(adam() | lr(0.1)) | add(ema(0.9), 0.5) | rsub(1.0) | maximum(negate()) |
                                   copy_sign(sign()) | sub_modules(ema(0.5), sign(), 2.0) | sum(tzero::abs(), 0.5) |
                                   clip_modules(adam(), -1.0, 1.0) | tzero::lerp(ema(0.8), 0.25) | mul(0.01),
                               "operand chain");
    // AMSGrad through `.with_amsgrad()`: the running maxima in their own slots
    int const amsgrad = check(adam{.beta2 = 0.9}.with_amsgrad() | rmsprop<>{.smoothing = 0.9}.with_amsgrad() | lr(0.01),
                              "amsgrad chain");
    return seed != 0 ? seed : operands != 0 ? operands : amsgrad;
}
