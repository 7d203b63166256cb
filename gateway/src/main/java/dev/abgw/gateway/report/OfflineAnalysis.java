package dev.abgw.gateway.report;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.JudgmentValue;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.experiments.MetricType;
import dev.abgw.gateway.record.Events;
import dev.abgw.gateway.record.Observations;
import dev.abgw.gateway.record.Recorder;
import dev.abgw.gateway.store.Observation;
import dev.abgw.gateway.store.Snapshot;
import dev.abgw.gateway.store.StatKey;
import dev.abgw.gateway.store.StatsAccumulator;
import dev.abgw.stats.quantile.ValueHistogram;
import dev.abgw.stats.report.SequentialState;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-runs an experiment's analysis from its raw events (the NDJSON of {@code GET /experiments/{id}/export}):
 * every event goes through the same {@link Observations} and {@link StatsAccumulator} as live traffic,
 * and the report through the same {@link ReportAssembler}. In fixed mode the numbers equal the live report's;
 * in sequential mode this is a single look (no running intersection of earlier looks).
 */
public final class OfflineAnalysis {

  /**
   * The report, the lines that could not be used and why, and how many lines were used. A judgment is
   * used only when the live API would have accepted it ({@link JudgmentValue}); everything else is
   * skipped with the live API's message.
   */
  public record Result(com.fasterxml.jackson.databind.node.ObjectNode report, SkippedLines skipped, int used) {}

  private OfflineAnalysis() {}

  public static Result analyze(Experiment e, BufferedReader events, Clock clock) throws IOException {
    StatsAccumulator acc = new StatsAccumulator();
    Map<StatKey, ValueHistogram> histograms = new HashMap<>();
    SkippedLines skipped = new SkippedLines();
    int used = 0;
    String line;
    int lineNo = 0;
    while ((line = events.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) continue;
      JsonObject ev;
      try {
        ev = new JsonObject(line);
      } catch (RuntimeException bad) {
        skipped.add(lineNo, "not JSON");
        continue;
      }
      String problem;
      try {
        problem = apply(e, ev, acc, histograms);
      } catch (RuntimeException malformed) {
        problem = "malformed " + ev.getValue("type") + " event (" + malformed.getMessage() + ")";
      }
      if (problem == null) {
        used++;
      } else {
        skipped.add(lineNo, problem);
      }
    }
    Map<StatKey, byte[]> encoded = new HashMap<>();
    histograms.forEach((k, h) -> encoded.put(k, h.encode()));
    Snapshot s = new Snapshot(acc.arms(), acc.stats(), encoded);
    return new Result(ReportAssembler.assemble(e, s, SequentialState.empty(), clock).json(), skipped, used);
  }

  /** Adds one event's observations; returns why it cannot be used, or null. */
  private static String apply(Experiment e, JsonObject ev, StatsAccumulator acc, Map<StatKey, ValueHistogram> histograms) {
    if (!e.id().equals(ev.getValue("experiment"))) {
      return "experiment " + JudgmentValue.describe(ev.getValue("experiment")) + " is not " + e.id();
    }
    Object variant = ev.getValue("variant");
    Object unit = ev.getValue("unit");
    if (!(variant instanceof String v) || !(unit instanceof String u) || e.variant(v).isEmpty()) {
      return "variant or unit missing or unknown";
    }
    List<Observation> obs;
    boolean exposure;
    Object type = ev.getValue("type");
    if ("request".equals(type)) {
      obs = Observations.forRequest(e, v, Events.segments(ev), Events.outcome(ev));
      exposure = true;
    } else if ("judgment".equals(type)) {
      Object metric = ev.getValue("metric");
      MetricSpec m = metric instanceof String name ? JudgmentValue.judgmentMetric(e, name).orElse(null) : null;
      if (m == null) return JudgmentValue.unknownMetric(e, metric);
      JudgmentValue.Checked value = JudgmentValue.check(m, ev.getValue("value"));
      if (!value.valid()) return value.error();
      obs = Observations.forJudgment(m, v, Events.segments(ev), value.value());
      exposure = false;
    } else {
      return "unknown type " + JudgmentValue.describe(type);
    }
    acc.apply(v, u, exposure, obs);
    for (Observation o : obs) {
      MetricSpec m = e.metric(o.key().metric()).orElse(null);
      if (m != null && m.type() == MetricType.CONTINUOUS) {
        histograms.computeIfAbsent(o.key(), k -> ValueHistogram.empty(Recorder.scaleOf(m))).record(o.value());
      }
    }
    return null;
  }
}
