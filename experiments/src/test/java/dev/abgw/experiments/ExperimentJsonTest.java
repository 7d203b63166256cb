package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentJsonTest {

  @Test
  void round_trips_the_full_example() {
    Experiment e = Fixtures.fullExperiment();
    assertThat(reparse(e)).isEqualTo(e);
  }

  @Test
  void round_trips_an_experiment_built_in_code_with_fractions_nulls_and_big_numbers() {
    Variant a = new Variant("a.1", java.net.URI.create("https://a.example:8443/base/path"), 0.25, 1234,
        Fixtures.map("nested", Fixtures.map("x", List.of(1L, 2.5, "s")), "nothing", null, "big", new java.math.BigInteger("123456789012345678901234567890")));
    Variant b = Variant.of("b", "http://127.0.0.1:9002", 0.75);
    Experiment e = new Experiment("coded", "desc with \"quotes\" and ünïcode", Status.PAUSED, "salt/with~chars",
        new Route("/v1/", "Example.COM:8080"), UnitSpec.cookie("sid", UnitFallback.REJECT), List.of(a, b), "b", 0.125,
        List.of(new MetricSpec("score", MetricType.CONTINUOUS, Direction.DECREASE, MetricSource.JUDGMENT, null, -1.5, null, 0.5),
            MetricSpec.proxy("ttfb", ProxyField.TTFB_MS, Direction.DECREASE)),
        new AnalysisSpec(0.01, Mode.SEQUENTIAL, Correction.BH, 1234.5, 0.0001, 7, 0.1, 0.9, 0.02),
        List.of(SegmentDimension.inputLength("toks", SegmentDimension.PROMPT_TOKENS, List.of(1.0, 2.0, 100.0)),
            new SegmentDimension("tc", SegmentSource.RESPONSE, SegmentDimension.TOOL_CALLS, List.of(), 5)));
    assertThat(reparse(e)).isEqualTo(e);
  }

  @Test
  void writes_defaults_explicitly_and_leaves_out_unset_optionals() {
    Experiment e = Fixtures.withWeights("canon", 1.0, 50, 50);
    ObjectNode node = ExperimentJson.toNode(e);
    // Every field but the optional monitor and rollout, which are left out when unset.
    assertThat(node.fieldNames()).toIterable().containsExactlyElementsOf(
        ExperimentParser.TOP_LEVEL_FIELDS.stream().filter(f -> !f.equals("monitor") && !f.equals("rollout")).toList());
    assertThat(node.path("salt").textValue()).isEqualTo("canon");
    assertThat(node.path("route").has("host")).isFalse();
    assertThat(node.at("/variants/0/weight").isIntegralNumber()).isTrue();
    assertThat(node.at("/variants/0/timeoutMillis").longValue()).isEqualTo(60_000);
    assertThat(node.at("/metrics/0").has("field")).isFalse();
    assertThat(node.at("/metrics/0").has("min")).isFalse();
    assertThat(node.at("/analysis/correction").textValue()).isEqualTo("holm");
    assertThat(node.at("/unit/pointer").textValue()).isEqualTo("/user");
    assertThat(node.at("/unit").has("name")).isFalse();
  }

  @Test
  void serializes_enums_in_their_json_spelling() {
    Experiment e = Fixtures.fullExperiment();
    ObjectNode node = ExperimentJson.toNode(e);
    assertThat(node.at("/status").textValue()).isEqualTo("running");
    assertThat(node.at("/metrics/2/field").textValue()).isEqualTo("latencyMs");
    assertThat(node.at("/segments/3/source").textValue()).isEqualTo("inputLength");
  }

  @Test
  void canonical_text_is_stable_under_reparsing() {
    String once = ExperimentJson.toJson(Fixtures.fullExperiment());
    String twice = ExperimentJson.toJson(reparse(Fixtures.fullExperiment()));
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void metadata_survives_as_plain_java_values() {
    Map<String, Object> meta = reparse(Fixtures.fullExperiment()).controlVariant().metadata();
    assertThat(meta).containsEntry("prompt", "v1").containsEntry("temperature", 0.2);
  }

  private static Experiment reparse(Experiment e) {
    ParseResult r = ExperimentParser.parse(ExperimentJson.toJson(e));
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) r).experiment();
  }
}
