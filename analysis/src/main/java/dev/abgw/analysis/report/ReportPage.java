package dev.abgw.analysis.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The report as a self-contained HTML page ({@code GET /experiments/{id}/report.html}): the decision
 * first, then sample-ratio health, edge-case regressions, and one table per metric. Rendered from the
 * same JSON the API returns, so the page can never disagree with it.
 */
public final class ReportPage {
  private ReportPage() {}

  public static String render(JsonObject r) {
    StringBuilder h = new StringBuilder(16_384);
    String exp = r.getString("experiment", "");
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(exp)).append(" report</title>")
        .append("<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}")
        .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}")
        .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}.better{color:#0a7d28;font-weight:600}")
        .append(".worse{color:#b00020;font-weight:600}.inconclusive{color:#666}.box{padding:.75rem 1rem;border-radius:6px;margin:1rem 0}")
        .append(".ok{background:#eef8f0}.bad{background:#fdecee}.warn{background:#fff6e0}code{background:#f4f4f4;padding:1px 4px}</style>")
        .append("</head><body><h1>Experiment <code>").append(esc(exp)).append("</code></h1>");
    JsonObject decision = r.getJsonObject("decision", new JsonObject());
    String action = decision.getString("action", "");
    h.append("<div class=\"box ").append(action.startsWith("ship") ? "ok" : action.startsWith("keep") ? "warn" : "bad")
        .append("\"><b>Decision: ").append(esc(action)).append("</b><br>").append(esc(decision.getString("reason", ""))).append("</div>");
    JsonObject analysis = r.getJsonObject("analysis", new JsonObject());
    h.append("<p>Analysis: alpha ").append(analysis.getValue("alpha")).append(", mode ").append(esc(analysis.getString("mode")))
        .append(", correction ").append(esc(analysis.getString("correction"))).append(". Generated ")
        .append(esc(r.getString("generatedAt", ""))).append(".</p>");
    srm(h, r.getJsonObject("srm"));
    regressions(h, r.getJsonArray("regressions", new JsonArray()));
    for (Object w : r.getJsonArray("warnings", new JsonArray())) {
      h.append("<div class=\"box warn\">").append(esc(String.valueOf(w instanceof JsonObject o ? o.getString("message", o.encode()) : w))).append("</div>");
    }
    for (Object m : r.getJsonArray("metrics", new JsonArray())) metric(h, (JsonObject) m);
    h.append("<p><a href=\"report\">JSON</a> · <a href=\"export\">raw events (NDJSON)</a></p></body></html>");
    return h.toString();
  }

  private static void srm(StringBuilder h, JsonObject srm) {
    if (srm == null) return;
    boolean mismatch = Boolean.TRUE.equals(srm.getBoolean("mismatch"));
    h.append("<div class=\"box ").append(mismatch ? "bad" : "ok").append("\">Sample ratio: ")
        .append(mismatch ? "<b>MISMATCH</b> (results untrustworthy)" : "consistent with the configured weights")
        .append(", p = ").append(num(srm.getValue("pValue"))).append("; units ")
        .append(esc(String.valueOf(srm.getValue("observed")))).append("</div>");
  }

  private static void regressions(StringBuilder h, JsonArray regs) {
    h.append("<h2>Edge-case regressions</h2>");
    if (regs.isEmpty()) {
      h.append("<p>None found among the tested segments.</p>");
      return;
    }
    h.append("<table><tr><th>metric</th><th>variant</th><th>segment</th><th>relative effect</th><th>CI</th><th>adjusted p</th><th>units</th></tr>");
    for (Object o : regs) {
      JsonObject g = (JsonObject) o;
      h.append("<tr><td>").append(esc(g.getString("metric"))).append("</td><td>").append(esc(g.getString("variant")))
          .append("</td><td>").append(esc(g.getString("dimension"))).append('=').append(esc(g.getString("segment")))
          .append("</td><td class=\"worse\">").append(pct(g.getValue("effect"))).append("</td><td>").append(ci(g.getValue("ci"), true))
          .append("</td><td>").append(num(g.getValue("adjustedPValue"))).append("</td><td>").append(esc(String.valueOf(g.getValue("units"))))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void metric(StringBuilder h, JsonObject m) {
    h.append("<h2>").append(esc(m.getString("metric"))).append(" <small>(").append(esc(m.getString("type"))).append(", ")
        .append(esc(m.getString("direction"))).append(" is better)</small></h2>");
    h.append("<table><tr><th>variant</th><th>units</th><th>n</th><th>mean</th><th>effect</th><th>relative</th><th>relative CI</th>")
        .append("<th>p</th><th>adjusted p</th><th>chance to win</th><th>verdict</th></tr>");
    for (Object o : m.getJsonArray("variants", new JsonArray())) {
      JsonObject v = (JsonObject) o;
      JsonObject abs = v.getJsonObject("absolute");
      JsonObject rel = v.getJsonObject("relative");
      JsonObject bayes = v.getJsonObject("bayesian");
      String verdict = v.getString("verdict", "");
      h.append("<tr><td>").append(esc(v.getString("variant"))).append("</td><td>").append(v.getValue("units"))
          .append("</td><td>").append(v.getValue("n")).append("</td><td>").append(num(v.getValue("mean")))
          .append("</td><td>").append(abs == null ? "" : num(abs.getValue("effect")))
          .append("</td><td>").append(rel == null ? "" : pct(rel.getValue("effect")))
          .append("</td><td>").append(rel == null ? "" : ci(rel.getValue("ci"), true))
          .append("</td><td>").append(abs == null ? "" : num(abs.getValue("pValue")))
          .append("</td><td>").append(num(v.getValue("adjustedPValue")))
          .append("</td><td>").append(bayes == null ? "" : pct(bayes.getValue("chanceToWin")))
          .append("</td><td class=\"").append(esc(verdict)).append("\">").append(esc(verdict))
          .append(v.getString("reason") == null ? "" : " (" + esc(v.getString("reason")) + ")").append("</td></tr>");
    }
    h.append("</table>");
    JsonObject q = m.getJsonObject("quantiles");
    if (q != null) {
      h.append("<table><tr><th>variant</th><th>count</th>");
      for (Object p : q.getJsonArray("quantiles", new JsonArray())) h.append("<th>p").append(Math.round(((Number) p).doubleValue() * 100)).append("</th>");
      h.append("</tr>");
      for (Object o : q.getJsonArray("variants", new JsonArray())) {
        JsonObject v = (JsonObject) o;
        h.append("<tr><td>").append(esc(v.getString("variant"))).append("</td><td>").append(v.getValue("count")).append("</td>");
        for (Object vo : v.getJsonArray("values", new JsonArray())) {
          JsonObject val = (JsonObject) vo;
          h.append("<td>").append(num(val.getValue("value"))).append(" ").append(ci(val.getValue("ci"), false)).append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</table>");
    }
  }

  private static String ci(Object ci, boolean percent) {
    if (!(ci instanceof JsonArray a) || a.size() < 2 || a.getValue(0) == null) return "";
    return "[" + (percent ? pct(a.getValue(0)) : num(a.getValue(0))) + ", " + (percent ? pct(a.getValue(1)) : num(a.getValue(1))) + "]";
  }

  private static String num(Object v) {
    if (!(v instanceof Number n)) return v == null ? "" : esc(String.valueOf(v));
    double d = n.doubleValue();
    if (d != 0 && Math.abs(d) < 0.001) return String.format("%.2e", d);
    return String.format("%.4g", d);
  }

  private static String pct(Object v) {
    return v instanceof Number n ? String.format("%+.2f%%", n.doubleValue() * 100) : "";
  }

  static String esc(String s) {
    if (s == null) return "";
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
