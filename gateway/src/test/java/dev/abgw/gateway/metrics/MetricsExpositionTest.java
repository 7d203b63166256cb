package dev.abgw.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.build.BuildInfo;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /metrics} after real traffic: time to first byte, tokens per variant, in-flight requests, unmatched
 * requests, store writes and queue depth, judgments by metric and judge, JVM and process meters and build info.
 * The text it served is written to {@code target/metrics-sample.prom}, which {@code .ci/run} checks with
 * {@code promtool check metrics}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsExpositionTest {
  private Harness h;
  private HttpServer upstream;
  private final AtomicInteger held = new AtomicInteger();
  private volatile io.vertx.core.Promise<Void> release;

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
    release = io.vertx.core.Promise.promise();
    upstream = Harness.upstream(vertx, req -> req.body().onSuccess(b -> {
      Runnable answer = () -> req.response().putHeader("content-type", "application/json")
          .end("{\"choices\":[{\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":5,\"total_tokens\":16}}");
      if ("hold".equals(req.getHeader("x-user"))) {
        held.incrementAndGet();
        release.future().onComplete(v -> answer.run());
      } else {
        answer.run();
      }
    }));
    h.serve(Harness.twoArms("exp", "/v1", upstream.actualPort(), upstream.actualPort(), 5000, ""));
  }

  @AfterEach
  void stop() {
    h.close();
    upstream.close();
  }

  @Test
  void metrics_cover_first_byte_tokens_in_flight_unmatched_store_judgments_jvm_and_build() throws Exception {
    String requestId = null;
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = h.send(chat("/v1/chat/completions", "user-" + i));
      assertThat(r.statusCode()).isEqualTo(200);
      requestId = r.headers().firstValue("x-request-id").orElseThrow();
    }
    assertThat(h.send(chat("/nowhere", "u")).statusCode()).isEqualTo(404);

    CompletableFuture<HttpResponse<String>> slow = h.http.sendAsync(chat("/v1/chat/completions", "hold"),
        HttpResponse.BodyHandlers.ofString());
    for (int i = 0; i < 500 && held.get() == 0; i++) Thread.sleep(10);
    assertThat(h.adminGet("/metrics").body()).contains("\nabgw_in_flight_requests 1.0\n");
    release.complete();
    assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    h.flush();
    assertThat(h.adminPost("/judgments", "application/json", """
        {"requestId": "%s", "metric": "score", "value": 4, "judge": "gpt-judge"}
        """.formatted(requestId)).statusCode()).isEqualTo(201);

    HttpResponse<String> m = h.adminGet("/metrics");
    String text = m.body();
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "metrics-sample.prom"), text);

    assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
    assertThat(sum(text, "abgw_time_to_first_byte_seconds_count{experiment=\"exp\"")).isEqualTo(5);
    assertThat(text).contains("# TYPE abgw_time_to_first_byte_seconds histogram");
    assertThat(sum(text, "abgw_tokens_total{experiment=\"exp\",variant=", "type=\"prompt\"}")).isEqualTo(5 * 11);
    assertThat(sum(text, "abgw_tokens_total{experiment=\"exp\",variant=", "type=\"completion\"}")).isEqualTo(5 * 5);
    assertThat(text).contains("\nabgw_in_flight_requests 0.0\n")
        .contains("abgw_unmatched_requests_total{outcome=\"no_route\"} 1.0")
        .contains("abgw_unmatched_requests_total{outcome=\"default_upstream\"} 0.0")
        .contains("abgw_judgments_stored_total{experiment=\"exp\",judge=\"gpt-judge\",metric=\"score\"} 1.0")
        .contains("# TYPE abgw_store_write_duration_seconds histogram")
        .contains("\nabgw_recorder_queue_depth 0.0\n")
        .contains("abgw_build_info{java_version=\"" + System.getProperty("java.version") + "\",version=\""
            + BuildInfo.version() + "\"} 1\n")
        .contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads ").contains("process_cpu_usage ")
        .contains("process_uptime_seconds ").contains("process_files_open_files ")
        // The names that were there before stay.
        .contains("abgw_requests_total{experiment=\"exp\"").contains("abgw_request_duration_seconds_bucket{");
    assertThat(sum(text, "abgw_store_write_duration_seconds_count")).isGreaterThanOrEqualTo(2);
  }

  private HttpRequest chat(String path, String user) {
    return HttpRequest.newBuilder(h.proxy(path)).header("x-user", user).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}")).build();
  }

  /** The sum of the values of every sample line that starts with {@code prefix} and contains {@code part}. */
  private static double sum(String text, String prefix, String... part) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (!line.startsWith(prefix)) continue;
      boolean all = true;
      for (String p : part) all &= line.contains(p);
      if (all) total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    return total;
  }
}
