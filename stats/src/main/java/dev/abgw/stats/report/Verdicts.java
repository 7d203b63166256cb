package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;

/**
 * The verdict rule: significant when the corrected p-value is below alpha; better or worse by the
 * sign of the effect against the metric's desired direction. While the sample ratio mismatches
 * nothing is {@code BETTER} (results are untrustworthy), but harm is still reported.
 */
final class Verdicts {

  private Verdicts() {}

  static Verdict of(Double adjustedPValue, double effect, double alpha, Direction direction,
      boolean sampleRatioMismatch) {
    if (adjustedPValue == null || !(adjustedPValue < alpha) || effect == 0) {
      return Verdict.INCONCLUSIVE;
    }
    boolean improves = direction == Direction.INCREASE ? effect > 0 : effect < 0;
    if (improves) {
      return sampleRatioMismatch ? Verdict.INCONCLUSIVE : Verdict.BETTER;
    }
    return Verdict.WORSE;
  }
}
