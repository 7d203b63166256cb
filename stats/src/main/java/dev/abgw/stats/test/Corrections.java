package dev.abgw.stats.test;

/** Input check shared by the multiple-comparison corrections. */
final class Corrections {

  private Corrections() {}

  static void check(double[] pValues) {
    for (int i = 0; i < pValues.length; i++) {
      if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
        throw new IllegalArgumentException(
            "pValues[" + i + "] must be between 0 and 1 (was " + pValues[i] + ")");
      }
    }
  }
}
