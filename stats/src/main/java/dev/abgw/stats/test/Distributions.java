package dev.abgw.stats.test;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Quantiles and tail probabilities. Distributions are built without a random generator (we
 * never sample), which keeps them cheap enough to create per comparison.
 */
final class Distributions {

  private static final NormalDistribution STANDARD_NORMAL =
      new NormalDistribution(null, 0, 1, NormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);

  private Distributions() {}

  /** {@code Phi^-1(p)}. */
  static double normalQuantile(double p) {
    return STANDARD_NORMAL.inverseCumulativeProbability(p);
  }

  /** {@code Phi(x)}. */
  static double normalCdf(double x) {
    return STANDARD_NORMAL.cumulativeProbability(x);
  }

  /** Standard normal density. */
  static double normalDensity(double x) {
    return STANDARD_NORMAL.density(x);
  }

  /** Two-sided normal p-value {@code 2 Phi(-|z|)}. */
  static double normalTwoSided(double z) {
    return Math.min(1, 2 * STANDARD_NORMAL.cumulativeProbability(-Math.abs(z)));
  }

  /**
   * Quantile of Student's t with {@code dof} degrees of freedom. Newton's method on the t CDF
   * from the Cornish-Fisher expansion of the normal quantile (Abramowitz and Stegun 26.7.5),
   * which converges in two or three steps; commons-math's bracketing solver needs dozens of CDF
   * evaluations and dominated the cost of a report. Falls back to that solver for small dof.
   */
  static double tQuantile(double p, double dof) {
    TDistribution t = t(dof);
    if (dof < 5 || p <= 0 || p >= 1) {
      return t.inverseCumulativeProbability(p);
    }
    double z = normalQuantile(p);
    double z2 = z * z;
    double x = z + z * (z2 + 1) / (4 * dof)
        + z * ((5 * z2 + 16) * z2 + 3) / (96 * dof * dof)
        + z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * dof * dof * dof);
    for (int i = 0; i < 20; i++) {
      double step = (t.cumulativeProbability(x) - p) / t.density(x);
      x -= step;
      if (Math.abs(step) <= 1e-13 * Math.max(1, Math.abs(x))) {
        return x;
      }
    }
    return t.inverseCumulativeProbability(p);
  }

  /** Two-sided t p-value {@code 2 F_dof(-|t|)}, computed in the lower tail to keep tiny values. */
  static double tTwoSided(double t, double dof) {
    return Math.min(1, 2 * t(dof).cumulativeProbability(-Math.abs(t)));
  }

  /** {@code F_dof(t)}, the lower tail of Student's t: the one-sided p-value of {@code -t}. */
  static double tLowerTail(double t, double dof) {
    return t(dof).cumulativeProbability(t);
  }

  private static TDistribution t(double dof) {
    return new TDistribution(null, dof, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
  }
}
