package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.test.Reason;

/**
 * One guardrail of one treatment: its two one-sided tests at the margin (see {@link GuardrailCheck}).
 * Effects and bounds are on the margin's scale: the relative lift for a relative margin, the
 * absolute difference {@code treatment - control} for an absolute one.
 *
 * @param metric the guardrail metric
 * @param variant the treatment
 * @param direction the metric's better direction
 * @param margin the acceptable worsening
 * @param threshold the margin as a test value on the effect's scale ({@code +margin} for a metric to
 *     decrease, {@code -margin} for one to increase)
 * @param status where it stands
 * @param effect the estimate, null when untestable
 * @param safeBound the finite end of the {@code 1 - alpha} one-sided interval of the non-inferiority
 *     test (upper for a metric to decrease); below (above) the threshold: shown non-inferior
 * @param breachBound the finite end of the {@code 1 - alpha / k} one-sided interval of the
 *     inferiority test (lower for a metric to decrease), {@code k} the guardrails x treatments; beyond
 *     the threshold: breached
 * @param pValue p-value of "inferior by the margin or more" (small: shown safe)
 * @param breachPValue p-value of "worse by at most the margin" (small: breached), not adjusted; it
 *     breaches below {@code alpha / k}
 * @param units units of the treatment with an observation of the metric
 * @param alwaysValid true when the bounds come from the always-valid confidence sequence
 * @param reason why it is untestable, else null
 */
public record GuardrailResult(
    String metric, String variant, Direction direction, GuardrailMargin margin, double threshold,
    GuardrailStatus status, Double effect, Double safeBound, Double breachBound, Double pValue,
    Double breachPValue, long units, boolean alwaysValid, Reason reason) {

  public GuardrailResult {
    if (metric == null || variant == null || direction == null || margin == null || status == null) {
      throw new IllegalArgumentException("guardrail result needs metric, variant, direction, margin and status");
    }
    if ((status == GuardrailStatus.UNTESTABLE) != (effect == null)) {
      throw new IllegalArgumentException("an untestable guardrail has no effect, any other has one (was "
          + status + ", " + effect + ")");
    }
  }

  static GuardrailResult untestable(String metric, String variant, Direction direction,
      GuardrailMargin margin, long units, boolean alwaysValid, Reason reason) {
    return new GuardrailResult(metric, variant, direction, margin, margin.threshold(direction),
        GuardrailStatus.UNTESTABLE, null, null, null, null, null, units, alwaysValid, reason);
  }
}
