package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.TokenRange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Streaming relay: N concurrent SSE chat streams, directly and through the gateway (in this JVM), then
 * many idle keep-alive connections held open on the gateway. Reports added time to first byte, tokens
 * per second relayed, and this JVM's resident memory (gateway, backend and client together).
 */
final class StreamingScenario implements BenchScenario {

  @Override
  public String name() {
    return "streaming";
  }

  @Override
  public String description() {
    return "N concurrent SSE streams direct vs gateway (TTFB, tokens/s, RSS) and idle keep-alive connections";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("streams", "concurrent SSE streams (default 1000, max 10000)");
    f.put("tokens", "tokens per stream (default 50)");
    f.put("tokens-per-second", "pace of each stream (default 50)");
    f.put("latency-ms", "backend time to first token (default 50)");
    f.put("idle-connections", "idle keep-alive connections to hold on the gateway (default 10000; 0 skips)");
    f.put("idle-seconds", "how long they stay idle (default 5)");
    f.put("out-dir", "where <scenario>.json goes (default target/bench)");
    f.put("gateway-process", "run the gateway in its own JVM and hold the idle connections while the streams run, "
        + "measuring the gateway's own resident memory (the issue's target)");
    f.put("event-loops", "event loops of the gateway process (default 1)");
    f.put("gateway-jvm", "extra JVM options of the gateway process, space-separated (default none)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    int streams = flags.integer("streams", 1000, 1, 10_000);
    int tokens = flags.integer("tokens", 50, 1, 10_000);
    double pace = flags.integer("tokens-per-second", 50, 1, 10_000);
    int latency = flags.integer("latency-ms", 50, 0, 10_000);
    int idle = flags.integer("idle-connections", 10_000, 0, 50_000);
    int idleSeconds = flags.integer("idle-seconds", 5, 1, 120);
    SimulatedAgent agent = await(SimulatedAgent.start(vertx, AgentConfig.builder().name("streamer")
        .latency(LatencyModel.fixed(latency)).tokens(TokenRange.fixed(tokens)).tokensPerSecond(pace).build()));
    if (flags.flag("gateway-process")) {
      try {
        return runAgainstProcess(vertx, agent, streams, idle, idleSeconds, flags.integer("event-loops", 1, 1, 64),
            flags.asMap().get("gateway-jvm"));
      } finally {
        await(agent.close());
      }
    }
    double rssStart = Rss.mebibytes();
    try (BenchGateway gateway = BenchGateway.start(vertx, agent.port(), null, null)) {
      StreamRun direct = streams(vertx, agent.port(), streams);
      StreamRun viaGateway = streams(vertx, gateway.proxyPort(), streams);
      IdleConnections.Result held = idle == 0 ? null
          : IdleConnections.hold(vertx, gateway.proxyPort(), idle, Duration.ofSeconds(idleSeconds));
      String md = "| path | streams | errors | TTFB p50 ms | TTFB p99 ms | total p50 ms | total p99 ms | tokens/s relayed |"
          + " peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
          + direct.row("direct") + viaGateway.row("gateway")
          + "\nAdded TTFB (gateway - direct): p50 " + Fmt.num(viaGateway.ttfb(50) - direct.ttfb(50)) + " ms, p99 "
          + Fmt.num(viaGateway.ttfb(99) - direct.ttfb(99)) + " ms. JVM RSS at start " + Fmt.num(rssStart) + " MiB.\n"
          + (held == null ? "" : "\n" + held.markdown());
      JsonObject json = new JsonObject().put("streams", streams).put("tokensPerStream", tokens)
          .put("tokensPerSecondPerStream", pace).put("backendLatencyMs", latency).put("rssStartMiB", rssStart)
          .put("direct", direct.json()).put("gateway", viaGateway.json())
          .put("addedTtfbMillis", new JsonObject().put("p50", viaGateway.ttfb(50) - direct.ttfb(50))
              .put("p99", viaGateway.ttfb(99) - direct.ttfb(99)))
          .put("idle", held == null ? null : held.json());
      return new BenchReport(name(), md, json);
    } finally {
      await(agent.close());
    }
  }

  /**
   * The memory target as deployed: the gateway in its own JVM holds {@code idle} keep-alive
   * connections while {@code streams} SSE streams run through it; its resident memory is sampled from /proc
   * every 50 ms during the whole run.
   */
  private BenchReport runAgainstProcess(Vertx vertx, SimulatedAgent agent, int streams, int idle, int idleSeconds,
                                        int eventLoops, String jvmOptions) throws Exception {
    try (GatewayProcess gateway = GatewayProcess.start(agent.port(), eventLoops, jvmOptions)) {
      double rssStart = gateway.rssMiB();
      java.util.concurrent.atomic.AtomicReference<Double> peak = new java.util.concurrent.atomic.AtomicReference<>(rssStart);
      java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          peak.accumulateAndGet(gateway.rssMiB(), Math::max);
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "gateway-rss-sampler");
      sampler.setDaemon(true);
      sampler.start();
      StreamRun[] during = new StreamRun[1];
      IdleConnections.Result held = IdleConnections.hold(vertx, gateway.port(), idle, Duration.ofSeconds(idleSeconds),
          () -> during[0] = streams(vertx, gateway.port(), streams), gateway::rssMiB, 1);
      sampling.set(false);
      sampler.join();
      String md = "| path | streams | errors | TTFB p50 ms | TTFB p99 ms | total p50 ms | total p99 ms | tokens/s relayed |"
          + " peak RSS MiB (bench JVM) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
          + during[0].row("gateway process, " + held.opened() + " idle connections held")
          + "\nGateway process resident memory: " + Fmt.num(rssStart) + " MiB at start, peak " + Fmt.num(peak.get())
          + " MiB during " + streams + " streams with " + held.opened() + " idle keep-alive connections held.\n\n"
          + held.markdown();
      JsonObject json = new JsonObject().put("streams", streams).put("gatewayProcess", true)
          .put("gatewayRssStartMiB", rssStart).put("gatewayRssPeakMiB", peak.get())
          .put("gateway", during[0].json()).put("idle", held.json());
      return new BenchReport(name(), md, json);
    }
  }

  /** Opens {@code n} streams at once and waits for all of them to end. */
  private static StreamRun streams(Vertx vertx, int port, int n) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(60),
        new PoolOptions().setHttp1MaxSize(n).setMaxWaitQueueSize(-1));
    Histogram ttfb = new ConcurrentHistogram(3);
    Histogram total = new ConcurrentHistogram(3);
    AtomicLong events = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    String body = new JsonObject().put("model", "sim").put("stream", true)
        .put("messages", new io.vertx.core.json.JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "stream please"))).encode();
    RssSampler rss = RssSampler.start(vertx);
    long start = System.nanoTime();
    List<Future<Void>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long sent = System.nanoTime();
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
          .setURI(BenchGateway.ROUTE).putHeader("content-type", "application/json")
          .putHeader(BenchGateway.UNIT_HEADER, "s" + i).setTimeout(60_000);
      all.add(client.request(options).compose(req -> req.send(body)).compose(resp -> {
        if (resp.statusCode() != 200) {
          errors.incrementAndGet();
        }
        boolean[] first = {true};
        resp.handler(chunk -> {
          if (first[0]) {
            first[0] = false;
            ttfb.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
          }
          String text = chunk.toString();
          for (int at = text.indexOf("data: "); at >= 0; at = text.indexOf("data: ", at + 6)) {
            events.incrementAndGet();
          }
        });
        return resp.end().onSuccess(v -> total.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000)));
      }).recover(err -> {
        errors.incrementAndGet();
        return Future.succeededFuture();
      }));
    }
    await(Future.join(all), Duration.ofMinutes(3));
    double seconds = (System.nanoTime() - start) / 1e9;
    double peak = rss.stop();
    await(client.close());
    // Each stream ends with a finish chunk, a usage chunk and [DONE]: the rest are tokens.
    long tokenEvents = events.get() - 3L * (n - errors.get());
    return new StreamRun(n, errors.get(), ttfb, total, tokenEvents / seconds, peak);
  }

  private record StreamRun(int streams, long errors, Histogram ttfb, Histogram total, double tokensPerSecond,
      double peakRssMiB) {

    double ttfb(double percentile) {
      return ttfb.getTotalCount() == 0 ? 0 : ttfb.getValueAtPercentile(percentile) / 1000.0;
    }

    double total(double percentile) {
      return total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(percentile) / 1000.0;
    }

    String row(String path) {
      return "| " + path + " | " + streams + " | " + errors + " | " + Fmt.num(ttfb(50)) + " | " + Fmt.num(ttfb(99))
          + " | " + Fmt.num(total(50)) + " | " + Fmt.num(total(99)) + " | " + Fmt.num(tokensPerSecond) + " | "
          + Fmt.num(peakRssMiB) + " |\n";
    }

    JsonObject json() {
      return new JsonObject().put("streams", streams).put("errors", errors)
          .put("ttfbMillis", new JsonObject().put("p50", ttfb(50)).put("p99", ttfb(99)).put("max", ttfb(100)))
          .put("totalMillis", new JsonObject().put("p50", total(50)).put("p99", total(99)).put("max", total(100)))
          .put("tokensPerSecond", tokensPerSecond).put("peakRssMiB", peakRssMiB);
    }
  }
}
