package dev.abgw.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client-chosen X-Request-Id that another live request holds is never reused, so judgments stay bound. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestIdHijackTest {
  private Harness h;

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
    HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
        .end(new JsonObject().put("seenId", req.getHeader("x-request-id")).encode())));
    h.serve(Harness.twoArms("ids", "/v1", up.actualPort(), up.actualPort(), 2000, ""));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private HttpResponse<String> call(String user, String requestId) {
    return h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", user).header("X-Request-Id", requestId)
        .GET().build());
  }

  @Test
  void six_units_sending_one_id_get_six_ids_and_a_judgment_binds_to_the_first() {
    String shared = "shared-request-id-1";
    HttpResponse<String> first = call("victim", shared);
    assertThat(first.headers().firstValue("x-request-id")).contains(shared);
    assertThat(first.headers().firstValue("x-client-request-id")).isEmpty();
    Set<String> ids = new HashSet<>(List.of(shared));
    List<String> hijackers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = call("thief-" + i, shared);
      assertThat(r.statusCode()).isEqualTo(200);
      String issued = r.headers().firstValue("x-request-id").orElseThrow();
      assertThat(issued).matches("[0-9a-f]{32}");
      assertThat(r.headers().firstValue("x-client-request-id")).contains(shared);
      // The upstream sees the id the gateway recorded, not the client's.
      assertThat(new JsonObject(r.body()).getString("seenId")).isEqualTo(issued);
      ids.add(issued);
      hijackers.add(issued);
    }
    assertThat(ids).hasSize(6);
    h.flush();
    HttpResponse<String> j = h.adminPost("/judgments", "application/json",
        new JsonObject().put("requestId", shared).put("metric", "score").put("value", 5).encode());
    assertThat(j.statusCode()).isEqualTo(201);
    h.flush();
    List<JsonObject> events = h.adminGet("/experiments/ids/export").body().lines().map(JsonObject::new).toList();
    assertThat(events.stream().filter(e -> "request".equals(e.getString("type")))
        .map(e -> e.getString("requestId")).distinct().count()).isEqualTo(6);
    JsonObject judgment = events.stream().filter(e -> "judgment".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(judgment.getString("unit")).isEqualTo("victim");
  }
}
