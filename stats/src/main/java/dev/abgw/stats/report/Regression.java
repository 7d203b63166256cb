package dev.abgw.stats.report;

/**
 * An edge-case regression: a segment where a variant is significantly worse than control in the
 * metric's desired direction after Benjamini-Hochberg, even if it is better overall.
 *
 * @param effect relative lift in the segment (null when the control mean is 0)
 * @param low lower bound of its confidence interval (null with effect)
 * @param high upper bound of its confidence interval (null with effect)
 * @param units units of the variant in the segment
 * @param harm severity: the relative lift against the desired direction ({@code -effect} for
 *     a metric to increase, {@code effect} for one to decrease); larger is worse
 */
public record Regression(
    String metric, String variant, String dimension, String segment, Double effect, Double low,
    Double high, double adjustedPValue, long units, double harm) {}
