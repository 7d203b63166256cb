package dev.abgw.gateway.proxy;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import dev.abgw.gateway.RawHttp;
import dev.abgw.analysis.cell.StatKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Outcomes by who failed: a slow client is not the variant's error; an upstream 429 is. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OutcomeClassificationTest {
  private Harness h;

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx, null, cfg -> cfg.withSafeguards(cfg.safeguards().withClientBodyTimeoutMillis(600)));
    // Echoes once it has the whole body, like a real upstream waiting for its input.
    HttpServer echo = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response().end("ok " + b.length())));
    HttpServer throttled = Harness.upstream(vertx, req -> req.response().setStatusCode(429).end("{\"error\":\"slow down\"}"));
    // Variant timeout (300 ms) shorter than the client body timeout: the upstream gives up first.
    h.serve(Harness.twoArms("slow", "/v1", echo.actualPort(), echo.actualPort(), 5000, ""));
    h.serve(Harness.twoArms("impatient", "/short", echo.actualPort(), echo.actualPort(), 300, ""));
    h.serve(Harness.twoArms("limited", "/limited", throttled.actualPort(), throttled.actualPort(), 2000, ""));
    h.serve(Harness.experiment("""
        {"id": "bodyunit", "status": "running", "route": {"pathPrefix": "/body"},
         "unit": {"source": "body", "pointer": "/user"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "control",
         "metrics": [{"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"}]}
        """.formatted(echo.actualPort(), echo.actualPort())));
  }

  private String readLog() {
    try {
      return java.nio.file.Files.readString(h.dataDir.resolve("records.ndjson"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private String stalledBody(String path) throws Exception {
    try (RawHttp raw = new RawHttp(h.gateway.proxyPort())) {
      long start = System.nanoTime();
      String response = raw.send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-User: slowpoke\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user\":\"slowpoke\"").readUntilClosedOr(5000);
      assertThat((System.nanoTime() - start) / 1e6).isLessThan(3000);
      assertThat(raw.closedByServer()).isTrue();
      return response;
    }
  }

  private List<JsonObject> requestEvents(String experiment) {
    h.flush();
    return h.adminGet("/experiments/" + experiment + "/export").body().lines().map(JsonObject::new)
        .filter(e -> "request".equals(e.getString("type"))).toList();
  }

  private double errorsN(String experiment) {
    return await(h.gateway.store().snapshot(experiment)).stats().entrySet().stream()
        .filter(e -> e.getKey().metric().equals("errors") && e.getKey().isOverall())
        .mapToDouble(e -> e.getValue().sumN()).sum();
  }

  @Test
  void a_client_that_never_finishes_its_body_gets_408_and_is_recorded_client_slow_not_as_an_error() throws Exception {
    String response = stalledBody("/v1/upload");
    assertThat(RawHttp.status(response)).isEqualTo(408);
    assertThat(response).contains("\"code\":\"client_body_timeout\"");
    List<JsonObject> events = requestEvents("slow");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getString("errorKind")).isEqualTo("client_slow");
    assertThat(events.get(0).getInteger("status")).isEqualTo(408);
    // The exposure counts, but no metric of the variant moves: not in `errors`, not in latency.
    assertThat(errorsN("slow")).isZero();
    String metrics = h.adminGet("/metrics").body();
    assertThat(metrics).contains("abgw_client_slow_total 1").doesNotContain("kind=\"client_slow\"");
  }

  @Test
  void an_upstream_timeout_while_the_client_still_sends_is_the_clients_fault() throws Exception {
    String response = stalledBody("/short/upload");
    assertThat(RawHttp.status(response)).isEqualTo(408);
    List<JsonObject> events = requestEvents("impatient");
    assertThat(events).extracting(e -> e.getString("errorKind")).containsExactly("client_slow");
    assertThat(errorsN("impatient")).isZero();
  }

  @Test
  void a_body_read_for_the_unit_that_never_completes_gets_408_and_nothing_is_recorded() throws Exception {
    String response = stalledBody("/body/chat");
    assertThat(RawHttp.status(response)).isEqualTo(408);
    assertThat(requestEvents("bodyunit")).isEmpty();
  }

  @Test
  void a_complete_body_is_not_slow() {
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/upload")).header("X-User", "fast")
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000))).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok 1000");
    List<JsonObject> events = requestEvents("slow");
    assertThat(events).as(readLog() + " / " + await(h.gateway.store().snapshot("slow")).arms()).hasSize(1);
    assertThat(events.get(0).getString("errorKind")).isNull();
  }

  @Test
  void an_upstream_429_is_the_error_kind_rate_limited_and_counts_as_an_error() {
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/limited/x")).header("X-User", "u" + i).GET().build());
      assertThat(r.statusCode()).isEqualTo(429);
    }
    assertThat(requestEvents("limited")).extracting(e -> e.getString("errorKind")).containsOnly("rate_limited").hasSize(4);
    var stats = await(h.gateway.store().snapshot("limited")).stats();
    double errors = 0;
    for (var e : stats.entrySet()) {
      if (e.getKey().metric().equals("errors") && e.getKey().isOverall()) errors += e.getValue().sumS();
    }
    assertThat(errors).isEqualTo(4);
    assertThat(h.adminGet("/metrics").body()).contains("kind=\"rate_limited\"} ");
    assertThat(StatKey.overall("control", "errors").metric()).isEqualTo("errors");
  }
}
