package dev.abgw.stats.report;

import dev.abgw.experiments.Correction;
import dev.abgw.experiments.Mode;

/**
 * How to analyse an experiment.
 *
 * @param alpha significance level of every two-sided test, in (0, 1); default 0.05
 * @param mode fixed-horizon or sequential (confidence sequences); default FIXED
 * @param correction family-wise correction over metrics x variants; default HOLM
 * @param sequentialTuning N*, the total units at which the confidence sequence is tightest;
 *     default 5000
 * @param srmThreshold sample-ratio mismatch is flagged when its p-value is below; default 0.001
 * @param priorSd standard deviation of the normal prior on the relative lift; default 0.3
 * @param minUnitsPerSegment a segment is tested only when every arm has at least this many
 *     units in it; default 100
 * @param power power for the minimum detectable effect and sample size; default 0.8
 * @param targetLift relative lift for the sample-size estimate; default 0.05 (5%)
 */
public record AnalysisConfig(
    double alpha, Mode mode, Correction correction, double sequentialTuning, double srmThreshold,
    double priorSd, int minUnitsPerSegment, double power, double targetLift) {

  public AnalysisConfig {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be between 0 and 1 (was " + alpha + ")");
    }
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    if (correction == null) {
      throw new IllegalArgumentException("correction must not be null");
    }
    positive("sequentialTuning", sequentialTuning);
    if (!(srmThreshold > 0 && srmThreshold < 1)) {
      throw new IllegalArgumentException(
          "srmThreshold must be between 0 and 1 (was " + srmThreshold + ")");
    }
    positive("priorSd", priorSd);
    if (minUnitsPerSegment < 2) {
      throw new IllegalArgumentException(
          "minUnitsPerSegment must be >= 2 (was " + minUnitsPerSegment + ")");
    }
    if (!(power > 0 && power < 1)) {
      throw new IllegalArgumentException("power must be between 0 and 1 (was " + power + ")");
    }
    positive("targetLift", targetLift);
  }

  public static AnalysisConfig defaults() {
    return new AnalysisConfig(0.05, Mode.FIXED, Correction.HOLM, 5000, 0.001, 0.3, 100, 0.8, 0.05);
  }

  public AnalysisConfig withMode(Mode newMode) {
    return new AnalysisConfig(alpha, newMode, correction, sequentialTuning, srmThreshold, priorSd,
        minUnitsPerSegment, power, targetLift);
  }

  public AnalysisConfig withCorrection(Correction newCorrection) {
    return new AnalysisConfig(alpha, mode, newCorrection, sequentialTuning, srmThreshold, priorSd,
        minUnitsPerSegment, power, targetLift);
  }

  private static void positive(String field, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be > 0 and finite (was " + value + ")");
    }
  }
}
