package dev.abgw.gateway.proxy;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.StatKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyTest {
  private Harness h;
  private HttpServer echoA;
  private HttpServer echoB;

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
    echoA = Harness.upstream(vertx, req -> echo(req, "A"));
    echoB = Harness.upstream(vertx, req -> echo(req, "B"));
    h.serve(Harness.twoArms("exp", "/v1", echoA.actualPort(), echoB.actualPort(), 2000, ""));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** Answers with what it received: method, uri, selected headers, the body's size and SHA-256. */
  private static void echo(io.vertx.core.http.HttpServerRequest req, String name) {
    req.body().onSuccess(body -> {
      JsonObject out = new JsonObject().put("upstream", name).put("method", req.method().name()).put("uri", req.uri())
          .put("bytes", body.length()).put("sha256", sha(body.getBytes()))
          .put("xff", req.getHeader("x-forwarded-for")).put("proto", req.getHeader("x-forwarded-proto"))
          .put("requestId", req.getHeader("x-request-id")).put("connectionHeaderSeen", req.getHeader("x-hop") != null)
          .put("forcedHeaderSeen", req.getHeader("x-abgw-admin-token") != null)
          .put("usage", new JsonObject().put("prompt_tokens", 3).put("completion_tokens", 4).put("total_tokens", 7));
      req.response().putHeader("content-type", "application/json").putHeader("x-upstream", name).end(out.encode());
    });
  }

  static String sha(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void proxies_a_get_and_tags_the_response() {
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/models?x=1")).header("X-User", "alice").GET().build());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("uri")).isEqualTo("/v1/models?x=1");
    assertThat(r.headers().firstValue("x-experiment")).contains("exp");
    String variant = r.headers().firstValue("x-variant").orElseThrow();
    assertThat(body.getString("upstream")).isEqualTo(variant.equals("control") ? "A" : "B");
    assertThat(r.headers().firstValue("x-request-id")).contains(body.getString("requestId"));
    assertThat(body.getString("xff")).isEqualTo("127.0.0.1");
    assertThat(body.getString("proto")).isEqualTo("http");
  }

  @Test
  void assigns_the_same_unit_to_the_same_variant_every_time() {
    for (String user : new String[] {"u1", "u2", "u3", "u4", "u5", "u6"}) {
      String first = null;
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", user).GET().build());
        String v = r.headers().firstValue("x-variant").orElseThrow();
        if (first == null) first = v;
        assertThat(v).isEqualTo(first);
      }
    }
  }

  @Test
  void keeps_a_valid_client_request_id_and_replaces_an_invalid_one() {
    HttpResponse<String> ok = h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", "u")
        .header("X-Request-Id", "client-id-12345").GET().build());
    assertThat(ok.headers().firstValue("x-request-id")).contains("client-id-12345");
    HttpResponse<String> bad = h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", "u")
        .header("X-Request-Id", "bad id with spaces").GET().build());
    assertThat(bad.headers().firstValue("x-request-id").orElseThrow()).matches("[0-9a-f]{32}");
  }

  @Test
  void streams_10_megabyte_bodies_both_ways_intact() throws Exception {
    byte[] big = new byte[10 * 1024 * 1024];
    new Random(7).nextBytes(big);
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/upload")).header("X-User", "bob")
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getInteger("bytes")).isEqualTo(big.length);
    assertThat(body.getString("sha256")).isEqualTo(sha(big));

    HttpServer bigUp = Harness.upstream(h.vertx, req -> req.response().end(Buffer.buffer(big)));
    h.serve(Harness.twoArms("download", "/dl", bigUp.actualPort(), bigUp.actualPort(), 5000, ""));
    HttpResponse<byte[]> d = h.http.send(HttpRequest.newBuilder(h.proxy("/dl/file")).header("X-User", "bob").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(d.body()).hasSize(big.length);
    assertThat(sha(d.body())).isEqualTo(sha(big));
  }

  @Test
  void relays_sse_events_before_the_upstream_finishes(Vertx vertx) throws Exception {
    CountDownLatch clientSawFirst = new CountDownLatch(1);
    HttpServer sse = Harness.upstream(vertx, req -> {
      var resp = req.response().putHeader("content-type", "text/event-stream").setChunked(true);
      resp.write("data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n");
      // The upstream only finishes after the client has seen the first event: buffering would deadlock.
      vertx.executeBlocking(() -> clientSawFirst.await(10, TimeUnit.SECONDS)).onSuccess(seen -> {
        resp.write("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n");
        resp.end("data: [DONE]\n\n");
      });
    });
    h.serve(Harness.twoArms("stream", "/v1/chat", sse.actualPort(), sse.actualPort(), 5000, ""));
    HttpResponse<InputStream> r = h.http.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions"))
        .header("X-User", "carol").POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("content-type")).contains("text/event-stream");
    var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body()));
    String first = reader.readLine();
    assertThat(first).contains("Hel");
    clientSawFirst.countDown();
    StringBuilder rest = new StringBuilder();
    for (String line; (line = reader.readLine()) != null; ) rest.append(line).append('\n');
    assertThat(rest.toString()).contains("[DONE]");

    h.flush();
    String variant = r.headers().firstValue("x-variant").orElseThrow();
    var stats = await(h.gateway.store().snapshot("stream")).stats();
    assertThat(stats.get(StatKey.overall(variant, "tokens")).sumS()).isEqualTo(7.0);
  }

  @Test
  void upstream_refusing_connections_gives_502_and_an_error_outcome() throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    h.serve(Harness.twoArms("down", "/down", closedPort, closedPort, 2000, ""));
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/down/x")).header("X-User", "dave").GET().build());
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("upstream_failed");
    String variant = r.headers().firstValue("x-variant").orElseThrow();
    h.flush();
    var stats = await(h.gateway.store().snapshot("down")).stats();
    assertThat(stats.get(StatKey.overall(variant, "errors")).sumS()).isEqualTo(1.0);
    var events = await(h.gateway.store().events("down", null, 10)).events();
    assertThat(events).singleElement().satisfies(e -> assertThat(e.getString("errorKind")).isEqualTo("connect"));
  }

  @Test
  void upstream_too_slow_gives_504_and_a_timeout_outcome(Vertx vertx) {
    HttpServer slow = Harness.upstream(vertx, req -> vertx.setTimer(3000, id -> req.response().end("late")));
    h.serve(Harness.twoArms("slow", "/slow", slow.actualPort(), slow.actualPort(), 300, ""));
    long t0 = System.nanoTime();
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/slow/x")).header("X-User", "erin").GET().build());
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat((System.nanoTime() - t0) / 1e6).isLessThan(2500);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("upstream_timeout");
    h.flush();
    var events = await(h.gateway.store().events("slow", null, 10)).events();
    assertThat(events).singleElement().satisfies(e -> assertThat(e.getString("errorKind")).isEqualTo("timeout"));
  }

  @Test
  void drops_headers_named_in_connection(Vertx vertx) {
    // The JDK client refuses to send Connection, so this one goes through a Vert.x client.
    var client = vertx.createHttpClient();
    var body = await(client.request(io.vertx.core.http.HttpMethod.GET, h.gateway.proxyPort(), "127.0.0.1", "/v1/x")
        .compose(req -> req.putHeader("X-User", "u").putHeader("X-Hop", "secret").putHeader("Connection", "keep-alive, X-Hop")
            .send().compose(resp -> resp.body())));
    assertThat(new JsonObject(body).getBoolean("connectionHeaderSeen")).isFalse();
    await(client.close());
  }

  @Test
  void forces_a_variant_only_with_the_admin_token_and_does_not_count_it() {
    HttpResponse<String> denied = h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", "u")
        .header("X-Abgw-Variant", "treatment").GET().build());
    assertThat(denied.statusCode()).isEqualTo(403);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> forced = h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", "user-" + i)
          .header("X-Abgw-Variant", "treatment").header("X-Abgw-Admin-Token", Harness.TOKEN).GET().build());
      assertThat(forced.headers().firstValue("x-variant")).contains("treatment");
      assertThat(new JsonObject(forced.body()).getBoolean("forcedHeaderSeen")).isFalse();
    }
    HttpResponse<String> unknown = h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", "u")
        .header("X-Abgw-Variant", "nope").header("X-Abgw-Admin-Token", Harness.TOKEN).GET().build());
    assertThat(unknown.statusCode()).isEqualTo(400);
    h.flush();
    assertThat(await(h.gateway.store().snapshot("exp")).arms()).isEmpty();
  }

  @Test
  void unmatched_requests_get_404_without_a_default_upstream() {
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/other")).GET().build());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("no_route");
  }

  @Test
  void records_units_requests_and_proxy_metrics_per_variant() {
    for (int i = 0; i < 40; i++) {
      h.send(HttpRequest.newBuilder(h.proxy("/v1/x")).header("X-User", "unit-" + (i % 10)).GET().build());
    }
    h.flush();
    var snap = await(h.gateway.store().snapshot("exp"));
    long units = snap.arms().values().stream().mapToLong(ArmCounts::units).sum();
    long requests = snap.arms().values().stream().mapToLong(ArmCounts::requests).sum();
    assertThat(units).isEqualTo(10);
    assertThat(requests).isEqualTo(40);
    double tokens = snap.stats().entrySet().stream().filter(e -> e.getKey().isOverall() && e.getKey().metric().equals("tokens"))
        .mapToDouble(e -> e.getValue().sumS()).sum();
    assertThat(tokens).isEqualTo(40 * 7.0);
  }
}
