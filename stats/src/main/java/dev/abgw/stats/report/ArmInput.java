package dev.abgw.stats.report;

/**
 * One arm of the experiment as configured and exposed.
 *
 * @param variant variant name
 * @param weight configured traffic weight, {@code >= 0} (normalized over arms)
 * @param units randomization units exposed to the variant (input of the SRM check)
 * @param requests requests served by the variant
 */
public record ArmInput(String variant, double weight, long units, long requests) {

  public ArmInput {
    if (variant == null || variant.isBlank()) {
      throw new IllegalArgumentException("variant must be a non-blank name (was " + variant + ")");
    }
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "arms[" + variant + "].weight must be finite and >= 0 (was " + weight + ")");
    }
    if (units < 0) {
      throw new IllegalArgumentException(
          "arms[" + variant + "].units must be >= 0 (was " + units + ")");
    }
    if (requests < 0) {
      throw new IllegalArgumentException(
          "arms[" + variant + "].requests must be >= 0 (was " + requests + ")");
    }
  }

  public static ArmInput of(String variant, double weight, long units, long requests) {
    return new ArmInput(variant, weight, units, requests);
  }
}
