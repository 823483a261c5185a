/// @file tzero/backends/cpu/blas.hpp
/// The matrix kernels of the CPU backend's dense stages (core/dense.hpp): the BLAS and LAPACK
/// routines a dense quasi-Newton or Newton step needs, on row-major n×n matrices of doubles, from the BLAS
/// the project already depends on (OpenBLAS: the BLAS and LAPACK in one library). The routines are
/// declared here (under tzero's own names) rather than through a BLAS header, so that including
/// tzero costs no BLAS header and conflicts with none a program includes (xtensor-blas's); a
/// program that steps a dense stage links them (CMake: `tzero::blas`).
#pragma once
#include <climits>
#include <cstddef>
#include <cstring>

namespace tzero::cpu::detail {
// The Fortran BLAS and LAPACK routines, column-major, under names of tzero's own bound to their
// symbols (GCC's and Clang's asm labels): a program that also includes a BLAS header (CBLAS,
// xtensor-blas's FLENS, LAPACKE) declares these symbols with its own types, and a second
// extern "C" declaration of the same name with other types would not compile. Character
// arguments take Fortran's hidden lengths last.
void blas_dgemv(char const* trans, int const* m, int const* n, double const* alpha, double const* a, int const* lda,
                double const* x, int const* incx, double const* beta, double* y, int const* incy,
                std::size_t trans_len) __asm__("dgemv_");
void blas_dger(int const* m, int const* n, double const* alpha, double const* x, int const* incx, double const* y,
               int const* incy, double* a, int const* lda) __asm__("dger_");
void blas_dgemm(char const* trans_a, char const* trans_b, int const* m, int const* n, int const* k, double const* alpha,
                double const* a, int const* lda, double const* b, int const* ldb, double const* beta, double* c,
                int const* ldc, std::size_t trans_a_len, std::size_t trans_b_len) __asm__("dgemm_");
// A·X = B by LU with partial pivoting, Cholesky's factor and solve, the LU factor and inverse,
// least squares by a complete orthogonal factorization, a symmetric eigendecomposition
void lapack_dgesv(int const* n, int const* nrhs, double* a, int const* lda, int* ipiv, double* b, int const* ldb,
                  int* info) __asm__("dgesv_");
void lapack_dpotrf(char const* uplo, int const* n, double* a, int const* lda, int* info,
                   std::size_t uplo_len) __asm__("dpotrf_");
void lapack_dpotrs(char const* uplo, int const* n, int const* nrhs, double const* a, int const* lda, double* b,
                   int const* ldb, int* info, std::size_t uplo_len) __asm__("dpotrs_");
void lapack_dgetrf(int const* m, int const* n, double* a, int const* lda, int* ipiv, int* info) __asm__("dgetrf_");
void lapack_dgetri(int const* n, double* a, int const* lda, int const* ipiv, double* work, int const* lwork,
                   int* info) __asm__("dgetri_");
void lapack_dgelsy(int const* m, int const* n, int const* nrhs, double* a, int const* lda, double* b, int const* ldb,
                   int* jpvt, double const* rcond, int* rank, double* work, int const* lwork,
                   int* info) __asm__("dgelsy_");
void lapack_dsyevd(char const* jobz, char const* uplo, int const* n, double* a, int const* lda, double* w, double* work,
                   int const* lwork, int* iwork, int const* liwork, int* info, std::size_t jobz_len,
                   std::size_t uplo_len) __asm__("dsyevd_");
}  // namespace tzero::cpu::detail

namespace tzero::cpu {

/// The dense kernels over OpenBLAS. Matrices are row-major n×n (n ≤ INT_MAX: a dense stage
/// refuses larger parameter lists when it binds).
struct blas {
    // a row-major matrix is its transpose to the column-major routines: y = A·x is their Aᵀ·x

    /// y = A·x, or Aᵀ·x when `transpose`.
    static void gemv(bool transpose, std::size_t n, double const* a, double const* x, double* y) {
        int const k = int(n), one = 1;
        double const alpha = 1, beta = 0;
        detail::blas_dgemv(transpose ? "N" : "T", &k, &k, &alpha, a, &k, x, &one, &beta, y, &one, 1);
    }
    /// C = A·B (column-major: Cᵀ = Bᵀ·Aᵀ).
    static void gemm(std::size_t n, double const* a, double const* b, double* c) {
        int const k = int(n);
        double const alpha = 1, beta = 0;
        detail::blas_dgemm("N", "N", &k, &k, &k, &alpha, b, &k, a, &k, &beta, c, &k, 1, 1);
    }
    /// A += α·x·yᵀ (column-major: Aᵀ += α·y·xᵀ).
    static void ger(std::size_t n, double alpha, double const* x, double const* y, double* a) {
        int const k = int(n), one = 1;
        detail::blas_dger(&k, &k, &alpha, y, &one, x, &one, a, &k);
    }
    /// b ← A⁻¹·b by LU with partial pivoting (torch.linalg.solve's), A overwritten; false when A
    /// is exactly singular. `pivots` holds n ints. Row-major A is Aᵀ to LAPACK: it solves with
    /// the transpose of what it factors, so the caller hands it Aᵀ (`transposed` copy).
    static bool solve_transposed(std::size_t n, double* a_transposed, double* b, int* pivots) {
        int const k = int(n), one = 1;
        int info = 0;
        detail::lapack_dgesv(&k, &one, a_transposed, &k, pivots, b, &k, &info);
        return info == 0;
    }

    // The Newton solves (modules/second_order/newton.hpp), on a row-major A that LAPACK reads as
    // Aᵀ: its lower triangle is LAPACK's upper one. `a` is overwritten in each.

    /// b ← A⁻¹·b from the Cholesky factor of A's lower triangle (torch.linalg.cholesky's);
    /// false when that is not positive definite.
    static bool cholesky_solve(std::size_t n, double* a, double* b) {
        int const k = int(n), one = 1;
        int info = 0;
        detail::lapack_dpotrf("U", &k, a, &k, &info, 1);
        if (info != 0) return false;
        detail::lapack_dpotrs("U", &k, &one, a, &k, b, &k, &info, 1);
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
        detail::lapack_dgelsy(&k, &k, &nrhs, a_transposed, &k, b, &k, pivots, &rcond, &rank, work, &lwork, &info);
    }
    /// The eigenvalues of A's lower triangle, ascending, into `w`, and eigenvector j into row j of
    /// `a` (torch.linalg.eigh's, up to each vector's sign); `work` `eigh_work(n)` doubles, `iwork`
    /// 5n + 3 ints. False when it does not converge.
    static std::size_t eigh_work(std::size_t n) { return 1 + 6 * n + 2 * n * n; }
    static bool eigh(std::size_t n, double* a, double* w, double* work, int* iwork) {
        int const k = int(n), lwork = int(eigh_work(n)), liwork = int(5 * n + 3);
        int info = 0;
        detail::lapack_dsyevd("V", "U", &k, a, &k, w, work, &lwork, iwork, &liwork, &info, 1, 1);
        return info == 0;
    }
    /// a ← A⁻¹ (row-major in, row-major out); `pivots` n ints, `work` 64·n doubles. False when A
    /// is singular.
    static bool inverse(std::size_t n, double* a, int* pivots, double* work) {
        int const k = int(n), lwork = int(64 * n);
        int info = 0;
        detail::lapack_dgetrf(&k, &k, a, &k, pivots, &info);
        if (info != 0) return false;
        detail::lapack_dgetri(&k, a, &k, pivots, work, &lwork, &info);
        return info == 0;
    }
};

}  // namespace tzero::cpu
