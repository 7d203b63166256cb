package dev.abgw.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.experiments.Experiment;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.gateway.Await;
import dev.abgw.gateway.Harness;
import dev.abgw.analysis.report.OfflineAnalysis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Metrics that can be negative (a score difference in [-10, 10], a preference -1/0/1 with no declared
 * bounds) are accepted through the real admin API on both stores, get tail quantiles, and analyse
 * offline from the export; values the histograms cannot hold are refused before the store with a 400
 * naming the field, the rule and the value, never a 503.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NegativeJudgmentTest {

  private static JsonObject judgment(String requestId, String metric, Object value) {
    return new JsonObject().put("requestId", requestId).put("metric", metric).put("value", value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "redis"})
  void negative_judgments_are_stored_reported_and_analysed_offline(String storeKind, Vertx vertx) throws Exception {
    Harness h = Harness.start(vertx, storeKind.equals("redis") ? Await.uniquePrefix("negative") : null);
    try {
      HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
          .putHeader("content-type", "application/json").end("{\"choices\":[]}")));
      Experiment e = Harness.experiment("""
          {"id": "neg", "status": "running", "route": {"pathPrefix": "/v1"},
           "unit": {"source": "header", "name": "X-User"},
           "variants": [{"name": "control", "upstream": "http://127.0.0.1:%1$d", "weight": 1},
                        {"name": "treatment", "upstream": "http://127.0.0.1:%1$d", "weight": 1}],
           "control": "control",
           "metrics": [{"name": "delta", "type": "continuous", "direction": "increase", "source": "judgment", "min": -10, "max": 10},
                       {"name": "pref", "type": "continuous", "direction": "increase", "source": "judgment"}]}
          """.formatted(up.actualPort()));
      h.serve(e);
      JsonArray batch = new JsonArray();
      String first = null;
      for (int i = 0; i < 60; i++) {
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions"))
            .header("X-User", "user-" + i).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        String rid = r.headers().firstValue("x-request-id").orElseThrow();
        if (first == null) {
          first = rid;
          continue;
        }
        batch.add(judgment(rid, "delta", -0.5 * (1 + i % 5)));
        batch.add(judgment(rid, "pref", (i % 3) - 1));
      }

      HttpResponse<String> single = h.adminPost("/judgments", "application/json", judgment(first, "delta", -3.5).encode());
      assertThat(single.statusCode()).as(single.body()).isEqualTo(201);

      HttpResponse<String> outOfRange = h.adminPost("/judgments", "application/json", judgment(first, "delta", -11).encode());
      assertThat(outOfRange.statusCode()).as(outOfRange.body()).isEqualTo(400);
      JsonObject error = new JsonObject(outOfRange.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("invalid_judgment");
      assertThat(error.getJsonArray("details").getJsonObject(0).getString("message")).isEqualTo("/value must be between -10 and 10 (was -11)");

      // No declared bounds: a value beyond what the tail histogram can record is refused before the store.
      HttpResponse<String> huge = h.adminPost("/judgments", "application/json", judgment(first, "pref", -1e14).encode());
      assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
      assertThat(new JsonObject(huge.body()).getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("message"))
          .startsWith("/value must be between -1e12 and 1e12").endsWith("(was -100000000000000)");

      HttpResponse<String> posted = h.adminPost("/judgments", "application/json", batch.encode());
      assertThat(posted.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(posted.body()).getJsonObject("summary").getInteger("stored")).isEqualTo(118);
      h.flush();

      JsonNode live = new ObjectMapper().readTree(h.adminGet("/experiments/neg/report").body());
      JsonNode delta = live.path("metrics").get(0);
      JsonNode pref = live.path("metrics").get(1);
      assertThat(delta.path("variants").get(0).path("mean").asDouble()).isNegative();
      for (JsonNode metric : new JsonNode[] {delta, pref}) {
        JsonNode controlQuantiles = metric.path("quantiles").path("variants").get(0).path("values");
        assertThat(controlQuantiles.size()).as(metric.toString()).isEqualTo(4);
        assertThat(controlQuantiles.get(0).path("value").asDouble()).as("p50 of %s", metric.path("metric"))
            .isBetween(-2.5, 1.0);
      }
      assertThat(delta.path("quantiles").path("variants").get(0).path("values").get(0).path("value").asDouble())
          .as("every delta is negative").isNegative();

      String export = h.adminGet("/experiments/neg/export").body();
      OfflineAnalysis.Result offline = OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(export)), Clock.systemUTC());
      assertThat(offline.skipped().count()).isZero();
      JsonNode offlineReport = new ObjectMapper().readTree(ReportJson.toJson(offline.report()));
      // Same text: the live JSON was parsed back (ints and longs), the offline one never left memory.
      assertThat(offlineReport.path("metrics").get(0).path("quantiles").toString())
          .isEqualTo(delta.path("quantiles").toString());
      assertThat(offlineReport.path("metrics").get(1).path("quantiles").toString())
          .isEqualTo(pref.path("quantiles").toString());
    } finally {
      h.close();
    }
  }

  @org.junit.jupiter.api.Test
  void live_and_offline_refuse_the_same_values_with_the_same_messages(Vertx vertx) throws Exception {
    Harness h = Harness.start(vertx);
    try {
      HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
          .putHeader("content-type", "application/json").end("{\"choices\":[]}")));
      Experiment e = Harness.twoArms("same", "/v1", up.actualPort(), up.actualPort(), 2000, "");
      h.serve(e);
      HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions"))
          .header("X-User", "u1").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      String rid = r.headers().firstValue("x-request-id").orElseThrow();
      String variant = r.headers().firstValue("x-variant").orElseThrow();
      // metric, raw JSON value: a string, an infinite number, null, a binary 2, a score above max, a negative score.
      String[][] bad = {{"score", "\"0.5\""}, {"score", "1e999"}, {"score", "null"}, {"resolved", "2"},
          {"score", "7"}, {"score", "-3.5"}, {"tokens", "3"}};
      StringBuilder ndjson = new StringBuilder();
      StringBuilder export = new StringBuilder();
      for (String[] b : bad) {
        ndjson.append("{\"requestId\":\"").append(rid).append("\",\"metric\":\"").append(b[0])
            .append("\",\"value\":").append(b[1]).append("}\n");
        export.append("{\"type\":\"judgment\",\"experiment\":\"same\",\"variant\":\"").append(variant)
            .append("\",\"unit\":\"u1\",\"requestId\":\"").append(rid).append("\",\"metric\":\"").append(b[0])
            .append("\",\"value\":").append(b[1]).append(",\"segments\":{}}\n");
      }
      HttpResponse<String> posted = h.adminPost("/judgments", "application/x-ndjson", ndjson.toString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
      JsonArray results = new JsonObject(posted.body()).getJsonArray("results");
      java.util.List<String> live = new java.util.ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        JsonObject item = results.getJsonObject(i);
        assertThat(item.getString("status")).as(item.encode()).isEqualTo("invalid");
        live.add("line " + (i + 1) + ": " + item.getJsonArray("errors").getJsonObject(0).getString("message"));
      }
      OfflineAnalysis.Result offline = OfflineAnalysis.analyze(e,
          new BufferedReader(new StringReader(export.toString())), Clock.systemUTC());
      assertThat(offline.skipped().lines()).containsExactlyElementsOf(live);
      assertThat(live).contains("line 2: /value must be a finite number or a boolean (was Infinity)",
          "line 6: /value must be between 1 and 5 (was -3.5)");
    } finally {
      h.close();
    }
  }
}
