package dev.abgw.stats.report;

import dev.abgw.stats.test.BayesianResult;
import dev.abgw.stats.test.PowerResult;
import dev.abgw.stats.test.Reason;
import dev.abgw.stats.test.TestResult;

/**
 * A treatment variant against control on one metric. Absent statistics are null, and then
 * {@code reason} says why.
 *
 * @param absolute Welch test of the difference, null when degenerate
 * @param relative Welch test of the relative lift (delta method), null when degenerate
 * @param sequential running confidence sequence, only in sequential mode
 * @param adjustedPValue p-value after the family correction (of the sequential p-value in
 *     sequential mode), null when not tested
 * @param bayesian posterior of the relative lift, null when degenerate
 * @param mde minimum detectable effect and sample size, null when degenerate
 * @param verdict better, worse or inconclusive
 * @param reason degeneracy code, null when every statistic is present
 */
public record Comparison(
    TestResult absolute, TestResult relative, SequentialView sequential, Double adjustedPValue,
    BayesianResult bayesian, PowerResult mde, Verdict verdict, Reason reason) {

  public Comparison {
    if (verdict == null) {
      throw new IllegalArgumentException("verdict must not be null");
    }
    if (absolute == null && reason == null) {
      throw new IllegalArgumentException("reason must be set when absolute is null");
    }
  }

  /** The p-value that enters the family correction: sequential when present. */
  public Double familyPValue() {
    if (sequential != null) {
      return sequential.absolute().pValue();
    }
    return absolute == null ? null : absolute.pValue();
  }

  Comparison withAdjusted(Double adjusted, Verdict newVerdict) {
    return new Comparison(absolute, relative, sequential, adjusted, bayesian, mde, newVerdict,
        reason);
  }
}
