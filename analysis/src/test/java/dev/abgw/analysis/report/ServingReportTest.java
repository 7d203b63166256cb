package dev.abgw.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abgw.analysis.event.EventCodec;
import dev.abgw.analysis.event.ErrorKind;
import dev.abgw.analysis.event.RequestEvent;
import dev.abgw.analysis.event.ProxyOutcome;
import dev.abgw.analysis.event.Serving;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingReportTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static Experiment experiment(String resilience) {
    ParseResult r = ExperimentParser.parse("""
        {"id": "s", "status": "running", "route": {"pathPrefix": "/v1"}, "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:1", "weight": 1},
                      {"name": "v2", "upstream": "http://127.0.0.1:2", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "fallback", "type": "binary", "direction": "decrease", "source": "proxy", "field": "fallback"}],
         "segments": [{"name": "served", "source": "response", "key": "servedBy"}]%s}
        """.formatted(resilience));
    return ((ParseResult.Valid) r).experiment();
  }

  private static String event(String variant, int unit, Serving serving) {
    ProxyOutcome o = new ProxyOutcome(serving.servedBy() == null ? 502 : 200, serving.servedBy() == null ? ErrorKind.CONNECT : null,
        10, 5, null, null, null, null, 0, null, serving);
    String by = serving.servedBy() == null ? "(none)" : serving.servedBy();
    return EventCodec.encode(new RequestEvent("s", variant, "u" + unit, variant + unit, 0, Map.of("served", by), o));
  }

  /** control always serves itself; v2 serves 3 of 10 itself, 6 from control, 1 statically; or per {@code v2Self}. */
  private static JsonNode report(Experiment e, int v2Self) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 10; i++) lines.append(event("control", i, Serving.single("control", 200))).append('\n');
    for (int i = 0; i < 10; i++) {
      Serving s = i < v2Self ? Serving.single("v2", 200)
          : i < 9 ? new Serving("control", List.of(0, 200), 0, "connect", false, null)
          : new Serving(Serving.STATIC, List.of(0), 0, "connect", false, null);
      lines.append(event("v2", 100 + i, s)).append('\n');
    }
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(dev.abgw.stats.report.ReportJson.toJson(
        OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(lines.toString())), CLOCK).report()));
  }

  @Test
  void shows_each_variants_shares_by_server_and_warns_when_a_fallback_served_most() throws Exception {
    JsonNode r = report(experiment(", \"resilience\": {\"fallback\": {\"to\": \"control\"}}"), 3);
    JsonNode v2 = r.path("serving").get(1);
    assertThat(v2.path("variant").asText()).isEqualTo("v2");
    assertThat(v2.path("requests").asLong()).isEqualTo(10);
    assertThat(v2.path("servedBy").path("v2").asDouble()).isEqualTo(0.3);
    assertThat(v2.path("servedBy").path("control").asDouble()).isEqualTo(0.6);
    assertThat(v2.path("servedBy").path("static").asDouble()).isEqualTo(0.1);
    assertThat(v2.path("fallbackShare").asDouble()).isEqualTo(0.7, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.path("serving").get(0).path("selfShare").asDouble()).isEqualTo(1.0);
    assertThat(r.path("warnings").toString()).contains("variant v2 was served by a fallback for 70.0% of its requests")
        .doesNotContain("variant control was served");
    // The as-served dimension is labelled as not randomized.
    JsonNode segments = r.path("metrics").get(0).path("segments");
    assertThat(segments.size()).isPositive();
    segments.forEach(s -> assertThat(s.path("randomized").asBoolean(true)).isFalse());
  }

  @Test
  void warns_of_dilution_while_the_variant_serves_most_of_its_own_requests() throws Exception {
    JsonNode r = report(experiment(", \"resilience\": {\"fallback\": {\"to\": \"control\"}}"), 6);
    assertThat(r.path("serving").get(1).path("fallbackShare").asDouble()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(r.path("warnings").toString())
        .contains("variant v2 was served by a fallback (control, static) for 40.0% of its requests")
        .contains("to about 60% of the variant's own").doesNotContain("mostly describe");
  }

  @Test
  void no_serving_warning_when_fallbacks_are_rare() throws Exception {
    // 9 of 10 served by v2 itself; the one left is static: 10%, not above the threshold.
    JsonNode r = report(experiment(", \"resilience\": {\"fallback\": {\"to\": \"control\"}}"), 9);
    assertThat(r.path("warnings").toString()).doesNotContain("served by a fallback");
  }

  @Test
  void an_experiment_without_resilience_has_no_serving_section() throws Exception {
    JsonNode r = report(experiment(""), 10);
    assertThat(r.has("serving")).isFalse();
  }
}
