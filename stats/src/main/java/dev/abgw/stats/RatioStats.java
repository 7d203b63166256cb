package dev.abgw.stats;

/**
 * Sufficient statistics of a request-level metric clustered by randomization unit.
 *
 * <p>For each unit {@code u} let {@code S_u} be the sum of the values of u's requests and
 * {@code N_u} its number of requests (or observations). The record holds sums over units:
 *
 * <pre>
 *   units    = number of units with N_u &gt; 0
 *   sumS     = sum_u S_u          sumS2 = sum_u S_u^2
 *   sumN     = sum_u N_u          sumN2 = sum_u N_u^2
 *   crossSum = sum_u S_u N_u
 * </pre>
 *
 * <p>The metric is {@code sumS / sumN} (mean value per request); its variance is taken over
 * units with the delta method (see {@code dev.abgw.stats.test.ArmEstimate}), so heavy users
 * with many correlated requests do not shrink the standard error. Additive with {@link #plus}
 * as long as no unit appears in both operands.
 *
 * <p><b>Incremental update</b> (what the gateway store does, atomically, per value): a unit
 * whose current totals are {@code (S_u, N_u)} records one more value {@code x}:
 *
 * <pre>
 *   units    += (N_u == 0 ? 1 : 0)
 *   sumS     += x
 *   sumN     += 1
 *   sumS2    += 2 S_u x + x^2          because (S_u + x)^2 - S_u^2
 *   sumN2    += 2 N_u + 1              because (N_u + 1)^2 - N_u^2
 *   crossSum += S_u + x N_u + x        because (S_u + x)(N_u + 1) - S_u N_u
 * </pre>
 *
 * then {@code S_u += x; N_u += 1}. This needs the per-unit totals (S_u, N_u) kept alongside
 * (the store keeps them in a per-unit hash); {@link #observe} is the reference implementation.
 */
public record RatioStats(
    long units, double sumS, double sumS2, double sumN, double sumN2, double crossSum) {

  public RatioStats {
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0 (was " + units + ")");
    }
    Checks.finite("sumS", sumS);
    Checks.nonNegative("sumS2", sumS2);
    Checks.nonNegative("sumN", sumN);
    Checks.nonNegative("sumN2", sumN2);
    Checks.finite("crossSum", crossSum);
  }

  public static RatioStats empty() {
    return new RatioStats(0, 0, 0, 0, 0, 0);
  }

  public static RatioStats of(
      long units, double sumS, double sumS2, double sumN, double sumN2, double crossSum) {
    return new RatioStats(units, sumS, sumS2, sumN, sumN2, crossSum);
  }

  /** Statistics of a single unit whose requests sum to {@code s} over {@code n >= 1} requests. */
  public static RatioStats ofUnit(double s, long n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1 for a unit (was " + n + ")");
    }
    return new RatioStats(1, s, s * s, n, (double) n * n, s * n);
  }

  /**
   * Statistics after a unit with current totals {@code (currentS, currentN)} records one more
   * value {@code x}; see the class Javadoc for the update rule.
   */
  public RatioStats observe(double currentS, long currentN, double x) {
    if (currentN < 0) {
      throw new IllegalArgumentException("currentN must be >= 0 (was " + currentN + ")");
    }
    return new RatioStats(
        units + (currentN == 0 ? 1 : 0),
        sumS + x,
        sumS2 + 2 * currentS * x + x * x,
        sumN + 1,
        sumN2 + 2.0 * currentN + 1,
        crossSum + currentS + x * currentN + x);
  }

  public RatioStats plus(RatioStats other) {
    return new RatioStats(
        units + other.units,
        sumS + other.sumS,
        sumS2 + other.sumS2,
        sumN + other.sumN,
        sumN2 + other.sumN2,
        crossSum + other.crossSum);
  }

  /** {@code sumS / sumN}, or empty when there is no request. */
  public java.util.OptionalDouble mean() {
    return sumN > 0 ? java.util.OptionalDouble.of(sumS / sumN) : java.util.OptionalDouble.empty();
  }

  /** True when every unit has exactly one observation, so the metric is a plain per-unit mean. */
  public boolean oneObservationPerUnit() {
    return units > 0 && sumN == units && sumN2 == units;
  }
}
