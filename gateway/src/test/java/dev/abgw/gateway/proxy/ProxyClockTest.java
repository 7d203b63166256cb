package dev.abgw.gateway.proxy;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The proxy stamps requests with the gateway's injected clock, not the machine's. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyClockTest {

  @Test
  void a_recorded_request_carries_the_time_of_the_injected_clock(Vertx vertx) throws Exception {
    Instant then = Instant.parse("2031-05-06T07:08:09.010Z");
    HttpServer upstream = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response().end("{}")));
    Gateway g = await(Gateway.start(vertx, GatewayConfig.local(Files.createTempDirectory("abgw-clock")), msg -> { },
        Clock.fixed(then, ZoneOffset.UTC)));
    try {
      g.registry().put(Harness.twoArms("clock", "/v1", upstream.actualPort(), upstream.actualPort(), 2000, ""));
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + g.proxyPort() + "/v1/chat/completions")).header("X-User", "u1")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      await(g.flush());

      List<JsonObject> events = await(g.store().events("clock", null, 10)).events();
      assertThat(events).hasSize(1);
      assertThat(events.get(0).getString("time")).isEqualTo("2031-05-06T07:08:09.010Z");
    } finally {
      await(g.close());
    }
  }
}
