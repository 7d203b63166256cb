package dev.abgw.analysis.report;

import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.SegmentDimension;
import dev.abgw.experiments.SegmentSource;
import dev.abgw.experiments.Variant;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.ServingSection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's view of resilience, for experiments with a {@code resilience} block: per variant, the share
 * of its counted requests served by itself, by each fallback variant, statically, and by nothing (the client
 * got an error), from the implicit {@link Observations#SERVED_METRIC} cells. Every request stays its assigned
 * variant's (intent to treat), so a variant whose answers mostly came from elsewhere mostly measures
 * elsewhere: above {@link #MOSTLY_ELSEWHERE} the report warns. Segments of a {@code servedBy} dimension are
 * "as served", chosen by failures rather than by the hash, and are marked {@code randomized: false}.
 */
final class ServingReport {
  /**
   * Fallback share (static included) above which the report warns that the variant's effect is diluted:
   * under intent to treat its observed effect is about {@code (1 - share)} times its own effect when the
   * fallback behaves like control.
   */
  static final double DILUTED = 0.1;
  /** Fallback share above which a variant's results mostly describe something else. */
  static final double MOSTLY_ELSEWHERE = 0.5;

  private ServingReport() {}

  /** {@code report} with who served each variant and the dilution warnings; unchanged without either. */
  static Report attach(Experiment e, Snapshot s, Report report) {
    Set<String> asServed = new HashSet<>();
    for (SegmentDimension d : e.segments()) {
      if (d.source() == SegmentSource.RESPONSE && SegmentDimension.SERVED_BY.equals(d.key())) asServed.add(d.name());
    }
    if (e.resilience().isNone() && asServed.isEmpty()) return report;
    List<ServingSection.Row> rows = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!e.resilience().isNone()) {
      for (Variant v : e.variants()) rows.add(row(s, v, warnings));
    }
    return report.withServing(new ServingSection(rows, asServed), warnings);
  }

  private static ServingSection.Row row(Snapshot s, Variant v, List<String> warnings) {
    Map<String, Double> byServer = new TreeMap<>();
    s.stats().forEach((k, stats) -> {
      if (k.variant().equals(v.name()) && Observations.SERVED_METRIC.equals(k.metric()) && !k.isOverall()) {
        byServer.merge(k.segment(), stats.sumS(), Double::sum);
      }
    });
    ArmCounts arm = s.arms().getOrDefault(v.name(), ArmCounts.empty());
    double total = byServer.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Double> shares = new TreeMap<>();
    byServer.forEach((server, n) -> shares.put(server, total > 0 ? n / total : 0));
    double self = byServer.getOrDefault(v.name(), 0.0);
    double none = byServer.getOrDefault(Observations.SERVED_BY_NONE, 0.0);
    double fallback = total - self - none;
    if (total > 0 && fallback / total > MOSTLY_ELSEWHERE) {
      warnings.add(String.format(java.util.Locale.ROOT,
          "variant %s was served by a fallback for %.1f%% of its requests (over %.0f%%): counted by intent to treat,"
              + " its results mostly describe what served it (%s), not %s itself",
          v.name(), 100 * fallback / total, 100 * MOSTLY_ELSEWHERE, servers(byServer, v.name()), v.name()));
    } else if (total > 0 && fallback / total > DILUTED) {
      warnings.add(String.format(java.util.Locale.ROOT,
          "variant %s was served by a fallback (%s) for %.1f%% of its requests: counted by intent to treat, its"
              + " effects are diluted toward what served it, to about %.0f%% of the variant's own",
          v.name(), servers(byServer, v.name()), 100 * fallback / total, 100 * (1 - fallback / total)));
    }
    return new ServingSection.Row(v.name(), Math.round(total), shares, total > 0 ? self / total : null,
        total > 0 ? fallback / total : null, total > 0 ? none / total : null, arm.units());
  }

  private static String servers(Map<String, Double> byServer, String self) {
    Set<String> others = new java.util.TreeSet<>(byServer.keySet());
    others.remove(self);
    others.remove(Observations.SERVED_BY_NONE);
    return String.join(", ", others);
  }
}
