package dev.abgw.stats.quantile;

/**
 * A closed confidence interval [low, high] with finite ends.
 *
 * @param low  lower end
 * @param high upper end, {@code >= low}
 */
public record Interval(double low, double high) {

  public Interval {
    if (!Double.isFinite(low) || !Double.isFinite(high)) {
      throw new IllegalArgumentException("interval ends must be finite (was [" + low + ", " + high + "])");
    }
    if (low > high) {
      throw new IllegalArgumentException("low must be <= high (was [" + low + ", " + high + "])");
    }
  }

  /** The interval [low, high]. */
  public static Interval of(double low, double high) {
    return new Interval(low, high);
  }

  /** Whether {@code low <= x <= high}. */
  public boolean contains(double x) {
    return low <= x && x <= high;
  }

  /** {@code high - low}. */
  public double width() {
    return high - low;
  }
}
