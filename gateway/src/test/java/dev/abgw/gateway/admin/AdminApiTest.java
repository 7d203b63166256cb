package dev.abgw.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
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

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminApiTest {
  private Harness h;
  private HttpServer upstream;

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
    upstream = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
        .putHeader("content-type", "application/json")
        .end("{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":3,\"total_tokens\":5}}")));
    h.serve(Harness.twoArms("exp", "/v1", upstream.actualPort(), upstream.actualPort(), 2000, ""));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private String proxiedRequestId(String user) {
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions")).header("X-User", user)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().firstValue("x-request-id").orElseThrow();
  }

  private static String error(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getString("code");
  }

  @Test
  void refuses_calls_without_or_with_a_wrong_token() {
    HttpResponse<String> none = h.send(HttpRequest.newBuilder(h.admin("/experiments")).GET().build());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(error(none)).isEqualTo("unauthorized");
    HttpResponse<String> wrong = h.send(HttpRequest.newBuilder(h.admin("/experiments"))
        .header("authorization", "Bearer not-the-token-at-all").GET().build());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> judgments = h.send(HttpRequest.newBuilder(h.admin("/judgments"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(judgments.statusCode()).isEqualTo(401);
    assertThat(h.send(HttpRequest.newBuilder(h.admin("/health")).GET().build()).statusCode()).isEqualTo(200);
  }

  @Test
  void refuses_an_invalid_definition_with_every_error_and_keeps_the_old_one() {
    String bad = """
        {"id": "exp", "route": {"pathPrefix": "v1"}, "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "localhost:1", "weight": -5},
                      {"name": "treatment", "upstream": "http://127.0.0.1:1", "weight": 1}],
         "control": "ctrl", "allocation": 1.5,
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase"}]}
        """;
    HttpResponse<String> r = h.adminPut("/experiments/exp", bad);
    assertThat(r.statusCode()).isEqualTo(422);
    JsonArray details = new JsonObject(r.body()).getJsonObject("error").getJsonArray("details");
    List<String> pointers = details.stream().map(d -> ((JsonObject) d).getString("pointer")).toList();
    assertThat(pointers).contains("/route/pathPrefix", "/variants/0/upstream", "/variants/0/weight", "/control", "/allocation");
    assertThat(details.encode()).contains("/variants/0/weight must be >= 0 (was -5");
    JsonObject current = new JsonObject(h.adminGet("/experiments/exp").body());
    assertThat(current.getString("status")).isEqualTo("running");
  }

  @Test
  void creates_pauses_and_lists_experiments() {
    String def = new JsonObject(h.adminGet("/experiments/exp").body()).put("id", "exp2")
        .put("route", new JsonObject().put("pathPrefix", "/v2")).encode();
    assertThat(h.adminPut("/experiments/exp2", def).statusCode()).isEqualTo(201);
    assertThat(h.adminPut("/experiments/other", def).statusCode()).isEqualTo(422);
    HttpResponse<String> paused = h.adminPost("/experiments/exp2/pause", "application/json", "");
    assertThat(new JsonObject(paused.body()).getString("status")).isEqualTo("paused");
    JsonArray all = new JsonObject(h.adminGet("/experiments").body()).getJsonArray("experiments");
    assertThat(all).hasSize(2);
    assertThat(h.adminPost("/experiments/nope/start", "application/json", "").statusCode()).isEqualTo(404);
  }

  @Test
  void a_paused_experiment_serves_control_and_counts_nothing() {
    h.adminPost("/experiments/exp/pause", "application/json", "");
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", "p" + i).GET().build());
      assertThat(r.headers().firstValue("x-variant")).contains("control");
    }
    h.flush();
    JsonObject report = new JsonObject(h.adminGet("/experiments/exp/report").body());
    assertThat(report.getJsonArray("variants").stream().mapToLong(v -> ((JsonObject) v).getLong("units")).sum()).isZero();
  }

  @Test
  void a_report_says_how_long_the_gateway_took_in_server_timing() {
    HttpResponse<String> r = h.adminGet("/experiments/exp/report");
    assertThat(r.statusCode()).isEqualTo(200);
    String timing = r.headers().firstValue("server-timing").orElseThrow();
    assertThat(timing).matches("report;dur=\\d+\\.\\d{3}");
    assertThat(Double.parseDouble(timing.substring("report;dur=".length()))).isPositive().isLessThan(20_000);
  }

  @Test
  void stores_a_judgment_and_counts_an_id_once() {
    String rid = proxiedRequestId("judge-me");
    String j = new JsonObject().put("requestId", rid).put("metric", "score").put("value", 4).put("id", "j-1")
        .put("judge", "human").put("confidence", 0.9).put("comment", "good").encode();
    HttpResponse<String> first = h.adminPost("/judgments", "application/json", j);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(new JsonObject(first.body()).getString("status")).isEqualTo("stored");
    HttpResponse<String> again = h.adminPost("/judgments", "application/json", j);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getString("status")).isEqualTo("duplicate");
  }

  @Test
  void answers_a_batch_item_by_item() {
    String rid = proxiedRequestId("batch-user");
    JsonArray batch = new JsonArray()
        .add(new JsonObject().put("requestId", rid).put("metric", "score").put("value", 5))
        .add(new JsonObject().put("requestId", rid).put("metric", "score").put("value", 9))
        .add(new JsonObject().put("requestId", "unknown-request-1").put("metric", "score").put("value", 3))
        .add(new JsonObject().put("requestId", rid).put("metric", "latency").put("value", 3))
        .add(new JsonObject().put("requestId", rid).put("metric", "resolved").put("value", true).put("id", "r-1"))
        .add(new JsonObject().put("requestId", rid).put("metric", "resolved").put("value", 0.5))
        .add(new JsonObject().put("metric", "score").put("value", "high").put("confidence", 2))
        .add("not an object");
    HttpResponse<String> r = h.adminPost("/judgments", "application/json", batch.encode());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    List<String> statuses = body.getJsonArray("results").stream().map(x -> ((JsonObject) x).getString("status")).toList();
    assertThat(statuses).containsExactly("stored", "invalid", "unknown_request", "invalid", "stored", "invalid", "invalid", "invalid");
    String errors = body.getJsonArray("results").encode();
    assertThat(errors).contains("between 1 and 5").contains("/requestId is required").contains("/value must be a finite number")
        .contains("/confidence must be a number between 0 and 1").contains("judgment metric");
    assertThat(body.getJsonObject("summary").getInteger("stored")).isEqualTo(2);
  }

  @Test
  void takes_ndjson_and_survives_a_broken_line() {
    String rid = proxiedRequestId("nd-user");
    String nd = "{\"requestId\":\"" + rid + "\",\"metric\":\"score\",\"value\":2}\n{broken\n"
        + "{\"requestId\":\"" + rid + "\",\"metric\":\"score\",\"value\":3}\n";
    HttpResponse<String> r = h.adminPost("/judgments", "application/x-ndjson", nd);
    List<String> statuses = new JsonObject(r.body()).getJsonArray("results").stream()
        .map(x -> ((JsonObject) x).getString("status")).toList();
    assertThat(statuses).containsExactly("stored", "invalid", "stored");
  }

  @Test
  void client_mistakes_never_get_a_500() {
    List<HttpResponse<String>> responses = List.of(
        h.adminPost("/judgments", "application/json", "{not json"),
        h.adminPost("/judgments", "application/json", ""),
        h.adminPost("/judgments", "application/json", "[]"),
        h.adminPost("/judgments", "application/json", "42"),
        h.adminPost("/judgments", "application/json", "{\"requestId\": 5}"),
        h.adminPut("/experiments/x", "[1,2]"),
        h.adminPut("/experiments/x", "{\"id\": null}"),
        h.adminPut("/experiments/x", "\u0000\u0001"),
        h.adminGet("/experiments/missing/report"),
        h.adminGet("/nothing-here"),
        h.send(HttpRequest.newBuilder(h.admin("/experiments")).header("authorization", "Bearer " + Harness.TOKEN)
            .DELETE().build()));
    for (HttpResponse<String> r : responses) {
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).isNotBlank();
    }
  }

  @Test
  void exports_raw_events_as_ndjson() {
    String rid = proxiedRequestId("export-user");
    h.adminPost("/judgments", "application/json",
        new JsonObject().put("requestId", rid).put("metric", "resolved").put("value", 1).encode());
    h.flush();
    HttpResponse<String> r = h.adminGet("/experiments/exp/export");
    assertThat(r.headers().firstValue("content-type")).contains("application/x-ndjson");
    List<JsonObject> events = r.body().lines().map(JsonObject::new).toList();
    // Requests are recorded in batches off the response path, judgments when posted: their order may differ.
    assertThat(events).extracting(e -> e.getString("type")).containsExactlyInAnyOrder("request", "judgment");
    JsonObject request = events.stream().filter(e -> e.getString("type").equals("request")).findFirst().orElseThrow();
    JsonObject judgment = events.stream().filter(e -> e.getString("type").equals("judgment")).findFirst().orElseThrow();
    assertThat(request.getJsonObject("usage").getLong("totalTokens")).isEqualTo(5);
    assertThat(judgment.getString("requestId")).isEqualTo(rid).isEqualTo(request.getString("requestId"));
  }

  @Test
  void reports_units_means_and_a_test_against_control() {
    for (int i = 0; i < 60; i++) {
      String rid = proxiedRequestId("rep-" + i);
      HttpResponse<String> posted = h.adminPost("/judgments", "application/json",
          new JsonObject().put("requestId", rid).put("metric", "score").put("value", 1 + (i % 5)).encode());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    }
    h.flush();
    JsonObject report = new JsonObject(h.adminGet("/experiments/exp/report").body());
    assertThat(report.getString("experiment")).isEqualTo("exp");
    assertThat(report.getJsonObject("srm").getValue("pValue")).isNotNull();
    JsonObject score = report.getJsonArray("metrics").stream().map(m -> (JsonObject) m)
        .filter(m -> m.getString("metric").equals("score")).findFirst().orElseThrow();
    long n = score.getJsonArray("variants").stream().mapToLong(v -> ((JsonObject) v).getLong("n")).sum();
    assertThat(n).isEqualTo(60);
    JsonObject treatment = score.getJsonArray("variants").stream().map(v -> (JsonObject) v)
        .filter(v -> v.getString("variant").equals("treatment")).findFirst().orElseThrow();
    assertThat(treatment.getJsonObject("absolute").getValue("pValue")).isNotNull();
    assertThat(report.getJsonArray("metrics").encode()).contains("score.bad").contains("quantiles");
    HttpResponse<String> page = h.adminGet("/experiments/exp/report.html");
    assertThat(page.body()).contains("data-label=\"score · treatment\"").contains("Decision");
  }

  @Test
  void serves_prometheus_metrics() throws InterruptedException {
    proxiedRequestId("metrics-user");
    // The request is counted when the upstream's answer ends, which can be just after the client has it all.
    String text = h.adminGet("/metrics").body();
    for (int i = 0; i < 40 && !text.contains("abgw_requests_total{experiment=\"exp\""); i++) {
      Thread.sleep(25);
      text = h.adminGet("/metrics").body();
    }
    assertThat(text).contains("abgw_requests_total{experiment=\"exp\",variant=").contains("status_class=\"2xx\"} 1")
        .contains("abgw_request_duration_seconds_bucket");
  }
}
