package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.RatioStats;
import java.util.List;
import java.util.Map;

/**
 * One metric's sufficient statistics per variant, and per segment cell.
 *
 * @param metric metric name
 * @param kind binary (0/1 values) or continuous
 * @param direction which way is better
 * @param byVariant clustered statistics per variant name; a missing variant is reported with
 *     reason MISSING_VARIANT
 * @param segments segment cells, possibly empty
 */
public record MetricInput(
    String metric, MetricKind kind, Direction direction, Map<String, RatioStats> byVariant,
    List<SegmentCell> segments) {

  public MetricInput {
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("metric must be a non-blank name (was " + metric + ")");
    }
    if (kind == null) {
      throw new IllegalArgumentException("metrics[" + metric + "].kind must not be null");
    }
    if (direction == null) {
      throw new IllegalArgumentException("metrics[" + metric + "].direction must not be null");
    }
    byVariant = Map.copyOf(byVariant);
    segments = List.copyOf(segments);
  }

  public static MetricInput of(
      String metric, MetricKind kind, Direction direction, Map<String, RatioStats> byVariant) {
    return new MetricInput(metric, kind, direction, byVariant, List.of());
  }

  public MetricInput withSegments(List<SegmentCell> cells) {
    return new MetricInput(metric, kind, direction, byVariant, cells);
  }
}
