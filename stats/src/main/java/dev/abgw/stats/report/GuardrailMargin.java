package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
/**
 * How much a guardrail may worsen, in its bad direction: a share of control's mean
 * ({@code relative}, tested on the relative lift) or an amount in the metric's unit (tested on the
 * absolute difference).
 *
 * @param relative true for a relative margin
 * @param value the margin, finite and {@code > 0}
 */
public record GuardrailMargin(boolean relative, double value) {

  public GuardrailMargin {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("margin must be finite and > 0 (was " + value + ")");
    }
  }

  public static GuardrailMargin relative(double value) {
    return new GuardrailMargin(true, value);
  }

  public static GuardrailMargin absolute(double value) {
    return new GuardrailMargin(false, value);
  }

  /**
   * The test value on the effect's scale: the margin in the metric's bad direction,
   * {@code +value} for a metric to decrease, {@code -value} for one to increase.
   */
  public double threshold(Direction direction) {
    return direction == Direction.DECREASE ? value : -value;
  }
}
