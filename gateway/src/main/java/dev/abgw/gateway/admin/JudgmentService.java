package dev.abgw.gateway.admin;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.JudgmentValue;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.gateway.http.ApiErrors;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.gateway.record.ContextCache;
import dev.abgw.analysis.event.EventCodec;
import dev.abgw.analysis.event.JudgmentEvent;
import dev.abgw.analysis.event.JudgmentStatus;
import dev.abgw.analysis.event.Judgment;
import dev.abgw.gateway.record.JudgmentDecoder;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.gateway.record.Recorder;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.analysis.event.RequestContext;
import dev.abgw.gateway.store.StoreRecord;
import dev.abgw.gateway.store.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judgment ingestion: decode each item, resolve its request, check it against the experiment's metric,
 * then store all valid items in one pipelined batch. Every item gets its own result, in input order:
 * {@code stored}, {@code duplicate} (its {@code id} was counted before), {@code unknown_request} or
 * {@code invalid} with the reasons. One bad item never drops the others.
 */
public final class JudgmentService {
  private final ExperimentRegistry registry;
  private final ContextCache contexts;
  private final EventStore store;
  private final Recorder recorder;
  private final GatewayMetrics metrics;
  private final Clock clock;

  public JudgmentService(ExperimentRegistry registry, ContextCache contexts, EventStore store, Recorder recorder,
                         GatewayMetrics metrics, Clock clock) {
    this.registry = registry;
    this.contexts = contexts;
    this.store = store;
    this.recorder = recorder;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * One result per input item. Contexts in the hot cache resolve at once; only the others wait for the
   * store (all those lookups in flight together), so a batch of hot judgments creates no future per item.
   */
  public Future<List<JsonObject>> ingest(List<Object> items) {
    JsonObject[] results = new JsonObject[items.size()];
    List<Future<Void>> lookups = null;
    List<Pending> pending = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int index = i;
      Object item = items.get(i);
      if (!(item instanceof JsonObject o)) {
        results[i] = invalid(i, List.of("item must be a JSON object (was " + (item == null ? "null" : item instanceof JsonArray ? "an array" : item.toString()) + ")"));
        continue;
      }
      List<String> unsafe = JudgmentGuard.problems(o);
      JudgmentDecoder.Decoded d = JudgmentDecoder.decode(o);
      if (!unsafe.isEmpty() || !d.valid()) {
        List<String> errors = new ArrayList<>(unsafe);
        // The decoder quotes values it refuses; a quoted lone surrogate is made printable for the answer.
        for (String e : d.errors()) errors.add(dev.abgw.gateway.store.SafeText.clean(e));
        results[i] = invalid(i, errors);
        continue;
      }
      Judgment j = d.judgment();
      RequestContext hot = contexts.cached(j.requestId());
      if (hot != null) {
        resolve(index, j, Optional.of(hot), results, pending);
        continue;
      }
      if (lookups == null) lookups = new ArrayList<>();
      lookups.add(contexts.get(j.requestId()).map(ctx -> {
        resolve(index, j, ctx, results, pending);
        return null;
      }));
    }
    Future<Void> resolved = lookups == null ? Future.succeededFuture() : Future.all(lookups).mapEmpty();
    return resolved.compose(v -> store(pending, results)).map(v -> {
      List<JsonObject> out = List.of(results);
      for (JsonObject r : out) metrics.recordJudgment(r.getString("status"));
      return out;
    });
  }

  private record Pending(int index, Experiment experiment, StoreRecord record, String metric, String judge) {}

  private void resolve(int index, Judgment j, Optional<RequestContext> found, JsonObject[] results,
                       List<Pending> pending) {
    if (found.isEmpty()) {
      results[index] = result(index, JudgmentStatus.UNKNOWN_REQUEST).put("message",
          "no recorded request has id " + j.requestId() + " (or the store no longer holds it: older than"
          + " --retention-hours, or, on the embedded store, not among its "
          + dev.abgw.gateway.store.EmbeddedEventStore.DEFAULT_MAX_CONTEXTS + " most recent requests)");
      return;
    }
    RequestContext ctx = found.get();
    Experiment e = registry.get(ctx.experiment()).map(ExperimentRegistry.Entry::experiment).orElse(null);
    if (e == null) {
      results[index] = result(index, JudgmentStatus.UNKNOWN_REQUEST).put("message",
          "request " + j.requestId() + " belongs to experiment " + ctx.experiment() + ", which this gateway no longer serves");
      return;
    }
    MetricSpec m = JudgmentValue.judgmentMetric(e, j.metric()).orElse(null);
    if (m == null) {
      results[index] = invalid(index, List.of(JudgmentValue.unknownMetric(e, j.metric())));
      return;
    }
    JudgmentValue.Checked checked = JudgmentValue.check(m, j.value());
    if (!checked.valid()) {
      results[index] = invalid(index, List.of(checked.error()));
      return;
    }
    Map<String, String> segments = new HashMap<>(ctx.segments());
    if (!j.segments().isEmpty()) {
      segments.putAll(registry.get(e.id()).map(en -> en.limiter().limit(j.segments())).orElse(j.segments()));
    }
    long now = clock.millis();
    StoreRecord r = new StoreRecord(e.id(), ctx.variant(), ctx.unit(), false, null, j.id(),
        Observations.forJudgment(m, ctx.variant(), segments, j.value()),
        new JsonObject(EventCodec.fields(JudgmentEvent.of(ctx, j, segments, now))), now);
    synchronized (pending) {
      pending.add(new Pending(index, e, r, m.name(), j.judge()));
    }
  }

  private Future<Void> store(List<Pending> pending, JsonObject[] results) {
    if (pending.isEmpty()) return Future.succeededFuture();
    pending.sort(java.util.Comparator.comparingInt(Pending::index));
    List<StoreRecord> records = pending.stream().map(Pending::record).toList();
    return store.writeAll(records).map(written -> {
      for (int k = 0; k < written.size(); k++) {
        Pending p = pending.get(k);
        boolean stored = written.get(k) == WriteResult.STORED;
        results[p.index()] = result(p.index(), stored ? JudgmentStatus.STORED : JudgmentStatus.DUPLICATE);
        if (stored) {
          recorder.recordTails(p.experiment(), p.record().observations());
          metrics.recordJudgmentStored(p.experiment().id(), p.metric(), p.judge());
        }
      }
      return null;
    });
  }

  private static JsonObject result(int index, JudgmentStatus status) {
    return new JsonObject().put("index", index).put("status", status.wire());
  }

  private static JsonObject invalid(int index, List<String> errors) {
    return result(index, JudgmentStatus.INVALID).put("errors", new JsonArray(errors.stream().map(ApiErrors::detail).toList()));
  }
}
