// ODR check: both TUs link into one program and compute the same step.
#include <cstdio>
#include <vector>

float odr_first_step(std::vector<float>& p, std::vector<float> const& g);
float odr_second_step(std::vector<float>& p, std::vector<float> const& g);

int main() {
    std::vector<float> p1(19, 1.0f), p2(19, 1.0f), g(19, 0.5f);
    float a = odr_first_step(p1, g), b = odr_second_step(p2, g);
    if (a != b || p1 != p2) {
        std::printf("odr: the two translation units disagree (%g vs %g)\n", double(a), double(b));
        return 1;
    }
    std::printf("odr: two translation units agree (%g)\n", double(a));
    return 0;
}
