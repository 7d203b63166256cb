package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.TokenRange;
import dev.abgw.loadtest.LoadConfig;
import dev.abgw.loadtest.LoadGenerator;
import dev.abgw.loadtest.LoadResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a fresh gateway process takes to reach its steady p99: the backend and the load generator are
 * warmed first (direct traffic), then each round starts a new {@code abgw serve} process, without and with
 * the class-data/AOT cache that {@code ./abgw} built and without and with its self warm-up
 * ({@code --warmup-requests 0} or the default), and sends it open-loop traffic at a fixed rate from the moment
 * {@code /health/ready} answers 200 (the gateway takes traffic); the p99 of every 1-s window (by intended send
 * time) is printed, with the steady p99 and the settle time as {@link WarmupWindows} defines them.
 */
final class WarmupScenario implements BenchScenario {

  @Override
  public String name() {
    return "warmup";
  }

  @Override
  public String description() {
    return "p99 per 1-s window of a freshly started gateway process from ready, without and with the AOT/CDS cache and its self warm-up";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("rate", "open-loop requests/s from the first request (default 2000)");
    f.put("seconds", "seconds of traffic per fresh gateway (default 20, at least 6)");
    f.put("rounds", "fresh gateways per variant, alternating without/with cache (default 2)");
    f.put("cache", "which variants: both, off, on (default both; on needs ./abgw's cache)");
    f.put("self-warmup", "gateway's own warm-up before ready: both, off (--warmup-requests 0), on (its default); default both");
    f.put("event-loops", "event loops of the gateway process (default 1)");
    f.put("latency-ms", "backend latency (default 1)");
    f.put("gateway-jvm", "extra JVM options of the gateway process, space-separated (default none)");
    f.put("out-dir", "where warmup.json goes (default target/bench)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    long rate = flags.longValue("rate", 2000, 1, 50_000);
    int seconds = flags.integer("seconds", 20, WarmupWindows.STEADY_WINDOWS + 1, 120);
    int rounds = flags.integer("rounds", 2, 1, 10);
    int loops = flags.integer("event-loops", 1, 1, 64);
    String jvm = flags.asMap().get("gateway-jvm");
    List<Boolean> variants = variants(flags.asMap().getOrDefault("cache", "both"));
    List<Boolean> selfWarmups = selfWarmups(flags.asMap().getOrDefault("self-warmup", "both"));
    SimulatedAgent agent = await(SimulatedAgent.start(vertx, AgentConfig.builder().name("backend")
        .latency(LatencyModel.fixed(flags.longValue("latency-ms", 1, 0, 1000))).tokens(TokenRange.fixed(20)).build()));
    try {
      // Only the gateway is to be cold: warm the generator, its client and the backend on the direct path.
      LoadRuns.closedLoop(vertx, "direct jit-warmup", agent.port(), 64, 0, 3_000);
      LoadRuns.openLoop(vertx, "direct open-warmup", agent.port(), rate, 0, 3_000);
      List<Run> runs = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        for (boolean cache : variants) {
          for (boolean selfWarmup : selfWarmups) {
            runs.add(fresh(vertx, agent.port(), loops, jvm, cache, selfWarmup, rate, seconds, r));
          }
        }
      }
      return report(runs, rate, seconds);
    } finally {
      await(agent.close());
    }
  }

  private static List<Boolean> variants(String cache) {
    List<Boolean> v = switch (cache) {
      case "both" -> List.of(false, true);
      case "off" -> List.of(false);
      case "on" -> List.of(true);
      default -> throw new IllegalArgumentException("--cache must be both, off or on (was '" + cache + "')");
    };
    if (v.contains(true) && GatewayProcess.cacheOption() == null) {
      if (cache.equals("on")) {
        throw new IllegalArgumentException("--cache on: no cache was passed (-Dabgw.gateway.cache is empty: run"
            + " through ./abgw bench, without ABGW_AOT=0, on a JDK with AOT or CDS)");
      }
      System.err.println("warmup: no AOT/CDS cache from ./abgw (ABGW_AOT=0 or an old JDK): measuring without only");
      return List.of(false);
    }
    return v;
  }

  private static List<Boolean> selfWarmups(String selfWarmup) {
    return switch (selfWarmup) {
      case "both" -> List.of(false, true);
      case "off" -> List.of(false);
      case "on" -> List.of(true);
      default -> throw new IllegalArgumentException("--self-warmup must be both, off or on (was '" + selfWarmup + "')");
    };
  }

  record Run(int round, boolean cache, boolean selfWarmup, String cacheOption, boolean cacheRefused, long startupMillis,
      long startupCpuMillis, long readyEpochMillis, String warmupLine, WarmupWindows windows, CpuWindows cpu, LoadResult result, LoadResult direct) {
    String label() {
      return (cache ? "cache" : "no cache") + (selfWarmup ? " + warm-up" : "") + " #" + round;
    }
  }

  private static Run fresh(Vertx vertx, int backend, int loops, String jvm, boolean cache, boolean selfWarmup,
      long rate, int seconds, int round) throws Exception {
    // The machine's state just before: the same rate straight to the backend (on a busy shared box this moves).
    LoadResult direct = LoadRuns.openLoop(vertx, "direct before #" + round, backend, rate, 1_000, 3_000);
    try (GatewayProcess g = GatewayProcess.start(backend, loops, jvm, cache,
        selfWarmup ? List.of() : List.of("--warmup-requests", "0"))) {
      WarmupWindows windows = new WarmupWindows(rate, seconds);
      long startupCpu = g.cpuMillis();
      CpuWindows cpu = CpuWindows.start(g.handle());
      String label = "gateway-process " + (cache ? "cache" : "no cache") + (selfWarmup ? " + warm-up" : "") + " #" + round;
      LoadConfig config = LoadConfig.builder(g.port()).scenario(label).openLoop(rate).connections(512)
          .warmupMillis(0).durationMillis(seconds * 1000L).maxRequests(rate * seconds)
          .requestTimeoutMillis(10_000).request(LoadRuns.CHAT).progress(null)
          .hook(response -> {
            windows.record(response.sequence(), response.latencyMicros());
            cpu.answered();
          }).build();
      LoadResult result;
      try (cpu) {
        result = await(LoadGenerator.run(vertx, config), Duration.ofSeconds(seconds + 30L));
      }
      System.err.println(result.toMarkdownRow());
      // The JVM says so when it cannot map the cache (other JDK, other collector or flags) and runs without it.
      String log = g.logText();
      boolean refused = cache && (log.contains("Unable to use AOT cache") || log.contains("An error has occurred while processing the")
          || log.contains("Unable to use shared archive"));
      return new Run(round, cache, selfWarmup, cache ? GatewayProcess.cacheOption() : null, refused, g.startupMillis(),
          startupCpu, g.readyEpochMillis(), warmupLine(log), windows, cpu, result, direct);
    }
  }

  /** What the gateway logged about its self warm-up ("warm-up: 20000 synthetic request(s) ... in 2900 ms ..."). */
  private static String warmupLine(String log) {
    return log.lines().filter(l -> l.contains("warm-up: ")).map(l -> l.substring(l.indexOf("warm-up: ")))
        .findFirst().orElse("");
  }

  private static BenchReport report(List<Run> runs, long rate, int seconds) {
    StringBuilder md = new StringBuilder("| second |");
    StringBuilder rule = new StringBuilder("|---:|");
    for (Run r : runs) {
      md.append(' ').append(r.label()).append(" p99 ms |");
      rule.append("---:|");
    }
    md.append('\n').append(rule).append('\n');
    for (int w = 0; w < seconds; w++) {
      md.append("| ").append(w + 1).append(" |");
      // "-": no request due in that second was answered (all timed out or failed).
      for (Run r : runs) md.append(' ').append(cell(r.windows.p99Millis(w))).append(" |");
      md.append('\n');
    }
    row(md, "steady p99 ms (last " + WarmupWindows.STEADY_WINDOWS + " s)", runs, r -> cell(r.windows.steadyP99Millis()));
    row(md, "settled after s (p99 <= " + Fmt.num(WarmupWindows.SETTLED_FACTOR) + "x steady from then on)", runs,
        r -> Integer.toString(r.windows.settledAfterSeconds()));
    row(md, "direct p99 ms just before (3 s at the same rate)", runs, r -> Fmt.num(r.direct.percentileMillis(99)));
    row(md, "start-up ms (JVM start to ready)", runs, r -> Long.toString(r.startupMillis));
    row(md, "start-up CPU ms of the gateway process", runs, r -> Long.toString(r.startupCpuMillis));
    row(md, "errors", runs, r -> Long.toString(r.result.errors()));
    row(md, "self warm-up (gateway log)", runs, r -> r.warmupLine.replace("|", "/"));
    // CPU per request does not grow when other processes take the cores (the latencies above do).
    md.append("\nGateway CPU us per answered request, by wall-clock second from the first request:\n\n| second |");
    for (Run r : runs) md.append(' ').append(r.label()).append(" |");
    md.append('\n').append(rule).append('\n');
    for (int w = 0; w < seconds; w++) {
      md.append("| ").append(w + 1).append(" |");
      for (Run r : runs) md.append(' ').append(cell(r.cpu.cpuMicrosPerRequest(w))).append(" |");
      md.append('\n');
    }
    if (runs.stream().anyMatch(Run::cacheRefused)) {
      md.append("\nThe JVM refused the cache in the runs marked cache (see their gateway log): they ran without it.\n");
    }
    JsonArray json = new JsonArray();
    for (Run r : runs) {
      JsonArray p99 = new JsonArray();
      JsonArray counts = new JsonArray();
      JsonArray cpuMillis = new JsonArray();
      JsonArray cpuPerRequest = new JsonArray();
      for (int w = 0; w < seconds; w++) {
        p99.add(r.windows.p99Millis(w));
        counts.add(r.windows.count(w));
        cpuMillis.add(r.cpu.cpuMillis(w));
        cpuPerRequest.add(r.cpu.cpuMicrosPerRequest(w));
      }
      JsonObject result = r.result.toJson();
      result.remove("latencyHistogramMicros");
      json.add(new JsonObject().put("round", r.round).put("cache", r.cache).put("selfWarmup", r.selfWarmup)
          .put("cacheOption", r.cacheOption)
          .put("cacheRefused", r.cacheRefused).put("startupMillis", r.startupMillis)
          .put("steadyP99Millis", r.windows.steadyP99Millis()).put("settledAfterSeconds", r.windows.settledAfterSeconds())
          .put("windowP99Millis", p99).put("windowResponses", counts)
          .put("startupCpuMillis", r.startupCpuMillis).put("readyEpochMillis", r.readyEpochMillis)
          .put("warmupLine", r.warmupLine).put("windowCpuMillis", cpuMillis)
          .put("windowCpuMicrosPerRequest", cpuPerRequest).put("result", result)
          .put("directP99MillisBefore", r.direct.percentileMillis(99)));
    }
    return new BenchReport("warmup", md.toString(), new JsonObject().put("rate", rate).put("seconds", seconds)
        .put("gatewayJvm", String.join(" ", GatewayProcess.defaultOptions())).put("runs", json));
  }

  private static String cell(double millis) {
    return Double.isNaN(millis) ? "-" : Fmt.num(millis);
  }

  private static void row(StringBuilder md, String name, List<Run> runs, java.util.function.Function<Run, String> cell) {
    md.append("| ").append(name).append(" |");
    for (Run r : runs) md.append(' ').append(cell.apply(r)).append(" |");
    md.append('\n');
  }
}
