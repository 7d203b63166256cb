package dev.abgw.gateway.monitor;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.RolloutRule;
import dev.abgw.experiments.Status;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.analysis.report.ReportAssembler;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.stats.report.GuardrailResult;
import dev.abgw.stats.report.ReportInput;
import dev.abgw.stats.report.RollbackRule;
import dev.abgw.stats.report.SequentialState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Enforces {@link RollbackRule} on every running experiment with a {@code monitor}: every
 * {@code intervalSeconds} one instance (the holder of the lease {@code monitor:ID}, taken with
 * {@code SET NX PX interval}) reads the stored statistics and evaluates the rule; with
 * {@code autoRollback} a stop is written to the shared {@link ControlStore}, recorded in the history
 * (actor {@code monitor}, with the evidence) and POSTed to the webhook. Every instance reads the
 * stopped variants once a second and applies them to its {@link ExperimentRegistry}, so all switch
 * within 2 s. Without {@code autoRollback} a breach is recorded and posted once, and nothing stops.
 *
 * <p>With {@code rollout.stages}, each evaluation also applies {@link RolloutRule}: the stage state
 * ({@code index}, {@code since}, {@code unitsAtStart}) lives in the {@link ControlStore}, an advance is
 * recorded in the history ({@code stage advanced}) and every instance applies the new allocation on its
 * next refresh.
 */
public final class GuardrailMonitor {
  static final long TICK_MILLIS = 250;
  static final long REFRESH_MILLIS = 1000;

  private final Vertx vertx;
  private final ExperimentRegistry registry;
  private final EventStore store;
  private final History history;
  private final Webhook webhook;
  private final String owner;
  private final Clock clock;
  private final Consumer<String> log;
  private final Map<String, Long> nextTry = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> alerted = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> evaluations = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> rollbacks = new ConcurrentHashMap<>();
  private long tickTimer = -1;
  private long refreshTimer = -1;

  public GuardrailMonitor(Vertx vertx, ExperimentRegistry registry, EventStore store, History history,
                          String owner, Clock clock, Consumer<String> log) {
    this.vertx = vertx;
    this.registry = registry;
    this.store = store;
    this.history = history;
    this.webhook = new Webhook(vertx, log);
    this.owner = owner;
    this.clock = clock;
    this.log = log;
  }

  /** Loads the stopped variants once, then starts the two timers. */
  public Future<Void> start() {
    return refresh().onComplete(v -> {
      tickTimer = vertx.setPeriodic(TICK_MILLIS, t -> tick());
      refreshTimer = vertx.setPeriodic(REFRESH_MILLIS, t -> refresh());
    });
  }

  /** Evaluations this instance made of {@code experiment}. */
  public long evaluations(String experiment) {
    AtomicLong n = evaluations.get(experiment);
    return n == null ? 0 : n.get();
  }

  private void tick() {
    long now = clock.millis();
    for (Experiment e : registry.all()) {
      String id = e.id();
      if (e.status() != Status.RUNNING || e.monitor() == null || now < nextTry.getOrDefault(id, 0L)
          || !inFlight.add(id)) {
        continue;
      }
      nextTry.put(id, now + TICK_MILLIS);
      history.store().lease("monitor:" + id, owner, e.monitor().intervalMillis())
          .compose(got -> {
            if (!got) return Future.succeededFuture();
            nextTry.put(id, now + e.monitor().intervalMillis());
            return evaluate(e);
          })
          .onFailure(err -> log.accept("monitor: evaluating " + id + " failed: " + err))
          .onComplete(ar -> inFlight.remove(id));
    }
  }

  /** One look at {@code e}: the rule on the stored statistics, then whatever it says to stop. */
  Future<Void> evaluate(Experiment e) {
    Future<dev.abgw.analysis.cell.Snapshot> snapshot = store.snapshot(e.id());
    Future<Map<String, JsonObject>> stopped = history.store().stopped(e.id());
    return Future.all(snapshot, stopped).compose(v -> {
      ReportInput input = ReportAssembler.input(e, snapshot.result(), SequentialState.empty());
      RollbackRule.Verdict verdict = RollbackRule.evaluate(input, stopped.result().keySet());
      evaluations.computeIfAbsent(e.id(), k -> new AtomicLong()).incrementAndGet();
      Future<Void> chain = Future.succeededFuture();
      for (RollbackRule.Stop stop : verdict.stops()) {
        chain = chain.compose(x -> act(e, stop));
      }
      if (e.rollout() != null) {
        long units = snapshot.result().arms().values().stream().mapToLong(c -> c.units()).sum();
        boolean hold = verdict.enoughUnits() && !verdict.rollback();
        chain = chain.compose(x -> ramp(e, units, hold));
      }
      return chain;
    });
  }

  /** Moves a staged ramp-up to its next stage when {@link RolloutRule} says so. */
  private Future<Void> ramp(Experiment e, long units, boolean hold) {
    long now = clock.millis();
    return history.store().stage(e.id()).compose(found -> {
      JsonObject state = found.orElse(null);
      if (state == null) {
        return history.store().putStage(e.id(), stageState(0, now, units));
      }
      int index = state.getInteger("index");
      int next = RolloutRule.next(e.rollout(), index, units - state.getLong("unitsAtStart"),
          now - state.getLong("since"), hold);
      if (next == index) return Future.succeededFuture();
      double allocation = e.rollout().stage(next).allocation();
      return history.store().putStage(e.id(), stageState(next, now, units)).compose(v -> {
        registry.setStageAllocation(e.id(), allocation);
        JsonObject evidence = new JsonObject().put("fromStage", index).put("toStage", next)
            .put("allocation", allocation).put("units", units);
        return record(e.withAllocation(allocation), HistoryAction.STAGE_ADVANCED, null, evidence);
      });
    });
  }

  private static JsonObject stageState(int index, long since, long units) {
    return new JsonObject().put("index", index).put("since", since).put("unitsAtStart", units);
  }

  private Future<Void> act(Experiment e, RollbackRule.Stop stop) {
    JsonObject evidence = evidence(stop);
    if (!e.monitor().autoRollback()) {
      if (!alerted.add(e.id() + "|" + stop.variant())) return Future.succeededFuture();
      return record(e, HistoryAction.BREACH_DETECTED, stop.variant(), evidence);
    }
    return history.store().stop(e.id(), stop.variant(), evidence).compose(newly -> {
      if (!newly) return Future.succeededFuture();
      Set<String> now = new HashSet<>(registry.stopped(e.id()));
      now.add(stop.variant());
      registry.setStopped(e.id(), now);
      rollbacks.computeIfAbsent(e.id() + "\u0000" + stop.variant() + "\u0000" + stop.cause(), k -> new AtomicLong())
          .incrementAndGet();
      return record(e, HistoryAction.ROLLED_BACK, stop.variant(), evidence);
    });
  }

  private Future<Void> record(Experiment e, HistoryAction action, String variant, JsonObject evidence) {
    HistoryEvent event = new HistoryEvent(e.id(), clock.instant(), History.MONITOR, action, History.version(e),
        variant, evidence);
    return history.store().append(event).onSuccess(v -> {
      if (e.monitor().webhook() != null) {
        webhook.post(e.monitor().webhook(), event.toJson());
      }
    });
  }

  /** What the monitor saw: the cause, and the guardrail's test or the SRM check. */
  static JsonObject evidence(RollbackRule.Stop stop) {
    JsonObject o = new JsonObject().put("cause", stop.cause().name().toLowerCase(java.util.Locale.ROOT));
    GuardrailResult g = stop.guardrail();
    if (g != null) {
      o.put("metric", g.metric()).put("margin", new JsonObject().put(g.margin().relative() ? "relative" : "absolute",
              g.margin().value()))
          .put("threshold", g.threshold()).put("effect", g.effect()).put("breachBound", g.breachBound())
          .put("breachPValue", g.breachPValue()).put("units", g.units()).put("test", "sequential");
    }
    o.put("srmPValue", stop.srm().pValue());
    JsonObject observed = new JsonObject();
    stop.srm().observed().forEach(observed::put);
    o.put("unitsPerVariant", observed);
    return o;
  }

  /** Applies the shared stopped variants and rollout stages to this instance's registry. */
  private Future<Void> refresh() {
    Future<Void> all = Future.succeededFuture();
    for (Experiment e : registry.all()) {
      if (e.monitor() == null) continue;
      all = all.compose(v -> history.store().stopped(e.id())
          .map(s -> {
            registry.setStopped(e.id(), s.keySet());
            return (Void) null;
          })
          .recover(err -> Future.succeededFuture()));
      if (e.rollout() != null) {
        all = all.compose(v -> history.store().stage(e.id()).map(st -> {
          st.ifPresent(state -> {
            int index = Math.min(state.getInteger("index"), e.rollout().last());
            registry.setStageAllocation(e.id(), e.rollout().stage(index).allocation());
          });
          return (Void) null;
        }).recover(err -> Future.succeededFuture()));
      }
    }
    return all;
  }

  /** Prometheus text: evaluations, rollbacks and stopped variants. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP abgw_monitor_evaluations_total Guardrail evaluations made by this instance.\n")
        .append("# TYPE abgw_monitor_evaluations_total counter\n");
    new TreeMap<>(evaluations).forEach((id, n) -> out.append("abgw_monitor_evaluations_total{experiment=\"")
        .append(id).append("\"} ").append(n.get()).append('\n'));
    out.append("# HELP abgw_monitor_rollbacks_total Automatic rollbacks made by this instance.\n")
        .append("# TYPE abgw_monitor_rollbacks_total counter\n");
    new TreeMap<>(rollbacks).forEach((key, n) -> {
      String[] p = key.split("\u0000");
      out.append("abgw_monitor_rollbacks_total{experiment=\"").append(p[0]).append("\",variant=\"").append(p[1])
          .append("\",cause=\"").append(p[2].toLowerCase(java.util.Locale.ROOT)).append("\"} ").append(n.get())
          .append('\n');
    });
    out.append("# HELP abgw_variant_stopped 1 for a variant rolled back by the monitor (served by control).\n")
        .append("# TYPE abgw_variant_stopped gauge\n");
    for (Experiment e : registry.all()) {
      for (String v : new java.util.TreeSet<>(registry.stopped(e.id()))) {
        out.append("abgw_variant_stopped{experiment=\"").append(e.id()).append("\",variant=\"").append(v)
            .append("\"} 1\n");
      }
    }
    return out.toString();
  }

  public Future<Void> close() {
    if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
    if (refreshTimer >= 0) vertx.cancelTimer(refreshTimer);
    return webhook.close();
  }
}
