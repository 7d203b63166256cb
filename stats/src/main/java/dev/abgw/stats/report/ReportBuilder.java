package dev.abgw.stats.report;

import dev.abgw.experiments.Mode;
import dev.abgw.stats.RatioStats;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds an experiment report from sufficient statistics. Pure: the only inputs are the
 * {@link ReportInput} and the clock, and the cost depends on the number of metrics, variants and
 * segment cells, never on the number of events behind them.
 *
 * <p>Steps: SRM check; per metric and treatment the Welch tests, confidence sequence (sequential
 * mode, merged with {@code previous}), Bayesian lift and power; the family correction over
 * metrics x treatments and the verdicts; segments with Benjamini-Hochberg and regressions;
 * Simpson's-paradox warnings; the decision ({@link DecisionRule}).
 */
public final class ReportBuilder {

  private ReportBuilder() {}

  public static ReportResult build(ReportInput in, Clock clock) {
    AnalysisConfig config = in.analysis();
    SrmSection srm = SrmCheck.of(in.liveArms(), config.srmThreshold());
    List<String> warnings = new ArrayList<>();
    if (srm.mismatch()) {
      warnings.add(String.format(java.util.Locale.ROOT,
          "sample ratio mismatch (p = %.3g): every result below is untrustworthy", srm.pValue()));
    }
    SequentialState state = in.previous();
    List<MetricReport> metrics = new ArrayList<>();
    for (MetricInput metric : in.metrics()) {
      List<VariantResult> variants = new ArrayList<>();
      RatioStats control = metric.byVariant().get(in.control());
      for (ArmInput arm : in.arms()) {
        RatioStats stats = metric.byVariant().get(arm.variant());
        if (stats == null) {
          warnings.add("metric " + metric.metric() + " has no statistics for variant "
              + arm.variant());
        }
        if (arm.variant().equals(in.control())) {
          variants.add(summary(arm.variant(), true, stats, null));
          continue;
        }
        Optional<SequentialState.Track> previous = state.find(metric.metric(), arm.variant());
        Comparison comparison;
        if (stats == null || control == null) {
          comparison = new Comparison(null, null, null, null, null, null, Verdict.INCONCLUSIVE,
              dev.abgw.stats.test.Reason.MISSING_VARIANT);
        } else {
          VariantComparator.Outcome outcome = VariantComparator.compare(metric, control, stats,
              arm.variant(), config, previous, familySize(in, metric.decisive()));
          comparison = outcome.comparison();
          if (outcome.track().isPresent()) {
            state = state.with(outcome.track().get());
          }
          if (comparison.reason() == dev.abgw.stats.test.Reason.ZERO_VARIANCE_ARMS_DIFFER) {
            warnings.add(ArmsDifferWithoutVariance.warning(metric.metric(), arm.variant(),
                Estimates.mean(stats), Estimates.mean(control)));
          }
        }
        variants.add(summary(arm.variant(), false, stats, comparison));
      }
      metrics.add(new MetricReport(metric.metric(), metric.kind(), metric.direction(), variants,
          List.of(), null));
    }
    List<Boolean> decisive = in.metrics().stream().map(MetricInput::decisive).toList();
    metrics = corrected(metrics, decisive, true, config, srm.mismatch());
    metrics = corrected(metrics, decisive, false, config, srm.mismatch());
    SegmentAnalyzer.Result segments = SegmentAnalyzer.analyze(in, srm.mismatch());
    List<MetricReport> tested = metrics;
    metrics = new ArrayList<>();
    for (int m = 0; m < tested.size(); m++) {
      MetricReport r = tested.get(m);
      metrics.add(new MetricReport(r.metric(), r.kind(), r.direction(), r.variants(),
          segments.byMetric().getOrDefault(r.metric(), List.of()), null, in.metrics().get(m).role()));
    }
    warnings.addAll(SimpsonCheck.warnings(metrics));
    List<GuardrailResult> guardrails = GuardrailCheck.evaluate(in, config.mode() == Mode.SEQUENTIAL);
    Decision decision = RoleDecisionRule.applies(in)
        ? RoleDecisionRule.decide(in, srm, metrics, segments.regressions(), guardrails)
        : DecisionRule.decide(in, srm, metrics, segments.regressions());
    List<VariantSummary> exposure = in.arms().stream()
        .map(a -> new VariantSummary(a.variant(), a.units(), a.requests(), a.weight()))
        .toList();
    Report report = new Report(in.experiment(), Instant.now(clock), config, srm, exposure,
        metrics, segments.regressions(), warnings, decision, guardrails);
    return new ReportResult(report, state);
  }

  private static VariantResult summary(String variant, boolean control, RatioStats stats,
      Comparison comparison) {
    RatioStats s = stats == null ? RatioStats.empty() : stats;
    return new VariantResult(variant, control, s.units(), Estimates.observations(s),
        Estimates.mean(s), comparison);
  }

  /**
   * Planned size of a metric's correction family: the metrics of the same decisiveness times the
   * treatments (degenerate comparisons included, since they are part of the design).
   */
  private static int familySize(ReportInput in, boolean decisive) {
    long metrics = in.metrics().stream().filter(m -> m.decisive() == decisive).count();
    return (int) Math.max(1, metrics * in.treatments().size());
  }

  /**
   * Family correction over every tested (metric, treatment) whose metric has the given
   * decisiveness, then their verdicts. Decisive and secondary metrics are two separate families,
   * so adding a secondary metric never weakens the decisive tests.
   */
  private static List<MetricReport> corrected(List<MetricReport> metrics, List<Boolean> decisive,
      boolean family, AnalysisConfig config, boolean sampleRatioMismatch) {
    List<double[]> slots = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      if (decisive.get(m) != family) {
        continue;
      }
      List<VariantResult> variants = metrics.get(m).variants();
      for (int v = 0; v < variants.size(); v++) {
        VariantResult r = variants.get(v);
        if (!r.control() && r.comparison().familyPValue() != null) {
          slots.add(new double[] {m, v});
          pValues.add(r.comparison().familyPValue());
        }
      }
    }
    double[] adjusted = FamilyCorrection.adjust(
        pValues.stream().mapToDouble(Double::doubleValue).toArray(), config.correction());
    List<List<VariantResult>> out = new ArrayList<>();
    for (MetricReport metric : metrics) {
      out.add(new ArrayList<>(metric.variants()));
    }
    for (int k = 0; k < slots.size(); k++) {
      int m = (int) slots.get(k)[0];
      int v = (int) slots.get(k)[1];
      VariantResult r = out.get(m).get(v);
      Comparison c = r.comparison();
      Verdict verdict = Verdicts.of(adjusted[k], signedEffect(c), config.alpha(),
          metrics.get(m).direction(), sampleRatioMismatch);
      out.get(m).set(v, new VariantResult(r.variant(), false, r.units(), r.n(), r.mean(),
          c.withAdjusted(adjusted[k], verdict)));
    }
    List<MetricReport> result = new ArrayList<>();
    for (int m = 0; m < metrics.size(); m++) {
      MetricReport metric = metrics.get(m);
      result.add(new MetricReport(metric.metric(), metric.kind(), metric.direction(), out.get(m),
          metric.segments(), metric.quantiles()));
    }
    return result;
  }

  /**
   * The effect whose sign decides better or worse: in sequential mode the midpoint of the running
   * interval (which excludes 0 whenever the running p-value is below alpha), else the estimate.
   */
  private static double signedEffect(Comparison c) {
    if (c.sequential() != null) {
      return (c.sequential().absolute().low() + c.sequential().absolute().high()) / 2;
    }
    return c.absolute().effect();
  }
}
