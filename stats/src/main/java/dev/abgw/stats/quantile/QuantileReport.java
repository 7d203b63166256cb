package dev.abgw.stats.quantile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tail quantiles of one continuous metric for every variant, with confidence intervals and differences
 * against control. Built by {@link QuantileAnalyzer}, written by {@link QuantileJson}.
 *
 * @param control   the control variant's name
 * @param alpha     1 - confidence level of every interval
 * @param quantiles the quantiles reported, in order
 * @param variants  control first, then the other variants by name
 */
public record QuantileReport(String control, double alpha, List<Double> quantiles, List<VariantQuantiles> variants) {

  public QuantileReport {
    Objects.requireNonNull(control, "control");
    StandardNormal.requireAlpha(alpha);
    quantiles = List.copyOf(quantiles);
    variants = List.copyOf(variants);
    for (VariantQuantiles v : variants) {
      if (v.values().size() != quantiles.size()) {
        throw new IllegalArgumentException("variants[" + v.variant() + "].values must have " + quantiles.size()
            + " entries, one per quantile (was " + v.values().size() + ")");
      }
    }
  }

  /** The entry of {@code variant}, if present. */
  public Optional<VariantQuantiles> variant(String variant) {
    return variants.stream().filter(v -> v.variant().equals(variant)).findFirst();
  }
}
