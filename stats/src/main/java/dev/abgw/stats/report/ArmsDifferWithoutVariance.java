package dev.abgw.stats.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * The sentences for {@link dev.abgw.stats.test.Reason#ZERO_VARIANCE_ARMS_DIFFER}: both arms constant
 * and different. A difference exists, but without sampling variance no test can say how sure it is,
 * so it is reported as such, never as "no difference", and the decision never acts on it unseen.
 */
final class ArmsDifferWithoutVariance {

  private ArmsDifferWithoutVariance() {}

  /** The warning for {@code warnings[]}. */
  static String warning(String metric, String variant, Double treatmentMean, Double controlMean) {
    return metric + ": " + variant + " differs from control (mean " + number(treatmentMean)
        + " against " + number(controlMean) + ") but neither arm varies, so the test cannot quantify "
        + "the difference (no interval, no p-value); a constant metric usually means a stuck judge or "
        + "a default value: check how it is recorded";
  }

  /** The clause in a decision's sentence. */
  static String clause(String variant, String metrics) {
    return variant + " differs from control without variance on " + metrics;
  }

  private static String number(Double value) {
    return value == null ? "none"
        : new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
  }
}
