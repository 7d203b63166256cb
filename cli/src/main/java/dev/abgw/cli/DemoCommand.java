package dev.abgw.cli;

import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.Judgment;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.QualityModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.SimulatedJudge;
import dev.abgw.agents.TokenRange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code abgw demo}: the whole loop in a minute. Two simulated agents (the control answers a bit worse
 * than the treatment, except on refunds, where the treatment is worse), the gateway on its embedded store
 * with {@code examples/}, traffic through the real proxy, judgments from a simulated judge, and the report.
 */
public final class DemoCommand {
  public static final String HELP = """
      Usage: abgw demo [flags]

      Starts two simulated agents (ports 9001 and 9002, as examples/support-prompt.json expects), the gateway
      (proxy 8080, admin 8081; embedded store in data/demo, or Redis when REDIS_URL is set) with examples/,
      sends traffic through the proxy, posts judgments, and prints the report's headline. The gateway keeps
      running for your own curl calls until Ctrl-C, unless --exit is given.

        --requests N      requests to send (default 2000)
        --concurrency N   requests in flight (default 32)
        --port N          proxy port (default 8080)        --admin-port N  admin port (default 8081)
        --data DIR        embedded store directory (default data/demo)
        --experiments DIR experiment definitions (default examples)
        --seed N          seed of the simulated traffic and judges (default 42)
        --tokens FILE     tokens with roles, as abgw serve --tokens (README: Login and roles); the demo posts its
                          judgments with ABGW_ADMIN_TOKEN, else with the file's first admin token
        --hours N         spread the traffic's event time over the past N hours, so the report's time series
                          has hours of buckets to show (default 12; 0: the wall clock)
        --exit            stop after printing the report instead of serving on
        --warmup-requests N  first run abgw serve's self warm-up with up to N requests (default 0: none);
                          ./abgw's AOT training run passes 20000, so the cache holds the proxy path's profiles
        --warmup-millis MS   bound of that warm-up (default 60000)
      """;

  private static final String[] TASKS = {"billing", "billing", "shipping", "shipping", "account", "account",
      "technical", "technical", "refund"};

  private DemoCommand() {}

  public static int run(String[] args) throws Exception {
    Flags f = Flags.parse(args, Set.of("--requests", "--concurrency", "--port", "--admin-port", "--data",
        "--experiments", "--seed", "--hours", "--tokens", "--warmup-requests", "--warmup-millis"), Set.of("--exit"));
    // The gateway's lines as abgw serve prints them in text format.
    dev.abgw.gateway.log.LogSetup.configure(dev.abgw.gateway.log.LogFormat.TEXT, false);
    int requests = f.intValue("--requests", 2000, 1, 1_000_000);
    int concurrency = f.intValue("--concurrency", 32, 1, 1024);
    long seed = f.intValue("--seed", 42, 0, Integer.MAX_VALUE);
    DemoClock clock = new DemoClock(f.intValue("--hours", 12, 0, 24 * 30), requests);
    String token = System.getenv("ABGW_ADMIN_TOKEN");
    List<String> serveArgs = new ArrayList<>(List.of("--experiments", f.get("--experiments", "examples"),
        "--port", f.get("--port", "8080"), "--admin-port", f.get("--admin-port", "8081"),
        "--data", f.get("--data", "data/demo"), "--bind", "127.0.0.1"));
    if (f.has("--tokens")) {
      serveArgs.add("--tokens");
      serveArgs.add(f.get("--tokens", null));
      if (token == null || token.isBlank()) token = firstAdminToken(java.nio.file.Path.of(f.get("--tokens", null)));
    }
    if (token == null || token.isBlank()) serveArgs.add("--dev-no-auth");
    GatewayConfig cfg = ServeCommand.config(serveArgs.toArray(String[]::new));

    Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true)); // as serve: epoll on Linux
    AgentConfig control = AgentConfig.builder().port(9001).name("control").seed(seed)
        .latency(LatencyModel.lognormal(60, 0.4)).tokens(TokenRange.of(40, 160)).tokensPerSecond(400)
        .errorRate(0.01).quality(QualityModel.of(0.62)).build();
    AgentConfig treatment = AgentConfig.builder().port(9002).name("treatment").seed(seed + 1)
        .latency(LatencyModel.lognormal(75, 0.4)).tokens(TokenRange.of(60, 200)).tokensPerSecond(400)
        .errorRate(0.01).quality(QualityModel.of(0.70, Map.of("refund", -0.25))).build();
    await(SimulatedAgent.start(vertx, control));
    await(SimulatedAgent.start(vertx, treatment));
    dev.abgw.gateway.warmup.WarmupPlan warmup = dev.abgw.gateway.warmup.WarmupPlan.of(
        f.intValue("--warmup-requests", 0, 0, 10_000_000), f.intValue("--warmup-millis", 60_000, 0, 600_000),
        cfg.proxyInstances());
    if (!warmup.disabled()) {
      System.err.println("abgw demo: " + await(dev.abgw.gateway.warmup.SelfWarmup.run(vertx, warmup)).line());
    }
    Gateway gateway = await(ServeCommand.start(vertx, cfg, clock));

    System.err.println("abgw demo: sending " + requests + " requests through the proxy (30% streaming)...");
    String adminBase = "http://127.0.0.1:" + gateway.adminPort();
    drive(vertx, gateway.proxyPort(), gateway.adminPort(), token, requests, concurrency, seed, clock);
    await(gateway.flush());
    JsonObject report = await(get(vertx, gateway.adminPort(), "/experiments/support-prompt-v2/report", token));
    printHeadline(report, adminBase, cfg.adminToken() != null || cfg.tokensFile() != null);
    if (f.has("--exit")) {
      await(gateway.close());
      await(vertx.close());
      return 0;
    }
    System.err.println("abgw demo: still serving; Ctrl-C to stop.");
    Thread.currentThread().join();
    return 0;
  }

  private static void drive(Vertx vertx, int proxyPort, int adminPort, String token, int requests, int concurrency,
                            long seed, DemoClock clock) throws Exception {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(concurrency));
    Random rnd = new Random(seed);
    SimulatedJudge judge = SimulatedJudge.of(seed);
    List<JsonObject> pending = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Future<Void>> inFlight = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      String user = "user-" + rnd.nextInt(Math.max(10, requests / 4));
      String task = TASKS[rnd.nextInt(TASKS.length)];
      boolean stream = rnd.nextInt(10) < 3;
      String content = "Help me with my " + task + " question. " + "Details. ".repeat(rnd.nextInt(300));
      JsonObject body = new JsonObject().put("model", "gpt-4o-mini").put("user", user).put("stream", stream)
          .put("metadata", new JsonObject().put("task_type", task))
          .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", content)));
      clock.sent();
      inFlight.add(http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(proxyPort)
              .setURI("/v1/chat/completions").putHeader("content-type", "application/json"))
          .compose(req -> req.send(body.encode()).compose(resp -> resp.body().map(b -> {
            String quality = resp.getHeader("x-sim-quality");
            String rid = resp.getHeader("x-request-id");
            if (resp.statusCode() == 200 && quality != null && rid != null) {
              Judgment j = judge.judge(quality);
              synchronized (pending) {
                pending.add(new JsonObject().put("requestId", rid).put("metric", "helpfulness")
                    .put("value", j.score()).put("judge", "sim-judge").put("id", rid + ":h"));
                pending.add(new JsonObject().put("requestId", rid).put("metric", "resolved")
                    .put("value", j.resolved() ? 1 : 0).put("judge", "sim-judge").put("id", rid + ":r"));
              }
            } else if (resp.statusCode() != 200) {
              failed.incrementAndGet();
            }
            return (Void) null;
          }))).recover(err -> {
            failed.incrementAndGet();
            return Future.succeededFuture();
          }).onComplete(ar -> progress(done.incrementAndGet(), requests, started)));
      if (inFlight.size() >= concurrency) {
        await(Future.all(inFlight));
        inFlight.clear();
        postBatch(vertx, adminPort, token, pending);
      }
    }
    await(Future.all(inFlight));
    postBatch(vertx, adminPort, token, pending);
    System.err.println();
    if (failed.get() > 0) {
      System.err.println("abgw demo: " + failed.get() + " request(s) got an error (the agents fail 1% on purpose)");
    }
    await(http.close());
  }

  /** The first token of role admin in a tokens file ([{"name", "role", "token"}]), for the demo's own calls. */
  static String firstAdminToken(java.nio.file.Path file) {
    com.fasterxml.jackson.databind.JsonNode tokens;
    try {
      tokens = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new Flags.UsageException("--tokens: cannot read " + file + ": " + e.getMessage());
    }
    if (tokens != null && tokens.isArray()) {
      for (com.fasterxml.jackson.databind.JsonNode t : tokens) {
        if ("admin".equals(t.path("role").asText()) && t.path("token").isTextual()) return t.path("token").asText();
      }
    }
    throw new Flags.UsageException("--tokens: " + file + " has no token with role admin, which the demo needs to post"
        + " its judgments; add one or set ABGW_ADMIN_TOKEN");
  }

  private static void postBatch(Vertx vertx, int adminPort, String token, List<JsonObject> pending) throws Exception {
    JsonArray batch;
    synchronized (pending) {
      if (pending.size() < 400) return;
      batch = new JsonArray(new ArrayList<>(pending));
      pending.clear();
    }
    await(post(vertx, adminPort, "/judgments", token, batch.encode()));
  }

  private static void progress(int done, int total, long startedNanos) {
    if (done % Math.max(1, total / 50) != 0 && done != total) return;
    int width = 40;
    int filled = (int) ((long) done * width / total);
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    System.err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
        + String.format("  %.0f req/s", done / Math.max(seconds, 1e-3)));
  }

  private static void printHeadline(JsonObject report, String adminBase, boolean auth) {
    JsonObject decision = report.getJsonObject("decision", new JsonObject());
    System.out.println();
    System.out.println("Experiment support-prompt-v2: " + decision.getString("action") + " - " + decision.getString("reason"));
    for (Object o : report.getJsonArray("metrics", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      for (Object vo : m.getJsonArray("variants", new JsonArray())) {
        JsonObject v = (JsonObject) vo;
        // Effect and adjusted p of the same (absolute) test; the relative lift as an estimate, for scale.
        JsonObject abs = v.getJsonObject("absolute");
        if (abs == null || abs.getValue("effect") == null) continue;
        JsonObject rel = v.getJsonObject("relative");
        System.out.printf("  %-16s %-10s %+9.4g (%s)  adjusted p=%.4f  %s%n", m.getString("metric"), v.getString("variant"),
            abs.getDouble("effect"), rel == null ? "relative n/a" : String.format("%+.2f%%", rel.getDouble("effect") * 100),
            v.getDouble("adjustedPValue", Double.NaN), v.getString("verdict"));
      }
    }
    for (Object o : report.getJsonArray("regressions", new JsonArray())) {
      JsonObject g = (JsonObject) o;
      System.out.printf("  edge-case regression: %s on %s=%s: %+.4g, CI %s (adjusted p=%.4f)%n", g.getString("metric"),
          g.getString("dimension"), g.getString("segment"), g.getDouble("effect"), g.getValue("ci"), g.getDouble("adjustedPValue"));
    }
    String authHint = auth ? " -H \"Authorization: Bearer $ABGW_ADMIN_TOKEN\"" : "";
    System.out.println();
    System.out.println("Report (JSON):  curl" + authHint + " " + adminBase + "/experiments/support-prompt-v2/report");
    System.out.println("Report (page):  " + adminBase + "/experiments/support-prompt-v2/report.html");
    System.out.println("Raw events:     curl" + authHint + " " + adminBase + "/experiments/support-prompt-v2/export");
  }

  private static Future<JsonObject> get(Vertx vertx, int port, String path, String token) {
    return call(vertx, port, HttpMethod.GET, path, token, null).map(JsonObject::new);
  }

  private static Future<Buffer> post(Vertx vertx, int port, String path, String token, String body) {
    return call(vertx, port, HttpMethod.POST, path, token, body);
  }

  private static Future<Buffer> call(Vertx vertx, int port, HttpMethod method, String path, String token, String body) {
    HttpClient c = vertx.createHttpClient();
    RequestOptions o = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
        .putHeader("content-type", "application/json");
    if (token != null && !token.isBlank()) o.putHeader("authorization", "Bearer " + token);
    return c.request(o).compose(req -> body == null ? req.send() : req.send(body)).compose(resp -> resp.body()
        .compose(b -> resp.statusCode() < 300 ? Future.succeededFuture(b)
            : Future.failedFuture(method + " " + path + " answered " + resp.statusCode() + ": " + b)))
        .eventually(() -> c.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, java.util.concurrent.TimeUnit.SECONDS);
  }

}
