package dev.abgw.analysis.cell;

import dev.abgw.stats.RatioStats;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory twin of the Lua script: exposure counts per variant and ratio-kind sufficient
 * statistics per cell, updated per observation by the update rule of {@link RatioStats#observe} (the
 * reference implementation). Used by the embedded store and by offline analysis, so all three paths count
 * the same way. The running sums live in mutable cells, so an observation allocates nothing once its cell
 * and its unit exist; {@link #stats()} hands out immutable {@link RatioStats}. Each record's increments of the
 * overall cells and arm counts also go to the {@link TimeSeries} of its event time, as in the Lua script.
 * Not thread-safe.
 */
public final class StatsAccumulator {
  private final Map<String, Arm> arms = new HashMap<>();
  private final Map<StatKey, Cell> cells = new HashMap<>();
  private final TimeSeries series;

  /** Exposure counts of one variant, and the units seen in it. */
  private static final class Arm {
    final Set<String> units = new HashSet<>();
    long requests;
  }

  /**
   * One cell's {@link RatioStats} fields, and each unit's running sum s and count n in it. The update is
   * {@code RatioStats.observe(s, n, x)} written in place: units += (n == 0), sumS += x,
   * sumS2 += 2 s x + x^2, sumN += 1, sumN2 += 2 n + 1, crossSum += s + x n + x.
   */
  private static final class Cell {
    final Map<String, double[]> unitSums = new HashMap<>();
    long units;
    double sumS;
    double sumS2;
    double sumN;
    double sumN2;
    double crossSum;

    /** Adds {@code x} for {@code unit}; returns the increment when {@code delta} is set, else null. */
    StatsDelta observe(String unit, double x, boolean delta) {
      double[] sn = unitSums.get(unit);
      if (sn == null) {
        sn = new double[2];
        unitSums.put(unit, sn);
      }
      double s = sn[0];
      long n = (long) sn[1];
      StatsDelta d = delta ? StatsDelta.ofValue(s, n, x) : null;
      if (n == 0) units++;
      // Left to right as in RatioStats.observe, so the sums agree to the last bit.
      sumS = sumS + x;
      sumS2 = sumS2 + 2 * s * x + x * x;
      sumN = sumN + 1;
      sumN2 = sumN2 + 2.0 * n + 1;
      crossSum = crossSum + s + x * n + x;
      sn[0] += x;
      sn[1] += 1;
      return d;
    }

    RatioStats stats() {
      return RatioStats.of(units, sumS, sumS2, sumN, sumN2, crossSum);
    }
  }

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
      Arm arm = arms.get(variant);
      if (arm == null) {
        arm = new Arm();
        arms.put(variant, arm);
      }
      newUnit = arm.units.add(unit);
      arm.requests++;
    }
    Map<StatKey, StatsDelta> deltas = null;
    for (int i = 0, n = observations.size(); i < n; i++) {
      Observation o = observations.get(i);
      Cell cell = cells.get(o.key());
      if (cell == null) {
        cell = new Cell();
        cells.put(o.key(), cell);
      }
      // Time series: overall cells only (the report's series are per metric and variant).
      boolean overall = o.key().isOverall();
      StatsDelta d = cell.observe(unit, o.value(), overall);
      if (overall) {
        if (deltas == null) deltas = new HashMap<>();
        deltas.merge(o.key(), d, StatsDelta::plus);
      }
    }
    if (exposure || !observations.isEmpty()) series.add(timeMillis, variant, exposure, newUnit, deltas == null ? Map.of() : deltas);
  }

  /** The time-series buckets held. */
  public List<TimeBucket> buckets() {
    return series.buckets();
  }

  /** Units and requests per variant, as of now (a copy). */
  public Map<String, ArmCounts> arms() {
    Map<String, ArmCounts> out = new HashMap<>();
    arms.forEach((variant, arm) -> out.put(variant, new ArmCounts(arm.units.size(), arm.requests)));
    return out;
  }

  /** Each cell's statistics, as of now (a copy). */
  public Map<StatKey, RatioStats> stats() {
    Map<StatKey, RatioStats> out = new HashMap<>();
    cells.forEach((key, cell) -> out.put(key, cell.stats()));
    return out;
  }
}
