package dev.abgw.stats.quantile;

import java.util.Objects;

/**
 * One quantile of one variant: its estimate and, for a non-control variant, the comparison with control.
 *
 * @param estimate   the quantile with its confidence interval
 * @param difference treatment minus control at the same quantile; null for the control variant
 */
public record QuantileValue(QuantileCi estimate, QuantileComparison difference) {

  public QuantileValue {
    Objects.requireNonNull(estimate, "estimate");
    if (difference != null && difference.p() != estimate.p()) {
      throw new IllegalArgumentException("difference.p must equal estimate.p " + estimate.p()
          + " (was " + difference.p() + ")");
    }
  }

  /** The quantile, in (0, 1). */
  public double q() {
    return estimate.p();
  }
}
