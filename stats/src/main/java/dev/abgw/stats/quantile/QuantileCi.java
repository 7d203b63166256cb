package dev.abgw.stats.quantile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The p-quantile of one histogram with its order-statistic confidence interval (Deng, Knoblich and Lu 2018,
 * "Applying the Delta Method in Metric Analytics: A Practical Guide with Novel Ideas", KDD, section on
 * quantile metrics).
 *
 * <p>For n recorded values and z = z_{1-alpha/2}:
 * <pre>
 *   value = X_(k),        k = max(1, ceil(n p))                      (sample quantile)
 *   L, U  = floor(n p - z sqrt(n p (1-p))), ceil(n p + z sqrt(n p (1-p)))   (ranks, rounded outward)
 *   ci    = [X_(L), X_(U)]
 *   se    = (X_(U) - X_(L)) / (2 z)                                  (standard error implied by the interval)
 * </pre>
 * {@code se} lets two quantiles be compared without estimating the density at the quantile
 * (see {@link QuantileComparison}).
 *
 * <p><b>Independence.</b> The requests in the histogram are treated as independent draws: histograms do not
 * keep the randomization unit of each value. When units send many requests (heavy users, agent sessions) and
 * their values are correlated, the true variance of the count below the quantile exceeds {@code n p (1-p)} and
 * this interval is too narrow. Deng et al. fix this by replacing {@code p (1-p)} with {@code n} times the
 * delta-method variance of the indicator mean {@code Y = sum_u S_u / sum_u N_u}, where {@code N_u} is unit u's
 * number of requests and {@code S_u} how many of them are {@code <= X_(k)}:
 * <pre>
 *   Var(Y) = (1 / (K mu_N^2)) (sigma_S^2 - 2 (mu_S / mu_N) sigma_SN + (mu_S / mu_N)^2 sigma_N^2),   K units
 *   L, U   = n p -/+ z sqrt(n^2 Var(Y))
 * </pre>
 * which needs per-unit data the histograms do not have.
 *
 * <p><b>Degenerate data</b> is a result, never NaN: an empty histogram has reason {@link QuantileReason#EMPTY}
 * and no numbers; when the rank interval reaches outside [1, n] the point estimate is kept and the reason is
 * {@link QuantileReason#NOT_ENOUGH_DATA} (the tail beyond the observed values cannot be bounded).
 *
 * @param p             the quantile, in (0, 1)
 * @param n             number of values, {@code >= 0}
 * @param alpha         1 - confidence level, in (0, 1)
 * @param value         the sample quantile X_(k), null when empty
 * @param ci            [X_(L), X_(U)], null when degenerate
 * @param standardError (X_(U) - X_(L)) / (2 z), null when degenerate
 * @param ranks         (L, U), null when degenerate
 * @param reason        null when every number is present, otherwise why not
 */
public record QuantileCi(double p, long n, double alpha, Double value, Interval ci, Double standardError,
    RankInterval ranks, QuantileReason reason) {

  public QuantileCi {
    requireQuantile(p);
    StandardNormal.requireAlpha(alpha);
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0 (was " + n + ")");
    }
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite (was " + value + ")");
    }
    if (standardError != null && !(standardError >= 0 && Double.isFinite(standardError))) {
      throw new IllegalArgumentException("standardError must be finite and >= 0 (was " + standardError + ")");
    }
    boolean complete = value != null && ci != null && standardError != null && ranks != null;
    if ((reason == null) != complete) {
      throw new IllegalArgumentException("reason must be null exactly when value, ci, standardError and ranks"
          + " are all present (was reason=" + reason + ", value=" + value + ", ci=" + ci + ")");
    }
  }

  /** The p-quantile of {@code histogram} with its 1 - alpha interval. */
  public static QuantileCi of(ValueHistogram histogram, double p, double alpha) {
    return of(histogram, List.of(p), alpha).get(0);
  }

  /** The quantiles {@code ps} of {@code histogram}, each with its 1 - alpha interval, read in one pass. */
  public static List<QuantileCi> of(ValueHistogram histogram, List<Double> ps, double alpha) {
    Objects.requireNonNull(histogram, "histogram");
    ps.forEach(QuantileCi::requireQuantile);
    double z = StandardNormal.criticalValue(alpha);
    long n = histogram.count();
    if (n == 0) {
      return ps.stream().map(p -> new QuantileCi(p, 0, alpha, null, null, null, null, QuantileReason.EMPTY)).toList();
    }
    List<RankInterval> intervals = ps.stream().map(p -> RankInterval.ofOrNull(n, p, z)).toList();
    double[] read = histogram.valuesAtRanks(ranksToRead(n, ps, intervals));
    List<QuantileCi> out = new ArrayList<>(ps.size());
    for (int i = 0; i < ps.size(); i++) {
      double value = read[3 * i];
      RankInterval ranks = intervals.get(i);
      if (ranks == null) {
        out.add(new QuantileCi(ps.get(i), n, alpha, value, null, null, null, QuantileReason.NOT_ENOUGH_DATA));
      } else {
        Interval ci = Interval.of(read[3 * i + 1], read[3 * i + 2]);
        out.add(new QuantileCi(ps.get(i), n, alpha, value, ci, ci.width() / (2 * z), ranks, null));
      }
    }
    return out;
  }

  /** For each p: the point rank, then L and U (the point rank again when there is no interval). */
  private static long[] ranksToRead(long n, List<Double> ps, List<RankInterval> intervals) {
    long[] ranks = new long[3 * ps.size()];
    for (int i = 0; i < ps.size(); i++) {
      long k = ValueHistogram.rankOfQuantile(ps.get(i), n);
      RankInterval r = intervals.get(i);
      ranks[3 * i] = k;
      ranks[3 * i + 1] = r == null ? k : r.lower();
      ranks[3 * i + 2] = r == null ? k : r.upper();
    }
    return ranks;
  }

  private static void requireQuantile(Double p) {
    if (p == null || !(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be between 0 and 1, exclusive (was " + p + ")");
    }
  }
}
