package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gateway in this JVM serving one running experiment, {@value #EXPERIMENT}: two variants with equal
 * weight on the same upstream, unit from header {@value #UNIT_HEADER}, route {@code /v1/chat/completions},
 * proxy metrics latency, ttfb, error and total tokens, and one judgment metric {@code quality}.
 */
public final class BenchGateway implements AutoCloseable {

  public static final String EXPERIMENT = "bench";
  public static final String UNIT_HEADER = "X-User";
  public static final String ROUTE = "/v1/chat/completions";

  private final Vertx vertx;
  private final Gateway gateway;
  private final Path dataDir;

  private BenchGateway(Vertx vertx, Gateway gateway, Path dataDir) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.dataDir = dataDir;
  }

  /** Embedded store in a fresh temporary directory, or Redis at {@code redisUrl} under {@code prefix}. */
  public static BenchGateway start(Vertx vertx, int upstreamPort, String redisUrl, String prefix) throws IOException {
    return start(vertx, upstreamPort, redisUrl, prefix, false);
  }

  /**
   * As above; with {@code resilience} the experiment also has {@link #RESILIENCE}, every part on and none
   * triggered by a healthy upstream, to measure what the resilience layer costs when nothing fails.
   */
  public static BenchGateway start(Vertx vertx, int upstreamPort, String redisUrl, String prefix, boolean resilience)
      throws IOException {
    return start(vertx, upstreamPort, redisUrl, prefix, resilience, 1);
  }

  /** As above, with {@code proxyInstances} proxy event loops. */
  public static BenchGateway start(Vertx vertx, int upstreamPort, String redisUrl, String prefix, boolean resilience,
                                   int proxyInstances) throws IOException {
    Path dir = Files.createTempDirectory("abgw-bench-");
    GatewayConfig config = GatewayConfig.local(dir).withProxyInstances(proxyInstances);
    if (redisUrl != null) {
      config = config.withRedis(redisUrl, prefix);
    }
    Gateway gateway = await(Gateway.start(vertx, config, line -> { }));
    gateway.registry().put(experiment(upstreamPort, resilience ? RESILIENCE : null));
    return new BenchGateway(vertx, gateway, dir);
  }

  /** Retry, fallback to a, a rate limit far above any bench rate, and a circuit breaker per upstream. */
  static final String RESILIENCE = """
      {"retry": {"maxAttempts": 3, "on": ["connect", "status_429", "status_5xx"], "deadlineMillis": 30000},
       "fallback": {"to": "a"},
       "rateLimit": {"requestsPerSecond": 1000000, "burst": 100000, "maxConcurrent": 100000},
       "circuitBreaker": {"failureRate": 0.5, "windowRequests": 100, "minimumRequests": 20}}""";

  static Experiment experiment(int upstreamPort) {
    return experiment(upstreamPort, null);
  }

  static Experiment experiment(int upstreamPort, String resilience) {
    return dev.abgw.gateway.warmup.TypicalExperiment.of(EXPERIMENT, ROUTE, UNIT_HEADER, upstreamPort, resilience);
  }

  public Gateway gateway() {
    return gateway;
  }

  public int proxyPort() {
    return gateway.proxyPort();
  }

  public int adminPort() {
    return gateway.adminPort();
  }

  @Override
  public void close() {
    await(gateway.close());
    try {
      deleteTree(dataDir);
    } catch (IOException e) {
      System.err.println("could not delete " + dataDir + ": " + e.getMessage());
    }
  }

  /** Deletes {@code dir} and everything under it (a bench's temporary data directory). */
  static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
