package dev.abgw.stats;

/** Argument checks shared by the sufficient-statistics records. */
final class Checks {

  private Checks() {}

  static void finite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be finite (was " + value + ")");
    }
  }

  static void nonNegative(String field, double value) {
    finite(field, value);
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0 (was " + value + ")");
    }
  }
}
