package dev.abgw.gateway;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Status;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExperimentFilesTest {

  static String definition(String status, String weight) {
    return """
        {"id": "files-exp", "status": "%s", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "a", "upstream": "http://127.0.0.1:9", "weight": %s},
                      {"name": "b", "upstream": "http://127.0.0.1:9", "weight": 1}],
         "control": "a",
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase"}]}
        """.formatted(status, weight);
  }

  @Test
  void loads_at_start_reloads_on_change_and_keeps_the_old_version_when_the_new_one_is_invalid(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("abgw-files");
    Path file = dir.resolve("files-exp.json");
    Files.writeString(file, definition("running", "1"));
    List<String> problems = new ArrayList<>();
    GatewayConfig cfg = GatewayConfig.local(Files.createTempDirectory("abgw-data")).withExperimentsDir(dir);
    Gateway g = await(Gateway.start(vertx, cfg, msg -> {
      synchronized (problems) {
        problems.add(msg);
      }
    }));
    try {
      assertThat(g.registry().get("files-exp")).isPresent();

      Files.writeString(file, definition("paused", "-5"));
      waitFor(() -> {
        synchronized (problems) {
          return problems.stream().anyMatch(p -> p.contains("/variants/0/weight must be >= 0"));
        }
      });
      assertThat(g.registry().get("files-exp").orElseThrow().experiment().status()).isEqualTo(Status.RUNNING);

      Files.writeString(file, definition("paused", "3"));
      waitFor(() -> g.registry().get("files-exp").orElseThrow().experiment().status() == Status.PAUSED);
    } finally {
      await(g.close());
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
      Thread.sleep(50);
    }
  }
}
