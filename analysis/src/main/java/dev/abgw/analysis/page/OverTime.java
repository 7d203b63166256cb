package dev.abgw.analysis.page;

import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.TimeSeriesReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Over time" section of the experiment page, from the report's {@link TimeSeriesReport}: per metric and
 * treatment the cumulative absolute effect at every bucket end with its interval as a band (the always-valid
 * confidence sequence in sequential mode), then the sample ratio check's p-value over time against its threshold.
 * Each plot ({@link TimePlot}) is followed by its numbers in a collapsed table.
 */
final class OverTime {
  private OverTime() {}

  static void render(StringBuilder h, Report r) {
    TimeSeriesReport t = r.timeseries();
    if (t == null) return;
    h.append("<h2 id=\"over-time\">Over time</h2>");
    if (t.exposure().isEmpty()) {
      h.append("<p class=\"muted\">No traffic yet.</p>");
      return;
    }
    boolean sequential = r.analysis().mode() == dev.abgw.experiments.Mode.SEQUENTIAL;
    String level = Fmt.share(1 - r.analysis().alpha());
    String band = sequential ? level + " always-valid interval (confidence sequence, running intersection)"
        : level + " confidence interval (fixed horizon: valid at one look, not at every bucket)";
    h.append("<p class=\"muted\">Cumulative statistics at the end of every time bucket (")
        .append(t.exposure().size()).append(" buckets; minutes for the recent hours, hours before).</p>");
    for (TimeSeriesReport.MetricSeries m : t.metrics()) {
      for (TimeSeriesReport.VariantSeries v : m.variants()) effect(h, m.metric(), v, band);
    }
    srm(h, t, r.srm() == null ? 0.001 : r.srm().threshold());
  }

  private static void effect(StringBuilder h, String metric, TimeSeriesReport.VariantSeries v, String band) {
    List<TimePlot.Point> points = new ArrayList<>();
    for (TimeSeriesReport.EffectPoint p : v.points()) {
      points.add(new TimePlot.Point(p.end().toEpochMilli(), p.effect(), p.low(), p.high()));
    }
    String title = metric + " \u00b7 " + v.variant() + ": cumulative effect over time";
    h.append("<figure class=\"series\" data-metric=\"").append(Html.esc(metric)).append("\" data-variant=\"")
        .append(Html.esc(v.variant())).append("\">")
        .append(TimePlot.svg("effect", title, "Difference " + v.variant() + " minus control in " + metric
            + " at the end of each time bucket, with its " + band + " as a band; the dashed line is no difference.",
            points, 0.0, null, Fmt::signed))
        .append("<figcaption class=\"muted\">").append(Html.esc(title)).append(" (").append(Html.esc(v.variant()))
        .append(" minus control), band: ").append(Html.esc(band)).append(".</figcaption></figure>");
    h.append("<details><summary>").append(Html.esc(metric + " \u00b7 " + v.variant())).append(" over time: numbers</summary>")
        .append("<div class=\"table-wrap\"><table class=\"series\"><thead><tr><th class=\"l\">bucket end (UTC)</th>")
        .append("<th>units</th><th>control units</th><th>mean</th><th>control mean</th><th>effect</th><th>interval</th>")
        .append("<th>p</th></tr></thead><tbody>");
    for (TimeSeriesReport.EffectPoint p : v.points()) {
      h.append("<tr><td class=\"l\">").append(Html.esc(minute(p.end()))).append("</td><td>").append(Fmt.count(p.units()))
          .append("</td><td>").append(Fmt.count(p.controlUnits())).append("</td><td>").append(Fmt.num(p.mean()))
          .append("</td><td>").append(Fmt.num(p.controlMean())).append("</td><td>").append(Fmt.signed(p.effect()))
          .append("</td><td>").append(Fmt.interval(p.low(), p.high())).append("</td><td>").append(Fmt.p(p.pValue()))
          .append("</td></tr>");
    }
    h.append("</tbody></table></div></details>");
  }

  private static void srm(StringBuilder h, TimeSeriesReport t, double threshold) {
    List<TimePlot.Point> points = new ArrayList<>();
    for (TimeSeriesReport.ExposurePoint p : t.exposure()) {
      points.add(new TimePlot.Point(p.end().toEpochMilli(), p.srmPValue(), null, null));
    }
    String title = "Sample ratio mismatch over time";
    h.append("<figure class=\"series srm\">")
        .append(TimePlot.svg("srm", title, "p-value of the sample ratio check on the cumulative units at the end of "
            + "each time bucket; below the dashed threshold line (" + Fmt.num(threshold) + ") the split is not what the"
            + " weights ask for.", points, threshold, new double[] {0, 1}, Fmt::p))
        .append("<figcaption class=\"muted\">").append(title).append(": p-value of the chi-squared test on units, ")
        .append("threshold ").append(Fmt.num(threshold)).append(".</figcaption></figure>");
    h.append("<details><summary>Sample ratio over time: numbers</summary><div class=\"table-wrap\"><table class=\"srm-series\">")
        .append("<thead><tr><th class=\"l\">bucket end (UTC)</th><th>bucket</th>");
    List<String> variants = new ArrayList<>(t.exposure().get(0).units().keySet());
    for (TimeSeriesReport.ExposurePoint p : t.exposure()) {
      for (String v : p.units().keySet()) if (!variants.contains(v)) variants.add(v);
    }
    for (String v : variants) h.append("<th>").append(Html.esc(v)).append(" units</th>");
    h.append("<th>p</th><th class=\"l\">mismatch</th></tr></thead><tbody>");
    for (TimeSeriesReport.ExposurePoint p : t.exposure()) {
      h.append("<tr><td class=\"l\">").append(Html.esc(minute(p.end()))).append("</td><td>")
          .append(p.bucketMinutes() == 60 ? "hour" : "minute").append("</td>");
      for (String v : variants) h.append("<td>").append(Fmt.count(p.units().getOrDefault(v, 0L))).append("</td>");
      h.append("<td>").append(Fmt.p(p.srmPValue())).append("</td><td class=\"l\">")
          .append(p.srmMismatch() ? "<b class=\"worse\">yes</b>" : "no").append("</td></tr>");
    }
    h.append("</tbody></table></div></details>");
  }

  private static String minute(Instant t) {
    return t.toString().replace('T', ' ').replaceAll(":00Z$", "").replace("Z", "");
  }
}
