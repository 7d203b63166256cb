package dev.abgw.stats.report;

/**
 * The recommendation: an action, the variant it concerns (null when none), a sentence
 * explaining it, e.g. {@code "rollback: treatment worse on latency"}, and which rule made it.
 */
public record Decision(Action action, String variant, String reason, Rule rule) {

  /** Which rule decided: from metric roles ({@link RoleDecisionRule}) or every metric alike ({@link DecisionRule}). */
  public enum Rule {
    ROLES("roles"), ALL_METRICS("all-metrics");

    private final String json;

    Rule(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  public Decision {
    if (action == null || reason == null || reason.isBlank() || rule == null) {
      throw new IllegalArgumentException("decision needs an action, a reason and a rule (was "
          + action + ", " + reason + ", " + rule + ")");
    }
  }

  /** A decision of the rule for experiments without roles. */
  public Decision(Action action, String variant, String reason) {
    this(action, variant, reason, Rule.ALL_METRICS);
  }
}
