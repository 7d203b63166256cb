package dev.abgw.analysis.report;

import dev.abgw.experiments.CardinalityLimiter;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.SegmentDimension;
import dev.abgw.analysis.cell.HistogramMerge;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.stats.RatioStats;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps, per segment dimension, the {@code maxValues} values with the most traffic and folds every other
 * stored value into {@value CardinalityLimiter#OTHER} ({@value CardinalityLimiter#NONE}, the absent value,
 * is never folded). The store keeps up to {@link #STORAGE_HEADROOM} times {@code maxValues} values per
 * dimension, so a value that is frequent but arrived late still gets its own row.
 *
 * <p>Traffic of a value = the largest, over metrics, of its observations summed over variants (the
 * per-request proxy metrics see every request). Folding adds the cells' sufficient statistics with
 * {@link RatioStats#plus} and merges their histograms: exact for units that stay within one value, and
 * counts a unit seen under two folded values as two clusters otherwise.
 */
public final class SegmentFolding {
  /** How many times {@code maxValues} distinct values each dimension may store. */
  public static final int STORAGE_HEADROOM = 4;

  private SegmentFolding() {}

  public static Snapshot fold(Experiment e, Snapshot s) {
    Map<String, Set<String>> kept = new HashMap<>();
    for (SegmentDimension d : e.segments()) kept.put(d.name(), topValues(d, s.stats()));
    boolean folds = false;
    for (StatKey k : s.stats().keySet()) {
      if (folded(k, kept) != k) {
        folds = true;
        break;
      }
    }
    if (!folds) return s;
    Map<StatKey, RatioStats> stats = new HashMap<>();
    s.stats().forEach((k, v) -> stats.merge(folded(k, kept), v, RatioStats::plus));
    Map<StatKey, byte[]> histograms = new HashMap<>();
    s.histograms().forEach((k, v) -> histograms.merge(folded(k, kept), v, HistogramMerge::mergeEncoded));
    return new Snapshot(s.arms(), stats, histograms);
  }

  private static Set<String> topValues(SegmentDimension d, Map<StatKey, RatioStats> stats) {
    Map<String, Map<String, Double>> byValueMetric = new HashMap<>();
    stats.forEach((k, v) -> {
      if (d.name().equals(k.dimension())) {
        byValueMetric.computeIfAbsent(k.segment(), x -> new HashMap<>()).merge(k.metric(), v.sumN(), Double::sum);
      }
    });
    Map<String, Double> traffic = new HashMap<>();
    byValueMetric.forEach((value, perMetric) ->
        traffic.put(value, perMetric.values().stream().mapToDouble(Double::doubleValue).max().orElse(0)));
    List<String> ranked = traffic.keySet().stream()
        .filter(v -> !v.equals(CardinalityLimiter.NONE) && !v.equals(CardinalityLimiter.OTHER))
        .sorted(Comparator.<String>comparingDouble(v -> -traffic.get(v)).thenComparing(Comparator.naturalOrder()))
        .toList();
    Set<String> top = new HashSet<>(ranked.subList(0, Math.min(d.maxValues(), ranked.size())));
    top.add(CardinalityLimiter.NONE);
    return top;
  }

  private static StatKey folded(StatKey k, Map<String, Set<String>> kept) {
    if (k.isOverall()) return k;
    Set<String> top = kept.get(k.dimension());
    if (top == null || top.contains(k.segment())) return k;
    return StatKey.segment(k.variant(), k.metric(), k.dimension(), CardinalityLimiter.OTHER);
  }
}
