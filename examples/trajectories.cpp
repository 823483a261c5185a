// Trajectories of every module family on two classic 2-D test functions, for the plots in
// docs/modules/plots/ (drawn by docs/modules/plot_trajectories.py):
//     Rosenbrock  f = (1 − x)² + 100·(y − x²)²   from (−1.1, 2.5), minimum 0 at (1, 1)
//     quadratic   f = ½·(x² + 100·y²)            from (−8, 1.5),   minimum 0 at (0, 0), condition 100
// Each config is a chain with its step size γ tuned per function. With a path argument the program
// writes CSV rows `family,label,function,step,x,y,f`; without, it prints the final loss of each run.
// Exits non-zero if a run's loss turns non-finite or does not fall tenfold, or if Adam does not get
// within 1e-2 of Rosenbrock's minimum.
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <xtensor/xtensor.hpp>

#include <tzero/tzero.hpp>

using namespace tzero;
using vec = xt::xtensor<double, 1>;

struct problem {
    char const* name;
    double x0, y0;
    std::function<double(vec const&, vec&)> loss;  // returns f, writes ∇f
};
struct point {
    double x, y, f;
};

// Runs `steps` steps of one chain from the problem's start; the trajectory has steps + 1 points.
template <class Chain>
std::vector<point> run(Chain const& chain, problem const& p, int steps) {
    vec w = {p.x0, p.y0}, g = {0.0, 0.0};
    optimizer opt(chain, params(w));
    std::vector<point> path;
    for (int t = 0; t <= steps; ++t) {
        path.push_back({w(0), w(1), p.loss(w, g)});
        if (t < steps) opt.step(g);
    }
    return path;
}

struct config {
    char const* family;
    std::string label;  // the chain as written, "γ" standing for the step size
    double lr_rosenbrock, lr_quadratic;
    std::function<std::vector<point>(problem const&, double)> trajectory;
};
std::string with_step(std::string label, double step) {
    char number[32];
    std::snprintf(number, sizeof number, "%g", step);
    return label.replace(label.find("γ"), std::string("γ").size(), number);
}

template <class Make>  // Make: γ ↦ chain
config row(char const* family, std::string label, double lr_rosenbrock, double lr_quadratic, Make make) {
    return {family, std::move(label), lr_rosenbrock, lr_quadratic,
            [make](problem const& p, double lr) { return run(make(lr), p, 500); }};
}

int main(int argc, char** argv) {
    problem const problems[] = {
        {"rosenbrock", -1.1, 2.5,
         [](vec const& w, vec& g) {
             double x = w(0), y = w(1), r = y - x * x;
             g = {-2 * (1 - x) - 400 * x * r, 200 * r};
             return (1 - x) * (1 - x) + 100 * r * r;
         }},
        {"quadratic", -8, 1.5,
         [](vec const& w, vec& g) {
             g = {w(0), 100 * w(1)};
             return 0.5 * (w(0) * w(0) + 100 * w(1) * w(1));
         }},
    };
    std::vector<config> const configs = {
        // family, chain, γ on Rosenbrock, γ on the quadratic
        row("adaptive", "adam() | lr(γ)", 0.5, 0.3, [](double step) { return adam() | lr(step); }),
        row("adaptive", "rmsprop() | lr(γ)", 0.1, 0.05, [](double step) { return rmsprop() | lr(step); }),
        row("adaptive", "adagrad() | lr(γ)", 1, 1, [](double step) { return adagrad() | lr(step); }),
        row("clipping", "lr(γ)", 0.001, 0.019, [](double step) { return lr(step); }),
        row("clipping", "clip_value(1) | lr(γ)", 0.01, 0.02, [](double step) { return clip_value(1) | lr(step); }),
        row("clipping", "clip_norm(1) | lr(γ)", 0.2, 0.02, [](double step) { return clip_norm(1.0) | lr(step); }),
        row("momentum", "lr(γ)", 0.001, 0.019, [](double step) { return lr(step); }),
        row("momentum", "heavy_ball() | lr(γ)", 0.0005, 0.005, [](double step) { return heavy_ball() | lr(step); }),
        row("momentum", "nag() | lr(γ)", 0.0005, 0.005, [](double step) { return nag() | lr(step); }),
        row("momentum", "ema() | lr(γ)", 0.005, 0.05, [](double step) { return ema() | lr(step); }),
        row("momentum", "adam() | lr(γ)", 0.5, 0.3, [](double step) { return adam() | lr(step); }),
        row("momentum", "adam() | lr(γ) | cautious()", 0.5, 0.3,
            [](double step) { return adam() | lr(step) | cautious(); }),
        row("ops", "sign() | lr(γ)", 0.01, 0.02, [](double step) { return sign() | lr(step); }),
        row("ops", "ema() | sign() | lr(γ)", 0.01, 0.02, [](double step) { return ema() | sign() | lr(step); }),
        row("step_size", "lr(γ)", 0.0005, 0.005, [](double step) { return lr(step); }),
        row("step_size", "lr(γ)", 0.001, 0.01, [](double step) { return lr(step); }),
        row("step_size", "lr(γ)", 0.0015, 0.019, [](double step) { return lr(step); }),
        row("weight_decay", "adam() | lr(γ)", 0.5, 0.3, [](double step) { return adam() | lr(step); }),
        row("weight_decay", "weight_decay(0.5) | adam() | lr(γ)", 0.5, 0.3,
            [](double step) { return weight_decay(0.5) | adam() | lr(step); }),
        row("weight_decay", "adam() | weight_decay(0.5) | lr(γ)", 0.5, 0.3,
            [](double step) { return adam() | weight_decay(0.5) | lr(step); }),
        row("weight_decay", "weight_decay(1) | lr(γ)", 0.001, 0.019,
            [](double step) { return weight_decay(1) | lr(step); }),
    };

    std::FILE* csv = argc > 1 ? std::fopen(argv[1], "w") : nullptr;
    if (argc > 1 && !csv) return std::perror(argv[1]), 2;
    if (csv) std::fprintf(csv, "family,label,function,step,x,y,f\n");
    bool ok = true;
    for (auto const& c : configs)
        for (auto const& p : problems) {
            bool rosenbrock = &p == &problems[0];
            double step = rosenbrock ? c.lr_rosenbrock : c.lr_quadratic;
            std::string label = with_step(c.label, step);
            auto path = c.trajectory(p, step);
            double first = path.front().f, last = path.back().f;
            bool finite = true;
            for (std::size_t t = 0; t < path.size(); ++t) {
                finite = finite && std::isfinite(path[t].f);
                if (csv)
                    std::fprintf(csv, "%s,\"%s\",%s,%zu,%.9g,%.9g,%.9g\n", c.family, label.c_str(), p.name, t,
                                 path[t].x, path[t].y, path[t].f);
            }
            bool good = finite && last < first / 10;
            if (rosenbrock && c.label == "adam() | lr(γ)") good = good && last < 1e-2;
            ok = ok && good;
            if (!csv || !good)
                std::printf("%-12s %-10s %-40s f %8.3g -> %-9.3g%s\n", c.family, p.name, label.c_str(), first, last,
                            good ? "" : "  FAILED");
        }
    if (csv) std::fclose(csv);
    return ok ? 0 : 1;
}
