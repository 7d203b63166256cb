package dev.abgw.stats.test;

import dev.abgw.stats.MeanStats;
import dev.abgw.stats.ProportionStats;
import dev.abgw.stats.RatioStats;

/**
 * One arm reduced to what a two-arm test needs: the number of independent units {@code n},
 * the metric's point estimate {@code mean}, and the per-unit variance {@code variance} of the
 * metric's (linearized) per-unit contribution, so that {@code Var(mean) = variance / n}.
 *
 * <ul>
 *   <li>Mean: {@code mean = sum / n}, {@code variance = (sumSquares - sum^2/n) / (n - 1)}.</li>
 *   <li>Proportion: {@code mean = p = successes / n}, {@code variance = p (1 - p)}.</li>
 *   <li>Ratio (delta method, Deng, Knoblich and Lu 2018, "Applying the Delta Method in Metric
 *       Analytics: A Practical Guide with Novel Ideas", KDD, section 3): with unit means
 *       {@code mS = sumS/n, mN = sumN/n}, ratio {@code R = mS/mN} and sample moments
 *       (n - 1 denominator) {@code vS, vN, cSN},
 *       {@code variance = (vS - 2 R cSN + R^2 vN) / mN^2}.</li>
 * </ul>
 *
 * <p>A ratio metric where every unit has exactly one observation is a plain per-unit mean; the
 * formula above then reduces to the mean formula exactly ({@code vN = cSN = 0, mN = 1}).
 * {@link #ofBinary} reduces it to the proportion formula instead.
 *
 * @param n independent units, {@code >= 0}; 0 means the arm is empty
 * @param mean point estimate of the metric (0 for an empty arm)
 * @param variance per-unit variance, {@code >= 0}
 */
public record ArmEstimate(long n, double mean, double variance) {

  /** Variances below this fraction of mean^2 are rounding noise of a constant metric. */
  private static final double RELATIVE_ZERO_VARIANCE = 1e-12;

  public ArmEstimate {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0 (was " + n + ")");
    }
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean must be finite (was " + mean + ")");
    }
    if (!Double.isFinite(variance) || variance < 0) {
      throw new IllegalArgumentException("variance must be finite and >= 0 (was " + variance + ")");
    }
  }

  public static ArmEstimate empty() {
    return new ArmEstimate(0, 0, 0);
  }

  public static ArmEstimate of(MeanStats s) {
    if (s.n() == 0) {
      return empty();
    }
    double mean = s.sum() / s.n();
    double variance = s.n() < 2 ? 0 : (s.sumSquares() - s.sum() * mean) / (s.n() - 1);
    return new ArmEstimate(s.n(), mean, clean(variance, mean));
  }

  public static ArmEstimate of(ProportionStats s) {
    if (s.n() == 0) {
      return empty();
    }
    double p = (double) s.successes() / s.n();
    return new ArmEstimate(s.n(), p, p * (1 - p));
  }

  /** Delta-method estimate of a clustered ratio metric; see the class Javadoc. */
  public static ArmEstimate of(RatioStats s) {
    if (s.units() == 0 || s.sumN() <= 0) {
      return empty();
    }
    long n = s.units();
    double ratio = s.sumS() / s.sumN();
    if (n < 2) {
      return new ArmEstimate(n, ratio, 0);
    }
    double meanN = s.sumN() / n;
    double varS = (s.sumS2() - s.sumS() * s.sumS() / n) / (n - 1);
    double varN = (s.sumN2() - s.sumN() * s.sumN() / n) / (n - 1);
    double cov = (s.crossSum() - s.sumS() * s.sumN() / n) / (n - 1);
    double variance = (varS - 2 * ratio * cov + ratio * ratio * varN) / (meanN * meanN);
    return new ArmEstimate(n, ratio, clean(variance, ratio));
  }

  /**
   * Estimate of a 0/1 metric: with one observation per unit it is a proportion (variance
   * {@code p (1 - p)}, denominator n); otherwise the clustered ratio of {@link #of(RatioStats)}.
   */
  public static ArmEstimate ofBinary(RatioStats s) {
    if (s.oneObservationPerUnit()) {
      return of(ProportionStats.of(s.units(), Math.round(s.sumS())));
    }
    return of(s);
  }

  /** {@code Var(mean) = variance / n}. */
  public double varianceOfMean() {
    return n == 0 ? 0 : variance / n;
  }

  private static double clean(double variance, double mean) {
    double floor = RELATIVE_ZERO_VARIANCE * Math.max(mean * mean, Double.MIN_NORMAL);
    return variance <= floor ? 0 : variance;
  }
}
