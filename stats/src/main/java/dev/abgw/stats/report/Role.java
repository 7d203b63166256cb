package dev.abgw.stats.report;

/**
 * A metric's part in the decision when the experiment declares roles (see
 * {@link DecisionRule}). A metric without a role (null) belongs to an experiment without roles,
 * where every listed metric decides.
 */
public enum Role {
  /** Decides shipping with a two-sided test. */
  GOAL,
  /** Must be shown non-inferior at its margin to ship; a breach beyond it rolls back. */
  GUARDRAIL,
  /** Reported, corrected in its own family, never decisive. */
  SECONDARY
}
