package dev.abgw.stats.test;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Power of the two-sided test at level {@code alpha} (normal approximation; Cohen 1988,
 * "Statistical Power Analysis for the Behavioral Sciences", ch. 2; Kohavi, Tang and Xu 2020,
 * "Trustworthy Online Controlled Experiments", ch. 17).
 *
 * <p>With {@code m = Phi^-1(1 - alpha/2) + Phi^-1(power)} and per-unit variances
 * {@code sigma_c^2, sigma_t^2} from {@link ArmEstimate}:
 *
 * <pre>
 *   MDE_abs          = m sqrt(sigma_c^2 / n_c + sigma_t^2 / n_t)        (current sample)
 *   MDE_rel          = MDE_abs / |mean_c|
 *   n*               = m^2 (sigma_c^2 + sigma_t^2) / (targetLift |mean_c|)^2   (per arm)
 *   unitsNeededPerArm = max(0, ceil(n* - min(n_c, n_t)))                (still to collect)
 * </pre>
 */
public final class PowerAnalysis {

  private PowerAnalysis() {}

  /** Empty when an arm has fewer than 2 units or the variance is 0. */
  public static Optional<PowerResult> of(
      ArmEstimate control, ArmEstimate treatment, double alpha, double power, double targetLift) {
    WelchTest.checkAlpha(alpha);
    if (!(power > 0 && power < 1)) {
      throw new IllegalArgumentException("power must be between 0 and 1 (was " + power + ")");
    }
    if (!(targetLift > 0) || Double.isInfinite(targetLift)) {
      throw new IllegalArgumentException(
          "targetLift must be > 0 and finite (was " + targetLift + ")");
    }
    if (control.n() < 2 || treatment.n() < 2) {
      return Optional.empty();
    }
    double varianceSum = control.variance() + treatment.variance();
    if (varianceSum <= 0) {
      return Optional.empty();
    }
    double m = multiplier(alpha, power);
    double mdeAbsolute = m * Math.sqrt(control.varianceOfMean() + treatment.varianceOfMean());
    double meanC = Math.abs(control.mean());
    if (meanC == 0) {
      return Optional.of(new PowerResult(mdeAbsolute, OptionalDouble.empty(), OptionalLong.empty()));
    }
    double delta = targetLift * meanC;
    double required = m * m * varianceSum / (delta * delta);
    double still = Math.ceil(required - Math.min(control.n(), treatment.n()));
    long needed = still <= 0 ? 0 : (still >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) still);
    return Optional.of(new PowerResult(
        mdeAbsolute, OptionalDouble.of(mdeAbsolute / meanC), OptionalLong.of(needed)));
  }

  /** Units per arm for a design: {@code n = m^2 (sigma_c^2 + sigma_t^2) / delta^2}. */
  public static double unitsPerArm(
      double varianceControl, double varianceTreatment, double absoluteEffect, double alpha,
      double power) {
    double m = multiplier(alpha, power);
    return m * m * (varianceControl + varianceTreatment) / (absoluteEffect * absoluteEffect);
  }

  private static double multiplier(double alpha, double power) {
    return Distributions.normalQuantile(1 - alpha / 2) + Distributions.normalQuantile(power);
  }
}
