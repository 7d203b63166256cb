package dev.abgw.gateway.warmup;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The self warm-up drives real requests through a throwaway gateway and leaves nothing of them behind. */
class SelfWarmupTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void every_request_is_answered_by_the_loopback_upstream_through_the_throwaway_proxy() throws Exception {
    List<Path> before = warmupDirs();
    WarmupResult r = await(SelfWarmup.run(vertx, new WarmupPlan(400, 60_000, 8, 1)));
    assertThat(r.answered()).isEqualTo(400);
    assertThat(r.expected()).as("answered 200 by the loopback upstream").isEqualTo(400);
    assertThat(r.failed()).isZero();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.millis()).isGreaterThanOrEqualTo(r.startMillis());
    assertThat(r.line()).startsWith("warm-up: 400 synthetic request(s) through a throwaway proxy in ");
    assertThat(warmupDirs()).as("the throwaway store's directory is deleted").isEqualTo(before);
  }

  @Test
  void leaves_no_trace_in_the_store_metrics_or_registry_of_a_gateway_running_beside_it() throws Exception {
    HttpServer upstream = Harness.upstream(vertx, req -> req.response().putHeader("content-type", "application/json")
        .end("{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}"));
    try (Harness user = Harness.start(vertx)) {
      user.serve(Harness.twoArms("mine", "/v1", upstream.actualPort(), upstream.actualPort(), 5_000, ""));
      assertThat(user.send(HttpRequest.newBuilder(user.proxy("/v1/chat")).header("x-user", "alice")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(200);
      user.flush();
      String metricsBefore = requestLines(user.adminGet("/metrics").body());
      String exportBefore = user.adminGet("/experiments/mine/export").body();
      assertThat(exportBefore.lines()).hasSize(1);

      WarmupResult r = await(SelfWarmup.run(vertx, new WarmupPlan(300, 60_000, 8, 1)));
      assertThat(r.expected()).isEqualTo(300);
      user.flush();

      String metrics = user.adminGet("/metrics").body();
      assertThat(metrics).doesNotContain(SelfWarmup.EXPERIMENT_PREFIX);
      assertThat(requestLines(metrics)).as("the user's request counters").isEqualTo(metricsBefore);
      assertThat(user.adminGet("/experiments").body()).doesNotContain(SelfWarmup.EXPERIMENT_PREFIX);
      assertThat(user.gateway.registry().all()).extracting(e -> e.id()).containsExactly("mine");
      assertThat(await(user.gateway.store().experiments()).valid()).noneMatch(e -> e.id().startsWith(SelfWarmup.EXPERIMENT_PREFIX));
      assertThat(user.adminGet("/experiments/mine/export").body()).as("the user's events").isEqualTo(exportBefore);
      try (Stream<Path> files = Files.walk(user.dataDir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", f)
              .doesNotContain(SelfWarmup.EXPERIMENT_PREFIX);
        }
      }
    } finally {
      await(upstream.close());
    }
  }

  @Test
  void stops_at_its_time_bound_and_says_so() {
    WarmupResult r = await(SelfWarmup.run(vertx, new WarmupPlan(10_000_000, 300, 8, 1)));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.answered()).isLessThan(10_000_000);
    assertThat(r.line()).contains("(stopped by --warmup-millis)");
  }

  @Test
  void a_cancel_sends_nothing_more_and_ends_it_with_the_requests_in_flight() throws Exception {
    List<Path> before = warmupDirs();
    java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
    vertx.setTimer(300, t -> cancel.set(true));
    long start = System.nanoTime();
    WarmupResult r = await(SelfWarmup.run(vertx, new WarmupPlan(10_000_000, 60_000, 8, 1), cancel::get));
    assertThat(r.cancelled()).isTrue();
    assertThat(r.timedOut()).isFalse();
    assertThat(r.failed()).as("the requests in flight were answered, not cut").isZero();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
    assertThat(r.line()).contains("(stopped early: the gateway is stopping)");
    assertThat(warmupDirs()).isEqualTo(before);
  }

  @Test
  void zero_requests_or_zero_millis_skip_it_without_starting_anything() throws Exception {
    List<Path> before = warmupDirs();
    assertThat(await(SelfWarmup.run(vertx, new WarmupPlan(0, 4_000, 8, 1)))).isEqualTo(WarmupResult.skipped());
    assertThat(await(SelfWarmup.run(vertx, new WarmupPlan(1_000, 0, 8, 1)))).isEqualTo(WarmupResult.skipped());
    assertThat(warmupDirs()).isEqualTo(before);
  }

  @Test
  void a_negative_bound_is_refused_naming_the_flag_and_the_value() {
    assertThatThrownBy(() -> new WarmupPlan(-1, 4_000, 8, 1)).hasMessage("--warmup-requests must be >= 0 (was -1)");
    assertThatThrownBy(() -> new WarmupPlan(10, -5, 8, 1)).hasMessage("--warmup-millis must be >= 0 (was -5)");
  }

  /** The per-experiment request counters of {@code /metrics} (the JVM's own meters move by themselves). */
  private static String requestLines(String metrics) {
    return String.join("\n", metrics.lines().filter(l -> l.startsWith("abgw_requests_total")
        || l.startsWith("abgw_request_duration_seconds_count")).toList());
  }

  private static List<Path> warmupDirs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("abgw-warmup-")).sorted().toList();
    }
  }
}
