package dev.abgw.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.TestExperiments;
import dev.abgw.analysis.page.Fmt;
import dev.abgw.analysis.page.PageChrome;
import dev.abgw.experiments.Experiment;
import dev.abgw.stats.report.Comparison;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.stats.test.TestResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  private static final Experiment E = TestExperiments.twoArmsWithLatency("page",
      ", \"segments\": [{\"name\": \"task\", \"source\": \"header\", \"key\": \"X-Task\", \"maxValues\": 3}]");

  /** 200 requests: b is 30 ms slower; task values t0, t1, small (10 units: not enough) kept, the rest folded into "other". */
  private static Report report() throws IOException {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      String variant = i % 2 == 0 ? "a" : "b";
      double latency = (variant.equals("a") ? 100 : 130) + (i * 7919 % 41);
      String task = i < 150 ? "t" + (i / 2 % 2) : i < 160 ? "small" : "rare" + (i % 7);
      events.append("{\"type\":\"request\",\"experiment\":\"page\",\"variant\":\"").append(variant)
          .append("\",\"unit\":\"u").append(i).append("\",\"requestId\":\"r-").append(i)
          .append("\",\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"errorKind\":null,\"latencyMs\":")
          .append(latency).append(",\"ttfbMs\":null,\"usage\":null,\"finishReason\":null,\"toolCalls\":0,\"segments\":{\"task\":\"")
          .append(task).append("\"}}\n");
    }
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
    return OfflineAnalysis.analyze(E, new BufferedReader(new StringReader(events.toString())), clock).report();
  }

  @Test
  void puts_the_decision_first_and_draws_every_metric_with_its_interval() throws IOException {
    Report report = report();
    String page = ReportPage.render(E, report, PageChrome.none());

    String action = ReportJson.name(report.decision().action());
    assertThat(page.indexOf("Decision: <b class=\"action\">" + action + "</b>"))
        .as("the decision comes before the plots").isPositive().isLessThan(page.indexOf("<svg"));
    Comparison c = report.metrics().get(0).variants().get(1).comparison();
    TestResult rel = c.relative();
    assertThat(page).as("the forest plot row carries the relative effect and its interval")
        .contains("<g class=\"row worse\" data-label=\"latency · b\" data-estimate=\"" + rel.effect() + "\" data-low=\""
            + rel.low() + "\" data-high=\"" + rel.high() + "\">");
    assertThat(page).as("and the table says the same, formatted for people")
        .contains("<td>" + Fmt.lift(rel.effect()) + "</td><td>" + Fmt.liftInterval(rel.low(), rel.high()) + "</td>");
    assertThat(page).contains("<th>p50</th><th>p90</th><th>p95</th><th>p99</th>").contains("generated 2026-01-02T00:00:00Z");
  }

  /** 180 requests one minute apart from 2026-01-01T00:00:30Z (three hours), b 30 ms slower. */
  private static Report reportOverTime() throws IOException {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 180; i++) {
      String variant = i % 2 == 0 ? "a" : "b";
      double latency = (variant.equals("a") ? 100 : 130) + (i * 7919 % 41);
      events.append("{\"type\":\"request\",\"experiment\":\"page\",\"variant\":\"").append(variant)
          .append("\",\"unit\":\"u").append(i % 60).append("\",\"requestId\":\"r-").append(i).append("\",\"time\":\"")
          .append(Instant.parse("2026-01-01T00:00:30Z").plusSeconds(60L * i))
          .append("\",\"status\":200,\"errorKind\":null,\"latencyMs\":").append(latency)
          .append(",\"ttfbMs\":null,\"usage\":null,\"finishReason\":null,\"toolCalls\":0,\"segments\":{}}\n");
    }
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
    return OfflineAnalysis.analyze(E, new BufferedReader(new StringReader(events.toString())), clock).report();
  }

  @Test
  void draws_the_cumulative_effect_over_time_with_its_band_and_the_sample_ratio_over_time() throws IOException {
    Report report = reportOverTime();
    String page = ReportPage.render(E, report, PageChrome.none());
    var series = report.timeseries().metrics().get(0).variants().get(0);
    assertThat(series.variant()).isEqualTo("b");
    assertThat(series.points()).hasSize(180); // one minute bucket per request: all within the default 6 hours
    int plot = page.indexOf("<svg class=\"timeplot effect\"");
    assertThat(plot).as("the effect over time comes after the forest plot").isGreaterThan(page.indexOf("<svg class=\"forest\""));
    String svg = page.substring(plot, page.indexOf("</svg>", plot));
    assertThat(svg).as("text alternatives").contains("<title id=").contains(">latency · b: cumulative effect over time</title>")
        .contains("<desc id=");
    assertThat(svg.split("<circle class=\"pt\"", -1)).as("a dot per bucket with an estimate")
        .hasSize(1 + (int) series.points().stream().filter(p -> p.effect() != null).count());
    var last = series.points().get(series.points().size() - 1);
    assertThat(svg).as("the last dot carries the last cumulative effect and interval")
        .contains("data-end=\"" + last.end() + "\" data-value=\"" + last.effect() + "\" data-low=\"" + last.low()
            + "\" data-high=\"" + last.high() + "\"");
    // The last point is the whole experiment: the same effect and interval as the report's own.
    TestResult abs = report.metrics().get(0).variants().get(1).comparison().absolute();
    assertThat(last.effect()).isCloseTo(abs.effect(), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(last.high()).isCloseTo(abs.high(), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(svg).contains("<polygon class=\"band\"").contains("<polyline class=\"line\"").contains("<line class=\"ref\"");
    int srm = page.indexOf("<svg class=\"timeplot srm\"");
    assertThat(srm).isPositive();
    String srmSvg = page.substring(srm, page.indexOf("</svg>", srm));
    assertThat(srmSvg).contains(">Sample ratio mismatch over time</title>");
    assertThat(srmSvg.split("<circle class=\"pt\"", -1)).hasSize(1 + 180);
    assertThat(page).as("and the numbers in a table").contains("<table class=\"series\">")
        .contains("<td>" + Fmt.signed(last.effect()) + "</td><td>" + Fmt.interval(last.low(), last.high()) + "</td>");
  }

  @Test
  void shows_folded_and_not_enough_data_segments_as_such() throws IOException {
    String page = ReportPage.render(E, report(), PageChrome.none());
    assertThat(page).contains("data-label=\"other (folded rare values) · b\"");
    assertThat(page).containsPattern("data-label=\"[^\"]+ · b\"><title>[^<]+: not enough data \\(\\d+ / \\d+ units\\)");
  }

  @Test
  void chance_to_win_is_an_unsigned_share() throws IOException {
    Report report = report();
    Comparison c = report.metrics().get(0).variants().get(1).comparison();
    String page = ReportPage.render(report);
    assertThat(page).contains("<td>" + Fmt.share(c.bayesian().chanceToWin()) + "</td>");
    assertThat(Fmt.share(c.bayesian().chanceToWin())).doesNotStartWith("+");
  }

  @Test
  void formats_numbers_as_people_read_them() {
    assertThat(Fmt.share(0.73)).isEqualTo("73%");
    assertThat(Fmt.share(0.995)).isEqualTo("99.5%");
    assertThat(Fmt.share(0.05)).isEqualTo("5%");
    assertThat(Fmt.lift(0.0523)).isEqualTo("+5.2%");
    assertThat(Fmt.lift(-0.25)).isEqualTo("\u221225%");
    assertThat(Fmt.lift(1.741)).isEqualTo("+174%");
    assertThat(Fmt.p(0.0004)).isEqualTo("< 0.001");
    assertThat(Fmt.p(0.0123)).isEqualTo("0.01");
    assertThat(Fmt.p(0.0042)).isEqualTo("0.004");
    assertThat(Fmt.p(0.5)).isEqualTo("0.5");
    assertThat(Fmt.num(1234.5)).isEqualTo("1,235");
    assertThat(Fmt.num(0.012345)).isEqualTo("0.0123");
    assertThat(Fmt.num(3.0)).isEqualTo("3");
    assertThat(Fmt.num(null)).isEqualTo(Fmt.NONE);
    assertThat(Fmt.signed(-0.5)).isEqualTo("\u22120.5");
  }
}
