package dev.abgw.analysis.cell;

/**
 * Names one cell of sufficient statistics: a variant, a metric, and optionally one segment
 * (dimension=value). Encoded as {@code variant|metric} or {@code variant|metric|dimension=value};
 * variant and metric names cannot contain {@code |} (the experiment validator forbids it), segment
 * values may contain anything, so decoding splits on the first two bars only.
 */
public record StatKey(String variant, String metric, String dimension, String segment) {

  public StatKey {
    if (variant == null || variant.isEmpty()) throw new IllegalArgumentException("variant must be non-empty");
    if (metric == null || metric.isEmpty()) throw new IllegalArgumentException("metric must be non-empty");
    if ((dimension == null) != (segment == null)) {
      throw new IllegalArgumentException("dimension and segment must both be set or both be null");
    }
  }

  public static StatKey overall(String variant, String metric) {
    return new StatKey(variant, metric, null, null);
  }

  public static StatKey segment(String variant, String metric, String dimension, String segment) {
    return new StatKey(variant, metric, dimension, segment);
  }

  public boolean isOverall() {
    return dimension == null;
  }

  public String encode() {
    return isOverall() ? variant + '|' + metric : variant + '|' + metric + '|' + dimension + '=' + segment;
  }

  public static StatKey decode(String s) {
    int a = s.indexOf('|');
    int b = a < 0 ? -1 : s.indexOf('|', a + 1);
    if (a <= 0) throw new IllegalArgumentException("not a stat key: " + s);
    if (b < 0) return overall(s.substring(0, a), s.substring(a + 1));
    String seg = s.substring(b + 1);
    int eq = seg.indexOf('=');
    if (eq <= 0) throw new IllegalArgumentException("not a stat key: " + s);
    return segment(s.substring(0, a), s.substring(a + 1, b), seg.substring(0, eq), seg.substring(eq + 1));
  }
}
