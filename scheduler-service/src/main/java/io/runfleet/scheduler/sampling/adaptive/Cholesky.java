package io.runfleet.scheduler.sampling.adaptive;

import java.util.Optional;

/**
 * The lower Cholesky factor L of a symmetric positive-definite matrix (A = L L^T), row-major in one array, with the
 * triangular solves a Gaussian process needs. Written out instead of Hipparchus' CholeskyDecomposition because the
 * model factorises hundreds of matrices per fit: one flat array and no copies keep that a few milliseconds at n = 200.
 */
final class Cholesky {

    private final int n;
    private final double[] lower;

    private Cholesky(int n, double[] lower) {
        this.n = n;
        this.lower = lower;
    }

    /**
     * Factorises {@code matrix} (row-major n x n, lower triangle read, overwritten), or empty when it is not
     * numerically positive definite.
     */
    static Optional<Cholesky> factor(double[] matrix, int n) {
        for (int j = 0; j < n; j++) {
            int rowJ = j * n;
            double diagonal = matrix[rowJ + j];
            for (int k = 0; k < j; k++) {
                diagonal -= matrix[rowJ + k] * matrix[rowJ + k];
            }
            if (!(diagonal > 0)) {
                return Optional.empty();
            }
            double pivot = Math.sqrt(diagonal);
            matrix[rowJ + j] = pivot;
            for (int i = j + 1; i < n; i++) {
                int rowI = i * n;
                double sum = matrix[rowI + j];
                for (int k = 0; k < j; k++) {
                    sum -= matrix[rowI + k] * matrix[rowJ + k];
                }
                matrix[rowI + j] = sum / pivot;
            }
        }
        return Optional.of(new Cholesky(n, matrix));
    }

    int size() {
        return n;
    }

    /** Solves L v = b. */
    double[] solveLower(double[] b) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= lower[row + k] * v[k];
            }
            v[i] = sum / lower[row + i];
        }
        return v;
    }

    /** Solves L^T x = v. */
    double[] solveUpper(double[] v) {
        double[] x = v.clone();
        for (int i = n - 1; i >= 0; i--) {
            x[i] /= lower[i * n + i];
            double xi = x[i];
            for (int k = 0; k < i; k++) {
                x[k] -= lower[i * n + k] * xi;
            }
        }
        return x;
    }

    /** ln det A = 2 sum ln L_ii. */
    double logDeterminant() {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.log(lower[i * n + i]);
        }
        return 2 * sum;
    }

    /**
     * The factor of A grown by one row and column (the new point's covariances with the old ones and its own
     * variance): one forward solve, O(n^2), instead of refactorising, so that a pending point costs little.
     */
    Optional<Cholesky> extend(double[] column, double diagonal) {
        double[] row = solveLower(column);
        double rest = diagonal;
        for (double value : row) {
            rest -= value * value;
        }
        if (!(rest > 0)) {
            return Optional.empty();
        }
        int m = n + 1;
        double[] grown = new double[m * m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(lower, i * n, grown, i * m, i + 1);
        }
        System.arraycopy(row, 0, grown, n * m, n);
        grown[n * m + n] = Math.sqrt(rest);
        return Optional.of(new Cholesky(m, grown));
    }
}
