package dev.abgw.stats.report;

import dev.abgw.stats.quantile.QuantileReport;
import java.util.List;

/**
 * One segment cell of a metric. When {@code enoughData} is false (an arm has fewer than
 * {@code minUnitsPerSegment} units in it) the variants carry exposure only and no test.
 * {@code quantiles} are the cell's tail quantiles of a continuous metric, null when none were recorded.
 */
public record SegmentReport(
    String dimension, String segment, boolean enoughData, List<SegmentVariantResult> variants,
    QuantileReport quantiles) {

  public SegmentReport {
    variants = List.copyOf(variants);
  }

  /** A cell without quantiles (they are attached later, from the tail histograms). */
  public SegmentReport(String dimension, String segment, boolean enoughData,
                       List<SegmentVariantResult> variants) {
    this(dimension, segment, enoughData, variants, null);
  }

  public SegmentReport withQuantiles(QuantileReport q) {
    return new SegmentReport(dimension, segment, enoughData, variants, q);
  }
}
