// One chain stepped on n fp32 elements, for counting memory traffic with a cache simulator:
//   valgrind --tool=callgrind --cache-sim=yes --LL=8388608,16,64 --collect-atstart=no
//            --toggle-collect="*tzero::cpu::run_step*" build/benchmarks/bench_traffic seed 2097152 2
// prints the plan's bytes; the simulator's last-level misses × 64 B / (n · steps) are the bytes
// per element fetched from memory (write-backs are not counted by the simulator).
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

using namespace tzero;

template <class Chain>
int run(Chain const& chain, std::size_t n, int steps) {
    std::vector<float> p(n, 1.0f), g(n, 0.5f);
    optimizer opt(chain, std::vector{tensor_view<float>(p.data(), {n})});
    tensor_view<float const> gv(g.data(), {n});
    for (int s = 0; s < steps; ++s) opt.step(std::span(&gv, 1));
    using P = plan_of<as_chain_t<Chain>>;
    std::printf("plan: %zu passes, %zu B/element (%zu read, %zu written)\n", P::passes,
                P::template bytes_per_element<float>, P::template read_bytes_for<float>(P::chosen),
                P::template bytes_per_element<float> - P::template read_bytes_for<float>(P::chosen));
    return p[0] == p[0] ? 0 : 1;
}

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: bench_traffic <adam_lr|seed|seed_normalized|adam_clip_norm_lr> <n> <steps>\n");
        return 2;
    }
    std::string const chain = argv[1];
    std::size_t const n = std::strtoull(argv[2], nullptr, 10);
    int const steps = std::atoi(argv[3]);
    if (chain == "adam_lr") return run(adam() | lr(0.1), n, steps);
    if (chain == "seed") return run(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4), n, steps);
    if (chain == "seed_normalized")
        return run(clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4), n, steps);
    if (chain == "adam_clip_norm_lr") return run(adam() | clip_norm(0.5) | lr(0.01), n, steps);
    std::fprintf(stderr, "bench_traffic: unknown chain %s\n", chain.c_str());
    return 2;
}
