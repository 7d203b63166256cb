package dev.abgw.stats.quantile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Computes p50, p90, p95 and p99 (or chosen quantiles) of every variant with order-statistic confidence
 * intervals ({@link QuantileCi}) and the difference of each non-control variant against control
 * ({@link QuantileComparison}). Pure: reads the histograms, never changes them.
 *
 * <p>Per segment, call {@link #analyze} with the histograms of that segment's cell.
 */
public final class QuantileAnalyzer {

  /** The quantiles reported by default: p50, p90, p95, p99. */
  public static final List<Double> DEFAULT_QUANTILES = List.of(0.5, 0.9, 0.95, 0.99);

  private QuantileAnalyzer() {
  }

  /** {@link #analyze(Map, String, double, List)} at the {@link #DEFAULT_QUANTILES}. */
  public static QuantileReport analyze(Map<String, ValueHistogram> byVariant, String control, double alpha) {
    return analyze(byVariant, control, alpha, DEFAULT_QUANTILES);
  }

  /**
   * The quantile report of {@code byVariant}. A control missing from the map is reported as an empty arm
   * (count 0, reason EMPTY; every difference EMPTY_ARM), not an error.
   *
   * @param byVariant histogram of each variant (all at the same {@link ValueScale})
   * @param control   the control variant's name
   * @param alpha     1 - confidence level, in (0, 1)
   * @param quantiles quantiles in (0, 1)
   */
  public static QuantileReport analyze(Map<String, ValueHistogram> byVariant, String control, double alpha,
      List<Double> quantiles) {
    Objects.requireNonNull(byVariant, "byVariant");
    Objects.requireNonNull(control, "control");
    StandardNormal.requireAlpha(alpha);
    List<Double> qs = List.copyOf(quantiles);
    ValueHistogram controlHistogram = byVariant.get(control);
    List<QuantileCi> controlCis = controlHistogram == null
        ? QuantileCi.of(emptyLike(byVariant), qs, alpha)
        : QuantileCi.of(controlHistogram, qs, alpha);

    List<VariantQuantiles> variants = new ArrayList<>();
    variants.add(new VariantQuantiles(control, controlHistogram == null ? 0 : controlHistogram.count(),
        controlCis.stream().map(ci -> new QuantileValue(ci, null)).toList()));
    byVariant.keySet().stream().filter(v -> !v.equals(control)).sorted()
        .forEach(v -> variants.add(treatment(v, byVariant.get(v), controlCis, qs, alpha)));
    return new QuantileReport(control, alpha, qs, variants);
  }

  private static VariantQuantiles treatment(String variant, ValueHistogram histogram, List<QuantileCi> controlCis,
      List<Double> qs, double alpha) {
    Objects.requireNonNull(histogram, () -> "byVariant[" + variant + "]");
    List<QuantileCi> cis = QuantileCi.of(histogram, qs, alpha);
    List<QuantileValue> values = IntStream.range(0, qs.size())
        .mapToObj(i -> new QuantileValue(cis.get(i), QuantileComparison.of(cis.get(i), controlCis.get(i))))
        .toList();
    return new VariantQuantiles(variant, histogram.count(), values);
  }

  private static ValueHistogram emptyLike(Map<String, ValueHistogram> byVariant) {
    return byVariant.values().stream().findFirst()
        .map(h -> ValueHistogram.empty(h.scale()))
        .orElseGet(() -> ValueHistogram.empty(ValueScale.counts()));
  }
}
