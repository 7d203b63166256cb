package dev.abgw.stats.report;

import java.time.Instant;
import java.util.List;

/**
 * An experiment report: what {@link ReportJson} writes. See {@code docs/statistics.md} for the
 * meaning of every field and {@code docs/report.schema.json} for its JSON shape.
 */
public record Report(
    String experiment, Instant generatedAt, AnalysisConfig analysis, SrmSection srm,
    List<VariantSummary> variants, List<MetricReport> metrics, List<Regression> regressions,
    List<String> warnings, Decision decision, List<GuardrailResult> guardrails, List<Rollback> rollbacks,
    ServingSection serving, TimeSeriesReport timeseries) {

  public Report {
    guardrails = guardrails == null ? List.of() : List.copyOf(guardrails);
    rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
    variants = List.copyOf(variants);
    metrics = List.copyOf(metrics);
    regressions = List.copyOf(regressions);
    warnings = List.copyOf(warnings);
  }

  /** A report without guardrails. */
  public Report(String experiment, Instant generatedAt, AnalysisConfig analysis, SrmSection srm,
      List<VariantSummary> variants, List<MetricReport> metrics, List<Regression> regressions,
      List<String> warnings, Decision decision) {
    this(experiment, generatedAt, analysis, srm, variants, metrics, regressions, warnings, decision,
        List.of(), List.of(), null, null);
  }

  /** A report with guardrails and no rollbacks. */
  public Report(String experiment, Instant generatedAt, AnalysisConfig analysis, SrmSection srm,
      List<VariantSummary> variants, List<MetricReport> metrics, List<Regression> regressions,
      List<String> warnings, Decision decision, List<GuardrailResult> guardrails) {
    this(experiment, generatedAt, analysis, srm, variants, metrics, regressions, warnings, decision,
        guardrails, List.of(), null, null);
  }

  /** This report with the monitor's {@code rollbacks}. */
  public Report withRollbacks(List<Rollback> rollbacks) {
    return new Report(experiment, generatedAt, analysis, srm, variants, metrics, regressions, warnings, decision,
        guardrails, rollbacks, serving, timeseries);
  }

  /** This report with who served each variant, and {@code moreWarnings} after its own warnings. */
  public Report withServing(ServingSection serving, List<String> moreWarnings) {
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(moreWarnings);
    return new Report(experiment, generatedAt, analysis, srm, variants, metrics, regressions, all, decision,
        guardrails, rollbacks, serving, timeseries);
  }

  /** This report with its time series (null: none). */
  public Report withTimeSeries(TimeSeriesReport timeseries) {
    return new Report(experiment, generatedAt, analysis, srm, variants, metrics, regressions, warnings, decision,
        guardrails, rollbacks, serving, timeseries);
  }

  /** This report with {@code metric} replacing the metric of the same name. */
  public Report withMetric(MetricReport metric) {
    List<MetricReport> next = metrics.stream()
        .map(m -> m.metric().equals(metric.metric()) ? metric : m)
        .toList();
    return new Report(experiment, generatedAt, analysis, srm, variants, next, regressions,
        warnings, decision, guardrails, rollbacks, serving, timeseries);
  }
}
