package dev.abgw.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.SimulatedAgent;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer benchmark's HAProxy, real, in front of a real simulated agent (skipped where haproxy is not installed). */
class HaproxyProcessTest {

  @Test
  void splits_units_on_the_unit_header_and_keeps_each_unit_on_its_variant(@TempDir Path dir) throws Exception {
    String binary = HaproxyProcess.defaultBinary();
    Assumptions.assumeTrue(Files.isExecutable(Path.of(binary)), "haproxy is not installed");
    Vertx vertx = Vertx.vertx();
    try {
      SimulatedAgent agent = SimulatedAgent.start(vertx, AgentConfig.builder().latency(LatencyModel.fixed(0)).build())
          .await(10, TimeUnit.SECONDS);
      try (HaproxyProcess haproxy = HaproxyProcess.start(binary, dir, agent.port(), 1)) {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> variantOf = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int pass = 0; pass < 2; pass++) {
          for (int u = 0; u < 40; u++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + haproxy.port() + BenchGateway.ROUTE))
                .header(BenchGateway.UNIT_HEADER, "u" + u).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            String variant = r.headers().firstValue("X-Variant").orElseThrow();
            seen.add(variant);
            String before = variantOf.putIfAbsent("u" + u, variant);
            if (before != null) assertThat(variant).as("variant of u" + u).isEqualTo(before);
          }
        }
        assertThat(seen).containsExactlyInAnyOrder("a", "b");
      }
    } finally {
      vertx.close().await();
    }
  }
}
