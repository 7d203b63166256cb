package dev.abgw.experiments;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An experiment definition: which traffic it takes, how units are identified and split among variants,
 * what is measured and how it is analysed. Immutable and always valid; build one from JSON with
 * {@link ExperimentParser}, which reports every mistake with its JSON pointer instead of throwing.
 *
 * @param id unique id, {@code ^[a-z0-9][a-z0-9_-]{0,63}$}
 * @param description free text, {@code ""} when absent
 * @param status lifecycle status; only {@code RUNNING} splits traffic
 * @param salt hashing salt for assignment, defaults to the id; changing it reshuffles every unit
 * @param route which requests the experiment takes
 * @param unit where the unit id comes from
 * @param variants at least two arms with unique names and a positive total weight
 * @param control name of the control arm; must be one of the variants
 * @param allocation share of units that enter the experiment, in [0, 1]
 * @param metrics at least one metric, unique names
 * @param analysis analysis settings
 * @param segments at most 10 breakdown dimensions, unique names
 * @param monitor continuous guardrail monitoring, or {@code null} when the experiment is not monitored
 * @param rollout staged ramp-up, or {@code null}; with it {@code allocation} is the current stage's
 * @param resilience retries, fallbacks, rate limits and circuit breakers; {@link Resilience#none()} when absent
 */
public record Experiment(String id, String description, Status status, String salt, Route route, UnitSpec unit,
                         List<Variant> variants, String control, double allocation, List<MetricSpec> metrics,
                         AnalysisSpec analysis, List<SegmentDimension> segments, MonitorSpec monitor,
                         RolloutSpec rollout, Resilience resilience) {

  static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");
  public static final int MAX_SEGMENTS = 10;

  public Experiment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(control, "control");
    description = description == null ? "" : description;
    salt = salt == null ? id : salt;
    analysis = analysis == null ? AnalysisSpec.defaults() : analysis;
    variants = List.copyOf(variants);
    metrics = List.copyOf(metrics);
    segments = segments == null ? List.of() : List.copyOf(segments);
    resilience = resilience == null ? Resilience.none() : resilience;
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id must match " + ID.pattern() + " (was \"" + id + "\")");
    }
    if (salt.isEmpty()) {
      throw new IllegalArgumentException("salt must not be empty");
    }
    if (variants.size() < 2) {
      throw new IllegalArgumentException("variants must have at least 2 entries (was " + variants.size() + ")");
    }
    requireUnique("variants", variants.stream().map(Variant::name).toList());
    double total = variants.stream().mapToDouble(Variant::weight).sum();
    if (!(total > 0) || !Double.isFinite(total)) {
      throw new IllegalArgumentException("variants must have a finite total weight > 0 (was " + Numbers.format(total) + ")");
    }
    if (variants.stream().noneMatch(v -> v.name().equals(control))) {
      throw new IllegalArgumentException("control must name one of the variants "
          + variants.stream().map(Variant::name).toList() + " (was \"" + control + "\")");
    }
    if (!(allocation >= 0 && allocation <= 1)) {
      throw new IllegalArgumentException("allocation must be between 0 and 1 (was " + Numbers.format(allocation) + ")");
    }
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("metrics must have at least 1 entry");
    }
    requireUnique("metrics", metrics.stream().map(MetricSpec::name).toList());
    if (segments.size() > MAX_SEGMENTS) {
      throw new IllegalArgumentException("segments must have at most " + MAX_SEGMENTS + " dimensions (was " + segments.size() + ")");
    }
    requireUnique("segments", segments.stream().map(SegmentDimension::name).toList());
    if (rollout != null && monitor == null) {
      throw new IllegalArgumentException("rollout needs monitor: stages advance only while the monitor sees the guardrails hold");
    }
    if (rollout != null && rollout.stages().stream().noneMatch(st -> st.allocation() == allocation)) {
      throw new IllegalArgumentException("allocation must be one of the rollout stages' (was " + Numbers.format(allocation) + ")");
    }
    checkResilience(resilience, variants);
  }

  /** An experiment without monitoring, rollout or resilience (one attempt per request). */
  public Experiment(String id, String description, Status status, String salt, Route route, UnitSpec unit,
                    List<Variant> variants, String control, double allocation, List<MetricSpec> metrics,
                    AnalysisSpec analysis, List<SegmentDimension> segments) {
    this(id, description, status, salt, route, unit, variants, control, allocation, metrics, analysis, segments, null,
        null, Resilience.none());
  }

  /** A copy at another allocation (a rollout stage); the salt is unchanged, so admitted units keep their arms. */
  public Experiment withAllocation(double newAllocation) {
    return new Experiment(id, description, status, salt, route, unit, variants, control, newAllocation, metrics,
        analysis, segments, monitor, rollout, resilience);
  }

  private static void checkResilience(Resilience r, List<Variant> variants) {
    Set<String> names = new HashSet<>();
    variants.forEach(v -> names.add(v.name()));
    for (String v : r.variants().keySet()) {
      if (!names.contains(v)) throw new IllegalArgumentException("resilience overrides unknown variant \"" + v + "\"");
    }
    for (Variant v : variants) {
      FallbackPolicy f = r.forVariant(v.name()).fallback();
      if (f != null && f.toVariant() != null && !names.contains(f.toVariant())) {
        throw new IllegalArgumentException("fallback of variant " + v.name() + " names unknown variant \"" + f.toVariant() + "\"");
      }
    }
  }

  /** The control arm. */
  public Variant controlVariant() {
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      if (v.name().equals(control)) {
        return v;
      }
    }
    throw new AssertionError("control checked in constructor");
  }

  /** The arm named {@code name}, if any. */
  public Optional<Variant> variant(String name) {
    // A loop, not a stream: the proxy asks this on every request.
    for (int i = 0, n = variants.size(); i < n; i++) {
      Variant v = variants.get(i);
      if (v.name().equals(name)) return Optional.of(v);
    }
    return Optional.empty();
  }

  /** The metric named {@code name}, if any. */
  public Optional<MetricSpec> metric(String name) {
    // A loop, not a stream: the recorder asks this for every observation of every request.
    for (int i = 0, n = metrics.size(); i < n; i++) {
      MetricSpec m = metrics.get(i);
      if (m.name().equals(name)) return Optional.of(m);
    }
    return Optional.empty();
  }

  /** A copy with another status; everything else, salt included, is unchanged so units keep their arms. */
  public Experiment withStatus(Status newStatus) {
    return new Experiment(id, description, newStatus, salt, route, unit, variants, control, allocation, metrics, analysis,
        segments, monitor, rollout, resilience);
  }

  /** Sum of the variant weights; always {@code > 0}. */
  public double totalWeight() {
    double total = 0;
    for (int i = 0; i < variants.size(); i++) {
      total += variants.get(i).weight();
    }
    return total;
  }

  private static void requireUnique(String what, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new IllegalArgumentException(what + " names must be unique (\"" + n + "\" appears twice)");
      }
    }
  }
}
