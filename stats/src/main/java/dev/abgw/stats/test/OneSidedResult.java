package dev.abgw.stats.test;

/**
 * A one-sided test of {@code effect} against {@code testValue}.
 *
 * @param effect the estimate (absolute difference or relative lift)
 * @param se its standard error
 * @param dof Welch-Satterthwaite degrees of freedom
 * @param side the alternative
 * @param testValue the boundary of H0 (0, or a non-inferiority margin)
 * @param bound the finite end of the {@code 1 - alpha} one-sided interval
 * @param pValue p-value of H0; {@code pValue < alpha} exactly when {@code bound} lies beyond
 *     {@code testValue} on the alternative's side
 */
public record OneSidedResult(double effect, double se, double dof, Side side, double testValue,
    double bound, double pValue) {

  public OneSidedResult {
    if (side == null) {
      throw new IllegalArgumentException("side must not be null");
    }
    if (!Double.isFinite(effect) || !Double.isFinite(se) || !Double.isFinite(bound)
        || !Double.isFinite(testValue)) {
      throw new IllegalArgumentException("effect, se, bound and testValue must be finite (was "
          + effect + ", " + se + ", " + bound + ", " + testValue + ")");
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be between 0 and 1 (was " + pValue + ")");
    }
  }

  /** Whether the test rejects H0: the interval lies wholly on the alternative's side. */
  public boolean rejects() {
    return side.rejects(bound, testValue);
  }
}
