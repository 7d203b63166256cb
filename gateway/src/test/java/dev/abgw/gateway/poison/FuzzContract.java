package dev.abgw.gateway.poison;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.gateway.store.SafeText;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of everything a client can send (proxy bodies, query and headers; judgments one by one, in
 * arrays and NDJSON; definitions), run against each store: never a 5xx, and afterwards the store still takes
 * requests and judgments, its counts equal what clients were answered, and its export is readable JSON with
 * only valid Unicode.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class FuzzContract {
  static final int PROXY_CASES = 2000;
  static final int JUDGMENT_CASES = 2000;
  static final int DEFINITION_CASES = 1000;

  protected Harness h;
  private HttpServer upstream;
  private final List<String> fiveHundreds = new ArrayList<>();

  protected abstract Harness start(Vertx vertx);

  /** After the gateway closed: the store reopens cleanly (embedded: no unreadable line). */
  protected abstract void checkReopened(long requests);

  @BeforeEach
  void setUp() {
    Vertx vertx = Vertx.vertx();
    h = start(vertx);
    upstream = Harness.upstream(vertx, req -> req.body().onSuccess(b -> {
      String usage = req.getHeader("x-usage");
      req.response().putHeader("content-type", "application/json")
          .end("{\"choices\":[{\"finish_reason\":" + (usage == null ? "\"stop\"" : "\"\\ud800" + usage + "\"")
              + "}],\"usage\":{\"total_tokens\":" + (usage == null ? "3" : usage) + "}}");
    }));
    h.serve(Harness.experiment("""
        {"id": "fz", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "body", "pointer": "/user"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "control",
         "segments": [{"name": "task", "source": "body", "key": "/metadata/task"},
                      {"name": "tier", "source": "query", "key": "tier"},
                      {"name": "lang", "source": "header", "key": "X-Lang"},
                      {"name": "finish", "source": "response", "key": "finishReason"}],
         "metrics": [{"name": "tokens", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "totalTokens"},
                     {"name": "score", "type": "continuous", "direction": "increase", "source": "judgment"}]}
        """.formatted(upstream.actualPort(), upstream.actualPort())));
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      Vertx vertx = h.vertx;
      h.close();
      await(vertx.close());
    }
  }

  private HttpResponse<String> checked(String what, HttpResponse<String> r) {
    if (r.statusCode() >= 500) fiveHundreds.add(what + " -> " + r.statusCode() + " " + r.body());
    return r;
  }

  @Test
  void no_input_gets_a_5xx_or_poisons_the_store() {
    Fuzz f = new Fuzz(20261201L);
    long proxied = fuzzProxy(f);
    h.flush();
    long stored = fuzzJudgments(f);
    proxied++; // the request the judgments were posted for
    fuzzDefinitions(f);
    assertThat(fiveHundreds).as("5xx answers").isEmpty();

    // The store still works: a plain request and its judgment go through, and the counts are exact.
    HttpResponse<String> plain = proxy("{\"user\":\"after-fuzz\"}".getBytes(StandardCharsets.UTF_8), "", null, null);
    assertThat(plain.statusCode()).isEqualTo(200);
    proxied++;
    h.flush();
    HttpResponse<String> j = h.adminPost("/judgments", "application/json", new JsonObject()
        .put("requestId", plain.headers().firstValue("x-request-id").orElseThrow()).put("metric", "score").put("value", 3)
        .encode());
    assertThat(j.statusCode()).as(j.body()).isEqualTo(201);
    stored++;
    ArmCounts total = await(h.gateway.store().snapshot("fz")).arms().values().stream()
        .reduce(new ArmCounts(0, 0), ArmCounts::plus);
    assertThat(total.requests()).isEqualTo(proxied);
    HttpResponse<String> report = h.adminGet("/experiments/fz/report");
    assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
    JsonObject score = new JsonObject(report.body()).getJsonArray("metrics").stream().map(m -> (JsonObject) m)
        .filter(m -> m.getString("metric").equals("score")).findFirst().orElseThrow();
    assertThat(score.getJsonArray("variants").stream().mapToLong(v -> ((JsonObject) v).getLong("n")).sum())
        .isEqualTo(stored);
    assertThat(h.adminGet("/experiments").statusCode()).isEqualTo(200);
    HttpResponse<String> export = h.adminGet("/experiments/fz/export");
    assertThat(export.statusCode()).isEqualTo(200);
    long lines = 0;
    for (String line : export.body().lines().toList()) {
      JsonObject e = new JsonObject(line);
      assertThat(SafeText.invalidStrings(e)).as(line).isEmpty();
      lines++;
    }
    assertThat(lines).isEqualTo(proxied + stored);
    Vertx vertx = h.vertx;
    h.close();
    h = null;
    checkReopened(proxied);
    await(vertx.close());
  }

  private HttpResponse<String> proxy(byte[] body, String query, String lang, String usage) {
    HttpRequest.Builder b = HttpRequest.newBuilder(h.proxy("/v1/chat" + query)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (lang != null) b.header("X-Lang", lang);
    if (usage != null) b.header("X-Usage", usage);
    return h.send(b.build());
  }

  /** Returns how many requests were proxied and counted (every answer from the upstream is). */
  private long fuzzProxy(Fuzz f) {
    long counted = 0;
    String[] queries = {"", "?tier=%ED%A0%80", "?tier=%00", "?tier=%C0%80", "?tier=%FF%FE", "?tier=ok", "?tier=%F0%9F%98%80"};
    for (int i = 0; i < PROXY_CASES; i++) {
      byte[] body = switch (f.nextInt(5)) {
        case 0 -> f.withBadBytes("{\"user\":\"u" + i, "\",\"metadata\":{\"task\":\"t\"}}");
        case 1 -> ("{\"user\":" + f.value(2) + ",\"metadata\":{\"task\":" + f.value(1) + "}}").getBytes(StandardCharsets.UTF_8);
        case 2 -> Fuzz.deep(f.chance(0.5) ? 20 : 3000).getBytes(StandardCharsets.UTF_8);
        default -> ("{\"user\":" + f.stringLiteral() + ",\"metadata\":{\"task\":" + f.stringLiteral() + "}}")
            .getBytes(StandardCharsets.UTF_8);
      };
      String lang = f.chance(0.3) ? "de;q=0.9,\"x\"|=~/" : null;
      String usage = f.chance(0.3) ? f.numberLiteral() : null;
      HttpResponse<String> r = checked("proxy #" + i, proxy(body, queries[f.nextInt(queries.length)], lang, usage));
      if (r.statusCode() == 200 && r.headers().firstValue("x-variant").isPresent()) counted++;
    }
    return counted;
  }

  /** Returns how many judgments were answered stored. */
  private long fuzzJudgments(Fuzz f) {
    String rid = proxy("{\"user\":\"judged\"}".getBytes(StandardCharsets.UTF_8), "", null, null)
        .headers().firstValue("x-request-id").orElseThrow();
    h.flush();
    long stored = 0;
    int i = 0;
    while (i < JUDGMENT_CASES) {
      int kind = f.nextInt(4);
      int n = kind == 0 ? 1 : 1 + f.nextInt(8);
      List<String> items = new ArrayList<>();
      for (int k = 0; k < n; k++) items.add(judgment(f, rid, i + k));
      i += n;
      HttpResponse<String> r;
      if (kind == 0) {
        r = checked("judgment " + items, h.adminPost("/judgments", "application/json", items.get(0)));
        if (r.statusCode() == 201) stored++;
      } else if (kind == 3 && f.chance(0.2)) {
        byte[] raw = f.withBadBytes("{\"requestId\":\"" + rid + "\",\"metric\":\"score\",\"value\":1,\"comment\":\"", "\"}");
        r = checked("raw judgment", h.send(HttpRequest.newBuilder(h.admin("/judgments"))
            .header("authorization", "Bearer " + Harness.TOKEN).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build()));
        if (r.statusCode() == 201) stored++;
      } else {
        boolean nd = kind == 2;
        String body = nd ? String.join("\n", items) : "[" + String.join(",", items) + "]";
        r = checked("batch " + body, h.adminPost("/judgments", nd ? "application/x-ndjson" : "application/json", body));
        if (r.statusCode() == 200) stored += new JsonObject(r.body()).getJsonObject("summary").getInteger("stored");
      }
    }
    return stored;
  }

  private static String judgment(Fuzz f, String rid, int i) {
    StringBuilder b = new StringBuilder("{");
    b.append("\"requestId\":").append(f.chance(0.9) ? "\"" + rid + "\"" : f.value(1));
    b.append(",\"metric\":").append(f.chance(0.9) ? "\"score\"" : f.value(1));
    b.append(",\"value\":").append(f.chance(0.5) ? Integer.toString(1 + f.nextInt(5)) : f.chance(0.6) ? f.numberLiteral() : f.value(2));
    if (f.chance(0.5)) b.append(",\"comment\":").append(f.stringLiteral());
    if (f.chance(0.3)) b.append(",\"judge\":").append(f.stringLiteral());
    if (f.chance(0.4)) b.append(",\"id\":").append(f.chance(0.5) ? "\"id-" + i + "\"" : f.stringLiteral());
    if (f.chance(0.3)) b.append(",\"segments\":{").append(f.stringLiteral()).append(":").append(f.stringLiteral()).append("}");
    if (f.chance(0.05)) b.append(",\"deep\":").append(Fuzz.deep(3000));
    return b.append("}").toString();
  }

  private void fuzzDefinitions(Fuzz f) {
    int accepted = 0;
    for (int i = 0; i < DEFINITION_CASES; i++) {
      String id = "fz-def-" + f.nextInt(5);
      String metadata = switch (f.nextInt(4)) {
        case 0 -> "{" + f.stringLiteral() + ":" + f.value(3) + "}";
        case 1 -> "{\"deep\":" + Fuzz.deep(f.chance(0.5) ? 100 : 3000) + "}";
        case 2 -> "{\"big\":\"" + "m".repeat(f.chance(0.3) ? 20_000 : 10) + "\"}";
        default -> "{}";
      };
      String description = f.chance(0.1) ? "\"" + "d".repeat(5000) + "\"" : f.stringLiteral();
      String weight = f.chance(0.3) ? f.numberLiteral() : "50";
      String def = """
          {"id": "%s", "description": %s, "status": "draft", "route": {"pathPrefix": "/fz%d"}, "unit": {"source": "header", "name": "X-User"},
           "variants": [{"name": "control", "upstream": "http://127.0.0.1:9", "weight": %s, "metadata": %s},
                        {"name": "t", "upstream": "http://127.0.0.1:9", "weight": 50}],
           "control": "control",
           "metrics": [{"name": "m", "type": "binary", "direction": "increase", "source": "judgment"}]}
          """.formatted(id, description, i, weight, metadata);
      HttpResponse<String> r;
      if (f.chance(0.1)) {
        byte[] raw = f.withBadBytes(def.substring(0, def.indexOf("/fz")), def.substring(def.indexOf("/fz")));
        r = h.send(HttpRequest.newBuilder(h.admin("/experiments/" + id)).header("authorization", "Bearer " + Harness.TOKEN)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(raw)).build());
      } else {
        r = h.adminPut("/experiments/" + URLEncoder.encode(id, StandardCharsets.UTF_8), def);
      }
      checked("definition " + def.substring(0, Math.min(def.length(), 300)), r);
      assertThat(r.statusCode()).as(r.body()).isIn(200, 201, 400, 413, 422);
      if (r.statusCode() < 300) accepted++;
    }
    // The fuzz must reach the store too, not only the validator.
    assertThat(accepted).isGreaterThan(DEFINITION_CASES / 10);
  }
}
