package dev.abgw.analysis.cell;

import dev.abgw.stats.RatioStats;

/**
 * What one time bucket adds to a cell's sufficient statistics: the sum of the per-value increments of
 * {@link RatioStats#observe} for the values recorded in that bucket. Unlike {@link RatioStats} a delta may
 * have a negative {@code sumS2} or {@code crossSum} (a unit with a negative running sum), so it is its own
 * type; the prefix sum of a cell's deltas over buckets is the cell's statistics at the end of the last one:
 *
 * <pre>
 *   stats(t_k) = sum_{j &lt;= k} delta_j        (exact: the increments telescope)
 * </pre>
 *
 * Increment of a value {@code x} for a unit with running totals {@code (S, N)} (the update rule of
 * {@link RatioStats}): {@code units += [N == 0]; sumS += x; sumS2 += 2Sx + x^2; sumN += 1; sumN2 += 2N + 1;
 * crossSum += S + xN + x}.
 */
public record StatsDelta(long units, double sumS, double sumS2, double sumN, double sumN2, double crossSum) {

  public static StatsDelta empty() {
    return new StatsDelta(0, 0, 0, 0, 0, 0);
  }

  /** The increment of one value {@code x} for a unit whose totals in the cell were {@code (s, n)}. */
  public static StatsDelta ofValue(double s, long n, double x) {
    return new StatsDelta(n == 0 ? 1 : 0, x, 2 * s * x + x * x, 1, 2.0 * n + 1, s + x * n + x);
  }

  public StatsDelta plus(StatsDelta o) {
    return new StatsDelta(units + o.units, sumS + o.sumS, sumS2 + o.sumS2, sumN + o.sumN, sumN2 + o.sumN2,
        crossSum + o.crossSum);
  }

  /**
   * The cumulative statistics this delta stands for when it is a prefix sum. Sums of squares lose a few ulps
   * to rounding when the deltas are added in another order than the live counters; a result below zero by such
   * rounding is clamped to 0.
   */
  public RatioStats toStats() {
    return new RatioStats(units, sumS, Math.max(0, sumS2), Math.max(0, sumN), Math.max(0, sumN2), crossSum);
  }

  /** The six numbers as the stores write them: "units sumS sumS2 sumN sumN2 crossSum". */
  public String encode() {
    return units + " " + sumS + " " + sumS2 + " " + sumN + " " + sumN2 + " " + crossSum;
  }

  public static StatsDelta decode(String s) {
    String[] f = s.split(" ");
    if (f.length != 6) throw new IllegalArgumentException("not six numbers: " + s);
    return new StatsDelta((long) Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
  }
}
