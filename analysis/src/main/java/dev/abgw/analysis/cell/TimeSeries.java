package dev.abgw.analysis.cell;

import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-bucket deltas of one experiment's overall cells and arm counts, bounded by {@link TimeSeriesBounds}:
 * the in-memory twin of the time-series block of {@code record.lua} (same buckets, same merges), used by the
 * embedded store and by offline analysis. {@link #cumulative} turns any set of buckets (one store's, or the sum
 * of several shards') into the cumulative statistics at the end of every bucket, in O(buckets x cells).
 *
 * <p>A record is bucketed by its event time. Its increments depend on the unit's totals when it is applied, so
 * the prefix at a bucket is exactly the statistics of the records up to that bucket when each unit's records
 * are applied in time order (as they are: a unit's requests are recorded as they end); the total over all
 * buckets is always exact. Not thread-safe.
 */
public final class TimeSeries {
  private final TimeSeriesBounds bounds;
  private final TreeMap<Long, Builder> minutes = new TreeMap<>();
  private final TreeMap<Long, Builder> hours = new TreeMap<>();
  /** Records before this time go to their hourly bucket; only moves forward. */
  private long cut = Long.MIN_VALUE;

  public TimeSeries(TimeSeriesBounds bounds) {
    this.bounds = bounds;
  }

  /** The cumulative statistics at {@code endMillis}: everything recorded before it. */
  public record Point(long endMillis, TimeBucket.Width width, Map<String, ArmCounts> arms,
                      Map<StatKey, RatioStats> stats) {
    public Point {
      arms = Map.copyOf(arms);
      stats = Map.copyOf(stats);
    }
  }

  /** The bucket a record at {@code timeMillis} goes to: a minute bucket unless its hour was merged already. */
  private Builder bucket(long timeMillis) {
    long minute = TimeBucket.Width.MINUTE.floor(timeMillis);
    if (minute < cut) {
      return hours.computeIfAbsent(TimeBucket.Width.HOUR.floor(timeMillis), s -> new Builder());
    }
    return minutes.computeIfAbsent(minute, s -> new Builder());
  }

  /** Adds one record: its exposure (a new unit or not) and the increments of its overall cells. */
  public void add(long timeMillis, String variant, boolean exposure, boolean newUnit, Map<StatKey, StatsDelta> cells) {
    Builder b = bucket(timeMillis);
    if (exposure) b.arms.merge(variant, new ArmCounts(newUnit ? 1 : 0, 1), ArmCounts::plus);
    cells.forEach((k, d) -> b.cells.merge(k, d, StatsDelta::plus));
    compact(timeMillis);
  }

  /** Moves whole hours of minute buckets older than the cut into their hour, then caps the hourly buckets. */
  private void compact(long latestMillis) {
    long next = bounds.minuteCut(latestMillis);
    if (next > cut) {
      cut = next;
      var old = minutes.headMap(cut, false);
      old.forEach((start, b) -> hours.computeIfAbsent(TimeBucket.Width.HOUR.floor(start), s -> new Builder()).add(b));
      old.clear();
    }
    while (hours.size() > bounds.maxHourlyBuckets()) {
      Builder oldest = hours.pollFirstEntry().getValue();
      hours.firstEntry().getValue().add(oldest);
    }
  }

  /** The buckets held, hourly then minute, each in time order. */
  public List<TimeBucket> buckets() {
    List<TimeBucket> out = new ArrayList<>(hours.size() + minutes.size());
    hours.forEach((s, b) -> out.add(b.build(s, TimeBucket.Width.HOUR)));
    minutes.forEach((s, b) -> out.add(b.build(s, TimeBucket.Width.MINUTE)));
    return out;
  }

  /**
   * The buckets of several shards of one experiment as one store's: each shard merges on its own (when its own
   * records arrive), so the shards may hold one hour at different widths, or one shard may have folded its oldest
   * hours into a later one while another still holds them. This sums buckets of the same width and start; moves
   * minute buckets before the cut of the latest minute bucket ({@link TimeSeriesBounds#minuteCut}) into their
   * hour; then folds the oldest hours into the next while there are more than the cap. That last step also
   * covers a shard that folded its oldest hours into its hour H: it holds the cap's count of hours from H on, so
   * the newest cap hours of all shards start at H or later, and every other shard's hour before H is folded into
   * a later one. Every step sums deltas into a later bucket, so every remaining point is exact, only coarser; one
   * shard gives its own buckets.
   */
  public static List<TimeBucket> combine(List<List<TimeBucket>> shards, TimeSeriesBounds bounds) {
    TreeMap<Long, Builder> hourly = new TreeMap<>();
    TreeMap<Long, Builder> minutely = new TreeMap<>();
    for (List<TimeBucket> shard : shards) {
      for (TimeBucket b : shard) {
        (b.width() == TimeBucket.Width.HOUR ? hourly : minutely).computeIfAbsent(b.startMillis(), s -> new Builder())
            .add(b);
      }
    }
    if (!minutely.isEmpty()) {
      long cut = bounds.minuteCut(minutely.lastKey());
      var old = minutely.headMap(cut, false);
      old.forEach((start, b) -> hourly.computeIfAbsent(TimeBucket.Width.HOUR.floor(start), s -> new Builder()).add(b));
      old.clear();
    }
    while (hourly.size() > bounds.maxHourlyBuckets()) {
      Builder oldest = hourly.pollFirstEntry().getValue();
      hourly.firstEntry().getValue().add(oldest);
    }
    List<TimeBucket> out = new ArrayList<>(hourly.size() + minutely.size());
    hourly.forEach((start, b) -> out.add(b.build(start, TimeBucket.Width.HOUR)));
    minutely.forEach((start, b) -> out.add(b.build(start, TimeBucket.Width.MINUTE)));
    return out;
  }

  /**
   * The cumulative statistics at the end of every bucket, in time order: the prefix sums of the deltas. Buckets
   * of the same width and start (from several shards) are summed first, and minute buckets whose hour also has an
   * hourly bucket (a shard that merged that hour while another had not) are summed into it, so the result does not
   * depend on how the buckets were split.
   */
  public static List<Point> cumulative(List<TimeBucket> buckets) {
    TreeMap<Long, Builder> hourly = new TreeMap<>();
    TreeMap<Long, Builder> minutely = new TreeMap<>();
    for (TimeBucket b : buckets) {
      (b.width() == TimeBucket.Width.HOUR ? hourly : minutely).computeIfAbsent(b.startMillis(), s -> new Builder())
          .add(b);
    }
    for (var it = minutely.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Builder hour = hourly.get(TimeBucket.Width.HOUR.floor(e.getKey()));
      if (hour != null) {
        hour.add(e.getValue());
        it.remove();
      }
    }
    List<TimeBucket> ordered = new ArrayList<>();
    hourly.forEach((s, b) -> ordered.add(b.build(s, TimeBucket.Width.HOUR)));
    minutely.forEach((s, b) -> ordered.add(b.build(s, TimeBucket.Width.MINUTE)));
    ordered.sort(Comparator.comparingLong(TimeBucket::endMillis));
    Map<String, ArmCounts> arms = new HashMap<>();
    Map<StatKey, StatsDelta> sums = new HashMap<>();
    List<Point> out = new ArrayList<>(ordered.size());
    for (TimeBucket b : ordered) {
      b.arms().forEach((v, c) -> arms.merge(v, c, ArmCounts::plus));
      b.cells().forEach((k, d) -> sums.merge(k, d, StatsDelta::plus));
      Map<StatKey, RatioStats> stats = new HashMap<>();
      sums.forEach((k, d) -> stats.put(k, d.toStats()));
      out.add(new Point(b.endMillis(), b.width(), arms, stats));
    }
    return out;
  }

  private static final class Builder {
    final Map<StatKey, StatsDelta> cells = new HashMap<>();
    final Map<String, ArmCounts> arms = new HashMap<>();

    void add(Builder o) {
      o.cells.forEach((k, d) -> cells.merge(k, d, StatsDelta::plus));
      o.arms.forEach((v, c) -> arms.merge(v, c, ArmCounts::plus));
    }

    void add(TimeBucket o) {
      o.cells().forEach((k, d) -> cells.merge(k, d, StatsDelta::plus));
      o.arms().forEach((v, c) -> arms.merge(v, c, ArmCounts::plus));
    }

    TimeBucket build(long start, TimeBucket.Width width) {
      return new TimeBucket(start, width, cells, arms);
    }
  }
}
