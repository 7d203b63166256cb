package dev.abgw.loadtest.bench;

import java.util.Locale;

/** Number formatting for bench tables: 3 significant figures, no exponent. */
final class Fmt {

  private Fmt() {}

  static String num(double value) {
    double a = Math.abs(value);
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", value);
  }
}
