package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.HistogramMerge;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.StatsDelta;
import dev.abgw.analysis.cell.TimeBucket;
import dev.abgw.analysis.cell.TimeSeriesBounds;
import dev.abgw.analysis.event.RequestContext;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentJson;
import dev.abgw.stats.RatioStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link EventStore} on Redis through vertx-redis-client.
 *
 * <h2>Key layout</h2>
 * With prefix {@code P} (default {@code abgw}) and experiment id {@code E}; the experiment id is a hash
 * tag so every key of one experiment lives in one slot:
 * <ul>
 *   <li>{@code P:experiments} hash: id to definition JSON saved through the admin API</li>
 *   <li>{@code P:ctx:REQUEST_ID} string: request context JSON, expires after the retention</li>
 *   <li>{@code P:{E}:arms} hash: {@code VARIANT:units}, {@code VARIANT:requests}</li>
 *   <li>{@code P:{E}:units:VARIANT} set: units exposed to the variant (for exact unit counts)</li>
 *   <li>{@code P:{E}:stats} hash: cell to "units sumS sumS2 sumN sumN2 crossSum"; a cell is
 *       {@code VARIANT|METRIC} or {@code VARIANT|METRIC|DIMENSION=VALUE}</li>
 *   <li>{@code P:{E}:u:CELL} hash: unit to "S N", the unit's running sum and count in that cell</li>
 *   <li>{@code P:{E}:events} stream: raw events (field {@code e}: JSON), capped with MAXLEN ~</li>
 *   <li>{@code P:{E}:jid:ID} string: a judgment id already counted (idempotency), expires after the retention</li>
 *   <li>{@code P:{E}:hist} hash: "INSTANCE CELL" to the base64 HdrHistogram of that instance</li>
 *   <li>{@code P:{E}:state} string: analysis state (sequential running intersection)</li>
 *   <li>{@code P:{E}:ts:m} and {@code P:{E}:ts:h} sorted sets: starts of the minute and hourly time-series
 *       buckets; {@code P:{E}:ts:m:START}, {@code P:{E}:ts:h:START} hashes: overall cell to the bucket's six
 *       deltas, {@code VARIANT:units} / {@code VARIANT:requests} to its counts; {@code P:{E}:ts:cut} the oldest
 *       hour still in minute buckets (see {@link TimeSeriesBounds})</li>
 * </ul>
 * Writes go through one Lua script ({@code abgw/record.lua}) that applies a chunk of up to {@value #CHUNK}
 * records in order per call (chunks pipelined), so each record is atomic and instances never race; a
 * report reads {@code arms}, {@code stats} and {@code hist} only.
 */
public final class RedisEventStore implements EventStore {
  private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

  /** Records per script call: bounds how long one call holds Redis (a script blocks every other client). */
  static final int CHUNK = 256;
  /** Script calls in flight at once; writes arriving meanwhile are grouped into the next call. */
  static final int MAX_IN_FLIGHT = 2;

  /** Default bound on every Redis command (and on a connection attempt). */
  public static final long DEFAULT_TIMEOUT_MILLIS = 2_000;
  /** How often a non-empty spool is offered to Redis again. */
  static final long REPLAY_EVERY_MILLIS = 200;

  private final Vertx vertx;
  private final long timeoutMillis;
  /** Null: no spool, a write Redis does not acknowledge fails. */
  private final Spool spool;
  /** Spool file I/O runs here, never on an event loop; one thread keeps the spool's order. */
  private final java.util.concurrent.ExecutorService spoolIo;
  private long replayTimer = -1;
  private long pingTimer = -1;
  /** Milliseconds since the epoch of the last PING that failed or timed out, or 0 since one succeeded. */
  private volatile long unreachableSinceMillis;
  /** How often Redis is pinged, so /health says degraded during an outage even with no traffic. */
  static final long PING_EVERY_MILLIS = 1_000;
  private boolean replaying;
  private final Redis redis;
  private final String prefix;
  private final long contextTtlSeconds;
  private final long streamMaxLen;
  private final String script;
  private final String timeSeriesScript = loadScript("/abgw/timeseries.lua");
  private final TimeSeriesBounds timeSeriesBounds;
  private volatile String scriptSha;
  private final Object queueLock = new Object();
  private List<Queued> queued = new ArrayList<>();
  private int inFlight;

  private RedisEventStore(Vertx vertx, Redis redis, String prefix, long contextTtlSeconds, long streamMaxLen,
                          String script, long timeoutMillis, Spool spool, TimeSeriesBounds timeSeriesBounds) {
    this.vertx = vertx;
    this.timeSeriesBounds = timeSeriesBounds;
    this.timeoutMillis = timeoutMillis;
    this.spool = spool;
    this.spoolIo = spool == null ? null : java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "abgw-spool");
      t.setDaemon(true);
      return t;
    });
    // Records spooled before a restart are replayed once Redis answers.
    this.spoolNonEmpty = spool != null && !spool.isEmpty();
    this.redis = redis;
    this.prefix = prefix;
    this.contextTtlSeconds = contextTtlSeconds;
    this.streamMaxLen = streamMaxLen;
    this.script = script;
  }

  /** Connects, loads the script, and answers once Redis has replied. */
  public static Future<RedisEventStore> connect(Vertx vertx, String redisUrl, String prefix,
                                                long contextTtlSeconds, long streamMaxLen) {
    return connect(vertx, redisUrl, prefix, contextTtlSeconds, streamMaxLen, DEFAULT_TIMEOUT_MILLIS, null, 0);
  }

  /**
   * As {@link #connect(Vertx, String, String, long, long)}, with every command bounded by {@code timeoutMillis}
   * and, when {@code spoolDir} is set, a local spool of at most {@code spoolMaxBytes} that keeps the records
   * Redis does not acknowledge (answered {@code STORED} once spooled) and replays them in order once it does.
   */
  public static Future<RedisEventStore> connect(Vertx vertx, String redisUrl, String prefix, long contextTtlSeconds,
                                                long streamMaxLen, long timeoutMillis, java.nio.file.Path spoolDir,
                                                long spoolMaxBytes) {
    return connect(vertx, redisUrl, prefix, contextTtlSeconds, streamMaxLen, timeoutMillis, spoolDir, spoolMaxBytes,
        TimeSeriesBounds.DEFAULT);
  }

  /** As above, keeping each experiment's time series within {@code timeSeriesBounds}. */
  public static Future<RedisEventStore> connect(Vertx vertx, String redisUrl, String prefix, long contextTtlSeconds,
                                                long streamMaxLen, long timeoutMillis, java.nio.file.Path spoolDir,
                                                long spoolMaxBytes, TimeSeriesBounds timeSeriesBounds) {
    RedisOptions options = new RedisOptions().setConnectionString(redisUrl)
        .setMaxPoolSize(8).setMaxWaitingHandlers(65536).setMaxPoolWaiting(65536);
    options.getNetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    Redis redis = Redis.createClient(vertx, options);
    Spool spool;
    try {
      spool = spoolDir == null ? null : new Spool(spoolDir, spoolMaxBytes, java.time.Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(new IllegalStateException("cannot open the spool in " + spoolDir + ": " + e.getMessage(), e));
    }
    RedisEventStore store = new RedisEventStore(vertx, redis, prefix, contextTtlSeconds, streamMaxLen,
        loadScript("/abgw/record.lua"), timeoutMillis, spool, timeSeriesBounds);
    // The first connection (and a cold JVM) may take longer than one command: start-up waits at least 10 s.
    return store.timed(store.redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(store.script)),
        Math.max(timeoutMillis, 10_000)).map(r -> {
      store.scriptSha = r.toString();
      if (spool != null) store.replayTimer = vertx.setPeriodic(REPLAY_EVERY_MILLIS, id -> store.replay());
      store.pingTimer = vertx.setPeriodic(PING_EVERY_MILLIS, id -> store.ping());
      return store;
    });
  }

  /** {@code f}, failed with a TimeoutException if Redis has not answered within the command timeout. */
  private <T> Future<T> timed(Future<T> f) {
    return timed(f, timeoutMillis);
  }

  private <T> Future<T> timed(Future<T> f, long millis) {
    if (f.isComplete()) return f;
    Promise<T> p = Promise.promise();
    long timer = vertx.setTimer(millis, id -> p.tryFail(new java.util.concurrent.TimeoutException(
        "Redis did not answer within " + millis + " ms (--redis-timeout-ms)")));
    f.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) p.tryComplete(ar.result()); else p.tryFail(ar.cause());
    });
    return p.future();
  }

  private Future<Response> send(Request req) {
    return timed(redis.send(req));
  }

  private static String loadScript(String resource) {
    try (InputStream in = RedisEventStore.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  private Future<String> loadScriptSha() {
    return send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).map(r -> {
      scriptSha = r.toString();
      return scriptSha;
    });
  }

  private String base(String experiment) {
    return prefix + ":{" + experiment + "}";
  }

  private String contextKey(String requestId) {
    return prefix + ":ctx:" + requestId;
  }

  @Override
  public Future<WriteResult> write(StoreRecord record) {
    return writeAll(List.of(record)).map(l -> l.get(0));
  }

  /**
   * Group commit: records of every caller that arrive while {@value #MAX_IN_FLIGHT} writes are in flight
   * wait and leave together, so 32 single judgments in flight cost one script call instead of 32 (a call
   * has a fixed cost in Redis of about 70 us, a record in a chunk about 17 us). Each caller's records stay
   * in order and each caller gets exactly its own results.
   */
  @Override
  public Future<List<WriteResult>> writeAll(List<StoreRecord> records) {
    if (records.isEmpty()) return Future.succeededFuture(List.of());
    Promise<List<WriteResult>> promise = Promise.promise();
    List<Queued> group = null;
    synchronized (queueLock) {
      queued.add(new Queued(records, promise));
      if (inFlight < MAX_IN_FLIGHT) {
        inFlight++;
        group = queued;
        queued = new ArrayList<>();
      }
    }
    if (group != null) flush(group);
    return promise.future();
  }

  private record Queued(List<StoreRecord> records, Promise<List<WriteResult>> promise) {}

  private void flush(List<Queued> group) {
    List<StoreRecord> all;
    if (group.size() == 1) {
      all = group.get(0).records();
    } else {
      all = new ArrayList<>();
      for (Queued q : group) all.addAll(q.records());
    }
    apply(all).onComplete(ar -> {
      int from = 0;
      for (Queued q : group) {
        if (ar.succeeded()) {
          q.promise().complete(ar.result().subList(from, from + q.records().size()));
          from += q.records().size();
        } else {
          q.promise().fail(ar.cause());
        }
      }
      List<Queued> next = null;
      synchronized (queueLock) {
        if (queued.isEmpty()) {
          inFlight--;
        } else {
          next = queued;
          queued = new ArrayList<>();
        }
      }
      if (next != null) flush(next);
    });
  }

  /**
   * Chunks of {@value #CHUNK} records, each with its batch key, sent pipelined. With a spool: while it holds
   * anything, new records join it (order is kept); when Redis fails or does not answer in time, the chunks go
   * to the spool under the same batch keys and are answered {@code STORED}.
   */
  private Future<List<WriteResult>> apply(List<StoreRecord> records) {
    List<List<StoreRecord>> chunks = new ArrayList<>(records.size() / CHUNK + 1);
    List<String> keys = new ArrayList<>(chunks.size());
    for (int from = 0; from < records.size(); from += CHUNK) {
      chunks.add(records.subList(from, Math.min(records.size(), from + CHUNK)));
      keys.add(spool == null ? "" : prefix + ":batch:" + dev.abgw.analysis.event.RequestIds.newId());
    }
    if (spool != null && spooling()) return toSpool(keys, chunks);
    Future<List<WriteResult>> sent = sendChunks(keys, chunks);
    if (sent.failed() && sent.cause() instanceof IllegalArgumentException) return sent; // never spooled either
    sent = sent.recover(err -> {
      if (String.valueOf(err.getMessage()).contains("NOSCRIPT")) {
        // Redis restarted or flushed its script cache: load again and retry once.
        return loadScriptSha().compose(sha -> sendChunks(keys, chunks));
      }
      return Future.failedFuture(err);
    });
    return spool == null ? sent : sent.recover(err -> toSpool(keys, chunks));
  }

  private Future<List<WriteResult>> sendChunks(List<String> keys, List<List<StoreRecord>> chunks) {
    // Every record is encoded before anything is sent: one that cannot be fails this call alone (thrown here,
    // it used to leave the group commit's in-flight count stuck, so no later write ever left).
    List<Request> requests = new ArrayList<>(chunks.size());
    try {
      for (int i = 0; i < chunks.size(); i++) requests.add(evalsha(keys.get(i), chunks.get(i)));
    } catch (RuntimeException unencodable) {
      return Future.failedFuture(new IllegalArgumentException("a record cannot be encoded, nothing was written: "
          + unencodable.getMessage(), unencodable));
    }
    Future<List<Response>> responses = requests.size() == 1
        ? send(requests.get(0)).map(List::of)
        : timed(redis.batch(requests));
    int expected = chunks.stream().mapToInt(List::size).sum();
    return responses.map(rs -> {
      List<WriteResult> out = new ArrayList<>(expected);
      for (Response chunk : rs) {
        for (int i = 0; i < chunk.size(); i++) {
          long code = chunk.get(i).toLong();
          // 2: the chunk was applied before (a replay, or an answer lost to a timeout): it was stored then.
          out.add(code == 0L ? WriteResult.DUPLICATE : WriteResult.STORED);
        }
      }
      if (out.size() != expected) {
        throw new IllegalStateException("record.lua answered " + out.size() + " results for " + expected + " records");
      }
      return out;
    });
  }

  private volatile boolean spoolNonEmpty;

  private boolean spooling() {
    return spoolNonEmpty;
  }

  private Future<List<WriteResult>> toSpool(List<String> keys, List<List<StoreRecord>> chunks) {
    int count = chunks.stream().mapToInt(List::size).sum();
    return onSpool(() -> {
      if (!spool.append(keys, chunks)) {
        throw new IllegalStateException("Redis did not acknowledge and the spool is full (--spool-max-mb): "
            + count + " record(s) dropped");
      }
      spoolNonEmpty = true;
      List<WriteResult> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) out.add(WriteResult.STORED);
      return out;
    });
  }

  private void ping() {
    send(Request.cmd(Command.PING)).onComplete(ar -> {
      if (ar.succeeded()) {
        unreachableSinceMillis = 0;
      } else if (unreachableSinceMillis == 0) {
        unreachableSinceMillis = System.currentTimeMillis();
      }
    });
  }

  /** Offers the oldest spooled chunk to Redis; on success the next one follows at once. */
  private void replay() {
    if (replaying || !spoolNonEmpty) return;
    replaying = true;
    onSpool(spool::peek).compose(chunk -> {
      if (chunk == null) return Future.succeededFuture(false);
      return sendChunks(List.of(chunk.batchKey()), List.of(chunk.records()))
          .recover(err -> String.valueOf(err.getMessage()).contains("NOSCRIPT")
              ? loadScriptSha().compose(sha -> sendChunks(List.of(chunk.batchKey()), List.of(chunk.records())))
              : Future.failedFuture(err))
          .compose(written -> onSpool(() -> {
            spool.acknowledge(chunk);
            spoolNonEmpty = !spool.isEmpty();
            return spoolNonEmpty;
          }));
    }).onComplete(ar -> {
      replaying = false;
      if (ar.succeeded() && ar.result()) replay();
    });
  }

  @FunctionalInterface
  private interface SpoolTask<T> {
    T run() throws IOException;
  }

  private <T> Future<T> onSpool(SpoolTask<T> task) {
    io.vertx.core.Context ctx = vertx.getOrCreateContext();
    Promise<T> p = Promise.promise();
    try {
      spoolIo.execute(() -> {
        try {
          T v = task.run();
          ctx.runOnContext(x -> p.complete(v));
        } catch (Throwable e) {
          ctx.runOnContext(x -> p.fail(e));
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      return Future.failedFuture(new IllegalStateException("the spool is closed"));
    }
    return p.future();
  }

  /** Spool depth and age, and whether records were dropped because it was full (in the last minute). */
  @Override
  public StoreHealth health() {
    long down = unreachableSinceMillis;
    String unreachable = down == 0 ? null : "Redis does not answer PING within " + timeoutMillis + " ms (for "
        + (System.currentTimeMillis() - down) / 1000 + " s)";
    if (spool == null) {
      return unreachable == null ? StoreHealth.ok() : new StoreHealth(true, List.of(unreachable), Map.of());
    }
    long records = spool.records();
    long dropped = spool.dropped();
    boolean recentDrop = spool.lastDropMillis() > System.currentTimeMillis() - 60_000;
    List<String> problems = new ArrayList<>();
    if (unreachable != null) problems.add(unreachable);
    if (records > 0) {
      problems.add("Redis did not acknowledge: " + records + " record(s) wait in the spool, the oldest for "
          + spool.oldestAgeMillis() / 1000 + " s");
    }
    if (recentDrop) problems.add("the spool was full: " + dropped + " record(s) dropped since start (--spool-max-mb)");
    return new StoreHealth(!problems.isEmpty(), problems, Map.of(
        "spool_records", records, "spool_bytes", spool.bytes(),
        "spool_oldest_age_seconds", spool.oldestAgeMillis() / 1000.0,
        "spool_dropped_total", dropped, "spool_replayed_total", spool.replayed()));
  }

  private Request evalsha(String batchKey, List<StoreRecord> chunk) {
    Request req = Request.cmd(Command.EVALSHA).arg(scriptSha).arg(0)
        .arg(contextTtlSeconds).arg(streamMaxLen).arg(contextTtlSeconds).arg(batchKey)
        .arg(timeSeriesBounds.minuteHours()).arg(timeSeriesBounds.maxHourlyBuckets());
    for (StoreRecord r : chunk) {
      String base = base(r.experiment());
      req.arg(base).arg(r.variant()).arg(r.unit());
      if (r.context() != null) {
        req.arg(contextKey(r.context().requestId())).arg(ContextCodec.encode(r.context()).encode());
      } else {
        req.arg("").arg("");
      }
      req.arg(r.event().encode()).arg(r.exposure() ? "1" : "0")
          .arg(r.dedupeId() == null ? "" : base + ":jid:" + r.dedupeId()).arg(r.timeMillis())
          .arg(r.observations().size());
      for (Observation o : r.observations()) {
        req.arg(o.key().encode()).arg(Double.toString(o.value()));
      }
    }
    return req;
  }

  @Override
  public Future<Optional<RequestContext>> context(String requestId) {
    return send(Request.cmd(Command.GET).arg(contextKey(requestId)))
        .map(r -> r == null ? Optional.<RequestContext>empty()
            : Optional.of(ContextCodec.decode(new JsonObject(r.toString()))));
  }

  @Override
  public Future<Snapshot> snapshot(String experiment) {
    String base = base(experiment);
    return timed(redis.batch(List.of(
        Request.cmd(Command.HGETALL).arg(base + ":arms"),
        Request.cmd(Command.HGETALL).arg(base + ":stats"),
        Request.cmd(Command.HGETALL).arg(base + ":hist")))).map(rs -> new Snapshot(
            decodeArms(hash(rs.get(0))), decodeStats(hash(rs.get(1))), decodeHistograms(hash(rs.get(2)))));
  }

  /**
   * The buckets of every base the experiment's statistics live under (one today), read by one script per base
   * so a merge between reading the index and the buckets cannot hide a bucket.
   */
  @Override
  public Future<List<TimeBucket>> timeSeries(String experiment) {
    List<String> bases = List.of(base(experiment));
    List<Request> reads = new ArrayList<>(bases.size());
    for (String b : bases) reads.add(Request.cmd(Command.EVAL).arg(timeSeriesScript).arg(0).arg(b));
    return timed(redis.batch(reads)).map(rs -> {
      List<TimeBucket> out = new ArrayList<>();
      for (Response r : rs) out.addAll(decodeBuckets(r));
      return out;
    });
  }

  /** The script's answer: width ("m" or "h"), start, and the bucket hash as a flat field/value list, repeated. */
  private static List<TimeBucket> decodeBuckets(Response r) {
    List<TimeBucket> out = new ArrayList<>(r.size() / 3);
    for (int i = 0; i + 2 < r.size(); i += 3) {
      TimeBucket.Width width = "h".equals(r.get(i).toString()) ? TimeBucket.Width.HOUR : TimeBucket.Width.MINUTE;
      long start = Long.parseLong(r.get(i + 1).toString());
      Response fields = r.get(i + 2);
      Map<StatKey, StatsDelta> cells = new HashMap<>();
      Map<String, String> armFields = new HashMap<>();
      for (int j = 0; j + 1 < fields.size(); j += 2) {
        String field = fields.get(j).toString();
        String value = fields.get(j + 1).toString();
        if (field.indexOf('|') >= 0) {
          cells.put(StatKey.decode(field), StatsDelta.decode(value));
        } else {
          armFields.put(field, value);
        }
      }
      out.add(new TimeBucket(start, width, cells, decodeArms(armFields)));
    }
    return out;
  }

  private static Map<String, String> hash(Response r) {
    Map<String, String> out = new HashMap<>();
    if (r == null) return out;
    for (String k : r.getKeys()) out.put(k, r.get(k).toString());
    return out;
  }

  static Map<String, ArmCounts> decodeArms(Map<String, String> fields) {
    Map<String, ArmCounts> arms = new HashMap<>();
    fields.forEach((field, value) -> {
      int colon = field.lastIndexOf(':');
      String variant = field.substring(0, colon);
      long v = Long.parseLong(value);
      ArmCounts add = field.endsWith(":units") ? new ArmCounts(v, 0) : new ArmCounts(0, v);
      arms.merge(variant, add, ArmCounts::plus);
    });
    return arms;
  }

  static Map<StatKey, RatioStats> decodeStats(Map<String, String> fields) {
    Map<StatKey, RatioStats> stats = new HashMap<>();
    fields.forEach((cell, value) -> {
      String[] f = value.split(" ");
      stats.put(StatKey.decode(cell), new RatioStats((long) Double.parseDouble(f[0]), Double.parseDouble(f[1]),
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
    });
    return stats;
  }

  /** Fields are "INSTANCE CELL"; the caller merges the histograms of all instances per cell. */
  private static Map<StatKey, byte[]> decodeHistograms(Map<String, String> fields) {
    Map<StatKey, byte[]> out = new HashMap<>();
    fields.forEach((field, value) -> {
      String cell = field.substring(field.indexOf(' ') + 1);
      out.merge(StatKey.decode(cell), Base64.getDecoder().decode(value), HistogramMerge::mergeEncoded);
    });
    return out;
  }

  @Override
  public Future<Void> putHistograms(String experiment, String instanceId, Map<StatKey, byte[]> histograms) {
    if (histograms.isEmpty()) return Future.succeededFuture();
    Request req = Request.cmd(Command.HSET).arg(base(experiment) + ":hist");
    histograms.forEach((k, v) -> req.arg(instanceId + " " + k.encode()).arg(Base64.getEncoder().encodeToString(v)));
    return send(req).mapEmpty();
  }

  @Override
  public Future<EventPage> events(String experiment, String cursor, int limit) {
    String start = cursor == null ? "-" : "(" + cursor;
    return send(Request.cmd(Command.XRANGE).arg(base(experiment) + ":events").arg(start).arg("+")
        .arg("COUNT").arg(limit)).map(r -> {
          List<JsonObject> events = new ArrayList<>();
          String last = null;
          for (int i = 0; i < r.size(); i++) {
            Response entry = r.get(i);
            last = entry.get(0).toString();
            Response fields = entry.get(1);
            for (int j = 0; j + 1 < fields.size(); j += 2) {
              if ("e".equals(fields.get(j).toString())) events.add(new JsonObject(fields.get(j + 1).toString()));
            }
          }
          return new EventPage(events, r.size() < limit ? null : last);
        });
  }

  @Override
  public Future<Optional<String>> analysisState(String experiment) {
    return send(Request.cmd(Command.GET).arg(base(experiment) + ":state"))
        .map(r -> r == null ? Optional.<String>empty() : Optional.of(r.toString()));
  }

  @Override
  public Future<Void> putAnalysisState(String experiment, String state) {
    return send(Request.cmd(Command.SET).arg(base(experiment) + ":state").arg(state)).mapEmpty();
  }

  @Override
  public Future<SavedDefinitions> experiments() {
    return send(Request.cmd(Command.HGETALL).arg(prefix + ":experiments")).map(r -> SavedDefinitions.parse(hash(r)));
  }

  @Override
  public Future<Void> putExperiment(Experiment experiment) {
    return send(Request.cmd(Command.HSET).arg(prefix + ":experiments").arg(experiment.id())
        .arg(ExperimentJson.toJson(experiment))).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    // Idempotent: a second close (a test's, or a shutdown after a failure) finds nothing left to close.
    if (!closing.compareAndSet(false, true)) return Future.succeededFuture();
    if (replayTimer >= 0) vertx.cancelTimer(replayTimer);
    if (pingTimer >= 0) vertx.cancelTimer(pingTimer);
    if (spool == null) return redis.close();
    // Whatever is still spooled stays on disk and is replayed by the next start.
    return this.<Void>onSpool(() -> {
      spool.close();
      return null;
    }).eventually(() -> {
      spoolIo.shutdown();
      return redis.close();
    });
  }
}
