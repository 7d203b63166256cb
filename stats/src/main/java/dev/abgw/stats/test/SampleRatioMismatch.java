package dev.abgw.stats.test;

import org.apache.commons.math3.special.Gamma;

/**
 * Sample-ratio-mismatch check: Pearson's chi-square goodness of fit of the exposed units per
 * arm against the configured weights (Pearson 1900; Fabijan et al. 2019, "Diagnosing Sample
 * Ratio Mismatch in Online Controlled Experiments", KDD).
 *
 * <pre>
 *   E_i  = (sum_j O_j) w_i / (sum_j w_j)
 *   X^2  = sum_i (O_i - E_i)^2 / E_i        over arms with w_i &gt; 0
 *   p    = Q((k - 1)/2, X^2/2)              (upper chi-square tail, k arms with w_i &gt; 0)
 * </pre>
 *
 * <p>{@code Q} is the regularized upper incomplete gamma function, accurate for tiny p. Units in
 * an arm with weight 0 are a mismatch by construction (p = 0). No units at all gives p = 1.
 */
public final class SampleRatioMismatch {

  private SampleRatioMismatch() {}

  public static double pValue(long[] observed, double[] weights) {
    if (observed.length != weights.length) {
      throw new IllegalArgumentException("observed and weights must have the same length (was "
          + observed.length + " and " + weights.length + ")");
    }
    double weightSum = 0;
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException(
            "weights[" + i + "] must be finite and >= 0 (was " + weights[i] + ")");
      }
      if (observed[i] < 0) {
        throw new IllegalArgumentException(
            "observed[" + i + "] must be >= 0 (was " + observed[i] + ")");
      }
      weightSum += weights[i];
      total += observed[i];
    }
    if (weightSum <= 0) {
      throw new IllegalArgumentException("weights must sum to > 0 (was " + weightSum + ")");
    }
    if (total == 0) {
      return 1;
    }
    double chiSquare = 0;
    int arms = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] == 0) {
        if (observed[i] > 0) {
          return 0;
        }
        continue;
      }
      double expected = total * weights[i] / weightSum;
      double diff = observed[i] - expected;
      chiSquare += diff * diff / expected;
      arms++;
    }
    if (arms < 2) {
      return 1;
    }
    return Gamma.regularizedGammaQ((arms - 1) / 2.0, chiSquare / 2);
  }
}
