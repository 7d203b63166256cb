package dev.abgw.stats.test;

/**
 * Asymptotic confidence sequence for an effect estimated with standard error {@code se}: an
 * interval that covers the true effect at every look simultaneously with probability
 * {@code 1 - alpha}, so the experiment can be monitored continuously (Waudby-Smith, Arbour,
 * Sinha, Kennedy and Ramdas 2021, "Time-uniform central limit theory and asymptotic confidence
 * sequences", arXiv:2103.06476; the normal-mixture boundary of Howard, Ramdas, McAuliffe and
 * Sekhon 2021, "Time-uniform, nonparametric, nonasymptotic confidence sequences", Annals of
 * Statistics).
 *
 * <p>With {@code N = n_c + n_t} units so far and tuning {@code N*} (the sample size at which the
 * boundary is tightest):
 *
 * <pre>
 *   c  = 2 ln(1/alpha) + ln(1 + 2 ln(1/alpha))
 *   r  = N c / N*
 *   CI = effect -+ se sqrt((1 + 1/r) (ln(1 + r) + 2 ln(1/alpha)))
 *   p  = min(1, sqrt(1 + r) exp(-r z^2 / (2 (1 + r)))),   z = effect / se
 * </pre>
 *
 * <p>The p-value is the dual of the interval: {@code p < alpha} exactly when the interval
 * excludes 0. Across looks, report the running intersection of intervals and the running
 * minimum of p-values; both stay valid (see {@code dev.abgw.stats.report.SequentialState}).
 */
public final class ConfidenceSequence {

  private ConfidenceSequence() {}

  public static SequentialResult of(
      TestResult fixed, long totalUnits, double alpha, double tuning) {
    WelchTest.checkAlpha(alpha);
    if (!(tuning > 0) || Double.isInfinite(tuning)) {
      throw new IllegalArgumentException("tuning must be > 0 and finite (was " + tuning + ")");
    }
    if (totalUnits < 1) {
      throw new IllegalArgumentException("totalUnits must be >= 1 (was " + totalUnits + ")");
    }
    double r = totalUnits * c(alpha) / tuning;
    double halfWidth = fixed.se() * halfWidthFactor(totalUnits, alpha, tuning);
    double z = fixed.effect() / fixed.se();
    double p = Math.min(1, Math.sqrt(1 + r) * Math.exp(-r * z * z / (2 * (1 + r))));
    return new SequentialResult(fixed.effect() - halfWidth, fixed.effect() + halfWidth, p);
  }

  /**
   * The interval's half-width in standard errors at {@code totalUnits}:
   * {@code sqrt((1 + 1/r) (ln(1 + r) + 2 ln(1/alpha)))}, {@code r = N c / N*}. It plays the part of
   * {@code z_{1-alpha/2}} in a fixed-horizon test (and is larger), so power and sample size for
   * sequential mode use it in its place ({@link PowerAnalysis#sequential}).
   */
  public static double halfWidthFactor(double totalUnits, double alpha, double tuning) {
    double r = totalUnits * c(alpha) / tuning;
    double logInverseAlpha = Math.log(1 / alpha);
    return Math.sqrt((1 + 1 / r) * (Math.log1p(r) + 2 * logInverseAlpha));
  }

  private static double c(double alpha) {
    double logInverseAlpha = Math.log(1 / alpha);
    return 2 * logInverseAlpha + Math.log(1 + 2 * logInverseAlpha);
  }
}
