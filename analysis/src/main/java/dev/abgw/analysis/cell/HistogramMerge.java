package dev.abgw.analysis.cell;

import dev.abgw.stats.quantile.ValueHistogram;

/** Merges encoded tail histograms of several gateway instances into one. */
public final class HistogramMerge {
  private HistogramMerge() {}

  public static byte[] mergeEncoded(byte[] a, byte[] b) {
    ValueHistogram h = ValueHistogram.decode(a);
    h.merge(ValueHistogram.decode(b));
    return h.encode();
  }
}
