package dev.abgw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code abgw serve}'s self warm-up as an operator sees it: {@code /health/ready} says ready only once the warm-up
 * has run, its requests show nowhere (access log, {@code /metrics}, experiments, store), {@code --warmup-requests 0}
 * skips it.
 */
class ServeWarmupTest {
  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void ready_only_after_the_warm_up_which_leaves_no_trace() throws Exception {
    HttpServer upstream = upstream();
    Path experiments = experiments(upstream.actualPort());
    try (ServeProcess p = ServeProcess.start(Map.of("ABGW_ACCESS_LOG", "true"), "serve", "--bind", "127.0.0.1",
        "--port", "0", "--admin-port", "0", "--dev-no-auth", "--data", dir.resolve("data").toString(),
        "--experiments", experiments.toString(), "--warmup-requests", "300", "--warmup-millis", "60000")) {
      int[] ports = p.awaitListening(Duration.ofSeconds(30));
      List<String> stderrWhenReady = awaitReady(p, ports[1]);
      assertThat(stderrWhenReady).as("stderr when /health/ready first said 200")
          .anyMatch(l -> l.contains("warm-up: 300 synthetic request(s) through a throwaway proxy in "));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/v1/chat"))
          .header("x-user", "alice").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      String metrics = admin(ports[1], "/metrics").body();
      assertThat(metrics).contains("experiment=\"mine\"").doesNotContain("abgw-warmup");
      assertThat(admin(ports[1], "/experiments").body()).doesNotContain("abgw-warmup");
      p.process.destroy();
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isZero();
      List<String> accessLines = p.stderr().stream().filter(l -> l.contains("access")).toList();
      assertThat(accessLines).as("access log").noneMatch(l -> l.contains("abgw-warmup"))
          .anyMatch(l -> l.contains("mine"));
    } finally {
      upstream.close();
    }
    try (var files = Files.walk(dir.resolve("data"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain("abgw-warmup");
      }
    }
  }

  @Test
  void zero_warm_up_requests_skip_it_and_say_so() throws Exception {
    HttpServer upstream = upstream();
    try (ServeProcess p = ServeProcess.start(Map.of(), "serve", "--bind", "127.0.0.1", "--port", "0", "--admin-port", "0",
        "--dev-no-auth", "--data", dir.resolve("data").toString(), "--experiments", experiments(upstream.actualPort()).toString(),
        "--warmup-requests", "0")) {
      int[] ports = p.awaitListening(Duration.ofSeconds(30));
      List<String> stderrWhenReady = awaitReady(p, ports[1]);
      assertThat(stderrWhenReady).anyMatch(l -> l.contains("warm-up: skipped (--warmup-requests 0 or --warmup-millis 0)"))
          .noneMatch(l -> l.contains("synthetic request(s)"));
    } finally {
      upstream.close();
    }
  }

  @Test
  void a_stop_signal_during_the_warm_up_ends_it_and_the_process_stops_cleanly_without_ever_being_ready() throws Exception {
    HttpServer upstream = upstream();
    try (ServeProcess p = ServeProcess.start(Map.of(), "serve", "--bind", "127.0.0.1", "--port", "0", "--admin-port", "0",
        "--dev-no-auth", "--data", dir.resolve("data").toString(), "--experiments", experiments(upstream.actualPort()).toString(),
        "--warmup-requests", "10000000", "--warmup-millis", "60000")) {
      int[] ports = p.awaitListening(Duration.ofSeconds(30));
      assertThat(admin(ports[1], "/health/ready").statusCode()).as("warming up").isEqualTo(503);
      assertThat(admin(ports[1], "/health").statusCode()).as("alive").isEqualTo(200);
      p.process.destroy(); // SIGTERM
      assertThat(p.awaitExit(Duration.ofSeconds(30))).as("stderr: %s", p.stderr()).isZero();
      assertThat(p.stderr()).anyMatch(l -> l.contains("(stopped early: the gateway is stopping)"))
          .noneMatch(l -> l.contains("; ready"))
          .anyMatch(l -> l.contains("SIGTERM: draining in-flight requests"));
    } finally {
      upstream.close();
    }
  }

  @Test
  void a_negative_warm_up_bound_is_a_usage_error_naming_the_flag() throws Exception {
    try (ServeProcess p = ServeProcess.start(Map.of(), "serve", "--port", "0", "--admin-port", "0", "--dev-no-auth",
        "--data", dir.resolve("data").toString(), "--warmup-millis", "-1")) {
      assertThat(p.awaitExit(Duration.ofSeconds(30))).isNotZero();
      assertThat(String.join("\n", p.stderr())).contains("--warmup-millis");
    }
  }

  /** Polls {@code /health/ready} until 200; returns stderr as it was just before that answer. */
  private List<String> awaitReady(ServeProcess p, int adminPort) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<String> before = p.stderr();
      if (admin(adminPort, "/health/ready").statusCode() == 200) return before;
      Thread.sleep(20);
    }
    throw new AssertionError("never ready; stderr: " + p.stderr());
  }

  private HttpResponse<String> admin(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpServer upstream() throws Exception {
    return vertx.createHttpServer().requestHandler(req -> req.response().putHeader("content-type", "application/json")
        .end("{\"ok\":true}")).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private Path experiments(int upstreamPort) throws Exception {
    Path experiments = Files.createDirectories(dir.resolve("experiments"));
    Files.writeString(experiments.resolve("mine.json"), """
        {"id": "mine", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"}]}
        """.formatted(upstreamPort, upstreamPort));
    return experiments;
  }
}
