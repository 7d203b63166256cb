package dev.abgw.stats.report;

import java.util.List;

/**
 * One segment cell of a metric. When {@code enoughData} is false (an arm has fewer than
 * {@code minUnitsPerSegment} units in it) the variants carry exposure only and no test.
 */
public record SegmentReport(
    String dimension, String segment, boolean enoughData, List<SegmentVariantResult> variants) {

  public SegmentReport {
    variants = List.copyOf(variants);
  }
}
