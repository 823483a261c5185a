/// @file tzero/backends/cpu/blas.hpp
/// The matrix kernels of the CPU backend's dense stages (core/dense.hpp): the BLAS and LAPACK
/// routines a dense quasi-Newton or Newton step needs, on row-major n×n matrices of doubles, from the BLAS
/// the project already depends on (OpenBLAS: CBLAS and LAPACK in one library). The routines are
/// declared here rather than through <cblas.h>, so that including tzero costs no BLAS headers;
/// a program that steps a dense stage links them (CMake: `tzero::blas`, docs/modules/closure.md).
#pragma once
#include <climits>
#include <cstddef>
#include <cstring>

extern "C" {
// CBLAS (row-major): y ← α·op(A)·x + β·y, A ← α·x·yᵀ + A, C ← α·op(A)·op(B) + β·C
void cblas_dgemv(int order, int trans, int m, int n, double alpha, double const* a, int lda, double const* x, int incx,
                 double beta, double* y, int incy);
void cblas_dger(int order, int m, int n, double alpha, double const* x, int incx, double const* y, int incy, double* a,
                int lda);
void cblas_dgemm(int order, int trans_a, int trans_b, int m, int n, int k, double alpha, double const* a, int lda,
                 double const* b, int ldb, double beta, double* c, int ldc);
// LAPACK (column-major; Fortran's hidden lengths of character arguments last): A·X = B by LU
// with partial pivoting, Cholesky's factor and solve, the LU factor and inverse, least squares by
// a complete orthogonal factorization, a symmetric eigendecomposition (divide and conquer)
void dgesv_(int const* n, int const* nrhs, double* a, int const* lda, int* ipiv, double* b, int const* ldb, int* info);
void dpotrf_(char const* uplo, int const* n, double* a, int const* lda, int* info, std::size_t uplo_len);
void dpotrs_(char const* uplo, int const* n, int const* nrhs, double const* a, int const* lda, double* b,
             int const* ldb, int* info, std::size_t uplo_len);
void dgetrf_(int const* m, int const* n, double* a, int const* lda, int* ipiv, int* info);
void dgetri_(int const* n, double* a, int const* lda, int const* ipiv, double* work, int const* lwork, int* info);
void dgelsy_(int const* m, int const* n, int const* nrhs, double* a, int const* lda, double* b, int const* ldb,
             int* jpvt, double const* rcond, int* rank, double* work, int const* lwork, int* info);
void dsyevd_(char const* jobz, char const* uplo, int const* n, double* a, int const* lda, double* w, double* work,
             int const* lwork, int* iwork, int const* liwork, int* info, std::size_t jobz_len, std::size_t uplo_len);
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
    /// C = A·B.
    static void gemm(std::size_t n, double const* a, double const* b, double* c) {
        int const k = int(n);
        cblas_dgemm(row_major, no_trans, no_trans, k, k, k, 1.0, a, k, b, k, 0.0, c, k);
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

    // The Newton solves (modules/second_order/newton.hpp), on a row-major A that LAPACK reads as
    // Aᵀ: its lower triangle is LAPACK's upper one. `a` is overwritten in each.

    /// b ← A⁻¹·b from the Cholesky factor of A's lower triangle (torch.linalg.cholesky's);
    /// false when that is not positive definite.
    static bool cholesky_solve(std::size_t n, double* a, double* b) {
        int const k = int(n), one = 1;
        int info = 0;
        dpotrf_("U", &k, a, &k, &info, 1);
        if (info != 0) return false;
        dpotrs_("U", &k, &one, a, &k, b, &k, &info, 1);
        return info == 0;
    }
    /// B ← the least-squares solutions of A·X = B of least norm (torch.linalg.lstsq's CPU driver,
    /// gelsy, with rcond = ε·n) for `columns` right-hand sides, each n contiguous values;
    /// `a_transposed` holds Aᵀ row-major (A to LAPACK), `pivots` n ints, `work` `lstsq_work(n,
    /// columns)` doubles.
    static std::size_t lstsq_work(std::size_t n, std::size_t columns = 1) { return 4 * n + 64 * (n + columns); }
    static void lstsq_transposed(std::size_t n, double* a_transposed, double* b, int* pivots, double* work,
                                 std::size_t columns = 1) {
        int const k = int(n), nrhs = int(columns), lwork = int(lstsq_work(n, columns));
        int rank = 0, info = 0;
        double const rcond = 2.220446049250313e-16 * double(n);
        std::memset(pivots, 0, n * sizeof(int));  // every column free to move
        dgelsy_(&k, &k, &nrhs, a_transposed, &k, b, &k, pivots, &rcond, &rank, work, &lwork, &info);
    }
    /// The eigenvalues of A's lower triangle, ascending, into `w`, and eigenvector j into row j of
    /// `a` (torch.linalg.eigh's, up to each vector's sign); `work` `eigh_work(n)` doubles, `iwork`
    /// 5n + 3 ints. False when it does not converge.
    static std::size_t eigh_work(std::size_t n) { return 1 + 6 * n + 2 * n * n; }
    static bool eigh(std::size_t n, double* a, double* w, double* work, int* iwork) {
        int const k = int(n), lwork = int(eigh_work(n)), liwork = int(5 * n + 3);
        int info = 0;
        dsyevd_("V", "U", &k, a, &k, w, work, &lwork, iwork, &liwork, &info, 1, 1);
        return info == 0;
    }
    /// a ← A⁻¹ (row-major in, row-major out); `pivots` n ints, `work` 64·n doubles. False when A
    /// is singular.
    static bool inverse(std::size_t n, double* a, int* pivots, double* work) {
        int const k = int(n), lwork = int(64 * n);
        int info = 0;
        dgetrf_(&k, &k, a, &k, pivots, &info);
        if (info != 0) return false;
        dgetri_(&k, a, &k, pivots, work, &lwork, &info);
        return info == 0;
    }
};

}  // namespace tzero::cpu
