package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.TokenRange;
import dev.abgw.loadtest.LoadResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway process under each garbage collector, in alternating rounds (G1, Parallel, ZGC, G1, ...): a
 * fresh {@code abgw serve} per collector and round, warmed, then p99 at a fixed open-loop rate against the
 * direct path measured in the same round, closed-loop throughput, and resident memory at the end. Runs on
 * the bench JVM's own JDK; no AOT cache, since one is built for one collector.
 */
final class GcScenario implements BenchScenario {

  static final Map<String, String> COLLECTORS = Map.of("g1", "-XX:+UseG1GC", "parallel", "-XX:+UseParallelGC",
      "zgc", "-XX:+UseZGC", "serial", "-XX:+UseSerialGC", "shenandoah", "-XX:+UseShenandoahGC");

  @Override
  public String name() {
    return "gc";
  }

  @Override
  public String description() {
    return "the gateway process under each collector, alternating: p99 at a fixed rate, closed-loop rps, RSS";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("collectors", "comma-separated, of g1, parallel, zgc (generational on JDK 23+), serial, shenandoah"
        + " (default g1,parallel,zgc)");
    f.put("rounds", "rounds over all collectors (default 2)");
    f.put("rate", "open-loop rate for the p99 (default 2000)");
    f.put("duration-seconds", "recorded seconds per run (default 8, max 60)");
    f.put("warmup-seconds", "unrecorded seconds before each run (default 3); a fresh gateway first gets 8 s more");
    f.put("concurrency", "closed-loop connections (default 64)");
    f.put("event-loops", "event loops of the gateway process (default 1)");
    f.put("latency-ms", "backend latency (default 1)");
    f.put("gateway-jvm", "extra JVM options of every gateway process, space-separated (default none)");
    f.put("out-dir", "where gc.json goes (default target/bench)");
    return f;
  }

  record Run(int round, String collector, LoadResult direct, LoadResult open, LoadResult closed, double rssMiB) {}

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    List<String> collectors = new ArrayList<>();
    for (String c : flags.asMap().getOrDefault("collectors", "g1,parallel,zgc").split(",")) {
      if (!COLLECTORS.containsKey(c.trim())) {
        throw new IllegalArgumentException("--collectors: unknown collector '" + c.trim() + "' (known: "
            + new java.util.TreeSet<>(COLLECTORS.keySet()) + ")");
      }
      collectors.add(c.trim());
    }
    int rounds = flags.integer("rounds", 2, 1, 10);
    long rate = flags.longValue("rate", 2000, 1, 50_000);
    long duration = flags.longValue("duration-seconds", 8, 1, 60) * 1000;
    long warmup = flags.longValue("warmup-seconds", 3, 0, 30) * 1000;
    int concurrency = flags.integer("concurrency", 64, 1, 1024);
    int loops = flags.integer("event-loops", 1, 1, 64);
    String extra = flags.asMap().getOrDefault("gateway-jvm", "");
    SimulatedAgent agent = await(SimulatedAgent.start(vertx, AgentConfig.builder().name("backend")
        .latency(LatencyModel.fixed(flags.longValue("latency-ms", 1, 0, 1000))).tokens(TokenRange.fixed(20)).build()));
    List<Run> runs = new ArrayList<>();
    try {
      LoadRuns.closedLoop(vertx, "direct jit-warmup", agent.port(), concurrency, 0, 3_000);
      for (int r = 1; r <= rounds; r++) {
        for (String c : collectors) {
          try (GatewayProcess g = GatewayProcess.start(agent.port(), loops, COLLECTORS.get(c) + " " + extra, false)) {
            // A fresh JVM: JIT-compile it and open its connections before anything is recorded.
            LoadRuns.closedLoop(vertx, c + " jit-warmup", g.port(), concurrency, 0, 4_000);
            LoadRuns.openLoop(vertx, c + " open-warmup", g.port(), rate, 0, 4_000);
            LoadResult direct = LoadRuns.openLoop(vertx, "direct @" + rate, agent.port(), rate, warmup, duration);
            LoadResult open = LoadRuns.openLoop(vertx, c + " @" + rate, g.port(), rate, warmup, duration);
            LoadResult closed = LoadRuns.closedLoop(vertx, c + " closed", g.port(), concurrency, warmup, duration);
            runs.add(new Run(r, c, direct, open, closed, g.rssMiB()));
          }
        }
      }
    } finally {
      await(agent.close());
    }
    return report(runs, rate, concurrency);
  }

  private static BenchReport report(List<Run> runs, long rate, int concurrency) {
    StringBuilder md = new StringBuilder("| round | collector | direct p99 ms | p50 ms @" + rate + " | p99 ms @" + rate
        + " | p99.9 ms @" + rate + " | added p99 ms | closed x" + concurrency + " rps | closed p99 ms | RSS MiB | errors |\n"
        + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    JsonArray json = new JsonArray();
    for (Run r : runs) {
      double added = r.open.percentileMillis(99) - r.direct.percentileMillis(99);
      md.append("| ").append(r.round).append(" | ").append(r.collector).append(" | ")
          .append(Fmt.num(r.direct.percentileMillis(99))).append(" | ").append(Fmt.num(r.open.percentileMillis(50)))
          .append(" | ").append(Fmt.num(r.open.percentileMillis(99))).append(" | ")
          .append(Fmt.num(r.open.percentileMillis(99.9))).append(" | ").append(Fmt.num(added)).append(" | ")
          .append(Fmt.num(r.closed.achievedRps())).append(" | ").append(Fmt.num(r.closed.percentileMillis(99)))
          .append(" | ").append(Fmt.num(r.rssMiB)).append(" | ")
          .append(r.direct.errors() + r.open.errors() + r.closed.errors()).append(" |\n");
      json.add(new JsonObject().put("round", r.round).put("collector", r.collector)
          .put("jvmOption", COLLECTORS.get(r.collector)).put("direct", strip(r.direct)).put("open", strip(r.open))
          .put("closed", strip(r.closed)).put("addedP99Millis", added).put("rssMiB", r.rssMiB));
    }
    return new BenchReport("gc", md.toString(), new JsonObject().put("rate", rate).put("concurrency", concurrency)
        .put("gatewayJvm", String.join(" ", GatewayProcess.defaultOptions())).put("runs", json));
  }

  private static JsonObject strip(LoadResult r) {
    JsonObject j = r.toJson();
    j.remove("latencyHistogramMicros");
    return j;
  }
}
