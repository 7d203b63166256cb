package dev.abgw.analysis.page;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A forest plot as server-rendered SVG: one row per estimate, a dot at the estimate and a bar over its interval
 * on a shared horizontal axis, with a line at 0 for effects. No script and no external asset: the SVG is
 * in the page, with a {@code <title>} and {@code <desc>} for screen readers, a {@code <title>} per row (the
 * tooltip), and the caller prints the same numbers in a table next to it. Each row is a {@code <g class="row">}
 * carrying {@code data-label}, {@code data-estimate}, {@code data-low}, {@code data-high} so tests (and
 * people with dev tools) can read what was drawn.
 */
public final class ForestPlot {
  /** How a row is coloured: better / worse in the metric's direction, neither, or no estimate at all. */
  public enum Tone { BETTER, WORSE, NEUTRAL, NO_DATA }

  /** One row: {@code estimate}, {@code low}, {@code high} null when there is no estimate ({@code note} says why). */
  public record Row(String label, Double estimate, Double low, Double high, Tone tone, String note) {
    public static Row of(String label, Double estimate, Double low, Double high, Tone tone) {
      return new Row(label, estimate, low, high, tone, null);
    }

    public static Row noData(String label, String note) {
      return new Row(label, null, null, null, Tone.NO_DATA, note);
    }

    boolean drawn() {
      return estimate != null && low != null && high != null
          && Double.isFinite(estimate) && Double.isFinite(low) && Double.isFinite(high);
    }
  }

  private static final int WIDTH = 760;
  private static final int LABEL_WIDTH = 250;
  private static final int RIGHT = 24;
  private static final int ROW = 26;
  private static final int TOP = 8;
  private static final int AXIS = 34;

  private ForestPlot() {}

  /**
   * The SVG. {@code zero}: draw the line at 0 and keep 0 on the axis (effects); false for values such as
   * quantiles. {@code fmt} formats axis ticks and tooltips.
   */
  public static String svg(String title, String desc, List<Row> rows, boolean zero, Function<Double, String> fmt) {
    double[] range = range(rows, zero);
    double lo = range[0];
    double hi = range[1];
    int height = TOP + rows.size() * ROW + AXIS;
    StringBuilder s = new StringBuilder(1024 + rows.size() * 400);
    String id = "p" + Integer.toHexString((title + desc).hashCode());
    s.append("<svg class=\"forest\" role=\"img\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" aria-labelledby=\"").append(id)
        .append("-t ").append(id).append("-d\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<title id=\"").append(id).append("-t\">").append(Html.esc(title)).append("</title>")
        .append("<desc id=\"").append(id).append("-d\">").append(Html.esc(desc)).append("</desc>");
    int plotLeft = LABEL_WIDTH;
    int plotRight = WIDTH - RIGHT;
    Function<Double, Double> x = v -> plotLeft + (v - lo) / (hi - lo) * (plotRight - plotLeft);
    int axisY = TOP + rows.size() * ROW + 4;
    for (double t : ticks(lo, hi)) {
      double tx = x.apply(t);
      s.append("<line class=\"grid\" x1=\"").append(f(tx)).append("\" x2=\"").append(f(tx)).append("\" y1=\"")
          .append(TOP).append("\" y2=\"").append(axisY).append("\"/>")
          .append("<text class=\"tick\" x=\"").append(f(tx)).append("\" y=\"").append(axisY + 16)
          .append("\" text-anchor=\"middle\">").append(Html.esc(fmt.apply(t))).append("</text>");
    }
    if (zero) {
      double zx = x.apply(0.0);
      s.append("<line class=\"zero\" x1=\"").append(f(zx)).append("\" x2=\"").append(f(zx)).append("\" y1=\"")
          .append(TOP - 4).append("\" y2=\"").append(axisY).append("\"/>");
    }
    for (int i = 0; i < rows.size(); i++) {
      row(s, rows.get(i), TOP + i * ROW + ROW / 2, x, fmt, plotLeft);
    }
    s.append("</svg>");
    return s.toString();
  }

  private static void row(StringBuilder s, Row r, int cy, Function<Double, Double> x, Function<Double, String> fmt,
                          int plotLeft) {
    String tone = r.tone().name().toLowerCase(Locale.ROOT).replace('_', '-');
    s.append("<g class=\"row ").append(tone).append("\" data-label=\"").append(Html.esc(r.label())).append('"');
    if (r.drawn()) {
      s.append(" data-estimate=\"").append(r.estimate()).append("\" data-low=\"").append(r.low())
          .append("\" data-high=\"").append(r.high()).append('"');
    }
    s.append("><title>").append(Html.esc(r.label())).append(": ");
    if (r.drawn()) {
      s.append(Html.esc(fmt.apply(r.estimate()))).append(", interval ").append(Html.esc(fmt.apply(r.low())))
          .append(" to ").append(Html.esc(fmt.apply(r.high())));
    } else {
      s.append(Html.esc(r.note() == null ? "no estimate" : r.note()));
    }
    s.append("</title><text class=\"label\" x=\"").append(plotLeft - 10).append("\" y=\"").append(cy + 4)
        .append("\" text-anchor=\"end\">").append(Html.esc(clip(r.label()))).append("</text>");
    if (r.drawn()) {
      double x1 = x.apply(r.low());
      double x2 = x.apply(r.high());
      s.append("<line class=\"ci\" x1=\"").append(f(x1)).append("\" x2=\"").append(f(x2)).append("\" y1=\"").append(cy)
          .append("\" y2=\"").append(cy).append("\"/>")
          .append("<line class=\"cap\" x1=\"").append(f(x1)).append("\" x2=\"").append(f(x1)).append("\" y1=\"")
          .append(cy - 5).append("\" y2=\"").append(cy + 5).append("\"/>")
          .append("<line class=\"cap\" x1=\"").append(f(x2)).append("\" x2=\"").append(f(x2)).append("\" y1=\"")
          .append(cy - 5).append("\" y2=\"").append(cy + 5).append("\"/>")
          .append("<circle class=\"est\" cx=\"").append(f(x.apply(r.estimate()))).append("\" cy=\"").append(cy)
          .append("\" r=\"5\"/>");
    } else {
      s.append("<text class=\"nodata\" x=\"").append(plotLeft + 8).append("\" y=\"").append(cy + 4).append("\">")
          .append(Html.esc(r.note() == null ? "no estimate" : r.note())).append("</text>");
    }
    s.append("</g>");
  }

  /** The axis range: every drawn interval, 0 for effects, 8% padding; [-1, 1] when nothing is drawn. */
  static double[] range(List<Row> rows, boolean zero) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Row r : rows) {
      if (!r.drawn()) continue;
      lo = Math.min(lo, r.low());
      hi = Math.max(hi, r.high());
    }
    if (zero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    return padded(lo, hi);
  }

  /** The axis range {lo, hi} with 8% of room on each side (10% of |lo| when they meet; -1..1 when not finite). */
  static double[] padded(double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) return new double[] {-1, 1};
    if (hi - lo <= 0) {
      double pad = Math.max(Math.abs(lo) * 0.1, 1e-9);
      return new double[] {lo - pad, hi + pad};
    }
    double pad = (hi - lo) * 0.08;
    return new double[] {lo - pad, hi + pad};
  }

  /** Round tick values (1, 2 or 5 times a power of ten) inside [lo, hi], about five of them. */
  static List<Double> ticks(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
    List<Double> out = new java.util.ArrayList<>();
    for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
    }
    return out;
  }

  private static String clip(String label) {
    return label.length() <= 34 ? label : label.substring(0, 33) + "\u2026";
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
