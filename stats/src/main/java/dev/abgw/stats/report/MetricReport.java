package dev.abgw.stats.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * One metric's results: per variant (control first) and per segment.
 *
 * <p>{@code extras} is the seam for sections computed elsewhere (e.g. tail quantiles): its
 * fields are merged into the metric's JSON object by {@link ReportJson}. It may not redefine a
 * standard field. Null when there is none.
 */
public record MetricReport(
    String metric, MetricKind kind, Direction direction, List<VariantResult> variants,
    List<SegmentReport> segments, ObjectNode extras, Role role) {

  /** Field names written by {@link ReportJson}; extras may not use them. */
  public static final Set<String> STANDARD_FIELDS =
      Set.of("metric", "type", "direction", "variants", "segments", "role");

  /** A metric of an experiment without roles. */
  public MetricReport(String metric, MetricKind kind, Direction direction,
      List<VariantResult> variants, List<SegmentReport> segments, ObjectNode extras) {
    this(metric, kind, direction, variants, segments, extras, null);
  }

  public MetricReport {
    variants = List.copyOf(variants);
    segments = List.copyOf(segments);
    if (extras != null) {
      extras = extras.deepCopy();
      extras.fieldNames().forEachRemaining(name -> {
        if (STANDARD_FIELDS.contains(name)) {
          throw new IllegalArgumentException(
              "extras must not redefine standard field " + name + " of metric " + metric);
        }
      });
    }
  }

  /** This metric with {@code more} merged into its extras (later fields win). */
  public MetricReport withExtras(ObjectNode more) {
    ObjectNode merged = extras == null ? more.deepCopy() : extras.deepCopy().setAll(more);
    return new MetricReport(metric, kind, direction, variants, segments, merged, role);
  }

  @Override
  public ObjectNode extras() {
    return extras == null ? null : extras.deepCopy();
  }
}
