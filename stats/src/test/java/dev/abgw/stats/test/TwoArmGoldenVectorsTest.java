package dev.abgw.stats.test;

import static dev.abgw.stats.test.GoldenVectors.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abgw.stats.MeanStats;
import dev.abgw.stats.ProportionStats;
import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TwoArmGoldenVectorsTest {

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : GoldenVectors.load("two-arm-tests.json").get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    assertThat(out).hasSize(20);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches_golden_absolute_relative_sequential_and_bayesian_values(String name, JsonNode c) {
    String kind = c.get("kind").asText();
    double alpha = c.get("alpha").asDouble();
    double tuning = c.get("sequentialTuning").asDouble();
    ArmEstimate control = arm(kind, c.get("control"));
    ArmEstimate treatment = arm(kind, c.get("treatment"));
    JsonNode expected = c.get("expected");

    TwoArmResult result = WelchTest.compare(control, treatment, alpha);
    assertThat(result.reason()).isEmpty();
    TestResult absolute = result.absolute().orElseThrow();
    TestResult relative = result.relative().orElseThrow();
    assertTest(name + " absolute", absolute, expected.get("absolute"));
    assertTest(name + " relative", relative, expected.get("relative"));

    long totalUnits = control.n() + treatment.n();
    assertSequential(name + " sequential_absolute",
        ConfidenceSequence.of(absolute, totalUnits, alpha, tuning),
        expected.get("sequential_absolute"));
    assertSequential(name + " sequential_relative",
        ConfidenceSequence.of(relative, totalUnits, alpha, tuning),
        expected.get("sequential_relative"));

    JsonNode bayes = expected.get("bayesian_relative_prior_sd_0_3");
    BayesianResult posterior = BayesianLift.posterior(relative, 0.3, alpha, true);
    assertClose(name + " bayes chanceToWin", posterior.chanceToWin(),
        bayes.get("chanceToWin").asDouble());
    assertClose(name + " bayes mean", posterior.mean(), bayes.get("mean").asDouble());
    assertClose(name + " bayes ci low", posterior.low(), bayes.get("ci").get(0).asDouble());
    assertClose(name + " bayes ci high", posterior.high(), bayes.get("ci").get(1).asDouble());
    // A metric to decrease wins exactly when the lift is negative.
    BayesianResult decrease = BayesianLift.posterior(relative, 0.3, alpha, false);
    assertClose(name + " bayes decrease chanceToWin", decrease.chanceToWin(),
        1 - bayes.get("chanceToWin").asDouble());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mean_and_proportion_vectors_give_the_same_answer_through_ratio_stats(
      String name, JsonNode c) {
    String kind = c.get("kind").asText();
    if (kind.equals("ratio")) {
      return;
    }
    double alpha = c.get("alpha").asDouble();
    RatioStats control = asOneRequestPerUnit(kind, c.get("control"));
    RatioStats treatment = asOneRequestPerUnit(kind, c.get("treatment"));
    ArmEstimate ec = kind.equals("proportion") ? ArmEstimate.ofBinary(control)
        : ArmEstimate.of(control);
    ArmEstimate et = kind.equals("proportion") ? ArmEstimate.ofBinary(treatment)
        : ArmEstimate.of(treatment);
    TwoArmResult result = WelchTest.compare(ec, et, alpha);
    assertTest(name + " absolute via ratio", result.absolute().orElseThrow(),
        c.get("expected").get("absolute"));
    assertTest(name + " relative via ratio", result.relative().orElseThrow(),
        c.get("expected").get("relative"));
  }

  private static RatioStats asOneRequestPerUnit(String kind, JsonNode arm) {
    long n = arm.get("n").asLong();
    if (kind.equals("proportion")) {
      double s = arm.get("successes").asDouble();
      // 0/1 values: sum of squares equals the sum.
      return RatioStats.of(n, s, s, n, n, s);
    }
    double sum = arm.get("sum").asDouble();
    return RatioStats.of(n, sum, arm.get("sumSquares").asDouble(), n, n, sum);
  }

  static ArmEstimate arm(String kind, JsonNode a) {
    return switch (kind) {
      case "mean" -> ArmEstimate.of(MeanStats.of(
          a.get("n").asLong(), a.get("sum").asDouble(), a.get("sumSquares").asDouble()));
      case "proportion" -> ArmEstimate.of(
          ProportionStats.of(a.get("n").asLong(), a.get("successes").asLong()));
      case "ratio" -> ArmEstimate.of(RatioStats.of(a.get("units").asLong(),
          a.get("numeratorSum").asDouble(), a.get("numeratorSumSquares").asDouble(),
          a.get("denominatorSum").asDouble(), a.get("denominatorSumSquares").asDouble(),
          a.get("crossSum").asDouble()));
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private static void assertTest(String what, TestResult actual, JsonNode expected) {
    assertClose(what + " effect", actual.effect(), expected.get("effect").asDouble());
    assertClose(what + " se", actual.se(), expected.get("se").asDouble());
    assertClose(what + " dof", actual.dof(), expected.get("dof").asDouble());
    assertClose(what + " ci low", actual.low(), expected.get("ci").get(0).asDouble());
    assertClose(what + " ci high", actual.high(), expected.get("ci").get(1).asDouble());
    assertClose(what + " pValue", actual.pValue(), expected.get("pValue").asDouble());
  }

  private static void assertSequential(String what, SequentialResult actual, JsonNode expected) {
    assertClose(what + " ci low", actual.low(), expected.get("ci").get(0).asDouble());
    assertClose(what + " ci high", actual.high(), expected.get("ci").get(1).asDouble());
    assertClose(what + " pValue", actual.pValue(), expected.get("pValue").asDouble());
  }
}
