package dev.abgw.analysis.page;

import java.util.Locale;

/**
 * Numbers as a person reads them: three significant digits, percentages for shares and lifts, p-values as
 * {@code 0.003} or {@code < 0.001}, probabilities without a sign ({@code 73%}), and an empty-looking dash for
 * what is not there.
 */
public final class Fmt {
  public static final String NONE = "\u2014";

  private Fmt() {}

  /** Three significant digits, no exponent for everyday magnitudes: 1234 -> "1,234", 0.01234 -> "0.0123". */
  public static String num(Double v) {
    if (v == null || !Double.isFinite(v)) return NONE;
    double d = v;
    double a = Math.abs(d);
    if (a == 0) return "0";
    if (a >= 1e9 || a < 1e-4) return String.format(Locale.ROOT, "%.2e", d);
    if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
    int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
    return stripZeros(String.format(Locale.ROOT, "%." + decimals + "f", d));
  }

  /** A signed difference: "+1.23", "-0.5", "0". */
  public static String signed(Double v) {
    if (v == null || !Double.isFinite(v)) return NONE;
    return v > 0 ? "+" + num(v) : num(v).replace('-', '\u2212');
  }

  /** A relative change, signed: 0.0523 -> "+5.2%". */
  public static String lift(Double v) {
    if (v == null || !Double.isFinite(v)) return NONE;
    double pct = Math.abs(v) * 100;
    String s = pct >= 10 ? String.format(Locale.ROOT, "%.0f", pct) : percentDigits(pct);
    return (v > 0 ? "+" : v < 0 ? "\u2212" : "") + s + "%";
  }

  /** A share or probability, unsigned: 0.73 -> "73%", 0.995 -> "99.5%". */
  public static String share(Double v) {
    if (v == null || !Double.isFinite(v)) return NONE;
    return percentDigits(v * 100) + "%";
  }

  /** A p-value: "< 0.001", "0.012", "0.43". */
  public static String p(Double v) {
    if (v == null || !Double.isFinite(v)) return NONE;
    if (v < 0.001) return "< 0.001";
    if (v < 0.01) return String.format(Locale.ROOT, "%.3f", v);
    return stripZeros(String.format(Locale.ROOT, "%.2f", v));
  }

  /** "[low, high]" of two signed numbers. */
  public static String interval(Double low, Double high) {
    if (low == null || high == null || !Double.isFinite(low) || !Double.isFinite(high)) return NONE;
    return "[" + signed(low) + ", " + signed(high) + "]";
  }

  /** "[low, high]" of two lifts. */
  public static String liftInterval(Double low, Double high) {
    if (low == null || high == null || !Double.isFinite(low) || !Double.isFinite(high)) return NONE;
    return "[" + lift(low) + ", " + lift(high) + "]";
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percentDigits(double pct) {
    double a = Math.abs(pct);
    if (a == 0) return "0";
    if (a >= 10 && a < 99) return String.format(Locale.ROOT, "%.0f", pct);
    if (a >= 1) return stripZeros(String.format(Locale.ROOT, "%.1f", pct));
    return stripZeros(String.format(Locale.ROOT, "%.2f", pct));
  }

  private static String stripZeros(String s) {
    if (!s.contains(".")) return s;
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
