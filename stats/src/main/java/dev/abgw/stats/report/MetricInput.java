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
 * @param role the metric's role, or null when the experiment declares no roles (every metric then
 *     decides, see {@link DecisionRule}); {@link #decisive()} follows from it
 * @param margin the non-inferiority margin, required for {@link Role#GUARDRAIL} and only there
 */
public record MetricInput(
    String metric, MetricKind kind, Direction direction, Map<String, RatioStats> byVariant,
    List<SegmentCell> segments, Role role, GuardrailMargin margin) {

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
    if ((role == Role.GUARDRAIL) != (margin != null)) {
      throw new IllegalArgumentException("metrics[" + metric + "]: a guardrail needs a margin and only a"
          + " guardrail has one (role " + role + ", margin " + margin + ")");
    }
    byVariant = Map.copyOf(byVariant);
    segments = List.copyOf(segments);
  }

  /**
   * A metric without a role ({@code decisive}) or a secondary one.
   *
   * @param decisive whether this metric's verdicts and regressions can decide the action (ship,
   *     rollback). A metric that is not decisive (a secondary metric, e.g. the derived
   *     {@code NAME.bad} of a {@code badBelow} threshold) is analysed and reported the same way, is
   *     corrected in its own family (see {@link ReportBuilder}), and is named in the decision's
   *     sentence, but never changes the action.
   */
  public MetricInput(String metric, MetricKind kind, Direction direction,
      Map<String, RatioStats> byVariant, List<SegmentCell> segments, boolean decisive) {
    this(metric, kind, direction, byVariant, segments, decisive ? null : Role.SECONDARY, null);
  }

  /** A decisive metric. */
  public MetricInput(String metric, MetricKind kind, Direction direction,
      Map<String, RatioStats> byVariant, List<SegmentCell> segments) {
    this(metric, kind, direction, byVariant, segments, true);
  }

  /**
   * Whether this metric's two-sided verdicts and segment regressions take part in the decision:
   * every metric without roles, goals and guardrails with them (a guardrail's two-sided tests share
   * the goals' correction family; its ship and rollback come from its non-inferiority test), never a
   * secondary metric. The one place roles map onto the correction families.
   */
  public boolean decisive() {
    return role != Role.SECONDARY;
  }

  /** A decisive metric without segments. */
  public static MetricInput of(
      String metric, MetricKind kind, Direction direction, Map<String, RatioStats> byVariant) {
    return new MetricInput(metric, kind, direction, byVariant, List.of());
  }

  public MetricInput withSegments(List<SegmentCell> cells) {
    return new MetricInput(metric, kind, direction, byVariant, cells, role, margin);
  }

  /** This metric as a secondary one: reported, corrected in its own family, never decisive. */
  public MetricInput asSecondary() {
    return new MetricInput(metric, kind, direction, byVariant, segments, Role.SECONDARY, null);
  }

  /** This metric with a role and, for a guardrail, its margin. */
  public MetricInput withRole(Role newRole, GuardrailMargin newMargin) {
    return new MetricInput(metric, kind, direction, byVariant, segments, newRole, newMargin);
  }
}
