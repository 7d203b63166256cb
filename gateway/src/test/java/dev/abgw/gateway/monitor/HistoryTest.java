package dev.abgw.gateway.monitor;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.gateway.Harness;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every change of a definition is in its history, with actor and version, across a restart. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HistoryTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private static final String DEFINITION = """
      {"id": "hist", "status": "running", "route": {"pathPrefix": "/v1"},
       "unit": {"source": "header", "name": "X-User"},
       "variants": [{"name": "a", "upstream": "http://127.0.0.1:9", "weight": 1},
                    {"name": "b", "upstream": "http://127.0.0.1:9", "weight": 1}],
       "control": "a", "metrics": [{"name": "score", "type": "continuous", "direction": "increase"}]}
      """;

  private HttpResponse<String> call(Gateway g, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + path))
        .header("authorization", "Bearer " + Harness.TOKEN).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonArray history(Gateway g) throws Exception {
    return new JsonObject(call(g, "GET", "/experiments/hist/history").body()).getJsonArray("events");
  }

  @Test
  void file_loads_and_admin_changes_are_recorded_with_actor_and_version_and_survive_a_restart(Vertx vertx)
      throws Exception {
    Path experiments = Files.createTempDirectory("abgw-hist-files");
    Files.writeString(experiments.resolve("hist.json"), DEFINITION);
    Path data = Files.createTempDirectory("abgw-hist-data");
    GatewayConfig cfg = GatewayConfig.local(data).withAdminToken(Harness.TOKEN).withExperimentsDir(experiments);
    Gateway g = await(Gateway.start(vertx, cfg, msg -> { }));
    try {
      assertThat(call(g, "POST", "/experiments/hist/pause").statusCode()).isEqualTo(200);
      assertThat(call(g, "POST", "/experiments/hist/start").statusCode()).isEqualTo(200);
      JsonArray events = history(g);
      assertThat(events.stream().map(o -> ((JsonObject) o).getString("action")))
          .containsExactly("loaded", "paused", "started");
      assertThat(events.getJsonObject(0).getString("actor")).isEqualTo("file");
      String admin = "admin:admin"; // role and token name of ABGW_ADMIN_TOKEN, never the token itself
      assertThat(events.getJsonObject(1).getString("actor")).isEqualTo(admin);
      List<String> versions = events.stream().map(o -> ((JsonObject) o).getString("version")).toList();
      assertThat(versions.get(0)).matches("[0-9a-f]{12}").isEqualTo(versions.get(2)).isNotEqualTo(versions.get(1));
      assertThat(events.getJsonObject(0).getString("at")).isLessThanOrEqualTo(events.getJsonObject(2).getString("at"));
      assertThat(call(g, "GET", "/experiments/nope/history").statusCode()).isEqualTo(404);
    } finally {
      await(g.close());
    }
    // Restarted on the same data: the history is kept, and an unchanged file adds nothing.
    Gateway again = await(Gateway.start(vertx, cfg, msg -> { }));
    try {
      Thread.sleep(300);
      assertThat(history(again).stream().map(o -> ((JsonObject) o).getString("action")))
          .containsExactly("loaded", "paused", "started");
    } finally {
      await(again.close());
    }
  }
}
