// libtorch interop (tzero/interop/torch.hpp): a torch::nn model whose parameters a tzero chain
// steps in place, through views over data_ptr, against the same chain on xtensor copies fed
// the same autograd gradients; torch::optim::Adam as a second witness; tensors the views reject.
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

// torch first: through c10's logging it defines glog's CHECK, which Catch's CHECK must replace.
#include <torch/torch.h>

#include <catch2/catch.hpp>
#include <xtensor/xarray.hpp>

#include <tzero/interop/torch.hpp>
#include <tzero/tzero.hpp>

using namespace tzero;
namespace ti = tzero::torch_interop;

namespace {

torch::nn::Sequential make_model(std::uint64_t seed) {
    torch::manual_seed(seed);
    return torch::nn::Sequential(torch::nn::Linear(10, 10), torch::nn::ReLU(), torch::nn::Linear(10, 1));
}

// A copy of a contiguous CPU tensor, of the same shape.
template <class T>
xt::xarray<T> copy_of(torch::Tensor const& t) {
    std::vector<std::size_t> shape(t.sizes().begin(), t.sizes().end());
    xt::xarray<T> a = xt::xarray<T>::from_shape(shape);
    std::memcpy(a.data(), t.data_ptr<T>(), a.size() * sizeof(T));
    return a;
}

template <class T>
bool same_bits(torch::Tensor const& t, xt::xarray<T> const& a) {
    return std::size_t(t.numel()) == a.size() && std::memcmp(t.data_ptr<T>(), a.data(), a.size() * sizeof(T)) == 0;
}

// One full-batch BCE-with-logits backward on 32 fixed points; returns the loss.
float backward(torch::nn::Sequential& model, torch::Tensor const& x, torch::Tensor const& y) {
    model->zero_grad();
    auto const loss = torch::binary_cross_entropy_with_logits(model->forward(x), y);
    loss.backward();
    return loss.item().toFloat();
}

}  // namespace

TEMPLATE_TEST_CASE("torch interop: a torch::nn model stepped in place matches xtensor copies bitwise",
                   "[interop][torch]", float, double) {
    using T = TestType;
    auto const dtype = std::is_same_v<T, float> ? torch::kFloat : torch::kDouble;
    auto model = make_model(1);
    model->to(dtype);  // before the optimizer is made: views hold the final storage
    torch::manual_seed(2);
    auto const x = torch::randn({32, 10}, dtype);
    auto const y = torch::randint(0, 2, {32, 1}, dtype);

    auto const parameters = model->parameters();
    std::vector<xt::xarray<T>> copies, grads(parameters.size());
    std::vector<void*> storage;
    for (auto const& p : parameters) {
        copies.push_back(copy_of<T>(p));
        storage.push_back(p.data_ptr());
    }
    auto const chain = clip_value(1) | adam() | lr(1e-2) | cautious();
    optimizer on_torch(chain, ti::params<T>(parameters));
    optimizer on_xtensor(chain, std::vector<tensor_view<T>>(copies.begin(), copies.end()));

    auto const first = backward(model, x, y);
    float last = first;
    for (int step = 1; step <= 20; ++step) {
        if (step > 1) last = backward(model, x, y);
        for (std::size_t i = 0; i < parameters.size(); ++i) grads[i] = copy_of<T>(parameters[i].grad());
        {
            torch::NoGradGuard no_grad;
            on_torch.step(ti::grads<T>(parameters));
        }
        on_xtensor.step(std::vector<tensor_view<T const>>(grads.begin(), grads.end()));
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            INFO("step " << step << ", parameter " << i);
            REQUIRE(same_bits(parameters[i], copies[i]));  // same chain, same data: same bits
        }
    }
    CHECK(on_torch.steps() == 20);
    CHECK(last < first);                                                                                // it trains
    for (std::size_t i = 0; i < parameters.size(); ++i) CHECK(parameters[i].data_ptr() == storage[i]);  // in place
}

TEST_CASE("torch interop: adam | lr on data_ptr views follows torch::optim::Adam", "[interop][torch]") {
    // With ε added to the debiased √v̂ (adam_eps::torch), tzero's Adam is torch's formula; the
    // two differ only in float rounding (tzero computes its per-step scalars in double).
    auto ours = make_model(3), theirs = make_model(3);
    torch::manual_seed(4);
    auto const x = torch::randn({32, 10});
    auto const y = torch::randint(0, 2, {32, 1}).to(torch::kFloat);
    optimizer opt(adam{.eps_at = adam_eps::torch} | lr(1e-2), ti::params(ours->parameters()));
    torch::optim::Adam reference(theirs->parameters(), torch::optim::AdamOptions(1e-2));
    for (int step = 1; step <= 20; ++step) {
        backward(ours, x, y);
        backward(theirs, x, y);
        {
            torch::NoGradGuard no_grad;
            opt.step(ti::grads(ours->parameters()));
        }
        reference.step();
    }
    auto const a = ours->parameters(), b = theirs->parameters();
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO("parameter " << i << ", max difference " << (a[i] - b[i]).abs().max().item().toFloat());
        CHECK(torch::allclose(a[i], b[i], /*rtol=*/1e-5, /*atol=*/1e-6));
    }
}

TEST_CASE("torch interop: views of float and double tensors, const or not", "[interop][torch]") {
    auto f = torch::arange(6, torch::kFloat).reshape({2, 3});
    auto const v = ti::view(f);
    CHECK(v.data == f.data_ptr<float>());
    CHECK(v.shape == std::vector<std::size_t>({2, 3}));
    auto d = torch::zeros({4}, torch::kDouble);
    auto const w = ti::view<double const>(d);
    CHECK(w.data == d.data_ptr<double>());
    CHECK(w.size() == 4);
    CHECK(ti::view(torch::tensor(1.5f)).shape.empty());                   // 0-dimensional: one element
    CHECK(ti::view(torch::ones({3, 4}).slice(0, 1, 3)).data != nullptr);  // contiguous with an offset
}

TEST_CASE("torch interop: tensors a view cannot step throw tzero::error", "[interop][torch]") {
    using Catch::Contains;
    CHECK_THROWS_AS(ti::view(torch::ones({3, 4}).t()), tzero::error);
    CHECK_THROWS_WITH(ti::view(torch::ones({3, 4}).t()), Contains("tzero: torch tensor is not contiguous"));
    CHECK_THROWS_WITH(ti::view(torch::ones({3}, torch::kDouble)),
                      Contains("tzero: torch tensor has dtype Double but the view is of Float"));
    CHECK_THROWS_WITH(ti::view<double>(torch::ones({3})), Contains("has dtype Float but the view is of Double"));
    CHECK_THROWS_WITH(ti::view(torch::Tensor()), Contains("tzero: torch tensor is undefined"));
    CHECK_THROWS_WITH(ti::view(torch::empty({3}, torch::device(torch::kMeta))), Contains("is on meta, not the CPU"));
    CHECK_THROWS_WITH(ti::view(torch::ones({3}).to_sparse()), Contains("is not a dense tensor"));

    std::vector<torch::Tensor> const mixed{torch::ones({2}), torch::ones({2, 2}).t()};
    CHECK_THROWS_WITH(ti::params(mixed), Contains("tzero: torch parameter 1 is not contiguous"));
}

TEST_CASE("torch interop: a bad gradient throws before the optimizer changes anything", "[interop][torch]") {
    using Catch::Contains;
    auto model = make_model(5);
    auto const parameters = model->parameters();
    optimizer opt(adam() | lr(1e-2), ti::params(parameters));
    std::vector<torch::Tensor> before;
    for (auto const& p : parameters) before.push_back(p.detach().clone());
    auto unchanged = [&] {
        bool same = opt.steps() == 0;
        for (std::size_t i = 0; i < parameters.size(); ++i) same = same && torch::equal(parameters[i], before[i]);
        for (int slot = 0; slot < 2; ++slot)
            for (float s : opt.state(slot, 0)) same = same && s == 0;
        return same;
    };

    SECTION("no backward yet: undefined gradients") {
        CHECK_THROWS_WITH(opt.step(ti::grads(parameters)), Contains("tzero: torch parameter 0 has no gradient"));
    }
    SECTION("a transposed gradient") {
        backward(model, torch::randn({4, 10}), torch::ones({4, 1}));
        parameters[0].mutable_grad() = torch::ones({10, 10}).t();
        CHECK_THROWS_WITH(opt.step(ti::grads(parameters)),
                          Contains("tzero: torch gradient of parameter 0 is not contiguous"));
    }
    SECTION("a gradient of another dtype") {
        backward(model, torch::randn({4, 10}), torch::ones({4, 1}));
        parameters[3].mutable_grad() = torch::ones({1}, torch::kDouble);
        CHECK_THROWS_WITH(opt.step(ti::grads(parameters)), Contains("gradient of parameter 3 has dtype Double"));
    }
    CHECK(unchanged());
}
