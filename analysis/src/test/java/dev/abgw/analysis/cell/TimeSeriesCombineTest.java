package dev.abgw.analysis.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TimeSeries#combine}: shards that each bucket and merge their own units' records (as the Redis shards do,
 * each when its own records arrive) give, once combined, cumulative points that are the statistics of all records
 * before each point's end, recomputed from scratch.
 */
class TimeSeriesCombineTest {
  private static final long HOUR = TimeBucket.Width.HOUR.millis();
  private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % HOUR;

  record Rec(long time, String variant, String unit, double value) {}

  /** Seeded records over {@code hours} hours, in time order; unit i is active only in a window of its own. */
  static List<Rec> records(long seed, int hours, int units, int count) {
    Random rnd = new Random(seed);
    List<Long> times = new ArrayList<>();
    List<Rec> out = new ArrayList<>();
    for (int i = 0; i < count; i++) times.add(T0 + (long) (rnd.nextDouble() * hours * HOUR));
    times.sort(null);
    for (long t : times) {
      // Units whose window holds t: unit u is active from hour (u * 7) % hours for 1 to 4 hours.
      List<Integer> active = new ArrayList<>();
      for (int u = 0; u < units; u++) {
        long from = T0 + ((u * 7L) % hours) * HOUR;
        long to = from + (1 + u % 4) * HOUR;
        if (t >= from && t < to) active.add(u);
      }
      if (active.isEmpty()) continue;
      int u = active.get(rnd.nextInt(active.size()));
      out.add(new Rec(t, u % 2 == 0 ? "a" : "b", "u" + u, Math.floor(rnd.nextDouble() * 50) / 10));
    }
    return out;
  }

  static void apply(StatsAccumulator acc, Rec r) {
    acc.apply(r.time(), r.variant(), r.unit(), true, List.of(new Observation(StatKey.overall(r.variant(), "m"), r.value())));
  }

  /** Combines the shards' buckets and checks every cumulative point against a recomputation. */
  static List<TimeBucket> checkCombined(List<Rec> records, int shards, TimeSeriesBounds bounds) {
    List<StatsAccumulator> perShard = new ArrayList<>();
    for (int s = 0; s < shards; s++) perShard.add(new StatsAccumulator(bounds));
    for (Rec r : records) apply(perShard.get(Math.floorMod(r.unit().hashCode(), shards)), r);
    List<List<TimeBucket>> buckets = new ArrayList<>();
    for (StatsAccumulator a : perShard) buckets.add(a.buckets());
    List<TimeBucket> combined = TimeSeries.combine(buckets, bounds);

    assertThat(combined.stream().filter(b -> b.width() == TimeBucket.Width.HOUR).count())
        .isLessThanOrEqualTo(bounds.maxHourlyBuckets());
    long latest = records.get(records.size() - 1).time();
    assertThat(combined).filteredOn(b -> b.width() == TimeBucket.Width.MINUTE)
        .allSatisfy(b -> assertThat(b.startMillis()).isGreaterThanOrEqualTo(bounds.minuteCut(latest)));

    List<TimeSeries.Point> points = TimeSeries.cumulative(combined);
    assertThat(points).isNotEmpty();
    for (TimeSeries.Point p : points) {
      StatsAccumulator expected = new StatsAccumulator(bounds);
      records.stream().filter(r -> r.time() < p.endMillis()).forEach(r -> apply(expected, r));
      assertThat(p.arms()).as("arms at %d", p.endMillis()).isEqualTo(expected.arms());
      Map<StatKey, RatioStats> want = expected.stats();
      assertThat(p.stats().keySet()).as("cells at %d", p.endMillis()).isEqualTo(want.keySet());
      want.forEach((k, w) -> {
        RatioStats got = p.stats().get(k);
        assertThat(got.units()).isEqualTo(w.units());
        // Shards sum in another order than one accumulator: equal up to rounding.
        assertThat(got.sumS()).isCloseTo(w.sumS(), within(1e-9 * (1 + Math.abs(w.sumS()))));
        assertThat(got.sumS2()).isCloseTo(w.sumS2(), within(1e-9 * (1 + Math.abs(w.sumS2()))));
        assertThat(got.sumN()).isCloseTo(w.sumN(), within(1e-9 * (1 + Math.abs(w.sumN()))));
        assertThat(got.sumN2()).isCloseTo(w.sumN2(), within(1e-9 * (1 + Math.abs(w.sumN2()))));
        assertThat(got.crossSum()).isCloseTo(w.crossSum(), within(1e-9 * (1 + Math.abs(w.crossSum()))));
      });
    }
    return combined;
  }

  @Test
  void shards_merging_on_their_own_combine_into_exact_points() {
    for (long seed = 1; seed <= 20; seed++) {
      checkCombined(records(seed, 10, 30, 400), 5, new TimeSeriesBounds(2, 4));
    }
  }

  @Test
  void a_shard_at_its_cap_folds_the_other_shards_older_hours() {
    // Unit windows make some shards reach their cap of 3 hours while others hold older hours they have not folded.
    List<Rec> records = records(7, 12, 24, 600);
    List<TimeBucket> combined = checkCombined(records, 8, new TimeSeriesBounds(1, 3));
    assertThat(combined).filteredOn(b -> b.width() == TimeBucket.Width.HOUR).hasSize(3);
  }

  @Test
  void one_shard_is_its_own_buckets() {
    TimeSeriesBounds bounds = new TimeSeriesBounds(2, 4);
    StatsAccumulator one = new StatsAccumulator(bounds);
    for (Rec r : records(3, 10, 30, 400)) apply(one, r);
    assertThat(TimeSeries.combine(List.of(one.buckets()), bounds)).isEqualTo(one.buckets());
    checkCombined(records(3, 10, 30, 400), 1, bounds);
  }
}
