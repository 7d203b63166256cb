package dev.abgw.gateway.record;

import dev.abgw.analysis.cell.MetricScales;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.analysis.event.EventCodec;
import dev.abgw.analysis.event.RequestEvent;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.experiments.MetricType;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.analysis.event.ProxyOutcome;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.event.RequestContext;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.gateway.store.StoreRecord;
import dev.abgw.stats.quantile.ValueHistogram;
import dev.abgw.stats.quantile.ValueRecorder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records proxied requests off the response path: the proxy hands over the outcome and returns at once;
 * records are queued and written to the store in pipelined batches (every {@code flushMillis} or
 * {@value #BATCH} records). Tail histograms are recorded in memory per instance and published to the
 * store every {@code histogramFlushMillis}, cumulative since this instance started, so instances merge.
 *
 * <p>If the store falls behind by more than {@code maxPending} records, new records are dropped and
 * counted ({@code abgw_records_dropped_total}) rather than letting memory grow without bound.
 */
public final class Recorder {
  static final int BATCH = 512;
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Recorder.class.getName());
  static final long FLUSH_WAIT_MILLIS = 2_000;

  private final Vertx vertx;
  private final Ticker ticker;
  private final EventStore store;
  private final ContextCache contexts;
  private final GatewayMetrics metrics;
  private final String instanceId;
  private final int maxPending;
  private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();

  /** A request waiting for the store: what its record is built from (its tails are recorded once the store has it). */
  private record Queued(Experiment experiment, RequestContext context, ProxyOutcome outcome) {}
  private final AtomicInteger pending = new AtomicInteger();
  /** Counted exchanges forwarded ({@link #expect}) and not yet recorded ({@link #request}). */
  private final AtomicInteger exchanges = new AtomicInteger();
  private final Map<String, Map<StatKey, ValueRecorder>> live = new ConcurrentHashMap<>();
  private final Map<String, Map<StatKey, ValueHistogram>> cumulative = new HashMap<>();
  private final long flushTimer;
  private final long histogramTimer;
  private final java.util.concurrent.atomic.AtomicBoolean flushing = new java.util.concurrent.atomic.AtomicBoolean();
  private final io.vertx.core.Context context;

  public Recorder(Vertx vertx, EventStore store, ContextCache contexts, GatewayMetrics metrics, String instanceId,
                  int maxPending, long flushMillis, long histogramFlushMillis) {
    this(vertx, store, contexts, metrics, instanceId, maxPending, flushMillis, histogramFlushMillis, Ticker.systemTicker());
  }

  /** As above, with the flush's wait for in-flight exchanges measured by {@code ticker}. */
  public Recorder(Vertx vertx, EventStore store, ContextCache contexts, GatewayMetrics metrics, String instanceId,
                  int maxPending, long flushMillis, long histogramFlushMillis, Ticker ticker) {
    this.ticker = ticker;
    this.vertx = vertx;
    this.store = store;
    this.contexts = contexts;
    this.metrics = metrics;
    this.instanceId = instanceId;
    this.maxPending = maxPending;
    this.context = vertx.getOrCreateContext();
    this.flushTimer = vertx.setPeriodic(flushMillis, id -> flushBatch());
    this.histogramTimer = vertx.setPeriodic(histogramFlushMillis, id -> publishHistograms());
    metrics.bindQueueDepth(pending::get);
  }

  /**
   * Makes a counted request's context known before it is forwarded, so a judgment posted the moment the
   * client has its answer resolves even if the last byte left before {@link #request} ran. Response-side
   * segments are added when the request is recorded.
   */
  public void expect(RequestContext ctx) {
    exchanges.incrementAndGet();
    contexts.put(ctx);
  }

  /** A request announced by {@link #expect} that will not be recorded (its framing failed): forget it. */
  public void abandon(String requestId) {
    contexts.invalidate(requestId);
    exchanges.updateAndGet(n -> Math.max(0, n - 1));
  }

  /** True when a request with this id is still live here (in flight or recent enough to be in the hot cache). */
  public boolean isLive(String requestId) {
    return contexts.cached(requestId) != null;
  }

  /**
   * Records a proxied, counted request. Never blocks and never fails the caller. {@code expected} is the context
   * {@link #expect} was given; when the final segments are the same, it is what the cache already holds and is
   * not put again. The record is only queued here, as the request's few values: its observations and event JSON
   * are built when a batch is taken for the store, off the proxy's event loop.
   */
  public void request(Experiment e, RequestContext expected, Map<String, String> segments, ProxyOutcome outcome) {
    RequestContext ctx = expected;
    if (!expected.segments().equals(segments)) {
      ctx = new RequestContext(expected.requestId(), expected.experiment(), expected.variant(), expected.unit(),
          expected.timeMillis(), segments);
      contexts.put(ctx);
    }
    enqueue(new Queued(e, ctx, outcome));
    // Only once queued: flush() waits for exchanges, then drains the queue; counting down before the record
    // was queued let a flush in between miss it.
    exchanges.updateAndGet(n -> Math.max(0, n - 1));
  }

  /** The store's record of a queued request: its cells' observations and its raw event. */
  private static StoreRecord storeRecord(Queued q) {
    Experiment e = q.experiment();
    RequestContext ctx = q.context();
    List<Observation> obs = Observations.forRequest(e, ctx.variant(), ctx.segments(), q.outcome());
    return new StoreRecord(e.id(), ctx.variant(), ctx.unit(), true, ctx, null, obs,
        new JsonObject(EventCodec.fields(new RequestEvent(e.id(), ctx.variant(), ctx.unit(), ctx.requestId(),
            ctx.timeMillis(), ctx.segments(), q.outcome()))), ctx.timeMillis());
  }

  /** Feeds the continuous metrics among {@code obs} into this instance's tail histograms. */
  public void recordTails(Experiment e, List<Observation> obs) {
    Map<StatKey, ValueRecorder> byCell = null;
    for (Observation o : obs) {
      MetricSpec m = e.metric(o.key().metric()).orElse(null);
      if (m == null || m.type() != MetricType.CONTINUOUS) continue;
      if (byCell == null) byCell = live.computeIfAbsent(e.id(), k -> new ConcurrentHashMap<>());
      ValueRecorder tail = byCell.computeIfAbsent(o.key(), k -> ValueRecorder.of(MetricScales.of(m)));
      // An upstream's absurd token count must not throw into the proxy's response path (it did: the response
      // never ended); judgment values are bounded before they get here.
      double v = o.value();
      if (Double.isFinite(v) && Math.abs(v) <= tail.scale().maxValue()) tail.record(v);
    }
  }

  private void enqueue(Queued q) {
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      metrics.recordDropped();
      return;
    }
    queue.add(q);
  }

  /**
   * Writes everything observed so far: waits (at most {@value #FLUSH_WAIT_MILLIS} ms) for exchanges that were
   * forwarded but not yet recorded (a client can hold its whole answer just before the upstream's end is
   * processed), then completes once the store acknowledged every queued record.
   */
  public Future<Void> flush() {
    return awaitExchanges(ticker.read() + FLUSH_WAIT_MILLIS * 1_000_000L).compose(v -> drain());
  }

  private Future<Void> awaitExchanges(long deadlineNanos) {
    if (exchanges.get() == 0 || ticker.read() > deadlineNanos) return Future.succeededFuture();
    return Future.<Void>future(p -> vertx.setTimer(2, id -> p.complete())).compose(v -> awaitExchanges(deadlineNanos));
  }

  /** Writes one batch of what is queued, unless a batch is already in flight. */
  private Future<Void> flushBatch() {
    if (queue.isEmpty() || !flushing.compareAndSet(false, true)) return Future.succeededFuture();
    List<Queued> taken = new ArrayList<>(Math.min(pending.get(), 4 * BATCH));
    Queued q;
    while (taken.size() < 4 * BATCH && (q = queue.poll()) != null) taken.add(q);
    pending.addAndGet(-taken.size());
    List<StoreRecord> batch = new ArrayList<>(taken.size());
    List<Experiment> experiments = new ArrayList<>(taken.size());
    for (Queued t : taken) {
      try {
        batch.add(storeRecord(t));
        experiments.add(t.experiment());
      } catch (RuntimeException bug) {
        // A request whose record cannot be built is lost, counted and logged; the batch and the flusher go on.
        metrics.recordDropped();
        LOG.log(java.util.logging.Level.SEVERE, "cannot build the record of request " + t.context().requestId(), bug);
      }
    }
    long startNanos = System.nanoTime();
    return store.writeAll(batch).<Void>mapEmpty().onComplete(ar -> {
      if (ar.failed()) {
        metrics.recordStoreFailure(batch.size());
      } else {
        metrics.recordStoreWrite(batch.size(), System.nanoTime() - startNanos);
        // In-memory tails change only once the store has the record, like the statistics it keeps.
        for (int i = 0; i < batch.size(); i++) recordTails(experiments.get(i), batch.get(i).observations());
      }
      flushing.set(false);
      if (!queue.isEmpty()) context.runOnContext(v -> flushBatch());
    });
  }

  /** Publishes this instance's cumulative tail histograms for every experiment that recorded some. */
  public synchronized Future<Void> publishHistograms() {
    List<Future<Void>> writes = new ArrayList<>();
    live.forEach((experiment, cells) -> {
      Map<StatKey, ValueHistogram> acc = cumulative.computeIfAbsent(experiment, k -> new HashMap<>());
      boolean changed = false;
      for (var cell : cells.entrySet()) {
        ValueHistogram interval = cell.getValue().intervalHistogram();
        if (interval.count() == 0) continue;
        acc.merge(cell.getKey(), interval, (a, b) -> {
          a.merge(b);
          return a;
        });
        changed = true;
      }
      if (changed) {
        Map<StatKey, byte[]> encoded = new HashMap<>();
        acc.forEach((k, h) -> encoded.put(k, h.encode()));
        writes.add(store.putHistograms(experiment, instanceId, encoded));
      }
    });
    return Future.all(writes).mapEmpty();
  }

  /** Flushes everything (records, then histograms) and stops the timers. */
  public Future<Void> close() {
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(histogramTimer);
    return drain().compose(v -> publishHistograms());
  }

  private Future<Void> drain() {
    if (queue.isEmpty() && !flushing.get()) return Future.succeededFuture();
    if (flushing.get()) {
      return Future.<Void>future(p -> vertx.setTimer(5, id -> p.complete())).compose(v -> drain());
    }
    return flushBatch().compose(v -> drain());
  }
}
