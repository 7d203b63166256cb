package dev.abgw.stats.report;

import dev.abgw.stats.test.Reason;
import dev.abgw.stats.test.TestResult;

/**
 * One variant within a segment cell. For treatments in a tested cell: the two-arm tests, the
 * Benjamini-Hochberg adjusted p-value (family: all segment x metric x variant tests), the
 * verdict, and {@code interactionPValue}, the p-value that the effect here differs from the
 * effect in the rest of the dimension. Null fields were not computed; {@code reason} says why.
 */
public record SegmentVariantResult(
    String variant, boolean control, long units, long n, Double mean, TestResult absolute,
    TestResult relative, Double adjustedPValue, Verdict verdict, Double interactionPValue,
    Reason reason) {

  SegmentVariantResult withAdjusted(double adjusted, Verdict newVerdict) {
    return new SegmentVariantResult(variant, control, units, n, mean, absolute, relative,
        adjusted, newVerdict, interactionPValue, reason);
  }
}
