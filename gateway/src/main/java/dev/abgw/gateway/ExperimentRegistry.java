package dev.abgw.gateway;

import dev.abgw.experiments.CardinalityLimiter;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.Status;
import dev.abgw.analysis.report.SegmentFolding;
import dev.abgw.gateway.metrics.ResilienceMetrics;
import dev.abgw.gateway.proxy.resilience.ResilienceState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiments this gateway serves. Reads are lock-free on an immutable snapshot that writers
 * replace, so the proxy's route match never contends with the admin API or the file watcher.
 * A replaced definition keeps its segment cardinality limiter when its dimensions did not change, and its
 * rate limiters and circuit breakers when its resilience block and upstreams did not.
 */
public final class ExperimentRegistry {

  /** A served experiment and the state that goes with it. */
  public record Entry(Experiment experiment, CardinalityLimiter limiter, ResilienceState resilience) {}

  private volatile Map<String, Entry> byId = Map.of();
  private volatile List<Entry> routable = List.of();

  public synchronized Entry put(Experiment e) {
    Map<String, Entry> next = new LinkedHashMap<>(byId);
    Entry old = next.get(e.id());
    CardinalityLimiter limiter = old != null && old.experiment().segments().equals(e.segments())
        ? old.limiter() : new CardinalityLimiter(e.segments(), SegmentFolding.STORAGE_HEADROOM);
    ResilienceState resilience = old != null ? old.resilience().carriedTo(e) : new ResilienceState(e);
    Entry entry = new Entry(e, limiter, resilience);
    next.put(e.id(), entry);
    publish(next);
    return entry;
  }

  private void publish(Map<String, Entry> next) {
    List<Entry> r = new ArrayList<>();
    for (Entry en : next.values()) if (en.experiment().status() != Status.DRAFT) r.add(en);
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

  /** Every served experiment's circuit breakers and their states, for the metrics gauge. */
  public List<ResilienceMetrics.CircuitRow> circuitRows() {
    List<ResilienceMetrics.CircuitRow> rows = new ArrayList<>();
    for (Entry en : byId.values()) {
      en.resilience().circuits().forEach(c -> rows.add(new ResilienceMetrics.CircuitRow(en.experiment().id(), c.upstream(), c.state())));
    }
    return rows;
  }

  /** The experiment whose route takes this request; drafts take no traffic. */
  public Entry match(String host, String path) {
    for (Entry e : routable) {
      if (e.experiment().route().matches(host, path)) return e;
    }
    return null;
  }
}
