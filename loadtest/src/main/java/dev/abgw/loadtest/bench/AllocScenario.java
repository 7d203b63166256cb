package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.TokenRange;
import dev.abgw.loadtest.LoadConfig;
import dev.abgw.loadtest.LoadGenerator;
import dev.abgw.loadtest.LoadResult;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bytes allocated and CPU time spent by the gateway per proxied request, with recording on (embedded store),
 * at a fixed request count: {@code ThreadMXBean.getThreadAllocatedBytes} and {@code getThreadCpuTime} of every
 * thread in this JVM except the load generator's and the backend's (their own Vert.x instance) and the driver
 * thread, read before and after a closed-loop run of {@code --requests} requests, after a warm-up run. The
 * gateway has its own Vert.x instance, so its event loops, the recorder's, the embedded store's writer and
 * Caffeine's maintenance threads are all counted.
 */
final class AllocScenario implements BenchScenario {

  @Override
  public String name() {
    return "alloc";
  }

  @Override
  public String description() {
    return "bytes allocated and CPU microseconds per proxied request in the gateway's threads (recording on,"
        + " embedded store), per thread, at a fixed request count";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("requests", "requests per measured round (default 50000)");
    f.put("warmup-requests", "requests before the first round, not measured (default 30000)");
    f.put("rounds", "measured rounds (default 3)");
    f.put("concurrency", "closed-loop connections (default 16)");
    f.put("latency-ms", "backend latency (default 1)");
    f.put("event-loops", "gateway proxy event loops (default 1)");
    f.put("resilience", "give the experiment a resilience block, none of it triggered (default false)");
    f.put("transport", "the gateway's transport: epoll (where Netty loads it, as abgw serve) or nio (default epoll)");
    f.put("out-dir", "where alloc.json goes (default target/bench)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    long requests = flags.longValue("requests", 50_000, 1_000, 10_000_000);
    long warmup = flags.longValue("warmup-requests", 30_000, 0, 10_000_000);
    int rounds = flags.integer("rounds", 3, 1, 20);
    int concurrency = flags.integer("concurrency", 16, 1, 1024);
    long latency = flags.longValue("latency-ms", 1, 0, 1000);
    int loops = flags.integer("event-loops", 1, 1, 64);
    boolean resilience = flags.asMap().containsKey("resilience") && flags.flag("resilience");
    String transport = flags.asMap().getOrDefault("transport", "epoll");
    if (!transport.equals("epoll") && !transport.equals("nio")) {
      throw new IllegalArgumentException("--transport must be epoll or nio (was \"" + transport + "\")");
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    threads.setThreadAllocatedMemoryEnabled(true);
    threads.setThreadCpuTimeEnabled(true);

    SimulatedAgent agent = await(SimulatedAgent.start(vertx, AgentConfig.builder().name("backend")
        .latency(LatencyModel.fixed(latency)).tokens(TokenRange.fixed(20)).build()));
    // The gateway's own Vert.x: event loops for its proxy verticles, the recorder and the admin server; epoll
    // where Netty loads it, as `abgw serve` runs (before 2026-12-01 this bench measured the gateway on NIO).
    Vertx gatewayVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops + 2)
        .setBlockedThreadCheckInterval(10_000).setPreferNativeTransport(transport.equals("epoll")));
    System.err.println("alloc: gateway transport " + (gatewayVertx.isNativeTransportEnabled() ? "epoll" : "nio"));
    try (BenchGateway gateway = BenchGateway.start(gatewayVertx, agent.port(), null, null, resilience, loops)) {
      if (warmup > 0) load(vertx, gateway.proxyPort(), concurrency, warmup);
      await(gateway.gateway().flush());
      Set<Long> excluded = threadsOf(vertx);
      excluded.add(Thread.currentThread().getId());
      List<JsonObject> results = new ArrayList<>();
      StringBuilder md = new StringBuilder("| round | requests | errors | rps | gateway bytes/request | gateway CPU us/request |"
          + " top threads (bytes/request) |\n|---:|---:|---:|---:|---:|---:|---|\n");
      for (int round = 1; round <= rounds; round++) {
        Map<Long, long[]> before = sample(threads, excluded);
        LoadResult r = load(vertx, gateway.proxyPort(), concurrency, requests);
        await(gateway.gateway().flush());
        Map<Long, long[]> after = sample(threads, excluded);
        if (round == 1) System.err.println("alloc: gateway thread ids " + after.keySet()); // to filter a JFR recording
        long answered = r.responses();
        Map<String, long[]> byThread = new TreeMap<>();
        long bytes = 0;
        long cpu = 0;
        for (var e : after.entrySet()) {
          long[] b = before.getOrDefault(e.getKey(), new long[] {0, 0});
          long db = Math.max(0, e.getValue()[0] - b[0]);
          long dc = Math.max(0, e.getValue()[1] - b[1]);
          bytes += db;
          cpu += dc;
          String name = threadName(threads, e.getKey());
          byThread.merge(name, new long[] {db, dc}, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
        }
        double bytesPer = (double) bytes / answered;
        double cpuMicrosPer = cpu / 1000.0 / answered;
        JsonObject perThread = new JsonObject();
        List<Map.Entry<String, long[]>> top = new ArrayList<>(byThread.entrySet());
        top.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
        StringBuilder tops = new StringBuilder();
        for (var t : top) {
          double b = (double) t.getValue()[0] / answered;
          perThread.put(t.getKey(), new JsonObject().put("bytesPerRequest", b)
              .put("cpuMicrosPerRequest", t.getValue()[1] / 1000.0 / answered));
          if (b >= 10 && tops.length() < 200) {
            tops.append(tops.length() == 0 ? "" : ", ").append(t.getKey()).append(' ').append(Math.round(b));
          }
        }
        results.add(new JsonObject().put("round", round).put("requests", answered).put("errors", r.errors())
            .put("achievedRps", r.achievedRps()).put("bytesPerRequest", bytesPer)
            .put("cpuMicrosPerRequest", cpuMicrosPer).put("threads", perThread));
        md.append("| ").append(round).append(" | ").append(answered).append(" | ").append(r.errors()).append(" | ")
            .append(Math.round(r.achievedRps())).append(" | ").append(Math.round(bytesPer)).append(" | ")
            .append(Fmt.num(cpuMicrosPer)).append(" | ").append(tops).append(" |\n");
      }
      JsonObject json = new JsonObject().put("rounds", new JsonArray(new ArrayList<>(results)))
          .put("requestsPerRound", requests).put("warmupRequests", warmup).put("concurrency", concurrency)
          .put("backendLatencyMs", latency).put("eventLoops", loops).put("resilience", resilience)
          .put("transport", gatewayVertx.isNativeTransportEnabled() ? "epoll" : "nio");
      return new BenchReport(name(), md.toString(), json);
    } finally {
      await(gatewayVertx.close());
      await(agent.close());
    }
  }

  private static LoadResult load(Vertx vertx, int port, int concurrency, long requests) {
    LoadConfig config = LoadConfig.builder(port).scenario("alloc").closedLoop(concurrency).warmupMillis(0)
        .durationMillis(600_000).maxRequests(requests).requestTimeoutMillis(10_000).request(LoadRuns.CHAT)
        .progress(null).build();
    LoadResult r = await(LoadGenerator.run(vertx, config), Duration.ofMinutes(11));
    if (r.responses() == 0) throw new IllegalStateException("no request was answered: " + r.firstError());
    return r;
  }

  /** The threads of {@code vertx}'s event loops (the load generator's and the backend's), found by running on each. */
  private static Set<Long> threadsOf(Vertx vertx) throws Exception {
    Set<Long> ids = new HashSet<>();
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      ids.add(loop.submit(() -> Thread.currentThread().getId()).get());
    }
    for (EventExecutor loop : ((VertxInternal) vertx).acceptorEventLoopGroup()) {
      ids.add(loop.submit(() -> Thread.currentThread().getId()).get());
    }
    return ids;
  }

  /** Allocated bytes and CPU nanoseconds of every live thread not in {@code excluded}. */
  private static Map<Long, long[]> sample(com.sun.management.ThreadMXBean threads, Set<Long> excluded) {
    long[] ids = threads.getAllThreadIds();
    long[] allocated = threads.getThreadAllocatedBytes(ids);
    Map<Long, long[]> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (excluded.contains(ids[i]) || allocated[i] < 0) continue;
      out.put(ids[i], new long[] {allocated[i], Math.max(0, threads.getThreadCpuTime(ids[i]))});
    }
    return out;
  }

  private static String threadName(com.sun.management.ThreadMXBean threads, long id) {
    var info = threads.getThreadInfo(id);
    String name = info == null ? "ended-" + id : info.getThreadName();
    // Pool threads differ only by number; group them.
    return name.startsWith("ForkJoinPool.commonPool") ? "ForkJoinPool.commonPool" : name;
  }
}
