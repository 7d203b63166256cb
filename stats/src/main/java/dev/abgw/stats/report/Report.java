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
    List<String> warnings, Decision decision, List<GuardrailResult> guardrails) {

  public Report {
    guardrails = guardrails == null ? List.of() : List.copyOf(guardrails);
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
        List.of());
  }

  /** This report with {@code metric} replacing the metric of the same name. */
  public Report withMetric(MetricReport metric) {
    List<MetricReport> next = metrics.stream()
        .map(m -> m.metric().equals(metric.metric()) ? metric : m)
        .toList();
    return new Report(experiment, generatedAt, analysis, srm, variants, next, regressions,
        warnings, decision, guardrails);
  }
}
