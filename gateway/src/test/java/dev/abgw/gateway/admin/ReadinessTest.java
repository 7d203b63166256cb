package dev.abgw.gateway.admin;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.gateway.Harness;
import dev.abgw.gateway.ShutdownSummary;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health/ready}: 503 until the start's gate completes, 200 then, 503 again while draining for a stop. */
class ReadinessTest {
  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void not_ready_until_the_gate_completes_while_alive_and_serving() throws Exception {
    HttpServer upstream = Harness.upstream(vertx, req -> req.response().end("ok"));
    Promise<Void> gate = Promise.promise();
    Gateway g = await(Gateway.start(vertx, GatewayConfig.local(dir), msg -> { }, Clock.systemUTC(), gate.future()));
    try {
      g.registry().put(Harness.twoArms("r", "/v1", upstream.actualPort(), upstream.actualPort(), 2000, ""));
      HttpResponse<String> before = get(g, "/health/ready");
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(before.body()).getJsonObject("error").getString("code")).isEqualTo("not_ready");
      assertThat(get(g, "/health").statusCode()).as("liveness").isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.proxyPort() + "/v1/x"))
          .header("x-user", "u").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("the proxy serves meanwhile").isEqualTo(200);

      gate.complete();
      HttpResponse<String> after = get(g, "/health/ready");
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(after.body()).getString("status")).isEqualTo("ready");
      assertThat(g.ready()).isTrue();
    } finally {
      await(g.close());
      await(upstream.close());
    }
  }

  @Test
  void not_ready_while_draining_in_flight_requests_for_a_stop() throws Exception {
    Promise<HttpServerRequest> held = Promise.promise();
    HttpServer upstream = Harness.upstream(vertx, held::tryComplete);
    Gateway g = await(Gateway.start(vertx, GatewayConfig.local(dir), msg -> { }, Clock.systemUTC(), Future.succeededFuture()));
    g.registry().put(Harness.twoArms("r", "/v1", upstream.actualPort(), upstream.actualPort(), 10_000, ""));
    assertThat(get(g, "/health/ready").statusCode()).isEqualTo(200);
    CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + g.proxyPort() + "/v1/x")).header("x-user", "u")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    HttpServerRequest upstreamSide = await(held.future());
    Future<ShutdownSummary> stopping = g.shutdown(10_000);
    HttpResponse<String> draining = get(g, "/health/ready");
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(new JsonObject(draining.body()).getJsonObject("error").getString("code")).isEqualTo("not_ready");
    upstreamSide.response().end("done");
    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    await(stopping);
    await(upstream.close());
  }

  private HttpResponse<String> get(Gateway g, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
