package dev.abgw.analysis.page;

import dev.abgw.experiments.CardinalityLimiter;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.Variant;
import dev.abgw.stats.quantile.Interval;
import dev.abgw.stats.quantile.QuantileReport;
import dev.abgw.stats.quantile.QuantileValue;
import dev.abgw.stats.quantile.VariantQuantiles;
import dev.abgw.stats.report.Comparison;
import dev.abgw.stats.report.MetricReport;
import dev.abgw.stats.report.Regression;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.stats.report.SegmentReport;
import dev.abgw.stats.report.SegmentVariantResult;
import dev.abgw.stats.report.SrmSection;
import dev.abgw.stats.report.VariantResult;
import dev.abgw.stats.report.Verdict;
import dev.abgw.stats.test.TestResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment page, rendered from the typed {@link Report} (never from its JSON) and, when known, the
 * {@link Experiment} (description, variant metadata). Order: the decision and its reason; the edge-case
 * regressions, if any, as an alert; a forest plot of every metric's relative effect per treatment; the
 * cumulative effects and the sample ratio over time ({@link OverTime}); the regressions table; per metric and
 * dimension a forest plot of the segment effects (the folded {@code other} and the cells without enough data shown
 * as such); tail quantiles; sample ratio; variants; the numbers in
 * full; links to the JSON and the raw events. Plots are inline SVG ({@link ForestPlot}) with text
 * alternatives, and every plot's numbers are also in a table.
 */
public final class ExperimentPage {
  private ExperimentPage() {}

  public static String render(Experiment e, Report r, PageChrome chrome) {
    StringBuilder h = new StringBuilder(65_536);
    Layout.open(h, r.experiment() + " \u00b7 abgw report", chrome);
    header(h, e, r);
    decision(h, r);
    alert(h, r);
    for (String w : r.warnings()) h.append("<div class=\"warnbox\" role=\"note\">").append(Html.esc(w)).append("</div>");
    overview(h, r);
    OverTime.render(h, r);
    regressions(h, r.regressions());
    segments(h, r);
    quantiles(h, r);
    srm(h, r.srm());
    variants(h, e, r);
    details(h, r);
    h.append("<h2 id=\"data\">Data</h2><p><a href=\"report\">Report as JSON</a> \u00b7 <a href=\"export\">Raw events (NDJSON)</a>"
        + " \u00b7 <a href=\"export?format=csv\">Raw events (CSV)</a></p>");
    Layout.close(h);
    return h.toString();
  }

  private static void header(StringBuilder h, Experiment e, Report r) {
    h.append("<h1>").append(Html.esc(r.experiment())).append("</h1>");
    if (e != null && !e.description().isBlank()) h.append("<p class=\"description\">").append(Html.esc(e.description())).append("</p>");
    var a = r.analysis();
    h.append("<p class=\"muted\">");
    if (e != null) h.append("Status ").append(Html.esc(ReportJson.name(e.status()))).append(" \u00b7 allocation ")
        .append(Fmt.share(e.allocation())).append(" \u00b7 ");
    h.append("alpha ").append(Fmt.num(a.alpha())).append(", ").append(Html.esc(ReportJson.name(a.mode())))
        .append(" analysis, ").append(Html.esc(ReportJson.name(a.correction()))).append(" correction \u00b7 generated ")
        .append(Html.esc(r.generatedAt().toString())).append("</p>");
  }

  private static void decision(StringBuilder h, Report r) {
    String action = ReportJson.name(r.decision().action());
    h.append("<section class=\"decision ").append(Html.esc(action.replace(' ', '-'))).append("\" aria-labelledby=\"decision\">")
        .append("<h2 id=\"decision\" style=\"border:0;margin:0\">Decision: <b class=\"action\">")
        .append(Html.esc(action)).append("</b></h2><p style=\"margin:.25rem 0 0\">")
        .append(Html.esc(r.decision().reason())).append("</p></section>");
  }

  /**
   * The regressions a person must not miss come first: those the average hides (the variant is not worse on that
   * metric overall). Segments of a metric that is worse overall anyway are summarised in one line per metric.
   */
  private static void alert(StringBuilder h, Report r) {
    List<Regression> regs = r.regressions();
    if (regs.isEmpty()) return;
    List<Regression> hidden = regs.stream().filter(g -> !worseOverall(r, g.metric(), g.variant())).toList();
    Map<String, List<Regression>> alsoOverall = new LinkedHashMap<>();
    for (Regression g : regs) {
      if (worseOverall(r, g.metric(), g.variant())) {
        alsoOverall.computeIfAbsent(g.variant() + " \u00b7 " + g.metric(), k -> new ArrayList<>()).add(g);
      }
    }
    h.append("<section class=\"alert\" role=\"alert\" aria-labelledby=\"alert\"><h2 id=\"alert\">");
    if (hidden.isEmpty()) {
      h.append(regs.size()).append(regs.size() == 1 ? " segment regression" : " segment regressions")
          .append(", all on metrics that are worse overall too");
    } else {
      h.append(hidden.size()).append(hidden.size() == 1 ? " edge case the average hides" : " edge cases the average hides");
    }
    h.append("</h2><ul class=\"hidden-regressions\">");
    for (Regression g : hidden) {
      h.append("<li><b>").append(Html.esc(g.variant())).append("</b> is worse on <b>").append(Html.esc(g.metric()))
          .append("</b> where <b>").append(Html.esc(g.dimension())).append(" = ").append(Html.esc(g.segment()))
          .append("</b>: ").append(g.relativeEffect() == null ? Fmt.signed(g.effect()) : Fmt.lift(g.relativeEffect()))
          .append(" (").append(Fmt.count(g.units())).append(" units, adjusted p ").append(Fmt.p(g.adjustedPValue()))
          .append(")</li>");
    }
    h.append("</ul>");
    if (!alsoOverall.isEmpty()) {
      h.append("<p class=\"muted\">Also worse in segments, as overall: ");
      List<String> parts = new ArrayList<>();
      alsoOverall.forEach((k, list) -> parts.add(Html.esc(k) + " in " + list.size() + (list.size() == 1 ? " segment" : " segments")));
      h.append(String.join("; ", parts)).append(".</p>");
    }
    h.append("<a href=\"#regressions\">All ").append(regs.size()).append(" regressions</a></section>");
  }

  private static boolean worseOverall(Report r, String metric, String variant) {
    return r.metrics().stream().filter(m -> m.metric().equals(metric)).flatMap(m -> m.variants().stream())
        .anyMatch(v -> v.variant().equals(variant) && !v.control() && v.comparison().verdict() == Verdict.WORSE);
  }

  private static void overview(StringBuilder h, Report r) {
    h.append("<h2 id=\"effects\">Effect on every metric</h2>");
    List<ForestPlot.Row> rows = new ArrayList<>();
    for (MetricReport m : r.metrics()) {
      for (VariantResult v : m.variants()) {
        if (v.control()) continue;
        String label = m.metric() + " \u00b7 " + v.variant();
        Comparison c = v.comparison();
        TestResult rel = c.relative();
        if (rel == null) {
          rows.add(ForestPlot.Row.noData(label, "no estimate (" + reason(c) + ")"));
        } else {
          rows.add(ForestPlot.Row.of(label, rel.effect(), rel.low(), rel.high(), tone(c.verdict())));
        }
      }
    }
    h.append("<figure>").append(ForestPlot.svg("Relative effect of each treatment on each metric",
        "Relative change against control with its " + Fmt.share(1 - r.analysis().alpha())
            + " confidence interval; green is better and red worse in the metric's direction, grey inconclusive.",
        rows, true, Fmt::lift))
        .append("<figcaption class=\"muted\">Relative effect against control, ").append(Fmt.share(1 - r.analysis().alpha()))
        .append(" interval of the relative lift (delta method). Colour is the verdict after the ")
        .append(Html.esc(ReportJson.name(r.analysis().correction()))).append(" correction.</figcaption></figure>");
    h.append("<div class=\"table-wrap\"><table><caption>Effects</caption><thead><tr><th>metric</th><th>variant</th>")
        .append("<th>relative effect</th><th>interval</th><th>adjusted p</th><th>chance to win</th><th>verdict</th></tr></thead><tbody>");
    for (MetricReport m : r.metrics()) {
      for (VariantResult v : m.variants()) {
        if (v.control()) continue;
        Comparison c = v.comparison();
        TestResult rel = c.relative();
        h.append("<tr><td>").append(Html.esc(m.metric())).append(" <span class=\"muted\">(")
            .append(Html.esc(ReportJson.name(m.direction()))).append(" is better)</span></td><td class=\"l\">")
            .append(Html.esc(v.variant())).append("</td><td>").append(rel == null ? Fmt.NONE : Fmt.lift(rel.effect()))
            .append("</td><td>").append(rel == null ? Fmt.NONE : Fmt.liftInterval(rel.low(), rel.high()))
            .append("</td><td>").append(Fmt.p(c.adjustedPValue())).append("</td><td>")
            .append(c.bayesian() == null ? Fmt.NONE : Fmt.share(c.bayesian().chanceToWin())).append("</td>");
        verdictCell(h, c.verdict(), c.reason() == null ? null : reason(c));
        h.append("</tr>");
      }
    }
    h.append("</tbody></table></div>");
  }

  private static void regressions(StringBuilder h, List<Regression> regs) {
    h.append("<h2 id=\"regressions\">Edge-case regressions</h2>");
    if (regs.isEmpty()) {
      h.append("<p class=\"ok\">None: no tested segment is significantly worse than control.</p>");
      return;
    }
    h.append("<div class=\"table-wrap\"><table><caption>Segments where a treatment is significantly worse</caption>")
        .append("<thead><tr><th>metric</th><th>variant</th><th class=\"l\">segment</th><th>relative</th><th>effect</th>")
        .append("<th>interval of the effect</th><th>adjusted p</th><th>units</th></tr></thead><tbody>");
    for (Regression g : regs) {
      h.append("<tr><td>").append(Html.esc(g.metric())).append("</td><td class=\"l\">").append(Html.esc(g.variant()))
          .append("</td><td class=\"l\">").append(Html.esc(g.dimension())).append(" = ").append(Html.esc(g.segment()))
          .append("</td><td class=\"worse\">").append(Fmt.lift(g.relativeEffect())).append("</td><td>")
          .append(Fmt.signed(g.effect())).append("</td><td>").append(Fmt.interval(g.low(), g.high())).append("</td><td>")
          .append(Fmt.p(g.adjustedPValue())).append("</td><td>").append(Fmt.count(g.units())).append("</td></tr>");
    }
    h.append("</tbody></table></div>");
  }

  private static void segments(StringBuilder h, Report r) {
    h.append("<h2 id=\"segments\">Effects by segment</h2>");
    boolean any = false;
    for (MetricReport m : r.metrics()) {
      Map<String, List<SegmentReport>> byDimension = new LinkedHashMap<>();
      for (SegmentReport s : m.segments()) byDimension.computeIfAbsent(s.dimension(), k -> new ArrayList<>()).add(s);
      for (var entry : byDimension.entrySet()) {
        any = true;
        String dim = entry.getKey();
        boolean hasRegression = r.regressions().stream().anyMatch(g -> g.metric().equals(m.metric()) && g.dimension().equals(dim));
        h.append("<details class=\"segment\"").append(hasRegression ? " open" : "").append("><summary>")
            .append(Html.esc(m.metric())).append(" by ").append(Html.esc(dim))
            .append(hasRegression ? " <span class=\"worse\">(regression)</span>" : "").append("</summary>");
        segmentPlot(h, m, dim, entry.getValue(), r.analysis().alpha());
        h.append("</details>");
      }
    }
    if (!any) h.append("<p class=\"muted\">The experiment defines no segments.</p>");
  }

  private static void segmentPlot(StringBuilder h, MetricReport m, String dim, List<SegmentReport> cells, double alpha) {
    List<ForestPlot.Row> rows = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    table.append("<div class=\"table-wrap\"><table><caption>").append(Html.esc(m.metric())).append(" by ").append(Html.esc(dim))
        .append("</caption><thead><tr><th class=\"l\">segment</th><th>variant</th><th>units (treatment / control)</th>")
        .append("<th>relative effect</th><th>interval</th><th>adjusted p</th><th>verdict</th></tr></thead><tbody>");
    for (SegmentReport s : cells) {
      String segLabel = segmentLabel(s.segment());
      SegmentVariantResult control = s.variants().stream().filter(SegmentVariantResult::control).findFirst().orElse(null);
      for (SegmentVariantResult v : s.variants()) {
        if (v.control()) continue;
        String label = segLabel + " \u00b7 " + v.variant();
        TestResult rel = v.relative();
        if (!s.enoughData()) rows.add(ForestPlot.Row.noData(label, "not enough data (" + Fmt.count(v.units()) + " / "
            + Fmt.count(control == null ? 0 : control.units()) + " units)"));
        else if (rel == null) rows.add(ForestPlot.Row.noData(label, "no estimate"
            + (v.reason() == null ? "" : " (" + v.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")")));
        else rows.add(ForestPlot.Row.of(label, rel.effect(), rel.low(), rel.high(),
            v.verdict() == null ? ForestPlot.Tone.NEUTRAL : tone(v.verdict())));
        table.append("<tr><td class=\"l\">").append(Html.esc(segLabel)).append("</td><td>").append(Html.esc(v.variant()))
            .append("</td><td>").append(Fmt.count(v.units())).append(" / ").append(Fmt.count(control == null ? 0 : control.units()))
            .append("</td><td>").append(rel == null ? Fmt.NONE : Fmt.lift(rel.effect())).append("</td><td>")
            .append(rel == null ? Fmt.NONE : Fmt.liftInterval(rel.low(), rel.high())).append("</td><td>")
            .append(Fmt.p(v.adjustedPValue())).append("</td>");
        if (!s.enoughData()) table.append("<td class=\"inconclusive\">not enough data</td>");
        else verdictCell(table, v.verdict(), null);
        table.append("</tr>");
      }
    }
    table.append("</tbody></table></div>");
    h.append(ForestPlot.svg(m.metric() + " by " + dim, "Relative effect of each treatment in each " + dim
        + " segment with its " + Fmt.share(1 - alpha) + " interval; segments without enough units are listed without an estimate.",
        rows, true, Fmt::lift)).append(table);
  }

  static String segmentLabel(String segment) {
    if (CardinalityLimiter.OTHER.equals(segment)) return "other (folded rare values)";
    if (CardinalityLimiter.NONE.equals(segment)) return "(absent)";
    return segment;
  }

  private static void quantiles(StringBuilder h, Report r) {
    List<MetricReport> withQ = r.metrics().stream().filter(m -> m.quantiles() != null).toList();
    if (withQ.isEmpty()) return;
    h.append("<h2 id=\"quantiles\">Tail quantiles</h2>");
    for (MetricReport m : withQ) {
      h.append("<h3>").append(Html.esc(m.metric())).append("</h3>");
      quantilePlot(h, m.metric(), m.quantiles());
      for (SegmentReport s : m.segments()) {
        if (s.quantiles() == null) continue;
        h.append("<details><summary>").append(Html.esc(m.metric())).append(" where ").append(Html.esc(s.dimension()))
            .append(" = ").append(Html.esc(segmentLabel(s.segment()))).append("</summary>");
        quantilePlot(h, m.metric() + " where " + s.dimension() + " = " + segmentLabel(s.segment()), s.quantiles());
        h.append("</details>");
      }
    }
  }

  private static void quantilePlot(StringBuilder h, String title, QuantileReport q) {
    List<ForestPlot.Row> rows = new ArrayList<>();
    StringBuilder table = new StringBuilder("<div class=\"table-wrap\"><table><caption>").append(Html.esc(title))
        .append(" quantiles</caption><thead><tr><th class=\"l\">variant</th><th>count</th>");
    for (double p : q.quantiles()) table.append("<th>").append(pLabel(p)).append("</th>");
    table.append("</tr></thead><tbody>");
    for (int i = 0; i < q.quantiles().size(); i++) {
      for (VariantQuantiles v : q.variants()) {
        QuantileValue val = v.values().get(i);
        String label = pLabel(q.quantiles().get(i)) + " \u00b7 " + v.variant();
        Interval ci = val.estimate().ci();
        Double value = val.estimate().value();
        if (value == null || ci == null) rows.add(ForestPlot.Row.noData(label, "no estimate"
            + (val.estimate().reason() == null ? "" : " (" + val.estimate().reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")")));
        else rows.add(ForestPlot.Row.of(label, value, ci.low(), ci.high(), quantileTone(val)));
      }
    }
    for (VariantQuantiles v : q.variants()) {
      table.append("<tr><td class=\"l\">").append(Html.esc(v.variant())).append("</td><td>").append(Fmt.count(v.count())).append("</td>");
      for (QuantileValue val : v.values()) {
        Interval ci = val.estimate().ci();
        table.append("<td>").append(Fmt.num(val.estimate().value())).append(ci == null ? ""
            : " <span class=\"muted\">[" + Fmt.num(ci.low()) + ", " + Fmt.num(ci.high()) + "]</span>").append("</td>");
      }
      table.append("</tr>");
    }
    table.append("</tbody></table></div>");
    h.append(ForestPlot.svg(title + " quantiles", "Quantiles p50 to p99 of " + title + " per variant with their "
        + Fmt.share(1 - q.alpha()) + " intervals; red marks a treatment quantile significantly above or below control.",
        rows, false, Fmt::num)).append(table);
  }

  /** A treatment's quantile interval of the difference that excludes 0 is marked (red: neutral to direction). */
  private static ForestPlot.Tone quantileTone(QuantileValue val) {
    var d = val.difference();
    if (d == null || d.ci() == null) return ForestPlot.Tone.NEUTRAL;
    return d.ci().contains(0) ? ForestPlot.Tone.NEUTRAL : ForestPlot.Tone.WORSE;
  }

  private static String pLabel(double p) {
    double pct = p * 100;
    return "p" + (pct == Math.rint(pct) ? String.valueOf((long) pct) : Fmt.num(pct));
  }

  private static void srm(StringBuilder h, SrmSection srm) {
    h.append("<h2 id=\"srm\">Sample ratio</h2>");
    if (srm == null) {
      h.append("<p class=\"muted\">No units yet.</p>");
      return;
    }
    h.append("<p class=\"").append(srm.mismatch() ? "alert" : "ok").append("\">")
        .append(srm.mismatch() ? "<b>Sample ratio mismatch</b>: the split is not what the weights ask for; the results are not trustworthy."
            : "The split matches the configured weights.")
        .append(" p = ").append(Fmt.p(srm.pValue())).append(" (threshold ").append(Fmt.num(srm.threshold())).append(")</p>");
    long total = srm.observed().values().stream().mapToLong(Long::longValue).sum();
    h.append("<div class=\"table-wrap\"><table><caption>Units per variant</caption><thead><tr><th class=\"l\">variant</th><th>units</th>")
        .append("<th>observed share</th><th>expected share</th></tr></thead><tbody>");
    srm.observed().forEach((v, n) -> h.append("<tr><td class=\"l\">").append(Html.esc(v)).append("</td><td>").append(Fmt.count(n))
        .append("</td><td>").append(total == 0 ? Fmt.NONE : Fmt.share((double) n / total)).append("</td><td>")
        .append(Fmt.share(srm.expected().get(v))).append("</td></tr>"));
    h.append("</tbody></table></div>");
  }

  private static void variants(StringBuilder h, Experiment e, Report r) {
    h.append("<h2 id=\"variants\">Variants</h2><div class=\"table-wrap\"><table><thead><tr><th class=\"l\">variant</th>")
        .append("<th>weight</th><th>units</th><th>requests</th><th class=\"l\">metadata</th></tr></thead><tbody>");
    for (var v : r.variants()) {
      Variant def = e == null ? null : e.variant(v.variant()).orElse(null);
      h.append("<tr><td class=\"l\">").append(Html.esc(v.variant()))
          .append(e != null && v.variant().equals(e.control()) ? " <span class=\"muted\">(control)</span>" : "")
          .append("</td><td>").append(Fmt.num(v.weight())).append("</td><td>").append(Fmt.count(v.units()))
          .append("</td><td>").append(Fmt.count(v.requests())).append("</td><td class=\"l\">");
      if (def != null && !def.metadata().isEmpty()) {
        h.append("<dl class=\"meta\">");
        def.metadata().forEach((k, val) -> h.append("<dt>").append(Html.esc(k)).append("</dt><dd>")
            .append(Html.esc(String.valueOf(val))).append("</dd>"));
        h.append("</dl>");
      } else {
        h.append(Fmt.NONE);
      }
      h.append("</td></tr>");
    }
    h.append("</tbody></table></div>");
  }

  private static void details(StringBuilder h, Report r) {
    h.append("<h2 id=\"numbers\">All numbers</h2>");
    for (MetricReport m : r.metrics()) {
      h.append("<details><summary>").append(Html.esc(m.metric())).append(" <span class=\"muted\">(")
          .append(Html.esc(ReportJson.name(m.kind()))).append(", ").append(Html.esc(ReportJson.name(m.direction())))
          .append(" is better)</span></summary><div class=\"table-wrap\"><table><thead><tr><th class=\"l\">variant</th><th>units</th>")
          .append("<th>n</th><th>mean</th><th>difference</th><th>interval of the difference</th><th>p</th><th>adjusted p</th>")
          .append("<th>relative</th><th>chance to win</th><th>verdict</th></tr></thead><tbody>");
      for (VariantResult v : m.variants()) {
        Comparison c = v.comparison();
        TestResult abs = c == null ? null : c.absolute();
        var seq = c == null || c.sequential() == null ? null : c.sequential().absolute();
        Double low = seq != null ? (Double) seq.low() : abs == null ? null : abs.low();
        Double high = seq != null ? (Double) seq.high() : abs == null ? null : abs.high();
        Double p = seq != null ? (Double) seq.pValue() : abs == null ? null : abs.pValue();
        h.append("<tr><td class=\"l\">").append(Html.esc(v.variant())).append(v.control() ? " <span class=\"muted\">(control)</span>" : "")
            .append("</td><td>").append(Fmt.count(v.units())).append("</td><td>").append(Fmt.count(v.n())).append("</td><td>")
            .append(Fmt.num(v.mean())).append("</td><td>").append(abs == null ? Fmt.NONE : Fmt.signed(abs.effect()))
            .append("</td><td>").append(Fmt.interval(low, high)).append(seq == null ? "" : " (sequential)").append("</td><td>")
            .append(Fmt.p(p)).append("</td><td>").append(c == null ? Fmt.NONE : Fmt.p(c.adjustedPValue())).append("</td><td>")
            .append(c == null || c.relative() == null ? Fmt.NONE : Fmt.lift(c.relative().effect())).append("</td><td>")
            .append(c == null || c.bayesian() == null ? Fmt.NONE : Fmt.share(c.bayesian().chanceToWin())).append("</td>");
        if (c == null) h.append("<td></td>");
        else verdictCell(h, c.verdict(), c.reason() == null ? null : reason(c));
        h.append("</tr>");
      }
      h.append("</tbody></table></div></details>");
    }
  }

  private static void verdictCell(StringBuilder h, Verdict v, String note) {
    String name = v == null ? "" : ReportJson.name(v);
    h.append("<td class=\"").append(Html.esc(name)).append("\">").append(Html.esc(name))
        .append(note == null ? "" : " <span class=\"muted\">(" + Html.esc(note) + ")</span>").append("</td>");
  }

  private static String reason(Comparison c) {
    return c.reason() == null ? "degenerate" : c.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  static ForestPlot.Tone tone(Verdict v) {
    return switch (v) {
      case BETTER -> ForestPlot.Tone.BETTER;
      case WORSE -> ForestPlot.Tone.WORSE;
      case INCONCLUSIVE -> ForestPlot.Tone.NEUTRAL;
    };
  }
}
