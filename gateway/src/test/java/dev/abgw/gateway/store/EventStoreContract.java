package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.StatsAccumulator;
import dev.abgw.analysis.cell.StatsDelta;
import dev.abgw.analysis.cell.TimeBucket;
import dev.abgw.analysis.cell.TimeSeries;
import dev.abgw.analysis.cell.TimeSeriesBounds;
import dev.abgw.analysis.event.RequestContext;
import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.Status;
import dev.abgw.stats.RatioStats;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one contract both stores serve. Subclasses open a fresh, isolated store per test.
 */
abstract class EventStoreContract {
  /** The event time of the contract's records unless a test says otherwise. */
  static final long T0 = 1_700_000_000_000L;
  protected EventStore store;

  /** A fresh, isolated store keeping the time series within {@code bounds}. */
  protected abstract EventStore open(TimeSeriesBounds bounds);

  protected EventStore open() {
    return open(TimeSeriesBounds.DEFAULT);
  }

  @BeforeEach
  void setUp() {
    store = open();
  }

  @AfterEach
  void tearDown() {
    await(store.close());
  }

  static StoreRecord request(String exp, String variant, String unit, String requestId, double latency) {
    RequestContext ctx = new RequestContext(requestId, exp, variant, unit, 1_700_000_000_000L, Map.of("task", "refund"));
    return new StoreRecord(exp, variant, unit, true, ctx, null,
        List.of(new Observation(StatKey.overall(variant, "latency"), latency),
            new Observation(StatKey.segment(variant, "latency", "task", "refund"), latency)),
        new JsonObject().put("type", "request").put("requestId", requestId).put("latencyMs", latency), T0);
  }

  static StoreRecord judgment(String exp, String variant, String unit, String id, double value) {
    return new StoreRecord(exp, variant, unit, false, null, id,
        List.of(new Observation(StatKey.overall(variant, "score"), value)),
        new JsonObject().put("type", "judgment").put("id", id).put("unit", unit).put("value", value), T0);
  }

  @Test
  void keeps_ratio_statistics_clustered_by_unit() {
    // unit u1: latencies 10, 20 ; unit u2: 30  -> S = (30, 30), N = (2, 1)
    await(store.writeAll(List.of(request("e1", "a", "u1", "req-00001", 10), request("e1", "a", "u1", "req-00002", 20),
        request("e1", "a", "u2", "req-00003", 30))));
    Snapshot s = await(store.snapshot("e1"));
    RatioStats r = s.stats().get(StatKey.overall("a", "latency"));
    assertThat(r.units()).isEqualTo(2);
    assertThat(r.sumS()).isCloseTo(60, within(1e-9));
    assertThat(r.sumS2()).isCloseTo(30 * 30 + 30 * 30, within(1e-9));
    assertThat(r.sumN()).isCloseTo(3, within(1e-9));
    assertThat(r.sumN2()).isCloseTo(4 + 1, within(1e-9));
    assertThat(r.crossSum()).isCloseTo(30 * 2 + 30 * 1, within(1e-9));
    assertThat(s.stats()).containsKey(StatKey.segment("a", "latency", "task", "refund"));
    assertThat(s.arms().get("a")).isEqualTo(new ArmCounts(2, 3));
  }

  @Test
  void a_snapshot_is_not_changed_by_later_writes() {
    // The report reads a snapshot on another thread while the proxy keeps writing: it must hold still.
    await(store.write(request("e1", "a", "u1", "req-snap-1", 10)));
    Snapshot before = await(store.snapshot("e1"));
    await(store.writeAll(List.of(request("e1", "a", "u2", "req-snap-2", 20), request("e1", "b", "u3", "req-snap-3", 30))));
    assertThat(before.arms()).containsOnlyKeys("a");
    assertThat(before.arms().get("a")).isEqualTo(new ArmCounts(1, 1));
    assertThat(before.stats().get(StatKey.overall("a", "latency")).sumS()).isCloseTo(10, within(1e-9));
    assertThat(before.stats()).doesNotContainKey(StatKey.overall("b", "latency"));
    assertThat(await(store.snapshot("e1")).arms().get("a")).isEqualTo(new ArmCounts(2, 2));
  }

  @Test
  void keeps_fractional_values_exactly_enough_for_the_tests() {
    List<StoreRecord> batch = new ArrayList<>();
    double sum = 0;
    for (int i = 0; i < 200; i++) {
      double v = 0.1 * i + 1e-7 * i;
      sum += v;
      batch.add(request("e1", "b", "u" + (i % 7), "req-frac-" + i, v));
    }
    await(store.writeAll(batch));
    RatioStats r = await(store.snapshot("e1")).stats().get(StatKey.overall("b", "latency"));
    assertThat(r.sumS()).isCloseTo(sum, within(1e-9));
    assertThat(r.units()).isEqualTo(7);
  }

  @Test
  void counts_a_judgment_id_once() {
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-1", 4)))).isEqualTo(WriteResult.STORED);
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-1", 4)))).isEqualTo(WriteResult.DUPLICATE);
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-2", 2)))).isEqualTo(WriteResult.STORED);
    RatioStats r = await(store.snapshot("e1")).stats().get(StatKey.overall("a", "score"));
    assertThat(r.sumN()).isEqualTo(2.0);
    assertThat(r.sumS()).isEqualTo(6.0);
    assertThat(await(store.events("e1", null, 100)).events()).hasSize(2);
  }

  @Test
  void a_judgment_id_counts_once_per_unit() {
    // A retried judgment names the same request, hence the same unit; the same id on another unit is another
    // judgment (on Redis the ids live in the unit's shard).
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-shared", 4)))).isEqualTo(WriteResult.STORED);
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-shared", 4)))).isEqualTo(WriteResult.DUPLICATE);
    assertThat(await(store.write(judgment("e1", "a", "u2", "j-shared", 3)))).isEqualTo(WriteResult.STORED);
    assertThat(await(store.snapshot("e1")).stats().get(StatKey.overall("a", "score")).sumN()).isEqualTo(2.0);
  }

  @Test
  void judgments_do_not_count_as_exposures() {
    await(store.write(judgment("e1", "a", "u9", "j-9", 1)));
    assertThat(await(store.snapshot("e1")).arms()).doesNotContainKey("a");
  }

  @Test
  void resolves_a_request_context_by_id() {
    await(store.write(request("e1", "a", "u1", "req-ctx-1", 5)));
    Optional<RequestContext> ctx = await(store.context("req-ctx-1"));
    assertThat(ctx).isPresent();
    assertThat(ctx.get().variant()).isEqualTo("a");
    assertThat(ctx.get().unit()).isEqualTo("u1");
    assertThat(ctx.get().segments()).containsEntry("task", "refund");
    assertThat(await(store.context("req-missing"))).isEmpty();
  }

  @Test
  void pages_raw_events_in_order() {
    List<StoreRecord> batch = new ArrayList<>();
    // One unit: its events keep the order they were written (on Redis they share a shard's stream).
    for (int i = 0; i < 25; i++) batch.add(request("e2", "a", "u-one", "req-page-" + i, i));
    await(store.writeAll(batch));
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      EventPage page = await(store.events("e2", cursor, 10));
      page.events().forEach(e -> ids.add(e.getString("requestId")));
      cursor = page.next();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(ids).hasSize(25);
    assertThat(ids.get(0)).isEqualTo("req-page-0");
    assertThat(ids.get(24)).isEqualTo("req-page-24");
  }

  @Test
  void pages_every_event_of_many_units_exactly_once() {
    // 60 units (spread over every shard on Redis), 5 events each, paged 7 at a time across several writes: each event once,
    // and each unit's events in the order written.
    Map<String, List<String>> written = new java.util.LinkedHashMap<>();
    for (int round = 0; round < 3; round++) {
      List<StoreRecord> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String unit = "u" + (i * 3 + round) % 60;
        String id = "req-many-" + round + "-" + i;
        batch.add(request("e7", "a", unit, id, i));
        written.computeIfAbsent(unit, k -> new ArrayList<>()).add(id);
      }
      await(store.writeAll(batch));
    }
    Map<String, List<String>> read = new java.util.LinkedHashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      EventPage page = await(store.events("e7", cursor, 7));
      assertThat(page.events().size()).isLessThanOrEqualTo(7);
      for (JsonObject e : page.events()) {
        String id = e.getString("requestId");
        assertThat(seen.add(id)).as("event " + id + " given twice").isTrue();
        int i = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
        int round = Integer.parseInt(id.substring("req-many-".length(), id.lastIndexOf('-')));
        read.computeIfAbsent("u" + (i * 3 + round) % 60, k -> new ArrayList<>()).add(id);
      }
      cursor = page.next();
      pages++;
    } while (cursor != null && pages < 200);
    assertThat(seen).hasSize(300);
    assertThat(read).isEqualTo(written);
  }

  @Test
  void keeps_analysis_state_and_definitions() {
    assertThat(await(store.analysisState("e1"))).isEmpty();
    await(store.putAnalysisState("e1", "{\"tracks\":[]}"));
    assertThat(await(store.analysisState("e1"))).contains("{\"tracks\":[]}");
    Experiment e = sampleExperiment().withStatus(Status.PAUSED);
    await(store.putExperiment(e));
    assertThat(await(store.experiments()).valid()).containsExactly(e);
  }

  @Test
  void merges_histograms_of_several_instances() {
    var h1 = dev.abgw.stats.quantile.ValueHistogram.of(dev.abgw.stats.quantile.ValueScale.latencyMillis(), 1, 2, 3);
    var h2 = dev.abgw.stats.quantile.ValueHistogram.of(dev.abgw.stats.quantile.ValueScale.latencyMillis(), 4, 5);
    await(store.putHistograms("e3", "i1", Map.of(StatKey.overall("a", "latency"), h1.encode())));
    await(store.putHistograms("e3", "i2", Map.of(StatKey.overall("a", "latency"), h2.encode())));
    byte[] merged = await(store.snapshot("e3")).histograms().get(StatKey.overall("a", "latency"));
    assertThat(dev.abgw.stats.quantile.ValueHistogram.decode(merged).count()).isEqualTo(5);
  }

  @Test
  void applies_a_batch_of_many_chunks_in_order_like_one_record_at_a_time() {
    // 700 records (several script chunks on Redis): requests and judgments of 40 units, with judgment ids
    // repeated inside the batch; the statistics must equal the in-memory model applied record by record.
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    List<StoreRecord> batch = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      String variant = i % 3 == 0 ? "a" : "b";
      String unit = "u" + rng.nextInt(40);
      double v = Math.round(rng.nextDouble() * 1000) / 100.0;
      batch.add(i % 4 == 0 ? judgment("e5", variant, unit, "j-" + rng.nextInt(120), v)
          : request("e5", variant, unit, "req-batch-" + i, v));
    }
    List<WriteResult> results = await(store.writeAll(batch));
    StatsAccumulator model = new StatsAccumulator();
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<WriteResult> expected = new ArrayList<>();
    for (StoreRecord r : batch) {
      boolean fresh = r.dedupeId() == null || seen.add(r.unit() + "\u0000" + r.dedupeId());
      expected.add(fresh ? WriteResult.STORED : WriteResult.DUPLICATE);
      if (fresh) model.apply(r.timeMillis(), r.variant(), r.unit(), r.exposure(), r.observations());
    }
    assertThat(results).containsExactlyElementsOf(expected);
    Snapshot s = await(store.snapshot("e5"));
    assertThat(s.arms()).isEqualTo(model.arms());
    assertThat(s.stats().keySet()).isEqualTo(model.stats().keySet());
    model.stats().forEach((k, want) -> {
      RatioStats got = s.stats().get(k);
      assertThat(got.units()).as(k.encode()).isEqualTo(want.units());
      assertThat(got.sumS()).as(k.encode()).isCloseTo(want.sumS(), within(1e-9 * Math.max(1, Math.abs(want.sumS()))));
      assertThat(got.sumS2()).as(k.encode()).isCloseTo(want.sumS2(), within(1e-9 * Math.max(1, want.sumS2())));
      assertThat(got.sumN()).as(k.encode()).isEqualTo(want.sumN());
      assertThat(got.sumN2()).as(k.encode()).isEqualTo(want.sumN2());
      assertThat(got.crossSum()).as(k.encode()).isCloseTo(want.crossSum(), within(1e-9 * Math.max(1, want.crossSum())));
    });
    long stored = expected.stream().filter(w -> w == WriteResult.STORED).count();
    List<JsonObject> events = await(store.events("e5", null, 1000)).events();
    assertThat(events).hasSize((int) stored);
    // Each unit's events in the order its records were written (on Redis a unit's events share one stream).
    Map<String, List<String>> want = new java.util.HashMap<>();
    java.util.Set<String> counted = new java.util.HashSet<>();
    for (StoreRecord r : batch) {
      if (r.dedupeId() != null && !counted.add(r.unit() + "\u0000" + r.dedupeId())) continue;
      want.computeIfAbsent(r.unit(), k -> new ArrayList<>()).add(r.event().encode());
    }
    Map<String, String> unitOf = new java.util.HashMap<>();
    for (StoreRecord r : batch) unitOf.put(r.event().encode(), r.unit());
    Map<String, List<String>> got = new java.util.HashMap<>();
    for (JsonObject e : events) got.computeIfAbsent(unitOf.get(e.encode()), k -> new ArrayList<>()).add(e.encode());
    assertThat(got).isEqualTo(want);
    assertThat(await(store.context("req-batch-699"))).isPresent();
  }

  @Test
  void concurrent_callers_each_get_their_own_results_in_order() {
    // 64 callers at once (grouped into shared script calls on Redis), with two shapes of answer: even callers
    // write a request and the same new judgment id twice (STORED, STORED, DUPLICATE), odd callers a judgment
    // id stored before and a request (DUPLICATE, STORED). Each caller must get exactly its own answer.
    await(store.write(judgment("e6", "b", "u-pre", "j-pre", 1)));
    List<io.vertx.core.Future<List<WriteResult>>> calls = new ArrayList<>();
    for (int k = 0; k < 64; k++) {
      calls.add(store.writeAll(k % 2 == 0
          ? List.of(request("e6", "a", "u" + k, "req-group-" + k, k), judgment("e6", "a", "u" + k, "j-group-" + k, 1),
              judgment("e6", "a", "u" + k, "j-group-" + k, 1))
          : List.of(judgment("e6", "a", "u-pre", "j-pre", 1), request("e6", "a", "u" + k, "req-group-" + k, k))));
    }
    await(io.vertx.core.Future.all(calls));
    for (int k = 0; k < 64; k++) {
      if (k % 2 == 0) {
        assertThat(calls.get(k).result()).as("caller " + k).containsExactly(WriteResult.STORED, WriteResult.STORED, WriteResult.DUPLICATE);
      } else {
        assertThat(calls.get(k).result()).as("caller " + k).containsExactly(WriteResult.DUPLICATE, WriteResult.STORED);
      }
    }
    Snapshot s = await(store.snapshot("e6"));
    assertThat(s.arms().get("a")).isEqualTo(new ArmCounts(64, 64));
    assertThat(s.stats().get(StatKey.overall("a", "score")).sumN()).isEqualTo(32.0);
  }

  static Experiment sampleExperiment() {
    String json = """
        {"id": "contract-exp", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "a", "upstream": "http://127.0.0.1:9", "weight": 1},
                      {"name": "b", "upstream": "http://127.0.0.1:9", "weight": 1}],
         "control": "a",
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment"}]}
        """;
    return ((ParseResult.Valid) ExperimentParser.parse(json)).experiment();
  }

  @Test
  void the_first_request_recorded_under_an_id_keeps_it() {
    await(store.write(request("e1", "a", "victim", "req-shared-1", 10)));
    await(store.write(request("e1", "b", "thief", "req-shared-1", 20)));
    RequestContext ctx = await(store.context("req-shared-1")).orElseThrow();
    assertThat(ctx.unit()).isEqualTo("victim");
    assertThat(ctx.variant()).isEqualTo("a");
    // Both requests still count: only the binding of the id is first-come.
    assertThat(await(store.snapshot("e1")).arms()).containsKeys("a", "b");
  }

  @Test
  void a_record_that_cannot_be_encoded_fails_alone_and_the_next_write_works() {
    await(store.write(request("e1", "a", "u1", "req-enc-1", 10)));
    StoreRecord broken = new StoreRecord("e1", "a", "u2", true, null, null,
        List.of(new Observation(StatKey.overall("a", "latency"), 99)),
        new JsonObject().put("type", "request").put("odd", new Object()), 1_700_000_000_000L);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> await(store.writeAll(List.of(request("e1", "a", "u3", "req-enc-x", 5), broken))))
        .hasMessageContaining("cannot be encoded");
    assertThat(await(store.snapshot("e1")).arms().get("a")).isEqualTo(new ArmCounts(1, 1));
    assertThat(await(store.context("req-enc-x"))).isEmpty();
    for (int i = 0; i < 5; i++) await(store.write(request("e1", "a", "u4", "req-enc-ok-" + i, 20)));
    assertThat(await(store.snapshot("e1")).arms().get("a")).isEqualTo(new ArmCounts(2, 6));
  }

  /** {@code r} at event time {@code timeMillis}. */
  static StoreRecord at(StoreRecord r, long timeMillis) {
    return new StoreRecord(r.experiment(), r.variant(), r.unit(), r.exposure(), r.context(), r.dedupeId(),
        r.observations(), r.event(), timeMillis);
  }

  @Test
  void buckets_each_record_by_its_event_time_with_the_increments_of_its_overall_cells() {
    long h = TimeBucket.Width.HOUR.floor(T0);
    List<StoreRecord> records = List.of(
        at(request("ts1", "a", "u1", "req-ts1-1", 10), h + 10_000),
        at(request("ts1", "b", "u2", "req-ts1-2", 20), h + 20_000),
        at(request("ts1", "a", "u1", "req-ts1-3", 30), h + 70_000),
        at(judgment("ts1", "a", "u1", "j-ts1-1", 3), h + 75_000),
        at(request("ts1", "b", "u3", "req-ts1-4", 40), h + 300_000));
    await(store.writeAll(records));
    List<TimeBucket> buckets = await(store.timeSeries("ts1"));
    assertThat(buckets).extracting(TimeBucket::width).containsOnly(TimeBucket.Width.MINUTE);
    assertThat(buckets).extracting(TimeBucket::startMillis).containsExactlyInAnyOrder(h, h + 60_000, h + 300_000);
    TimeBucket first = bucket(buckets, h);
    assertThat(first.arms()).isEqualTo(Map.of("a", new ArmCounts(1, 1), "b", new ArmCounts(1, 1)));
    // Overall cells only: the segment cell task=refund has no series.
    assertThat(first.cells().keySet()).containsExactlyInAnyOrder(StatKey.overall("a", "latency"),
        StatKey.overall("b", "latency"));
    assertThat(first.cells().get(StatKey.overall("a", "latency"))).isEqualTo(new StatsDelta(1, 10, 100, 1, 1, 10));
    TimeBucket second = bucket(buckets, h + 60_000);
    assertThat(second.arms()).isEqualTo(Map.of("a", new ArmCounts(0, 1)));
    // u1 had (S, N) = (10, 1): sumS2 += 2*10*30 + 30^2, sumN2 += 2*1 + 1, cross += 10 + 30*1 + 30.
    assertThat(second.cells().get(StatKey.overall("a", "latency"))).isEqualTo(new StatsDelta(0, 30, 1500, 1, 3, 70));
    assertThat(second.cells().get(StatKey.overall("a", "score"))).isEqualTo(new StatsDelta(1, 3, 9, 1, 1, 3));
    assertSeriesIsTheRecomputation(records, buckets);
    assertLastPointIsTheSnapshot(buckets, await(store.snapshot("ts1")));
    assertThat(await(store.timeSeries("no-such-experiment"))).isEmpty();
  }

  @Test
  void merges_whole_old_hours_of_minutes_into_their_hour_and_the_oldest_hours_into_the_next() {
    await(store.close());
    store = open(new TimeSeriesBounds(1, 3));
    long h0 = TimeBucket.Width.HOUR.floor(T0);
    long hour = TimeBucket.Width.HOUR.millis();
    List<StoreRecord> records = new ArrayList<>();
    int n = 0;
    for (int k = 0; k < 6; k++) {
      for (int minute : new int[] {5, 35}) {
        String variant = n % 2 == 0 ? "a" : "b";
        records.add(at(request("ts2", variant, "u" + (n % 5), "req-ts2-" + n, 10 * k + minute), h0 + k * hour + minute * 60_000L));
        if (n % 3 == 0) records.add(at(judgment("ts2", variant, "u" + (n % 5), "j-ts2-" + n, n % 4), h0 + k * hour + minute * 60_000L + 1));
        n++;
      }
    }
    // The first five hours in one call (one script chunk on Redis), the last hour record by record.
    int firstFive = (int) records.stream().filter(r -> r.timeMillis() < h0 + 5 * hour).count();
    await(store.writeAll(records.subList(0, firstFive)));
    for (StoreRecord r : records.subList(firstFive, records.size())) await(store.write(r));
    StoreRecord last = at(request("ts2", "a", "u1", "req-ts2-last", 7), h0 + 5 * hour + 50 * 60_000L);
    records.add(last);
    await(store.write(last));

    List<TimeBucket> buckets = await(store.timeSeries("ts2"));
    // Minutes of the current hour only (minuteHours 1); hours 0..4 are five, capped at three: 0 and 1 went into 2.
    assertThat(starts(buckets, TimeBucket.Width.HOUR)).containsExactly(h0 + 2 * hour, h0 + 3 * hour, h0 + 4 * hour);
    assertThat(starts(buckets, TimeBucket.Width.MINUTE)).containsExactly(h0 + 5 * hour + 5 * 60_000L,
        h0 + 5 * hour + 35 * 60_000L, h0 + 5 * hour + 50 * 60_000L);
    assertSeriesIsTheRecomputation(records, buckets);

    // A late record of an hour merged long ago goes to its hour, which the cap folds into the oldest kept one.
    // (A new unit: a known unit's increment would depend on its later records, which the prefix cannot undo.)
    StoreRecord late = at(request("ts2", "b", "late-unit", "req-ts2-late", 99), h0 + 10 * 60_000L);
    records.add(late);
    await(store.write(late));
    buckets = await(store.timeSeries("ts2"));
    assertThat(starts(buckets, TimeBucket.Width.HOUR)).containsExactly(h0 + 2 * hour, h0 + 3 * hour, h0 + 4 * hour);
    assertSeriesIsTheRecomputation(records, buckets);
    assertLastPointIsTheSnapshot(buckets, await(store.snapshot("ts2")));
  }

  private static TimeBucket bucket(List<TimeBucket> buckets, long start) {
    return buckets.stream().filter(b -> b.startMillis() == start).findFirst().orElseThrow();
  }

  private static List<Long> starts(List<TimeBucket> buckets, TimeBucket.Width width) {
    return buckets.stream().filter(b -> b.width() == width).map(TimeBucket::startMillis).sorted().toList();
  }

  /** At every bucket end, the cumulative point equals the statistics of the records before that end, from scratch. */
  static void assertSeriesIsTheRecomputation(List<StoreRecord> records, List<TimeBucket> buckets) {
    List<TimeSeries.Point> points = TimeSeries.cumulative(buckets);
    assertThat(points).hasSize(buckets.size());
    for (TimeSeries.Point p : points) {
      StatsAccumulator model = new StatsAccumulator();
      for (StoreRecord r : records) {
        if (r.timeMillis() < p.endMillis()) model.apply(r.timeMillis(), r.variant(), r.unit(), r.exposure(), r.observations());
      }
      String at = "point at " + java.time.Instant.ofEpochMilli(p.endMillis());
      assertThat(p.arms()).as(at).isEqualTo(model.arms());
      Map<StatKey, RatioStats> overall = new java.util.HashMap<>();
      model.stats().forEach((k, v) -> {
        if (k.isOverall()) overall.put(k, v);
      });
      assertThat(p.stats().keySet()).as(at).isEqualTo(overall.keySet());
      overall.forEach((k, want) -> assertClose(p.stats().get(k), want, at + " " + k.encode()));
    }
  }

  static void assertLastPointIsTheSnapshot(List<TimeBucket> buckets, Snapshot s) {
    List<TimeSeries.Point> points = TimeSeries.cumulative(buckets);
    TimeSeries.Point last = points.get(points.size() - 1);
    assertThat(last.arms()).isEqualTo(s.arms());
    last.stats().forEach((k, got) -> assertClose(got, s.stats().get(k), "last point " + k.encode()));
  }

  private static void assertClose(RatioStats got, RatioStats want, String what) {
    assertThat(got.units()).as(what).isEqualTo(want.units());
    assertThat(got.sumS()).as(what).isCloseTo(want.sumS(), within(1e-9 * Math.max(1, Math.abs(want.sumS()))));
    assertThat(got.sumS2()).as(what).isCloseTo(want.sumS2(), within(1e-9 * Math.max(1, want.sumS2())));
    assertThat(got.sumN()).as(what).isEqualTo(want.sumN());
    assertThat(got.sumN2()).as(what).isEqualTo(want.sumN2());
    assertThat(got.crossSum()).as(what).isCloseTo(want.crossSum(), within(1e-9 * Math.max(1, Math.abs(want.crossSum()))));
  }
}
