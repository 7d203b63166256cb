package dev.abgw.gateway.report;

import dev.abgw.analysis.report.OfflineAnalysis;
import dev.abgw.stats.report.ReportJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.Await;
import dev.abgw.gateway.Harness;
import dev.abgw.testsupport.TestRedis;
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
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end: traffic through the proxy, judgments through the admin API, the live report, and
 * {@code analyze} on the export must give the same numbers, on the embedded store and on Redis.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(TestRedis.class)
class LiveEqualsOfflineTest {

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "redis"})
  void the_live_report_and_the_offline_analysis_agree(String storeKind, Vertx vertx) throws Exception {
    String prefix = storeKind.equals("redis") ? Await.uniquePrefix("e2e") : null;
    Harness h = Harness.start(vertx, prefix);
    try {
      HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
          .putHeader("content-type", "application/json")
          .end("{\"choices\":[{\"message\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":" + (5 + b.length() % 7) + ",\"completion_tokens\":9,\"total_tokens\":"
              + (14 + b.length() % 7) + "}}")));
      Experiment e = Harness.experiment("""
          {"id": "e2e", "status": "running", "route": {"pathPrefix": "/v1"},
           "unit": {"source": "body", "pointer": "/user"},
           "variants": [{"name": "control", "upstream": "http://127.0.0.1:%1$d", "weight": 1},
                        {"name": "treatment", "upstream": "http://127.0.0.1:%1$d", "weight": 1}],
           "control": "control",
           "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment", "min": 1, "max": 5, "badBelow": 3},
                       {"name": "resolved", "type": "binary", "direction": "increase", "source": "judgment"},
                       {"name": "tokens", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "totalTokens"},
                       {"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"}],
           "segments": [{"name": "task", "source": "body", "key": "/metadata/task"}]}
          """.formatted(up.actualPort()));
      h.serve(e);
      Random rnd = new Random(11);
      JsonArray judgments = new JsonArray();
      for (int i = 0; i < 300; i++) {
        String user = "user-" + rnd.nextInt(80);
        String task = rnd.nextBoolean() ? "refund" : "billing";
        String body = new JsonObject().put("user", user).put("metadata", new JsonObject().put("task", task))
            .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "x".repeat(rnd.nextInt(20)))))
            .encode();
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        String rid = r.headers().firstValue("x-request-id").orElseThrow();
        boolean treated = "treatment".equals(r.headers().firstValue("x-variant").orElse(""));
        judgments.add(new JsonObject().put("requestId", rid).put("metric", "score")
            .put("value", Math.min(5, 1 + rnd.nextInt(4) + (treated ? 1 : 0))).put("id", "s-" + i));
        judgments.add(new JsonObject().put("requestId", rid).put("metric", "resolved").put("value", rnd.nextInt(3) > 0 ? 1 : 0));
      }
      HttpResponse<String> posted = h.adminPost("/judgments", "application/json", judgments.encode());
      assertThat(new JsonObject(posted.body()).getJsonObject("summary").getInteger("stored")).isEqualTo(600);
      h.flush();

      JsonNode live = new ObjectMapper().readTree(h.adminGet("/experiments/e2e/report").body());
      String export = h.adminGet("/experiments/e2e/export").body();
      ObjectNode offline = ReportJson.toNode(
          OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(export)), Clock.systemUTC()).report());

      assertThat(live.path("metrics").size()).isEqualTo(5);
      assertSameNumbers(live.path("metrics"), offline.path("metrics"), "metrics");
      assertSameNumbers(live.path("variants"), offline.path("variants"), "variants");
      assertSameNumbers(live.path("srm"), offline.path("srm"), "srm");
      assertThat(offline.path("decision")).isEqualTo(live.path("decision"));
      assertThat(live.path("metrics").get(0).path("segments").size()).isEqualTo(2);
    } finally {
      h.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "redis"})
  void the_live_report_and_the_offline_analysis_agree_under_fallbacks(String storeKind, Vertx vertx) throws Exception {
    String prefix = storeKind.equals("redis") ? Await.uniquePrefix("e2e-fb") : null;
    Harness h = Harness.start(vertx, prefix);
    try {
      HttpServer good = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
          .putHeader("content-type", "application/json").end("{\"choices\":[{\"finish_reason\":\"stop\"}]}")));
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      HttpServer flaky = Harness.upstream(vertx, req -> req.body().onSuccess(b -> {
        if (n.incrementAndGet() % 3 == 0) req.response().setStatusCode(500).end();
        else req.response().putHeader("content-type", "application/json").end("{\"choices\":[{\"finish_reason\":\"stop\"}]}");
      }));
      Experiment e = Harness.experiment("""
          {"id": "e2efb", "status": "running", "route": {"pathPrefix": "/v1"},
           "unit": {"source": "body", "pointer": "/user"},
           "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 1},
                        {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 1}],
           "control": "control",
           "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment", "min": 1, "max": 5},
                       {"name": "fallback", "type": "binary", "direction": "decrease", "source": "proxy", "field": "fallback"},
                       {"name": "retries", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "retries"},
                       {"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"}],
           "segments": [{"name": "served", "source": "response", "key": "servedBy"}],
           "resilience": {"fallback": {"to": "control", "on": ["status_5xx"]}}}
          """.formatted(good.actualPort(), flaky.actualPort()));
      h.serve(e);
      Random rnd = new Random(5);
      JsonArray judgments = new JsonArray();
      for (int i = 0; i < 200; i++) {
        String body = new JsonObject().put("user", "user-" + rnd.nextInt(60)).put("messages", new JsonArray()).encode();
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        judgments.add(new JsonObject().put("requestId", r.headers().firstValue("x-request-id").orElseThrow())
            .put("metric", "score").put("value", 1 + rnd.nextInt(5)).put("id", "s-" + i));
      }
      h.adminPost("/judgments", "application/json", judgments.encode());
      h.flush();

      JsonNode live = new ObjectMapper().readTree(h.adminGet("/experiments/e2efb/report").body());
      String export = h.adminGet("/experiments/e2efb/export").body();
      ObjectNode offline = ReportJson.toNode(OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(export)), Clock.systemUTC()).report());

      assertThat(live.path("serving").get(1).path("fallbackShare").asDouble()).isGreaterThan(0.2);
      assertSameNumbers(live.path("metrics"), offline.path("metrics"), "metrics");
      assertSameNumbers(live.path("serving"), offline.path("serving"), "serving");
      assertThat(offline.path("warnings")).isEqualTo(live.path("warnings"));
      assertThat(live.path("metrics").get(1).path("segments").get(0).path("randomized").asBoolean(true)).isFalse();
    } finally {
      h.close();
    }
  }

  /** Same structure, same strings, numbers equal to 1e-9 relative (sums are added in another order offline). */
  static void assertSameNumbers(JsonNode a, JsonNode b, String path) {
    if (a.isNumber() && b.isNumber()) {
      double x = a.asDouble();
      double y = b.asDouble();
      assertThat(Math.abs(x - y)).as(path + ": live " + x + " vs offline " + y)
          .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y))));
      return;
    }
    assertThat(b.getNodeType()).as(path).isEqualTo(a.getNodeType());
    if (a.isObject()) {
      assertThat(iterable(b.fieldNames())).as(path).containsExactlyInAnyOrderElementsOf(iterable(a.fieldNames()));
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        var f = it.next();
        assertSameNumbers(f.getValue(), b.path(f.getKey()), path + "/" + f.getKey());
      }
    } else if (a.isArray()) {
      assertThat(b.size()).as(path).isEqualTo(a.size());
      for (int i = 0; i < a.size(); i++) assertSameNumbers(a.get(i), b.get(i), path + "/" + i);
    } else {
      assertThat(b).as(path).isEqualTo(a);
    }
  }

  private static java.util.List<String> iterable(Iterator<String> it) {
    java.util.List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
