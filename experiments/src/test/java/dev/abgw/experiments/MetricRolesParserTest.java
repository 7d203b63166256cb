package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricRolesParserTest {

  private static final String HEAD = """
      {"id": "roles", "route": {"pathPrefix": "/v1"}, "unit": {"source": "header", "name": "X-User"},
       "variants": [{"name": "a", "upstream": "http://a.example", "weight": 1},
                    {"name": "b", "upstream": "http://b.example", "weight": 1}],
       "control": "a", "metrics": [%s]}
      """;

  private static ParseResult parse(String metrics) {
    return ExperimentParser.parse(HEAD.formatted(metrics));
  }

  private static List<String> errors(String metrics) {
    ParseResult r = parse(metrics);
    assertThat(r).as("expected errors").isInstanceOf(ParseResult.Invalid.class);
    return ((ParseResult.Invalid) r).errors().stream().map(ValidationError::message).toList();
  }

  @Test
  void reads_goal_guardrails_with_relative_and_absolute_margins_and_secondary() {
    ParseResult r = parse("""
        {"name": "helpful", "type": "continuous", "direction": "increase", "role": "goal"},
        {"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs",
         "role": "guardrail", "margin": {"relative": 0.1}},
        {"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error",
         "role": "guardrail", "margin": {"absolute": 0.005}},
        {"name": "ttfb", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "ttfbMs",
         "role": "secondary"}
        """);
    Experiment e = ((ParseResult.Valid) r).experiment();
    assertThat(e.metrics()).extracting(MetricSpec::role)
        .containsExactly(MetricRole.GOAL, MetricRole.GUARDRAIL, MetricRole.GUARDRAIL, MetricRole.SECONDARY);
    assertThat(e.metric("latency").orElseThrow().margin()).isEqualTo(Margin.relative(0.1));
    assertThat(e.metric("errors").orElseThrow().margin()).isEqualTo(Margin.absolute(0.005));
    assertThat(e.metric("helpful").orElseThrow().margin()).isNull();
  }

  @Test
  void without_roles_every_metric_has_none() {
    Experiment e = ((ParseResult.Valid) parse("""
        {"name": "ok", "type": "binary", "direction": "increase"}
        """)).experiment();
    assertThat(e.metrics().get(0).role()).isNull();
  }

  @Test
  void roles_and_margins_survive_a_round_trip_through_canonical_json() {
    Experiment e = ((ParseResult.Valid) parse("""
        {"name": "helpful", "type": "continuous", "direction": "increase", "role": "goal"},
        {"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs",
         "role": "guardrail", "margin": {"relative": 0.1}}
        """)).experiment();
    Experiment again = ((ParseResult.Valid) ExperimentParser.parse(ExperimentJson.toNode(e))).experiment();
    assertThat(again).isEqualTo(e);
  }

  @Test
  void a_guardrail_needs_a_margin_and_only_a_guardrail_may_have_one() {
    assertThat(errors("""
        {"name": "helpful", "type": "continuous", "direction": "increase", "role": "goal", "margin": {"relative": 0.1}},
        {"name": "latency", "type": "continuous", "direction": "decrease", "role": "guardrail"},
        {"name": "cost", "type": "continuous", "direction": "decrease", "margin": {"relative": 0.1}, "role": "secondary"}
        """)).containsExactly(
            "/metrics/0/margin is only allowed for role guardrail (role is goal)",
            "/metrics/1/margin is required",
            "/metrics/2/margin is only allowed for role guardrail (role is secondary)");
  }

  @Test
  void a_margin_has_exactly_one_positive_kind() {
    assertThat(errors("""
        {"name": "helpful", "type": "continuous", "direction": "increase", "role": "goal"},
        {"name": "l1", "type": "continuous", "direction": "decrease", "role": "guardrail", "margin": {}},
        {"name": "l2", "type": "continuous", "direction": "decrease", "role": "guardrail",
         "margin": {"relative": 0.1, "absolute": 3}},
        {"name": "l3", "type": "continuous", "direction": "decrease", "role": "guardrail", "margin": {"relative": -0.1}},
        {"name": "l4", "type": "continuous", "direction": "decrease", "role": "guardrail", "margin": {"percent": 10}},
        {"name": "l5", "type": "continuous", "direction": "decrease", "role": "guardrail", "margin": 0.1}
        """)).containsExactly(
            "/metrics/1/margin must have exactly one of relative (e.g. 0.1 for +10%) or absolute (in the metric's unit) (was neither)",
            "/metrics/2/margin must have exactly one of relative (e.g. 0.1 for +10%) or absolute (in the metric's unit) (was both)",
            "/metrics/3/margin/relative must be > 0: the worsening still acceptable, in the metric's bad direction (was -0.1)",
            "/metrics/4/margin/percent is not a known field (known: relative, absolute)",
            "/metrics/5/margin must be an object (was 0.1)");
  }

  @Test
  void once_one_metric_has_a_role_all_need_one_and_one_must_be_a_goal() {
    assertThat(errors("""
        {"name": "latency", "type": "continuous", "direction": "decrease", "role": "guardrail", "margin": {"relative": 0.1}},
        {"name": "ok", "type": "binary", "direction": "increase"}
        """)).containsExactly(
            "/metrics/1/role is required once any metric has a role (use goal, guardrail or secondary)",
            "/metrics must have at least one metric with \"role\": \"goal\" when roles are used (goals decide shipping)");
  }

  @Test
  void an_unknown_role_and_a_quantile_guardrail_are_refused_with_the_reason() {
    assertThat(errors("""
        {"name": "helpful", "type": "continuous", "direction": "increase", "role": "primary"},
        {"name": "g", "type": "continuous", "direction": "increase", "role": "goal"},
        {"name": "p95", "type": "continuous", "direction": "decrease", "role": "guardrail",
         "margin": {"relative": 0.1}, "quantile": 0.95}
        """)).containsExactly(
            "/metrics/0/role must be one of goal, guardrail, secondary (was \"primary\")",
            "/metrics/2/quantile is not supported: tail quantiles are computed per request, not per unit, so their"
                + " intervals are not valid for a decision; use a mean guardrail (remove quantile)");
  }
}
