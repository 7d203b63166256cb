package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.loadtest.LoadConfig;
import dev.abgw.loadtest.LoadGenerator;
import dev.abgw.loadtest.LoadResult;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.TokenRange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Judgment ingestion through the admin API: first {@code --requests} proxied requests (whose ids the
 * judgments name), then judgments posted one per HTTP request ({@code --concurrency} in flight) and in
 * batches of 1,000, on the embedded store and on Redis. Every answer is checked: a judgment not
 * {@code stored} counts as an error.
 */
final class IngestScenario implements BenchScenario {

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String description() {
    return "judgments/s posted one per request and in batches of 1000, embedded store and Redis";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("requests", "proxied requests to judge, and judgments in the batch run (default 20000)");
    f.put("singles", "judgments posted one per HTTP request (default 5000)");
    f.put("concurrency", "single posts in flight (default 32)");
    f.put("batch-concurrency", "batch posts in flight (default 4)");
    f.put("warmup-judgments", "judgments posted before the clock starts on each store, half one per request and half"
        + " in batches, so the JIT has compiled the path (default 10000; 0: none)");
    f.put("stores", "comma-separated: embedded,redis,cluster (default embedded,redis); Redis at REDIS_URL or"
        + " 127.0.0.1:6379, the cluster at REDIS_CLUSTER_URL");
    f.put("out-dir", "where <scenario>.json goes (default target/bench)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    int requests = flags.integer("requests", 20_000, 1_000, 1_000_000);
    int singles = Math.min(requests, flags.integer("singles", 5_000, 1, 1_000_000));
    int concurrency = flags.integer("concurrency", 32, 1, 1024);
    int batchConcurrency = flags.integer("batch-concurrency", 4, 1, 64);
    int warmup = flags.integer("warmup-judgments", 10_000, 0, 1_000_000);
    List<String> stores = List.of(flags.asMap().getOrDefault("stores", "embedded,redis").split(","));
    SimulatedAgent agent = await(SimulatedAgent.start(vertx, AgentConfig.builder().name("backend")
        .latency(LatencyModel.fixed(0)).tokens(TokenRange.fixed(5)).build()));
    StringBuilder md = new StringBuilder("| store | mode | judgments | seconds | judgments/s | errors"
        + " | Redis script us/judgment (all masters) | Redis CPU us/judgment (all masters) | bench JVM CPU us/judgment"
        + " | spooled at end |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    JsonArray runs = new JsonArray();
    try {
      for (String store : stores) {
        String name = store.trim();
        if (!List.of("embedded", "redis", "cluster").contains(name)) {
          throw new IllegalArgumentException("--stores takes embedded, redis and cluster (was " + name + ")");
        }
        boolean redis = !name.equals("embedded");
        String url = name.equals("cluster") ? RedisKeys.clusterUrl() : name.equals("redis") ? RedisKeys.url() : null;
        String prefix = RedisKeys.uniquePrefix("ingest");
        try (BenchGateway gateway = BenchGateway.start(vertx, agent.port(), url, prefix)) {
          String[] ids = proxiedRequestIds(vertx, gateway.proxyPort(), requests);
          AdminClient admin = AdminClient.of(vertx, gateway.adminPort(), concurrency);
          try {
            // The proxied requests are recorded after their responses: their writes must not be charged to
            // the judgments (nor their script time).
            warmUp(admin, ids, warmup, concurrency, batchConcurrency);
            settle(gateway);
            long micros0 = redis ? await(RedisKeys.scriptMicros(vertx, url)) : 0;
            long cpu0 = redis ? await(RedisKeys.cpuMicros(vertx, url)) : 0;
            long jvm0 = ProcessCpu.micros();
            JsonObject one = singles(admin, ids, singles, concurrency, gateway).put("store", name);
            long micros1 = redis ? await(RedisKeys.scriptMicros(vertx, url)) : 0;
            long cpu1 = redis ? await(RedisKeys.cpuMicros(vertx, url)) : 0;
            long jvm1 = ProcessCpu.micros();
            JsonObject batch = batches(admin, ids, batchConcurrency, gateway).put("store", name);
            long micros2 = redis ? await(RedisKeys.scriptMicros(vertx, url)) : 0;
            long cpu2 = redis ? await(RedisKeys.cpuMicros(vertx, url)) : 0;
            long jvm2 = ProcessCpu.micros();
            // This JVM holds the gateway and the client: its CPU per judgment bounds what 2 cores can post.
            one.put("jvmCpuMicrosPerJudgment", (jvm1 - jvm0) / (double) one.getLong("judgments"));
            batch.put("jvmCpuMicrosPerJudgment", (jvm2 - jvm1) / (double) batch.getLong("judgments"));
            if (redis) {
              // Redis's own time per judgment (record.lua, wall time in the script) and the Redis processes'
              // CPU per judgment (immune to other processes taking the core): the ceiling of a Redis core.
              one.put("redisMicrosPerJudgment", (micros1 - micros0) / (double) one.getLong("judgments"));
              batch.put("redisMicrosPerJudgment", (micros2 - micros1) / (double) batch.getLong("judgments"));
              one.put("redisCpuMicrosPerJudgment", (cpu1 - cpu0) / (double) one.getLong("judgments"));
              batch.put("redisCpuMicrosPerJudgment", (cpu2 - cpu1) / (double) batch.getLong("judgments"));
            }
            for (JsonObject r : List.of(one, batch)) {
              runs.add(r);
              md.append("| ").append(r.getString("store")).append(" | ").append(r.getString("mode")).append(" | ")
                  .append(r.getLong("judgments")).append(" | ").append(Fmt.num(r.getDouble("seconds"))).append(" | ")
                  .append(Fmt.num(r.getDouble("judgmentsPerSecond"))).append(" | ").append(r.getLong("errors"))
                  .append(" | ").append(r.containsKey("redisMicrosPerJudgment")
                      ? Fmt.num(r.getDouble("redisMicrosPerJudgment")) : "-").append(" | ")
                  .append(r.containsKey("redisCpuMicrosPerJudgment") ? Fmt.num(r.getDouble("redisCpuMicrosPerJudgment")) : "-")
                  .append(" | ").append(Fmt.num(r.getDouble("jvmCpuMicrosPerJudgment"))).append(" | ")
                  .append(r.getLong("spooledAtMost")).append(" |\n");
            }
          } finally {
            await(admin.close());
          }
        } finally {
          if (redis) {
            await(RedisKeys.deleteByPrefix(vertx, url, prefix));
          }
        }
      }
    } finally {
      await(agent.close());
    }
    return new BenchReport(name(), md.toString(), new JsonObject().put("runs", runs).put("requests", requests)
        .put("warmupJudgments", warmup));
  }

  private static String[] proxiedRequestIds(Vertx vertx, int port, int requests) {
    AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(requests);
    LoadResult r = await(LoadGenerator.run(vertx, LoadConfig.builder(port).scenario("ingest-requests")
        .closedLoop(64).maxRequests(requests).durationMillis(300_000).request(LoadRuns.CHAT).progress(null)
        .hook(resp -> ids.set((int) resp.sequence(), resp.header("X-Request-Id"))).build()), Duration.ofMinutes(6));
    if (r.errors() > 0) {
      throw new IllegalStateException(r.errors() + " proxied requests failed; first: " + r.firstError());
    }
    String[] out = new String[requests];
    for (int i = 0; i < requests; i++) {
      out[i] = ids.get(i);
    }
    return out;
  }

  /**
   * Untimed posts before the measured ones (ids of their own, so the measured judgments are all new): without
   * them the first store of a run measured the JIT compiling, 3,025/s one by one against 11,154/s for the
   * same store right after (2026-12-01).
   */
  private static void warmUp(AdminClient admin, String[] ids, int count, int concurrency, int batchConcurrency)
      throws InterruptedException {
    if (count == 0) return;
    int singles = count / 2;
    window(singles, concurrency, 1, i -> admin.postJudgment(judgment(ids[i % ids.length], "warm-" + i, i))
        .timeout(20, TimeUnit.SECONDS).map(r -> 0L));
    int batches = Math.max(1, (count - singles) / 1_000);
    window(batches, batchConcurrency, 1_000, b -> {
      JsonArray batch = new JsonArray();
      for (int i = 0; i < 1_000; i++) {
        int n = b * 1_000 + i;
        batch.add(judgment(ids[n % ids.length], "warm-batch-" + n, n));
      }
      return admin.postJudgments(batch.toBuffer()).timeout(60, TimeUnit.SECONDS).map(a -> 0L);
    });
  }

  private static JsonObject judgment(String requestId, String id, int i) {
    return new JsonObject().put("requestId", requestId).put("metric", "quality").put("value", (i % 100) / 100.0)
        .put("id", id);
  }

  /**
   * Waits until the gateway's recorder has written what it holds and the store's spool is empty: a judgment
   * answered {@code stored} from the spool (Redis slow to answer, --redis-timeout-ms) is in Redis only once
   * replayed, so the clock runs until then and the spooled count is reported.
   */
  private static long settle(BenchGateway gateway) throws InterruptedException {
    await(gateway.gateway().flush(), Duration.ofMinutes(5));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long most = 0;
    while (System.nanoTime() < deadline) {
      Object spooled = gateway.gateway().store().health().gauges().get("spool_records");
      long n = spooled == null ? 0 : ((Number) spooled).longValue();
      most = Math.max(most, n);
      if (n == 0) return most;
      Thread.sleep(20);
    }
    throw new IllegalStateException("the spool did not drain within 5 minutes");
  }

  /**
   * One judgment per HTTP request with {@code concurrency} always in flight (a sliding window: a new post
   * leaves as soon as one is answered), so the figure is the server's capacity, not one window's latency.
   */
  private static JsonObject singles(AdminClient admin, String[] ids, int count, int concurrency, BenchGateway gateway)
      throws InterruptedException {
    long start = System.nanoTime();
    // A post unanswered after 20 s counts as an error instead of stalling the run.
    long errors = window(count, concurrency, 1, i -> admin.postJudgment(judgment(ids[i], "single-" + i, i))
        .timeout(20, TimeUnit.SECONDS).map(r -> "stored".equals(r.getString("status")) ? 0L : 1L));
    long spooled = settle(gateway);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new JsonObject().put("mode", "one per request, " + concurrency + " in flight").put("judgments", count)
        .put("seconds", seconds).put("judgmentsPerSecond", count / seconds).put("errors", errors)
        .put("spooledAtMost", spooled);
  }

  /**
   * Batches of 1,000 judgments with {@code concurrency} posts always in flight (the same sliding window).
   * The batches are encoded before the clock starts, so the figure is the gateway's.
   */
  private static JsonObject batches(AdminClient admin, String[] ids, int concurrency, BenchGateway gateway)
      throws InterruptedException {
    List<io.vertx.core.buffer.Buffer> batches = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int from = 0; from < ids.length; from += 1_000) {
      JsonArray batch = new JsonArray();
      for (int i = from; i < Math.min(ids.length, from + 1_000); i++) {
        batch.add(judgment(ids[i], "batch-" + i, i));
      }
      batches.add(batch.toBuffer());
      sizes.add(batch.size());
    }
    long start = System.nanoTime();
    long errors = window(batches.size(), concurrency, 1_000, b -> admin.postJudgments(batches.get(b))
        .timeout(60, TimeUnit.SECONDS).map(a -> (long) sizes.get(b) - a.getJsonObject("summary").getInteger("stored")));
    long spooled = settle(gateway);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new JsonObject().put("mode", "batches of 1000, " + concurrency + " in flight").put("judgments", ids.length)
        .put("seconds", seconds).put("judgmentsPerSecond", ids.length / seconds).put("errors", errors)
        .put("spooledAtMost", spooled);
  }

  /**
   * Sends posts {@code 0..count-1} with {@code concurrency} always in flight and returns the judgments not
   * stored: each post's future says how many of its judgments failed; a failed or unanswered post counts
   * {@code perPost}. The first failure is printed.
   */
  private static long window(int count, int concurrency, int perPost,
                             java.util.function.IntFunction<Future<Long>> post) throws InterruptedException {
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(count);
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) return;
      post.apply(i).onComplete(ar -> {
        long failed = ar.succeeded() ? ar.result() : perPost;
        if (failed > 0 && errors.getAndAdd(failed) == 0) {
          System.err.println("ingest: first failed post (#" + i + "): "
              + (ar.failed() ? ar.cause() : failed + " judgment(s) not stored"));
        }
        done.countDown();
        pump[0].run();
      });
    };
    for (int c = 0; c < Math.min(concurrency, count); c++) pump[0].run();
    if (!done.await(Math.max(120, count / 100), TimeUnit.SECONDS)) {
      errors.addAndGet(done.getCount() * perPost);
    }
    return errors.get();
  }
}
