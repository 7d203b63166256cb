package dev.abgw.stats.report;

import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.binary;
import static dev.abgw.stats.report.Samples.continuous;
import static dev.abgw.stats.report.Samples.input;
import static dev.abgw.stats.report.Samples.metric;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Correction;
import dev.abgw.experiments.Direction;
import dev.abgw.experiments.Mode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.quantile.QuantileAnalyzer;
import dev.abgw.stats.quantile.QuantileReport;
import dev.abgw.stats.quantile.ValueHistogram;
import dev.abgw.stats.quantile.ValueScale;
import dev.abgw.stats.test.Reason;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {

  private static final AnalysisConfig DEFAULTS = AnalysisConfig.defaults();

  private static Comparison treatment(Report report, String metric) {
    return report.metrics().stream().filter(m -> m.metric().equals(metric)).findFirst()
        .orElseThrow().variants().stream().filter(v -> !v.control()).findFirst().orElseThrow()
        .comparison();
  }

  @Test
  void ships_a_variant_better_on_helpfulness_with_no_metric_worse() {
    SplittableRandom r = new SplittableRandom(1);
    Report report = ReportBuilder.build(input(DEFAULTS, twoArms(2000, 2000),
        metric("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE,
            continuous(r, 2000, 3.0, 1.0), continuous(r, 2000, 3.3, 1.0)),
        metric("latency", MetricKind.CONTINUOUS, Direction.DECREASE,
            continuous(r, 2000, 800, 100), continuous(r, 2000, 800, 100))), CLOCK).report();
    assertThat(treatment(report, "helpfulness").verdict()).isEqualTo(Verdict.BETTER);
    assertThat(treatment(report, "latency").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(report.decision().action()).isEqualTo(Action.SHIP);
    assertThat(report.decision().reason())
        .isEqualTo("ship: treatment better on helpfulness, no metric worse");
    assertThat(report.generatedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void rolls_back_a_variant_worse_on_a_metric_to_decrease() {
    SplittableRandom r = new SplittableRandom(2);
    Report report = ReportBuilder.build(input(DEFAULTS, twoArms(2000, 2000),
        metric("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE,
            continuous(r, 2000, 3.0, 1.0), continuous(r, 2000, 3.0, 1.0)),
        metric("latency", MetricKind.CONTINUOUS, Direction.DECREASE,
            continuous(r, 2000, 800, 100), continuous(r, 2000, 900, 100))), CLOCK).report();
    assertThat(treatment(report, "latency").verdict()).isEqualTo(Verdict.WORSE);
    assertThat(treatment(report, "latency").bayesian().chanceToWin()).isLessThan(0.01);
    assertThat(report.decision().action()).isEqualTo(Action.ROLLBACK);
    assertThat(report.decision().reason()).isEqualTo("rollback: treatment worse on latency");
  }

  @Test
  void keeps_running_and_says_how_many_units_are_still_needed() {
    SplittableRandom r = new SplittableRandom(3);
    Report report = ReportBuilder.build(input(DEFAULTS, twoArms(200, 200),
        metric("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE,
            continuous(r, 200, 3.0, 1.0), continuous(r, 200, 3.0, 1.0))), CLOCK).report();
    long needed = treatment(report, "helpfulness").mde().unitsNeededPerArm().getAsLong();
    assertThat(needed).isGreaterThan(400);
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).isEqualTo("keep running: no significant difference "
        + "yet (need ~" + needed + " more units per arm for a 5% lift on helpfulness)");
  }

  @Test
  void sample_ratio_mismatch_invalidates_the_report_and_nothing_is_better() {
    SplittableRandom r = new SplittableRandom(4);
    Report report = ReportBuilder.build(input(DEFAULTS, twoArms(2000, 2400),
        metric("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE,
            continuous(r, 2000, 3.0, 1.0), continuous(r, 2400, 3.5, 1.0))), CLOCK).report();
    assertThat(report.srm().mismatch()).isTrue();
    assertThat(treatment(report, "helpfulness").adjustedPValue()).isLessThan(1e-6);
    assertThat(treatment(report, "helpfulness").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(report.decision().action()).isEqualTo(Action.INVALID);
    assertThat(report.decision().reason()).startsWith("invalid: sample ratio mismatch");
    assertThat(report.warnings()).anyMatch(w -> w.startsWith("sample ratio mismatch"));
  }

  @Test
  void degenerate_data_gives_reason_codes_and_json_without_nan() throws Exception {
    RatioStats zeros = RatioStats.of(50, 0, 0, 50, 50, 0);
    RatioStats some = RatioStats.of(50, 10, 10, 50, 50, 10);
    List<ArmInput> arms = List.of(ArmInput.of("control", 1, 50, 50),
        ArmInput.of("b", 1, 50, 50), ArmInput.of("c", 1, 1, 1), ArmInput.of("d", 1, 0, 0));
    MetricInput errors = new MetricInput("errors", MetricKind.BINARY, Direction.DECREASE,
        Map.of("control", zeros, "b", some, "c", RatioStats.ofUnit(1, 1),
            "d", RatioStats.empty()), List.of());
    MetricInput constant = new MetricInput("constant", MetricKind.CONTINUOUS, Direction.INCREASE,
        Map.of("control", RatioStats.of(50, 100, 200, 50, 50, 100),
            "b", RatioStats.of(50, 100, 200, 50, 50, 100)), List.of());
    AnalysisConfig noSrm = new AnalysisConfig(0.05, Mode.SEQUENTIAL, Correction.HOLM, 5000,
        1e-300, 0.3, 100, 0.8, 0.05);
    Report report = ReportBuilder.build(
        ReportInput.of("exp-degenerate", "control", noSrm, arms, List.of(errors, constant)),
        CLOCK).report();

    Map<String, Reason> errorsReasons = reasons(report, "errors");
    assertThat(errorsReasons).containsEntry("b", Reason.ZERO_CONTROL_MEAN)
        .containsEntry("c", Reason.NOT_ENOUGH_DATA).containsEntry("d", Reason.EMPTY_ARM);
    assertThat(reasons(report, "constant")).containsEntry("b", Reason.ZERO_VARIANCE)
        .containsEntry("c", Reason.MISSING_VARIANT).containsEntry("d", Reason.MISSING_VARIANT);
    Comparison zeroMean = treatment(report, "errors");
    assertThat(zeroMean.absolute()).isNotNull();
    assertThat(zeroMean.relative()).isNull();
    assertThat(zeroMean.bayesian()).isNull();

    String json = ReportJson.toJson(report);
    assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode node = new ObjectMapper().readTree(json);
    JsonNode b = node.get("metrics").get(0).get("variants").get(1);
    assertThat(b.get("reason").asText()).isEqualTo("ZERO_CONTROL_MEAN");
    assertThat(b.get("relative").isNull()).isTrue();
    assertThat(b.get("mde").get("relative").isNull()).isTrue();
    assertThat(node.get("metrics").get(0).get("variants").get(3).get("mean").isNull()).isTrue();
  }

  @Test
  void with_several_treatments_the_decision_names_the_variant() {
    SplittableRandom r = new SplittableRandom(5);
    List<ArmInput> arms = List.of(ArmInput.of("a", 1, 2000, 2000),
        ArmInput.of("b", 1, 2000, 2000), ArmInput.of("c", 1, 2000, 2000));
    MetricInput helpfulness = MetricInput.of("helpfulness", MetricKind.BINARY, Direction.INCREASE,
        Map.of("a", binary(r, 2000, 0.30), "b", binary(r, 2000, 0.30),
            "c", binary(r, 2000, 0.40)));
    Report report = ReportBuilder.build(
        ReportInput.of("exp-3", "a", DEFAULTS, arms, List.of(helpfulness)), CLOCK).report();
    assertThat(report.decision().action()).isEqualTo(Action.SHIP);
    assertThat(report.decision().variant()).isEqualTo("c");
    assertThat(report.decision().reason()).isEqualTo("ship: c better on helpfulness, no metric worse");
  }

  @Test
  void sequential_mode_reports_running_intersection_and_running_minimum() {
    AnalysisConfig sequential = DEFAULTS.withMode(Mode.SEQUENTIAL);
    SplittableRandom r = new SplittableRandom(6);
    RatioStats c = RatioStats.empty();
    RatioStats t = RatioStats.empty();
    SequentialState state = SequentialState.empty();
    dev.abgw.stats.test.SequentialResult previous = null;
    for (int look = 1; look <= 5; look++) {
      c = c.plus(continuous(r, 300, 3.0, 1.0));
      t = t.plus(continuous(r, 300, 3.05, 1.0));
      ReportInput in = input(sequential, twoArms(c.units(), t.units()),
          metric("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE, c, t))
          .withPrevious(SequentialState.fromJson(state.toJson()));
      ReportResult result = ReportBuilder.build(in, CLOCK);
      state = result.next();
      Comparison comparison = treatment(result.report(), "helpfulness");
      dev.abgw.stats.test.SequentialResult running = comparison.sequential().absolute();
      // The running interval lies inside this look's confidence sequence, which is wider than
      // the fixed-horizon interval.
      dev.abgw.stats.test.SequentialResult atLook = dev.abgw.stats.test.ConfidenceSequence.of(
          comparison.absolute(), c.units() + t.units(), 0.05, 5000);
      assertThat(running.low()).isGreaterThanOrEqualTo(atLook.low());
      assertThat(running.high()).isLessThanOrEqualTo(atLook.high());
      assertThat(atLook.low()).isLessThan(comparison.absolute().low());
      assertThat(atLook.high()).isGreaterThan(comparison.absolute().high());
      if (previous != null) {
        assertThat(running.low()).isGreaterThanOrEqualTo(previous.low());
        assertThat(running.high()).isLessThanOrEqualTo(previous.high());
        assertThat(running.pValue()).isLessThanOrEqualTo(previous.pValue());
      }
      previous = running;
      assertThat(state.find("helpfulness", "treatment").orElseThrow().absolute().looks())
          .isEqualTo(look);
    }
    assertThat(SequentialState.fromJson(state.toJson())).isEqualTo(state);
  }

  @Test
  void quantiles_are_written_under_the_metric_and_each_segment_that_has_them() {
    SplittableRandom r = new SplittableRandom(7);
    Report report = ReportBuilder.build(input(DEFAULTS, twoArms(500, 500),
        metric("latency", MetricKind.CONTINUOUS, Direction.DECREASE,
            continuous(r, 500, 800, 100), continuous(r, 500, 800, 100))), CLOCK).report();
    Map<String, ValueHistogram> tails = Map.of(
        "control", ValueHistogram.of(ValueScale.latencyMillis(), 10, 12, 15, 40),
        "treatment", ValueHistogram.of(ValueScale.latencyMillis(), 11, 13, 16, 45));
    QuantileReport q = QuantileAnalyzer.analyze(tails, "control", 0.05);
    Report withQuantiles = report.withMetric(report.metrics().get(0).withQuantiles(q, (d, s) -> null));
    JsonNode metric = ReportJson.toNode(withQuantiles).get("metrics").get(0);
    assertThat(metric.get("quantiles").get("control").asText()).isEqualTo("control");
    assertThat(metric.get("variants")).hasSize(2);
    assertThat(ReportJson.toNode(report).get("metrics").get(0).has("quantiles")).isFalse();
  }

  private static Map<String, Reason> reasons(Report report, String metric) {
    java.util.Map<String, Reason> out = new java.util.HashMap<>();
    report.metrics().stream().filter(m -> m.metric().equals(metric)).findFirst().orElseThrow()
        .variants().stream().filter(v -> !v.control())
        .forEach(v -> out.put(v.variant(), v.comparison().reason()));
    return out;
  }
}
