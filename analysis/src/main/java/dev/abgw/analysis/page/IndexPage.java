package dev.abgw.analysis.page;

import dev.abgw.experiments.Experiment;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.stats.report.VariantSummary;
import java.util.List;

/**
 * The experiments index: one row per experiment with its status, allocation, units, the report's decision
 * and how many edge-case regressions it found, and links to the page and the JSON.
 */
public final class IndexPage {
  /** One experiment and its report (null when the report could not be built; {@code problem} says why). */
  public record Entry(Experiment experiment, Report report, String problem) {}

  private IndexPage() {}

  public static String render(List<Entry> entries, PageChrome chrome) {
    StringBuilder h = new StringBuilder(16_384);
    Layout.open(h, "Experiments \u00b7 abgw", chrome);
    h.append("<h1>Experiments</h1>");
    if (entries.isEmpty()) {
      h.append("<p>No experiment yet: <code>PUT /experiments/{id}</code> or start with <code>--experiments DIR</code>.</p>");
      Layout.close(h);
      return h.toString();
    }
    h.append("<div class=\"table-wrap\"><table class=\"experiments\"><thead><tr><th class=\"l\">experiment</th><th>status</th>")
        .append("<th>allocation</th><th>units</th><th class=\"l\">decision</th><th>regressions</th><th class=\"l\">links</th>")
        .append("</tr></thead><tbody>");
    for (Entry e : entries) row(h, e);
    h.append("</tbody></table></div>");
    Layout.close(h);
    return h.toString();
  }

  /** The reason up to its first "; " (the headline), the rest on the experiment page and in the title. */
  static String shortReason(String reason) {
    int cut = reason.indexOf("; ");
    String head = cut < 0 ? reason : reason.substring(0, cut) + "; \u2026";
    return head.length() <= 200 ? head : head.substring(0, 199) + "\u2026";
  }

  private static void row(StringBuilder h, Entry entry) {
    Experiment e = entry.experiment();
    Report r = entry.report();
    String id = Html.path(e.id());
    h.append("<tr data-experiment=\"").append(Html.esc(e.id())).append("\"><td class=\"l\"><a href=\"/experiments/").append(id)
        .append("/report.html\"><b>").append(Html.esc(e.id())).append("</b></a>");
    if (!e.description().isBlank()) h.append("<br><span class=\"muted\">").append(Html.esc(e.description())).append("</span>");
    h.append("</td><td>").append(Html.esc(ReportJson.name(e.status()))).append("</td><td>").append(Fmt.share(e.allocation()))
        .append("</td><td>");
    if (r == null) {
      h.append(Fmt.NONE).append("</td><td class=\"l error\">").append(Html.esc(entry.problem())).append("</td><td>")
          .append(Fmt.NONE).append("</td>");
    } else {
      long units = r.variants().stream().mapToLong(VariantSummary::units).sum();
      String action = ReportJson.name(r.decision().action());
      h.append(Fmt.count(units)).append("</td><td class=\"l decision-").append(Html.esc(action.replace(' ', '-')))
          .append("\"><b>").append(Html.esc(action)).append("</b><br><span class=\"muted\" title=\"")
          .append(Html.esc(r.decision().reason())).append("\">").append(Html.esc(shortReason(r.decision().reason())))
          .append("</span></td><td class=\"").append(r.regressions().isEmpty() ? "" : "worse").append("\">")
          .append(r.regressions().size()).append("</td>");
    }
    h.append("<td class=\"l\"><a href=\"/experiments/").append(id).append("/report.html\">page</a> \u00b7 <a href=\"/experiments/")
        .append(id).append("/report\">JSON</a> \u00b7 <a href=\"/experiments/").append(id).append("/export\">events</a></td></tr>");
  }
}
