package dev.abgw.gateway.report;

import dev.abgw.analysis.report.OfflineAnalysis;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.Harness;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Roles declared in the experiment JSON decide the report: the rule, the roles and the guardrail tests. */
class RolesReportTest {

  @Test
  void a_definition_with_roles_is_decided_by_goals_and_guardrails() throws Exception {
    Experiment e = Harness.experiment("""
        {"id": "roles", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:9", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:9", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment",
                      "min": 1, "max": 5, "badBelow": 2, "role": "goal"},
                     {"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy",
                      "field": "latencyMs", "role": "guardrail", "margin": {"relative": 0.10}}]}
        """);
    SplittableRandom r = new SplittableRandom(8);
    StringBuilder events = new StringBuilder();
    for (String variant : List.of("control", "treatment")) {
      for (int u = 0; u < 1500; u++) {
        // Treatment: a better score, latency 4% slower (within the 10% margin).
        double latency = 100 * (variant.equals("treatment") ? 1.04 : 1) * (1 + 0.1 * r.nextGaussian());
        double score = Math.max(1, Math.min(5, 3 + (variant.equals("treatment") ? 0.4 : 0) + r.nextGaussian()));
        events.append("""
            {"type":"request","experiment":"roles","variant":"%1$s","unit":"u%2$d","requestId":"r-%1$s-%2$d","status":200,"latencyMs":%3$s,"segments":{}}
            {"type":"judgment","experiment":"roles","variant":"%1$s","unit":"u%2$d","requestId":"r-%1$s-%2$d","metric":"score","value":%4$s,"segments":{}}
            """.formatted(variant, u, latency, score));
      }
    }
    JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dev.abgw.stats.report.ReportJson.toJson(
        OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(events.toString())), Clock.systemUTC()).report()));

    assertThat(report.at("/decision/rule").asText()).isEqualTo("roles");
    assertThat(report.at("/decision/action").asText()).isEqualTo("ship");
    assertThat(report.at("/metrics/0/role").asText()).isEqualTo("goal");
    assertThat(report.at("/metrics/1/metric").asText()).isEqualTo("score.bad");
    assertThat(report.at("/metrics/1/role").asText()).isEqualTo("secondary");
    assertThat(report.at("/metrics/2/role").asText()).isEqualTo("guardrail");
    JsonNode guardrail = report.at("/guardrails/0");
    assertThat(guardrail.path("metric").asText()).isEqualTo("latency");
    assertThat(guardrail.path("status").asText()).isEqualTo("non-inferior");
    assertThat(guardrail.path("effect").asDouble()).isBetween(0.03, 0.05);
    assertThat(guardrail.path("safeBound").asDouble()).isLessThan(0.10);
    assertThat(report.at("/metrics/2/quantiles/level").asText()).isEqualTo("request");
  }
}
