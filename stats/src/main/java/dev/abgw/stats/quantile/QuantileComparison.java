package dev.abgw.stats.quantile;

import java.util.Objects;

/**
 * The difference between a treatment's and the control's p-quantile, with a normal confidence interval built
 * from the order-statistic standard errors of each arm (Deng, Knoblich and Lu 2018, "Applying the Delta Method
 * in Metric Analytics", KDD, section on quantile metrics; see {@link QuantileCi} for {@code se}).
 *
 * <p>The arms are independent samples, so, with z = z_{1-alpha/2}:
 * <pre>
 *   effect   = X_t(p) - X_c(p)
 *   se       = sqrt(se_t^2 + se_c^2)
 *   ci       = effect -/+ z se
 *   relative = effect / |X_c(p)|
 *   pValue   = 2 (1 - Phi(|effect| / se))           (two-sided, standard normal)
 * </pre>
 *
 * <p>Degenerate data is a result, never NaN: an empty arm gives {@link QuantileReason#EMPTY_ARM} and no
 * numbers; an arm without an interval gives that arm's reason with the effect (and relative) but no se, ci
 * or p-value; zero {@code se} gives {@link QuantileReason#ZERO_STANDARD_ERROR} likewise; a zero control
 * quantile gives {@link QuantileReason#ZERO_CONTROL_VALUE} with everything except {@code relative}.
 *
 * @param p             the quantile, in (0, 1)
 * @param effect        X_t(p) - X_c(p), null when an arm is empty
 * @param standardError sqrt(se_t^2 + se_c^2), null when an arm has no interval or it is 0
 * @param ci            effect -/+ z se, null with standardError
 * @param relative      effect / |X_c(p)|, null when an arm is empty or X_c(p) = 0
 * @param pValue        two-sided normal p-value, null with standardError
 * @param reason        null when every number is present, otherwise the first reason one is missing
 */
public record QuantileComparison(double p, Double effect, Double standardError, Interval ci, Double relative,
    Double pValue, QuantileReason reason) {

  public QuantileComparison {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be between 0 and 1, exclusive (was " + p + ")");
    }
    requireFinite("effect", effect);
    requireFinite("standardError", standardError);
    requireFinite("relative", relative);
    if (pValue != null && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be between 0 and 1 (was " + pValue + ")");
    }
    boolean complete = effect != null && standardError != null && ci != null && relative != null && pValue != null;
    if ((reason == null) != complete) {
      throw new IllegalArgumentException("reason must be null exactly when every number is present (was reason="
          + reason + ", effect=" + effect + ", standardError=" + standardError + ", relative=" + relative + ")");
    }
  }

  /** Treatment minus control at the same quantile and alpha. */
  public static QuantileComparison of(QuantileCi treatment, QuantileCi control) {
    Objects.requireNonNull(treatment, "treatment");
    Objects.requireNonNull(control, "control");
    if (treatment.p() != control.p() || treatment.alpha() != control.alpha()) {
      throw new IllegalArgumentException("treatment (p=" + treatment.p() + ", alpha=" + treatment.alpha()
          + ") must match control (p=" + control.p() + ", alpha=" + control.alpha() + ")");
    }
    double p = control.p();
    if (treatment.value() == null || control.value() == null) {
      return new QuantileComparison(p, null, null, null, null, null, QuantileReason.EMPTY_ARM);
    }
    double effect = treatment.value() - control.value();
    double controlValue = control.value();
    Double relative = controlValue == 0 ? null : effect / Math.abs(controlValue);
    if (treatment.standardError() == null || control.standardError() == null) {
      QuantileReason armReason = treatment.reason() != null ? treatment.reason() : control.reason();
      return new QuantileComparison(p, effect, null, null, relative, null, armReason);
    }
    double se = Math.hypot(treatment.standardError(), control.standardError());
    if (se == 0) {
      return new QuantileComparison(p, effect, null, null, relative, null, QuantileReason.ZERO_STANDARD_ERROR);
    }
    double z = StandardNormal.criticalValue(control.alpha());
    Interval ci = Interval.of(effect - z * se, effect + z * se);
    double pValue = StandardNormal.twoSidedPValue(effect / se);
    QuantileReason reason = relative == null ? QuantileReason.ZERO_CONTROL_VALUE : null;
    return new QuantileComparison(p, effect, se, ci, relative, pValue, reason);
  }

  private static void requireFinite(String field, Double x) {
    if (x != null && !Double.isFinite(x)) {
      throw new IllegalArgumentException(field + " must be finite (was " + x + ")");
    }
  }
}
