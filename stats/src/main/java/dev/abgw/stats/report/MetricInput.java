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
 * @param decisive whether this metric's verdicts and regressions can decide the action (ship,
 *     rollback). A metric that is not decisive (a secondary metric, e.g. the derived {@code NAME.bad}
 *     of a {@code badBelow} threshold) is analysed and reported the same way, is corrected in its own
 *     family (see {@link ReportBuilder}), and is named in the decision's sentence, but never changes
 *     the action. This flag is the one place metric roles map onto: goal and guardrail metrics would
 *     be decisive, secondary ones not.
 */
public record MetricInput(
    String metric, MetricKind kind, Direction direction, Map<String, RatioStats> byVariant,
    List<SegmentCell> segments, boolean decisive) {

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

  /** A decisive metric. */
  public MetricInput(String metric, MetricKind kind, Direction direction,
      Map<String, RatioStats> byVariant, List<SegmentCell> segments) {
    this(metric, kind, direction, byVariant, segments, true);
  }

  /** A decisive metric without segments. */
  public static MetricInput of(
      String metric, MetricKind kind, Direction direction, Map<String, RatioStats> byVariant) {
    return new MetricInput(metric, kind, direction, byVariant, List.of());
  }

  public MetricInput withSegments(List<SegmentCell> cells) {
    return new MetricInput(metric, kind, direction, byVariant, cells, decisive);
  }

  /** This metric as a secondary one: reported, corrected in its own family, never decisive. */
  public MetricInput asSecondary() {
    return new MetricInput(metric, kind, direction, byVariant, segments, false);
  }
}
