package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.quantile.QuantileReport;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One metric's results: per variant (control first) and per segment, and for a continuous metric its
 * tail quantiles ({@code quantiles}, null when the metric has none recorded).
 */
public record MetricReport(
    String metric, MetricKind kind, Direction direction, List<VariantResult> variants,
    List<SegmentReport> segments, QuantileReport quantiles, Role role) {

  /** A metric of an experiment without roles. */
  public MetricReport(String metric, MetricKind kind, Direction direction,
      List<VariantResult> variants, List<SegmentReport> segments, QuantileReport quantiles) {
    this(metric, kind, direction, variants, segments, quantiles, null);
  }

  public MetricReport {
    variants = List.copyOf(variants);
    segments = List.copyOf(segments);
  }

  /**
   * This metric with its tail quantiles: {@code overall}, and per segment what {@code bySegment} answers for
   * (dimension, segment), null for none.
   */
  public MetricReport withQuantiles(QuantileReport overall,
                                    BiFunction<String, String, QuantileReport> bySegment) {
    List<SegmentReport> next = segments.stream()
        .map(s -> s.withQuantiles(bySegment.apply(s.dimension(), s.segment())))
        .toList();
    return new MetricReport(metric, kind, direction, variants, next, overall, role);
  }
}
