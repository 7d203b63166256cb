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
import com.fasterxml.jackson.core.io.NumberInput;
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
 * {@link EventStore} on Redis through vertx-redis-client: one Redis, or a Redis Cluster ({@link RedisTarget}).
 *
 * <h2>Shards</h2>
 * The unit-level state of an experiment is split into {@code N} shards (unless set: {@value #DEFAULT_SHARDS} on a
 * cluster, two per master of a 3-master cluster, 1 on one Redis; fixed for a prefix's life, see {@link #checkShards}) by
 * a hash of the unit: {@code shard(unit) = CRC32(UTF-8 unit) mod N}. Every key of one shard carries the hash tag
 * {@code {E:s}} (or {@code {E:s:k}}: {@link SlotSpread} picks the suffix that puts shard {@code s} of {@code N}
 * in the {@code s}-th of {@code N} equal slot ranges, so a cluster's masters share the shards evenly; with one
 * shard the tag is always {@code E:0}), so it lives in one Redis Cluster slot and one script call touches one
 * slot only (a Redis 7 cluster refuses a script that reaches keys of two slots). A unit's sums live in exactly one shard, so the
 * experiment's sufficient statistics are the sums of the shards' ({@code units}, {@code sumS}, {@code sumS2},
 * {@code sumN}, {@code sumN2}, {@code crossSum} are all sums over disjoint sets of units; arm counts are sums
 * of exposures and of first exposures per shard; histograms merge).
 *
 * <p>Request contexts are found by request id alone (a judgment names a request id, nothing else), so they go
 * to the shard of the request id, {@code CRC32(id) mod N}, under a tag of their own, {@code {ctx:s}} (spread the
 * same way), which
 * holds the contexts of every experiment. A proxied request thus touches two slots, its unit's shard (sums,
 * counts, event) and its id's context shard: in a cluster the store sends it as two entries, each in the chunk
 * of its slot; each entry is atomic on its own and the write answers once both are applied. One Redis has no
 * slots to respect: there chunks keep records in order across shards, a record is one entry with its context
 * inline, and a group commit stays one script call. Encoding the shard into the
 * request id instead would not cover the client's own {@code X-Request-Id}, and keeping the context in the
 * unit's shard would need every shard read per lookup and would lose "the first request keeps an id" (two
 * units' shards could each hold a context for one id). A judgment's dedupe key is in its unit's shard: a
 * judgment id counts once per (experiment, unit), which covers a retry of a judgment (it names the same
 * request, hence the same unit) on every store alike.
 *
 * <h2>Key layout</h2>
 * With prefix {@code P} (default {@code abgw}), experiment id {@code E}, shard {@code s} of {@code 0..N-1} and
 * the shard base {@code B = P:{E:s}}:
 * <ul>
 *   <li>{@code P:experiments} hash: id to definition JSON saved through the admin API</li>
 *   <li>{@code P:shards} string: the shard count the prefix's data was written with ({@link #checkShards})</li>
 *   <li>{@code P:{ctx:s}:REQUEST_ID} string: request context JSON, expires after the retention</li>
 *   <li>{@code B:arms} hash: {@code VARIANT:units}, {@code VARIANT:requests} of the shard's units</li>
 *   <li>{@code B:units:VARIANT} set: the shard's units exposed to the variant (for exact unit counts)</li>
 *   <li>{@code B:stats} hash: cell to "units sumS sumS2 sumN sumN2 crossSum" over the shard's units; a cell is
 *       {@code VARIANT|METRIC} or {@code VARIANT|METRIC|DIMENSION=VALUE}</li>
 *   <li>{@code B:us} hash: {@code "#CELL:CELL UNIT"} (the cell's length, a colon, the cell, a space, the unit) to
 *       the unit's running sum and count in that cell, two little-endian IEEE doubles (16 bytes; one hash for
 *       every cell of the shard, read and written once per script call)</li>
 *   <li>{@code B:events} stream: raw events of the shard's units (field {@code e}: JSON), capped with MAXLEN ~;
 *       {@link #events} merges the shards' streams by stream id (the time Redis appended it), shard number
 *       breaking ties; one unit's events keep the order they were written</li>
 *   <li>{@code B:jids:K} hash: field {@code L:UNIT:ID} for each judgment id {@code ID} of unit {@code UNIT}
 *       ({@code L} its length) counted while Redis's clock was in bucket {@code K = floor(seconds / W)}, {@code W}
 *       the retention; a write checks buckets {@code K} and {@code K - 1}, so an id stays a duplicate for at least
 *       {@code W} (idempotency), and unlinks bucket {@code K - 2} (freed in the background); each expires at
 *       {@code (K + 3) W} should its shard receive no more judgments</li>
 *   <li>{@code B:v2} string: {@code 0}, or the second a shard written by an earlier version (per-cell {@code B:u:CELL}
 *       text sums, one {@code B:jid:L:UNIT:ID} key per id) was first written by this one: such a shard's sums are
 *       moved into {@code B:us} as they are touched, and for one retention its old id keys still count</li>
 *   <li>{@code P:{ctx:s}:batch:ID}, {@code B:batch:ID}: a chunk already applied (spool replays), in the chunk's slot</li>
 *   <li>{@code P:{E}:hist} hash: "INSTANCE CELL" to the base64 HdrHistogram of that instance</li>
 *   <li>{@code P:{E}:state} string: analysis state (sequential running intersection)</li>
 *   <li>{@code B:ts:m} and {@code B:ts:h} sorted sets: starts of the shard's minute and hourly time-series
 *       buckets; {@code B:ts:m:START}, {@code B:ts:h:START} hashes: overall cell to the bucket's six
 *       deltas over the shard's units, {@code VARIANT:units} / {@code VARIANT:requests} to its counts;
 *       {@code B:ts:cut} the oldest hour the shard still keeps in minute buckets (see {@link TimeSeriesBounds})</li>
 * </ul>
 * Writes go through one Lua script ({@code abgw/record.lua}) that applies a chunk of up to {@value #CHUNK}
 * entries of one slot in order per call (chunks pipelined; in a cluster each goes to its slot's master), so
 * each entry is atomic and instances never race. The script receives the shard base {@code B} of each entry and
 * derives every key from it. A report reads {@code arms} and {@code stats} of every shard and {@code hist}.
 */
public final class RedisEventStore implements EventStore {
  private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

  /** Shards per experiment on a cluster unless set ({@code --redis-shards}); one Redis takes 1. */
  public static final int DEFAULT_SHARDS = 6;
  /** {@code shards} value that picks the default of the target: {@value #DEFAULT_SHARDS} on a cluster, 1 on one Redis. */
  public static final int AUTO_SHARDS = 0;

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
  /** Shards per experiment (and of the request contexts). */
  private final int shards;
  /** A Redis Cluster: commands of different slots go apart, never in one pipeline. */
  private final boolean cluster;
  /** Shard bases per experiment ({@link #shardBases}); bounded, since a reader may name any experiment id. */
  private final com.github.benmanes.caffeine.cache.Cache<String, List<String>> bases =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();
  /** The request contexts' shard bases. */
  private final List<String> contextBases;
  private final Object queueLock = new Object();
  private List<Queued> queued = new ArrayList<>();
  private int inFlight;

  private RedisEventStore(Vertx vertx, Redis redis, boolean cluster, int shards, String prefix, long contextTtlSeconds,
                          long streamMaxLen, String script, long timeoutMillis, Spool spool,
                          TimeSeriesBounds timeSeriesBounds) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.shards = shards;
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
    this.contextBases = spreadBases("ctx");
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
        AUTO_SHARDS, TimeSeriesBounds.DEFAULT);
  }

  /** As above with {@code shards} shards and the default time-series bounds. */
  public static Future<RedisEventStore> connect(Vertx vertx, String redisUrl, String prefix, long contextTtlSeconds,
                                                long streamMaxLen, long timeoutMillis, java.nio.file.Path spoolDir,
                                                long spoolMaxBytes, int shards) {
    return connect(vertx, redisUrl, prefix, contextTtlSeconds, streamMaxLen, timeoutMillis, spoolDir, spoolMaxBytes,
        shards, TimeSeriesBounds.DEFAULT);
  }

  /** As above with the target's default shard count and the given time-series bounds. */
  public static Future<RedisEventStore> connect(Vertx vertx, String redisUrl, String prefix, long contextTtlSeconds,
                                                long streamMaxLen, long timeoutMillis, java.nio.file.Path spoolDir,
                                                long spoolMaxBytes, TimeSeriesBounds timeSeriesBounds) {
    return connect(vertx, redisUrl, prefix, contextTtlSeconds, streamMaxLen, timeoutMillis, spoolDir, spoolMaxBytes,
        AUTO_SHARDS, timeSeriesBounds);
  }

  /**
   * As above, on {@code redisUrl} as {@link RedisTarget#parse} reads it (one Redis or a cluster), with every
   * experiment split into {@code shards} shards ({@link #AUTO_SHARDS}: {@value #DEFAULT_SHARDS} on a cluster, 1 on
   * one Redis, where shards buy nothing and each costs a stats read and write per script call). Every gateway
   * on one Redis and prefix must use the same count. Each experiment's time series is kept within
   * {@code timeSeriesBounds}.
   */
  public static Future<RedisEventStore> connect(Vertx vertx, String redisUrl, String prefix, long contextTtlSeconds,
                                                long streamMaxLen, long timeoutMillis, java.nio.file.Path spoolDir,
                                                long spoolMaxBytes, int shards,
                                                TimeSeriesBounds timeSeriesBounds) {
    if (shards < 0 || shards > 1024) {
      return Future.failedFuture(new IllegalArgumentException("--redis-shards must be between 1 and 1024 (was " + shards + ")"));
    }
    RedisTarget target;
    try {
      target = RedisTarget.parse(redisUrl);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    if (shards == AUTO_SHARDS) shards = target.cluster() ? DEFAULT_SHARDS : 1;
    RedisOptions options = target.options()
        .setMaxPoolSize(8).setMaxWaitingHandlers(65536).setMaxPoolWaiting(65536);
    options.getNetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    Redis redis = Redis.createClient(vertx, options);
    Spool spool;
    try {
      spool = spoolDir == null ? null : new Spool(spoolDir, spoolMaxBytes, java.time.Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(new IllegalStateException("cannot open the spool in " + spoolDir + ": " + e.getMessage(), e));
    }
    RedisEventStore store = new RedisEventStore(vertx, redis, target.cluster(), shards, prefix, contextTtlSeconds,
        streamMaxLen, loadScript("/abgw/record.lua"), timeoutMillis, spool, timeSeriesBounds);
    // The first connection (and a cold JVM) may take longer than one command: start-up waits at least 10 s.
    return store.timed(store.redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(store.script)),
        Math.max(timeoutMillis, 10_000)).compose(r -> store.checkShards().map(r)).map(r -> {
      store.scriptSha = r.toString();
      if (spool != null) store.replayTimer = vertx.setPeriodic(REPLAY_EVERY_MILLIS, id -> store.replay());
      store.pingTimer = vertx.setPeriodic(PING_EVERY_MILLIS, id -> store.ping());
      return store;
    });
  }

  /**
   * The shard count is part of the data: a unit's sums live in shard {@code CRC32(unit) mod N}, so a gateway
   * with another {@code N} would start a second copy of each unit's sums (its units counted twice, its sums
   * of squares split). The first gateway on a prefix records its count in {@code P:shards}; a later one with
   * another count refuses to start and names both.
   */
  private Future<Void> checkShards() {
    String key = prefix + ":shards";
    return timed(redis.send(Request.cmd(Command.SET).arg(key).arg(shards).arg("NX"))
        .compose(set -> redis.send(Request.cmd(Command.GET).arg(key))), Math.max(timeoutMillis, 10_000))
        .compose(r -> {
          String recorded = r == null ? null : r.toString();
          if (String.valueOf(shards).equals(recorded)) return Future.succeededFuture();
          return Future.failedFuture(new IllegalStateException("--redis-shards is " + shards + " but the data under"
              + " --redis-prefix " + prefix + " was written with " + recorded + " shards (" + key + "); start with"
              + " --redis-shards " + recorded + ", or use another --redis-prefix for a new count"));
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

  /** Keys of the experiment as a whole (histograms, analysis state), outside the shards. */
  private String experimentBase(String experiment) {
    return prefix + ":{" + experiment + "}";
  }

  /** The base key of one shard of an experiment: every key of the shard starts with it (one slot). */
  String shardBase(String experiment, int shard) {
    return shardBases(experiment).get(shard);
  }

  /**
   * The bases of all shards of an experiment, in shard order: what a reader sums over. Their hash tags are
   * spread over the cluster's slots ({@link SlotSpread}); worked out once per experiment.
   */
  List<String> shardBases(String experiment) {
    return bases.get(experiment, this::spreadBases);
  }

  private List<String> spreadBases(String tagBase) {
    List<String> out = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) out.add(prefix + ":{" + SlotSpread.tag(tagBase, s, shards) + "}");
    return List.copyOf(out);
  }

  private String contextBase(int shard) {
    return contextBases.get(shard);
  }

  private String contextKey(String requestId) {
    return contextBase(shardOf(requestId, shards)) + ":" + requestId;
  }

  /** {@code CRC32(UTF-8 key) mod shards}: stable across processes, versions and machines. */
  static int shardOf(String key, int shards) {
    if (shards == 1) return 0;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update((key == null ? "" : key).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % shards);
  }

  /**
   * The base an entry's keys derive from: its context shard for a context entry, else its unit's shard (on one
   * Redis a record keeps its context inline: its context key is in the id's shard all the same).
   */
  private String entryBase(StoreRecord entry) {
    return isContextEntry(entry) ? contextBase(shardOf(entry.context().requestId(), shards))
        : shardBase(entry.experiment(), shardOf(entry.unit(), shards));
  }

  /** A context entry carries only the context of a request (no event): the half that goes to the id's shard. */
  private static boolean isContextEntry(StoreRecord entry) {
    return entry.event() == null && entry.context() != null;
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
   * The entries of a group of records, grouped by slot and cut into chunks of at most {@value #CHUNK}: each
   * record gives one entry in its unit's shard, and a record with a request context one more (the context
   * alone) in the shard of its request id. {@code origins} holds, per chunk, the index of the record each
   * entry answers for, or -1 for a context entry (its answer is not the record's).
   */
  private record Plan(List<String> keys, List<List<StoreRecord>> chunks, List<int[]> origins) {}

  private Plan plan(List<StoreRecord> records) {
    return cluster ? planBySlot(records) : planInOrder(records);
  }

  /**
   * One Redis has no slots to respect: chunks keep the records in order whatever their shards, each record one
   * entry with its context inline, so a group commit of 32 single judgments stays one script call (grouping
   * by shard would make it about 16 calls of 2, and a call's fixed cost is what a single judgment pays for).
   */
  private Plan planInOrder(List<StoreRecord> records) {
    List<String> keys = new ArrayList<>();
    List<List<StoreRecord>> chunks = new ArrayList<>();
    List<int[]> origins = new ArrayList<>();
    for (int from = 0; from < records.size(); from += CHUNK) {
      int to = Math.min(records.size(), from + CHUNK);
      chunks.add(records.subList(from, to));
      int[] origin = new int[to - from];
      for (int i = 0; i < origin.length; i++) origin[i] = from + i;
      origins.add(origin);
      keys.add(spool == null ? "" : prefix + ":batch:" + dev.abgw.analysis.event.RequestIds.newId());
    }
    return new Plan(keys, chunks, origins);
  }

  private Plan planBySlot(List<StoreRecord> records) {
    Map<String, List<StoreRecord>> bySlot = new java.util.LinkedHashMap<>();
    Map<String, List<Integer>> originBySlot = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      StoreRecord r = records.get(i);
      StoreRecord stats = r.context() == null ? r : new StoreRecord(r.experiment(), r.variant(), r.unit(),
          r.exposure(), null, r.dedupeId(), r.observations(), r.event(), r.timeMillis());
      add(bySlot, originBySlot, stats, i);
      if (r.context() != null) {
        add(bySlot, originBySlot, new StoreRecord(r.experiment(), r.variant(), r.unit(), false, r.context(), null,
            List.of(), null, r.timeMillis()), -1);
      }
    }
    List<String> keys = new ArrayList<>();
    List<List<StoreRecord>> chunks = new ArrayList<>();
    List<int[]> origins = new ArrayList<>();
    bySlot.forEach((base, entries) -> {
      List<Integer> from = originBySlot.get(base);
      for (int start = 0; start < entries.size(); start += CHUNK) {
        int end = Math.min(entries.size(), start + CHUNK);
        chunks.add(entries.subList(start, end));
        origins.add(from.subList(start, end).stream().mapToInt(Integer::intValue).toArray());
        // The batch key lives in the chunk's slot, so the script may set it.
        keys.add(spool == null ? "" : base + ":batch:" + dev.abgw.analysis.event.RequestIds.newId());
      }
    });
    return new Plan(keys, chunks, origins);
  }

  private void add(Map<String, List<StoreRecord>> bySlot, Map<String, List<Integer>> originBySlot, StoreRecord entry,
                   int origin) {
    String base = entryBase(entry);
    bySlot.computeIfAbsent(base, k -> new ArrayList<>()).add(entry);
    originBySlot.computeIfAbsent(base, k -> new ArrayList<>()).add(origin);
  }

  /**
   * Sends the plan's chunks, each with its batch key, pipelined. With a spool: while it holds anything, new
   * chunks join it (order is kept); when Redis fails or does not answer in time, the chunks go to the spool
   * under the same batch keys and are answered {@code STORED}.
   */
  private Future<List<WriteResult>> apply(List<StoreRecord> records) {
    Plan plan;
    try {
      plan = plan(records);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("a record cannot be stored, nothing was written: "
          + e.getMessage(), e));
    }
    List<String> keys = plan.keys();
    List<List<StoreRecord>> chunks = plan.chunks();
    if (spool != null && spooling()) return toSpool(keys, chunks, records.size());
    Future<List<WriteResult>> sent = sendChunks(keys, chunks).map(codes -> results(plan, codes, records.size()));
    if (sent.failed() && sent.cause() instanceof IllegalArgumentException) return sent; // never spooled either
    sent = sent.recover(err -> {
      if (!cluster && String.valueOf(err.getMessage()).contains("NOSCRIPT")) {
        // Redis restarted or flushed its script cache: load again and retry once. (A cluster's chunks fall
        // back to EVAL one by one in sendChunks, since each master has its own script cache.)
        return loadScriptSha().compose(sha -> sendChunks(keys, chunks)).map(codes -> results(plan, codes, records.size()));
      }
      return Future.failedFuture(err);
    });
    return spool == null ? sent : sent.recover(err -> toSpool(keys, chunks, records.size()));
  }

  /** One result per record, from the codes of its entry (0 duplicate; 1 stored; 2 applied before). */
  private static List<WriteResult> results(Plan plan, List<long[]> codes, int records) {
    WriteResult[] out = new WriteResult[records];
    for (int c = 0; c < codes.size(); c++) {
      int[] origin = plan.origins().get(c);
      long[] chunk = codes.get(c);
      for (int i = 0; i < origin.length; i++) {
        if (origin[i] >= 0) out[origin[i]] = chunk[i] == 0L ? WriteResult.DUPLICATE : WriteResult.STORED;
      }
    }
    return List.of(out);
  }

  /** The script's answer to each chunk, one code per entry. */
  private Future<List<long[]>> sendChunks(List<String> keys, List<List<StoreRecord>> chunks) {
    // Every entry is encoded before anything is sent: one that cannot be fails this call alone (thrown here,
    // it used to leave the group commit's in-flight count stuck, so no later write ever left).
    List<Request> requests = new ArrayList<>(chunks.size());
    try {
      for (int i = 0; i < chunks.size(); i++) requests.add(scriptCall(Command.EVALSHA, scriptSha, keys.get(i), chunks.get(i)));
    } catch (RuntimeException unencodable) {
      return Future.failedFuture(new IllegalArgumentException("a record cannot be encoded, nothing was written: "
          + unencodable.getMessage(), unencodable));
    }
    Future<List<Response>> responses;
    if (requests.size() == 1 && !cluster) {
      responses = send(requests.get(0)).map(List::of);
    } else if (!cluster) {
      responses = timed(redis.batch(requests));
    } else {
      // A cluster refuses a batch across slots: each chunk goes on its own to its slot's master, all of them
      // pipelined on one cluster connection. A master that has not seen the script yet gets it through EVAL.
      responses = timed(onOneConnection(conn -> {
        List<Future<Response>> each = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
          int c = i;
          each.add(conn.send(requests.get(i)).recover(err -> String.valueOf(err.getMessage()).contains("NOSCRIPT")
              ? conn.send(scriptCall(Command.EVAL, script, keys.get(c), chunks.get(c)))
              : Future.failedFuture(err)));
        }
        return inOrder(each);
      }));
    }
    return responses.map(rs -> {
      List<long[]> out = new ArrayList<>(rs.size());
      for (int c = 0; c < rs.size(); c++) {
        Response chunk = rs.get(c);
        if (chunk.size() != chunks.get(c).size()) {
          throw new IllegalStateException("record.lua answered " + chunk.size() + " results for " + chunks.get(c).size()
              + " entries");
        }
        long[] codes = new long[chunk.size()];
        // 2: the chunk was applied before (a replay, or an answer lost to a timeout): it was stored then.
        for (int i = 0; i < codes.length; i++) codes[i] = chunk.get(i).toLong();
        out.add(codes);
      }
      return out;
    });
  }

  private volatile boolean spoolNonEmpty;

  private boolean spooling() {
    return spoolNonEmpty;
  }

  private Future<List<WriteResult>> toSpool(List<String> keys, List<List<StoreRecord>> chunks, int count) {
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

  /**
   * {@code EVALSHA sha 1 BASE ...} (or {@code EVAL script ...}): the chunk's one declared key is its slot's base,
   * which routes the call to the master of that slot in a cluster; the script reads only ARGV.
   */
  private Request scriptCall(Command command, String shaOrScript, String batchKey, List<StoreRecord> chunk) {
    String slotBase = entryBase(chunk.get(0));
    Request req = Request.cmd(command).arg(shaOrScript).arg(1).arg(slotBase)
        .arg(contextTtlSeconds).arg(streamMaxLen).arg(contextTtlSeconds).arg(batchKey)
        .arg(timeSeriesBounds.minuteHours()).arg(timeSeriesBounds.maxHourlyBuckets());
    for (StoreRecord r : chunk) {
      String base = entryBase(r);
      if (cluster && !base.equals(slotBase)) throw new IllegalStateException("a chunk spans two slots: " + slotBase + ", " + base);
      req.arg(base).arg(nonNull(r.variant())).arg(nonNull(r.unit()));
      if (r.context() != null) {
        req.arg(contextKey(r.context().requestId())).arg(ContextCodec.encode(r.context()).encode());
      } else {
        req.arg("").arg("");
      }
      req.arg(r.event() == null ? "" : r.event().encode()).arg(r.exposure() ? "1" : "0")
          .arg(r.dedupeId() == null ? "" : dedupeField(r.unit(), r.dedupeId())).arg(r.timeMillis())
          .arg(r.observations().size());
      for (Observation o : r.observations()) {
        req.arg(o.key().encode()).arg(Double.toString(o.value()));
      }
    }
    return req;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /**
   * A judgment id counts once per (experiment, unit): its field, in the id buckets of the unit's shard, names the
   * unit in full, its length first.
   */
  private static String dedupeField(String unit, String id) {
    String u = nonNull(unit);
    return u.length() + ":" + u + ":" + id;
  }

  /** Requests answered in order: one pipeline on one Redis; in a cluster each to its slot's master. */
  private Future<List<Response>> readAll(List<Request> requests) {
    if (!cluster) return timed(redis.batch(requests));
    return timed(onOneConnection(conn -> {
      List<Future<Response>> each = new ArrayList<>(requests.size());
      for (Request r : requests) each.add(conn.send(r));
      return inOrder(each);
    }));
  }

  /**
   * Runs {@code work} on one connection of the pool and gives it back. In a cluster one connection reaches
   * every master; sending many commands through {@code Redis.send} instead takes a connection per command,
   * and a few dozen at once exhaust the per-node pools while each holds some of them (a deadlock until the
   * timeout).
   */
  private <T> Future<T> onOneConnection(java.util.function.Function<io.vertx.redis.client.RedisConnection, Future<T>> work) {
    return redis.connect().compose(conn -> work.apply(conn).eventually(conn::close));
  }

  private static Future<List<Response>> inOrder(List<Future<Response>> each) {
    return Future.all(each).map(all -> {
      List<Response> rs = new ArrayList<>(each.size());
      for (Future<Response> f : each) rs.add(f.result());
      return rs;
    });
  }

  @Override
  public Future<Optional<RequestContext>> context(String requestId) {
    return send(Request.cmd(Command.GET).arg(contextKey(requestId)))
        .map(r -> r == null ? Optional.<RequestContext>empty()
            : Optional.of(ContextCodec.decode(new JsonObject(r.toString()))));
  }

  /**
   * The sum of the shards: arm counts and the cells' sufficient statistics add over the shards' disjoint sets
   * of units ({@link RatioStats#plus}), histograms are per instance and merge.
   */
  @Override
  public Future<Snapshot> snapshot(String experiment) {
    List<String> bases = shardBases(experiment);
    List<Request> reads = new ArrayList<>(2 * bases.size() + 1);
    for (String base : bases) {
      reads.add(Request.cmd(Command.HGETALL).arg(base + ":arms"));
      reads.add(Request.cmd(Command.HGETALL).arg(base + ":stats"));
    }
    reads.add(Request.cmd(Command.HGETALL).arg(experimentBase(experiment) + ":hist"));
    return readAll(reads).map(rs -> {
      Map<String, ArmCounts> arms = new HashMap<>();
      // Summed per cell as stored, so each cell is decoded once, not once per shard: with 16 shards a report
      // reads 16 times the fields, and decoding them was most of its time.
      Map<String, double[]> sums = new HashMap<>();
      for (int s = 0; s < bases.size(); s++) {
        decodeArms(hash(rs.get(2 * s))).forEach((k, v) -> arms.merge(k, v, ArmCounts::plus));
        addStats(rs.get(2 * s + 1), sums);
      }
      Map<StatKey, RatioStats> stats = new HashMap<>(sums.size() * 2);
      sums.forEach((cell, f) -> stats.put(StatKey.decode(cell), new RatioStats((long) f[0], f[1], f[2], f[3], f[4], f[5])));
      return new Snapshot(arms, stats, decodeHistograms(hash(rs.get(rs.size() - 1))));
    });
  }

  /**
   * The buckets of every shard of the experiment, read by one script per shard (its base the declared key, so a
   * cluster routes it to the shard's master) so a merge between reading the index and the buckets cannot hide a
   * bucket. Shards may hold one hour at different widths (each compacts when its own records arrive):
   * {@link dev.abgw.analysis.cell.TimeSeries#combine} makes them one store's buckets, within the bounds.
   */
  @Override
  public Future<List<TimeBucket>> timeSeries(String experiment) {
    List<String> bases = shardBases(experiment);
    List<Request> reads = new ArrayList<>(bases.size());
    for (String b : bases) reads.add(Request.cmd(Command.EVAL).arg(timeSeriesScript).arg(1).arg(b));
    return readAll(reads).map(rs -> {
      List<List<TimeBucket>> perShard = new ArrayList<>(rs.size());
      for (Response r : rs) perShard.add(decodeBuckets(r));
      return dev.abgw.analysis.cell.TimeSeries.combine(perShard, timeSeriesBounds);
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

  /**
   * Adds one shard's {@code stats} hash ("units sumS sumS2 sumN sumN2 crossSum" per cell) into {@code sums}.
   * The 17-digit numbers are read with Jackson's FastDoubleParser: {@code Double.parseDouble} takes its big-integer path
   * on 17 significant digits, which was most of a 16-shard report's time. Both round correctly, so the sums
   * are the same to the bit.
   */
  private static void addStats(Response r, Map<String, double[]> sums) {
    if (r == null) return;
    for (String cell : r.getKeys()) {
      String v = r.get(cell).toString();
      double[] acc = sums.computeIfAbsent(cell, k -> new double[6]);
      int from = 0;
      for (int i = 0; i < 6; i++) {
        int space = v.indexOf(' ', from);
        int to = space < 0 ? v.length() : space;
        acc[i] += NumberInput.parseDouble(v.substring(from, to), true);
        from = to + 1;
      }
    }
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
    Request req = Request.cmd(Command.HSET).arg(experimentBase(experiment) + ":hist");
    histograms.forEach((k, v) -> req.arg(instanceId + " " + k.encode()).arg(Base64.getEncoder().encodeToString(v)));
    return send(req).mapEmpty();
  }

  /**
   * The shards' streams merged by (stream id, shard): the cursor is {@code ID/SHARD} of the last event given,
   * so the next page starts after {@code ID} in shards up to {@code SHARD} and at {@code ID} in the later ones.
   * Each shard is asked for {@code limit} entries; the merge keeps the first {@code limit}.
   */
  @Override
  public Future<EventPage> events(String experiment, String cursor, int limit) {
    String afterId = null;
    int afterShard = shards; // a cursor without a shard (from a version before shards): after ID everywhere
    if (cursor != null) {
      int slash = cursor.indexOf('/');
      afterId = slash < 0 ? cursor : cursor.substring(0, slash);
      if (slash >= 0) afterShard = Integer.parseInt(cursor.substring(slash + 1));
    }
    List<String> bases = shardBases(experiment);
    List<Request> reads = new ArrayList<>(bases.size());
    for (int s = 0; s < bases.size(); s++) {
      String start = afterId == null ? "-" : (s <= afterShard ? "(" : "") + afterId;
      reads.add(Request.cmd(Command.XRANGE).arg(bases.get(s) + ":events").arg(start).arg("+").arg("COUNT").arg(limit));
    }
    return readAll(reads).map(rs -> {
      List<StreamEntry> merged = new ArrayList<>();
      boolean more = false;
      for (int s = 0; s < rs.size(); s++) {
        Response r = rs.get(s);
        if (r.size() >= limit) more = true;
        for (int i = 0; i < r.size(); i++) {
          Response entry = r.get(i);
          merged.add(new StreamEntry(StreamId.parse(entry.get(0).toString()), s, entry.get(1)));
        }
      }
      merged.sort(null);
      if (merged.size() > limit) {
        merged = merged.subList(0, limit);
        more = true;
      }
      List<JsonObject> events = new ArrayList<>(merged.size());
      for (StreamEntry e : merged) {
        Response fields = e.fields();
        for (int j = 0; j + 1 < fields.size(); j += 2) {
          if ("e".equals(fields.get(j).toString())) events.add(new JsonObject(fields.get(j + 1).toString()));
        }
      }
      StreamEntry last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      return new EventPage(events, more && last != null ? last.id() + "/" + last.shard() : null);
    });
  }

  /** A Redis stream id {@code MS-SEQ}, ordered as Redis orders them. */
  private record StreamId(long ms, long seq) implements Comparable<StreamId> {
    static StreamId parse(String id) {
      int dash = id.indexOf('-');
      return new StreamId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    @Override
    public int compareTo(StreamId o) {
      int c = Long.compare(ms, o.ms);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
      return ms + "-" + seq;
    }
  }

  private record StreamEntry(StreamId id, int shard, Response fields) implements Comparable<StreamEntry> {
    @Override
    public int compareTo(StreamEntry o) {
      int c = id.compareTo(o.id);
      return c != 0 ? c : Integer.compare(shard, o.shard);
    }
  }

  @Override
  public Future<Optional<String>> analysisState(String experiment) {
    return send(Request.cmd(Command.GET).arg(experimentBase(experiment) + ":state"))
        .map(r -> r == null ? Optional.<String>empty() : Optional.of(r.toString()));
  }

  @Override
  public Future<Void> putAnalysisState(String experiment, String state) {
    return send(Request.cmd(Command.SET).arg(experimentBase(experiment) + ":state").arg(state)).mapEmpty();
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
