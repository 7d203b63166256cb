package dev.abgw.stats.quantile;

import org.apache.commons.math3.special.Erf;

/** The two standard normal quantities the quantile intervals need, without a random generator. */
final class StandardNormal {

  private StandardNormal() {
  }

  /** The two-sided critical value {@code z_{1-alpha/2} = sqrt(2) erfinv(1 - alpha)}. */
  static double criticalValue(double alpha) {
    requireAlpha(alpha);
    return Math.sqrt(2) * Erf.erfInv(1 - alpha);
  }

  /** The two-sided p-value of a z statistic, {@code 2 (1 - Phi(|z|)) = erfc(|z| / sqrt(2))}. */
  static double twoSidedPValue(double z) {
    return Math.min(1.0, Erf.erfc(Math.abs(z) / Math.sqrt(2)));
  }

  static void requireAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be between 0 and 1, exclusive (was " + alpha + ")");
    }
  }
}
