package dev.abgw.experiments;

import java.util.Objects;

/**
 * How results are analysed. Every field has a default ({@link #defaults()}).
 *
 * @param alpha significance level per family, in (0, 0.5]; default 0.05
 * @param mode fixed-horizon or always-valid sequential test; default fixed
 * @param correction multiple-comparison correction; default Holm
 * @param sequentialTuning mixing-variance tuning of the sequential (mSPRT) test, in units; {@code > 0}, default 5000
 * @param srmThreshold p-value below which a sample-ratio mismatch is flagged, in (0, 1); default 0.001
 * @param minUnitsPerSegment segments with fewer units per arm are not reported, {@code >= 2}; default 100
 * @param priorSd standard deviation of the prior on the relative effect, {@code > 0}; default 0.3
 * @param power power used for the "units still needed" figure, in (0, 1); default 0.8
 * @param targetLift relative effect the team wants to detect, {@code > 0}; default 0.05
 */
public record AnalysisSpec(double alpha, Mode mode, Correction correction, double sequentialTuning, double srmThreshold,
                           int minUnitsPerSegment, double priorSd, double power, double targetLift) {

  public static final double DEFAULT_ALPHA = 0.05;
  public static final double DEFAULT_SEQUENTIAL_TUNING = 5000;
  public static final double DEFAULT_SRM_THRESHOLD = 0.001;
  public static final int DEFAULT_MIN_UNITS_PER_SEGMENT = 100;
  public static final double DEFAULT_PRIOR_SD = 0.3;
  public static final double DEFAULT_POWER = 0.8;
  public static final double DEFAULT_TARGET_LIFT = 0.05;

  private static final AnalysisSpec DEFAULTS = new AnalysisSpec(DEFAULT_ALPHA, Mode.FIXED, Correction.HOLM,
      DEFAULT_SEQUENTIAL_TUNING, DEFAULT_SRM_THRESHOLD, DEFAULT_MIN_UNITS_PER_SEGMENT, DEFAULT_PRIOR_SD, DEFAULT_POWER,
      DEFAULT_TARGET_LIFT);

  public AnalysisSpec {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(correction, "correction");
    check(alpha > 0 && alpha <= 0.5, "alpha must be in (0, 0.5]", alpha);
    check(sequentialTuning > 0 && Double.isFinite(sequentialTuning), "sequentialTuning must be > 0", sequentialTuning);
    check(srmThreshold > 0 && srmThreshold < 1, "srmThreshold must be in (0, 1)", srmThreshold);
    check(minUnitsPerSegment >= 2, "minUnitsPerSegment must be >= 2", minUnitsPerSegment);
    check(priorSd > 0 && Double.isFinite(priorSd), "priorSd must be > 0", priorSd);
    check(power > 0 && power < 1, "power must be in (0, 1)", power);
    check(targetLift > 0 && Double.isFinite(targetLift), "targetLift must be > 0", targetLift);
  }

  /** alpha 0.05, fixed, Holm, sequentialTuning 5000, srmThreshold 0.001, minUnitsPerSegment 100, priorSd 0.3, power 0.8, targetLift 0.05. */
  public static AnalysisSpec defaults() {
    return DEFAULTS;
  }

  private static void check(boolean ok, String rule, double value) {
    if (!ok) {
      throw new IllegalArgumentException(rule + " (was " + Numbers.format(value) + ")");
    }
  }
}
