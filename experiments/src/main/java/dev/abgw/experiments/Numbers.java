package dev.abgw.experiments;

/** Formats numbers the way a person wrote them: {@code 5} not {@code 5.0}, {@code 0.05} stays {@code 0.05}. */
final class Numbers {

  private Numbers() {}

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static boolean isWhole(double v) {
    return Double.isFinite(v) && v == Math.rint(v);
  }
}
