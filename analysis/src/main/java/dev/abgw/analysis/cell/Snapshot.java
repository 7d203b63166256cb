package dev.abgw.analysis.cell;

import dev.abgw.stats.RatioStats;
import java.util.Map;

/**
 * Everything a report reads for one experiment: per-variant counts and the sufficient statistics of
 * every cell, plus the encoded tail histograms of continuous metrics (merged across instances).
 * Its size depends on the number of cells, never on the number of events.
 */
public record Snapshot(Map<String, ArmCounts> arms, Map<StatKey, RatioStats> stats,
                       Map<StatKey, byte[]> histograms) {
  public Snapshot {
    arms = Map.copyOf(arms);
    stats = Map.copyOf(stats);
    histograms = Map.copyOf(histograms);
  }
}
