/// @file tzero/backends/cpu/blas.hpp
/// The matrix kernels of the CPU backend's dense stages (core/dense.hpp): the BLAS and LAPACK
/// routines a dense quasi-Newton step needs, on row-major n×n matrices of doubles, from the BLAS
/// the project already depends on (OpenBLAS: CBLAS and LAPACK in one library). The routines are
/// declared here rather than through <cblas.h>, so that including tzero costs no BLAS headers;
/// a program that steps a dense stage links them (CMake: `tzero::blas`, docs/modules/closure.md).
#pragma once
#include <climits>
#include <cstddef>

extern "C" {
// CBLAS (row-major): y ← α·op(A)·x + β·y, and A ← α·x·yᵀ + A
void cblas_dgemv(int order, int trans, int m, int n, double alpha, double const* a, int lda, double const* x, int incx,
                 double beta, double* y, int incy);
void cblas_dger(int order, int m, int n, double alpha, double const* x, int incx, double const* y, int incy, double* a,
                int lda);
// LAPACK: A·X = B by LU with partial pivoting (column-major; A is overwritten by its factors)
void dgesv_(int const* n, int const* nrhs, double* a, int const* lda, int* ipiv, double* b, int const* ldb, int* info);
}

namespace tzero::cpu {

/// The dense kernels over OpenBLAS. Matrices are row-major n×n (n ≤ INT_MAX: a dense stage
/// refuses larger parameter lists when it binds).
struct blas {
    static constexpr int row_major = 101, no_trans = 111, trans = 112;  // CBLAS's enumerators

    /// y = A·x, or Aᵀ·x when `transpose`.
    static void gemv(bool transpose, std::size_t n, double const* a, double const* x, double* y) {
        int const k = int(n);
        cblas_dgemv(row_major, transpose ? trans : no_trans, k, k, 1.0, a, k, x, 1, 0.0, y, 1);
    }
    /// A += α·x·yᵀ.
    static void ger(std::size_t n, double alpha, double const* x, double const* y, double* a) {
        int const k = int(n);
        cblas_dger(row_major, k, k, alpha, x, 1, y, 1, a, k);
    }
    /// b ← A⁻¹·b by LU with partial pivoting (torch.linalg.solve's), A overwritten; false when A
    /// is exactly singular. `pivots` holds n ints. Row-major A is Aᵀ to LAPACK: it solves with
    /// the transpose of what it factors, so the caller hands it Aᵀ (`transposed` copy).
    static bool solve_transposed(std::size_t n, double* a_transposed, double* b, int* pivots) {
        int const k = int(n), one = 1;
        int info = 0;
        dgesv_(&k, &one, a_transposed, &k, pivots, b, &k, &info);
        return info == 0;
    }
};

}  // namespace tzero::cpu
