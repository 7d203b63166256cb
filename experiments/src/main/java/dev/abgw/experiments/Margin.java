package dev.abgw.experiments;

/**
 * The worsening of a guardrail metric that is still acceptable, in its bad direction: relative
 * ({@code {"relative": 0.10}}: latency may grow by 10% of control's mean) or absolute
 * ({@code {"absolute": 0.005}}: the error share may grow by half a point, in the metric's unit).
 *
 * @param relative true for a share of control's mean, false for the metric's unit
 * @param value the margin, finite and {@code > 0}
 */
public record Margin(boolean relative, double value) {

  public Margin {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("margin must be a finite number > 0 (was " + value + ")");
    }
  }

  public static Margin relative(double value) {
    return new Margin(true, value);
  }

  public static Margin absolute(double value) {
    return new Margin(false, value);
  }

  /** {@code "relative"} or {@code "absolute"}: the JSON field name. */
  public String kind() {
    return relative ? "relative" : "absolute";
  }
}
