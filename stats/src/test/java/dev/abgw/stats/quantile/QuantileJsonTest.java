package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuantileJsonTest {

  private static ValueHistogram oneTo(int n) {
    return ValueHistogram.of(ValueScale.counts(), IntStream.rangeClosed(1, n).asDoubleStream().toArray());
  }

  @Test
  void writes_each_quantile_with_its_interval_and_each_treatment_with_its_difference() {
    ObjectNode json = QuantileJson.toNode(QuantileAnalyzer.analyze(
        Map.of("a", oneTo(100), "b", ValueHistogram.of(ValueScale.counts(),
            IntStream.rangeClosed(11, 110).asDoubleStream().toArray())), "a", 0.05, List.of(0.5)));

    assertThat(json.get("control").asText()).isEqualTo("a");
    // Request-level intervals (not valid under unit clustering): said in the report, never decisive.
    assertThat(json.get("level").asText()).isEqualTo("request");
    assertThat(json.get("decisive").asBoolean()).isFalse();
    assertThat(json.get("quantiles").toString()).isEqualTo("[0.5]");
    JsonNode control = json.get("variants").get(0);
    assertThat(control.get("variant").asText()).isEqualTo("a");
    assertThat(control.get("count").asLong()).isEqualTo(100);
    JsonNode median = control.get("values").get(0);
    assertThat(median.get("q").asDouble()).isEqualTo(0.5);
    assertThat(median.get("value").asDouble()).isEqualTo(50);
    assertThat(median.get("ci").toString()).isEqualTo("[40.0,60.0]");
    assertThat(median.get("reason").isNull()).isTrue();
    assertThat(median.has("difference")).isFalse();

    JsonNode difference = json.get("variants").get(1).get("values").get(0).get("difference");
    assertThat(difference.get("effect").asDouble()).isEqualTo(10);
    assertThat(difference.get("relative").asDouble()).isEqualTo(0.2);
    assertThat(difference.get("ci").size()).isEqualTo(2);
    assertThat(difference.get("pValue").asDouble()).isBetween(0.0, 1.0);
    assertThat(difference.get("reason").isNull()).isTrue();
  }

  @Test
  void never_writes_nan_or_infinity_even_for_empty_tiny_and_tied_arms() {
    ValueHistogram ties = ValueHistogram.empty(ValueScale.scores());
    ties.recordWithCount(0, 2_000);
    ValueHistogram otherTies = ValueHistogram.empty(ValueScale.scores());
    otherTies.recordWithCount(0, 1_000);
    otherTies.recordWithCount(5, 1_000);
    ValueHistogram fives = ValueHistogram.empty(ValueScale.scores());
    fives.recordWithCount(5, 2_000);
    ObjectNode json = QuantileJson.toNode(QuantileAnalyzer.analyze(Map.of(
        "control", ties, "tiny", oneTo(3), "empty", ValueHistogram.empty(ValueScale.scores()),
        "split", otherTies, "fives", fives), "control", 0.05));

    List<JsonNode> numbers = new ArrayList<>();
    collectNumbers(json, numbers);
    assertThat(numbers).isNotEmpty().allSatisfy(n -> assertThat(Double.isFinite(n.asDouble())).isTrue());
    assertThat(QuantileJson.toJson(QuantileAnalyzer.analyze(Map.of("control", ties, "empty",
        ValueHistogram.empty(ValueScale.scores())), "control", 0.05))).doesNotContain("NaN", "Infinity");

    JsonNode empty = variant(json, "empty").get("values").get(0);
    assertThat(empty.get("value").isNull()).isTrue();
    assertThat(empty.get("ci").isNull()).isTrue();
    assertThat(empty.get("reason").asText()).isEqualTo("EMPTY");
    assertThat(empty.get("difference").get("reason").asText()).isEqualTo("EMPTY_ARM");
    assertThat(variant(json, "tiny").get("values").get(3).get("reason").asText()).isEqualTo("NOT_ENOUGH_DATA");
    JsonNode fivesMedian = variant(json, "fives").get("values").get(0).get("difference");
    assertThat(fivesMedian.get("reason").asText()).isEqualTo("ZERO_STANDARD_ERROR");
    assertThat(fivesMedian.get("effect").asDouble()).isEqualTo(5);
    assertThat(fivesMedian.get("pValue").isNull()).isTrue();
    assertThat(fivesMedian.get("relative").isNull()).isTrue();
    // control median 0, split median 0 with a non-degenerate interval [0, 5]: tested, but no relative difference
    JsonNode splitMedian = variant(json, "split").get("values").get(0).get("difference");
    assertThat(splitMedian.get("reason").asText()).isEqualTo("ZERO_CONTROL_VALUE");
    assertThat(splitMedian.get("relative").isNull()).isTrue();
    assertThat(splitMedian.get("pValue").isNumber()).isTrue();
  }

  @Test
  void serializes_to_a_string_that_parses_back_to_the_same_tree() throws Exception {
    QuantileReport report = QuantileAnalyzer.analyze(Map.of("a", oneTo(1_000), "b", oneTo(900)), "a", 0.05);
    JsonNode parsed = new ObjectMapper().readTree(QuantileJson.toJson(report));
    // parsing reads small longs back as ints: compare numbers by value
    Comparator<JsonNode> sameValue = (a, b) -> a.equals(b)
        || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;
    assertThat(parsed.equals(sameValue, QuantileJson.toNode(report))).isTrue();
    assertThat(parsed.get("variants").get(1).get("values").get(3).get("difference").get("pValue").isNumber()).isTrue();
  }

  private static JsonNode variant(JsonNode json, String name) {
    for (JsonNode v : json.get("variants")) {
      if (v.get("variant").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variant " + name + " in " + json);
  }

  private static void collectNumbers(JsonNode node, List<JsonNode> out) {
    if (node.isNumber()) {
      out.add(node);
    }
    node.forEach(child -> collectNumbers(child, out));
  }
}
