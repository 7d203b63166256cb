package dev.abgw.analysis.report;

import dev.abgw.experiments.AnalysisSpec;
import dev.abgw.experiments.Direction;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.MetricSource;
import dev.abgw.experiments.MetricSpec;
import dev.abgw.experiments.MetricType;
import dev.abgw.experiments.Variant;
import dev.abgw.analysis.cell.Observations;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.TimeBucket;
import dev.abgw.analysis.cell.TimeSeries;
import dev.abgw.stats.report.TimeSeriesBuilder;
import dev.abgw.stats.report.TimeSeriesReport;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.quantile.QuantileAnalyzer;
import dev.abgw.stats.quantile.QuantileReport;
import dev.abgw.stats.quantile.ValueHistogram;
import dev.abgw.stats.report.AnalysisConfig;
import dev.abgw.stats.report.ArmInput;
import dev.abgw.stats.report.GuardrailMargin;
import dev.abgw.stats.report.MetricInput;
import dev.abgw.stats.report.MetricKind;
import dev.abgw.stats.report.MetricReport;
import dev.abgw.stats.report.ReportBuilder;
import dev.abgw.stats.report.ReportInput;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.ReportResult;
import dev.abgw.stats.report.Role;
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
  public record Assembled(Report report, SequentialState next) {}

  public static Assembled assemble(Experiment e, Snapshot s, SequentialState previous, Clock clock) {
    return assemble(e, s, previous, java.util.Set.of(), clock);
  }

  /** The report with the variants the monitor {@code stopped} out of the sample ratio check. */
  public static Assembled assemble(Experiment e, Snapshot s, SequentialState previous, java.util.Set<String> stopped,
                                   Clock clock) {
    s = SegmentFolding.fold(e, s);
    ReportResult result = ReportBuilder.build(input(e, s, previous).withStopped(stopped), clock);
    return new Assembled(ServingReport.attach(e, s, withQuantiles(e, s, result.report())), result.next());
  }

  /**
   * As {@link #assemble(Experiment, Snapshot, SequentialState, java.util.Set, Clock)}, with the report's time
   * series: the cumulative statistics at the end of every bucket ({@link TimeSeries#cumulative}, O(buckets x
   * cells)) through {@link TimeSeriesBuilder}.
   */
  public static Assembled assemble(Experiment e, Snapshot s, List<TimeBucket> buckets, SequentialState previous,
                                   java.util.Set<String> stopped, Clock clock) {
    Assembled a = assemble(e, s, previous, stopped, clock);
    return new Assembled(a.report().withTimeSeries(timeSeries(e, buckets, stopped)), a.next());
  }

  /** The time series of {@code buckets}: every bucket end, as the report would read the statistics then. */
  public static TimeSeriesReport timeSeries(Experiment e, List<TimeBucket> buckets, java.util.Set<String> stopped) {
    List<TimeSeriesBuilder.Look> looks = new ArrayList<>();
    for (TimeSeries.Point p : TimeSeries.cumulative(buckets)) {
      Snapshot at = new Snapshot(p.arms(), p.stats(), Map.of());
      looks.add(new TimeSeriesBuilder.Look(java.time.Instant.ofEpochMilli(p.endMillis()),
          (int) (p.width().millis() / 60_000), input(e, at, SequentialState.empty()).withStopped(stopped)));
    }
    return TimeSeriesBuilder.build(looks);
  }

  /** The statistics of {@code s} as the report's input (also what the guardrail monitor evaluates). */
  public static ReportInput input(Experiment e, Snapshot s, SequentialState previous) {
    List<ArmInput> arms = new ArrayList<>();
    for (Variant v : e.variants()) {
      ArmCounts c = s.arms().getOrDefault(v.name(), ArmCounts.empty());
      arms.add(new ArmInput(v.name(), v.weight(), c.units(), c.requests()));
    }
    Map<String, Map<StatKey, RatioStats>> byMetric = new HashMap<>();
    s.stats().forEach((k, v) -> byMetric.computeIfAbsent(k.metric(), m -> new HashMap<>()).put(k, v));
    List<MetricInput> metrics = new ArrayList<>();
    for (MetricSpec m : e.metrics()) {
      metrics.add(withRole(m, metric(m.name(), kind(m.type()), m.direction(),
          byMetric.getOrDefault(m.name(), Map.of()))));
      if (m.source() == MetricSource.JUDGMENT && m.type() == MetricType.CONTINUOUS && m.badBelow() != null) {
        String bad = m.name() + Observations.BAD_SUFFIX;
        // Derived, not listed by the user: reported, but secondary (see MetricInput#decisive).
        metrics.add(metric(bad, MetricKind.BINARY, Direction.DECREASE, byMetric.getOrDefault(bad, Map.of())).asSecondary());
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

  /** The definition's role and margin on the report's metric; none without roles (every metric decides). */
  private static MetricInput withRole(MetricSpec m, MetricInput metric) {
    if (m.role() == null) {
      return metric;
    }
    Role role = Role.valueOf(m.role().name());
    GuardrailMargin margin = m.margin() == null ? null : new GuardrailMargin(m.margin().relative(), m.margin().value());
    return metric.withRole(role, margin);
  }

  static AnalysisConfig config(AnalysisSpec a) {
    return new AnalysisConfig(a.alpha(), a.mode(), a.correction(),
        a.sequentialTuning(), a.srmThreshold(), a.priorSd(), a.minUnitsPerSegment(), a.power(), a.targetLift());
  }

  private static MetricKind kind(MetricType t) {
    return t == MetricType.BINARY ? MetricKind.BINARY : MetricKind.CONTINUOUS;
  }

  /** The report with the tail quantiles of every continuous metric that has histograms, overall and per segment. */
  private static Report withQuantiles(Experiment e, Snapshot s, Report report) {
    if (s.histograms().isEmpty()) return report;
    Map<String, Map<String, Map<String, ValueHistogram>>> byMetricCell = new HashMap<>();
    s.histograms().forEach((k, bytes) -> {
      String cell = k.isOverall() ? "" : k.dimension() + "=" + k.segment();
      byMetricCell.computeIfAbsent(k.metric(), m -> new LinkedHashMap<>())
          .computeIfAbsent(cell, c -> new HashMap<>()).put(k.variant(), ValueHistogram.decode(bytes));
    });
    double alpha = e.analysis().alpha();
    for (MetricReport m : report.metrics()) {
      Map<String, Map<String, ValueHistogram>> cells = byMetricCell.get(m.metric());
      if (cells == null) continue;
      QuantileReport overall = quantiles(cells.get(""), e.control(), alpha);
      report = report.withMetric(m.withQuantiles(overall,
          (dimension, segment) -> quantiles(cells.get(dimension + "=" + segment), e.control(), alpha)));
    }
    return report;
  }

  private static QuantileReport quantiles(Map<String, ValueHistogram> byVariant, String control, double alpha) {
    return byVariant == null ? null : QuantileAnalyzer.analyze(byVariant, control, alpha);
  }
}
