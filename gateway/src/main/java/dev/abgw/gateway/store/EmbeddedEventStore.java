package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.HistogramMerge;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.StatsAccumulator;
import dev.abgw.analysis.cell.TimeBucket;
import dev.abgw.analysis.cell.TimeSeriesBounds;
import dev.abgw.analysis.event.RequestContext;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentJson;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.ValidationError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link EventStore} in process, for running without Redis. Same contract as {@link RedisEventStore}
 * (the contract test suite runs against both), same update rule for the sufficient statistics.
 *
 * <p>Persistence: every applied record is appended as one JSON line to {@code DATA/records.ndjson}
 * (written through to the OS on each batch) and replayed at start, so a restart loses nothing that was
 * acknowledged. Definitions, analysis state and histograms are small files beside it, replaced atomically.
 * Memory holds the statistics, the unit sums, and the contexts and judgment ids until the retention ends.
 * Contexts and ids are kept in arrival order, so expiry removes from the oldest end (work in proportion to
 * what expires, never a scan of everything held), and at most {@code maxContexts} contexts are held: past
 * that the oldest goes first and a judgment naming it is answered {@code unknown_request}. (Redis keeps
 * contexts with a TTL and no count limit.)
 *
 * <p>Threads: file I/O never runs on an event loop or under the lock readers of memory take. Writes run in
 * order on one writer thread, which encodes a call's records completely, appends them, and only then applies
 * them to memory (a record that cannot be encoded fails its call before anything changes; a failed append
 * is truncated away). Exports read the log on their own threads, so a long export never delays a write.
 */
public final class EmbeddedEventStore implements EventStore {

  private final Path dir;
  private final Clock clock;
  private final long retentionMillis;
  /** The append-only log; written only by {@link #writer}. */
  private final FileChannel log;
  /** Bytes of complete records in the log: a failed append is truncated back to it. */
  private long logBytes;
  /**
   * File I/O runs here, never on an event loop and never under the lock that readers of memory take: one
   * thread, so records reach the log in the order they were handed over.
   */
  private final ExecutorService writer = Executors.newSingleThreadExecutor(daemon("abgw-embedded-writer"));
  /** One call's log lines, reused call after call; touched by the writer thread only. */
  private LogBuffer lineBuffer = new LogBuffer();
  /** Cell names as the log spells them ({@link StatKey#encode}), so a request does not concatenate them again. */
  private final Map<StatKey, String> keyNames = new HashMap<>();

  /** A byte array output stream whose bytes can be written out without a copy. */
  private static final class LogBuffer extends java.io.ByteArrayOutputStream {
    LogBuffer() {
      super(64 * 1024);
    }

    java.nio.ByteBuffer view() {
      return java.nio.ByteBuffer.wrap(buf, 0, count);
    }

    int capacity() {
      return buf.length;
    }
  }
  /** Exports read the log here, so a long export never delays a write. */
  private final ExecutorService exporter = Executors.newFixedThreadPool(2, daemon("abgw-embedded-export"));
  /** Complete lines of the log that could not be decoded at start (skipped, counted, reported by health()). */
  private long unreadableLines;

  private final Map<String, ExperimentData> data = new HashMap<>();
  /** Contexts the store holds at most by default: about 400 MB of heap (51,000 took about 20 MB, jmap). */
  public static final int DEFAULT_MAX_CONTEXTS = 1_000_000;
  /** How often (clock time) expired contexts and ids are dropped from the oldest end. */
  static final long PURGE_EVERY_MILLIS = 1_000;

  private final int maxContexts;
  /** Insertion order = arrival order = expiry order (one retention for all). */
  private final LinkedHashMap<String, Expiring<RequestContext>> contexts = new LinkedHashMap<>();
  private final LinkedHashMap<String, Long> seenIds = new LinkedHashMap<>();
  private final Map<String, Experiment> definitions = new LinkedHashMap<>();
  /** Saved definitions that no longer validate, by id, with their errors (reported at start, not served). */
  private final Map<String, List<ValidationError>> invalidDefinitions = new LinkedHashMap<>();
  private long nextPurgeMillis;
  private long contextsEvicted;

  private final TimeSeriesBounds timeSeriesBounds;

  private final class ExperimentData {
    final StatsAccumulator stats = new StatsAccumulator(timeSeriesBounds);
    final Map<String, Map<StatKey, byte[]>> histograms = new HashMap<>();
    String state;
  }

  private record Expiring<T>(T value, long expiresAtMillis) {}

  private EmbeddedEventStore(Path dir, Clock clock, long retentionMillis, int maxContexts, TimeSeriesBounds bounds)
      throws IOException {
    if (maxContexts < 1) throw new IllegalArgumentException("maxContexts must be >= 1 (was " + maxContexts + ")");
    this.timeSeriesBounds = bounds;
    this.dir = dir;
    this.clock = clock;
    this.retentionMillis = retentionMillis;
    this.maxContexts = maxContexts;
    Files.createDirectories(dir.resolve("experiments"));
    Files.createDirectories(dir.resolve("state"));
    replay();
    this.log = FileChannel.open(dir.resolve("records.ndjson"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.logBytes = log.size();
    log.position(logBytes);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static final JsonFactory LOG_JSON = JsonFactory.builder().build();

  /** Opens (creating if needed) the data directory and replays what it holds. */
  public static EmbeddedEventStore open(Path dir, Clock clock, long retentionMillis) {
    return open(dir, clock, retentionMillis, DEFAULT_MAX_CONTEXTS);
  }

  /** As {@link #open(Path, Clock, long)}, holding at most {@code maxContexts} request contexts. */
  public static EmbeddedEventStore open(Path dir, Clock clock, long retentionMillis, int maxContexts) {
    return open(dir, clock, retentionMillis, maxContexts, TimeSeriesBounds.DEFAULT);
  }

  /** As {@link #open(Path, Clock, long, int)}, keeping the time series within {@code bounds}. */
  public static EmbeddedEventStore open(Path dir, Clock clock, long retentionMillis, int maxContexts,
                                        TimeSeriesBounds bounds) {
    try {
      return new EmbeddedEventStore(dir, clock, retentionMillis, maxContexts, bounds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the embedded store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void replay() throws IOException {
    Path records = dir.resolve("records.ndjson");
    if (Files.exists(records)) {
      long complete;
      try (LogLines lines = new LogLines(records, 0)) {
        String line;
        long lineNo = 0;
        while ((line = lines.next()) != null) {
          lineNo++;
          if (line.isBlank()) continue;
          try {
            apply(RecordCodec.decode(new JsonObject(line)));
          } catch (RuntimeException unreadable) {
            // A crash mid-write leaves a fragment without its newline, which LogLines never returns; a complete
            // line that does not decode is damage (disk, hand edit). Skip it rather than lose what follows, but
            // count it and say so: health() reports the store degraded.
            unreadableLines++;
            System.err.println("abgw: embedded store: line " + lineNo + " of " + records + " cannot be read and is"
                + " skipped (" + unreadable.getMessage() + ")");
          }
        }
        complete = lines.offset();
      }
      if (Files.size(records) > complete) {
        // A record cut short by a crash: drop the fragment so new records do not append to it.
        try (FileChannel ch = FileChannel.open(records, StandardOpenOption.WRITE)) {
          ch.truncate(complete);
        }
      }
    }
    try (var files = Files.list(dir.resolve("experiments"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (!name.endsWith(".json")) continue;
        ParseResult parsed = ExperimentParser.parse(Files.readString(p));
        if (parsed instanceof ParseResult.Valid v) {
          definitions.put(v.experiment().id(), v.experiment());
        } else {
          invalidDefinitions.put(name.substring(0, name.length() - ".json".length()), ((ParseResult.Invalid) parsed).errors());
        }
      }
    }
    try (var files = Files.list(dir.resolve("state"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(".analysis.json")) {
          experiment(name.substring(0, name.length() - ".analysis.json".length())).state = Files.readString(p);
        } else if (name.endsWith(".histograms.json")) {
          String exp = name.substring(0, name.length() - ".histograms.json".length());
          JsonObject byInstance = new JsonObject(Files.readString(p));
          for (String instance : byInstance.fieldNames()) {
            Map<StatKey, byte[]> h = new HashMap<>();
            JsonObject cells = byInstance.getJsonObject(instance);
            for (String cell : cells.fieldNames()) {
              h.put(StatKey.decode(cell), Base64.getDecoder().decode(cells.getString(cell)));
            }
            experiment(exp).histograms.put(instance, h);
          }
        }
      }
    }
  }

  /** A judgment id counts once per (experiment, unit), as on Redis where it lives in the unit's shard. */
  private static String dedupeKey(StoreRecord r) {
    return r.experiment() + "\u0000" + r.unit() + "\u0000" + r.dedupeId();
  }

  private ExperimentData experiment(String id) {
    return data.computeIfAbsent(id, k -> new ExperimentData());
  }

  /** Applies a record to memory; false when its dedupe id was already seen (nothing changes). */
  private boolean apply(StoreRecord r) {
    long now = clock.millis();
    if (r.dedupeId() != null) {
      String key = dedupeKey(r);
      Long expires = seenIds.get(key);
      if (expires != null && expires > now) return false;
      if (expires != null) seenIds.remove(key); // re-inserted at the young end, keeping arrival order
      seenIds.put(key, now + retentionMillis);
    }
    Expiring<RequestContext> held = r.context() == null ? null : contexts.get(r.context().requestId());
    // The first request recorded under an id keeps it for the retention (as in Redis: SET NX), so a later
    // request reusing the id cannot re-bind the judgments that name it.
    if (r.context() != null && (held == null || held.expiresAtMillis() <= now)) {
      contexts.remove(r.context().requestId());
      contexts.put(r.context().requestId(), new Expiring<>(r.context(), now + retentionMillis));
      if (contexts.size() > maxContexts) {
        removeOldest(contexts);
        contextsEvicted++;
      }
    }
    ExperimentData d = experiment(r.experiment());
    d.stats.apply(r.timeMillis(), r.variant(), r.unit(), r.exposure(), r.observations());
    if (now >= nextPurgeMillis) purgeExpired(now);
    return true;
  }

  /** Drops expired contexts and ids from the oldest end, stopping at the first one still alive. */
  private void purgeExpired(long now) {
    nextPurgeMillis = now + PURGE_EVERY_MILLIS;
    for (var it = contexts.values().iterator(); it.hasNext() && it.next().expiresAtMillis() <= now; ) it.remove();
    for (var it = seenIds.values().iterator(); it.hasNext() && it.next() <= now; ) it.remove();
  }

  private static void removeOldest(LinkedHashMap<String, ?> map) {
    var it = map.values().iterator();
    it.next();
    it.remove();
  }

  /** Contexts held now (expired ones not yet purged included). */
  synchronized int heldContexts() {
    return contexts.size();
  }

  /** Contexts dropped to stay within {@code maxContexts} since the store opened (replay included). */
  public synchronized long contextsEvicted() {
    return contextsEvicted;
  }

  @Override
  public Future<WriteResult> write(StoreRecord record) {
    return writeAll(List.of(record)).map(l -> l.get(0));
  }

  /**
   * On the writer thread: decide which records are new, encode all of them, append the bytes to the log, and
   * only then apply them to memory. A record that cannot be encoded fails the call before anything is written
   * or applied; a failed append is truncated away; either way the next call starts from a clean log, and the
   * statistics never hold what the log does not.
   */
  @Override
  public Future<List<WriteResult>> writeAll(List<StoreRecord> records) {
    return onWriter(() -> writeNow(records));
  }

  private List<WriteResult> writeNow(List<StoreRecord> records) throws IOException {
    List<WriteResult> out = new ArrayList<>(records.size());
    List<StoreRecord> fresh = new ArrayList<>(records.size());
    synchronized (this) {
      long now = clock.millis();
      java.util.Set<String> inCall = new java.util.HashSet<>();
      for (StoreRecord r : records) {
        String key = r.dedupeId() == null ? null : dedupeKey(r);
        boolean dup = key != null && (isSeen(key, now) || !inCall.add(key));
        out.add(dup ? WriteResult.DUPLICATE : WriteResult.STORED);
        if (!dup) fresh.add(r);
      }
    }
    if (fresh.isEmpty()) return out;
    LogBuffer bytes = lineBuffer;
    bytes.reset();
    if (keyNames.size() > 100_000) keyNames.clear(); // cells are few; this only bounds an experiment with many segments
    try (JsonGenerator g = LOG_JSON.createGenerator(bytes)) {
      g.setRootValueSeparator(null);
      for (StoreRecord r : fresh) {
        RecordCodec.write(r, g, keyNames);
        g.writeRaw('\n');
      }
    } catch (IOException | RuntimeException unencodable) {
      throw new IllegalArgumentException("a record cannot be encoded, nothing was written: " + unencodable.getMessage(),
          unencodable);
    }
    try {
      append(bytes.view());
    } finally {
      if (bytes.capacity() > 4 * 1024 * 1024) lineBuffer = new LogBuffer(); // one huge batch must not pin its array
    }
    synchronized (this) {
      for (StoreRecord r : fresh) apply(r);
    }
    return out;
  }

  private boolean isSeen(String key, long now) {
    Long expires = seenIds.get(key);
    return expires != null && expires > now;
  }

  /** Appends whole lines; a partial write (disk full) is cut back so no fragment stays in the log. */
  private void append(java.nio.ByteBuffer buf) throws IOException {
    try {
      while (buf.hasRemaining()) log.write(buf);
      logBytes = log.position();
    } catch (IOException e) {
      try {
        log.truncate(logBytes);
        log.position(logBytes);
      } catch (IOException ignored) {
        // The original failure is the one to report.
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface Io<T> {
    T run() throws Exception;
  }

  private <T> Future<T> onWriter(Io<T> task) {
    return on(writer, task);
  }

  /** Runs {@code task} on {@code pool}; the future completes on the caller's Vert.x context when it has one. */
  private static <T> Future<T> on(ExecutorService pool, Io<T> task) {
    io.vertx.core.Context ctx = io.vertx.core.Vertx.currentContext();
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    try {
      pool.execute(() -> {
        io.vertx.core.AsyncResult<T> result;
        try {
          result = Future.succeededFuture(task.run());
        } catch (Throwable e) {
          result = Future.failedFuture(e);
        }
        io.vertx.core.AsyncResult<T> r = result;
        if (ctx != null) {
          ctx.runOnContext(v -> promise.handle(r));
        } else {
          promise.handle(r);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      return Future.failedFuture(new IllegalStateException("the embedded store is closed"));
    }
    return promise.future();
  }

  /** Lines of the log skipped at start because they could not be read. */
  public synchronized long unreadableLines() {
    return unreadableLines;
  }

  @Override
  public synchronized StoreHealth health() {
    List<String> problems = unreadableLines == 0 ? List.of() : List.of(unreadableLines + " line(s) of "
        + dir.resolve("records.ndjson") + " could not be read at start and were skipped (see the log)");
    return new StoreHealth(unreadableLines > 0, problems, Map.of("store_unreadable_log_lines", unreadableLines,
        "store_contexts_evicted", contextsEvicted));
  }

  @Override
  public synchronized Future<Optional<RequestContext>> context(String requestId) {
    Expiring<RequestContext> e = contexts.get(requestId);
    if (e == null || e.expiresAtMillis() <= clock.millis()) return Future.succeededFuture(Optional.empty());
    return Future.succeededFuture(Optional.of(e.value()));
  }

  @Override
  public synchronized Future<Snapshot> snapshot(String experiment) {
    ExperimentData d = data.get(experiment);
    if (d == null) return Future.succeededFuture(new Snapshot(Map.of(), Map.of(), Map.of()));
    Map<StatKey, byte[]> merged = new HashMap<>();
    d.histograms.values().forEach(h -> h.forEach((k, v) -> merged.merge(k, v, HistogramMerge::mergeEncoded)));
    return Future.succeededFuture(new Snapshot(d.stats.arms(), d.stats.stats(), merged));
  }

  @Override
  public synchronized Future<List<TimeBucket>> timeSeries(String experiment) {
    ExperimentData d = data.get(experiment);
    return Future.succeededFuture(d == null ? List.of() : d.stats.buckets());
  }

  @Override
  public synchronized Future<Void> putHistograms(String experiment, String instanceId, Map<StatKey, byte[]> histograms) {
    ExperimentData d = experiment(experiment);
    d.histograms.put(instanceId, new HashMap<>(histograms));
    JsonObject byInstance = new JsonObject();
    d.histograms.forEach((instance, cells) -> {
      JsonObject c = new JsonObject();
      cells.forEach((k, v) -> c.put(k.encode(), Base64.getEncoder().encodeToString(v)));
      byInstance.put(instance, c);
    });
    String text = byInstance.encode();
    return onWriter(() -> writeFile(dir.resolve("state").resolve(experiment + ".histograms.json"), text));
  }

  /**
   * Pages through the raw events of one experiment straight from the log on disk (nothing is held in memory
   * for export); the cursor is the byte offset after the last line read.
   */
  @Override
  public Future<EventPage> events(String experiment, String cursor, int limit) {
    return on(exporter, () -> readEvents(experiment, cursor, limit));
  }

  private EventPage readEvents(String experiment, String cursor, int limit) throws IOException {
    String prefix = "{\"x\":" + io.vertx.core.json.Json.encode(experiment) + ",";
    List<JsonObject> page = new ArrayList<>(Math.min(limit, 1024));
    long from;
    try {
      from = cursor == null ? 0 : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an export cursor: " + cursor);
    }
    try (LogLines lines = new LogLines(dir.resolve("records.ndjson"), from)) {
      String line;
      while (page.size() < limit && (line = lines.next()) != null) {
        if (!line.startsWith(prefix)) continue;
        try {
          JsonObject event = new JsonObject(line).getJsonObject("e");
          if (event != null) page.add(event);
        } catch (RuntimeException unreadable) {
          // See replay: a damaged line is skipped, not fatal.
        }
      }
      String next = page.size() < limit ? null : Long.toString(lines.offset());
      return new EventPage(page, next);
    }
  }

  @Override
  public synchronized Future<Optional<String>> analysisState(String experiment) {
    ExperimentData d = data.get(experiment);
    return Future.succeededFuture(Optional.ofNullable(d == null ? null : d.state));
  }

  @Override
  public synchronized Future<Void> putAnalysisState(String experiment, String state) {
    experiment(experiment).state = state;
    return onWriter(() -> writeFile(dir.resolve("state").resolve(experiment + ".analysis.json"), state));
  }

  @Override
  public synchronized Future<SavedDefinitions> experiments() {
    return Future.succeededFuture(new SavedDefinitions(List.copyOf(definitions.values()), invalidDefinitions));
  }

  @Override
  public synchronized Future<Void> putExperiment(Experiment experiment) {
    String json = ExperimentJson.toJson(experiment);
    // Persisted first, then held: a definition the disk did not take is not served after a restart either.
    return onWriter(() -> writeFile(dir.resolve("experiments").resolve(experiment.id() + ".json"), json))
        .onSuccess(v -> {
          synchronized (this) {
            definitions.put(experiment.id(), experiment);
          }
        });
  }

  private static Void writeFile(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return null;
  }

  /** Waits for the writes handed over so far, then closes the log. */
  @Override
  public Future<Void> close() {
    Future<Void> closed = onWriter(() -> {
      log.close();
      return null;
    });
    writer.shutdown();
    exporter.shutdown();
    return closed;
  }

  /** The line format of records.ndjson. */
  static final class RecordCodec {
    private RecordCodec() {}

    static JsonObject encode(StoreRecord r) {
      JsonArray obs = new JsonArray();
      for (Observation o : r.observations()) obs.add(new JsonArray().add(o.key().encode()).add(o.value()));
      return new JsonObject().put("x", r.experiment()).put("v", r.variant()).put("u", r.unit())
          .put("exp", r.exposure()).put("ctx", r.context() == null ? null : ContextCodec.encode(r.context()))
          .put("d", r.dedupeId()).put("o", obs).put("e", r.event()).put("t", r.timeMillis());
    }

    /**
     * Writes the same JSON as {@code encode(r)}, field by field, without building a JsonObject per record; cell
     * names already spelled are taken from (and new ones added to) {@code keyNames}.
     */
    static void write(StoreRecord r, JsonGenerator g, Map<StatKey, String> keyNames) throws IOException {
      g.writeStartObject();
      g.writeStringField("x", r.experiment());
      nullableString(g, "v", r.variant());
      nullableString(g, "u", r.unit());
      g.writeBooleanField("exp", r.exposure());
      RequestContext c = r.context();
      if (c == null) {
        g.writeNullField("ctx");
      } else {
        g.writeObjectFieldStart("ctx");
        nullableString(g, "requestId", c.requestId());
        nullableString(g, "experiment", c.experiment());
        nullableString(g, "variant", c.variant());
        nullableString(g, "unit", c.unit());
        g.writeNumberField("time", c.timeMillis());
        g.writeObjectFieldStart("segments");
        for (Map.Entry<String, String> s : c.segments().entrySet()) nullableString(g, s.getKey(), s.getValue());
        g.writeEndObject();
        g.writeEndObject();
      }
      nullableString(g, "d", r.dedupeId());
      g.writeArrayFieldStart("o");
      for (Observation o : r.observations()) {
        g.writeStartArray();
        String name = keyNames.get(o.key());
        if (name == null) {
          name = o.key().encode();
          keyNames.put(o.key(), name);
        }
        g.writeString(name);
        g.writeNumber(o.value());
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeFieldName("e");
      if (r.event() == null) {
        g.writeNull();
      } else {
        JacksonCodec.encodeJson(r.event(), g);
      }
      g.writeNumberField("t", r.timeMillis());
      g.writeEndObject();
    }

    private static void nullableString(JsonGenerator g, String field, String value) throws IOException {
      if (value == null) {
        g.writeNullField(field);
      } else {
        g.writeStringField(field, value);
      }
    }

    static StoreRecord decode(JsonObject j) {
      List<Observation> obs = new ArrayList<>();
      for (Object o : j.getJsonArray("o")) {
        JsonArray a = (JsonArray) o;
        obs.add(new Observation(StatKey.decode(a.getString(0)), a.getDouble(1)));
      }
      JsonObject ctx = j.getJsonObject("ctx");
      return new StoreRecord(j.getString("x"), j.getString("v"), j.getString("u"), j.getBoolean("exp"),
          ctx == null ? null : ContextCodec.decode(ctx), j.getString("d"), obs, j.getJsonObject("e"), time(j));
    }

    /** {@code t}; a log written before the time series existed has only the event's ISO {@code time}. */
    private static long time(JsonObject j) {
      Long t = j.getLong("t");
      if (t != null) return t;
      JsonObject e = j.getJsonObject("e");
      String iso = e == null ? null : e.getString("time");
      if (iso == null) return 0;
      try {
        return java.time.Instant.parse(iso).toEpochMilli();
      } catch (java.time.format.DateTimeParseException unreadable) {
        return 0;
      }
    }
  }
}
