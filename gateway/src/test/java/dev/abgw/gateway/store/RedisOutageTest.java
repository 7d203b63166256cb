package dev.abgw.gateway.store;

import dev.abgw.analysis.event.RequestContext;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.ArmCounts;
import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.abgw.gateway.Await;
import dev.abgw.gateway.Harness;
import dev.abgw.gateway.RedisProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Redis killed (SIGKILL) or stalled (SIGSTOP) for a few seconds under bounded load, then back: afterwards
 * the store's counts equal exactly what clients were acknowledged (requests answered 200, judgments
 * answered stored), and no call waited longer than its timeout. Real processes, no mocks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisOutageTest {
  static final long REDIS_TIMEOUT_MILLIS = 500;
  /** Clients, their pause between calls and the outage can be raised for a longer measured run, e.g. */
  // -Dabgw.outage.clients=8 -Dabgw.outage.paceMillis=10 -Dabgw.outage.faultMillis=30000
  // -Djunit.jupiter.execution.timeout.mode=disabled
  static final int CLIENTS = Integer.getInteger("abgw.outage.clients", 4);
  /** Each client's pause between calls: about CLIENTS * 1000 / PACE_MILLIS requests per second at most. */
  static final long PACE_MILLIS = Long.getLong("abgw.outage.paceMillis", 15);
  /** How long Redis is down (or stopped); the load runs 1.5 s before and 2.5 s after. */
  static final long FAULT_MILLIS = Long.getLong("abgw.outage.faultMillis", 3_000);

  private RedisProcess redis;
  private Vertx vertx;
  private Harness h;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(RedisProcess.available(), "redis-server is not installed at " + RedisProcess.BINARY);
    redis = new RedisProcess(6401).start();
    vertx = Vertx.vertx();
    String prefix = Await.uniquePrefix("outage");
    h = Harness.start(vertx, prefix, cfg -> cfg.withRedis(redis.url(), prefix)
        .withSafeguards(cfg.safeguards().withRedisTimeoutMillis(REDIS_TIMEOUT_MILLIS)));
    HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
        .putHeader("content-type", "application/json").end("{\"usage\":{\"total_tokens\":7}}")));
    h.serve(Harness.twoArms("outage", "/v1", up.actualPort(), up.actualPort(), 2000, ""));
  }

  @AfterEach
  void stop() {
    try {
      if (h != null) h.close();
    } finally {
      if (vertx != null) await(vertx.close());
      if (redis != null) redis.close();
    }
  }

  /** What the clients were told. */
  private record Acknowledged(long requests, long judgments, long slowestJudgmentMillis, long failures) {}

  private Acknowledged load(long millis, Runnable atStart, long faultAtMillis, Runnable fault, long recoverAtMillis,
                            Runnable recover) throws Exception {
    AtomicLong requests = new AtomicLong();
    AtomicLong judgments = new AtomicLong();
    AtomicLong slowest = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + millis * 1_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    atStart.run();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(pool.submit(() -> {
        int i = 0;
        while (System.nanoTime() < end) {
          HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat")).timeout(Duration.ofSeconds(10))
              .header("X-User", "u" + client + "-" + (i % 50)).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
          if (r.statusCode() == 200) requests.incrementAndGet(); else failures.incrementAndGet();
          if (i % 3 == 0 && r.statusCode() == 200) {
            long t0 = System.nanoTime();
            HttpResponse<String> j = h.adminPost("/judgments", "application/json", new JsonObject()
                .put("requestId", r.headers().firstValue("x-request-id").orElseThrow()).put("metric", "score")
                .put("value", 1 + i % 5).put("id", "j-" + client + "-" + i).encode());
            slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
            if (j.statusCode() == 201) judgments.incrementAndGet(); else if (j.statusCode() != 503) failures.incrementAndGet();
          }
          i++;
          try {
            Thread.sleep(PACE_MILLIS);
          } catch (InterruptedException e) {
            return;
          }
        }
      }));
    }
    Thread.sleep(faultAtMillis);
    fault.run();
    Thread.sleep(recoverAtMillis - faultAtMillis);
    recover.run();
    for (Future<?> f : clients) f.get(60, TimeUnit.SECONDS);
    pool.shutdown();
    return new Acknowledged(requests.get(), judgments.get(), slowest.get(), failures.get());
  }

  private void awaitSpoolDrained() throws InterruptedException {
    h.flush();
    long deadline = System.nanoTime() + 20_000_000_000L + FAULT_MILLIS * 2_000_000L;
    while (h.gateway.store().health().degraded() && System.nanoTime() < deadline) Thread.sleep(50);
    assertThat(h.gateway.store().health().problems()).isEmpty();
  }

  private void assertCountsEqual(Acknowledged ack) {
    Snapshot s = await(h.gateway.store().snapshot("outage"));
    long requests = s.arms().values().stream().mapToLong(ArmCounts::requests).sum();
    double judged = s.stats().entrySet().stream()
        .filter(e -> e.getKey().isOverall() && e.getKey().metric().equals("score"))
        .mapToDouble(e -> e.getValue().sumN()).sum();
    System.out.println("RedisOutageTest: " + FAULT_MILLIS + " ms outage, " + ack.requests() * 1000 / (FAULT_MILLIS + 4_000)
        + " requests/s acknowledged " + ack + ", stored requests " + requests + ", judgments "
        + (long) judged + ", " + h.gateway.store().health().gauges());
    assertThat(requests).as("requests stored vs acknowledged").isEqualTo(ack.requests());
    assertThat((long) judged).as("judgments stored vs acknowledged").isEqualTo(ack.judgments());
  }

  private static Runnable unchecked(ThrowingRunnable r) {
    return () -> {
      try {
        r.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void a_killed_and_restarted_redis_loses_nothing_acknowledged() throws Exception {
    boolean[] sawDegraded = {false};
    Acknowledged ack = load(FAULT_MILLIS + 4_000, () -> { }, 1_500, unchecked(redis::kill), 1_500 + FAULT_MILLIS, unchecked(() -> {
      sawDegraded[0] = h.gateway.store().health().degraded();
      String health = h.adminGet("/health").body();
      assertThat(health).contains("\"status\":\"degraded\"").contains("spool_records");
      redis.start();
    }));
    awaitSpoolDrained();
    assertThat(sawDegraded[0]).isTrue();
    assertThat(ack.requests()).isGreaterThan(500);
    assertThat(ack.failures()).isZero();
    assertCountsEqual(ack);
    assertThat(h.adminGet("/metrics").body()).contains("abgw_spool_records 0").containsPattern("abgw_spool_replayed_total [1-9]");
  }

  @Test
  void a_stalled_redis_hangs_nothing_and_counts_nothing_twice() throws Exception {
    Acknowledged ack = load(FAULT_MILLIS + 4_000, () -> { }, 1_500, unchecked(redis::pause), 1_500 + FAULT_MILLIS,
        unchecked(redis::resume));
    awaitSpoolDrained();
    assertThat(ack.failures()).isZero();
    // Judgments whose context was hot are spooled after the command timeout; none waited much longer.
    assertThat(ack.slowestJudgmentMillis()).isLessThan(REDIS_TIMEOUT_MILLIS * 4);
    assertCountsEqual(ack);
    assertThat(h.gateway.store().health().gauges().get("spool_replayed_total").longValue()).isPositive();
  }

  @Test
  void reads_answer_503_within_the_timeout_while_redis_is_stalled() throws Exception {
    redis.pause();
    long t0 = System.nanoTime();
    HttpResponse<String> report = h.adminGet("/experiments/outage/report");
    long reportMillis = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    HttpResponse<String> cold = h.adminPost("/judgments", "application/json", new JsonObject()
        .put("requestId", "not-in-the-hot-cache-1").put("metric", "score").put("value", 3).encode());
    long judgmentMillis = (System.nanoTime() - t0) / 1_000_000;
    redis.resume();
    assertThat(report.statusCode()).isEqualTo(503);
    assertThat(report.body()).contains("store_unavailable").contains("did not answer within 500 ms");
    assertThat(reportMillis).isLessThan(REDIS_TIMEOUT_MILLIS * 3);
    assertThat(cold.statusCode()).isEqualTo(503);
    assertThat(judgmentMillis).isLessThan(REDIS_TIMEOUT_MILLIS * 3);
  }

  private static StoreRecord big(int i) {
    RequestContext ctx = new RequestContext("req-big-" + i, "spooled", "a", "u" + i, 1_700_000_000_000L, java.util.Map.of());
    return new StoreRecord("spooled", "a", "u" + i, true, ctx, null,
        List.of(new Observation(StatKey.overall("a", "latency"), i)),
        new JsonObject().put("type", "request").put("requestId", "req-big-" + i).put("pad", "p".repeat(2000)), 1_700_000_000_000L);
  }

  @Test
  void a_full_spool_drops_and_counts_and_a_spool_left_on_disk_is_replayed_at_the_next_start() throws Exception {
    String prefix = Await.uniquePrefix("spool");
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("abgw-spool");
    RedisEventStore first = await(RedisEventStore.connect(vertx, redis.url(), prefix, 3600, 100_000, 300, dir, 1024 * 1024));
    redis.kill();
    int stored = 0;
    Throwable full = null;
    for (int i = 0; i < 1000 && full == null; i += 50) {
      List<StoreRecord> batch = new ArrayList<>();
      for (int k = i; k < i + 50; k++) batch.add(big(k));
      try {
        assertThat(await(first.writeAll(batch))).containsOnly(WriteResult.STORED);
        stored += 50;
      } catch (AssertionError e) {
        full = e.getCause();
      }
    }
    assertThat(full).isNotNull().hasMessageContaining("spool is full");
    StoreHealth health = first.health();
    assertThat(health.degraded()).isTrue();
    assertThat(health.problems()).anyMatch(p -> p.contains("spool was full"));
    assertThat(health.gauges().get("spool_dropped_total").longValue()).isEqualTo(50);
    assertThat(health.gauges().get("spool_records").longValue()).isEqualTo(stored);
    await(first.close());

    // The gateway went away with records spooled; the next start replays them once Redis answers.
    redis.start();
    RedisEventStore second = await(RedisEventStore.connect(vertx, redis.url(), prefix, 3600, 100_000, 300, dir, 1024 * 1024));
    try {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (second.health().degraded() && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(await(second.snapshot("spooled")).arms().get("a")).isEqualTo(new ArmCounts(stored, stored));
      assertThat(await(second.context("req-big-0"))).isPresent();
    } finally {
      await(second.close());
      RedisEventStoreTestKeys.delete(vertx, redis.url(), prefix);
    }
  }

  @Test
  void health_says_degraded_while_redis_is_down_even_with_no_traffic() throws Exception {
    assertThat(new JsonObject(h.adminGet("/health").body()).getString("status")).isEqualTo("ok");
    redis.kill();
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonObject health = new JsonObject(h.adminGet("/health").body());
    while (!"degraded".equals(health.getString("status")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      health = new JsonObject(h.adminGet("/health").body());
    }
    assertThat(health.getString("status")).isEqualTo("degraded");
    assertThat(health.getJsonObject("store").getJsonArray("problems").encode()).contains("does not answer PING");
    redis.start();
    deadline = System.nanoTime() + 5_000_000_000L;
    while (!"ok".equals(health.getString("status")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      health = new JsonObject(h.adminGet("/health").body());
    }
    assertThat(health.getString("status")).isEqualTo("ok");
  }
}
