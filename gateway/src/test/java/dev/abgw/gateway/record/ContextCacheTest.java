package dev.abgw.gateway.record;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abgw.analysis.event.RequestContext;
import dev.abgw.gateway.store.EmbeddedEventStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The hot request contexts: first request keeps an id, expiry after write, the oldest written evicted first. */
class ContextCacheTest {
  private final ManualTicker ticker = new ManualTicker();

  private static EmbeddedEventStore store() throws Exception {
    return EmbeddedEventStore.open(Files.createTempDirectory("abgw-ctx"), Clock.systemUTC(), Duration.ofDays(1).toMillis());
  }

  private ContextCache cache(long maximumSize) throws Exception {
    return new ContextCache(store(), maximumSize, Duration.ofMinutes(10), ticker);
  }

  private static RequestContext ctx(String id, String variant, long time, Map<String, String> segments) {
    return new RequestContext(id, "e", variant, "u", time, segments);
  }

  @Test
  void the_first_request_keeps_its_id_against_another_request_reusing_it() throws Exception {
    ContextCache cache = cache(100);
    RequestContext first = ctx("req-keep-0001", "a", 1, Map.of());
    cache.put(first);
    cache.put(ctx("req-keep-0001", "b", 2, Map.of()));
    assertThat(cache.cached("req-keep-0001")).isEqualTo(first);
  }

  @Test
  void the_same_request_replaces_its_own_entry_and_keeps_its_expiry() throws Exception {
    ContextCache cache = cache(100);
    cache.put(ctx("req-same-0001", "a", 1, Map.of()));
    ticker.advance(Duration.ofMinutes(8));
    RequestContext withSegments = ctx("req-same-0001", "a", 1, Map.of("model", "x"));
    cache.put(withSegments);
    assertThat(cache.cached("req-same-0001")).isEqualTo(withSegments);
    assertThat(cache.queued()).isEqualTo(1); // no second node for the same request
    ticker.advance(Duration.ofMinutes(1)); // 9 minutes after the first write
    assertThat(cache.cached("req-same-0001")).isEqualTo(withSegments);
    ticker.advance(Duration.ofMinutes(2)); // 11: expired, counted from the request's first write
    assertThat(cache.cached("req-same-0001")).isNull();
  }

  @Test
  void an_expired_entry_holds_its_id_no_longer() throws Exception {
    ContextCache cache = cache(100);
    cache.put(ctx("req-exp-0001", "a", 1, Map.of()));
    ticker.advance(Duration.ofMinutes(11));
    RequestContext later = ctx("req-exp-0001", "b", 2, Map.of());
    cache.put(later);
    assertThat(cache.cached("req-exp-0001")).isEqualTo(later);
  }

  @Test
  void expired_entries_are_dropped_by_later_writes() throws Exception {
    ContextCache cache = cache(1_000);
    for (int i = 0; i < 50; i++) cache.put(ctx("req-old-" + i, "a", i, Map.of()));
    ticker.advance(Duration.ofMinutes(11));
    cache.put(ctx("req-new-0001", "a", 99, Map.of()));
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.cached("req-new-0001")).isNotNull();
  }

  @Test
  void beyond_the_maximum_the_oldest_written_go_first() throws Exception {
    ContextCache cache = cache(3);
    for (int i = 1; i <= 5; i++) cache.put(ctx("req-max-" + i, "a", i, Map.of()));
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.cached("req-max-1")).isNull();
    assertThat(cache.cached("req-max-2")).isNull();
    assertThat(cache.cached("req-max-3")).isNotNull();
    assertThat(cache.cached("req-max-5")).isNotNull();
  }

  @Test
  void a_replaced_entry_keeps_its_place_in_the_write_order() throws Exception {
    ContextCache cache = cache(2);
    cache.put(ctx("req-rep-1", "a", 1, Map.of()));
    cache.put(ctx("req-rep-2", "a", 2, Map.of()));
    cache.put(ctx("req-rep-1", "a", 1, Map.of("k", "v"))); // the same request: still the oldest
    cache.put(ctx("req-rep-3", "a", 3, Map.of()));
    assertThat(cache.cached("req-rep-1")).isNull();
    assertThat(cache.cached("req-rep-2")).isNotNull();
    assertThat(cache.cached("req-rep-3")).isNotNull();
  }

  @Test
  void a_node_queued_for_an_expired_holder_does_not_evict_the_request_that_took_its_id() throws Exception {
    ContextCache cache = cache(100);
    cache.put(ctx("req-take-0001", "a", 1, Map.of()));
    ticker.advance(Duration.ofMinutes(6));
    cache.put(ctx("req-other-0001", "a", 2, Map.of()));
    ticker.advance(Duration.ofMinutes(5)); // the first expired, the second is 5 minutes old
    RequestContext taker = ctx("req-take-0001", "b", 3, Map.of());
    cache.put(taker); // takes the id; evicts the expired first node, which must not remove the taker
    assertThat(cache.cached("req-take-0001")).isEqualTo(taker);
    ticker.advance(Duration.ofMinutes(6)); // the second expires; the taker is 6 minutes old
    cache.put(ctx("req-late-0001", "a", 4, Map.of()));
    assertThat(cache.cached("req-take-0001")).isEqualTo(taker);
    assertThat(cache.cached("req-other-0001")).isNull();
  }

  @Test
  void an_invalidated_id_is_free_again() throws Exception {
    ContextCache cache = cache(100);
    cache.put(ctx("req-inv-0001", "a", 1, Map.of()));
    cache.invalidate("req-inv-0001");
    assertThat(cache.cached("req-inv-0001")).isNull();
    RequestContext next = ctx("req-inv-0001", "b", 2, Map.of());
    cache.put(next);
    assertThat(cache.cached("req-inv-0001")).isEqualTo(next);
  }

  @Test
  void a_cold_context_comes_from_the_store() throws Exception {
    ContextCache cache = cache(100);
    assertThat(await(cache.get("req-none-0001"))).isEqualTo(Optional.empty());
  }

  @Test
  void writers_on_several_threads_keep_the_bound() throws Exception {
    ContextCache cache = cache(1_000);
    int threads = 4;
    int perThread = 20_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) cache.put(ctx("req-t" + n + "-" + i, "a", i, Map.of()));
      });
      th.start();
      started.add(th);
    }
    go.countDown();
    for (Thread th : started) th.join();
    cache.put(ctx("req-last-0001", "a", 0, Map.of())); // one more write, alone: evicts down to the bound
    assertThat(cache.size()).isLessThanOrEqualTo(1_000);
    assertThat(cache.cached("req-last-0001")).isNotNull();
  }

  @Test
  void bounds_are_checked() throws Exception {
    EmbeddedEventStore store = store();
    assertThatThrownBy(() -> new ContextCache(store, 0, Duration.ofMinutes(1), ticker))
        .hasMessageContaining("maximumSize must be >= 1 (was 0)");
    assertThatThrownBy(() -> new ContextCache(store, 10, Duration.ZERO, ticker))
        .hasMessageContaining("hotFor must be > 0");
  }
}
