package dev.abgw.analysis.cell;

import dev.abgw.stats.RatioStats;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory twin of the Lua script: exposure counts per variant and ratio-kind sufficient
 * statistics per cell, updated per observation with {@link RatioStats#observe}. Used by the embedded
 * store and by offline analysis, so all three paths count the same way. Each record's increments of the
 * overall cells and arm counts also go to the {@link TimeSeries} of its event time, as in the Lua script.
 * Not thread-safe.
 */
public final class StatsAccumulator {
  private final Map<String, ArmCounts> arms = new HashMap<>();
  private final Map<String, Set<String>> units = new HashMap<>();
  private final Map<StatKey, RatioStats> stats = new HashMap<>();
  private final Map<StatKey, Map<String, double[]>> unitSums = new HashMap<>();
  private final TimeSeries series;

  /** With the default time-series bounds. */
  public StatsAccumulator() {
    this(TimeSeriesBounds.DEFAULT);
  }

  public StatsAccumulator(TimeSeriesBounds bounds) {
    this.series = new TimeSeries(bounds);
  }

  /** Applies one record whose event happened at {@code timeMillis}. */
  public void apply(long timeMillis, String variant, String unit, boolean exposure, List<Observation> observations) {
    boolean newUnit = false;
    if (exposure) {
      newUnit = units.computeIfAbsent(variant, k -> new HashSet<>()).add(unit);
      arms.merge(variant, new ArmCounts(newUnit ? 1 : 0, 1), ArmCounts::plus);
    }
    Map<StatKey, StatsDelta> deltas = new HashMap<>();
    for (Observation o : observations) {
      double[] sn = unitSums.computeIfAbsent(o.key(), k -> new HashMap<>()).computeIfAbsent(unit, k -> new double[2]);
      stats.put(o.key(), stats.getOrDefault(o.key(), RatioStats.empty()).observe(sn[0], (long) sn[1], o.value()));
      // Time series: overall cells only (the report's series are per metric and variant).
      if (o.key().isOverall()) {
        deltas.merge(o.key(), StatsDelta.ofValue(sn[0], (long) sn[1], o.value()), StatsDelta::plus);
      }
      sn[0] += o.value();
      sn[1] += 1;
    }
    if (exposure || !observations.isEmpty()) series.add(timeMillis, variant, exposure, newUnit, deltas);
  }

  /** The time-series buckets held. */
  public List<TimeBucket> buckets() {
    return series.buckets();
  }

  public Map<String, ArmCounts> arms() {
    return arms;
  }

  public Map<StatKey, RatioStats> stats() {
    return stats;
  }
}
