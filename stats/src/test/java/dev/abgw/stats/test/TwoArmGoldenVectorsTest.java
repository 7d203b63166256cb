package dev.abgw.stats.test;

import static dev.abgw.stats.test.GoldenVectors.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abgw.stats.MeanStats;
import dev.abgw.stats.ProportionStats;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.report.AnalysisConfig;
import dev.abgw.stats.report.ArmInput;
import dev.abgw.stats.report.Comparison;
import dev.abgw.experiments.Correction;
import dev.abgw.experiments.Direction;
import dev.abgw.stats.report.MetricInput;
import dev.abgw.stats.report.MetricKind;
import dev.abgw.experiments.Mode;
import dev.abgw.stats.report.ReportBuilder;
import dev.abgw.stats.report.ReportInput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TwoArmGoldenVectorsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

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

  /**
   * Every case, ratio included, through the path the report takes: sufficient statistics as
   * {@link RatioStats} (mean and proportion vectors as one request per unit), a {@link ReportBuilder}
   * run in fixed and in sequential mode, and the comparison it reports. For the ratio cases this is the
   * clustered delta method behind the report's {@code MetricKind.CONTINUOUS}; for proportions the
   * binary kind, which must fall back to {@code p (1 - p)}.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void every_vector_gives_the_same_answer_through_the_report(String name, JsonNode c) {
    String kind = c.get("kind").asText();
    double alpha = c.get("alpha").asDouble();
    RatioStats control = asRatioStats(kind, c.get("control"));
    RatioStats treatment = asRatioStats(kind, c.get("treatment"));
    MetricKind metricKind = kind.equals("proportion") ? MetricKind.BINARY : MetricKind.CONTINUOUS;
    MetricInput metric = MetricInput.of("m", metricKind, Direction.INCREASE,
        Map.of("control", control, "treatment", treatment));
    List<ArmInput> arms = List.of(ArmInput.of("control", control.units(), control.units(), control.units()),
        ArmInput.of("treatment", treatment.units(), treatment.units(), treatment.units()));
    JsonNode expected = c.get("expected");
    for (Mode mode : Mode.values()) {
      AnalysisConfig config = new AnalysisConfig(alpha, mode, Correction.NONE,
          c.get("sequentialTuning").asDouble(), 0.001, 0.3, 100, 0.8, 0.05);
      Comparison comparison = ReportBuilder.build(
              ReportInput.of("golden", "control", config, arms, List.of(metric)), CLOCK)
          .report().metrics().get(0).variants().get(1).comparison();
      assertThat(comparison.reason()).as(name).isNull();
      assertTest(name + " " + mode + " absolute via report", comparison.absolute(), expected.get("absolute"));
      assertTest(name + " " + mode + " relative via report", comparison.relative(), expected.get("relative"));
      assertClose(name + " " + mode + " adjusted p (no correction)", comparison.adjustedPValue(),
          mode == Mode.SEQUENTIAL ? expected.get("sequential_absolute").get("pValue").asDouble()
              : expected.get("absolute").get("pValue").asDouble());
      if (mode == Mode.SEQUENTIAL) {
        assertSequential(name + " sequential absolute via report", comparison.sequential().absolute(),
            expected.get("sequential_absolute"));
        assertSequential(name + " sequential relative via report", comparison.sequential().relative(),
            expected.get("sequential_relative"));
      } else {
        assertThat(comparison.sequential()).as(name).isNull();
      }
    }
  }

  private static RatioStats asRatioStats(String kind, JsonNode arm) {
    if (kind.equals("ratio")) {
      return RatioStats.of(arm.get("units").asLong(), arm.get("numeratorSum").asDouble(),
          arm.get("numeratorSumSquares").asDouble(), arm.get("denominatorSum").asDouble(),
          arm.get("denominatorSumSquares").asDouble(), arm.get("crossSum").asDouble());
    }
    return asOneRequestPerUnit(kind, arm);
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
