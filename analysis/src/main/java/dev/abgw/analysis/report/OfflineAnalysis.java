package dev.abgw.analysis.report;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.MetricSource;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.experiments.MetricType;
import dev.abgw.analysis.event.Event;
import dev.abgw.analysis.event.EventCodec;
import dev.abgw.analysis.event.JudgmentEvent;
import dev.abgw.analysis.event.RequestEvent;
import dev.abgw.analysis.cell.MetricScales;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.StatsAccumulator;
import dev.abgw.stats.quantile.ValueHistogram;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.SequentialState;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
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

  /** The report, plus the lines that could not be used and why. */
  public record Result(Report report, List<String> skipped) {}

  private OfflineAnalysis() {}

  public static Result analyze(Experiment e, BufferedReader events, Clock clock) throws IOException {
    StatsAccumulator acc = new StatsAccumulator();
    Map<StatKey, ValueHistogram> histograms = new HashMap<>();
    List<String> skipped = new ArrayList<>();
    String line;
    int lineNo = 0;
    while ((line = events.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) continue;
      Event ev;
      try {
        ev = EventCodec.decode(line);
      } catch (EventCodec.BadEvent bad) {
        skipped.add("line " + lineNo + ": " + bad.getMessage());
        continue;
      }
      if (!e.id().equals(ev.experiment())) {
        skipped.add("line " + lineNo + ": experiment " + ev.experiment() + " is not " + e.id());
        continue;
      }
      String variant = ev.variant();
      String unit = ev.unit();
      if (variant == null || unit == null || e.variant(variant).isEmpty()) {
        skipped.add("line " + lineNo + ": variant or unit missing or unknown");
        continue;
      }
      List<Observation> obs;
      boolean exposure;
      if (ev instanceof RequestEvent r) {
        obs = Observations.forRequest(e, variant, r.segments(), r.outcome());
        exposure = true;
      } else {
        JudgmentEvent j = (JudgmentEvent) ev;
        MetricSpec m = e.metric(j.metric()).filter(x -> x.source() == MetricSource.JUDGMENT).orElse(null);
        if (m == null) {
          skipped.add("line " + lineNo + ": judgment of unknown metric " + j.metric());
          continue;
        }
        obs = Observations.forJudgment(m, variant, j.segments(), j.value());
        exposure = false;
      }
      acc.apply(variant, unit, exposure, obs);
      for (Observation o : obs) {
        MetricSpec m = e.metric(o.key().metric()).orElse(null);
        if (m != null && m.type() == MetricType.CONTINUOUS) {
          histograms.computeIfAbsent(o.key(), k -> ValueHistogram.empty(MetricScales.of(m))).record(o.value());
        }
      }
    }
    Map<StatKey, byte[]> encoded = new HashMap<>();
    histograms.forEach((k, h) -> encoded.put(k, h.encode()));
    Snapshot s = new Snapshot(acc.arms(), acc.stats(), encoded);
    return new Result(ReportAssembler.assemble(e, s, SequentialState.empty(), clock).report(), skipped);
  }
}
