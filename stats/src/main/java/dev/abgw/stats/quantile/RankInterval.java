package dev.abgw.stats.quantile;

/**
 * The order-statistic ranks bracketing the p-quantile of n independent values (Deng, Knoblich and Lu 2018,
 * "Applying the Delta Method in Metric Analytics", section on quantile metrics).
 *
 * <p>The number of values at or below the true quantile is Binomial(n, p), approximately normal with mean
 * {@code n p} and variance {@code n p (1-p)}, so
 * <pre>
 *   L = floor(n p - z sqrt(n p (1-p))),   U = ceil(n p + z sqrt(n p (1-p))),   z = z_{1-alpha/2}
 * </pre>
 * (rounded outward) and {@code P(X_(L) <= q_p <= X_(U)) ~ 1 - alpha}. With clustered data (several requests
 * per randomization unit) {@code p (1-p)} is replaced by n times the delta-method variance of the indicator
 * mean; see the package documentation.
 *
 * @param lower L, 1-based
 * @param upper U, 1-based, {@code >= lower}
 */
public record RankInterval(long lower, long upper) {

  public RankInterval {
    if (lower < 1 || upper < lower) {
      throw new IllegalArgumentException("ranks must satisfy 1 <= lower <= upper (was [" + lower + ", " + upper + "])");
    }
  }

  /**
   * The rank interval for the p-quantile of n values at critical value z, or {@code null} when it reaches
   * outside [1, n] (too few values for this p and z).
   */
  static RankInterval ofOrNull(long n, double p, double z) {
    double center = n * p;
    double halfWidth = z * Math.sqrt(n * p * (1 - p));
    double low = Math.floor(center - halfWidth);
    double high = Math.ceil(center + halfWidth);
    if (low < 1 || high > n) {
      return null;
    }
    return new RankInterval((long) low, (long) high);
  }
}
