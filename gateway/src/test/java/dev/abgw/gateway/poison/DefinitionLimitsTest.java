package dev.abgw.gateway.poison;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Definitions are bounded and must be valid Unicode; each refusal names the field. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DefinitionLimitsTest {
  private Harness h;

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static String def(String description, String metadata) {
    return """
        {"id": "lim", "description": %s, "status": "draft", "route": {"pathPrefix": "/lim"}, "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:9", "weight": 50, "metadata": %s},
                      {"name": "t", "upstream": "http://127.0.0.1:9", "weight": 50}],
         "control": "control",
         "metrics": [{"name": "m", "type": "binary", "direction": "increase", "source": "judgment"}]}
        """.formatted(description, metadata);
  }

  private static String pointer(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("pointer");
  }

  @Test
  void accepts_a_definition_within_the_limits() {
    assertThat(h.adminPut("/experiments/lim", def("\"fine\"", "{\"prompt\":\"v2\"}")).statusCode()).isEqualTo(201);
  }

  @Test
  void refuses_a_long_description_naming_it() {
    HttpResponse<String> r = h.adminPut("/experiments/lim", def("\"" + "d".repeat(4097) + "\"", "{}"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(pointer(r)).isEqualTo("/description");
    assertThat(r.body()).contains("at most 4096 characters (was 4097)");
  }

  @Test
  void refuses_large_metadata_naming_the_variant() {
    HttpResponse<String> r = h.adminPut("/experiments/lim", def("\"x\"", "{\"big\":\"" + "m".repeat(17_000) + "\"}"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(pointer(r)).isEqualTo("/variants/0/metadata");
  }

  @Test
  void refuses_a_definition_over_the_total_size() {
    HttpResponse<String> r = h.adminPut("/experiments/lim", def("\"x\"", "{}") + " ".repeat(300_000));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("at most 262144 bytes");
  }

  @Test
  void refuses_a_lone_surrogate_naming_its_pointer() {
    HttpResponse<String> r = h.adminPut("/experiments/lim", def("\"ok\"", "{\"prompt\":[\"fine\",\"\\udc00\"]}"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(pointer(r)).isEqualTo("/variants/0/metadata/prompt/1");
    assertThat(h.adminGet("/experiments/lim").statusCode()).isEqualTo(404);
  }
}
