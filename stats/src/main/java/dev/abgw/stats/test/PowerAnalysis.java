package dev.abgw.stats.test;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.DoubleUnaryOperator;

/**
 * Power of the two-sided test at level {@code alpha} (normal approximation; Cohen 1988,
 * "Statistical Power Analysis for the Behavioral Sciences", ch. 2; Kohavi, Tang and Xu 2020,
 * "Trustworthy Online Controlled Experiments", ch. 17).
 *
 * <p>The test rejects when {@code |effect| > b(N) se}, with boundary {@code b(N) = Phi^-1(1 - alpha/2)}
 * for a fixed-horizon test ({@link #of}) and the confidence sequence's half-width factor
 * {@code b(N) = sqrt((1 + 1/r)(ln(1 + r) + 2 ln(1/alpha)))}, {@code r = N c / N*}, in sequential mode
 * ({@link #sequential}; {@link ConfidenceSequence#halfWidthFactor}), where {@code N = n_c + n_t}. An
 * effect {@code delta} is detected with probability {@code power} when
 * {@code delta = (b(N) + Phi^-1(power)) se}. With per-unit variances {@code sigma_c^2, sigma_t^2} from
 * {@link ArmEstimate}:
 *
 * <pre>
 *   MDE_abs           = (b(n_c + n_t) + Phi^-1(power)) sqrt(sigma_c^2 / n_c + sigma_t^2 / n_t)   (now)
 *   MDE_rel           = MDE_abs / |mean_c|
 *   n*                = smallest n with (b(2n) + Phi^-1(power))^2 (sigma_c^2 + sigma_t^2) / n &lt;= delta^2,
 *                       delta = targetLift |mean_c|                                  (per arm)
 *   unitsNeededPerArm = max(0, n* - min(n_c, n_t))                                    (still to collect)
 * </pre>
 *
 * <p>For the fixed test {@code n* = ceil(m^2 (sigma_c^2 + sigma_t^2) / delta^2)} with
 * {@code m = Phi^-1(1 - alpha/2) + Phi^-1(power)}. For the sequential one {@code n*} is found by
 * bisection: {@code b(2n)^2 / n} is proportional to {@code g(r) = (1 + r)(ln(1 + r) + K) / r^2},
 * {@code K = 2 ln(1/alpha)}, and {@code r^3 g'(r) = r - (2 + r)(ln(1 + r) + K) < 0} whenever
 * {@code K >= 1} (alpha below 0.6), so the left side decreases in n and the smallest n is unique.
 *
 * <p>{@code alpha} is the level of the one comparison being planned: the report passes the
 * per-comparison alpha its family correction implies (see {@code VariantComparator}).
 */
public final class PowerAnalysis {

  private PowerAnalysis() {}

  /** Fixed horizon. Empty when an arm has fewer than 2 units or the variance is 0. */
  public static Optional<PowerResult> of(
      ArmEstimate control, ArmEstimate treatment, double alpha, double power, double targetLift) {
    WelchTest.checkAlpha(alpha);
    double z = Distributions.normalQuantile(1 - alpha / 2);
    return plan(control, treatment, power, targetLift, totalUnits -> z, true);
  }

  /**
   * Sequential mode: the boundary is the confidence sequence's half-width factor at the planned
   * total units, with tuning {@code N*}. Empty when an arm has fewer than 2 units or the variance is 0.
   */
  public static Optional<PowerResult> sequential(ArmEstimate control, ArmEstimate treatment,
      double alpha, double power, double targetLift, double tuning) {
    WelchTest.checkAlpha(alpha);
    if (!(tuning > 0) || Double.isInfinite(tuning)) {
      throw new IllegalArgumentException("tuning must be > 0 and finite (was " + tuning + ")");
    }
    return plan(control, treatment, power, targetLift,
        totalUnits -> ConfidenceSequence.halfWidthFactor(totalUnits, alpha, tuning), false);
  }

  private static Optional<PowerResult> plan(ArmEstimate control, ArmEstimate treatment,
      double power, double targetLift, DoubleUnaryOperator boundary, boolean constantBoundary) {
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
    double zPower = Distributions.normalQuantile(power);
    double now = boundary.applyAsDouble(control.n() + treatment.n()) + zPower;
    double mdeAbsolute = now * Math.sqrt(control.varianceOfMean() + treatment.varianceOfMean());
    double meanC = Math.abs(control.mean());
    if (meanC == 0) {
      return Optional.of(new PowerResult(mdeAbsolute, OptionalDouble.empty(), OptionalLong.empty()));
    }
    double delta = targetLift * meanC;
    double required = constantBoundary
        ? Math.ceil(now * now * varianceSum / (delta * delta))
        : smallestDetectingN(boundary, zPower, varianceSum, delta);
    double still = required - Math.min(control.n(), treatment.n());
    long needed = still <= 0 ? 0 : (still >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) still);
    return Optional.of(new PowerResult(
        mdeAbsolute, OptionalDouble.of(mdeAbsolute / meanC), OptionalLong.of(needed)));
  }

  /** Smallest n per arm with {@code (b(2n) + zPower)^2 varianceSum / n <= delta^2}; decreasing in n. */
  private static double smallestDetectingN(DoubleUnaryOperator boundary, double zPower,
      double varianceSum, double delta) {
    java.util.function.DoublePredicate detects = n -> {
      double m = boundary.applyAsDouble(2 * n) + zPower;
      return m * m * varianceSum / n <= delta * delta;
    };
    double high = 1;
    while (!detects.test(high)) {
      high *= 2;
      if (high > 0x1p62) {
        return Double.POSITIVE_INFINITY;
      }
    }
    double low = Math.floor(high / 2); // does not detect (or is 0)
    while (high - low > 1) {
      double mid = Math.floor((low + high) / 2);
      if (detects.test(mid)) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return high;
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
