package dev.abgw.analysis.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A time series as server-rendered SVG: a line through the values at each bucket end, over a shaded band between
 * each point's low and high (its interval), on a time axis, with an optional dashed reference line (0 for an
 * effect, the threshold for a p-value). No script and no external asset; a {@code <title>} and {@code <desc>} for
 * screen readers, and each point a {@code <circle class="pt">} with its own {@code <title>} and
 * {@code data-end}, {@code data-value}, {@code data-low}, {@code data-high}, so tests (and people with dev tools)
 * can read what was drawn. The caller prints the same numbers in a table as well.
 */
public final class TimePlot {
  /** One point: {@code value} null where there is no estimate (no dot, a gap in the line). */
  public record Point(long endMillis, Double value, Double low, Double high) {
    boolean drawn() {
      return value != null && Double.isFinite(value);
    }

    boolean banded() {
      return low != null && high != null && Double.isFinite(low) && Double.isFinite(high);
    }
  }

  private static final int WIDTH = 760;
  private static final int HEIGHT = 240;
  private static final int LEFT = 64;
  private static final int RIGHT = 60; // room for half of the last time label
  private static final int TOP = 12;
  private static final int BOTTOM = 40;
  private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private TimePlot() {}

  /**
   * The SVG. {@code reference}: a dashed horizontal line at that value (kept on the axis), or null; {@code range}:
   * the y axis as {low, high}, or null to fit the points and bands.
   */
  public static String svg(String cssClass, String title, String desc, List<Point> points, Double reference,
                           double[] range, Function<Double, String> fmt) {
    double[] y = range != null ? range : range(points, reference);
    long t0 = points.isEmpty() ? 0 : points.get(0).endMillis();
    long t1 = points.isEmpty() ? 1 : points.get(points.size() - 1).endMillis();
    if (t1 <= t0) t1 = t0 + 60_000;
    long from = t0;
    long span = t1 - t0;
    int plotRight = WIDTH - RIGHT;
    int plotBottom = HEIGHT - BOTTOM;
    Function<Long, Double> x = t -> LEFT + (double) (t - from) / span * (plotRight - LEFT);
    Function<Double, Double> yOf = v -> plotBottom - (v - y[0]) / (y[1] - y[0]) * (plotBottom - TOP);
    String id = "t" + Integer.toHexString((title + desc).hashCode());
    StringBuilder s = new StringBuilder(2048 + points.size() * 220);
    s.append("<svg class=\"timeplot ").append(Html.esc(cssClass)).append("\" role=\"img\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(HEIGHT).append("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" aria-labelledby=\"")
        .append(id).append("-t ").append(id).append("-d\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<title id=\"").append(id).append("-t\">").append(Html.esc(title)).append("</title>")
        .append("<desc id=\"").append(id).append("-d\">").append(Html.esc(desc)).append("</desc>");
    for (double t : ForestPlot.ticks(y[0], y[1])) {
      double ty = yOf.apply(t);
      s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(plotRight).append("\" y1=\"")
          .append(f(ty)).append("\" y2=\"").append(f(ty)).append("\"/><text class=\"tick\" x=\"").append(LEFT - 6)
          .append("\" y=\"").append(f(ty + 4)).append("\" text-anchor=\"end\">").append(Html.esc(fmt.apply(t)))
          .append("</text>");
    }
    for (long t : timeTicks(t0, t1)) {
      s.append("<text class=\"tick time\" x=\"").append(f(x.apply(t))).append("\" y=\"").append(plotBottom + 18)
          .append("\" text-anchor=\"middle\">").append(Html.esc(TICK.format(Instant.ofEpochMilli(t)))).append("</text>");
    }
    if (reference != null) {
      double ry = yOf.apply(reference);
      s.append("<line class=\"ref\" x1=\"").append(LEFT).append("\" x2=\"").append(plotRight).append("\" y1=\"")
          .append(f(ry)).append("\" y2=\"").append(f(ry)).append("\"/>");
    }
    band(s, points, x, yOf);
    line(s, points, x, yOf);
    for (Point p : points) {
      if (!p.drawn()) continue;
      s.append("<circle class=\"pt\" cx=\"").append(f(x.apply(p.endMillis()))).append("\" cy=\"")
          .append(f(yOf.apply(p.value()))).append("\" r=\"2.5\" data-end=\"")
          .append(Instant.ofEpochMilli(p.endMillis())).append("\" data-value=\"").append(p.value()).append('"');
      if (p.banded()) s.append(" data-low=\"").append(p.low()).append("\" data-high=\"").append(p.high()).append('"');
      s.append("><title>").append(Html.esc(TICK.format(Instant.ofEpochMilli(p.endMillis())))).append(" UTC: ")
          .append(Html.esc(fmt.apply(p.value())));
      if (p.banded()) {
        s.append(", interval ").append(Html.esc(fmt.apply(p.low()))).append(" to ").append(Html.esc(fmt.apply(p.high())));
      }
      s.append("</title></circle>");
    }
    if (points.stream().noneMatch(Point::drawn)) {
      s.append("<text class=\"nodata\" x=\"").append(LEFT + 8).append("\" y=\"").append(TOP + 20)
          .append("\">no estimate yet</text>");
    }
    s.append("</svg>");
    return s.toString();
  }

  /** One polygon per run of consecutive points with an interval: the high edge forward, the low edge back. */
  private static void band(StringBuilder s, List<Point> points, Function<Long, Double> x, Function<Double, Double> y) {
    List<Point> run = new ArrayList<>();
    for (int i = 0; i <= points.size(); i++) {
      Point p = i < points.size() ? points.get(i) : null;
      if (p != null && p.banded()) {
        run.add(p);
        continue;
      }
      if (!run.isEmpty()) {
        s.append("<polygon class=\"band\" points=\"");
        for (Point q : run) s.append(f(x.apply(q.endMillis()))).append(',').append(f(y.apply(q.high()))).append(' ');
        for (int k = run.size() - 1; k >= 0; k--) {
          Point q = run.get(k);
          s.append(f(x.apply(q.endMillis()))).append(',').append(f(y.apply(q.low()))).append(' ');
        }
        s.setLength(s.length() - 1);
        s.append("\"/>");
        run.clear();
      }
    }
  }

  private static void line(StringBuilder s, List<Point> points, Function<Long, Double> x, Function<Double, Double> y) {
    StringBuilder run = new StringBuilder();
    for (int i = 0; i <= points.size(); i++) {
      Point p = i < points.size() ? points.get(i) : null;
      if (p != null && p.drawn()) {
        if (!run.isEmpty()) run.append(' ');
        run.append(f(x.apply(p.endMillis()))).append(',').append(f(y.apply(p.value())));
        continue;
      }
      if (!run.isEmpty()) {
        s.append("<polyline class=\"line\" points=\"").append(run).append("\"/>");
        run.setLength(0);
      }
    }
  }

  /** Values, bands and the reference line, with 8% padding; [-1, 1] with nothing to draw. */
  static double[] range(List<Point> points, Double reference) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      if (p.drawn()) {
        lo = Math.min(lo, p.value());
        hi = Math.max(hi, p.value());
      }
      if (p.banded()) {
        lo = Math.min(lo, p.low());
        hi = Math.max(hi, p.high());
      }
    }
    if (reference != null) {
      lo = Math.min(lo, reference);
      hi = Math.max(hi, reference);
    }
    return ForestPlot.padded(lo, hi);
  }

  /** About five round times (minutes, hours or days) between {@code t0} and {@code t1}. */
  static List<Long> timeTicks(long t0, long t1) {
    long[] steps = {60_000L, 300_000L, 900_000L, 1_800_000L, 3_600_000L, 3 * 3_600_000L, 6 * 3_600_000L,
        12 * 3_600_000L, 86_400_000L, 7 * 86_400_000L, 30 * 86_400_000L};
    long step = steps[steps.length - 1];
    for (long st : steps) {
      if ((t1 - t0) / st <= 6) {
        step = st;
        break;
      }
    }
    List<Long> out = new ArrayList<>();
    for (long t = Math.floorDiv(t0 + step - 1, step) * step; t <= t1; t += step) out.add(t);
    return out;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
