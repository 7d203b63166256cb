package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.HistogramMerge;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
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
 * </ul>
 * Writes go through one Lua script ({@code abgw/record.lua}) that applies a chunk of up to {@value #CHUNK}
 * records in order per call (chunks pipelined), so each record is atomic and instances never race; a
 * report reads {@code arms}, {@code stats} and {@code hist} only.
 */
public final class RedisEventStore implements EventStore {

  /** Records per script call: bounds how long one call holds Redis (a script blocks every other client). */
  static final int CHUNK = 256;
  /** Script calls in flight at once; writes arriving meanwhile are grouped into the next call. */
  static final int MAX_IN_FLIGHT = 2;

  private final Redis redis;
  private final String prefix;
  private final long contextTtlSeconds;
  private final long streamMaxLen;
  private final String script;
  private volatile String scriptSha;
  private final Object queueLock = new Object();
  private List<Queued> queued = new ArrayList<>();
  private int inFlight;

  private RedisEventStore(Redis redis, String prefix, long contextTtlSeconds, long streamMaxLen, String script) {
    this.redis = redis;
    this.prefix = prefix;
    this.contextTtlSeconds = contextTtlSeconds;
    this.streamMaxLen = streamMaxLen;
    this.script = script;
  }

  /** Connects, loads the script, and answers once Redis has replied. */
  public static Future<RedisEventStore> connect(Vertx vertx, String redisUrl, String prefix,
                                                long contextTtlSeconds, long streamMaxLen) {
    RedisOptions options = new RedisOptions().setConnectionString(redisUrl)
        .setMaxPoolSize(8).setMaxWaitingHandlers(65536).setMaxPoolWaiting(65536);
    Redis redis = Redis.createClient(vertx, options);
    RedisEventStore store = new RedisEventStore(redis, prefix, contextTtlSeconds, streamMaxLen, loadScript());
    return store.loadScriptSha().map(sha -> store);
  }

  private static String loadScript() {
    try (InputStream in = RedisEventStore.class.getResourceAsStream("/abgw/record.lua")) {
      if (in == null) throw new IllegalStateException("abgw/record.lua missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read abgw/record.lua", e);
    }
  }

  private Future<String> loadScriptSha() {
    return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).map(r -> {
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

  private Future<List<WriteResult>> apply(List<StoreRecord> records) {
    return send(records).recover(err -> {
      if (String.valueOf(err.getMessage()).contains("NOSCRIPT")) {
        // Redis restarted or flushed its script cache: load again and retry once.
        return loadScriptSha().compose(sha -> send(records));
      }
      return Future.failedFuture(err);
    }).map(responses -> {
      List<WriteResult> out = new ArrayList<>(records.size());
      for (Response chunk : responses) {
        for (int i = 0; i < chunk.size(); i++) {
          out.add(chunk.get(i).toLong() == 1L ? WriteResult.STORED : WriteResult.DUPLICATE);
        }
      }
      if (out.size() != records.size()) {
        throw new IllegalStateException("record.lua answered " + out.size() + " results for " + records.size() + " records");
      }
      return out;
    });
  }

  /** One script call per chunk of {@value #CHUNK} records, all chunks pipelined. */
  private Future<List<Response>> send(List<StoreRecord> records) {
    if (records.size() <= CHUNK) return redis.send(evalsha(records)).map(List::of);
    List<Request> requests = new ArrayList<>(records.size() / CHUNK + 1);
    for (int from = 0; from < records.size(); from += CHUNK) {
      requests.add(evalsha(records.subList(from, Math.min(records.size(), from + CHUNK))));
    }
    return redis.batch(requests);
  }

  private Request evalsha(List<StoreRecord> chunk) {
    Request req = Request.cmd(Command.EVALSHA).arg(scriptSha).arg(0)
        .arg(contextTtlSeconds).arg(streamMaxLen).arg(contextTtlSeconds);
    for (StoreRecord r : chunk) {
      String base = base(r.experiment());
      req.arg(base).arg(r.variant()).arg(r.unit());
      if (r.context() != null) {
        req.arg(contextKey(r.context().requestId())).arg(ContextCodec.encode(r.context()).encode());
      } else {
        req.arg("").arg("");
      }
      req.arg(r.event().encode()).arg(r.exposure() ? "1" : "0")
          .arg(r.dedupeId() == null ? "" : base + ":jid:" + r.dedupeId()).arg(r.observations().size());
      for (Observation o : r.observations()) {
        req.arg(o.key().encode()).arg(Double.toString(o.value()));
      }
    }
    return req;
  }

  @Override
  public Future<Optional<RequestContext>> context(String requestId) {
    return redis.send(Request.cmd(Command.GET).arg(contextKey(requestId)))
        .map(r -> r == null ? Optional.<RequestContext>empty()
            : Optional.of(ContextCodec.decode(new JsonObject(r.toString()))));
  }

  @Override
  public Future<Snapshot> snapshot(String experiment) {
    String base = base(experiment);
    return redis.batch(List.of(
        Request.cmd(Command.HGETALL).arg(base + ":arms"),
        Request.cmd(Command.HGETALL).arg(base + ":stats"),
        Request.cmd(Command.HGETALL).arg(base + ":hist"))).map(rs -> new Snapshot(
            decodeArms(hash(rs.get(0))), decodeStats(hash(rs.get(1))), decodeHistograms(hash(rs.get(2)))));
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
    return redis.send(req).mapEmpty();
  }

  @Override
  public Future<EventPage> events(String experiment, String cursor, int limit) {
    String start = cursor == null ? "-" : "(" + cursor;
    return redis.send(Request.cmd(Command.XRANGE).arg(base(experiment) + ":events").arg(start).arg("+")
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
    return redis.send(Request.cmd(Command.GET).arg(base(experiment) + ":state"))
        .map(r -> r == null ? Optional.<String>empty() : Optional.of(r.toString()));
  }

  @Override
  public Future<Void> putAnalysisState(String experiment, String state) {
    return redis.send(Request.cmd(Command.SET).arg(base(experiment) + ":state").arg(state)).mapEmpty();
  }

  @Override
  public Future<SavedDefinitions> experiments() {
    return redis.send(Request.cmd(Command.HGETALL).arg(prefix + ":experiments")).map(r -> SavedDefinitions.parse(hash(r)));
  }

  @Override
  public Future<Void> putExperiment(Experiment experiment) {
    return redis.send(Request.cmd(Command.HSET).arg(prefix + ":experiments").arg(experiment.id())
        .arg(ExperimentJson.toJson(experiment))).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }
}
