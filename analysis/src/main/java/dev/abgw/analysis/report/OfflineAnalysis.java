package dev.abgw.analysis.report;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.JudgmentValue;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.experiments.MetricType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.analysis.event.EventCodec;
import dev.abgw.analysis.event.RequestEvent;
import dev.abgw.analysis.cell.MetricScales;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.StatsAccumulator;
import dev.abgw.analysis.cell.TimeSeriesBounds;
import dev.abgw.stats.quantile.ValueHistogram;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.SequentialState;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The report, the lines that could not be used and why, and how many lines were used. A judgment is
   * used only when the live API would have accepted it ({@link JudgmentValue}); everything else is
   * skipped with the live API's message.
   */
  public record Result(Report report, SkippedLines skipped, int used) {}

  private OfflineAnalysis() {}

  public static Result analyze(Experiment e, BufferedReader events, Clock clock) throws IOException {
    return analyze(e, events, clock, TimeSeriesBounds.DEFAULT);
  }

  /**
   * As {@link #analyze(Experiment, BufferedReader, Clock)}, bucketing the time series within {@code bounds} (give
   * the live store's to get its buckets).
   */
  public static Result analyze(Experiment e, BufferedReader events, Clock clock, TimeSeriesBounds bounds)
      throws IOException {
    StatsAccumulator acc = new StatsAccumulator(bounds);
    Map<StatKey, ValueHistogram> histograms = new HashMap<>();
    SkippedLines skipped = new SkippedLines();
    int used = 0;
    String line;
    int lineNo = 0;
    while ((line = events.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) continue;
      JsonNode ev;
      try {
        ev = EventCodec.parse(line);
      } catch (EventCodec.BadEvent bad) {
        skipped.add(lineNo, bad.getMessage());
        continue;
      }
      String problem;
      try {
        problem = apply(e, ev, acc, histograms);
      } catch (RuntimeException malformed) {
        problem = "malformed " + ev.path("type").asText("") + " event (" + malformed.getMessage() + ")";
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
    return new Result(ReportAssembler.assemble(e, s, acc.buckets(), SequentialState.empty(), java.util.Set.of(), clock)
        .report(), skipped, used);
  }

  /** Adds one event's observations; returns why it cannot be used, or null. */
  private static String apply(Experiment e, JsonNode ev, StatsAccumulator acc, Map<StatKey, ValueHistogram> histograms) {
    if (!e.id().equals(ev.path("experiment").textValue())) {
      return "experiment " + JudgmentValue.describe(raw(ev, "experiment")) + " is not " + e.id();
    }
    String variant = ev.path("variant").textValue();
    String unit = ev.path("unit").textValue();
    if (variant == null || unit == null || e.variant(variant).isEmpty()) {
      return "variant or unit missing or unknown";
    }
    List<Observation> obs;
    boolean exposure;
    Object type = raw(ev, "type");
    if ("request".equals(type)) {
      RequestEvent r = (RequestEvent) EventCodec.decode(ev);
      obs = Observations.forRequest(e, variant, r.segments(), r.outcome());
      exposure = true;
    } else if ("judgment".equals(type)) {
      Object metric = raw(ev, "metric");
      MetricSpec m = metric instanceof String name ? JudgmentValue.judgmentMetric(e, name).orElse(null) : null;
      if (m == null) return JudgmentValue.unknownMetric(e, metric);
      JudgmentValue.Checked value = JudgmentValue.check(m, raw(ev, "value"));
      if (!value.valid()) return value.error();
      obs = Observations.forJudgment(m, variant, EventCodec.segments(ev), value.value());
      exposure = false;
    } else {
      return "unknown type " + JudgmentValue.describe(type);
    }
    acc.apply(EventCodec.timeMillis(ev), variant, unit, exposure, obs);
    for (Observation o : obs) {
      MetricSpec m = e.metric(o.key().metric()).orElse(null);
      if (m != null && m.type() == MetricType.CONTINUOUS) {
        histograms.computeIfAbsent(o.key(), k -> ValueHistogram.empty(MetricScales.of(m))).record(o.value());
      }
    }
    return null;
  }

  /** A field as the plain Java value the live API's checks see (Map, List, String, Number, Boolean or null). */
  private static Object raw(JsonNode ev, String field) {
    JsonNode v = ev.get(field);
    return v == null || v.isNull() ? null : JSON.convertValue(v, Object.class);
  }
}
