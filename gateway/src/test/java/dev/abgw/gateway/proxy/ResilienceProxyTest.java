package dev.abgw.gateway.proxy;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.cell.StatKey;
import dev.abgw.experiments.Assigner;
import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retries, fallbacks, circuit breakers and rate limits against real upstream servers on loopback, each with
 * exact counts of what the upstreams received and of what was recorded, always for the assigned variant.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResilienceProxyTest {
  private Harness h;
  private HttpServer control;
  private final AtomicInteger controlHits = new AtomicInteger();

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
    control = Harness.upstream(vertx, req -> {
      controlHits.incrementAndGet();
      req.body().onSuccess(b -> req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("upstream", "control").put("bytes", b.length()).encode()));
    });
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static int closedPort() throws IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A running experiment, control on the counting upstream, treatment on {@code treatmentPort}. */
  private Experiment experiment(String id, int treatmentPort, long timeoutMillis, String resilience) {
    return Harness.experiment("""
        {"id": "%s", "status": "running", "route": {"pathPrefix": "/%s"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 50, "timeoutMillis": %d}],
         "control": "control",
         "metrics": [{"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"},
                     {"name": "fallback", "type": "binary", "direction": "decrease", "source": "proxy", "field": "fallback"},
                     {"name": "retries", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "retries"},
                     {"name": "limited", "type": "binary", "direction": "decrease", "source": "proxy", "field": "rateLimited"}],
         "resilience": %s}
        """.formatted(id, id, control.actualPort(), treatmentPort, timeoutMillis, resilience));
  }

  /** Units the experiment assigns to treatment. */
  private static List<String> treatmentUnits(Experiment e, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) {
      if (Assigner.assign(e, "u" + i).variant().name().equals("treatment")) out.add("u" + i);
    }
    return out;
  }

  private HttpResponse<String> get(Experiment e, String unit) {
    return h.send(HttpRequest.newBuilder(h.proxy("/" + e.id() + "/x")).header("X-User", unit).GET().build());
  }

  private List<JsonObject> events(String id) {
    h.flush();
    return await(h.gateway.store().events(id, null, 1000)).events();
  }

  private double sum(String id, String variant, String metric) {
    h.flush();
    var cell = await(h.gateway.store().snapshot(id)).stats().get(StatKey.overall(variant, metric));
    return cell == null ? Double.NaN : cell.sumS();
  }

  @Test
  void refused_upstream_is_retried_then_served_by_control_and_counted_for_treatment() throws IOException {
    Experiment e = experiment("refused", closedPort(), 2000, """
        {"retry": {"maxAttempts": 2, "on": ["connect"], "backoffMillis": 10}, "fallback": {"to": "control"}}""");
    h.serve(e);
    HttpResponse<String> r = get(e, treatmentUnits(e, 1).get(0));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("upstream")).isEqualTo("control");
    assertThat(r.headers().firstValue("x-variant")).contains("treatment");
    assertThat(r.headers().firstValue("x-served-by")).contains("control");
    assertThat(r.headers().firstValue("x-abgw-attempts")).contains("3");
    assertThat(controlHits.get()).isEqualTo(1);
    List<JsonObject> recorded = events("refused");
    assertThat(recorded).as("events of refused; arms %s", await(h.gateway.store().snapshot("refused")).arms()).hasSize(1);
    JsonObject event = recorded.get(0);
    assertThat(event.getString("variant")).isEqualTo("treatment");
    assertThat(event.getString("servedBy")).isEqualTo("control");
    assertThat(event.getInteger("attempts")).isEqualTo(3);
    assertThat(event.getJsonArray("upstreamStatus").getList()).containsExactly(0, 0, 200);
    assertThat(event.getInteger("retries")).isEqualTo(1);
    assertThat(event.getString("fallbackReason")).isEqualTo("connect");
    assertThat(event.getString("errorKind")).isNull();
    assertThat(sum("refused", "treatment", "fallback")).isEqualTo(1.0);
    assertThat(sum("refused", "treatment", "retries")).isEqualTo(1.0);
    assertThat(sum("refused", "treatment", "errors")).isEqualTo(0.0);
    assertThat(sum("refused", "control", "fallback")).isNaN();
    assertThat(h.adminGet("/metrics").body()).contains(
        "abgw_upstream_attempts_total{experiment=\"refused\",variant=\"treatment\"} 3",
        "abgw_retries_total{experiment=\"refused\",variant=\"treatment\"} 1",
        "abgw_fallbacks_total{experiment=\"refused\",variant=\"treatment\",reason=\"connect\"} 1");
  }

  @Test
  void a_static_fallback_answers_when_the_variant_cannot() throws IOException {
    Experiment e = experiment("static", closedPort(), 2000, """
        {"fallback": {"to": {"status": 200, "body": {"choices": []}, "headers": {"X-Canned": "yes"}}}}""");
    h.serve(e);
    HttpResponse<String> r = get(e, treatmentUnits(e, 1).get(0));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"choices\":[]}");
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(r.headers().firstValue("x-canned")).contains("yes");
    assertThat(r.headers().firstValue("x-served-by")).contains("static");
    JsonObject event = events("static").get(0);
    assertThat(event.getString("servedBy")).isEqualTo("static");
    assertThat(event.getJsonArray("upstreamStatus").getList()).containsExactly(0);
    assertThat(event.getString("fallbackReason")).isEqualTo("connect");
  }

  @Test
  void retry_after_of_one_second_is_waited_for_and_not_less(Vertx vertx) {
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    HttpServer limited = Harness.upstream(vertx, req -> {
      arrivals.add(System.nanoTime());
      if (arrivals.size() == 1) req.response().setStatusCode(429).putHeader("retry-after", "1").end("slow down");
      else req.response().end("ok");
    });
    Experiment e = experiment("after", limited.actualPort(), 5000, """
        {"retry": {"maxAttempts": 3, "on": ["status_429"], "backoffMillis": 10, "maxRetryAfterMillis": 2000}}""");
    h.serve(e);
    HttpResponse<String> r = get(e, treatmentUnits(e, 1).get(0));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.headers().firstValue("x-abgw-attempts")).contains("2");
    assertThat(r.headers().firstValue("x-served-by")).isEmpty();
    assertThat(arrivals).hasSize(2);
    long gapMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
    assertThat(gapMillis).isBetween(1000L, 1500L);
    JsonObject event = events("after").get(0);
    assertThat(event.getJsonArray("upstreamStatus").getList()).containsExactly(429, 200);
    assertThat(event.getBoolean("rateLimited")).isTrue();
    assertThat(sum("after", "treatment", "limited")).isEqualTo(1.0);
    assertThat(sum("after", "treatment", "errors")).isEqualTo(0.0);
  }

  @Test
  void a_retry_after_longer_than_allowed_ends_the_retries(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    HttpServer limited = Harness.upstream(vertx, req -> {
      hits.incrementAndGet();
      req.response().setStatusCode(429).putHeader("retry-after", "30").end();
    });
    Experiment e = experiment("toolong", limited.actualPort(), 5000, """
        {"retry": {"maxAttempts": 3, "on": ["status_429"], "maxRetryAfterMillis": 2000}}""");
    h.serve(e);
    HttpResponse<String> r = get(e, treatmentUnits(e, 1).get(0));
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(hits.get()).isEqualTo(1);
    JsonObject event = events("toolong").get(0);
    assertThat(event.getString("noRetryReason")).isEqualTo("retry_after_too_long");
    assertThat(event.getString("errorKind")).isEqualTo("rate_limited");
  }

  @Test
  void a_hanging_upstream_times_out_per_attempt_and_overall_within_the_deadline(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    HttpServer hang = Harness.upstream(vertx, req -> hits.incrementAndGet());
    Experiment e = experiment("hang", hang.actualPort(), 400, """
        {"retry": {"maxAttempts": 5, "on": ["timeout"], "backoffMillis": 0, "deadlineMillis": 1000}}""");
    h.serve(e);
    long t0 = System.nanoTime();
    HttpResponse<String> r = get(e, treatmentUnits(e, 1).get(0));
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(r.statusCode()).isEqualTo(504);
    // 400 ms, 400 ms, then what is left of the 1000 ms deadline; no fourth attempt.
    assertThat(hits.get()).isEqualTo(3);
    assertThat(elapsedMillis).isBetween(950L, 1400L);
    JsonObject event = events("hang").get(0);
    assertThat(event.getJsonArray("upstreamStatus").getList()).containsExactly(0, 0, 0);
    assertThat(event.getString("errorKind")).isEqualTo("timeout");
    assertThat(event.getString("noRetryReason")).isEqualTo("deadline");
  }

  @Test
  void the_circuit_opens_after_failures_stops_traffic_probes_and_closes(Vertx vertx) throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger hits = new AtomicInteger();
    HttpServer flaky = Harness.upstream(vertx, req -> {
      hits.incrementAndGet();
      req.response().setStatusCode(failing.get() ? 500 : 200).end();
    });
    Experiment e = experiment("circuit", flaky.actualPort(), 2000, """
        {"circuitBreaker": {"failureRate": 0.5, "windowRequests": 4, "minimumRequests": 4, "halfOpenProbes": 2,
                            "openSeconds": 1}}""");
    h.serve(e);
    String unit = treatmentUnits(e, 1).get(0);
    for (int i = 0; i < 4; i++) assertThat(get(e, unit).statusCode()).isEqualTo(500);
    assertThat(hits.get()).isEqualTo(4);
    assertThat(circuitState("circuit", flaky.actualPort())).isEqualTo("open");
    assertThat(h.adminGet("/metrics").body()).contains("abgw_circuit_state{experiment=\"circuit\",upstream=\"http://127.0.0.1:"
        + flaky.actualPort() + "\",state=\"open\"} 1");

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = get(e, unit);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("circuit_open");
      assertThat(r.headers().firstValue("retry-after")).contains("1");
    }
    assertThat(hits.get()).isEqualTo(4);

    failing.set(false);
    Thread.sleep(1100);
    assertThat(get(e, unit).statusCode()).isEqualTo(200);
    assertThat(circuitState("circuit", flaky.actualPort())).isEqualTo("half_open");
    assertThat(get(e, unit).statusCode()).isEqualTo(200);
    assertThat(circuitState("circuit", flaky.actualPort())).isEqualTo("closed");
    assertThat(get(e, unit).statusCode()).isEqualTo(200);
    assertThat(hits.get()).isEqualTo(7);
    List<JsonObject> events = events("circuit");
    assertThat(events).hasSize(10);
    assertThat(events.stream().filter(ev -> "circuit_open".equals(ev.getString("errorKind"))).count()).isEqualTo(3);
    assertThat(events.stream().filter(ev -> "circuit_open".equals(ev.getString("errorKind"))))
        .allSatisfy(ev -> assertThat(ev.getInteger("attempts")).isZero());
  }

  @Test
  void a_retry_the_open_circuit_refuses_is_not_counted_and_falls_back(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    HttpServer failing = Harness.upstream(vertx, req -> {
      hits.incrementAndGet();
      req.response().setStatusCode(500).end();
    });
    Experiment e = experiment("refusedretry", failing.actualPort(), 2000, """
        {"retry": {"maxAttempts": 3, "on": ["status_5xx"], "backoffMillis": 0},
         "circuitBreaker": {"failureRate": 1, "windowRequests": 1, "minimumRequests": 1, "openSeconds": 60},
         "fallback": {"to": "control"}}""");
    h.serve(e);
    HttpResponse<String> r = get(e, treatmentUnits(e, 1).get(0));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-served-by")).contains("control");
    assertThat(hits.get()).isEqualTo(1);
    JsonObject event = events("refusedretry").get(0);
    assertThat(event.getJsonArray("upstreamStatus").getList()).containsExactly(500, 200);
    assertThat(event.getInteger("retries")).isZero();
    assertThat(event.getString("fallbackReason")).isEqualTo("circuit_open");
  }

  private String circuitState(String id, int port) {
    HttpResponse<String> r = h.adminGet("/experiments/" + id);
    for (Object o : new JsonObject(r.body()).getJsonArray("circuits")) {
      JsonObject c = (JsonObject) o;
      if (c.getString("upstream").equals("http://127.0.0.1:" + port)) return c.getString("state");
    }
    throw new AssertionError("no circuit for port " + port + " in " + r.body());
  }

  private List<HttpResponse<String>> concurrently(Experiment e, List<String> units) {
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (String u : units) {
      all.add(h.http.sendAsync(HttpRequest.newBuilder(h.proxy("/" + e.id() + "/x")).header("X-User", u).GET().build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    return all.stream().map(CompletableFuture::join).toList();
  }

  private static long count(List<HttpResponse<String>> rs, int status) {
    return rs.stream().filter(r -> r.statusCode() == status).count();
  }

  @Test
  void a_rate_limit_lets_the_rate_plus_the_burst_through_and_sheds_the_rest_with_429(Vertx vertx) throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer ok = Harness.upstream(vertx, req -> {
      hits.incrementAndGet();
      req.response().end("ok");
    });
    Experiment e = experiment("rate", ok.actualPort(), 2000, "{\"rateLimit\": {\"requestsPerSecond\": 1, \"burst\": 2}}");
    h.serve(e);
    List<String> units = treatmentUnits(e, 10);
    List<HttpResponse<String>> first = concurrently(e, units);
    assertThat(count(first, 200)).isEqualTo(3);
    assertThat(count(first, 429)).isEqualTo(7);
    assertThat(first.stream().filter(r -> r.statusCode() == 429)).allSatisfy(r -> {
      assertThat(r.headers().firstValue("retry-after")).isPresent();
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    });
    Thread.sleep(1000);
    List<HttpResponse<String>> second = concurrently(e, units);
    assertThat(count(second, 200)).isEqualTo(1);
    assertThat(hits.get()).isEqualTo(4);
    assertThat(sum("rate", "treatment", "limited")).isEqualTo(16.0);
    assertThat(sum("rate", "treatment", "errors")).isEqualTo(16.0);
    assertThat(h.adminGet("/metrics").body())
        .contains("abgw_rate_limit_rejections_total{experiment=\"rate\",variant=\"treatment\"} 16");
  }

  @Test
  void a_rate_limited_request_waits_its_queue_time_then_falls_back(Vertx vertx) {
    HttpServer ok = Harness.upstream(vertx, req -> req.response().end("treatment"));
    Experiment e = experiment("queue", ok.actualPort(), 2000, """
        {"rateLimit": {"requestsPerSecond": 1, "queueMillis": 1500}, "fallback": {"to": "control", "on": ["rate_limited"]}}""");
    h.serve(e);
    long t0 = System.nanoTime();
    List<HttpResponse<String>> rs = concurrently(e, treatmentUnits(e, 3));
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    // The first goes at once, the second waits its slot one second later, the third's (two seconds) is beyond the queue.
    assertThat(rs.stream().filter(r -> r.body().equals("treatment")).count()).isEqualTo(2);
    assertThat(rs.stream().filter(r -> r.headers().firstValue("x-served-by").orElse("").equals("control")).count()).isEqualTo(1);
    assertThat(count(rs, 200)).isEqualTo(3);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(900);
    assertThat(controlHits.get()).isEqualTo(1);
    assertThat(events("queue").stream().filter(ev -> "rate_limited".equals(ev.getString("fallbackReason"))).count()).isEqualTo(1);
    assertThat(sum("queue", "treatment", "fallback")).isEqualTo(1.0);
    assertThat(sum("queue", "treatment", "limited")).isEqualTo(1.0);
    assertThat(sum("queue", "treatment", "errors")).isEqualTo(0.0);
  }

  @Test
  void max_concurrent_caps_requests_in_flight(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    HttpServer slow = Harness.upstream(vertx, req -> {
      hits.incrementAndGet();
      vertx.setTimer(300, id -> req.response().end("ok"));
    });
    Experiment e = experiment("conc", slow.actualPort(), 2000, "{\"rateLimit\": {\"maxConcurrent\": 1}}");
    h.serve(e);
    List<HttpResponse<String>> rs = concurrently(e, treatmentUnits(e, 3));
    assertThat(count(rs, 200)).isEqualTo(1);
    assertThat(count(rs, 429)).isEqualTo(2);
    assertThat(hits.get()).isEqualTo(1);
    assertThat(get(e, "after").statusCode()).isIn(200);
  }

  @Test
  void a_client_that_leaves_while_queued_gives_its_slot_back(Vertx vertx) throws Exception {
    AtomicInteger hits = new AtomicInteger();
    HttpServer slow = Harness.upstream(vertx, req -> {
      hits.incrementAndGet();
      vertx.setTimer(400, id -> req.response().end("ok"));
    });
    Experiment e = experiment("leave", slow.actualPort(), 5000,
        "{\"rateLimit\": {\"maxConcurrent\": 1, \"queueMillis\": 3000}}");
    h.serve(e);
    List<String> units = treatmentUnits(e, 3);
    CompletableFuture<HttpResponse<String>> holder = h.http.sendAsync(HttpRequest.newBuilder(h.proxy("/leave/x"))
        .header("X-User", units.get(0)).GET().build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(100);
    // A second request queues behind the first, then its client hangs up before the slot frees.
    try (var socket = new java.net.Socket("127.0.0.1", h.gateway.proxyPort())) {
      socket.getOutputStream().write(("GET /leave/x HTTP/1.1\r\nHost: x\r\nX-User: " + units.get(1) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Thread.sleep(100);
    }
    assertThat(holder.join().statusCode()).isEqualTo(200);
    Thread.sleep(100);
    // The slot the leaver was handed went back: the next request is served without queueing behind it.
    long t0 = System.nanoTime();
    assertThat(get(e, units.get(2)).statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(800);
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void a_stream_that_started_is_never_retried_nor_fallen_back(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    HttpServer broken = Harness.upstream(vertx, req -> {
      hits.incrementAndGet();
      req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      req.response().write("data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n");
      vertx.setTimer(100, id -> req.connection().close());
    });
    Experiment e = experiment("stream", broken.actualPort(), 2000, """
        {"retry": {"maxAttempts": 3, "on": ["connect", "reset", "timeout", "status_5xx"]}, "fallback": {"to": "control"}}""");
    h.serve(e);
    String got;
    boolean broke = false;
    try {
      HttpResponse<InputStream> r = h.http.send(HttpRequest.newBuilder(h.proxy("/stream/x"))
          .header("X-User", treatmentUnits(e, 1).get(0)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      StringBuilder sb = new StringBuilder();
      try (InputStream in = r.body()) {
        byte[] buf = new byte[1024];
        for (int n; (n = in.read(buf)) > 0; ) sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      } catch (IOException reset) {
        broke = true;
      }
      got = sb.toString();
    } catch (IOException | InterruptedException ex) {
      throw new AssertionError(ex);
    }
    assertThat(broke).isTrue();
    assertThat(got).contains("Hel");
    assertThat(hits.get()).isEqualTo(1);
    assertThat(controlHits.get()).isZero();
    JsonObject event = events("stream").get(0);
    assertThat(event.getString("errorKind")).isEqualTo("reset");
    assertThat(event.getInteger("attempts")).isEqualTo(1);
    assertThat(event.getString("servedBy")).isEqualTo("treatment");
    assertThat(event.getString("fallbackReason")).isNull();
  }

  @Test
  void a_body_that_was_not_buffered_is_never_replayed(Vertx vertx) {
    AtomicInteger hits = new AtomicInteger();
    HttpServer resets = Harness.upstream(vertx, (HttpServerRequest req) -> req.body().onSuccess(b -> {
      hits.incrementAndGet();
      req.connection().close();
    }));
    Experiment e = experiment("body", resets.actualPort(), 2000, """
        {"retry": {"maxAttempts": 2, "on": ["reset"], "backoffMillis": 10}, "fallback": {"to": "control"}}""");
    h.serve(e);
    String unit = treatmentUnits(e, 1).get(0);
    byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);

    // Unknown length (chunked): streamed through once, so neither retried nor sent to control.
    HttpResponse<String> chunked = h.send(HttpRequest.newBuilder(h.proxy("/body/x")).header("X-User", unit)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
    assertThat(chunked.statusCode()).isEqualTo(502);
    assertThat(hits.get()).isEqualTo(1);
    assertThat(controlHits.get()).isZero();

    // A declared length within the limit is buffered: retried once, then control gets the very same bytes.
    HttpResponse<String> sized = h.send(HttpRequest.newBuilder(h.proxy("/body/x")).header("X-User", unit)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    assertThat(sized.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(sized.body()).getInteger("bytes")).isEqualTo(body.length);
    assertThat(hits.get()).isEqualTo(3);
    assertThat(controlHits.get()).isEqualTo(1);

    List<JsonObject> events = events("body");
    assertThat(events).hasSize(2);
    JsonObject once = events.stream().filter(ev -> ev.getInteger("attempts") == 1).findFirst().orElseThrow();
    assertThat(once.getString("noRetryReason")).isEqualTo("body_not_buffered");
    assertThat(once.getString("errorKind")).isEqualTo("reset");
    JsonObject thrice = events.stream().filter(ev -> ev.getInteger("attempts") == 3).findFirst().orElseThrow();
    assertThat(thrice.getString("servedBy")).isEqualTo("control");
    assertThat(thrice.getString("fallbackReason")).isEqualTo("reset");
  }
}
