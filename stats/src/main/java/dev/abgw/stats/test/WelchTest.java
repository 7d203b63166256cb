package dev.abgw.stats.test;

import java.util.Optional;

/**
 * Welch's unequal-variance t test of treatment against control.
 *
 * <p>With {@code s_c^2 = Var(mean_c)} and {@code s_t^2 = Var(mean_t)} (see {@link ArmEstimate}):
 *
 * <ul>
 *   <li>Absolute: {@code d = mean_t - mean_c}, {@code se = sqrt(s_c^2 + s_t^2)}.</li>
 *   <li>Relative lift (delta method): {@code L = (mean_t - mean_c) / |mean_c|},
 *       {@code se_L = sqrt(s_t^2 / mean_c^2 + s_c^2 mean_t^2 / mean_c^4)} (Deng, Knoblich and
 *       Lu 2018, "Applying the Delta Method in Metric Analytics", KDD).</li>
 *   <li>Degrees of freedom (Welch 1947, "The generalization of Student's problem when several
 *       different population variances are involved", Biometrika; Satterthwaite 1946):
 *       {@code dof = (s_c^2 + s_t^2)^2 / (s_c^4/(n_c - 1) + s_t^4/(n_t - 1))}, used for
 *       both.</li>
 *   <li>{@code CI = effect -+ t_{dof, 1 - alpha/2} se};
 *       {@code p = 2 F_dof(-|effect / se|)}.</li>
 * </ul>
 *
 * <p>When neither arm varies ({@code se = 0}) there is no test: {@link Reason#ZERO_VARIANCE} when
 * the means are equal, {@link Reason#ZERO_VARIANCE_ARMS_DIFFER} when they differ.
 */
public final class WelchTest {

  private WelchTest() {}

  public static TwoArmResult compare(ArmEstimate control, ArmEstimate treatment, double alpha) {
    checkAlpha(alpha);
    if (control.n() == 0 || treatment.n() == 0) {
      return TwoArmResult.degenerate(Reason.EMPTY_ARM);
    }
    if (control.n() < 2 || treatment.n() < 2) {
      return TwoArmResult.degenerate(Reason.NOT_ENOUGH_DATA);
    }
    double vc = control.varianceOfMean();
    double vt = treatment.varianceOfMean();
    if (vc + vt <= 0) {
      return TwoArmResult.degenerate(sameMean(control, treatment)
          ? Reason.ZERO_VARIANCE : Reason.ZERO_VARIANCE_ARMS_DIFFER);
    }
    double dof = (vc + vt) * (vc + vt)
        / (vc * vc / (control.n() - 1) + vt * vt / (treatment.n() - 1));
    double quantile = Distributions.tQuantile(1 - alpha / 2, dof);
    TestResult absolute =
        result(treatment.mean() - control.mean(), Math.sqrt(vc + vt), dof, quantile);
    double mc = control.mean();
    if (mc == 0) {
      return new TwoArmResult(
          Optional.of(absolute), Optional.empty(), Optional.of(Reason.ZERO_CONTROL_MEAN));
    }
    double mt = treatment.mean();
    double relativeSe = Math.sqrt(vt / (mc * mc) + vc * mt * mt / (mc * mc * mc * mc));
    if (!(relativeSe > 0)) {
      return new TwoArmResult(
          Optional.of(absolute), Optional.empty(), Optional.of(Reason.ZERO_RELATIVE_VARIANCE));
    }
    TestResult relative = result((mt - mc) / Math.abs(mc), relativeSe, dof, quantile);
    return new TwoArmResult(Optional.of(absolute), Optional.of(relative), Optional.empty());
  }

  private static TestResult result(double effect, double se, double dof, double quantile) {
    double p = Distributions.tTwoSided(effect / se, dof);
    return new TestResult(effect, se, effect - quantile * se, effect + quantile * se, p, dof);
  }

  /** Equal means up to the rounding of sums of many equal values (relative 1e-12). */
  private static boolean sameMean(ArmEstimate control, ArmEstimate treatment) {
    double scale = Math.max(Math.abs(control.mean()), Math.abs(treatment.mean()));
    return Math.abs(treatment.mean() - control.mean()) <= 1e-12 * scale;
  }

  static void checkAlpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be between 0 and 1 (was " + alpha + ")");
    }
  }
}
