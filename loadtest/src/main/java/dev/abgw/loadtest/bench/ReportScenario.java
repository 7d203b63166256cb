package dev.abgw.loadtest.bench;

import static dev.abgw.loadtest.bench.Blocking.await;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.gateway.store.StoreRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Report build time as stored events grow: records written straight into the gateway's store (3 variants,
 * 10 metrics, one dimension with 50 values; each record adds to its variant's overall cell and one
 * segment cell of every metric), then {@code GET /experiments/{id}/report} timed: a GC and a one-second pause (so the
 * write phase's garbage and dirty pages are not charged to the report), 10 untimed warm-up looks,
 * then the median of {@code --looks}. The
 * report reads sufficient statistics only, so its time must not grow with the events.
 */
final class ReportScenario implements BenchScenario {

  static final String EXPERIMENT = "report-bench";
  static final int VARIANTS = 3;
  static final int METRICS = 10;
  static final int SEGMENTS = 50;
  static final int UNITS = 100_000;
  /** Untimed looks before the timed ones at each size: the first reports run in the interpreter. */
  static final int WARMUP_LOOKS = 10;

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String description() {
    return "report build time (median of --looks) at 1e4, 1e5, 1e6 stored events (1e7 with --huge)";
  }

  @Override
  public Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("events", "comma-separated event counts, increasing (default 10000,100000,1000000)");
    f.put("huge", "also 10000000 events");
    f.put("store", "embedded (default), redis (REDIS_URL or 127.0.0.1:6379) or cluster (REDIS_CLUSTER_URL)");
    f.put("looks", "timed GET /report per size, after 10 untimed ones that warm the JIT (default 10)");
    f.put("span-hours", "spread the events' time evenly over the N hours before the run, so the time series"
        + " holds its most buckets (2160: every hourly bucket of the default bound; default 0: all now)");
    f.put("out-dir", "where <scenario>.json goes (default target/bench)");
    return f;
  }

  @Override
  public BenchReport run(Vertx vertx, BenchFlags flags) throws Exception {
    List<Long> sizes = new ArrayList<>(flags.longs("events", List.of(10_000L, 100_000L, 1_000_000L), 1, 100_000_000));
    if (flags.flag("huge")) {
      sizes.add(10_000_000L);
    }
    int looks = flags.integer("looks", 10, 1, 1000);
    long spanMillis = flags.integer("span-hours", 0, 0, 24 * 366) * 3_600_000L;
    long last = sizes.get(sizes.size() - 1);
    long now = System.currentTimeMillis();
    StringBuilder md = new StringBuilder("| stored events | write s | report median ms | report min ms | report max ms"
        + " | gateway's own median ms (Server-Timing) | CPU ms per report (gateway JVM) | Redis CPU ms per report"
        + " |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    JsonArray runs = new JsonArray();
    String store = flags.asMap().getOrDefault("store", "embedded");
    String url = switch (store) {
      case "embedded" -> null;
      case "redis" -> RedisKeys.url();
      case "cluster" -> RedisKeys.clusterUrl();
      default -> throw new IllegalArgumentException("--store must be embedded, redis or cluster (was " + store + ")");
    };
    String prefix = url == null ? null : RedisKeys.uniquePrefix("report");
    try (BenchGateway gateway = BenchGateway.start(vertx, 9, url, prefix)) {
      gateway.gateway().registry().put(experiment());
      AdminClient admin = AdminClient.of(vertx, gateway.adminPort(), 1);
      try {
        SplittableRandom rng = new SplittableRandom(42);
        long written = 0;
        for (long size : sizes) {
          long start = System.nanoTime();
          while (written < size) {
            // On Redis, 1,000 records per call: one call of 10,000 (20 observations each) can outlast
            // --redis-timeout-ms on a busy machine and end in the spool.
            int n = (int) Math.min(url == null ? 10_000 : 1_000, size - written);
            List<StoreRecord> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              long i2 = written + i;
              batch.add(record(i2, rng, now - spanMillis + (long) ((double) i2 / last * spanMillis)));
            }
            await(gateway.gateway().store().writeAll(batch), Duration.ofMinutes(2));
            written += n;
          }
          double writeSeconds = (System.nanoTime() - start) / 1e9;
          System.gc();
          Thread.sleep(1_000);
          double[] millis = new double[looks];
          double[] server = new double[looks];
          long cpu0 = 0;
          long redisCpu0 = 0;
          for (int k = -WARMUP_LOOKS; k < looks; k++) {
            if (k == 0) {
              cpu0 = ProcessCpu.micros();
              redisCpu0 = url == null ? 0 : await(RedisKeys.cpuMicros(vertx, url));
            }
            long t = System.nanoTime();
            AdminClient.Report answer = await(admin.reportTimed(EXPERIMENT));
            JsonObject report = answer.body();
            if (k >= 0) {
              millis[k] = (System.nanoTime() - t) / 1e6;
              server[k] = answer.serverMillis();
            }
            if (report.getJsonArray("metrics").size() != METRICS) {
              throw new IllegalStateException("report has " + report.getJsonArray("metrics").size() + " metrics");
            }
          }
          // CPU per report, which a busy machine inflates far less than wall time: this JVM (the gateway and
          // the one client) and, on Redis, the servers' own CPU (INFO cpu, summed over the masters).
          double cpuMillis = (ProcessCpu.micros() - cpu0) / 1e3 / looks;
          double redisCpuMillis = url == null ? 0 : (await(RedisKeys.cpuMicros(vertx, url)) - redisCpu0) / 1e3 / looks;
          Arrays.sort(millis);
          Arrays.sort(server);
          double median = millis[looks / 2];
          double serverMedian = server[looks / 2];
          md.append("| ").append(size).append(" | ").append(Fmt.num(writeSeconds)).append(" | ")
              .append(Fmt.num(median)).append(" | ").append(Fmt.num(millis[0])).append(" | ")
              .append(Fmt.num(millis[looks - 1])).append(" | ").append(Fmt.num(serverMedian)).append(" | ")
              .append(Fmt.num(cpuMillis)).append(" | ").append(url == null ? "-" : Fmt.num(redisCpuMillis)).append(" |\n");
          runs.add(new JsonObject().put("events", size).put("writeSeconds", writeSeconds)
              .put("reportMillis", new JsonArray(Arrays.stream(millis).boxed().toList())).put("medianMillis", median)
              .put("serverMillis", new JsonArray(Arrays.stream(server).boxed().toList()))
              .put("serverMedianMillis", serverMedian).put("cpuMillisPerReport", cpuMillis)
              .put("redisCpuMillisPerReport", redisCpuMillis));
          System.err.println("report: " + size + " events, median " + Fmt.num(median) + " ms (gateway's own "
              + Fmt.num(serverMedian) + " ms; CPU per report " + Fmt.num(cpuMillis) + " ms here, "
              + Fmt.num(redisCpuMillis) + " ms in Redis)");
        }
      } finally {
        await(admin.close());
      }
    } finally {
      if (url != null) await(RedisKeys.deleteByPrefix(vertx, url, prefix), Duration.ofMinutes(10));
    }
    return new BenchReport(name(), md.toString(), new JsonObject().put("store", store).put("variants", VARIANTS).put("metrics", METRICS)
        .put("segmentValues", SEGMENTS).put("units", UNITS).put("runs", runs));
  }

  /** Record {@code i}: unit {@code i mod UNITS}, whose variant and segment are fixed by the unit. */
  private static StoreRecord record(long i, SplittableRandom rng, long timeMillis) {
    int unit = (int) (i % UNITS);
    String variant = "v" + (unit % VARIANTS);
    String segment = "s" + (unit % SEGMENTS);
    List<Observation> observations = new ArrayList<>(2 * METRICS);
    for (int m = 0; m < METRICS; m++) {
      double value = rng.nextDouble() + (m == 0 && unit % VARIANTS == 1 ? 0.01 : 0);
      observations.add(new Observation(StatKey.overall(variant, "m" + m), value));
      observations.add(new Observation(StatKey.segment(variant, "m" + m, "seg", segment), value));
    }
    JsonObject event = new JsonObject().put("type", "bench").put("i", i);
    return new StoreRecord(EXPERIMENT, variant, "u" + unit, true, null, null, observations, event, timeMillis);
  }

  static Experiment experiment() {
    StringBuilder metrics = new StringBuilder();
    for (int m = 0; m < METRICS; m++) {
      metrics.append(m == 0 ? "" : ",").append("{\"name\":\"m").append(m)
          .append("\",\"type\":\"continuous\",\"direction\":\"increase\"}");
    }
    String json = """
        {"id": "%s", "status": "running", "route": {"pathPrefix": "/report-bench"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "v0", "upstream": "http://127.0.0.1:9", "weight": 1},
                      {"name": "v1", "upstream": "http://127.0.0.1:9", "weight": 1},
                      {"name": "v2", "upstream": "http://127.0.0.1:9", "weight": 1}],
         "control": "v0", "metrics": [%s],
         "segments": [{"name": "seg", "source": "header", "key": "X-Seg", "maxValues": %d}]}
        """.formatted(EXPERIMENT, metrics, SEGMENTS);
    ParseResult parsed = ExperimentParser.parse(json);
    if (parsed instanceof ParseResult.Invalid invalid) {
      throw new IllegalStateException("report experiment is invalid: " + invalid.errors());
    }
    return ((ParseResult.Valid) parsed).experiment();
  }
}
