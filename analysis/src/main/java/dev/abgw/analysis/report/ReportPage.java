package dev.abgw.analysis.report;

import dev.abgw.stats.quantile.Interval;
import dev.abgw.stats.quantile.QuantileReport;
import dev.abgw.stats.quantile.QuantileValue;
import dev.abgw.stats.quantile.VariantQuantiles;
import dev.abgw.stats.report.AnalysisConfig;
import dev.abgw.stats.report.Comparison;
import dev.abgw.stats.report.Decision;
import dev.abgw.stats.report.MetricReport;
import dev.abgw.stats.report.Regression;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.stats.report.SrmSection;
import dev.abgw.stats.report.VariantResult;
import dev.abgw.stats.test.SequentialResult;
import dev.abgw.stats.test.TestResult;
import java.util.List;
import java.util.Locale;

/**
 * The report as a self-contained HTML page ({@code GET /experiments/{id}/report.html}): the decision
 * first, then sample-ratio health, edge-case regressions, and one table per metric. Rendered from the
 * same typed {@link Report} the JSON API encodes, so the page can never disagree with it.
 */
public final class ReportPage {
  private ReportPage() {}

  public static String render(Report r) {
    StringBuilder h = new StringBuilder(16_384);
    String exp = r.experiment();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(exp)).append(" report</title>")
        .append("<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}")
        .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.better{color:#0a7d28;font-weight:600}")
        .append(".worse{color:#b00020;font-weight:600}.inconclusive{color:#666}.box{padding:.75rem 1rem;border-radius:6px;margin:1rem 0}")
        .append(".ok{background:#eef8f0}.bad{background:#fdecee}.warn{background:#fff6e0}code{background:#f4f4f4;padding:1px 4px}</style>")
        .append("</head><body><h1>Experiment <code>").append(esc(exp)).append("</code></h1>");
    Decision decision = r.decision();
    String action = ReportJson.name(decision.action());
    h.append("<div class=\"box ").append(action.startsWith("ship") ? "ok" : action.startsWith("keep") ? "warn" : "bad")
        .append("\"><b>Decision: ").append(esc(action)).append("</b><br>").append(esc(decision.reason())).append("</div>");
    AnalysisConfig analysis = r.analysis();
    h.append("<p>Analysis: alpha ").append(analysis.alpha()).append(", mode ").append(esc(ReportJson.name(analysis.mode())))
        .append(", correction ").append(esc(ReportJson.name(analysis.correction()))).append(". Generated ")
        .append(esc(r.generatedAt().toString())).append(".</p>");
    srm(h, r.srm());
    regressions(h, r.regressions());
    for (String w : r.warnings()) h.append("<div class=\"box warn\">").append(esc(w)).append("</div>");
    for (MetricReport m : r.metrics()) metric(h, m);
    h.append("<p><a href=\"report\">JSON</a> · <a href=\"export\">raw events (NDJSON)</a></p></body></html>");
    return h.toString();
  }

  private static void srm(StringBuilder h, SrmSection srm) {
    if (srm == null) return;
    h.append("<div class=\"box ").append(srm.mismatch() ? "bad" : "ok").append("\">Sample ratio: ")
        .append(srm.mismatch() ? "<b>MISMATCH</b> (results untrustworthy)" : "consistent with the configured weights")
        .append(", p = ").append(num(srm.pValue())).append("; units ")
        .append(esc(String.valueOf(srm.observed()))).append("</div>");
  }

  private static void regressions(StringBuilder h, List<Regression> regs) {
    h.append("<h2>Edge-case regressions</h2>");
    if (regs.isEmpty()) {
      h.append("<p>None found among the tested segments.</p>");
      return;
    }
    h.append("<table><tr><th>metric</th><th>variant</th><th>segment</th><th>effect (treatment - control)</th><th>CI of the effect</th>")
        .append("<th>adjusted p</th><th>relative (estimate)</th><th>units</th></tr>");
    for (Regression g : regs) {
      h.append("<tr><td>").append(esc(g.metric())).append("</td><td>").append(esc(g.variant()))
          .append("</td><td>").append(esc(g.dimension())).append('=').append(esc(g.segment()))
          .append("</td><td class=\"worse\">").append(signed(g.effect())).append("</td><td>").append(ci(g.low(), g.high(), false))
          .append("</td><td>").append(num(g.adjustedPValue())).append("</td><td>").append(pct(g.relativeEffect()))
          .append("</td><td>").append(g.units()).append("</td></tr>");
    }
    h.append("</table><p><small>Effect, interval and adjusted p come from one test, of the absolute difference; "
        + "the relative lift is its point estimate, for scale.</small></p>");
  }

  private static void metric(StringBuilder h, MetricReport m) {
    h.append("<h2>").append(esc(m.metric())).append(" <small>(").append(esc(ReportJson.name(m.kind()))).append(", ")
        .append(esc(ReportJson.name(m.direction()))).append(" is better)</small></h2>");
    // effect, CI, p, adjusted p and verdict: one test, of the absolute difference (its confidence sequence
    // in sequential mode); the relative lift is shown as its point estimate only.
    h.append("<table><tr><th>variant</th><th>units</th><th>n</th><th>mean</th><th>effect (treatment - control)</th>")
        .append("<th>CI of the effect</th><th>p</th><th>adjusted p</th><th>relative (estimate)</th><th>chance to win</th><th>verdict</th></tr>");
    for (VariantResult v : m.variants()) {
      Comparison c = v.comparison();
      TestResult abs = c == null ? null : c.absolute();
      SequentialResult seq = c == null || c.sequential() == null ? null : c.sequential().absolute();
      Double low = seq != null ? (Double) seq.low() : abs == null ? null : abs.low();
      Double high = seq != null ? (Double) seq.high() : abs == null ? null : abs.high();
      Double p = seq != null ? (Double) seq.pValue() : abs == null ? null : abs.pValue();
      TestResult rel = c == null ? null : c.relative();
      String verdict = c == null ? "" : ReportJson.name(c.verdict());
      h.append("<tr><td>").append(esc(v.variant())).append("</td><td>").append(v.units())
          .append("</td><td>").append(v.n()).append("</td><td>").append(num(v.mean()))
          .append("</td><td>").append(abs == null ? "" : signed(abs.effect()))
          .append("</td><td>").append(ci(low, high, false)).append(seq == null ? "" : " (sequential)")
          .append("</td><td>").append(num(p))
          .append("</td><td>").append(c == null ? "" : num(c.adjustedPValue()))
          .append("</td><td>").append(rel == null ? "" : pct(rel.effect()))
          .append("</td><td>").append(c == null || c.bayesian() == null ? "" : pct(c.bayesian().chanceToWin()))
          .append("</td><td class=\"").append(esc(verdict)).append("\">").append(esc(verdict))
          .append(c == null || c.reason() == null ? "" : " (" + esc(c.reason().name()) + ")").append("</td></tr>");
    }
    h.append("</table><p><small>Effect, interval, p and verdict come from one test, of the absolute difference "
        + "(its confidence sequence in sequential mode); the relative lift is its point estimate, for scale.</small></p>");
    if (m.quantiles() != null) quantiles(h, m.quantiles());
  }

  private static void quantiles(StringBuilder h, QuantileReport q) {
    h.append("<table><tr><th>variant</th><th>count</th>");
    for (double p : q.quantiles()) h.append("<th>p").append(Math.round(p * 100)).append("</th>");
    h.append("</tr>");
    for (VariantQuantiles v : q.variants()) {
      h.append("<tr><td>").append(esc(v.variant())).append("</td><td>").append(v.count()).append("</td>");
      for (QuantileValue val : v.values()) {
        Interval ci = val.estimate().ci();
        h.append("<td>").append(num(val.estimate().value())).append(" ")
            .append(ci == null ? "" : ci(ci.low(), ci.high(), false)).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  private static String ci(Double low, Double high, boolean percent) {
    if (low == null || high == null || !Double.isFinite(low) || !Double.isFinite(high)) return "";
    return "[" + (percent ? pct(low) : num(low)) + ", " + (percent ? pct(high) : num(high)) + "]";
  }

  private static String num(Double v) {
    if (v == null || !Double.isFinite(v)) return "";
    double d = v;
    if (d != 0 && Math.abs(d) < 0.001) return String.format(Locale.ROOT, "%.2e", d);
    return String.format(Locale.ROOT, "%.4g", d);
  }

  private static String signed(Double v) {
    return v != null && v > 0 ? "+" + num(v) : num(v);
  }

  private static String pct(Double v) {
    return v == null || !Double.isFinite(v) ? "" : String.format(Locale.ROOT, "%+.2f%%", v * 100);
  }

  static String esc(String s) {
    if (s == null) return "";
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
