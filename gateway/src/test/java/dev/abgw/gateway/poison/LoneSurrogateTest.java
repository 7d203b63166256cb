package dev.abgw.gateway.poison;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Await;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reproduction: one proxy request whose JSON body holds a lone UTF-16 surrogate used to break
 * the embedded store's log writer for every later record (and every judgment answered 503 until a restart).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoneSurrogateTest {
  private Harness h;

  @AfterEach
  void stop() {
    if (h != null) h.close();
  }

  private void start(Vertx vertx, String redisPrefix) {
    h = Harness.start(vertx, redisPrefix);
    HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
        .putHeader("content-type", "application/json").end("{\"usage\":{\"total_tokens\":3}}")));
    h.serve(Harness.experiment("""
        {"id": "sur", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "body", "pointer": "/user"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "control",
         "segments": [{"name": "task", "source": "body", "key": "/metadata/task"}],
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment"}]}
        """.formatted(up.actualPort(), up.actualPort())));
  }

  private HttpResponse<String> proxy(String body) {
    return h.send(HttpRequest.newBuilder(h.proxy("/v1/chat")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void a_lone_surrogate_in_the_unit_never_breaks_the_embedded_store(Vertx vertx) {
    start(vertx, null);
    check();
  }

  @Test
  void a_lone_surrogate_in_the_unit_never_breaks_the_redis_store(Vertx vertx) {
    start(vertx, Await.uniquePrefix("surrogate"));
    check();
  }

  private void check() {
    assertThat(proxy("{\"user\": \"\\ud800\", \"metadata\": {\"task\": \"\\udfff x\"}}").statusCode()).isEqualTo(200);
    h.flush();
    HttpResponse<String> after = proxy("{\"user\": \"alice\", \"metadata\": {\"task\": \"refund\"}}");
    assertThat(after.statusCode()).isEqualTo(200);
    String rid = after.headers().firstValue("x-request-id").orElseThrow();
    h.flush();
    HttpResponse<String> j = h.adminPost("/judgments", "application/json",
        new JsonObject().put("requestId", rid).put("metric", "score").put("value", 4).encode());
    assertThat(j.statusCode()).as(j.body()).isEqualTo(201);
    // A judgment carrying a lone surrogate is refused, naming the field; the next one is stored.
    HttpResponse<String> bad = h.adminPost("/judgments", "application/json",
        "{\"requestId\":\"" + rid + "\",\"metric\":\"score\",\"value\":2,\"comment\":\"\\ud83d oops\"}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
    assertThat(bad.body()).contains("/comment");
    HttpResponse<String> batch = h.adminPost("/judgments", "application/json",
        "[{\"requestId\":\"" + rid + "\",\"metric\":\"score\",\"value\":2,\"segments\":{\"lang\":\"\\udc00\"}},"
        + "{\"requestId\":\"" + rid + "\",\"metric\":\"score\",\"value\":5}]");
    assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
    assertThat(new JsonObject(batch.body()).getJsonObject("summary").getInteger("stored")).isEqualTo(1);
    assertThat(batch.body()).contains("/segments/lang");
    JsonObject report = new JsonObject(h.adminGet("/experiments/sur/report").body());
    long n = report.getJsonArray("metrics").getJsonObject(0).getJsonArray("variants").stream()
        .mapToLong(v -> ((JsonObject) v).getLong("n")).sum();
    assertThat(n).isEqualTo(2);
    String export = h.adminGet("/experiments/sur/export").body();
    assertThat(export.lines().filter(l -> l.contains("\"request\"")).count()).isEqualTo(2);
    assertThat(export).contains("\ufffd");
  }
}
