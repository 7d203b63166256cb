package dev.abgw.stats.test;

/**
 * Posterior summary of the relative lift: {@code chanceToWin} (posterior probability that the
 * lift goes in the desired direction), the equal-tailed credible interval {@code [low, high]},
 * the expected loss of shipping the treatment (in relative-lift units), and the posterior mean
 * and standard deviation.
 */
public record BayesianResult(
    double chanceToWin, double low, double high, double expectedLoss, double mean, double sd) {

  public BayesianResult {
    if (!(chanceToWin >= 0 && chanceToWin <= 1)) {
      throw new IllegalArgumentException(
          "chanceToWin must be between 0 and 1 (was " + chanceToWin + ")");
    }
    for (double v : new double[] {low, high, expectedLoss, mean, sd}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("posterior values must be finite (was " + v + ")");
      }
    }
  }
}
