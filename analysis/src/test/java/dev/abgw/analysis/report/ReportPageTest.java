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
}
