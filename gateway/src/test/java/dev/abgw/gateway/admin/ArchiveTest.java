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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code DELETE /experiments/{id}} archives: the route is freed, the data and the definition stay. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArchiveTest {
  private Harness h;
  private HttpServer upstream;

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
    upstream = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
        .putHeader("content-type", "application/json").end("{\"choices\":[]}")));
    h.serve(Harness.twoArms("exp", "/v1", upstream.actualPort(), upstream.actualPort(), 2000, ""));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private HttpResponse<String> call(String user) {
    return h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions")).header("X-User", user)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
  }

  private HttpResponse<String> delete(String path) {
    return h.send(HttpRequest.newBuilder(h.admin(path)).header("authorization", "Bearer " + Harness.TOKEN)
        .DELETE().build());
  }

  private long units(String experiment) {
    JsonObject report = new JsonObject(h.adminGet("/experiments/" + experiment + "/report").body());
    return report.getJsonArray("variants").stream().mapToLong(v -> ((JsonObject) v).getLong("units")).sum();
  }

  @Test
  void archiving_frees_the_route_and_keeps_the_data() {
    String first = null;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r = call("u" + i);
      assertThat(r.statusCode()).isEqualTo(200);
      if (first == null) first = r.headers().firstValue("x-request-id").orElseThrow();
    }
    h.flush();
    assertThat(units("exp")).isEqualTo(8);

    HttpResponse<String> archived = delete("/experiments/exp");
    assertThat(archived.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(archived.body()).getString("status")).isEqualTo("archived");

    // Route freed: no experiment takes /v1 now and there is no default upstream.
    HttpResponse<String> unrouted = call("u0");
    assertThat(unrouted.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unrouted.body()).getJsonObject("error").getString("code")).isEqualTo("no_route");
    assertThat(unrouted.headers().firstValue("x-experiment")).isEmpty();

    // Data kept and still readable; the id is listed as archived.
    assertThat(units("exp")).isEqualTo(8);
    assertThat(h.adminGet("/experiments/exp/export").body().lines().filter(l -> l.contains("\"type\":\"request\"")))
        .hasSize(8);
    JsonArray all = new JsonObject(h.adminGet("/experiments").body()).getJsonArray("experiments");
    assertThat(all).hasSize(1);
    assertThat(all.getJsonObject(0).getString("id")).isEqualTo("exp");
    assertThat(all.getJsonObject(0).getString("status")).isEqualTo("archived");

    // A late judgment of a request from before the archive still counts: judgments may come days later.
    HttpResponse<String> late = h.adminPost("/judgments", "application/json",
        new JsonObject().put("requestId", first).put("metric", "resolved").put("value", true).encode());
    assertThat(late.statusCode()).as(late.body()).isEqualTo(201);
  }

  @Test
  void a_new_experiment_can_take_an_archived_route_and_start_brings_one_back() {
    delete("/experiments/exp");
    String next = new JsonObject(h.adminGet("/experiments/exp").body()).put("id", "exp-next").put("status", "running")
        .encode();
    assertThat(h.adminPut("/experiments/exp-next", next).statusCode()).isEqualTo(201);
    assertThat(call("a").headers().firstValue("x-experiment")).contains("exp-next");

    delete("/experiments/exp-next");
    HttpResponse<String> started = h.adminPost("/experiments/exp/start", "application/json", "");
    assertThat(new JsonObject(started.body()).getString("status")).isEqualTo("running");
    assertThat(call("a").headers().firstValue("x-experiment")).contains("exp");
  }

  @Test
  void archiving_an_unknown_id_is_404_and_archiving_twice_is_harmless() {
    HttpResponse<String> unknown = delete("/experiments/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("code")).isEqualTo("unknown_experiment");
    assertThat(delete("/experiments/exp").statusCode()).isEqualTo(200);
    assertThat(delete("/experiments/exp").statusCode()).isEqualTo(200);
    assertThat(new JsonObject(h.adminGet("/experiments/exp").body()).getString("status")).isEqualTo("archived");
  }
}
