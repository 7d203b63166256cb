package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Reads and checks a metric's {@code role}, {@code margin} and {@code quantile}, and the rules
 * across metrics: once one metric has a role every metric needs one, and at least one is a goal.
 */
final class RoleParser {

  private RoleParser() {}

  /** What one metric declared; every field may be null. */
  record Declared(MetricRole role, Margin margin) {}

  static Declared role(ObjectReader r) {
    MetricRole role = r.choice("role", MetricRole.class, false, null);
    Margin margin = null;
    if (role == MetricRole.GUARDRAIL) {
      margin = margin(r.object("margin", true));
    } else if (role != null) {
      r.forbid("margin", "only allowed for role guardrail (role is " + role.json() + ")");
    } else {
      r.forbid("margin", "only allowed with \"role\": \"guardrail\" (no role given)");
    }
    // Tail quantiles are estimated from request-level histograms; their intervals are not valid
    // when units send several requests, so a quantile may not decide anything (see README).
    r.forbid("quantile", "not supported: tail quantiles are computed per request, not per unit, so their"
        + " intervals are not valid for a decision; use a mean guardrail (remove quantile)");
    return new Declared(role, margin);
  }

  private static Margin margin(ObjectReader m) {
    if (m == null) {
      return null;
    }
    int before = m.problems().count();
    Double relative = m.number("relative", false);
    Double absolute = m.number("absolute", false);
    m.rejectUnknown();
    if (m.problems().count() != before) {
      return null;
    }
    if ((relative == null) == (absolute == null)) {
      m.problems().add(m.pointer(), "must have exactly one of relative (e.g. 0.1 for +10%) or absolute (in the"
          + " metric's unit) (was " + (relative == null ? "neither" : "both") + ")");
      return null;
    }
    String field = relative != null ? "relative" : "absolute";
    double value = relative != null ? relative : absolute;
    if (!(value > 0)) {
      m.problems().add(m.at(field), "must be > 0: the worsening still acceptable, in the metric's bad"
          + " direction (was " + JsonValues.describe(m.raw(field)) + ")");
      return null;
    }
    return new Margin(relative != null, value);
  }

  /** The cross-metric rules; {@code items} are the raw metric objects, {@code pointer} is {@code /metrics}. */
  static void checkAcross(List<JsonNode> items, String pointer, Problems problems) {
    boolean anyRole = items.stream().anyMatch(m -> m.has("role"));
    if (!anyRole) {
      return;
    }
    boolean goal = false;
    for (int i = 0; i < items.size(); i++) {
      JsonNode role = items.get(i).get("role");
      if (role == null) {
        problems.add(JsonPointers.child(JsonPointers.index(pointer, i), "role"),
            "is required once any metric has a role (use goal, guardrail or secondary)");
      } else if (role.isTextual() && role.textValue().equals(MetricRole.GOAL.json())) {
        goal = true;
      }
    }
    if (!goal) {
      problems.add(pointer, "must have at least one metric with \"role\": \"goal\" when roles are used"
          + " (goals decide shipping)");
    }
  }
}
