package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.loadtest.LoadConfig;
import dev.abgw.loadtest.LoadGenerator;
import dev.abgw.loadtest.LoadResult;
import dev.abgw.loadtest.RequestSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;

/** The chat request every proxy benchmark sends, and one bounded open- or closed-loop run of it. */
final class LoadRuns {

  /** A small OpenAI chat request; unit header {@code X-User: u<i mod 1000>}. */
  static final RequestSpec CHAT = RequestSpec.postJson(BenchGateway.ROUTE,
          "{\"model\":\"sim\",\"messages\":[{\"role\":\"user\",\"content\":\"How do I reset my password?\"}]}")
      .withHeaderSupplier(i -> Map.of(BenchGateway.UNIT_HEADER, "u" + (i % 1000)));

  private LoadRuns() {}

  static LoadResult openLoop(Vertx vertx, String label, int port, long rps, long warmupMillis, long durationMillis) {
    return run(vertx, LoadConfig.builder(port).scenario(label).openLoop(rps).connections(512)
        .warmupMillis(warmupMillis).durationMillis(durationMillis).maxRequests(rps * (warmupMillis + durationMillis) / 1000 + 1)
        .requestTimeoutMillis(10_000).request(CHAT).progress(null).build());
  }

  static LoadResult closedLoop(Vertx vertx, String label, int port, int concurrency, long warmupMillis,
      long durationMillis) {
    return run(vertx, LoadConfig.builder(port).scenario(label).closedLoop(concurrency)
        .warmupMillis(warmupMillis).durationMillis(durationMillis).requestTimeoutMillis(10_000).request(CHAT)
        .progress(null).build());
  }

  private static LoadResult run(Vertx vertx, LoadConfig config) {
    LoadResult r = await(LoadGenerator.run(vertx, config),
        Duration.ofMillis(config.warmupMillis() + config.durationMillis() + 30_000));
    System.err.println(r.toMarkdownRow());
    return r;
  }
}
