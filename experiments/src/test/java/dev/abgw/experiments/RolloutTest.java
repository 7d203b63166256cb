package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RolloutTest {

  private static final String HEAD = """
      {"id": "ramp", "status": "running", "route": {"pathPrefix": "/v1"}, "unit": {"source": "header", "name": "X-User"},
       "variants": [{"name": "a", "upstream": "http://a.example", "weight": 1},
                    {"name": "b", "upstream": "http://b.example", "weight": 1}],
       "control": "a", "metrics": [{"name": "ok", "type": "binary", "direction": "increase"}]%s}
      """;

  private static final String STAGES = ", \"monitor\": {\"intervalSeconds\": 5},"
      + " \"rollout\": {\"stages\": [{\"allocation\": 0.01, \"minUnits\": 500, \"minMinutes\": 60},"
      + " {\"allocation\": 0.05, \"minUnits\": 2000, \"minMinutes\": 60},"
      + " {\"allocation\": 0.25}, {\"allocation\": 0.5}]}";

  private static ParseResult parse(String extra) {
    return ExperimentParser.parse(HEAD.formatted(extra));
  }

  @Test
  void reads_the_stages_starts_at_the_first_and_round_trips() {
    Experiment e = ((ParseResult.Valid) parse(STAGES)).experiment();
    assertThat(e.rollout().stages()).containsExactly(new RolloutStage(0.01, 500, 60), new RolloutStage(0.05, 2000, 60),
        new RolloutStage(0.25, 0, 0), new RolloutStage(0.5, 0, 0));
    assertThat(e.allocation()).isEqualTo(0.01);
    assertThat(((ParseResult.Valid) ExperimentParser.parse(ExperimentJson.toNode(e))).experiment()).isEqualTo(e);
  }

  @Test
  void refuses_shrinking_stages_a_missing_monitor_and_a_second_allocation() {
    ParseResult r = parse(", \"allocation\": 0.5, \"rollout\": {\"stages\": [{\"allocation\": 0.2, \"minUnits\": -1},"
        + " {\"allocation\": 0.1, \"minMinutes\": -2}, {\"allocation\": 1.5}, {\"share\": 1}]}");
    assertThat(((ParseResult.Invalid) r).errors()).extracting(ValidationError::message).containsExactly(
        "/rollout/stages/0/minUnits must be >= 0 (was -1)",
        "/rollout/stages/1/allocation must be larger than the previous stage's 0.2, stages only grow (was 0.1)",
        "/rollout/stages/1/minMinutes must be >= 0 (was -2)",
        "/rollout/stages/2/allocation must be > 0 and <= 1 (was 1.5)",
        "/rollout/stages/3/allocation is required",
        "/rollout/stages/3/share is not a known field (known: allocation, minUnits, minMinutes)",
        "/rollout needs \"monitor\": stages advance only while the monitor sees the guardrails hold",
        "/allocation is set by rollout.stages (the first stage's allocation); remove it");
  }

  @Test
  void advances_only_after_its_units_and_minutes_and_only_while_guardrails_hold() {
    RolloutSpec rollout = ((ParseResult.Valid) parse(STAGES)).experiment().rollout();
    long hour = 3_600_000;
    assertThat(RolloutRule.next(rollout, 0, 499, hour, true)).isZero();
    assertThat(RolloutRule.next(rollout, 0, 500, hour - 1, true)).isZero();
    assertThat(RolloutRule.next(rollout, 0, 500, hour, false)).as("a guardrail does not hold").isZero();
    assertThat(RolloutRule.next(rollout, 0, 500, hour, true)).isEqualTo(1);
    assertThat(RolloutRule.next(rollout, 2, 0, 0, true)).isEqualTo(3);
    assertThat(RolloutRule.next(rollout, 3, 1_000_000, 100 * hour, true)).as("the last stage stays").isEqualTo(3);
  }

  @Test
  void a_unit_admitted_at_one_stage_keeps_its_arm_at_every_later_stage() {
    Experiment e = ((ParseResult.Valid) parse(STAGES)).experiment();
    for (int i = 0; i < 20_000; i++) {
      String unit = "user-" + i;
      Assignment first = null;
      for (RolloutStage stage : e.rollout().stages()) {
        Assignment a = Assigner.assign(e.withAllocation(stage.allocation()), unit);
        if (first == null && a.counted()) {
          first = a;
        } else if (first != null) {
          assertThat(a.counted()).as(unit + " stays in").isTrue();
          assertThat(a.variant()).as(unit + " keeps its arm").isEqualTo(first.variant());
        }
      }
    }
  }
}
