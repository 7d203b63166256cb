package dev.abgw.stats.quantile;

import java.util.List;
import java.util.Objects;

/**
 * The quantiles of one variant.
 *
 * @param variant variant name
 * @param count   number of recorded values
 * @param values  one entry per requested quantile, in the report's quantile order
 */
public record VariantQuantiles(String variant, long count, List<QuantileValue> values) {

  public VariantQuantiles {
    Objects.requireNonNull(variant, "variant");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0 (was " + count + ")");
    }
    values = List.copyOf(values);
  }
}
