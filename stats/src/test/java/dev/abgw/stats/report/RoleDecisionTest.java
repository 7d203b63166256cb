package dev.abgw.stats.report;

import dev.abgw.experiments.Mode;
import dev.abgw.experiments.Direction;
import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.binary;
import static dev.abgw.stats.report.Samples.continuous;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The decision from metric roles: each branch, and a sentence that names every finding. */
class RoleDecisionTest {

  private static MetricInput metric(String name, Direction direction, RatioStats c, RatioStats t) {
    return MetricInput.of(name, MetricKind.CONTINUOUS, direction, Map.of("control", c, "treatment", t));
  }

  private static MetricInput goal(MetricInput m) {
    return m.withRole(Role.GOAL, null);
  }

  private static MetricInput guardrail(MetricInput m, GuardrailMargin margin) {
    return m.withRole(Role.GUARDRAIL, margin);
  }

  private static Report build(AnalysisConfig config, long units, MetricInput... metrics) {
    return ReportBuilder.build(ReportInput.of("exp-roles", "control", config,
        twoArms(units, units), List.of(metrics)), CLOCK).report();
  }

  @Test
  void a_better_goal_with_a_guardrail_worse_within_its_margin_ships_where_all_metrics_would_roll_back() {
    SplittableRandom r = new SplittableRandom(3);
    MetricInput helpful = metric("helpfulness", Direction.INCREASE, continuous(r, 4000, 3.0, 0.8),
        continuous(r, 4000, 3.18, 0.8));
    MetricInput tokens = metric("totaltokens", Direction.DECREASE, continuous(r, 4000, 1000, 100),
        continuous(r, 4000, 1070, 100));

    Report plain = build(AnalysisConfig.defaults(), 4000, helpful, tokens);
    assertThat(plain.decision().action()).isEqualTo(Action.ROLLBACK);
    assertThat(plain.decision().rule()).isEqualTo(Decision.Rule.ALL_METRICS);
    assertThat(plain.guardrails()).isEmpty();

    Report roles = build(AnalysisConfig.defaults(), 4000, goal(helpful),
        guardrail(tokens, GuardrailMargin.relative(0.10)));
    assertThat(roles.decision().action()).isEqualTo(Action.SHIP);
    assertThat(roles.decision().variant()).isEqualTo("treatment");
    assertThat(roles.decision().rule()).isEqualTo(Decision.Rule.ROLES);
    assertThat(roles.decision().reason()).isEqualTo("ship: treatment better on helpfulness, no goal worse,"
        + " every guardrail within its margin (totaltokens); also treatment worse on totaltokens (guardrail)");
    GuardrailResult g = roles.guardrails().get(0);
    assertThat(g.status()).isEqualTo(GuardrailStatus.NON_INFERIOR);
    assertThat(g.effect()).isBetween(0.06, 0.08);
    assertThat(g.safeBound()).isLessThan(0.10).isGreaterThan(g.effect());
    assertThat(g.breachBound()).isLessThan(g.effect());
    assertThat(g.alwaysValid()).isFalse();

    ObjectNode json = ReportJson.toNode(roles);
    assertThat(json.at("/decision/rule").asText()).isEqualTo("roles");
    assertThat(json.at("/metrics/0/role").asText()).isEqualTo("goal");
    assertThat(json.at("/metrics/1/role").asText()).isEqualTo("guardrail");
    assertThat(json.at("/guardrails/0/status").asText()).isEqualTo("non-inferior");
    assertThat(json.at("/guardrails/0/margin/relative").asDouble()).isEqualTo(0.10);
    assertThat(ReportJson.toNode(plain).at("/decision/rule").asText()).isEqualTo("all-metrics");
    com.fasterxml.jackson.databind.JsonNode schema;
    try {
      schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new java.io.File("../docs/report.schema.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> errors = new ArrayList<>();
    ReportSchemaTest.validate(schema, schema, json, "", errors);
    assertThat(errors).as("a report with roles and guardrails conforms to the schema").isEmpty();
    assertThat(ReportJson.toNode(plain).at("/metrics/0").has("role")).isFalse();
  }

  @Test
  void a_guardrail_breached_beyond_its_margin_rolls_back_and_still_names_the_goal_win() {
    SplittableRandom r = new SplittableRandom(5);
    Report report = build(AnalysisConfig.defaults(), 3000,
        goal(metric("helpfulness", Direction.INCREASE, continuous(r, 3000, 3.0, 0.8), continuous(r, 3000, 3.2, 0.8))),
        guardrail(metric("latency", Direction.DECREASE, continuous(r, 3000, 800, 200), continuous(r, 3000, 1040, 200)),
            GuardrailMargin.relative(0.10)));
    assertThat(report.decision().action()).isEqualTo(Action.ROLLBACK);
    assertThat(report.decision().variant()).isEqualTo("treatment");
    assertThat(report.guardrails().get(0).status()).isEqualTo(GuardrailStatus.BREACHED);
    assertThat(report.guardrails().get(0).breachBound()).isGreaterThan(0.10);
    assertThat(report.decision().reason())
        .matches("rollback: treatment breached guardrail latency \\(\\+\\d+(\\.\\d+)?%, bound \\+\\d+(\\.\\d+)?% > margin"
            + " \\+10%\\); also treatment better on helpfulness; treatment worse on latency \\(guardrail\\)");
  }

  @Test
  void a_worse_goal_rolls_back_even_with_every_guardrail_safe() {
    SplittableRandom r = new SplittableRandom(7);
    Report report = build(AnalysisConfig.defaults(), 3000,
        goal(metric("helpfulness", Direction.INCREASE, continuous(r, 3000, 3.0, 0.8), continuous(r, 3000, 2.8, 0.8))),
        guardrail(metric("latency", Direction.DECREASE, continuous(r, 3000, 800, 50), continuous(r, 3000, 800, 50)),
            GuardrailMargin.relative(0.10)));
    assertThat(report.guardrails().get(0).status()).isEqualTo(GuardrailStatus.NON_INFERIOR);
    assertThat(report.decision().action()).isEqualTo(Action.ROLLBACK);
    assertThat(report.decision().reason()).isEqualTo("rollback: treatment worse on helpfulness");
  }

  @Test
  void keeps_running_while_a_guardrail_is_not_yet_shown_within_its_margin_and_says_which() {
    SplittableRandom r = new SplittableRandom(9);
    Report report = build(AnalysisConfig.defaults(), 300,
        goal(metric("helpfulness", Direction.INCREASE, continuous(r, 300, 3.0, 0.5), continuous(r, 300, 3.5, 0.5))),
        guardrail(metric("latency", Direction.DECREASE, continuous(r, 300, 800, 400), continuous(r, 300, 820, 400)),
            GuardrailMargin.relative(0.10)));
    GuardrailResult g = report.guardrails().get(0);
    assertThat(g.status()).isEqualTo(GuardrailStatus.NOT_YET_SHOWN);
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).matches("keep running: latency not yet shown within \\+10% for treatment"
        + " \\(300 units, bound \\+\\d+(\\.\\d+)?%\\); also treatment better on helpfulness");
  }

  @Test
  void keeps_running_without_a_better_goal_and_lists_unsafe_guardrails_too() {
    SplittableRandom r = new SplittableRandom(11);
    Report report = build(AnalysisConfig.defaults(), 200,
        goal(metric("helpfulness", Direction.INCREASE, continuous(r, 200, 3.0, 1), continuous(r, 200, 3.0, 1))),
        guardrail(metric("latency", Direction.DECREASE, continuous(r, 200, 800, 800), continuous(r, 200, 800, 800)),
            GuardrailMargin.relative(0.05)));
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).matches("keep running: no goal better yet \\(need ~\\d+ more units per arm"
        + " for a 5% lift on helpfulness\\); latency not yet shown within \\+5% for treatment \\(200 units, bound .*\\)");
  }

  @Test
  void an_absolute_margin_on_a_binary_guardrail_tests_the_difference_in_points() {
    SplittableRandom r = new SplittableRandom(13);
    RatioStats c = binary(r, 20000, 0.020);
    RatioStats t = binary(r, 20000, 0.022);
    MetricInput errors = guardrail(MetricInput.of("errors", MetricKind.BINARY, Direction.DECREASE,
        Map.of("control", c, "treatment", t)), GuardrailMargin.absolute(0.01));
    MetricInput helpful = goal(metric("helpfulness", Direction.INCREASE, continuous(r, 20000, 3, 1),
        continuous(r, 20000, 3.1, 1)));
    Report report = build(AnalysisConfig.defaults(), 20000, helpful, errors);
    GuardrailResult g = report.guardrails().get(0);
    double diff = t.sumS() / t.units() - c.sumS() / c.units();
    assertThat(g.effect()).isCloseTo(diff, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(g.threshold()).isEqualTo(0.01);
    assertThat(g.status()).isEqualTo(GuardrailStatus.NON_INFERIOR);
    assertThat(report.decision().action()).isEqualTo(Action.SHIP);
  }

  @Test
  void a_guardrail_to_increase_is_breached_below_minus_its_margin() {
    SplittableRandom r = new SplittableRandom(15);
    MetricInput resolved = guardrail(metric("resolved", Direction.INCREASE, continuous(r, 5000, 10, 2),
        continuous(r, 5000, 8.5, 2)), GuardrailMargin.relative(0.05));
    MetricInput helpful = goal(metric("helpfulness", Direction.INCREASE, continuous(r, 5000, 3, 1),
        continuous(r, 5000, 3, 1)));
    Report report = build(AnalysisConfig.defaults(), 5000, helpful, resolved);
    GuardrailResult g = report.guardrails().get(0);
    assertThat(g.threshold()).isEqualTo(-0.05);
    assertThat(g.status()).isEqualTo(GuardrailStatus.BREACHED);
    assertThat(g.breachBound()).isLessThan(-0.05);
    assertThat(report.decision().action()).isEqualTo(Action.ROLLBACK);
    assertThat(report.decision().reason()).contains("bound -", "< margin -5%");
  }

  @Test
  void a_goal_regression_in_a_segment_holds_the_ship_back_and_secondary_findings_are_named() {
    SplittableRandom r = new SplittableRandom(41);
    List<SegmentCell> cells = new ArrayList<>();
    for (String s : List.of("chat", "search")) {
      cells.add(SegmentCell.of("task_type", s, Map.of("control", continuous(r, 1800, 3.0, 1.0),
          "treatment", continuous(r, 1800, 3.3, 1.0))));
    }
    cells.add(SegmentCell.of("task_type", "code", Map.of("control", continuous(r, 400, 3.0, 1.0),
        "treatment", continuous(r, 400, 2.5, 1.0))));
    RatioStats c = RatioStats.empty();
    RatioStats t = RatioStats.empty();
    for (SegmentCell cell : cells) {
      c = c.plus(cell.byVariant().get("control"));
      t = t.plus(cell.byVariant().get("treatment"));
    }
    MetricInput helpful = new MetricInput("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE,
        Map.of("control", c, "treatment", t), cells).withRole(Role.GOAL, null);
    MetricInput ttfb = metric("ttfb", Direction.DECREASE, continuous(r, 4000, 300, 30), continuous(r, 4000, 330, 30))
        .withRole(Role.SECONDARY, null);
    MetricInput latency = guardrail(metric("latency", Direction.DECREASE, continuous(r, 4000, 800, 100),
        continuous(r, 4000, 800, 100)), GuardrailMargin.relative(0.1));
    Report report = build(AnalysisConfig.defaults(), 4000, helpful, latency, ttfb);
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).isEqualTo("ship with caution: treatment better on helpfulness, every"
        + " guardrail within its margin (latency) but worse on task_type=code (helpfulness); review before shipping;"
        + " also treatment (secondary, not decisive) worse on ttfb");
  }

  @Test
  void sequential_mode_uses_the_always_valid_bounds_which_are_wider() {
    SplittableRandom r = new SplittableRandom(17);
    RatioStats c = continuous(r, 2000, 800, 200);
    RatioStats t = continuous(r, 2000, 830, 200);
    MetricInput latency = guardrail(metric("latency", Direction.DECREASE, c, t), GuardrailMargin.relative(0.1));
    MetricInput helpful = goal(metric("helpfulness", Direction.INCREASE, continuous(r, 2000, 3, 1),
        continuous(r, 2000, 3, 1)));
    GuardrailResult fixed = build(AnalysisConfig.defaults(), 2000, helpful, latency).guardrails().get(0);
    GuardrailResult seq = build(AnalysisConfig.defaults().withMode(Mode.SEQUENTIAL), 2000, helpful, latency)
        .guardrails().get(0);
    assertThat(seq.alwaysValid()).isTrue();
    assertThat(seq.effect()).isEqualTo(fixed.effect());
    assertThat(seq.safeBound()).isGreaterThan(fixed.safeBound());
    assertThat(seq.breachBound()).isLessThan(fixed.breachBound());
  }
}
