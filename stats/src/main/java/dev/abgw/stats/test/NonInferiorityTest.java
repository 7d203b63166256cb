package dev.abgw.stats.test;

/**
 * One-sided tests of an effect against a test value, for guardrails: a non-inferiority test
 * asks whether the treatment is worse by less than a margin (Schuirmann 1987, "A comparison of
 * the two one-sided tests procedure and the power approach for assessing the equivalence of
 * average bioavailability", J. Pharmacokinetics and Biopharmaceutics; Wellek 2010, "Testing
 * Statistical Hypotheses of Equivalence and Noninferiority", ch. 2).
 *
 * <p>Both forms take the two-sided Welch result of {@link WelchTest} (its {@code effect},
 * {@code se} and {@code dof}, absolute or relative) and a test value {@code m}.
 *
 * <p><b>Fixed horizon</b> (one-sided Welch t test):
 *
 * <pre>
 *   t = (effect - m) / se
 *   GREATER: bound = effect - t_{dof, 1 - alpha} se,   p = F_dof(-t)
 *   LESSER:  bound = effect + t_{dof, 1 - alpha} se,   p = F_dof(t)
 * </pre>
 *
 * <p><b>Always valid</b>: the one-sided asymptotic confidence sequence of Waudby-Smith, Arbour,
 * Sinha, Kennedy and Ramdas 2021 ("Time-uniform central limit theory and asymptotic confidence
 * sequences", arXiv:2103.06476, eq. 134, with the tuning {@code rho} of eq. 161 taken at
 * {@code 2 alpha}), as GrowthBook gbstats computes it. With {@code N = n_c + n_t} units and
 * tuning {@code N*}:
 *
 * <pre>
 *   rho^2 = (-2 ln(2 alpha) + ln(1 - 2 ln(2 alpha))) / N*
 *   h     = se sqrt( 2 (N rho^2 + 1) / (N rho^2) * ln(1 + sqrt(N rho^2 + 1) / (2 alpha)) )
 *   GREATER: bound = effect - h        LESSER: bound = effect + h
 * </pre>
 *
 * <p>The bound holds at every look simultaneously with probability {@code 1 - alpha}, so a
 * guardrail may be checked after every request batch. Its p-value is the smallest alpha at which
 * the bound reaches {@code m} with {@code rho} held at the configured alpha (the bisection of
 * gbstats, in closed form): with {@code z = |effect - m| / se} on the alternative's side and
 * {@code A = 2 (N rho^2 + 1) / (N rho^2)}, {@code p = min(1, sqrt(N rho^2 + 1) / (2 (exp(z^2 / A) - 1)))};
 * 1 on the other side.
 */
public final class NonInferiorityTest {

  private NonInferiorityTest() {}

  /** The fixed-horizon one-sided Welch test of {@code twoSided}'s effect against {@code testValue}. */
  public static OneSidedResult fixed(TestResult twoSided, Side side, double testValue, double alpha) {
    WelchTest.checkAlpha(alpha);
    double se = twoSided.se();
    double t = (twoSided.effect() - testValue) / se;
    double quantile = Distributions.tQuantile(1 - alpha, twoSided.dof());
    double bound = side == Side.GREATER ? twoSided.effect() - quantile * se
        : twoSided.effect() + quantile * se;
    double p = Distributions.tLowerTail(side == Side.GREATER ? -t : t, twoSided.dof());
    return new OneSidedResult(twoSided.effect(), se, twoSided.dof(), side, testValue, bound, p);
  }

  /** The always-valid one-sided bound at {@code totalUnits} units, and its p-value. */
  public static OneSidedResult sequential(TestResult twoSided, Side side, double testValue,
      long totalUnits, double alpha, double tuning) {
    WelchTest.checkAlpha(alpha);
    if (!(alpha < 0.5)) {
      throw new IllegalArgumentException("alpha must be < 0.5 for a one-sided sequence (was " + alpha + ")");
    }
    if (!(tuning > 0) || Double.isInfinite(tuning)) {
      throw new IllegalArgumentException("tuning must be > 0 and finite (was " + tuning + ")");
    }
    if (totalUnits < 1) {
      throw new IllegalArgumentException("totalUnits must be >= 1 (was " + totalUnits + ")");
    }
    double nRho2 = totalUnits * rho2(alpha, tuning);
    double a = 2 * (nRho2 + 1) / nRho2;
    double root = Math.sqrt(nRho2 + 1);
    double se = twoSided.se();
    double half = se * Math.sqrt(a * Math.log1p(root / (2 * alpha)));
    double effect = twoSided.effect();
    double bound = side == Side.GREATER ? effect - half : effect + half;
    double towards = side == Side.GREATER ? effect - testValue : testValue - effect;
    double p = 1;
    if (towards > 0) {
      double z = towards / se;
      double grow = Math.expm1(z * z / a);
      p = grow > 0 ? Math.min(1, root / (2 * grow)) : 1;
    }
    return new OneSidedResult(effect, se, twoSided.dof(), side, testValue, bound, p);
  }

  private static double rho2(double alpha, double tuning) {
    double log = -2 * Math.log(2 * alpha);
    return (log + Math.log(log + 1)) / tuning;
  }
}
