package dev.abgw.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Markup sent in every user-controlled string (description, variant metadata keys and values, segment values,
 * judge names, comments) comes back escaped on the index and the experiment page, in HTML and in SVG.
 */
class EscapingTest {
  static final List<String> PAYLOADS = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>",
      "'><svg onload=alert(3)>");

  Vertx vertx;
  Harness h;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    h = Harness.start(vertx);
  }

  @AfterEach
  void stop() {
    h.close();
    vertx.close();
  }

  @Test
  void every_user_string_is_escaped_on_the_index_and_the_experiment_page() {
    int port = Harness.upstream(vertx, req -> req.response().putHeader("content-type", "application/json")
        .end("{\"choices\": [], \"usage\": {\"total_tokens\": 5}}")).actualPort();
    String all = String.join(" ", PAYLOADS);
    JsonObject metadata = new JsonObject().put("prompt", all);
    for (String p : PAYLOADS) metadata.put(p, p);
    JsonObject def = new JsonObject("""
        {"id": "xss", "status": "running", "route": {"pathPrefix": "/xss"}, "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment"},
                     {"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"}],
         "segments": [{"name": "task", "source": "header", "key": "X-Task", "maxValues": 5}]}
        """.formatted(port, port)).put("description", all);
    def.getJsonArray("variants").getJsonObject(1).put("metadata", metadata);
    HttpResponse<String> put = h.adminPut("/experiments/xss", def.encode());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

    JsonArray judgments = new JsonArray();
    for (int i = 0; i < 60; i++) {
      HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/xss/v1")).header("X-User", "u" + i)
          .header("X-Task", PAYLOADS.get(i % PAYLOADS.size())).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      assertThat(r.statusCode()).isEqualTo(200);
      String rid = r.headers().firstValue("x-request-id").orElseThrow();
      judgments.add(new JsonObject().put("requestId", rid).put("metric", "score").put("value", i % 5)
          .put("id", "j" + i).put("judge", PAYLOADS.get(i % PAYLOADS.size()).substring(0, 20))
          .put("comment", all));
    }
    h.flush();
    HttpResponse<String> posted = h.adminPost("/judgments", "application/json", judgments.encode());
    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(posted.body()).getJsonObject("summary").getInteger("stored")).isEqualTo(60);
    h.flush();

    for (String path : List.of("/experiments/xss/report.html", "/")) {
      String page = h.adminGet(path).body();
      assertThat(page).as(path + " shows the description, escaped").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
      assertThat(page).as(path + " has no markup from the payloads")
          .doesNotContain("<script").doesNotContain("<img").doesNotContain("<svg onload")
          .doesNotContain("onerror=alert(2)>").doesNotContain("\"><img").doesNotContain("'><svg");
    }
    String page = h.adminGet("/experiments/xss/report.html").body();
    assertThat(page).as("segment values reach the page (and its SVG) escaped")
        .contains("data-label=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt; · treatment\"")
        .contains("&#39;&gt;&lt;svg onload=alert(3)&gt;");
    assertThat(page).as("metadata keys and values, escaped").contains("<dt>&lt;script&gt;alert(1)&lt;/script&gt;</dt>");
  }
}
