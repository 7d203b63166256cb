package dev.abgw.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.SegmentDimension;
import dev.abgw.experiments.SegmentSource;
import dev.abgw.experiments.Variant;
import java.util.HashSet;
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

  static void attach(Experiment e, Snapshot s, ObjectNode json) {
    markAsServed(e, json);
    if (e.resilience().isNone()) return;
    ArrayNode serving = json.putArray("serving");
    ArrayNode warnings = json.withArray("warnings");
    for (Variant v : e.variants()) {
      Map<String, Double> byServer = new TreeMap<>();
      s.stats().forEach((k, stats) -> {
        if (k.variant().equals(v.name()) && Observations.SERVED_METRIC.equals(k.metric()) && !k.isOverall()) {
          byServer.merge(k.segment(), stats.sumS(), Double::sum);
        }
      });
      ArmCounts arm = s.arms().getOrDefault(v.name(), ArmCounts.empty());
      double total = byServer.values().stream().mapToDouble(Double::doubleValue).sum();
      ObjectNode row = serving.addObject();
      row.put("variant", v.name());
      row.put("requests", Math.round(total));
      ObjectNode shares = row.putObject("servedBy");
      double self = byServer.getOrDefault(v.name(), 0.0);
      double none = byServer.getOrDefault(Observations.SERVED_BY_NONE, 0.0);
      byServer.forEach((server, n) -> shares.put(server, total > 0 ? n / total : 0));
      double fallback = total - self - none;
      if (total > 0) {
        row.put("selfShare", self / total);
        row.put("fallbackShare", fallback / total);
        row.put("unservedShare", none / total);
      } else {
        row.putNull("selfShare");
        row.putNull("fallbackShare");
        row.putNull("unservedShare");
      }
      row.put("units", arm.units());
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
    }
  }

  private static String servers(Map<String, Double> byServer, String self) {
    Set<String> others = new java.util.TreeSet<>(byServer.keySet());
    others.remove(self);
    others.remove(Observations.SERVED_BY_NONE);
    return String.join(", ", others);
  }

  /** Segments and regressions of a dimension read from {@code servedBy} are not randomized comparisons. */
  private static void markAsServed(Experiment e, ObjectNode json) {
    Set<String> asServed = new HashSet<>();
    for (SegmentDimension d : e.segments()) {
      if (d.source() == SegmentSource.RESPONSE && SegmentDimension.SERVED_BY.equals(d.key())) asServed.add(d.name());
    }
    if (asServed.isEmpty()) return;
    for (JsonNode metric : json.path("metrics")) {
      for (JsonNode seg : metric.path("segments")) mark(seg, asServed);
    }
    for (JsonNode reg : json.path("regressions")) mark(reg, asServed);
  }

  private static void mark(JsonNode node, Set<String> asServed) {
    if (node instanceof ObjectNode o && asServed.contains(o.path("dimension").asText())) {
      o.put("randomized", false);
    }
  }
}
