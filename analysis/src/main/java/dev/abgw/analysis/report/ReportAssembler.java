package dev.abgw.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abgw.experiments.AnalysisSpec;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.MetricSource;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.experiments.MetricType;
import dev.abgw.experiments.Variant;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.quantile.QuantileAnalyzer;
import dev.abgw.stats.quantile.QuantileJson;
import dev.abgw.stats.quantile.ValueHistogram;
import dev.abgw.stats.report.AnalysisConfig;
import dev.abgw.stats.report.ArmInput;
import dev.abgw.stats.report.Correction;
import dev.abgw.stats.report.Direction;
import dev.abgw.stats.report.MetricInput;
import dev.abgw.stats.report.MetricKind;
import dev.abgw.stats.report.Mode;
import dev.abgw.stats.report.ReportBuilder;
import dev.abgw.stats.report.ReportInput;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.stats.report.ReportResult;
import dev.abgw.stats.report.SegmentCell;
import dev.abgw.stats.report.SequentialState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an experiment definition and a store {@link Snapshot} into the report: maps the definition onto
 * the stats module's input, runs {@link ReportBuilder}, and attaches the tail quantiles of continuous
 * metrics (overall and per segment). Pure, so the live endpoint and the offline {@code analyze} command
 * produce the same report from the same statistics. Its cost grows with the number of cells, not events.
 */
public final class ReportAssembler {
  private ReportAssembler() {}

  /** The report and the sequential state to keep for the next look. */
  public record Assembled(ObjectNode json, SequentialState next) {}

  public static Assembled assemble(Experiment e, Snapshot s, SequentialState previous, Clock clock) {
    s = SegmentFolding.fold(e, s);
    ReportResult result = ReportBuilder.build(input(e, s, previous), clock);
    ObjectNode json = ReportJson.toNode(result.report());
    attachQuantiles(e, s, json);
    ServingReport.attach(e, s, json);
    return new Assembled(json, result.next());
  }

  static ReportInput input(Experiment e, Snapshot s, SequentialState previous) {
    List<ArmInput> arms = new ArrayList<>();
    for (Variant v : e.variants()) {
      ArmCounts c = s.arms().getOrDefault(v.name(), ArmCounts.empty());
      arms.add(new ArmInput(v.name(), v.weight(), c.units(), c.requests()));
    }
    Map<String, Map<StatKey, RatioStats>> byMetric = new HashMap<>();
    s.stats().forEach((k, v) -> byMetric.computeIfAbsent(k.metric(), m -> new HashMap<>()).put(k, v));
    List<MetricInput> metrics = new ArrayList<>();
    for (MetricSpec m : e.metrics()) {
      metrics.add(metric(m.name(), kind(m.type()), direction(m.direction()), byMetric.getOrDefault(m.name(), Map.of())));
      if (m.source() == MetricSource.JUDGMENT && m.type() == MetricType.CONTINUOUS && m.badBelow() != null) {
        String bad = m.name() + Observations.BAD_SUFFIX;
        metrics.add(metric(bad, MetricKind.BINARY, Direction.DECREASE, byMetric.getOrDefault(bad, Map.of())));
      }
    }
    return new ReportInput(e.id(), e.control(), config(e.analysis()), arms, metrics, previous);
  }

  private static MetricInput metric(String name, MetricKind kind, Direction direction, Map<StatKey, RatioStats> cells) {
    Map<String, RatioStats> overall = new HashMap<>();
    Map<String, Map<String, RatioStats>> segments = new TreeMap<>();
    cells.forEach((k, v) -> {
      if (k.isOverall()) {
        overall.put(k.variant(), v);
      } else {
        segments.computeIfAbsent(k.dimension() + "=" + k.segment(), x -> new HashMap<>()).put(k.variant(), v);
      }
    });
    List<SegmentCell> segmentCells = new ArrayList<>();
    segments.forEach((ds, byVariant) -> {
      int eq = ds.indexOf('=');
      segmentCells.add(new SegmentCell(ds.substring(0, eq), ds.substring(eq + 1), byVariant));
    });
    return new MetricInput(name, kind, direction, overall, segmentCells);
  }

  static AnalysisConfig config(AnalysisSpec a) {
    return new AnalysisConfig(a.alpha(), Mode.valueOf(a.mode().name()), Correction.valueOf(a.correction().name()),
        a.sequentialTuning(), a.srmThreshold(), a.priorSd(), a.minUnitsPerSegment(), a.power(), a.targetLift());
  }

  private static MetricKind kind(MetricType t) {
    return t == MetricType.BINARY ? MetricKind.BINARY : MetricKind.CONTINUOUS;
  }

  private static Direction direction(dev.abgw.experiments.Direction d) {
    return d == dev.abgw.experiments.Direction.INCREASE ? Direction.INCREASE : Direction.DECREASE;
  }

  private static void attachQuantiles(Experiment e, Snapshot s, ObjectNode json) {
    if (s.histograms().isEmpty()) return;
    Map<String, Map<String, Map<String, ValueHistogram>>> byMetricCell = new HashMap<>();
    s.histograms().forEach((k, bytes) -> {
      String cell = k.isOverall() ? "" : k.dimension() + "=" + k.segment();
      byMetricCell.computeIfAbsent(k.metric(), m -> new LinkedHashMap<>())
          .computeIfAbsent(cell, c -> new HashMap<>()).put(k.variant(), ValueHistogram.decode(bytes));
    });
    double alpha = e.analysis().alpha();
    for (JsonNode metricNode : json.path("metrics")) {
      Map<String, Map<String, ValueHistogram>> cells = byMetricCell.get(metricNode.path("metric").asText());
      if (cells == null) continue;
      Map<String, ValueHistogram> overall = cells.get("");
      if (overall != null) {
        ((ObjectNode) metricNode).set("quantiles", QuantileJson.toNode(QuantileAnalyzer.analyze(overall, e.control(), alpha)));
      }
      if (metricNode.path("segments") instanceof ArrayNode segs) {
        for (JsonNode seg : segs) {
          Map<String, ValueHistogram> h = cells.get(seg.path("dimension").asText() + "=" + seg.path("segment").asText());
          if (h != null) {
            ((ObjectNode) seg).set("quantiles", QuantileJson.toNode(QuantileAnalyzer.analyze(h, e.control(), alpha)));
          }
        }
      }
    }
  }
}
