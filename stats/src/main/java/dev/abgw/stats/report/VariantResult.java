package dev.abgw.stats.report;

/**
 * One variant of one metric: exposure, the metric's value, and, for a treatment, its
 * comparison with control.
 *
 * @param variant variant name
 * @param control true for the control variant
 * @param units randomization units with at least one observation
 * @param n observations (requests, or judgments)
 * @param mean {@code sum(S) / sum(N)}, null when there is no observation
 * @param comparison null for control
 */
public record VariantResult(
    String variant, boolean control, long units, long n, Double mean, Comparison comparison) {

  public VariantResult {
    if (control && comparison != null) {
      throw new IllegalArgumentException("control variant " + variant + " has no comparison");
    }
    if (!control && comparison == null) {
      throw new IllegalArgumentException("treatment variant " + variant + " needs a comparison");
    }
  }
}
