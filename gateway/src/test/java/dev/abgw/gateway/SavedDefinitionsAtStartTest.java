package dev.abgw.gateway;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A definition saved earlier that no longer validates is logged and listed with its errors, not dropped. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SavedDefinitionsAtStartTest {

  @Test
  void a_saved_definition_that_no_longer_validates_is_logged_and_listed(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("abgw-saved");
    Files.createDirectories(data.resolve("experiments"));
    Files.writeString(data.resolve("experiments").resolve("old-exp.json"), """
        {"id": "old-exp", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:1", "weight": -5},
                      {"name": "treatment", "upstream": "http://127.0.0.1:2", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"}]}
        """);
    List<String> log = new ArrayList<>();
    Gateway g = await(Gateway.start(vertx, GatewayConfig.local(data), msg -> {
      synchronized (log) {
        log.add(msg);
      }
    }));
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + g.adminPort() + "/experiments")).GET().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(r.body());
      assertThat(body.getJsonArray("experiments")).isEmpty();
      JsonArray invalid = body.getJsonArray("invalid");
      assertThat(invalid).hasSize(1);
      assertThat(invalid.getJsonObject(0).getString("id")).isEqualTo("old-exp");
      assertThat(invalid.getJsonObject(0).getJsonArray("errors").encode())
          .contains("/variants/0/weight").contains("must be >= 0 (was -5");
      assertThat(log).anyMatch(l -> l.startsWith("saved experiment old-exp no longer validates") && l.contains("(was -5"));
      assertThat(g.registry().get("old-exp")).isEmpty();
    } finally {
      await(g.close());
    }
  }
}
