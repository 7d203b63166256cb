package dev.abgw.stats.test;

/** An always-valid interval {@code [low, high]} and p-value at one look. */
public record SequentialResult(double low, double high, double pValue) {

  public SequentialResult {
    if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
      throw new IllegalArgumentException(
          "low and high must be finite with low <= high (was [" + low + ", " + high + "])");
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be between 0 and 1 (was " + pValue + ")");
    }
  }
}
