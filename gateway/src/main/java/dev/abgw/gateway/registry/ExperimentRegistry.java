package dev.abgw.gateway.registry;

import dev.abgw.experiments.Assigner;
import dev.abgw.experiments.CardinalityLimiter;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.Status;
import dev.abgw.experiments.ValidationError;
import dev.abgw.analysis.report.SegmentFolding;
import dev.abgw.gateway.metrics.ResilienceMetrics;
import dev.abgw.gateway.proxy.resilience.ResilienceState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;

/**
 * The experiments this gateway serves. Reads are lock-free on an immutable snapshot that writers
 * replace, so the proxy's route match never contends with the admin API or the file watcher.
 * A replaced definition keeps its segment cardinality limiter when its dimensions did not change.
 */
public final class ExperimentRegistry {

  /** A served experiment and the state that goes with it: its segment limiter and its bound assigner. */
  public record Entry(Experiment experiment, CardinalityLimiter limiter, Assigner assigner, ResilienceState resilience) {}

  private volatile Map<String, Entry> byId = Map.of();
  private volatile Map<String, List<ValidationError>> refused = Map.of();
  private volatile List<Entry> routable = List.of();
  private volatile Map<String, Set<String>> stopped = Map.of();
  private volatile Map<String, Double> stageAllocations = Map.of();

  /**
   * Records that the saved definition {@code id} no longer validates and is not served, until a valid
   * definition with that id is put.
   */
  public synchronized void refuseSaved(String id, List<ValidationError> errors) {
    Map<String, List<ValidationError>> next = new TreeMap<>(refused);
    next.put(id, List.copyOf(errors));
    refused = Map.copyOf(next);
  }

  /** Saved definitions that no longer validate, by id, with their errors. */
  public Map<String, List<ValidationError>> refusedSaved() {
    return new TreeMap<>(refused);
  }

  public synchronized Entry put(Experiment e) {
    if (refused.containsKey(e.id())) {
      Map<String, List<ValidationError>> next = new TreeMap<>(refused);
      next.remove(e.id());
      refused = Map.copyOf(next);
    }
    Double stage = stageAllocations.get(e.id());
    if (e.rollout() != null && stage != null && e.allocation() != stage
        && e.rollout().stages().stream().anyMatch(s -> s.allocation() == stage)) {
      e = e.withAllocation(stage); // a reloaded definition keeps the stage the monitor reached
    }
    Map<String, Entry> next = new LinkedHashMap<>(byId);
    Entry old = next.get(e.id());
    CardinalityLimiter limiter = old != null && old.experiment().segments().equals(e.segments())
        ? old.limiter() : new CardinalityLimiter(e.segments(), SegmentFolding.STORAGE_HEADROOM);
    ResilienceState resilience = old != null ? old.resilience().carriedTo(e) : new ResilienceState(e);
    Entry entry = new Entry(e, limiter, Assigner.of(e), resilience);
    next.put(e.id(), entry);
    publish(next);
    return entry;
  }

  private void publish(Map<String, Entry> next) {
    List<Entry> r = new ArrayList<>();
    for (Entry en : next.values()) if (en.experiment().status().routed()) r.add(en);
    // Most specific route first: a host-bound route beats a host-free one, a longer prefix a shorter one.
    r.sort(Comparator.<Entry>comparingInt(en -> en.experiment().route().host() == null ? 1 : 0)
        .thenComparing(en -> -en.experiment().route().pathPrefix().length()));
    byId = Map.copyOf(next);
    routable = List.copyOf(r);
  }

  public Optional<Entry> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public List<Experiment> all() {
    return byId.values().stream().map(Entry::experiment).sorted(Comparator.comparing(Experiment::id)).toList();
  }

  /**
   * Whether the monitor rolled {@code variant} back: its units are then served by control and not counted,
   * like a paused arm, while its earlier data stays in the report.
   */
  public boolean isStopped(String experiment, String variant) {
    Set<String> s = stopped.get(experiment);
    return s != null && s.contains(variant);
  }

  public Set<String> stopped(String experiment) {
    return stopped.getOrDefault(experiment, Set.of());
  }

  /** Replaces the stopped variants of {@code experiment} (from the monitor's shared state). */
  public synchronized void setStopped(String experiment, Set<String> variants) {
    if (variants.equals(stopped(experiment))) return;
    Map<String, Set<String>> next = new LinkedHashMap<>(stopped);
    next.put(experiment, Set.copyOf(variants));
    stopped = Map.copyOf(next);
  }

  /** Applies a rollout stage's allocation to {@code experiment}, now and whenever its definition is put again. */
  public synchronized void setStageAllocation(String experiment, double allocation) {
    Map<String, Double> next = new LinkedHashMap<>(stageAllocations);
    next.put(experiment, allocation);
    stageAllocations = Map.copyOf(next);
    Entry current = byId.get(experiment);
    if (current != null && current.experiment().allocation() != allocation) put(current.experiment());
  }

  /** Every served experiment's circuit breakers and their states, for the metrics gauge. */
  public List<ResilienceMetrics.CircuitRow> circuitRows() {
    List<ResilienceMetrics.CircuitRow> rows = new ArrayList<>();
    for (Entry en : byId.values()) {
      en.resilience().circuits().forEach(c -> rows.add(new ResilienceMetrics.CircuitRow(en.experiment().id(), c.upstream(), c.state())));
    }
    return rows;
  }

  /** The experiment whose route takes this request; drafts and archived experiments take no traffic. */
  public Entry match(String host, String path) {
    for (Entry e : routable) {
      if (e.experiment().route().matches(host, path)) return e;
    }
    return null;
  }
}
