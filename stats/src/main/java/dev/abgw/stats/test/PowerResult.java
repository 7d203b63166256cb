package dev.abgw.stats.test;

/**
 * Minimum detectable effects at the current sample size and the units each arm still needs for
 * the target lift. {@code mdeRelative} is NaN-free: absent when the control mean is 0.
 */
public record PowerResult(
    double mdeAbsolute, java.util.OptionalDouble mdeRelative,
    java.util.OptionalLong unitsNeededPerArm) {

  public PowerResult {
    if (!Double.isFinite(mdeAbsolute) || mdeAbsolute < 0) {
      throw new IllegalArgumentException(
          "mdeAbsolute must be finite and >= 0 (was " + mdeAbsolute + ")");
    }
  }
}
