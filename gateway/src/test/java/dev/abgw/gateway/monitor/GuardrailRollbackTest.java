package dev.abgw.gateway.monitor;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Await;
import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitor end to end with real upstreams: v2's upstream becomes 3x slower mid-run; with
 * {@code autoRollback} the gateway stops sending units to v2 within the interval plus 2 s, the webhook
 * receiver gets one call, the history has the event, and v2's earlier data stays in the report. Then
 * two instances on one Redis: one evaluation per interval between them, and both switch.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GuardrailRollbackTest {
  private static final long BASE_DELAY_MILLIS = 20;

  private Vertx vertx;
  private final AtomicBoolean slow = new AtomicBoolean();
  private final List<JsonObject> webhookCalls = new CopyOnWriteArrayList<>();
  private HttpServer control;
  private HttpServer v2;
  private HttpServer hook;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void upstreams(Vertx vertx) {
    this.vertx = vertx;
    control = Harness.upstream(vertx, req -> vertx.setTimer(BASE_DELAY_MILLIS, t -> req.response()
        .putHeader("content-type", "application/json").end("{\"ok\":true}")));
    v2 = Harness.upstream(vertx, req -> vertx.setTimer(slow.get() ? 3 * BASE_DELAY_MILLIS : BASE_DELAY_MILLIS,
        t -> req.response().putHeader("content-type", "application/json").end("{\"ok\":true}")));
    hook = Harness.upstream(vertx, req -> req.body().onSuccess(b -> {
      webhookCalls.add(b.toJsonObject());
      req.response().setStatusCode(204).end();
    }));
  }

  @AfterEach
  void stop() {
    await(control.close());
    await(v2.close());
    await(hook.close());
  }

  private String definition(String id) {
    return definition(id, "");
  }

  /** With {@code extra} appended to the top-level object (e.g. a rollout). */
  private String definition(String id, String extra) {
    return """
        {"id": "%s", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
                      {"name": "v2", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "control",
         "metrics": [{"name": "resolved", "type": "binary", "direction": "increase", "role": "goal"},
                     {"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy",
                      "field": "latencyMs", "role": "guardrail", "margin": {"relative": 0.10}}],
         "monitor": {"intervalSeconds": 1, "autoRollback": true, "webhook": "http://127.0.0.1:%d/hooks/abgw"}%s}
        """.formatted(id, control.actualPort(), v2.actualPort(), hook.actualPort(), extra);
  }

  /** Closed-loop clients sending one request per fresh unit; remembers when the last v2 request was sent. */
  private final class Traffic implements AutoCloseable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong lastV2SentNanos = new AtomicLong();
    final AtomicLong v2Requests = new AtomicLong();
    final ExecutorService pool = Executors.newFixedThreadPool(8);

    Traffic(int proxyPort, String unitPrefix) {
      this(proxyPort, unitPrefix, "/v1/chat");
    }

    Traffic(int proxyPort, String unitPrefix, String path) {
      AtomicLong seq = new AtomicLong();
      for (int i = 0; i < 8; i++) {
        pool.submit(() -> {
          while (running.get()) {
            long sent = System.nanoTime();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + path))
                .header("X-User", unitPrefix + seq.incrementAndGet()).GET().build();
            try {
              HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
              if (r.headers().firstValue("x-variant").orElse("").equals("v2")) {
                v2Requests.incrementAndGet();
                lastV2SentNanos.accumulateAndGet(sent, Math::max);
              }
            } catch (Exception e) {
              if (running.get()) throw new AssertionError(e);
            }
          }
          return null;
        });
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static void waitUntil(BooleanSupplier condition, long timeoutMillis, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private HttpResponse<String> admin(Gateway g, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + path))
        .header("authorization", "Bearer " + Harness.TOKEN).header("content-type", "application/json");
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Gateway start(Path dir, String redisPrefix) {
    GatewayConfig cfg = GatewayConfig.local(dir).withAdminToken(Harness.TOKEN);
    if (redisPrefix != null) cfg = cfg.withRedis(Await.redisUrl(), redisPrefix);
    return await(Gateway.start(vertx, cfg, msg -> { }));
  }

  @Test
  void a_slowed_down_variant_is_rolled_back_within_the_interval_plus_2_seconds() throws Exception {
    Path dir = Files.createTempDirectory("abgw-monitor");
    Gateway g = start(dir, null);
    assertThat(admin(g, "PUT", "/experiments/guarded", definition("guarded")).statusCode()).isEqualTo(201);
    long slowedAt;
    double switchSeconds;
    long v2Units;
    try (Traffic traffic = new Traffic(g.proxyPort(), "a-")) {
      waitUntil(() -> traffic.v2Requests.get() >= 200, 20_000, "200 v2 requests");
      assertThat(g.registry().isStopped("guarded", "v2")).as("no rollback while v2 is as fast").isFalse();
      slow.set(true);
      slowedAt = System.nanoTime();
      waitUntil(() -> g.registry().isStopped("guarded", "v2"), 10_000, "v2 rolled back");
      Thread.sleep(1500);
      switchSeconds = (traffic.lastV2SentNanos.get() - slowedAt) / 1e9;
      await(g.flush());
      v2Units = await(g.store().snapshot("guarded")).arms().get("v2").units();
      Thread.sleep(500);
    }
    System.out.printf("v2 slowed 3x: last unit sent to v2 %.2f s after the slowdown%n", switchSeconds);
    assertThat(switchSeconds).as("seconds from the slowdown to the last unit sent to v2").isLessThan(1 + 2);
    await(g.flush());
    assertThat(await(g.store().snapshot("guarded")).arms().get("v2").units())
        .as("units of v2 are no longer counted").isEqualTo(v2Units);

    waitUntil(() -> !webhookCalls.isEmpty(), 5_000, "the webhook call");
    Thread.sleep(500);
    assertThat(webhookCalls).singleElement().satisfies(call -> {
      assertThat(call.getString("action")).isEqualTo("rolled back");
      assertThat(call.getString("variant")).isEqualTo("v2");
      assertThat(call.getString("actor")).isEqualTo("monitor");
      assertThat(call.getJsonObject("evidence").getString("metric")).isEqualTo("latency");
      assertThat(call.getJsonObject("evidence").getDouble("breachBound")).isGreaterThan(0.10);
    });

    JsonArray events = new JsonObject(admin(g, "GET", "/experiments/guarded/history", null).body()).getJsonArray("events");
    assertThat(events.stream().map(o -> ((JsonObject) o).getString("action"))).containsExactly("created", "rolled back");
    assertThat(events.getJsonObject(0).getString("actor")).isEqualTo("admin:admin");
    assertThat(events.getJsonObject(1).getJsonObject("evidence").getString("cause")).isEqualTo("guardrail_breach");

    JsonObject report = new JsonObject(admin(g, "GET", "/experiments/guarded/report", null).body());
    JsonObject v2Exposure = report.getJsonArray("variants").getJsonObject(1);
    assertThat(v2Exposure.getString("variant")).isEqualTo("v2");
    assertThat(v2Exposure.getLong("units")).as("v2's earlier data stays in the report").isEqualTo(v2Units);
    assertThat(report.getJsonArray("rollbacks").getJsonObject(0).getString("variant")).isEqualTo("v2");
    assertThat(report.getJsonObject("decision").getString("action")).isEqualTo("rollback");
    String metrics = admin(g, "GET", "/metrics", null).body();
    assertThat(metrics).contains("abgw_variant_stopped{experiment=\"guarded\",variant=\"v2\"} 1",
        "abgw_monitor_rollbacks_total{experiment=\"guarded\",variant=\"v2\",cause=\"guardrail_breach\"} 1");
    await(g.close());

    // The history and the rollback survive a restart of the embedded store.
    Gateway again = start(dir, null);
    try {
      assertThat(again.registry().isStopped("guarded", "v2")).isTrue();
      JsonArray kept = new JsonObject(admin(again, "GET", "/experiments/guarded/history", null).body())
          .getJsonArray("events");
      assertThat(kept.size()).isEqualTo(2);
    } finally {
      await(again.close());
    }
  }

  @Test
  void two_instances_on_one_redis_evaluate_once_per_interval_and_both_switch() throws Exception {
    String prefix = Await.uniquePrefix("monitor");
    Gateway a = start(Files.createTempDirectory("abgw-monitor-a"), prefix);
    Gateway b = start(Files.createTempDirectory("abgw-monitor-b"), prefix);
    try {
      for (Gateway g : List.of(a, b)) {
        assertThat(admin(g, "PUT", "/experiments/shared", definition("shared")).statusCode()).isEqualTo(201);
      }
      try (Traffic ta = new Traffic(a.proxyPort(), "a-"); Traffic tb = new Traffic(b.proxyPort(), "b-")) {
        waitUntil(() -> ta.v2Requests.get() + tb.v2Requests.get() >= 200, 20_000, "200 v2 requests");
        long before = a.monitor().evaluations("shared") + b.monitor().evaluations("shared");
        Thread.sleep(4000);
        long evaluated = a.monitor().evaluations("shared") + b.monitor().evaluations("shared") - before;
        System.out.printf("two instances, interval 1 s: %d evaluations in 4 s (a %d, b %d in total)%n", evaluated,
            a.monitor().evaluations("shared"), b.monitor().evaluations("shared"));
        assertThat(evaluated).as("evaluations by both instances in 4 intervals").isBetween(3L, 5L);
        assertThat(a.registry().isStopped("shared", "v2") || b.registry().isStopped("shared", "v2")).isFalse();

        slow.set(true);
        waitUntil(() -> a.registry().isStopped("shared", "v2") || b.registry().isStopped("shared", "v2"), 10_000,
            "the first instance to stop v2");
        long first = System.nanoTime();
        waitUntil(() -> a.registry().isStopped("shared", "v2") && b.registry().isStopped("shared", "v2"), 5_000,
            "both instances to stop v2");
        double lag = (System.nanoTime() - first) / 1e9;
        System.out.printf("second instance switched %.2f s after the first%n", lag);
        assertThat(lag).isLessThan(2.0);
      }
      JsonArray events = new JsonObject(admin(b, "GET", "/experiments/shared/history", null).body())
          .getJsonArray("events");
      assertThat(events.stream().filter(o -> ((JsonObject) o).getString("action").equals("rolled back")).count())
          .as("one rollback event, written by one instance").isEqualTo(1);
      waitUntil(() -> !webhookCalls.isEmpty(), 5_000, "the webhook call");
      Thread.sleep(500);
      assertThat(webhookCalls).hasSize(1);
    } finally {
      await(a.close());
      await(b.close());
    }
    // A new instance on the same Redis (a restart) sees the history and applies the rollback.
    Gateway c = start(Files.createTempDirectory("abgw-monitor-c"), prefix);
    try {
      assertThat(c.registry().isStopped("shared", "v2")).isTrue();
      JsonArray kept = new JsonObject(admin(c, "GET", "/experiments/shared/history", null).body()).getJsonArray("events");
      assertThat(kept.stream().map(o -> ((JsonObject) o).getString("action")))
          .containsExactly("created", "created", "rolled back");
    } finally {
      await(c.close());
      Await.deleteRedisKeys(vertx, Await.redisUrl(), prefix);
    }
  }

  private static final String STAGES = ", \"rollout\": {\"stages\": [{\"allocation\": 0.2, \"minUnits\": 150},"
      + " {\"allocation\": 0.6, \"minUnits\": 150}, {\"allocation\": 1.0}]}";

  @Test
  void a_staged_rollout_advances_while_the_guardrails_hold_and_stays_when_one_is_breached() throws Exception {
    Gateway g = start(Files.createTempDirectory("abgw-ramp"), null);
    try {
      assertThat(admin(g, "PUT", "/experiments/ramp", definition("ramp", STAGES)).statusCode()).isEqualTo(201);
      assertThat(g.registry().get("ramp").orElseThrow().experiment().allocation()).isEqualTo(0.2);
      try (Traffic traffic = new Traffic(g.proxyPort(), "r-")) {
        waitUntil(() -> g.registry().get("ramp").orElseThrow().experiment().allocation() == 1.0, 30_000,
            "the last stage");
      }
      JsonArray events = new JsonObject(admin(g, "GET", "/experiments/ramp/history", null).body()).getJsonArray("events");
      List<JsonObject> advances = events.stream().map(o -> (JsonObject) o)
          .filter(o -> o.getString("action").equals("stage advanced")).toList();
      assertThat(advances).extracting(o -> o.getJsonObject("evidence").getDouble("allocation")).containsExactly(0.6, 1.0);
      assertThat(advances).allSatisfy(o -> assertThat(o.getString("actor")).isEqualTo("monitor"));
      assertThat(advances.get(0).getJsonObject("evidence").getLong("units")).isGreaterThanOrEqualTo(150);

      // A second experiment whose v2 is slow from the start: rolled back in the first stage, never advanced.
      slow.set(true);
      assertThat(admin(g, "PUT", "/experiments/ramp-slow", definition("ramp-slow", STAGES).replace("\"/v1\"",
          "\"/v2\"")).statusCode()).isEqualTo(201);
      try (Traffic traffic = new Traffic(g.proxyPort(), "s-", "/v2/chat")) {
        waitUntil(() -> g.registry().isStopped("ramp-slow", "v2"), 30_000, "v2 rolled back");
        Thread.sleep(2500);
      }
      assertThat(g.registry().get("ramp-slow").orElseThrow().experiment().allocation()).isEqualTo(0.2);
      assertThat(new JsonObject(admin(g, "GET", "/experiments/ramp-slow/history", null).body()).getJsonArray("events")
          .stream().map(o -> ((JsonObject) o).getString("action"))).containsExactly("created", "rolled back");
    } finally {
      await(g.close());
    }
  }
}
