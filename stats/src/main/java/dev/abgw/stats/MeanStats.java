package dev.abgw.stats;

/**
 * Sufficient statistics of a per-unit value: count, sum and sum of squares. Additive: the
 * statistics of two disjoint samples are their {@link #plus}.
 *
 * <p>Mean {@code sum / n}; sample variance {@code (sumSquares - sum^2 / n) / (n - 1)}.
 *
 * @param n number of observations, {@code >= 0}
 * @param sum sum of the values
 * @param sumSquares sum of the squared values, {@code >= 0}
 */
public record MeanStats(long n, double sum, double sumSquares) {

  public MeanStats {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0 (was " + n + ")");
    }
    Checks.finite("sum", sum);
    Checks.finite("sumSquares", sumSquares);
    if (sumSquares < 0) {
      throw new IllegalArgumentException("sumSquares must be >= 0 (was " + sumSquares + ")");
    }
  }

  public static MeanStats empty() {
    return new MeanStats(0, 0, 0);
  }

  public static MeanStats of(long n, double sum, double sumSquares) {
    return new MeanStats(n, sum, sumSquares);
  }

  /** Statistics with one more observation {@code x}. */
  public MeanStats observe(double x) {
    return new MeanStats(n + 1, sum + x, sumSquares + x * x);
  }

  public MeanStats plus(MeanStats other) {
    return new MeanStats(n + other.n, sum + other.sum, sumSquares + other.sumSquares);
  }
}
