package dev.abgw.stats.test;

/**
 * Result of one test of an effect: point estimate, standard error, two-sided confidence
 * interval {@code [low, high]}, p-value of {@code effect = 0}, and degrees of freedom. All
 * values are finite.
 */
public record TestResult(double effect, double se, double low, double high, double pValue,
    double dof) {

  public TestResult {
    requireFinite("effect", effect);
    requireFinite("se", se);
    requireFinite("low", low);
    requireFinite("high", high);
    requireFinite("dof", dof);
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be between 0 and 1 (was " + pValue + ")");
    }
    if (low > high) {
      throw new IllegalArgumentException("low must be <= high (was " + low + " > " + high + ")");
    }
  }

  private static void requireFinite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be finite (was " + value + ")");
    }
  }
}
