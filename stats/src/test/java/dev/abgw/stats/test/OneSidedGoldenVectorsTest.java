package dev.abgw.stats.test;

import static dev.abgw.stats.test.GoldenVectors.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One-sided and non-inferiority tests against gbstats' {@code OneSidedTreatment{Greater,Lesser}TTest}
 * and {@code SequentialOneSidedTreatment{Greater,Lesser}TTest} (one-sided-tests.json): every case,
 * absolute and relative, both sides, at test value 0 and at a 5% margin.
 */
class OneSidedGoldenVectorsTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GoldenVectors.load("one-sided-tests.json").get("cases")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = c.get("expected").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(Arguments.of(c.get("name").asText() + " " + e.getKey(), c, e.getKey(), e.getValue()));
      }
    }
    assertThat(out).hasSize(16 * 8);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches_fixed_and_sequential_one_sided_values(String name, JsonNode c, String key, JsonNode expected) {
    ArmEstimate control = TwoArmGoldenVectorsTest.arm(c.get("kind").asText(), c.get("control"));
    ArmEstimate treatment = TwoArmGoldenVectorsTest.arm(c.get("kind").asText(), c.get("treatment"));
    double alpha = c.get("alpha").asDouble();
    TwoArmResult welch = WelchTest.compare(control, treatment, alpha);
    TestResult twoSided = (key.startsWith("relative") ? welch.relative() : welch.absolute()).orElseThrow();
    Side side = key.contains("_greater_") ? Side.GREATER : Side.LESSER;
    double testValue = expected.get("testValue").asDouble();

    OneSidedResult fixed = NonInferiorityTest.fixed(twoSided, side, testValue, alpha);
    assertClose(name + " effect", fixed.effect(), expected.get("effect").asDouble());
    assertClose(name + " se", fixed.se(), expected.get("se").asDouble());
    assertClose(name + " dof", fixed.dof(), expected.get("dof").asDouble());
    assertClose(name + " bound", fixed.bound(), expected.get("bound").asDouble());
    assertClose(name + " pValue", fixed.pValue(), expected.get("pValue").asDouble());
    assertThat(fixed.rejects()).as(name + " rejects iff p < alpha").isEqualTo(fixed.pValue() < alpha);

    OneSidedResult sequential = NonInferiorityTest.sequential(twoSided, side, testValue,
        control.n() + treatment.n(), alpha, c.get("sequentialTuning").asDouble());
    assertClose(name + " sequentialBound", sequential.bound(), expected.get("sequentialBound").asDouble());
    assertThat(sequential.rejects()).as(name + " sequential rejects iff its p < alpha")
        .isEqualTo(sequential.pValue() < alpha);
    // The always-valid bound is always wider than the fixed one.
    assertThat(Math.abs(sequential.bound() - sequential.effect()))
        .isGreaterThan(Math.abs(fixed.bound() - fixed.effect()));
  }
}
