// libtorch interop: a torch::nn 10→10→1 ReLU network fitted to 32 points with binary
// cross-entropy. Autograd computes the gradients; a tzero chain
//     clip_value(1) | adam() | lr(1e-2) | cautious()
// steps the module's own parameter storage in place, through views over data_ptr<float>()
// (tzero/interop/torch.hpp). Exits non-zero unless the loss falls below a third of its start.
#include <cstdio>

#include <torch/torch.h>

#include <tzero/interop/torch.hpp>
#include <tzero/tzero.hpp>

int main() {
    torch::manual_seed(0);
    // Data: 32 normal points with random 0/1 labels, which the network has to memorize.
    auto const x = torch::randn({32, 10});
    auto const y = torch::randint(0, 2, {32, 1}).to(torch::kFloat);
    torch::nn::Sequential model(torch::nn::Linear(10, 10), torch::nn::ReLU(), torch::nn::Linear(10, 1));

    using namespace tzero;
    namespace ti = tzero::torch_interop;
    // The optimizer views the parameters' memory: no copy, and no torch::optim.
    optimizer opt(clip_value(1) | adam() | lr(1e-2) | cautious(), ti::params(model->parameters()));

    float first = 0, loss = 0;
    std::printf("training a torch::nn 10-10-1 MLP with clip_value(1) | adam() | lr(1e-2) | cautious()\n");
    for (int epoch = 1; epoch <= 200; ++epoch) {
        model->zero_grad();
        auto const bce = torch::binary_cross_entropy_with_logits(model->forward(x), y);
        bce.backward();
        loss = bce.item<float>();
        if (epoch == 1) first = loss;
        if (epoch % 10 == 0)
            std::printf("%s%3d: %-9.4g%s", epoch % 50 == 10 ? "epoch " : " ", epoch, double(loss),
                        epoch % 50 == 0 ? "\n" : "");

        torch::NoGradGuard no_grad;                // the step is not part of the graph
        opt.step(ti::grads(model->parameters()));  // reads each p.grad(), writes p in place
    }
    std::printf("final loss %.4g (from %.4g, %.0fx lower)\n", double(loss), double(first), double(first / loss));
    return loss < first / 3 ? 0 : 1;
}
