package dev.abgw.stats.test;

/**
 * Normal-normal Bayesian analysis of the relative lift (as in GrowthBook's gbstats effect-size
 * prior; Gelman et al., "Bayesian Data Analysis", 3rd ed., section 2.5).
 *
 * <p>Likelihood {@code L_hat ~ N(L, se^2)} (the relative lift and its delta-method standard
 * error from {@link WelchTest}); prior {@code L ~ N(0, priorSd^2)}. Posterior:
 *
 * <pre>
 *   precision = 1/se^2 + 1/priorSd^2        sd = 1/sqrt(precision)
 *   mean      = (L_hat / se^2) / precision
 *   credible interval = mean -+ Phi^-1(1 - alpha/2) sd
 *   P(L &gt; 0) = 1 - Phi(-mean / sd)
 * </pre>
 *
 * <p>{@code chanceToWin} is {@code P(L > 0)} for a metric to increase and {@code P(L < 0)} for
 * one to decrease. Expected loss of shipping is the posterior mean of the harm
 * {@code E[max(0, -L)] = sd phi(mean/sd) - mean Phi(-mean/sd)} (increase) or
 * {@code E[max(0, L)] = sd phi(mean/sd) + mean Phi(mean/sd)} (decrease).
 */
public final class BayesianLift {

  private BayesianLift() {}

  public static BayesianResult posterior(
      TestResult relative, double priorSd, double alpha, boolean higherIsBetter) {
    WelchTest.checkAlpha(alpha);
    if (!(priorSd > 0) || Double.isInfinite(priorSd)) {
      throw new IllegalArgumentException("priorSd must be > 0 and finite (was " + priorSd + ")");
    }
    double dataPrecision = 1 / (relative.se() * relative.se());
    double precision = dataPrecision + 1 / (priorSd * priorSd);
    double sd = 1 / Math.sqrt(precision);
    double mean = relative.effect() * dataPrecision / precision;
    double z = Distributions.normalQuantile(1 - alpha / 2);
    double standardized = mean / sd;
    double probabilityPositive = Distributions.normalCdf(standardized);
    double density = Distributions.normalDensity(standardized);
    double chanceToWin = higherIsBetter ? probabilityPositive : 1 - probabilityPositive;
    double expectedLoss = higherIsBetter
        ? sd * density - mean * Distributions.normalCdf(-standardized)
        : sd * density + mean * probabilityPositive;
    return new BayesianResult(
        chanceToWin, mean - z * sd, mean + z * sd, Math.max(0, expectedLoss), mean, sd);
  }
}
