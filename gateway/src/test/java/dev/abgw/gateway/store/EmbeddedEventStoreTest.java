package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.Snapshot;
import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedEventStoreTest extends EventStoreContract {
  private Path dir;

  @Override
  protected EventStore open(dev.abgw.analysis.cell.TimeSeriesBounds bounds) {
    try {
      dir = Files.createTempDirectory("abgw-embedded");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000, EmbeddedEventStore.DEFAULT_MAX_CONTEXTS, bounds);
  }

  @Test
  void loses_nothing_across_a_restart() {
    await(store.writeAll(List.of(request("e1", "a", "u1", "req-r-1", 10), request("e1", "a", "u2", "req-r-2", 20))));
    await(store.write(judgment("e1", "a", "u1", "j-r", 3)));
    await(store.putAnalysisState("e1", "{\"tracks\":[]}"));
    await(store.write(at(request("e1", "b", "u3", "req-r-3", 30), T0 + 7_200_000)));
    Snapshot before = await(store.snapshot("e1"));
    var series = await(store.timeSeries("e1"));
    assertThat(series).hasSize(2);
    await(store.close());

    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    // The time series is rebuilt from the log: each line keeps its record's event time.
    assertThat(await(store.timeSeries("e1"))).isEqualTo(series);
    assertThat(await(store.snapshot("e1")).stats()).isEqualTo(before.stats());
    assertThat(await(store.snapshot("e1")).arms()).isEqualTo(before.arms());
    assertThat(await(store.context("req-r-1"))).isPresent();
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-r", 3)))).isEqualTo(WriteResult.DUPLICATE);
    assertThat(await(store.analysisState("e1"))).isPresent();
    assertThat(await(store.events("e1", null, 10)).events()).hasSize(4);
  }

  @Test
  void logs_each_record_as_its_codec_json() throws Exception {
    StoreRecord r = request("e1", "a", "u1", "req-log-1", 12.5);
    StoreRecord j = judgment("e1", "b", "u2", "j-log", 0.25);
    await(store.writeAll(List.of(r, j)));
    await(store.close());
    List<String> lines = Files.readAllLines(dir.resolve("records.ndjson"));
    assertThat(lines).hasSize(2);
    assertThat(new io.vertx.core.json.JsonObject(lines.get(0))).isEqualTo(EmbeddedEventStore.RecordCodec.encode(r));
    assertThat(new io.vertx.core.json.JsonObject(lines.get(1))).isEqualTo(EmbeddedEventStore.RecordCodec.encode(j));
    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
  }

  @Test
  void survives_a_torn_last_line() throws Exception {
    await(store.write(request("e1", "a", "u1", "req-t-1", 10)));
    await(store.close());
    Files.writeString(dir.resolve("records.ndjson"), "{\"x\":\"e1\",\"v\":", java.nio.file.StandardOpenOption.APPEND);
    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    assertThat(await(store.snapshot("e1")).arms().get("a").requests()).isEqualTo(1);
    // What is written after the crash must survive the next restart too (the fragment was cut away).
    await(store.write(request("e1", "a", "u2", "req-t-2", 20)));
    await(store.close());
    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    assertThat(await(store.snapshot("e1")).arms().get("a").requests()).isEqualTo(2);
    assertThat(await(store.events("e1", null, 10)).events()).extracting(e -> e.getString("requestId"))
        .containsExactly("req-t-1", "req-t-2");
  }

  @Test
  void exports_from_the_log_without_holding_events_in_memory() {
    List<StoreRecord> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) batch.add(request(i % 2 == 0 ? "even" : "odd", "a", "u" + i, "req-log-" + i, i));
    await(store.writeAll(batch));
    var first = await(store.events("even", null, 10));
    var rest = await(store.events("even", first.next(), 100));
    assertThat(first.events()).hasSize(10);
    assertThat(rest.events()).hasSize(15);
    assertThat(rest.next()).isNull();
    assertThat(rest.events().get(0).getString("requestId")).isEqualTo("req-log-20");
  }

  @Test
  void holds_at_most_max_contexts_dropping_the_oldest_even_after_a_restart() throws Exception {
    Path small = Files.createTempDirectory("abgw-embedded-cap");
    EmbeddedEventStore capped = EmbeddedEventStore.open(small, Clock.systemUTC(), 3_600_000, 3);
    for (int i = 1; i <= 5; i++) await(capped.write(request("e1", "a", "u" + i, "req-cap-" + i, i)));
    assertThat(await(capped.context("req-cap-1"))).isEmpty();
    assertThat(await(capped.context("req-cap-2"))).isEmpty();
    for (int i = 3; i <= 5; i++) assertThat(await(capped.context("req-cap-" + i))).isPresent();
    assertThat(capped.contextsEvicted()).isEqualTo(2);
    assertThat(capped.heldContexts()).isEqualTo(3);
    // Statistics are not touched by the cap: every request still counts.
    assertThat(await(capped.snapshot("e1")).arms().get("a").requests()).isEqualTo(5);
    await(capped.close());

    EmbeddedEventStore replayed = EmbeddedEventStore.open(small, Clock.systemUTC(), 3_600_000, 3);
    assertThat(await(replayed.context("req-cap-2"))).isEmpty();
    assertThat(await(replayed.context("req-cap-5"))).isPresent();
    assertThat(replayed.heldContexts()).isEqualTo(3);
    await(replayed.close());
  }

  @Test
  void forgets_expired_contexts_and_ids_from_the_oldest_end() throws Exception {
    long[] now = {1_000_000};
    Clock clock = new Clock() {
      @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public java.time.Instant instant() { return java.time.Instant.ofEpochMilli(now[0]); }
    };
    Path d = Files.createTempDirectory("abgw-embedded-expiry");
    EmbeddedEventStore s = EmbeddedEventStore.open(d, clock, 10_000);
    await(s.write(request("e1", "a", "u1", "req-old", 1)));
    await(s.write(judgment("e1", "a", "u1", "j-old", 1)));
    now[0] += 6_000;
    await(s.write(request("e1", "a", "u2", "req-young", 2)));
    now[0] += 6_000; // req-old and j-old are past the retention, req-young is not
    await(s.write(request("e1", "a", "u3", "req-new", 3)));
    assertThat(s.heldContexts()).isEqualTo(2);
    assertThat(await(s.context("req-old"))).isEmpty();
    assertThat(await(s.context("req-young"))).isPresent();
    // The expired id may be used again (it was forgotten), and then counts once more.
    assertThat(await(s.write(judgment("e1", "a", "u1", "j-old", 1)))).isEqualTo(WriteResult.STORED);
    assertThat(await(s.write(judgment("e1", "a", "u1", "j-old", 1)))).isEqualTo(WriteResult.DUPLICATE);
    await(s.close());
  }

  @Test
  void a_record_that_cannot_be_encoded_changes_nothing_and_the_next_one_is_stored() throws Exception {
    await(store.write(request("e1", "a", "u1", "req-ok-1", 10)));
    StoreRecord broken = new StoreRecord("e1", "a", "u2", true, null, null,
        List.of(new Observation(StatKey.overall("a", "latency"), 99)),
        new io.vertx.core.json.JsonObject().put("type", "request").put("odd", new Object()), 1_700_000_000_000L);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> await(store.writeAll(List.of(request("e1", "a", "u3", "req-x", 5), broken))))
        .hasMessageContaining("cannot be encoded");
    // Nothing of the failed call is in memory or on disk, and the writer still works.
    assertThat(await(store.snapshot("e1")).arms().get("a")).isEqualTo(new ArmCounts(1, 1));
    assertThat(await(store.context("req-x"))).isEmpty();
    await(store.write(request("e1", "a", "u4", "req-ok-2", 20)));
    await(store.close());
    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    assertThat(((EmbeddedEventStore) store).unreadableLines()).isZero();
    assertThat(await(store.snapshot("e1")).arms().get("a")).isEqualTo(new ArmCounts(2, 2));
  }

  @Test
  void a_lone_surrogate_written_straight_to_the_store_never_breaks_its_log() throws Exception {
    await(store.write(request("e1", "a", "\ud800", "req-s-1", 10)));
    await(store.write(request("e1", "a", "u2", "req-s-2", 20)));
    await(store.close());
    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    assertThat(((EmbeddedEventStore) store).unreadableLines()).isZero();
    assertThat(await(store.snapshot("e1")).arms().get("a").requests()).isEqualTo(2);
  }

  @Test
  void counts_and_reports_a_damaged_line_in_the_middle_of_the_log() throws Exception {
    await(store.write(request("e1", "a", "u1", "req-d-1", 10)));
    await(store.close());
    Files.writeString(dir.resolve("records.ndjson"), "{\"x\":\"e1\", damaged}\n", java.nio.file.StandardOpenOption.APPEND);
    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    await(store.write(request("e1", "a", "u2", "req-d-2", 20)));
    await(store.close());
    store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    assertThat(((EmbeddedEventStore) store).unreadableLines()).isEqualTo(1);
    StoreHealth health = store.health();
    assertThat(health.degraded()).isTrue();
    assertThat(health.problems().get(0)).contains("1 line(s)");
    assertThat(health.gauges().get("store_unreadable_log_lines")).isEqualTo(1L);
    assertThat(await(store.snapshot("e1")).arms().get("a").requests()).isEqualTo(2);
  }
}
