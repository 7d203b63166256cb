package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CardinalityLimiterTest {

  private final SegmentDimension task = new SegmentDimension("task", SegmentSource.BODY, "/task", List.of(), 2);
  private final SegmentDimension lang = SegmentDimension.of("lang", SegmentSource.HEADER, "Accept-Language");

  @Test
  void admits_the_first_max_values_and_maps_later_ones_to_other() {
    CardinalityLimiter limiter = new CardinalityLimiter(List.of(task));
    assertThat(limiter.limit(Map.of("task", "refund"))).containsEntry("task", "refund");
    assertThat(limiter.limit(Map.of("task", "billing"))).containsEntry("task", "billing");
    assertThat(limiter.limit(Map.of("task", "shipping"))).containsEntry("task", "other");
    assertThat(limiter.limit(Map.of("task", "refund"))).containsEntry("task", "refund");
    assertThat(limiter.admittedCount("task")).isEqualTo(2);
  }

  @Test
  void stores_headroom_times_max_values_before_other() {
    CardinalityLimiter limiter = new CardinalityLimiter(List.of(task), 3);
    for (String v : List.of("a", "b", "c", "d", "e", "f")) {
      assertThat(limiter.limit(Map.of("task", v))).containsEntry("task", v);
    }
    assertThat(limiter.limit(Map.of("task", "g"))).containsEntry("task", "other");
    assertThat(limiter.admittedCount("task")).isEqualTo(6);
  }

  @Test
  void labels_missing_values_none_and_drops_unknown_keys() {
    CardinalityLimiter limiter = new CardinalityLimiter(List.of(task, lang));
    assertThat(limiter.limit(Map.of("lang", "en", "stray", "x")))
        .containsExactly(Map.entry("task", "(none)"), Map.entry("lang", "en"));
    assertThat(limiter.admittedCount("task")).isZero();
  }

  @Test
  void never_admits_more_than_max_values_under_concurrency() throws Exception {
    SegmentDimension wide = new SegmentDimension("wide", SegmentSource.QUERY, "q", List.of(), 50);
    CardinalityLimiter limiter = new CardinalityLimiter(List.of(wide));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 4; t++) {
      int offset = t;
      pool.submit(() -> {
        start.await();
        for (int i = 0; i < 5_000; i++) {
          seen.add(limiter.limit(Map.of("wide", "v" + ((i * 7 + offset) % 500))).get("wide"));
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(limiter.admittedCount("wide")).isEqualTo(50);
    assertThat(seen).hasSize(51).contains("other");
  }
}
