package dev.abgw.stats.quantile;

/**
 * The fixed factor that turns a metric's double values into the integer units a {@link ValueHistogram}
 * records: {@code units = round(value * unitsPerValue)}.
 *
 * <p>The factor is fixed per metric so that histograms from every gateway instance share the same bucket
 * boundaries and merge exactly (counts add). Its inverse {@code 1 / unitsPerValue} is the resolution: values
 * within half a unit of 0 record as 0. Negative values give negative units, of the same precision by
 * magnitude. Above 2048 units HdrHistogram keeps 3 significant decimal digits (relative
 * bucket width at most 1/1024, worst-case relative error of a reported value below 1e-3).
 *
 * <ul>
 *   <li>{@link #latencyMillis()}: latency and time to first byte in milliseconds, recorded in microseconds
 *       (0.001 ms resolution, exact up to 2.048 ms, 3 significant digits above);</li>
 *   <li>{@link #counts()}: token counts and other integers, recorded as they are;</li>
 *   <li>{@link #scores()}: judgment scores such as 1..5, possibly fractional, in hundredths: every score below
 *       20.48 is kept exactly to 0.01, which is 3 significant digits for scores from 1 to 9.99.</li>
 * </ul>
 *
 * @param unitsPerValue recorded units per unit of the metric's value, finite and &gt; 0
 */
public record ValueScale(double unitsPerValue) {

  /** Largest recordable unit count: doubles represent every integer up to 2^53 exactly. */
  public static final long MAX_UNITS = 1L << 53;

  public ValueScale {
    if (!Double.isFinite(unitsPerValue) || unitsPerValue <= 0) {
      throw new IllegalArgumentException(
          "unitsPerValue must be finite and > 0 (was " + unitsPerValue + ")");
    }
  }

  /** A scale of {@code unitsPerValue} units per value unit. */
  public static ValueScale of(double unitsPerValue) {
    return new ValueScale(unitsPerValue);
  }

  /** Milliseconds recorded as microseconds (1000 units per ms). */
  public static ValueScale latencyMillis() {
    return new ValueScale(1000);
  }

  /** Integer counts (tokens) recorded as they are. */
  public static ValueScale counts() {
    return new ValueScale(1);
  }

  /** Scores recorded in hundredths (100 units per point). */
  public static ValueScale scores() {
    return new ValueScale(100);
  }

  /**
   * The integer units recorded for {@code value}: {@code round(value * unitsPerValue)}, negative for a
   * negative value ({@link ValueHistogram} keeps negatives apart, by magnitude).
   *
   * @throws IllegalArgumentException if value is not finite or its magnitude is above {@link #maxValue()}
   */
  public long toUnits(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite (was " + value + ")");
    }
    double units = Math.rint(value * unitsPerValue);
    if (Math.abs(units) > MAX_UNITS) {
      throw new IllegalArgumentException("value must be between -" + maxValue() + " and " + maxValue()
          + " at unitsPerValue " + unitsPerValue + " (was " + value + ")");
    }
    return (long) units;
  }

  /** The value that {@code units} stand for: {@code units / unitsPerValue}. */
  public double toValue(double units) {
    return units / unitsPerValue;
  }

  /** The largest recordable magnitude, {@code 2^53 / unitsPerValue}: values lie in [-maxValue, maxValue]. */
  public double maxValue() {
    return MAX_UNITS / unitsPerValue;
  }
}
