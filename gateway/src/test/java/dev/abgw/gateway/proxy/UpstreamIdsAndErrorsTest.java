package dev.abgw.gateway.proxy;

import static dev.abgw.gateway.Await.await;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The upstream's own request id reaches the client and the export; a 502 or 504 tells a public client which
 * variant failed and how, never where the upstream is or what the exception said (that goes to the log, with the
 * request id); error details are {@code {pointer, message}} objects.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpstreamIdsAndErrorsTest {
  private Harness h;
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override public void publish(LogRecord r) {
      logged.add(r.getLevel() + " " + r.getMessage());
    }
    @Override public void flush() { }
    @Override public void close() { }
  };

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
    UpstreamFailures.LOG.addHandler(capture);
  }

  @AfterEach
  void stop() {
    UpstreamFailures.LOG.removeHandler(capture);
    h.close();
  }

  private HttpResponse<String> get(String path, String user) {
    return h.send(HttpRequest.newBuilder(h.proxy(path)).header("X-User", user).GET().build());
  }

  @Test
  void the_upstream_request_id_reaches_the_client_and_the_request_event(Vertx vertx) {
    HttpServer provider = Harness.upstream(vertx, req -> req.response().putHeader("x-request-id", " req_provider_42 ")
        .putHeader("content-type", "application/json").end("{}"));
    HttpServer silent = Harness.upstream(vertx, req -> req.response().end("{}"));
    h.serve(Harness.twoArms("ids", "/ids", provider.actualPort(), provider.actualPort(), 2000, ""));
    h.serve(Harness.twoArms("noid", "/noid", silent.actualPort(), silent.actualPort(), 2000, ""));

    HttpResponse<String> r = get("/ids/x", "ivy");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-upstream-request-id")).contains("req_provider_42");
    String ours = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(ours).isNotEqualTo("req_provider_42");
    assertThat(r.headers().allValues("x-request-id")).containsExactly(ours);

    HttpResponse<String> none = get("/noid/x", "ivy");
    assertThat(none.headers().firstValue("x-upstream-request-id")).isEmpty();

    h.flush();
    JsonObject event = await(h.gateway.store().events("ids", null, 10)).events().get(0);
    assertThat(event.getString("requestId")).isEqualTo(ours);
    assertThat(event.getString("upstreamRequestId")).isEqualTo("req_provider_42");
    JsonObject silentEvent = await(h.gateway.store().events("noid", null, 10)).events().get(0);
    assertThat(silentEvent.containsKey("upstreamRequestId")).isTrue();
    assertThat(silentEvent.getString("upstreamRequestId")).isNull();
  }

  @Test
  void a_502_names_the_variant_and_the_kind_and_logs_the_address() throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    h.serve(Harness.twoArms("down", "/down", closedPort, closedPort, 2000, ""));
    HttpResponse<String> r = get("/down/x", "dave");
    assertThat(r.statusCode()).isEqualTo(502);
    String variant = r.headers().firstValue("x-variant").orElseThrow();
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("upstream_failed");
    assertThat(error.getString("message")).isEqualTo("the upstream of variant " + variant
        + " of experiment down could not be connected to (errorKind connect)");
    assertThat(r.body()).doesNotContain("127.0.0.1").doesNotContain(String.valueOf(closedPort))
        .doesNotContainIgnoringCase("refused").doesNotContain("Exception");
    assertThat(logged).anySatisfy(line -> assertThat(line).startsWith("WARNING request " + requestId + ":")
        .contains("variant " + variant).contains("127.0.0.1:" + closedPort).contains("(connect)"));
  }

  @Test
  void a_504_names_the_variant_and_the_timeout_and_logs_the_address(Vertx vertx) {
    HttpServer slow = Harness.upstream(vertx, req -> vertx.setTimer(3000, id -> req.response().end("late")));
    h.serve(Harness.twoArms("slow", "/slow", slow.actualPort(), slow.actualPort(), 300, ""));
    HttpResponse<String> r = get("/slow/x", "erin");
    assertThat(r.statusCode()).isEqualTo(504);
    String variant = r.headers().firstValue("x-variant").orElseThrow();
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).isEqualTo("the upstream of variant "
        + variant + " of experiment slow did not answer within 300 ms (errorKind timeout)");
    assertThat(r.body()).doesNotContain("127.0.0.1").doesNotContain(String.valueOf(slow.actualPort()));
    assertThat(logged).anySatisfy(line -> assertThat(line).startsWith("WARNING request " + requestId + ":")
        .contains("127.0.0.1:" + slow.actualPort()).contains("(timeout)"));
  }

  @Test
  void judgment_errors_are_pointer_and_message_objects_alone_and_in_a_batch(Vertx vertx) {
    HttpServer ok = Harness.upstream(vertx, req -> req.response().end("{}"));
    h.serve(Harness.twoArms("exp", "/v1", ok.actualPort(), ok.actualPort(), 2000, ""));
    String rid = get("/v1/x", "kim").headers().firstValue("x-request-id").orElseThrow();
    h.flush();

    HttpResponse<String> single = h.adminPost("/judgments", "application/json",
        new JsonObject().put("requestId", rid).put("metric", "score").put("value", 9).encode());
    assertThat(single.statusCode()).isEqualTo(400);
    JsonArray details = new JsonObject(single.body()).getJsonObject("error").getJsonArray("details");
    assertThat(details).hasSize(1);
    assertThat(details.getJsonObject(0).getString("pointer")).isEqualTo("/value");
    assertThat(details.getJsonObject(0).getString("message")).startsWith("/value must be").contains("(was 9)");

    HttpResponse<String> batch = h.adminPost("/judgments", "application/json",
        "[{\"metric\": \"score\", \"value\": \"high\", \"colour\": 1}, 42]");
    JsonArray results = new JsonObject(batch.body()).getJsonArray("results");
    JsonArray first = results.getJsonObject(0).getJsonArray("errors");
    assertThat(first.stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactlyInAnyOrder("/colour", "/requestId", "/value");
    assertThat(first.stream().map(e -> ((JsonObject) e).getString("message")))
        .allSatisfy(m -> assertThat(m).startsWith("/"));
    JsonObject notAnObject = results.getJsonObject(1).getJsonArray("errors").getJsonObject(0);
    assertThat(notAnObject.getString("pointer")).isEmpty();
    assertThat(notAnObject.getString("message")).startsWith("item must be a JSON object");
  }
}
