package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import static dev.abgw.stats.report.Samples.continuous;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RollbackRuleTest {

  private static ReportInput threeArms(long units, long bUnits, double bLatency, double cLatency) {
    SplittableRandom r = new SplittableRandom(1);
    List<ArmInput> arms = List.of(ArmInput.of("control", 1, units, units), ArmInput.of("b", 1, bUnits, bUnits),
        ArmInput.of("c", 1, units, units));
    MetricInput latency = MetricInput.of("latency", MetricKind.CONTINUOUS, Direction.DECREASE, Map.of(
        "control", continuous(r, (int) units, 800, 100), "b", continuous(r, (int) bUnits, bLatency, 100),
        "c", continuous(r, (int) units, cLatency, 100))).withRole(Role.GUARDRAIL, GuardrailMargin.relative(0.1));
    MetricInput goal = MetricInput.of("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE, Map.of(
        "control", continuous(r, (int) units, 3, 1), "b", continuous(r, (int) bUnits, 3, 1),
        "c", continuous(r, (int) units, 3, 1))).withRole(Role.GOAL, null);
    return ReportInput.of("e", "control", AnalysisConfig.defaults(), arms, List.of(goal, latency));
  }

  @Test
  void stops_only_the_treatment_whose_guardrail_is_breached_with_the_evidence() {
    RollbackRule.Verdict v = RollbackRule.evaluate(threeArms(2000, 2000, 800, 1200), Set.of());
    assertThat(v.stops()).singleElement().satisfies(s -> {
      assertThat(s.variant()).isEqualTo("c");
      assertThat(s.cause()).isEqualTo(RollbackRule.Cause.GUARDRAIL_BREACH);
      assertThat(s.guardrail().metric()).isEqualTo("latency");
      assertThat(s.guardrail().alwaysValid()).isTrue();
      assertThat(s.guardrail().breachBound()).isGreaterThan(0.1);
      assertThat(s.guardrail().effect()).isBetween(0.45, 0.55);
    });
    assertThat(v.guardrails()).hasSize(2);
  }

  @Test
  void a_stopped_treatment_leaves_the_check() {
    RollbackRule.Verdict v = RollbackRule.evaluate(threeArms(2000, 2000, 800, 1200), Set.of("c"));
    assertThat(v.rollback()).isFalse();
    assertThat(v.guardrails()).extracting(GuardrailResult::variant).containsExactly("b");
    assertThat(v.srm().observed()).containsOnlyKeys("control", "b");
  }

  @Test
  void a_sample_ratio_mismatch_stops_the_arm_furthest_from_its_weight() {
    RollbackRule.Verdict v = RollbackRule.evaluate(threeArms(2000, 1500, 800, 800), Set.of());
    assertThat(v.stops()).singleElement().satisfies(s -> {
      assertThat(s.variant()).isEqualTo("b");
      assertThat(s.cause()).isEqualTo(RollbackRule.Cause.SAMPLE_RATIO_MISMATCH);
      assertThat(s.srm().pValue()).isLessThan(0.001);
    });
  }

  @Test
  void decides_nothing_below_the_minimum_units_per_arm() {
    RollbackRule.Verdict v = RollbackRule.evaluate(threeArms(RollbackRule.MIN_UNITS_PER_ARM - 1,
        RollbackRule.MIN_UNITS_PER_ARM - 1, 800, 3000), Set.of());
    assertThat(v.enoughUnits()).isFalse();
    assertThat(v.rollback()).isFalse();
  }

  @Test
  void a_stopped_treatment_leaves_the_reports_sample_ratio_check_but_keeps_its_results() {
    // After a rollback control keeps receiving units and b does not: not a mismatch of the live arms.
    ReportInput in = threeArms(2000, 600, 800, 800);
    assertThat(ReportBuilder.build(in, Samples.CLOCK).report().srm().mismatch()).isTrue();
    Report report = ReportBuilder.build(in.withStopped(Set.of("b")), Samples.CLOCK).report();
    assertThat(report.srm().mismatch()).isFalse();
    assertThat(report.srm().observed()).containsOnlyKeys("control", "c");
    assertThat(report.metrics().get(1).variants()).extracting(VariantResult::variant).contains("b");
    assertThat(report.decision().action()).isNotEqualTo(Action.INVALID);
  }
}
