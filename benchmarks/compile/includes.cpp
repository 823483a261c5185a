// Compile-time cost of including tzero (and through it xtensor, xsimd, Hana) and nothing else.
#include <tzero/tzero.hpp>

int main() { return 0; }
