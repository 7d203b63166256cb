package dev.abgw.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abgw.analysis.report.OfflineAnalysis;
import dev.abgw.experiments.Experiment;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.gateway.Harness;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code NAME.bad} metric a {@code badBelow} threshold adds is reported with its verdict but is a
 * secondary metric: on its own it never ships nor rolls back.
 */
class BadMetricIsSecondaryTest {

  @ParameterizedTest(name = "treatment {0} on score.bad")
  @CsvSource({"better, control", "worse, treatment"})
  void the_bad_share_alone_decides_nothing(String verdict, String noisyArm) throws Exception {
    Experiment e = Harness.experiment("""
        {"id": "bad", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:9", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:9", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment",
                      "min": 1, "max": 5, "badBelow": 3}]}
        """);
    // Same mean score 3 in both arms: the noisy arm alternates 2.5 and 3.5 (half of them bad), the
    // other always answers 3 (never bad). Only score.bad differs, hugely.
    StringBuilder events = new StringBuilder();
    for (String variant : List.of("control", "treatment")) {
      for (int u = 0; u < 200; u++) {
        double value = variant.equals(noisyArm) ? (u % 2 == 0 ? 2.5 : 3.5) : 3.0;
        events.append("""
            {"type":"request","experiment":"bad","variant":"%1$s","unit":"u%2$d","requestId":"r-%1$s-%2$d","status":200,"latencyMs":5.0,"segments":{}}
            {"type":"judgment","experiment":"bad","variant":"%1$s","unit":"u%2$d","requestId":"r-%1$s-%2$d","metric":"score","value":%3$s,"segments":{}}
            """.formatted(variant, u, value));
      }
    }
    JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ReportJson.toJson(
        OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(events.toString())), Clock.systemUTC()).report()));

    JsonNode bad = report.path("metrics").get(1);
    assertThat(bad.path("metric").asText()).isEqualTo("score.bad");
    assertThat(bad.path("variants").get(1).path("verdict").asText()).isEqualTo(verdict);
    assertThat(report.path("metrics").get(0).path("variants").get(1).path("verdict").asText()).isEqualTo("inconclusive");
    assertThat(report.path("decision").path("action").asText()).isEqualTo("keep running");
    assertThat(report.path("decision").path("reason").asText())
        .endsWith("; also treatment (secondary, not decisive) " + verdict + " on score.bad");
  }
}
