package dev.abgw.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.TestExperiments;
import dev.abgw.experiments.Experiment;
import dev.abgw.stats.report.Report;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import dev.abgw.stats.report.Comparison;
import dev.abgw.stats.test.TestResult;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  private static final Experiment E = TestExperiments.twoArmsWithLatency("page", "");

  @Test
  void renders_decision_metrics_and_quantiles_from_the_typed_report() throws IOException {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String variant = i % 2 == 0 ? "a" : "b";
      events.append("{\"type\":\"request\",\"experiment\":\"page\",\"variant\":\"").append(variant)
          .append("\",\"unit\":\"u").append(i).append("\",\"requestId\":\"r-0000000").append(i)
          .append("\",\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"errorKind\":null,\"latencyMs\":")
          .append(10 + i).append(".0,\"ttfbMs\":null,\"usage\":null,\"finishReason\":null,\"toolCalls\":0,\"segments\":{}}\n");
    }
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
    Report report = OfflineAnalysis.analyze(E, new BufferedReader(new StringReader(events.toString())), clock).report();

    String page = ReportPage.render(report);

    assertThat(report.metrics().get(0).quantiles()).isNotNull();
    assertThat(page).contains("<title>page report</title>")
        .contains("<b>Decision: " + dev.abgw.stats.report.ReportJson.name(report.decision().action()) + "</b>")
        .contains("<h2>latency <small>(continuous, decrease is better)</small></h2>")
        .contains("<th>p50</th><th>p90</th><th>p95</th><th>p99</th>")
        .contains("Generated 2026-01-02T00:00:00Z");
  }

  @Test
  void a_row_shows_the_absolute_effect_with_its_own_interval_and_the_relative_lift_apart() throws IOException {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      String variant = i % 2 == 0 ? "a" : "b";
      double latency = (variant.equals("a") ? 100 : 130) + (i * 7919 % 41);
      events.append("{\"type\":\"request\",\"experiment\":\"page\",\"variant\":\"").append(variant)
          .append("\",\"unit\":\"u").append(i).append("\",\"requestId\":\"r-").append(i)
          .append("\",\"time\":\"2026-01-01T00:00:00Z\",\"status\":200,\"errorKind\":null,\"latencyMs\":")
          .append(latency).append(",\"ttfbMs\":null,\"usage\":null,\"finishReason\":null,\"toolCalls\":0,\"segments\":{}}\n");
    }
    Report report = OfflineAnalysis.analyze(E, new BufferedReader(new StringReader(events.toString())),
        Clock.systemUTC()).report();
    Comparison c = report.metrics().get(0).variants().get(1).comparison();
    TestResult abs = c.absolute();

    String page = ReportPage.render(report);

    assertThat(page).contains("<th>effect (treatment - control)</th><th>CI of the effect</th>")
        .contains("one test, of the absolute difference");
    String row = "<td>+" + g(abs.effect()) + "</td><td>[" + g(abs.low()) + ", " + g(abs.high()) + "]</td><td>"
        + g(abs.pValue());
    assertThat(page).as("effect, its interval and its p-value side by side").contains(row);
    assertThat(page).contains(String.format(Locale.ROOT, "%+.2f%%", c.relative().effect() * 100));
    assertThat(page).as("the relative interval, from another test, is not shown next to the absolute p")
        .doesNotContain(String.format(Locale.ROOT, "%+.2f%%", c.relative().low() * 100));
  }

  private static String g(double v) {
    return v != 0 && Math.abs(v) < 0.001 ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.4g", v);
  }
}
