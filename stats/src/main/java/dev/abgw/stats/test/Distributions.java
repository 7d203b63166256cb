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

  /** Quantile of Student's t with {@code dof} degrees of freedom. */
  static double tQuantile(double p, double dof) {
    return t(dof).inverseCumulativeProbability(p);
  }

  /** Two-sided t p-value {@code 2 F_dof(-|t|)}, computed in the lower tail to keep tiny values. */
  static double tTwoSided(double t, double dof) {
    return Math.min(1, 2 * t(dof).cumulativeProbability(-Math.abs(t)));
  }

  private static TDistribution t(double dof) {
    return new TDistribution(null, dof, TDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
  }
}
