package dev.abgw.analysis.report;

import dev.abgw.analysis.page.ExperimentPage;
import dev.abgw.analysis.page.PageChrome;
import dev.abgw.experiments.Experiment;
import dev.abgw.stats.report.Report;

/**
 * The report as a self-contained HTML page ({@code GET /experiments/{id}/report.html}), rendered by
 * {@link ExperimentPage} from the same typed {@link Report} the JSON API encodes, so the page can never disagree
 * with it.
 */
public final class ReportPage {
  private ReportPage() {}

  /** The page of a report alone (no definition: no description, no variant metadata). */
  public static String render(Report r) {
    return ExperimentPage.render(null, r, PageChrome.none());
  }

  public static String render(Experiment e, Report r, PageChrome chrome) {
    return ExperimentPage.render(e, r, chrome);
  }
}
