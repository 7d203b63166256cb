package dev.abgw.stats.report;

import dev.abgw.stats.RatioStats;
import java.util.Map;

/**
 * A metric's statistics restricted to the requests of one segment value, e.g.
 * {@code task_type=refund}. Cells of the same dimension partition the requests; a unit may
 * appear in several cells.
 */
public record SegmentCell(String dimension, String segment, Map<String, RatioStats> byVariant) {

  public SegmentCell {
    if (dimension == null || dimension.isBlank()) {
      throw new IllegalArgumentException("dimension must be non-blank (was " + dimension + ")");
    }
    if (segment == null) {
      throw new IllegalArgumentException("segment must not be null (dimension " + dimension + ")");
    }
    byVariant = Map.copyOf(byVariant);
  }

  public static SegmentCell of(String dimension, String segment, Map<String, RatioStats> byVariant) {
    return new SegmentCell(dimension, segment, byVariant);
  }
}
