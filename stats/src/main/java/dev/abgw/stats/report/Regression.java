package dev.abgw.stats.report;

/**
 * An edge-case regression: a segment where a variant is significantly worse than control in the
 * metric's desired direction after Benjamini-Hochberg, even if it is better overall.
 *
 * <p>{@code effect}, {@code low}, {@code high} and {@code adjustedPValue} all come from the one test
 * the verdict is made on, the segment's Welch test of the absolute difference, so a regression's
 * interval always excludes 0 on the side of its effect. {@code relativeEffect} is only a point
 * estimate for scale (its own delta-method interval is in the segment's {@code relative} test).
 *
 * @param effect absolute difference {@code treatment - control} in the segment, in the metric's unit
 * @param low lower bound of the effect's 1 - alpha confidence interval (not adjusted)
 * @param high upper bound of the effect's 1 - alpha confidence interval (not adjusted)
 * @param adjustedPValue Benjamini-Hochberg adjusted p-value of the same test
 * @param relativeEffect relative lift {@code effect / |control mean|}, null when the control mean is 0
 * @param units units of the variant in the segment
 * @param harm severity: the relative lift against the desired direction ({@code -relativeEffect}
 *     for a metric to increase, {@code relativeEffect} for one to decrease; the absolute effect
 *     when the relative one is undefined); larger is worse
 */
public record Regression(
    String metric, String variant, String dimension, String segment, double effect, double low,
    double high, double adjustedPValue, Double relativeEffect, long units, double harm) {}
