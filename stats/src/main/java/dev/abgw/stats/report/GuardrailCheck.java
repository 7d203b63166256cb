package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.test.ArmEstimate;
import dev.abgw.stats.test.NonInferiorityTest;
import dev.abgw.stats.test.OneSidedResult;
import dev.abgw.stats.test.Reason;
import dev.abgw.stats.test.Side;
import dev.abgw.stats.test.TestResult;
import dev.abgw.stats.test.TwoArmResult;
import dev.abgw.stats.test.WelchTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Guardrails as two one-sided tests at the margin {@code m} (in the bad direction: the threshold
 * {@code d = +m} for a metric to decrease, {@code -m} for one to increase), on the relative lift
 * for a relative margin and on the absolute difference for an absolute one
 * ({@link NonInferiorityTest}):
 *
 * <ul>
 *   <li><b>Non-inferior</b> when H0 "worse by {@code m} or more" is rejected at {@code alpha}: for a
 *       metric to decrease, the upper one-sided bound is below {@code +m}. Shipping needs every
 *       guardrail shown non-inferior; by the intersection-union principle (Berger 1982,
 *       "Multiparameter hypothesis testing and acceptance sampling", Technometrics) each test at
 *       {@code alpha} keeps the chance of shipping an inferior variant below {@code alpha} without
 *       a correction.</li>
 *   <li><b>Breached</b> when H0 "worse by at most {@code m}" is rejected at {@code alpha / k}, with
 *       {@code k} = guardrails x treatments (Bonferroni): any breach rolls back, so the union of the
 *       {@code k} tests is held at {@code alpha}.</li>
 * </ul>
 *
 * <p>Fixed horizon uses the one-sided Welch test; always-valid mode (the report's
 * {@code sequential} mode, and the monitor at every look) the one-sided confidence sequence, so
 * checking after every batch of requests keeps both rates.
 */
public final class GuardrailCheck {

  private GuardrailCheck() {}

  /** Every guardrail x treatment of {@code in}; {@code alwaysValid} picks the confidence sequence. */
  public static List<GuardrailResult> evaluate(ReportInput in, boolean alwaysValid) {
    List<MetricInput> guardrails = in.metrics().stream().filter(m -> m.role() == Role.GUARDRAIL).toList();
    List<ArmInput> treatments = in.treatments();
    int k = Math.max(1, guardrails.size() * treatments.size());
    AnalysisConfig config = in.analysis();
    List<GuardrailResult> out = new ArrayList<>();
    for (MetricInput metric : guardrails) {
      RatioStats control = metric.byVariant().get(in.control());
      for (ArmInput arm : treatments) {
        out.add(check(metric, control, metric.byVariant().get(arm.variant()), arm.variant(),
            config.alpha(), config.alpha() / k, alwaysValid, config.sequentialTuning()));
      }
    }
    return out;
  }

  /** One guardrail of one treatment; {@code breachAlpha} is the corrected level of the breach test. */
  static GuardrailResult check(MetricInput metric, RatioStats control, RatioStats treatment,
      String variant, double alpha, double breachAlpha, boolean alwaysValid, double tuning) {
    GuardrailMargin margin = metric.margin();
    Direction direction = metric.direction();
    if (control == null || treatment == null) {
      return GuardrailResult.untestable(metric.metric(), variant, direction, margin,
          treatment == null ? 0 : treatment.units(), alwaysValid, Reason.MISSING_VARIANT);
    }
    ArmEstimate c = Estimates.of(control, metric.kind());
    ArmEstimate t = Estimates.of(treatment, metric.kind());
    TwoArmResult welch = WelchTest.compare(c, t, alpha);
    TestResult test = (margin.relative() ? welch.relative() : welch.absolute()).orElse(null);
    if (test == null) {
      return GuardrailResult.untestable(metric.metric(), variant, direction, margin, t.n(),
          alwaysValid, welch.reason().orElse(Reason.NOT_ENOUGH_DATA));
    }
    double threshold = margin.threshold(direction);
    Side safeSide = direction == Direction.DECREASE ? Side.LESSER : Side.GREATER;
    Side breachSide = safeSide == Side.LESSER ? Side.GREATER : Side.LESSER;
    long totalUnits = c.n() + t.n();
    OneSidedResult safe = alwaysValid
        ? NonInferiorityTest.sequential(test, safeSide, threshold, totalUnits, alpha, tuning)
        : NonInferiorityTest.fixed(test, safeSide, threshold, alpha);
    OneSidedResult breach = alwaysValid
        ? NonInferiorityTest.sequential(test, breachSide, threshold, totalUnits, breachAlpha, tuning)
        : NonInferiorityTest.fixed(test, breachSide, threshold, breachAlpha);
    GuardrailStatus status = breach.rejects() ? GuardrailStatus.BREACHED
        : safe.rejects() ? GuardrailStatus.NON_INFERIOR : GuardrailStatus.NOT_YET_SHOWN;
    return new GuardrailResult(metric.metric(), variant, direction, margin, threshold, status,
        test.effect(), safe.bound(), breach.bound(), safe.pValue(), breach.pValue(), t.n(),
        alwaysValid, null);
  }
}
