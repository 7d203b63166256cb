package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.TokenRange;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gateway overhead: a simulated agent answering JSON chat completions after a fixed 1 ms, loaded
 * directly and through the gateway (a running two-variant experiment on that agent, proxy metrics on,
 * embedded store) at the same open-loop rates, then in closed loop for maximum throughput.
 */
final class OverheadScenario implements BenchScenario {

  @Override
  public String name() {
    return "overhead";
  }

  @Override
  public String description() {
    return "added latency of the gateway vs direct at fixed open-loop rates, and closed-loop max throughput";
  }

  @Override
  public Map<String, String> flags() {
    return commonFlags();
  }

  static Map<String, String> commonFlags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("rates", "open-loop rates in requests/s (default 1000,2000,5000)");
    f.put("duration-seconds", "recorded seconds per run (default 10, max 60)");
    f.put("warmup-seconds", "unrecorded seconds before each run (default 2)");
    f.put("concurrency", "closed-loop connections (default 64)");
    f.put("rounds", "closed-loop rounds, each over every path in turn (default 1; peer: 3)");
    f.put("latency-ms", "backend latency (default 1)");
    f.put("out-dir", "where <scenario>.json goes (default target/bench)");
    f.put("gateway-process", "also measure the gateway in its own JVM (abgw serve), as nginx runs (default true for peer)");
    f.put("event-loops", "event loops of the gateway process, and nginx workers in peer (default 1)");
    f.put("gateway-jvm", "extra JVM options of the gateway process, space-separated (default none)");
    f.put("resilience", "give the in-JVM gateway's experiment a resilience block (retry, fallback, rate limit,"
        + " circuit breaker), none of it triggered (default false)");
    f.put("paths", "paths to measure besides direct, comma-separated (default: all of gateway, gateway-process, nginx"
        + " that the scenario has)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    return runWith(vertx, flags, name(), withGatewayProcess(flags, false, new LinkedHashMap<>()), true, 1);
  }

  /** Adds the "gateway-process" path unless {@code --gateway-process false}, or only when asked. */
  static Map<String, ExtraPath> withGatewayProcess(BenchFlags flags, boolean byDefault, Map<String, ExtraPath> extra) {
    boolean on = flags.asMap().containsKey("gateway-process") ? flags.flag("gateway-process") : byDefault;
    if (on) {
      int loops = flags.integer("event-loops", 1, 1, 64);
      extra.put("gateway-process", backend -> {
        GatewayProcess g = GatewayProcess.start(backend, loops, flags.asMap().get("gateway-jvm"));
        return new ExtraPath.Started(g.port(), g);
      });
    }
    return extra;
  }

  /**
   * The comparison with extra paths (name to port factory) after direct and, unless {@code --paths} leaves it
   * out or {@code inJvmGateway} is false, the in-JVM gateway.
   */
  static BenchReport runWith(Vertx vertx, BenchFlags flags, String scenario, Map<String, ExtraPath> extra,
      boolean inJvmGateway, int defaultRounds) throws Exception {
    List<Long> rates = flags.longs("rates", List.of(1000L, 2000L, 5000L), 1, 50_000);
    long duration = flags.longValue("duration-seconds", 10, 1, 60) * 1000;
    long warmup = flags.longValue("warmup-seconds", 2, 0, 30) * 1000;
    int concurrency = flags.integer("concurrency", 64, 1, 1024);
    int rounds = flags.integer("rounds", defaultRounds, 1, 20);
    long latency = flags.longValue("latency-ms", 1, 0, 1000);
    SimulatedAgent agent = await(SimulatedAgent.start(vertx, AgentConfig.builder().name("backend")
        .latency(LatencyModel.fixed(latency)).tokens(TokenRange.fixed(20)).build()));
    boolean resilience = flags.asMap().containsKey("resilience") && flags.flag("resilience");
    try (BenchGateway gateway = BenchGateway.start(vertx, agent.port(), null, null, resilience)) {
      Map<String, Integer> paths = new LinkedHashMap<>();
      paths.put("direct", agent.port());
      List<String> wanted = flags.asMap().containsKey("paths")
          ? List.of(flags.asMap().get("paths").split(",")) : null;
      if (wanted != null) {
        for (String w : wanted) {
          if (!w.equals("direct") && !w.equals("gateway") && !extra.containsKey(w)) {
            throw new IllegalArgumentException("--paths: unknown path '" + w + "'; this run has direct, gateway"
                + (extra.isEmpty() ? "" : ", " + String.join(", ", extra.keySet())));
          }
        }
      }
      if (wanted == null ? inJvmGateway : wanted.contains("gateway")) paths.put("gateway", gateway.proxyPort());
      List<AutoCloseable> started = new java.util.ArrayList<>();
      try {
        for (var e : extra.entrySet()) {
          if (wanted != null && !wanted.contains(e.getKey())) continue;
          ExtraPath.Started s = e.getValue().start(agent.port());
          started.add(s.stop());
          paths.put(e.getKey(), s.port());
        }
        BenchReport r = ProxyComparison.run(vertx, scenario, paths, rates, warmup, duration, concurrency, rounds);
        r.json().put("backendLatencyMs", latency).put("durationSeconds", duration / 1000)
            .put("warmupSeconds", warmup / 1000).put("concurrency", concurrency).put("resilience", resilience)
            .put("closedRounds", rounds).put("gatewayJvm", String.join(" ", GatewayProcess.defaultOptions()))
            .put("gatewayCache", GatewayProcess.cacheOption());
        return r;
      } finally {
        for (AutoCloseable c : started) {
          c.close();
        }
      }
    } finally {
      await(agent.close());
    }
  }

  /** Another proxy to compare, started in front of the backend port and stopped after the runs. */
  interface ExtraPath {
    record Started(int port, AutoCloseable stop) {}

    Started start(int backendPort) throws Exception;
  }
}
